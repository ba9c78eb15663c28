//! The records of one evaluation and the board of lights computed from them.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    Assessment, CriterionRule, LightCounts, Origin, PlanInfo, PlanStatus, Reported, UnitSummary,
    assess, summarize_unit,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub code: String,
    pub name: String,
    pub conducted_by: String,
    pub deadline: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub code: String,
    pub evaluation: String,
    pub area: String,
    pub origin: Origin,
    pub title: String,
    pub title_en: String,
    pub rule: CriterionRule,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub care_provider: String,
    pub manager: String,
    pub email: String,
}

/// One reported value (the current version of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueRecord {
    pub unit: String,
    pub criterion: String,
    pub measured: NaiveDate,
    pub value: Reported,
    pub comment: String,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRecord {
    pub unit: String,
    pub criterion: String,
    pub action: String,
    pub owner: String,
    pub due: NaiveDate,
    pub status: PlanStatus,
}

/// Everything needed to compute one evaluation's lights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub evaluation: Evaluation,
    pub criteria: Vec<Criterion>,
    pub units: Vec<Unit>,
    pub values: Vec<ValueRecord>,
    pub plans: Vec<PlanRecord>,
}

/// Each of `added`, oldest first, replaces the record with its key or joins the records.
fn replace_by_key<T, K: std::hash::Hash + Eq>(
    records: &mut Vec<T>,
    added: Vec<T>,
    key: impl Fn(&T) -> K,
) {
    let mut index: HashMap<K, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (key(r), i))
        .collect();
    for record in added {
        match index.get(&key(&record)) {
            Some(&i) => records[i] = record,
            None => {
                index.insert(key(&record), records.len());
                records.push(record);
            }
        }
    }
}

/// Lights of every unit × criterion as of one date. Indexes follow `Dataset::units` and
/// `Dataset::criteria`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub as_of: NaiveDate,
    /// `cells[unit][criterion]`.
    pub cells: Vec<Vec<Assessment>>,
    pub summaries: Vec<UnitSummary>,
    /// For each cell, the index into `Dataset::values` of the value it was computed from.
    pub sources: Vec<Vec<Option<usize>>>,
}

impl Dataset {
    /// Applies versions added since the records were read, oldest first: a value replaces the
    /// current one of its unit, criterion and measured date, a plan that of its unit, criterion
    /// and action (the newest version of a key is the current one). The records stay in the
    /// order the database gives them: values by unit, criterion, date; plans by unit, criterion,
    /// due date, action.
    pub fn add_versions(&mut self, values: Vec<ValueRecord>, plans: Vec<PlanRecord>) {
        if !values.is_empty() {
            replace_by_key(&mut self.values, values, |v| {
                (v.unit.clone(), v.criterion.clone(), v.measured)
            });
            self.values.sort_by(|a, b| {
                (&a.unit, &a.criterion, a.measured).cmp(&(&b.unit, &b.criterion, b.measured))
            });
        }
        if !plans.is_empty() {
            replace_by_key(&mut self.plans, plans, |p| {
                (p.unit.clone(), p.criterion.clone(), p.action.clone())
            });
            self.plans.sort_by(|a, b| {
                (&a.unit, &a.criterion, a.due, &a.action).cmp(&(
                    &b.unit,
                    &b.criterion,
                    b.due,
                    &b.action,
                ))
            });
        }
    }

    /// Computes every light as of `as_of`: the latest value measured on or before that date and
    /// the open plans decide.
    pub fn board(&self, as_of: NaiveDate) -> Board {
        self.board_with(as_of, as_of, &[], &self.plans)
    }

    /// The board as of `as_of` from the values measured on or before `measured_until`, then
    /// `extra` (taken after every stored value, so on the same measured date an extra record
    /// wins; its source index is `values.len()` + its position), with `plans` instead of the
    /// stored ones. The projection uses it to price a scenario without copying the records.
    pub(crate) fn board_with(
        &self,
        as_of: NaiveDate,
        measured_until: NaiveDate,
        extra: &[ValueRecord],
        plans: &[PlanRecord],
    ) -> Board {
        let cell_of = CellIndex::new(self);
        let width = self.criteria.len();
        let limit = as_of.min(measured_until);

        // The latest value per cell. Records usually come sorted by unit and criterion, so the
        // cell is looked up once per run of equal keys (a string comparison per record, no
        // hashing); the order is not relied on for the answer.
        let mut latest: Vec<Option<usize>> = vec![None; self.units.len() * width];
        let mut previous: Option<(&str, &str, Option<usize>)> = None;
        let records = self.values.iter().chain(extra);
        for (i, v) in records.enumerate() {
            let cell = match previous {
                Some((unit, criterion, cell)) if unit == v.unit && criterion == v.criterion => cell,
                _ => {
                    let cell = cell_of.get(&v.unit, &v.criterion);
                    previous = Some((&v.unit, &v.criterion, cell));
                    cell
                }
            };
            let Some(cell) = cell else {
                continue;
            };
            let measured_ok = if i < self.values.len() {
                v.measured <= limit
            } else {
                v.measured <= as_of
            };
            if !measured_ok {
                continue;
            }
            let newer = latest[cell].is_none_or(|j| self.record(j, extra).measured <= v.measured);
            if newer {
                latest[cell] = Some(i);
            }
        }
        let mut cell_plans: Vec<Vec<PlanInfo>> = vec![Vec::new(); self.units.len() * width];
        for p in plans {
            if let Some(cell) = cell_of.get(&p.unit, &p.criterion) {
                cell_plans[cell].push(PlanInfo {
                    due: p.due,
                    status: p.status,
                });
            }
        }

        let deadline = Some(self.evaluation.deadline);
        let mut cells = Vec::with_capacity(self.units.len());
        let mut sources = Vec::with_capacity(self.units.len());
        let mut summaries = Vec::with_capacity(self.units.len());
        for u in 0..self.units.len() {
            let mut row = Vec::with_capacity(width);
            let mut source_row = Vec::with_capacity(width);
            for (c, criterion) in self.criteria.iter().enumerate() {
                let source = latest[u * width + c];
                let value = source.map(|i| {
                    let v = self.record(i, extra);
                    (&v.value, v.measured, !v.evidence.trim().is_empty())
                });
                row.push(assess(
                    &criterion.rule,
                    value,
                    &cell_plans[u * width + c],
                    as_of,
                    deadline,
                ));
                source_row.push(source);
            }
            summaries.push(summarize_unit(
                row.iter()
                    .zip(&self.criteria)
                    .map(|(a, c)| (a.light, c.rule.mandatory)),
            ));
            cells.push(row);
            sources.push(source_row);
        }
        Board {
            as_of,
            cells,
            summaries,
            sources,
        }
    }

    fn record<'a>(&'a self, i: usize, extra: &'a [ValueRecord]) -> &'a ValueRecord {
        self.values
            .get(i)
            .unwrap_or_else(|| &extra[i - self.values.len()])
    }
}

/// Where a (unit, criterion) lies in a board's flat cell order: `unit * criteria + criterion`.
struct CellIndex<'a> {
    units: HashMap<&'a str, usize>,
    criteria: HashMap<&'a str, usize>,
    width: usize,
}

impl<'a> CellIndex<'a> {
    fn new(dataset: &'a Dataset) -> Self {
        let index = |codes: Vec<&'a str>| {
            codes
                .into_iter()
                .enumerate()
                .map(|(i, code)| (code, i))
                .collect::<HashMap<_, _>>()
        };
        CellIndex {
            units: index(dataset.units.iter().map(|u| u.code.as_str()).collect()),
            criteria: index(dataset.criteria.iter().map(|c| c.code.as_str()).collect()),
            width: dataset.criteria.len(),
        }
    }

    fn get(&self, unit: &str, criterion: &str) -> Option<usize> {
        Some(self.units.get(unit)? * self.width + self.criteria.get(criterion)?)
    }
}

impl Board {
    /// Units per overall light.
    pub fn unit_counts(&self) -> LightCounts {
        let mut counts = LightCounts::default();
        for s in &self.summaries {
            counts.add(s.overall);
        }
        counts
    }

    /// Criterion lights summed per area, in the order areas first appear.
    pub fn area_counts(&self, dataset: &Dataset) -> Vec<(String, LightCounts)> {
        let mut areas: Vec<(String, LightCounts)> = Vec::new();
        for (c, criterion) in dataset.criteria.iter().enumerate() {
            let pos = match areas.iter().position(|(a, _)| *a == criterion.area) {
                Some(pos) => pos,
                None => {
                    areas.push((criterion.area.clone(), LightCounts::default()));
                    areas.len() - 1
                }
            };
            for row in &self.cells {
                areas[pos].1.add(row[c].light);
            }
        }
        areas
    }

    /// Lights of one criterion across all units.
    pub fn criterion_counts(&self, criterion: usize) -> LightCounts {
        let mut counts = LightCounts::default();
        for row in &self.cells {
            counts.add(row[criterion].light);
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{criterion, d, dataset, plan, unit};
    use crate::{Kind, Reported};

    /// A small deterministic generator (no dependency): the same records every run.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    /// Records in any order, with unknown units and criteria, several versions on one date.
    fn shuffled(seed: u64) -> Dataset {
        let mut rng = Lcg(seed);
        let criteria = vec![
            criterion("K1", "A", Kind::YesNo, None),
            criterion("K2", "A", Kind::Count, Some(2.0)),
            criterion("K3", "B", Kind::Share, Some(50.0)),
        ];
        let units = (1..=5).map(|i| unit(&format!("E{i}"), "KS")).collect();
        let codes = ["E1", "E2", "E3", "E4", "E5", "X9"];
        let criteria_codes = ["K1", "K2", "K3", "K9"];
        let dates = ["2025-01-01", "2025-06-30", "2025-06-30", "2026-01-15", "2026-03-01"];
        let values = (0..120)
            .map(|_| ValueRecord {
                unit: codes[rng.next(codes.len())].into(),
                criterion: criteria_codes[rng.next(criteria_codes.len())].into(),
                measured: d(dates[rng.next(dates.len())]),
                value: match rng.next(3) {
                    0 => Reported::Yes,
                    1 => Reported::No,
                    _ => Reported::Number(rng.next(100) as f64),
                },
                comment: String::new(),
                evidence: if rng.next(2) == 0 { "rapport.pdf".into() } else { String::new() },
            })
            .collect();
        let plans = (0..10)
            .map(|_| {
                plan(
                    codes[rng.next(codes.len())],
                    criteria_codes[rng.next(criteria_codes.len())],
                    dates[rng.next(dates.len())],
                    crate::PlanStatus::Planned,
                )
            })
            .collect();
        dataset("2026-06-30", criteria, units, values, plans)
    }

    /// The board's sources by the definition: the latest value measured on or before the date,
    /// the later record on the same date.
    fn sources_by_definition(data: &Dataset, as_of: NaiveDate) -> Vec<Vec<Option<usize>>> {
        data.units
            .iter()
            .map(|u| {
                data.criteria
                    .iter()
                    .map(|c| {
                        data.values
                            .iter()
                            .enumerate()
                            .filter(|(_, v)| {
                                v.unit == u.code && v.criterion == c.code && v.measured <= as_of
                            })
                            .max_by_key(|(i, v)| (v.measured, *i))
                            .map(|(i, _)| i)
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_board_takes_the_latest_value_whatever_the_order() {
        for seed in 0..40 {
            let data = shuffled(seed);
            for as_of in ["2024-12-31", "2025-06-30", "2025-12-31", "2026-03-01"] {
                let board = data.board(d(as_of));
                assert_eq!(
                    board.sources,
                    sources_by_definition(&data, d(as_of)),
                    "seed {seed}, as of {as_of}"
                );
            }
        }
    }

    #[test]
    fn sorted_records_give_the_same_board() {
        for seed in 0..40 {
            let data = shuffled(seed);
            let mut sorted = data.clone();
            sorted.values.sort_by(|a, b| {
                (&a.unit, &a.criterion, a.measured).cmp(&(&b.unit, &b.criterion, b.measured))
            });
            let (a, b) = (data.board(d("2026-01-31")), sorted.board(d("2026-01-31")));
            assert_eq!(a.cells, b.cells, "seed {seed}");
            assert_eq!(a.summaries, b.summaries, "seed {seed}");
        }
    }
}
