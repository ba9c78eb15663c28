use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::format::{Lang, format_date, format_number, format_percent};
use crate::{CriterionRule, Kind, Light, PlanStatus, Reported};

/// An action plan as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInfo {
    pub due: NaiveDate,
    pub status: PlanStatus,
}

/// Which rule decided a light. Stable codes for the API and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    NoValue,
    NotApplicable,
    Met,
    Stale,
    EvidenceMissing,
    Partial,
    ActionInProgress,
    ActionOverdue,
    ActionAfterDeadline,
    NoAction,
}

/// The figures behind a light, so that its reason can be written in either language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub code: ReasonCode,
    pub kind: Kind,
    pub value: Option<Reported>,
    pub has_evidence: bool,
    pub green: Option<f64>,
    pub amber: Option<f64>,
    pub measured: Option<NaiveDate>,
    pub validity_months: u32,
    /// The plan that decided an amber or red light below the thresholds.
    pub due: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub light: Light,
    pub reason: Reason,
}

/// The last day a value measured on `measured` is current.
pub fn valid_until(measured: NaiveDate, validity_months: u32) -> NaiveDate {
    measured
        .checked_add_months(Months::new(validity_months))
        .unwrap_or(NaiveDate::MAX)
}

pub(crate) enum Level {
    Met,
    Partial,
    Below,
}

pub(crate) fn level(rule: &CriterionRule, value: &Reported, has_evidence: bool) -> Level {
    match (rule.kind, value) {
        (Kind::Evidence, Reported::Yes) if has_evidence => Level::Met,
        (Kind::Evidence, _) => Level::Below,
        (_, Reported::Yes) => Level::Met,
        (_, Reported::No) => Level::Below,
        (_, Reported::Number(n)) => {
            // A criterion without a green threshold is met by any value above zero.
            let green = rule.green.unwrap_or(f64::MIN_POSITIVE);
            if *n >= green {
                Level::Met
            } else if rule.amber.is_some_and(|amber| *n >= amber) {
                Level::Partial
            } else {
                Level::Below
            }
        }
        (_, Reported::NotApplicable) => Level::Met,
    }
}

/// The light of one criterion for one unit, as of `as_of`.
///
/// `latest` is the unit's latest value measured on or before `as_of` (value, measured date,
/// whether evidence was given); `plans` are the unit's action plans for the criterion;
/// `deadline` is the evaluation's date.
pub fn assess(
    rule: &CriterionRule,
    latest: Option<(&Reported, NaiveDate, bool)>,
    plans: &[PlanInfo],
    as_of: NaiveDate,
    deadline: Option<NaiveDate>,
) -> Assessment {
    let mut reason = Reason {
        code: ReasonCode::NoValue,
        kind: rule.kind,
        value: None,
        has_evidence: false,
        green: rule.green,
        amber: rule.amber,
        measured: None,
        validity_months: rule.validity_months,
        due: None,
        deadline,
    };
    let Some((value, measured, has_evidence)) = latest else {
        return Assessment {
            light: Light::Grey,
            reason,
        };
    };
    reason.value = Some(*value);
    reason.measured = Some(measured);
    reason.has_evidence = has_evidence;

    let (light, code) = if *value == Reported::NotApplicable {
        (Light::NotApplicable, ReasonCode::NotApplicable)
    } else {
        match level(rule, value, has_evidence) {
            Level::Met if as_of > valid_until(measured, rule.validity_months) => {
                (Light::Amber, ReasonCode::Stale)
            }
            Level::Met if rule.requires_evidence && !has_evidence => {
                (Light::Amber, ReasonCode::EvidenceMissing)
            }
            Level::Met => (Light::Green, ReasonCode::Met),
            Level::Partial => (Light::Amber, ReasonCode::Partial),
            Level::Below => {
                let (light, code, due) = judge_plans(plans, as_of, deadline);
                reason.due = due;
                (light, code)
            }
        }
    };
    reason.code = code;
    Assessment { light, reason }
}

/// Below the thresholds: the open plans decide between "under way" (amber) and red.
fn judge_plans(
    plans: &[PlanInfo],
    as_of: NaiveDate,
    deadline: Option<NaiveDate>,
) -> (Light, ReasonCode, Option<NaiveDate>) {
    let open = || plans.iter().filter(|p| p.status.is_open());
    let in_time = open()
        .filter(|p| p.due >= as_of && deadline.is_none_or(|d| p.due <= d))
        .map(|p| p.due)
        .min();
    if let Some(due) = in_time {
        return (Light::Amber, ReasonCode::ActionInProgress, Some(due));
    }
    if let Some(due) = open().filter(|p| p.due < as_of).map(|p| p.due).min() {
        return (Light::Red, ReasonCode::ActionOverdue, Some(due));
    }
    if let Some(due) = open().map(|p| p.due).min() {
        return (Light::Red, ReasonCode::ActionAfterDeadline, Some(due));
    }
    (Light::Red, ReasonCode::NoAction, None)
}

impl Reason {
    fn figure(&self, lang: Lang) -> String {
        let sv = lang == Lang::Sv;
        let Some(value) = &self.value else {
            return String::new();
        };
        let threshold = |n: f64| match self.kind {
            Kind::Share => format_percent(n, lang),
            _ => format_number(n, lang),
        };
        let requirement = match (self.kind, self.green) {
            (kind, Some(g)) if kind.has_thresholds() => {
                format!(
                    ", {} ≥ {}",
                    if sv { "krav" } else { "required" },
                    threshold(g)
                )
            }
            _ => String::new(),
        };
        match (self.kind, value) {
            (Kind::Evidence, Reported::Yes | Reported::No) => {
                match (self.has_evidence && *value == Reported::Yes, sv) {
                    (true, true) => "Underlag finns".into(),
                    (true, false) => "Evidence given".into(),
                    (false, true) => "Underlag saknas".into(),
                    (false, false) => "No evidence".into(),
                }
            }
            (_, Reported::Yes) => (if sv { "Ja" } else { "Yes" }).into(),
            (_, Reported::No) => (if sv {
                "Nej, krav Ja"
            } else {
                "No, required Yes"
            })
            .into(),
            (_, Reported::Number(n)) => format!("{}{requirement}", threshold(*n)),
            (_, Reported::NotApplicable) => (if sv {
                "Ej tillämplig"
            } else {
                "Not applicable"
            })
            .into(),
        }
    }

    /// A short sentence naming the rule and the figures, e.g.
    /// "2, krav ≥ 1, mätt 2025-03-31 — äldre än 12 mån (inaktuell)".
    pub fn text(&self, lang: Lang) -> String {
        let sv = lang == Lang::Sv;
        if self.code == ReasonCode::NoValue {
            return (if sv {
                "Ingen uppgift rapporterad"
            } else {
                "No value reported"
            })
            .into();
        }
        let measured = self
            .measured
            .map(|d| {
                format!(
                    ", {} {}",
                    if sv { "mätt" } else { "measured" },
                    format_date(d)
                )
            })
            .unwrap_or_default();
        let date = |d: Option<NaiveDate>| d.map(format_date).unwrap_or_default();
        let threshold = |n: Option<f64>| match (self.kind, n) {
            (Kind::Share, Some(n)) => format_percent(n, lang),
            (_, Some(n)) => format_number(n, lang),
            (_, None) => String::new(),
        };
        let verdict = match (self.code, sv) {
            (ReasonCode::NoValue, _) => unreachable!("handled above"),
            (ReasonCode::NotApplicable, _) => return format!("{}{measured}", self.figure(lang)),
            (ReasonCode::Met, true) => "uppfyllt".into(),
            (ReasonCode::Met, false) => "met".into(),
            (ReasonCode::Stale, true) => {
                format!("äldre än {} mån (inaktuell)", self.validity_months)
            }
            (ReasonCode::Stale, false) => {
                format!("older than {} months (stale)", self.validity_months)
            }
            (ReasonCode::EvidenceMissing, true) => "underlag saknas".into(),
            (ReasonCode::EvidenceMissing, false) => "evidence missing".into(),
            (ReasonCode::Partial, true) => {
                format!("delvis uppfyllt (gult ≥ {})", threshold(self.amber))
            }
            (ReasonCode::Partial, false) => {
                format!("partly met (amber ≥ {})", threshold(self.amber))
            }
            (ReasonCode::ActionInProgress, true) => {
                format!("åtgärd pågår, klar senast {}", date(self.due))
            }
            (ReasonCode::ActionInProgress, false) => {
                format!("action under way, due {}", date(self.due))
            }
            (ReasonCode::ActionOverdue, true) => {
                format!("åtgärd försenad, skulle vara klar {}", date(self.due))
            }
            (ReasonCode::ActionOverdue, false) => {
                format!("action overdue since {}", date(self.due))
            }
            (ReasonCode::ActionAfterDeadline, true) => format!(
                "åtgärd klar först {}, efter utvärderingen {}",
                date(self.due),
                date(self.deadline)
            ),
            (ReasonCode::ActionAfterDeadline, false) => format!(
                "action due {}, after the evaluation on {}",
                date(self.due),
                date(self.deadline)
            ),
            (ReasonCode::NoAction, true) => "ej uppfyllt, ingen åtgärdsplan".into(),
            (ReasonCode::NoAction, false) => "not met, no action plan".into(),
        };
        format!("{}{measured} — {verdict}", self.figure(lang))
    }
}
