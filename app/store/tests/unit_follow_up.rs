//! The units' yearly follow-ups against a real SQLite file: imported all or nothing with every
//! problem named, one per unit and year (the same again replaces it), read back per unit, and
//! the export read back by the import without a change.

mod support;

use chrono::NaiveDate;
use readiness_rules::{FollowUpDecision, Lang, follow_ups_as_of};
use readiness_store::export::{FileFormat, unit_follow_ups};
use readiness_store::import::{ImportError, ImportKind, import};
use readiness_store::unit_follow_up::follow_ups;
use support::{StoreDb, fixture};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn base() -> StoreDb {
    let db = StoreDb::new().await;
    db.import_dir(&fixture("base")).await;
    db
}

#[tokio::test]
async fn follow_ups_are_imported_per_unit_and_year_and_read_back() {
    let db = base().await;
    let e1 = follow_ups(&db.pool, Some("E1")).await.unwrap();
    assert_eq!(
        e1.iter()
            .map(|f| (f.year, f.decision, f.decided_on))
            .collect::<Vec<_>>(),
        [
            (2024, FollowUpDecision::Continues, d("2025-03-10")),
            (2025, FollowUpDecision::WithConditions, d("2026-03-12")),
        ]
    );
    assert_eq!(e1[1].reference, "FoUU 2026:14");
    assert_eq!(follow_ups(&db.pool, None).await.unwrap().len(), 3);
    // As of a date before the 2025 decision, the unit page shows 2024 only.
    let shown = follow_ups_as_of(e1, d("2026-03-11"));
    assert_eq!(shown.iter().map(|f| f.year).collect::<Vec<_>>(), [2024]);

    // The same file again changes nothing; a later decision about a year is kept beside the
    // earlier one, and the page as of a date between them shows the earlier.
    let before = db.fingerprint().await;
    let s = db
        .import_file(
            ImportKind::UnitFollowUps,
            &fixture("base/unit_follow_ups.csv"),
        )
        .await
        .unwrap();
    assert_eq!((s.added, s.changed, s.unchanged), (0, 0, 3));
    assert_eq!(before, db.fingerprint().await);
    let file =
        "Enhet;År;Beslut;Beslutsdatum\nE2;2025;Upphör;2026-04-01\nE2;2026;fortsätter;2027-03-01\n";
    let s = db
        .import_file_bytes(ImportKind::UnitFollowUps, file.as_bytes())
        .await;
    assert_eq!((s.added, s.changed, s.unchanged), (2, 0, 0));
    let e2 = follow_ups(&db.pool, Some("E2")).await.unwrap();
    assert_eq!(e2.len(), 3);
    let in_force = |on: &str| {
        follow_ups_as_of(e2.clone(), d(on))
            .iter()
            .map(|f| (f.year, f.decision))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        in_force("2026-03-31"),
        [(2025, FollowUpDecision::Continues)]
    );
    assert_eq!(in_force("2026-04-01"), [(2025, FollowUpDecision::Ends)]);
    assert_eq!(
        in_force("2027-03-01"),
        [
            (2026, FollowUpDecision::Continues),
            (2025, FollowUpDecision::Ends)
        ]
    );
    // The same unit, year and date again corrects that decision in place.
    let file =
        "enhet;ar;beslut;beslutsdatum;diarienummer\nE2;2025;upphor;2026-04-01;FoUU 2026:20\n";
    let s = db
        .import_file_bytes(ImportKind::UnitFollowUps, file.as_bytes())
        .await;
    assert_eq!((s.added, s.changed, s.unchanged), (0, 1, 0));
    let e2 = follow_ups(&db.pool, Some("E2")).await.unwrap();
    assert_eq!(e2.len(), 3);
    assert_eq!(e2[1].reference, "FoUU 2026:20");
}

#[tokio::test]
async fn a_bad_file_names_every_problem_and_writes_nothing() {
    let db = base().await;
    let before = db.fingerprint().await;
    let file = "enhet;ar;beslut;beslutsdatum;diarienummer;bedomning\n\
                E9;2025;fortsatter;2026-03-12;;\n\
                E1;tjugo;fortsatter;2026-03-12;;\n\
                E1;2026;kanske;2027-03-12;;\n\
                E2;2026;villkor;2027-03-12;;\n\
                E2;2026;fortsatter;2025-12-31;;\n\
                E1;2027;fortsatter;2028-01-10;;\n\
                E1;2027;upphor;2028-01-10;;\n";
    let Err(ImportError::Invalid(issues)) = import(
        &db.pool,
        ImportKind::UnitFollowUps,
        "uppfoljning.csv",
        file.as_bytes(),
        false,
    )
    .await
    else {
        panic!("the file should be refused");
    };
    let found: Vec<(usize, &str)> = issues.iter().map(|i| (i.row, i.column.as_str())).collect();
    assert_eq!(
        found,
        [
            (2, "enhet"),
            (3, "ar"),
            (4, "beslut"),
            (5, "bedomning"),
            (6, "beslutsdatum"),
            (8, "beslutsdatum"),
        ],
        "{issues:?}"
    );
    assert!(issues[0].message.sv.contains("okänd enhet \"E9\""));
    assert!(issues[3].message.sv.contains("villkoren"));
    assert!(issues[5].message.sv.contains("dubblett av rad 7"));
    assert_eq!(before, db.fingerprint().await);
}

#[tokio::test]
async fn the_export_imports_back_unchanged() {
    let db = base().await;
    // An assessment that looks like a formula goes out as text and comes back as written.
    let file = "enhet;ar;beslut;beslutsdatum;bedomning\nE2;2024;fortsatter;2025-03-01;=1+1 enheter saknar plan\n";
    db.import_file_bytes(ImportKind::UnitFollowUps, file.as_bytes())
        .await;
    let before = db.fingerprint().await;
    let csv = unit_follow_ups(&db.pool, d("2031-01-01"), FileFormat::Csv, Lang::Sv)
        .await
        .unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(
        text.starts_with("\u{feff}enhet;ar;beslut;beslutsdatum;"),
        "{text}"
    );
    assert!(text.contains(";'=1+1 enheter saknar plan;"), "{text}");
    assert!(
        text.contains("E1;2025;villkor;2026-03-12;FoUU 2026:14;Ny handledare <i>senast</i> 2026-06-30;Kardiologi;Fortsätter med villkor"),
        "{text}"
    );
    let s = db.import_file_bytes(ImportKind::UnitFollowUps, &csv).await;
    assert_eq!(
        (s.added, s.changed, s.unchanged),
        (0, 0, 4),
        "{:?}",
        s.changes
    );
    let xlsx = unit_follow_ups(&db.pool, d("2031-01-01"), FileFormat::Xlsx, Lang::En)
        .await
        .unwrap();
    let s = import(
        &db.pool,
        ImportKind::UnitFollowUps,
        "uppfoljning.xlsx",
        &xlsx,
        false,
    )
    .await
    .unwrap();
    assert_eq!(
        (s.added, s.changed, s.unchanged),
        (0, 0, 4),
        "{:?}",
        s.changes
    );
    assert_eq!(before, db.fingerprint().await);
    // As of a date before any decision, the export is empty but for its head.
    let early = unit_follow_ups(&db.pool, d("2025-01-01"), FileFormat::Csv, Lang::Sv)
        .await
        .unwrap();
    assert_eq!(String::from_utf8(early).unwrap().lines().count(), 1);
}
