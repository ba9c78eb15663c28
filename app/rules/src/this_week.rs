//! "This week": for the signed-in role, the few things the forecast depends on that fall due
//! soonest. A unit lead gets the tasks on their own units (report again, finish a plan, add
//! evidence) and their overdue plans; the working group gets the reviews waiting, the units whose
//! forecast turned worse since a week ago, and the overdue plans; leadership gets how many units
//! are on track for each evaluation and which are not, with the reason. The same lists are what
//! reminders would send.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Actor, Light, Projection, RiskKind, Role, Text, UnitProjection};

/// How many items a list shows; the rest are counted.
pub const THIS_WEEK_ITEMS: usize = 8;

/// One evaluation's forecast now and a week earlier (from what was known then).
pub struct WeekForecast<'a> {
    pub evaluation: &'a str,
    pub name: &'a str,
    pub now: &'a Projection,
    pub week_ago: &'a Projection,
}

/// Something to do on one unit, with its date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DueItem {
    pub evaluation: String,
    pub unit: String,
    pub unit_name: String,
    pub date: NaiveDate,
    /// The date has passed.
    pub overdue: bool,
    pub text: Text,
}

/// A unit whose light on the deadline, if everything is done on time, got worse since a week ago.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Worsened {
    pub evaluation: String,
    pub unit: String,
    pub unit_name: String,
    pub before: Light,
    pub now: Light,
    /// The unit's first risk now, in words.
    pub reason: Option<Text>,
}

/// A unit that is not on track, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OffTrack {
    pub unit: String,
    pub unit_name: String,
    pub all_done: Light,
    /// Its risks in words, the first few.
    pub reasons: Vec<Text>,
}

/// One evaluation for leadership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackCount {
    pub evaluation: String,
    pub name: String,
    pub deadline: NaiveDate,
    /// Negative once the deadline has passed: `on_track` then counts the units that were green.
    pub days_left: i64,
    pub on_track: usize,
    pub units: usize,
    /// Worst first, at most [`THIS_WEEK_ITEMS`].
    pub off_track: Vec<OffTrack>,
    pub more: usize,
}

/// The signed-in role's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ThisWeek {
    UnitLead {
        /// Soonest first (overdue ones first of all), at most [`THIS_WEEK_ITEMS`].
        items: Vec<DueItem>,
        more: usize,
    },
    WorkingGroup {
        reviews_waiting: usize,
        worsened: Vec<Worsened>,
        worsened_more: usize,
        overdue_plans: Vec<DueItem>,
        overdue_more: usize,
    },
    Leadership {
        evaluations: Vec<TrackCount>,
    },
}

fn words(sv: String, en: String) -> Text {
    Text::new(sv, en)
}

fn unit_items<'a>(
    evaluation: &'a str,
    unit: &'a UnitProjection,
    today: NaiveDate,
    overdue_plans_only: bool,
) -> impl Iterator<Item = DueItem> + 'a {
    let item = move |date: NaiveDate, text: Text| DueItem {
        evaluation: evaluation.to_owned(),
        unit: unit.code.clone(),
        unit_name: unit.name.clone(),
        date,
        overdue: date < today,
        text,
    };
    let tasks = unit
        .tasks
        .iter()
        .filter(move |_| !overdue_plans_only)
        .map(move |t| {
            item(
                t.date,
                words(t.text(crate::Lang::Sv), t.text(crate::Lang::En)),
            )
        });
    let overdue = unit
        .risks
        .iter()
        .filter(|r| r.kind == RiskKind::PlanOverdue)
        .filter_map(move |r| {
            Some(item(
                r.date?,
                words(r.text(crate::Lang::Sv), r.text(crate::Lang::En)),
            ))
        });
    tasks.chain(overdue)
}

fn first(mut items: Vec<DueItem>) -> (Vec<DueItem>, usize) {
    items.sort_by(|a, b| (a.date, &a.unit, &a.evaluation).cmp(&(b.date, &b.unit, &b.evaluation)));
    let more = items.len().saturating_sub(THIS_WEEK_ITEMS);
    items.truncate(THIS_WEEK_ITEMS);
    (items, more)
}

/// The list for `actor`: `forecasts` are the evaluations' forecasts as of `today` and a week
/// earlier; `reviews_waiting` is how many reported values wait for the working group's review.
pub fn this_week(
    actor: &Actor,
    forecasts: &[WeekForecast<'_>],
    reviews_waiting: usize,
    today: NaiveDate,
) -> ThisWeek {
    match actor.role {
        Role::Enhetsansvarig => {
            let items = forecasts
                .iter()
                .filter(|f| f.now.days_left >= 0)
                .flat_map(|f| {
                    f.now
                        .units
                        .iter()
                        .filter(|u| actor.units.contains(&u.code))
                        .flat_map(move |u| unit_items(f.evaluation, u, today, false))
                })
                .collect();
            let (items, more) = first(items);
            ThisWeek::UnitLead { items, more }
        }
        Role::Admin | Role::Arbetsgrupp => {
            let mut worsened: Vec<Worsened> = Vec::new();
            for f in forecasts {
                // By code: each date counts its own designated units, so a unit designated or
                // ended in the week is in one list only (and has nothing to compare).
                let week_ago: std::collections::HashMap<&str, &crate::UnitProjection> = f
                    .week_ago
                    .units
                    .iter()
                    .map(|u| (u.code.as_str(), u))
                    .collect();
                for u in &f.now.units {
                    let Some(before) = week_ago.get(u.code.as_str()) else {
                        continue;
                    };
                    if u.all_done.urgency() < before.all_done.urgency() {
                        worsened.push(Worsened {
                            evaluation: f.evaluation.to_owned(),
                            unit: u.code.clone(),
                            unit_name: u.name.clone(),
                            before: before.all_done,
                            now: u.all_done,
                            reason: u
                                .risks
                                .first()
                                .map(|r| words(r.text(crate::Lang::Sv), r.text(crate::Lang::En))),
                        });
                    }
                }
            }
            worsened.sort_by(|a, b| {
                (a.now.urgency(), &a.unit, &a.evaluation).cmp(&(
                    b.now.urgency(),
                    &b.unit,
                    &b.evaluation,
                ))
            });
            let worsened_more = worsened.len().saturating_sub(THIS_WEEK_ITEMS);
            worsened.truncate(THIS_WEEK_ITEMS);
            let overdue = forecasts
                .iter()
                .flat_map(|f| {
                    f.now
                        .units
                        .iter()
                        .flat_map(move |u| unit_items(f.evaluation, u, today, true))
                })
                .collect();
            let (overdue_plans, overdue_more) = first(overdue);
            ThisWeek::WorkingGroup {
                reviews_waiting,
                worsened,
                worsened_more,
                overdue_plans,
                overdue_more,
            }
        }
        Role::Lasare => ThisWeek::Leadership {
            evaluations: forecasts
                .iter()
                .map(|f| {
                    let mut off: Vec<&UnitProjection> =
                        f.now.units.iter().filter(|u| !u.on_track()).collect();
                    off.sort_by(|a, b| crate::attention_order(a).cmp(&crate::attention_order(b)));
                    let more = off.len().saturating_sub(THIS_WEEK_ITEMS);
                    TrackCount {
                        evaluation: f.evaluation.to_owned(),
                        name: f.name.to_owned(),
                        deadline: f.now.deadline,
                        days_left: f.now.days_left,
                        on_track: f.now.on_track(),
                        units: f.now.units.len(),
                        off_track: off
                            .into_iter()
                            .take(THIS_WEEK_ITEMS)
                            .map(|u| OffTrack {
                                unit: u.code.clone(),
                                unit_name: u.name.clone(),
                                all_done: u.all_done,
                                reasons: u
                                    .risks
                                    .iter()
                                    .take(3)
                                    .map(|r| {
                                        words(r.text(crate::Lang::Sv), r.text(crate::Lang::En))
                                    })
                                    .collect(),
                            })
                            .collect(),
                        more,
                    }
                })
                .collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{criterion, d, dataset, plan, unit, value};
    use crate::{Dataset, Kind, PlanStatus, Reported, project};

    /// E1: K1 must be reported again by 2026-05-01, K2 has a plan due 2026-06-30.
    /// E2: K1 below with a plan overdue since 2026-02-15; K2 met.
    /// E3: K1 met; its K2 plan (due 2026-02-25) was in time a week before 2026-03-01.
    fn three_units() -> Dataset {
        dataset(
            "2026-09-30",
            vec![
                criterion("K1", "Forskning", Kind::YesNo, None),
                criterion("K2", "Utbildning", Kind::Count, Some(1.0)),
            ],
            vec![
                unit("E1", "Karolinska"),
                unit("E2", "Karolinska"),
                unit("E3", "Danderyd"),
            ],
            vec![
                value("E1", "K1", "2025-05-01", Reported::Yes),
                value("E1", "K2", "2026-01-10", Reported::Number(0.0)),
                value("E2", "K1", "2026-01-10", Reported::No),
                value("E2", "K2", "2026-01-10", Reported::Number(3.0)),
                value("E3", "K1", "2026-01-10", Reported::Yes),
                value("E3", "K2", "2026-01-10", Reported::Number(0.0)),
            ],
            vec![
                plan("E1", "K2", "2026-06-30", PlanStatus::Planned),
                plan("E2", "K1", "2026-02-15", PlanStatus::InProgress),
                plan("E3", "K2", "2026-02-25", PlanStatus::Planned),
            ],
        )
    }

    fn week(actor: &Actor, reviews: usize) -> ThisWeek {
        let data = three_units();
        let (now, before) = (
            project(&data, d("2026-03-01")),
            project(&data, d("2026-02-22")),
        );
        let forecasts = [WeekForecast {
            evaluation: "USV2026",
            name: "USV 2026",
            now: &now,
            week_ago: &before,
        }];
        this_week(actor, &forecasts, reviews, d("2026-03-01"))
    }

    fn actor(role: Role, units: &[&str]) -> Actor {
        Actor {
            role,
            units: units.iter().map(|u| u.to_string()).collect(),
        }
    }

    #[test]
    fn a_unit_lead_gets_the_tasks_of_their_units_soonest_first() {
        let ThisWeek::UnitLead { items, more } =
            week(&actor(Role::Enhetsansvarig, &["E1", "E2"]), 3)
        else {
            panic!("a unit lead's list");
        };
        let got: Vec<(&str, NaiveDate, bool, &str)> = items
            .iter()
            .map(|i| {
                (
                    i.unit.as_str(),
                    i.date,
                    i.overdue,
                    i.text.get(crate::Lang::Sv),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "E2",
                    d("2026-02-15"),
                    true,
                    "K1: åtgärden är försenad (skulle vara klar 2026-02-15)"
                ),
                (
                    "E1",
                    d("2026-05-01"),
                    false,
                    "K1: rapportera igen senast 2026-05-01"
                ),
                (
                    "E1",
                    d("2026-06-30"),
                    false,
                    "K2: åtgärden ska vara klar 2026-06-30"
                ),
            ]
        );
        assert_eq!(more, 0);
    }

    /// A unit designated during the week is in this week's forecast only: the others are still
    /// compared with themselves (by code, not by position).
    #[test]
    fn a_unit_designated_during_the_week_does_not_hide_another_that_worsened() {
        let mut data = three_units();
        data.designations = crate::Designations::new(vec![crate::DesignationPeriod {
            unit: "E2".into(),
            from: d("2026-02-25"),
            to: None,
            decision: "LG 2026:02".into(),
        }]);
        let (now, before) = (
            project(&data, d("2026-03-01")),
            project(&data, d("2026-02-22")),
        );
        assert_eq!(now.units.len(), 3);
        assert_eq!(before.units.len(), 2);
        let forecasts = [WeekForecast {
            evaluation: "USV2026",
            name: "USV 2026",
            now: &now,
            week_ago: &before,
        }];
        let ThisWeek::WorkingGroup { worsened, .. } = this_week(
            &actor(Role::Arbetsgrupp, &[]),
            &forecasts,
            0,
            d("2026-03-01"),
        ) else {
            panic!("the working group's list");
        };
        let got: Vec<&str> = worsened.iter().map(|w| w.unit.as_str()).collect();
        assert_eq!(got, ["E3"]);
    }

    #[test]
    fn the_working_group_gets_reviews_worsened_units_and_overdue_plans() {
        let ThisWeek::WorkingGroup {
            reviews_waiting,
            worsened,
            overdue_plans,
            ..
        } = week(&actor(Role::Arbetsgrupp, &[]), 3)
        else {
            panic!("the working group's list");
        };
        assert_eq!(reviews_waiting, 3);
        // E3's plan was in time a week ago (green if all is done) and is overdue now (red).
        let got: Vec<(&str, Light, Light)> = worsened
            .iter()
            .map(|w| (w.unit.as_str(), w.before, w.now))
            .collect();
        assert_eq!(got, vec![("E3", Light::Green, Light::Red)]);
        assert_eq!(
            worsened[0].reason.as_ref().map(|t| t.get(crate::Lang::En)),
            Some("K2: the plan is overdue (was due 2026-02-25)")
        );
        let plans: Vec<(&str, NaiveDate)> = overdue_plans
            .iter()
            .map(|i| (i.unit.as_str(), i.date))
            .collect();
        assert_eq!(
            plans,
            vec![("E2", d("2026-02-15")), ("E3", d("2026-02-25"))]
        );
        assert!(matches!(
            week(&actor(Role::Admin, &[]), 0),
            ThisWeek::WorkingGroup { .. }
        ));
    }

    #[test]
    fn leadership_gets_the_units_on_track_and_the_reasons_of_the_others() {
        let ThisWeek::Leadership { evaluations } = week(&actor(Role::Lasare, &[]), 3) else {
            panic!("leadership's list");
        };
        let e = &evaluations[0];
        assert_eq!(
            (e.on_track, e.units),
            (1, 3),
            "E1 is on track if it reports again"
        );
        let off: Vec<(&str, Light, Vec<&str>)> = e
            .off_track
            .iter()
            .map(|u| {
                (
                    u.unit.as_str(),
                    u.all_done,
                    u.reasons.iter().map(|r| r.get(crate::Lang::En)).collect(),
                )
            })
            .collect();
        assert_eq!(
            off,
            vec![
                (
                    "E2",
                    Light::Red,
                    vec!["K1: the plan is overdue (was due 2026-02-15)"]
                ),
                (
                    "E3",
                    Light::Red,
                    vec!["K2: the plan is overdue (was due 2026-02-25)"]
                ),
            ]
        );
    }
}
