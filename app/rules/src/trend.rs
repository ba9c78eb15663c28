//! Readiness quarter by quarter: the board as of each quarter end, from the quarter of the first
//! reported value up to a given date.
//!
//! Every point is a full [`Dataset::board`] as of its date, so a past quarter shows what the
//! matrix would have shown that day (values measured by then, stale ones amber).

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{
    Aggregate, Dataset, Kind, Light, LightBoard, LightCounts, Reported, summarize_unit, valid_until,
};

/// At most this many points (ten years of quarters): older quarters are left out.
pub const MAX_TREND_POINTS: usize = 40;

/// The last day of the quarter `date` is in: 31 Mar, 30 Jun, 30 Sep or 31 Dec.
pub fn quarter_end(date: NaiveDate) -> NaiveDate {
    let (month, day) = match date.month() {
        1..=3 => (3, 31),
        4..=6 => (6, 30),
        7..=9 => (9, 30),
        _ => (12, 31),
    };
    NaiveDate::from_ymd_opt(date.year(), month, day).unwrap_or(date)
}

/// The lights of one criterion area at one point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaLights {
    pub area: String,
    /// Units per light, each unit rolled up over this area's criteria only (the same roll-up as
    /// the overall light).
    pub units: LightCounts,
    /// Unit × criterion cells of this area per light.
    pub cells: LightCounts,
}

/// One date of the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub date: NaiveDate,
    pub year: i32,
    /// 1–4.
    pub quarter: u32,
    /// False for the last point when it is `until` inside a quarter (the quarter so far).
    pub complete: bool,
    /// Units per overall light.
    pub units: LightCounts,
    /// In the order areas first appear in `Dataset::criteria`.
    pub areas: Vec<AreaLights>,
}

/// One unit over the series; both vectors have one entry per point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitSeries {
    pub code: String,
    pub name: String,
    pub care_provider: String,
    pub lights: Vec<Light>,
    pub readiness: Vec<Option<f64>>,
}

/// The regional figure of one numeric criterion (`antal`, `andel`, `index`) over the series;
/// one entry per point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSeries {
    pub criterion: String,
    pub area: String,
    pub title: String,
    /// The criterion's English title; empty when it has none.
    pub title_en: String,
    pub kind: Kind,
    /// A sum for counts, a mean for shares and indices ([`Kind::aggregate`]).
    pub aggregate: Aggregate,
    /// The aggregate over units of the latest value measured on or before the point's date (the
    /// value the matrix shows). Stale values are included, since they are still the latest known
    /// figure; `stale` says how many. `ej tillämplig` is left out. `None` when no unit has a
    /// number.
    pub values: Vec<Option<f64>>,
    /// Units whose number is in the figure.
    pub reporting: Vec<u32>,
    /// Of those, units whose number was stale on that date.
    pub stale: Vec<u32>,
}

impl IndicatorSeries {
    /// The title in `lang`: the English one when asked for and given, else the Swedish.
    pub fn title_in(&self, lang: crate::Lang) -> &str {
        crate::in_lang(lang, &self.title, &self.title_en)
    }
}

/// Readiness over time. `units` follow `Dataset::units`; `indicators` are the numeric criteria in
/// the order of `Dataset::criteria`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    pub points: Vec<TrendPoint>,
    pub units: Vec<UnitSeries>,
    pub indicators: Vec<IndicatorSeries>,
}

/// The dates of the series: every quarter end from the quarter of `start` that falls before
/// `until`, then `until` itself (a quarter end, or the running quarter so far). Only the latest
/// [`MAX_TREND_POINTS`] are kept.
fn point_dates(start: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
    if start > until {
        return Vec::new();
    }
    // Skip quarters that the cap would drop anyway, so a stray old date costs nothing.
    let earliest = until
        .checked_sub_months(Months::new(3 * MAX_TREND_POINTS as u32))
        .unwrap_or(start);
    let mut dates = Vec::new();
    let mut q = quarter_end(start.max(earliest));
    while q < until {
        dates.push(q);
        match q.succ_opt() {
            Some(next) => q = quarter_end(next),
            None => break,
        }
    }
    dates.push(until);
    let excess = dates.len().saturating_sub(MAX_TREND_POINTS);
    dates.drain(..excess);
    dates
}

/// The quarter-by-quarter series of `dataset` up to `until`. It starts at the quarter of the
/// first value reported for a known unit and criterion, or of `from` when that is later. Without
/// any such value, or when the start is after `until`, there are no points (units and
/// indicators are still listed, with empty series).
pub fn trend(dataset: &Dataset, from: Option<NaiveDate>, until: NaiveDate) -> Trend {
    let boards: Vec<LightBoard> = trend_dates(dataset, from, until)
        .into_iter()
        .map(|date| dataset.light_board(date))
        .collect();
    trend_from_boards(dataset, &boards)
}

/// One unit's part of [`trend`] (its series, on the same dates), computed from its own records:
/// `units` holds that unit only, the points and indicators count it alone. `None` for a unit not
/// in the dataset.
pub fn unit_trend(dataset: &Dataset, unit: &str, until: NaiveDate) -> Option<Trend> {
    let u = dataset.units.iter().position(|u| u.code == unit)?;
    let mut one = Dataset::new(
        dataset.evaluation.clone(),
        dataset.criteria.clone(),
        vec![dataset.units[u].clone()],
        dataset
            .unit_values(u)
            .iter()
            .map(|v| v.to_record())
            .collect(),
        dataset
            .plans
            .iter()
            .filter(|p| p.unit == unit)
            .cloned()
            .collect(),
    );
    // Its points count it on the dates it is designated, as in the whole trend.
    one.designations = crate::Designations::new(dataset.designations.of(unit).to_vec());
    let boards: Vec<LightBoard> = trend_dates(dataset, None, until)
        .into_iter()
        .map(|date| one.light_board(date))
        .collect();
    Some(trend_from_boards(&one, &boards))
}

/// The dates of [`trend`]'s points.
pub fn trend_dates(dataset: &Dataset, from: Option<NaiveDate>, until: NaiveDate) -> Vec<NaiveDate> {
    match dataset.first_measured() {
        Some(first) => point_dates(from.map_or(first, |f| f.max(first)), until),
        None => Vec::new(),
    }
}

/// [`trend`] from the lights of `dataset` as of each of its dates ([`trend_dates`], in that
/// order), for a caller that keeps them already.
pub fn trend_from_boards<B: std::borrow::Borrow<LightBoard>>(
    dataset: &Dataset,
    boards: &[B],
) -> Trend {
    let dates: Vec<NaiveDate> = boards.iter().map(|b| b.borrow().as_of).collect();

    // Criterion indexes per area, in the order areas first appear.
    let mut areas: Vec<(&str, Vec<usize>)> = Vec::new();
    for (c, criterion) in dataset.criteria.iter().enumerate() {
        match areas.iter_mut().find(|(a, _)| *a == criterion.area) {
            Some((_, members)) => members.push(c),
            None => areas.push((&criterion.area, vec![c])),
        }
    }

    let mut trend = Trend {
        points: Vec::with_capacity(dates.len()),
        units: dataset
            .units
            .iter()
            .map(|u| UnitSeries {
                code: u.code.clone(),
                name: u.name.clone(),
                care_provider: u.care_provider.clone(),
                lights: Vec::with_capacity(dates.len()),
                readiness: Vec::with_capacity(dates.len()),
            })
            .collect(),
        indicators: dataset
            .criteria
            .iter()
            .filter_map(|c| Some((c, c.rule.kind.aggregate()?)))
            .map(|(c, aggregate)| IndicatorSeries {
                criterion: c.code.clone(),
                area: c.area.clone(),
                title: c.title.clone(),
                title_en: c.title_en.clone(),
                kind: c.rule.kind,
                aggregate,
                values: Vec::with_capacity(dates.len()),
                reporting: Vec::with_capacity(dates.len()),
                stale: Vec::with_capacity(dates.len()),
            })
            .collect(),
    };
    let numeric_criteria: Vec<usize> = (0..dataset.criteria.len())
        .filter(|&c| dataset.criteria[c].rule.kind.aggregate().is_some())
        .collect();

    // Each unit's records looked up once, not per date and indicator.
    let unit_values: Vec<crate::UnitRecords> = (0..dataset.units.len())
        .map(|u| dataset.unit_values(u))
        .collect();
    for (date, board) in dates.into_iter().zip(boards) {
        let board: &LightBoard = board.borrow();
        let area_lights = areas
            .iter()
            .map(|(area, members)| {
                let mut units = LightCounts::default();
                let mut cells = LightCounts::default();
                for row in board.counted_units().map(|u| &board.lights[u]) {
                    let lights = members
                        .iter()
                        .map(|&c| (row[c], dataset.criteria[c].rule.mandatory));
                    units.add(summarize_unit(lights).overall);
                    for &c in members {
                        cells.add(row[c]);
                    }
                }
                AreaLights {
                    area: (*area).to_owned(),
                    units,
                    cells,
                }
            })
            .collect();
        trend.points.push(TrendPoint {
            date,
            year: date.year(),
            quarter: date.month0() / 3 + 1,
            complete: date == quarter_end(date),
            units: board.unit_counts(),
            areas: area_lights,
        });
        for (series, summary) in trend.units.iter_mut().zip(&board.summaries) {
            series.lights.push(summary.overall);
            series.readiness.push(summary.readiness);
        }
        for (series, &c) in trend.indicators.iter_mut().zip(&numeric_criteria) {
            let validity = dataset.criteria[c].rule.validity_months;
            let (mut numbers, mut stale) = (Vec::new(), 0);
            let sources = board
                .counted_units()
                .map(|u| (&board.sources[u], &unit_values[u]));
            for v in sources.filter_map(|(row, values)| values.get(row[c]? as usize)) {
                if let Reported::Number(n) = v.value {
                    numbers.push(n);
                    if date > valid_until(v.measured, validity) {
                        stale += 1;
                    }
                }
            }
            series.values.push(series.aggregate.of(&numbers));
            series.reporting.push(numbers.len() as u32);
            series.stale.push(stale);
        }
    }
    trend
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{counts, criterion, d, dataset, unit, value};
    use Reported::{NotApplicable, Number, Yes};

    #[test]
    fn quarter_end_table() {
        for (date, end) in [
            ("2026-01-01", "2026-03-31"),
            ("2026-03-31", "2026-03-31"),
            ("2026-04-01", "2026-06-30"),
            ("2026-06-30", "2026-06-30"),
            ("2026-08-15", "2026-09-30"),
            ("2026-10-01", "2026-12-31"),
            ("2026-12-31", "2026-12-31"),
            ("2024-02-29", "2024-03-31"),
        ] {
            assert_eq!(quarter_end(d(date)), d(end), "{date}");
        }
    }

    fn dates(t: &Trend) -> Vec<(NaiveDate, u32, bool)> {
        t.points
            .iter()
            .map(|p| (p.date, p.quarter, p.complete))
            .collect()
    }

    #[test]
    fn no_values_no_points() {
        let data = dataset(
            "2026-09-30",
            vec![criterion("K1", "Forskning", Kind::Count, Some(1.0))],
            vec![unit("E1", "Karolinska")],
            Vec::new(),
            Vec::new(),
        );
        let t = trend(&data, None, d("2026-05-20"));
        assert!(t.points.is_empty());
        assert_eq!(t.units.len(), 1);
        assert!(t.units[0].lights.is_empty());
        assert_eq!(t.indicators.len(), 1);
        assert!(t.indicators[0].values.is_empty());

        // A value for a unit that is not in the dataset does not start a series.
        let mut stray = data.clone();
        stray.add_versions(
            vec![value("X9", "K1", "2026-01-10", Number(1.0))],
            Vec::new(),
        );
        assert!(trend(&stray, None, d("2026-05-20")).points.is_empty());

        // Neither does a value reported after `until`.
        let mut late = data;
        late.add_versions(
            vec![value("E1", "K1", "2026-06-10", Number(1.0))],
            Vec::new(),
        );
        assert!(trend(&late, None, d("2026-05-20")).points.is_empty());
    }

    #[test]
    fn a_single_value() {
        let data = dataset(
            "2026-09-30",
            vec![criterion("K1", "Forskning", Kind::YesNo, None)],
            vec![unit("E1", "Karolinska")],
            vec![value("E1", "K1", "2026-02-10", Yes)],
            Vec::new(),
        );
        // `until` inside the value's quarter: one point, the quarter so far.
        let t = trend(&data, None, d("2026-02-20"));
        assert_eq!(dates(&t), vec![(d("2026-02-20"), 1, false)]);
        assert_eq!(t.points[0].units, counts(1, 0, 0, 0));
        assert_eq!(t.units[0].lights, vec![Light::Green]);
        assert_eq!(t.units[0].readiness, vec![Some(100.0)]);
        // `until` on the quarter end: one complete point.
        let t = trend(&data, None, d("2026-03-31"));
        assert_eq!(dates(&t), vec![(d("2026-03-31"), 1, true)]);
        // `until` on the day the value was measured.
        let t = trend(&data, None, d("2026-02-10"));
        assert_eq!(dates(&t), vec![(d("2026-02-10"), 1, false)]);
    }

    /// K1 `ja_nej` (Forskning), K2 `antal` ≥ 2 and K3 `andel` ≥ 80 (Utbildning); two units.
    fn two_units() -> Dataset {
        let criteria = vec![
            criterion("K1", "Forskning", Kind::YesNo, None),
            criterion("K2", "Utbildning", Kind::Count, Some(2.0)),
            criterion("K3", "Utbildning", Kind::Share, Some(80.0)),
        ];
        let values = vec![
            value("E1", "K1", "2025-11-10", Reported::No),
            value("E1", "K1", "2026-02-01", Yes),
            value("E1", "K2", "2025-11-10", Number(3.0)),
            value("E1", "K3", "2025-11-10", Number(90.0)),
            value("E2", "K2", "2026-01-20", Number(1.0)),
            value("E2", "K2", "2026-05-05", Number(2.0)),
            value("E2", "K1", "2026-04-10", Yes),
        ];
        dataset(
            "2026-09-30",
            criteria,
            vec![unit("E1", "Karolinska"), unit("E2", "Danderyd")],
            values,
            Vec::new(),
        )
    }

    /// A unit's trend from its own records is its series of the whole trend, on the same dates.
    #[test]
    fn a_units_trend_is_its_part_of_the_whole() {
        let data = two_units();
        for until in ["2025-11-10", "2026-03-31", "2026-05-20", "2027-01-01"] {
            let whole = trend(&data, None, d(until));
            for series in &whole.units {
                let one = unit_trend(&data, &series.code, d(until)).expect("a listed unit");
                let dates: Vec<NaiveDate> = one.points.iter().map(|p| p.date).collect();
                let whole_dates: Vec<NaiveDate> = whole.points.iter().map(|p| p.date).collect();
                assert_eq!(dates, whole_dates, "{} until {until}", series.code);
                assert_eq!(
                    one.units,
                    vec![series.clone()],
                    "{} until {until}",
                    series.code
                );
            }
        }
        assert!(unit_trend(&data, "X9", d("2026-05-20")).is_none());
    }

    #[test]
    fn quarter_by_quarter() {
        let t = trend(&two_units(), None, d("2026-05-20"));
        assert_eq!(
            dates(&t),
            vec![
                (d("2025-12-31"), 4, true),
                (d("2026-03-31"), 1, true),
                (d("2026-05-20"), 2, false),
            ]
        );
        let overall: Vec<LightCounts> = t.points.iter().map(|p| p.units).collect();
        assert_eq!(
            overall,
            vec![counts(0, 0, 1, 1), counts(1, 0, 1, 0), counts(1, 1, 0, 0)]
        );

        let area = |p: usize, name: &str| -> (LightCounts, LightCounts) {
            let a = t.points[p]
                .areas
                .iter()
                .find(|a| a.area == name)
                .unwrap_or_else(|| panic!("no area {name}"));
            (a.units, a.cells)
        };
        let areas: Vec<&str> = t.points[0].areas.iter().map(|a| a.area.as_str()).collect();
        assert_eq!(areas, vec!["Forskning", "Utbildning"]);
        let table = [
            (0, "Forskning", counts(0, 0, 1, 1), counts(0, 0, 1, 1)),
            (0, "Utbildning", counts(1, 0, 0, 1), counts(2, 0, 0, 2)),
            (1, "Forskning", counts(1, 0, 0, 1), counts(1, 0, 0, 1)),
            (1, "Utbildning", counts(1, 0, 1, 0), counts(2, 0, 1, 1)),
            (2, "Forskning", counts(2, 0, 0, 0), counts(2, 0, 0, 0)),
            (2, "Utbildning", counts(1, 1, 0, 0), counts(3, 0, 0, 1)),
        ];
        for (p, name, units, cells) in table {
            assert_eq!(area(p, name), (units, cells), "point {p}, {name}");
        }

        assert_eq!(
            t.units[0].lights,
            vec![Light::Red, Light::Green, Light::Green]
        );
        assert_eq!(
            t.units[0].readiness,
            vec![Some(200.0 / 3.0), Some(100.0), Some(100.0)]
        );
        assert_eq!(
            t.units[1].lights,
            vec![Light::Grey, Light::Red, Light::Amber]
        );
        assert_eq!(
            t.units[1].readiness,
            vec![Some(0.0), Some(0.0), Some(200.0 / 3.0)]
        );

        // The numeric criteria are indicators: the count summed, the share averaged.
        let codes: Vec<(&str, &str, Aggregate)> = t
            .indicators
            .iter()
            .map(|i| (i.criterion.as_str(), i.area.as_str(), i.aggregate))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("K2", "Utbildning", Aggregate::Sum),
                ("K3", "Utbildning", Aggregate::Mean)
            ]
        );
        let k2 = &t.indicators[0];
        assert_eq!(k2.values, vec![Some(3.0), Some(4.0), Some(5.0)]);
        assert_eq!(k2.reporting, vec![1, 2, 2]);
        assert_eq!(k2.stale, vec![0, 0, 0]);
        // Only E1 reported K3 (90 %): its mean is 90, whatever the number of units.
        let k3 = &t.indicators[1];
        assert_eq!(k3.values, vec![Some(90.0); 3]);
        assert_eq!(k3.reporting, vec![1, 1, 1]);
    }

    #[test]
    fn from_date_narrows_the_start() {
        let data = two_units();
        let t = trend(&data, Some(d("2026-01-15")), d("2026-05-20"));
        assert_eq!(
            dates(&t),
            vec![(d("2026-03-31"), 1, true), (d("2026-05-20"), 2, false)]
        );
        // A `from` before the first value changes nothing.
        let t = trend(&data, Some(d("2020-01-01")), d("2026-05-20"));
        assert_eq!(t.points.len(), 3);
        // A `from` after `until`: nothing.
        assert!(
            trend(&data, Some(d("2026-06-01")), d("2026-05-20"))
                .points
                .is_empty()
        );
    }

    #[test]
    fn indicator_totals_count_stale_values_and_skip_not_applicable() {
        let data = dataset(
            "2026-09-30",
            vec![criterion("K1", "Forskning", Kind::Count, Some(1.0))],
            vec![unit("E1", "Karolinska"), unit("E2", "SÖS")],
            vec![
                value("E1", "K1", "2024-01-10", Number(4.0)),
                value("E2", "K1", "2024-01-10", NotApplicable),
            ],
            Vec::new(),
        );
        let t = trend(&data, None, d("2025-03-31"));
        assert_eq!(t.points.len(), 5);
        let k1 = &t.indicators[0];
        assert_eq!(k1.values, vec![Some(4.0); 5]);
        assert_eq!(k1.reporting, vec![1; 5]);
        // Valid until 2025-01-10: stale on the last quarter end only.
        assert_eq!(k1.stale, vec![0, 0, 0, 0, 1]);
        assert_eq!(t.units[0].lights.last(), Some(&Light::Amber));
    }

    /// A field-normalised citation index (`index`) is averaged, never summed; a count beside it
    /// is summed; a quarter in which nobody had reported has no figure, not zero.
    #[test]
    fn an_index_is_averaged_and_a_count_summed() {
        let data = dataset(
            "2026-09-30",
            vec![
                criterion("P1", "Panel 1", Kind::Count, Some(10.0)),
                criterion("P2", "Panel 1", Kind::Index, Some(120.0)),
                criterion("P3", "Panel 1", Kind::YesNo, None),
            ],
            vec![
                unit("E1", "Karolinska"),
                unit("E2", "SÖS"),
                unit("E3", "Danderyd"),
            ],
            vec![
                value("E1", "P1", "2025-11-10", Number(12.0)),
                value("E1", "P2", "2026-02-10", Number(150.0)),
                value("E2", "P1", "2026-02-10", Number(30.0)),
                value("E2", "P2", "2026-02-10", Number(90.0)),
                value("E3", "P2", "2026-02-10", NotApplicable),
            ],
            Vec::new(),
        );
        let t = trend(&data, None, d("2026-03-31"));
        let by_code = |code: &str| {
            let i = t.indicators.iter().find(|i| i.criterion == code);
            i.map(|i| (i.kind, i.aggregate, i.values.clone(), i.reporting.clone()))
        };
        assert_eq!(
            by_code("P1"),
            Some((
                Kind::Count,
                Aggregate::Sum,
                vec![Some(12.0), Some(42.0)],
                vec![1, 2]
            ))
        );
        assert_eq!(
            by_code("P2"),
            Some((
                Kind::Index,
                Aggregate::Mean,
                vec![None, Some(120.0)],
                vec![0, 2]
            ))
        );
        assert_eq!(by_code("P3"), None, "ja_nej has no figure");
    }

    #[test]
    fn at_most_forty_points_the_latest_kept() {
        let data = dataset(
            "2026-09-30",
            vec![criterion("K1", "Forskning", Kind::YesNo, None)],
            vec![unit("E1", "Karolinska")],
            vec![value("E1", "K1", "2010-01-15", Yes)],
            Vec::new(),
        );
        let t = trend(&data, None, d("2026-05-10"));
        assert_eq!(t.points.len(), MAX_TREND_POINTS);
        assert_eq!(t.points[0].date, d("2016-09-30"));
        assert_eq!(t.points[38].date, d("2026-03-31"));
        assert_eq!(t.points[39].date, d("2026-05-10"));
        assert!(t.points.windows(2).all(|w| w[0].date < w[1].date));
        assert_eq!(t.units[0].lights.len(), MAX_TREND_POINTS);
        // A value measured 16 years ago is stale on every point shown.
        assert!(t.units[0].lights.iter().all(|&l| l == Light::Amber));
    }
}
