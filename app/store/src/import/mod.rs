//! The import pipeline: read a file (Polars), validate every row against the rules and the
//! database, then write everything in one transaction, or nothing.
//!
//! One code path for the command line and the browser upload. Here: the request, the summary,
//! the checks and the plan shared by every kind; `table` reads a file into rows, `columns` says
//! which columns each kind has, `reference_data` and `unit_data` validate and write each kind,
//! `progress` is what a progress bar reads, `history` the imports made and uploads waiting.

mod columns;
mod designation;
mod development;
pub mod history;
mod progress;
mod reference_data;
mod system_level;
pub mod table;
mod unit_data;
mod unit_follow_up;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use crate::Pool;
use chrono::NaiveDate;
use readiness_rules::{Text, parse_date, parse_number};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{Any, Transaction};

use crate::{StoreError, now_stamp};
use table::{Row, Table, read_table};
pub use table::{SheetFile, column_letters, detect_kind};

pub(crate) use columns::columns;
pub use progress::Progress;
pub use readiness_rules::{ImportKind, ImportPhase};

/// One problem in a file, with its place. Row 1 is the header; row 0 means the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportIssue {
    pub file: String,
    pub row: usize,
    pub column: String,
    /// XLSX only: the cell, e.g. `C7`.
    pub cell: Option<String>,
    pub message: Text,
}

impl ImportIssue {
    /// Where the problem is: `file:row:column`, and the cell for XLSX.
    pub fn place(&self) -> String {
        let place = format!("{}:{}:{}", self.file, self.row, self.column);
        match &self.cell {
            Some(cell) => format!("{place} ({cell})"),
            None => place,
        }
    }
}

impl fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.message)
    }
}

/// One field of a planned change: before (empty when added) and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub column: String,
    pub old: String,
    pub new: String,
}

/// A row that will be added or changed, as the preview lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedChange {
    pub row: usize,
    /// What the row is about, e.g. `E001 · USV-F01 · 2026-03-31`.
    pub key: String,
    pub added: bool,
    /// Added: every field; changed: only the fields that differ.
    pub fields: Vec<FieldChange>,
}

/// How many planned changes a summary lists; the counts always cover every row.
pub const LISTED_CHANGES: usize = 500;

/// What an import did (or, for a dry run / preview, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub kind: ImportKind,
    pub file: String,
    /// XLSX: the sheet that was read.
    pub sheet: Option<String>,
    pub rows: usize,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub dry_run: bool,
    pub notes: Vec<Text>,
    /// The first `LISTED_CHANGES` added or changed rows.
    pub changes: Vec<PlannedChange>,
    /// Identifies the planned writes and the database state they start from: a commit made
    /// after a preview checks that it would still do exactly what the preview showed.
    pub fingerprint: String,
    /// The record in the import history (committed imports only).
    pub import_id: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} problems in the file, nothing was written", .0.len())]
    Invalid(Vec<ImportIssue>),
    /// The database changed between the preview and the commit: nothing was written, and the
    /// summary says what the import would do now.
    #[error("the data changed since the preview, nothing was written")]
    Stale(Box<ImportSummary>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Store(StoreError::Database(e))
    }
}

/// Which shell started an import (kept in the history).
/// The tables imports write (whose statistics an import refreshes, see `dialect`).
const IMPORTED_TABLES: [&str; 14] = [
    "evaluations",
    "criteria",
    "units",
    "unit_values",
    "action_plans",
    "development_areas",
    "development_area_criteria",
    "development_actions",
    "development_action_versions",
    "development_action_notes",
    "system_questions",
    "system_question_criteria",
    "unit_follow_ups",
    "designation_periods",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cli,
    Web,
}

impl Via {
    pub fn code(self) -> &'static str {
        match self {
            Via::Cli => "cli",
            Via::Web => "webb",
        }
    }
}

/// Everything an import needs; both the CLI and the browser upload build one.
pub struct ImportRequest<'a> {
    /// `None`: recognise the kind from the headers.
    pub kind: Option<ImportKind>,
    pub file: SheetFile<'a>,
    /// Validate and report, write nothing (the preview).
    pub dry_run: bool,
    /// Commit only if the import still matches the preview with this fingerprint.
    pub expected_fingerprint: Option<&'a str>,
    /// The signed-in user who imports; `None` from the command line.
    pub user_id: Option<i64>,
    pub via: Via,
}

/// Validates `bytes` as a file of `kind` and, if every row is valid, writes it in one
/// transaction. With `dry_run` the transaction is rolled back and the summary says what would
/// have happened. The command line's entry point.
pub async fn import(
    pool: &Pool,
    kind: ImportKind,
    file: &str,
    bytes: &[u8],
    dry_run: bool,
) -> Result<ImportSummary, ImportError> {
    let request = ImportRequest {
        kind: Some(kind),
        file: SheetFile {
            name: file,
            bytes,
            sheet: None,
        },
        dry_run,
        expected_fingerprint: None,
        user_id: None,
        via: Via::Cli,
    };
    run(pool, &request, &Progress::default()).await
}

/// The import pipeline: read (CSV or XLSX), validate every row against the rules and the
/// database as it is inside the transaction, plan, check the preview's fingerprint, write,
/// record in the history — or write nothing.
pub async fn run(
    pool: &Pool,
    request: &ImportRequest<'_>,
    progress: &Progress,
) -> Result<ImportSummary, ImportError> {
    progress.start(ImportPhase::Reading, 0);
    // Debug builds only: lets the tests see that a step which panics ends as "failed".
    #[cfg(debug_assertions)]
    if request.file.name == "readiness-test-panic.csv" {
        panic!("a panic asked for by the tests");
    }
    let table = read_table(request.kind, &request.file).map_err(ImportError::Invalid)?;
    let kind = table.kind;
    // Reference data is read inside the transaction, so validation sees what the commit sees;
    // imports take turns (on SQLite the write lock, taken at the start; on PostgreSQL a lock),
    // or two at once could each check against the data before the other's rows. A preview
    // writes nothing and takes no turn.
    let mut tx = if request.dry_run {
        pool.begin().await?
    } else {
        let mut tx = crate::dialect::begin_writing(pool).await?;
        crate::dialect::lock_key(&mut tx, "import").await?;
        tx
    };
    let mut check = Checker {
        table: &table,
        issues: Vec::new(),
        total_issues: 0,
        progress,
        checked: 0,
    };
    let mut plan = Plan {
        // A preview computes everything but writes nothing: no row depends on another row's
        // write (keys are unique within a file), so the counts and changes are the same.
        write: !request.dry_run,
        ..Plan::default()
    };
    let context = WriteContext {
        stamp: now_stamp(),
        source: format!("import:{}", table.file),
        progress,
    };
    progress.start(ImportPhase::Checking, table.len());
    match kind {
        ImportKind::Evaluations => {
            reference_data::evaluations(&mut tx, &table, &mut check, &mut plan).await?
        }
        ImportKind::Criteria => {
            reference_data::criteria(&mut tx, &table, &mut check, &mut plan).await?
        }
        ImportKind::Units => reference_data::units(&mut tx, &table, &mut check, &mut plan).await?,
        ImportKind::Values => {
            unit_data::values(&mut tx, &table, &mut check, &mut plan, &context).await?
        }
        ImportKind::Plans => {
            unit_data::plans(&mut tx, &table, &mut check, &mut plan, &context).await?
        }
        ImportKind::DevelopmentAreas => {
            development::areas(&mut tx, &table, &mut check, &mut plan).await?
        }
        ImportKind::DevelopmentActions => {
            development::actions(&mut tx, &table, &mut check, &mut plan, &context).await?
        }
        ImportKind::SystemQuestions => {
            system_level::questions(&mut tx, &table, &mut check, &mut plan, &context).await?
        }
        ImportKind::UnitFollowUps => {
            unit_follow_up::follow_ups(&mut tx, &table, &mut check, &mut plan, &context).await?
        }
        ImportKind::Designations => {
            designation::periods(&mut tx, &table, &mut check, &mut plan, &context).await?
        }
    }
    if !check.issues.is_empty() {
        tx.rollback().await?;
        return Err(ImportError::Invalid(check.into_issues()));
    }
    let mut summary = ImportSummary {
        kind,
        file: table.file.clone(),
        sheet: table.sheet.clone(),
        rows: table.len(),
        added: plan.added,
        changed: plan.changed,
        unchanged: plan.unchanged,
        dry_run: request.dry_run,
        notes: table.notes.clone(),
        changes: plan.listed,
        fingerprint: format!("{:x}", plan.hasher.finalize()),
        import_id: None,
    };
    if let Some(expected) = request.expected_fingerprint
        && expected != summary.fingerprint
    {
        tx.rollback().await?;
        summary.dry_run = true;
        return Err(ImportError::Stale(Box::new(summary)));
    }
    if request.dry_run {
        tx.rollback().await?;
    } else {
        let id = sqlx::query_scalar(
            "INSERT INTO imports (imported_at, user_id, via, file_name, sheet, kind, rows, added, \
             changed, unchanged) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(&context.stamp)
        .bind(request.user_id)
        .bind(request.via.code())
        .bind(&summary.file)
        .bind(&summary.sheet)
        .bind(kind.code())
        .bind(summary.rows as i64)
        .bind(summary.added as i64)
        .bind(summary.changed as i64)
        .bind(summary.unchanged as i64)
        .fetch_one(&mut *tx)
        .await?;
        summary.import_id = Some(id);
        tx.commit().await?;
        if summary.added + summary.changed > 0 {
            crate::dialect::refresh_statistics(pool, &IMPORTED_TABLES).await?;
        }
    }
    progress.start(ImportPhase::Done, summary.rows);
    Ok(summary)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Added,
    Changed,
    Unchanged,
}

impl Outcome {
    /// What writing `new` does where `old` is stored (None: nothing is).
    fn of<T: PartialEq>(old: Option<T>, new: T) -> Outcome {
        match old {
            Some(old) if old == new => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
            None => Outcome::Added,
        }
    }
}

/// Counts, lists and fingerprints what an import will do.
#[derive(Default)]
struct Plan {
    added: usize,
    changed: usize,
    unchanged: usize,
    listed: Vec<PlannedChange>,
    hasher: Sha256,
    /// False for a preview (dry run).
    write: bool,
}

impl Plan {
    /// Records a row of text fields against the stored ones (`old`, None when new).
    fn record_row<'f, const N: usize>(
        &mut self,
        line: usize,
        columns: [&'static str; N],
        old: Option<[&'f str; N]>,
        new: [&'f str; N],
        key: impl FnOnce() -> String,
    ) -> Outcome {
        let outcome = Outcome::of(old, new);
        self.record(line, outcome, key, || pair_fields(columns, old, new))
    }

    /// Records one row. `fields` gives (column, old, new) for every field; it is only called when
    /// the row is listed or changed, because a national file has a million rows.
    fn record<'f>(
        &mut self,
        line: usize,
        outcome: Outcome,
        key: impl FnOnce() -> String,
        fields: impl FnOnce() -> Vec<(&'static str, Cow<'f, str>, Cow<'f, str>)>,
    ) -> Outcome {
        // Same file, same rows: only the database side (outcome, old values) can differ
        // between a preview and its commit, so that is what the fingerprint covers.
        self.hasher.update([outcome as u8]);
        let listing = self.listed.len() < LISTED_CHANGES;
        match outcome {
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Added => {
                self.added += 1;
                if listing {
                    self.listed.push(PlannedChange {
                        row: line,
                        key: key(),
                        added: true,
                        fields: fields()
                            .into_iter()
                            .filter(|(_, _, new)| !new.is_empty())
                            .map(|(column, _, new)| FieldChange {
                                column: column.into(),
                                old: String::new(),
                                new: new.into_owned(),
                            })
                            .collect(),
                    });
                }
            }
            Outcome::Changed => {
                self.changed += 1;
                let differing: Vec<_> = fields()
                    .into_iter()
                    .filter(|(_, old, new)| old != new)
                    .collect();
                for (column, old, new) in &differing {
                    for part in [column.as_bytes(), old.as_bytes(), new.as_bytes()] {
                        self.hasher.update((part.len() as u64).to_le_bytes());
                        self.hasher.update(part);
                    }
                }
                if listing {
                    self.listed.push(PlannedChange {
                        row: line,
                        key: key(),
                        added: false,
                        fields: differing
                            .into_iter()
                            .map(|(column, old, new)| FieldChange {
                                column: column.into(),
                                old: old.into_owned(),
                                new: new.into_owned(),
                            })
                            .collect(),
                    });
                }
            }
        }
        outcome
    }
}

/// Shared by the writers of values and plans. Imported rows have no `recorded_by`: an import is
/// the working group's own act, so its values count as verified (who imported is in `imports`).
struct WriteContext<'a> {
    stamp: String,
    source: String,
    progress: &'a Progress,
}

/// Collects every problem in a file instead of stopping at the first.
struct Checker<'a> {
    table: &'a Table,
    /// The first `MAX_ISSUES` problems; `total_issues` counts them all.
    issues: Vec<ImportIssue>,
    total_issues: usize,
    progress: &'a Progress,
    checked: usize,
}

/// Problems kept (stored with an upload, shown, printed) per file: a file with 30,000 bad rows
/// must not cost 30,000 rows of HTML on every view. The total is always told.
pub const MAX_ISSUES: usize = 1000;

impl Checker<'_> {
    /// The kept problems, with a last line giving the total when some were left out.
    fn into_issues(self) -> Vec<ImportIssue> {
        let mut issues = self.issues;
        if self.total_issues > issues.len() {
            issues.push(ImportIssue {
                file: self.table.file.clone(),
                row: 0,
                column: String::new(),
                cell: None,
                message: Text::new(
                    format!(
                        "{} problem i allt; de första {MAX_ISSUES} visas",
                        self.total_issues
                    ),
                    format!(
                        "{} problems in all; the first {MAX_ISSUES} are shown",
                        self.total_issues
                    ),
                ),
            });
        }
        issues
    }

    /// Called once per row, for the progress bar.
    fn next_row(&mut self) {
        self.checked += 1;
        self.progress.tick(self.checked);
    }

    fn report(&mut self, row: &Row, column: &str, message: Text) {
        self.report_line(row.line, column, message);
    }

    /// Reports a problem found after the rows were read (against what is stored).
    fn report_line(&mut self, line: usize, column: &str, message: Text) {
        self.total_issues += 1;
        if self.issues.len() >= MAX_ISSUES {
            return;
        }
        self.issues.push(ImportIssue {
            file: self.table.file.clone(),
            row: line,
            column: column.to_string(),
            cell: self.table.cell_ref(column, line),
            message,
        });
    }

    fn required<'r>(&mut self, row: &Row<'r>, column: &str) -> Option<&'r str> {
        let cell = row.get(column);
        if cell.is_empty() {
            self.report(row, column, Text::new("värde saknas", "value missing"));
            None
        } else {
            Some(cell)
        }
    }

    /// What a rule's check of a row gave: the checked record, or each field's error reported in
    /// the file's column for it (`column` maps the rule's field names to the file's).
    fn checked<T>(
        &mut self,
        row: &Row,
        result: Result<T, Vec<readiness_rules::FieldError>>,
        column: fn(&str) -> &'static str,
    ) -> Option<T> {
        result
            .map_err(|errors| {
                for e in errors {
                    self.report(row, column(&e.field), e.message);
                }
            })
            .ok()
    }

    /// The `enhet` column: a unit code that is stored, as (id, code).
    fn known_unit<'r>(
        &mut self,
        row: &Row<'r>,
        units: &HashMap<String, i64>,
    ) -> Option<(i64, &'r str)> {
        let code = self.required(row, "enhet")?;
        let id = units.get(code).copied();
        if id.is_none() {
            self.report(
                row,
                "enhet",
                Text::new(
                    format!("okänd enhet \"{code}\"; importera enheterna först"),
                    format!("unknown unit \"{code}\"; import the units first"),
                ),
            );
        }
        id.map(|id| (id, code))
    }

    fn date(&mut self, row: &Row, column: &str) -> Option<NaiveDate> {
        let cell = self.required(row, column)?;
        parse_date(cell)
            .map_err(|e| self.report(row, column, e.0))
            .ok()
    }

    fn yes_no(&mut self, row: &Row, column: &str, default: bool) -> Option<bool> {
        match readiness_rules::normalize_key(row.get(column)).as_str() {
            "" => Some(default),
            "ja" | "j" | "yes" | "y" | "x" | "true" | "sant" | "1" => Some(true),
            "nej" | "n" | "no" | "false" | "falskt" | "0" => Some(false),
            _ => {
                self.report(
                    row,
                    column,
                    Text::new(
                        format!("\"{}\": skriv ja eller nej", row.get(column)),
                        format!("\"{}\": write ja or nej", row.get(column)),
                    ),
                );
                None
            }
        }
    }

    fn optional_number(&mut self, row: &Row, column: &str) -> Option<Option<f64>> {
        let cell = row.get(column).trim_end_matches('%').trim();
        if cell.is_empty() {
            return Some(None);
        }
        parse_number(cell)
            .map(Some)
            .map_err(|e| self.report(row, column, e.0))
            .ok()
    }

    /// A required code that follows the code rule (`readiness_rules::valid_code`).
    fn code<'r>(&mut self, row: &Row<'r>, column: &str) -> Option<&'r str> {
        let code = self.required(row, column)?;
        if readiness_rules::valid_code(code) {
            Some(code)
        } else {
            self.report(row, column, readiness_rules::code_rule_text(code));
            None
        }
    }

    /// Reports each of `limits` (column, most characters) that the row's cell exceeds.
    fn at_most(&mut self, row: &Row, limits: &[(&str, usize)]) {
        for &(column, max) in limits {
            if row.get(column).chars().count() > max {
                self.report(
                    row,
                    column,
                    Text::new(
                        format!("högst {max} tecken"),
                        format!("at most {max} characters"),
                    ),
                );
            }
        }
    }

    /// The criteria codes in `column` (see [`criterion_codes`]); unknown ones are reported.
    fn criteria<'r>(
        &mut self,
        row: &Row<'r>,
        column: &str,
        known: &HashMap<String, i64>,
    ) -> Vec<&'r str> {
        let codes = criterion_codes(row.get(column));
        let unknown: Vec<&str> = codes
            .iter()
            .copied()
            .filter(|c| !known.contains_key(*c))
            .collect();
        if !unknown.is_empty() {
            let list = unknown.join(", ");
            self.report(
                row,
                column,
                Text::new(
                    format!("okända kriterier: {list}"),
                    format!("unknown criteria: {list}"),
                ),
            );
        }
        codes
    }

    /// Reports a key seen before in the same file.
    fn unique<K: Eq + std::hash::Hash>(
        &mut self,
        seen: &mut HashMap<K, usize>,
        key: K,
        row: &Row,
        column: &str,
    ) -> bool {
        if let Some(first) = seen.get(&key) {
            self.report(
                row,
                column,
                Text::new(
                    format!("dubblett av rad {first}"),
                    format!("duplicate of row {first}"),
                ),
            );
            false
        } else {
            seen.insert(key, row.line);
            true
        }
    }
}

type Tx = Transaction<'static, Any>;

/// A criteria column: codes separated by commas, semicolons, spaces or line breaks.
fn criterion_codes(cell: &str) -> Vec<&str> {
    let mut codes: Vec<&str> = cell
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Replaces the criteria linked to `owner` by those named in `cell`, all of them known (checked
/// before): `unlink` removes the owner's links, `link` adds one (owner, criterion id). Whole
/// statements, so the query test reads them from the source.
async fn link_criteria(
    tx: &mut Tx,
    (unlink, link): (&'static str, &'static str),
    owner: i64,
    cell: &str,
    criteria: &HashMap<String, i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(unlink).bind(owner).execute(&mut **tx).await?;
    for criterion in criterion_codes(cell) {
        sqlx::query(link)
            .bind(owner)
            .bind(criteria[criterion])
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn code_ids(tx: &mut Tx, table: &str) -> Result<HashMap<String, i64>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(&format!("SELECT code, id FROM {table}"))
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Pairs (column, old, new) for the preview; `old` is empty for an added row.
fn pair_fields<'f, const N: usize>(
    columns: [&'static str; N],
    old: Option<[&'f str; N]>,
    new: [&'f str; N],
) -> Vec<(&'static str, Cow<'f, str>, Cow<'f, str>)> {
    (0..N)
        .map(|i| {
            (
                columns[i],
                Cow::Borrowed(old.map(|o| o[i]).unwrap_or("")),
                Cow::Borrowed(new[i]),
            )
        })
        .collect()
}
