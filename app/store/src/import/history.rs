//! The import history, and uploads waiting between their preview and the user's confirmation.

use crate::Pool;
use serde::{Deserialize, Serialize};

pub use readiness_rules::UploadState;

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
        "INSERT INTO import_uploads (token, user_id, uploaded_at, file_name, kind, sheet, bytes, state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&token)
    .bind(user_id)
    .bind(now_stamp())
    .bind(file_name)
    .bind(kind.map(ImportKind::code))
    .bind(sheet)
    .bind(bytes)
    .bind(UploadState::Checking.code())
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
);

pub async fn upload_by_token(pool: &Pool, token: &str) -> Result<Option<Upload>, StoreError> {
    let row: Option<UploadRow> = sqlx::query_as(
        "SELECT id, token, user_id, uploaded_at, file_name, kind, sheet, state, outcome \
         FROM import_uploads WHERE token = $1",
    )
    .bind(token)
    .fetch_optional(pool)
    .await?;
    row.map(
        |(id, token, user_id, uploaded_at, file_name, kind, sheet, state, outcome)| {
            Ok(Upload {
                id,
                token,
                user_id,
                uploaded_at,
                file_name,
                kind: kind.as_deref().and_then(ImportKind::from_code),
                sheet,
                state: UploadState::from_code(&state)
                    .ok_or_else(|| StoreError::Corrupt(format!("upload state {state:?}")))?,
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
        "UPDATE import_uploads SET state = 'importing' WHERE id = $1 AND state IN ('previewed', 'stale')",
    )
    .bind(id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks uploads whose background step was cut off (the server stopped) as failed.
pub async fn fail_interrupted(pool: &Pool) -> Result<u64, StoreError> {
    let json = serde_json::to_string(&UploadOutcome::Failed)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(sqlx::query(
        "UPDATE import_uploads SET state = 'failed', outcome = $1 WHERE state IN ('checking', 'importing')",
    )
    .bind(json)
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
