//! The units' designation periods as stored (imported, see `import::designation`).

use crate::Pool;
use readiness_rules::DesignationPeriod;

use crate::{StoreError, StoredDate};

/// The periods of one unit (`Some(code)`) or of every unit, by unit code then start.
pub async fn periods(
    pool: &Pool,
    unit: Option<&str>,
) -> Result<Vec<DesignationPeriod>, StoreError> {
    let rows: Vec<(String, StoredDate, Option<StoredDate>, String)> = sqlx::query_as(
        "SELECT u.code, d.starts_on, d.ends_on, d.decision \
         FROM designation_periods d JOIN units u ON u.id = d.unit_id \
         WHERE u.code = COALESCE($1, u.code) ORDER BY u.code, d.starts_on",
    )
    .bind(unit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(unit, from, to, decision)| DesignationPeriod {
            unit,
            from: from.0,
            to: to.map(|d| d.0),
            decision,
        })
        .collect())
}
