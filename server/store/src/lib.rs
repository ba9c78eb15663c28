//! Storage for readiness: the SQLite database (migrations, queries) and the import pipeline.
//!
//! The SQL is kept portable so that PostgreSQL can be added for installations that outgrow one
//! file; nothing here knows about HTTP.

/// SQL condition: row `v` of `unit_values` is the current version of its key (unit, criterion,
/// measured date) — values are append-only and the newest row wins. A macro, so `concat!` can
/// build whole queries from it at compile time.
macro_rules! v_is_current {
    () => {
        "v.id = (SELECT MAX(x.id) FROM unit_values x WHERE x.unit_id = v.unit_id \
         AND x.criterion_id = v.criterion_id AND x.measured = v.measured)"
    };
}
pub(crate) use v_is_current;

pub mod accounts;
pub mod baselines;
pub mod cycles;
pub mod export;
pub mod import;
pub mod queries;
pub mod reports;
pub mod sessions;

use std::str::FromStr;

pub use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

/// Opens (creating if missing) the database at `url` and applies pending migrations.
///
/// `url` is a `sqlite:` URL or a plain file path.
pub async fn open(url: &str) -> Result<SqlitePool, StoreError> {
    let url = if url.starts_with("sqlite:") {
        url.to_string()
    } else {
        format!("sqlite://{url}")
    };
    let options = SqliteConnectOptions::from_str(&url)?
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(std::time::Duration::from_secs(10))
        // Statement journals (one per multi-row INSERT of an import) in memory: in temp files
        // they were 400k small writes for a million-row import.
        .pragma("temp_store", "memory");
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// The current time as stored in `recorded_at` columns (UTC, RFC 3339).
pub(crate) fn now_stamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
