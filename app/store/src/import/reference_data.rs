//! Reference data: evaluations, criteria and units, inserted or updated by their codes.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use readiness_rules::{Kind, Origin, Reported, Text};

use super::table::Table;
use super::{Checker, ImportError, Outcome, Plan, Tx, code_ids, pair_fields};

/// The `typ` codes a criterion may have, as an error lists them.
fn kind_codes() -> String {
    Kind::ALL.map(Kind::code).join(", ")
}

pub(super) async fn evaluations(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
) -> Result<(), ImportError> {
    let mut seen = HashMap::new();
    // (line, code, [name, conducted by, deadline])
    let mut records: Vec<(usize, &str, [String; 3])> = Vec::new();
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let code = check.required(row, "kod");
        let name = check.required(row, "namn");
        let deadline = check.date(row, "datum");
        if let Some(code) = code {
            check.unique(&mut seen, code, row, "kod");
        }
        if let (Some(code), Some(name), Some(deadline)) = (code, name, deadline) {
            records.push((
                row.line,
                code,
                [
                    name.into(),
                    row.get("genomfors_av").into(),
                    deadline.to_string(),
                ],
            ));
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let existing: HashMap<String, [String; 3]> =
        sqlx::query_as::<_, (String, String, String, String)>(
            "SELECT code, name, conducted_by, deadline FROM evaluations",
        )
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(c, n, b, d)| (c, [n, b, d]))
        .collect();
    for (line, code, fields) in &records {
        let old = existing.get(*code);
        let outcome = plan.record_row(
            *line,
            ["namn", "genomfors_av", "datum"],
            old.map(|o| o.each_ref().map(String::as_str)),
            fields.each_ref().map(String::as_str),
            || code.to_string(),
        );
        if plan.write && outcome != Outcome::Unchanged {
            sqlx::query(
                "INSERT INTO evaluations (code, name, conducted_by, deadline) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                 conducted_by = excluded.conducted_by, deadline = excluded.deadline",
            )
            .bind(code)
            .bind(&fields[0])
            .bind(&fields[1])
            .bind(&fields[2])
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
struct CriterionRecord {
    code: String,
    evaluation_id: i64,
    area: String,
    origin: String,
    title: String,
    title_en: String,
    kind: String,
    green: Option<f64>,
    amber: Option<f64>,
    mandatory: i64,
    requires_evidence: i64,
    validity_months: i64,
    description: String,
    position: i64,
}

impl CriterionRecord {
    /// The fields as the template names and writes them, for the preview.
    fn fields(&self, evaluation_codes: &HashMap<i64, String>) -> [(&'static str, String); 12] {
        let number = |n: Option<f64>| {
            n.map(|n| Reported::Number(n).canonical())
                .unwrap_or_default()
        };
        let yes_no = |b: i64| if b != 0 { "ja" } else { "nej" }.to_string();
        [
            (
                "utvardering",
                evaluation_codes
                    .get(&self.evaluation_id)
                    .cloned()
                    .unwrap_or_default(),
            ),
            ("omrade", self.area.clone()),
            ("ursprung", self.origin.clone()),
            ("titel", self.title.clone()),
            ("titel_en", self.title_en.clone()),
            ("typ", self.kind.clone()),
            ("gron", number(self.green)),
            ("gul", number(self.amber)),
            ("obligatorisk", yes_no(self.mandatory)),
            ("kraver_underlag", yes_no(self.requires_evidence)),
            ("giltighet_manader", self.validity_months.to_string()),
            ("beskrivning", self.description.clone()),
        ]
    }
}

pub(super) async fn criteria(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
) -> Result<(), ImportError> {
    let evaluation_ids = code_ids(tx, "evaluations").await?;
    let existing: HashMap<String, CriterionRecord> = sqlx::query_as::<_, CriterionRecord>(
        "SELECT code, evaluation_id, area, origin, title, title_en, kind, green, amber, mandatory, \
         requires_evidence, validity_months, description, position FROM criteria",
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(|c| (c.code.clone(), c))
    .collect();
    let with_values: HashSet<String> = sqlx::query_scalar(
        "SELECT DISTINCT c.code FROM criteria c JOIN unit_values v ON v.criterion_id = c.id",
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();

    let mut seen = HashMap::new();
    let mut records = Vec::new();
    for (position, row) in table.rows().enumerate() {
        let row = &row;
        check.next_row();
        let code = check.required(row, "kod");
        if let Some(code) = code {
            check.unique(&mut seen, code.to_string(), row, "kod");
        }
        let evaluation_id =
            check
                .required(row, "utvardering")
                .and_then(|e| match evaluation_ids.get(e) {
                    Some(id) => Some(*id),
                    None => {
                        check.report(
                            row,
                            "utvardering",
                            Text::new(
                                format!(
                                    "okänd utvärdering \"{e}\"; importera utvärderingarna först"
                                ),
                                format!("unknown evaluation \"{e}\"; import the evaluations first"),
                            ),
                        );
                        None
                    }
                });
        let area = check.required(row, "omrade");
        let title = check.required(row, "titel");
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
        let kind = check.required(row, "typ").and_then(|raw| {
            Kind::from_code(raw).or_else(|| {
                check.report(
                    row,
                    "typ",
                    Text::new(
                        format!("okänd typ \"{raw}\"; tillåtna: {}", kind_codes()),
                        format!("unknown kind \"{raw}\"; allowed: {}", kind_codes()),
                    ),
                );
                None
            })
        });
        let green = check.optional_number(row, "gron");
        let amber = check.optional_number(row, "gul");
        if let (Some(kind), Some(green), Some(amber)) = (kind, green, amber)
            && kind.has_thresholds()
        {
            match (green, amber) {
                (None, _) => check.report(
                    row,
                    "gron",
                    Text::new(
                        format!("typen {} kräver ett grönt tröskelvärde", kind.code()),
                        format!("the kind {} needs a green threshold", kind.code()),
                    ),
                ),
                (Some(g), Some(a)) if a >= g => check.report(
                    row,
                    "gul",
                    Text::new(
                        "gul måste vara mindre än gron",
                        "gul (amber) must be below gron (green)",
                    ),
                ),
                (Some(g), _) if kind == Kind::Share && !(0.0..=100.0).contains(&g) => check.report(
                    row,
                    "gron",
                    Text::new(
                        "andel måste ligga mellan 0 och 100",
                        "a share must be 0–100",
                    ),
                ),
                (_, Some(a)) if kind == Kind::Share && !(0.0..=100.0).contains(&a) => check.report(
                    row,
                    "gul",
                    Text::new(
                        "andel måste ligga mellan 0 och 100",
                        "a share must be 0–100",
                    ),
                ),
                _ => {}
            }
        }
        let mandatory = check.yes_no(row, "obligatorisk", false);
        let requires_evidence = check.yes_no(row, "kraver_underlag", false);
        let validity = match row.get("giltighet_manader") {
            "" => Some(i64::from(
                readiness_rules::CriterionRule::DEFAULT_VALIDITY_MONTHS,
            )),
            raw => match raw.parse::<i64>() {
                Ok(m) if (1..=240).contains(&m) => Some(m),
                _ => {
                    check.report(
                        row,
                        "giltighet_manader",
                        Text::new(
                            format!("\"{raw}\": ange antal månader 1–240"),
                            format!("\"{raw}\": give a number of months 1–240"),
                        ),
                    );
                    None
                }
            },
        };
        if let (Some(code), Some(kind)) = (code, kind)
            && let Some(old) = existing.get(code)
            && old.kind != kind.code()
            && with_values.contains(code)
        {
            check.report(
                row,
                "typ",
                Text::new(
                    format!("typen kan inte ändras från {} när värden finns", old.kind),
                    format!("the kind cannot change from {} once values exist", old.kind),
                ),
            );
        }
        if let (
            Some(code),
            Some(evaluation_id),
            Some(area),
            Some(title),
            Some(origin),
            Some(kind),
            Some(green),
            Some(amber),
            Some(mandatory),
            Some(requires_evidence),
            Some(validity_months),
        ) = (
            code,
            evaluation_id,
            area,
            title,
            origin,
            kind,
            green,
            amber,
            mandatory,
            requires_evidence,
            validity,
        ) {
            let thresholds = kind.has_thresholds();
            records.push((
                row.line,
                CriterionRecord {
                    code: code.into(),
                    evaluation_id,
                    area: area.into(),
                    origin: origin.code().into(),
                    title: title.into(),
                    title_en: row.get("titel_en").into(),
                    kind: kind.code().into(),
                    green: if thresholds { green } else { None },
                    amber: if thresholds { amber } else { None },
                    mandatory: i64::from(mandatory),
                    requires_evidence: i64::from(requires_evidence),
                    validity_months,
                    description: row.get("beskrivning").into(),
                    position: i64::try_from(position).unwrap_or(i64::MAX),
                },
            ));
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let evaluation_codes: HashMap<i64, String> = evaluation_ids
        .into_iter()
        .map(|(code, id)| (id, code))
        .collect();
    for (line, r) in records {
        let old = existing.get(&r.code);
        let outcome = Outcome::of(old, &r);
        plan.record(
            line,
            outcome,
            || r.code.clone(),
            || {
                let new = r.fields(&evaluation_codes);
                let old = old.map(|o| o.fields(&evaluation_codes));
                new.into_iter()
                    .enumerate()
                    .map(|(i, (column, new))| {
                        let old = old.as_ref().map(|o| o[i].1.clone()).unwrap_or_default();
                        (column, Cow::Owned(old), Cow::Owned(new))
                    })
                    .collect()
            },
        );
        if plan.write && outcome != Outcome::Unchanged {
            sqlx::query(
                "INSERT INTO criteria (code, evaluation_id, area, origin, title, title_en, kind, green, \
                 amber, mandatory, requires_evidence, validity_months, description, position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
                 ON CONFLICT (code) DO UPDATE SET evaluation_id = excluded.evaluation_id, \
                 area = excluded.area, origin = excluded.origin, title = excluded.title, \
                 title_en = excluded.title_en, kind = excluded.kind, green = excluded.green, \
                 amber = excluded.amber, mandatory = excluded.mandatory, \
                 requires_evidence = excluded.requires_evidence, \
                 validity_months = excluded.validity_months, description = excluded.description, \
                 position = excluded.position",
            )
            .bind(&r.code)
            .bind(r.evaluation_id)
            .bind(&r.area)
            .bind(&r.origin)
            .bind(&r.title)
            .bind(&r.title_en)
            .bind(&r.kind)
            .bind(crate::StoredReal(r.green))
            .bind(crate::StoredReal(r.amber))
            .bind(r.mandatory)
            .bind(r.requires_evidence)
            .bind(r.validity_months)
            .bind(&r.description)
            .bind(r.position)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

pub(super) async fn units(
    tx: &mut Tx,
    table: &Table,
    check: &mut Checker<'_>,
    plan: &mut Plan,
) -> Result<(), ImportError> {
    const COLUMNS: [&str; 4] = ["namn", "vardgivare", "verksamhetschef", "epost"];
    let mut seen = HashMap::new();
    let mut records: Vec<(usize, &str, [&str; 4])> = Vec::new();
    for row in table.rows() {
        let row = &row;
        check.next_row();
        let code = check.required(row, "kod");
        let name = check.required(row, "namn");
        let provider = check.required(row, "vardgivare");
        let email = row.get("epost");
        if !email.is_empty() && !email.contains('@') {
            check.report(
                row,
                "epost",
                Text::new(
                    format!("\"{email}\" är ingen e-postadress"),
                    format!("\"{email}\" is not an e-mail address"),
                ),
            );
        }
        if let Some(code) = code {
            check.unique(&mut seen, code, row, "kod");
        }
        if let (Some(code), Some(name), Some(provider)) = (code, name, provider) {
            records.push((
                row.line,
                code,
                [name, provider, row.get("verksamhetschef"), email],
            ));
        }
    }
    if !check.issues.is_empty() {
        return Ok(());
    }
    let existing: HashMap<String, [String; 4]> =
        sqlx::query_as::<_, (String, String, String, String, String)>(
            "SELECT code, name, care_provider, manager, email FROM units",
        )
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(c, n, p, m, e)| (c, [n, p, m, e]))
        .collect();
    for (line, code, fields) in records {
        let old = existing.get(code).map(|o| o.each_ref().map(String::as_str));
        let outcome = match old {
            Some(old) if old == fields => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
            None => Outcome::Added,
        };
        plan.record(
            line,
            outcome,
            || code.to_string(),
            || pair_fields(COLUMNS, old, fields),
        );
        if plan.write && outcome != Outcome::Unchanged {
            sqlx::query(
                "INSERT INTO units (code, name, care_provider, manager, email) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                 care_provider = excluded.care_provider, manager = excluded.manager, email = excluded.email",
            )
            .bind(code)
            .bind(fields[0])
            .bind(fields[1])
            .bind(fields[2])
            .bind(fields[3])
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
