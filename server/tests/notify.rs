//! `readiness notify --dry-run` on the sample database: who would get which reminder.

mod common;

fn run(db: &std::path::Path, args: &[&str]) -> (bool, String, String) {
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

#[test]
fn a_run_tells_each_person_what_their_role_needs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notify.db");
    let sample = common::sample_dir();
    let (ok, _, err) = run(&db, &["sample", "load", sample.to_str().unwrap()]);
    assert!(ok, "{err}");
    let base = [
        "notify",
        "--dry-run",
        "--as-of",
        "2026-12-01",
        "--base-url",
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

    // A disabled user hears nothing.
    let (ok, _, err) = run(&db, &["user", "disable", "--email", "enhet@exempel.se"]);
    assert!(ok, "{err}");
    let (ok, out, _) = run(&db, &base);
    assert!(ok);
    assert!(recipients(&out).is_empty(), "{out}");

    // Without --dry-run nothing runs (sending is not built): a usage error, not a silent no-op.
    let (ok, _, err) = run(&db, &["notify"]);
    assert!(!ok);
    assert!(err.contains("--dry-run"), "{err}");
    // A date that is not one is refused.
    let out = common::cli(&db, &["notify", "--dry-run", "--as-of", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2));
}
