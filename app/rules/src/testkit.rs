//! Small builders for the crafted datasets of the unit tests (test builds only).

use chrono::NaiveDate;

use crate::{
    Criterion, CriterionRule, Dataset, Evaluation, Kind, Origin, PlanRecord, PlanStatus, Reported,
    Unit, ValueRecord,
};

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
}

/// A mandatory criterion without an evidence requirement, valid for 12 months.
pub fn criterion(code: &str, area: &str, kind: Kind, green: Option<f64>) -> Criterion {
    Criterion {
        code: code.into(),
        evaluation: "USV2026".into(),
        area: area.into(),
        origin: Origin::National,
        title: format!("Kriterium {code}"),
        title_en: String::new(),
        rule: CriterionRule {
            kind,
            green,
            amber: None,
            mandatory: true,
            requires_evidence: false,
            validity_months: CriterionRule::DEFAULT_VALIDITY_MONTHS,
        },
        description: String::new(),
    }
}

pub fn unit(code: &str, care_provider: &str) -> Unit {
    Unit {
        code: code.into(),
        name: format!("Enhet {code}"),
        care_provider: care_provider.into(),
        manager: String::new(),
        email: String::new(),
    }
}

pub fn value(unit: &str, criterion: &str, measured: &str, value: Reported) -> ValueRecord {
    ValueRecord {
        unit: unit.into(),
        criterion: criterion.into(),
        measured: d(measured),
        value,
        comment: String::new(),
        evidence: String::new(),
    }
}

pub fn plan(unit: &str, criterion: &str, due: &str, status: PlanStatus) -> PlanRecord {
    PlanRecord {
        unit: unit.into(),
        criterion: criterion.into(),
        action: format!("Åtgärd för {criterion}"),
        owner: String::new(),
        due: d(due),
        status,
    }
}

pub fn dataset(
    deadline: &str,
    criteria: Vec<Criterion>,
    units: Vec<Unit>,
    values: Vec<ValueRecord>,
    plans: Vec<PlanRecord>,
) -> Dataset {
    Dataset::new(
        Evaluation {
            code: "USV2026".into(),
            name: "USV-utvärdering 2026".into(),
            conducted_by: "Socialstyrelsen".into(),
            deadline: d(deadline),
        },
        criteria,
        units,
        values,
        plans,
    )
}

/// Units (or cells) per light, none not applicable.
pub fn counts(green: u32, amber: u32, red: u32, grey: u32) -> crate::LightCounts {
    crate::LightCounts {
        green,
        amber,
        red,
        grey,
        not_applicable: 0,
    }
}
