//! Backup and restore. A backup is always a SQLite file, whichever database the installation
//! runs on, so one command copies and checks both.
//!
//! Of a SQLite database, a backup is `VACUUM INTO` a new file: one read transaction, so it is a
//! consistent copy of the database at one moment even while the server serves and writes (WAL
//! readers do not block writers). A restore checks the copy first and then replaces the
//! database file in one rename; the server must be stopped for it.
//!
//! Of a PostgreSQL database, a backup is every table copied into a new SQLite file in one
//! REPEATABLE READ transaction (`move_data`), equally consistent while the servers write; a
//! restore copies a checked backup into an empty PostgreSQL database (made with `createdb`), so
//! nothing is overwritten.

use std::path::Path;

use crate::Pool;
use readiness_rules::Text;
use sqlx::sqlite::SqliteConnectOptions;

use crate::StoreError;

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub bytes: u64,
    /// Rows per table, for the operator to see that it is the database they expect.
    pub tables: Vec<(String, i64)>,
}

/// Why a backup or restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{}", self.text())]
    Exists(String),
    /// The file, and what is wrong with it (SQLite's words, or that it has no migrations).
    #[error("{}", self.text())]
    NotSound(String, String),
    /// PostgreSQL: the database to restore into holds data.
    #[error("{}", self.text())]
    NotEmpty(crate::move_data::MoveError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<crate::move_data::MoveError> for BackupError {
    fn from(e: crate::move_data::MoveError) -> Self {
        match e {
            crate::move_data::MoveError::Store(e) => BackupError::Store(e),
            other => BackupError::NotEmpty(other),
        }
    }
}

impl BackupError {
    /// What the one backing up or restoring is told (the Swedish is also the `Display`).
    pub fn text(&self) -> Text {
        match self {
            BackupError::Exists(file) => Text::new(
                format!("{file} finns redan; välj ett nytt filnamn."),
                format!("{file} already exists; choose a new file name."),
            ),
            BackupError::NotSound(file, why) => Text::new(
                format!("{file} är ingen hel readiness-databas: {why}"),
                format!("{file} is not a sound readiness database: {why}"),
            ),
            BackupError::NotEmpty(e) => e.text(),
            BackupError::Store(_) => crate::internal_text(),
        }
    }
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        BackupError::Store(StoreError::Database(e))
    }
}

impl From<std::io::Error> for BackupError {
    fn from(e: std::io::Error) -> Self {
        BackupError::Store(StoreError::Io(e))
    }
}

/// Writes a consistent copy of the database to `out`, which must not exist; the copy is
/// readable by its owner only.
pub async fn backup(pool: &Pool, out: &Path) -> Result<BackupSummary, BackupError> {
    if out.exists() {
        return Err(BackupError::Exists(out.display().to_string()));
    }
    if crate::Backend::of(pool) == crate::Backend::Postgres {
        // Every table into a SQLite database beside `out` (the server's WAL mode), then that
        // `VACUUM INTO` `out`, as a SQLite installation's backup: one self-contained file,
        // nothing beside it, nothing to lose by copying the file alone. (Switching the copy
        // out of WAL instead needs it to have no other connection, and a closed pool's last
        // one can still be closing: "database is locked" in CI.)
        let beside = match out.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        let staging = tempfile::tempdir_in(beside)?;
        let staged = staging.path().join("backup.db");
        let written = async {
            let copy = crate::open(&staged.to_string_lossy()).await?;
            let copied = async {
                crate::move_data::copy_all(pool, &copy).await?;
                crate::create_private(out)?;
                sqlx::query("VACUUM INTO $1")
                    .bind(out.to_string_lossy().to_string())
                    .execute(&copy)
                    .await?;
                Ok::<_, BackupError>(())
            }
            .await;
            copy.close().await;
            copied
        }
        .await;
        if let Err(e) = written {
            let _ = std::fs::remove_file(out);
            return Err(e);
        }
        let tables = check(out).await?;
        return Ok(BackupSummary {
            bytes: std::fs::metadata(out)?.len(),
            tables,
        });
    }
    // VACUUM INTO accepts an empty file: made first, with the owner-only mode.
    crate::create_private(out)?;
    let target = out.to_string_lossy().to_string();
    if let Err(e) = sqlx::query("VACUUM INTO $1")
        .bind(&target)
        .execute(pool)
        .await
    {
        let _ = std::fs::remove_file(out);
        return Err(e.into());
    }
    let tables = check(out).await?;
    Ok(BackupSummary {
        bytes: std::fs::metadata(out)?.len(),
        tables,
    })
}

/// Opens `file` read-only, runs SQLite's integrity check and counts the rows of every table.
pub async fn check(file: &Path) -> Result<Vec<(String, i64)>, BackupError> {
    let name = file.display().to_string();
    let options = SqliteConnectOptions::new().filename(file).read_only(true);
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| BackupError::NotSound(name.clone(), e.to_string()))?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .map_err(|e| BackupError::NotSound(name.clone(), e.to_string()))?;
    if verdict != "ok" {
        return Err(BackupError::NotSound(name, verdict));
    }
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&pool)
    .await?;
    if !names.iter().any(|n| n == "_sqlx_migrations") {
        return Err(BackupError::NotSound(
            name,
            "no _sqlx_migrations table".into(),
        ));
    }
    let mut tables = Vec::new();
    for table in names {
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\""))
            .fetch_one(&pool)
            .await?;
        tables.push((table, count));
    }
    pool.close().await;
    Ok(tables)
}

/// Restores the backup `from` (checked first) into `database` (a URL or path). SQLite: the
/// file is replaced; the old file and its `-wal`/`-shm` are moved aside to
/// `<database>.before-restore*`, not deleted. PostgreSQL: the backup's rows are copied into the
/// database, which must be empty.
pub async fn restore(from: &Path, database: &str) -> Result<Vec<(String, i64)>, BackupError> {
    let tables = check(from).await?;
    if crate::Backend::of_url(database) == crate::Backend::Postgres {
        // The copy is opened, not the backup: opening brings a file up to this version's
        // migrations and WAL mode, and a backup is kept as it was taken.
        let staging = tempfile::tempdir()?;
        let staged = staging.path().join("restoring.db");
        std::fs::copy(from, &staged)?;
        let backup = crate::open(&staged.to_string_lossy()).await?;
        let target = crate::open(database).await?;
        let copied = crate::move_data::copy_all(&backup, &target).await;
        backup.close().await;
        target.close().await;
        copied?;
        return Ok(tables);
    }
    let database = crate::database_file(database);
    let database = database.as_path();
    let staged = database.with_extension("restoring");
    let _ = std::fs::remove_file(&staged);
    crate::create_private(&staged)?;
    std::fs::copy(from, &staged)?;
    std::fs::File::open(&staged)?.sync_all()?;
    for suffix in ["", "-wal", "-shm"] {
        let current = Path::new(&format!("{}{suffix}", database.display())).to_path_buf();
        if current.exists() {
            std::fs::rename(
                &current,
                format!("{}.before-restore{suffix}", database.display()),
            )?;
        }
    }
    std::fs::rename(&staged, database)?;
    Ok(tables)
}
