//! Reporting in the browser: new values and action-plan versions, the working group's review,
//! and the history of a unit. Everything appends; nothing is updated or deleted.
//!
//! Concurrent edits: a save names the version it was based on (the newest row id for its key, 0
//! for none). The insert only happens if that is still the newest version — checked inside the
//! same single INSERT statement, after the writers' turn (`dialect::take_append_turn`), so two
//! saves racing for one key cannot both win on either backend.

use crate::Pool;
use chrono::NaiveDate;
use readiness_rules::Kind;
pub use readiness_rules::{
    Change, ChangeKind, FieldError, PendingReview, PlanInput, Review, ValueInput, Version,
    validate_plan, validate_value,
};
use sqlx::Row;

use crate::dialect::take_append_turn;
use crate::{CURRENT_VALUE, StoreError, now_stamp};
use readiness_rules::{Lang, MAX_TEXT, PlanStatus, Reported, Text};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{}", self.text())]
    Invalid(Vec<FieldError>),
    /// Someone saved a newer version since the form was opened; nothing was written.
    #[error("{}", self.text())]
    Conflict(Option<Box<Version>>),
    #[error("{}", self.text())]
    NotFound,
    /// Four eyes: the one who reported a value cannot verify or return it.
    #[error("{}", self.text())]
    OwnReport,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ReportError {
    /// What the reporter is told (the Swedish is also the `Display`); the form says more per
    /// field and per conflict.
    pub fn text(&self) -> Text {
        match self {
            ReportError::Invalid(_) => Text::new("Ogiltiga uppgifter.", "Invalid input."),
            ReportError::Conflict(_) => Text::new(
                "Någon annan har sparat en ändring.",
                "Someone else saved a change.",
            ),
            ReportError::NotFound => Text::new("Finns inte.", "Not found."),
            ReportError::OwnReport => Text::new(
                "Du kan inte granska din egen rapport.",
                "You cannot review your own report.",
            ),
            ReportError::Store(_) => crate::internal_text(),
        }
    }
}

impl From<sqlx::Error> for ReportError {
    fn from(e: sqlx::Error) -> Self {
        ReportError::Store(StoreError::Database(e))
    }
}

/// Where a unit and criterion live, and the criterion's type.
async fn keys(pool: &Pool, unit: &str, criterion: &str) -> Result<(i64, i64, Kind), ReportError> {
    let unit_id: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
        .bind(unit)
        .fetch_optional(pool)
        .await?;
    let criterion_row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, kind FROM criteria WHERE code = $1")
            .bind(criterion)
            .fetch_optional(pool)
            .await?;
    match (unit_id, criterion_row) {
        (Some(u), Some((c, kind))) => {
            let kind = Kind::from_code(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("bad stored kind {kind:?}")))?;
            Ok((u, c, kind))
        }
        _ => Err(ReportError::NotFound),
    }
}

/// Appends a value reported in the browser by `user`. Returns the new version's id.
pub async fn report_value(
    pool: &Pool,
    user: i64,
    input: &ValueInput,
    today: NaiveDate,
) -> Result<i64, ReportError> {
    let (unit_id, criterion_id, kind) = keys(pool, &input.unit, &input.criterion).await?;
    let (measured, value) = validate_value(kind, input, today).map_err(ReportError::Invalid)?;
    let mut tx = pool.begin().await.map_err(StoreError::from)?;
    take_append_turn(&mut tx).await.map_err(StoreError::from)?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO unit_values (unit_id, criterion_id, measured, value, comment, evidence, recorded_at, source, recorded_by) \
         SELECT $1, $2, $3, $4, $5, $6, $7, 'webb', $8 \
         WHERE (SELECT COALESCE(MAX(id), 0) FROM unit_values WHERE unit_id = $9 AND criterion_id = $10) = $11 \
         RETURNING id",
    )
    .bind(unit_id)
    .bind(criterion_id)
    .bind(measured.to_string())
    .bind(value)
    .bind(input.comment.trim())
    .bind(input.evidence.trim())
    .bind(now_stamp())
    .bind(user)
    .bind(unit_id)
    .bind(criterion_id)
    .bind(input.based_on)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    match inserted {
        Some(id) => Ok(id),
        None => Err(ReportError::Conflict(
            latest_value(pool, &input.unit, &input.criterion)
                .await?
                .map(Box::new),
        )),
    }
}

/// The review state of values; the callers add which.
const REVIEW_SELECT: &str = "SELECT u.code AS unit, c.code AS criterion, v.measured, v.recorded_by, \
     r.status, r.comment \
     FROM unit_values v JOIN units u ON u.id = v.unit_id JOIN criteria c ON c.id = v.criterion_id \
     LEFT JOIN value_reviews r ON r.id = (SELECT MAX(id) FROM value_reviews WHERE value_id = v.id)";

const VALUE_VERSION: &str = "SELECT v.id, v.measured AS f1, v.value AS f2, v.comment AS f3, \
     v.evidence AS f4, v.recorded_at, COALESCE(NULLIF(us.name, ''), us.email, v.source) AS who \
     FROM unit_values v LEFT JOIN users us ON us.id = v.recorded_by";

/// A version of a value (`VALUE_VERSION`) or of a plan: its four fields `f1`–`f4` in the order
/// `Version::fields` gives them.
#[derive(sqlx::FromRow)]
struct VersionRow {
    id: i64,
    #[sqlx(rename = "f1")]
    first: String,
    #[sqlx(rename = "f2")]
    second: String,
    #[sqlx(rename = "f3")]
    third: String,
    #[sqlx(rename = "f4")]
    fourth: String,
    recorded_at: String,
    who: String,
}

fn version(row: VersionRow) -> Version {
    Version {
        id: row.id,
        fields: [row.first, row.second, row.third, row.fourth],
        recorded_at: row.recorded_at,
        recorded_by: row.who,
    }
}

/// The newest version of any value of a unit and criterion (what a new report is based on).
pub async fn latest_value(
    pool: &Pool,
    unit: &str,
    criterion: &str,
) -> Result<Option<Version>, StoreError> {
    Ok(sqlx::query_as::<_, VersionRow>(&format!(
        "{VALUE_VERSION} WHERE v.id = (SELECT MAX(x.id) FROM unit_values x JOIN units u ON u.id = x.unit_id \
         JOIN criteria c ON c.id = x.criterion_id WHERE u.code = $1 AND c.code = $2)"
    ))
    .bind(unit)
    .bind(criterion)
    .fetch_optional(pool)
    .await?
    .map(version))
}

/// Appends a version of an action plan (a new plan when `based_on` is 0).
pub async fn save_plan(pool: &Pool, user: i64, input: &PlanInput) -> Result<i64, ReportError> {
    let (unit_id, criterion_id, _) = keys(pool, &input.unit, &input.criterion).await?;
    let (action, due, status) = validate_plan(input).map_err(ReportError::Invalid)?;
    let mut tx = pool.begin().await.map_err(StoreError::from)?;
    take_append_turn(&mut tx).await.map_err(StoreError::from)?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO action_plans (unit_id, criterion_id, action, owner, due, status, recorded_at, source, recorded_by) \
         SELECT $1, $2, $3, $4, $5, $6, $7, 'webb', $8 \
         WHERE (SELECT COALESCE(MAX(id), 0) FROM action_plans WHERE unit_id = $9 AND criterion_id = $10 AND action = $11) = $12 \
         RETURNING id",
    )
    .bind(unit_id)
    .bind(criterion_id)
    .bind(&action)
    .bind(input.owner.trim())
    .bind(due.to_string())
    .bind(status.code())
    .bind(now_stamp())
    .bind(user)
    .bind(unit_id)
    .bind(criterion_id)
    .bind(&action)
    .bind(input.based_on)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    match inserted {
        Some(id) => Ok(id),
        None => {
            let current: Option<VersionRow> = sqlx::query_as(
                "SELECT p.id, p.action AS f1, p.owner AS f2, p.due AS f3, p.status AS f4, p.recorded_at, \
                 COALESCE(NULLIF(us.name, ''), us.email, p.source) AS who FROM action_plans p \
                 LEFT JOIN users us ON us.id = p.recorded_by \
                 WHERE p.id = (SELECT MAX(id) FROM action_plans WHERE unit_id = $1 AND criterion_id = $2 AND action = $3)",
            )
            .bind(unit_id)
            .bind(criterion_id)
            .bind(&action)
            .fetch_optional(pool)
            .await?;
            Err(ReportError::Conflict(current.map(version).map(Box::new)))
        }
    }
}

/// Verifies or returns a value. Only the current version of a value can be reviewed; returning
/// needs a comment the unit lead will see.
pub async fn review_value(
    pool: &Pool,
    user: i64,
    value_id: i64,
    verified: bool,
    comment: &str,
) -> Result<i64, ReportError> {
    let comment = comment.trim();
    if !verified && comment.is_empty() {
        return Err(ReportError::Invalid(vec![FieldError {
            field: "comment".into(),
            message: Text::new(
                "skriv vad enheten behöver rätta",
                "say what the unit needs to correct",
            ),
        }]));
    }
    if comment.chars().count() > MAX_TEXT {
        return Err(ReportError::Invalid(vec![FieldError {
            field: "comment".into(),
            message: Text::new(
                format!("högst {MAX_TEXT} tecken"),
                format!("at most {MAX_TEXT} characters"),
            ),
        }]));
    }
    let current: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT v.id, (SELECT MAX(x.id) FROM unit_values x WHERE x.unit_id = v.unit_id \
         AND x.criterion_id = v.criterion_id AND x.measured = v.measured), v.recorded_by \
         FROM unit_values v WHERE v.id = $1",
    )
    .bind(value_id)
    .fetch_optional(pool)
    .await?;
    match current {
        None => Err(ReportError::NotFound),
        Some((id, newest, _)) if id != newest => Err(ReportError::Conflict(None)),
        Some((_, _, Some(reporter))) if reporter == user => Err(ReportError::OwnReport),
        Some(_) => Ok(sqlx::query_scalar(
            "INSERT INTO value_reviews (value_id, status, comment, reviewed_by, reviewed_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(value_id)
        .bind(if verified { "verified" } else { "returned" })
        .bind(comment)
        .bind(user)
        .bind(now_stamp())
        .fetch_one(pool)
        .await?),
    }
}

/// The review state of the current version of one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewState {
    pub unit: String,
    pub criterion: String,
    pub measured: String,
    pub review: Review,
    /// The comment of the newest review ("" when none).
    pub comment: String,
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    unit: String,
    criterion: String,
    measured: String,
    recorded_by: Option<i64>,
    status: Option<String>,
    comment: Option<String>,
}

/// The review state of the current version of every value, of one unit or of all.
pub async fn review_states(pool: &Pool, unit: &str) -> Result<Vec<ReviewState>, StoreError> {
    review_rows(pool, ReviewScope::Unit(unit)).await
}

/// Which current values `review_rows` looks at. One query each, so that SQLite can use the
/// index that fits (a unit's key range; the partial index of browser reports).
enum ReviewScope<'a> {
    Unit(&'a str),
    ReportedInBrowser,
}

async fn review_rows(pool: &Pool, scope: ReviewScope<'_>) -> Result<Vec<ReviewState>, StoreError> {
    let rows: Vec<ReviewRow> = match scope {
        ReviewScope::Unit(unit) => {
            sqlx::query_as(&format!(
                "{REVIEW_SELECT} WHERE u.code = $1 AND {CURRENT_VALUE}"
            ))
            .bind(unit)
            .fetch_all(pool)
            .await?
        }
        ReviewScope::ReportedInBrowser => {
            // Written as IN so that SQLite starts from the partial index (1M rows → a few).
            sqlx::query_as(&format!(
                "{REVIEW_SELECT} WHERE v.id IN (SELECT id FROM unit_values WHERE recorded_by IS NOT NULL) \
                 AND {CURRENT_VALUE}"
            ))
            .fetch_all(pool)
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|r| ReviewState {
            review: match (r.status.as_deref(), r.recorded_by) {
                (Some("verified"), _) => Review::Verified,
                (Some(_), _) => Review::Returned,
                (None, None) => Review::Imported,
                (None, Some(_)) => Review::Unverified,
            },
            unit: r.unit,
            criterion: r.criterion,
            measured: r.measured,
            comment: r.comment.unwrap_or_default(),
        })
        .collect())
}

/// How many values [`pending_reviews`] lists.
pub async fn count_pending_reviews(pool: &Pool) -> Result<usize, StoreError> {
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM unit_values v JOIN users us ON us.id = v.recorded_by \
         WHERE NOT EXISTS (SELECT 1 FROM value_reviews r WHERE r.value_id = v.id) AND {CURRENT_VALUE}"
    ))
    .fetch_one(pool)
    .await?;
    Ok(n as usize)
}

/// Current values reported in the browser and not yet reviewed, oldest first; `own` marks the
/// ones `viewer` reported.
pub async fn pending_reviews(pool: &Pool, viewer: i64) -> Result<Vec<PendingReview>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT v.id AS value_id, v.recorded_by AS recorded_by_id, u.code AS unit, u.name AS unit_name, c.code AS criterion, v.measured, v.value, \
         v.comment, v.evidence, v.recorded_at, COALESCE(NULLIF(us.name, ''), us.email) AS recorded_by FROM unit_values v \
         JOIN units u ON u.id = v.unit_id JOIN criteria c ON c.id = v.criterion_id JOIN users us ON us.id = v.recorded_by \
         WHERE NOT EXISTS (SELECT 1 FROM value_reviews r WHERE r.value_id = v.id) \
         AND {CURRENT_VALUE} ORDER BY v.recorded_at, v.id"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| PendingReview {
            value_id: r.get("value_id"),
            unit: r.get("unit"),
            unit_name: r.get("unit_name"),
            criterion: r.get("criterion"),
            measured: r.get("measured"),
            value: r.get("value"),
            comment: r.get("comment"),
            evidence: r.get("evidence"),
            recorded_at: r.get("recorded_at"),
            recorded_by: r.get("recorded_by"),
            own: r.get::<i64, _>("recorded_by_id") == viewer,
        })
        .collect())
}

/// A history line written in each language.
fn in_both(line: impl Fn(Lang) -> String) -> Text {
    Text::new(line(Lang::Sv), line(Lang::En))
}

/// The newest `newest` changes to a unit's values, plans and reviews, newest first, with before
/// → after, and how many changes there are in all. Only those changes are read and put into
/// words: a unit with years of imports has thousands of changes, and its page shows a hundred.
///
/// The order is that of all changes sorted newest first (by the time text), of changes made at
/// the same time values before plans before reviews, each in the order they were made: each
/// kind's newest are read in that order, and the three lists are sorted together the same way.
pub async fn unit_history(
    pool: &Pool,
    unit: &str,
    newest: usize,
) -> Result<(Vec<Change>, usize), StoreError> {
    #[derive(sqlx::FromRow)]
    struct ValueChange {
        at: String,
        who: String,
        criterion: String,
        measured: String,
        value: String,
        comment: String,
        /// The version it replaced (same criterion and date), if any.
        before_id: Option<i64>,
        before_value: Option<String>,
        before_comment: Option<String>,
        total: i64,
    }
    #[derive(sqlx::FromRow)]
    struct PlanChange {
        at: String,
        who: String,
        criterion: String,
        action: String,
        owner: String,
        due: String,
        status: String,
        /// The version it replaced (same criterion and action), if any.
        before_id: Option<i64>,
        before_owner: Option<String>,
        before_due: Option<String>,
        before_status: Option<String>,
        total: i64,
    }
    #[derive(sqlx::FromRow)]
    struct ReviewChange {
        at: String,
        who: String,
        criterion: String,
        status: String,
        measured: String,
        value: String,
        comment: String,
        total: i64,
    }
    fn value_text(measured: &str, value: &str, comment: &str, comment_sep: (&str, &str)) -> Text {
        in_both(|lang| {
            let value = Reported::display_stored(value, lang);
            if comment.is_empty() {
                format!("{measured}: {value}")
            } else {
                format!(
                    "{measured}: {value}{}{comment}{}",
                    comment_sep.0, comment_sep.1
                )
            }
        })
    }
    fn plan_text(action: &str, owner: &str, due: &str, status: &str) -> Text {
        in_both(|lang| {
            // A stored status is a code; should one not be, it is shown as it is.
            let status = PlanStatus::from_code(status).map_or(status, |s| s.label(lang));
            format!("{action} · {owner} · {due} · {status}")
        })
    }
    // LIMIT counts after COUNT(*) OVER (), so each kind's total comes with its first row: at least
    // one row is read, for the total. (A negative LIMIT would mean "all" on SQLite only.) What a
    // change replaced is looked up for the kept rows only, by id: joined on the subquery itself,
    // PostgreSQL hashed the whole table (8 ms at the region's size instead of 1.7).
    let limit = i64::try_from(newest.max(1)).unwrap_or(i64::MAX);
    let values: Vec<ValueChange> = sqlx::query_as(
        "SELECT y.at, y.who, y.criterion, y.measured, y.value, y.comment, y.total, y.before_id, \
         b.value AS before_value, b.comment AS before_comment FROM (\
         SELECT x.*, (SELECT MAX(p.id) FROM unit_values p WHERE p.unit_id = x.unit_id \
           AND p.criterion_id = x.criterion_id AND p.measured = x.measured AND p.id < x.id) AS before_id FROM (\
         SELECT v.id, v.unit_id, v.criterion_id, v.recorded_at AS at, \
         COALESCE(NULLIF(us.name, ''), us.email, v.source) AS who, c.code AS criterion, v.measured, v.value, \
         v.comment, COUNT(*) OVER () AS total \
         FROM unit_values v JOIN units u ON u.id = v.unit_id JOIN criteria c ON c.id = v.criterion_id \
         LEFT JOIN users us ON us.id = v.recorded_by \
         WHERE u.code = $1 ORDER BY v.recorded_at DESC, v.id LIMIT $2) x) y \
         LEFT JOIN unit_values b ON b.id = y.before_id ORDER BY y.at DESC, y.id",
    )
    .bind(unit)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let plans: Vec<PlanChange> = sqlx::query_as(
        "SELECT y.at, y.who, y.criterion, y.action, y.owner, y.due, y.status, y.total, y.before_id, \
         b.owner AS before_owner, b.due AS before_due, b.status AS before_status FROM (\
         SELECT x.*, (SELECT MAX(q.id) FROM action_plans q WHERE q.unit_id = x.unit_id \
           AND q.criterion_id = x.criterion_id AND q.action = x.action AND q.id < x.id) AS before_id FROM (\
         SELECT p.id, p.unit_id, p.criterion_id, p.recorded_at AS at, \
         COALESCE(NULLIF(us.name, ''), us.email, p.source) AS who, c.code AS criterion, p.action, p.owner, \
         p.due, p.status, COUNT(*) OVER () AS total \
         FROM action_plans p JOIN units u ON u.id = p.unit_id JOIN criteria c ON c.id = p.criterion_id \
         LEFT JOIN users us ON us.id = p.recorded_by \
         WHERE u.code = $1 ORDER BY p.recorded_at DESC, p.id LIMIT $2) x) y \
         LEFT JOIN action_plans b ON b.id = y.before_id ORDER BY y.at DESC, y.id",
    )
    .bind(unit)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let reviews: Vec<ReviewChange> = sqlx::query_as(
        "SELECT r.reviewed_at AS at, COALESCE(NULLIF(us.name, ''), us.email) AS who, \
         c.code AS criterion, r.status, v.measured, v.value, r.comment, COUNT(*) OVER () AS total \
         FROM value_reviews r JOIN unit_values v ON v.id = r.value_id JOIN units u ON u.id = v.unit_id \
         JOIN criteria c ON c.id = v.criterion_id JOIN users us ON us.id = r.reviewed_by \
         WHERE u.code = $1 ORDER BY r.reviewed_at DESC, r.id LIMIT $2",
    )
    .bind(unit)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let total = [
        values.first().map_or(0, |v| v.total),
        plans.first().map_or(0, |p| p.total),
        reviews.first().map_or(0, |r| r.total),
    ]
    .iter()
    .sum::<i64>() as usize;

    let mut changes: Vec<Change> = Vec::with_capacity(values.len() + plans.len() + reviews.len());
    changes.extend(values.into_iter().map(|v| Change {
        before: v.before_id.map(|_| {
            value_text(
                &v.measured,
                v.before_value.as_deref().unwrap_or_default(),
                v.before_comment.as_deref().unwrap_or_default(),
                (" (", ")"),
            )
        }),
        after: value_text(&v.measured, &v.value, &v.comment, (" (", ")")),
        at: v.at,
        by: v.who,
        criterion: v.criterion,
        kind: ChangeKind::Value,
    }));
    changes.extend(plans.into_iter().map(|p| Change {
        before: p.before_id.map(|_| {
            plan_text(
                &p.action,
                p.before_owner.as_deref().unwrap_or_default(),
                p.before_due.as_deref().unwrap_or_default(),
                p.before_status.as_deref().unwrap_or_default(),
            )
        }),
        after: plan_text(&p.action, &p.owner, &p.due, &p.status),
        at: p.at,
        by: p.who,
        criterion: p.criterion,
        kind: ChangeKind::Plan,
    }));
    changes.extend(reviews.into_iter().map(|r| Change {
        after: value_text(&r.measured, &r.value, &r.comment, (" — ", "")),
        before: None,
        at: r.at,
        by: r.who,
        criterion: r.criterion,
        // The same reading as the review marks: anything but verified sent the value back.
        kind: if r.status == Review::Verified.code() {
            ChangeKind::Verified
        } else {
            ChangeKind::Returned
        },
    }));
    // A stable sort: values, plans, reviews at the same time stay in that order.
    changes.sort_by(|a, b| b.at.cmp(&a.at));
    changes.truncate(newest);
    Ok((changes, total))
}

/// The newest value version id per criterion of a unit: what a new report is based on.
pub async fn value_versions(
    pool: &Pool,
    unit: &str,
) -> Result<std::collections::HashMap<String, i64>, StoreError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.code, MAX(v.id) FROM unit_values v JOIN units u ON u.id = v.unit_id \
         JOIN criteria c ON c.id = v.criterion_id WHERE u.code = $1 GROUP BY c.code",
    )
    .bind(unit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().collect())
}

/// The newest version id of every action plan of a unit, by (criterion, action).
pub async fn plan_versions(
    pool: &Pool,
    unit: &str,
) -> Result<std::collections::HashMap<(String, String), i64>, StoreError> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT c.code, p.action, MAX(p.id) FROM action_plans p JOIN units u ON u.id = p.unit_id \
         JOIN criteria c ON c.id = p.criterion_id WHERE u.code = $1 GROUP BY c.code, p.action",
    )
    .bind(unit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(c, a, id)| ((c, a), id)).collect())
}

/// Every current value the working group sent back to its unit, with the comment: what the unit
/// lead's reminder names.
pub async fn returned_reports(pool: &Pool) -> Result<Vec<ReviewState>, StoreError> {
    Ok(review_rows(pool, ReviewScope::ReportedInBrowser)
        .await?
        .into_iter()
        .filter(|s| s.review == Review::Returned)
        .collect())
}

/// Every current value that awaits review or was returned, by (unit, criterion, measured date)
/// — what the matrix marks.
pub async fn open_reviews(
    pool: &Pool,
) -> Result<std::collections::HashMap<(String, String, String), Review>, StoreError> {
    // Only values reported in the browser can await review or be returned (imported ones count
    // as verified): a partial index finds those few among a national million.
    Ok(review_rows(pool, ReviewScope::ReportedInBrowser)
        .await?
        .into_iter()
        .filter(|s| matches!(s.review, Review::Unverified | Review::Returned))
        .map(|s| ((s.unit, s.criterion, s.measured), s.review))
        .collect())
}
