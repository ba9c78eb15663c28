//! The forecast: what each unit's lights will be on the evaluation's deadline, judged on
//! `today` from what is known then (values measured after `today` are left out).
//!
//! Every cell (unit × criterion) gets an [`Outlook`] by one written rule ([`outlook`]): it
//! *stays met*, is *met once a plan lands* (by its due date), *must be reported again by* the
//! day its value stops being current (when that is before the deadline), *needs its missing
//! evidence*, is *at risk* (below the level with a plan that is late, due after the deadline,
//! or no plan), or has *no data*. A value that goes stale before the deadline is a reporting
//! task with a date, not a predicted failure.
//!
//! Two readings of the deadline follow from the outlooks, each by a written rule:
//! - **If nothing more happens** ([`Scenario::NothingMore`]): no new values, no plan completed.
//!   The lights are the matrix's own lights as of the deadline from the values known today, so
//!   values that expire before then are stale there (amber) and plans due before it are overdue.
//! - **If everything is done on time** ([`Scenario::AllDone`]): every unit reports again before
//!   its values stop being current, adds its missing evidence, and every open plan due between
//!   today and the deadline lands on its due date. A cell with such a task is met (green); every
//!   other cell keeps its "nothing more" light. Overdue plans and plans due after the deadline do
//!   not help: an overdue plan's due date has passed, so "on time" can no longer happen.
//!
//! Once the deadline has passed, nothing more can be done in time: both readings are the lights
//! the units had on the deadline, and cells that were not met then are [`RiskKind::Missed`].

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Kind;
use crate::assess::{Level, level};
use crate::{
    Assessment, Board, CriterionRule, Dataset, Light, LightCounts, PlanInfo, PlanRecord,
    PlanStatus, Reported, UnitSummary, summarize_unit, valid_until,
};

/// What will become of one cell by the deadline (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "outlook", rename_all = "snake_case")]
pub enum Outlook {
    /// Met today and still current on the deadline.
    StaysMet,
    /// `ej tillämplig`: no light either way.
    NotApplicable,
    /// An open plan due between today and the deadline meets it when it lands on `due`.
    PlanLands { due: NaiveDate },
    /// Met today, but the value stops being current before the deadline: the unit must report
    /// again by `by`, its last current day (in the past when the value is already stale).
    ReportAgain { by: NaiveDate },
    /// Met but for the evidence (an `underlag` answered "Ja" without it, or a criterion that
    /// requires it), and current on the deadline: add the evidence by `by`, the deadline.
    AddEvidence { by: NaiveDate },
    /// Not met, and nothing planned meets it in time.
    AtRisk {
        risk: RiskKind,
        /// The plan's due date for the plan risks.
        date: Option<NaiveDate>,
    },
    /// Nothing reported, and no plan due in time.
    NoData,
}

/// Why a cell will not be met on the deadline even if everything is done on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    /// Below the level; its open plan's due date has passed.
    PlanOverdue,
    /// Below the level; its open plan is due after the deadline.
    PlanAfterDeadline,
    /// Below the level, and no open plan.
    NoPlan,
    /// Nothing reported (and no plan due in time).
    NoData,
    /// The deadline has passed and the cell was not met on it.
    Missed,
}

/// The two readings of the deadline (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    AllDone,
    NothingMore,
}

/// Something a unit must do before the deadline for the "all done" reading to come true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Report the criterion again by the date (its value stops being current the day after).
    ReportAgain,
    /// Complete the open plan by its due date.
    FinishPlan,
    /// Add the evidence the criterion requires by the date.
    AddEvidence,
}

impl RiskKind {
    pub const ALL: [RiskKind; 5] = [
        RiskKind::PlanOverdue,
        RiskKind::PlanAfterDeadline,
        RiskKind::NoPlan,
        RiskKind::NoData,
        RiskKind::Missed,
    ];

    /// Stable code for the API and CSS classes.
    pub fn code(self) -> &'static str {
        match self {
            RiskKind::PlanOverdue => "plan_overdue",
            RiskKind::PlanAfterDeadline => "plan_after_deadline",
            RiskKind::NoPlan => "no_plan",
            RiskKind::NoData => "no_data",
            RiskKind::Missed => "missed",
        }
    }
}

impl TaskKind {
    /// Stable code for the API and CSS classes.
    pub fn code(self) -> &'static str {
        match self {
            TaskKind::ReportAgain => "report_again",
            TaskKind::FinishPlan => "finish_plan",
            TaskKind::AddEvidence => "add_evidence",
        }
    }
}

impl Scenario {
    pub fn code(self) -> &'static str {
        match self {
            Scenario::AllDone => "all_done",
            Scenario::NothingMore => "nothing_more",
        }
    }

    /// The reading's name, as the overview, `/prognos` and the report head it.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (Scenario::AllDone, crate::Lang::Sv) => {
                "Om alla rapporterar i tid och varje åtgärd blir klar"
            }
            (Scenario::AllDone, crate::Lang::En) => {
                "If everyone reports on time and every plan lands"
            }
            (Scenario::NothingMore, crate::Lang::Sv) => "Om inget mer händer",
            (Scenario::NothingMore, crate::Lang::En) => "If nothing more happens",
        }
    }
}

impl Outlook {
    /// The cell's light on the deadline if every task is done on time, given its light if
    /// nothing more happens: a task done meets the criterion; anything else changes nothing.
    pub fn light_if_all_done(self, nothing_more: Light) -> Light {
        match self {
            Outlook::PlanLands { .. }
            | Outlook::ReportAgain { .. }
            | Outlook::AddEvidence { .. } => Light::Green,
            _ => nothing_more,
        }
    }

    /// The task this outlook asks of the unit, with its date.
    pub fn task(self) -> Option<(TaskKind, NaiveDate)> {
        match self {
            Outlook::PlanLands { due } => Some((TaskKind::FinishPlan, due)),
            Outlook::ReportAgain { by } => Some((TaskKind::ReportAgain, by)),
            Outlook::AddEvidence { by } => Some((TaskKind::AddEvidence, by)),
            _ => None,
        }
    }

    /// The risk this outlook carries, with its date.
    pub fn risk(self) -> Option<(RiskKind, Option<NaiveDate>)> {
        match self {
            Outlook::AtRisk { risk, date } => Some((risk, date)),
            Outlook::NoData => Some((RiskKind::NoData, None)),
            _ => None,
        }
    }
}

/// The outlook of one cell, judged on `today`: `latest` is its latest value measured on or
/// before `today` (value, measured, whether evidence was given), `plans` its action plans, and
/// `on_deadline` its light as of the deadline from that value (the "nothing more" light).
pub fn outlook(
    rule: &CriterionRule,
    latest: Option<(&Reported, NaiveDate, bool)>,
    plans: &[PlanInfo],
    today: NaiveDate,
    deadline: NaiveDate,
    on_deadline: Light,
) -> Outlook {
    if today > deadline {
        return match on_deadline {
            Light::Green => Outlook::StaysMet,
            Light::NotApplicable => Outlook::NotApplicable,
            Light::Grey => Outlook::NoData,
            Light::Amber | Light::Red => Outlook::AtRisk {
                risk: RiskKind::Missed,
                date: None,
            },
        };
    }
    let open = || plans.iter().filter(|p| p.status.is_open());
    let in_time = open()
        .filter(|p| today <= p.due && p.due <= deadline)
        .map(|p| p.due)
        .min();
    let planned = |otherwise: Outlook| in_time.map_or(otherwise, |due| Outlook::PlanLands { due });
    let Some((value, measured, has_evidence)) = latest else {
        return planned(Outlook::NoData);
    };
    if *value == Reported::NotApplicable {
        return Outlook::NotApplicable;
    }
    let until = valid_until(measured, rule.validity_months);
    // Met but for the evidence: `underlag` answered "Ja" without it, or a criterion that
    // requires evidence beside its value.
    let lacks_evidence = !has_evidence
        && (rule.requires_evidence || (rule.kind == Kind::Evidence && *value == Reported::Yes));
    let level = match level(rule, value, has_evidence) {
        Level::Below if lacks_evidence => Level::Met,
        level => level,
    };
    match level {
        // A new report is due first; it carries the evidence where the criterion asks for it.
        Level::Met if until < deadline => planned(Outlook::ReportAgain { by: until }),
        Level::Met if lacks_evidence => planned(Outlook::AddEvidence { by: deadline }),
        Level::Met => Outlook::StaysMet,
        Level::Partial | Level::Below => {
            let overdue = open().filter(|p| p.due < today).map(|p| p.due).min();
            let (risk, date) = match (overdue, open().map(|p| p.due).min()) {
                (Some(due), _) => (RiskKind::PlanOverdue, Some(due)),
                (None, Some(due)) => (RiskKind::PlanAfterDeadline, Some(due)),
                (None, None) => (RiskKind::NoPlan, None),
            };
            planned(Outlook::AtRisk { risk, date })
        }
    }
}

/// Cells per outlook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OutlookCounts {
    pub stays_met: u32,
    pub plan_lands: u32,
    pub report_again: u32,
    pub add_evidence: u32,
    pub at_risk: u32,
    pub no_data: u32,
    pub not_applicable: u32,
}

impl OutlookCounts {
    pub fn add(&mut self, outlook: Outlook) {
        let n = match outlook {
            Outlook::StaysMet => &mut self.stays_met,
            Outlook::PlanLands { .. } => &mut self.plan_lands,
            Outlook::ReportAgain { .. } => &mut self.report_again,
            Outlook::AddEvidence { .. } => &mut self.add_evidence,
            Outlook::AtRisk { .. } => &mut self.at_risk,
            Outlook::NoData => &mut self.no_data,
            Outlook::NotApplicable => &mut self.not_applicable,
        };
        *n += 1;
    }

    pub fn merge(&mut self, other: &OutlookCounts) {
        self.stays_met += other.stays_met;
        self.plan_lands += other.plan_lands;
        self.report_again += other.report_again;
        self.add_evidence += other.add_evidence;
        self.at_risk += other.at_risk;
        self.no_data += other.no_data;
        self.not_applicable += other.not_applicable;
    }

    /// The counts in words, e.g. "120 förblir uppfyllda, 30 ska rapporteras igen före
    /// utvärderingen, …" (zero counts left out).
    pub fn text(&self, lang: crate::Lang) -> String {
        let sv = lang == crate::Lang::Sv;
        // (count, Swedish one, Swedish several, English one, English several).
        let parts = [
            (
                self.stays_met,
                "förblir uppfyllt",
                "förblir uppfyllda",
                "stays met",
                "stay met",
            ),
            (
                self.report_again,
                "ska rapporteras igen före utvärderingen",
                "ska rapporteras igen före utvärderingen",
                "must be reported again before the evaluation",
                "must be reported again before the evaluation",
            ),
            (
                self.plan_lands,
                "uppfylls när en åtgärd blir klar",
                "uppfylls när en åtgärd blir klar",
                "is met once a plan lands",
                "are met once a plan lands",
            ),
            (
                self.add_evidence,
                "saknar underlag",
                "saknar underlag",
                "lacks evidence",
                "lack evidence",
            ),
            (
                self.at_risk,
                "är i riskzonen",
                "är i riskzonen",
                "is at risk",
                "are at risk",
            ),
            (
                self.no_data,
                "saknar uppgift",
                "saknar uppgift",
                "has no data",
                "have no data",
            ),
        ];
        let words: Vec<String> = parts
            .iter()
            .filter(|p| p.0 > 0)
            .map(|&(n, sv1, svn, en1, enn)| {
                let words = match (sv, n == 1) {
                    (true, true) => sv1,
                    (true, false) => svn,
                    (false, true) => en1,
                    (false, false) => enn,
                };
                format!("{n} {words}")
            })
            .collect();
        if words.is_empty() {
            return (if sv {
                "Inga kriterier."
            } else {
                "No criteria."
            })
            .into();
        }
        let (head, tail) = (
            if sv {
                "Av enheternas kriterier: "
            } else {
                "Of the units' criteria: "
            },
            ".",
        );
        format!("{head}{}{tail}", words.join(", "))
    }
}

/// Something to do on one cell, with its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub kind: TaskKind,
    pub unit: String,
    pub criterion: String,
    pub date: NaiveDate,
    /// The date has passed: the value is already stale.
    pub overdue: bool,
}

/// What keeps one cell from being met on the deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    pub kind: RiskKind,
    pub unit: String,
    pub criterion: String,
    /// The plan's due date for the plan risks.
    pub date: Option<NaiveDate>,
}

/// One unit today and in both readings of the deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitProjection {
    pub code: String,
    pub name: String,
    pub care_provider: String,
    /// The unit's overall light as of `today`.
    pub today: Light,
    /// On the deadline if everything is done on time.
    pub all_done: Light,
    /// On the deadline if nothing more happens.
    pub nothing_more: Light,
    pub today_readiness: Option<f64>,
    pub all_done_readiness: Option<f64>,
    pub nothing_more_readiness: Option<f64>,
    pub outlooks: OutlookCounts,
    /// Soonest first, then by criterion code and kind.
    pub tasks: Vec<Task>,
    /// By criterion code.
    pub risks: Vec<Risk>,
}

impl UnitProjection {
    /// On track: green on the deadline if everything is done on time.
    pub fn on_track(&self) -> bool {
        self.all_done == Light::Green
    }
}

/// Every unit of an evaluation, today and in both readings of the deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    pub today: NaiveDate,
    pub deadline: NaiveDate,
    /// Deadline − today in days; negative once the deadline has passed.
    pub days_left: i64,
    /// Units per overall light today.
    pub today_counts: LightCounts,
    /// Units per overall light on the deadline if everything is done on time.
    pub all_done_counts: LightCounts,
    /// … and if nothing more happens.
    pub nothing_more_counts: LightCounts,
    /// Cells per outlook, all units.
    pub outlooks: OutlookCounts,
    /// Values already stale today that must be reported again (`ReportAgain` tasks dated
    /// before today).
    pub report_again_late: u32,
    /// The earliest date on or after today a unit must report again by.
    pub first_report_again: Option<NaiveDate>,
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

    /// All units' tasks, unit by unit.
    pub fn tasks(&self) -> impl Iterator<Item = &Task> {
        self.units.iter().flat_map(|u| u.tasks.iter())
    }

    pub fn task_count(&self, kind: TaskKind) -> usize {
        self.tasks().filter(|t| t.kind == kind).count()
    }

    /// Units on track (see [`UnitProjection::on_track`]).
    pub fn on_track(&self) -> usize {
        self.units.iter().filter(|u| u.on_track()).count()
    }

    /// What the two readings say, in words: why they differ, and the first reporting date.
    pub fn summary(&self, lang: crate::Lang) -> String {
        let sv = lang == crate::Lang::Sv;
        let deadline = crate::format_date(self.deadline);
        let total = self.units.len();
        let (all, none) = (self.all_done_counts.green, self.nothing_more_counts.green);
        if self.days_left < 0 {
            return if sv {
                format!(
                    "Utvärderingsdagen {deadline} har passerat: {all} av {total} enheter var gröna den dagen."
                )
            } else {
                format!(
                    "The evaluation day {deadline} has passed: {all} of {total} units were green on it."
                )
            };
        }
        let mut text = if sv {
            format!(
                "Den {deadline} är {all} av {total} enheter gröna om alla rapporterar i tid och varje åtgärd blir klar, {none} om inget mer händer."
            )
        } else {
            format!(
                "On {deadline}, {all} of {total} units are green if everyone reports on time and every plan lands, {none} if nothing more happens."
            )
        };
        // The readings differ by exactly the tasks (see `Outlook::light_if_all_done`).
        let o = &self.outlooks;
        let first = self
            .first_report_again
            .map(crate::format_date)
            .unwrap_or_default();
        let mut parts = Vec::new();
        match (self.report_again_late, sv) {
            (0, _) => {}
            (1, true) => {
                parts.push("1 värde har redan slutat gälla och ska rapporteras igen".into())
            }
            (n, true) => parts.push(format!(
                "{n} värden har redan slutat gälla och ska rapporteras igen"
            )),
            (1, false) => parts.push(
                "1 value has already stopped being current and must be reported again".into(),
            ),
            (n, false) => parts.push(format!(
                "{n} values have already stopped being current and must be reported again"
            )),
        }
        match (o.report_again - self.report_again_late, sv) {
            (0, _) => {}
            (1, true) => parts.push(format!("1 värde ska rapporteras igen innan det slutar gälla, senast {first}")),
            (n, true) => parts.push(format!("{n} värden ska rapporteras igen innan de slutar gälla, det första senast {first}")),
            (1, false) => parts.push(format!("1 value must be reported again before it stops being current, by {first}")),
            (n, false) => parts.push(format!("{n} values must be reported again before they stop being current, the first by {first}")),
        }
        match (o.plan_lands, sv) {
            (0, _) => {}
            (1, true) => parts.push("1 åtgärd ska bli klar".into()),
            (n, true) => parts.push(format!("{n} åtgärder ska bli klara")),
            (1, false) => parts.push("1 plan must land".into()),
            (n, false) => parts.push(format!("{n} plans must land")),
        }
        match (o.add_evidence, sv) {
            (0, _) => {}
            (1, true) => parts.push("1 underlag ska läggas till".into()),
            (n, true) => parts.push(format!("{n} underlag ska läggas till")),
            (1, false) => parts.push("1 piece of evidence must be added".into()),
            (n, false) => parts.push(format!("{n} pieces of evidence must be added")),
        }
        if !parts.is_empty() {
            text.push_str(if sv {
                " Skillnaden är uppgifter med datum, inte försämring: "
            } else {
                " The difference is dated tasks, not decline: "
            });
            text.push_str(&parts.join("; "));
            text.push('.');
        }
        text
    }
}

impl Task {
    /// The task in words, e.g. `USV-F01: rapportera igen senast 2026-06-30`.
    pub fn text(&self, lang: crate::Lang) -> String {
        let (criterion, date) = (&self.criterion, crate::format_date(self.date));
        match (lang, self.kind) {
            (crate::Lang::Sv, TaskKind::ReportAgain) if self.overdue => {
                format!("{criterion}: värdet gällde till {date}, rapportera igen nu")
            }
            (crate::Lang::En, TaskKind::ReportAgain) if self.overdue => {
                format!("{criterion}: the value was current until {date}, report again now")
            }
            (crate::Lang::Sv, TaskKind::ReportAgain) => {
                format!("{criterion}: rapportera igen senast {date}")
            }
            (crate::Lang::Sv, TaskKind::FinishPlan) => {
                format!("{criterion}: åtgärden ska vara klar {date}")
            }
            (crate::Lang::Sv, TaskKind::AddEvidence) => {
                format!("{criterion}: lägg till underlag senast {date}")
            }
            (crate::Lang::En, TaskKind::ReportAgain) => {
                format!("{criterion}: report again by {date}")
            }
            (crate::Lang::En, TaskKind::FinishPlan) => {
                format!("{criterion}: the plan is due {date}")
            }
            (crate::Lang::En, TaskKind::AddEvidence) => {
                format!("{criterion}: add evidence by {date}")
            }
        }
    }
}

impl Risk {
    /// The risk in words, e.g. `USV-F01: åtgärden är försenad (skulle vara klar 2026-06-30)`.
    pub fn text(&self, lang: crate::Lang) -> String {
        let criterion = &self.criterion;
        let date = self.date.map(crate::format_date).unwrap_or_default();
        match (lang, self.kind) {
            (crate::Lang::Sv, RiskKind::PlanOverdue) => {
                format!("{criterion}: åtgärden är försenad (skulle vara klar {date})")
            }
            (crate::Lang::Sv, RiskKind::PlanAfterDeadline) => {
                format!("{criterion}: åtgärden blir klar först {date}, efter utvärderingen")
            }
            (crate::Lang::Sv, RiskKind::NoPlan) => {
                format!("{criterion}: under nivån och ingen åtgärdsplan")
            }
            (crate::Lang::Sv, RiskKind::NoData) => {
                format!("{criterion}: ingen uppgift rapporterad")
            }
            (crate::Lang::Sv, RiskKind::Missed) => {
                format!("{criterion}: uppfylldes inte på utvärderingsdagen")
            }
            (crate::Lang::En, RiskKind::PlanOverdue) => {
                format!("{criterion}: the plan is overdue (was due {date})")
            }
            (crate::Lang::En, RiskKind::PlanAfterDeadline) => {
                format!("{criterion}: the plan is not due until {date}, after the evaluation")
            }
            (crate::Lang::En, RiskKind::NoPlan) => {
                format!("{criterion}: below the level and no action plan")
            }
            (crate::Lang::En, RiskKind::NoData) => format!("{criterion}: no value reported"),
            (crate::Lang::En, RiskKind::Missed) => {
                format!("{criterion}: was not met on the evaluation day")
            }
        }
    }
}

/// A unit's risks in few lines, for print: the undated kinds (no plan, no value, missed) one
/// line each with their criteria (`Ingen uppgift rapporterad: USV-V03, USV-V06`); the plan risks,
/// which carry each plan's own date, one line per criterion as [`Risk::text`] writes them.
pub fn risks_in_brief(risks: &[Risk], lang: crate::Lang) -> Vec<String> {
    let sv = lang == crate::Lang::Sv;
    let mut lines: Vec<String> = risks
        .iter()
        .filter(|r| matches!(r.kind, RiskKind::PlanOverdue | RiskKind::PlanAfterDeadline))
        .map(|r| r.text(lang))
        .collect();
    for (kind, sv_head, en_head) in [
        (
            RiskKind::Missed,
            "Uppfylldes inte på utvärderingsdagen",
            "Not met on the evaluation day",
        ),
        (
            RiskKind::NoPlan,
            "Under nivån utan åtgärdsplan",
            "Below the level with no action plan",
        ),
        (
            RiskKind::NoData,
            "Ingen uppgift rapporterad",
            "No value reported",
        ),
    ] {
        let criteria: Vec<&str> = risks
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.criterion.as_str())
            .collect();
        if !criteria.is_empty() {
            let head = if sv { sv_head } else { en_head };
            lines.push(format!("{head}: {}", criteria.join(", ")));
        }
    }
    lines
}

/// Orders units for attention: the worst light if everything is done first, then the worst if
/// nothing more happens, then the most risks, then code.
pub fn attention_order(u: &UnitProjection) -> (u8, u8, std::cmp::Reverse<usize>, &str) {
    (
        u.all_done.urgency(),
        u.nothing_more.urgency(),
        std::cmp::Reverse(u.risks.len()),
        &u.code,
    )
}

/// Each unit's light today beside both readings of the deadline, with its tasks and risks (see
/// the module documentation).
pub fn project(dataset: &Dataset, today: NaiveDate) -> Projection {
    project_from_board(dataset, &dataset.board(today))
}

/// [`project`] from today's board (`now`, its `as_of` is today), for a caller that keeps boards
/// already: the board is most of the work.
pub fn project_from_board(dataset: &Dataset, now: &Board) -> Projection {
    project_with_plans(dataset, now, &dataset.plans)
}

/// Unit `u`'s summaries on the deadline if everything is done on time and if nothing more
/// happens, from its chosen values (`sources`, as a board's) and plans per criterion; `each` is
/// told every cell's outlook.
fn unit_readings(
    dataset: &Dataset,
    u: usize,
    sources: &[Option<u32>],
    cell_plans: &[Vec<PlanInfo>],
    today: NaiveDate,
    mut each: impl FnMut(usize, Outlook),
) -> (UnitSummary, UnitSummary) {
    let deadline = dataset.evaluation.deadline;
    let on_deadline: Vec<Assessment> = dataset.assess_row(u, sources, cell_plans, deadline);
    let records = dataset.unit_values(u);
    let mut all_done = Vec::with_capacity(dataset.criteria.len());
    for (c, criterion) in dataset.criteria.iter().enumerate() {
        let latest = sources[c].and_then(|i| records.get(i as usize));
        let cell = outlook(
            &criterion.rule,
            latest
                .as_ref()
                .map(|v| (&v.value, v.measured, !v.evidence.trim().is_empty())),
            &cell_plans[c],
            today,
            deadline,
            on_deadline[c].light,
        );
        each(c, cell);
        all_done.push((
            cell.light_if_all_done(on_deadline[c].light),
            criterion.rule.mandatory,
        ));
    }
    (summarize_unit(all_done), dataset.summarize(&on_deadline))
}

/// A plan's status as the forecast of an earlier `date` takes it: one completed since counts as
/// open until its due date.
fn status_on(status: PlanStatus, due: NaiveDate, date: NaiveDate) -> PlanStatus {
    if status == PlanStatus::Done && due >= date {
        PlanStatus::InProgress
    } else {
        status
    }
}

/// [`project`] with these plans in place of the dataset's (for the forecast of a past week).
/// `now`: the board as of today with the dataset's plans (today's lights are as they are; only
/// the outlook reads `plans`).
fn project_with_plans(dataset: &Dataset, now: &Board, plans: &[PlanRecord]) -> Projection {
    let today = now.as_of;
    let deadline = dataset.evaluation.deadline;
    let plans = dataset.plans_by_cell(plans);
    let by_code = dataset.criteria_by_code();
    let width = dataset.criteria.len();
    let mut outlooks = OutlookCounts::default();
    let (mut all_done_counts, mut nothing_more_counts) =
        (LightCounts::default(), LightCounts::default());
    let mut first_report_again: Option<NaiveDate> = None;
    let mut report_again_late = 0;
    let mut units = Vec::with_capacity(dataset.units.len());
    // The units designated today (after the deadline: on the deadline, the day judged); a
    // former unit is not part of the forecast.
    let counted = if today <= deadline {
        now.counted.clone()
    } else {
        dataset.counted_on(deadline)
    };
    for u in (0..dataset.units.len()).filter(|&u| counted[u]) {
        let unit = &dataset.units[u];
        // What is known on the deadline, from values measured by today (or by the deadline).
        let sources = if today <= deadline {
            now.sources[u].to_vec()
        } else {
            dataset.latest(u, deadline, &by_code)
        };
        let cell_plans = &plans[u * width..(u + 1) * width];
        let mut unit_outlooks = OutlookCounts::default();
        let (mut tasks, mut risks) = (Vec::new(), Vec::new());
        let (all_done, nothing_more) =
            unit_readings(dataset, u, &sources, cell_plans, today, |c, cell| {
                let criterion = &dataset.criteria[c];
                unit_outlooks.add(cell);
                if let Some((kind, date)) = cell.task() {
                    match (kind, date < today) {
                        (TaskKind::ReportAgain, true) => report_again_late += 1,
                        (TaskKind::ReportAgain, false) => {
                            first_report_again =
                                Some(first_report_again.map_or(date, |f| f.min(date)))
                        }
                        _ => {}
                    }
                    tasks.push(Task {
                        overdue: date < today,
                        kind,
                        unit: unit.code.clone(),
                        criterion: criterion.code.clone(),
                        date,
                    });
                }
                if let Some((kind, date)) = cell.risk() {
                    risks.push(Risk {
                        kind,
                        unit: unit.code.clone(),
                        criterion: criterion.code.clone(),
                        date,
                    });
                }
            });
        tasks.sort_by(|a, b| (a.date, &a.criterion, a.kind).cmp(&(b.date, &b.criterion, b.kind)));
        risks.sort_by(|a, b| a.criterion.cmp(&b.criterion));
        outlooks.merge(&unit_outlooks);
        all_done_counts.add(all_done.overall);
        nothing_more_counts.add(nothing_more.overall);
        units.push(UnitProjection {
            code: unit.code.clone(),
            name: unit.name.clone(),
            care_provider: unit.care_provider.clone(),
            today: now.summaries[u].overall,
            all_done: all_done.overall,
            nothing_more: nothing_more.overall,
            today_readiness: now.summaries[u].readiness,
            all_done_readiness: all_done.readiness,
            nothing_more_readiness: nothing_more.readiness,
            outlooks: unit_outlooks,
            tasks,
            risks,
        });
    }
    Projection {
        today,
        deadline,
        days_left: (deadline - today).num_days(),
        today_counts: now.unit_counts(),
        all_done_counts,
        nothing_more_counts,
        outlooks,
        report_again_late,
        first_report_again,
        units,
    }
}

/// The forecast for the deadline as it stood on one earlier date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ForecastPoint {
    pub date: NaiveDate,
    pub all_done: LightCounts,
    pub nothing_more: LightCounts,
}

/// How many weeks [`forecast_weeks`] looks back.
pub const FORECAST_WEEKS: usize = 26;

/// The forecast for the deadline week by week: as it stood on `until` and on each of the
/// `weeks - 1` weeks before it, oldest first, from the values measured by each date (none before
/// the first value was measured, none after the deadline). Plans are taken as they stand now,
/// except that a plan completed since counts as open until its due date: when it was completed
/// is not part of the plan, and had it been completed earlier its value would have been
/// reported (and counted) by then.
pub fn forecast_weeks(dataset: &Dataset, until: NaiveDate, weeks: usize) -> Vec<ForecastPoint> {
    ForecastRows::new(dataset, until, weeks).points()
}

/// [`forecast_weeks`] unit by unit: each unit's overall light on the deadline in both readings
/// on each date, so that a write computes only the changed units' rows again.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRows {
    until: NaiveDate,
    weeks: usize,
    dates: Vec<NaiveDate>,
    /// `rows[unit][date]`: (if everything is done on time, if nothing more happens).
    rows: Vec<Arc<[(Light, Light)]>>,
    /// `counted[date][unit]`: the units designated on each date, the ones its point counts.
    counted: Vec<Arc<[bool]>>,
}

impl ForecastRows {
    pub fn new(dataset: &Dataset, until: NaiveDate, weeks: usize) -> ForecastRows {
        let dates = forecast_dates(dataset, until, weeks);
        let plans = dataset.plans_by_cell(&dataset.plans);
        let width = dataset.criteria.len();
        let by_code = dataset.criteria_by_code();
        let rows = (0..dataset.units.len())
            .map(|u| {
                unit_weeks(
                    dataset,
                    u,
                    &dates,
                    &plans[u * width..(u + 1) * width],
                    &by_code,
                )
            })
            .collect();
        ForecastRows {
            until,
            weeks,
            counted: dates.iter().map(|&d| dataset.counted_on(d)).collect(),
            dates,
            rows,
        }
    }

    /// These rows, computed from an earlier version of the records with the same units and
    /// criteria, brought up to date when only the units with codes in `changed` got versions
    /// since. Equal to [`ForecastRows::new`].
    pub fn updated(&self, dataset: &Dataset, changed: &HashSet<&str>) -> ForecastRows {
        let dates = forecast_dates(dataset, self.until, self.weeks);
        // A new first value moves the dates; a big change is cheaper computed whole.
        if dates != self.dates
            || self.rows.len() != dataset.units.len()
            || changed.len() * 4 > dataset.units.len()
        {
            return ForecastRows::new(dataset, self.until, self.weeks);
        }
        let plans = dataset.plans_by_cell(&dataset.plans);
        let width = dataset.criteria.len();
        let by_code = dataset.criteria_by_code();
        let rows = dataset
            .units
            .iter()
            .enumerate()
            .map(|(u, unit)| {
                if changed.contains(unit.code.as_str()) {
                    unit_weeks(
                        dataset,
                        u,
                        &dates,
                        &plans[u * width..(u + 1) * width],
                        &by_code,
                    )
                } else {
                    self.rows[u].clone()
                }
            })
            .collect();
        ForecastRows {
            // The same dates, units and designations: the same units counted.
            counted: self.counted.clone(),
            dates,
            rows,
            ..*self
        }
    }

    /// Units per light on each date, oldest first.
    pub fn points(&self) -> Vec<ForecastPoint> {
        self.dates
            .iter()
            .enumerate()
            .map(|(i, &date)| {
                let mut point = ForecastPoint {
                    date,
                    all_done: LightCounts::default(),
                    nothing_more: LightCounts::default(),
                };
                let counted = &self.counted[i];
                for (row, _) in self.rows.iter().zip(counted.iter()).filter(|(_, c)| **c) {
                    point.all_done.add(row[i].0);
                    point.nothing_more.add(row[i].1);
                }
                point
            })
            .collect()
    }
}

fn forecast_dates(dataset: &Dataset, until: NaiveDate, weeks: usize) -> Vec<NaiveDate> {
    let Some(first) = dataset.first_measured() else {
        return Vec::new();
    };
    let last = until.min(dataset.evaluation.deadline);
    let mut dates: Vec<NaiveDate> = (0..weeks as u64)
        .filter_map(|k| last.checked_sub_days(chrono::Days::new(7 * k)))
        .take_while(|d| *d >= first)
        .collect();
    dates.reverse();
    dates
}

/// Unit `u`'s lights in both readings on each date (only the counts: no board as of each date,
/// no tasks or risks).
fn unit_weeks(
    dataset: &Dataset,
    u: usize,
    dates: &[NaiveDate],
    plans: &[Vec<PlanInfo>],
    by_code: &crate::dataset::CriteriaByCode<'_>,
) -> Arc<[(Light, Light)]> {
    dates
        .iter()
        .map(|&date| {
            let plans: Vec<Vec<PlanInfo>> = plans
                .iter()
                .map(|cell| {
                    cell.iter()
                        .map(|p| PlanInfo {
                            due: p.due,
                            status: status_on(p.status, p.due, date),
                        })
                        .collect()
                })
                .collect();
            let sources = dataset.latest(u, date, by_code);
            let (all_done, nothing_more) =
                unit_readings(dataset, u, &sources, &plans, date, |_, _| {});
            (all_done.overall, nothing_more.overall)
        })
        .collect()
}

/// The forecast as it stood on an earlier `date`: [`project`] from the values measured by then,
/// with a plan completed since counted as open until its due date (see [`forecast_weeks`]).
pub fn project_earlier(dataset: &Dataset, date: NaiveDate) -> Projection {
    let plans: Vec<PlanRecord> = dataset
        .plans
        .iter()
        .map(|p| PlanRecord {
            status: status_on(p.status, p.due, date),
            ..p.clone()
        })
        .collect();
    project_with_plans(dataset, &dataset.board(date), &plans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risks_in_brief_group_the_undated_kinds() {
        let risk = |kind, criterion: &str, date: Option<&str>| Risk {
            kind,
            unit: "E1".into(),
            criterion: criterion.into(),
            date: date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
        };
        let table: [(Vec<Risk>, crate::Lang, Vec<&str>); 4] = [
            (vec![], crate::Lang::Sv, vec![]),
            (
                vec![
                    risk(RiskKind::NoData, "K3", None),
                    risk(RiskKind::Missed, "K1", None),
                    risk(RiskKind::PlanOverdue, "K2", Some("2026-06-30")),
                    risk(RiskKind::NoData, "K4", None),
                ],
                crate::Lang::Sv,
                vec![
                    "K2: åtgärden är försenad (skulle vara klar 2026-06-30)",
                    "Uppfylldes inte på utvärderingsdagen: K1",
                    "Ingen uppgift rapporterad: K3, K4",
                ],
            ),
            (
                vec![
                    risk(RiskKind::NoPlan, "K1", None),
                    risk(RiskKind::NoPlan, "K2", None),
                    risk(RiskKind::PlanAfterDeadline, "K5", Some("2027-01-15")),
                ],
                crate::Lang::En,
                vec![
                    "K5: the plan is not due until 2027-01-15, after the evaluation",
                    "Below the level with no action plan: K1, K2",
                ],
            ),
            (
                vec![risk(RiskKind::NoPlan, "K1", None)],
                crate::Lang::Sv,
                vec!["Under nivån utan åtgärdsplan: K1"],
            ),
        ];
        for (risks, lang, expected) in table {
            assert_eq!(risks_in_brief(&risks, lang), expected, "{risks:?}");
        }
    }
    use crate::Kind;
    use crate::testkit::{counts, criterion, d, dataset, plan, unit, value};
    use crate::{PlanRecord, PlanStatus, ValueRecord};
    use Light::{Amber, Green, Grey, Red};
    use PlanStatus::{Done, InProgress, Planned};
    use Reported::{No, NotApplicable, Number, Yes};

    const TODAY: &str = "2026-03-01";
    const DEADLINE: &str = "2026-09-30";

    /// One unit, one mandatory criterion valid 12 months: the cell's outlook and the unit's
    /// light today, if everything is done on time, and if nothing more happens.
    struct Row {
        name: &'static str,
        kind: Kind,
        green: Option<f64>,
        amber: Option<f64>,
        requires_evidence: bool,
        values: Vec<ValueRecord>,
        plans: Vec<PlanRecord>,
        outlook: Outlook,
        lights: (Light, Light, Light),
        today: &'static str,
        mandatory: bool,
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
            amber: None,
            requires_evidence: false,
            values: Vec::new(),
            plans: Vec::new(),
            outlook: Outlook::NoData,
            lights: (Grey, Grey, Grey),
            today: TODAY,
            mandatory: true,
        }
    }

    impl Row {
        /// Today, all done, nothing more.
        fn lights(mut self, today: Light, all_done: Light, nothing_more: Light) -> Row {
            self.lights = (today, all_done, nothing_more);
            self
        }
        fn outlook(mut self, outlook: Outlook) -> Row {
            self.outlook = outlook;
            self
        }
        fn value(mut self, measured: &str, v: Reported) -> Row {
            self.values.push(value("E1", "K1", measured, v));
            self
        }
        fn value_with_evidence(mut self, measured: &str, v: Reported) -> Row {
            let mut record = value("E1", "K1", measured, v);
            record.evidence = "intyg.pdf".into();
            self.values.push(record);
            self
        }
        fn plan(mut self, due: &str, status: PlanStatus) -> Row {
            self.plans.push(plan("E1", "K1", due, status));
            self
        }
        fn thresholds(mut self, green: Option<f64>, amber: Option<f64>) -> Row {
            (self.green, self.amber) = (green, amber);
            self
        }
        fn requires_evidence(mut self) -> Row {
            self.requires_evidence = true;
            self
        }
        /// Judged on `today` instead of [`TODAY`].
        fn on(mut self, today: &'static str) -> Row {
            self.today = today;
            self
        }
        fn optional(mut self) -> Row {
            self.mandatory = false;
            self
        }
    }

    fn lands(due: &str) -> Outlook {
        Outlook::PlanLands { due: d(due) }
    }
    fn again(by: &str) -> Outlook {
        Outlook::ReportAgain { by: d(by) }
    }
    fn at_risk(risk: RiskKind, date: Option<&str>) -> Outlook {
        Outlook::AtRisk {
            risk,
            date: date.map(d),
        }
    }

    fn rows() -> Vec<Row> {
        use RiskKind::{NoPlan, PlanAfterDeadline, PlanOverdue};
        vec![
            row(Kind::YesNo, "met and current on the deadline: stays met")
                .value("2026-01-15", Yes)
                .outlook(Outlook::StaysMet)
                .lights(Green, Green, Green),
            row(Kind::YesNo, "current until exactly the deadline: stays met")
                .value("2025-09-30", Yes)
                .outlook(Outlook::StaysMet)
                .lights(Green, Green, Green),
            row(
                Kind::YesNo,
                "current until the day before the deadline: report again by then",
            )
            .value("2025-09-29", Yes)
            .outlook(again("2026-09-29"))
            .lights(Green, Green, Amber),
            row(
                Kind::YesNo,
                "expires before the deadline: a reporting task, not a failure",
            )
            .value("2025-06-01", Yes)
            .outlook(again("2026-06-01"))
            .lights(Green, Green, Amber),
            row(
                Kind::YesNo,
                "already stale today: report again, the date has passed",
            )
            .value("2025-01-15", Yes)
            .outlook(again("2026-01-15"))
            .lights(Amber, Green, Amber),
            row(Kind::YesNo, "an expiring value renewed by a plan in time")
                .value("2025-06-01", Yes)
                .plan("2026-08-01", Planned)
                .outlook(lands("2026-08-01"))
                .lights(Green, Green, Amber),
            row(Kind::YesNo, "met and current: an open plan is no task")
                .value("2026-01-15", Yes)
                .plan("2026-06-30", Planned)
                .outlook(Outlook::StaysMet)
                .lights(Green, Green, Green),
            row(Kind::YesNo, "ja_nej: a plan in time lands")
                .value("2026-01-15", No)
                .plan("2026-06-30", Planned)
                .outlook(lands("2026-06-30"))
                .lights(Amber, Green, Red),
            row(
                Kind::Count,
                "antal: a plan due on the deadline still counts",
            )
            .value("2026-01-15", Number(1.0))
            .plan(DEADLINE, InProgress)
            .outlook(lands(DEADLINE))
            .lights(Amber, Green, Amber),
            row(Kind::YesNo, "a plan due today is in time")
                .value("2026-01-15", No)
                .plan(TODAY, Planned)
                .outlook(lands(TODAY))
                .lights(Amber, Green, Red),
            row(
                Kind::Share,
                "andel: a plan due the day after the deadline does not help",
            )
            .value("2026-01-15", Number(40.0))
            .plan("2026-10-01", Planned)
            .outlook(at_risk(PlanAfterDeadline, Some("2026-10-01")))
            .lights(Red, Red, Red),
            row(Kind::Evidence, "underlag: an overdue plan does not help")
                .value("2026-01-15", No)
                .plan("2026-02-28", InProgress)
                .outlook(at_risk(PlanOverdue, Some("2026-02-28")))
                .lights(Red, Red, Red),
            row(
                Kind::YesNo,
                "overdue and after-deadline plans: overdue first",
            )
            .value("2026-01-15", No)
            .plan("2026-12-01", Planned)
            .plan("2026-01-31", Planned)
            .outlook(at_risk(PlanOverdue, Some("2026-01-31")))
            .lights(Red, Red, Red),
            row(Kind::YesNo, "an overdue plan beside one in time: it lands")
                .value("2026-01-15", No)
                .plan("2026-01-31", Planned)
                .plan("2026-05-31", Planned)
                .outlook(lands("2026-05-31"))
                .lights(Amber, Green, Red),
            row(Kind::Count, "done plans do not land again")
                .value("2026-01-15", Number(1.0))
                .plan("2026-06-30", Done)
                .outlook(at_risk(NoPlan, None))
                .lights(Red, Red, Red),
            row(Kind::Count, "below and expiring, no plan: at risk")
                .value("2025-06-01", Number(0.0))
                .outlook(at_risk(NoPlan, None))
                .lights(Red, Red, Red),
            row(Kind::Share, "andel between the levels, no plan: at risk")
                .thresholds(Some(80.0), Some(50.0))
                .value("2026-01-15", Number(60.0))
                .outlook(at_risk(NoPlan, None))
                .lights(Amber, Amber, Amber),
            row(Kind::Share, "andel between the levels, a plan in time")
                .thresholds(Some(80.0), Some(50.0))
                .value("2026-01-15", Number(60.0))
                .plan("2026-06-30", Planned)
                .outlook(lands("2026-06-30"))
                .lights(Amber, Green, Amber),
            row(
                Kind::Count,
                "antal without green level: any value above zero",
            )
            .thresholds(None, None)
            .value("2026-01-15", Number(0.0))
            .plan("2026-06-30", Planned)
            .outlook(lands("2026-06-30"))
            .lights(Amber, Green, Red),
            row(Kind::YesNo, "no value, a plan in time: it lands")
                .plan("2026-06-30", Planned)
                .outlook(lands("2026-06-30"))
                .lights(Grey, Green, Grey),
            row(Kind::YesNo, "no value, a late plan: no data")
                .plan("2026-01-31", Planned)
                .outlook(Outlook::NoData)
                .lights(Grey, Grey, Grey),
            row(Kind::YesNo, "no value, no plan: no data")
                .outlook(Outlook::NoData)
                .lights(Grey, Grey, Grey),
            row(Kind::YesNo, "ej tillämplig never expires")
                .value("2024-01-01", NotApplicable)
                .outlook(Outlook::NotApplicable)
                .lights(Grey, Grey, Grey),
            row(Kind::YesNo, "ej tillämplig: a plan changes nothing")
                .value("2026-01-15", NotApplicable)
                .plan("2026-06-30", Planned)
                .outlook(Outlook::NotApplicable)
                .lights(Grey, Grey, Grey),
            row(Kind::Evidence, "underlag with evidence: stays met")
                .value_with_evidence("2026-01-15", Yes)
                .outlook(Outlook::StaysMet)
                .lights(Green, Green, Green),
            row(
                Kind::Evidence,
                "underlag answered Ja without evidence: add it",
            )
            .value("2026-01-15", Yes)
            .outlook(Outlook::AddEvidence { by: d(DEADLINE) })
            .lights(Red, Green, Red),
            row(Kind::Evidence, "underlag answered Nej: at risk")
                .value_with_evidence("2026-01-15", No)
                .outlook(at_risk(NoPlan, None))
                .lights(Red, Red, Red),
            row(
                Kind::YesNo,
                "evidence required and missing: add it by the deadline",
            )
            .requires_evidence()
            .value("2026-01-15", Yes)
            .outlook(Outlook::AddEvidence { by: d(DEADLINE) })
            .lights(Amber, Green, Amber),
            row(
                Kind::YesNo,
                "evidence missing, the value expires first: report again (with it) by then",
            )
            .requires_evidence()
            .value("2025-06-01", Yes)
            .outlook(again("2026-06-01"))
            .lights(Amber, Green, Amber),
            row(Kind::YesNo, "evidence missing, a plan in time: it lands")
                .requires_evidence()
                .value("2026-01-15", Yes)
                .plan("2026-06-30", Planned)
                .outlook(lands("2026-06-30"))
                .lights(Amber, Green, Amber),
            row(
                Kind::Share,
                "andel between the levels, its plan overdue: at risk",
            )
            .thresholds(Some(80.0), Some(50.0))
            .value("2026-01-15", Number(60.0))
            .plan("2026-02-01", Planned)
            .outlook(at_risk(PlanOverdue, Some("2026-02-01")))
            .lights(Amber, Amber, Amber),
            row(Kind::YesNo, "no value, a plan after the deadline: no data")
                .plan("2026-12-01", Planned)
                .outlook(Outlook::NoData)
                .lights(Grey, Grey, Grey),
            row(
                Kind::YesNo,
                "not mandatory: a red cell makes the unit amber",
            )
            .optional()
            .value("2026-01-15", No)
            .outlook(at_risk(NoPlan, None))
            .lights(Amber, Amber, Amber),
            row(
                Kind::YesNo,
                "not mandatory: its task done, the unit is green",
            )
            .optional()
            .value("2025-06-01", Yes)
            .outlook(again("2026-06-01"))
            .lights(Green, Green, Amber),
            row(
                Kind::YesNo,
                "on the deadline: a plan due that day still lands",
            )
            .on(DEADLINE)
            .value("2026-01-15", No)
            .plan(DEADLINE, InProgress)
            .outlook(lands(DEADLINE))
            .lights(Amber, Green, Amber),
            row(
                Kind::YesNo,
                "on the deadline: current until that day stays met",
            )
            .on(DEADLINE)
            .value("2025-09-30", Yes)
            .outlook(Outlook::StaysMet)
            .lights(Green, Green, Green),
            row(Kind::YesNo, "after the deadline: met on it stays met")
                .on("2026-10-01")
                .value("2025-10-15", Yes)
                .outlook(Outlook::StaysMet)
                .lights(Green, Green, Green),
            row(
                Kind::YesNo,
                "after the deadline: a plan that did not land is missed",
            )
            .on("2026-10-01")
            .value("2026-01-15", No)
            .plan("2026-09-01", Planned)
            .outlook(at_risk(RiskKind::Missed, None))
            .lights(Red, Red, Red),
            row(
                Kind::YesNo,
                "after the deadline: values measured after it do not count",
            )
            .on("2026-11-01")
            .value("2026-01-15", No)
            .value("2026-10-15", Yes)
            .outlook(at_risk(RiskKind::Missed, None))
            .lights(Green, Red, Red),
            row(Kind::YesNo, "values measured after today are not known yet")
                .value("2026-01-15", No)
                .value("2026-04-01", Yes)
                .outlook(at_risk(NoPlan, None))
                .lights(Red, Red, Red),
        ]
    }

    #[test]
    fn forecast_table() {
        for r in rows() {
            let mut k1 = criterion("K1", "Forskning", r.kind, r.green);
            k1.rule.amber = r.amber;
            k1.rule.requires_evidence = r.requires_evidence;
            k1.rule.mandatory = r.mandatory;
            let data = dataset(
                DEADLINE,
                vec![k1],
                vec![unit("E1", "Karolinska")],
                r.values,
                r.plans,
            );
            let p = project(&data, d(r.today));
            let u = &p.units[0];
            assert_eq!(
                (u.today, u.all_done, u.nothing_more),
                r.lights,
                "{}",
                r.name
            );
            let mut expected = OutlookCounts::default();
            expected.add(r.outlook);
            assert_eq!(u.outlooks, expected, "{}", r.name);
            let tasks: Vec<(TaskKind, NaiveDate)> =
                u.tasks.iter().map(|t| (t.kind, t.date)).collect();
            assert_eq!(
                tasks,
                r.outlook.task().into_iter().collect::<Vec<_>>(),
                "{}",
                r.name
            );
            let risks: Vec<(RiskKind, Option<NaiveDate>)> =
                u.risks.iter().map(|x| (x.kind, x.date)).collect();
            assert_eq!(
                risks,
                r.outlook.risk().into_iter().collect::<Vec<_>>(),
                "{}",
                r.name
            );
            assert!(
                u.tasks
                    .iter()
                    .all(|t| (t.unit.as_str(), t.criterion.as_str()) == ("E1", "K1"))
                    && u.risks
                        .iter()
                        .all(|x| (x.unit.as_str(), x.criterion.as_str()) == ("E1", "K1")),
                "{}",
                r.name
            );
        }
    }

    /// Four units of two criteria: counts, readiness, tasks and days left.
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
            // E1: green today; K1 must be reported again by 2026-05-01.
            value("E1", "K1", "2025-05-01", Yes),
            value("E1", "K2", "2026-02-01", Number(2.0)),
            // E2: K2 below with a plan in time.
            value("E2", "K1", "2026-02-01", Yes),
            value("E2", "K2", "2026-02-01", Number(0.0)),
            // E3: K1's plan is after the deadline.
            value("E3", "K1", "2026-02-01", No),
            value("E3", "K2", "2026-02-01", Number(4.0)),
            // E4: nothing reported; a plan for K1 only.
        ];
        let plans = vec![
            plan("E2", "K2", "2026-09-01", Planned),
            // A plan for a criterion that is met and current is neither task nor risk.
            plan("E2", "K1", "2027-03-01", Planned),
            plan("E3", "K1", "2027-01-31", Planned),
            plan("E4", "K1", "2026-06-30", Planned),
        ];
        dataset(DEADLINE, criteria, units, values, plans)
    }

    #[test]
    fn both_readings_rolled_up() {
        let p = project(&four_units(), d(TODAY));
        assert_eq!(p.days_left, 213);
        let lights: Vec<(&str, Light, Light, Light)> = p
            .units
            .iter()
            .map(|u| (u.code.as_str(), u.today, u.all_done, u.nothing_more))
            .collect();
        assert_eq!(
            lights,
            vec![
                ("E1", Green, Green, Amber),
                ("E2", Amber, Green, Red),
                ("E3", Red, Red, Red),
                // K1 lands, K2 has no data.
                ("E4", Grey, Amber, Grey),
            ]
        );
        assert_eq!(p.today_counts, counts(1, 1, 1, 1));
        assert_eq!(p.all_done_counts, counts(2, 1, 1, 0));
        assert_eq!(p.nothing_more_counts, counts(0, 1, 2, 1));
        assert_eq!(p.on_track(), 2);
        assert_eq!(
            (
                p.units[1].today_readiness,
                p.units[1].all_done_readiness,
                p.units[1].nothing_more_readiness
            ),
            (Some(50.0), Some(100.0), Some(50.0))
        );
        assert_eq!(
            p.outlooks,
            OutlookCounts {
                stays_met: 3,
                plan_lands: 2,
                report_again: 1,
                add_evidence: 0,
                at_risk: 1,
                no_data: 1,
                not_applicable: 0,
            }
        );
        assert_eq!(
            (p.report_again_late, p.first_report_again),
            (0, Some(d("2026-05-01")))
        );
        let later = project(&four_units(), d("2026-06-15"));
        assert_eq!(
            (later.report_again_late, later.first_report_again),
            (1, None),
            "E1's K1 went stale on 2026-05-01"
        );
        let task = later.tasks().next().unwrap();
        assert!(task.overdue);
        assert_eq!(
            task.text(crate::Lang::Sv),
            "K1: värdet gällde till 2026-05-01, rapportera igen nu"
        );
        assert!(
            later.summary(crate::Lang::En).contains(
                "1 value has already stopped being current and must be reported again; 2 plans must land."
            ),
            "{}",
            later.summary(crate::Lang::En)
        );
        let tasks: Vec<(&str, TaskKind, NaiveDate)> = p
            .tasks()
            .map(|t| (t.unit.as_str(), t.kind, t.date))
            .collect();
        assert_eq!(
            tasks,
            vec![
                ("E1", TaskKind::ReportAgain, d("2026-05-01")),
                ("E2", TaskKind::FinishPlan, d("2026-09-01")),
                ("E4", TaskKind::FinishPlan, d("2026-06-30")),
            ]
        );
        let risks: Vec<(&str, RiskKind)> = p.risks().map(|r| (r.unit.as_str(), r.kind)).collect();
        assert_eq!(
            risks,
            vec![
                ("E3", RiskKind::PlanAfterDeadline),
                ("E4", RiskKind::NoData)
            ]
        );
        assert_eq!(p.risk_count(RiskKind::PlanOverdue), 0);
        assert_eq!(p.task_count(TaskKind::FinishPlan), 2);
    }

    #[test]
    fn after_the_deadline_both_readings_are_the_deadline_lights() {
        let p = project(&four_units(), d("2026-10-15"));
        assert_eq!(p.days_left, -15);
        let lights: Vec<(Light, Light, Light)> = p
            .units
            .iter()
            .map(|u| (u.today, u.all_done, u.nothing_more))
            .collect();
        assert_eq!(
            lights,
            vec![
                // E1's K1 was stale on the deadline.
                (Amber, Amber, Amber),
                // E2's K2 plan (due 2026-09-01) did not land in time.
                (Red, Red, Red),
                (Red, Red, Red),
                // No value is grey whatever the plans say.
                (Grey, Grey, Grey),
            ]
        );
        assert_eq!(p.tasks().count(), 0, "nothing can be done in time any more");
        assert_eq!(p.risk_count(RiskKind::Missed), 3);
        assert_eq!(p.risk_count(RiskKind::NoData), 2);
    }

    #[test]
    fn the_summary_says_why_the_readings_differ() {
        let p = project(&four_units(), d(TODAY));
        assert_eq!(
            p.summary(crate::Lang::Sv),
            "Den 2026-09-30 är 2 av 4 enheter gröna om alla rapporterar i tid och varje åtgärd \
             blir klar, 0 om inget mer händer. Skillnaden är uppgifter med datum, inte försämring: \
             1 värde ska rapporteras igen innan det slutar gälla, senast 2026-05-01; 2 åtgärder \
             ska bli klara."
        );
        assert_eq!(
            p.summary(crate::Lang::En),
            "On 2026-09-30, 2 of 4 units are green if everyone reports on time and every plan \
             lands, 0 if nothing more happens. The difference is dated tasks, not decline: 1 \
             value must be reported again before it stops being current, by 2026-05-01; 2 plans \
             must land."
        );
        assert_eq!(
            p.outlooks.text(crate::Lang::En),
            "Of the units' criteria: 3 stay met, 1 must be reported again before the evaluation, 2 are \
             met once a plan lands, 1 is at risk, 1 has no data."
        );
        let past = project(&four_units(), d("2026-10-15"));
        assert_eq!(
            past.summary(crate::Lang::Sv),
            "Utvärderingsdagen 2026-09-30 har passerat: 0 av 4 enheter var gröna den dagen."
        );
    }

    #[test]
    fn the_forecast_week_by_week() {
        let criteria = vec![criterion("K1", "Forskning", Kind::YesNo, None)];
        let units = vec![unit("E1", "Karolinska"), unit("E2", "Karolinska")];
        let values = vec![
            value("E1", "K1", "2026-01-20", No),
            // E1's plan was completed and reported on 2026-02-10.
            value("E1", "K1", "2026-02-10", Yes),
            value("E2", "K1", "2026-02-01", No),
        ];
        let plans = vec![
            plan("E1", "K1", "2026-02-15", Done),
            plan("E2", "K1", "2026-02-05", Planned),
        ];
        let data = dataset(DEADLINE, criteria, units, values, plans);
        let points = forecast_weeks(&data, d(TODAY), 8);
        let got: Vec<(NaiveDate, u32, u32)> = points
            .iter()
            .map(|p| (p.date, p.all_done.green, p.nothing_more.green))
            .collect();
        assert_eq!(
            got,
            vec![
                // Before the first value was measured there is no point.
                // E1 below with its plan open then and due in time; E2 has reported nothing,
                // but its plan is due in time.
                (d("2026-01-25"), 2, 0),
                // E2 reported "Nej"; its plan (due 2026-02-05) is still in time.
                (d("2026-02-01"), 2, 0),
                // E2's plan is overdue; E1 met (reported 2026-02-10).
                (d("2026-02-08"), 1, 0),
                (d("2026-02-15"), 1, 1),
                (d("2026-02-22"), 1, 1),
                (d(TODAY), 1, 1),
            ]
        );
        assert!(forecast_weeks(&data, d("2025-12-01"), 8).is_empty());
    }

    /// The lean week-by-week counts are the full forecast's counts of each date.
    #[test]
    fn the_weeks_are_the_earlier_forecasts() {
        let data = four_units();
        let points = forecast_weeks(&data, d("2026-09-30"), 52);
        assert!(points.len() > 30);
        for p in points {
            let full = project_earlier(&data, p.date);
            assert_eq!(
                (p.all_done, p.nothing_more),
                (full.all_done_counts, full.nothing_more_counts),
                "{}",
                p.date
            );
        }
    }

    /// Brought up to date unit by unit, the rows equal rows computed afresh.
    #[test]
    fn weekly_rows_follow_a_write_unit_by_unit() {
        let before = four_units();
        let rows = ForecastRows::new(&before, d("2026-09-30"), 80);
        let mut after = before.clone();
        after.add_versions(
            vec![value("E3", "K1", "2026-03-15", Yes)],
            vec![plan("E1", "K1", "2026-04-15", Planned)],
        );
        let changed: HashSet<&str> = ["E3", "E1"].into_iter().collect();
        let updated = rows.updated(&after, &changed);
        assert_eq!(updated, ForecastRows::new(&after, d("2026-09-30"), 80));
        assert_ne!(
            updated.points(),
            rows.points(),
            "the write changed the forecast"
        );
        // A value earlier than every other moves the dates: computed whole, still equal.
        let mut earlier = after.clone();
        earlier.add_versions(vec![value("E4", "K2", "2025-01-01", Number(1.0))], vec![]);
        let changed: HashSet<&str> = ["E4"].into_iter().collect();
        assert!(
            forecast_dates(&earlier, d("2026-09-30"), 80).len()
                > forecast_dates(&after, d("2026-09-30"), 80).len()
        );
        assert_eq!(
            updated.updated(&earlier, &changed),
            ForecastRows::new(&earlier, d("2026-09-30"), 80)
        );
    }
}
