//! The units' designation periods as stored (imported, see `import::designation`).

use chrono::NaiveDate;
use readiness_rules::DesignationPeriod;
use sqlx::SqlitePool;

use crate::StoreError;

/// The periods of one unit (`Some(code)`) or of every unit, by unit code then start.
pub async fn periods(
    pool: &SqlitePool,
    unit: Option<&str>,
) -> Result<Vec<DesignationPeriod>, StoreError> {
    let rows: Vec<(String, NaiveDate, Option<NaiveDate>, String)> = sqlx::query_as(
        "SELECT u.code, d.starts_on, d.ends_on, d.decision \
         FROM designation_periods d JOIN units u ON u.id = d.unit_id \
         WHERE ?1 IS NULL OR u.code = ?1 ORDER BY u.code, d.starts_on",
    )
    .bind(unit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(unit, from, to, decision)| DesignationPeriod {
            unit,
            from,
            to,
            decision,
        })
        .collect())
}
