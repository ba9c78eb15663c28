//! The import pipeline: read a file (Polars), validate every row against the rules and the
//! database, then write everything in one transaction, or nothing.
//!
//! One code path for every shell (CLI today, browser upload later).

mod table;

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::NaiveDate;
use readiness_rules::{Kind, Origin, PlanStatus, parse_date, parse_number, parse_reported};
use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::{StoreError, now_stamp};
use table::{ColumnSpec, Row, Table, read_table};

/// What a file holds. Import order: evaluations, criteria, units, then values and plans.
/// A values or plans row: its key (unit id, criterion id, date or action) and three text fields.
type KeyedRecord = ((i64, i64, String), (String, String, String));

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImportKind {
    Evaluations,
    Criteria,
    Units,
    Values,
    Plans,
}

impl ImportKind {
    pub const ALL: [ImportKind; 5] = [
        ImportKind::Evaluations,
        ImportKind::Criteria,
        ImportKind::Units,
        ImportKind::Values,
        ImportKind::Plans,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Evaluations => "evaluations",
            ImportKind::Criteria => "criteria",
            ImportKind::Units => "units",
            ImportKind::Values => "values",
            ImportKind::Plans => "plans",
        }
    }

    pub fn from_code(code: &str) -> Option<ImportKind> {
        ImportKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The file name `readiness sample` writes for this kind.
    pub fn file_name(self) -> String {
        format!("{}.csv", self.code())
    }

    fn columns(self) -> &'static [ColumnSpec] {
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
        match self {
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
}

impl fmt::Display for ImportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One problem in a file, with its place. Row 1 is the header; row 0 means the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportIssue {
    pub file: String,
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.row, self.column, self.message
        )
    }
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub kind: ImportKind,
    pub file: String,
    pub rows: usize,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub dry_run: bool,
    pub notes: Vec<String>,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{} ({}): {} rader / rows — {} nya / added, {} ändrade / changed, {} oförändrade / unchanged",
            if self.dry_run {
                "[provkörning / dry run] "
            } else {
                ""
            },
            self.file,
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
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Store(StoreError::Database(e))
    }
}

/// Validates `bytes` as a file of `kind` and, if every row is valid, writes it in one
/// transaction. With `dry_run` the transaction is rolled back and the summary says what would
/// have happened.
pub async fn import(
    pool: &SqlitePool,
    kind: ImportKind,
    file: &str,
    bytes: &[u8],
    dry_run: bool,
) -> Result<ImportSummary, ImportError> {
    let table = read_table(kind, file, bytes).map_err(ImportError::Invalid)?;
    // Reference data is read inside the transaction, so validation sees what the commit sees.
    let mut tx = pool.begin().await?;
    let mut summary = ImportSummary {
        kind,
        file: file.to_string(),
        rows: table.rows.len(),
        added: 0,
        changed: 0,
        unchanged: 0,
        dry_run,
        notes: table.notes.clone(),
    };
    let mut check = Checker {
        file: &table.file,
        issues: Vec::new(),
    };
    let outcomes = match kind {
        ImportKind::Evaluations => evaluations(&mut tx, &table, &mut check).await?,
        ImportKind::Criteria => criteria(&mut tx, &table, &mut check).await?,
        ImportKind::Units => units(&mut tx, &table, &mut check).await?,
        ImportKind::Values => values(&mut tx, &table, &mut check).await?,
        ImportKind::Plans => plans(&mut tx, &table, &mut check).await?,
    };
    if !check.issues.is_empty() {
        tx.rollback().await?;
        return Err(ImportError::Invalid(check.issues));
    }
    for outcome in outcomes {
        match outcome {
            Outcome::Added => summary.added += 1,
            Outcome::Changed => summary.changed += 1,
            Outcome::Unchanged => summary.unchanged += 1,
        }
    }
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(summary)
}

enum Outcome {
    Added,
    Changed,
    Unchanged,
}

/// Collects every problem in a file instead of stopping at the first.
struct Checker<'a> {
    file: &'a str,
    issues: Vec<ImportIssue>,
}

impl Checker<'_> {
    fn report(&mut self, row: &Row, column: &str, message: impl Into<String>) {
        self.issues.push(ImportIssue {
            file: self.file.to_string(),
            row: row.line,
            column: column.to_string(),
            message: message.into(),
        });
    }

    fn required<'r>(&mut self, row: &'r Row, column: &str) -> Option<&'r str> {
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
            "ja" | "j" | "yes" | "y" | "x" | "true" | "1" => Some(true),
            "nej" | "n" | "no" | "false" | "0" => Some(false),
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

async fn evaluations(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
) -> Result<Vec<Outcome>, ImportError> {
    struct Record {
        code: String,
        name: String,
        conducted_by: String,
        deadline: String,
    }
    let mut seen = HashMap::new();
    let mut records = Vec::new();
    for row in &table.rows {
        let code = check.required(row, "kod");
        let name = check.required(row, "namn");
        let deadline = check.date(row, "datum");
        if let Some(code) = code {
            check.unique(&mut seen, code.to_string(), row, "kod");
        }
        if let (Some(code), Some(name), Some(deadline)) = (code, name, deadline) {
            records.push(Record {
                code: code.into(),
                name: name.into(),
                conducted_by: row.get("genomfors_av").into(),
                deadline: deadline.to_string(),
            });
        }
    }
    if !check.issues.is_empty() {
        return Ok(Vec::new());
    }
    let existing: HashMap<String, (String, String, String)> =
        sqlx::query_as::<_, (String, String, String, String)>(
            "SELECT code, name, conducted_by, deadline FROM evaluations",
        )
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(c, n, b, d)| (c, (n, b, d)))
        .collect();
    let mut outcomes = Vec::new();
    for r in records {
        let now = (r.name.clone(), r.conducted_by.clone(), r.deadline.clone());
        let outcome = match existing.get(&r.code) {
            Some(old) if *old == now => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
            None => Outcome::Added,
        };
        if !matches!(outcome, Outcome::Unchanged) {
            sqlx::query(
                "INSERT INTO evaluations (code, name, conducted_by, deadline) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                 conducted_by = excluded.conducted_by, deadline = excluded.deadline",
            )
            .bind(&r.code)
            .bind(&r.name)
            .bind(&r.conducted_by)
            .bind(&r.deadline)
            .execute(&mut **tx)
            .await?;
        }
        outcomes.push(outcome);
    }
    Ok(outcomes)
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

async fn criteria(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
) -> Result<Vec<Outcome>, ImportError> {
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
    for (position, row) in table.rows.iter().enumerate() {
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
            records.push(CriterionRecord {
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
            });
        }
    }
    if !check.issues.is_empty() {
        return Ok(Vec::new());
    }
    let mut outcomes = Vec::new();
    for r in records {
        let outcome = match existing.get(&r.code) {
            Some(old) if *old == r => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
            None => Outcome::Added,
        };
        if !matches!(outcome, Outcome::Unchanged) {
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
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

async fn units(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
) -> Result<Vec<Outcome>, ImportError> {
    type Fields = (String, String, String, String);
    let mut seen = HashMap::new();
    let mut records: Vec<(String, Fields)> = Vec::new();
    for row in &table.rows {
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
            check.unique(&mut seen, code.to_string(), row, "kod");
        }
        if let (Some(code), Some(name), Some(provider)) = (code, name, provider) {
            records.push((
                code.into(),
                (
                    name.into(),
                    provider.into(),
                    row.get("verksamhetschef").into(),
                    email.into(),
                ),
            ));
        }
    }
    if !check.issues.is_empty() {
        return Ok(Vec::new());
    }
    let existing: HashMap<String, Fields> =
        sqlx::query_as::<_, (String, String, String, String, String)>(
            "SELECT code, name, care_provider, manager, email FROM units",
        )
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(c, n, p, m, e)| (c, (n, p, m, e)))
        .collect();
    let mut outcomes = Vec::new();
    for (code, fields) in records {
        let outcome = match existing.get(&code) {
            Some(old) if *old == fields => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
            None => Outcome::Added,
        };
        if !matches!(outcome, Outcome::Unchanged) {
            sqlx::query(
                "INSERT INTO units (code, name, care_provider, manager, email) VALUES (?, ?, ?, ?, ?) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                 care_provider = excluded.care_provider, manager = excluded.manager, email = excluded.email",
            )
            .bind(&code)
            .bind(&fields.0)
            .bind(&fields.1)
            .bind(&fields.2)
            .bind(&fields.3)
            .execute(&mut **tx)
            .await?;
        }
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// Unit and criterion look-ups shared by values and plans.
struct References {
    units: HashMap<String, i64>,
    criteria: HashMap<String, (i64, Kind)>,
}

impl References {
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

    fn unit(&self, check: &mut Checker<'_>, row: &Row) -> Option<i64> {
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

async fn values(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
) -> Result<Vec<Outcome>, ImportError> {
    let refs = References::load(tx).await?;
    let mut seen = HashMap::new();
    // (unit, criterion, measured) → (value, comment, evidence)
    let mut records: Vec<KeyedRecord> = Vec::new();
    for row in &table.rows {
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
            let key = (unit, criterion, measured.to_string());
            if check.unique(&mut seen, key.clone(), row, "datum")
                && let Some(value) = value
            {
                records.push((
                    key,
                    (
                        value.canonical(),
                        row.get("kommentar").into(),
                        row.get("underlag").into(),
                    ),
                ));
            }
        }
    }
    if !check.issues.is_empty() {
        return Ok(Vec::new());
    }
    let existing: HashMap<(i64, i64, String), (String, String, String)> =
        sqlx::query_as::<_, (i64, i64, String, String, String, String)>(
            "SELECT v.unit_id, v.criterion_id, v.measured, v.value, v.comment, v.evidence FROM unit_values v \
             WHERE v.id = (SELECT MAX(v2.id) FROM unit_values v2 WHERE v2.unit_id = v.unit_id \
             AND v2.criterion_id = v.criterion_id AND v2.measured = v.measured)",
        )
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(u, c, m, v, co, e)| ((u, c, m), (v, co, e)))
        .collect();
    let stamp = now_stamp();
    let source = format!("import:{}", table.file);
    let mut outcomes = Vec::with_capacity(records.len());
    for (key, fields) in records {
        let outcome = match existing.get(&key) {
            Some(old) if *old == fields => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
            None => Outcome::Added,
        };
        // Append-only: a changed value is a new row; the old one stays as history.
        if !matches!(outcome, Outcome::Unchanged) {
            sqlx::query(
                "INSERT INTO unit_values (unit_id, criterion_id, measured, value, comment, evidence, \
                 recorded_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(key.0)
            .bind(key.1)
            .bind(&key.2)
            .bind(&fields.0)
            .bind(&fields.1)
            .bind(&fields.2)
            .bind(&stamp)
            .bind(&source)
            .execute(&mut **tx)
            .await?;
        }
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

async fn plans(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
) -> Result<Vec<Outcome>, ImportError> {
    let refs = References::load(tx).await?;
    let mut seen = HashMap::new();
    // (unit, criterion, action) → (owner, due, status)
    let mut records: Vec<KeyedRecord> = Vec::new();
    for row in &table.rows {
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
            let key = (unit, criterion, action.to_string());
            if check.unique(&mut seen, key.clone(), row, "atgard")
                && let (Some(due), Some(status)) = (due, status)
            {
                records.push((
                    key,
                    (
                        row.get("ansvarig").into(),
                        due.to_string(),
                        status.code().into(),
                    ),
                ));
            }
        }
    }
    if !check.issues.is_empty() {
        return Ok(Vec::new());
    }
    let existing: HashMap<(i64, i64, String), (String, String, String)> = sqlx::query_as::<
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
    .map(|(u, c, a, o, d, s)| ((u, c, a), (o, d, s)))
    .collect();
    let stamp = now_stamp();
    let source = format!("import:{}", table.file);
    let mut outcomes = Vec::with_capacity(records.len());
    for (key, fields) in records {
        let outcome = match existing.get(&key) {
            Some(old) if *old == fields => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
            None => Outcome::Added,
        };
        if !matches!(outcome, Outcome::Unchanged) {
            sqlx::query(
                "INSERT INTO action_plans (unit_id, criterion_id, action, owner, due, status, \
                 recorded_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(key.0)
            .bind(key.1)
            .bind(&key.2)
            .bind(&fields.0)
            .bind(&fields.1)
            .bind(&fields.2)
            .bind(&stamp)
            .bind(&source)
            .execute(&mut **tx)
            .await?;
        }
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
