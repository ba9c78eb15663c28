//! The development areas and their actions against a real SQLite file: imports (all or nothing,
//! re-import changes nothing, notes added once), the browser's saves with their guard against
//! overwriting, history as of a date, and the export read back by the import.

mod support;

use chrono::NaiveDate;
use readiness_rules::{ActionState, DevelopmentActionInput, Lang, Light, PlanStatus, follow_up};
use readiness_store::development;
use readiness_store::import::{ImportError, ImportKind};
use readiness_store::reports::ReportError;
use support::{StoreDb, fixture};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn base() -> (StoreDb, i64) {
    let db = StoreDb::new().await;
    db.import_dir(&fixture("base")).await;
    let user = readiness_store::accounts::create_user(
        &db.pool,
        "grupp@exempel.se",
        "Greta Grupp",
        readiness_rules::Role::Arbetsgrupp,
        "rätt-häst-batteri",
        &[],
    )
    .await
    .unwrap();
    (db, user)
}

fn input(title: &str, due: &str, status: &str) -> DevelopmentActionInput {
    DevelopmentActionInput {
        title: title.into(),
        responsible: "Greta".into(),
        scope: String::new(),
        due: due.into(),
        status: status.into(),
    }
}

#[tokio::test]
async fn imported_areas_are_followed_up_by_the_written_rule() {
    let (db, _) = base().await;
    let areas = development::areas(&db.pool).await.unwrap();
    let codes: Vec<(&str, &[String])> = areas
        .iter()
        .map(|a| (a.code.as_str(), a.criteria.as_slice()))
        .collect();
    assert_eq!(
        codes,
        [
            ("UO1", &["U01".to_string()][..]),
            ("UO2", &["F01".to_string(), "L01".to_string()][..])
        ]
    );
    // (as of, UO1's light, UO1's states in order, UO2's light)
    let table = [
        (
            "2031-06-15",
            Light::Amber,
            vec![ActionState::DueSoon { days: 15 }],
            Light::Green,
        ),
        (
            "2031-07-02",
            Light::Red,
            vec![ActionState::Overdue { days: 2 }],
            Light::Green,
        ),
    ];
    for (as_of, light, first_states, other) in table {
        let as_of = d(as_of);
        let actions = development::actions(&db.pool, as_of).await.unwrap();
        let follow = follow_up(areas.clone(), actions, as_of);
        assert_eq!(follow[0].light, light, "{as_of}");
        assert_eq!(follow[0].actions[0].action.code, "UO1-01");
        assert_eq!(follow[0].actions[0].state, first_states[0], "{as_of}");
        assert_eq!(follow[0].actions[0].action.notes[0].text, "Kursen är bokad");
        assert_eq!(
            follow[0].actions[1].action.scope,
            "Karolinska Universitetssjukhuset"
        );
        assert_eq!(
            (follow[1].light, follow[1].done, follow[1].total),
            (other, 1, 1)
        );
        // "Regionen" in the file is the whole region.
        assert_eq!(follow[1].actions[0].action.scope, "");
    }
}

#[tokio::test]
async fn reimports_change_nothing_and_a_new_note_is_added_once() {
    let (db, _) = base().await;
    let before = db.fingerprint().await;
    for kind in [ImportKind::DevelopmentAreas, ImportKind::DevelopmentActions] {
        let s = db
            .import_file(kind, &fixture(&format!("base/{}", kind.file_name())))
            .await
            .unwrap();
        assert_eq!((s.added, s.changed, s.unchanged), (0, 0, s.rows), "{kind}");
    }
    assert_eq!(before, db.fingerprint().await);
    let file = "utvecklingsomrade;kod;atgard;ansvarig;omfattning;klar_senast;status;noterad;notering\n\
                UO1;UO1-01;Handledarutbildning;Anna Ek;;2031-06-30;pagar;2026-06-01;Första kursen hållen\n";
    let s = db
        .import_file_bytes(ImportKind::DevelopmentActions, file.as_bytes())
        .await;
    assert_eq!((s.added, s.changed), (0, 1));
    assert_eq!(s.changes[0].fields.len(), 2, "{:?}", s.changes[0]);
    let again = db
        .import_file_bytes(ImportKind::DevelopmentActions, file.as_bytes())
        .await;
    assert_eq!(again.unchanged, 1);
    let actions = development::actions(&db.pool, d("2031-01-01"))
        .await
        .unwrap();
    let first = actions.iter().find(|a| a.code == "UO1-01").unwrap();
    let notes: Vec<&str> = first.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(notes, ["Första kursen hållen", "Kursen är bokad"]);
    // The note added no version: the action is the one imported first.
    let versions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM development_action_versions")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(versions, 3);
}

#[tokio::test]
async fn bad_files_are_refused_whole_with_their_places() {
    let (db, _) = base().await;
    let cases = [
        (
            ImportKind::DevelopmentAreas,
            "bad/development_areas_bad.csv",
            vec![(2, "namn"), (3, "kriterier"), (4, "kod")],
        ),
        (
            ImportKind::DevelopmentActions,
            "bad/development_actions_bad.csv",
            vec![
                (2, "utvecklingsomrade"),
                (3, "kod"),
                (4, "atgard"),
                (4, "omfattning"),
                (4, "klar_senast"),
                (4, "status"),
                (5, "noterad"),
                (6, "notering"),
                (7, "kod"),
            ],
        ),
    ];
    for (kind, file, expected) in cases {
        let before = db.fingerprint().await;
        let result = db.import_file(kind, &fixture(file)).await;
        assert_eq!(before, db.fingerprint().await, "{file} wrote something");
        let Err(ImportError::Invalid(issues)) = result else {
            panic!("{file}: {result:?}");
        };
        let got: Vec<(usize, &str)> = issues.iter().map(|i| (i.row, i.column.as_str())).collect();
        assert_eq!(got, expected, "{file}: {issues:#?}");
    }
}

#[tokio::test]
async fn the_browser_adds_changes_and_notes_without_overwriting_anyone() {
    let (db, user) = base().await;
    let code = development::add_action(
        &db.pool,
        user,
        "UO1",
        &input("Ny handledarkurs", "2031-09-01", "planerad"),
    )
    .await
    .unwrap();
    // UO1 has two actions: the next number.
    assert_eq!(code, "UO1-03");
    let now = d("2031-01-01");
    let version = |actions: &[readiness_rules::DevelopmentAction]| {
        actions.iter().find(|a| a.code == code).unwrap().version
    };
    let first = version(&development::actions(&db.pool, now).await.unwrap());
    let saved = development::save_action(
        &db.pool,
        user,
        &code,
        &input("Ny handledarkurs", "2031-10-01", "pagar"),
        first,
    )
    .await
    .unwrap();
    // A second person saving from the same first version is refused with the newer one.
    let before = db.fingerprint().await;
    let stale = development::save_action(
        &db.pool,
        user,
        &code,
        &input("Något annat", "2031-11-01", "klar"),
        first,
    )
    .await;
    match stale {
        Err(ReportError::Conflict(Some(v))) => {
            assert_eq!(v.id, saved);
            assert_eq!(v.fields[0], "Ny handledarkurs");
            assert_eq!(v.fields[2], "2031-10-01");
            assert_eq!(v.recorded_by, "Greta Grupp");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(before, db.fingerprint().await);
    let actions = development::actions(&db.pool, now).await.unwrap();
    let current = actions.iter().find(|a| a.code == code).unwrap();
    assert_eq!(
        (current.status, current.due),
        (PlanStatus::InProgress, d("2031-10-01"))
    );
    // Invalid input names its fields and writes nothing.
    let refused = development::save_action(
        &db.pool,
        user,
        &code,
        &DevelopmentActionInput {
            scope: "Ingen sådan vårdgivare".into(),
            ..input("", "i morgon", "pagar")
        },
        saved,
    )
    .await;
    let Err(ReportError::Invalid(errors)) = refused else {
        panic!("{refused:?}");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["title", "scope", "due"]);
    assert!(matches!(
        development::add_action(&db.pool, user, "UO9", &input("x", "2031-01-01", "pagar")).await,
        Err(ReportError::NotFound)
    ));
    // Notes: two at once both stay; one about a day ahead is refused.
    let today = d("2026-12-04");
    for text in ["Kurs bokad", "Lärare klar"] {
        development::add_note(&db.pool, user, &code, "2026-12-01", text, today)
            .await
            .unwrap();
    }
    assert!(matches!(
        development::add_note(&db.pool, user, &code, "2026-12-05", "x", today).await,
        Err(ReportError::Invalid(_))
    ));
    let actions = development::actions(&db.pool, now).await.unwrap();
    let current = actions.iter().find(|a| a.code == code).unwrap();
    assert_eq!(current.notes.len(), 2);
    assert_eq!(current.notes[0].by, "Greta Grupp");
    // History is kept: the database refuses to change or remove a version or a note.
    for sql in [
        "UPDATE development_action_versions SET title = 'x'",
        "DELETE FROM development_action_notes",
    ] {
        assert!(sqlx::query(sql).execute(&db.pool).await.is_err(), "{sql}");
    }
}

#[tokio::test]
async fn as_of_a_date_shows_what_was_recorded_by_then() {
    let (db, _) = base().await;
    // An action saved on two known days (the app stamps the real time; these are back-dated).
    sqlx::query(
        "INSERT INTO development_actions (area_id, code) \
         SELECT id, 'UO2-09' FROM development_areas WHERE code = 'UO2'",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    for (status, at) in [
        ("planerad", "2021-03-01T10:00:00.000Z"),
        ("klar", "2021-06-01T23:59:00.000Z"),
    ] {
        sqlx::query(
            "INSERT INTO development_action_versions (action_id, title, due, status, recorded_at, \
             source) SELECT id, 'Strategi 2.0', '2021-09-01', $1, $2, 'test' \
             FROM development_actions WHERE code = 'UO2-09'",
        )
        .bind(status)
        .bind(at)
        .execute(&db.pool)
        .await
        .unwrap();
    }
    // (as of, status then; None: not made yet)
    let table = [
        ("2021-02-28", None),
        ("2021-03-01", Some(PlanStatus::Planned)),
        ("2021-05-31", Some(PlanStatus::Planned)),
        ("2021-06-01", Some(PlanStatus::Done)),
    ];
    for (day, expected) in table {
        let status = development::actions(&db.pool, d(day))
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.code == "UO2-09")
            .map(|a| a.status);
        assert_eq!(status, expected, "{day}");
    }
}

#[tokio::test]
async fn the_export_imports_back_unchanged() {
    use readiness_store::export::{DevelopmentTable, FileFormat, development as export};
    let (db, user) = base().await;
    development::add_note(
        &db.pool,
        user,
        "UO1-02",
        "2026-11-01",
        "Annons ute; \"=1+1\"",
        d("2026-12-04"),
    )
    .await
    .unwrap();
    let before = db.fingerprint().await;
    for (table, kind) in [
        (DevelopmentTable::Areas, ImportKind::DevelopmentAreas),
        (DevelopmentTable::Actions, ImportKind::DevelopmentActions),
    ] {
        let csv = export(&db.pool, d("2031-01-01"), FileFormat::Csv, table, Lang::Sv)
            .await
            .unwrap();
        let s = db.import_file_bytes(kind, &csv).await;
        assert_eq!((s.added, s.changed, s.unchanged), (0, 0, s.rows), "{kind}");
    }
    let xlsx = export(
        &db.pool,
        d("2031-01-01"),
        FileFormat::Xlsx,
        DevelopmentTable::Actions,
        Lang::Sv,
    )
    .await
    .unwrap();
    assert!(xlsx.starts_with(b"PK"));
    assert_eq!(before, db.fingerprint().await);
}

#[tokio::test]
async fn a_provider_gone_from_the_units_stays_valid_only_for_the_action_that_has_it() {
    let (db, user) = base().await;
    // E1's provider is renamed: no unit names "Karolinska Universitetssjukhuset" any more, but
    // UO1-02 is for it.
    let units = "kod;namn;vardgivare\nE1;Kardiologi;Karolinska Universitetssjukhuset Solna\n";
    db.import_file_bytes(ImportKind::Units, units.as_bytes())
        .await;
    let old = "Karolinska Universitetssjukhuset";
    let version = |code: &'static str| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT MAX(v.id) FROM development_action_versions v \
                 JOIN development_actions a ON a.id = v.action_id WHERE a.code = $1",
            )
            .bind(code)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let with_scope = |status: &str| DevelopmentActionInput {
        scope: old.into(),
        ..input("Utse studierektor", "2031-12-31", status)
    };
    // The action that has the scope keeps it through a status change.
    let based_on = version("UO1-02").await;
    development::save_action(&db.pool, user, "UO1-02", &with_scope("pagar"), based_on)
        .await
        .unwrap();
    // Another action cannot take it, by the form or by a file.
    let based_on = version("UO1-01").await;
    let refused =
        development::save_action(&db.pool, user, "UO1-01", &with_scope("pagar"), based_on).await;
    let Err(ReportError::Invalid(errors)) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(errors[0].field, "scope");
    let before = db.fingerprint().await;
    let file = format!(
        "utvecklingsomrade;kod;atgard;omfattning;klar_senast;status\n\
         UO1;UO1-02;Utse studierektor;{old};2031-12-31;klar\n\
         UO1;UO1-01;Handledarutbildning;{old};2031-06-30;pagar\n"
    );
    let Err(ImportError::Invalid(issues)) = readiness_store::import::import(
        &db.pool,
        ImportKind::DevelopmentActions,
        "atgarder.csv",
        file.as_bytes(),
        false,
    )
    .await
    else {
        panic!("the file should be refused");
    };
    let places: Vec<(usize, &str)> = issues.iter().map(|i| (i.row, i.column.as_str())).collect();
    assert_eq!(places, [(3, "omfattning")], "{issues:?}");
    assert_eq!(before, db.fingerprint().await);
}
