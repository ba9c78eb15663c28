//! The units' yearly follow-ups (one per unit, year and decision date: a later decision about a
//! year is added beside the earlier; the same unit, year and date again corrects it), each row
//! checked by the rule in `readiness_rules::validate_follow_up`.

use std::collections::HashMap;

use readiness_rules::{FollowUpInput, validate_follow_up};

use super::table::Table;
use super::{Checker, ImportError, Outcome, Plan, Tx, WriteContext, code_ids};

/// A checked row: (line, unit id, unit code, year, decided on, fields as [`COLUMNS`]).
type FollowUpRecord<'a> = (usize, i64, &'a str, i32, String, [String; 3]);

/// The fields compared with the stored follow-up; the key is (enhet, ar, beslutsdatum).
const COLUMNS: [&str; 3] = ["beslut", "diarienummer", "bedomning"];

fn file_column(field: &str) -> &'static str {
    match field {
        "year" => "ar",
        "decision" => "beslut",
        "decided_on" => "beslutsdatum",
        "reference" => "diarienummer",
        _ => "bedomning",
    }
}

pub(super) async fn follow_ups(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
    context: &WriteContext<'_>,
) -> Result<(), ImportError> {
    let units = code_ids(tx, "units").await?;
    let mut seen = HashMap::new();
    let mut records: Vec<FollowUpRecord<'_>> = Vec::new();
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let unit = check.known_unit(row, &units);
        let input = FollowUpInput {
            year: row.get("ar").into(),
            decision: row.get("beslut").into(),
            decided_on: row.get("beslutsdatum").into(),
            reference: row.get("diarienummer").into(),
            assessment: row.get("bedomning").into(),
        };
        let valid = check.checked(
            row,
            validate_follow_up(row.get("enhet"), &input),
            file_column,
        );
        if let (Some((id, code)), Some(f)) = (unit, valid)
            && check.unique(&mut seen, (code, f.year, f.decided_on), row, "beslutsdatum")
        {
            records.push((
                row.line,
                id,
                code,
                f.year,
                f.decided_on.to_string(),
                [f.decision.code().to_string(), f.reference, f.assessment],
            ));
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let stored: HashMap<(i64, i32, String), [String; 3]> = sqlx::query_as::<
        _,
        (i64, i32, String, String, String, String),
    >(
        "SELECT unit_id, year, decided_on, decision, reference, assessment FROM unit_follow_ups",
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(
        |(unit, year, decided_on, decision, reference, assessment)| {
            ((unit, year, decided_on), [decision, reference, assessment])
        },
    )
    .collect();
    for (line, unit, code, year, decided_on, fields) in &records {
        let new = fields.each_ref().map(String::as_str);
        let old = stored
            .get(&(*unit, *year, decided_on.clone()))
            .map(|f| f.each_ref().map(String::as_str));
        let outcome = plan.record_row(*line, COLUMNS, old, new, || {
            format!("{code} {year} {decided_on}")
        });
        if !plan.write || outcome == Outcome::Unchanged {
            continue;
        }
        sqlx::query(
            "INSERT INTO unit_follow_ups (unit_id, year, decision, decided_on, reference, \
             assessment, recorded_at, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (unit_id, year, decided_on) DO UPDATE SET decision = excluded.decision, \
             reference = excluded.reference, \
             assessment = excluded.assessment, recorded_at = excluded.recorded_at, \
             source = excluded.source",
        )
        .bind(unit)
        .bind(year)
        .bind(new[0])
        .bind(decided_on)
        .bind(new[1])
        .bind(new[2])
        .bind(&context.stamp)
        .bind(&context.source)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
