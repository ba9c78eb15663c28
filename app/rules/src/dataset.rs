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
        let unit_index: HashMap<&str, usize> = self
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.code.as_str(), i))
            .collect();
        let criterion_index: HashMap<&str, usize> = self
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        let key = |unit: &str, criterion: &str| {
            Some((*unit_index.get(unit)?, *criterion_index.get(criterion)?))
        };

        let mut latest: HashMap<(usize, usize), usize> = HashMap::new();
        for (i, v) in self.values.iter().enumerate() {
            if v.measured > as_of {
                continue;
            }
            let Some(k) = key(&v.unit, &v.criterion) else {
                continue;
            };
            let newer = latest
                .get(&k)
                .is_none_or(|&j| self.values[j].measured <= v.measured);
            if newer {
                latest.insert(k, i);
            }
        }
        let mut plans: HashMap<(usize, usize), Vec<PlanInfo>> = HashMap::new();
        for p in &self.plans {
            if let Some(k) = key(&p.unit, &p.criterion) {
                plans.entry(k).or_default().push(PlanInfo {
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
            let mut row = Vec::with_capacity(self.criteria.len());
            let mut source_row = Vec::with_capacity(self.criteria.len());
            for (c, criterion) in self.criteria.iter().enumerate() {
                let source = latest.get(&(u, c)).copied();
                let value = source.map(|i| {
                    let v = &self.values[i];
                    (&v.value, v.measured, !v.evidence.trim().is_empty())
                });
                let unit_plans = plans.get(&(u, c)).map(Vec::as_slice).unwrap_or_default();
                row.push(assess(&criterion.rule, value, unit_plans, as_of, deadline));
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
