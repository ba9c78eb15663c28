//! The units' designation periods (one per unit and start date: the same unit and start again
//! changes the period's end and decision; `ta_bort` = ja removes it), each row checked by
//! `readiness_rules::validate_period`, and the file's periods together with the stored ones
//! checked for overlaps: a unit is a USV unit or not on a date.

use std::collections::HashMap;

use chrono::NaiveDate;
use readiness_rules::{DesignationPeriod, PeriodInput, Text, overlapping_periods, validate_period};

use super::table::Table;
use super::{Checker, ImportError, Outcome, Plan, Tx, WriteContext, code_ids};
use crate::StoredDate;

/// The fields compared with the stored period; the key is (enhet, fran).
const COLUMNS: [&str; 2] = ["till", "beslutsreferens"];

/// What the preview shows as the new decision of a period the file removes.
const REMOVED: &str = "(tas bort / removed)";

fn file_column(field: &str) -> &'static str {
    match field {
        "from" => "fran",
        "to" => "till",
        _ => "beslutsreferens",
    }
}

/// A row of the file, checked: a period to add or change, or the start of one to remove.
enum Change {
    Keep(DesignationPeriod),
    Remove(NaiveDate),
}

pub(super) async fn periods(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
    context: &WriteContext<'_>,
) -> Result<(), ImportError> {
    let units = code_ids(tx, "units").await?;
    let stored: Vec<(i64, DesignationPeriod)> =
        sqlx::query_as::<_, (i64, String, StoredDate, Option<StoredDate>, String)>(
            "SELECT d.unit_id, u.code, d.starts_on, d.ends_on, d.decision \
         FROM designation_periods d JOIN units u ON u.id = d.unit_id",
        )
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(id, unit, from, to, decision)| {
            let period = DesignationPeriod {
                unit,
                from: from.0,
                to: to.map(|d| d.0),
                decision,
            };
            (id, period)
        })
        .collect();
    let stored_keys: HashMap<(i64, NaiveDate), usize> = stored
        .iter()
        .enumerate()
        .map(|(i, (id, p))| ((*id, p.from), i))
        .collect();

    let mut seen = HashMap::new();
    // (line, unit id, unit code, change)
    let mut records: Vec<(usize, i64, &str, Change)> = Vec::new();
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let unit = check.known_unit(row, &units);
        let change = match check.yes_no(row, "ta_bort", false) {
            None => None,
            Some(true) => check.date(row, "fran").and_then(|from| {
                let known = unit.is_some_and(|(id, _)| stored_keys.contains_key(&(id, from)));
                if unit.is_some() && !known {
                    check.report(
                        row,
                        "fran",
                        Text::new(
                            "enheten har ingen period som börjar den dagen att ta bort",
                            "the unit has no period starting that day to remove",
                        ),
                    );
                }
                known.then_some(Change::Remove(from))
            }),
            Some(false) => {
                let input = PeriodInput {
                    from: row.get("fran").into(),
                    to: row.get("till").into(),
                    decision: row.get("beslutsreferens").into(),
                };
                check
                    .checked(row, validate_period(row.get("enhet"), &input), file_column)
                    .map(Change::Keep)
            }
        };
        let from = match &change {
            Some(Change::Keep(p)) => p.from,
            Some(Change::Remove(from)) => *from,
            None => continue,
        };
        if let (Some((id, code)), Some(change)) = (unit, change)
            && check.unique(&mut seen, (id, from), row, "fran")
        {
            records.push((row.line, id, code, change));
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }

    // The periods as they will stand: the stored ones the file neither replaces nor removes,
    // then the file's (position `kept + i` is the file's `i`-th period to keep).
    let mut merged: Vec<DesignationPeriod> = stored
        .iter()
        .filter(|(id, s)| !seen.contains_key(&(*id, s.from)))
        .map(|(_, s)| s.clone())
        .collect();
    let kept = merged.len();
    let mut lines = Vec::new();
    for (line, _, _, change) in &records {
        if let Change::Keep(p) = change {
            merged.push(p.clone());
            lines.push(*line);
        }
    }
    for (a, b) in overlapping_periods(&merged) {
        // Reported on a row of the file (the later-starting one when both are in it); two
        // stored periods that overlap are not this file's doing.
        let (row, other) = match (a >= kept, b >= kept) {
            (_, true) => (b, a),
            (true, false) => (a, b),
            (false, false) => continue,
        };
        let other_place = if other >= kept {
            let line = lines[other - kept];
            Text::new(format!("rad {line}"), format!("row {line}"))
        } else {
            Text::new(
                "redan inläst; ge den ett till-datum eller ta bort den i samma fil",
                "already imported; give it an end date or remove it in the same file",
            )
        };
        let span_sv = merged[other].span(readiness_rules::Lang::Sv);
        let span_en = merged[other].span(readiness_rules::Lang::En);
        check.report_line(
            lines[row - kept],
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

    for (line, unit, code, change) in &records {
        let old = stored_keys.get(&(*unit, change_from(change))).map(|&i| {
            let p = &stored[i].1;
            [
                p.to.map(|d| d.to_string()).unwrap_or_default(),
                p.decision.clone(),
            ]
        });
        let old = old.as_ref().map(|f| f.each_ref().map(String::as_str));
        match change {
            Change::Keep(p) => {
                let fields = [
                    p.to.map(|d| d.to_string()).unwrap_or_default(),
                    p.decision.clone(),
                ];
                let new = fields.each_ref().map(String::as_str);
                let outcome =
                    plan.record_row(*line, COLUMNS, old, new, || format!("{code} {}", p.from));
                if !plan.write || outcome == Outcome::Unchanged {
                    continue;
                }
                sqlx::query(
                    "INSERT INTO designation_periods (unit_id, starts_on, ends_on, decision, \
                     recorded_at, source) VALUES ($1, $2, $3, $4, $5, $6) \
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
            Change::Remove(from) => {
                // Known to be stored (checked above): a change whose new values say so.
                plan.record_row(*line, COLUMNS, old, ["", REMOVED], || {
                    format!("{code} {from}")
                });
                if !plan.write {
                    continue;
                }
                sqlx::query(
                    "DELETE FROM designation_periods WHERE unit_id = $1 AND starts_on = $2",
                )
                .bind(unit)
                .bind(from.to_string())
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

fn change_from(change: &Change) -> NaiveDate {
    match change {
        Change::Keep(p) => p.from,
        Change::Remove(from) => *from,
    }
}
