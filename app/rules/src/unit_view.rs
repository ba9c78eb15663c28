//! One unit as of a date, criterion by criterion: the rows the unit page, the read API and the
//! unit export all show. Each renders them in its own form; none indexes the board itself.

use chrono::NaiveDate;

use crate::{Assessment, Board, Criterion, Dataset, PlanRecord, ValueRef, valid_until};

/// One criterion of a unit: its light and why, the value it was computed from, and the last day
/// that value counts.
#[derive(Debug, Clone, Copy)]
pub struct UnitRow<'a> {
    pub criterion: &'a Criterion,
    pub assessment: &'a Assessment,
    pub source: Option<ValueRef<'a>>,
    /// `source`'s measured date plus the criterion's validity.
    pub valid_until: Option<NaiveDate>,
}

impl Board {
    /// The rows of unit `unit` (an index into `dataset.units`), in the criteria's order;
    /// `dataset` must be the one the board was computed from.
    pub fn unit_rows<'a>(
        &'a self,
        dataset: &'a Dataset,
        unit: usize,
    ) -> impl Iterator<Item = UnitRow<'a>> + 'a {
        dataset
            .criteria
            .iter()
            .enumerate()
            .map(move |(c, criterion)| {
                let source = self.source(dataset, unit, c);
                UnitRow {
                    criterion,
                    assessment: &self.cells[unit][c],
                    source,
                    valid_until: source
                        .map(|v| valid_until(v.measured, criterion.rule.validity_months)),
                }
            })
    }
}

impl Dataset {
    /// The unit's action plans (the newest version of each), in stored order.
    pub fn plans_of<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = &'a PlanRecord> + 'a {
        self.plans.iter().filter(move |p| p.unit == unit)
    }
}

#[cfg(test)]
mod tests {
    use crate::testkit::*;
    use crate::{Kind, Light, PlanStatus, Reported};

    #[test]
    fn a_units_rows_follow_the_criteria_with_the_value_each_light_came_from() {
        let data = dataset(
            "2026-12-31",
            vec![
                criterion("K1", "Forskning", Kind::YesNo, None),
                criterion("K2", "Forskning", Kind::Count, Some(3.0)),
                criterion("K3", "Utbildning", Kind::YesNo, None),
            ],
            vec![unit("E1", "Vårdgivare A"), unit("E2", "Vårdgivare A")],
            vec![
                value("E1", "K1", "2026-01-15", Reported::Yes),
                value("E1", "K2", "2025-03-01", Reported::Number(5.0)),
                value("E1", "K2", "2026-03-01", Reported::Number(1.0)),
                // Measured after the date asked for: not the source.
                value("E1", "K3", "2026-11-01", Reported::Yes),
                value("E2", "K1", "2026-01-15", Reported::No),
            ],
            vec![plan("E1", "K2", "2026-09-30", PlanStatus::Planned)],
        );
        let board = data.board(d("2026-06-30"));
        let rows: Vec<_> = board.unit_rows(&data, 0).collect();
        let table = [
            // criterion, light, measured of the source, valid until
            ("K1", Light::Green, Some("2026-01-15"), Some("2027-01-15")),
            ("K2", Light::Amber, Some("2026-03-01"), Some("2027-03-01")),
            ("K3", Light::Grey, None, None),
        ];
        assert_eq!(rows.len(), table.len());
        for (row, (code, light, measured, until)) in rows.iter().zip(table) {
            assert_eq!(row.criterion.code, code);
            assert_eq!(row.assessment.light, light, "{code}: {:?}", row.assessment);
            assert_eq!(row.source.map(|v| v.measured), measured.map(d), "{code}");
            assert_eq!(row.valid_until, until.map(d), "{code}");
            assert!(row.source.is_none_or(|v| v.unit == "E1"));
        }
        assert_eq!(data.plans_of("E1").count(), 1);
        assert_eq!(data.plans_of("E2").count(), 0);
    }
}
