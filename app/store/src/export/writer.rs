//! Sheets to files: typed cells written natively to XLSX, or to CSV as Swedish Excel reads it,
//! with formula starts guarded.

use chrono::NaiveDate;
use readiness_rules::{Lang, Light, LightCounts, Reported, UnitSummary, format_date, tr};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

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

/// The head of a readiness column. The unit is in the head, so the cells are plain numbers
/// (CSV: `87,9`; XLSX: a percent-formatted number) that a spreadsheet or `pandas` reads as such.
pub(super) fn readiness_header(lang: Lang) -> String {
    tr(lang, "Beredskap (%)", "Readiness (%)").into()
}

/// The share green of `counts`, as the printed report shows it; empty when nothing applies.
pub(super) fn readiness_cell(counts: &LightCounts) -> Cell {
    counts.readiness().map_or(Cell::Empty, Cell::Percent)
}

/// A unit's readiness; empty (not 0 %) when the unit has reported nothing, so a unit without
/// data does not count as a unit at 0 % in a sum, a mean or a chart.
pub(super) fn unit_readiness_cell(summary: &UnitSummary) -> Cell {
    let counts = &summary.counts;
    if counts.green + counts.amber + counts.red == 0 {
        Cell::Empty
    } else {
        readiness_cell(counts)
    }
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
        // The number alone (the unit is in the column's head), to one decimal as printed.
        Cell::Percent(p) => csv_number((p * 10.0).round() / 10.0),
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

/// The widest a text makes its column, in characters; a longer text wraps.
const TEXT_WIDTH: usize = 58;

/// The widest a head makes its column, in characters; a longer head wraps.
const HEAD_WIDTH: usize = 20;

/// The width a head asks of its column: all of it up to [`HEAD_WIDTH`], and at least its
/// longest word.
fn head_width(head: &str) -> usize {
    let longest_word = head
        .split(' ')
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    head.chars().count().min(HEAD_WIDTH).max(longest_word)
}

/// How many lines `text` takes wrapped at spaces into `width` characters.
fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let mut lines = 1;
    let mut line = 0;
    for word in text.split(' ').map(|w| w.chars().count()) {
        if line == 0 {
            line = word;
        } else if line + 1 + word <= width {
            line += 1 + word;
        } else {
            lines += 1;
            line = word;
        }
    }
    lines
}

/// Paper size 9 in the OOXML list: A4.
const A4: u8 = 9;

/// What of an A4 page's width is left inside the margins of [`page_setup`], in pixels at 96 dpi
/// (8.27 in less two margins of 0.5 in).
const PORTRAIT_WIDTH_PX: f64 = (8.27 - 2.0 * 0.5) * 96.0;

/// A column of `width` characters in pixels, as Excel lays it out in its default font (7 px a
/// character and 5 px of padding).
fn column_px(width: f64) -> f64 {
    width * 7.0 + 5.0
}

/// Printing, for every sheet an export writes: A4, landscape when the columns are wider than a
/// portrait page, fitted to one page wide and as many tall as needed, the head repeated
/// on every page, the sheet's name at the top and the page number at the bottom of each page
/// (in the export's language). `column_widths` are the sheet's columns in characters;
/// `head_rows` the rows at the top printed again on every page (0: none).
pub(super) fn page_setup(
    worksheet: &mut Worksheet,
    title: &str,
    column_widths: &[f64],
    head_rows: u32,
    lang: Lang,
) -> Result<(), XlsxError> {
    let width: f64 = column_widths.iter().copied().map(column_px).sum();
    if width > PORTRAIT_WIDTH_PX {
        worksheet.set_landscape();
    } else {
        worksheet.set_portrait();
    }
    worksheet.set_paper_size(A4);
    worksheet.set_print_fit_to_pages(1, 0);
    if head_rows > 0 {
        worksheet.set_repeat_rows(0, head_rows - 1)?;
    }
    worksheet.set_margins(0.5, 0.5, 0.75, 0.75, 0.3, 0.3);
    worksheet.set_print_gridlines(true);
    // `&` starts a code in a header or footer; `&&` is a literal one.
    worksheet.set_header(format!("&L&\"-,Bold\"{}", title.replace('&', "&&")));
    worksheet.set_footer(format!("&C{}", tr(lang, "Sida &P av &N", "Page &P of &N")));
    Ok(())
}

pub(super) fn write_sheet(
    worksheet: &mut Worksheet,
    sheet: &Sheet,
    lang: Lang,
) -> Result<(), XlsxError> {
    worksheet.set_name(&sheet.name)?;
    // A long head wraps (within its column) rather than widening the column and the print.
    let header = header_format().set_text_wrap().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    // One decimal, as the printed report shows a share.
    let percent = Format::new().set_num_format("0.0%");
    let lights = Light::ALL.map(|l| (l, light_format(l)));
    for (c, h) in sheet.headers.iter().enumerate() {
        worksheet.write_string_with_format(0, c as u16, h, &header)?;
    }
    let mut widths: Vec<usize> = sheet.headers.iter().map(|h| head_width(h)).collect();
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        // A row with wrapped text gets the height of its lines: not every reader fits it.
        let mut lines = 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let shown = match cell {
                Cell::Text(s) => {
                    // A string cell: Excel never evaluates it, whatever it starts with.
                    let chars = s.chars().count();
                    if chars > TEXT_WIDTH {
                        // Wrapped in its column, not running over the empty cells to its right
                        // (which would widen the print).
                        worksheet.write_string_with_format(r, col, s, &wrap)?;
                        lines = lines.max(wrapped_lines(s, TEXT_WIDTH));
                    } else {
                        worksheet.write_string(r, col, s)?;
                    }
                    chars
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
        if lines > 1 {
            worksheet.set_row_height(r, 15.0 * lines as f64)?;
        }
    }
    let widths: Vec<f64> = widths
        .iter()
        .map(|w| (*w as f64 + 2.0).clamp(6.0, TEXT_WIDTH as f64 + 2.0))
        .collect();
    for (c, w) in widths.iter().enumerate() {
        worksheet.set_column_width(c as u16, *w)?;
    }
    let head_lines = sheet
        .headers
        .iter()
        .zip(&widths)
        .map(|(h, w)| wrapped_lines(h, *w as usize - 2))
        .max()
        .unwrap_or(1);
    if head_lines > 1 {
        worksheet.set_row_height(0, 15.0 * head_lines as f64)?;
    }
    worksheet.set_freeze_panes(1, sheet.frozen_columns)?;
    page_setup(worksheet, &sheet.name, &widths, 1, lang)?;
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
/// One table as a file: CSV, or XLSX with an About sheet of `about`'s lines.
pub(super) fn single_sheet(
    sheet: &Sheet,
    about: &[(&str, Cell)],
    format: FileFormat,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    match format {
        FileFormat::Csv => Ok(csv_bytes(sheet, lang)),
        FileFormat::Xlsx => {
            let mut workbook = Workbook::new();
            write_sheet(workbook.add_worksheet(), sheet, lang)?;
            about_sheet(&mut workbook, about, lang)?;
            Ok(workbook.save_to_buffer()?)
        }
    }
}

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
        assert_eq!(csv_field(&Cell::Percent(85.0), Lang::Sv), "85");
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
    fn csv_percent_is_a_number_with_decimal_comma_and_no_data_is_empty() {
        for lang in [Lang::Sv, Lang::En] {
            assert_eq!(csv_field(&Cell::Percent(87.94), lang), "87,9");
            assert_eq!(csv_field(&Cell::Percent(100.0), lang), "100");
            assert_eq!(csv_field(&Cell::Percent(0.0), lang), "0");
            assert_eq!(csv_field(&Cell::Empty, lang), "");
        }
        assert_eq!(readiness_header(Lang::Sv), "Beredskap (%)");
        assert_eq!(readiness_header(Lang::En), "Readiness (%)");
    }

    #[test]
    fn a_unit_without_data_has_no_readiness_not_zero() {
        use readiness_rules::summarize_unit;
        let grey = summarize_unit([(Light::Grey, true), (Light::Grey, false)]);
        assert_eq!(grey.readiness, Some(0.0), "the rules count it as 0 %");
        assert!(matches!(unit_readiness_cell(&grey), Cell::Empty));
        let na = summarize_unit([(Light::NotApplicable, false)]);
        assert!(matches!(unit_readiness_cell(&na), Cell::Empty));
        let red = summarize_unit([(Light::Red, false), (Light::Grey, false)]);
        assert!(matches!(unit_readiness_cell(&red), Cell::Percent(p) if p == 0.0));
        let half = summarize_unit([(Light::Green, false), (Light::Grey, false)]);
        assert!(matches!(unit_readiness_cell(&half), Cell::Percent(p) if p == 50.0));
    }

    /// The parts of an XLSX file written by `sheets`.
    fn xlsx_parts(sheets: &[Sheet], lang: Lang) -> Vec<(String, String)> {
        use std::io::Read;
        let mut workbook = Workbook::new();
        for sheet in sheets {
            write_sheet(workbook.add_worksheet(), sheet, lang).unwrap();
        }
        let bytes = workbook.save_to_buffer().unwrap();
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

    fn part<'a>(parts: &'a [(String, String)], name: &str) -> &'a str {
        &parts.iter().find(|(n, _)| n == name).expect(name).1
    }

    fn table(name: &str, columns: usize, rows: usize) -> Sheet {
        Sheet {
            name: name.into(),
            headers: (0..columns).map(|c| format!("Kolumn {c}")).collect(),
            rows: (0..rows)
                .map(|r| {
                    (0..columns)
                        .map(|c| text(format!("rad {r} kolumn {c}")))
                        .collect()
                })
                .collect(),
            frozen_columns: 1,
        }
    }

    #[test]
    fn every_sheet_prints_on_a4_one_page_wide_with_its_head_on_every_page() {
        let parts = xlsx_parts(
            &[table("Bred & lång", 30, 200), table("Smal", 2, 3)],
            Lang::Sv,
        );
        let wide = part(&parts, "xl/worksheets/sheet1.xml");
        let narrow = part(&parts, "xl/worksheets/sheet2.xml");
        for xml in [wide, narrow] {
            assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{xml}");
            let setup = &xml[xml.find("<pageSetup ").expect("<pageSetup")..];
            let setup = &setup[..setup.find("/>").unwrap()];
            assert!(setup.contains("paperSize=\"9\""), "A4: {setup}");
            // One page wide is the default of `fitToWidth`, which is then left out.
            assert!(!setup.contains("fitToWidth"), "one page wide: {setup}");
            assert!(
                setup.contains("fitToHeight=\"0\""),
                "any number tall: {setup}"
            );
            assert!(
                xml.contains("<pageMargins left=\"0.5\" right=\"0.5\""),
                "margins"
            );
            assert!(xml.contains("<printOptions gridLines=\"1\"/>"), "gridlines");
            assert!(
                xml.contains("<oddFooter>&amp;CSida &amp;P av &amp;N</oddFooter>"),
                "page numbers in Swedish: {xml}"
            );
            assert!(
                xml.contains("<pane") && xml.contains("state=\"frozen\""),
                "frozen head"
            );
        }
        assert!(wide.contains("orientation=\"landscape\""), "{wide}");
        assert!(narrow.contains("orientation=\"portrait\""), "{narrow}");
        assert!(
            wide.contains("<oddHeader>&amp;L&amp;\"-,Bold\"Bred &amp;&amp; lång</oddHeader>"),
            "the sheet's name, its & kept literal: {wide}"
        );
        let workbook = part(&parts, "xl/workbook.xml");
        assert!(
            workbook.contains(
                "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'Bred &amp; lång'!$1:$1</definedName>"
            ),
            "{workbook}"
        );
        assert!(
            workbook.contains(
                "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">Smal!$1:$1</definedName>"
            ),
            "{workbook}"
        );
    }

    #[test]
    fn page_numbers_are_in_the_exports_language() {
        let parts = xlsx_parts(&[table("Matrix", 3, 3)], Lang::En);
        assert!(
            part(&parts, "xl/worksheets/sheet1.xml")
                .contains("<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter>")
        );
    }

    #[test]
    fn xlsx_percent_is_a_native_percent_and_no_data_an_empty_cell() {
        let sheet = Sheet {
            name: "Andel".into(),
            headers: vec!["Enhet".into(), readiness_header(Lang::Sv)],
            rows: vec![
                vec![text("E1"), Cell::Percent(87.5)],
                vec![text("E2"), Cell::Empty],
            ],
            frozen_columns: 1,
        };
        let parts = xlsx_parts(&[sheet], Lang::Sv);
        let xml = part(&parts, "xl/worksheets/sheet1.xml");
        assert!(
            xml.contains("<c r=\"B2\" s=\"2\"><v>0.875</v></c>"),
            "{xml}"
        );
        assert!(!xml.contains("r=\"B3\""), "no cell for no data: {xml}");
        assert!(
            part(&parts, "xl/styles.xml").contains("formatCode=\"0.0%\""),
            "a percent format"
        );
    }

    #[test]
    fn long_heads_and_texts_wrap_instead_of_widening_their_column() {
        let head = "Om alla rapporterar i tid och varje åtgärd blir klar";
        assert_eq!(head_width(head), HEAD_WIDTH);
        assert_eq!(head_width("Enhet"), 5);
        assert_eq!(head_width("Beredskap (%)"), 13);
        assert_eq!(head_width("Universitetssjukhusets-förvaltning x"), 34);
        assert_eq!(wrapped_lines("Enhet", 10), 1);
        assert_eq!(wrapped_lines("Om inget mer händer", 10), 2);
        assert_eq!(wrapped_lines(head, HEAD_WIDTH), 3);
        let sheet = Sheet {
            name: "Risker".into(),
            headers: vec!["Enhet".into(), head.into(), "Beskrivning".into()],
            rows: vec![
                vec![text("E1"), text("Grön"), text("kort")],
                vec![text("E2"), text("Grön"), text("lång text ".repeat(10))],
            ],
            frozen_columns: 0,
        };
        let parts = xlsx_parts(&[sheet], Lang::Sv);
        let xml = part(&parts, "xl/worksheets/sheet1.xml");
        assert!(
            xml.contains("<c r=\"C2\" t=\"s\">"),
            "a short text as it is: {xml}"
        );
        assert!(
            xml.contains("<c r=\"C3\" s=\"2\" t=\"s\">"),
            "a long one wraps: {xml}"
        );
        assert!(
            xml.contains("<col min=\"3\" max=\"3\" width=\"60.7109375\""),
            "at most 58 characters and padding: {xml}"
        );
        assert!(part(&parts, "xl/styles.xml").contains("<alignment wrapText=\"1\"/>"));
        assert!(
            xml.contains("<row r=\"3\" spans=\"1:3\" ht=\"30\" customHeight=\"1\">"),
            "two lines: {xml}"
        );
        assert!(
            xml.contains("<col min=\"2\" max=\"2\" width=\"22.7109375\""),
            "{xml}"
        );
        assert!(
            xml.contains("<row r=\"1\" spans=\"1:3\" ht=\"45\" customHeight=\"1\">"),
            "{xml}"
        );
    }

    #[test]
    fn sheet_names_fit_excel() {
        assert_eq!(sheet_name("a/b:c"), "a-b-c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }
}
