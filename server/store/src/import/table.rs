//! Reading a CSV file into rows of trimmed text cells with Polars, and mapping its headers.

use std::collections::HashMap;
use std::io::Cursor;

use polars::prelude::*;
use readiness_rules::normalize_key;

use super::{ImportIssue, ImportKind};

/// One column an import kind understands.
pub struct ColumnSpec {
    /// Canonical Swedish name, as in the templates.
    pub name: &'static str,
    /// Other accepted names (English), already normalised.
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// A parsed file: cells by canonical column name, rows numbered as in a spreadsheet.
pub struct Table {
    pub file: String,
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

pub struct Row {
    /// The line a person sees in a spreadsheet (header = 1).
    pub line: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    /// The trimmed cell, "" if empty or the column is absent.
    pub fn get(&self, column: &str) -> &str {
        self.cells.get(column).map(String::as_str).unwrap_or("")
    }
}

/// `;` unless the header line has more commas than semicolons (outside quotes).
fn detect_separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let (mut semicolons, mut commas, mut quoted) = (0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if commas > semicolons { b',' } else { b';' }
}

pub fn read_table(kind: ImportKind, file: &str, bytes: &[u8]) -> Result<Table, Vec<ImportIssue>> {
    let issue = |row: usize, column: &str, message: String| ImportIssue {
        file: file.to_string(),
        row,
        column: column.to_string(),
        message,
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        vec![issue(
            0,
            "",
            format!(
                "filen är inte UTF-8 (byte {}); spara som \"CSV UTF-8\" / the file is not UTF-8",
                e.valid_up_to()
            ),
        )]
    })?;
    if text.trim().is_empty() {
        return Err(vec![issue(
            1,
            "",
            "filen är tom / the file is empty".into(),
        )]);
    }

    let frame = CsvReadOptions::default()
        .with_has_header(true)
        // Every cell is read as text: the rules decide what a cell means, with row and column.
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(false)
        .map_parse_options(|p| {
            p.with_separator(detect_separator(text))
                .with_truncate_ragged_lines(true)
        })
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .map_err(|e| {
            vec![issue(
                0,
                "",
                format!("filen kunde inte läsas som CSV / not readable as CSV: {e}"),
            )]
        })?;

    let specs = kind.columns();
    let mut notes = Vec::new();
    let mut issues = Vec::new();
    let mut mapped: Vec<(&'static str, &Column)> = Vec::new();
    for column in frame.columns() {
        let header = column.name().as_str();
        let key = normalize_key(header);
        if key.is_empty() {
            continue; // Trailing empty columns from spreadsheets.
        }
        match specs
            .iter()
            .find(|s| s.name == key || s.aliases.contains(&key.as_str()))
        {
            Some(spec) if mapped.iter().any(|(n, _)| *n == spec.name) => issues.push(issue(
                1,
                header,
                format!(
                    "kolumnen {} finns två gånger / column appears twice",
                    spec.name
                ),
            )),
            Some(spec) => mapped.push((spec.name, column)),
            None => notes.push(format!(
                "kolumnen \"{header}\" är okänd och ignoreras / unknown column ignored"
            )),
        }
    }
    for spec in specs.iter().filter(|s| s.required) {
        if !mapped.iter().any(|(n, _)| *n == spec.name) {
            issues.push(issue(
                1,
                spec.name,
                format!("kolumnen {} saknas / required column missing", spec.name),
            ));
        }
    }
    if !issues.is_empty() {
        return Err(issues);
    }

    let mut columns: Vec<(&'static str, Vec<String>)> = Vec::with_capacity(mapped.len());
    for (name, column) in mapped {
        let strings = column.str().map_err(|e| {
            vec![issue(
                0,
                name,
                format!("internt läsfel / internal read error: {e}"),
            )]
        })?;
        columns.push((
            name,
            strings
                .iter()
                .map(|c| c.unwrap_or("").trim().to_string())
                .collect(),
        ));
    }
    let mut rows = Vec::with_capacity(frame.height());
    for i in 0..frame.height() {
        let cells: HashMap<&'static str, String> = columns
            .iter()
            .map(|(name, values)| (*name, values[i].clone()))
            .collect();
        if cells.values().all(String::is_empty) {
            continue; // Trailing empty rows from spreadsheets.
        }
        rows.push(Row { line: i + 2, cells });
    }
    Ok(Table {
        file: file.to_string(),
        rows,
        notes,
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
    }
}
