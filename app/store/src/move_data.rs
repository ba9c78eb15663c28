//! Copying a whole installation from one database to another (`readiness move-data`): SQLite
//! to PostgreSQL when an installation outgrows its file, and PostgreSQL to a SQLite file for a
//! backup of a PostgreSQL installation. Every table's rows go across with their ids, in one
//! consistent read of the source and one transaction on the target, which must be empty.

use futures_util::TryStreamExt;
use readiness_rules::Text;
use sqlx::any::{AnyRow, AnyTypeInfoKind};
use sqlx::{Row, ValueRef};

use crate::dialect::{begin_snapshot, column_kinds, move_sequences_past};
use crate::{Pool, StoreError, StoredReal};

/// Every table of the schema, parents before the tables that refer to them. `data_version` and
/// the migrations' own table are the target's: they describe that database, not the data.
pub const TABLES: [&str; 30] = [
    "evaluations",
    "criteria",
    "units",
    "users",
    "unit_values",
    "action_plans",
    "settings",
    "user_units",
    "sessions",
    "api_tokens",
    "value_reviews",
    "imports",
    "import_uploads",
    "baselines",
    "baseline_snapshots",
    "notification_preferences",
    "notifications_sent",
    "access_requests",
    "evidence_files",
    "development_areas",
    "development_area_criteria",
    "development_actions",
    "development_action_versions",
    "development_action_notes",
    "system_questions",
    "system_question_criteria",
    "system_answers",
    "system_comments",
    "unit_follow_ups",
    "designation_periods",
];

/// The tables that are not data (see [`TABLES`]); the log-in counters are minutes-long state
/// of the running servers.
pub const NOT_COPIED: [&str; 3] = ["data_version", "_sqlx_migrations", "login_counters"];

/// Bound parameters per INSERT: below SQLite's limit (32,766) and PostgreSQL's (65,535).
const PARAMETERS_PER_STATEMENT: usize = 30_000;

/// Why nothing was moved.
#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    /// The target already holds data (rows in these tables).
    #[error("{}", self.text())]
    TargetNotEmpty(Vec<String>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl MoveError {
    pub fn text(&self) -> Text {
        match self {
            MoveError::TargetNotEmpty(tables) => Text::new(
                format!(
                    "måldatabasen är inte tom (rader i {}); flytta till en ny, tom databas",
                    tables.join(", ")
                ),
                format!(
                    "the target database is not empty (rows in {}); move into a new, empty database",
                    tables.join(", ")
                ),
            ),
            MoveError::Store(_) => crate::internal_text(),
        }
    }
}

impl From<sqlx::Error> for MoveError {
    fn from(e: sqlx::Error) -> Self {
        MoveError::Store(StoreError::Database(e))
    }
}

/// One cell on its way across.
enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

/// Copies every row of every table of `from` into `to` (both migrated to this version's
/// schema; `to` empty). Returns the rows copied per table, in [`TABLES`] order.
pub async fn copy_all(from: &Pool, to: &Pool) -> Result<Vec<(String, i64)>, MoveError> {
    let mut occupied = Vec::new();
    for table in TABLES {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(to)
            .await?;
        if rows > 0 {
            occupied.push(table.to_string());
        }
    }
    if !occupied.is_empty() {
        return Err(MoveError::TargetNotEmpty(occupied));
    }
    let mut source = begin_snapshot(from).await?;
    let mut target = to.begin().await?;
    let mut moved = Vec::new();
    for table in TABLES {
        // The target's types decide how a NULL is bound (a typed NULL on PostgreSQL).
        let kinds = column_kinds(&mut target, table).await?;
        let columns: Vec<&str> = kinds.iter().map(|(name, _)| name.as_str()).collect();
        let list = columns.join(", ");
        let order = if columns.contains(&"id") {
            "id".to_string()
        } else {
            list.clone()
        };
        let per_statement = (PARAMETERS_PER_STATEMENT / columns.len()).max(1);
        let select = format!("SELECT {list} FROM {table} ORDER BY {order}");
        let mut rows = sqlx::query(&select).fetch(&mut *source);
        let mut batch: Vec<Vec<Cell>> = Vec::with_capacity(per_statement);
        let mut count = 0_i64;
        // Read from the source's connection while the target's is written, a batch at a time,
        // so a national table never sits in memory whole.
        while let Some(row) = rows.try_next().await? {
            batch.push(cells(&row)?);
            count += 1;
            if batch.len() == per_statement {
                insert(&mut target, table, &kinds, std::mem::take(&mut batch)).await?;
            }
        }
        drop(rows);
        if !batch.is_empty() {
            insert(&mut target, table, &kinds, batch).await?;
        }
        // An integer id is made by the database (`sessions` has a text one).
        if kinds
            .iter()
            .any(|(name, kind)| name == "id" && *kind == AnyTypeInfoKind::BigInt)
        {
            move_sequences_past(&mut target, table).await?;
        }
        moved.push((table.to_string(), count));
    }
    target.commit().await?;
    source.commit().await?;
    crate::dialect::refresh_statistics(to, &TABLES).await?;
    Ok(moved)
}

fn cells(row: &AnyRow) -> Result<Vec<Cell>, StoreError> {
    (0..row.len())
        .map(|i| {
            let raw = row.try_get_raw(i).map_err(StoreError::Database)?;
            if raw.is_null() {
                return Ok(Cell::Null);
            }
            let kind = raw.type_info().kind();
            let cell = match kind {
                AnyTypeInfoKind::SmallInt | AnyTypeInfoKind::Integer | AnyTypeInfoKind::BigInt => {
                    Cell::Integer(row.try_get(i)?)
                }
                AnyTypeInfoKind::Real | AnyTypeInfoKind::Double => Cell::Real(row.try_get(i)?),
                AnyTypeInfoKind::Text => Cell::Text(row.try_get(i)?),
                AnyTypeInfoKind::Blob => Cell::Bytes(row.try_get(i)?),
                AnyTypeInfoKind::Bool => Cell::Integer(i64::from(row.try_get::<bool, _>(i)?)),
                AnyTypeInfoKind::Null => Cell::Null,
            };
            Ok(cell)
        })
        .collect()
}

async fn insert(
    target: &mut sqlx::AnyConnection,
    table: &str,
    kinds: &[(String, AnyTypeInfoKind)],
    rows: Vec<Vec<Cell>>,
) -> Result<(), sqlx::Error> {
    let width = kinds.len();
    let list = kinds
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let tuples = (0..rows.len())
        .map(|r| {
            let places = (1..=width)
                .map(|c| format!("${}", r * width + c))
                .collect::<Vec<_>>()
                .join(", ");
            format!("({places})")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("INSERT INTO {table} ({list}) VALUES {tuples}");
    let mut query = sqlx::query(&sql);
    for row in rows {
        for (cell, (_, kind)) in row.into_iter().zip(kinds) {
            query = match (cell, kind) {
                (Cell::Null, AnyTypeInfoKind::Text) => query.bind(None::<String>),
                (Cell::Null, AnyTypeInfoKind::Blob) => query.bind(None::<Vec<u8>>),
                (Cell::Null, AnyTypeInfoKind::Real | AnyTypeInfoKind::Double) => {
                    query.bind(StoredReal(None))
                }
                (Cell::Null, _) => query.bind(None::<i64>),
                (Cell::Integer(n), _) => query.bind(n),
                (Cell::Real(x), _) => query.bind(x),
                (Cell::Text(t), _) => query.bind(t),
                (Cell::Bytes(b), _) => query.bind(b),
            };
        }
    }
    query.execute(target).await?;
    Ok(())
}
