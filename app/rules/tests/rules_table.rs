//! Table tests of the traffic-light rules against the specification in the issue:
//! one row per branch of `assess()` and of `summarize_unit()`, with the boundaries, plus the
//! reason texts in Swedish and English.

use chrono::NaiveDate;
use readiness_rules::{
    CriterionRule, Kind, Lang, Light, PlanInfo, PlanStatus, ReasonCode, Reported, assess,
    summarize_unit, valid_until,
};

const NBSP: char = '\u{a0}';

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

fn rule(kind: Kind, green: Option<f64>, amber: Option<f64>) -> CriterionRule {
    CriterionRule {
        kind,
        green,
        amber,
        mandatory: true,
        requires_evidence: false,
        validity_months: CriterionRule::DEFAULT_VALIDITY_MONTHS,
    }
}

/// `antal`, green ≥ 3, amber ≥ 2.
fn count() -> CriterionRule {
    rule(Kind::Count, Some(3.0), Some(2.0))
}

/// `antal`, green ≥ 1, no amber threshold.
fn count_green_only() -> CriterionRule {
    rule(Kind::Count, Some(1.0), None)
}

/// `andel`, green ≥ 80 %, amber ≥ 50 %.
fn share() -> CriterionRule {
    rule(Kind::Share, Some(80.0), Some(50.0))
}

fn yes_no() -> CriterionRule {
    rule(Kind::YesNo, None, None)
}

fn evidence() -> CriterionRule {
    rule(Kind::Evidence, None, None)
}

fn needs_evidence(mut r: CriterionRule) -> CriterionRule {
    r.requires_evidence = true;
    r
}

fn valid_for(months: u32, mut r: CriterionRule) -> CriterionRule {
    r.validity_months = months;
    r
}

// ---------------------------------------------------------------------------------------------
// assess(): one row per branch
// ---------------------------------------------------------------------------------------------

/// Default dates of a row: measured, as of ("today", D) and the evaluation's date (deadline).
const MEASURED: &str = "2026-01-15";
const AS_OF: &str = "2026-02-01";
const DEADLINE: &str = "2026-03-31";

const PLANNED: PlanStatus = PlanStatus::Planned;
const ONGOING: PlanStatus = PlanStatus::InProgress;
const DONE: PlanStatus = PlanStatus::Done;

struct Row {
    name: &'static str,
    rule: CriterionRule,
    /// (value, measured, evidence given)
    latest: Option<(Reported, &'static str, bool)>,
    /// (due, status)
    plans: Vec<(&'static str, PlanStatus)>,
    as_of: &'static str,
    deadline: Option<&'static str>,
    light: Light,
    code: ReasonCode,
    /// The plan the reason names (only for lights decided by plans).
    due: Option<&'static str>,
}

impl Row {
    /// A row with the default dates and no plans; refine with the builder methods below.
    fn new(
        name: &'static str,
        rule: CriterionRule,
        latest: Option<(Reported, &'static str, bool)>,
        light: Light,
        code: ReasonCode,
    ) -> Row {
        Row {
            name,
            rule,
            latest,
            plans: Vec::new(),
            as_of: AS_OF,
            deadline: Some(DEADLINE),
            light,
            code,
            due: None,
        }
    }

    fn plans(mut self, plans: &[(&'static str, PlanStatus)]) -> Row {
        self.plans = plans.to_vec();
        self
    }

    fn today(mut self, as_of: &'static str) -> Row {
        self.as_of = as_of;
        self
    }

    fn deadline(mut self, deadline: Option<&'static str>) -> Row {
        self.deadline = deadline;
        self
    }

    fn due(mut self, due: &'static str) -> Row {
        self.due = Some(due);
        self
    }
}

fn num(n: f64) -> Option<(Reported, &'static str, bool)> {
    Some((Reported::Number(n), MEASURED, false))
}

fn val(v: Reported, evidence: bool) -> Option<(Reported, &'static str, bool)> {
    Some((v, MEASURED, evidence))
}

fn measured(
    v: Reported,
    on: &'static str,
    evidence: bool,
) -> Option<(Reported, &'static str, bool)> {
    Some((v, on, evidence))
}

fn assess_rows() -> Vec<Row> {
    use Light::{Amber, Green, Grey, NotApplicable as Na, Red};
    use ReasonCode as C;
    use Reported::{No, NotApplicable, Number, Yes};

    vec![
        // --- no value / not applicable ---------------------------------------------------
        Row::new("no value → grey", count(), None, Grey, C::NoValue),
        Row::new(
            "no value, plans are irrelevant → grey",
            count(),
            None,
            Grey,
            C::NoValue,
        )
        .plans(&[("2026-01-01", PLANNED), ("2026-03-01", ONGOING)]),
        Row::new(
            "ej tillämplig → not applicable",
            count(),
            val(NotApplicable, false),
            Na,
            C::NotApplicable,
        ),
        Row::new(
            "ej tillämplig wins over stale and missing evidence",
            needs_evidence(count()),
            measured(NotApplicable, "2020-01-01", false),
            Na,
            C::NotApplicable,
        ),
        Row::new(
            "ej tillämplig for underlag",
            evidence(),
            val(NotApplicable, false),
            Na,
            C::NotApplicable,
        ),
        // --- counts and thresholds -------------------------------------------------------
        Row::new(
            "count above green → green",
            count(),
            num(5.0),
            Green,
            C::Met,
        ),
        Row::new(
            "count exactly at green → green",
            count(),
            num(3.0),
            Green,
            C::Met,
        ),
        Row::new(
            "count just below green → amber (partial)",
            count(),
            num(2.9),
            Amber,
            C::Partial,
        ),
        Row::new(
            "count exactly at amber → amber (partial)",
            count(),
            num(2.0),
            Amber,
            C::Partial,
        ),
        Row::new(
            "count just below amber, no plan → red",
            count(),
            num(1.9),
            Red,
            C::NoAction,
        ),
        Row::new(
            "count zero, no plan → red",
            count(),
            num(0.0),
            Red,
            C::NoAction,
        ),
        Row::new(
            "count at green, no amber threshold → green",
            count_green_only(),
            num(1.0),
            Green,
            C::Met,
        ),
        Row::new(
            "count below green, no amber threshold → red",
            count_green_only(),
            num(0.0),
            Red,
            C::NoAction,
        ),
        // --- shares (percent) ------------------------------------------------------------
        Row::new("share 100 % → green", share(), num(100.0), Green, C::Met),
        Row::new(
            "share exactly at green 80 % → green",
            share(),
            num(80.0),
            Green,
            C::Met,
        ),
        Row::new(
            "share 79,9 % → amber (partial)",
            share(),
            num(79.9),
            Amber,
            C::Partial,
        ),
        Row::new(
            "share exactly at amber 50 % → amber (partial)",
            share(),
            num(50.0),
            Amber,
            C::Partial,
        ),
        Row::new(
            "share 49,9 % just below amber → red",
            share(),
            num(49.9),
            Red,
            C::NoAction,
        ),
        Row::new("share 0 % → red", share(), num(0.0), Red, C::NoAction),
        // --- ja_nej ------------------------------------------------------------------------
        Row::new("Ja → green", yes_no(), val(Yes, false), Green, C::Met),
        Row::new(
            "Nej, no plan → red",
            yes_no(),
            val(No, false),
            Red,
            C::NoAction,
        ),
        Row::new(
            "Nej, plan in time → amber",
            yes_no(),
            val(No, false),
            Amber,
            C::ActionInProgress,
        )
        .plans(&[("2026-03-01", PLANNED)])
        .due("2026-03-01"),
        Row::new(
            "Nej, plan overdue → red",
            yes_no(),
            val(No, false),
            Red,
            C::ActionOverdue,
        )
        .plans(&[("2026-01-20", ONGOING)])
        .due("2026-01-20"),
        // --- underlag (evidence kind) -------------------------------------------------
        Row::new(
            "underlag with evidence → green",
            evidence(),
            val(Yes, true),
            Green,
            C::Met,
        ),
        Row::new(
            "underlag without evidence, no plan → red",
            evidence(),
            val(Yes, false),
            Red,
            C::NoAction,
        ),
        Row::new(
            "underlag Nej, no plan → red",
            evidence(),
            val(No, false),
            Red,
            C::NoAction,
        ),
        Row::new(
            "underlag without evidence, plan in time → amber",
            evidence(),
            val(Yes, false),
            Amber,
            C::ActionInProgress,
        )
        .plans(&[("2026-02-15", PLANNED)])
        .due("2026-02-15"),
        Row::new(
            "underlag with evidence but stale → amber (stale)",
            evidence(),
            measured(Yes, "2024-12-31", true),
            Amber,
            C::Stale,
        ),
        // --- kräver underlag (requires evidence) ---------------------------------------
        Row::new(
            "requires evidence, met without evidence → amber",
            needs_evidence(count()),
            num(3.0),
            Amber,
            C::EvidenceMissing,
        ),
        Row::new(
            "requires evidence, met with evidence → green",
            needs_evidence(count()),
            val(Number(3.0), true),
            Green,
            C::Met,
        ),
        Row::new(
            "requires evidence, Ja without evidence → amber",
            needs_evidence(yes_no()),
            val(Yes, false),
            Amber,
            C::EvidenceMissing,
        ),
        Row::new(
            "requires evidence, Ja with evidence → green",
            needs_evidence(yes_no()),
            val(Yes, true),
            Green,
            C::Met,
        ),
        Row::new(
            "requires evidence, partial value stays partial",
            needs_evidence(share()),
            num(60.0),
            Amber,
            C::Partial,
        ),
        Row::new(
            "requires evidence, below amber goes to plans (red)",
            needs_evidence(share()),
            num(10.0),
            Red,
            C::NoAction,
        ),
        // --- validity (giltighet_manader) -----------------------------------------------
        Row::new(
            "measured 2025-03-31, 12 months, as of 2026-03-31: last valid day → green",
            count_green_only(),
            measured(Number(2.0), "2025-03-31", false),
            Green,
            C::Met,
        )
        .today("2026-03-31"),
        Row::new(
            "measured 2025-03-31, 12 months, as of 2026-04-01: one day stale → amber",
            count_green_only(),
            measured(Number(2.0), "2025-03-31", false),
            Amber,
            C::Stale,
        )
        .today("2026-04-01"),
        Row::new(
            "end of month: measured 2025-02-28, as of 2026-02-28 → green",
            count(),
            measured(Number(3.0), "2025-02-28", false),
            Green,
            C::Met,
        )
        .today("2026-02-28"),
        Row::new(
            "end of month: measured 2025-02-28, as of 2026-03-01 → stale",
            count(),
            measured(Number(3.0), "2025-02-28", false),
            Amber,
            C::Stale,
        )
        .today("2026-03-01"),
        Row::new(
            "leap day: measured 2024-02-29, as of 2025-02-28 → green",
            yes_no(),
            measured(Yes, "2024-02-29", false),
            Green,
            C::Met,
        )
        .today("2025-02-28"),
        Row::new(
            "leap day: measured 2024-02-29, as of 2025-03-01 → stale",
            yes_no(),
            measured(Yes, "2024-02-29", false),
            Amber,
            C::Stale,
        )
        .today("2025-03-01"),
        Row::new(
            "6 months from 2025-08-31: 2026-02-28 still valid",
            valid_for(6, count()),
            measured(Number(3.0), "2025-08-31", false),
            Green,
            C::Met,
        )
        .today("2026-02-28"),
        Row::new(
            "6 months from 2025-08-31: 2026-03-01 stale",
            valid_for(6, count()),
            measured(Number(3.0), "2025-08-31", false),
            Amber,
            C::Stale,
        )
        .today("2026-03-01"),
        Row::new(
            "3 months: measured 2025-12-31, as of 2026-03-31 → green",
            valid_for(3, share()),
            measured(Number(90.0), "2025-12-31", false),
            Green,
            C::Met,
        )
        .today("2026-03-31"),
        Row::new(
            "3 months: measured 2025-12-31, as of 2026-04-01 → stale",
            valid_for(3, share()),
            measured(Number(90.0), "2025-12-31", false),
            Amber,
            C::Stale,
        )
        .today("2026-04-01"),
        Row::new(
            "measured on the day itself → green",
            count(),
            measured(Number(3.0), AS_OF, false),
            Green,
            C::Met,
        ),
        Row::new(
            "stale and evidence missing → stale is reported",
            needs_evidence(count()),
            measured(Number(3.0), "2024-06-30", false),
            Amber,
            C::Stale,
        ),
        Row::new(
            "old partial value stays partial (staleness only demotes green)",
            share(),
            measured(Number(60.0), "2024-01-01", false),
            Amber,
            C::Partial,
        ),
        // --- below amber: action plans ---------------------------------------------------
        Row::new(
            "plan due exactly on the evaluation date → amber",
            count(),
            num(0.0),
            Amber,
            C::ActionInProgress,
        )
        .plans(&[(DEADLINE, PLANNED)])
        .due(DEADLINE),
        Row::new(
            "plan due the day after the evaluation → red",
            count(),
            num(0.0),
            Red,
            C::ActionAfterDeadline,
        )
        .plans(&[("2026-04-01", PLANNED)])
        .due("2026-04-01"),
        Row::new(
            "plan due exactly today → amber, not overdue",
            count(),
            num(0.0),
            Amber,
            C::ActionInProgress,
        )
        .plans(&[(AS_OF, ONGOING)])
        .due(AS_OF),
        Row::new(
            "plan due yesterday → red (overdue)",
            count(),
            num(0.0),
            Red,
            C::ActionOverdue,
        )
        .plans(&[("2026-01-31", ONGOING)])
        .due("2026-01-31"),
        Row::new(
            "status pågår in time → amber",
            share(),
            num(20.0),
            Amber,
            C::ActionInProgress,
        )
        .plans(&[("2026-03-15", ONGOING)])
        .due("2026-03-15"),
        Row::new(
            "done plan in time does not count → red, no plan",
            count(),
            num(0.0),
            Red,
            C::NoAction,
        )
        .plans(&[("2026-03-01", DONE)]),
        Row::new(
            "done plan overdue does not count → red, no plan",
            count(),
            num(0.0),
            Red,
            C::NoAction,
        )
        .plans(&[("2026-01-01", DONE)]),
        Row::new(
            "done plan in time does not rescue an overdue one → red",
            count(),
            num(0.0),
            Red,
            C::ActionOverdue,
        )
        .plans(&[("2026-03-01", DONE), ("2026-01-10", PLANNED)])
        .due("2026-01-10"),
        Row::new(
            "overdue + in time: the one in time wins → amber",
            count(),
            num(0.0),
            Amber,
            C::ActionInProgress,
        )
        .plans(&[("2026-01-10", ONGOING), ("2026-03-20", PLANNED)])
        .due("2026-03-20"),
        Row::new(
            "after deadline + in time: the one in time wins → amber",
            count(),
            num(0.0),
            Amber,
            C::ActionInProgress,
        )
        .plans(&[("2026-06-30", PLANNED), ("2026-02-20", PLANNED)])
        .due("2026-02-20"),
        Row::new(
            "two plans in time: the earlier is named",
            count(),
            num(0.0),
            Amber,
            C::ActionInProgress,
        )
        .plans(&[("2026-03-30", PLANNED), ("2026-02-10", ONGOING)])
        .due("2026-02-10"),
        Row::new(
            "overdue + after deadline → red, overdue is reported",
            count(),
            num(0.0),
            Red,
            C::ActionOverdue,
        )
        .plans(&[("2026-09-01", PLANNED), ("2026-01-05", ONGOING)])
        .due("2026-01-05"),
        Row::new(
            "two plans after deadline: the earlier is named",
            count(),
            num(0.0),
            Red,
            C::ActionAfterDeadline,
        )
        .plans(&[("2026-09-01", PLANNED), ("2026-05-01", PLANNED)])
        .due("2026-05-01"),
        Row::new(
            "partial value ignores an overdue plan → amber (partial)",
            count(),
            num(2.0),
            Amber,
            C::Partial,
        )
        .plans(&[("2026-01-01", PLANNED)]),
        Row::new(
            "met value ignores an overdue plan → green",
            count(),
            num(3.0),
            Green,
            C::Met,
        )
        .plans(&[("2026-01-01", PLANNED)]),
        // --- no deadline (evaluation without a date) -------------------------------------
        Row::new(
            "no deadline, open plan in the future → amber",
            count(),
            num(0.0),
            Amber,
            C::ActionInProgress,
        )
        .deadline(None)
        .plans(&[("2030-12-31", PLANNED)])
        .due("2030-12-31"),
        Row::new(
            "no deadline, open plan overdue → red",
            count(),
            num(0.0),
            Red,
            C::ActionOverdue,
        )
        .deadline(None)
        .plans(&[("2026-01-31", PLANNED)])
        .due("2026-01-31"),
        Row::new(
            "no deadline, no plan → red",
            count(),
            num(0.0),
            Red,
            C::NoAction,
        )
        .deadline(None),
        // --- as of after the evaluation date -----------------------------------------------
        Row::new(
            "after the evaluation: plan still ahead but after deadline → red",
            count(),
            num(0.0),
            Red,
            C::ActionAfterDeadline,
        )
        .today("2026-04-15")
        .plans(&[("2026-04-20", PLANNED)])
        .due("2026-04-20"),
        Row::new(
            "after the evaluation: plan due before today → red (overdue)",
            count(),
            num(0.0),
            Red,
            C::ActionOverdue,
        )
        .today("2026-04-15")
        .plans(&[("2026-04-10", PLANNED)])
        .due("2026-04-10"),
        Row::new(
            "after the evaluation: plan due exactly today is not overdue, but late → red",
            count(),
            num(0.0),
            Red,
            C::ActionAfterDeadline,
        )
        .today("2026-04-15")
        .plans(&[("2026-04-15", PLANNED)])
        .due("2026-04-15"),
    ]
}

#[test]
fn assess_table() {
    let rows = assess_rows();
    assert!(rows.len() >= 60, "table unexpectedly short: {}", rows.len());
    for row in &rows {
        let plans: Vec<PlanInfo> = row
            .plans
            .iter()
            .map(|&(due, status)| PlanInfo {
                due: d(due),
                status,
            })
            .collect();
        let latest = row.latest.as_ref().map(|(v, m, e)| (v, d(m), *e));
        let got = assess(&row.rule, latest, &plans, d(row.as_of), row.deadline.map(d));
        let name = row.name;

        assert_eq!(
            got.light, row.light,
            "[{name}] light (reason {:?})",
            got.reason.code
        );
        assert_eq!(got.reason.code, row.code, "[{name}] reason code");
        assert_eq!(
            got.reason.due,
            row.due.map(d),
            "[{name}] plan named in the reason"
        );

        // The reason carries the figures it was computed from.
        let r = &got.reason;
        assert_eq!(r.kind, row.rule.kind, "[{name}] reason kind");
        assert_eq!(r.green, row.rule.green, "[{name}] reason green threshold");
        assert_eq!(r.amber, row.rule.amber, "[{name}] reason amber threshold");
        assert_eq!(
            r.validity_months, row.rule.validity_months,
            "[{name}] reason validity"
        );
        assert_eq!(r.deadline, row.deadline.map(d), "[{name}] reason deadline");
        assert_eq!(
            r.value.as_ref(),
            row.latest.as_ref().map(|l| &l.0),
            "[{name}] reason value"
        );
        assert_eq!(
            r.measured,
            row.latest.as_ref().map(|l| d(l.1)),
            "[{name}] reason measured"
        );
        assert_eq!(
            r.has_evidence,
            row.latest.as_ref().is_some_and(|l| l.2),
            "[{name}] evidence"
        );
    }
}

/// The pairs of rows that pin a boundary must differ only in the compared figure; make sure the
/// table still contains them.
#[test]
fn assess_table_covers_the_boundaries() {
    let names: Vec<&str> = assess_rows().iter().map(|r| r.name).collect();
    for needle in [
        "exactly at green",
        "exactly at amber",
        "just below amber",
        "2026-03-31: last valid day",
        "2026-04-01: one day stale",
        "measured 2025-02-28",
        "exactly on the evaluation date",
        "day after the evaluation",
        "exactly today",
        "due yesterday",
        "done plan",
        "the one in time wins",
        "no deadline",
    ] {
        assert!(
            names.iter().any(|n| n.contains(needle)),
            "no row for {needle:?}"
        );
    }
}

#[test]
fn valid_until_table() {
    let rows: &[(&str, u32, &str)] = &[
        ("2025-03-31", 12, "2026-03-31"),
        ("2025-02-28", 12, "2026-02-28"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2025-08-31", 6, "2026-02-28"),
        ("2025-12-31", 3, "2026-03-31"),
        ("2025-01-31", 1, "2025-02-28"),
        ("2025-06-15", 0, "2025-06-15"),
    ];
    for &(measured, months, expected) in rows {
        assert_eq!(
            valid_until(d(measured), months),
            d(expected),
            "valid_until({measured}, {months})"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// summarize_unit(): the roll-up
// ---------------------------------------------------------------------------------------------

struct RollRow {
    name: &'static str,
    /// (light, mandatory)
    lights: Vec<(Light, bool)>,
    overall: Light,
    readiness: Option<f64>,
    mandatory_red: u32,
}

fn rollup_rows() -> Vec<RollRow> {
    use Light::{Amber, Green, Grey, NotApplicable as Na, Red};
    const M: bool = true; // mandatory (obligatorisk)
    const A: bool = false; // advisory

    let row = |name, lights: &[(Light, bool)], overall, readiness, mandatory_red| RollRow {
        name,
        lights: lights.to_vec(),
        overall,
        readiness,
        mandatory_red,
    };
    vec![
        row(
            "mandatory red → red",
            &[(Green, M), (Green, A), (Red, M)],
            Red,
            Some(100.0 * 2.0 / 3.0),
            1,
        ),
        row("mandatory red alone → red", &[(Red, M)], Red, Some(0.0), 1),
        row(
            "two mandatory reds are counted",
            &[(Red, M), (Red, M), (Red, A)],
            Red,
            Some(0.0),
            2,
        ),
        row(
            "mandatory red beside grey → red",
            &[(Red, M), (Grey, M), (Grey, A)],
            Red,
            Some(0.0),
            1,
        ),
        row(
            "advisory red only → amber",
            &[(Red, A)],
            Amber,
            Some(0.0),
            0,
        ),
        row(
            "advisory red among greens → amber",
            &[(Green, M), (Green, M), (Red, A)],
            Amber,
            Some(100.0 * 2.0 / 3.0),
            0,
        ),
        row(
            "all green → green",
            &[(Green, M), (Green, A), (Green, M)],
            Green,
            Some(100.0),
            0,
        ),
        row(
            "only grey → grey",
            &[(Grey, M), (Grey, A)],
            Grey,
            Some(0.0),
            0,
        ),
        row(
            "grey and not applicable → grey",
            &[(Grey, M), (Na, A)],
            Grey,
            Some(0.0),
            0,
        ),
        row("no criteria at all → grey", &[], Grey, None, 0),
        row(
            "green + not applicable → green, 100 %",
            &[(Green, M), (Na, M), (Green, A), (Na, A)],
            Green,
            Some(100.0),
            0,
        ),
        row(
            "mix → amber, readiness green ÷ applicable",
            &[(Green, M), (Green, A), (Amber, M), (Grey, A), (Na, M)],
            Amber,
            Some(50.0),
            0,
        ),
        row(
            "one green of three → amber, 33 %",
            &[(Green, M), (Amber, M), (Amber, A)],
            Amber,
            Some(100.0 / 3.0),
            0,
        ),
        row(
            "green + grey → amber (grey is applicable)",
            &[(Green, M), (Grey, M)],
            Amber,
            Some(50.0),
            0,
        ),
        row(
            "mandatory amber → amber",
            &[(Amber, M), (Green, A)],
            Amber,
            Some(50.0),
            0,
        ),
        row(
            "all not applicable → grey, no readiness",
            &[(Na, M), (Na, A)],
            Grey,
            None,
            0,
        ),
        row(
            "green + amber + not applicable → amber (not applicable does not make up for amber)",
            &[(Green, M), (Amber, A), (Na, M)],
            Amber,
            Some(50.0),
            0,
        ),
        row(
            "only amber → amber, 0 %",
            &[(Amber, M), (Amber, A)],
            Amber,
            Some(0.0),
            0,
        ),
    ]
}

#[test]
fn rollup_table() {
    for row in rollup_rows() {
        let name = row.name;
        let s = summarize_unit(row.lights.iter().copied());
        assert_eq!(s.overall, row.overall, "[{name}] overall");
        assert_eq!(s.mandatory_red, row.mandatory_red, "[{name}] mandatory red");
        match (s.readiness, row.readiness) {
            (Some(got), Some(want)) => {
                assert!(
                    (got - want).abs() < 1e-9,
                    "[{name}] readiness {got} ≠ {want}"
                )
            }
            (got, want) => assert_eq!(got, want, "[{name}] readiness"),
        }
        // The counts add up to the lights given, one slot per light.
        for light in Light::ALL {
            let expected = row.lights.iter().filter(|(l, _)| *l == light).count() as u32;
            assert_eq!(s.counts.get(light), expected, "[{name}] count of {light:?}");
        }
        let not_na = row
            .lights
            .iter()
            .filter(|(l, _)| *l != Light::NotApplicable)
            .count() as u32;
        assert_eq!(s.counts.applicable(), not_na, "[{name}] applicable");
    }
}

// ---------------------------------------------------------------------------------------------
// Reason texts
// ---------------------------------------------------------------------------------------------

fn texts(
    rule: &CriterionRule,
    latest: Option<(Reported, &str, bool)>,
    plans: &[(&str, PlanStatus)],
    as_of: &str,
    deadline: Option<&str>,
) -> (ReasonCode, String, String) {
    let plans: Vec<PlanInfo> = plans
        .iter()
        .map(|&(due, status)| PlanInfo {
            due: d(due),
            status,
        })
        .collect();
    let latest = latest.as_ref().map(|(v, m, e)| (v, d(m), *e));
    let a = assess(rule, latest, &plans, d(as_of), deadline.map(d));
    (
        a.reason.code,
        a.reason.text(Lang::Sv),
        a.reason.text(Lang::En),
    )
}

fn assert_contains(text: &str, parts: &[&str], what: &str) {
    for part in parts {
        assert!(text.contains(part), "[{what}] {text:?} lacks {part:?}");
    }
}

#[test]
fn reason_text_stale_matches_the_issue_example() {
    let (code, sv, en) = texts(
        &count_green_only(),
        Some((Reported::Number(2.0), "2025-03-31", false)),
        &[],
        "2026-04-01",
        Some(DEADLINE),
    );
    assert_eq!(code, ReasonCode::Stale);
    assert_eq!(
        sv,
        "2, krav ≥ 1, mätt 2025-03-31 — äldre än 12 mån (inaktuell)"
    );
    assert_eq!(
        en,
        "2, required ≥ 1, measured 2025-03-31 — older than 12 months (stale)"
    );
}

#[test]
fn reason_text_table() {
    struct TextRow {
        name: &'static str,
        rule: CriterionRule,
        latest: Option<(Reported, &'static str, bool)>,
        plans: &'static [(&'static str, PlanStatus)],
        as_of: &'static str,
        code: ReasonCode,
        sv: &'static [&'static str],
        en: &'static [&'static str],
    }
    let rows = vec![
        TextRow {
            name: "no value",
            rule: count(),
            latest: None,
            plans: &[],
            as_of: AS_OF,
            code: ReasonCode::NoValue,
            sv: &["Ingen uppgift"],
            en: &["No value"],
        },
        TextRow {
            name: "not applicable",
            rule: count(),
            latest: Some((Reported::NotApplicable, "2026-01-15", false)),
            plans: &[],
            as_of: AS_OF,
            code: ReasonCode::NotApplicable,
            sv: &["Ej tillämplig", "mätt 2026-01-15"],
            en: &["Not applicable", "measured 2026-01-15"],
        },
        TextRow {
            name: "met count",
            rule: count(),
            latest: Some((Reported::Number(4.0), "2026-01-15", false)),
            plans: &[],
            as_of: AS_OF,
            code: ReasonCode::Met,
            sv: &["4, krav ≥ 3", "mätt 2026-01-15", "uppfyllt"],
            en: &["4, required ≥ 3", "measured 2026-01-15", "met"],
        },
        TextRow {
            name: "partial share with decimal comma and % after no-break space",
            rule: share(),
            latest: Some((Reported::Number(62.5), "2026-01-15", false)),
            plans: &[],
            as_of: AS_OF,
            code: ReasonCode::Partial,
            sv: &[
                "62,5\u{a0}%",
                "krav ≥ 80\u{a0}%",
                "gult ≥ 50\u{a0}%",
                "mätt 2026-01-15",
                "delvis uppfyllt",
            ],
            en: &[
                "62.5%",
                "required ≥ 80%",
                "amber ≥ 50%",
                "measured 2026-01-15",
                "partly met",
            ],
        },
        TextRow {
            name: "thousands grouped with no-break space in Swedish, comma in English",
            rule: rule(Kind::Count, Some(2000.0), Some(1000.0)),
            latest: Some((Reported::Number(1234.5), "2026-01-15", false)),
            plans: &[],
            as_of: AS_OF,
            code: ReasonCode::Partial,
            sv: &["1\u{a0}234,5", "krav ≥ 2\u{a0}000", "gult ≥ 1\u{a0}000"],
            en: &["1,234.5", "required ≥ 2,000", "amber ≥ 1,000"],
        },
        TextRow {
            name: "evidence missing",
            rule: needs_evidence(yes_no()),
            latest: Some((Reported::Yes, "2026-01-15", false)),
            plans: &[],
            as_of: AS_OF,
            code: ReasonCode::EvidenceMissing,
            sv: &["Ja", "mätt 2026-01-15", "underlag saknas"],
            en: &["Yes", "measured 2026-01-15", "evidence missing"],
        },
        TextRow {
            name: "underlag given",
            rule: evidence(),
            latest: Some((Reported::Yes, "2026-01-15", true)),
            plans: &[],
            as_of: AS_OF,
            code: ReasonCode::Met,
            sv: &["Underlag finns", "mätt 2026-01-15"],
            en: &["Evidence given", "measured 2026-01-15"],
        },
        TextRow {
            name: "action in progress names the due date",
            rule: count(),
            latest: Some((Reported::Number(0.0), "2026-01-15", false)),
            plans: &[("2026-03-20", PlanStatus::InProgress)],
            as_of: AS_OF,
            code: ReasonCode::ActionInProgress,
            sv: &["0, krav ≥ 3", "åtgärd pågår", "2026-03-20"],
            en: &["0, required ≥ 3", "action under way", "2026-03-20"],
        },
        TextRow {
            name: "action overdue names the due date",
            rule: yes_no(),
            latest: Some((Reported::No, "2026-01-15", false)),
            plans: &[("2026-01-31", PlanStatus::Planned)],
            as_of: AS_OF,
            code: ReasonCode::ActionOverdue,
            sv: &["Nej, krav Ja", "försenad", "2026-01-31"],
            en: &["No, required Yes", "overdue", "2026-01-31"],
        },
        TextRow {
            name: "action after deadline names both dates",
            rule: count(),
            latest: Some((Reported::Number(1.0), "2026-01-15", false)),
            plans: &[("2026-04-01", PlanStatus::Planned)],
            as_of: AS_OF,
            code: ReasonCode::ActionAfterDeadline,
            sv: &[
                "1, krav ≥ 3",
                "klar först 2026-04-01",
                "utvärderingen 2026-03-31",
            ],
            en: &[
                "1, required ≥ 3",
                "due 2026-04-01",
                "evaluation on 2026-03-31",
            ],
        },
        TextRow {
            name: "no action plan",
            rule: evidence(),
            latest: Some((Reported::Yes, "2026-01-15", false)),
            plans: &[],
            as_of: AS_OF,
            code: ReasonCode::NoAction,
            sv: &["Underlag saknas", "ingen åtgärdsplan"],
            en: &["No evidence", "no action plan"],
        },
    ];

    for row in rows {
        let name = row.name;
        let (code, sv, en) = texts(&row.rule, row.latest, row.plans, row.as_of, Some(DEADLINE));
        assert_eq!(code, row.code, "[{name}] reason code");
        assert_contains(&sv, row.sv, name);
        assert_contains(&en, row.en, name);
        assert_ne!(sv, en, "[{name}] Swedish and English texts are the same");
        // Swedish puts a no-break space before %, English none.
        assert!(
            !sv.contains(" %"),
            "[{name}] ordinary space before % in {sv:?}"
        );
        assert!(
            !en.contains(&format!("{NBSP}%")),
            "[{name}] no-break space before % in {en:?}"
        );
    }
}
