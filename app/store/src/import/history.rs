//! The import history, and uploads waiting between their preview and the user's confirmation.

use crate::Pool;
use serde::{Deserialize, Serialize};

pub use readiness_rules::{ImportPhase, UploadState};

use super::{ImportIssue, ImportKind, ImportSummary};
use crate::{StoreError, accounts::random_hex, now_stamp};

/// One committed import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ImportRecord {
    pub id: i64,
    pub imported_at: String,
    /// E-mail of the user; `None` for the command line.
    pub user_email: Option<String>,
    pub via: String,
    pub file_name: String,
    pub sheet: Option<String>,
    pub kind: String,
    pub rows: i64,
    pub added: i64,
    pub changed: i64,
    pub unchanged: i64,
}

/// The newest imports first.
pub async fn recent_imports(pool: &Pool, limit: i64) -> Result<Vec<ImportRecord>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT i.id, i.imported_at, u.email AS user_email, i.via, i.file_name, i.sheet, i.kind, \
         i.rows, i.added, i.changed, i.unchanged FROM imports i LEFT JOIN users u ON u.id = i.user_id \
         ORDER BY i.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// What the latest background step found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadOutcome {
    /// The preview, or (after a commit) what was written.
    Summary(ImportSummary),
    Problems(Vec<ImportIssue>),
    /// An internal error; the details are in the log.
    Failed,
}

/// An upload without its bytes.
#[derive(Debug, Clone)]
pub struct Upload {
    pub id: i64,
    pub token: String,
    pub user_id: i64,
    pub uploaded_at: String,
    pub file_name: String,
    pub kind: Option<ImportKind>,
    pub sheet: Option<String>,
    pub state: UploadState,
    pub outcome: Option<UploadOutcome>,
    /// A running step's (phase, rows done, rows in the file), as its instance last wrote it.
    pub progress: Option<(ImportPhase, usize, usize)>,
}

/// An import step's instance that has not written its progress for this long has stopped.
pub const SILENT_STEP_MS: i64 = 60_000;

fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn phase_of(index: i64) -> ImportPhase {
    match index {
        0 => ImportPhase::Reading,
        1 => ImportPhase::Checking,
        2 => ImportPhase::Writing,
        _ => ImportPhase::Done,
    }
}

/// Stores an uploaded file; returns its id and its (unguessable) token.
pub async fn save_upload(
    pool: &Pool,
    user_id: i64,
    file_name: &str,
    kind: Option<ImportKind>,
    sheet: Option<&str>,
    bytes: &[u8],
) -> Result<(i64, String), StoreError> {
    let token = random_hex(16);
    let id = sqlx::query_scalar(
        "INSERT INTO import_uploads (token, user_id, uploaded_at, file_name, kind, sheet, bytes, state, \
         progress_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&token)
    .bind(user_id)
    .bind(now_stamp())
    .bind(file_name)
    .bind(kind.map(ImportKind::code))
    .bind(sheet)
    .bind(bytes)
    .bind(UploadState::Checking.code())
    .bind(now_millis())
    .fetch_one(pool)
    .await?;
    Ok((id, token))
}

type UploadRow = (
    i64,
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

pub async fn upload_by_token(pool: &Pool, token: &str) -> Result<Option<Upload>, StoreError> {
    let row: Option<UploadRow> = sqlx::query_as(
        "SELECT id, token, user_id, uploaded_at, file_name, kind, sheet, state, outcome, \
         progress_phase, progress_done, progress_total FROM import_uploads WHERE token = $1",
    )
    .bind(token)
    .fetch_optional(pool)
    .await?;
    row.map(
        |(
            id,
            token,
            user_id,
            uploaded_at,
            file_name,
            kind,
            sheet,
            state,
            outcome,
            phase,
            done,
            total,
        )| {
            let state = UploadState::from_code(&state)
                .ok_or_else(|| StoreError::Corrupt(format!("upload state {state:?}")))?;
            let progress = match (state.is_running(), phase, done, total) {
                (true, Some(phase), Some(done), Some(total)) => Some((
                    phase_of(phase),
                    usize::try_from(done).unwrap_or(0),
                    usize::try_from(total).unwrap_or(0),
                )),
                _ => None,
            };
            Ok(Upload {
                id,
                token,
                user_id,
                uploaded_at,
                file_name,
                kind: kind.as_deref().and_then(ImportKind::from_code),
                sheet,
                state,
                progress,
                outcome: outcome
                    .map(|json| serde_json::from_str(&json))
                    .transpose()
                    .map_err(|e| StoreError::Corrupt(format!("upload outcome: {e}")))?,
            })
        },
    )
    .transpose()
}

pub async fn upload_bytes(pool: &Pool, id: i64) -> Result<Vec<u8>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT bytes FROM import_uploads WHERE id = $1")
            .bind(id)
            .fetch_one(pool)
            .await?,
    )
}

/// Records the result of a background step.
pub async fn finish_step(
    pool: &Pool,
    id: i64,
    state: UploadState,
    outcome: &UploadOutcome,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(outcome)
        .map_err(|e| StoreError::Corrupt(format!("upload outcome: {e}")))?;
    sqlx::query("UPDATE import_uploads SET state = $1, outcome = $2 WHERE id = $3")
        .bind(state.code())
        .bind(json)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Moves a confirmable upload to `importing`; `false` if it was not confirmable (already
/// confirmed in another tab, still checking, invalid). One statement, so two clicks cannot both
/// start an import.
pub async fn claim_for_import(pool: &Pool, id: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE import_uploads SET state = 'importing', progress_phase = NULL, progress_at = $2 \
         WHERE id = $1 AND state IN ('previewed', 'stale')",
    )
    .bind(id)
    .bind(now_millis())
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Writes a running step's progress, which is also its instance's sign of life.
pub async fn record_progress(
    pool: &Pool,
    id: i64,
    (phase, done, total): (ImportPhase, usize, usize),
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE import_uploads SET progress_phase = $1, progress_done = $2, progress_total = $3, \
         progress_at = $4 WHERE id = $5 AND state IN ('checking', 'importing')",
    )
    .bind(phase as i64)
    .bind(i64::try_from(done).unwrap_or(i64::MAX))
    .bind(i64::try_from(total).unwrap_or(i64::MAX))
    .bind(now_millis())
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether running steps write their progress to the database ([`record_progress`]): on
/// PostgreSQL, where several instances share the database. A SQLite file has one instance,
/// which shows its own steps' progress from memory — and an import holds SQLite's one write
/// lock while it writes, so a step's progress could not be written then anyway.
pub fn progress_is_shared(pool: &Pool) -> bool {
    crate::Backend::of(pool) == crate::Backend::Postgres
}

/// At an instance's start, marks as failed the uploads whose background step was cut off: on
/// SQLite every running one (the file's one instance is the one starting); on PostgreSQL those
/// no instance has written progress for in [`SILENT_STEP_MS`] (another instance's go on).
pub async fn fail_interrupted(pool: &Pool) -> Result<u64, StoreError> {
    let silent_since = if progress_is_shared(pool) {
        now_millis() - SILENT_STEP_MS
    } else {
        i64::MAX
    };
    fail_silent_since(pool, silent_since).await
}

/// PostgreSQL: marks as failed the steps no instance has written progress for in
/// [`SILENT_STEP_MS`] (their instance stopped). SQLite: nothing (see [`fail_interrupted`]).
pub async fn fail_silent(pool: &Pool) -> Result<u64, StoreError> {
    if !progress_is_shared(pool) {
        return Ok(0);
    }
    fail_silent_since(pool, now_millis() - SILENT_STEP_MS).await
}

async fn fail_silent_since(pool: &Pool, silent_since: i64) -> Result<u64, StoreError> {
    let json = serde_json::to_string(&UploadOutcome::Failed)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(sqlx::query(
        "UPDATE import_uploads SET state = 'failed', outcome = $1 \
         WHERE state IN ('checking', 'importing') AND COALESCE(progress_at, 0) < $2",
    )
    .bind(json)
    .bind(silent_since)
    .execute(pool)
    .await?
    .rows_affected())
}

pub async fn discard_upload(pool: &Pool, id: i64) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM import_uploads WHERE id = $1 AND state NOT IN ('checking', 'importing')",
    )
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Forgets uploads older than a day (the history keeps what was imported).
pub async fn delete_old_uploads(pool: &Pool) -> Result<u64, StoreError> {
    let cutoff = (chrono::Utc::now() - chrono::Duration::days(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    Ok(sqlx::query(
        "DELETE FROM import_uploads WHERE uploaded_at < $1 AND state NOT IN ('checking', 'importing')",
    )
    .bind(cutoff)
    .execute(pool)
    .await?
    .rows_affected())
}
