//! Time to act: each red or amber light gives the unit a number of days to do something about it
//! (like an issue tracker's reaction times), counted from the day the light became what it is.
//! When the days run out the working group is told (the digest's escalation section).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::format::{Lang, format_date};
use crate::{Assessment, Light, ReasonCode, valid_until};

/// Days to act per light; configured per installation (`READINESS_ACT_DAYS_RED`, `…_AMBER`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeToAct {
    pub red_days: u32,
    pub amber_days: u32,
}

impl Default for TimeToAct {
    fn default() -> Self {
        TimeToAct {
            red_days: 7,
            amber_days: 21,
        }
    }
}

impl TimeToAct {
    /// The days a light gives; `None` for lights that ask nothing (green, grey, not applicable).
    pub fn days(self, light: Light) -> Option<u32> {
        match light {
            Light::Red => Some(self.red_days),
            Light::Amber => Some(self.amber_days),
            _ => None,
        }
    }
}

/// The time left to act on one light, as of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActBy {
    /// The day the light became what it is.
    pub since: NaiveDate,
    /// The last day to act.
    pub by: NaiveDate,
    /// Negative: the time ran out that many days ago.
    pub days_left: i64,
}

impl ActBy {
    pub fn ran_out(self) -> bool {
        self.days_left < 0
    }

    /// "Agera senast 2026-12-08 (3 dagar kvar)" / "Tiden att agera gick ut 2026-12-08 (för 2
    /// dagar sedan)".
    pub fn text(self, lang: Lang) -> String {
        let by = format_date(self.by);
        let days = self.days_left.unsigned_abs();
        match (lang, self.ran_out(), days) {
            (Lang::Sv, false, 0) => format!("Agera senast i dag ({by})"),
            (Lang::Sv, false, 1) => format!("Agera senast {by} (1 dag kvar)"),
            (Lang::Sv, false, d) => format!("Agera senast {by} ({d} dagar kvar)"),
            (Lang::Sv, true, 1) => format!("Tiden att agera gick ut {by} (för 1 dag sedan)"),
            (Lang::Sv, true, d) => format!("Tiden att agera gick ut {by} (för {d} dagar sedan)"),
            (Lang::En, false, 0) => format!("Act by today ({by})"),
            (Lang::En, false, 1) => format!("Act by {by} (1 day left)"),
            (Lang::En, false, d) => format!("Act by {by} ({d} days left)"),
            (Lang::En, true, 1) => format!("The time to act ran out on {by} (1 day ago)"),
            (Lang::En, true, d) => format!("The time to act ran out on {by} ({d} days ago)"),
        }
    }

    /// The matrix cell's short form: days left, or how many days over with a minus sign.
    pub fn short(self) -> String {
        short_days(self.days_left)
    }
}

/// [`ActBy::short`] from the days alone (what the matrix keeps per cell).
pub fn short_days(days_left: i64) -> String {
    if days_left < 0 {
        format!("\u{2212}{} d", -days_left)
    } else {
        format!("{days_left} d")
    }
}

/// The days alone in words, for screen readers and tooltips: "3 dagar kvar att agera".
pub fn days_left_text(days_left: i64, lang: Lang) -> String {
    let days = days_left.unsigned_abs();
    match (lang, days_left < 0, days) {
        (Lang::Sv, false, 1) => "1 dag kvar att agera".into(),
        (Lang::Sv, false, d) => format!("{d} dagar kvar att agera"),
        (Lang::Sv, true, 1) => "tiden att agera gick ut för 1 dag sedan".into(),
        (Lang::Sv, true, d) => format!("tiden att agera gick ut för {d} dagar sedan"),
        (Lang::En, false, 1) => "1 day left to act".into(),
        (Lang::En, false, d) => format!("{d} days left to act"),
        (Lang::En, true, 1) => "the time to act ran out 1 day ago".into(),
        (Lang::En, true, d) => format!("the time to act ran out {d} days ago"),
    }
}

impl Assessment {
    /// The day this light began, as far as the value and the plans tell: a stale value from the
    /// day after it was last current, an overdue plan from the day after it was due, any other
    /// amber or red from the day its value was measured. `None` when the light asks nothing of
    /// the unit — green, grey, not applicable — or a plan in time is already the action.
    pub fn since(&self) -> Option<NaiveDate> {
        let r = &self.reason;
        match r.code {
            ReasonCode::Stale => r
                .measured
                .map(|m| valid_until(m, r.validity_months) + Days::new(1)),
            ReasonCode::ActionOverdue => r.due.map(|d| d + Days::new(1)),
            ReasonCode::EvidenceMissing
            | ReasonCode::Partial
            | ReasonCode::ActionAfterDeadline
            | ReasonCode::NoAction => r.measured,
            ReasonCode::NoValue
            | ReasonCode::NotApplicable
            | ReasonCode::Met
            | ReasonCode::ActionInProgress => None,
        }
    }

    /// The time left to act on this light as of `as_of`, under `policy`.
    pub fn act_by(&self, as_of: NaiveDate, policy: TimeToAct) -> Option<ActBy> {
        let days = policy.days(self.light)?;
        let since = self.since()?;
        let by = since + Days::new(u64::from(days));
        Some(ActBy {
            since,
            by,
            days_left: (by - as_of).num_days(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CriterionRule, Kind, PlanInfo, PlanStatus, Reported, assess};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn rule(requires_evidence: bool) -> CriterionRule {
        CriterionRule {
            kind: Kind::Share,
            green: Some(0.8),
            amber: Some(0.5),
            validity_months: 12,
            mandatory: true,
            requires_evidence,
        }
    }

    #[test]
    fn each_light_gives_its_days_from_the_day_it_began() {
        let policy = TimeToAct::default();
        let as_of = d("2026-12-01");
        let plan = |due: &str, status| PlanInfo {
            due: d(due),
            status,
        };
        // (case, value, measured, evidence required/given, plans, light, since, days left)
        type Row = (
            &'static str,
            Option<f64>,
            &'static str,
            (bool, bool),
            Vec<PlanInfo>,
            Light,
            Option<&'static str>,
            Option<i64>,
        );
        let rows: Vec<Row> = vec![
            (
                "met: nothing to do",
                Some(0.9),
                "2026-11-01",
                (false, false),
                vec![],
                Light::Green,
                None,
                None,
            ),
            (
                "no value: grey asks nothing yet",
                None,
                "2026-11-01",
                (false, false),
                vec![],
                Light::Grey,
                None,
                None,
            ),
            (
                "partial: amber since measured",
                Some(0.6),
                "2026-11-20",
                (false, false),
                vec![],
                Light::Amber,
                Some("2026-11-20"),
                Some(10),
            ),
            (
                "evidence missing: amber since measured",
                Some(0.9),
                "2026-11-01",
                (true, false),
                vec![],
                Light::Amber,
                Some("2026-11-01"),
                Some(-9),
            ),
            (
                "stale: amber from the day after it was current",
                Some(0.9),
                "2025-11-15",
                (false, false),
                vec![],
                Light::Amber,
                Some("2026-11-16"),
                Some(6),
            ),
            (
                "below, no plan: red since measured",
                Some(0.2),
                "2026-11-28",
                (false, false),
                vec![],
                Light::Red,
                Some("2026-11-28"),
                Some(4),
            ),
            (
                "below, no plan, long ago: ran out",
                Some(0.2),
                "2026-10-01",
                (false, false),
                vec![],
                Light::Red,
                Some("2026-10-01"),
                Some(-54),
            ),
            (
                "below, plan in time: the plan is the action",
                Some(0.2),
                "2026-10-01",
                (false, false),
                vec![plan("2026-12-20", PlanStatus::InProgress)],
                Light::Amber,
                None,
                None,
            ),
            (
                "below, plan overdue: red from the day after it was due",
                Some(0.2),
                "2026-10-01",
                (false, false),
                vec![plan("2026-11-29", PlanStatus::InProgress)],
                Light::Red,
                Some("2026-11-30"),
                Some(6),
            ),
            (
                "below, plan done: no open plan, red since measured",
                Some(0.2),
                "2026-11-30",
                (false, false),
                vec![plan("2026-11-29", PlanStatus::Done)],
                Light::Red,
                Some("2026-11-30"),
                Some(6),
            ),
        ];
        for (case, value, measured, (requires, given), plans, light, since, left) in rows {
            let reported = value.map(Reported::Number);
            let latest = reported.as_ref().map(|v| (v, d(measured), given));
            let a = assess(
                &rule(requires),
                latest,
                &plans,
                as_of,
                Some(d("2027-03-01")),
            );
            assert_eq!(a.light, light, "{case}");
            assert_eq!(a.since(), since.map(d), "{case}");
            let act = a.act_by(as_of, policy);
            assert_eq!(act.map(|a| a.days_left), left, "{case}");
            if let Some(act) = act {
                assert_eq!(
                    act.by - act.since,
                    chrono::TimeDelta::days(i64::from(policy.days(light).unwrap())),
                    "{case}"
                );
            }
        }
    }

    #[test]
    fn the_policy_decides_the_days() {
        let strict = TimeToAct {
            red_days: 1,
            amber_days: 2,
        };
        let a = assess(
            &rule(false),
            Some((&Reported::Number(0.6), d("2026-11-30"), false)),
            &[],
            d("2026-12-01"),
            None,
        );
        assert_eq!(a.act_by(d("2026-12-01"), strict).unwrap().days_left, 1);
        assert_eq!(a.act_by(d("2026-12-03"), strict).unwrap().days_left, -1);
    }

    #[test]
    fn the_time_reads_in_both_languages() {
        let act = |left| ActBy {
            since: d("2026-11-24"),
            by: d("2026-12-08"),
            days_left: left,
        };
        let rows = [
            (3, Lang::Sv, "Agera senast 2026-12-08 (3 dagar kvar)", "3 d"),
            (1, Lang::Sv, "Agera senast 2026-12-08 (1 dag kvar)", "1 d"),
            (0, Lang::Sv, "Agera senast i dag (2026-12-08)", "0 d"),
            (
                -2,
                Lang::Sv,
                "Tiden att agera gick ut 2026-12-08 (för 2 dagar sedan)",
                "\u{2212}2 d",
            ),
            (3, Lang::En, "Act by 2026-12-08 (3 days left)", "3 d"),
            (
                -1,
                Lang::En,
                "The time to act ran out on 2026-12-08 (1 day ago)",
                "\u{2212}1 d",
            ),
        ];
        for (left, lang, text, short) in rows {
            assert_eq!(act(left).text(lang), text);
            assert_eq!(act(left).short(), short);
        }
        assert_eq!(days_left_text(3, Lang::Sv), "3 dagar kvar att agera");
        assert_eq!(
            days_left_text(-1, Lang::Sv),
            "tiden att agera gick ut för 1 dag sedan"
        );
        assert_eq!(days_left_text(1, Lang::En), "1 day left to act");
        assert_eq!(
            days_left_text(-4, Lang::En),
            "the time to act ran out 4 days ago"
        );
    }
}
