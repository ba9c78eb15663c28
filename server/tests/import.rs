//! The import pipeline against a real SQLite file: good files load, re-imports change nothing,
//! and every malformed file is rejected with its places and nothing written.

mod common;

use common::{TestDb, fixture, sample_dir};
use readiness_store::import::{ImportError, ImportKind};

#[tokio::test]
async fn sample_data_imports_and_reimport_changes_nothing() {
    let db = TestDb::new().await;
    let first = db.import_dir(&sample_dir()).await;
    for s in &first {
        assert!(s.rows > 0, "{}: no rows", s.file);
        assert_eq!(s.added, s.rows, "{}: first import adds every row", s.file);
    }
    let units = &first[2];
    assert_eq!(units.rows, 72, "the sample has 72 units");
    let before = db.fingerprint().await;
    let second = db.import_dir(&sample_dir()).await;
    for s in &second {
        assert_eq!(
            (s.added, s.changed, s.unchanged),
            (0, 0, s.rows),
            "{}: re-import",
            s.file
        );
    }
    assert_eq!(before, db.fingerprint().await, "re-import wrote something");
}

#[tokio::test]
async fn changed_value_is_appended_not_overwritten() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let changed = b"enhet;kriterium;varde;datum\nE2;F01;1;2026-09-30\n";
    let summary =
        readiness_store::import::import(&db.pool, ImportKind::Values, "fix.csv", changed, false)
            .await
            .unwrap();
    assert_eq!(
        (summary.added, summary.changed, summary.unchanged),
        (0, 1, 0)
    );
    let versions: Vec<String> = sqlx::query_scalar(
        "SELECT v.value FROM unit_values v JOIN units u ON u.id = v.unit_id JOIN criteria c ON c.id = v.criterion_id \
         WHERE u.code = 'E2' AND c.code = 'F01' ORDER BY v.id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(versions, vec!["0", "1"], "the old report stays as history");
}

#[tokio::test]
async fn dry_run_writes_nothing() {
    let db = TestDb::new().await;
    let bytes = std::fs::read(fixture("base/evaluations.csv")).unwrap();
    let summary =
        readiness_store::import::import(&db.pool, ImportKind::Evaluations, "e.csv", &bytes, true)
            .await
            .unwrap();
    assert_eq!(summary.added, 1);
    assert!(readiness_store::queries::is_empty(&db.pool).await.unwrap());
}

/// `(row, column)` of every reported problem.
async fn rejected_places(db: &TestDb, kind: ImportKind, file: &str) -> Vec<(usize, String)> {
    let before = db.fingerprint().await;
    let result = db.import_file(kind, &fixture(file)).await;
    assert_eq!(
        before,
        db.fingerprint().await,
        "{file}: a rejected file wrote something"
    );
    match result {
        Err(ImportError::Invalid(issues)) => {
            for i in &issues {
                let line = i.to_string();
                assert!(
                    line.starts_with(&format!("{}:{}:{}: ", i.file, i.row, i.column)),
                    "{line}"
                );
                assert!(!i.message.is_empty());
            }
            issues.into_iter().map(|i| (i.row, i.column)).collect()
        }
        other => panic!("{file}: expected rejection, got {other:?}"),
    }
}

fn places(list: &[(usize, &str)]) -> Vec<(usize, String)> {
    list.iter().map(|(r, c)| (*r, c.to_string())).collect()
}

#[tokio::test]
async fn malformed_files_are_rejected_with_row_and_column() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;

    assert_eq!(
        rejected_places(&db, ImportKind::Values, "bad/values_many.csv").await,
        places(&[
            (2, "varde"),
            (3, "enhet"),
            (4, "kriterium"),
            (5, "varde"),
            (6, "varde"),
            (7, "datum"),
            (8, "varde"),
            (9, "datum"),
        ])
    );
    assert_eq!(
        rejected_places(&db, ImportKind::Values, "bad/values_missing_column.csv").await,
        places(&[(1, "datum")])
    );
    assert_eq!(
        rejected_places(&db, ImportKind::Criteria, "bad/criteria_bad.csv").await,
        places(&[
            (2, "gul"),
            (3, "utvardering"),
            (4, "ursprung"),
            (4, "typ"),
            (4, "obligatorisk"),
            (5, "gron"),
        ])
    );
    assert_eq!(
        rejected_places(&db, ImportKind::Plans, "bad/plans_bad.csv").await,
        places(&[(2, "klar_senast"), (3, "status"), (4, "atgard")])
    );
}

#[tokio::test]
async fn values_before_their_units_are_rejected() {
    let db = TestDb::new().await;
    let before = db.fingerprint().await;
    let result = db
        .import_file(ImportKind::Values, &fixture("base/values.csv"))
        .await;
    assert!(
        matches!(result, Err(ImportError::Invalid(ref issues)) if issues.len() >= 6),
        "{result:?}"
    );
    assert_eq!(before, db.fingerprint().await);
}

#[test]
fn cli_exits_2_and_writes_nothing_on_a_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let bin = env!("CARGO_BIN_EXE_readiness");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .arg("--database")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    for kind in ["evaluations", "criteria", "units"] {
        let out = run(&[
            "import",
            kind,
            fixture(&format!("base/{kind}.csv")).to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let count = || {
        let out = std::process::Command::new("sqlite3")
            .arg(&db)
            .arg("SELECT COUNT(*) FROM unit_values")
            .output();
        out.ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let bad = fixture("bad/values_many.csv");
    let out = run(&["import", "values", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("values_many.csv:2:varde:"), "{stderr}");
    assert!(
        stderr.contains("values_many.csv:9:datum: dubblett av rad 2"),
        "{stderr}"
    );
    if let Some(n) = count() {
        assert_eq!(n, "0");
    }
    let good = fixture("base/values.csv");
    let out = run(&["import", "values", good.to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("6 nya / added"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = run(&["import", "values", good.to_str().unwrap()]);
    assert!(out.status.success());
    let out = run(&["import", "values", good.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("0 nya / added, 0 ändrade / changed, 6 oförändrade / unchanged")
    );
}
