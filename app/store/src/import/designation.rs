//! The units' designation periods (one per unit and start date: the same unit and start again
//! changes the period's end and decision), each row checked by `readiness_rules::validate_period`,
//! and the file's periods together with the stored ones checked for overlaps: a unit is a USV
//! unit or not on a date.

use std::collections::HashMap;

use readiness_rules::{DesignationPeriod, PeriodInput, Text, overlapping_periods, validate_period};

use super::table::Table;
use super::{Checker, ImportError, Outcome, Plan, Tx, WriteContext, code_ids};

/// The fields compared with the stored period; the key is (enhet, fran).
const COLUMNS: [&str; 2] = ["till", "beslutsreferens"];

fn file_column(field: &str) -> &'static str {
    match field {
        "from" => "fran",
        "to" => "till",
        _ => "beslutsreferens",
    }
}

pub(super) async fn periods(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
    context: &WriteContext<'_>,
) -> Result<(), ImportError> {
    let units = code_ids(tx, "units").await?;
    let mut seen = HashMap::new();
    // (line, unit id, period)
    let mut records: Vec<(usize, i64, DesignationPeriod)> = Vec::new();
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let unit = check.known_unit(row, &units);
        let input = PeriodInput {
            from: row.get("fran").into(),
            to: row.get("till").into(),
            decision: row.get("beslutsreferens").into(),
        };
        let valid = check.checked(row, validate_period(row.get("enhet"), &input), file_column);
        if let (Some((id, code)), Some(p)) = (unit, valid)
            && check.unique(&mut seen, (code, p.from), row, "fran")
        {
            records.push((row.line, id, p));
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let stored: Vec<(i64, DesignationPeriod)> = sqlx::query_as::<
        _,
        (
            i64,
            String,
            chrono::NaiveDate,
            Option<chrono::NaiveDate>,
            String,
        ),
    >(
        "SELECT d.unit_id, u.code, d.starts_on, d.ends_on, d.decision \
         FROM designation_periods d JOIN units u ON u.id = d.unit_id",
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(|(id, unit, from, to, decision)| {
        (
            id,
            DesignationPeriod {
                unit,
                from,
                to,
                decision,
            },
        )
    })
    .collect();

    // The periods as they will stand: the stored ones the file does not replace, then the
    // file's (position `kept.len() + i` is the file's record `i`).
    let mut merged: Vec<DesignationPeriod> = stored
        .iter()
        .filter(|(_, s)| !seen.contains_key(&(s.unit.as_str(), s.from)))
        .map(|(_, s)| s.clone())
        .collect();
    let kept = merged.len();
    merged.extend(records.iter().map(|(_, _, p)| p.clone()));
    for (a, b) in overlapping_periods(&merged) {
        // Report on a row of the file: the later-starting one when both are in it.
        let (row, other) = if b >= kept { (b, a) } else { (a, b) };
        let (line, _, _) = &records[row - kept];
        let other_place = if other >= kept {
            let (other_line, _, _) = &records[other - kept];
            Text::new(format!("rad {other_line}"), format!("row {other_line}"))
        } else {
            Text::new("redan inläst", "already imported")
        };
        let span_sv = merged[other].span(readiness_rules::Lang::Sv);
        let span_en = merged[other].span(readiness_rules::Lang::En);
        check.report_line(
            *line,
            "fran",
            Text::new(
                format!(
                    "överlappar enhetens period {span_sv} ({}); en enhets perioder får inte överlappa",
                    other_place.sv
                ),
                format!(
                    "overlaps the unit's period {span_en} ({}); a unit's periods must not overlap",
                    other_place.en
                ),
            ),
        );
    }
    if !check.issues.is_empty() {
        return Ok(());
    }

    let stored: HashMap<(i64, chrono::NaiveDate), [String; 2]> = stored
        .into_iter()
        .map(|(id, s)| {
            (
                (id, s.from),
                [s.to.map(|d| d.to_string()).unwrap_or_default(), s.decision],
            )
        })
        .collect();
    for (line, unit, p) in &records {
        let fields = [
            p.to.map(|d| d.to_string()).unwrap_or_default(),
            p.decision.clone(),
        ];
        let new = fields.each_ref().map(String::as_str);
        let old = stored
            .get(&(*unit, p.from))
            .map(|f| f.each_ref().map(String::as_str));
        let outcome = plan.record_row(*line, COLUMNS, old, new, || {
            format!("{} {}", p.unit, p.from)
        });
        if !plan.write || outcome == Outcome::Unchanged {
            continue;
        }
        sqlx::query(
            "INSERT INTO designation_periods (unit_id, starts_on, ends_on, decision, recorded_at, \
             source) VALUES (?, ?, ?, ?, ?, ?) \
             ON CONFLICT (unit_id, starts_on) DO UPDATE SET ends_on = excluded.ends_on, \
             decision = excluded.decision, recorded_at = excluded.recorded_at, \
             source = excluded.source",
        )
        .bind(unit)
        .bind(p.from.to_string())
        .bind(p.to.map(|d| d.to_string()))
        .bind(&p.decision)
        .bind(&context.stamp)
        .bind(&context.source)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
