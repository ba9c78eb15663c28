//! Which units are USV units when: from 2025 the management group decides each year which units
//! are USV units. A unit's designation periods (from, to, the decision) say on which dates it
//! counts; every as-of computation — lights counted, roll-ups, trends, forecasts, baselines —
//! counts the units designated on its date. A unit without any period counts on every date, so
//! an installation that does not record designations (or has not yet) sees every unit.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{FieldError, Lang, MAX_NAME, Text, parse_date, tr};

/// One period in which a unit is a USV unit, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesignationPeriod {
    pub unit: String,
    pub from: NaiveDate,
    /// The last day; `None`: until further notice.
    pub to: Option<NaiveDate>,
    /// The decision's reference (minutes paragraph, diarienummer).
    pub decision: String,
}

impl DesignationPeriod {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|to| date <= to)
    }

    /// "2025-01-01 – 2025-12-31" or "från 2025-01-01".
    pub fn span(&self, lang: Lang) -> String {
        match self.to {
            Some(to) => format!(
                "{} – {}",
                crate::format_date(self.from),
                crate::format_date(to)
            ),
            None => format!(
                "{} {}",
                tr(lang, "från", "from"),
                crate::format_date(self.from)
            ),
        }
    }
}

/// A period as a file gives it, before the check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodInput {
    pub from: String,
    pub to: String,
    pub decision: String,
}

/// Checks one period: a start date, an end date (or none) not before it, a decision reference
/// of bounded length. Errors name the fields `from`, `to`, `decision`.
pub fn validate_period(
    unit: &str,
    input: &PeriodInput,
) -> Result<DesignationPeriod, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, message: Text| {
        errors.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let from = parse_date(input.from.trim())
        .map_err(|e| fail("from", e.0))
        .ok();
    let to = match input.to.trim() {
        "" => Some(None),
        raw => match parse_date(raw) {
            Ok(to) if from.is_some_and(|from| to < from) => {
                fail(
                    "to",
                    Text::new(
                        "perioden kan inte sluta innan den börjar",
                        "the period cannot end before it begins",
                    ),
                );
                None
            }
            Ok(to) => Some(Some(to)),
            Err(e) => {
                fail("to", e.0);
                None
            }
        },
    };
    let decision = input.decision.trim();
    if decision.is_empty() {
        fail(
            "decision",
            Text::new(
                "skriv beslutets referens, t.ex. LG 2025:03 § 9",
                "write the decision's reference, e.g. LG 2025:03 § 9",
            ),
        );
    } else if decision.chars().count() > MAX_NAME {
        fail(
            "decision",
            Text::new(
                format!("högst {MAX_NAME} tecken"),
                format!("at most {MAX_NAME} characters"),
            ),
        );
    }
    match (from, to) {
        (Some(from), Some(to)) if errors.is_empty() => Ok(DesignationPeriod {
            unit: unit.to_string(),
            from,
            to,
            decision: decision.to_string(),
        }),
        _ => Err(errors),
    }
}

/// The periods (positions in `periods`) that share a day with an earlier-starting period of
/// the same unit, each paired once with the earlier one reaching furthest: (earlier, later). A
/// unit is designated or not on a date, so two periods covering one date are a mistake. One
/// sorted pass: a file of many periods costs no more than sorting it.
pub fn overlapping_periods(periods: &[DesignationPeriod]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..periods.len()).collect();
    order.sort_by(|&a, &b| {
        (&periods[a].unit, periods[a].from).cmp(&(&periods[b].unit, periods[b].from))
    });
    let mut pairs = Vec::new();
    // Of the unit's periods so far, the one that ends last.
    let mut reach: Option<usize> = None;
    for &b in &order {
        match reach {
            Some(a) if periods[a].unit == periods[b].unit => {
                if periods[a].to.is_none_or(|to| periods[b].from <= to) {
                    pairs.push((a, b));
                }
                let further = match (periods[a].to, periods[b].to) {
                    (None, _) => false,
                    (Some(_), None) => true,
                    (Some(a_to), Some(b_to)) => b_to > a_to,
                };
                if further {
                    reach = Some(b);
                }
            }
            _ => reach = Some(b),
        }
    }
    pairs
}

/// Every unit's designation periods, to ask which units count on a date.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Designations {
    /// By unit code, then start.
    periods: Vec<DesignationPeriod>,
}

/// Where a unit stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Designation<'a> {
    /// No periods recorded: it counts on every date.
    Undated,
    /// Designated on the date, by this period.
    Designated(&'a DesignationPeriod),
    /// Not designated on the date: the last period before it and the next after, if any.
    NotDesignated {
        before: Option<&'a DesignationPeriod>,
        after: Option<&'a DesignationPeriod>,
    },
}

impl Designation<'_> {
    /// Whether the unit counts on the date.
    pub fn counts(self) -> bool {
        !matches!(self, Designation::NotDesignated { .. })
    }

    /// What the unit page says, e.g. "USV-enhet 2025-01-01 – 2025-12-31 (LG 2025:03 § 9)" or
    /// "Inte USV-enhet per 2026-03-01: tidigare USV-enhet 2025-01-01 – 2025-12-31".
    pub fn line(self, on: NaiveDate, lang: Lang) -> Option<String> {
        let period = |p: &DesignationPeriod| format!("{} ({})", p.span(lang), p.decision);
        match self {
            Designation::Undated => None,
            Designation::Designated(p) => Some(format!(
                "{} {}",
                tr(lang, "USV-enhet", "USV unit"),
                period(p)
            )),
            Designation::NotDesignated { before, after } => {
                let mut line = format!(
                    "{} {}",
                    tr(lang, "Inte USV-enhet per", "Not a USV unit on"),
                    crate::format_date(on)
                );
                if let Some(p) = before {
                    line.push_str(&format!(
                        "; {} {}",
                        tr(lang, "tidigare USV-enhet", "formerly a USV unit"),
                        period(p)
                    ));
                }
                if let Some(p) = after {
                    line.push_str(&format!(
                        "; {} {}",
                        tr(lang, "utsedd", "designated"),
                        period(p)
                    ));
                }
                Some(line)
            }
        }
    }
}

impl Designations {
    pub fn new(mut periods: Vec<DesignationPeriod>) -> Designations {
        periods.sort_by(|a, b| (&a.unit, a.from).cmp(&(&b.unit, b.from)));
        Designations { periods }
    }

    /// Whether any period is recorded (if not, every unit counts on every date).
    pub fn is_empty(&self) -> bool {
        self.periods.is_empty()
    }

    /// Every period, by unit code then start.
    pub fn all(&self) -> &[DesignationPeriod] {
        &self.periods
    }

    /// One unit's periods, by start.
    pub fn of(&self, unit: &str) -> &[DesignationPeriod] {
        let start = self.periods.partition_point(|p| p.unit.as_str() < unit);
        let end = start + self.periods[start..].partition_point(|p| p.unit == unit);
        &self.periods[start..end]
    }

    /// Where `unit` stands on `date`.
    pub fn on(&self, unit: &str, date: NaiveDate) -> Designation<'_> {
        let periods = self.of(unit);
        if periods.is_empty() {
            return Designation::Undated;
        }
        if let Some(p) = periods.iter().find(|p| p.covers(date)) {
            return Designation::Designated(p);
        }
        Designation::NotDesignated {
            before: periods.iter().rev().find(|p| p.from <= date),
            after: periods.iter().find(|p| p.from > date),
        }
    }

    /// Whether `unit` counts on `date`.
    pub fn counts(&self, unit: &str, date: NaiveDate) -> bool {
        self.on(unit, date).counts()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::d;

    fn period(unit: &str, from: &str, to: Option<&str>) -> DesignationPeriod {
        DesignationPeriod {
            unit: unit.into(),
            from: d(from),
            to: to.map(d),
            decision: "LG 2025:03 § 9".into(),
        }
    }

    #[test]
    fn a_period_is_checked_field_by_field() {
        let long = "x".repeat(MAX_NAME + 1);
        // (from, to, decision, the fields refused)
        let table: [(&str, &str, &str, &[&str]); 9] = [
            ("2025-01-01", "2025-12-31", "LG 2025:03", &[]),
            ("2025-01-01", "", "LG 2025:03", &[]),
            ("2025-01-01", "2025-01-01", "LG 2025:03", &[]),
            ("2025-01-01", "2024-12-31", "LG 2025:03", &["to"]),
            ("1 jan 2025", "", "LG 2025:03", &["from"]),
            ("2025-01-01", "snart", "LG 2025:03", &["to"]),
            ("2025-01-01", "", "  ", &["decision"]),
            ("2025-01-01", "", &long, &["decision"]),
            ("", "", "", &["from", "decision"]),
        ];
        for (from, to, decision, refused) in table {
            let input = PeriodInput {
                from: from.into(),
                to: to.into(),
                decision: decision.into(),
            };
            let fields: Vec<String> = match validate_period("E01", &input) {
                Ok(_) => Vec::new(),
                Err(errors) => errors.into_iter().map(|e| e.field).collect(),
            };
            assert_eq!(fields, refused, "{from:?} {to:?} {decision:?}");
        }
        let ok = validate_period(
            "E01",
            &PeriodInput {
                from: " 2025-01-01 ".into(),
                to: "".into(),
                decision: " LG 2025:03 ".into(),
            },
        )
        .unwrap();
        assert_eq!(ok.to, None);
        assert_eq!(ok.decision, "LG 2025:03");
    }

    #[test]
    fn overlaps_are_found_per_unit() {
        // (periods, the overlapping pairs)
        type Case = (Vec<DesignationPeriod>, Vec<(usize, usize)>);
        let table: [Case; 6] = [
            (
                vec![
                    period("E01", "2025-01-01", Some("2025-12-31")),
                    period("E01", "2026-01-01", None),
                ],
                vec![],
            ),
            (
                vec![
                    period("E01", "2026-01-01", None),
                    period("E01", "2025-01-01", Some("2026-01-01")),
                ],
                vec![(1, 0)],
            ),
            (
                vec![
                    period("E01", "2025-01-01", None),
                    period("E01", "2027-01-01", Some("2027-12-31")),
                ],
                vec![(0, 1)],
            ),
            (
                vec![
                    period("E01", "2025-01-01", None),
                    period("E02", "2025-01-01", None),
                ],
                vec![],
            ),
            (
                vec![
                    period("E01", "2025-01-01", Some("2025-06-30")),
                    period("E01", "2025-03-01", Some("2025-03-31")),
                    period("E01", "2025-05-01", Some("2025-12-31")),
                ],
                vec![(0, 1), (0, 2)],
            ),
            (vec![], vec![]),
        ];
        for (periods, pairs) in table {
            assert_eq!(overlapping_periods(&periods), pairs, "{periods:?}");
        }
    }

    #[test]
    fn a_unit_counts_on_the_dates_of_its_periods_or_always_without_any() {
        let designations = Designations::new(vec![
            period("E02", "2026-01-01", None),
            period("E01", "2025-01-01", Some("2025-12-31")),
            period("E01", "2027-01-01", None),
        ]);
        // (unit, date, counts)
        let table = [
            ("E01", "2024-12-31", false),
            ("E01", "2025-01-01", true),
            ("E01", "2025-12-31", true),
            ("E01", "2026-06-30", false),
            ("E01", "2027-01-01", true),
            ("E01", "2030-01-01", true),
            ("E02", "2025-12-31", false),
            ("E02", "2026-01-01", true),
            ("E03", "1999-01-01", true),
        ];
        for (unit, date, counts) in table {
            assert_eq!(designations.counts(unit, d(date)), counts, "{unit} {date}");
        }
        assert_eq!(designations.of("E01").len(), 2);
        assert_eq!(designations.of("E00"), &[] as &[DesignationPeriod]);
        assert!(Designations::default().is_empty());
    }

    #[test]
    fn the_unit_page_line_says_where_the_unit_stands() {
        let designations = Designations::new(vec![
            period("E01", "2025-01-01", Some("2025-12-31")),
            period("E01", "2027-01-01", None),
        ]);
        let line = |date: &str, lang| designations.on("E01", d(date)).line(d(date), lang);
        // (date, language, the line)
        let table = [
            (
                "2025-06-30",
                Lang::Sv,
                Some("USV-enhet 2025-01-01 – 2025-12-31 (LG 2025:03 § 9)"),
            ),
            (
                "2026-03-01",
                Lang::Sv,
                Some(
                    "Inte USV-enhet per 2026-03-01; tidigare USV-enhet 2025-01-01 – 2025-12-31 \
                     (LG 2025:03 § 9); utsedd från 2027-01-01 (LG 2025:03 § 9)",
                ),
            ),
            (
                "2024-03-01",
                Lang::En,
                Some(
                    "Not a USV unit on 2024-03-01; designated 2025-01-01 – 2025-12-31 (LG 2025:03 § 9)",
                ),
            ),
            (
                "2028-01-01",
                Lang::En,
                Some("USV unit from 2027-01-01 (LG 2025:03 § 9)"),
            ),
        ];
        for (date, lang, expected) in table {
            assert_eq!(line(date, lang).as_deref(), expected, "{date}");
        }
        assert_eq!(
            Designations::default()
                .on("E01", d("2025-01-01"))
                .line(d("2025-01-01"), Lang::Sv),
            None
        );
    }

    /// Every as-of computation counts the units designated on its date: the same figures as a
    /// dataset holding only those units (and no periods), date by date.
    #[test]
    fn every_count_takes_the_units_designated_on_its_date() {
        use crate::testkit::{criterion, dataset, plan, unit, value};
        use crate::{
            Kind, PlanRecord, PlanStatus, Reported, Snapshot, ValueRecord, forecast_weeks, project,
            trend,
        };
        let criteria = || {
            vec![
                criterion("K1", "A", Kind::YesNo, None),
                criterion("K2", "B", Kind::Count, Some(2.0)),
            ]
        };
        let codes = ["E1", "E2", "E3", "E4"];
        let values = |units: &[&str]| -> Vec<ValueRecord> {
            let mut values = Vec::new();
            for u in units {
                let n = codes.iter().position(|c| c == u).unwrap();
                for (k, date) in ["2024-12-31", "2025-06-30", "2025-12-31", "2026-06-30"]
                    .into_iter()
                    .enumerate()
                {
                    let yes = (n + k) % 3 != 0;
                    values.push(value(
                        u,
                        "K1",
                        date,
                        if yes { Reported::Yes } else { Reported::No },
                    ));
                    values.push(value(
                        u,
                        "K2",
                        date,
                        Reported::Number(((n * 3 + k) % 5) as f64),
                    ));
                }
            }
            values
        };
        let plans = |units: &[&str]| -> Vec<PlanRecord> {
            units
                .iter()
                .map(|u| plan(u, "K2", "2026-09-30", PlanStatus::InProgress))
                .collect()
        };
        let build = |units: &[&str]| {
            dataset(
                "2026-10-31",
                criteria(),
                units
                    .iter()
                    .map(|u| unit(u, if *u < "E3" { "KS" } else { "SÖS" }))
                    .collect(),
                values(units),
                plans(units),
            )
        };
        let mut designated = build(&codes);
        designated.designations = Designations::new(vec![
            period("E2", "2025-01-01", Some("2025-12-31")),
            period("E3", "2026-01-01", Some("2027-01-31")),
            period("E4", "2024-01-01", Some("2024-12-31")),
            period("E4", "2025-07-01", None),
        ]);
        // (date, the units designated then; E1 has no periods and always counts)
        let table: [(&str, &[&str]); 5] = [
            ("2024-12-31", &["E1", "E4"]),
            ("2025-03-31", &["E1", "E2"]),
            ("2025-09-30", &["E1", "E2", "E4"]),
            ("2026-03-31", &["E1", "E3", "E4"]),
            ("2026-06-30", &["E1", "E3", "E4"]),
        ];
        for (date, units) in table {
            let date = d(date);
            let only = build(units);
            let (board, expected) = (designated.board(date), only.board(date));
            let counted: Vec<&str> = board
                .counted_units()
                .map(|u| designated.units[u].code.as_str())
                .collect();
            assert_eq!(counted, units, "{date}");
            assert_eq!(board.unit_counts(), expected.unit_counts(), "{date}");
            assert_eq!(
                board.area_counts(&designated),
                expected.area_counts(&only),
                "{date}"
            );
            for c in 0..2 {
                assert_eq!(
                    board.criterion_counts(c),
                    expected.criterion_counts(c),
                    "{date}"
                );
            }
            assert_eq!(
                Snapshot::from_board(&designated, &board),
                Snapshot::from_board(&only, &expected),
                "{date}"
            );
            assert_eq!(project(&designated, date), project(&only, date), "{date}");
            assert_eq!(
                forecast_weeks(&designated, date, 4).last(),
                forecast_weeks(&only, date, 4).last(),
                "{date}"
            );
            let (t, e) = (trend(&designated, None, date), trend(&only, None, date));
            assert_eq!(t.points.last(), e.points.last(), "{date}");
            assert_eq!(
                t.indicators.last().map(|s| s.values.last()),
                e.indicators.last().map(|s| s.values.last()),
                "{date}"
            );
            // Every unit's own lights are still computed (a former unit's page keeps them).
            assert_eq!(board.cells.len(), codes.len());
        }
        // After the deadline (2026-10-31) the forecast is of the units designated on it, the
        // board of those designated on its own date.
        let after = d("2027-06-30");
        let codes_of = |units: Vec<usize>| -> Vec<&str> {
            units
                .into_iter()
                .map(|u| designated.units[u].code.as_str())
                .collect()
        };
        assert_eq!(
            codes_of(designated.board(after).counted_units().collect()),
            ["E1", "E4"]
        );
        let projection = project(&designated, after);
        assert_eq!(
            projection
                .units
                .iter()
                .map(|u| u.code.as_str())
                .collect::<Vec<_>>(),
            ["E1", "E3", "E4"]
        );
    }
}
