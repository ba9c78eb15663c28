//! The import pipeline against a real SQLite file: good files load, re-imports change nothing,
//! every malformed file is rejected with its places and nothing written; Swedish Excel's files
//! read as meant; exports import back unchanged.

mod support;

use readiness_store::import::{ImportError, ImportKind};
use support::{StoreDb as TestDb, fixture, sample_dir, value_of};

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
                assert!(!i.message.sv.is_empty() && !i.message.en.is_empty());
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

// ------------------------------------------------------------ Swedish spreadsheet reality

use readiness_store::import::{ImportRequest, Progress, SheetFile, Via};

/// Runs the pipeline on a file as the browser would (kind from the headers unless given).
async fn run_file(
    db: &TestDb,
    kind: Option<ImportKind>,
    path: &str,
    sheet: Option<&str>,
    dry_run: bool,
) -> Result<readiness_store::import::ImportSummary, ImportError> {
    let bytes = std::fs::read(fixture(path)).unwrap();
    let request = ImportRequest {
        kind,
        file: SheetFile {
            name: path,
            bytes: &bytes,
            sheet,
        },
        dry_run,
        expected_fingerprint: None,
        user_id: None,
        via: Via::Cli,
    };
    readiness_store::import::run(&db.pool, &request, &Progress::default()).await
}

#[tokio::test]
async fn csv_saved_by_swedish_excel_imports() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let summary = run_file(&db, None, "swedish/values_excel_sv.csv", None, false)
        .await
        .unwrap();
    assert_eq!(
        summary.kind,
        ImportKind::Values,
        "recognised from the headers"
    );
    assert_eq!(summary.rows, 10, "trailing empty rows are not rows");
    assert_eq!((summary.added, summary.changed), (10, 0));
    assert!(
        summary
            .notes
            .iter()
            .any(|n| n.sv.contains("\"Anteckning\"")),
        "the extra column is named: {:?}",
        summary.notes
    );
    assert_eq!(
        summary.notes.len(),
        1,
        "empty trailing columns are silent: {:?}",
        summary.notes
    );
    let d = "2026-10-31";
    assert_eq!(
        value_of(&db, "E1", "F01", d).await.0,
        "1234",
        "thousands with a space"
    );
    assert_eq!(
        value_of(&db, "E2", "F01", d).await.0,
        "2500",
        "thousands with a no-break space"
    );
    assert_eq!(value_of(&db, "E1", "U01", d).await.0, "85", "85 %");
    assert_eq!(value_of(&db, "E2", "U01", d).await.0, "85", "85%");
    assert_eq!(value_of(&db, "E1", "V01", d).await.0, "Ja", "JA");
    assert_eq!(value_of(&db, "E2", "V01", d).await.0, "Ja", "ja");
    assert_eq!(value_of(&db, "E1", "L01", d).await.0, "Ja", "x");
    assert_eq!(value_of(&db, "E2", "L01", d).await.0, "Nej");
    assert_eq!(
        value_of(&db, "E1", "F01", "2026-11-15").await,
        (
            "12.5".into(),
            "Decimalkomma och datum med tid".into(),
            String::new()
        ),
        "decimal comma, date with a time"
    );
    assert_eq!(
        value_of(&db, "E2", "U01", "2026-11-15").await,
        (
            "ej tillämplig".into(),
            "Citat med ; semikolon".into(),
            String::new()
        ),
        "quoted cell with the separator inside"
    );
}

#[tokio::test]
async fn windows_1252_csv_keeps_swedish_letters() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let summary = run_file(
        &db,
        Some(ImportKind::Values),
        "swedish/values_windows1252.csv",
        None,
        false,
    )
    .await
    .unwrap();
    assert_eq!(summary.added, 2);
    assert!(
        summary.notes.iter().any(|n| n.sv.contains("Windows-1252")),
        "{:?}",
        summary.notes
    );
    assert_eq!(
        value_of(&db, "E1", "V01", "2026-10-31").await,
        (
            "Nej".into(),
            "Åtgärd pågår, ökad närvaro".into(),
            "Protokoll från ledningsgruppen".into()
        )
    );
}

#[tokio::test]
async fn excel_serial_numbers_in_date_columns_are_dates() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    run_file(&db, None, "swedish/values_serial_dates.csv", None, false)
        .await
        .unwrap();
    assert_eq!(value_of(&db, "E1", "V01", "2026-03-31").await.0, "Ja");
    assert_eq!(value_of(&db, "E2", "V01", "2026-03-31").await.0, "Nej");
}

#[tokio::test]
async fn ambiguous_dates_are_rejected_with_the_expected_form() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let before = db.fingerprint().await;
    match run_file(&db, None, "bad/values_ambiguous_dates.csv", None, false).await {
        Err(ImportError::Invalid(issues)) => {
            let places: Vec<_> = issues.iter().map(|i| (i.row, i.column.as_str())).collect();
            assert_eq!(places, [(2, "datum"), (3, "datum")]);
            assert!(
                issues.iter().all(|i| i.message.sv.contains("ÅÅÅÅ-MM-DD")),
                "{issues:?}"
            );
            assert!(
                issues.iter().all(|i| i.cell.is_none()),
                "CSV has no cell names"
            );
        }
        other => panic!("expected rejection, got {other:?}"),
    }
    assert_eq!(
        before,
        db.fingerprint().await,
        "the valid third row was not written either"
    );
}

#[tokio::test]
async fn xlsx_cells_are_read_by_type() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let summary = run_file(&db, None, "swedish/values.xlsx", None, false)
        .await
        .unwrap();
    assert_eq!(summary.sheet.as_deref(), Some("Värden"), "the first sheet");
    assert_eq!(summary.rows, 5);
    let d = "2026-10-31";
    assert_eq!(
        value_of(&db, "E1", "F01", d).await,
        ("3".into(), "Från Excel".into(), String::new())
    );
    assert_eq!(
        value_of(&db, "E2", "U01", d).await.0,
        "85",
        "a percent-formatted 0,85"
    );
    assert_eq!(
        value_of(&db, "E1", "V01", d).await.0,
        "Ja",
        "a date as a serial number"
    );
    assert_eq!(value_of(&db, "E2", "V01", d).await.0, "Ja", "a TRUE cell");
    assert_eq!(
        value_of(&db, "E1", "L01", d).await,
        (
            "Ja".into(),
            String::new(),
            "https://intranat.exempel.se/strategi.pdf".into()
        )
    );
    // The other sheet, chosen by name.
    let other = run_file(&db, None, "swedish/values.xlsx", Some("gamla"), false)
        .await
        .unwrap();
    assert_eq!((other.sheet.as_deref(), other.added), (Some("Gamla"), 1));
    assert_eq!(value_of(&db, "E1", "F01", "2025-10-31").await.0, "1");
    match run_file(&db, None, "swedish/values.xlsx", Some("Saknas"), true).await {
        Err(ImportError::Invalid(issues)) => {
            assert!(issues[0].message.sv.contains("Värden, Gamla"), "{issues:?}")
        }
        other => panic!("expected an unknown sheet, got {other:?}"),
    }
}

#[tokio::test]
async fn xlsx_problems_name_the_cell() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let before = db.fingerprint().await;
    match run_file(&db, None, "bad/values_bad.xlsx", None, false).await {
        Err(ImportError::Invalid(issues)) => {
            let places: Vec<_> = issues
                .iter()
                .map(|i| (i.row, i.column.as_str(), i.cell.as_deref()))
                .collect();
            assert_eq!(
                places,
                [(3, "varde", Some("C3")), (4, "enhet", Some("A4"))],
                "{issues:?}"
            );
            assert!(issues[0].to_string().contains("(C3)"));
        }
        other => panic!("expected rejection, got {other:?}"),
    }
    assert_eq!(before, db.fingerprint().await);
}

#[tokio::test]
async fn unknown_headers_fit_no_kind() {
    let db = TestDb::new().await;
    let bytes = b"namn;telefon\nAnna;08-123\n";
    let request = ImportRequest {
        kind: None,
        file: SheetFile {
            name: "okand.csv",
            bytes,
            sheet: None,
        },
        dry_run: true,
        expected_fingerprint: None,
        user_id: None,
        via: Via::Cli,
    };
    match readiness_store::import::run(&db.pool, &request, &Progress::default()).await {
        Err(ImportError::Invalid(issues)) => {
            assert!(
                issues[0].message.sv.contains("passar ingen importtyp"),
                "{issues:?}"
            )
        }
        other => panic!("{other:?}"),
    }
}

// ------------------------------------------------------------ preview and commit

#[tokio::test]
async fn preview_lists_changes_and_a_commit_checks_it_still_holds() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let file = b"enhet;kriterium;varde;datum;kommentar\nE2;F01;1;2026-09-30;Ny doktorand\nE1;F01;2;2026-09-30;\nE1;V01;Nej;2026-11-01;\n";
    let request = |dry_run, expected: Option<&'static str>| ImportRequest {
        kind: None,
        file: SheetFile {
            name: "andring.csv",
            bytes: file,
            sheet: None,
        },
        dry_run,
        expected_fingerprint: expected,
        user_id: None,
        via: Via::Web,
    };
    let before = db.fingerprint().await;
    let preview =
        readiness_store::import::run(&db.pool, &request(true, None), &Progress::default())
            .await
            .unwrap();
    assert_eq!(before, db.fingerprint().await, "a preview writes nothing");
    assert_eq!(
        (preview.added, preview.changed, preview.unchanged),
        (1, 1, 1)
    );
    let changed = preview.changes.iter().find(|c| !c.added).unwrap();
    assert_eq!(
        (changed.row, changed.key.as_str()),
        (2, "E2 · F01 · 2026-09-30")
    );
    let fields: Vec<_> = changed
        .fields
        .iter()
        .map(|f| (f.column.as_str(), f.old.as_str(), f.new.as_str()))
        .collect();
    assert_eq!(
        fields,
        [("varde", "0", "1"), ("kommentar", "", "Ny doktorand")]
    );
    let added = preview.changes.iter().find(|c| c.added).unwrap();
    assert_eq!(
        (added.row, added.key.as_str()),
        (4, "E1 · V01 · 2026-11-01")
    );

    // Someone reports E2/F01 between the preview and the confirmation.
    db.import_file_bytes(
        ImportKind::Values,
        b"enhet;kriterium;varde;datum\nE2;F01;3;2026-09-30\n",
    )
    .await;
    let between = db.fingerprint().await;
    let fingerprint: &'static str = Box::leak(preview.fingerprint.clone().into_boxed_str());
    match readiness_store::import::run(
        &db.pool,
        &request(false, Some(fingerprint)),
        &Progress::default(),
    )
    .await
    {
        Err(ImportError::Stale(now)) => {
            let c = now.changes.iter().find(|c| !c.added).unwrap();
            assert_eq!(
                c.fields[0].old, "3",
                "the new preview shows the other change"
            );
            assert_ne!(now.fingerprint, preview.fingerprint);
        }
        other => panic!("expected a stale preview, got {other:?}"),
    }
    assert_eq!(
        between,
        db.fingerprint().await,
        "a stale commit writes nothing"
    );

    // Confirming the fresh preview works, and the import is in the history.
    let fresh = readiness_store::import::run(&db.pool, &request(true, None), &Progress::default())
        .await
        .unwrap();
    let fingerprint: &'static str = Box::leak(fresh.fingerprint.clone().into_boxed_str());
    let done = readiness_store::import::run(
        &db.pool,
        &request(false, Some(fingerprint)),
        &Progress::default(),
    )
    .await
    .unwrap();
    assert!(done.import_id.is_some());
    assert_eq!(value_of(&db, "E2", "F01", "2026-09-30").await.0, "1");
    let history = readiness_store::import::history::recent_imports(&db.pool, 10)
        .await
        .unwrap();
    assert_eq!(history[0].file_name, "andring.csv");
    assert_eq!(
        (history[0].via.as_str(), history[0].kind.as_str()),
        ("webb", "values")
    );
    assert_eq!(
        (history[0].added, history[0].changed, history[0].unchanged),
        (1, 1, 1)
    );
}

// ------------------------------------------------------------ exports

#[tokio::test]
async fn exported_values_import_back_without_any_change() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    // Cells a spreadsheet would take for formulas must survive the trip as text.
    db.import_file_bytes(
        ImportKind::Values,
        "enhet;kriterium;varde;datum;kommentar;underlag\nE1;V01;Ja;2026-10-01;=SUMMA(A1:A2);@intranät\nE2;V01;Nej;2026-10-01;-ingen ännu;+46 8 123 45\n"
            .as_bytes(),
    )
    .await;
    let before = db.fingerprint().await;
    for format in [
        readiness_store::export::FileFormat::Csv,
        readiness_store::export::FileFormat::Xlsx,
    ] {
        let bytes = readiness_store::export::values(&db.pool, None, format)
            .await
            .unwrap();
        if format == readiness_store::export::FileFormat::Csv {
            let text = std::str::from_utf8(&bytes).unwrap();
            assert!(text.starts_with("\u{feff}enhet;kriterium;varde;datum;kommentar;underlag\r\n"));
            assert!(text.contains(";'=SUMMA(A1:A2);'@intranät\r\n"), "{text}");
            assert!(text.contains(";82,5;"), "decimal comma: {text}");
        } else {
            use calamine::{Data, Reader};
            let mut book: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
            let range = book.worksheet_range("varden").unwrap();
            let formula_like = range
                .rows()
                .find(|r| r[4].to_string().contains("SUMMA"))
                .unwrap();
            assert_eq!(
                formula_like[4],
                Data::String("=SUMMA(A1:A2)".into()),
                "text, not a formula"
            );
            assert!(matches!(formula_like[3], Data::DateTime(_)), "a date cell");
            let formulas = book.worksheet_formula("varden").unwrap();
            assert!(formulas.used_cells().next().is_none(), "no formulas at all");
        }
        let name = format!("export.{}", format.extension());
        let summary =
            readiness_store::import::import(&db.pool, ImportKind::Values, &name, &bytes, false)
                .await
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(summary.added + summary.changed, 0, "{name}: {summary:?}");
        assert_eq!(summary.unchanged, 8, "{name}");
        assert_eq!(
            before,
            db.fingerprint().await,
            "{name} changed the database"
        );
    }
}

fn sheet_xml(bytes: &[u8], index: usize) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive
        .by_name(&format!("xl/worksheets/sheet{index}.xml"))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[tokio::test]
async fn matrix_export_is_typed_coloured_and_filtered() {
    use calamine::{Data, Reader};
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 10, 15).unwrap();
    let request = readiness_store::export::MatrixRequest {
        evaluation: None,
        as_of,
        filter: Default::default(),
        lang: readiness_rules::Lang::Sv,
    };
    let bytes = readiness_store::export::matrix(
        &db.pool,
        &request,
        readiness_store::export::FileFormat::Xlsx,
    )
    .await
    .unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["USV2026", "USV2026 detaljer", "Om exporten"]
    );
    let matrix = book.worksheet_range("USV2026").unwrap();
    let header: Vec<String> = matrix
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "Enhet",
            "Namn",
            "Vårdgivare",
            "Samlat ljus",
            "Beredskap (%)",
            "F01",
            "U01",
            "L01",
            "V01"
        ]
    );
    let e2: Vec<Data> = matrix.rows().nth(2).unwrap().to_vec();
    assert_eq!(e2[0], Data::String("E2".into()));
    assert!(
        matches!(e2[4], Data::Float(_)),
        "readiness is a number: {:?}",
        e2[4]
    );
    // F01 of E2 is 0 doctoral students with a plan in progress: amber, as text and fill.
    assert_eq!(e2[5], Data::String("Gul".into()));
    let styles = book.worksheet_style("USV2026").unwrap();
    let fill = styles
        .get((2, 5))
        .and_then(|s| s.fill.as_ref())
        .and_then(|f| f.get_color());
    assert_eq!(
        fill.map(|c| c.to_argb() & 0xFFFFFF),
        Some(0xFFEB9C),
        "amber fill"
    );
    let xml = sheet_xml(&bytes, 1);
    assert!(
        xml.contains("<pane") && xml.contains("state=\"frozen\""),
        "frozen header"
    );
    assert!(xml.contains("<autoFilter"), "autofilter");
    let details = book.worksheet_range("USV2026 detaljer").unwrap();
    let row = details.rows().nth(1).unwrap();
    assert!(
        matches!(row[9], Data::DateTime(_)),
        "measured is a date: {:?}",
        row[9]
    );
    assert_eq!(details.height(), 1 + 2 * 4, "every unit × criterion");

    // CSV for Swedish Excel, one care provider only.
    let csv = readiness_store::export::matrix(
        &db.pool,
        &readiness_store::export::MatrixRequest {
            evaluation: Some("USV2026".into()),
            filter: readiness_rules::MatrixFilter {
                provider: "S:t Eriks Ögonsjukhus".into(),
                ..Default::default()
            },
            ..request
        },
        readiness_store::export::FileFormat::Csv,
    )
    .await
    .unwrap();
    let text = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert!(lines[0].starts_with("\u{feff}Enhet;Namn;Vårdgivare;Samlat ljus;Beredskap (%);F01"));
    assert_eq!(lines.len(), 2, "only E2: {text}");
    assert!(
        lines[1].starts_with("E2;Ögonkliniken;S:t Eriks Ögonsjukhus;"),
        "{text}"
    );
    let readiness = lines[1].split(';').nth(4).unwrap();
    assert!(
        !readiness.contains('%') && readiness.replace(',', ".").parse::<f64>().is_ok(),
        "readiness as a number with decimal comma, the unit in the head: {text}"
    );
}

#[tokio::test]
async fn templates_have_lists_and_instructions() {
    use calamine::{Data, Reader};
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let bytes = readiness_store::export::template(&db.pool, ImportKind::Values)
        .await
        .unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["Värden", "Instruktioner", "Listor"]);
    let data = book.worksheet_range("Värden").unwrap();
    let header: Vec<String> = data
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "enhet",
            "kriterium",
            "varde",
            "datum",
            "kommentar",
            "underlag"
        ]
    );
    let lists = book.worksheet_range("Listor").unwrap();
    let units: Vec<&Data> = lists
        .rows()
        .skip(1)
        .map(|r| &r[0])
        .filter(|c| **c != Data::Empty)
        .collect();
    assert_eq!(
        units,
        [&Data::String("E1".into()), &Data::String("E2".into())]
    );
    let help = book.worksheet_range("Instruktioner").unwrap();
    assert!(
        help.rows()
            .any(|r| r[2].to_string().contains("decimalkomma"))
    );
    let xml = sheet_xml(&bytes, 1);
    assert!(
        xml.contains("type=\"list\"") && xml.contains("Listor!$A$2:$A$3"),
        "unit drop-down"
    );
    assert!(xml.contains("type=\"date\""), "date check");
    // An empty template imports as nothing.
    let summary =
        readiness_store::import::import(&db.pool, ImportKind::Values, "mall.xlsx", &bytes, true)
            .await
            .unwrap();
    assert_eq!(summary.rows, 0);
}

/// Writes the XLSX fixtures (run with `--ignored` after changing them; the files are committed).
#[test]
#[ignore]
fn write_xlsx_fixtures() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let percent = Format::new().set_num_format("0%");
    let day = ExcelDateTime::from_ymd(2026, 10, 31).unwrap();

    let mut book = Workbook::new();
    let s = book.add_worksheet().set_name("Värden").unwrap();
    for (c, h) in [
        "Enhet",
        "Kriterium",
        "Värde",
        "Datum",
        "Kommentar",
        "Underlag",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write(1, 0, "E1")
        .unwrap()
        .write(1, 1, "F01")
        .unwrap()
        .write_number(1, 2, 3)
        .unwrap();
    s.write_datetime_with_format(1, 3, &day, &date)
        .unwrap()
        .write(1, 4, "Från Excel")
        .unwrap();
    s.write(2, 0, "E2").unwrap().write(2, 1, "U01").unwrap();
    s.write_number_with_format(2, 2, 0.85, &percent).unwrap();
    s.write_datetime_with_format(2, 3, &day, &date).unwrap();
    s.write(3, 0, "E1")
        .unwrap()
        .write(3, 1, "V01")
        .unwrap()
        .write(3, 2, "Ja")
        .unwrap();
    s.write_number(3, 3, 46326).unwrap(); // 2026-10-31 without a date format
    s.write(4, 0, "E2")
        .unwrap()
        .write(4, 1, "V01")
        .unwrap()
        .write_boolean(4, 2, true)
        .unwrap();
    s.write_datetime_with_format(4, 3, &day, &date).unwrap();
    s.write(5, 0, "E1").unwrap().write(5, 1, "L01").unwrap();
    s.write_datetime_with_format(5, 3, &day, &date).unwrap();
    s.write(5, 5, "https://intranat.exempel.se/strategi.pdf")
        .unwrap();
    // Formatted but empty trailing rows, as spreadsheets leave them.
    s.write_blank(8, 0, &date).unwrap();
    s.write_blank(9, 6, &date).unwrap();
    let g = book.add_worksheet().set_name("Gamla").unwrap();
    for (c, h) in ["enhet", "kriterium", "varde", "datum"].iter().enumerate() {
        g.write_string(0, c as u16, *h).unwrap();
    }
    g.write(1, 0, "E1")
        .unwrap()
        .write(1, 1, "F01")
        .unwrap()
        .write_number(1, 2, 1)
        .unwrap();
    g.write(1, 3, "2025-10-31").unwrap();
    book.save(fixture("swedish/values.xlsx")).unwrap();

    let mut book = Workbook::new();
    let s = book.add_worksheet().set_name("Värden").unwrap();
    for (c, h) in ["enhet", "kriterium", "varde", "datum"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write(1, 0, "E1")
        .unwrap()
        .write(1, 1, "F01")
        .unwrap()
        .write_number(1, 2, 2)
        .unwrap();
    s.write_datetime_with_format(1, 3, &day, &date).unwrap();
    s.write(2, 0, "E1")
        .unwrap()
        .write(2, 1, "F01")
        .unwrap()
        .write(2, 2, "många")
        .unwrap();
    s.write(2, 3, "2026-11-30").unwrap();
    s.write(3, 0, "E9")
        .unwrap()
        .write(3, 1, "V01")
        .unwrap()
        .write(3, 2, "Ja")
        .unwrap();
    s.write_datetime_with_format(3, 3, &day, &date).unwrap();
    book.save(fixture("bad/values_bad.xlsx")).unwrap();

    // For the Playwright test on the sample data: one wrong cell, then the corrected file.
    let e2e = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures");
    std::fs::create_dir_all(&e2e).unwrap();
    let reported = ExcelDateTime::from_ymd(2026, 11, 20).unwrap();
    for (file, f01) in [
        ("varden-med-fel.xlsx", None),
        ("varden-rattade.xlsx", Some(2)),
    ] {
        let mut book = Workbook::new();
        let s = book.add_worksheet().set_name("Värden").unwrap();
        for (c, h) in ["enhet", "kriterium", "varde", "datum", "kommentar"]
            .iter()
            .enumerate()
        {
            s.write_string(0, c as u16, *h).unwrap();
        }
        s.write(1, 0, "E002")
            .unwrap()
            .write(1, 1, "USV-F01")
            .unwrap();
        match f01 {
            Some(n) => s.write_number(1, 2, n).unwrap(),
            None => s.write(1, 2, "två").unwrap(),
        };
        s.write_datetime_with_format(1, 3, &reported, &date)
            .unwrap();
        s.write(1, 4, "Två doktorander registrerade i höstas")
            .unwrap();
        s.write(2, 0, "E002")
            .unwrap()
            .write(2, 1, "USV-F02")
            .unwrap()
            .write_number(2, 2, 6)
            .unwrap();
        s.write_datetime_with_format(2, 3, &reported, &date)
            .unwrap();
        book.save(e2e.join(file)).unwrap();
    }
}
