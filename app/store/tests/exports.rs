//! The exports as files: readiness as a number in CSV and XLSX (no data: an empty cell), the
//! Lägesrapport's pack with a row per risk and statuses in words, and every sheet set up to print.

mod support;

use calamine::{Data, Reader};
use readiness_rules::{Lang, PlanStatus};
use readiness_store::export::{self, FileFormat, MatrixRequest};
use support::{StoreDb, fixture};

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 10, 15).unwrap()
}

/// The base fixture and a unit, E3, that has reported nothing.
async fn base_with_unit_without_data() -> StoreDb {
    let db = StoreDb::new().await;
    db.import_dir(&fixture("base")).await;
    db.import_file_bytes(
        readiness_store::import::ImportKind::Units,
        "kod;namn;vardgivare\nE3;Ny enhet;Danderyds sjukhus\n".as_bytes(),
    )
    .await;
    db
}

fn matrix_request(lang: Lang) -> MatrixRequest {
    MatrixRequest {
        evaluation: Some("USV2026".into()),
        as_of: as_of(),
        filter: Default::default(),
        lang,
    }
}

fn book(bytes: &[u8]) -> calamine::Xlsx<std::io::Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap()
}

fn rows(book: &mut calamine::Xlsx<std::io::Cursor<Vec<u8>>>, sheet: &str) -> Vec<Vec<Data>> {
    book.worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("{sheet}: {e}"))
        .rows()
        .map(<[Data]>::to_vec)
        .collect()
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// Every part of an XLSX file by name.
fn xlsx_parts(bytes: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut xml = String::new();
            file.read_to_string(&mut xml).unwrap();
            (file.name().unwrap().to_string(), xml)
        })
        .collect()
}

/// The CSV as `pandas.read_csv(path, sep=';', decimal=',')` reads it: the head, and per row a
/// number where the field is one with decimal comma, `None` where it is empty.
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM");
    let mut lines = text.trim_end().split("\r\n");
    let head = lines.next().unwrap().split(';').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(';').map(String::from).collect())
        .collect();
    (head, rows)
}

fn csv_number(field: &str) -> Option<f64> {
    if field.is_empty() {
        return None;
    }
    Some(
        field
            .replace(',', ".")
            .parse()
            .unwrap_or_else(|_| panic!("{field:?} is not a number with decimal comma")),
    )
}

#[tokio::test]
async fn matrix_readiness_is_a_number_with_its_unit_in_the_head_and_no_data_is_empty() {
    let db = base_with_unit_without_data().await;
    for (lang, head) in [(Lang::Sv, "Beredskap (%)"), (Lang::En, "Readiness (%)")] {
        let csv = export::matrix(&db.pool, &matrix_request(lang), FileFormat::Csv)
            .await
            .unwrap();
        let (header, csv_rows) = read_csv(&csv);
        let column = header.iter().position(|h| h == head).expect(head);
        let xlsx = export::matrix(&db.pool, &matrix_request(lang), FileFormat::Xlsx)
            .await
            .unwrap();
        let mut book = book(&xlsx);
        let sheet = rows(&mut book, "USV2026");
        assert_eq!(cell_text(&sheet[0][column]), head, "the same head in XLSX");
        assert_eq!(csv_rows.len(), 3, "E1, E2, E3");
        for (csv_row, xlsx_row) in csv_rows.iter().zip(&sheet[1..]) {
            assert_eq!(csv_row[0], cell_text(&xlsx_row[0]));
            let csv_value = csv_number(&csv_row[column]);
            match (&xlsx_row[column], csv_value) {
                (Data::Float(share), Some(percent)) => {
                    assert!((0.0..=1.0).contains(share), "a native percent: {share}");
                    assert_eq!(percent, (share * 1000.0).round() / 10.0, "{csv_row:?}");
                }
                (Data::Empty, None) => assert_eq!(csv_row[0], "E3", "only E3 has no data"),
                other => panic!("{}: {other:?}", csv_row[0]),
            }
        }
        let e3 = csv_rows.iter().find(|r| r[0] == "E3").unwrap();
        assert_eq!(e3[column], "", "no data: empty, not 0");
        let e1 = csv_rows.iter().find(|r| r[0] == "E1").unwrap();
        assert!(csv_number(&e1[column]).is_some(), "E1 has data: {e1:?}");
    }
}

#[tokio::test]
async fn report_pack_has_a_row_per_risk_task_and_plan_with_statuses_in_words() {
    let db = base_with_unit_without_data().await;
    let report = readiness_store::baselines::status_report(&db.pool, as_of(), None)
        .await
        .unwrap()
        .unwrap();
    let evaluation = &report.evaluations[0];
    let risk_count: usize = evaluation.at_risk.iter().map(|u| u.risks.len()).sum();
    let plan_count: usize = evaluation.at_risk.iter().map(|u| u.plans.len()).sum();
    assert!(risk_count >= 2, "the fixture has risks: {evaluation:?}");
    assert!(
        evaluation
            .at_risk
            .iter()
            .flat_map(|u| &u.plans)
            .any(|p| p.status == PlanStatus::InProgress),
        "the fixture has a plan in progress"
    );
    for (lang, sheet, risk, task, plan) in [
        (
            Lang::Sv,
            "USV2026 risker",
            "Risk",
            "Att göra",
            "Öppen åtgärd",
        ),
        (Lang::En, "USV2026 risks", "Risk", "To do", "Open plan"),
    ] {
        let pack = export::status_report_pack(&report, lang).unwrap();
        let mut book = book(&pack);
        let table = rows(&mut book, sheet);
        let head: Vec<String> = table[0].iter().map(cell_text).collect();
        let at = |name: &str| head.iter().position(|h| h == name).expect(name);
        let (kind, criterion, description, status) = match lang {
            Lang::Sv => (at("Typ"), at("Kriterium"), at("Beskrivning"), at("Status")),
            Lang::En => (at("Type"), at("Criterion"), at("Description"), at("Status")),
        };
        let body = &table[1..];
        for u in &evaluation.at_risk {
            let of_unit: Vec<&Vec<Data>> =
                body.iter().filter(|r| cell_text(&r[0]) == u.code).collect();
            let risks: Vec<(String, String)> = of_unit
                .iter()
                .filter(|r| cell_text(&r[kind]) == risk)
                .map(|r| (cell_text(&r[criterion]), cell_text(&r[description])))
                .collect();
            let expected: Vec<(String, String)> = u
                .risks
                .iter()
                .map(|r| (r.criterion.clone(), r.text(lang)))
                .collect();
            assert_eq!(risks, expected, "{}: one row per risk", u.code);
            let tasks: Vec<String> = of_unit
                .iter()
                .filter(|r| cell_text(&r[kind]) == task)
                .map(|r| cell_text(&r[description]))
                .collect();
            let expected: Vec<String> = u.tasks.iter().map(|t| t.text(lang)).collect();
            assert_eq!(tasks, expected, "{}: one row per task", u.code);
            let plans: Vec<String> = of_unit
                .iter()
                .filter(|r| cell_text(&r[kind]) == plan)
                .map(|r| cell_text(&r[status]))
                .collect();
            let expected: Vec<String> = u
                .plans
                .iter()
                .map(|p| p.status.label(lang).to_string())
                .collect();
            assert_eq!(plans, expected, "{}: one row per plan", u.code);
            assert!(!of_unit.is_empty(), "{}: listed", u.code);
        }
        assert_eq!(
            body.iter().filter(|r| cell_text(&r[kind]) == risk).count(),
            risk_count
        );
        assert_eq!(
            body.iter().filter(|r| cell_text(&r[kind]) == plan).count(),
            plan_count
        );
        let in_progress = PlanStatus::InProgress.label(lang);
        assert!(
            body.iter().any(|r| cell_text(&r[status]) == in_progress),
            "{in_progress}"
        );
        for name in book.sheet_names() {
            for row in rows(&mut book, &name) {
                for cell in &row {
                    let text = cell_text(cell);
                    assert!(
                        PlanStatus::ALL
                            .iter()
                            .filter(|s| s.code() != s.label(lang))
                            .all(|s| text != s.code()),
                        "{name}: a status code: {text}"
                    );
                    assert!(
                        name != sheet || !text.contains("; "),
                        "{name}: a list in one cell: {text}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn report_pack_count_sheets_carry_the_share_the_printed_report_shows() {
    let db = base_with_unit_without_data().await;
    let report = readiness_store::baselines::status_report(&db.pool, as_of(), None)
        .await
        .unwrap()
        .unwrap();
    let evaluation = &report.evaluations[0];
    assert!(evaluation.providers.len() >= 3);
    for lang in [Lang::Sv, Lang::En] {
        let pack = export::status_report_pack(&report, lang).unwrap();
        let mut book = book(&pack);
        let names = match lang {
            Lang::Sv => ["USV2026 vårdgivare", "USV2026 områden"],
            Lang::En => ["USV2026 providers", "USV2026 areas"],
        };
        for (sheet, expected) in names
            .into_iter()
            .zip([&evaluation.providers, &evaluation.areas])
        {
            let table = rows(&mut book, sheet);
            let column = table[0]
                .iter()
                .position(|h| {
                    cell_text(h) == readiness_rules::tr(lang, "Beredskap (%)", "Readiness (%)")
                })
                .unwrap_or_else(|| panic!("{sheet}: a readiness column"));
            assert_eq!(table.len(), 1 + expected.len(), "{sheet}");
            for (row, (name, counts)) in table[1..].iter().zip(expected) {
                assert_eq!(cell_text(&row[0]), *name);
                match (counts.readiness(), &row[column]) {
                    (Some(percent), Data::Float(share)) => {
                        assert!((share * 100.0 - percent).abs() < 1e-9, "{sheet} {name}")
                    }
                    (None, Data::Empty) => {}
                    other => panic!("{sheet} {name}: {other:?}"),
                }
            }
        }
    }
}

#[tokio::test]
async fn unit_export_writes_plan_statuses_in_words() {
    let db = base_with_unit_without_data().await;
    for (lang, sheet, word) in [
        (Lang::Sv, "Åtgärder", "pågår"),
        (Lang::En, "Actions", "in progress"),
    ] {
        let bytes = export::unit(&db.pool, "E2", as_of(), lang).await.unwrap();
        let table = rows(&mut book(&bytes), sheet);
        let statuses: Vec<String> = table[1..].iter().map(|r| cell_text(&r[5])).collect();
        assert_eq!(
            statuses,
            [word, PlanStatus::Done.label(lang)],
            "E2's two plans"
        );
    }
}

/// Every worksheet of `bytes` is A4, one page wide, its head on every page (when it has one),
/// with page numbers in `footer`; returns the worksheets' XML.
fn assert_print_setup(what: &str, bytes: &[u8], footer: &str, heads: usize) -> Vec<String> {
    let parts = xlsx_parts(bytes);
    let sheets: Vec<String> = parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
        .map(|(_, xml)| xml.clone())
        .collect();
    assert!(!sheets.is_empty());
    for xml in &sheets {
        let Some(at) = xml.find("<pageSetup ") else {
            panic!("{what}: no page setup: {xml}");
        };
        let setup = &xml[at..at + xml[at..].find("/>").unwrap()];
        assert!(setup.contains("paperSize=\"9\""), "{what}: A4: {setup}");
        assert!(
            xml.contains("<pageSetUpPr fitToPage=\"1\"/>") && setup.contains("fitToHeight=\"0\""),
            "{what}: one page wide, any number tall: {setup}"
        );
        assert!(!setup.contains("fitToWidth"), "{what}: 1 wide: {setup}");
        assert!(
            xml.contains(&format!("<oddFooter>&amp;C{footer}</oddFooter>")),
            "{what}: page numbers"
        );
        assert!(xml.contains("<oddHeader>"), "{what}: the sheet's name");
    }
    let workbook = &parts
        .iter()
        .find(|(n, _)| n == "xl/workbook.xml")
        .unwrap()
        .1;
    assert_eq!(
        workbook.matches("_xlnm.Print_Titles").count(),
        heads,
        "{what}: {workbook}"
    );
    sheets
}

#[tokio::test]
async fn every_exported_sheet_is_set_up_for_print() {
    let db = base_with_unit_without_data().await;
    let sv = "Sida &amp;P av &amp;N";
    let en = "Page &amp;P of &amp;N";
    for (lang, footer) in [(Lang::Sv, sv), (Lang::En, en)] {
        let matrix = export::matrix(
            &db.pool,
            &MatrixRequest {
                evaluation: None,
                ..matrix_request(lang)
            },
            FileFormat::Xlsx,
        )
        .await
        .unwrap();
        let sheets = assert_print_setup("matrix", &matrix, footer, 3);
        assert!(
            sheets[0].contains("orientation=\"landscape\""),
            "the wide matrix"
        );
        assert!(
            sheets[1].contains("orientation=\"landscape\""),
            "the details"
        );
        assert!(
            sheets[2].contains("orientation=\"portrait\""),
            "the two columns of the about sheet"
        );
        let report = readiness_store::baselines::status_report(&db.pool, as_of(), None)
            .await
            .unwrap()
            .unwrap();
        let pack = export::status_report_pack(&report, lang).unwrap();
        let sheets = book(&pack).sheet_names().len();
        assert_print_setup("report", &pack, footer, sheets);
        let unit = export::unit(&db.pool, "E1", as_of(), lang).await.unwrap();
        let sheets = book(&unit).sheet_names().len();
        assert_print_setup("unit", &unit, footer, sheets);
    }
    let values = export::values(&db.pool, None, FileFormat::Xlsx)
        .await
        .unwrap();
    assert_print_setup("values", &values, sv, 1);
    // The template: its data sheet's head repeats, the instructions have none to repeat; the
    // lists are a hidden sheet, never printed.
    let template = export::template(&db.pool, readiness_store::import::ImportKind::Values)
        .await
        .unwrap();
    let parts = xlsx_parts(&template);
    for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        let xml = &parts.iter().find(|(n, _)| n == sheet).unwrap().1;
        assert!(
            xml.contains("paperSize=\"9\"") && xml.contains(sv),
            "{sheet}"
        );
    }
    let workbook = &parts
        .iter()
        .find(|(n, _)| n == "xl/workbook.xml")
        .unwrap()
        .1;
    assert_eq!(workbook.matches("_xlnm.Print_Titles").count(), 1);
}
