//! Comparing two moments of one evaluation: which units and which cells got better or worse.
//!
//! A [`Snapshot`] is plain data (the lights of one board), so a frozen baseline can be stored
//! and compared with today's board, or two boards as of any two dates can be compared.
//!
//! Lights are ordered by how good they are: green > amber > red > grey. Grey (no value) is the
//! lowest because nothing is known; a reported red at least is. Not applicable is outside that
//! scale: it is treated as if the cell were absent, since it is left out of every roll-up. So a
//! cell that becomes not applicable has *disappeared* from what is measured, one that stops
//! being not applicable has *appeared*, and not applicable on both sides is *unchanged*. The
//! lights before and after are kept on every change, so a page can still say "red → n/a".

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Board, Dataset, Light, LightCounts};

/// A unit's overall light in a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitLight {
    pub code: String,
    pub name: String,
    pub care_provider: String,
    pub light: Light,
    pub readiness: Option<f64>,
}

/// One unit × criterion light in a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellLight {
    pub unit: String,
    pub criterion: String,
    /// The criterion's area.
    pub area: String,
    pub light: Light,
    /// The value the light was computed from, in its canonical stored form.
    pub value: Option<String>,
    pub measured: Option<NaiveDate>,
}

/// The lights of one evaluation at one moment, e.g. a frozen baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub as_of: NaiveDate,
    /// The evaluation's code.
    pub evaluation: String,
    /// In the order of `Dataset::units`.
    pub units: Vec<UnitLight>,
    /// Unit by unit, criteria in the order of `Dataset::criteria`.
    pub cells: Vec<CellLight>,
}

impl Snapshot {
    /// The snapshot of a board computed from `dataset` (`dataset.board(date)`).
    pub fn from_board(dataset: &Dataset, board: &Board) -> Snapshot {
        // Only the units designated on the board's date: a unit designated since (or no longer)
        // shows as new (or gone) in a comparison.
        let units = board
            .counted_units()
            .map(|u| (&dataset.units[u], &board.summaries[u]))
            .map(|(unit, summary)| UnitLight {
                code: unit.code.clone(),
                name: unit.name.clone(),
                care_provider: unit.care_provider.clone(),
                light: summary.overall,
                readiness: summary.readiness,
            })
            .collect();
        let mut cells = Vec::with_capacity(dataset.units.len() * dataset.criteria.len());
        for u in board.counted_units() {
            let (unit, row) = (&dataset.units[u], &board.cells[u]);
            for (c, (criterion, assessment)) in dataset.criteria.iter().zip(row.iter()).enumerate()
            {
                let value = board.source(dataset, u, c);
                cells.push(CellLight {
                    unit: unit.code.clone(),
                    criterion: criterion.code.clone(),
                    area: criterion.area.clone(),
                    light: assessment.light,
                    value: value.map(|v| v.value.canonical()),
                    measured: value.map(|v| v.measured),
                });
            }
        }
        Snapshot {
            as_of: board.as_of,
            evaluation: dataset.evaluation.code.clone(),
            units,
            cells,
        }
    }

    /// Units per overall light.
    pub fn unit_counts(&self) -> LightCounts {
        let mut counts = LightCounts::default();
        for u in &self.units {
            counts.add(u.light);
        }
        counts
    }
}

/// How a unit or a cell moved between two snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    Improved,
    Worsened,
    Unchanged,
    /// Only in the later snapshot, or not applicable before and measured after.
    Appeared,
    /// Only in the earlier snapshot, or measured before and not applicable after.
    Disappeared,
}

impl Movement {
    pub const ALL: [Movement; 5] = [
        Movement::Improved,
        Movement::Worsened,
        Movement::Unchanged,
        Movement::Appeared,
        Movement::Disappeared,
    ];

    /// Stable code for the API and CSS classes.
    pub fn code(self) -> &'static str {
        match self {
            Movement::Improved => "improved",
            Movement::Worsened => "worsened",
            Movement::Unchanged => "unchanged",
            Movement::Appeared => "appeared",
            Movement::Disappeared => "disappeared",
        }
    }

    /// The movement from `before` to `after` (`None`: not in that snapshot); see the module
    /// documentation for the order of lights and for not applicable.
    pub fn between(before: Option<Light>, after: Option<Light>) -> Movement {
        match (before.and_then(goodness), after.and_then(goodness)) {
            (None, None) => Movement::Unchanged,
            (None, Some(_)) => Movement::Appeared,
            (Some(_), None) => Movement::Disappeared,
            (Some(b), Some(a)) if a > b => Movement::Improved,
            (Some(b), Some(a)) if a < b => Movement::Worsened,
            (Some(_), Some(_)) => Movement::Unchanged,
        }
    }
}

/// Green 3 > amber 2 > red 1 > grey 0; not applicable is off the scale.
pub fn goodness(light: Light) -> Option<u8> {
    match light {
        Light::Green => Some(3),
        Light::Amber => Some(2),
        Light::Red => Some(1),
        Light::Grey => Some(0),
        Light::NotApplicable => None,
    }
}

/// How many units or cells moved each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementCounts {
    pub improved: u32,
    pub worsened: u32,
    pub unchanged: u32,
    pub appeared: u32,
    pub disappeared: u32,
}

impl MovementCounts {
    pub fn add(&mut self, movement: Movement) {
        *match movement {
            Movement::Improved => &mut self.improved,
            Movement::Worsened => &mut self.worsened,
            Movement::Unchanged => &mut self.unchanged,
            Movement::Appeared => &mut self.appeared,
            Movement::Disappeared => &mut self.disappeared,
        } += 1;
    }

    pub fn get(&self, movement: Movement) -> u32 {
        match movement {
            Movement::Improved => self.improved,
            Movement::Worsened => self.worsened,
            Movement::Unchanged => self.unchanged,
            Movement::Appeared => self.appeared,
            Movement::Disappeared => self.disappeared,
        }
    }

    pub fn total(&self) -> u32 {
        Movement::ALL.into_iter().map(|m| self.get(m)).sum()
    }
}

/// One unit's overall light before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitChange {
    pub code: String,
    /// From the later snapshot when the unit is in it.
    pub name: String,
    pub care_provider: String,
    pub before: Option<Light>,
    pub after: Option<Light>,
    pub before_readiness: Option<f64>,
    pub after_readiness: Option<f64>,
    pub movement: Movement,
}

/// One unit × criterion light before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellChange {
    pub unit: String,
    pub criterion: String,
    /// From the later snapshot when the cell is in it.
    pub area: String,
    /// The unit's care provider, from the later snapshot when the unit is in it.
    pub care_provider: String,
    pub before: Option<Light>,
    pub after: Option<Light>,
    pub before_value: Option<String>,
    pub after_value: Option<String>,
    pub movement: Movement,
}

/// Cell movements of one criterion area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaMovement {
    pub area: String,
    pub cells: MovementCounts,
}

/// Unit and cell movements of one care provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMovement {
    pub care_provider: String,
    pub units: MovementCounts,
    pub cells: MovementCounts,
}

/// What changed between two snapshots. Every list is sorted: units by code, cells by unit code
/// then criterion code, areas and care providers by name (code-point order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub before: NaiveDate,
    pub after: NaiveDate,
    /// Every unit in either snapshot, unchanged ones included.
    pub units: Vec<UnitChange>,
    /// Every cell in either snapshot, unchanged ones included.
    pub cells: Vec<CellChange>,
    pub unit_counts: MovementCounts,
    pub cell_counts: MovementCounts,
    pub areas: Vec<AreaMovement>,
    pub care_providers: Vec<ProviderMovement>,
}

impl Comparison {
    pub fn units_that(&self, movement: Movement) -> impl Iterator<Item = &UnitChange> {
        self.units.iter().filter(move |u| u.movement == movement)
    }

    pub fn cells_that(&self, movement: Movement) -> impl Iterator<Item = &CellChange> {
        self.cells.iter().filter(move |c| c.movement == movement)
    }
}

/// One key's entry in the earlier and in the later snapshot.
type BeforeAfter<'a, T> = (Option<&'a T>, Option<&'a T>);

/// Compares two snapshots of one evaluation, usually an earlier and a later one.
pub fn compare(before: &Snapshot, after: &Snapshot) -> Comparison {
    // (before, after) per key; BTreeMaps give the sorted order.
    let mut units: BTreeMap<&str, BeforeAfter<UnitLight>> = BTreeMap::new();
    for u in &before.units {
        units.entry(&u.code).or_default().0 = Some(u);
    }
    for u in &after.units {
        units.entry(&u.code).or_default().1 = Some(u);
    }
    let mut cells: BTreeMap<(&str, &str), BeforeAfter<CellLight>> = BTreeMap::new();
    for c in &before.cells {
        cells.entry((&c.unit, &c.criterion)).or_default().0 = Some(c);
    }
    for c in &after.cells {
        cells.entry((&c.unit, &c.criterion)).or_default().1 = Some(c);
    }

    let mut unit_counts = MovementCounts::default();
    let mut providers: BTreeMap<String, (MovementCounts, MovementCounts)> = BTreeMap::new();
    let unit_changes: Vec<UnitChange> = units
        .into_iter()
        .filter_map(|(code, (b, a))| {
            let latest = a.or(b)?;
            let movement = Movement::between(b.map(|u| u.light), a.map(|u| u.light));
            unit_counts.add(movement);
            providers
                .entry(latest.care_provider.clone())
                .or_default()
                .0
                .add(movement);
            Some(UnitChange {
                code: code.to_owned(),
                name: latest.name.clone(),
                care_provider: latest.care_provider.clone(),
                before: b.map(|u| u.light),
                after: a.map(|u| u.light),
                before_readiness: b.and_then(|u| u.readiness),
                after_readiness: a.and_then(|u| u.readiness),
                movement,
            })
        })
        .collect();
    let provider_of = |unit: &str| -> String {
        unit_changes
            .binary_search_by(|u| u.code.as_str().cmp(unit))
            .map(|i| unit_changes[i].care_provider.clone())
            .unwrap_or_default()
    };

    let mut cell_counts = MovementCounts::default();
    let mut areas: BTreeMap<String, MovementCounts> = BTreeMap::new();
    let cell_changes: Vec<CellChange> = cells
        .into_iter()
        .filter_map(|((unit, criterion), (b, a))| {
            let latest = a.or(b)?;
            let movement = Movement::between(b.map(|c| c.light), a.map(|c| c.light));
            let care_provider = provider_of(unit);
            cell_counts.add(movement);
            areas.entry(latest.area.clone()).or_default().add(movement);
            providers
                .entry(care_provider.clone())
                .or_default()
                .1
                .add(movement);
            Some(CellChange {
                unit: unit.to_owned(),
                criterion: criterion.to_owned(),
                area: latest.area.clone(),
                care_provider,
                before: b.map(|c| c.light),
                after: a.map(|c| c.light),
                before_value: b.and_then(|c| c.value.clone()),
                after_value: a.and_then(|c| c.value.clone()),
                movement,
            })
        })
        .collect();

    Comparison {
        before: before.as_of,
        after: after.as_of,
        units: unit_changes,
        cells: cell_changes,
        unit_counts,
        cell_counts,
        areas: areas
            .into_iter()
            .map(|(area, cells)| AreaMovement { area, cells })
            .collect(),
        care_providers: providers
            .into_iter()
            .map(|(care_provider, (units, cells))| ProviderMovement {
                care_provider,
                units,
                cells,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{criterion, d, dataset, plan, unit, value};
    use crate::{Kind, PlanStatus, Reported};
    use Light::{Amber, Green, Grey, NotApplicable, Red};

    #[test]
    fn movement_table() {
        use Movement::*;
        let rows: &[(Option<Light>, Option<Light>, Movement)] = &[
            (Some(Red), Some(Green), Improved),
            (Some(Red), Some(Amber), Improved),
            (Some(Amber), Some(Green), Improved),
            (Some(Grey), Some(Red), Improved),
            (Some(Green), Some(Amber), Worsened),
            (Some(Amber), Some(Red), Worsened),
            (Some(Red), Some(Grey), Worsened),
            (Some(Green), Some(Grey), Worsened),
            (Some(Green), Some(Green), Unchanged),
            (Some(Grey), Some(Grey), Unchanged),
            (None, Some(Red), Appeared),
            (Some(Green), None, Disappeared),
            (Some(NotApplicable), Some(NotApplicable), Unchanged),
            (Some(NotApplicable), Some(Red), Appeared),
            (Some(Green), Some(NotApplicable), Disappeared),
            (None, Some(NotApplicable), Unchanged),
            (Some(NotApplicable), None, Unchanged),
            (None, None, Unchanged),
        ];
        for &(before, after, expected) in rows {
            assert_eq!(
                Movement::between(before, after),
                expected,
                "{before:?} → {after:?}"
            );
        }
    }

    /// Two criteria in two areas, three units at two providers; the second board is three
    /// months later.
    fn history() -> crate::Dataset {
        let criteria = vec![
            criterion("K1", "Forskning", Kind::YesNo, None),
            criterion("K2", "Utbildning", Kind::Count, Some(2.0)),
        ];
        let units = vec![
            unit("E1", "Södersjukhuset"),
            unit("E2", "Karolinska"),
            unit("E3", "Karolinska"),
        ];
        let values = vec![
            // E1: K1 red → green; K2 green → stale (amber).
            value("E1", "K1", "2025-12-01", Reported::No),
            value("E1", "K1", "2026-02-01", Reported::Yes),
            value("E1", "K2", "2025-03-01", Reported::Number(3.0)),
            // E2: K1 green both times; K2 grey → 1 (red, no plan).
            value("E2", "K1", "2025-12-01", Reported::Yes),
            value("E2", "K2", "2026-02-15", Reported::Number(1.0)),
            // E3: K1 n/a → yes (appears); K2 yes … 2 → n/a (disappears).
            value("E3", "K1", "2025-12-01", Reported::NotApplicable),
            value("E3", "K1", "2026-03-01", Reported::Yes),
            value("E3", "K2", "2025-12-01", Reported::Number(2.0)),
            value("E3", "K2", "2026-03-01", Reported::NotApplicable),
        ];
        // E2's K2 plan was due before the second date: overdue then.
        let plans = vec![plan("E2", "K2", "2026-02-28", PlanStatus::Planned)];
        dataset("2026-09-30", criteria, units, values, plans)
    }

    #[test]
    fn snapshot_from_board() {
        let data = history();
        let snap = Snapshot::from_board(&data, &data.board(d("2026-01-01")));
        assert_eq!(snap.as_of, d("2026-01-01"));
        assert_eq!(snap.evaluation, "USV2026");
        let cells: Vec<(&str, &str, &str, Light, Option<&str>)> = snap
            .cells
            .iter()
            .map(|c| {
                (
                    c.unit.as_str(),
                    c.criterion.as_str(),
                    c.area.as_str(),
                    c.light,
                    c.value.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            cells,
            vec![
                ("E1", "K1", "Forskning", Red, Some("Nej")),
                ("E1", "K2", "Utbildning", Green, Some("3")),
                ("E2", "K1", "Forskning", Green, Some("Ja")),
                ("E2", "K2", "Utbildning", Grey, None),
                (
                    "E3",
                    "K1",
                    "Forskning",
                    NotApplicable,
                    Some("ej tillämplig")
                ),
                ("E3", "K2", "Utbildning", Green, Some("2")),
            ]
        );
        assert_eq!(snap.cells[1].measured, Some(d("2025-03-01")));
        let units: Vec<(&str, Light, Option<f64>)> = snap
            .units
            .iter()
            .map(|u| (u.code.as_str(), u.light, u.readiness))
            .collect();
        assert_eq!(
            units,
            vec![
                ("E1", Red, Some(50.0)),
                ("E2", Amber, Some(50.0)),
                ("E3", Green, Some(100.0)),
            ]
        );
        assert_eq!(snap.unit_counts().get(Red), 1);
    }

    #[test]
    fn compare_two_dates() {
        let data = history();
        let before = Snapshot::from_board(&data, &data.board(d("2026-01-01")));
        let after = Snapshot::from_board(&data, &data.board(d("2026-04-01")));
        let cmp = compare(&before, &after);
        assert_eq!((cmp.before, cmp.after), (d("2026-01-01"), d("2026-04-01")));

        let cells: Vec<_> = cmp
            .cells
            .iter()
            .map(|c| {
                (
                    c.unit.as_str(),
                    c.criterion.as_str(),
                    c.before,
                    c.after,
                    c.movement,
                )
            })
            .collect();
        assert_eq!(
            cells,
            vec![
                ("E1", "K1", Some(Red), Some(Green), Movement::Improved),
                ("E1", "K2", Some(Green), Some(Amber), Movement::Worsened),
                ("E2", "K1", Some(Green), Some(Green), Movement::Unchanged),
                ("E2", "K2", Some(Grey), Some(Red), Movement::Improved),
                (
                    "E3",
                    "K1",
                    Some(NotApplicable),
                    Some(Green),
                    Movement::Appeared
                ),
                (
                    "E3",
                    "K2",
                    Some(Green),
                    Some(NotApplicable),
                    Movement::Disappeared
                ),
            ]
        );
        assert_eq!(cmp.cells[3].before_value, None);
        assert_eq!(cmp.cells[3].after_value.as_deref(), Some("1"));

        // Units: E1 red → amber (K2 stale), E2 amber → red (mandatory K2 red), E3 green → green.
        let units: Vec<(&str, Option<Light>, Option<Light>, Movement)> = cmp
            .units
            .iter()
            .map(|u| (u.code.as_str(), u.before, u.after, u.movement))
            .collect();
        assert_eq!(
            units,
            vec![
                ("E1", Some(Red), Some(Amber), Movement::Improved),
                ("E2", Some(Amber), Some(Red), Movement::Worsened),
                ("E3", Some(Green), Some(Green), Movement::Unchanged),
            ]
        );
        let m = |improved, worsened, unchanged, appeared, disappeared| MovementCounts {
            improved,
            worsened,
            unchanged,
            appeared,
            disappeared,
        };
        assert_eq!(cmp.unit_counts, m(1, 1, 1, 0, 0));
        assert_eq!(cmp.cell_counts, m(2, 1, 1, 1, 1));
        assert_eq!(
            cmp.areas,
            vec![
                AreaMovement {
                    area: "Forskning".into(),
                    cells: m(1, 0, 1, 1, 0)
                },
                AreaMovement {
                    area: "Utbildning".into(),
                    cells: m(1, 1, 0, 0, 1)
                },
            ]
        );
        assert_eq!(
            cmp.care_providers,
            vec![
                ProviderMovement {
                    care_provider: "Karolinska".into(),
                    units: m(0, 1, 1, 0, 0),
                    cells: m(1, 0, 1, 1, 1),
                },
                ProviderMovement {
                    care_provider: "Södersjukhuset".into(),
                    units: m(1, 0, 0, 0, 0),
                    cells: m(1, 1, 0, 0, 0),
                },
            ]
        );
        assert_eq!(cmp.units_that(Movement::Worsened).count(), 1);
        assert_eq!(cmp.cells_that(Movement::Improved).count(), 2);
    }

    #[test]
    fn units_and_criteria_added_or_removed() {
        let data = history();
        let before = Snapshot::from_board(&data, &data.board(d("2026-04-01")));
        let mut later = data.clone();
        later.units.retain(|u| u.code != "E1");
        later.units.push(unit("E0", "Danderyd"));
        later
            .criteria
            .push(criterion("K3", "Forskning", Kind::YesNo, None));
        let after = Snapshot::from_board(&later, &later.board(d("2026-04-01")));
        let cmp = compare(&before, &after);

        let units: Vec<(&str, Movement)> = cmp
            .units
            .iter()
            .map(|u| (u.code.as_str(), u.movement))
            .collect();
        assert_eq!(
            units,
            vec![
                ("E0", Movement::Appeared),
                ("E1", Movement::Disappeared),
                ("E2", Movement::Unchanged),
                // A new criterion nobody has reported yet is grey: E3 is no longer all green.
                ("E3", Movement::Worsened),
            ]
        );
        // E0: K1, K2, K3 appear; E1: K1, K2 disappear; E2 and E3: K3 appears; E3's K2 is n/a on
        // both sides.
        let m = |improved, worsened, unchanged, appeared, disappeared| MovementCounts {
            improved,
            worsened,
            unchanged,
            appeared,
            disappeared,
        };
        assert_eq!(cmp.cell_counts, m(0, 0, 4, 5, 2));
        assert_eq!(cmp.unit_counts, m(0, 1, 1, 1, 1));
        let new_cells: Vec<(&str, &str, Option<Light>, Option<Light>)> = cmp
            .cells_that(Movement::Appeared)
            .map(|c| (c.unit.as_str(), c.criterion.as_str(), c.before, c.after))
            .collect();
        assert_eq!(
            new_cells,
            vec![
                ("E0", "K1", None, Some(Grey)),
                ("E0", "K2", None, Some(Grey)),
                ("E0", "K3", None, Some(Grey)),
                ("E2", "K3", None, Some(Grey)),
                ("E3", "K3", None, Some(Grey)),
            ]
        );
        // A removed unit keeps its provider from the earlier snapshot.
        let providers: Vec<&str> = cmp
            .care_providers
            .iter()
            .map(|p| p.care_provider.as_str())
            .collect();
        assert_eq!(providers, vec!["Danderyd", "Karolinska", "Södersjukhuset"]);
        assert_eq!(cmp.care_providers[2].units, m(0, 0, 0, 0, 1));
        assert_eq!(cmp.care_providers[2].cells, m(0, 0, 0, 0, 2));
    }

    #[test]
    fn a_snapshot_compared_with_itself_is_unchanged() {
        let data = history();
        let snap = Snapshot::from_board(&data, &data.board(d("2026-04-01")));
        let cmp = compare(&snap, &snap.clone());
        assert_eq!(cmp.unit_counts.unchanged, 3);
        assert_eq!(cmp.cell_counts.unchanged, 6);
        assert_eq!(cmp.cell_counts.total(), 6);
    }
}
