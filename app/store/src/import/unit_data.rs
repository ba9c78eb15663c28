//! The units' own data: values and action plans, appended as new versions (history is kept).

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;
use readiness_rules::{Kind, PlanStatus, Text, parse_reported};

use super::table::{Row, Table};
use super::{Checker, ImportError, ImportPhase, Outcome, Plan, Tx, WriteContext, code_ids};
use crate::dialect::json_elements_of_first_parameter;
use crate::{Backend, StoreError, StoredDate};

/// Unit and criterion look-ups shared by values and plans.
struct References {
    units: HashMap<String, i64>,
    criteria: HashMap<String, (i64, Kind)>,
}

/// Codes by id, for the keys the preview shows.
struct Names {
    units: HashMap<i64, String>,
    criteria: HashMap<i64, String>,
}

impl Names {
    /// A row's key as the preview lists it: "unit · criterion · date or action".
    fn key<T: std::fmt::Display>(&self, (unit, criterion, rest): &(i64, i64, T)) -> String {
        fn code<'n>(names: &'n HashMap<i64, String>, id: &i64) -> &'n str {
            names.get(id).map_or("?", String::as_str)
        }
        format!(
            "{} · {} · {rest}",
            code(&self.units, unit),
            code(&self.criteria, criterion)
        )
    }
}

impl References {
    fn names(&self) -> Names {
        Names {
            units: self.units.iter().map(|(c, id)| (*id, c.clone())).collect(),
            criteria: self
                .criteria
                .iter()
                .map(|(c, (id, _))| (*id, c.clone()))
                .collect(),
        }
    }

    async fn load(tx: &mut Tx) -> Result<References, ImportError> {
        let units = code_ids(tx, "units").await?;
        let mut criteria = HashMap::new();
        for (code, id, kind) in
            sqlx::query_as::<_, (String, i64, String)>("SELECT code, id, kind FROM criteria")
                .fetch_all(&mut **tx)
                .await?
        {
            let kind = Kind::from_code(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("bad stored kind {kind:?}")))?;
            criteria.insert(code, (id, kind));
        }
        Ok(References { units, criteria })
    }

    fn unit(&self, check: &mut Checker<'_>, row: &Row<'_>) -> Option<i64> {
        let code = check.required(row, "enhet")?;
        let id = self.units.get(code).copied();
        if id.is_none() {
            check.report(
                row,
                "enhet",
                Text::new(
                    format!("okänd enhet \"{code}\""),
                    format!("unknown unit \"{code}\""),
                ),
            );
        }
        id
    }

    fn criterion(&self, check: &mut Checker<'_>, row: &Row) -> Option<(i64, Kind)> {
        let code = check.required(row, "kriterium")?;
        let found = self.criteria.get(code).copied();
        if found.is_none() {
            check.report(
                row,
                "kriterium",
                Text::new(
                    format!("okänt kriterium \"{code}\""),
                    format!("unknown criterion \"{code}\""),
                ),
            );
        }
        found
    }
}

/// Rows per INSERT of values: far fewer statements than rows, a few MB of JSON each.
const INSERT_BATCH: usize = 20_000;

/// A key of values or plans: unit id, criterion id and the measured date or the action text.
type RowKey<K> = (i64, i64, K);

pub(super) async fn values(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
    context: &WriteContext<'_>,
) -> Result<(), ImportError> {
    const COLUMNS: [&str; 3] = ["varde", "kommentar", "underlag"];
    let refs = References::load(tx).await?;
    let mut seen: HashMap<RowKey<NaiveDate>, usize> = HashMap::with_capacity(table.len());
    // (line, key, [canonical value, comment, evidence])
    let mut records: Vec<(usize, RowKey<NaiveDate>, [Cow<'_, str>; 3])> =
        Vec::with_capacity(table.len());
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let unit = refs.unit(check, row);
        let criterion = refs.criterion(check, row);
        let measured = check.date(row, "datum");
        let raw = row.get("varde");
        let value = criterion.and_then(|(_, kind)| {
            if raw.is_empty() && kind != Kind::Evidence {
                check.report(row, "varde", Text::new("värde saknas", "value missing"));
                return None;
            }
            parse_reported(kind, raw)
                .map_err(|e| check.report(row, "varde", e.0))
                .ok()
        });
        if let (Some(unit), Some((criterion, _)), Some(measured)) = (unit, criterion, measured) {
            let key = (unit, criterion, measured);
            if check.unique(&mut seen, key, row, "datum")
                && let Some(value) = value
            {
                let canonical = value.canonical();
                // Most cells are already canonical ("Ja", "85"): no copy for those.
                let value = if canonical == raw {
                    Cow::Borrowed(raw)
                } else {
                    Cow::Owned(canonical)
                };
                records.push((
                    row.line,
                    key,
                    [
                        value,
                        Cow::Borrowed(row.get("kommentar")),
                        Cow::Borrowed(row.get("underlag")),
                    ],
                ));
            }
        }
    }
    drop(seen);
    if !check.issues.is_empty() {
        return Ok(());
    }
    // The newest version per key, found through the key index (a correlated MAX per row took
    // seconds on a national database).
    let existing: HashMap<RowKey<NaiveDate>, [String; 3]> =
        sqlx::query_as::<_, (i64, i64, StoredDate, String, String, String)>(
            "SELECT v.unit_id, v.criterion_id, v.measured, v.value, v.comment, v.evidence \
             FROM unit_values v JOIN (SELECT MAX(id) AS id FROM unit_values \
             GROUP BY unit_id, criterion_id, measured) newest ON newest.id = v.id",
        )
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(u, c, m, v, co, e)| ((u, c, m.0), [v, co, e]))
        .collect();
    let names = refs.names();
    let mut pending = Vec::with_capacity(INSERT_BATCH);
    context.progress.start(ImportPhase::Writing, records.len());
    for (done, (line, key, fields)) in records.iter().enumerate() {
        let fields = fields.each_ref().map(|f| f.as_ref());
        let old = existing.get(key).map(|o| o.each_ref().map(String::as_str));
        let outcome = plan.record_row(*line, COLUMNS, old, fields, || names.key(key));
        // Append-only: a changed value is a new row; the old one stays as history.
        if plan.write && outcome != Outcome::Unchanged {
            pending.push((key, fields));
            if pending.len() == INSERT_BATCH {
                insert_values(tx, &pending, context).await?;
                pending.clear();
            }
        }
        context.progress.tick(done + 1);
    }
    insert_values(tx, &pending, context).await?;
    Ok(())
}

async fn insert_values(
    tx: &mut Tx,
    rows: &[(&RowKey<NaiveDate>, [&str; 3])],
    context: &WriteContext<'_>,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    // The batch goes as one JSON array that the database unpacks itself: nine bound parameters
    // per row through the driver cost more than the database's own insert.
    let batch: Vec<(i64, i64, String, &str, &str, &str)> = rows
        .iter()
        .map(|(key, f)| (key.0, key.1, key.2.to_string(), f[0], f[1], f[2]))
        .collect();
    let json = serde_json::to_string(&batch).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let rows = json_elements_of_first_parameter(Backend::of_connection(tx));
    sqlx::query(&format!(
        "INSERT INTO unit_values (unit_id, criterion_id, measured, value, comment, evidence, \
         recorded_at, source) \
         SELECT CAST(r.value ->> 0 AS BIGINT), CAST(r.value ->> 1 AS BIGINT), r.value ->> 2, \
         r.value ->> 3, r.value ->> 4, r.value ->> 5, $2, $3 FROM {rows} r"
    ))
    .bind(json)
    .bind(&context.stamp)
    .bind(&context.source)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn plans(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
    context: &WriteContext<'_>,
) -> Result<(), ImportError> {
    const COLUMNS: [&str; 3] = ["ansvarig", "klar_senast", "status"];
    let refs = References::load(tx).await?;
    let mut seen: HashMap<RowKey<&str>, usize> = HashMap::new();
    // (line, key, [owner, due, status])
    let mut records: Vec<(usize, RowKey<&str>, [String; 3])> = Vec::new();
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let unit = refs.unit(check, row);
        let criterion = refs.criterion(check, row);
        let action = check.required(row, "atgard");
        let due = check.date(row, "klar_senast");
        let status = check.required(row, "status").and_then(|raw| {
            PlanStatus::from_code(raw).or_else(|| {
                check.report(
                    row,
                    "status",
                    Text::new(
                        format!("okänd status \"{raw}\"; tillåtna: planerad, pagar, klar"),
                        format!("unknown status \"{raw}\"; allowed: planerad, pagar, klar"),
                    ),
                );
                None
            })
        });
        if let (Some(unit), Some((criterion, _)), Some(action)) = (unit, criterion, action) {
            let key = (unit, criterion, action);
            if check.unique(&mut seen, key, row, "atgard")
                && let (Some(due), Some(status)) = (due, status)
            {
                records.push((
                    row.line,
                    key,
                    [
                        row.get("ansvarig").into(),
                        due.to_string(),
                        status.code().into(),
                    ],
                ));
            }
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let existing: HashMap<RowKey<String>, [String; 3]> = sqlx::query_as::<
        _,
        (i64, i64, String, String, String, String),
    >(
        "SELECT p.unit_id, p.criterion_id, p.action, p.owner, p.due, p.status FROM action_plans p \
             WHERE p.id = (SELECT MAX(p2.id) FROM action_plans p2 WHERE p2.unit_id = p.unit_id \
             AND p2.criterion_id = p.criterion_id AND p2.action = p.action)",
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(|(u, c, a, o, d, s)| ((u, c, a), [o, d, s]))
    .collect();
    let names = refs.names();
    context.progress.start(ImportPhase::Writing, records.len());
    for (done, (line, key, fields)) in records.iter().enumerate() {
        let fields = fields.each_ref().map(String::as_str);
        let old = existing
            .get(&(key.0, key.1, key.2.to_string()))
            .map(|o| o.each_ref().map(String::as_str));
        let outcome = plan.record_row(*line, COLUMNS, old, fields, || names.key(key));
        if plan.write && outcome != Outcome::Unchanged {
            sqlx::query(
                "INSERT INTO action_plans (unit_id, criterion_id, action, owner, due, status, \
                 recorded_at, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(key.0)
            .bind(key.1)
            .bind(key.2)
            .bind(fields[0])
            .bind(fields[1])
            .bind(fields[2])
            .bind(&context.stamp)
            .bind(&context.source)
            .execute(&mut **tx)
            .await?;
        }
        context.progress.tick(done + 1);
    }
    Ok(())
}
