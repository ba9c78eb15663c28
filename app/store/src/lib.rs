//! Storage for readiness: the SQLite database (migrations, queries) and the import pipeline.
//!
//! The SQL is SQLite's. It is not claimed portable: the JSON functions of the dataset load
//! (`queries`), the JSON of the import's batched inserts and the `data_version` triggers are
//! SQLite-only and are where a PostgreSQL backend (issue 13) differs. Nothing here knows about
//! HTTP.

/// SQL condition: row `v` of `unit_values` is the current version of its key (unit, criterion,
/// measured date) — values are append-only and the newest row wins. Queries take it in with
/// `format!("… {CURRENT_VALUE}")`, the one form `tests/every_query.rs` fills in.
pub(crate) const CURRENT_VALUE: &str = "v.id = (SELECT MAX(x.id) FROM unit_values x WHERE x.unit_id = v.unit_id \
     AND x.criterion_id = v.criterion_id AND x.measured = v.measured)";

pub mod accounts;
pub mod backup;
pub mod baselines;
pub mod cache;
pub mod cycles;
pub mod designation;
pub mod development;
pub mod evidence;
pub mod export;
pub mod import;
pub mod notifications;
pub mod queries;
pub mod reports;
pub mod sessions;
pub mod sso;
pub mod system_level;
pub mod unit_follow_up;

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
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    /// A computation on the blocking pool panicked or was cancelled.
    #[error("computation failed: {0}")]
    Computation(String),
}

impl StoreError {
    /// Every connection was in use for the pool's whole wait: the database is busy, not broken,
    /// and the same request may well succeed a moment later.
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::PoolTimedOut))
    }
}

/// What a domain error of this crate says about a [`StoreError`] inside it: nothing of it.
pub(crate) fn internal_text() -> readiness_rules::Text {
    readiness_rules::Text::new("Internt fel.", "Internal error.")
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
        .pragma("temp_store", "memory")
        // Rows cross from SQLite's thread to the reader in batches of this many: with the
        // default 50 a national evaluation's million values were 11 s of thread switches.
        .row_buffer_size(4096);
    create_private(options.get_filename())?;
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// Creates a missing database file readable by its owner only (SQLite gives its `-wal` and
/// `-shm` files the same mode); warns about an existing file that others can read.
pub(crate) fn create_private(path: &std::path::Path) -> Result<(), StoreError> {
    let name = path.to_string_lossy();
    if name.is_empty() || name == ":memory:" {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if let Ok(meta) = std::fs::metadata(path)
                    && meta.permissions().mode() & 0o077 != 0
                {
                    tracing::warn!(
                        path = %name,
                        mode = format!("{:o}", meta.permissions().mode() & 0o777),
                        "the database file can be read by other users: chmod 600 it"
                    );
                }
            }
            Err(e) => return Err(StoreError::Io(e)),
        }
    }
    Ok(())
}

/// The file behind a database URL or path (`sqlite://x.db?mode=rwc` → `x.db`).
pub fn database_file(url: &str) -> std::path::PathBuf {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    std::path::PathBuf::from(path.split('?').next().unwrap_or(path))
}

/// The current time as stored in `recorded_at` columns (UTC, RFC 3339).
pub(crate) fn now_stamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::StoreError;

    #[test]
    fn only_a_pool_timeout_is_busy() {
        assert!(StoreError::Database(sqlx::Error::PoolTimedOut).is_busy());
        assert!(!StoreError::Database(sqlx::Error::RowNotFound).is_busy());
        assert!(!StoreError::Corrupt("x".into()).is_busy());
    }
}
