//! The records of one evaluation and the board of lights computed from them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    Assessment, CriterionRule, Designations, LightCounts, Origin, PlanInfo, PlanStatus, Reported,
    UnitSummary, assess, summarize_unit,
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

impl Criterion {
    /// The title in `lang`: the English one when asked for and given, else the Swedish.
    pub fn title_in(&self, lang: crate::Lang) -> &str {
        crate::in_lang(lang, &self.title, &self.title_en)
    }
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
///
/// The values are kept per unit code, each unit's behind its own `Arc`: a copy of the dataset
/// shares them, and adding a version copies only its unit's records. So the cache can keep every
/// version of a national installation (a million values) without copying them per write, and a
/// board finds each cell's latest value by a binary search in its unit's records. Keyed by code,
/// not position, so `units` and `criteria` may be edited freely.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub evaluation: Evaluation,
    pub criteria: Vec<Criterion>,
    pub units: Vec<Unit>,
    pub plans: Vec<PlanRecord>,
    /// Which units count on which dates (every unit on every date when empty).
    pub designations: Designations,
    /// By unit code, in code order; units not in `units` keep their values too (nothing read is
    /// lost), the lights ignore them.
    values: Vec<(String, Arc<UnitValues>)>,
}

/// One unit's values, by criterion code, then measured date, then arrival. Kept compactly (a
/// national installation holds a million): the unit's code is the key it is stored under and
/// each criterion's code is kept once per run, not per value; the lights read `entries` alone.
#[derive(Debug, Clone, PartialEq, Default)]
struct UnitValues {
    entries: Vec<Entry>,
    /// Each criterion's entries, in entry order (so by criterion code).
    runs: Vec<Run>,
}

#[derive(Debug, Clone, PartialEq)]
struct Entry {
    measured: NaiveDate,
    has_evidence: bool,
    value: Reported,
    comment: Box<str>,
    evidence: Box<str>,
}

#[derive(Debug, Clone, PartialEq)]
struct Run {
    criterion: Box<str>,
    start: u32,
    end: u32,
}

impl UnitValues {
    fn new(mut records: Vec<ValueRecord>) -> Self {
        // Stable: records of one date keep their arrival order.
        records.sort_by(|a, b| (&a.criterion, a.measured).cmp(&(&b.criterion, b.measured)));
        let mut runs: Vec<Run> = Vec::new();
        let mut entries = Vec::with_capacity(records.len());
        for (i, r) in records.into_iter().enumerate() {
            let i = i as u32;
            match runs.last_mut() {
                Some(run) if *run.criterion == *r.criterion => run.end = i + 1,
                _ => runs.push(Run {
                    criterion: r.criterion.into_boxed_str(),
                    start: i,
                    end: i + 1,
                }),
            }
            entries.push(Entry {
                measured: r.measured,
                has_evidence: !r.evidence.trim().is_empty(),
                value: r.value,
                comment: r.comment.into_boxed_str(),
                evidence: r.evidence.into_boxed_str(),
            });
        }
        UnitValues { entries, runs }
    }

    fn records(&self, unit: &str) -> Vec<ValueRecord> {
        UnitRecords { unit, values: self }
            .iter()
            .map(|v| v.to_record())
            .collect()
    }
}

/// One stored value, borrowed from a [`Dataset`]: the fields of a [`ValueRecord`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueRef<'a> {
    pub unit: &'a str,
    pub criterion: &'a str,
    pub measured: NaiveDate,
    pub value: Reported,
    pub comment: &'a str,
    pub evidence: &'a str,
}

impl ValueRef<'_> {
    pub fn to_record(&self) -> ValueRecord {
        ValueRecord {
            unit: self.unit.to_owned(),
            criterion: self.criterion.to_owned(),
            measured: self.measured,
            value: self.value,
            comment: self.comment.to_owned(),
            evidence: self.evidence.to_owned(),
        }
    }
}

/// One unit's stored values (see [`Dataset::unit_values`]), by position.
#[derive(Debug, Clone, Copy)]
pub struct UnitRecords<'a> {
    unit: &'a str,
    values: &'a UnitValues,
}

impl<'a> UnitRecords<'a> {
    pub fn len(&self) -> usize {
        self.values.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.entries.is_empty()
    }

    /// The value at position `i` (a board's source).
    pub fn get(&self, i: usize) -> Option<ValueRef<'a>> {
        let entry = self.values.entries.get(i)?;
        let runs = &self.values.runs;
        let run = &runs[runs.partition_point(|r| (r.end as usize) <= i)];
        Some(self.view(run, entry))
    }

    /// Every value, by criterion code, then measured date, then arrival.
    pub fn iter(&self) -> impl Iterator<Item = ValueRef<'a>> + use<'a> {
        let this = *self;
        this.values.runs.iter().flat_map(move |run| {
            this.values.entries[run.start as usize..run.end as usize]
                .iter()
                .map(move |entry| this.view(run, entry))
        })
    }

    /// The values of one criterion, by measured date, then arrival.
    pub fn of_criterion(&self, criterion: &str) -> impl Iterator<Item = ValueRef<'a>> + use<'a> {
        let this = *self;
        let runs = &this.values.runs;
        let run = runs
            .binary_search_by(|r| (*r.criterion).cmp(criterion))
            .ok()
            .map(|i| &runs[i]);
        run.into_iter().flat_map(move |run| {
            this.values.entries[run.start as usize..run.end as usize]
                .iter()
                .map(move |entry| this.view(run, entry))
        })
    }

    fn view(&self, run: &'a Run, entry: &'a Entry) -> ValueRef<'a> {
        ValueRef {
            unit: self.unit,
            criterion: &run.criterion,
            measured: entry.measured,
            value: entry.value,
            comment: &entry.comment,
            evidence: &entry.evidence,
        }
    }
}

/// The criteria by code, for walking a unit's runs (also by code) beside them.
pub(crate) struct CriteriaByCode<'a>(Vec<(&'a str, usize)>);

impl<'a> CriteriaByCode<'a> {
    fn new(criteria: &'a [Criterion]) -> Self {
        let mut codes: Vec<(&str, usize)> = criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        codes.sort();
        CriteriaByCode(codes)
    }
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
/// `Dataset::criteria`. Each unit's row is shared (`Arc`): a board brought up to date after a
/// write shares every row but the changed units' with the board before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Board {
    pub as_of: NaiveDate,
    /// `cells[unit][criterion]`.
    pub cells: Vec<Arc<[Assessment]>>,
    pub summaries: Vec<UnitSummary>,
    /// For each cell, the value it was computed from: its position in the unit's records
    /// ([`Dataset::unit_values`]); read it with [`Board::source`].
    pub sources: Vec<Arc<[Option<u32>]>>,
    /// Per unit, whether it is a USV unit on `as_of` ([`Dataset::designations`]). Every unit's
    /// lights are computed (a former unit's page keeps its history); counts, roll-ups and lists
    /// of units take only the counted ones ([`Board::counted_units`]).
    pub counted: Arc<[bool]>,
}

/// What a trend reads of a [`Board`]: each cell's light and source, each unit's summary and
/// who counts, without the reasons. The trends keep one per quarter: at national size a board is
/// about 8 MB (92,000 reasons), its lights about a tenth of that.
#[derive(Debug, Clone, PartialEq)]
pub struct LightBoard {
    pub as_of: NaiveDate,
    /// `lights[unit][criterion]`.
    pub lights: Vec<Arc<[crate::Light]>>,
    pub summaries: Vec<UnitSummary>,
    /// As [`Board::sources`] (shared with the board it came from).
    pub sources: Vec<Arc<[Option<u32>]>>,
    pub counted: Arc<[bool]>,
}

impl From<&Board> for LightBoard {
    fn from(board: &Board) -> Self {
        LightBoard {
            as_of: board.as_of,
            lights: board
                .cells
                .iter()
                .map(|row| row.iter().map(|a| a.light).collect())
                .collect(),
            summaries: board.summaries.clone(),
            sources: board.sources.clone(),
            counted: board.counted.clone(),
        }
    }
}

impl LightBoard {
    /// The positions of the units designated on the board's date, in `Dataset::units` order.
    pub fn counted_units(&self) -> impl Iterator<Item = usize> + '_ {
        counted_positions(&self.counted)
    }

    /// Counted units per overall light.
    pub fn unit_counts(&self) -> LightCounts {
        overall_counts(&self.counted, &self.summaries)
    }
}

fn counted_positions(counted: &[bool]) -> impl Iterator<Item = usize> + '_ {
    counted
        .iter()
        .enumerate()
        .filter(|(_, counted)| **counted)
        .map(|(u, _)| u)
}

fn overall_counts(counted: &[bool], summaries: &[UnitSummary]) -> LightCounts {
    let mut counts = LightCounts::default();
    for u in counted_positions(counted) {
        counts.add(summaries[u].overall);
    }
    counts
}

impl Dataset {
    /// The records of one evaluation, in any order.
    pub fn new(
        evaluation: Evaluation,
        criteria: Vec<Criterion>,
        units: Vec<Unit>,
        values: Vec<ValueRecord>,
        plans: Vec<PlanRecord>,
    ) -> Self {
        let mut dataset = Dataset {
            evaluation,
            criteria,
            units,
            plans,
            designations: Designations::default(),
            values: Vec::new(),
        };
        dataset.insert_values(values, false);
        dataset
    }

    /// Adds values as [`Dataset::new`] takes them (all kept): for loading unit by unit.
    pub fn add_values(&mut self, values: Vec<ValueRecord>) {
        self.insert_values(values, false);
    }

    /// Every current value: unit by unit (by code, units not listed too), by criterion code
    /// and measured date within a unit.
    pub fn values(&self) -> impl Iterator<Item = ValueRef<'_>> + '_ {
        self.values
            .iter()
            .flat_map(|(code, values)| UnitRecords { unit: code, values }.iter())
    }

    /// The earliest date a value of a listed unit and criterion was measured.
    pub fn first_measured(&self) -> Option<NaiveDate> {
        // Runs and listed criteria both by code: one walk per unit, no hashing (this is asked
        // again after every write, over 2,000 units at national size).
        let criteria = self.criteria_by_code();
        self.units
            .iter()
            .filter_map(|u| self.unit_records(&u.code))
            .filter_map(|u| {
                let mut codes = criteria.0.iter().peekable();
                let mut earliest: Option<NaiveDate> = None;
                for run in &u.runs {
                    while codes.next_if(|(code, _)| **code < *run.criterion).is_some() {}
                    if codes
                        .peek()
                        .is_some_and(|(code, _)| **code == *run.criterion)
                    {
                        // A run is by date: its first record is its earliest.
                        let first = u.entries[run.start as usize].measured;
                        earliest = Some(earliest.map_or(first, |e| e.min(first)));
                    }
                }
                earliest
            })
            .min()
    }

    /// How many current values there are.
    pub fn value_count(&self) -> usize {
        self.values.iter().map(|(_, u)| u.entries.len()).sum()
    }

    /// The current values of the unit at `unit` in `units` (see [`Dataset::values`]).
    pub fn unit_values(&self, unit: usize) -> UnitRecords<'_> {
        static NONE: UnitValues = UnitValues {
            entries: Vec::new(),
            runs: Vec::new(),
        };
        match self.units.get(unit) {
            Some(u) => UnitRecords {
                unit: &u.code,
                values: self.unit_records(&u.code).unwrap_or(&NONE),
            },
            None => UnitRecords {
                unit: "",
                values: &NONE,
            },
        }
    }

    fn unit_records(&self, code: &str) -> Option<&UnitValues> {
        let i = self
            .values
            .binary_search_by(|(c, _)| c.as_str().cmp(code))
            .ok()?;
        Some(&self.values[i].1)
    }

    /// Adds values, oldest first: with `replace`, each replaces the current value of its unit,
    /// criterion and measured date (see [`Dataset::add_versions`]); without, all are kept (of
    /// two on one date the board takes the later).
    fn insert_values(&mut self, values: Vec<ValueRecord>, replace: bool) {
        let mut per_unit: Vec<(String, Vec<ValueRecord>)> = Vec::new();
        for v in values {
            match per_unit.last_mut() {
                Some((code, added)) if *code == v.unit => added.push(v),
                _ => per_unit.push((v.unit.clone(), vec![v])),
            }
        }
        // Records usually come grouped by unit; a unit met twice is merged here (stable: its
        // records keep their order).
        per_unit.sort_by(|a, b| a.0.cmp(&b.0));
        let mut merged: Vec<(String, Vec<ValueRecord>)> = Vec::with_capacity(per_unit.len());
        for (code, added) in per_unit {
            match merged.last_mut() {
                Some((last, records)) if *last == code => records.extend(added),
                _ => merged.push((code, added)),
            }
        }
        for (code, added) in merged {
            let (i, mut records) = match self.values.binary_search_by(|(c, _)| c.cmp(&code)) {
                Ok(i) => (i, self.values[i].1.records(&code)),
                Err(i) => {
                    self.values.insert(i, (code, Arc::default()));
                    (i, Vec::new())
                }
            };
            if replace {
                replace_by_key(&mut records, added, |v| (v.criterion.clone(), v.measured));
            } else {
                records.extend(added);
            }
            self.values[i].1 = Arc::new(UnitValues::new(records));
        }
    }

    /// Applies versions added since the records were read, oldest first: a value replaces the
    /// current one of its unit, criterion and measured date, a plan that of its unit, criterion
    /// and action (the newest version of a key is the current one). Only the units that got a
    /// value are copied. Plans stay in the order the database gives them: by unit, criterion,
    /// due date, action.
    pub fn add_versions(&mut self, values: Vec<ValueRecord>, plans: Vec<PlanRecord>) {
        self.insert_values(values, true);
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
        let plans = self.plans_by_cell(&self.plans);
        let width = self.criteria.len();
        let mut board = Board {
            as_of,
            cells: Vec::with_capacity(self.units.len()),
            summaries: Vec::with_capacity(self.units.len()),
            sources: Vec::with_capacity(self.units.len()),
            counted: self.counted_on(as_of),
        };
        let by_code = self.criteria_by_code();
        for u in 0..self.units.len() {
            let sources = self.latest(u, as_of, &by_code);
            let row = self.assess_row(u, &sources, &plans[u * width..(u + 1) * width], as_of);
            board.summaries.push(self.summarize(&row));
            board.cells.push(row.into());
            board.sources.push(sources.into());
        }
        board
    }

    /// `board`, computed from an earlier version of these records with the same units and
    /// criteria, brought up to date when only the units with codes in `changed` got versions
    /// since: their rows are computed again, the others kept. Equal to [`Dataset::board`].
    pub fn board_updated(&self, board: &Board, changed: &HashSet<&str>) -> Board {
        if !self.updates_rows(board.cells.len(), changed) {
            return self.board(board.as_of);
        }
        let mut updated = board.clone();
        self.changed_rows(board.as_of, changed, |u, sources, row| {
            updated.summaries[u] = self.summarize(&row);
            updated.cells[u] = row.into();
            updated.sources[u] = sources.into();
        });
        updated
    }

    /// The lights of [`Dataset::board`] as of `as_of` (the reasons dropped).
    pub fn light_board(&self, as_of: NaiveDate) -> LightBoard {
        LightBoard::from(&self.board(as_of))
    }

    /// [`Dataset::board_updated`] for a [`LightBoard`]: equal to [`Dataset::light_board`].
    pub fn light_board_updated(&self, board: &LightBoard, changed: &HashSet<&str>) -> LightBoard {
        if !self.updates_rows(board.lights.len(), changed) {
            return self.light_board(board.as_of);
        }
        let mut updated = board.clone();
        self.changed_rows(board.as_of, changed, |u, sources, row| {
            updated.summaries[u] = self.summarize(&row);
            updated.lights[u] = row.iter().map(|a| a.light).collect();
            updated.sources[u] = sources.into();
        });
        updated
    }

    /// Whether a board of `rows` units is brought up to date row by row when the units in
    /// `changed` got versions: a big change (an import) is cheaper computed whole.
    fn updates_rows(&self, rows: usize, changed: &HashSet<&str>) -> bool {
        rows == self.units.len() && changed.len() * 4 <= self.units.len()
    }

    /// Each unit with a code in `changed`: its sources and lights as of `as_of`, computed
    /// again from these records.
    fn changed_rows(
        &self,
        as_of: NaiveDate,
        changed: &HashSet<&str>,
        mut each: impl FnMut(usize, Vec<Option<u32>>, Vec<Assessment>),
    ) {
        let width = self.criteria.len();
        let by_code = self.criteria_by_code();
        let criteria = self.criterion_index();
        // The changed units' plans, in one pass over the plans.
        let mut unit_plans: HashMap<&str, Vec<Vec<PlanInfo>>> = HashMap::new();
        for p in self
            .plans
            .iter()
            .filter(|p| changed.contains(p.unit.as_str()))
        {
            if let Some(&c) = criteria.get(p.criterion.as_str()) {
                unit_plans
                    .entry(p.unit.as_str())
                    .or_insert_with(|| vec![Vec::new(); width])[c]
                    .push(PlanInfo {
                        due: p.due,
                        status: p.status,
                    });
            }
        }
        let no_plans = vec![Vec::new(); width];
        // The same units and designations (a change of either is a reference change, which
        // loads everything again): the counted units stay, as the rest of the board does.
        for (u, unit) in self.units.iter().enumerate() {
            if !changed.contains(unit.code.as_str()) {
                continue;
            }
            let plans = unit_plans.get(unit.code.as_str()).unwrap_or(&no_plans);
            let sources = self.latest(u, as_of, &by_code);
            let row = self.assess_row(u, &sources, plans, as_of);
            each(u, sources, row);
        }
    }

    /// Per unit, whether it counts on `date`. One pass over the periods (a national
    /// installation has thousands of units and periods, and every board asks).
    pub fn counted_on(&self, date: NaiveDate) -> Arc<[bool]> {
        if self.designations.is_empty() {
            return vec![true; self.units.len()].into();
        }
        // Per unit with periods, whether one covers the date.
        let mut covered: HashMap<&str, bool> = HashMap::new();
        for p in self.designations.all() {
            *covered.entry(p.unit.as_str()).or_default() |= p.covers(date);
        }
        self.units
            .iter()
            .map(|u| covered.get(u.code.as_str()).copied().unwrap_or(true))
            .collect()
    }

    /// Unit positions by code.
    pub(crate) fn unit_index(&self) -> HashMap<&str, usize> {
        self.units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.code.as_str(), i))
            .collect()
    }

    /// Criterion positions by code.
    pub(crate) fn criterion_index(&self) -> HashMap<&str, usize> {
        self.criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect()
    }

    pub(crate) fn criteria_by_code(&self) -> CriteriaByCode<'_> {
        CriteriaByCode::new(&self.criteria)
    }

    /// For each criterion, the position in unit `u`'s records of its latest value measured on
    /// or before `until` (of several on one date, the last to arrive).
    pub(crate) fn latest(
        &self,
        u: usize,
        until: NaiveDate,
        criteria: &CriteriaByCode<'_>,
    ) -> Vec<Option<u32>> {
        let mut latest = vec![None; self.criteria.len()];
        let Some(unit) = self.units.get(u).and_then(|u| self.unit_records(&u.code)) else {
            return latest;
        };
        // Both by code: one walk, no hashing.
        let mut codes = criteria.0.iter().peekable();
        for run in &unit.runs {
            while codes.next_if(|(code, _)| **code < *run.criterion).is_some() {}
            let Some(&&(_, c)) = codes.peek().filter(|(code, _)| **code == *run.criterion) else {
                continue;
            };
            let entries = &unit.entries[run.start as usize..run.end as usize];
            let n = entries.partition_point(|e| e.measured <= until);
            if n > 0 {
                latest[c] = Some(run.start + n as u32 - 1);
            }
        }
        latest
    }

    /// Unit `u`'s lights from the record at `sources[c]` per criterion.
    pub(crate) fn assess_row(
        &self,
        u: usize,
        sources: &[Option<u32>],
        plans: &[Vec<PlanInfo>],
        as_of: NaiveDate,
    ) -> Vec<Assessment> {
        let deadline = Some(self.evaluation.deadline);
        let entries = self
            .units
            .get(u)
            .and_then(|u| self.unit_records(&u.code))
            .map_or(&[][..], |u| &u.entries);
        self.criteria
            .iter()
            .enumerate()
            .map(|(c, criterion)| {
                let value = sources[c].map(|i| {
                    let e = &entries[i as usize];
                    (&e.value, e.measured, e.has_evidence)
                });
                assess(&criterion.rule, value, &plans[c], as_of, deadline)
            })
            .collect()
    }

    pub(crate) fn summarize(&self, row: &[Assessment]) -> UnitSummary {
        summarize_unit(
            row.iter()
                .zip(&self.criteria)
                .map(|(a, c)| (a.light, c.rule.mandatory)),
        )
    }

    /// `plans` as (due, status) per cell, `unit * criteria + criterion`; plans of units or
    /// criteria not listed are left out.
    pub(crate) fn plans_by_cell(&self, plans: &[PlanRecord]) -> Vec<Vec<PlanInfo>> {
        let width = self.criteria.len();
        let units = self.unit_index();
        let criteria = self.criterion_index();
        let mut cells = vec![Vec::new(); self.units.len() * width];
        for p in plans {
            if let (Some(&u), Some(&c)) = (
                units.get(p.unit.as_str()),
                criteria.get(p.criterion.as_str()),
            ) {
                cells[u * width + c].push(PlanInfo {
                    due: p.due,
                    status: p.status,
                });
            }
        }
        cells
    }
}

/// The reasons of a board's cells in words, one language, each unit's row made when first
/// asked for and kept: the matrix shows thousands of them on every view, and formatting them
/// again each time was a tenth of its cost; a page of the national matrix needs only its rows.
#[derive(Debug)]
pub struct ReasonTexts {
    board: Arc<Board>,
    lang: crate::Lang,
    rows: Vec<std::sync::OnceLock<Vec<String>>>,
}

impl ReasonTexts {
    pub fn new(board: Arc<Board>, lang: crate::Lang) -> Self {
        let rows = board.cells.iter().map(|_| Default::default()).collect();
        ReasonTexts { board, lang, rows }
    }

    /// Unit `unit`'s reasons, criterion by criterion (empty for a unit the board does not have).
    pub fn row(&self, unit: usize) -> &[String] {
        match (self.rows.get(unit), self.board.cells.get(unit)) {
            (Some(row), Some(cells)) => {
                row.get_or_init(|| cells.iter().map(|a| a.reason.text(self.lang)).collect())
            }
            _ => &[],
        }
    }
}

impl Board {
    /// The value cell (`unit`, `criterion`) was computed from; `dataset` must be the one the
    /// board was computed from.
    pub fn source<'a>(
        &self,
        dataset: &'a Dataset,
        unit: usize,
        criterion: usize,
    ) -> Option<ValueRef<'a>> {
        let i = self.sources.get(unit)?.get(criterion).copied().flatten()?;
        dataset.unit_values(unit).get(i as usize)
    }

    /// Whether unit `u` is a USV unit on the board's date.
    pub fn counts(&self, u: usize) -> bool {
        self.counted.get(u).copied().unwrap_or(false)
    }

    /// The positions of the units designated on the board's date, in `Dataset::units` order.
    pub fn counted_units(&self) -> impl Iterator<Item = usize> + '_ {
        counted_positions(&self.counted)
    }

    /// The rows of the counted units.
    pub fn counted_rows(&self) -> impl Iterator<Item = &Arc<[Assessment]>> + '_ {
        self.counted_units().map(|u| &self.cells[u])
    }

    /// Counted units per overall light.
    pub fn unit_counts(&self) -> LightCounts {
        overall_counts(&self.counted, &self.summaries)
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
            for row in self.counted_rows() {
                areas[pos].1.add(row[c].light);
            }
        }
        areas
    }

    /// Lights of one criterion across the counted units.
    pub fn criterion_counts(&self, criterion: usize) -> LightCounts {
        let mut counts = LightCounts::default();
        for row in self.counted_rows() {
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

    /// Records in any order, with unknown units and criteria, several versions on one date: the
    /// dataset and the records as given.
    fn shuffled(seed: u64) -> (Dataset, Vec<ValueRecord>) {
        let mut rng = Lcg(seed);
        let criteria = vec![
            criterion("K1", "A", Kind::YesNo, None),
            criterion("K2", "A", Kind::Count, Some(2.0)),
            criterion("K3", "B", Kind::Share, Some(50.0)),
        ];
        let units = (1..=5).map(|i| unit(&format!("E{i}"), "KS")).collect();
        let codes = ["E1", "E2", "E3", "E4", "E5", "X9"];
        let criteria_codes = ["K1", "K2", "K3", "K9"];
        let dates = [
            "2025-01-01",
            "2025-06-30",
            "2025-06-30",
            "2026-01-15",
            "2026-03-01",
        ];
        let values: Vec<ValueRecord> = (0..120)
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
                evidence: if rng.next(2) == 0 {
                    "rapport.pdf".into()
                } else {
                    String::new()
                },
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
        (
            dataset("2026-06-30", criteria, units, values.clone(), plans),
            values,
        )
    }

    /// Each cell's source by the definition: the latest value measured on or before the date, of
    /// several on one date the one given last.
    fn sources_by_definition(
        data: &Dataset,
        given: &[ValueRecord],
        as_of: NaiveDate,
    ) -> Vec<Vec<Option<ValueRecord>>> {
        data.units
            .iter()
            .map(|u| {
                data.criteria
                    .iter()
                    .map(|c| {
                        given
                            .iter()
                            .enumerate()
                            .filter(|(_, v)| {
                                v.unit == u.code && v.criterion == c.code && v.measured <= as_of
                            })
                            .max_by_key(|(i, v)| (v.measured, *i))
                            .map(|(_, v)| v.clone())
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_board_takes_the_latest_value_whatever_the_order() {
        for seed in 0..40 {
            let (data, given) = shuffled(seed);
            assert_eq!(data.value_count(), given.len());
            for as_of in ["2024-12-31", "2025-06-30", "2025-12-31", "2026-03-01"] {
                let board = data.board(d(as_of));
                let chosen: Vec<Vec<Option<ValueRecord>>> = (0..data.units.len())
                    .map(|u| {
                        (0..data.criteria.len())
                            .map(|c| board.source(&data, u, c).map(|v| v.to_record()))
                            .collect()
                    })
                    .collect();
                assert_eq!(
                    chosen,
                    sources_by_definition(&data, &given, d(as_of)),
                    "seed {seed}, as of {as_of}"
                );
            }
        }
    }

    /// The remembered reasons are each cell's own reason in the language asked for, in any
    /// order of asking; a unit the board does not have has none.
    #[test]
    fn reason_texts_are_the_cells_reasons() {
        for seed in 0..10 {
            let (data, _) = shuffled(seed);
            let board = Arc::new(data.board(d("2025-12-31")));
            for lang in [crate::Lang::Sv, crate::Lang::En] {
                let texts = ReasonTexts::new(board.clone(), lang);
                for u in (0..data.units.len()).rev() {
                    let expected: Vec<String> =
                        board.cells[u].iter().map(|a| a.reason.text(lang)).collect();
                    assert_eq!(texts.row(u), expected.as_slice(), "seed {seed}, unit {u}");
                    assert_eq!(texts.row(u), expected.as_slice(), "asked again");
                }
                assert!(texts.row(data.units.len()).is_empty());
            }
        }
    }

    /// Versions added one by one give the dataset loaded at once with the same current values
    /// (a value replaces the one of its unit, criterion and date).
    #[test]
    fn added_versions_give_the_dataset_loaded_at_once() {
        for seed in 0..40 {
            let (data, given) = shuffled(seed);
            let mut current: Vec<ValueRecord> = Vec::new();
            for v in &given {
                current.retain(|c| {
                    (&c.unit, &c.criterion, c.measured) != (&v.unit, &v.criterion, v.measured)
                });
                current.push(v.clone());
            }

            let (first, rest) = given.split_at(given.len() / 2);
            let mut added = Dataset::new(
                data.evaluation.clone(),
                data.criteria.clone(),
                data.units.clone(),
                Vec::new(),
                data.plans.clone(),
            );
            added.add_versions(first.to_vec(), Vec::new());
            let before = added.clone();
            let before_board = before.board(d("2026-01-31"));
            for (i, v) in rest.iter().enumerate() {
                let old = added.board(d("2025-12-31"));
                // Every third step a plan too (a new action, or the same one again).
                let plans = if i % 3 == 0 {
                    vec![plan(
                        &v.unit,
                        &v.criterion,
                        "2026-02-01",
                        crate::PlanStatus::InProgress,
                    )]
                } else {
                    Vec::new()
                };
                added.add_versions(vec![v.clone()], plans);
                let changed = HashSet::from([v.unit.as_str()]);
                assert_eq!(
                    added.board_updated(&old, &changed),
                    added.board(d("2025-12-31")),
                    "seed {seed}, step {i}"
                );
                assert_eq!(
                    added.light_board_updated(&LightBoard::from(&old), &changed),
                    added.light_board(d("2025-12-31")),
                    "seed {seed}, step {i}: the lights alone"
                );
            }
            // Loaded at once with the plans the additions ended with.
            let loaded = Dataset::new(
                data.evaluation.clone(),
                data.criteria.clone(),
                data.units.clone(),
                current,
                added.plans.clone(),
            );
            assert!(added == loaded, "seed {seed}");
            assert_eq!(
                added.board(d("2026-01-31")),
                loaded.board(d("2026-01-31")),
                "seed {seed}"
            );
            // The copy taken halfway did not change with the additions.
            assert_eq!(before.board(d("2026-01-31")), before_board, "seed {seed}");
        }
    }
}
