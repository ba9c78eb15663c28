//! Sheets to files: typed cells written natively to XLSX, or to CSV as Swedish Excel reads it,
//! with formula starts guarded.

use chrono::NaiveDate;
use readiness_rules::{Lang, Light, Reported, format_date, tr};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{ExportError, FileFormat};

/// A typed cell, written natively to XLSX and as Swedish Excel reads it to CSV.
pub(super) enum Cell {
    Text(String),
    Number(f64),
    /// A share 0–100 shown as a percent.
    Percent(f64),
    Date(NaiveDate),
    Light(Light),
    Empty,
}

pub(super) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

pub(super) fn reported_cell(value: &Reported, lang: Lang) -> Cell {
    match value {
        Reported::Number(n) => Cell::Number(*n),
        other => text(readiness_rules::format_reported(other, false, lang)),
    }
}

/// A cell of the values export, which the import must read back unchanged.
pub(super) fn canonical_cell(value: &Reported) -> Cell {
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
pub(super) fn csv_number(n: f64) -> String {
    let plain = Reported::Number(n).canonical();
    plain.replace('.', ",")
}

pub(super) fn csv_field(cell: &Cell, lang: Lang) -> String {
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
pub(super) struct Sheet {
    pub(super) name: String,
    pub(super) headers: Vec<String>,
    pub(super) rows: Vec<Vec<Cell>>,
    /// Columns kept in view when scrolling right (code and name).
    pub(super) frozen_columns: u16,
}

pub(super) fn csv_bytes(sheet: &Sheet, lang: Lang) -> Vec<u8> {
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
pub(super) fn light_format(light: Light) -> Format {
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

pub(super) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE4EE))
        .set_border_bottom(FormatBorder::Thin)
}

pub(super) fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

pub(super) fn write_sheet(
    worksheet: &mut Worksheet,
    sheet: &Sheet,
    lang: Lang,
) -> Result<(), XlsxError> {
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
pub(super) fn about_sheet(
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
pub(super) fn sheet_name(raw: &str) -> String {
    raw.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect()
}

/// A file of one table in the import's own columns: CSV, or XLSX with one sheet.
pub(super) fn one_sheet(sheet: &Sheet, format: FileFormat) -> Result<Vec<u8>, ExportError> {
    match format {
        FileFormat::Csv => Ok(csv_bytes(sheet, Lang::Sv)),
        FileFormat::Xlsx => {
            let mut workbook = Workbook::new();
            write_sheet(workbook.add_worksheet(), sheet, Lang::Sv)?;
            Ok(workbook.save_to_buffer()?)
        }
    }
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
