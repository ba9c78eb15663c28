//! The import pipeline: read a file (Polars), validate every row against the rules and the
//! database, then write everything in one transaction, or nothing.
//!
//! One code path for every shell (CLI today, browser upload later).

pub mod history;
pub mod table;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

use chrono::NaiveDate;
use readiness_rules::{
    Kind, Origin, PlanStatus, Reported, parse_date, parse_number, parse_reported,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::{StoreError, now_stamp};
use table::{ColumnSpec, Row, Table, read_table};
pub use table::{SheetFile, column_letters, detect_kind};

pub use readiness_rules::ImportKind;

/// The columns a file of this kind has, by their Swedish names and accepted aliases.
pub(crate) fn columns(kind: ImportKind) -> &'static [ColumnSpec] {
    const fn col(
        name: &'static str,
        aliases: &'static [&'static str],
        required: bool,
    ) -> ColumnSpec {
        ColumnSpec {
            name,
            aliases,
            required,
        }
    }
    match kind {
        ImportKind::Evaluations => {
            const COLUMNS: &[ColumnSpec] = &[
                col("kod", &["code"], true),
                col("namn", &["name"], true),
                col("genomfors_av", &["conducted_by", "by"], false),
                col("datum", &["date", "deadline"], true),
            ];
            COLUMNS
        }
        ImportKind::Criteria => {
            const COLUMNS: &[ColumnSpec] = &[
                col("kod", &["code"], true),
                col("utvardering", &["evaluation"], true),
                col("omrade", &["area", "panel"], true),
                col("ursprung", &["origin"], false),
                col("titel", &["title"], true),
                col("titel_en", &["title_en", "english_title"], false),
                col("typ", &["kind", "type"], true),
                col("gron", &["green"], false),
                col("gul", &["amber", "yellow"], false),
                col("obligatorisk", &["mandatory"], false),
                col("kraver_underlag", &["requires_evidence"], false),
                col("giltighet_manader", &["validity_months"], false),
                col("beskrivning", &["description"], false),
            ];
            COLUMNS
        }
        ImportKind::Units => {
            const COLUMNS: &[ColumnSpec] = &[
                col("kod", &["code"], true),
                col("namn", &["name"], true),
                col("vardgivare", &["care_provider", "provider"], true),
                col("verksamhetschef", &["manager", "head"], false),
                col("epost", &["email", "e_post", "mail"], false),
            ];
            COLUMNS
        }
        ImportKind::Values => {
            const COLUMNS: &[ColumnSpec] = &[
                col("enhet", &["unit"], true),
                col("kriterium", &["criterion"], true),
                col("varde", &["value"], true),
                col("datum", &["date", "measured"], true),
                col("kommentar", &["comment"], false),
                col("underlag", &["evidence"], false),
            ];
            COLUMNS
        }
        ImportKind::Plans => {
            const COLUMNS: &[ColumnSpec] = &[
                col("enhet", &["unit"], true),
                col("kriterium", &["criterion"], true),
                col("atgard", &["action"], true),
                col("ansvarig", &["owner", "responsible"], false),
                col("klar_senast", &["due", "due_date"], true),
                col("status", &["status"], true),
            ];
            COLUMNS
        }
    }
}

/// One problem in a file, with its place. Row 1 is the header; row 0 means the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportIssue {
    pub file: String,
    pub row: usize,
    pub column: String,
    /// XLSX only: the cell, e.g. `C7`.
    pub cell: Option<String>,
    pub message: String,
}

impl fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.row, self.column)?;
        if let Some(cell) = &self.cell {
            write!(f, " ({cell})")?;
        }
        write!(f, ": {}", self.message)
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
    pub notes: Vec<String>,
    /// The first `LISTED_CHANGES` added or changed rows.
    pub changes: Vec<PlannedChange>,
    /// Identifies the planned writes and the database state they start from: a commit made
    /// after a preview checks that it would still do exactly what the preview showed.
    pub fingerprint: String,
    /// The record in the import history (committed imports only).
    pub import_id: Option<i64>,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}{} ({}): {} rader / rows — {} nya / added, {} ändrade / changed, {} oförändrade / unchanged",
            if self.dry_run {
                "[provkörning / dry run] "
            } else {
                ""
            },
            self.file,
            self.sheet
                .as_ref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default(),
            self.kind,
            self.rows,
            self.added,
            self.changed,
            self.unchanged
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} fel i filen, inget har sparats / {} problems in the file, nothing was written", .0.len(), .0.len())]
    Invalid(Vec<ImportIssue>),
    /// The database changed between the preview and the commit: nothing was written, and the
    /// summary says what the import would do now.
    #[error(
        "uppgifterna har ändrats sedan förhandsgranskningen, inget har sparats / the data changed since the preview, nothing was written"
    )]
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

/// Where a running import is, for a progress bar. Shared between the import and whoever
/// watches it; updated every few thousand rows.
#[derive(Debug, Default)]
pub struct Progress {
    phase: AtomicU8,
    done: AtomicUsize,
    total: AtomicUsize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Reading,
    Checking,
    Writing,
    Done,
}

impl Progress {
    /// (phase, rows done, rows in the file)
    pub fn snapshot(&self) -> (Phase, usize, usize) {
        let phase = match self.phase.load(Ordering::Relaxed) {
            0 => Phase::Reading,
            1 => Phase::Checking,
            2 => Phase::Writing,
            _ => Phase::Done,
        };
        (
            phase,
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    fn start(&self, phase: Phase, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.phase.store(phase as u8, Ordering::Relaxed);
    }

    fn tick(&self, done: usize) {
        if done.is_multiple_of(4096) {
            self.done.store(done, Ordering::Relaxed);
        }
    }
}

/// Validates `bytes` as a file of `kind` and, if every row is valid, writes it in one
/// transaction. With `dry_run` the transaction is rolled back and the summary says what would
/// have happened. The command line's entry point.
pub async fn import(
    pool: &SqlitePool,
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
    pool: &SqlitePool,
    request: &ImportRequest<'_>,
    progress: &Progress,
) -> Result<ImportSummary, ImportError> {
    progress.start(Phase::Reading, 0);
    // Debug builds only: lets the tests see that a step which panics ends as "failed".
    #[cfg(debug_assertions)]
    if request.file.name == "readiness-test-panic.csv" {
        panic!("a panic asked for by the tests");
    }
    let table = read_table(request.kind, &request.file).map_err(ImportError::Invalid)?;
    let kind = table.kind;
    // Reference data is read inside the transaction, so validation sees what the commit sees.
    let mut tx = pool.begin().await?;
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
    progress.start(Phase::Checking, table.len());
    match kind {
        ImportKind::Evaluations => evaluations(&mut tx, &table, &mut check, &mut plan).await?,
        ImportKind::Criteria => criteria(&mut tx, &table, &mut check, &mut plan).await?,
        ImportKind::Units => units(&mut tx, &table, &mut check, &mut plan).await?,
        ImportKind::Values => values(&mut tx, &table, &mut check, &mut plan, &context).await?,
        ImportKind::Plans => plans(&mut tx, &table, &mut check, &mut plan, &context).await?,
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
             changed, unchanged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
    }
    progress.start(Phase::Done, summary.rows);
    Ok(summary)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Added,
    Changed,
    Unchanged,
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
                message: format!(
                    "{} problem i allt; de första {MAX_ISSUES} visas / {} problems in all; the first {MAX_ISSUES} are shown",
                    self.total_issues, self.total_issues
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

    fn report(&mut self, row: &Row, column: &str, message: impl Into<String>) {
        self.total_issues += 1;
        if self.issues.len() >= MAX_ISSUES {
            return;
        }
        self.issues.push(ImportIssue {
            file: self.table.file.clone(),
            row: row.line,
            column: column.to_string(),
            cell: self.table.cell_ref(column, row.line),
            message: message.into(),
        });
    }

    fn required<'r>(&mut self, row: &Row<'r>, column: &str) -> Option<&'r str> {
        let cell = row.get(column);
        if cell.is_empty() {
            self.report(row, column, "värde saknas / value missing");
            None
        } else {
            Some(cell)
        }
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
                    format!(
                        "\"{}\": skriv ja eller nej / write ja or nej",
                        row.get(column)
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
                format!("dubblett av rad {first} / duplicate of row {first}"),
            );
            false
        } else {
            seen.insert(key, row.line);
            true
        }
    }
}

type Tx = Transaction<'static, Sqlite>;

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

async fn evaluations(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
) -> Result<(), ImportError> {
    let mut seen = HashMap::new();
    // (line, code, [name, conducted by, deadline])
    let mut records: Vec<(usize, &str, [String; 3])> = Vec::new();
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let code = check.required(row, "kod");
        let name = check.required(row, "namn");
        let deadline = check.date(row, "datum");
        if let Some(code) = code {
            check.unique(&mut seen, code, row, "kod");
        }
        if let (Some(code), Some(name), Some(deadline)) = (code, name, deadline) {
            records.push((
                row.line,
                code,
                [
                    name.into(),
                    row.get("genomfors_av").into(),
                    deadline.to_string(),
                ],
            ));
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let existing: HashMap<String, [String; 3]> =
        sqlx::query_as::<_, (String, String, String, String)>(
            "SELECT code, name, conducted_by, deadline FROM evaluations",
        )
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(c, n, b, d)| (c, [n, b, d]))
        .collect();
    for (line, code, fields) in &records {
        let old = existing.get(*code);
        let outcome = match old {
            Some(old) if old == fields => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
            None => Outcome::Added,
        };
        plan.record(
            *line,
            outcome,
            || code.to_string(),
            || {
                pair_fields(
                    ["namn", "genomfors_av", "datum"],
                    old.map(|o| [o[0].as_str(), o[1].as_str(), o[2].as_str()]),
                    [fields[0].as_str(), fields[1].as_str(), fields[2].as_str()],
                )
            },
        );
        if plan.write && outcome != Outcome::Unchanged {
            sqlx::query(
                "INSERT INTO evaluations (code, name, conducted_by, deadline) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                 conducted_by = excluded.conducted_by, deadline = excluded.deadline",
            )
            .bind(code)
            .bind(&fields[0])
            .bind(&fields[1])
            .bind(&fields[2])
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
struct CriterionRecord {
    code: String,
    evaluation_id: i64,
    area: String,
    origin: String,
    title: String,
    title_en: String,
    kind: String,
    green: Option<f64>,
    amber: Option<f64>,
    mandatory: i64,
    requires_evidence: i64,
    validity_months: i64,
    description: String,
    position: i64,
}

impl CriterionRecord {
    /// The fields as the template names and writes them, for the preview.
    fn fields(&self, evaluation_codes: &HashMap<i64, String>) -> [(&'static str, String); 12] {
        let number = |n: Option<f64>| {
            n.map(|n| Reported::Number(n).canonical())
                .unwrap_or_default()
        };
        let yes_no = |b: i64| if b != 0 { "ja" } else { "nej" }.to_string();
        [
            (
                "utvardering",
                evaluation_codes
                    .get(&self.evaluation_id)
                    .cloned()
                    .unwrap_or_default(),
            ),
            ("omrade", self.area.clone()),
            ("ursprung", self.origin.clone()),
            ("titel", self.title.clone()),
            ("titel_en", self.title_en.clone()),
            ("typ", self.kind.clone()),
            ("gron", number(self.green)),
            ("gul", number(self.amber)),
            ("obligatorisk", yes_no(self.mandatory)),
            ("kraver_underlag", yes_no(self.requires_evidence)),
            ("giltighet_manader", self.validity_months.to_string()),
            ("beskrivning", self.description.clone()),
        ]
    }
}

async fn criteria(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
) -> Result<(), ImportError> {
    let evaluation_ids = code_ids(tx, "evaluations").await?;
    let existing: HashMap<String, CriterionRecord> = sqlx::query_as::<_, CriterionRecord>(
        "SELECT code, evaluation_id, area, origin, title, title_en, kind, green, amber, mandatory, \
         requires_evidence, validity_months, description, position FROM criteria",
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(|c| (c.code.clone(), c))
    .collect();
    let with_values: HashSet<String> = sqlx::query_scalar(
        "SELECT DISTINCT c.code FROM criteria c JOIN unit_values v ON v.criterion_id = c.id",
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();

    let mut seen = HashMap::new();
    let mut records = Vec::new();
    for (position, row) in table.rows().enumerate() {
        let row = &row;
        check.next_row();
        let code = check.required(row, "kod");
        if let Some(code) = code {
            check.unique(&mut seen, code.to_string(), row, "kod");
        }
        let evaluation_id = check.required(row, "utvardering").and_then(|e| match evaluation_ids.get(e) {
            Some(id) => Some(*id),
            None => {
                check.report(row, "utvardering", format!("okänd utvärdering \"{e}\"; importera utvärderingarna först / unknown evaluation"));
                None
            }
        });
        let area = check.required(row, "omrade");
        let title = check.required(row, "titel");
        let origin = match row.get("ursprung") {
            "" => Some(Origin::National),
            raw => Origin::from_code(raw).or_else(|| {
                check.report(
                    row,
                    "ursprung",
                    format!(
                        "\"{raw}\": skriv nationell eller regional / write nationell or regional"
                    ),
                );
                None
            }),
        };
        let kind = check.required(row, "typ").and_then(|raw| {
            Kind::from_code(raw).or_else(|| {
                check.report(row, "typ", format!("okänd typ \"{raw}\"; tillåtna: ja_nej, antal, andel, underlag / unknown kind"));
                None
            })
        });
        let green = check.optional_number(row, "gron");
        let amber = check.optional_number(row, "gul");
        if let (Some(kind), Some(green), Some(amber)) = (kind, green, amber)
            && kind.has_thresholds()
        {
            match (green, amber) {
                (None, _) => check.report(
                    row,
                    "gron",
                    format!(
                        "typen {} kräver ett grönt tröskelvärde / needs a green threshold",
                        kind.code()
                    ),
                ),
                (Some(g), Some(a)) if a >= g => check.report(
                    row,
                    "gul",
                    "gul måste vara mindre än gron / amber must be below green",
                ),
                (Some(g), _) if kind == Kind::Share && !(0.0..=100.0).contains(&g) => check.report(
                    row,
                    "gron",
                    "andel måste ligga mellan 0 och 100 / share must be 0–100",
                ),
                (_, Some(a)) if kind == Kind::Share && !(0.0..=100.0).contains(&a) => check.report(
                    row,
                    "gul",
                    "andel måste ligga mellan 0 och 100 / share must be 0–100",
                ),
                _ => {}
            }
        }
        let mandatory = check.yes_no(row, "obligatorisk", false);
        let requires_evidence = check.yes_no(row, "kraver_underlag", false);
        let validity = match row.get("giltighet_manader") {
            "" => Some(i64::from(
                readiness_rules::CriterionRule::DEFAULT_VALIDITY_MONTHS,
            )),
            raw => match raw.parse::<i64>() {
                Ok(m) if (1..=240).contains(&m) => Some(m),
                _ => {
                    check.report(
                        row,
                        "giltighet_manader",
                        format!("\"{raw}\": ange antal månader 1–240 / months 1–240"),
                    );
                    None
                }
            },
        };
        if let (Some(code), Some(kind)) = (code, kind)
            && let Some(old) = existing.get(code)
            && old.kind != kind.code()
            && with_values.contains(code)
        {
            check.report(row, "typ", format!("typen kan inte ändras från {} när värden finns / kind cannot change once values exist", old.kind));
        }
        if let (
            Some(code),
            Some(evaluation_id),
            Some(area),
            Some(title),
            Some(origin),
            Some(kind),
            Some(green),
            Some(amber),
            Some(mandatory),
            Some(requires_evidence),
            Some(validity_months),
        ) = (
            code,
            evaluation_id,
            area,
            title,
            origin,
            kind,
            green,
            amber,
            mandatory,
            requires_evidence,
            validity,
        ) {
            let thresholds = kind.has_thresholds();
            records.push((
                row.line,
                CriterionRecord {
                    code: code.into(),
                    evaluation_id,
                    area: area.into(),
                    origin: origin.code().into(),
                    title: title.into(),
                    title_en: row.get("titel_en").into(),
                    kind: kind.code().into(),
                    green: if thresholds { green } else { None },
                    amber: if thresholds { amber } else { None },
                    mandatory: i64::from(mandatory),
                    requires_evidence: i64::from(requires_evidence),
                    validity_months,
                    description: row.get("beskrivning").into(),
                    position: i64::try_from(position).unwrap_or(i64::MAX),
                },
            ));
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let evaluation_codes: HashMap<i64, String> = evaluation_ids
        .into_iter()
        .map(|(code, id)| (id, code))
        .collect();
    for (line, r) in records {
        let old = existing.get(&r.code);
        let outcome = match old {
            Some(old) if *old == r => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
            None => Outcome::Added,
        };
        plan.record(
            line,
            outcome,
            || r.code.clone(),
            || {
                let new = r.fields(&evaluation_codes);
                let old = old.map(|o| o.fields(&evaluation_codes));
                new.into_iter()
                    .enumerate()
                    .map(|(i, (column, new))| {
                        let old = old.as_ref().map(|o| o[i].1.clone()).unwrap_or_default();
                        (column, Cow::Owned(old), Cow::Owned(new))
                    })
                    .collect()
            },
        );
        if plan.write && outcome != Outcome::Unchanged {
            sqlx::query(
                "INSERT INTO criteria (code, evaluation_id, area, origin, title, title_en, kind, green, \
                 amber, mandatory, requires_evidence, validity_months, description, position) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
                 ON CONFLICT (code) DO UPDATE SET evaluation_id = excluded.evaluation_id, \
                 area = excluded.area, origin = excluded.origin, title = excluded.title, \
                 title_en = excluded.title_en, kind = excluded.kind, green = excluded.green, \
                 amber = excluded.amber, mandatory = excluded.mandatory, \
                 requires_evidence = excluded.requires_evidence, \
                 validity_months = excluded.validity_months, description = excluded.description, \
                 position = excluded.position",
            )
            .bind(&r.code)
            .bind(r.evaluation_id)
            .bind(&r.area)
            .bind(&r.origin)
            .bind(&r.title)
            .bind(&r.title_en)
            .bind(&r.kind)
            .bind(r.green)
            .bind(r.amber)
            .bind(r.mandatory)
            .bind(r.requires_evidence)
            .bind(r.validity_months)
            .bind(&r.description)
            .bind(r.position)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

async fn units(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
) -> Result<(), ImportError> {
    const COLUMNS: [&str; 4] = ["namn", "vardgivare", "verksamhetschef", "epost"];
    let mut seen = HashMap::new();
    let mut records: Vec<(usize, &str, [&str; 4])> = Vec::new();
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let code = check.required(row, "kod");
        let name = check.required(row, "namn");
        let provider = check.required(row, "vardgivare");
        let email = row.get("epost");
        if !email.is_empty() && !email.contains('@') {
            check.report(
                row,
                "epost",
                format!("\"{email}\" är ingen e-postadress / not an e-mail address"),
            );
        }
        if let Some(code) = code {
            check.unique(&mut seen, code, row, "kod");
        }
        if let (Some(code), Some(name), Some(provider)) = (code, name, provider) {
            records.push((
                row.line,
                code,
                [name, provider, row.get("verksamhetschef"), email],
            ));
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let existing: HashMap<String, [String; 4]> =
        sqlx::query_as::<_, (String, String, String, String, String)>(
            "SELECT code, name, care_provider, manager, email FROM units",
        )
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(c, n, p, m, e)| (c, [n, p, m, e]))
        .collect();
    for (line, code, fields) in records {
        let old = existing.get(code).map(|o| o.each_ref().map(String::as_str));
        let outcome = match old {
            Some(old) if old == fields => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
            None => Outcome::Added,
        };
        plan.record(
            line,
            outcome,
            || code.to_string(),
            || pair_fields(COLUMNS, old, fields),
        );
        if plan.write && outcome != Outcome::Unchanged {
            sqlx::query(
                "INSERT INTO units (code, name, care_provider, manager, email) VALUES (?, ?, ?, ?, ?) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                 care_provider = excluded.care_provider, manager = excluded.manager, email = excluded.email",
            )
            .bind(code)
            .bind(fields[0])
            .bind(fields[1])
            .bind(fields[2])
            .bind(fields[3])
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Unit and criterion look-ups shared by values and plans.
struct References {
    units: HashMap<String, i64>,
    criteria: HashMap<String, (i64, Kind)>,
}

/// Codes by id, for the keys the preview shows.
struct Names {
    units: HashMap<i64, String>,
    criteria: HashMap<i64, String>,
}

impl Names {
    fn unit(&self, id: i64) -> &str {
        self.units.get(&id).map(String::as_str).unwrap_or("?")
    }

    fn criterion(&self, id: i64) -> &str {
        self.criteria.get(&id).map(String::as_str).unwrap_or("?")
    }
}

impl References {
    fn names(&self) -> Names {
        Names {
            units: self.units.iter().map(|(c, id)| (*id, c.clone())).collect(),
            criteria: self
                .criteria
                .iter()
                .map(|(c, (id, _))| (*id, c.clone()))
                .collect(),
        }
    }

    async fn load(tx: &mut Tx) -> Result<References, ImportError> {
        let units = code_ids(tx, "units").await?;
        let mut criteria = HashMap::new();
        for (code, id, kind) in
            sqlx::query_as::<_, (String, i64, String)>("SELECT code, id, kind FROM criteria")
                .fetch_all(&mut **tx)
                .await?
        {
            let kind = Kind::from_code(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("bad stored kind {kind:?}")))?;
            criteria.insert(code, (id, kind));
        }
        Ok(References { units, criteria })
    }

    fn unit(&self, check: &mut Checker<'_>, row: &Row<'_>) -> Option<i64> {
        let code = check.required(row, "enhet")?;
        let id = self.units.get(code).copied();
        if id.is_none() {
            check.report(
                row,
                "enhet",
                format!("okänd enhet \"{code}\" / unknown unit"),
            );
        }
        id
    }

    fn criterion(&self, check: &mut Checker<'_>, row: &Row) -> Option<(i64, Kind)> {
        let code = check.required(row, "kriterium")?;
        let found = self.criteria.get(code).copied();
        if found.is_none() {
            check.report(
                row,
                "kriterium",
                format!("okänt kriterium \"{code}\" / unknown criterion"),
            );
        }
        found
    }
}

/// Rows per INSERT of values: far fewer statements than rows, a few MB of JSON each.
const INSERT_BATCH: usize = 20_000;

/// A key of values or plans: unit id, criterion id and the measured date or the action text.
type RowKey<K> = (i64, i64, K);

async fn values(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
    context: &WriteContext<'_>,
) -> Result<(), ImportError> {
    const COLUMNS: [&str; 3] = ["varde", "kommentar", "underlag"];
    let refs = References::load(tx).await?;
    let mut seen: HashMap<RowKey<NaiveDate>, usize> = HashMap::with_capacity(table.len());
    // (line, key, [canonical value, comment, evidence])
    let mut records: Vec<(usize, RowKey<NaiveDate>, [Cow<'_, str>; 3])> =
        Vec::with_capacity(table.len());
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let unit = refs.unit(check, row);
        let criterion = refs.criterion(check, row);
        let measured = check.date(row, "datum");
        let raw = row.get("varde");
        let value = criterion.and_then(|(_, kind)| {
            if raw.is_empty() && kind != Kind::Evidence {
                check.report(row, "varde", "värde saknas / value missing");
                return None;
            }
            parse_reported(kind, raw)
                .map_err(|e| check.report(row, "varde", e.0))
                .ok()
        });
        if let (Some(unit), Some((criterion, _)), Some(measured)) = (unit, criterion, measured) {
            let key = (unit, criterion, measured);
            if check.unique(&mut seen, key, row, "datum")
                && let Some(value) = value
            {
                let canonical = value.canonical();
                // Most cells are already canonical ("Ja", "85"): no copy for those.
                let value = if canonical == raw {
                    Cow::Borrowed(raw)
                } else {
                    Cow::Owned(canonical)
                };
                records.push((
                    row.line,
                    key,
                    [
                        value,
                        Cow::Borrowed(row.get("kommentar")),
                        Cow::Borrowed(row.get("underlag")),
                    ],
                ));
            }
        }
    }
    drop(seen);
    if !check.issues.is_empty() {
        return Ok(());
    }
    // The newest version per key, found through the key index (a correlated MAX per row took
    // seconds on a national database).
    let existing: HashMap<RowKey<NaiveDate>, [String; 3]> =
        sqlx::query_as::<_, (i64, i64, NaiveDate, String, String, String)>(
            "SELECT v.unit_id, v.criterion_id, v.measured, v.value, v.comment, v.evidence \
             FROM unit_values v JOIN (SELECT MAX(id) AS id FROM unit_values \
             GROUP BY unit_id, criterion_id, measured) newest ON newest.id = v.id",
        )
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(u, c, m, v, co, e)| ((u, c, m), [v, co, e]))
        .collect();
    let names = refs.names();
    let mut pending = Vec::with_capacity(INSERT_BATCH);
    context.progress.start(Phase::Writing, records.len());
    for (done, (line, key, fields)) in records.iter().enumerate() {
        let fields = fields.each_ref().map(|f| f.as_ref());
        let old = existing.get(key).map(|o| o.each_ref().map(String::as_str));
        let outcome = match old {
            Some(old) if old == fields => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
            None => Outcome::Added,
        };
        plan.record(
            *line,
            outcome,
            || {
                format!(
                    "{} · {} · {}",
                    names.unit(key.0),
                    names.criterion(key.1),
                    key.2
                )
            },
            || pair_fields(COLUMNS, old, fields),
        );
        // Append-only: a changed value is a new row; the old one stays as history.
        if plan.write && outcome != Outcome::Unchanged {
            pending.push((key, fields));
            if pending.len() == INSERT_BATCH {
                insert_values(tx, &pending, context).await?;
                pending.clear();
            }
        }
        context.progress.tick(done + 1);
    }
    insert_values(tx, &pending, context).await?;
    Ok(())
}

async fn insert_values(
    tx: &mut Tx,
    rows: &[(&RowKey<NaiveDate>, [&str; 3])],
    context: &WriteContext<'_>,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    // The batch goes to SQLite as one JSON array that SQLite unpacks itself: nine bound
    // parameters per row through the driver cost more than SQLite's own insert.
    let batch: Vec<(i64, i64, String, &str, &str, &str)> = rows
        .iter()
        .map(|(key, f)| (key.0, key.1, key.2.to_string(), f[0], f[1], f[2]))
        .collect();
    let json = serde_json::to_string(&batch).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO unit_values (unit_id, criterion_id, measured, value, comment, evidence, \
         recorded_at, source) \
         SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, \
         r.value ->> 5, ?2, ?3 FROM json_each(?1) r",
    )
    .bind(json)
    .bind(&context.stamp)
    .bind(&context.source)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn plans(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
    context: &WriteContext<'_>,
) -> Result<(), ImportError> {
    const COLUMNS: [&str; 3] = ["ansvarig", "klar_senast", "status"];
    let refs = References::load(tx).await?;
    let mut seen: HashMap<RowKey<&str>, usize> = HashMap::new();
    // (line, key, [owner, due, status])
    let mut records: Vec<(usize, RowKey<&str>, [String; 3])> = Vec::new();
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let unit = refs.unit(check, row);
        let criterion = refs.criterion(check, row);
        let action = check.required(row, "atgard");
        let due = check.date(row, "klar_senast");
        let status = check.required(row, "status").and_then(|raw| {
            PlanStatus::from_code(raw).or_else(|| {
                check.report(
                    row,
                    "status",
                    format!(
                        "okänd status \"{raw}\"; tillåtna: planerad, pagar, klar / unknown status"
                    ),
                );
                None
            })
        });
        if let (Some(unit), Some((criterion, _)), Some(action)) = (unit, criterion, action) {
            let key = (unit, criterion, action);
            if check.unique(&mut seen, key, row, "atgard")
                && let (Some(due), Some(status)) = (due, status)
            {
                records.push((
                    row.line,
                    key,
                    [
                        row.get("ansvarig").into(),
                        due.to_string(),
                        status.code().into(),
                    ],
                ));
            }
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let existing: HashMap<RowKey<String>, [String; 3]> = sqlx::query_as::<
        _,
        (i64, i64, String, String, String, String),
    >(
        "SELECT p.unit_id, p.criterion_id, p.action, p.owner, p.due, p.status FROM action_plans p \
             WHERE p.id = (SELECT MAX(p2.id) FROM action_plans p2 WHERE p2.unit_id = p.unit_id \
             AND p2.criterion_id = p.criterion_id AND p2.action = p.action)",
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(|(u, c, a, o, d, s)| ((u, c, a), [o, d, s]))
    .collect();
    let names = refs.names();
    context.progress.start(Phase::Writing, records.len());
    for (done, (line, key, fields)) in records.iter().enumerate() {
        let fields = fields.each_ref().map(String::as_str);
        let old = existing
            .get(&(key.0, key.1, key.2.to_string()))
            .map(|o| o.each_ref().map(String::as_str));
        let outcome = match old {
            Some(old) if old == fields => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
            None => Outcome::Added,
        };
        plan.record(
            *line,
            outcome,
            || {
                format!(
                    "{} · {} · {}",
                    names.unit(key.0),
                    names.criterion(key.1),
                    key.2
                )
            },
            || pair_fields(COLUMNS, old, fields),
        );
        if plan.write && outcome != Outcome::Unchanged {
            sqlx::query(
                "INSERT INTO action_plans (unit_id, criterion_id, action, owner, due, status, \
                 recorded_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(key.0)
            .bind(key.1)
            .bind(key.2)
            .bind(fields[0])
            .bind(fields[1])
            .bind(fields[2])
            .bind(&context.stamp)
            .bind(&context.source)
            .execute(&mut **tx)
            .await?;
        }
        context.progress.tick(done + 1);
    }
    Ok(())
}
