//! Read queries. They return the plain records of `readiness_rules`, which compute the lights.

use chrono::NaiveDate;
use futures_util::TryStreamExt;
use readiness_rules::{
    Criterion, CriterionRule, Dataset, Evaluation, Kind, Origin, PlanRecord, PlanStatus, Unit,
    ValueRecord, parse_reported,
};

use crate::Pool;
use sqlx::FromRow;

use crate::StoreError;

#[derive(Debug, FromRow)]
struct EvaluationRow {
    code: String,
    name: String,
    conducted_by: String,
    deadline: String,
}

/// A stored criterion as the import's columns hold it (its evaluation by code).
#[derive(Debug, FromRow)]
pub(crate) struct CriterionRow {
    pub(crate) code: String,
    pub(crate) evaluation: String,
    pub(crate) area: String,
    pub(crate) origin: String,
    pub(crate) title: String,
    pub(crate) title_en: String,
    pub(crate) kind: String,
    pub(crate) green: Option<f64>,
    pub(crate) amber: Option<f64>,
    pub(crate) mandatory: i64,
    pub(crate) requires_evidence: i64,
    pub(crate) validity_months: i64,
    pub(crate) description: String,
}

#[derive(Debug, FromRow)]
struct UnitRow {
    code: String,
    name: String,
    care_provider: String,
    manager: String,
    email: String,
}

/// A stored value with its criterion's kind, read into a [`ValueRecord`].
#[derive(Debug, FromRow)]
pub(crate) struct ValueRow {
    unit: String,
    criterion: String,
    kind: String,
    measured: String,
    value: String,
    comment: String,
    evidence: String,
}

#[derive(Debug, FromRow)]
struct PlanRow {
    unit: String,
    criterion: String,
    action: String,
    owner: String,
    due: String,
    status: String,
}

fn date(raw: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("bad stored date {raw:?}")))
}

fn kind(raw: &str) -> Result<Kind, StoreError> {
    Kind::from_code(raw).ok_or_else(|| StoreError::Corrupt(format!("bad stored kind {raw:?}")))
}

impl TryFrom<EvaluationRow> for Evaluation {
    type Error = StoreError;
    fn try_from(r: EvaluationRow) -> Result<Self, StoreError> {
        Ok(Evaluation {
            deadline: date(&r.deadline)?,
            code: r.code,
            name: r.name,
            conducted_by: r.conducted_by,
        })
    }
}

impl TryFrom<CriterionRow> for Criterion {
    type Error = StoreError;
    fn try_from(r: CriterionRow) -> Result<Self, StoreError> {
        Ok(Criterion {
            origin: Origin::from_code(&r.origin)
                .ok_or_else(|| StoreError::Corrupt(format!("bad stored origin {:?}", r.origin)))?,
            rule: CriterionRule {
                kind: kind(&r.kind)?,
                green: r.green,
                amber: r.amber,
                mandatory: r.mandatory != 0,
                requires_evidence: r.requires_evidence != 0,
                validity_months: u32::try_from(r.validity_months).unwrap_or(0),
            },
            code: r.code,
            evaluation: r.evaluation,
            area: r.area,
            title: r.title,
            title_en: r.title_en,
            description: r.description,
        })
    }
}

impl From<UnitRow> for Unit {
    fn from(r: UnitRow) -> Self {
        Unit {
            code: r.code,
            name: r.name,
            care_provider: r.care_provider,
            manager: r.manager,
            email: r.email,
        }
    }
}

impl TryFrom<ValueRow> for ValueRecord {
    type Error = StoreError;
    fn try_from(r: ValueRow) -> Result<Self, StoreError> {
        let value = parse_reported(kind(&r.kind)?, &r.value)
            .map_err(|e| StoreError::Corrupt(format!("bad stored value {:?}: {e}", r.value)))?;
        Ok(ValueRecord {
            measured: date(&r.measured)?,
            value,
            unit: r.unit,
            criterion: r.criterion,
            comment: r.comment,
            evidence: r.evidence,
        })
    }
}

impl TryFrom<PlanRow> for PlanRecord {
    type Error = StoreError;
    fn try_from(r: PlanRow) -> Result<Self, StoreError> {
        Ok(PlanRecord {
            due: date(&r.due)?,
            status: PlanStatus::from_code(&r.status)
                .ok_or_else(|| StoreError::Corrupt(format!("bad stored status {:?}", r.status)))?,
            unit: r.unit,
            criterion: r.criterion,
            action: r.action,
            owner: r.owner,
        })
    }
}

pub(crate) const CRITERION_COLUMNS: &str = "c.code, e.code AS evaluation, c.area, c.origin, c.title, \
     c.title_en, c.kind, c.green, c.amber, c.mandatory, c.requires_evidence, c.validity_months, \
     c.description";

/// Current versions only: the newest row per key wins (values and plans are append-only).
/// The current version of each value `v` (unit, criterion, measured date).
use crate::CURRENT_VALUE;

/// Like `CURRENT_VALUE`, but per key the newest version the working group has verified
/// (imported versions count as verified; reports from the browser need a "verified" review).
const CURRENT_VERIFIED_VALUE: &str = "v.id = (SELECT MAX(v2.id) FROM unit_values v2 WHERE v2.unit_id = v.unit_id \
       AND v2.criterion_id = v.criterion_id AND v2.measured = v.measured \
       AND (v2.recorded_by IS NULL OR (SELECT r.status FROM value_reviews r WHERE r.value_id = v2.id \
         ORDER BY r.id DESC LIMIT 1) = 'verified'))";

const CURRENT_PLANS: &str = "SELECT u.code AS unit, c.code AS criterion, p.action, p.owner, \
     p.due, p.status \
     FROM action_plans p JOIN units u ON u.id = p.unit_id JOIN criteria c ON c.id = p.criterion_id \
     WHERE p.id = (SELECT MAX(p2.id) FROM action_plans p2 WHERE p2.unit_id = p.unit_id \
       AND p2.criterion_id = p.criterion_id AND p2.action = p.action)";

pub async fn list_evaluations(pool: &Pool) -> Result<Vec<Evaluation>, StoreError> {
    sqlx::query_as::<_, EvaluationRow>(
        "SELECT code, name, conducted_by, deadline FROM evaluations ORDER BY deadline, code",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(Evaluation::try_from)
    .collect()
}

/// A unit's columns, as [`UnitRow`] reads them.
const UNIT_SELECT: &str = "SELECT code, name, care_provider, manager, email FROM units";

pub async fn list_units(pool: &Pool) -> Result<Vec<Unit>, StoreError> {
    Ok(
        sqlx::query_as::<_, UnitRow>(&format!("{UNIT_SELECT} ORDER BY code"))
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(Unit::from)
            .collect(),
    )
}

/// One unit by its code (a unit page needs one, not the 2,000 of a national installation).
pub async fn unit_by_code(pool: &Pool, code: &str) -> Result<Option<Unit>, StoreError> {
    Ok(
        sqlx::query_as::<_, UnitRow>(&format!("{UNIT_SELECT} WHERE code = $1"))
            .bind(code)
            .fetch_optional(pool)
            .await?
            .map(Unit::from),
    )
}

/// The evaluation a criterion belongs to, if the criterion exists.
pub async fn criterion_evaluation(
    pool: &Pool,
    criterion: &str,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT e.code FROM criteria c JOIN evaluations e ON e.id = c.evaluation_id WHERE c.code = $1",
    )
    .bind(criterion)
    .fetch_optional(pool)
    .await?)
}

/// Versions of one evaluation's criteria with ids in `(after, up_to]`, oldest first: `sql`
/// selects them with the three parameters in that order.
async fn versions_added<R, T>(
    pool: &Pool,
    sql: &'static str,
    evaluation: &str,
    after: i64,
    up_to: i64,
) -> Result<Vec<T>, StoreError>
where
    R: for<'r> FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    T: TryFrom<R, Error = StoreError>,
{
    if up_to <= after {
        return Ok(Vec::new());
    }
    sqlx::query_as::<_, R>(sql)
        .bind(after)
        .bind(up_to)
        .bind(evaluation)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(T::try_from)
        .collect()
}

/// Value versions added to one evaluation (see `versions_added`).
pub(crate) async fn values_added(
    pool: &Pool,
    evaluation: &str,
    after: i64,
    up_to: i64,
) -> Result<Vec<ValueRecord>, StoreError> {
    versions_added::<ValueRow, _>(
        pool,
        "SELECT u.code AS unit, c.code AS criterion, c.kind, v.measured, v.value, v.comment, v.evidence \
         FROM unit_values v JOIN units u ON u.id = v.unit_id JOIN criteria c ON c.id = v.criterion_id \
         WHERE v.id > $1 AND v.id <= $2 AND c.evaluation_id = (SELECT id FROM evaluations WHERE code = $3) \
         ORDER BY v.id",
        evaluation,
        after,
        up_to,
    )
    .await
}

/// Plan versions added to one evaluation (see `versions_added`).
pub(crate) async fn plans_added(
    pool: &Pool,
    evaluation: &str,
    after: i64,
    up_to: i64,
) -> Result<Vec<PlanRecord>, StoreError> {
    versions_added::<PlanRow, _>(
        pool,
        "SELECT u.code AS unit, c.code AS criterion, p.action, p.owner, p.due, p.status \
         FROM action_plans p JOIN units u ON u.id = p.unit_id JOIN criteria c ON c.id = p.criterion_id \
         WHERE p.id > $1 AND p.id <= $2 AND c.evaluation_id = (SELECT id FROM evaluations WHERE code = $3) \
         ORDER BY p.id",
        evaluation,
        after,
        up_to,
    )
    .await
}

/// `load_dataset_filtered` straight from the database, bypassing the cache.
pub async fn load_dataset_uncached(
    pool: &Pool,
    evaluation: &str,
    verified_only: bool,
) -> Result<Option<Dataset>, StoreError> {
    let Some(row) = sqlx::query_as::<_, EvaluationRow>(
        "SELECT code, name, conducted_by, deadline FROM evaluations WHERE code = $1",
    )
    .bind(evaluation)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let criteria = sqlx::query_as::<_, CriterionRow>(&format!(
        "SELECT {CRITERION_COLUMNS} FROM criteria c JOIN evaluations e ON e.id = c.evaluation_id \
         WHERE e.code = $1 ORDER BY c.position, c.code"
    ))
    .bind(evaluation)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(Criterion::try_from)
    .collect::<Result<Vec<_>, _>>()?;
    let current = if verified_only {
        CURRENT_VERIFIED_VALUE
    } else {
        CURRENT_VALUE
    };
    let plans = sqlx::query_as::<_, PlanRow>(&format!(
        "{CURRENT_PLANS} AND c.evaluation_id = (SELECT id FROM evaluations WHERE code = $1) \
         ORDER BY u.code, c.code, p.due, p.action"
    ))
    .bind(evaluation)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(PlanRecord::try_from)
    .collect::<Result<Vec<_>, _>>()?;
    let mut dataset = Dataset::new(
        row.try_into()?,
        criteria,
        list_units(pool).await?,
        Vec::new(),
        plans,
    );
    // One row per unit, its values as a JSON array: sqlx hands rows over one at a time (a
    // thread switch and a copy of every column each), so a national evaluation's million rows
    // took 20 s; two thousand rows of arrays take a parse. Unit by unit through the key index,
    // and read as they come: a GROUP BY over all values sorted them in a temporary B-tree
    // (100 MB in memory, kept by the C allocator afterwards), and all the arrays at once were
    // twice the compact dataset.
    let values = crate::dialect::json_rows_aggregate(
        crate::Backend::of(pool),
        "c.code, c.kind, v.measured, v.value, v.comment, v.evidence",
    );
    let query = format!(
        "SELECT o.code, (SELECT {values} FROM unit_values v JOIN criteria c ON c.id = v.criterion_id \
         WHERE v.unit_id = o.id AND c.evaluation_id = (SELECT id FROM evaluations WHERE code = $1) \
         AND {current}) FROM units o ORDER BY o.code"
    );
    let mut units = sqlx::query_as::<_, (String, String)>(&query)
        .bind(evaluation)
        .fetch(pool);
    while let Some((unit, json)) = units.try_next().await? {
        let rows: Vec<(String, String, String, String, String, String)> =
            serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("values of unit {unit}: {e}")))?;
        let values = rows
            .into_iter()
            .map(|(criterion, kind, measured, value, comment, evidence)| {
                ValueRecord::try_from(ValueRow {
                    unit: unit.clone(),
                    criterion,
                    kind,
                    measured,
                    value,
                    comment,
                    evidence,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        dataset.add_values(values);
    }
    dataset.designations =
        readiness_rules::Designations::new(crate::designation::periods(pool, None).await?);
    Ok(Some(dataset))
}

/// Whether the database was filled by `readiness sample load`.
pub async fn is_sample(pool: &Pool) -> Result<bool, StoreError> {
    let flag: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = 'sample_data'")
            .fetch_optional(pool)
            .await?;
    Ok(flag.as_deref() == Some("ja"))
}

pub async fn mark_sample(pool: &Pool) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ('sample_data', 'ja') \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// True when nothing has been loaded yet and nobody has an account: only then may sample data
/// (and its demo accounts with published passwords) go in.
pub async fn is_empty(pool: &Pool) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM evaluations) + (SELECT COUNT(*) FROM users)",
    )
    .fetch_one(pool)
    .await?;
    Ok(n == 0)
}
