//! Frozen baselines: every evaluation's lights and values as of one date, stored once and never
//! changed (the database refuses updates and deletes), so later edits and imports cannot move
//! them.

use crate::Pool;
use chrono::NaiveDate;
use readiness_rules::{Snapshot, Text};
use serde::{Deserialize, Serialize};

use crate::{StoreError, StoredDate, now_stamp, queries};

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{}", self.text())]
    BadName,
    #[error("{}", self.text())]
    Exists(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BaselineError {
    /// What the one freezing is told (the Swedish is also the `Display`).
    pub fn text(&self) -> Text {
        match self {
            BaselineError::BadName => Text::new(
                "Namnet måste ha 1–80 tecken.",
                "The name needs 1–80 characters.",
            ),
            BaselineError::Exists(name) => Text::new(
                format!("Det finns redan en baslinje som heter {name}."),
                format!("A baseline named {name} exists."),
            ),
            BaselineError::Store(_) => crate::internal_text(),
        }
    }
}

impl From<sqlx::Error> for BaselineError {
    fn from(e: sqlx::Error) -> Self {
        BaselineError::Store(StoreError::Database(e))
    }
}

/// A baseline without its snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineInfo {
    pub name: String,
    pub as_of: NaiveDate,
    pub frozen_at: String,
    /// E-mail of the user who froze it; `None` from the command line.
    pub frozen_by: Option<String>,
    pub evaluations: Vec<String>,
}

/// Freezes every evaluation as of `as_of` under `name`, in one transaction.
pub async fn freeze(
    pool: &Pool,
    name: &str,
    as_of: NaiveDate,
    user_id: Option<i64>,
) -> Result<BaselineInfo, BaselineError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(BaselineError::BadName);
    }
    let mut snapshots = Vec::new();
    for evaluation in queries::list_evaluations(pool).await? {
        if let Some(dataset) = crate::cache::load_dataset(pool, &evaluation.code).await? {
            let board = dataset.board(as_of).await?;
            snapshots.push(Snapshot::from_board(&dataset, &board));
        }
    }
    let mut tx = crate::dialect::begin_writing(pool).await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM baselines WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Err(BaselineError::Exists(name.to_string()));
    }
    let frozen_at = now_stamp();
    // A baseline of the same name frozen since the look above (another request, or another
    // instance) makes this insert nothing rather than fail.
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO baselines (name, as_of, frozen_at, frozen_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (name) DO NOTHING RETURNING id",
    )
    .bind(name)
    .bind(as_of.to_string())
    .bind(&frozen_at)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Err(BaselineError::Exists(name.to_string()));
    };
    for snapshot in &snapshots {
        let json = serde_json::to_string(snapshot)
            .map_err(|e| StoreError::Corrupt(format!("snapshot: {e}")))?;
        sqlx::query(
            "INSERT INTO baseline_snapshots (baseline_id, evaluation, snapshot) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(&snapshot.evaluation)
        .bind(json)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(BaselineInfo {
        name: name.to_string(),
        as_of,
        frozen_at,
        frozen_by: None,
        evaluations: snapshots.into_iter().map(|s| s.evaluation).collect(),
    })
}

/// name, as_of, frozen_at, frozen_by e-mail, evaluation codes joined by commas
type BaselineRow = (String, StoredDate, String, Option<String>, Option<String>);

/// Every baseline, newest first.
pub async fn list(pool: &Pool) -> Result<Vec<BaselineInfo>, StoreError> {
    let rows: Vec<BaselineRow> = sqlx::query_as(
        "SELECT b.name, b.as_of, b.frozen_at, u.email, \
         (SELECT string_agg(s.evaluation, ',' ORDER BY s.evaluation) FROM baseline_snapshots s WHERE s.baseline_id = b.id) \
         FROM baselines b LEFT JOIN users u ON u.id = b.frozen_by ORDER BY b.id DESC",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(name, as_of, frozen_at, frozen_by, evaluations)| BaselineInfo {
                name,
                as_of: as_of.0,
                frozen_at,
                frozen_by,
                evaluations: evaluations
                    .map(|e| e.split(',').map(str::to_string).collect())
                    .unwrap_or_default(),
            },
        )
        .collect())
}

/// The frozen snapshot of one evaluation; `None` if the baseline or the evaluation is not there.
pub async fn snapshot(
    pool: &Pool,
    name: &str,
    evaluation: &str,
) -> Result<Option<Snapshot>, StoreError> {
    let json: Option<String> = sqlx::query_scalar(
        "SELECT s.snapshot FROM baseline_snapshots s JOIN baselines b ON b.id = s.baseline_id \
         WHERE b.name = $1 AND s.evaluation = $2",
    )
    .bind(name)
    .bind(evaluation)
    .fetch_optional(pool)
    .await?;
    json.map(|j| {
        serde_json::from_str(&j).map_err(|e| StoreError::Corrupt(format!("snapshot: {e}")))
    })
    .transpose()
}

/// The snapshot of `evaluation` as of `as_of`, computed from the data as it is now.
pub async fn live_snapshot(
    pool: &Pool,
    evaluation: &str,
    as_of: NaiveDate,
) -> Result<Option<Snapshot>, StoreError> {
    let Some(dataset) = crate::cache::load_dataset(pool, evaluation).await? else {
        return Ok(None);
    };
    let board = dataset.board(as_of).await?;
    Ok(Some(Snapshot::from_board(&dataset, &board)))
}

/// The Lägesrapport as of `as_of`, compared with `baseline` — or, when `None`, with the newest
/// baseline frozen for an earlier date (no comparison if there is none).
pub async fn status_report(
    pool: &Pool,
    as_of: NaiveDate,
    baseline: Option<&str>,
) -> Result<Option<readiness_rules::StatusReport>, StoreError> {
    let mut datasets = Vec::new();
    for evaluation in queries::list_evaluations(pool).await? {
        if let Some(dataset) = crate::cache::load_dataset(pool, &evaluation.code).await? {
            datasets.push(dataset);
        }
    }
    let name =
        match baseline {
            Some(name) => {
                let exists: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM baselines WHERE name = $1")
                        .bind(name)
                        .fetch_optional(pool)
                        .await?;
                if exists.is_none() {
                    return Ok(None);
                }
                Some(name.to_string())
            }
            None => sqlx::query_scalar(
                "SELECT name FROM baselines WHERE as_of < $1 ORDER BY as_of DESC, id DESC LIMIT 1",
            )
            .bind(as_of.to_string())
            .fetch_optional(pool)
            .await?,
        };
    let mut snapshots = Vec::new();
    if let Some(name) = &name {
        for dataset in &datasets {
            if let Some(s) = snapshot(pool, name, &dataset.evaluation.code).await? {
                snapshots.push(s);
            }
        }
    }
    // The same as `readiness_rules::status_report`, with each evaluation's part remembered
    // beside its records (only the comparison depends on the baseline).
    let mut evaluations = Vec::with_capacity(datasets.len());
    for dataset in &datasets {
        let part = dataset.evaluation_report(as_of).await?;
        let mut report = readiness_rules::EvaluationReport::clone(&part);
        if let Some(name) = &name {
            let board = dataset.board(as_of).await?;
            report.changes = readiness_rules::changes_since(dataset, &board, name, &snapshots);
        }
        evaluations.push(report);
    }
    Ok(Some(readiness_rules::StatusReport {
        as_of,
        baseline: name,
        evaluations,
    }))
}
