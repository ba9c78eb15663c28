//! The system level against a real SQLite file: questions and answers imported (all or nothing,
//! re-import changes nothing, a changed answer adds a version), the browser's saves with their
//! guard against overwriting, answers as of a date, and the export read back by the import.

mod support;

use chrono::NaiveDate;
use readiness_rules::{AnswerInput, AnswerStatus, Lang, Light, system_level};
use readiness_store::import::{ImportError, ImportKind};
use readiness_store::reports::ReportError;
use readiness_store::system_level as store;
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

fn input(answer: &str, status: &str) -> AnswerInput {
    AnswerInput {
        answer: answer.into(),
        evidence: "Protokoll".into(),
        responsible: "Greta".into(),
        status: status.into(),
    }
}

#[tokio::test]
async fn imported_questions_and_answers_get_their_lights() {
    let (db, _) = base().await;
    let questions = store::questions(&db.pool).await.unwrap();
    let codes: Vec<(&str, &str, Vec<String>)> = questions
        .iter()
        .map(|q| (q.code.as_str(), q.body.as_str(), q.criteria.clone()))
        .collect();
    assert_eq!(
        codes,
        [
            ("S1", "", vec!["U01".to_string(), "L01".to_string()]),
            (
                "S2",
                "Södersjukhusets FoUU-kommitté",
                vec!["U01".to_string()]
            ),
            ("S3", "", vec![]),
        ]
    );
    // (as of, lights of S1, S2, S3)
    let table = [
        ("2031-01-01", [Light::Green, Light::Amber, Light::Grey]),
        ("2031-07-01", [Light::Green, Light::Red, Light::Grey]),
        ("2031-12-15", [Light::Green, Light::Red, Light::Amber]),
    ];
    for (as_of, lights) in table {
        let level = system_level(
            questions.clone(),
            store::answers(&db.pool, d(as_of)).await.unwrap(),
            d(as_of),
        );
        let got: Vec<Light> = level.questions.iter().map(|q| q.light).collect();
        assert_eq!(got, lights, "{as_of}");
        assert_eq!(level.approved, 1);
    }
    // Before anything was recorded there are no answers.
    assert!(
        store::answers(&db.pool, d("2020-01-01"))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn reimports_change_nothing_and_a_changed_answer_adds_a_version() {
    let (db, _) = base().await;
    let before = db.fingerprint().await;
    let s = db
        .import_file(
            ImportKind::SystemQuestions,
            &fixture("base/system_questions.csv"),
        )
        .await
        .unwrap();
    assert_eq!((s.added, s.changed, s.unchanged), (0, 0, 3));
    assert_eq!(before, db.fingerprint().await);
    // The question only (no answer columns): the answer stays as it is.
    let file = "kod;utvardering;omrade;fraga;klar_senast\n\
                S2;USV2026;Utbildning;Hur säkras handledningen i hela regionen?;2031-06-30\n";
    let s = db
        .import_file_bytes(ImportKind::SystemQuestions, file.as_bytes())
        .await;
    assert_eq!(s.changed, 1);
    let fields: Vec<&str> = s.changes[0]
        .fields
        .iter()
        .map(|f| f.column.as_str())
        .collect();
    // ursprung, besvaras_av and kriterier are left out of this file: blank means blank, as in
    // the other kinds, and the preview lists each such change before anything is written.
    assert_eq!(
        fields,
        ["ursprung", "fraga", "besvaras_av", "kriterier"],
        "{fields:?}"
    );
    assert_eq!(store::history(&db.pool, "S2").await.unwrap().len(), 1);
    let file = "kod;utvardering;omrade;fraga;klar_senast;svar;ansvarig;status\n\
                S2;USV2026;Utbildning;Hur säkras handledningen i hela regionen?;2031-06-30;Klart svar;Bo Ström;granskad\n";
    db.import_file_bytes(ImportKind::SystemQuestions, file.as_bytes())
        .await;
    let history = store::history(&db.pool, "S2").await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[0].status, history[0].answer.as_str()),
        (AnswerStatus::Reviewed, "Klart svar")
    );
}

#[tokio::test]
async fn bad_rows_are_refused_whole_with_their_places() {
    let (db, _) = base().await;
    let file = "kod;utvardering;omrade;ursprung;fraga;klar_senast;kriterier;svar;status\n\
                Q1;USV2099;Styrning;;Fråga;2031-01-01;;;\n\
                Q2;USV2026;Styrning;lokal;Fråga;31/12;X99;;\n\
                Q3;USV2026;Styrning;;Fråga;2031-01-01;;;klar\n\
                Q4;USV2026;Styrning;;Fråga;2031-01-01;;Svar utan status;\n\
                Q5;USV2026;Styrning;;Fråga;2031-01-01;;;faststalld\n\
                Q5;USV2026;;;;2031-01-01;;;\n";
    let before = db.fingerprint().await;
    let result = readiness_store::import::import(
        &db.pool,
        ImportKind::SystemQuestions,
        "fragor.csv",
        file.as_bytes(),
        false,
    )
    .await;
    assert_eq!(before, db.fingerprint().await);
    let Err(ImportError::Invalid(issues)) = result else {
        panic!("{result:?}");
    };
    let got: Vec<(usize, &str)> = issues.iter().map(|i| (i.row, i.column.as_str())).collect();
    assert_eq!(
        got,
        [
            (2, "utvardering"),
            (3, "ursprung"),
            (3, "klar_senast"),
            (3, "kriterier"),
            (4, "status"),
            (5, "status"),
            (6, "svar"),
            (7, "omrade"),
            (7, "fraga"),
            (7, "kod"),
        ]
    );
}

#[tokio::test]
async fn the_browser_saves_answers_without_overwriting_anyone() {
    let (db, user) = base().await;
    // S3 has no answer yet: the first is based on 0.
    let first = store::save_answer(&db.pool, user, "S3", &input("", "utkast"), 0)
        .await
        .unwrap();
    let second = store::save_answer(&db.pool, user, "S3", &input("Svar", "granskad"), first)
        .await
        .unwrap();
    let before = db.fingerprint().await;
    match store::save_answer(&db.pool, user, "S3", &input("Annat", "faststalld"), first).await {
        Err(ReportError::Conflict(Some(v))) => {
            assert_eq!(v.id, second);
            assert_eq!(v.fields[0], "Svar");
            assert_eq!(v.fields[3], "granskad");
            assert_eq!(v.recorded_by, "Greta Grupp");
        }
        other => panic!("{other:?}"),
    }
    // Someone else's first answer in between: a form opened on no answer conflicts too.
    assert!(matches!(
        store::save_answer(&db.pool, user, "S3", &input("x", "utkast"), 0).await,
        Err(ReportError::Conflict(Some(_)))
    ));
    assert!(matches!(
        store::save_answer(&db.pool, user, "S3", &input("", "faststalld"), second).await,
        Err(ReportError::Invalid(_))
    ));
    assert!(matches!(
        store::save_answer(&db.pool, user, "S9", &input("x", "utkast"), 0).await,
        Err(ReportError::NotFound)
    ));
    assert_eq!(before, db.fingerprint().await);
    // Saving the current answer unchanged adds no version.
    assert_eq!(
        store::save_answer(&db.pool, user, "S3", &input("Svar", "granskad"), second)
            .await
            .unwrap(),
        second
    );
    assert_eq!(before, db.fingerprint().await);
    store::add_comment(&db.pool, user, "S3", "Stäm av med KI")
        .await
        .unwrap();
    assert!(matches!(
        store::add_comment(&db.pool, user, "S3", "  ").await,
        Err(ReportError::Invalid(_))
    ));
    let comments = store::comments(&db.pool, "S3").await.unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].recorded_by, "Greta Grupp");
    for sql in [
        "UPDATE system_answers SET answer = 'x'",
        "DELETE FROM system_comments",
    ] {
        assert!(sqlx::query(sql).execute(&db.pool).await.is_err(), "{sql}");
    }
}

#[tokio::test]
async fn the_export_imports_back_unchanged() {
    use readiness_store::export::{FileFormat, system_level_table};
    let (db, user) = base().await;
    store::save_answer(
        &db.pool,
        user,
        "S3",
        &input("=1+1 är svaret; \"=2\"\nrad två", "granskad"),
        0,
    )
    .await
    .unwrap();
    let before = db.fingerprint().await;
    let csv = system_level_table(&db.pool, d("2031-01-01"), FileFormat::Csv, Lang::Sv)
        .await
        .unwrap();
    // The answer that looks like a formula is written as text, and reads back as written.
    assert!(String::from_utf8_lossy(&csv).contains("'=1+1 är svaret"));
    let s = db
        .import_file_bytes(ImportKind::SystemQuestions, &csv)
        .await;
    assert_eq!(
        (s.added, s.changed, s.unchanged),
        (0, 0, 3),
        "{:?}",
        s.changes
    );
    let xlsx = system_level_table(&db.pool, d("2031-01-01"), FileFormat::Xlsx, Lang::En)
        .await
        .unwrap();
    let s = readiness_store::import::import(
        &db.pool,
        ImportKind::SystemQuestions,
        "systemniva.xlsx",
        &xlsx,
        false,
    )
    .await
    .unwrap();
    assert_eq!(
        (s.added, s.changed, s.unchanged),
        (0, 0, 3),
        "{:?}",
        s.changes
    );
    assert_eq!(before, db.fingerprint().await);

    // Someone saves a newer answer on the web; the exported file, edited since, is out of date:
    // its row is refused instead of taking the newer answer back.
    let version: i64 = sqlx::query_scalar(
        "SELECT MAX(a.id) FROM system_answers a JOIN system_questions q ON q.id = a.question_id \
         WHERE q.code = 'S3'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    store::save_answer(
        &db.pool,
        user,
        "S3",
        &input("Nyare svar", "granskad"),
        version,
    )
    .await
    .unwrap();
    let edited = String::from_utf8(csv.clone())
        .unwrap()
        .replace("rad två", "rad tre");
    let before = db.fingerprint().await;
    match readiness_store::import::import(
        &db.pool,
        ImportKind::SystemQuestions,
        "systemniva.csv",
        edited.as_bytes(),
        false,
    )
    .await
    {
        Err(ImportError::Invalid(issues)) => {
            assert_eq!(issues.len(), 1, "{issues:?}");
            assert_eq!(issues[0].column, "version");
            assert!(
                issues[0]
                    .message
                    .sv
                    .contains("har ändrats sedan filen exporterades"),
                "{issues:?}"
            );
        }
        other => panic!("expected the stale row refused, got {other:?}"),
    }
    assert_eq!(before, db.fingerprint().await);

    // The stale file with only its question edited: the newer answer stays, the question changes.
    let question_only = String::from_utf8(csv.clone())
        .unwrap()
        .replace("Hur stöds studier?", "Hur stöds kliniska studier?");
    let s = db
        .import_file_bytes(ImportKind::SystemQuestions, question_only.as_bytes())
        .await;
    assert_eq!(
        (s.added, s.changed, s.unchanged),
        (0, 1, 2),
        "{:?}",
        s.changes
    );
    let history = store::history(&db.pool, "S3").await.unwrap();
    assert_eq!(history[0].answer, "Nyare svar");
}

#[tokio::test]
async fn an_answer_written_into_a_file_exported_before_any_answer_does_not_replace_the_webs() {
    use readiness_store::export::{FileFormat, system_level_table};
    let (db, user) = base().await;
    // S3 has no answer when exported: its version is 0.
    let csv = system_level_table(&db.pool, d("2031-01-01"), FileFormat::Csv, Lang::Sv)
        .await
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let blank = ";2031-12-31;;;;;;0;";
    assert!(
        csv.contains(&format!(
            "S3;USV2026;Forskning;nationell;Hur stöds studier?;{blank}"
        )),
        "{csv}"
    );
    let edited = csv.replace(blank, ";2031-12-31;;Filens svar;;;utkast;0;");
    // Meanwhile someone answers on the web.
    store::save_answer(&db.pool, user, "S3", &input("Webbens svar", "utkast"), 0)
        .await
        .unwrap();
    let before = db.fingerprint().await;
    let result = readiness_store::import::import(
        &db.pool,
        ImportKind::SystemQuestions,
        "systemniva.csv",
        edited.as_bytes(),
        false,
    )
    .await;
    let Err(ImportError::Invalid(issues)) = result else {
        panic!("expected the row refused, got {result:?}");
    };
    assert_eq!(
        issues
            .iter()
            .map(|i| (i.row, i.column.as_str()))
            .collect::<Vec<_>>(),
        [(4, "version")],
        "{issues:?}"
    );
    assert_eq!(before, db.fingerprint().await);
    // Without the web's answer in between, the same file is imported.
    let db2 = base().await.0;
    let s = db2
        .import_file_bytes(ImportKind::SystemQuestions, edited.as_bytes())
        .await;
    assert_eq!(
        (s.added, s.changed, s.unchanged),
        (0, 1, 2),
        "{:?}",
        s.changes
    );
}
