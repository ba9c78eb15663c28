//! The Lägesrapport (status report) as data: what the print page and the XLSX pack both show,
//! computed once from the evaluations' datasets and the baseline it is compared with.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    Dataset, LightCounts, MovementCounts, PlanRecord, Risk, Snapshot, UnitChange, compare, project,
    trend,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusReport {
    pub as_of: NaiveDate,
    /// The baseline the changes are counted from, if any.
    pub baseline: Option<String>,
    pub evaluations: Vec<EvaluationReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationReport {
    pub code: String,
    pub name: String,
    pub deadline: NaiveDate,
    pub days_left: i64,
    pub criteria: usize,
    /// Units per overall light as of the report date.
    pub today: LightCounts,
    /// … on the deadline if everyone reports on time and every plan lands.
    pub all_done: LightCounts,
    /// … on the deadline if nothing more happens.
    pub nothing_more: LightCounts,
    /// Cells per outlook on the deadline.
    pub outlooks: crate::OutlookCounts,
    /// What the two readings say and why they differ ([`crate::Projection::summary`]).
    pub forecast: crate::Text,
    /// Criterion lights (unit × criterion) per area.
    pub areas: Vec<(String, LightCounts)>,
    /// Units per overall light per care provider, by name.
    pub providers: Vec<(String, LightCounts)>,
    /// Units not on track (not green on the deadline even if everything is done) or with a
    /// risk, worst first.
    pub at_risk: Vec<UnitAtRisk>,
    /// Units per light, quarter by quarter: (date, whether the quarter is complete, counts).
    pub trend: Vec<(NaiveDate, bool, LightCounts)>,
    pub changes: Option<ChangeSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitAtRisk {
    pub code: String,
    pub name: String,
    pub care_provider: String,
    pub today: crate::Light,
    pub all_done: crate::Light,
    pub nothing_more: crate::Light,
    pub risks: Vec<Risk>,
    /// The dated tasks the unit's forecast depends on, soonest first.
    pub tasks: Vec<crate::Task>,
    /// The unit's open plans.
    pub plans: Vec<PlanRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeSummary {
    pub baseline: String,
    pub since: NaiveDate,
    pub units: MovementCounts,
    pub cells: MovementCounts,
    /// Units whose overall light worsened or improved (unchanged ones left out).
    pub changed_units: Vec<UnitChange>,
}

/// Builds the report. `previous` is the baseline to compare with: its name and its snapshot of
/// each evaluation (missing evaluations get no change section).
pub fn status_report<D: std::borrow::Borrow<Dataset>>(
    datasets: &[D],
    as_of: NaiveDate,
    previous: Option<(&str, &[Snapshot])>,
) -> StatusReport {
    let evaluations = datasets
        .iter()
        .map(|dataset| {
            let dataset: &Dataset = dataset.borrow();
            let mut report = evaluation_report(dataset, as_of);
            report.changes = previous.and_then(|(name, snapshots)| {
                changes_since(dataset, &dataset.board(as_of), name, snapshots)
            });
            report
        })
        .collect();
    StatusReport {
        as_of,
        baseline: previous.map(|(name, _)| name.to_string()),
        evaluations,
    }
}

/// One evaluation's part of the report, without the changes since a baseline (see
/// [`changes_since`]): what depends on the records and the date only.
pub fn evaluation_report(dataset: &Dataset, as_of: NaiveDate) -> EvaluationReport {
    evaluation_report_from(
        dataset,
        &dataset.board(as_of),
        &project(dataset, as_of),
        &trend(dataset, None, as_of),
    )
}

/// [`evaluation_report`] from the board, projection and trend of `dataset` as of the report's
/// date, for a caller that keeps those already.
pub fn evaluation_report_from(
    dataset: &Dataset,
    board: &crate::Board,
    projection: &crate::Projection,
    trend: &crate::Trend,
) -> EvaluationReport {
    let mut providers: Vec<(String, LightCounts)> = Vec::new();
    for u in board.counted_units() {
        let (unit, summary) = (&dataset.units[u], &board.summaries[u]);
        match providers.iter_mut().find(|(p, _)| *p == unit.care_provider) {
            Some((_, counts)) => counts.add(summary.overall),
            None => {
                let mut counts = LightCounts::default();
                counts.add(summary.overall);
                providers.push((unit.care_provider.clone(), counts));
            }
        }
    }
    providers.sort_by(|a, b| a.0.cmp(&b.0));
    let mut open_plans: HashMap<&str, Vec<&PlanRecord>> = HashMap::new();
    for p in dataset.plans.iter().filter(|p| p.status.is_open()) {
        open_plans.entry(p.unit.as_str()).or_default().push(p);
    }
    let mut at_risk: Vec<UnitAtRisk> = projection
        .units
        .iter()
        .filter(|u| !u.risks.is_empty() || !u.on_track())
        .map(|u| UnitAtRisk {
            code: u.code.clone(),
            name: u.name.clone(),
            care_provider: u.care_provider.clone(),
            today: u.today,
            all_done: u.all_done,
            nothing_more: u.nothing_more,
            risks: u.risks.clone(),
            tasks: u.tasks.clone(),
            plans: open_plans
                .get(u.code.as_str())
                .map(|plans| plans.iter().map(|p| (*p).clone()).collect())
                .unwrap_or_default(),
        })
        .collect();
    // The projection's own order: worst "all done" light first.
    let order: HashMap<&str, usize> = {
        let mut units: Vec<&crate::UnitProjection> = projection.units.iter().collect();
        units.sort_by(|a, b| crate::attention_order(a).cmp(&crate::attention_order(b)));
        units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.code.as_str(), i))
            .collect()
    };
    at_risk.sort_by_key(|u| order.get(u.code.as_str()).copied());
    EvaluationReport {
        code: dataset.evaluation.code.clone(),
        name: dataset.evaluation.name.clone(),
        deadline: dataset.evaluation.deadline,
        days_left: projection.days_left,
        criteria: dataset.criteria.len(),
        today: projection.today_counts,
        all_done: projection.all_done_counts,
        nothing_more: projection.nothing_more_counts,
        outlooks: projection.outlooks,
        forecast: crate::Text::new(
            projection.summary(crate::Lang::Sv),
            projection.summary(crate::Lang::En),
        ),
        areas: board.area_counts(dataset),
        providers,
        at_risk,
        trend: trend
            .points
            .iter()
            .map(|p| (p.date, p.complete, p.units))
            .collect(),
        changes: None,
    }
}

/// What changed in `dataset`'s evaluation between the baseline `name` (its `snapshots`) and
/// `board`; `None` when the baseline has no snapshot of this evaluation.
pub fn changes_since(
    dataset: &Dataset,
    board: &crate::Board,
    name: &str,
    snapshots: &[Snapshot],
) -> Option<ChangeSummary> {
    let before = snapshots
        .iter()
        .find(|s| s.evaluation == dataset.evaluation.code)?;
    let now = Snapshot::from_board(dataset, board);
    let comparison = compare(before, &now);
    Some(ChangeSummary {
        baseline: name.to_string(),
        since: before.as_of,
        units: comparison.unit_counts,
        cells: comparison.cell_counts,
        changed_units: comparison
            .units
            .into_iter()
            .filter(|u| u.movement != crate::Movement::Unchanged)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;
    use crate::{Kind, Light, PlanStatus, Reported};

    fn two_units() -> Dataset {
        dataset(
            "2026-12-01",
            vec![criterion("F01", "Forskning", Kind::Count, Some(1.0))],
            vec![unit("E1", "Karolinska"), unit("E2", "Danderyd")],
            vec![
                value("E1", "F01", "2026-09-30", Reported::Number(2.0)),
                value("E2", "F01", "2026-09-30", Reported::Number(0.0)),
            ],
            vec![plan("E2", "F01", "2026-11-30", PlanStatus::InProgress)],
        )
    }

    #[test]
    fn report_counts_projection_providers_and_risks() {
        let data = [two_units()];
        let report = status_report(&data, d("2026-10-15"), None);
        let e = &report.evaluations[0];
        assert_eq!((e.today.green, e.today.amber), (1, 1));
        assert_eq!(e.all_done.green, 2, "E2's plan is due in time");
        assert_eq!(
            e.nothing_more.green, 1,
            "E2's plan is due before the deadline"
        );
        assert_eq!(e.days_left, 47);
        assert_eq!(
            e.providers
                .iter()
                .map(|(p, c)| (p.as_str(), c.green))
                .collect::<Vec<_>>(),
            [("Danderyd", 0), ("Karolinska", 1)]
        );
        // E2 is green at the deadline but its value expires (12 months) after it: not at risk.
        assert!(e.at_risk.iter().all(|u| u.code != "E1"));
        assert!(e.changes.is_none() && report.baseline.is_none());
        assert_eq!(
            e.trend.len(),
            2,
            "2026 Q3 and the part of Q4 up to the report date"
        );
    }

    #[test]
    fn changes_since_the_baseline() {
        let before = two_units();
        let snapshot = Snapshot::from_board(&before, &before.board(d("2026-10-15")));
        let mut after = two_units();
        after.add_versions(
            vec![value("E2", "F01", "2026-10-20", Reported::Number(3.0))],
            Vec::new(),
        );
        let report = status_report(
            &[after],
            d("2026-10-25"),
            Some(("Halvtid", std::slice::from_ref(&snapshot))),
        );
        let changes = report.evaluations[0].changes.as_ref().unwrap();
        assert_eq!(changes.baseline, "Halvtid");
        assert_eq!((changes.units.improved, changes.units.worsened), (1, 0));
        assert_eq!(changes.changed_units.len(), 1);
        assert_eq!(changes.changed_units[0].code, "E2");
        assert_eq!(changes.changed_units[0].after, Some(Light::Green));
    }
}
