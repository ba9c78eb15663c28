//! The units' yearly follow-ups as stored (imported, see `import::unit_follow_up`).

use crate::Pool;
use readiness_rules::{FollowUpDecision, UnitFollowUp};

use crate::{StoreError, StoredDate};

type Row = (String, i32, String, StoredDate, String, String);

/// The follow-ups of one unit (`Some(code)`) or of every unit, by unit code then year.
pub async fn follow_ups(pool: &Pool, unit: Option<&str>) -> Result<Vec<UnitFollowUp>, StoreError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT u.code, f.year, f.decision, f.decided_on, f.reference, f.assessment \
         FROM unit_follow_ups f JOIN units u ON u.id = f.unit_id \
         WHERE u.code = COALESCE($1, u.code) ORDER BY u.code, f.year, f.decided_on",
    )
    .bind(unit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(
            |(unit, year, decision, decided_on, reference, assessment)| {
                let decision = FollowUpDecision::from_code(&decision).ok_or_else(|| {
                    StoreError::Corrupt(format!("bad stored follow-up decision {decision:?}"))
                })?;
                Ok(UnitFollowUp {
                    unit,
                    year,
                    decision,
                    decided_on: decided_on.0,
                    reference,
                    assessment,
                })
            },
        )
        .collect()
}
