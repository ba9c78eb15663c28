//! The system level: the questions (imported, see `import::system_level`), the answers as of a
//! date and their history, comments, and the browser's saves — never over someone else's newer
//! answer.

use std::collections::HashMap;

use crate::Pool;
use chrono::NaiveDate;
use readiness_rules::{
    AnswerInput, AnswerStatus, FieldError, MAX_TEXT, Origin, SystemAnswer, SystemComment,
    SystemQuestion, Text, validate_answer,
};

use crate::dialect::lock_key;
use crate::reports::ReportError;
use crate::{StoreError, StoredDate, now_stamp};

/// code, evaluation, area, origin, question, body, due
type QuestionRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    StoredDate,
);

/// Every question, by evaluation date and the order of the file.
pub async fn questions(pool: &Pool) -> Result<Vec<SystemQuestion>, StoreError> {
    let rows: Vec<QuestionRow> = sqlx::query_as(
        "SELECT q.id, q.code, e.code, q.area, q.origin, q.question, q.body, q.due \
         FROM system_questions q JOIN evaluations e ON e.id = q.evaluation_id \
         ORDER BY e.deadline, e.code, q.position",
    )
    .fetch_all(pool)
    .await?;
    let links: Vec<(i64, String)> = sqlx::query_as(
        "SELECT l.question_id, c.code FROM system_question_criteria l \
         JOIN criteria c ON c.id = l.criterion_id ORDER BY c.evaluation_id, c.position",
    )
    .fetch_all(pool)
    .await?;
    let mut criteria: HashMap<i64, Vec<String>> = HashMap::new();
    for (question, code) in links {
        criteria.entry(question).or_default().push(code);
    }
    rows.into_iter()
        .map(
            |(id, code, evaluation, area, origin, question, body, due)| {
                let origin = Origin::from_code(&origin).ok_or_else(|| {
                    StoreError::Corrupt(format!("question {code}: origin {origin}"))
                })?;
                Ok(SystemQuestion {
                    criteria: criteria.remove(&id).unwrap_or_default(),
                    code,
                    evaluation,
                    area,
                    origin,
                    question,
                    body,
                    due: due.0,
                })
            },
        )
        .collect()
}

/// question code, then an [`AnswerRow`]
type CodedAnswerRow = (String, i64, String, String, String, String, String, String);

/// id, answer, evidence, responsible, status, recorded_at, who
type AnswerRow = (i64, String, String, String, String, String, String);

const ANSWER_SELECT: &str = "SELECT a.id, a.answer, a.evidence, a.responsible, a.status, \
     a.recorded_at, COALESCE(NULLIF(us.name, ''), us.email, a.source) \
     FROM system_answers a LEFT JOIN users us ON us.id = a.recorded_by";

fn answer(row: AnswerRow) -> Result<SystemAnswer, StoreError> {
    let (version, answer, evidence, responsible, status, recorded_at, recorded_by) = row;
    Ok(SystemAnswer {
        status: AnswerStatus::from_code(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("answer {version}: status {status}")))?,
        version,
        answer,
        evidence,
        responsible,
        recorded_at,
        recorded_by,
    })
}

/// The newest answer to each question saved by the end of `as_of`, by question code.
pub async fn answers(
    pool: &Pool,
    as_of: NaiveDate,
) -> Result<HashMap<String, SystemAnswer>, StoreError> {
    let rows: Vec<CodedAnswerRow> = sqlx::query_as(
            "SELECT q.code, a.id, a.answer, a.evidence, a.responsible, a.status, a.recorded_at, \
             COALESCE(NULLIF(us.name, ''), us.email, a.source) \
             FROM system_answers a JOIN system_questions q ON q.id = a.question_id \
             LEFT JOIN users us ON us.id = a.recorded_by \
             WHERE a.id = (SELECT MAX(x.id) FROM system_answers x \
                           WHERE x.question_id = a.question_id AND substr(x.recorded_at, 1, 10) <= $1)",
        )
        .bind(as_of.to_string())
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(|(code, id, a, e, r, s, at, by)| Ok((code, answer((id, a, e, r, s, at, by))?)))
        .collect()
}

/// Every version of a question's answer, newest first.
pub async fn history(pool: &Pool, code: &str) -> Result<Vec<SystemAnswer>, StoreError> {
    let rows: Vec<AnswerRow> = sqlx::query_as(&format!(
        "{ANSWER_SELECT} JOIN system_questions q ON q.id = a.question_id \
         WHERE q.code = $1 ORDER BY a.id DESC"
    ))
    .bind(code)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(answer).collect()
}

/// A question's comments, oldest first.
pub async fn comments(pool: &Pool, code: &str) -> Result<Vec<SystemComment>, StoreError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.comment, c.recorded_at, COALESCE(NULLIF(us.name, ''), us.email, c.source) \
         FROM system_comments c JOIN system_questions q ON q.id = c.question_id \
         LEFT JOIN users us ON us.id = c.recorded_by WHERE q.code = $1 ORDER BY c.id",
    )
    .bind(code)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(text, recorded_at, recorded_by)| SystemComment {
            text,
            recorded_at,
            recorded_by,
        })
        .collect())
}

async fn question_id(pool: &Pool, code: &str) -> Result<i64, ReportError> {
    sqlx::query_scalar("SELECT id FROM system_questions WHERE code = $1")
        .bind(code.trim())
        .fetch_optional(pool)
        .await
        .map_err(StoreError::from)?
        .ok_or(ReportError::NotFound)
}

/// Appends a version of a question's answer, only if `based_on` is still the newest version (0:
/// there was none). Otherwise nothing is written and the conflict carries the newer version
/// (answer, evidence, responsible, status).
pub async fn save_answer(
    pool: &Pool,
    user: i64,
    code: &str,
    input: &AnswerInput,
    based_on: i64,
) -> Result<i64, ReportError> {
    let question = question_id(pool, code).await?;
    let valid = validate_answer(input).map_err(ReportError::Invalid)?;
    // Saving the current answer unchanged adds no version (the history lists real changes).
    let current: Option<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT id, answer, evidence, responsible, status FROM system_answers \
         WHERE question_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(question)
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from)?;
    if let Some((id, answer, evidence, responsible, status)) = current
        && id == based_on
        && answer == valid.answer
        && evidence == valid.evidence
        && responsible == valid.responsible
        && status == valid.status.code()
    {
        return Ok(id);
    }
    let mut tx = pool.begin().await.map_err(StoreError::from)?;
    lock_key(&mut tx, &format!("system_answers:{question}"))
        .await
        .map_err(StoreError::from)?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO system_answers (question_id, answer, evidence, responsible, status, \
         recorded_at, recorded_by, source) SELECT $1, $2, $3, $4, $5, $6, $7, 'webb' \
         WHERE (SELECT COALESCE(MAX(id), 0) FROM system_answers WHERE question_id = $8) = $9 \
         RETURNING id",
    )
    .bind(question)
    .bind(&valid.answer)
    .bind(&valid.evidence)
    .bind(&valid.responsible)
    .bind(valid.status.code())
    .bind(now_stamp())
    .bind(user)
    .bind(question)
    .bind(based_on)
    .fetch_optional(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    tx.commit().await.map_err(StoreError::from)?;
    if let Some(id) = inserted {
        return Ok(id);
    }
    let current = history(pool, code).await?.into_iter().next();
    Err(ReportError::Conflict(current.map(|a| {
        Box::new(readiness_rules::Version {
            id: a.version,
            fields: [
                a.answer,
                a.evidence,
                a.responsible,
                a.status.code().to_string(),
            ],
            recorded_at: a.recorded_at,
            recorded_by: a.recorded_by,
        })
    })))
}

/// Adds a comment to a question.
pub async fn add_comment(
    pool: &Pool,
    user: i64,
    code: &str,
    text: &str,
) -> Result<i64, ReportError> {
    let question = question_id(pool, code).await?;
    let text = text.trim();
    let problem = if text.is_empty() {
        Some(Text::new("skriv en kommentar", "write a comment"))
    } else if text.chars().count() > MAX_TEXT {
        Some(Text::new(
            format!("högst {MAX_TEXT} tecken"),
            format!("at most {MAX_TEXT} characters"),
        ))
    } else {
        None
    };
    if let Some(message) = problem {
        return Err(ReportError::Invalid(vec![FieldError {
            field: "comment".into(),
            message,
        }]));
    }
    let id = sqlx::query_scalar(
        "INSERT INTO system_comments (question_id, comment, recorded_at, recorded_by, source) \
         VALUES ($1, $2, $3, $4, 'webb') RETURNING id",
    )
    .bind(question)
    .bind(text)
    .bind(now_stamp())
    .bind(user)
    .fetch_one(pool)
    .await
    .map_err(StoreError::from)?;
    Ok(id)
}
