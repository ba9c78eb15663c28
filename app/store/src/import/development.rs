//! The development areas (reference data: updated in place, their criteria replaced) and their
//! actions (history kept: a changed row adds a version; a progress note in the row is added once).
//! Actions are checked by the same rule as the browser's form.

use std::collections::{HashMap, HashSet};

use readiness_rules::{
    DevelopmentActionInput, ImportPhase, Text, validate_development_action, validate_progress_note,
};

use super::table::Table;
use super::{Checker, ImportError, Outcome, Plan, Tx, WriteContext, code_ids, link_criteria};

pub(super) async fn areas(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
) -> Result<(), ImportError> {
    const COLUMNS: [&str; 4] = ["namn", "mal", "agare", "kriterier"];
    let criteria = code_ids(tx, "criteria").await?;
    let mut seen = HashMap::new();
    // (line, code, [name, goal, owner, criteria joined])
    let mut records: Vec<(usize, &str, [String; 4])> = Vec::new();
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let code = check.code(row, "kod");
        let name = check.required(row, "namn");
        check.at_most(
            row,
            &[
                ("namn", readiness_rules::MAX_TITLE),
                ("mal", readiness_rules::MAX_TEXT),
                ("agare", readiness_rules::MAX_NAME),
            ],
        );
        let codes = check.criteria(row, "kriterier", &criteria);
        if let Some(code) = code {
            check.unique(&mut seen, code, row, "kod");
        }
        if let (Some(code), Some(name)) = (code, name) {
            records.push((
                row.line,
                code,
                [
                    name.to_string(),
                    row.get("mal").to_string(),
                    row.get("agare").to_string(),
                    codes.join(", "),
                ],
            ));
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let stored: Vec<(i64, String, String, String, String)> =
        sqlx::query_as("SELECT id, code, name, goal, owner FROM development_areas")
            .fetch_all(&mut **tx)
            .await?;
    let links: Vec<(i64, String)> = sqlx::query_as(
        "SELECT l.area_id, c.code FROM development_area_criteria l \
         JOIN criteria c ON c.id = l.criterion_id",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut linked: HashMap<i64, Vec<String>> = HashMap::new();
    for (area, code) in links {
        linked.entry(area).or_default().push(code);
    }
    let existing: HashMap<String, [String; 4]> = stored
        .into_iter()
        .map(|(id, code, name, goal, owner)| {
            let mut codes = linked.remove(&id).unwrap_or_default();
            codes.sort_unstable();
            (code, [name, goal, owner, codes.join(", ")])
        })
        .collect();
    let mut position: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) FROM development_areas")
            .fetch_one(&mut **tx)
            .await?;
    for (line, code, fields) in &records {
        let new = fields.each_ref().map(String::as_str);
        let old = existing
            .get(*code)
            .map(|o| o.each_ref().map(String::as_str));
        let outcome = plan.record_row(*line, COLUMNS, old, new, || code.to_string());
        if !plan.write || outcome == Outcome::Unchanged {
            continue;
        }
        if outcome == Outcome::Added {
            position += 1;
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO development_areas (code, name, goal, owner, position) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, goal = excluded.goal, \
             owner = excluded.owner RETURNING id",
        )
        .bind(*code)
        .bind(new[0])
        .bind(new[1])
        .bind(new[2])
        .bind(position)
        .fetch_one(&mut **tx)
        .await?;
        link_criteria(
            tx,
            (
                "DELETE FROM development_area_criteria WHERE area_id = $1",
                "INSERT INTO development_area_criteria (area_id, criterion_id) VALUES ($1, $2)",
            ),
            id,
            new[3],
            &criteria,
        )
        .await?;
    }
    Ok(())
}

/// Which column each field of the shared action check is read from.
fn action_column(field: &str) -> &'static str {
    match field {
        "title" => "atgard",
        "responsible" => "ansvarig",
        "scope" => "omfattning",
        "due" => "klar_senast",
        "status" => "status",
        "noted_on" => "noterad",
        _ => "notering",
    }
}

pub(super) async fn actions(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
    context: &WriteContext<'_>,
) -> Result<(), ImportError> {
    const COLUMNS: [&str; 7] = [
        "atgard",
        "ansvarig",
        "omfattning",
        "klar_senast",
        "status",
        "noterad",
        "notering",
    ];
    let areas = code_ids(tx, "development_areas").await?;
    // The action codes there are, and the area each belongs to.
    let owners: HashMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("SELECT code, area_id FROM development_actions")
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .collect();
    let providers: Vec<String> = sqlx::query_scalar("SELECT DISTINCT care_provider FROM units")
        .fetch_all(&mut **tx)
        .await?;
    // The scope each action has now stays valid for it even if no unit names that provider any
    // more; other actions cannot take it.
    let current_scopes: HashMap<String, String> = sqlx::query_as::<_, (String, String)>(
        "SELECT a.code, v.scope FROM development_actions a JOIN development_action_versions v \
         ON v.id = (SELECT MAX(x.id) FROM development_action_versions x WHERE x.action_id = a.id) \
         WHERE v.scope <> ''",
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    let today = chrono::Local::now().date_naive();
    let mut seen = HashMap::new();
    // (line, area id, code, [title, responsible, scope, due, status, noted_on, note])
    let mut records: Vec<(usize, i64, &str, [String; 7])> = Vec::new();
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let area = check.required(row, "utvecklingsomrade").and_then(|a| {
            let id = areas.get(a).copied();
            if id.is_none() {
                check.report(
                    row,
                    "utvecklingsomrade",
                    Text::new(
                        format!("okänt utvecklingsområde \"{a}\"; importera områdena först"),
                        format!("unknown development area \"{a}\"; import the areas first"),
                    ),
                );
            }
            id
        });
        let code = check.code(row, "kod");
        if let (Some(code), Some(area)) = (code, area)
            && owners.get(code).is_some_and(|owner| *owner != area)
        {
            check.report(
                row,
                "kod",
                Text::new(
                    format!("åtgärden {code} hör till ett annat utvecklingsområde"),
                    format!("action {code} belongs to another development area"),
                ),
            );
        }
        let input = DevelopmentActionInput {
            title: row.get("atgard").into(),
            responsible: row.get("ansvarig").into(),
            scope: row.get("omfattning").into(),
            due: row.get("klar_senast").into(),
            status: row.get("status").into(),
        };
        let kept = code.and_then(|c| current_scopes.get(c));
        let allowed: std::borrow::Cow<'_, [String]> = match kept {
            Some(scope) if !providers.contains(scope) => {
                let mut all = providers.clone();
                all.push(scope.clone());
                all.into()
            }
            _ => providers.as_slice().into(),
        };
        let valid = check.checked(
            row,
            validate_development_action(&input, &allowed),
            action_column,
        );
        let (noted_on, note) = (row.get("noterad"), row.get("notering"));
        let note = if noted_on.is_empty() && note.is_empty() {
            Some((String::new(), String::new()))
        } else {
            let checked = validate_progress_note(noted_on, note, today)
                .map(|(day, text)| (day.to_string(), text));
            check.checked(row, checked, action_column)
        };
        if let Some(code) = code {
            check.unique(&mut seen, code, row, "kod");
        }
        if let (Some(area), Some(code), Some(v), Some((day, text))) = (area, code, valid, note) {
            records.push((
                row.line,
                area,
                code,
                [
                    v.title,
                    v.responsible,
                    v.scope,
                    v.due.to_string(),
                    v.status.code().to_string(),
                    day,
                    text,
                ],
            ));
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let current: HashMap<String, [String; 5]> = sqlx::query_as::<
        _,
        (String, String, String, String, String, String),
    >(
        "SELECT a.code, v.title, v.responsible, v.scope, v.due, v.status \
         FROM development_action_versions v JOIN development_actions a ON a.id = v.action_id \
         WHERE v.id = (SELECT MAX(x.id) FROM development_action_versions x WHERE x.action_id = v.action_id)",
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(|(code, t, r, s, d, st)| (code, [t, r, s, d, st]))
    .collect();
    let notes: HashSet<(String, String, String)> = sqlx::query_as(
        "SELECT a.code, n.noted_on, n.note FROM development_action_notes n \
         JOIN development_actions a ON a.id = n.action_id",
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    context.progress.start(ImportPhase::Writing, records.len());
    for (done, (line, area, code, fields)) in records.iter().enumerate() {
        let new = fields.each_ref().map(String::as_str);
        let note_known = fields[6].is_empty()
            || notes.contains(&(code.to_string(), fields[5].clone(), fields[6].clone()));
        let old = current.get(*code).map(|c| {
            let [t, r, s, d, st] = c.each_ref().map(String::as_str);
            // A note already there reads as unchanged; a new one as added to the row.
            let (day, text) = if note_known {
                (new[5], new[6])
            } else {
                ("", "")
            };
            [t, r, s, d, st, day, text]
        });
        let outcome = plan.record_row(*line, COLUMNS, old, new, || code.to_string());
        if plan.write && outcome != Outcome::Unchanged {
            let version_changed = current.get(*code).is_none_or(|c| c[..] != fields[..5]);
            let action_id: i64 = sqlx::query_scalar(
                "INSERT INTO development_actions (area_id, code) VALUES ($1, $2) \
                 ON CONFLICT (code) DO UPDATE SET area_id = development_actions.area_id RETURNING id",
            )
            .bind(area)
            .bind(*code)
            .fetch_one(&mut **tx)
            .await?;
            if version_changed {
                sqlx::query(
                    "INSERT INTO development_action_versions (action_id, title, responsible, \
                     scope, due, status, recorded_at, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(action_id)
                .bind(new[0])
                .bind(new[1])
                .bind(new[2])
                .bind(new[3])
                .bind(new[4])
                .bind(&context.stamp)
                .bind(&context.source)
                .execute(&mut **tx)
                .await?;
            }
            if !note_known {
                sqlx::query(
                    "INSERT INTO development_action_notes (action_id, noted_on, note, \
                     recorded_at, source) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(action_id)
                .bind(new[5])
                .bind(new[6])
                .bind(&context.stamp)
                .bind(&context.source)
                .execute(&mut **tx)
                .await?;
            }
        }
        context.progress.tick(done + 1);
    }
    Ok(())
}
