//! Storage for readiness: the database (SQLite or PostgreSQL: migrations, queries) and the
//! import pipeline. Nothing here knows about HTTP.
//!
//! One SQL text serves both backends wherever SQL allows (`$1` parameters, `ON CONFLICT`,
//! `RETURNING`); the statements that must differ are in `dialect`, named, and the schemas are
//! two migration folders kept equal by a test.

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
pub mod dialect;
pub mod evidence;
pub mod export;
pub mod import;
pub mod login_counters;
pub mod move_data;
pub mod notifications;
pub mod queries;
pub mod reports;
pub mod sessions;
pub mod sso;
pub mod system_level;
pub mod unit_follow_up;

pub use sqlx::AnyPool as Pool;
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;

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

/// Which database an installation runs on. Where the SQL of the two differs, the code asks
/// this (see `dialect`); everything else is one text for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a URL names: `postgres://`/`postgresql://`, else SQLite (a `sqlite:` URL or a
    /// plain file path).
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// The backend a pool is connected to.
    pub fn of(pool: &Pool) -> Backend {
        Backend::of_url(pool.connect_options().database_url.as_str())
    }
}

/// Opens the database at `url` and applies pending migrations: a `postgres://` URL, or a
/// `sqlite:` URL or a plain file path (created if missing).
pub async fn open(url: &str) -> Result<Pool, StoreError> {
    sqlx::any::install_default_drivers();
    match Backend::of_url(url) {
        Backend::Postgres => {
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .connect(url)
                .await?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await?;
            Ok(pool)
        }
        Backend::Sqlite => {
            let url = if url.starts_with("sqlite:") {
                url.to_string()
            } else {
                format!("sqlite://{url}")
            };
            let url = if url.contains('?') {
                url
            } else {
                format!("{url}?mode=rwc")
            };
            create_private(&database_file(&url))?;
            let pool = AnyPoolOptions::new()
                .max_connections(8)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        // Foreign keys are on by the driver's default. Statement journals (one
                        // per multi-row INSERT of an import) in memory: in temp files they were
                        // 400k small writes for a million-row import.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
                             PRAGMA temp_store = memory",
                        )
                        .await?;
                        Ok(())
                    })
                })
                .connect(&url)
                .await?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            Ok(pool)
        }
    }
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

/// A database URL fit to print: a PostgreSQL URL's password replaced by `***`.
pub fn redacted_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => match rest[..at].split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***{}", &rest[at..]),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// The file behind a database URL or path (`sqlite://x.db?mode=rwc` → `x.db`).
pub fn database_file(url: &str) -> std::path::PathBuf {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    std::path::PathBuf::from(path.split('?').next().unwrap_or(path))
}

/// A date as both backends store it: `YYYY-MM-DD` text, which sorts and compares like the date
/// in one SQL text for both (SQLite has no date type). Read it with this type; bind a date as
/// `date.to_string()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct StoredDate(pub chrono::NaiveDate);

impl sqlx::Type<sqlx::Any> for StoredDate {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <String as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <String as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for StoredDate {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <&str as sqlx::Decode<sqlx::Any>>::decode(value)?;
        Ok(StoredDate(chrono::NaiveDate::parse_from_str(
            text, "%Y-%m-%d",
        )?))
    }
}

/// A yes/no as both backends store it: the integer 0 or 1 (SQLite has no boolean type, so one
/// SQL text can say `disabled = 0` for both). Read and bind flags with this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredFlag(pub bool);

impl sqlx::Type<sqlx::Any> for StoredFlag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <i64 as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Any> for StoredFlag {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <i64 as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(&i64::from(self.0), buf)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for StoredFlag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(StoredFlag(
            <i64 as sqlx::Decode<sqlx::Any>>::decode(value)? != 0,
        ))
    }
}

/// A number that may be missing (a criterion's thresholds), bound with this type: sqlx 0.8.6's
/// Any driver sends a missing `f64` to PostgreSQL as a `real` (its mapping swaps the two float
/// kinds), which PostgreSQL refuses for a `double precision` column; a missing number is sent as
/// the kind that maps to `f64` instead.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoredReal(pub Option<f64>);

impl sqlx::Type<sqlx::Any> for StoredReal {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <f64 as sqlx::Type<sqlx::Any>>::type_info()
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Any> for StoredReal {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        match self.0 {
            Some(number) => <f64 as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(&number, buf),
            // A missing `f32` is the kind that the mapping sends as a missing `f64`.
            None => <Option<f32> as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(&None, buf),
        }
    }
}

/// The current time as stored in `recorded_at` columns (UTC, RFC 3339).
pub(crate) fn now_stamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::StoreError;

    #[test]
    fn printed_urls_hide_the_password() {
        for (url, printed) in [
            (
                "postgres://app:hemligt@db.example:5432/readiness",
                "postgres://app:***@db.example:5432/readiness",
            ),
            ("postgres://app@db/readiness", "postgres://app@db/readiness"),
            (
                "postgresql://a:b:c@h/d?sslmode=require",
                "postgresql://a:***@h/d?sslmode=require",
            ),
            ("sqlite://data/readiness.db", "sqlite://data/readiness.db"),
            ("readiness.db", "readiness.db"),
        ] {
            assert_eq!(super::redacted_url(url), printed, "{url}");
        }
    }

    #[test]
    fn only_a_pool_timeout_is_busy() {
        assert!(StoreError::Database(sqlx::Error::PoolTimedOut).is_busy());
        assert!(!StoreError::Database(sqlx::Error::RowNotFound).is_busy());
        assert!(!StoreError::Corrupt("x".into()).is_busy());
    }
}
