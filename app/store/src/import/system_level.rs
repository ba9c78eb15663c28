//! The system level's questions (reference data: updated in place, their criteria replaced), and
//! optionally an answer per row (history kept: a changed answer adds a version), checked by the
//! same rule as the browser's form.

use std::collections::HashMap;

use readiness_rules::{AnswerInput, Origin, Text, parse_date, validate_answer};

use super::table::Table;
use super::{Checker, ImportError, Outcome, Plan, Tx, WriteContext, code_ids, link_criteria};

/// A checked row: (line, code, evaluation id, fields as the columns, an answer given, the
/// answer version the row was exported with).
type QuestionRecord<'a> = (usize, &'a str, i64, [String; 11], bool, Option<i64>);

/// id, code, evaluation code, area, origin, question, body, due
type StoredQuestion = (i64, String, String, String, String, String, String, String);
/// A stored question's id, its fields in the order of the file, and its current answer.
type Existing<'a> = (i64, [String; 7], Option<&'a [String; 4]>);

fn answer_column(field: &str) -> &'static str {
    match field {
        "answer" => "svar",
        "evidence" => "underlag",
        "responsible" => "ansvarig",
        _ => "status",
    }
}

pub(super) async fn questions(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
    context: &WriteContext<'_>,
) -> Result<(), ImportError> {
    const COLUMNS: [&str; 11] = [
        "utvardering",
        "omrade",
        "ursprung",
        "fraga",
        "besvaras_av",
        "klar_senast",
        "kriterier",
        "svar",
        "underlag",
        "ansvarig",
        "status",
    ];
    let evaluations = code_ids(tx, "evaluations").await?;
    let criteria = code_ids(tx, "criteria").await?;
    let mut seen = HashMap::new();
    let mut records: Vec<QuestionRecord<'_>> = Vec::new();
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let code = check.code(row, "kod");
        let evaluation = check.required(row, "utvardering").and_then(|e| {
            let id = evaluations.get(e).copied();
            if id.is_none() {
                check.report(
                    row,
                    "utvardering",
                    Text::new(
                        format!("okänd utvärdering \"{e}\"; importera utvärderingarna först"),
                        format!("unknown evaluation \"{e}\"; import the evaluations first"),
                    ),
                );
            }
            id
        });
        let area = check.required(row, "omrade");
        let question = check.required(row, "fraga");
        check.at_most(
            row,
            &[
                ("fraga", readiness_rules::MAX_TEXT),
                ("omrade", readiness_rules::MAX_NAME),
                ("besvaras_av", readiness_rules::MAX_NAME),
            ],
        );
        let origin = match row.get("ursprung") {
            "" => Some(Origin::National),
            raw => Origin::from_code(raw).or_else(|| {
                check.report(
                    row,
                    "ursprung",
                    Text::new(
                        format!("\"{raw}\": skriv nationell eller regional"),
                        format!("\"{raw}\": write nationell or regional"),
                    ),
                );
                None
            }),
        };
        let due = check.required(row, "klar_senast").and_then(|d| {
            parse_date(d)
                .map_err(|e| check.report(row, "klar_senast", e.0))
                .ok()
        });
        let codes = check.criteria(row, "kriterier", &criteria);
        // An answer only with a status; answer columns without one are a mistake to point out.
        let given = !row.get("status").is_empty();
        let answer = if given {
            let input = AnswerInput {
                answer: row.get("svar").into(),
                evidence: row.get("underlag").into(),
                responsible: row.get("ansvarig").into(),
                status: row.get("status").into(),
            };
            check.checked(row, validate_answer(&input), answer_column)
        } else {
            if ["svar", "underlag", "ansvarig"]
                .iter()
                .any(|c| !row.get(c).is_empty())
            {
                check.report(
                    row,
                    "status",
                    Text::new(
                        "ett svar behöver en status: utkast, granskad eller fastställd",
                        "an answer needs a status: utkast, granskad or faststalld",
                    ),
                );
            }
            None
        };
        if let Some(code) = code {
            check.unique(&mut seen, code, row, "kod");
        }
        let version = match row.get("version") {
            "" => Some(None),
            raw => raw.parse::<i64>().ok().filter(|v| *v >= 0).map(Some).or_else(|| {
                check.report(
                    row,
                    "version",
                    Text::new(
                        format!("\"{raw}\": versionen är ett heltal från exporten (eller tom)"),
                        format!("\"{raw}\": the version is a whole number from the export (or empty)"),
                    ),
                );
                None
            }),
        };
        if let (
            Some(code),
            Some(evaluation),
            Some(area),
            Some(question),
            Some(origin),
            Some(due),
            Some(version),
        ) = (code, evaluation, area, question, origin, due, version)
            && (!given || answer.is_some())
        {
            let (a, e, r, s) = answer.map_or_else(Default::default, |v| {
                (
                    v.answer,
                    v.evidence,
                    v.responsible,
                    v.status.code().to_string(),
                )
            });
            records.push((
                row.line,
                code,
                evaluation,
                [
                    row.get("utvardering").to_string(),
                    area.to_string(),
                    origin.code().to_string(),
                    question.to_string(),
                    row.get("besvaras_av").to_string(),
                    due.to_string(),
                    codes.join(", "),
                    a,
                    e,
                    r,
                    s,
                ],
                given,
                version,
            ));
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let stored: Vec<StoredQuestion> = sqlx::query_as(
        "SELECT q.id, q.code, e.code, q.area, q.origin, q.question, q.body, q.due \
             FROM system_questions q JOIN evaluations e ON e.id = q.evaluation_id",
    )
    .fetch_all(&mut **tx)
    .await?;
    let links: Vec<(i64, String)> = sqlx::query_as(
        "SELECT l.question_id, c.code FROM system_question_criteria l \
         JOIN criteria c ON c.id = l.criterion_id",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut linked: HashMap<i64, Vec<String>> = HashMap::new();
    for (question, code) in links {
        linked.entry(question).or_default().push(code);
    }
    let current: HashMap<i64, (i64, [String; 4])> =
        sqlx::query_as::<_, (i64, i64, String, String, String, String)>(
            "SELECT a.question_id, a.id, a.answer, a.evidence, a.responsible, a.status \
         FROM system_answers a \
         WHERE a.id = (SELECT MAX(x.id) FROM system_answers x WHERE x.question_id = a.question_id)",
        )
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(q, id, a, e, r, s)| (q, (id, [a, e, r, s])))
        .collect();
    let answers: HashMap<i64, [String; 4]> = current
        .iter()
        .map(|(q, (_, fields))| (*q, fields.clone()))
        .collect();
    // code → (id, the stored question's fields, its current answer)
    let existing: HashMap<String, Existing<'_>> = stored
        .into_iter()
        .map(
            |(id, code, evaluation, area, origin, question, body, due)| {
                let mut codes = linked.remove(&id).unwrap_or_default();
                codes.sort_unstable();
                (
                    code,
                    (
                        id,
                        [
                            evaluation,
                            area,
                            origin,
                            question,
                            body,
                            due,
                            codes.join(", "),
                        ],
                        answers.get(&id),
                    ),
                )
            },
        )
        .collect();
    // A row exported with an answer that has been changed since (on the web or by another file)
    // must not take it back: the file is out of date, and saying so loses nothing. A row that
    // still holds the answer it was exported with changes only the question: the newer answer
    // stays. Version 0 is "no answer yet".
    for (line, code, _, fields, given, version) in records.iter_mut() {
        let (true, Some(version)) = (*given, *version) else {
            continue;
        };
        let Some((question, _, _)) = existing.get(*code) else {
            continue;
        };
        let (now, stored) = current
            .get(question)
            .map_or((0, None), |(id, fields)| (*id, Some(fields)));
        let unchanged = |answer: &[String]| answer == &fields[7..];
        if now == version || stored.is_some_and(|s| unchanged(s)) {
            continue;
        }
        let exported: Option<[String; 4]> = sqlx::query_as::<_, (String, String, String, String)>(
            "SELECT answer, evidence, responsible, status FROM system_answers \
             WHERE id = $1 AND question_id = $2",
        )
        .bind(version)
        .bind(question)
        .fetch_optional(&mut **tx)
        .await?
        .map(|(a, e, r, s)| [a, e, r, s]);
        if exported.as_ref().is_some_and(|e| unchanged(e)) {
            *given = false;
            continue;
        }
        check.report_line(
            *line,
            "version",
            Text::new(
                format!(
                    "svaret har ändrats sedan filen exporterades (version {version}, nu {now}); exportera igen och för in ändringen där"
                ),
                format!(
                    "the answer has changed since the file was exported (version {version}, now {now}); export again and make the change there"
                ),
            ),
        );
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let mut position: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) FROM system_questions")
            .fetch_one(&mut **tx)
            .await?;
    for (line, code, evaluation, fields, given, _) in &records {
        let new = fields.each_ref().map(String::as_str);
        let stored = existing.get(*code);
        let old = stored.map(|(_, q, answer)| {
            // Without an answer in the row the stored one stays: the row's blanks match it.
            let a: [&str; 4] = match (given, answer) {
                (false, _) => [new[7], new[8], new[9], new[10]],
                (true, Some(a)) => a.each_ref().map(String::as_str),
                (true, None) => ["", "", "", ""],
            };
            [
                q[0].as_str(),
                q[1].as_str(),
                q[2].as_str(),
                q[3].as_str(),
                q[4].as_str(),
                q[5].as_str(),
                q[6].as_str(),
                a[0],
                a[1],
                a[2],
                a[3],
            ]
        });
        let outcome = plan.record_row(*line, COLUMNS, old, new, || code.to_string());
        if !plan.write || outcome == Outcome::Unchanged {
            continue;
        }
        let question_changed = old.is_none_or(|o| o[..7] != new[..7]);
        let id = match stored {
            Some((id, _, _)) if !question_changed => *id,
            _ => {
                if stored.is_none() {
                    position += 1;
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO system_questions (code, evaluation_id, area, origin, question, \
                     body, due, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     ON CONFLICT (code) DO UPDATE SET evaluation_id = excluded.evaluation_id, \
                     area = excluded.area, origin = excluded.origin, question = excluded.question, \
                     body = excluded.body, due = excluded.due RETURNING id",
                )
                .bind(*code)
                .bind(evaluation)
                .bind(new[1])
                .bind(new[2])
                .bind(new[3])
                .bind(new[4])
                .bind(new[5])
                .bind(position)
                .fetch_one(&mut **tx)
                .await?;
                link_criteria(
                    tx,
                    (
                        "DELETE FROM system_question_criteria WHERE question_id = $1",
                        "INSERT INTO system_question_criteria (question_id, criterion_id) VALUES ($1, $2)",
                    ),
                    id,
                    new[6],
                    &criteria,
                )
                .await?;
                id
            }
        };
        if *given && old.is_none_or(|o| o[7..] != new[7..]) {
            sqlx::query(
                "INSERT INTO system_answers (question_id, answer, evidence, responsible, status, \
                 recorded_at, source) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(new[7])
            .bind(new[8])
            .bind(new[9])
            .bind(new[10])
            .bind(&context.stamp)
            .bind(&context.source)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
