//! `readiness notify --dry-run` on the sample database: who would get which reminder.

mod common;

fn run(db: &str, args: &[&str]) -> (bool, String, String) {
    let out = common::cli(db, args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The recipients of a run's output, in order.
fn recipients(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("To: "))
        .collect()
}

#[tokio::test]
async fn a_run_tells_each_person_what_their_role_needs() {
    // A database of the suite's backend (PostgreSQL in CI's second run).
    let store = common::StoreDb::new().await;
    let db = store.url.clone();
    let sample = common::sample_dir();
    let (ok, _, err) = run(&db, &["sample", "load", sample.to_str().unwrap()]);
    assert!(ok, "{err}");
    let base = [
        "notify",
        "--dry-run",
        "--as-of",
        "2026-12-01",
        "--public-url",
        "https://r.example.se",
    ];

    // A daily run: the unit lead only (the working group's digest is weekly, leadership none).
    let (ok, out, err) = run(&db, &base);
    assert!(ok, "{err}");
    assert_eq!(recipients(&out), ["enhet@exempel.se"], "{out}");
    assert!(out.contains("Subject: readiness: "), "{out}");
    assert!(out.contains("att göra för dina enheter"), "{out}");
    // Every item links to its unit; the lead's units are E001 and E002 in the sample.
    assert!(out.contains("https://r.example.se/enhet/E00"), "{out}");
    assert!(
        !out.contains("/enhet/E003"),
        "another unit's item reached the lead:\n{out}"
    );
    assert!(err.contains("1 meddelanden"), "{err}");

    // The digest run adds the working group and the administrator.
    let with_digest: Vec<&str> = base.iter().copied().chain(["--digest"]).collect();
    let (ok, out, _) = run(&db, &with_digest);
    assert!(ok);
    let mut to = recipients(&out);
    to.sort();
    assert_eq!(
        to,
        [
            "admin@exempel.se",
            "arbetsgrupp@exempel.se",
            "enhet@exempel.se"
        ],
        "{out}"
    );
    assert!(
        out.contains("Subject: readiness: veckans sammanfattning (2026-12-01)"),
        "{out}"
    );
    // The digest escalates lights whose time to act ran out.
    assert!(out.contains("Tiden att agera har gått ut"), "{out}");

    // A disabled user hears nothing.
    let (ok, _, err) = run(&db, &["user", "disable", "--email", "enhet@exempel.se"]);
    assert!(ok, "{err}");
    let (ok, out, _) = run(&db, &base);
    assert!(ok);
    assert!(recipients(&out).is_empty(), "{out}");

    // Without --dry-run it sends, so it needs a mail server: a clear refusal, nothing claimed.
    let out = common::cli(&db, &["notify"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("READINESS_SMTP_URL"), "{err}");
    let out = common::cli(&db, &["notify", "--smtp-url", "smtp://127.0.0.1:1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("READINESS_MAIL_FROM"));
    // A date that is not one is refused.
    let out = common::cli(&db, &["notify", "--dry-run", "--as-of", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2));

    // The sample's addresses are invented: with a mail server configured it still sends nothing
    // unless told to (a test server).
    let smtp = [
        "notify",
        "--smtp-url",
        "smtp://127.0.0.1:1",
        "--mail-from",
        "readiness@exempel.se",
        "--as-of",
        "2026-12-01",
        "--digest",
    ];
    let out = common::cli(&db, &smtp);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--mail-sample"));
    // Told to, with a server that does not answer: each message fails on its own (exit 1), and
    // its claim is given back, so the next run tries both again instead of counting them sent.
    let with_sample: Vec<&str> = smtp.iter().copied().chain(["--mail-sample"]).collect();
    for _ in 0..2 {
        let out = common::cli(&db, &with_sample);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("0 skickade, 0 redan skickade tidigare, 2 misslyckades."),
            "{err}"
        );
    }
}

/// `/konto`'s e-mail choices: each person sets their own, through the real server functions.
#[tokio::test]
async fn each_person_chooses_their_own_e_mail() {
    use axum::http::{Method, StatusCode};
    use readiness_rules::{Lang, Role};
    use readiness_store::notifications;

    let db = common::TestDb::new().await;
    db.import_dir(&common::fixture("base")).await;
    db.add_user("lead@exempel.se", Role::Enhetsansvarig, &["E1"])
        .await;
    db.add_user("wg@exempel.se", Role::Arbetsgrupp, &[]).await;
    let lead = db
        .sign_in("lead@exempel.se", common::PASSWORD)
        .await
        .unwrap();
    let pool = db.pool.clone();
    let id_of = |email: &'static str| {
        let pool = pool.clone();
        async move {
            readiness_store::accounts::user_by_email(&pool, email)
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    let lead_id = id_of("lead@exempel.se").await;
    let wg_id = id_of("wg@exempel.se").await;

    // No reminders, in English; the digest field (kept by the form for the other role) stays on.
    // The form also names another person (a forged field): choices are only ever the caller's.
    let reply = db
        .send(
            Method::POST,
            "/api/spara_e_postval",
            Some(&lead),
            Some(&format!(
                "lang=en&digest=on&user_id={wg_id}&email=wg%40exempel.se"
            )),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let chosen = notifications::preferences(&db.pool, lead_id).await.unwrap();
    assert_eq!(
        (chosen.lang, chosen.reminders, chosen.digest),
        (Lang::En, false, true)
    );
    // Nobody else's choices changed.
    assert_eq!(
        notifications::preferences(&db.pool, wg_id).await.unwrap(),
        notifications::MailPreferences::default()
    );
    // The page reads them back.
    let reply = db
        .send(Method::POST, "/api/e_postval", Some(&lead), Some(""))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("\"reminders\":false"), "{}", reply.body);

    // An unknown language changes nothing; without a session nothing runs.
    let reply = db
        .send(
            Method::POST,
            "/api/spara_e_postval",
            Some(&lead),
            Some("lang=xx&reminders=on"),
        )
        .await;
    assert!(reply.body.contains("Refused"), "{}", reply.body);
    assert_eq!(
        notifications::preferences(&db.pool, lead_id).await.unwrap(),
        chosen
    );
    let reply = db
        .send(
            Method::POST,
            "/api/spara_e_postval",
            None,
            Some("lang=sv&reminders=on"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}
