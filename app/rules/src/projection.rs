//! Projected readiness at the evaluation's deadline, for leadership: where each unit stands
//! today and where it will stand on the deadline if the action plans are carried out on time.
//!
//! The projection does not have rules of its own. It builds the dataset the plans promise
//! ([`projected_dataset`]) and asks [`Dataset::board`] for the lights as of the deadline, so a
//! projected light always means the same as a light on the matrix.
//!
//! The scenario, precisely:
//! - Only what is known on `today` counts: values measured after `today` are left out.
//! - Every open plan (status not `klar`) due on or after `today` and on or before the deadline is
//!   completed on its due date. Completing it meets its criterion: the unit reports, measured on
//!   the due date (so the value is fresh), `Ja` for `ja_nej`, the green threshold for `antal` and
//!   `andel` (1 when there is no green threshold: any value above zero meets it), and `Ja` with
//!   evidence for `underlag`. Every such value carries evidence, so a criterion that requires
//!   evidence is met too. The plan is then marked `klar`.
//! - Plans due after the deadline do not help: they stay open and the cell is judged as at the
//!   deadline (red, action after the evaluation).
//! - Overdue plans (due before `today`, still open) do not help either: their due date has
//!   passed, so "completed on its due date" can no longer happen. They stay open and the cell is
//!   judged as at the deadline (red, action overdue). They are listed as risks.
//! - Everything else is re-assessed as of the deadline: a value that expires before the deadline
//!   and is not replaced by a plan becomes stale there (amber), exactly as the matrix would show it.
//!
//! When the deadline has already passed no plan can complete in time, so the projected light is
//! the light the unit had on the deadline (from the values known on `today`).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    CriterionRule, Dataset, Kind, Light, LightCounts, PlanRecord, PlanStatus, Reported,
    UnitSummary, ValueRecord, valid_until,
};

/// What threatens a unit's readiness at the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    /// An open plan whose due date has passed (`date` is the due date). When a plan is both
    /// overdue and due after a deadline that has passed, it is reported as overdue only.
    PlanOverdue,
    /// An open plan due after the evaluation's deadline (`date` is the due date).
    PlanAfterDeadline,
    /// The unit's current value stops being current before the deadline and no plan due in time
    /// replaces it (`date` is its last valid day, see [`valid_until`]). Values already stale
    /// today are included; `ej tillämplig` never expires.
    ExpiresBeforeDeadline,
}

impl RiskKind {
    /// Stable code for the API and CSS classes.
    pub fn code(self) -> &'static str {
        match self {
            RiskKind::PlanOverdue => "plan_overdue",
            RiskKind::PlanAfterDeadline => "plan_after_deadline",
            RiskKind::ExpiresBeforeDeadline => "expires_before_deadline",
        }
    }
}

/// One risk: which unit and criterion, and the date involved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    pub kind: RiskKind,
    pub unit: String,
    pub criterion: String,
    pub date: NaiveDate,
}

/// One unit today and at the deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitProjection {
    pub code: String,
    pub name: String,
    pub care_provider: String,
    /// The unit's overall light as of `today`.
    pub today: Light,
    /// The overall light it would have on the deadline if the plans are completed on time.
    pub projected: Light,
    pub today_readiness: Option<f64>,
    pub projected_readiness: Option<f64>,
    /// Sorted by date, then criterion code, then kind.
    pub risks: Vec<Risk>,
}

/// Every unit of an evaluation, today and projected to the deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    pub today: NaiveDate,
    pub deadline: NaiveDate,
    /// Deadline − today in days; negative once the deadline has passed.
    pub days_left: i64,
    /// Units per overall light today.
    pub today_counts: LightCounts,
    /// Units per overall light at the deadline.
    pub projected_counts: LightCounts,
    /// In the order of `Dataset::units`.
    pub units: Vec<UnitProjection>,
}

impl Projection {
    /// All units' risks, unit by unit.
    pub fn risks(&self) -> impl Iterator<Item = &Risk> {
        self.units.iter().flat_map(|u| u.risks.iter())
    }

    pub fn risk_count(&self, kind: RiskKind) -> usize {
        self.risks().filter(|r| r.kind == kind).count()
    }
}

impl Risk {
    /// The risk in words, e.g. `USV-F01: åtgärden är försenad (skulle vara klar 2026-06-30)`.
    pub fn text(&self, lang: crate::Lang) -> String {
        let (criterion, date) = (&self.criterion, crate::format_date(self.date));
        match (lang, self.kind) {
            (crate::Lang::Sv, RiskKind::PlanOverdue) => {
                format!("{criterion}: åtgärden är försenad (skulle vara klar {date})")
            }
            (crate::Lang::Sv, RiskKind::PlanAfterDeadline) => {
                format!("{criterion}: åtgärden blir klar först {date}, efter utvärderingen")
            }
            (crate::Lang::Sv, RiskKind::ExpiresBeforeDeadline) => {
                format!("{criterion}: värdet gäller bara till {date}")
            }
            (crate::Lang::En, RiskKind::PlanOverdue) => {
                format!("{criterion}: the plan is overdue (was due {date})")
            }
            (crate::Lang::En, RiskKind::PlanAfterDeadline) => {
                format!("{criterion}: the plan is due only {date}, after the evaluation")
            }
            (crate::Lang::En, RiskKind::ExpiresBeforeDeadline) => {
                format!("{criterion}: the value is current only until {date}")
            }
        }
    }
}

/// Orders units for attention: the worst projected light first, then the most risks, then code.
pub fn attention_order(
    projected: Light,
    risks: usize,
    code: &str,
) -> (u8, std::cmp::Reverse<usize>, &str) {
    (projected.urgency(), std::cmp::Reverse(risks), code)
}

/// Written on the values the projection makes up, so they can never pass for reported ones.
const PROJECTED_NOTE: &str =
    "Prognos: åtgärdsplanen klar på förfallodagen / Projection: action plan completed when due";

/// Whether the scenario completes this plan: open, and due between today and the deadline.
fn completes_in_time(plan: &PlanRecord, today: NaiveDate, deadline: NaiveDate) -> bool {
    plan.status.is_open() && today <= plan.due && plan.due <= deadline
}

/// The value that meets a criterion of this rule.
fn met_value(rule: &CriterionRule) -> Reported {
    match rule.kind {
        Kind::YesNo | Kind::Evidence => Reported::Yes,
        Kind::Count | Kind::Share => Reported::Number(rule.green.unwrap_or(1.0)),
    }
}

/// The dataset the open plans promise (see the module documentation): values measured after
/// `today` dropped; each plan that completes in time adds a value that meets its criterion,
/// measured on its due date, and is marked `klar`. Compute lights from it with
/// `board(dataset.evaluation.deadline)`.
pub fn projected_dataset(dataset: &Dataset, today: NaiveDate) -> Dataset {
    let (promised, plans) = promised_values(dataset, today);
    let mut values: Vec<ValueRecord> = dataset
        .values()
        .filter(|v| v.measured <= today)
        .map(|v| v.to_record())
        .collect();
    // Appended after the reported values: on the same measured date the board takes the later
    // record, so a plan due today wins over a value reported today.
    values.extend(promised);
    Dataset::new(
        dataset.evaluation.clone(),
        dataset.criteria.clone(),
        dataset.units.clone(),
        values,
        plans,
    )
}

/// The cells of [`projected_dataset`]'s board at the deadline, without copying the records.
fn projected_cells(dataset: &Dataset, today: NaiveDate) -> Vec<Vec<crate::Assessment>> {
    let deadline = dataset.evaluation.deadline;
    let width = dataset.criteria.len();
    let (promised, plans) = promised_values(dataset, today);
    let plans = dataset.plans_by_cell(&plans);
    let criterion_index = dataset.criterion_index();
    let by_code = dataset.criteria_by_code();
    let unit_index = dataset.unit_index();
    // The latest promised value per cell (of two on one date, the later plan).
    let mut promised_at: Vec<Option<&ValueRecord>> = vec![None; dataset.units.len() * width];
    for v in promised.iter().filter(|v| v.measured <= deadline) {
        let (Some(&u), Some(&c)) = (
            unit_index.get(v.unit.as_str()),
            criterion_index.get(v.criterion.as_str()),
        ) else {
            continue;
        };
        let cell = &mut promised_at[u * width + c];
        if cell.is_none_or(|p| p.measured <= v.measured) {
            *cell = Some(v);
        }
    }
    (0..dataset.units.len())
        .map(|u| {
            let sources = dataset.latest(u, today.min(deadline), &by_code);
            let records = dataset.unit_values(u);
            let extra: Vec<Option<&ValueRecord>> = (0..width)
                .map(|c| {
                    let p = promised_at[u * width + c]?;
                    // Promised values come after every reported one: they win on the same date.
                    let stored = sources[c].and_then(|i| records.get(i as usize));
                    stored.is_none_or(|s| s.measured <= p.measured).then_some(p)
                })
                .collect();
            dataset.assess_row(
                u,
                &sources,
                &extra,
                &plans[u * width..(u + 1) * width],
                deadline,
            )
        })
        .collect()
}

/// The values the plans that complete in time promise, and every plan with those marked `klar`.
fn promised_values(dataset: &Dataset, today: NaiveDate) -> (Vec<ValueRecord>, Vec<PlanRecord>) {
    let deadline = dataset.evaluation.deadline;
    let rules: HashMap<&str, &CriterionRule> = dataset
        .criteria
        .iter()
        .map(|c| (c.code.as_str(), &c.rule))
        .collect();
    let mut values = Vec::new();
    let mut plans = Vec::with_capacity(dataset.plans.len());
    for plan in &dataset.plans {
        let mut plan = plan.clone();
        if completes_in_time(&plan, today, deadline)
            && let Some(rule) = rules.get(plan.criterion.as_str())
        {
            values.push(ValueRecord {
                unit: plan.unit.clone(),
                criterion: plan.criterion.clone(),
                measured: plan.due,
                value: met_value(rule),
                comment: PROJECTED_NOTE.into(),
                evidence: format!("{PROJECTED_NOTE}: {}", plan.action),
            });
            plan.status = PlanStatus::Done;
        }
        plans.push(plan);
    }
    (values, plans)
}

/// Each unit's light today beside its projected light at the evaluation's deadline, with the
/// risks to it (see the module documentation for the scenario).
pub fn project(dataset: &Dataset, today: NaiveDate) -> Projection {
    let deadline = dataset.evaluation.deadline;
    let now = dataset.board(today);
    let then: Vec<UnitSummary> = projected_cells(dataset, today)
        .iter()
        .map(|row| dataset.summarize(row))
        .collect();

    let unit_index = dataset.unit_index();
    let criterion_index = dataset.criterion_index();

    let mut risks: Vec<Vec<Risk>> = vec![Vec::new(); dataset.units.len()];
    // Cells whose value the scenario renews in time: their expiry is no risk.
    let mut renewed: HashSet<(usize, usize)> = HashSet::new();
    for plan in dataset.plans.iter().filter(|p| p.status.is_open()) {
        let (Some(&u), Some(&c)) = (
            unit_index.get(plan.unit.as_str()),
            criterion_index.get(plan.criterion.as_str()),
        ) else {
            continue;
        };
        let kind = if plan.due < today {
            RiskKind::PlanOverdue
        } else if plan.due > deadline {
            RiskKind::PlanAfterDeadline
        } else {
            renewed.insert((u, c));
            continue;
        };
        risks[u].push(Risk {
            kind,
            unit: plan.unit.clone(),
            criterion: plan.criterion.clone(),
            date: plan.due,
        });
    }
    for (u, row) in now.sources.iter().enumerate() {
        for (c, source) in row.iter().enumerate() {
            let Some(v) = source.and_then(|i| dataset.unit_values(u).get(i as usize)) else {
                continue;
            };
            let until = valid_until(v.measured, dataset.criteria[c].rule.validity_months);
            if v.value != Reported::NotApplicable && until < deadline && !renewed.contains(&(u, c))
            {
                risks[u].push(Risk {
                    kind: RiskKind::ExpiresBeforeDeadline,
                    unit: v.unit.to_owned(),
                    criterion: v.criterion.to_owned(),
                    date: until,
                });
            }
        }
    }

    let units = dataset
        .units
        .iter()
        .zip(risks)
        .enumerate()
        .map(|(u, (unit, mut risks))| {
            risks.sort_by(|a, b| {
                (a.date, &a.criterion, a.kind).cmp(&(b.date, &b.criterion, b.kind))
            });
            UnitProjection {
                code: unit.code.clone(),
                name: unit.name.clone(),
                care_provider: unit.care_provider.clone(),
                today: now.summaries[u].overall,
                projected: then[u].overall,
                today_readiness: now.summaries[u].readiness,
                projected_readiness: then[u].readiness,
                risks,
            }
        })
        .collect();

    Projection {
        today,
        deadline,
        days_left: (deadline - today).num_days(),
        today_counts: now.unit_counts(),
        projected_counts: {
            let mut counts = LightCounts::default();
            for s in &then {
                counts.add(s.overall);
            }
            counts
        },
        units,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{criterion, d, dataset, plan, unit, value};
    use PlanStatus::{Done, InProgress, Planned};
    use Reported::{No, NotApplicable, Number, Yes};

    const TODAY: &str = "2026-03-01";
    const DEADLINE: &str = "2026-09-30";

    /// One unit, one criterion: the scenario of one row.
    struct Row {
        name: &'static str,
        kind: Kind,
        green: Option<f64>,
        requires_evidence: bool,
        values: Vec<ValueRecord>,
        plans: Vec<PlanRecord>,
        today: Light,
        projected: Light,
        risks: Vec<(RiskKind, &'static str)>,
    }

    fn row(kind: Kind, name: &'static str) -> Row {
        let green = match kind {
            Kind::Count => Some(3.0),
            Kind::Share => Some(80.0),
            _ => None,
        };
        Row {
            name,
            kind,
            green,
            requires_evidence: false,
            values: Vec::new(),
            plans: Vec::new(),
            today: Light::Grey,
            projected: Light::Grey,
            risks: Vec::new(),
        }
    }

    impl Row {
        /// The unit's light today and at the deadline.
        fn lights(mut self, today: Light, projected: Light) -> Row {
            (self.today, self.projected) = (today, projected);
            self
        }
        fn value(mut self, measured: &str, v: Reported) -> Row {
            self.values.push(value("E1", "K1", measured, v));
            self
        }
        fn plan(mut self, due: &str, status: PlanStatus) -> Row {
            self.plans.push(plan("E1", "K1", due, status));
            self
        }
        fn risk(mut self, kind: RiskKind, date: &'static str) -> Row {
            self.risks.push((kind, date));
            self
        }
        fn green(mut self, green: Option<f64>) -> Row {
            self.green = green;
            self
        }
        fn requires_evidence(mut self) -> Row {
            self.requires_evidence = true;
            self
        }
    }

    fn rows() -> Vec<Row> {
        use Light::{Amber, Green, Grey, Red};
        use RiskKind::{ExpiresBeforeDeadline, PlanAfterDeadline, PlanOverdue};
        vec![
            row(Kind::YesNo, "ja_nej: plan in time completes it")
                .lights(Amber, Green)
                .value("2026-01-15", No)
                .plan("2026-06-30", Planned),
            row(Kind::Count, "antal: plan due on the deadline still counts")
                .lights(Amber, Green)
                .value("2026-01-15", Number(1.0))
                .plan(DEADLINE, InProgress),
            row(
                Kind::Share,
                "andel: plan due the day after the deadline does not help",
            )
            .lights(Red, Red)
            .value("2026-01-15", Number(40.0))
            .plan("2026-10-01", Planned)
            .risk(PlanAfterDeadline, "2026-10-01"),
            row(Kind::Evidence, "underlag: overdue plan does not help")
                .lights(Red, Red)
                .value("2026-01-15", No)
                .plan("2026-02-28", InProgress)
                .risk(PlanOverdue, "2026-02-28"),
            row(Kind::YesNo, "plan due today is in time")
                .lights(Amber, Green)
                .value("2026-01-15", No)
                .plan(TODAY, Planned),
            row(
                Kind::YesNo,
                "a value reported today is replaced by a plan due today",
            )
            .lights(Amber, Green)
            .value(TODAY, No)
            .plan(TODAY, Planned),
            row(Kind::Count, "done plans are not completed again")
                .lights(Red, Red)
                .value("2026-01-15", Number(1.0))
                .plan("2026-06-30", Done),
            row(
                Kind::YesNo,
                "no value, plan in time: grey today, green at the deadline",
            )
            .lights(Grey, Green)
            .plan("2026-06-30", Planned),
            row(Kind::YesNo, "no value, no plan stays grey").lights(Grey, Grey),
            row(
                Kind::YesNo,
                "met value expires before the deadline: stale there",
            )
            .lights(Green, Amber)
            .value("2025-06-01", Yes)
            .risk(ExpiresBeforeDeadline, "2026-06-01"),
            row(Kind::YesNo, "already stale today: still a risk")
                .lights(Amber, Amber)
                .value("2025-01-15", Yes)
                .risk(ExpiresBeforeDeadline, "2026-01-15"),
            row(
                Kind::YesNo,
                "expiring value renewed by a plan in time: no risk",
            )
            .lights(Green, Green)
            .value("2025-06-01", Yes)
            .plan("2026-08-01", Planned),
            row(Kind::YesNo, "valid until exactly the deadline: no risk")
                .lights(Green, Green)
                .value("2025-09-30", Yes),
            row(
                Kind::Count,
                "expiring below-threshold value: red either way, still a risk",
            )
            .lights(Red, Red)
            .value("2025-06-01", Number(0.0))
            .risk(ExpiresBeforeDeadline, "2026-06-01"),
            row(Kind::YesNo, "ej tillämplig never expires")
                .lights(Grey, Grey)
                .value("2024-01-01", NotApplicable),
            row(
                Kind::YesNo,
                "plan value carries evidence when evidence is required",
            )
            .lights(Amber, Green)
            .requires_evidence()
            .value("2026-01-15", No)
            .plan("2026-06-30", Planned),
            row(
                Kind::Count,
                "antal without green threshold: any value above zero",
            )
            .lights(Amber, Green)
            .green(None)
            .value("2026-01-15", Number(0.0))
            .plan("2026-06-30", Planned),
            row(Kind::YesNo, "values measured after today are not known yet")
                .lights(Red, Red)
                .value("2026-01-15", No)
                .value("2026-04-01", Yes),
            row(Kind::YesNo, "overdue and after-deadline plans together")
                .lights(Red, Red)
                .value("2026-01-15", No)
                .plan("2026-12-01", Planned)
                .plan("2026-01-31", Planned)
                .risk(PlanOverdue, "2026-01-31")
                .risk(PlanAfterDeadline, "2026-12-01"),
            row(
                Kind::YesNo,
                "an overdue plan beside one in time: the one in time completes it",
            )
            .lights(Amber, Green)
            .value("2026-01-15", No)
            .plan("2026-01-31", Planned)
            .plan("2026-05-31", Planned)
            .risk(PlanOverdue, "2026-01-31"),
        ]
    }

    #[test]
    fn projection_table() {
        for r in rows() {
            let mut k1 = criterion("K1", "Forskning", r.kind, r.green);
            k1.rule.requires_evidence = r.requires_evidence;
            let data = dataset(
                DEADLINE,
                vec![k1],
                vec![unit("E1", "Karolinska")],
                r.values,
                r.plans,
            );
            let p = project(&data, d(TODAY));
            let u = &p.units[0];
            assert_eq!((u.today, u.projected), (r.today, r.projected), "{}", r.name);
            let risks: Vec<(RiskKind, NaiveDate)> =
                u.risks.iter().map(|x| (x.kind, x.date)).collect();
            let expected: Vec<(RiskKind, NaiveDate)> =
                r.risks.iter().map(|&(k, date)| (k, d(date))).collect();
            assert_eq!(risks, expected, "{}", r.name);
            assert!(
                u.risks
                    .iter()
                    .all(|x| x.unit == "E1" && x.criterion == "K1"),
                "{}",
                r.name
            );
        }
    }

    #[test]
    fn plans_completed_in_time_become_met_values() {
        let criteria = vec![
            criterion("JN", "Forskning", Kind::YesNo, None),
            criterion("AN", "Forskning", Kind::Count, Some(2.0)),
            criterion("AD", "Utbildning", Kind::Share, Some(80.0)),
            criterion("UL", "Utbildning", Kind::Evidence, None),
        ];
        let plans = vec![
            plan("E1", "JN", "2026-04-01", Planned),
            plan("E1", "AN", "2026-05-01", InProgress),
            plan("E1", "AD", "2026-06-01", Planned),
            plan("E1", "UL", "2026-07-01", Planned),
            plan("E1", "UL", "2026-11-01", Planned), // after the deadline: stays open
            plan("E1", "XX", "2026-07-01", Planned), // unknown criterion: ignored
        ];
        let values = vec![
            value("E1", "JN", "2026-01-01", No),
            value("E1", "JN", "2026-05-01", Yes), // after today: dropped
        ];
        let data = dataset(DEADLINE, criteria, vec![unit("E1", "SÖS")], values, plans);
        let projected = projected_dataset(&data, d(TODAY));

        // A unit's values come by criterion code, then date.
        let made: Vec<(&str, NaiveDate, Reported, bool)> = projected
            .values()
            .map(|v| (v.criterion, v.measured, v.value, !v.evidence.is_empty()))
            .collect();
        assert_eq!(
            made,
            vec![
                ("AD", d("2026-06-01"), Number(80.0), true),
                ("AN", d("2026-05-01"), Number(2.0), true),
                ("JN", d("2026-01-01"), No, false),
                ("JN", d("2026-04-01"), Yes, true),
                ("UL", d("2026-07-01"), Yes, true),
            ]
        );
        let statuses: Vec<PlanStatus> = projected.plans.iter().map(|p| p.status).collect();
        assert_eq!(statuses, vec![Done, Done, Done, Done, Planned, Planned]);
        // The original is untouched.
        assert_eq!(data.value_count(), 2);
        assert!(
            data.plans
                .iter()
                .all(|p| p.status == Planned || p.status == InProgress)
        );
    }

    /// The projection prices the scenario without copying the records: the same lights as the
    /// board of the projected dataset at the deadline.
    #[test]
    fn the_projected_board_is_the_projected_datasets_board() {
        for today in ["2025-12-31", TODAY, "2026-09-01", DEADLINE, "2026-10-01"] {
            let data = four_units();
            let direct = projected_cells(&data, d(today));
            let copied = projected_dataset(&data, d(today)).board(data.evaluation.deadline);
            let copied: Vec<Vec<crate::Assessment>> =
                copied.cells.iter().map(|row| row.to_vec()).collect();
            assert_eq!(direct, copied, "today {today}");
        }
    }

    /// Four units of two criteria: counts, readiness and days left.
    fn four_units() -> Dataset {
        let criteria = vec![
            criterion("K1", "Forskning", Kind::YesNo, None),
            criterion("K2", "Utbildning", Kind::Count, Some(1.0)),
        ];
        let units = ["E1", "E2", "E3", "E4"]
            .into_iter()
            .map(|c| unit(c, "Karolinska"))
            .collect();
        let values = vec![
            // E1: green today, K1 goes stale before the deadline → amber.
            value("E1", "K1", "2025-05-01", Yes),
            value("E1", "K2", "2026-02-01", Number(2.0)),
            // E2: red (K2 below, no plan) today; plan in time for K2 → green.
            value("E2", "K1", "2026-02-01", Yes),
            value("E2", "K2", "2026-02-01", Number(0.0)),
            // E3: red today and at the deadline: K1's plan is after the deadline.
            value("E3", "K1", "2026-02-01", No),
            value("E3", "K2", "2026-02-01", Number(4.0)),
            // E4: nothing reported; a plan for K1 only → amber (K2 still grey).
        ];
        let plans = vec![
            plan("E2", "K2", "2026-09-01", Planned),
            // A plan for a criterion that is already met changes no light, but it is open and
            // due after the deadline, so it is listed.
            plan("E2", "K1", "2027-03-01", Planned),
            plan("E3", "K1", "2027-01-31", Planned),
            plan("E4", "K1", "2026-06-30", Planned),
        ];
        dataset(DEADLINE, criteria, units, values, plans)
    }

    #[test]
    fn aggregate_counts_and_days_left() {
        let data = four_units();
        let p = project(&data, d(TODAY));
        assert_eq!(p.days_left, 213);
        let lights: Vec<(&str, Light, Light)> = p
            .units
            .iter()
            .map(|u| (u.code.as_str(), u.today, u.projected))
            .collect();
        assert_eq!(
            lights,
            vec![
                ("E1", Light::Green, Light::Amber),
                ("E2", Light::Amber, Light::Green),
                ("E3", Light::Red, Light::Red),
                ("E4", Light::Grey, Light::Amber),
            ]
        );
        let counts = |g, a, r, gr| LightCounts {
            green: g,
            amber: a,
            red: r,
            grey: gr,
            not_applicable: 0,
        };
        assert_eq!(p.today_counts, counts(1, 1, 1, 1));
        assert_eq!(p.projected_counts, counts(1, 2, 1, 0));
        assert_eq!(p.units[1].today_readiness, Some(50.0));
        assert_eq!(p.units[1].projected_readiness, Some(100.0));
        assert_eq!(p.risk_count(RiskKind::PlanAfterDeadline), 2);
        assert_eq!(p.risk_count(RiskKind::ExpiresBeforeDeadline), 1);
        assert_eq!(p.risk_count(RiskKind::PlanOverdue), 0);
        let all: Vec<(&str, &str)> = p
            .risks()
            .map(|r| (r.unit.as_str(), r.criterion.as_str()))
            .collect();
        assert_eq!(all, vec![("E1", "K1"), ("E2", "K1"), ("E3", "K1")]);
    }

    #[test]
    fn after_the_deadline_the_projection_is_the_deadline_board() {
        let data = four_units();
        let p = project(&data, d("2026-10-15"));
        assert_eq!(p.days_left, -15);
        // No plan can complete in time any more: E2's K2 plan (due 2026-09-01) and E4's are
        // overdue now; E1's K1 was already stale on the deadline.
        let lights: Vec<(Light, Light)> = p.units.iter().map(|u| (u.today, u.projected)).collect();
        assert_eq!(
            lights,
            vec![
                (Light::Amber, Light::Amber),
                (Light::Red, Light::Red),
                (Light::Red, Light::Red),
                // No value is grey whatever the plans say.
                (Light::Grey, Light::Grey),
            ]
        );
        assert_eq!(p.risk_count(RiskKind::PlanOverdue), 2);
        assert_eq!(p.risk_count(RiskKind::PlanAfterDeadline), 2);
    }
}
