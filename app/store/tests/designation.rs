//! The units' designation periods against a real SQLite file: imported all or nothing with every
//! problem named (overlaps too, within the file and with what is stored), the same unit and start
//! again changing the period, the cached lights counting only the units designated on their date
//! as soon as a period is imported, and the export read back by the import without a change.

mod support;

use chrono::NaiveDate;
use readiness_rules::Lang;
use readiness_store::cache::load_dataset;
use readiness_store::designation::periods;
use readiness_store::export::{FileFormat, designations};
use readiness_store::import::{ImportError, ImportIssue, ImportKind, import};
use support::{StoreDb, fixture};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn base() -> StoreDb {
    let db = StoreDb::new().await;
    db.import_dir(&fixture("base")).await;
    db
}

/// The problems of a periods file that must be refused.
async fn refused(db: &StoreDb, file: &str) -> Vec<ImportIssue> {
    match import(
        &db.pool,
        ImportKind::Designations,
        "usv-perioder.csv",
        file.as_bytes(),
        false,
    )
    .await
    {
        Err(ImportError::Invalid(issues)) => issues,
        other => panic!("the file should be refused: {other:?}"),
    }
}

/// The codes of the units the cached board of `date` counts.
async fn counted(db: &StoreDb, date: &str) -> Vec<String> {
    let dataset = load_dataset(&db.pool, "USV2026").await.unwrap().unwrap();
    let board = dataset.board(d(date)).await.unwrap();
    board
        .counted_units()
        .map(|u| dataset.units[u].code.clone())
        .collect()
}

#[tokio::test]
async fn periods_decide_which_units_the_cached_lights_count() {
    let db = base().await;
    // E1 has a period from 2000, E2 none: both count.
    assert_eq!(counted(&db, "2026-06-30").await, ["E1", "E2"]);
    let before = load_dataset(&db.pool, "USV2026").await.unwrap().unwrap();
    let all = before.board(d("2026-06-30")).await.unwrap().unit_counts();

    let file = "Enhet;Från;Till;Beslutsreferens\n\
                E2;2024-01-01;2025-12-31;LG 2024:01 § 3\n\
                E2;2026-09-01;;LG 2026:04 § 7\n";
    let s = db
        .import_file_bytes(ImportKind::Designations, file.as_bytes())
        .await;
    assert_eq!((s.added, s.changed, s.unchanged), (2, 0, 0));
    // The cache reads the periods again (a reference change), and each date counts its units.
    assert_eq!(counted(&db, "2025-06-30").await, ["E1", "E2"]);
    assert_eq!(counted(&db, "2026-06-30").await, ["E1"]);
    assert_eq!(counted(&db, "2026-09-01").await, ["E1", "E2"]);
    let after = load_dataset(&db.pool, "USV2026").await.unwrap().unwrap();
    let one = after.board(d("2026-06-30")).await.unwrap().unit_counts();
    assert_eq!(one.applicable() + one.not_applicable, 1);
    assert_eq!(all.applicable() + all.not_applicable, 2);

    // The same unit and start again changes the end and the decision.
    let file = "enhet;fran;till;beslutsreferens\nE2;2024-01-01;2026-08-31;LG 2026:02 § 1\n";
    let s = db
        .import_file_bytes(ImportKind::Designations, file.as_bytes())
        .await;
    assert_eq!((s.added, s.changed, s.unchanged), (0, 1, 0));
    assert_eq!(
        s.changes[0]
            .fields
            .iter()
            .map(|f| (f.column.as_str(), f.old.as_str(), f.new.as_str()))
            .collect::<Vec<_>>(),
        [
            ("till", "2025-12-31", "2026-08-31"),
            ("beslutsreferens", "LG 2024:01 § 3", "LG 2026:02 § 1"),
        ]
    );
    assert_eq!(counted(&db, "2026-06-30").await, ["E1", "E2"]);
    let e2 = periods(&db.pool, Some("E2")).await.unwrap();
    assert_eq!(
        e2.iter().map(|p| (p.from, p.to)).collect::<Vec<_>>(),
        [
            (d("2024-01-01"), Some(d("2026-08-31"))),
            (d("2026-09-01"), None)
        ]
    );
    assert_eq!(periods(&db.pool, None).await.unwrap().len(), 3);

    // A wrong start is corrected by removing that period and giving the right one, in one file;
    // removing a period that does not exist refuses the file.
    let file = "enhet;fran;till;beslutsreferens;ta_bort\n\
                E2;2026-09-01;;;ja\n\
                E2;2026-10-01;;LG 2026:04 § 7;\n";
    let s = db
        .import_file_bytes(ImportKind::Designations, file.as_bytes())
        .await;
    assert_eq!((s.added, s.changed, s.unchanged), (1, 1, 0));
    let removed = &s.changes[0].fields;
    assert_eq!(
        removed
            .iter()
            .map(|f| (f.column.as_str(), f.old.as_str(), f.new.as_str()))
            .collect::<Vec<_>>(),
        [("beslutsreferens", "LG 2026:04 § 7", "(tas bort / removed)")]
    );
    let e2 = periods(&db.pool, Some("E2")).await.unwrap();
    assert_eq!(
        e2.iter().map(|p| p.from).collect::<Vec<_>>(),
        [d("2024-01-01"), d("2026-10-01")]
    );
    assert_eq!(counted(&db, "2026-09-15").await, ["E1"]);
    let before = db.fingerprint().await;
    let file = "enhet;fran;ta_bort\nE2;2026-09-01;ja\n";
    let issues = refused(&db, file).await;
    assert_eq!((issues[0].row, issues[0].column.as_str()), (2, "fran"));
    assert!(
        issues[0]
            .message
            .sv
            .contains("ingen period som börjar den dagen")
    );
    assert_eq!(before, db.fingerprint().await);
}

#[tokio::test]
async fn a_bad_file_names_every_problem_and_writes_nothing() {
    let db = base().await;
    let before = db.fingerprint().await;
    let file = "enhet;fran;till;beslutsreferens\n\
                E9;2025-01-01;;LG 1\n\
                E2;första jan;;LG 2\n\
                E2;2025-01-01;2024-12-31;LG 3\n\
                E2;2025-01-01;;\n\
                E1;2024-01-01;;LG 5\n\
                E2;2027-01-01;2027-12-31;LG 6\n\
                E2;2027-01-01;2027-06-30;LG 7\n";
    let issues = refused(&db, file).await;
    let found: Vec<(usize, &str)> = issues.iter().map(|i| (i.row, i.column.as_str())).collect();
    assert_eq!(
        found,
        [
            (2, "enhet"),
            (3, "fran"),
            (4, "till"),
            (5, "beslutsreferens"),
            (8, "fran"),
        ],
        "{issues:?}"
    );
    assert!(issues[0].message.sv.contains("okänd enhet \"E9\""));
    assert!(issues[4].message.sv.contains("dubblett av rad 7"));
    assert_eq!(before, db.fingerprint().await);

    // Overlaps: with a stored period (E1 from 2000, open) and between two rows of the file.
    let file = "enhet;fran;till;beslutsreferens\n\
                E1;2024-01-01;;LG 5\n\
                E2;2025-01-01;2025-12-31;LG 6\n\
                E2;2025-06-01;;LG 7\n\
                E2;2026-01-01;;LG 8\n";
    let issues = refused(&db, file).await;
    let found: Vec<(usize, &str, &str)> = issues
        .iter()
        .map(|i| (i.row, i.column.as_str(), i.message.sv.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                2,
                "fran",
                "överlappar enhetens period från 2000-01-01 (redan inläst; ge den ett till-datum eller ta bort den i samma fil); en enhets perioder får inte överlappa"
            ),
            (
                4,
                "fran",
                "överlappar enhetens period 2025-01-01 – 2025-12-31 (rad 3); en enhets perioder får inte överlappa"
            ),
            (
                5,
                "fran",
                "överlappar enhetens period från 2025-06-01 (rad 4); en enhets perioder får inte överlappa"
            ),
        ],
        "{issues:?}"
    );
    assert_eq!(before, db.fingerprint().await);
}

#[tokio::test]
async fn the_export_imports_back_unchanged() {
    let db = base().await;
    // A decision that looks like a formula goes out as text and comes back as written.
    let file = "enhet;fran;till;beslutsreferens\nE2;2024-01-01;2025-12-31;=LG 2024:01\n";
    db.import_file_bytes(ImportKind::Designations, file.as_bytes())
        .await;
    let before = db.fingerprint().await;
    let csv = designations(&db.pool, d("2025-06-30"), FileFormat::Csv, Lang::Sv)
        .await
        .unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "\u{feff}enhet;fran;till;beslutsreferens;enhetsnamn;usv_enhet",
            "E1;2000-01-01;;LG 2025:03 § 9;Kardiologi;ja",
            "E2;2024-01-01;2025-12-31;'=LG 2024:01;Ögonkliniken;ja",
        ]
    );
    let s = db.import_file_bytes(ImportKind::Designations, &csv).await;
    assert_eq!(
        (s.added, s.changed, s.unchanged),
        (0, 0, 2),
        "{:?}",
        s.changes
    );
    let xlsx = designations(&db.pool, d("2026-06-30"), FileFormat::Xlsx, Lang::En)
        .await
        .unwrap();
    let s = import(
        &db.pool,
        ImportKind::Designations,
        "usv-perioder.xlsx",
        &xlsx,
        false,
    )
    .await
    .unwrap();
    assert_eq!(
        (s.added, s.changed, s.unchanged),
        (0, 0, 2),
        "{:?}",
        s.changes
    );
    assert_eq!(before, db.fingerprint().await);
    // On a later date E2's period has ended.
    let later = designations(&db.pool, d("2026-06-30"), FileFormat::Csv, Lang::Sv)
        .await
        .unwrap();
    assert!(
        String::from_utf8(later)
            .unwrap()
            .contains("E2;2024-01-01;2025-12-31;'=LG 2024:01;Ögonkliniken;nej")
    );
}
