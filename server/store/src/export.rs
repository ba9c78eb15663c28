//! Spreadsheets out: the matrix, a unit's details and the current values as XLSX (or CSV for
//! Swedish Excel), and an XLSX template per import kind.
//!
//! XLSX cells are typed (dates as dates, numbers as numbers, text as text, so nothing can run as a
//! formula); CSV is `;`-separated UTF-8 with BOM and decimal comma, and a text cell that starts
//! like a formula (`= + - @`, tab, CR) gets a leading `'`, which the import removes again.

use chrono::NaiveDate;
use readiness_rules::{
    Assessment, Dataset, Kind, Lang, Light, MatrixFilter, Reported, Text, format_date, tr,
    valid_until,
};
use rust_xlsxwriter::{
    Color, DataValidation, ExcelDateTime, Format, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};
use sqlx::SqlitePool;

use crate::StoreError;
use crate::import::{ImportKind, columns};
use crate::queries;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// What was asked for does not exist; says which, in both languages.
    #[error("{0}")]
    NotFound(Text),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("XLSX could not be written: {0}")]
    Xlsx(#[from] XlsxError),
}

impl From<sqlx::Error> for ExportError {
    fn from(e: sqlx::Error) -> Self {
        ExportError::Store(StoreError::Database(e))
    }
}

fn unknown_evaluation(code: &str) -> Text {
    Text::new(
        format!("Utvärderingen {code} finns inte."),
        format!("No evaluation has the code {code}."),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Xlsx,
    Csv,
}

impl FileFormat {
    pub fn from_code(code: &str) -> Option<FileFormat> {
        match code {
            "xlsx" => Some(FileFormat::Xlsx),
            "csv" => Some(FileFormat::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "xlsx",
            FileFormat::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// What a matrix export holds.
#[derive(Debug, Clone)]
pub struct MatrixRequest {
    /// `None`: every evaluation, a sheet each (XLSX only).
    pub evaluation: Option<String>,
    pub as_of: NaiveDate,
    pub filter: MatrixFilter,
    pub lang: Lang,
}

// ---------------------------------------------------------------- cells

/// A typed cell, written natively to XLSX and as Swedish Excel reads it to CSV.
enum Cell {
    Text(String),
    Number(f64),
    /// A share 0–100 shown as a percent.
    Percent(f64),
    Date(NaiveDate),
    Light(Light),
    Empty,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn reported_cell(value: &Reported, lang: Lang) -> Cell {
    match value {
        Reported::Number(n) => Cell::Number(*n),
        other => text(readiness_rules::format_reported(other, false, lang)),
    }
}

/// A cell of the values export, which the import must read back unchanged.
fn canonical_cell(value: &Reported) -> Cell {
    match value {
        Reported::Number(n) => Cell::Number(*n),
        other => text(other.canonical()),
    }
}

/// A text that would start a formula when a spreadsheet opens the CSV gets a leading `'`.
pub fn guard_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// `12,5` — Swedish Excel's decimal comma, no thousands separator (it would become text).
fn csv_number(n: f64) -> String {
    let plain = Reported::Number(n).canonical();
    plain.replace('.', ",")
}

fn csv_field(cell: &Cell, lang: Lang) -> String {
    let raw = match cell {
        Cell::Text(s) => guard_formula(s).into_owned(),
        Cell::Number(n) => csv_number(*n),
        Cell::Percent(p) => format!("{} %", csv_number((p * 10.0).round() / 10.0)),
        Cell::Date(d) => format_date(*d),
        Cell::Light(l) => l.label(lang).to_string(),
        Cell::Empty => String::new(),
    };
    if raw.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", raw.replace('"', "\"\""))
    } else {
        raw
    }
}

/// A table to write: a sheet in XLSX, the whole file in CSV.
struct Sheet {
    name: String,
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
    /// Columns kept in view when scrolling right (code and name).
    frozen_columns: u16,
}

fn csv_bytes(sheet: &Sheet, lang: Lang) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = sheet
        .headers
        .iter()
        .map(|h| csv_field(&Cell::Text(h.clone()), lang))
        .collect();
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    for row in &sheet.rows {
        let fields: Vec<String> = row.iter().map(|c| csv_field(c, lang)).collect();
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// Fill and font for a light; the text says the same, so colour is never the only signal.
fn light_format(light: Light) -> Format {
    let (fill, font) = match light {
        Light::Green => (0xC6EFCE, 0x006100),
        Light::Amber => (0xFFEB9C, 0x7A4500),
        Light::Red => (0xFFC7CE, 0x9C0006),
        Light::Grey => (0xE7E6E6, 0x3A3A3A),
        Light::NotApplicable => (0xFFFFFF, 0x595959),
    };
    Format::new()
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(font))
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE4EE))
        .set_border_bottom(FormatBorder::Thin)
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn write_sheet(worksheet: &mut Worksheet, sheet: &Sheet, lang: Lang) -> Result<(), XlsxError> {
    worksheet.set_name(&sheet.name)?;
    let header = header_format();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let percent = Format::new().set_num_format("0%");
    let lights = Light::ALL.map(|l| (l, light_format(l)));
    for (c, h) in sheet.headers.iter().enumerate() {
        worksheet.write_string_with_format(0, c as u16, h, &header)?;
    }
    let mut widths: Vec<usize> = sheet.headers.iter().map(|h| h.chars().count()).collect();
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let shown = match cell {
                Cell::Text(s) => {
                    // A string cell: Excel never evaluates it, whatever it starts with.
                    worksheet.write_string(r, col, s)?;
                    s.chars().count()
                }
                Cell::Number(n) => {
                    worksheet.write_number(r, col, *n)?;
                    8
                }
                Cell::Percent(p) => {
                    worksheet.write_number_with_format(r, col, p / 100.0, &percent)?;
                    6
                }
                Cell::Date(d) => {
                    // Excel has no dates before 1900 (nor after 9999): such a date, stored before
                    // dates were bounded, is written as text rather than failing the export.
                    match excel_date(*d) {
                        Ok(excel) => worksheet.write_datetime_with_format(r, col, excel, &date)?,
                        Err(_) => worksheet.write_string(r, col, d.to_string())?,
                    };
                    10
                }
                Cell::Light(l) => {
                    let format = &lights.iter().find(|(x, _)| x == l).expect("every light").1;
                    worksheet.write_string_with_format(r, col, l.label(lang), format)?;
                    l.label(lang).chars().count()
                }
                Cell::Empty => 0,
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(shown);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        worksheet.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 60.0))?;
    }
    worksheet.set_freeze_panes(1, sheet.frozen_columns)?;
    if !sheet.headers.is_empty() {
        worksheet.autofilter(
            0,
            0,
            sheet.rows.len() as u32,
            sheet.headers.len() as u16 - 1,
        )?;
    }
    Ok(())
}

/// Key facts about an export, as a last sheet: what, as of when, which filters.
fn about_sheet(
    workbook: &mut Workbook,
    lines: &[(&str, Cell)],
    lang: Lang,
) -> Result<(), XlsxError> {
    let sheet = Sheet {
        name: tr(lang, "Om exporten", "About").into(),
        headers: vec![
            tr(lang, "Uppgift", "Item").into(),
            tr(lang, "Värde", "Value").into(),
        ],
        rows: lines
            .iter()
            .map(|(k, v)| {
                vec![
                    text(*k),
                    match v {
                        Cell::Text(s) => text(s.clone()),
                        Cell::Date(d) => Cell::Date(*d),
                        Cell::Number(n) => Cell::Number(*n),
                        _ => Cell::Empty,
                    },
                ]
            })
            .collect(),
        frozen_columns: 0,
    };
    write_sheet(workbook.add_worksheet(), &sheet, lang)
}

/// Excel allows 31 characters and none of `[]:*?/\` in a sheet name.
fn sheet_name(raw: &str) -> String {
    raw.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect()
}

/// A file of one table in the import's own columns: CSV, or XLSX with one sheet.
fn one_sheet(sheet: &Sheet, format: FileFormat) -> Result<Vec<u8>, ExportError> {
    match format {
        FileFormat::Csv => Ok(csv_bytes(sheet, Lang::Sv)),
        FileFormat::Xlsx => {
            let mut workbook = Workbook::new();
            write_sheet(workbook.add_worksheet(), sheet, Lang::Sv)?;
            Ok(workbook.save_to_buffer()?)
        }
    }
}

// ---------------------------------------------------------------- matrix

fn matrix_sheets(dataset: &Dataset, request: &MatrixRequest) -> (Sheet, Sheet) {
    let lang = request.lang;
    let board = dataset.board(request.as_of);
    let columns: Vec<usize> = dataset
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| request.filter.keeps_criterion(&c.area))
        .map(|(i, _)| i)
        .collect();
    let units: Vec<usize> = dataset
        .units
        .iter()
        .enumerate()
        .filter(|(i, u)| {
            request.filter.keeps_unit(
                &u.code,
                &u.name,
                &u.care_provider,
                board.summaries[*i].overall,
            )
        })
        .map(|(i, _)| i)
        .collect();

    let mut headers: Vec<String> = [
        tr(lang, "Enhet", "Unit"),
        tr(lang, "Namn", "Name"),
        tr(lang, "Vårdgivare", "Care provider"),
        tr(lang, "Samlat ljus", "Overall light"),
        tr(lang, "Beredskap", "Readiness"),
    ]
    .map(String::from)
    .to_vec();
    headers.extend(columns.iter().map(|&c| dataset.criteria[c].code.clone()));
    let wide = Sheet {
        name: sheet_name(&dataset.evaluation.code),
        headers,
        rows: units
            .iter()
            .map(|&u| {
                let unit = &dataset.units[u];
                let summary = &board.summaries[u];
                let mut row = vec![
                    text(&unit.code),
                    text(&unit.name),
                    text(&unit.care_provider),
                    Cell::Light(summary.overall),
                    summary.readiness.map_or(Cell::Empty, Cell::Percent),
                ];
                row.extend(
                    columns
                        .iter()
                        .map(|&c| Cell::Light(board.cells[u][c].light)),
                );
                row
            })
            .collect(),
        frozen_columns: 2,
    };

    let long_headers = [
        tr(lang, "Enhet", "Unit"),
        tr(lang, "Namn", "Name"),
        tr(lang, "Vårdgivare", "Care provider"),
        tr(lang, "Kriterium", "Criterion"),
        tr(lang, "Titel", "Title"),
        tr(lang, "Område", "Area"),
        tr(lang, "Ljus", "Light"),
        tr(lang, "Skäl", "Reason"),
        tr(lang, "Värde", "Value"),
        tr(lang, "Mätdatum", "Measured"),
        tr(lang, "Giltigt till", "Valid until"),
    ]
    .map(String::from)
    .to_vec();
    let mut long_rows = Vec::new();
    for &u in &units {
        let unit = &dataset.units[u];
        for &c in &columns {
            let criterion = &dataset.criteria[c];
            let Assessment { light, reason } = &board.cells[u][c];
            let source = board.source(dataset, u, c);
            long_rows.push(vec![
                text(&unit.code),
                text(&unit.name),
                text(&unit.care_provider),
                text(&criterion.code),
                text(criterion.title_in(lang)),
                text(&criterion.area),
                Cell::Light(*light),
                text(reason.text(lang)),
                source.map_or(Cell::Empty, |v| reported_cell(&v.value, lang)),
                source.map_or(Cell::Empty, |v| Cell::Date(v.measured)),
                source.map_or(Cell::Empty, |v| {
                    Cell::Date(valid_until(v.measured, criterion.rule.validity_months))
                }),
            ]);
        }
    }
    let long = Sheet {
        name: sheet_name(&format!(
            "{} {}",
            dataset.evaluation.code,
            tr(lang, "detaljer", "details")
        )),
        headers: long_headers,
        rows: long_rows,
        frozen_columns: 2,
    };
    (wide, long)
}

/// The matrix of one evaluation (CSV: the wide table) or of every evaluation (XLSX: a matrix and
/// a details sheet per evaluation).
pub async fn matrix(
    pool: &SqlitePool,
    request: &MatrixRequest,
    format: FileFormat,
) -> Result<Vec<u8>, ExportError> {
    let codes: Vec<String> = match &request.evaluation {
        Some(code) => vec![code.clone()],
        None if format == FileFormat::Csv => {
            return Err(ExportError::NotFound(Text::new(
                "CSV: välj en utvärdering.",
                "CSV: choose one evaluation.",
            )));
        }
        None => queries::list_evaluations(pool)
            .await?
            .into_iter()
            .map(|e| e.code)
            .collect(),
    };
    let mut sheets = Vec::new();
    for code in &codes {
        let dataset = queries::load_dataset(pool, code)
            .await?
            .ok_or_else(|| ExportError::NotFound(unknown_evaluation(code)))?;
        sheets.push(matrix_sheets(&dataset, request));
    }
    match format {
        FileFormat::Csv => Ok(csv_bytes(&sheets[0].0, request.lang)),
        FileFormat::Xlsx => {
            let lang = request.lang;
            let mut workbook = Workbook::new();
            for (wide, long) in &sheets {
                write_sheet(workbook.add_worksheet(), wide, lang)?;
                write_sheet(workbook.add_worksheet(), long, lang)?;
            }
            let f = &request.filter;
            let mut about = vec![
                (
                    tr(lang, "Innehåll", "Content"),
                    text(tr(
                        lang,
                        "Matris: ljus per enhet och kriterium",
                        "Matrix: light per unit and criterion",
                    )),
                ),
                (
                    tr(lang, "Utvärderingar", "Evaluations"),
                    text(codes.join(", ")),
                ),
                (tr(lang, "Per datum", "As of"), Cell::Date(request.as_of)),
            ];
            for (label, value) in [
                (
                    tr(lang, "Filter vårdgivare", "Filter care provider"),
                    &f.provider,
                ),
                (tr(lang, "Filter område", "Filter area"), &f.area),
                (tr(lang, "Filter ljus", "Filter light"), &f.light),
                (tr(lang, "Filter sök", "Filter search"), &f.text),
            ] {
                if !value.is_empty() {
                    about.push((label, text(value.clone())));
                }
            }
            about_sheet(&mut workbook, &about, lang)?;
            Ok(workbook.save_to_buffer()?)
        }
    }
}

// ---------------------------------------------------------------- values

/// Every current value (all measured dates) in the import's own columns, so that importing the
/// export changes nothing. `evaluation` limits it to one evaluation's criteria.
pub async fn values(
    pool: &SqlitePool,
    evaluation: Option<&str>,
    format: FileFormat,
) -> Result<Vec<u8>, ExportError> {
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(concat!(
        "SELECT u.code, c.code, c.kind, v.measured, v.value, v.comment || char(31) || v.evidence \
         FROM unit_values v JOIN units u ON u.id = v.unit_id JOIN criteria c ON c.id = v.criterion_id \
         JOIN evaluations e ON e.id = c.evaluation_id \
         WHERE (?1 IS NULL OR e.code = ?1) AND ",
        crate::v_is_current!(),
        " ORDER BY u.code, c.position, v.measured"
    ))
    .bind(evaluation)
    .fetch_all(pool)
    .await?;
    let mut table = Vec::with_capacity(rows.len());
    for (unit, criterion, kind, measured, value, notes) in rows {
        let kind = Kind::from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("bad stored kind {kind:?}")))?;
        let value = readiness_rules::parse_reported(kind, &value)
            .map_err(|e| StoreError::Corrupt(format!("stored value {value:?}: {e}")))?;
        // Stored dates are read as stored: the plausible range is for new input only.
        let measured = NaiveDate::parse_from_str(&measured, "%Y-%m-%d")
            .map_err(|e| StoreError::Corrupt(format!("stored date {measured:?}: {e}")))?;
        let (comment, evidence) = notes.split_once('\u{1f}').unwrap_or((&notes, ""));
        table.push(vec![
            text(unit),
            text(criterion),
            canonical_cell(&value),
            Cell::Date(measured),
            text(comment),
            text(evidence),
        ]);
    }
    let sheet = Sheet {
        name: "varden".into(),
        headers: [
            "enhet",
            "kriterium",
            "varde",
            "datum",
            "kommentar",
            "underlag",
        ]
        .map(String::from)
        .to_vec(),
        rows: table,
        frozen_columns: 2,
    };
    one_sheet(&sheet, format)
}

// ---------------------------------------------------------------- criteria

/// The criteria in the import's own columns (for editing in Excel and importing back), one
/// evaluation or all.
pub async fn criteria(
    pool: &SqlitePool,
    evaluation: Option<&str>,
    format: FileFormat,
) -> Result<Vec<u8>, ExportError> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<f64>,
        Option<f64>,
        i64,
        i64,
        i64,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.code, e.code, c.area, c.origin, c.title, c.title_en, c.kind, c.green, c.amber, \
         c.mandatory, c.requires_evidence, c.validity_months, c.description FROM criteria c \
         JOIN evaluations e ON e.id = c.evaluation_id WHERE (?1 IS NULL OR e.code = ?1) \
         ORDER BY e.deadline, e.code, c.position",
    )
    .bind(evaluation)
    .fetch_all(pool)
    .await?;
    if let Some(code) = evaluation
        && rows.is_empty()
        && !queries::list_evaluations(pool)
            .await?
            .iter()
            .any(|e| e.code == code)
    {
        return Err(ExportError::NotFound(unknown_evaluation(code)));
    }
    let yes_no = |b: i64| text(if b != 0 { "ja" } else { "nej" });
    let sheet = Sheet {
        name: "kriterier".into(),
        headers: [
            "kod",
            "utvardering",
            "omrade",
            "ursprung",
            "titel",
            "titel_en",
            "typ",
            "gron",
            "gul",
            "obligatorisk",
            "kraver_underlag",
            "giltighet_manader",
            "beskrivning",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .into_iter()
            .map(|r| {
                vec![
                    text(r.0),
                    text(r.1),
                    text(r.2),
                    text(r.3),
                    text(r.4),
                    text(r.5),
                    text(r.6),
                    r.7.map_or(Cell::Empty, Cell::Number),
                    r.8.map_or(Cell::Empty, Cell::Number),
                    yes_no(r.9),
                    yes_no(r.10),
                    Cell::Number(r.11 as f64),
                    text(r.12),
                ]
            })
            .collect(),
        frozen_columns: 1,
    };
    one_sheet(&sheet, format)
}

// ---------------------------------------------------------------- one unit

/// One unit: a sheet per evaluation (criterion, light, reason, value, dates, comment, evidence)
/// and its action plans.
pub async fn unit(
    pool: &SqlitePool,
    code: &str,
    as_of: NaiveDate,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    let units = queries::list_units(pool).await?;
    let unit = units.iter().find(|u| u.code == code).ok_or_else(|| {
        ExportError::NotFound(Text::new(
            format!("Enheten {code} finns inte."),
            format!("No unit has the code {code}."),
        ))
    })?;
    let mut workbook = Workbook::new();
    let mut plan_rows = Vec::new();
    for evaluation in queries::list_evaluations(pool).await? {
        let Some(dataset) = queries::load_dataset(pool, &evaluation.code).await? else {
            continue;
        };
        let Some(u) = dataset.units.iter().position(|x| x.code == code) else {
            continue;
        };
        let board = dataset.board(as_of).await?;
        let rows = dataset
            .criteria
            .iter()
            .enumerate()
            .map(|(c, criterion)| {
                let Assessment { light, reason } = &board.cells[u][c];
                let source = board.source(&dataset, u, c);
                vec![
                    text(&criterion.code),
                    text(criterion.title_in(lang)),
                    text(&criterion.area),
                    Cell::Light(*light),
                    text(reason.text(lang)),
                    source.map_or(Cell::Empty, |v| reported_cell(&v.value, lang)),
                    source.map_or(Cell::Empty, |v| Cell::Date(v.measured)),
                    source.map_or(Cell::Empty, |v| {
                        Cell::Date(valid_until(v.measured, criterion.rule.validity_months))
                    }),
                    source.map_or(Cell::Empty, |v| text(v.comment)),
                    source.map_or(Cell::Empty, |v| text(v.evidence)),
                ]
            })
            .collect();
        let sheet = Sheet {
            name: sheet_name(&evaluation.code),
            headers: [
                tr(lang, "Kriterium", "Criterion"),
                tr(lang, "Titel", "Title"),
                tr(lang, "Område", "Area"),
                tr(lang, "Ljus", "Light"),
                tr(lang, "Skäl", "Reason"),
                tr(lang, "Värde", "Value"),
                tr(lang, "Mätdatum", "Measured"),
                tr(lang, "Giltigt till", "Valid until"),
                tr(lang, "Kommentar", "Comment"),
                tr(lang, "Underlag", "Evidence"),
            ]
            .map(String::from)
            .to_vec(),
            rows,
            frozen_columns: 1,
        };
        write_sheet(workbook.add_worksheet(), &sheet, lang)?;
        for p in dataset.plans.iter().filter(|p| p.unit == code) {
            plan_rows.push(vec![
                text(&evaluation.code),
                text(&p.criterion),
                text(&p.action),
                text(&p.owner),
                Cell::Date(p.due),
                text(p.status.code()),
            ]);
        }
    }
    let plans = Sheet {
        name: tr(lang, "Åtgärder", "Actions").into(),
        headers: [
            tr(lang, "Utvärdering", "Evaluation"),
            tr(lang, "Kriterium", "Criterion"),
            tr(lang, "Åtgärd", "Action"),
            tr(lang, "Ansvarig", "Owner"),
            tr(lang, "Klar senast", "Due"),
            tr(lang, "Status", "Status"),
        ]
        .map(String::from)
        .to_vec(),
        rows: plan_rows,
        frozen_columns: 0,
    };
    write_sheet(workbook.add_worksheet(), &plans, lang)?;
    about_sheet(
        &mut workbook,
        &[
            (
                tr(lang, "Enhet", "Unit"),
                text(format!("{} {}", unit.code, unit.name)),
            ),
            (
                tr(lang, "Vårdgivare", "Care provider"),
                text(&unit.care_provider),
            ),
            (tr(lang, "Per datum", "As of"), Cell::Date(as_of)),
        ],
        lang,
    )?;
    Ok(workbook.save_to_buffer()?)
}

// ---------------------------------------------------------------- the status report

/// A table of units or criteria per light, one row per name; optionally the share green.
fn counts_sheet(
    name: String,
    first: &str,
    rows: &[(String, readiness_rules::LightCounts)],
    with_readiness: bool,
    lang: Lang,
) -> Sheet {
    let shown = [Light::Green, Light::Amber, Light::Red, Light::Grey];
    let mut headers = vec![first.to_string()];
    headers.extend(shown.iter().map(|l| l.label(lang).to_string()));
    if with_readiness {
        headers.push(tr(lang, "Beredskap", "Readiness").to_string());
    }
    Sheet {
        name,
        headers,
        rows: rows
            .iter()
            .map(|(label, counts)| {
                let mut row = vec![text(label)];
                row.extend(
                    shown
                        .iter()
                        .map(|l| Cell::Number(f64::from(counts.get(*l)))),
                );
                if with_readiness {
                    row.push(counts.readiness().map_or(Cell::Empty, Cell::Percent));
                }
                row
            })
            .collect(),
        frozen_columns: 1,
    }
}

/// The Lägesrapport as an XLSX pack: one sheet per table of the printed report.
pub fn status_report_pack(
    report: &readiness_rules::StatusReport,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    let shown = [Light::Green, Light::Amber, Light::Red, Light::Grey];
    let light_headers = |prefix: &str| -> Vec<String> {
        shown
            .iter()
            .map(|l| format!("{prefix}{}", l.label(lang)))
            .collect()
    };
    let mut workbook = Workbook::new();
    let mut summary_headers: Vec<String> = [
        tr(lang, "Utvärdering", "Evaluation"),
        tr(lang, "Namn", "Name"),
        tr(lang, "Datum", "Date"),
        tr(lang, "Dagar kvar", "Days left"),
    ]
    .map(String::from)
    .to_vec();
    summary_headers.extend(light_headers(tr(lang, "I dag: ", "Today: ")));
    summary_headers.extend(light_headers(tr(lang, "Prognos: ", "Projected: ")));
    let summary = Sheet {
        name: tr(lang, "Sammanfattning", "Summary").into(),
        headers: summary_headers,
        rows: report
            .evaluations
            .iter()
            .map(|e| {
                let mut row = vec![
                    text(&e.code),
                    text(&e.name),
                    Cell::Date(e.deadline),
                    Cell::Number(e.days_left as f64),
                ];
                row.extend(
                    shown
                        .iter()
                        .map(|l| Cell::Number(f64::from(e.today.get(*l)))),
                );
                row.extend(
                    shown
                        .iter()
                        .map(|l| Cell::Number(f64::from(e.projected.get(*l)))),
                );
                row
            })
            .collect(),
        frozen_columns: 1,
    };
    write_sheet(workbook.add_worksheet(), &summary, lang)?;
    for e in &report.evaluations {
        let areas = counts_sheet(
            sheet_name(&format!("{} {}", e.code, tr(lang, "områden", "areas"))),
            tr(lang, "Område", "Area"),
            &e.areas,
            true,
            lang,
        );
        write_sheet(workbook.add_worksheet(), &areas, lang)?;
        let providers = counts_sheet(
            sheet_name(&format!(
                "{} {}",
                e.code,
                tr(lang, "vårdgivare", "providers")
            )),
            tr(lang, "Vårdgivare", "Care provider"),
            &e.providers,
            false,
            lang,
        );
        write_sheet(workbook.add_worksheet(), &providers, lang)?;
        let risks = Sheet {
            name: sheet_name(&format!("{} {}", e.code, tr(lang, "risker", "risks"))),
            headers: [
                tr(lang, "Enhet", "Unit"),
                tr(lang, "Namn", "Name"),
                tr(lang, "Vårdgivare", "Care provider"),
                tr(lang, "I dag", "Today"),
                tr(lang, "Prognos", "Projected"),
                tr(lang, "Risker", "Risks"),
                tr(lang, "Öppna åtgärder", "Open plans"),
            ]
            .map(String::from)
            .to_vec(),
            rows: e
                .at_risk
                .iter()
                .map(|u| {
                    vec![
                        text(&u.code),
                        text(&u.name),
                        text(&u.care_provider),
                        Cell::Light(u.today),
                        Cell::Light(u.projected),
                        text(
                            u.risks
                                .iter()
                                .map(|r| r.text(lang))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                        text(
                            u.plans
                                .iter()
                                .map(|p| {
                                    format!(
                                        "{}: {} ({}, {})",
                                        p.criterion,
                                        p.action,
                                        format_date(p.due),
                                        p.status.code()
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                    ]
                })
                .collect(),
            frozen_columns: 2,
        };
        write_sheet(workbook.add_worksheet(), &risks, lang)?;
        if let Some(changes) = &e.changes {
            let sheet = Sheet {
                name: sheet_name(&format!(
                    "{} {}",
                    e.code,
                    tr(lang, "förändringar", "changes")
                )),
                headers: [
                    tr(lang, "Enhet", "Unit"),
                    tr(lang, "Namn", "Name"),
                    tr(lang, "Ändring", "Change"),
                    tr(lang, "Före", "Before"),
                    tr(lang, "Efter", "After"),
                ]
                .map(String::from)
                .to_vec(),
                rows: changes
                    .changed_units
                    .iter()
                    .map(|u| {
                        vec![
                            text(&u.code),
                            text(&u.name),
                            text(u.movement.label(lang)),
                            u.before.map_or(Cell::Empty, Cell::Light),
                            u.after.map_or(Cell::Empty, Cell::Light),
                        ]
                    })
                    .collect(),
                frozen_columns: 2,
            };
            write_sheet(workbook.add_worksheet(), &sheet, lang)?;
        }
    }
    let mut about = vec![
        (
            tr(lang, "Innehåll", "Content"),
            text(tr(lang, "Lägesrapport", "Status report")),
        ),
        (tr(lang, "Per datum", "As of"), Cell::Date(report.as_of)),
    ];
    if let Some(b) = &report.baseline {
        about.push((
            tr(lang, "Jämfört med baslinje", "Compared with baseline"),
            text(b.clone()),
        ));
    }
    about_sheet(&mut workbook, &about, lang)?;
    Ok(workbook.save_to_buffer()?)
}

// ---------------------------------------------------------------- templates

/// Swedish name of a kind's data sheet.
fn kind_sheet(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Evaluations => "Utvärderingar",
        ImportKind::Criteria => "Kriterier",
        ImportKind::Units => "Enheter",
        ImportKind::Values => "Värden",
        ImportKind::Plans => "Åtgärder",
    }
}

/// What each column means, for the instructions sheet.
fn column_help(column: &str) -> &'static str {
    match column {
        "kod" => "Unik kod, t.ex. E001 eller USV-F01. Samma kod igen uppdaterar raden.",
        "namn" => "Namnet som visas.",
        "genomfors_av" => "Vem som genomför utvärderingen, t.ex. Socialstyrelsen.",
        "datum" => "Datum ÅÅÅÅ-MM-DD (datumcell eller text). Excels serienummer godtas också.",
        "utvardering" => "Utvärderingens kod (välj i listan).",
        "omrade" => "Område eller panel, fritext; kriterier med samma område grupperas.",
        "ursprung" => "nationell eller regional (välj i listan). Tomt = nationell.",
        "titel" => "Kriteriets titel på svenska.",
        "titel_en" => "Titel på engelska (valfri).",
        "typ" => "ja_nej, antal, andel (procent 0–100) eller underlag (välj i listan).",
        "gron" => "antal/andel: värde som ger grönt, t.ex. 80 eller 12,5.",
        "gul" => "antal/andel: värde som ger gult (lägre än grönt). Tomt = inget gult.",
        "obligatorisk" => "ja eller nej: ett rött obligatoriskt kriterium gör enheten röd.",
        "kraver_underlag" => "ja eller nej: grönt kräver ett angivet underlag.",
        "giltighet_manader" => "Hur många månader ett värde gäller (1–240). Tomt = 12.",
        "beskrivning" => "Längre beskrivning (valfri).",
        "vardgivare" => "Vårdgivare, t.ex. Karolinska Universitetssjukhuset.",
        "verksamhetschef" => "Ansvarig chef (valfri).",
        "epost" => "E-postadress (valfri).",
        "enhet" => "Enhetens kod (välj i listan).",
        "kriterium" => "Kriteriets kod (välj i listan).",
        "varde" => {
            "ja_nej: Ja/Nej (även JA, ja, x). antal: tal, decimalkomma går bra (12,5; 1 234). andel: procent, t.ex. 85 eller 85 %. Alla typer: ej tillämplig."
        }
        "kommentar" => "Fritext (valfri).",
        "underlag" => "Var underlaget finns, t.ex. en länk eller ett diarienummer.",
        "atgard" => "Vad som ska göras; samma text igen uppdaterar åtgärden.",
        "ansvarig" => "Vem som ansvarar (valfri).",
        "klar_senast" => "Datum ÅÅÅÅ-MM-DD då åtgärden ska vara klar.",
        "status" => "planerad, pagar eller klar (välj i listan).",
        _ => "",
    }
}

/// An XLSX template for `kind`: the headers, drop-down lists (with the current unit, criterion
/// and evaluation codes) and a sheet of instructions in Swedish.
pub async fn template(pool: &SqlitePool, kind: ImportKind) -> Result<Vec<u8>, ExportError> {
    let units: Vec<String> = sqlx::query_scalar("SELECT code FROM units ORDER BY code")
        .fetch_all(pool)
        .await?;
    let criteria: Vec<String> = sqlx::query_scalar(
        "SELECT c.code FROM criteria c JOIN evaluations e ON e.id = c.evaluation_id \
         ORDER BY e.deadline, e.code, c.position",
    )
    .fetch_all(pool)
    .await?;
    let evaluations: Vec<String> =
        sqlx::query_scalar("SELECT code FROM evaluations ORDER BY deadline, code")
            .fetch_all(pool)
            .await?;

    let mut workbook = Workbook::new();
    let header = header_format();
    let required = header_format().set_background_color(Color::RGB(0xF4CCCC));
    let columns = columns(kind);
    // Rows that get drop-downs and date checks; enough for any list a unit keeps.
    const LAST_ROW: u32 = 5000;

    // The lists live on a hidden sheet so the drop-downs can be long.
    let lists: Vec<(&str, Vec<String>)> = vec![
        ("enhet", units),
        ("kriterium", criteria),
        ("utvardering", evaluations),
        (
            "typ",
            ["ja_nej", "antal", "andel", "underlag"]
                .map(String::from)
                .to_vec(),
        ),
        (
            "status",
            ["planerad", "pagar", "klar"].map(String::from).to_vec(),
        ),
        (
            "ursprung",
            ["nationell", "regional"].map(String::from).to_vec(),
        ),
        ("ja_nej", ["ja", "nej"].map(String::from).to_vec()),
    ];

    {
        let data = workbook.add_worksheet();
        data.set_name(kind_sheet(kind))?;
        for (c, spec) in columns.iter().enumerate() {
            let col = c as u16;
            data.write_string_with_format(
                0,
                col,
                spec.name,
                if spec.required { &required } else { &header },
            )?;
            data.set_column_width(col, (spec.name.len() as f64 + 4.0).max(14.0))?;
            let list = match spec.name {
                "obligatorisk" | "kraver_underlag" => Some("ja_nej"),
                name => lists.iter().find(|(n, _)| *n == name).map(|(n, _)| *n),
            };
            if let Some(list) = list {
                let index = lists.iter().position(|(n, _)| *n == list).unwrap_or(0);
                let len = lists[index].1.len().max(1);
                let letter = crate::import::column_letters(index as u32);
                let validation = DataValidation::new()
                    .allow_list_formula(Formula::new(format!(
                        "=Listor!${letter}$2:${letter}${}",
                        len + 1
                    )))
                    .set_error_title("Välj i listan")?
                    .set_error_message(format!("Välj ett värde i listan för {}.", spec.name))?;
                data.add_data_validation(1, col, LAST_ROW, col, &validation)?;
            }
            if matches!(spec.name, "datum" | "klar_senast") {
                let validation = DataValidation::new()
                    .allow_date(rust_xlsxwriter::DataValidationRule::Between(
                        ExcelDateTime::from_ymd(1950, 1, 1)?,
                        ExcelDateTime::from_ymd(2099, 12, 31)?,
                    ))
                    .set_error_title("Datum")?
                    .set_error_message("Skriv ett datum ÅÅÅÅ-MM-DD.")?;
                data.add_data_validation(1, col, LAST_ROW, col, &validation)?;
                data.set_column_format(col, &Format::new().set_num_format("yyyy-mm-dd"))?;
            }
        }
        data.set_freeze_panes(1, 0)?;
        data.autofilter(0, 0, 0, columns.len() as u16 - 1)?;
    }
    {
        let help = workbook.add_worksheet();
        help.set_name("Instruktioner")?;
        let bold = Format::new().set_bold();
        let wrap = Format::new().set_text_wrap();
        help.set_column_width(0, 22)?;
        help.set_column_width(1, 12)?;
        help.set_column_width(2, 90)?;
        let intro = [
            format!("Mall för import av {} till Beredskap", kind_sheet(kind).to_lowercase()),
            format!(
                "Fyll i bladet \"{}\" från rad 2, en rad per post. Rubrikerna får inte ändras; fler kolumner går bra men ignoreras.",
                kind_sheet(kind)
            ),
            "Röda rubriker är obligatoriska. Listor (enheter, kriterier, typ, status) finns som rullgardin i cellerna.".into(),
            "Spara som .xlsx eller som CSV (semikolonavgränsad eller UTF-8); båda går att läsa in.".into(),
            "Läs in under Importera: du ser först vad som läggs till och ändras, och inget sparas förrän du bekräftar. Fel anges med rad, kolumn och cell.".into(),
        ];
        for (r, line) in intro.iter().enumerate() {
            help.write_string_with_format(r as u32, 0, line, if r == 0 { &bold } else { &wrap })?;
        }
        let start = intro.len() as u32 + 1;
        for (c, h) in ["Kolumn", "Krävs", "Så fylls den i"].iter().enumerate() {
            help.write_string_with_format(start, c as u16, *h, &header)?;
        }
        for (i, spec) in columns.iter().enumerate() {
            let r = start + 1 + i as u32;
            help.write_string(r, 0, spec.name)?;
            help.write_string(r, 1, if spec.required { "ja" } else { "nej" })?;
            help.write_string_with_format(r, 2, column_help(spec.name), &wrap)?;
        }
    }
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name("Listor")?;
        for (c, (name, values)) in lists.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *name, &header)?;
            for (r, v) in values.iter().enumerate() {
                sheet.write_string(r as u32 + 1, c as u16, v)?;
            }
        }
        sheet.set_hidden(true);
    }
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_guarded_in_csv() {
        for risky in ["=1+1", "+46 8 123", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(guard_formula(risky).starts_with('\''), "{risky:?}");
        }
        assert_eq!(guard_formula("Ja"), "Ja");
        assert_eq!(guard_formula("a=b"), "a=b");
    }

    #[test]
    fn csv_fields_are_swedish_excel_fields() {
        assert_eq!(csv_field(&Cell::Number(12.5), Lang::Sv), "12,5");
        assert_eq!(csv_field(&Cell::Number(1234.0), Lang::Sv), "1234");
        assert_eq!(csv_field(&Cell::Percent(85.0), Lang::Sv), "85 %");
        assert_eq!(csv_field(&text("a;b"), Lang::Sv), "\"a;b\"");
        assert_eq!(
            csv_field(&text("säger \"hej\""), Lang::Sv),
            "\"säger \"\"hej\"\"\""
        );
        assert_eq!(csv_field(&text("=1+1"), Lang::Sv), "'=1+1");
        assert_eq!(
            csv_field(&text("=HYPERLINK(\"x\")"), Lang::Sv),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(csv_field(&Cell::Light(Light::Amber), Lang::Sv), "Gul");
    }

    #[test]
    fn sheet_names_fit_excel() {
        assert_eq!(sheet_name("a/b:c"), "a-b-c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }
}
