//! Sign-in, sessions, tokens and the authorization matrix, over HTTP against the real router and
//! a real SQLite file.

mod common;

use axum::http::{Method, StatusCode};
use common::{PASSWORD, TestDb, encode, fixture};
use readiness_rules::Role;

const ADMIN: &str = "admin@exempel.se";
const GROUP: &str = "arbetsgrupp@exempel.se";
const LEAD: &str = "enhet@exempel.se";
const READER: &str = "ledning@exempel.se";

async fn db_with_users() -> TestDb {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    db.add_user(ADMIN, Role::Admin, &[]).await;
    db.add_user(GROUP, Role::Arbetsgrupp, &[]).await;
    db.add_user(LEAD, Role::Enhetsansvarig, &["E1"]).await;
    db.add_user(READER, Role::Lasare, &[]).await;
    db
}

/// The working group's verdict on a value, over HTTP.
async fn review(
    db: &TestDb,
    cookie: &str,
    value_id: i64,
    decision: &str,
    comment: &str,
) -> common::Reply {
    let form = format!(
        "value_id={value_id}&decision={decision}&comment={}",
        encode(comment)
    );
    db.send(Method::POST, "/api/granska", Some(cookie), Some(&form))
        .await
}

async fn newest_value(db: &TestDb, unit: &str, criterion: &str) -> i64 {
    readiness_store::reports::latest_value(&db.pool, unit, criterion)
        .await
        .unwrap()
        .map(|v| v.id)
        .unwrap_or(0)
}

fn report_form(unit: &str, value: &str, based_on: i64) -> String {
    report_form_for(unit, "F01", value, based_on)
}

fn report_form_for(unit: &str, criterion: &str, value: &str, based_on: i64) -> String {
    format!(
        "unit={unit}&criterion={criterion}&measured=2026-11-20&value={}&comment={}&evidence=&based_on={based_on}",
        encode(value),
        encode("<script>alert(1)</script> rapporterat i webben")
    )
}

fn plan_form(unit: &str) -> String {
    format!(
        "unit={unit}&criterion=F01&action={}&owner=Åsa&due=2026-11-30&status=pagar&based_on=0",
        encode("Rekrytera doktorand")
    )
}

#[tokio::test]
async fn pages_and_api_need_sign_in_and_health_does_not() {
    let db = db_with_users().await;
    let reply = db
        .send(Method::GET, "/matris?utvardering=USV2026", None, None)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reply.location(),
        "/logga-in?tillbaka=/matris%3Futvardering%3DUSV2026"
    );
    for uri in [
        "/api/v1/evaluations/USV2026/units",
        "/api/v1/evaluations/USV2026/forecast",
        "/api/v1/units/E1",
    ] {
        assert_eq!(
            db.send(Method::GET, uri, None, None).await.status,
            StatusCode::UNAUTHORIZED,
            "{uri}"
        );
    }
    assert_eq!(
        db.send(Method::GET, "/health", None, None).await.status,
        StatusCode::OK
    );
    let login = db.send(Method::GET, "/logga-in", None, None).await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(login.body.contains("name=\"password\""));
    // No demo accounts outside the sample database.
    assert!(!login.body.contains("Demokonton"));
    // Every footer links the accessibility statement, which anyone may read.
    assert!(login.body.contains("href=\"/tillganglighet\""));
    let statement = db.send(Method::GET, "/tillganglighet", None, None).await;
    assert_eq!(statement.status, StatusCode::OK);
    assert!(
        statement
            .body
            .contains("<h1>Tillgänglighetsredogörelse</h1>")
    );
}

#[tokio::test]
async fn the_accessibility_statement_names_the_contact_in_the_readers_language() {
    let db = TestDb::new().await;
    db.set_contact_email("tillganglighet@region.example");
    let (status, sv) = db.get("/tillganglighet").await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "delvis förenlig",
        "WCAG 2.1",
        "axe-core",
        "Kända brister",
        "href=\"mailto:tillganglighet@region.example\"",
        "Digg",
        "2026-12-03",
    ] {
        assert!(sv.contains(expected), "{expected}: {sv}");
    }
    let (_, en) = db.get_with("/tillganglighet", Some("lang=en")).await;
    for expected in [
        "<h1>Accessibility statement</h1>",
        "partially compliant",
        "Known shortcomings",
        "mailto:tillganglighet@region.example",
    ] {
        assert!(en.contains(expected), "{expected}: {en}");
    }
    assert!(!en.contains("Kända brister"));
    // Without a configured address it says whom to ask and which setting names one.
    let bare = TestDb::new().await;
    let (_, body) = bare.get("/tillganglighet").await;
    assert!(
        body.contains("READINESS_CONTACT_EMAIL") && !body.contains("mailto:"),
        "{body}"
    );
}

#[tokio::test]
async fn wrong_passwords_say_the_same_and_are_rate_limited() {
    let db = db_with_users().await;
    let wrong = db.sign_in(LEAD, "fel-lösenord-123").await.unwrap_err();
    let unknown = db
        .sign_in("finns.inte@exempel.se", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(wrong, "/logga-in?fel=fel&tillbaka=/");
    assert_eq!(unknown, wrong, "no user enumeration");
    for _ in 0..4 {
        db.sign_in(LEAD, "fel-lösenord-123").await.unwrap_err();
    }
    assert_eq!(
        db.sign_in(LEAD, PASSWORD).await.unwrap_err(),
        "/logga-in?fel=sparrad&minuter=1&tillbaka=/",
        "locked after 5 failures, for a minute at first"
    );
    assert!(
        db.sign_in(GROUP, PASSWORD).await.is_ok(),
        "other accounts are not affected"
    );
}

#[tokio::test]
async fn password_change_and_disabling_end_every_session_and_log_out_ends_one() {
    let db = db_with_users().await;
    let first = db.sign_in(LEAD, PASSWORD).await.unwrap();
    let second = db.sign_in(LEAD, PASSWORD).await.unwrap();
    assert_ne!(first, second, "a fresh session id at every sign-in");
    assert_eq!(
        db.send(Method::GET, "/", Some(&first), None).await.status,
        StatusCode::OK
    );

    let out = db
        .send(Method::POST, "/auth/logga-ut", Some(&first), Some(""))
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        db.send(Method::GET, "/", Some(&first), None).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        db.send(Method::GET, "/", Some(&second), None).await.status,
        StatusCode::OK
    );

    readiness_store::accounts::set_password(&db.pool, LEAD, "ett-helt-nytt-lösenord")
        .await
        .unwrap();
    assert_eq!(
        db.send(Method::GET, "/", Some(&second), None).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(db.sign_in(LEAD, PASSWORD).await.is_err());
    let third = db.sign_in(LEAD, "ett-helt-nytt-lösenord").await.unwrap();

    readiness_store::accounts::set_disabled(&db.pool, LEAD, true)
        .await
        .unwrap();
    assert_eq!(
        db.send(Method::GET, "/", Some(&third), None).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(db.sign_in(LEAD, "ett-helt-nytt-lösenord").await.is_err());
}

#[tokio::test]
async fn users_change_their_own_password_and_stay_signed_in_only_here() {
    let db = db_with_users().await;
    let here = db.sign_in(READER, PASSWORD).await.unwrap();
    let elsewhere = db.sign_in(READER, PASSWORD).await.unwrap();
    let wrong = db
        .send(
            Method::POST,
            "/api/byt_losenord",
            Some(&here),
            Some("current=fel-fel-fel-fel&new=nytt-lösen-123&repeat=nytt-lösen-123"),
        )
        .await;
    assert!(wrong.body.contains("Refused"), "{}", wrong.body);
    let form = format!(
        "current={}&new={}&repeat={}",
        encode(PASSWORD),
        encode("nytt-lösen-123"),
        encode("nytt-lösen-123")
    );
    let done = db
        .send(Method::POST, "/api/byt_losenord", Some(&here), Some(&form))
        .await;
    assert!(done.body.contains("Done"), "{}", done.body);
    assert_eq!(
        db.send(Method::GET, "/", Some(&here), None).await.status,
        StatusCode::OK,
        "this session goes on"
    );
    assert_eq!(
        db.send(Method::GET, "/", Some(&elsewhere), None)
            .await
            .status,
        StatusCode::SEE_OTHER,
        "others end"
    );
    assert!(db.sign_in(READER, "nytt-lösen-123").await.is_ok());
}

#[tokio::test]
async fn tokens_read_the_api_until_revoked_and_never_write() {
    let db = db_with_users().await;
    let token = readiness_store::accounts::create_token(&db.pool, READER, "test")
        .await
        .unwrap();
    let bearer = |t: &str| format!("Bearer {t}");
    let get = |auth: String| {
        let db = &db;
        async move {
            use tower::ServiceExt;
            let request = axum::http::Request::get("/api/v1/evaluations/USV2026/units")
                .header("host", "localhost")
                .header("authorization", auth)
                .body(axum::body::Body::empty())
                .unwrap();
            db.router().oneshot(request).await.unwrap().status()
        }
    };
    assert_eq!(get(bearer(&token)).await, StatusCode::OK);
    assert_eq!(get(bearer("rdy_fel")).await, StatusCode::UNAUTHORIZED);
    readiness_store::accounts::revoke_tokens(&db.pool, READER)
        .await
        .unwrap();
    assert_eq!(get(bearer(&token)).await, StatusCode::UNAUTHORIZED);
}

/// Every mutating server function, for every role, on the user's own unit and another unit, and
/// without a session: allowed, 403 or 401 exactly — and a refusal changes nothing.
#[tokio::test]
async fn authorization_matrix() {
    let db = db_with_users().await;
    let mut sessions = Vec::new();
    for email in [ADMIN, GROUP, LEAD, READER] {
        sessions.push((email, Some(db.sign_in(email, PASSWORD).await.unwrap())));
    }
    sessions.push(("(ingen session)", None));
    // A value to review, reported by the unit lead (a criterion the matrix does not touch).
    let lead = sessions[2].1.clone();
    let form = report_form_for("E1", "U01", "85", newest_value(&db, "E1", "U01").await);
    let reply = db
        .send(
            Method::POST,
            "/api/rapportera_varde",
            lead.as_deref(),
            Some(&form),
        )
        .await;
    assert!(reply.body.contains("Saved"), "{}", reply.body);
    let to_review = newest_value(&db, "E1", "U01").await;

    // (who, expected status for: report E1, report E2, plan E1, plan E2, review)
    let expected: [(&str, [u16; 5]); 5] = [
        (ADMIN, [200, 200, 200, 200, 200]),
        (GROUP, [200, 200, 200, 200, 200]),
        (LEAD, [200, 403, 200, 403, 403]),
        (READER, [403, 403, 403, 403, 403]),
        ("(ingen session)", [401, 401, 401, 401, 401]),
    ];
    for ((who, cookie), (expected_who, statuses)) in sessions.iter().zip(expected) {
        assert_eq!(*who, expected_who);
        for (i, expect) in statuses.into_iter().enumerate() {
            let (uri, form) = match i {
                0 => (
                    "/api/rapportera_varde",
                    report_form("E1", "3", newest_value(&db, "E1", "F01").await),
                ),
                1 => (
                    "/api/rapportera_varde",
                    report_form("E2", "3", newest_value(&db, "E2", "F01").await),
                ),
                2 => ("/api/spara_atgard", plan_form("E1")),
                3 => ("/api/spara_atgard", plan_form("E2")),
                _ => (
                    "/api/granska",
                    format!("value_id={to_review}&decision=verified&comment="),
                ),
            };
            let before = db.fingerprint().await;
            let reply = db
                .send(Method::POST, uri, cookie.as_deref(), Some(&form))
                .await;
            assert_eq!(
                reply.status.as_u16(),
                expect,
                "{who} {uri} {form}: {}",
                reply.body
            );
            let after = db.fingerprint().await;
            if expect == 200 {
                // Plans with the same action text conflict after the first save: that is an
                // answer too, and writes nothing.
                assert!(
                    reply.body.contains("Saved")
                        || reply.body.contains("Done")
                        || reply.body.contains("Conflict"),
                    "{who} {uri}: {}",
                    reply.body
                );
            } else {
                assert_eq!(before, after, "{who} {uri}: a refusal wrote something");
            }
        }
    }
    // Only an admin manages users.
    let expected_admin = [200, 403, 403, 403, 401];
    for (i, ((who, cookie), expect)) in sessions.iter().zip(expected_admin).enumerate() {
        let form = format!("email=ny{i}%40exempel.se&name=Ny&role=lasare&units=");
        let before = db.fingerprint().await;
        let reply = db
            .send(
                Method::POST,
                "/api/ny_anvandare",
                cookie.as_deref(),
                Some(&form),
            )
            .await;
        assert_eq!(
            reply.status.as_u16(),
            expect,
            "{who} ny_anvandare: {}",
            reply.body
        );
        let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(users, 5, "{who}: only the admin's new user exists");
        if expect != 200 {
            assert_eq!(before, db.fingerprint().await);
        }
        let reply = db
            .send(
                Method::POST,
                "/api/andra_anvandare",
                cookie.as_deref(),
                Some("email=ny0%40exempel.se&action=reset&confirmed=yes"),
            )
            .await;
        assert_eq!(
            reply.status.as_u16(),
            if i == 0 { 200 } else { expect },
            "{who} andra_anvandare"
        );
        let reply = db
            .send(Method::POST, "/api/anvandare", cookie.as_deref(), Some(""))
            .await;
        assert_eq!(reply.status.as_u16(), expect, "{who} anvandare");
    }
    // Cross-site posts are refused before anything runs, even with a valid session.
    let admin = sessions[0].1.clone();
    let form = report_form("E1", "4", newest_value(&db, "E1", "F01").await);
    let before = db.fingerprint().await;
    for origin in [None, Some("https://evil.example")] {
        let reply = db
            .send_with(
                Method::POST,
                "/api/rapportera_varde",
                admin.as_deref(),
                Some(&form),
                origin,
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "origin {origin:?}");
    }
    assert_eq!(before, db.fingerprint().await);
}

/// Two people save the same criterion from the same starting point: exactly one wins, the other
/// is shown the winner's change, and saving again on top of it works.
#[tokio::test]
async fn concurrent_saves_never_overwrite_silently() {
    let db = db_with_users().await;
    let lead = db.sign_in(LEAD, PASSWORD).await.unwrap();
    let group = db.sign_in(GROUP, PASSWORD).await.unwrap();
    let start = newest_value(&db, "E1", "F01").await;
    let (form_a, form_b) = (report_form("E1", "2", start), report_form("E1", "5", start));
    let (a, b) = tokio::join!(
        db.send(
            Method::POST,
            "/api/rapportera_varde",
            Some(&lead),
            Some(&form_a)
        ),
        db.send(
            Method::POST,
            "/api/rapportera_varde",
            Some(&group),
            Some(&form_b)
        ),
    );
    let outcomes = [&a.body, &b.body];
    assert_eq!(
        outcomes.iter().filter(|b| b.contains("Saved")).count(),
        1,
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes.iter().filter(|b| b.contains("Conflict")).count(),
        1,
        "{outcomes:?}"
    );
    let winner = newest_value(&db, "E1", "F01").await;
    assert_ne!(winner, start);
    let rows: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM unit_values WHERE id > $1 AND unit_id = (SELECT id FROM units WHERE code = 'E1') \
         AND criterion_id = (SELECT id FROM criteria WHERE code = 'F01')",
    )
    .bind(start)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(rows, 1, "one new version");
    // The loser saw the winner's version and decides to save on top of it.
    let loser = if a.body.contains("Conflict") {
        (&lead, "2")
    } else {
        (&group, "5")
    };
    let again = db
        .send(
            Method::POST,
            "/api/rapportera_varde",
            Some(loser.0),
            Some(&report_form("E1", loser.1, winner)),
        )
        .await;
    assert!(again.body.contains("Saved"), "{}", again.body);
    let (history, _) = readiness_store::reports::unit_history(&db.pool, "E1", usize::MAX)
        .await
        .unwrap();
    let web: Vec<_> = history
        .iter()
        .filter(|c| {
            c.kind == readiness_rules::ChangeKind::Value
                && c.criterion == "F01"
                && c.at > String::new()
                && !c.by.starts_with("import:")
        })
        .collect();
    assert_eq!(web.len(), 2, "both saves are in the history: {web:?}");
    assert!(
        web[0].before.is_some(),
        "the later one shows before → after"
    );
}

#[tokio::test]
async fn invalid_reports_are_answered_per_field_and_write_nothing() {
    let db = db_with_users().await;
    let lead = db.sign_in(LEAD, PASSWORD).await.unwrap();
    let before = db.fingerprint().await;
    let form =
        "unit=E1&criterion=U01&measured=31%2F12%2F2026&value=120&comment=&evidence=&based_on=0";
    let reply = db
        .send(
            Method::POST,
            "/api/rapportera_varde",
            Some(&lead),
            Some(form),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("Invalid"), "{}", reply.body);
    assert!(
        reply.body.contains("\"measured\"") && reply.body.contains("\"value\""),
        "{}",
        reply.body
    );
    assert_eq!(before, db.fingerprint().await);
    let unknown = db
        .send(
            Method::POST,
            "/api/rapportera_varde",
            Some(&lead),
            Some(
                "unit=E1&criterion=NOPE&measured=2026-11-01&value=1&comment=&evidence=&based_on=0",
            ),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.body);
}

#[tokio::test]
async fn a_report_changes_the_light_and_waits_for_review() {
    let db = db_with_users().await;
    let lead = db.sign_in(LEAD, PASSWORD).await.unwrap();
    // E1's V01 went stale on 2026-10-01: a fresh "Ja" makes it green again.
    let light = |body: String| common::criterion_light(&body, "V01");
    let unit = db
        .send(
            Method::GET,
            "/api/v1/units/E1?evaluation=USV2026",
            Some(&lead),
            None,
        )
        .await;
    assert_eq!(light(unit.body), "amber");
    let form = format!(
        "unit=E1&criterion=V01&measured=2026-11-20&value=Ja&comment=&evidence=&based_on={}",
        newest_value(&db, "E1", "V01").await
    );
    let reply = db
        .send(
            Method::POST,
            "/api/rapportera_varde",
            Some(&lead),
            Some(&form),
        )
        .await;
    assert!(reply.body.contains("Saved"), "{}", reply.body);
    let unit = db
        .send(
            Method::GET,
            "/api/v1/units/E1?evaluation=USV2026",
            Some(&lead),
            None,
        )
        .await;
    assert_eq!(light(unit.body), "green");
    // The unit page shows the new value as not yet verified, and the history names the change.
    let page = db
        .send(
            Method::GET,
            "/enhet/E1?utvardering=USV2026",
            Some(&lead),
            None,
        )
        .await;
    assert!(page.body.contains("ej granskat"));
    assert!(page.body.contains("Ändringshistorik"));

    // Leadership's "only verified values": the unverified report does not count yet.
    let verified_light = |db: &TestDb| {
        let pool = db.pool.clone();
        async move {
            let dataset = readiness_store::cache::load_dataset_filtered(&pool, "USV2026", true)
                .await
                .unwrap()
                .unwrap();
            let board = dataset
                .board(chrono::Local::now().date_naive())
                .await
                .unwrap();
            let u = dataset.units.iter().position(|u| u.code == "E1").unwrap();
            let c = dataset
                .criteria
                .iter()
                .position(|c| c.code == "V01")
                .unwrap();
            board.cells[u][c].light.code().to_string()
        }
    };
    assert_eq!(verified_light(&db).await, "amber");
    let matrix = db
        .send(
            Method::GET,
            "/matris?utvardering=USV2026",
            Some(&lead),
            None,
        )
        .await;
    assert_eq!(
        matrix.body.matches("review-mark-unverified").count(),
        1,
        "the matrix marks the unverified cell"
    );
    let overview = db
        .send(Method::GET, "/?granskade=1", Some(&lead), None)
        .await;
    assert!(
        overview
            .body
            .contains("Visar bara värden som arbetsgruppen granskat")
    );

    let group = db.sign_in(GROUP, PASSWORD).await.unwrap();
    let list = db.send(Method::GET, "/granska", Some(&group), None).await;
    assert!(list.body.contains("V01"), "the work list shows it");
    // "This week" on the working group's overview counts it, as the work list does.
    assert_eq!(
        readiness_store::reports::count_pending_reviews(&db.pool)
            .await
            .unwrap(),
        1
    );
    let overview = db.send(Method::GET, "/", Some(&group), None).await;
    assert!(
        overview
            .body
            .contains("1 rapporterat värde väntar på granskning"),
        "{}",
        overview.body
    );
    let value_id = newest_value(&db, "E1", "V01").await;
    let returned = review(&db, &group, value_id, "returned", "").await;
    assert!(returned.body.contains("CommentNeeded"), "{}", returned.body);
    let returned = review(&db, &group, value_id, "returned", "Bifoga protokollet").await;
    assert!(returned.body.contains("Done"), "{}", returned.body);
    assert_eq!(
        verified_light(&db).await,
        "amber",
        "returned is not verified"
    );
    let verified = review(&db, &group, value_id, "verified", "").await;
    assert!(verified.body.contains("Done"), "{}", verified.body);
    assert_eq!(verified_light(&db).await, "green");
    let list = db.send(Method::GET, "/granska", Some(&group), None).await;
    assert!(
        list.body.contains("Inget väntar på granskning"),
        "verified values leave the work list"
    );
    let overview = db.send(Method::GET, "/", Some(&group), None).await;
    assert!(
        overview
            .body
            .contains("0 rapporterade värden väntar på granskning")
    );
    // A second review of the same value is kept as history; the page shows the newest.
    let returned = review(&db, &group, value_id, "returned", "Bifoga protokollet").await;
    assert!(returned.body.contains("Done"), "{}", returned.body);
    let page = db
        .send(
            Method::GET,
            "/enhet/E1?utvardering=USV2026",
            Some(&lead),
            None,
        )
        .await;
    assert!(page.body.contains("återsänt: Bifoga protokollet"));
    // The lead's page never offers review; the reader's page never offers editing.
    let reader = db.sign_in(READER, PASSWORD).await.unwrap();
    let page = db
        .send(
            Method::GET,
            "/enhet/E1?utvardering=USV2026",
            Some(&reader),
            None,
        )
        .await;
    assert!(!page.body.contains("Spara värde"));
    assert!(!page.body.contains("Rapportera / ändra"));
    let page = db
        .send(
            Method::GET,
            "/enhet/E2?utvardering=USV2026",
            Some(&lead),
            None,
        )
        .await;
    assert!(!page.body.contains("Spara värde"), "not the lead's unit");
    assert!(
        !page.body.contains("Rapportera / ändra"),
        "not the lead's unit"
    );
    let page = db
        .send(
            Method::GET,
            "/enhet/E1?utvardering=USV2026",
            Some(&lead),
            None,
        )
        .await;
    // The forms are written when a section is opened, or when the address asks for them.
    assert!(page.body.contains("Rapportera / ändra"));
    assert!(page.body.contains("rapportera=U01#U01"));
    let page = db
        .send(
            Method::GET,
            "/enhet/E1?utvardering=USV2026&rapportera=U01",
            Some(&lead),
            None,
        )
        .await;
    assert!(page.body.contains("Spara värde"));
}

/// The first admin of a real database is made on the command line; the password it prints works.
#[tokio::test]
async fn cli_manages_users_and_tokens() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let path = db.url.clone();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_readiness"))
            .arg("--database")
            .arg(&path)
            .args(args)
            .output()
            .unwrap()
    };
    let added = run(&[
        "user",
        "add",
        "--email",
        "Första.Admin@Exempel.se",
        "--role",
        "admin",
        "--name",
        "Första",
    ]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let stdout = String::from_utf8_lossy(&added.stdout).to_string();
    let password = stdout
        .lines()
        .find_map(|l| {
            l.split_once(": ")
                .filter(|(k, _)| k.contains("Engångslösenord"))
                .map(|(_, p)| p.trim().to_string())
        })
        .unwrap();
    assert!(
        db.sign_in("första.admin@exempel.se", &password)
            .await
            .is_ok()
    );

    assert_eq!(
        run(&[
            "user",
            "add",
            "--email",
            "x@exempel.se",
            "--role",
            "superuser"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        run(&[
            "user",
            "add",
            "--email",
            "lead@exempel.se",
            "--role",
            "enhetsansvarig"
        ])
        .status
        .code(),
        Some(2),
        "a lead needs a unit"
    );
    assert_eq!(
        run(&[
            "user",
            "add",
            "--email",
            "lead@exempel.se",
            "--role",
            "enhetsansvarig",
            "--unit",
            "NOPE"
        ])
        .status
        .code(),
        Some(2)
    );
    assert!(
        run(&[
            "user",
            "add",
            "--email",
            "lead@exempel.se",
            "--role",
            "enhetsansvarig",
            "--unit",
            "E1",
            "--unit",
            "E2"
        ])
        .status
        .success()
    );
    let list = String::from_utf8_lossy(&run(&["user", "list"]).stdout).to_string();
    assert!(
        list.contains("lead@exempel.se\tenhetsansvarig\tE1,E2\taktiv"),
        "{list}"
    );
    assert!(
        run(&["user", "disable", "--email", "lead@exempel.se"])
            .status
            .success()
    );
    assert!(
        String::from_utf8_lossy(&run(&["user", "list"]).stdout)
            .contains("lead@exempel.se\tenhetsansvarig\tE1,E2\tavstängd")
    );

    let token = String::from_utf8_lossy(
        &run(&["token", "create", "--email", "första.admin@exempel.se"]).stdout,
    )
    .trim()
    .to_string();
    assert!(token.starts_with("rdy_"));
    assert!(
        readiness_store::accounts::user_for_token(&db.pool, &token)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        run(&["token", "revoke", "--email", "första.admin@exempel.se"])
            .status
            .success()
    );
    assert!(
        readiness_store::accounts::user_for_token(&db.pool, &token)
            .await
            .unwrap()
            .is_none()
    );
}

/// Demo accounts have published passwords: a database where someone already has an account is a
/// real one, and sample data (with its demo accounts) is refused there.
#[tokio::test]
async fn sample_data_never_goes_into_a_database_with_accounts() {
    let db = TestDb::new().await;
    db.add_user(ADMIN, Role::Admin, &[]).await;
    let loaded = std::process::Command::new(env!("CARGO_BIN_EXE_readiness"))
        .arg("--database")
        .arg(&db.url)
        .args(["sample", "load", common::sample_dir().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        loaded.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(users, 1, "no demo accounts");
    assert!(!readiness_store::queries::is_sample(&db.pool).await.unwrap());
}
