//! Reading a spreadsheet into rows of trimmed text cells, and mapping its headers.
//!
//! Two readers feed one table: CSV through Polars (after decoding Swedish Excel's encodings) and
//! XLSX through calamine. Cells stay text here; the import rules decide what a cell means, so a
//! problem can always be reported with its row, column and (for XLSX) cell.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use polars::prelude::*;
use readiness_rules::{Text, normalize_key};

use super::columns::{ColumnSpec, columns};
use super::{ImportIssue, ImportKind};

/// An uploaded or named file: its name decides nothing but the messages; the bytes decide the
/// format (an XLSX file is a zip archive).
pub struct SheetFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
    /// XLSX only: the sheet to read; the first sheet when `None`.
    pub sheet: Option<&'a str>,
}

impl SheetFile<'_> {
    pub fn is_xlsx(&self) -> bool {
        self.bytes.starts_with(b"PK\x03\x04")
    }
}

/// A parsed file: the columns the kind knows, rows numbered as in a spreadsheet.
///
/// Cells are kept row by row in one text buffer (offsets into it), not as a `String` each: a
/// national values file has millions of cells.
pub struct Table {
    pub kind: ImportKind,
    pub file: String,
    /// The XLSX sheet that was read.
    pub sheet: Option<String>,
    pub notes: Vec<Text>,
    /// Canonical names of the mapped columns, in file order.
    names: Vec<&'static str>,
    /// XLSX only: the sheet column (0-based) of each mapped column, for cell references.
    sheet_columns: Option<Vec<u32>>,
    text: String,
    /// `offsets[r * width + c] .. offsets[r * width + c + 1]` is cell (r, c) in `text`.
    offsets: Vec<u32>,
    lines: Vec<u32>,
}

/// One row of a table.
#[derive(Clone, Copy)]
pub struct Row<'t> {
    table: &'t Table,
    index: usize,
    /// The row number a person sees in the spreadsheet (header = 1 in a CSV file).
    pub line: usize,
}

impl<'t> Row<'t> {
    /// The trimmed cell, "" if empty or the column is absent.
    pub fn get(&self, column: &str) -> &'t str {
        let t = self.table;
        match t.names.iter().position(|n| *n == column) {
            Some(c) => {
                let at = self.index * t.names.len() + c;
                &t.text[t.offsets[at] as usize..t.offsets[at + 1] as usize]
            }
            None => "",
        }
    }
}

impl Table {
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.lines.iter().enumerate().map(|(index, line)| Row {
            table: self,
            index,
            line: *line as usize,
        })
    }

    /// `C7` for XLSX files; `None` for CSV (its columns have no letters).
    pub fn cell_ref(&self, column: &str, line: usize) -> Option<String> {
        let sheet_columns = self.sheet_columns.as_ref()?;
        let c = self.names.iter().position(|n| *n == column)?;
        Some(format!("{}{line}", column_letters(sheet_columns[c])))
    }
}

/// `0 → A`, `25 → Z`, `26 → AA`.
pub fn column_letters(index: u32) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Appends cell (data row, grid column) to the buffer.
type CellReader<'a> = Box<dyn Fn(usize, usize, &mut String) + 'a>;

/// The sheet before its headers are mapped: header texts and a cell reader.
struct Grid<'a> {
    headers: Vec<String>,
    /// Sheet column of each header (XLSX), for cell references.
    sheet_columns: Option<Vec<u32>>,
    height: usize,
    /// Spreadsheet row number of the first data row.
    first_line: usize,
    cell: CellReader<'a>,
}

fn problem(file: &str, row: usize, column: &str, message: Text) -> ImportIssue {
    ImportIssue {
        file: file.to_string(),
        row,
        column: column.to_string(),
        cell: None,
        message,
    }
}

/// Bounds on an XLSX file, checked before anything is built from it: a 2 KB file can declare a
/// sheet of 17 billion cells, and a small zip can unpack to gigabytes.
pub mod xlsx_bounds {
    /// Excel's own row limit.
    pub const MAX_ROWS: u32 = 1_048_576;
    /// No import kind has more than a dozen columns; room for notes beside them.
    pub const MAX_COLUMNS: u32 = 256;
    /// Rows × columns of the used area (the reader holds the area as a grid).
    pub const MAX_CELLS: u64 = 5_000_000;
    /// The unpacked size of every part of the workbook together.
    pub const MAX_UNPACKED_BYTES: u64 = 400 * 1024 * 1024;
    /// Parts (files) in the zip.
    pub const MAX_PARTS: usize = 10_000;
}

/// `what` says what is too large in both languages.
fn too_large(file: &str, what: Text) -> Vec<ImportIssue> {
    vec![problem(
        file,
        0,
        "",
        Text::new(
            format!(
                "filen är för stor att läsa: {}. Dela upp den, eller spara den som CSV",
                what.sv
            ),
            format!(
                "the file is too large to read: {}. Split it, or save it as CSV",
                what.en
            ),
        ),
    )]
}

/// The file could not be read as `format` (XLSX, CSV), for the reader's `reason`.
fn unreadable_as(file: &str, format: &str, reason: impl std::fmt::Display) -> Vec<ImportIssue> {
    vec![problem(
        file,
        0,
        "",
        Text::new(
            format!("filen kunde inte läsas som {format}: {reason}"),
            format!("the file could not be read as {format}: {reason}"),
        ),
    )]
}

fn unreadable_sheet(file: &str, sheet: &str, reason: impl std::fmt::Display) -> Vec<ImportIssue> {
    vec![problem(
        file,
        0,
        "",
        Text::new(
            format!("bladet \"{sheet}\" kunde inte läsas: {reason}"),
            format!("the sheet \"{sheet}\" could not be read: {reason}"),
        ),
    )]
}

/// The zip's declared unpacked sizes, before calamine unpacks anything.
fn check_xlsx_package(file: &SheetFile) -> Result<(), Vec<ImportIssue>> {
    use xlsx_bounds::*;
    let unreadable = |e: ::zip::result::ZipError| unreadable_as(file.name, "XLSX", e);
    let mut archive = ::zip::ZipArchive::new(Cursor::new(file.bytes)).map_err(unreadable)?;
    if archive.len() > MAX_PARTS {
        return Err(too_large(
            file.name,
            Text::new(
                format!("{} delar (högst {MAX_PARTS})", archive.len()),
                format!("{} parts (at most {MAX_PARTS})", archive.len()),
            ),
        ));
    }
    let mut unpacked = 0u64;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(unreadable)?;
        unpacked = unpacked.saturating_add(part.size());
    }
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(too_large(
            file.name,
            Text::new(
                format!(
                    "{} MB uppackad (högst {} MB)",
                    unpacked / (1024 * 1024),
                    MAX_UNPACKED_BYTES / (1024 * 1024)
                ),
                format!(
                    "{} MB unpacked (at most {} MB)",
                    unpacked / (1024 * 1024),
                    MAX_UNPACKED_BYTES / (1024 * 1024)
                ),
            ),
        ));
    }
    Ok(())
}

/// The sheet's declared size, then its real one, read as a stream of cell positions (nothing is
/// kept), before calamine builds the sheet and its styles as grids.
fn check_xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    workbook: &mut Xlsx<RS>,
    sheet: &str,
    file: &str,
) -> Result<(), Vec<ImportIssue>> {
    use xlsx_bounds::*;
    let unreadable = |e: calamine::XlsxError| unreadable_sheet(file, sheet, e);
    let mut cells = workbook.worksheet_cells_reader(sheet).map_err(unreadable)?;
    let area = |rows: u64, columns: u64| -> Result<(), Vec<ImportIssue>> {
        if rows > u64::from(MAX_ROWS)
            || columns > u64::from(MAX_COLUMNS)
            || rows * columns > MAX_CELLS
        {
            return Err(too_large(
                file,
                Text::new(
                    format!(
                        "bladet \"{sheet}\" har {rows} rader × {columns} kolumner (högst {MAX_ROWS} rader, {MAX_COLUMNS} kolumner, {MAX_CELLS} celler)"
                    ),
                    format!(
                        "the sheet \"{sheet}\" has {rows} rows × {columns} columns (at most {MAX_ROWS} rows, {MAX_COLUMNS} columns, {MAX_CELLS} cells)"
                    ),
                ),
            ));
        }
        Ok(())
    };
    let declared = cells.dimensions();
    if declared.end != (0, 0) {
        area(u64::from(declared.end.0) + 1, u64::from(declared.end.1) + 1)?;
    }
    let (mut last_row, mut last_column, mut count) = (0u32, 0u32, 0u64);
    while let Some((row, column, _style)) = cells.next_style_id().map_err(unreadable)? {
        last_row = last_row.max(row);
        last_column = last_column.max(column);
        count += 1;
        if count % 4096 == 0 || count > MAX_CELLS {
            area(u64::from(last_row) + 1, u64::from(last_column) + 1)?;
            if count > MAX_CELLS {
                return Err(too_large(
                    file,
                    Text::new(
                        format!("fler än {MAX_CELLS} celler"),
                        format!("more than {MAX_CELLS} cells"),
                    ),
                ));
            }
        }
    }
    if count > 0 {
        area(u64::from(last_row) + 1, u64::from(last_column) + 1)?;
    }
    Ok(())
}

/// Reads `file` as `kind`, or as the kind its headers show when `kind` is `None`.
pub fn read_table(kind: Option<ImportKind>, file: &SheetFile) -> Result<Table, Vec<ImportIssue>> {
    let mut notes = Vec::new();
    if file.is_xlsx() {
        check_xlsx_package(file)?;
        let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(file.bytes))
            .map_err(|e| unreadable_as(file.name, "XLSX", e))?;
        let names = workbook.sheet_names();
        let sheet = match file.sheet.filter(|s| !s.trim().is_empty()) {
            Some(wanted) => names
                .iter()
                .find(|n| n.trim().eq_ignore_ascii_case(wanted.trim()) || n.trim() == wanted.trim())
                .cloned()
                .ok_or_else(|| {
                    vec![problem(
                        file.name,
                        0,
                        "",
                        Text::new(
                            format!(
                                "bladet \"{wanted}\" finns inte; bladen heter {}",
                                names.join(", ")
                            ),
                            format!(
                                "there is no sheet \"{wanted}\"; the sheets are {}",
                                names.join(", ")
                            ),
                        ),
                    )]
                })?,
            None => names.first().cloned().ok_or_else(|| {
                vec![problem(
                    file.name,
                    0,
                    "",
                    Text::new("arbetsboken har inga blad", "the workbook has no sheets"),
                )]
            })?,
        };
        if names.len() > 1 && file.sheet.is_none_or(|s| s.trim().is_empty()) {
            notes.push(Text::new(
                format!("bladet \"{sheet}\" lästes (första av {})", names.len()),
                format!("the sheet \"{sheet}\" was read (first of {})", names.len()),
            ));
        }
        check_xlsx_sheet(&mut workbook, &sheet, file.name)?;
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|e| unreadable_sheet(file.name, &sheet, e))?;
        // Percent-formatted cells hold fractions (85 % is 0.85): the format says which they are.
        let styles = workbook.worksheet_style(&sheet).ok();
        let grid = xlsx_grid(&range, styles.as_ref());
        let mut table = build_table(kind, file.name, grid, notes)?;
        table.sheet = Some(sheet);
        Ok(table)
    } else {
        let (text, encoding_note) = decode(file)?;
        notes.extend(encoding_note);
        if text.trim().is_empty() {
            return Err(vec![problem(
                file.name,
                1,
                "",
                Text::new("filen är tom", "the file is empty"),
            )]);
        }
        let frame = CsvReadOptions::default()
            .with_has_header(true)
            // Every cell is read as text: the rules decide what a cell means, with row and column.
            .with_infer_schema_length(Some(0))
            .with_raise_if_empty(false)
            .map_parse_options(|p| {
                p.with_separator(detect_separator(&text))
                    .with_truncate_ragged_lines(true)
            })
            .into_reader_with_file_handle(Cursor::new(text.as_bytes()))
            .finish()
            .map_err(|e| unreadable_as(file.name, "CSV", e))?;
        let mut columns = Vec::with_capacity(frame.width());
        for column in frame.columns() {
            let strings = column
                .str()
                .map_err(|e| {
                    vec![problem(
                        file.name,
                        0,
                        column.name().as_str(),
                        Text::new(
                            format!("internt läsfel: {e}"),
                            format!("internal read error: {e}"),
                        ),
                    )]
                })?
                .rechunk();
            columns.push(strings.into_owned());
        }
        let grid = Grid {
            headers: frame
                .get_column_names()
                .iter()
                .map(|n| csv_header(n.as_str()))
                .collect(),
            sheet_columns: None,
            height: frame.height(),
            first_line: 2,
            cell: Box::new(move |r, c, out: &mut String| {
                out.push_str(unguard_formula(columns[c].get(r).unwrap_or("")));
            }),
        };
        let table = build_table(kind, file.name, grid, notes)?;
        Ok(table)
    }
}

/// Undoes the export's formula guard: `'=x` was written for a cell holding `=x`.
fn unguard_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// Polars names an empty header `""` and repeats `_duplicated_N`; both mean "no header".
fn csv_header(name: &str) -> String {
    if name.starts_with("_duplicated_")
        || name.starts_with("column_") && name[7..].parse::<u32>().is_ok()
    {
        String::new()
    } else {
        name.to_string()
    }
}

/// UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else Windows-1252
/// (Excel's "CSV (semikolonavgränsad)" on Swedish Windows).
fn decode<'a>(file: &SheetFile<'a>) -> Result<(Cow<'a, str>, Option<Text>), Vec<ImportIssue>> {
    let bytes = file.bytes;
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|t| (Cow::Borrowed(t), None))
            .map_err(|e| {
                vec![problem(
                    file.name,
                    0,
                    "",
                    Text::new(
                        format!(
                            "filen säger att den är UTF-8 men är det inte (byte {})",
                            e.valid_up_to() + 3
                        ),
                        format!(
                            "the file says it is UTF-8 but is not (byte {})",
                            e.valid_up_to() + 3
                        ),
                    ),
                )]
            });
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, had_errors) = encoding_rs::UTF_16LE.decode(bytes);
        if had_errors {
            return Err(vec![problem(
                file.name,
                0,
                "",
                Text::new(
                    "filen är inte giltig UTF-16",
                    "the file is not valid UTF-16",
                ),
            )]);
        }
        return Ok((
            Cow::Owned(text.into_owned()),
            Some(Text::new(
                "filen lästes som UTF-16",
                "the file was read as UTF-16",
            )),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), None)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((
                Cow::Owned(text.into_owned()),
                Some(Text::new(
                    "filen är inte UTF-8 och lästes som Windows-1252 (Excels \"CSV (semikolonavgränsad)\")",
                    "the file is not UTF-8 and was read as Windows-1252 (Excel's \"CSV (semicolon delimited)\")",
                )),
            ))
        }
    }
}

/// `;`, `,` or tab: whichever the header line has most of outside quotes (`;` on a tie).
fn detect_separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let (mut semicolons, mut commas, mut tabs, mut quoted) = (0, 0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > semicolons && tabs > commas {
        b'\t'
    } else if commas > semicolons {
        b','
    } else {
        b';'
    }
}

fn xlsx_grid<'a>(
    range: &'a calamine::Range<Data>,
    styles: Option<&'a calamine::StyleRange>,
) -> Grid<'a> {
    let (start_row, start_col) = range.start().unwrap_or((0, 0));
    let width = range.width();
    let header_cell = |c: usize| -> String {
        match range.get((0, c)) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => other.to_string(),
        }
    };
    let is_percent = move |r: u32, c: u32| {
        styles
            .and_then(|s| s.get((r, c)))
            .and_then(|s| s.number_format.as_ref())
            .is_some_and(|f| f.format_code.contains('%'))
    };
    Grid {
        headers: (0..width).map(header_cell).collect(),
        sheet_columns: Some((0..width as u32).map(|c| start_col + c).collect()),
        height: range.height().saturating_sub(1),
        first_line: start_row as usize + 2,
        cell: Box::new(move |r, c, out: &mut String| {
            let (abs_row, abs_col) = (start_row + 1 + r as u32, start_col + c as u32);
            match range.get((r + 1, c)) {
                None | Some(Data::Empty) => {}
                Some(Data::String(s)) => out.push_str(s),
                Some(Data::Float(f)) if is_percent(abs_row, abs_col) => {
                    out.push_str(&format!("{} %", plain_number(f * 100.0)));
                }
                Some(Data::Int(i)) if is_percent(abs_row, abs_col) => {
                    out.push_str(&format!("{} %", i * 100));
                }
                Some(Data::Float(f)) => out.push_str(&plain_number(*f)),
                Some(Data::Int(i)) => out.push_str(&i.to_string()),
                Some(Data::Bool(b)) => out.push_str(if *b { "ja" } else { "nej" }),
                Some(Data::DateTime(d)) => {
                    let (y, m, day, ..) = d.to_ymd_hms_milli();
                    out.push_str(&format!("{y:04}-{m:02}-{day:02}"));
                }
                Some(Data::DateTimeIso(s)) | Some(Data::DurationIso(s)) => out.push_str(s),
                // Written as Excel shows it (#N/A, #REF!), which the rules then reject.
                Some(Data::Error(e)) => out.push_str(&e.to_string()),
            }
        }),
    }
}

/// A float as a person would type it: `12.5`, `3`, no `3.0000000000000004`.
fn plain_number(f: f64) -> String {
    let rounded = (f * 1e9).round() / 1e9;
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

/// The import kind whose columns these headers fit best: all required columns present, then the
/// most known columns. `None` if no kind fits.
pub fn detect_kind(headers: &[String]) -> Option<ImportKind> {
    let keys: Vec<String> = headers.iter().map(|h| normalize_key(h)).collect();
    let knows = |spec: &ColumnSpec| {
        keys.iter()
            .any(|k| spec.name == k || spec.aliases.contains(&k.as_str()))
    };
    ImportKind::ALL
        .into_iter()
        .filter(|kind| columns(*kind).iter().filter(|s| s.required).all(knows))
        .max_by_key(|kind| {
            // More matched columns wins; fewer unmatched spec columns breaks ties.
            let matched = columns(*kind).iter().filter(|s| knows(s)).count();
            (matched, usize::MAX - columns(*kind).len())
        })
}

fn build_table(
    kind: Option<ImportKind>,
    file: &str,
    grid: Grid<'_>,
    mut notes: Vec<Text>,
) -> Result<Table, Vec<ImportIssue>> {
    let kind = match kind {
        Some(kind) => kind,
        None => detect_kind(&grid.headers).ok_or_else(|| {
            vec![problem(
                file,
                1,
                "",
                {
                    let headers = grid.headers.iter().filter(|h| !h.trim().is_empty()).cloned().collect::<Vec<_>>().join(", ");
                    Text::new(
                        format!("rubrikerna ({headers}) passar ingen importtyp; välj typ eller använd en mall"),
                        format!("the headers ({headers}) fit no import kind; choose the kind or use a template"),
                    )
                },
            )]
        })?,
    };
    let specs = columns(kind);
    let mut issues = Vec::new();
    // (canonical name, grid column)
    let mut mapped: Vec<(&'static str, usize)> = Vec::new();
    for (index, header) in grid.headers.iter().enumerate() {
        let key = normalize_key(header);
        if key.is_empty() {
            continue; // Trailing empty columns from spreadsheets.
        }
        match specs
            .iter()
            .find(|s| s.name == key || s.aliases.contains(&key.as_str()))
        {
            Some(spec) if mapped.iter().any(|(n, _)| *n == spec.name) => {
                let mut issue = problem(
                    file,
                    1,
                    header,
                    Text::new(
                        format!("kolumnen {} finns två gånger", spec.name),
                        format!("the column {} appears twice", spec.name),
                    ),
                );
                issue.cell = grid
                    .sheet_columns
                    .as_ref()
                    .map(|s| format!("{}{}", column_letters(s[index]), grid.first_line - 1));
                issues.push(issue);
            }
            Some(spec) => mapped.push((spec.name, index)),
            None => notes.push(Text::new(
                format!("kolumnen \"{}\" är okänd och ignoreras", header.trim()),
                format!("the unknown column \"{}\" is ignored", header.trim()),
            )),
        }
    }
    for spec in specs.iter().filter(|s| s.required) {
        if !mapped.iter().any(|(n, _)| *n == spec.name) {
            issues.push(problem(
                file,
                1,
                spec.name,
                Text::new(
                    format!("kolumnen {} saknas", spec.name),
                    format!("the required column {} is missing", spec.name),
                ),
            ));
        }
    }
    if !issues.is_empty() {
        return Err(issues);
    }

    let width = mapped.len();
    let mut text = String::new();
    let mut offsets = Vec::with_capacity(grid.height * width + 1);
    let mut lines = Vec::with_capacity(grid.height);
    offsets.push(0u32);
    let mut scratch = String::new();
    for r in 0..grid.height {
        let row_start = text.len();
        let offsets_start = offsets.len();
        for (_, c) in &mapped {
            scratch.clear();
            (grid.cell)(r, *c, &mut scratch);
            text.push_str(scratch.trim());
            let end = u32::try_from(text.len()).map_err(|_| {
                vec![problem(
                    file,
                    0,
                    "",
                    Text::new("filen är för stor", "the file is too large"),
                )]
            })?;
            offsets.push(end);
        }
        if text.len() == row_start {
            // Every cell empty: trailing or spacer rows from spreadsheets.
            offsets.truncate(offsets_start);
            continue;
        }
        lines.push(u32::try_from(grid.first_line + r).unwrap_or(u32::MAX));
    }
    Ok(Table {
        kind,
        file: file.to_string(),
        sheet: None,
        notes,
        names: mapped.iter().map(|(n, _)| *n).collect(),
        sheet_columns: grid
            .sheet_columns
            .map(|s| mapped.iter().map(|(_, c)| s[*c]).collect()),
        text,
        offsets,
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_follows_the_header() {
        assert_eq!(detect_separator("kod;namn;datum\nA;\"x,y\";1"), b';');
        assert_eq!(detect_separator("kod,namn,datum\n"), b',');
        assert_eq!(detect_separator("\"a;b\",c,d\n"), b',');
        assert_eq!(detect_separator("kod\tnamn\tdatum\n"), b'\t');
    }

    #[test]
    fn column_letters_count_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(2), "C");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn kinds_are_recognised_from_headers() {
        let h = |s: &str| s.split(';').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            detect_kind(&h("enhet;kriterium;varde;datum")),
            Some(ImportKind::Values)
        );
        assert_eq!(
            detect_kind(&h("Unit;Criterion;Action;Due;Status")),
            Some(ImportKind::Plans)
        );
        assert_eq!(
            detect_kind(&h("kod;namn;vårdgivare")),
            Some(ImportKind::Units)
        );
        assert_eq!(
            detect_kind(&h("kod;namn;datum")),
            Some(ImportKind::Evaluations)
        );
        assert_eq!(
            detect_kind(&h("kod;utvärdering;område;titel;typ")),
            Some(ImportKind::Criteria)
        );
        assert_eq!(detect_kind(&h("a;b;c")), None);
    }

    #[test]
    fn plain_numbers_hide_float_noise() {
        assert_eq!(plain_number(0.1 + 0.2), "0.3");
        assert_eq!(plain_number(85.0), "85");
        assert_eq!(plain_number(12.5), "12.5");
    }
}
