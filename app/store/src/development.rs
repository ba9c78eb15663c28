//! The prioritised development areas and their actions: read as of a date, and the browser's
//! saves (a new action, a changed one — never over someone else's newer change — and progress
//! notes). Imports of both kinds are in `import::development`.

use std::collections::HashMap;

use crate::Pool;
use chrono::NaiveDate;
use readiness_rules::{
    DevelopmentAction, DevelopmentActionInput, DevelopmentArea, PlanStatus, ProgressNote,
    validate_development_action, validate_progress_note,
};

use crate::dialect::{begin_writing, lock_key};
use crate::reports::ReportError;
use crate::{StoreError, StoredDate, now_stamp};

/// Every area in its order, with the codes of the criteria it concerns.
pub async fn areas(pool: &Pool) -> Result<Vec<DevelopmentArea>, StoreError> {
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT id, code, name, goal, owner FROM development_areas ORDER BY position, code",
    )
    .fetch_all(pool)
    .await?;
    let links: Vec<(i64, String)> = sqlx::query_as(
        "SELECT l.area_id, c.code FROM development_area_criteria l \
         JOIN criteria c ON c.id = l.criterion_id ORDER BY c.evaluation_id, c.position",
    )
    .fetch_all(pool)
    .await?;
    let mut criteria: HashMap<i64, Vec<String>> = HashMap::new();
    for (area, code) in links {
        criteria.entry(area).or_default().push(code);
    }
    Ok(rows
        .into_iter()
        .map(|(id, code, name, goal, owner)| DevelopmentArea {
            code,
            name,
            goal,
            owner,
            criteria: criteria.remove(&id).unwrap_or_default(),
        })
        .collect())
}

/// action code, area code, version id, title, responsible, scope, due, status, recorded_at, who
type ActionRow = (
    String,
    String,
    i64,
    String,
    String,
    String,
    StoredDate,
    String,
    String,
    String,
);

/// Every action as it stood at the end of `as_of` (its newest version saved by then, the notes
/// about days up to then that were written by then); actions made later are left out.
pub async fn actions(pool: &Pool, as_of: NaiveDate) -> Result<Vec<DevelopmentAction>, StoreError> {
    let day = as_of.to_string();
    let rows: Vec<ActionRow> = sqlx::query_as(
        "SELECT a.code, ar.code, v.id, v.title, v.responsible, v.scope, v.due, v.status, \
         v.recorded_at, COALESCE(NULLIF(us.name, ''), us.email, v.source) \
         FROM development_action_versions v \
         JOIN development_actions a ON a.id = v.action_id \
         JOIN development_areas ar ON ar.id = a.area_id \
         LEFT JOIN users us ON us.id = v.recorded_by \
         WHERE v.id = (SELECT MAX(x.id) FROM development_action_versions x \
                       WHERE x.action_id = v.action_id AND substr(x.recorded_at, 1, 10) <= $1) \
         ORDER BY a.code",
    )
    .bind(&day)
    .fetch_all(pool)
    .await?;
    let notes: Vec<(String, StoredDate, String, String)> = sqlx::query_as(
        "SELECT a.code, n.noted_on, n.note, COALESCE(NULLIF(us.name, ''), us.email, n.source) \
         FROM development_action_notes n \
         JOIN development_actions a ON a.id = n.action_id \
         LEFT JOIN users us ON us.id = n.recorded_by \
         WHERE n.noted_on <= $1 AND substr(n.recorded_at, 1, 10) <= $2 \
         ORDER BY n.noted_on DESC, n.id DESC",
    )
    .bind(&day)
    .bind(&day)
    .fetch_all(pool)
    .await?;
    let mut by_action: HashMap<String, Vec<ProgressNote>> = HashMap::new();
    for (code, noted_on, text, by) in notes {
        by_action.entry(code).or_default().push(ProgressNote {
            noted_on: noted_on.0,
            text,
            by,
        });
    }
    rows.into_iter()
        .map(
            |(code, area, version, title, responsible, scope, due, status, at, by)| {
                let status = PlanStatus::from_code(&status).ok_or_else(|| {
                    StoreError::Corrupt(format!("action {code}: status {status}"))
                })?;
                let changed_on = at
                    .get(..10)
                    .and_then(|d| d.parse().ok())
                    .ok_or_else(|| StoreError::Corrupt(format!("action {code}: time {at}")))?;
                Ok(DevelopmentAction {
                    notes: by_action.remove(&code).unwrap_or_default(),
                    code,
                    area,
                    version,
                    title,
                    responsible,
                    scope,
                    due: due.0,
                    status,
                    changed_on,
                    changed_by: by,
                })
            },
        )
        .collect()
}

/// The care providers an action may be for, as the units spell them.
pub async fn care_providers(pool: &Pool) -> Result<Vec<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT DISTINCT care_provider FROM units ORDER BY care_provider")
            .fetch_all(pool)
            .await?,
    )
}

/// The scopes a change to an action accepts: today's care providers, and the scope the action
/// has now (a provider renamed in the units must not make a status change move the action).
async fn allowed_scopes(pool: &Pool, action_id: i64) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT care_provider FROM units UNION SELECT scope FROM development_action_versions \
         WHERE id = (SELECT MAX(id) FROM development_action_versions WHERE action_id = $1) \
         AND scope <> ''",
    )
    .bind(action_id)
    .fetch_all(pool)
    .await?)
}

/// Adds an action to an area, with a code made from the area's (`UO1-04`). Returns the code.
pub async fn add_action(
    pool: &Pool,
    user: i64,
    area: &str,
    input: &DevelopmentActionInput,
) -> Result<String, ReportError> {
    let valid = validate_development_action(input, &care_providers(pool).await?)
        .map_err(ReportError::Invalid)?;
    // The count and the insert see the same database, also with writes in between (on
    // PostgreSQL the code's unique index makes a racing insert of the same code wait, then skip).
    let mut tx = begin_writing(pool).await.map_err(StoreError::from)?;
    let area: Option<(i64, String)> =
        sqlx::query_as("SELECT id, code FROM development_areas WHERE code = $1")
            .bind(area.trim())
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::from)?;
    let Some((area_id, area_code)) = area else {
        return Err(ReportError::NotFound);
    };
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM development_actions WHERE area_id = $1")
            .bind(area_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::from)?;
    // Imports may have taken the next number: the first free one after the count.
    let mut made = None;
    for n in count + 1..count + 1000 {
        let code = format!("{area_code}-{n:02}");
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO development_actions (area_id, code) VALUES ($1, $2) \
             ON CONFLICT (code) DO NOTHING RETURNING id",
        )
        .bind(area_id)
        .bind(&code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        if let Some(id) = id {
            made = Some((id, code));
            break;
        }
    }
    let Some((id, code)) = made else {
        return Err(StoreError::Corrupt(format!("no free action code in {area_code}")).into());
    };
    sqlx::query(
        "INSERT INTO development_action_versions (action_id, title, responsible, scope, due, \
         status, recorded_at, recorded_by, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'webb')",
    )
    .bind(id)
    .bind(&valid.title)
    .bind(&valid.responsible)
    .bind(&valid.scope)
    .bind(valid.due.to_string())
    .bind(valid.status.code())
    .bind(now_stamp())
    .bind(user)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(code)
}

/// Appends a version of an action, only if `based_on` is still its newest version: otherwise
/// nothing is written and the conflict carries the newer version (title, responsible, due,
/// status).
pub async fn save_action(
    pool: &Pool,
    user: i64,
    code: &str,
    input: &DevelopmentActionInput,
    based_on: i64,
) -> Result<i64, ReportError> {
    let action_id = action_id(pool, code).await?;
    let valid = validate_development_action(input, &allowed_scopes(pool, action_id).await?)
        .map_err(ReportError::Invalid)?;
    // Saving what is already there adds no version (it would restart the quiet clock).
    let current: Option<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, title, responsible, scope, due, status FROM development_action_versions \
         WHERE id = (SELECT MAX(id) FROM development_action_versions WHERE action_id = $1)",
    )
    .bind(action_id)
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from)?;
    if let Some((id, title, responsible, scope, due, status)) = current
        && id == based_on
        && [title, responsible, scope, due, status]
            == [
                valid.title.clone(),
                valid.responsible.clone(),
                valid.scope.clone(),
                valid.due.to_string(),
                valid.status.code().to_string(),
            ]
    {
        return Ok(id);
    }
    let mut tx = pool.begin().await.map_err(StoreError::from)?;
    lock_key(&mut tx, &format!("development_action_versions:{action_id}"))
        .await
        .map_err(StoreError::from)?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO development_action_versions (action_id, title, responsible, scope, due, \
         status, recorded_at, recorded_by, source) SELECT $1, $2, $3, $4, $5, $6, $7, $8, 'webb' \
         WHERE (SELECT MAX(id) FROM development_action_versions WHERE action_id = $9) = $10 \
         RETURNING id",
    )
    .bind(action_id)
    .bind(&valid.title)
    .bind(&valid.responsible)
    .bind(&valid.scope)
    .bind(valid.due.to_string())
    .bind(valid.status.code())
    .bind(now_stamp())
    .bind(user)
    .bind(action_id)
    .bind(based_on)
    .fetch_optional(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    tx.commit().await.map_err(StoreError::from)?;
    if let Some(id) = inserted {
        return Ok(id);
    }
    let current: Option<(i64, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT v.id, v.title, v.responsible, v.due, v.status, v.recorded_at, \
         COALESCE(NULLIF(us.name, ''), us.email, v.source) FROM development_action_versions v \
         LEFT JOIN users us ON us.id = v.recorded_by \
         WHERE v.id = (SELECT MAX(id) FROM development_action_versions WHERE action_id = $1)",
    )
    .bind(action_id)
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from)?;
    Err(ReportError::Conflict(current.map(
        |(id, title, responsible, due, status, recorded_at, who)| {
            Box::new(readiness_rules::Version {
                id,
                fields: [title, responsible, due, status],
                recorded_at,
                recorded_by: who,
            })
        },
    )))
}

/// Adds a progress note to an action. Notes are only ever added, so two at once both stay.
pub async fn add_note(
    pool: &Pool,
    user: i64,
    code: &str,
    noted_on: &str,
    text: &str,
    today: NaiveDate,
) -> Result<i64, ReportError> {
    let action_id = action_id(pool, code).await?;
    let (day, text) =
        validate_progress_note(noted_on, text, today).map_err(ReportError::Invalid)?;
    let id = sqlx::query_scalar(
        "INSERT INTO development_action_notes (action_id, noted_on, note, recorded_at, \
         recorded_by, source) VALUES ($1, $2, $3, $4, $5, 'webb') RETURNING id",
    )
    .bind(action_id)
    .bind(day.to_string())
    .bind(text)
    .bind(now_stamp())
    .bind(user)
    .fetch_one(pool)
    .await
    .map_err(StoreError::from)?;
    Ok(id)
}

async fn action_id(pool: &Pool, code: &str) -> Result<i64, ReportError> {
    sqlx::query_scalar("SELECT id FROM development_actions WHERE code = $1")
        .bind(code.trim())
        .fetch_optional(pool)
        .await
        .map_err(StoreError::from)?
        .ok_or(ReportError::NotFound)
}
