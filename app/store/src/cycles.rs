//! A new follow-up cycle from an existing evaluation: the criteria copied under new codes (and
//! then editable like any criteria, through the criteria export and import), the units carried
//! over (units belong to no evaluation), and the values left behind or carried by choice.

use crate::Pool;
use chrono::NaiveDate;
use readiness_rules::Text;
use serde::{Deserialize, Serialize};

use crate::{CURRENT_VALUE, StoreError, now_stamp};

#[derive(Debug, Clone)]
pub struct NewCycle {
    pub from: String,
    pub code: String,
    pub name: String,
    pub deadline: NaiveDate,
    /// Put before each copied criterion's code (`U27-` + `USV-F01`), which must stay unique.
    pub prefix: String,
    /// Carry each unit's latest value per criterion, with its measured date: it counts while it
    /// is still valid and shows as stale after, so units see what they reported last time.
    pub carry_values: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleSummary {
    pub code: String,
    pub criteria: usize,
    pub values: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum CycleError {
    #[error("{}", self.text())]
    UnknownSource(String),
    #[error("{}", self.text())]
    Taken(String),
    #[error("{}", self.text())]
    Missing,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl CycleError {
    /// What the one starting a cycle is told (the Swedish is also the `Display`).
    pub fn text(&self) -> Text {
        match self {
            CycleError::UnknownSource(code) => Text::new(
                format!("Utvärderingen {code} finns inte."),
                format!("No evaluation has the code {code}."),
            ),
            CycleError::Taken(code) => Text::new(
                format!("Koden {code} är redan tagen."),
                format!("The code {code} is taken."),
            ),
            CycleError::Missing => Text::new(
                "Kod, namn och kodprefix krävs.",
                "Code, name and prefix are required.",
            ),
            CycleError::Store(_) => crate::internal_text(),
        }
    }
}

impl From<sqlx::Error> for CycleError {
    fn from(e: sqlx::Error) -> Self {
        CycleError::Store(StoreError::Database(e))
    }
}

/// Creates the cycle in one transaction, or nothing.
pub async fn new_cycle(pool: &Pool, cycle: &NewCycle) -> Result<CycleSummary, CycleError> {
    let (code, name, prefix) = (cycle.code.trim(), cycle.name.trim(), cycle.prefix.trim());
    if code.is_empty() || name.is_empty() || prefix.is_empty() {
        return Err(CycleError::Missing);
    }
    let mut tx = crate::dialect::begin_writing(pool).await?;
    let source: Option<(i64, String)> =
        sqlx::query_as("SELECT id, conducted_by FROM evaluations WHERE code = $1")
            .bind(&cycle.from)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((source_id, conducted_by)) = source else {
        return Err(CycleError::UnknownSource(cycle.from.clone()));
    };
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM evaluations WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(CycleError::Taken(code.to_string()));
    }
    let clash: Option<String> = sqlx::query_scalar(
        "SELECT $1 || c.code FROM criteria c WHERE c.evaluation_id = $2 \
         AND EXISTS (SELECT 1 FROM criteria x WHERE x.code = $3 || c.code) LIMIT 1",
    )
    .bind(prefix)
    .bind(source_id)
    .bind(prefix)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(clash) = clash {
        return Err(CycleError::Taken(clash));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO evaluations (code, name, conducted_by, deadline) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(code)
    .bind(name)
    .bind(conducted_by)
    .bind(cycle.deadline.to_string())
    .fetch_one(&mut *tx)
    .await?;
    let criteria = sqlx::query(
        "INSERT INTO criteria (code, evaluation_id, area, origin, title, title_en, kind, green, amber, \
         mandatory, requires_evidence, validity_months, description, position) \
         SELECT $1 || code, $2, area, origin, title, title_en, kind, green, amber, mandatory, \
         requires_evidence, validity_months, description, position FROM criteria WHERE evaluation_id = $3",
    )
    .bind(prefix)
    .bind(id)
    .bind(source_id)
    .execute(&mut *tx)
    .await?
    .rows_affected() as usize;
    let mut values = 0;
    if cycle.carry_values {
        values = sqlx::query(&format!(
            "INSERT INTO unit_values (unit_id, criterion_id, measured, value, comment, evidence, \
             recorded_at, source) \
             SELECT v.unit_id, n.id, v.measured, v.value, v.comment, v.evidence, $1, $2 \
             FROM unit_values v JOIN criteria c ON c.id = v.criterion_id \
             JOIN criteria n ON n.code = $3 || c.code \
             WHERE c.evaluation_id = $4 AND {CURRENT_VALUE} \
             AND v.measured = (SELECT MAX(y.measured) FROM unit_values y \
               WHERE y.unit_id = v.unit_id AND y.criterion_id = v.criterion_id)"
        ))
        .bind(now_stamp())
        .bind(format!("cykel:{}", cycle.from))
        .bind(prefix)
        .bind(source_id)
        .execute(&mut *tx)
        .await?
        .rows_affected() as usize;
    }
    tx.commit().await?;
    Ok(CycleSummary {
        code: code.to_string(),
        criteria,
        values,
    })
}
