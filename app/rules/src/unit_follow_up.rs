//! The yearly follow-up of each USV unit: the FoUU committee's assessment and decision
//! (continues, continues with conditions, ends), dated and with its reference. The check the
//! import applies to a row is here, so that any other way in uses the same one.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{FieldError, Lang, MAX_NAME, MAX_TEXT, Text, normalize_key, parse_date, tr};

/// The years a follow-up may concern: wide bounds that only catch typing mistakes (the yearly
/// decisions began in 2025, but a region may record earlier follow-ups); the same years as the
/// import template's date check (1950–2099) allows for the decision.
pub const FIRST_FOLLOW_UP_YEAR: i32 = 2000;
pub const LAST_FOLLOW_UP_YEAR: i32 = 2099;

/// What the committee decided for the coming year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpDecision {
    Continues,
    WithConditions,
    Ends,
}

impl FollowUpDecision {
    pub const ALL: [FollowUpDecision; 3] = [
        FollowUpDecision::Continues,
        FollowUpDecision::WithConditions,
        FollowUpDecision::Ends,
    ];

    /// The code in files.
    pub fn code(self) -> &'static str {
        match self {
            FollowUpDecision::Continues => "fortsatter",
            FollowUpDecision::WithConditions => "villkor",
            FollowUpDecision::Ends => "upphor",
        }
    }

    /// Reads the code, the Swedish words or the English ones, in any case, with or without
    /// Swedish letters.
    pub fn from_code(raw: &str) -> Option<FollowUpDecision> {
        match normalize_key(raw).as_str() {
            "fortsatter" | "continues" => Some(FollowUpDecision::Continues),
            "villkor"
            | "fortsatter_med_villkor"
            | "with_conditions"
            | "continues_with_conditions" => Some(FollowUpDecision::WithConditions),
            "upphor" | "ends" => Some(FollowUpDecision::Ends),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            FollowUpDecision::Continues => tr(lang, "Fortsätter", "Continues"),
            FollowUpDecision::WithConditions => {
                tr(lang, "Fortsätter med villkor", "Continues with conditions")
            }
            FollowUpDecision::Ends => tr(lang, "Upphör", "Ends"),
        }
    }
}

/// One unit's follow-up of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitFollowUp {
    pub unit: String,
    /// The year followed up.
    pub year: i32,
    pub decision: FollowUpDecision,
    pub decided_on: NaiveDate,
    /// The decision's reference (diarienummer, minutes paragraph).
    pub reference: String,
    /// The committee's assessment; for "continues with conditions", the conditions.
    pub assessment: String,
}

/// A follow-up as a file gives it, before the check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpInput {
    pub year: String,
    pub decision: String,
    pub decided_on: String,
    pub reference: String,
    pub assessment: String,
}

/// Checks a follow-up: a year, a known decision, a date not before the year began, conditions
/// written out when the unit continues with conditions, and no field too long. Errors name the
/// fields `year`, `decision`, `decided_on`, `reference`, `assessment`.
pub fn validate_follow_up(
    unit: &str,
    input: &FollowUpInput,
) -> Result<UnitFollowUp, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, message: Text| {
        errors.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let year = match input.year.trim().parse::<i32>() {
        Ok(y) if (FIRST_FOLLOW_UP_YEAR..=LAST_FOLLOW_UP_YEAR).contains(&y) => Some(y),
        _ => {
            fail(
                "year",
                Text::new(
                    format!(
                        "\"{}\": skriv året med fyra siffror, t.ex. 2025",
                        input.year.trim()
                    ),
                    format!(
                        "\"{}\": write the year in four digits, e.g. 2025",
                        input.year.trim()
                    ),
                ),
            );
            None
        }
    };
    let decision = FollowUpDecision::from_code(&input.decision);
    if decision.is_none() {
        fail(
            "decision",
            Text::new(
                format!(
                    "\"{}\": skriv fortsatter, villkor eller upphor",
                    input.decision.trim()
                ),
                format!(
                    "\"{}\": write fortsatter, villkor or upphor",
                    input.decision.trim()
                ),
            ),
        );
    }
    let decided_on = match parse_date(input.decided_on.trim()) {
        Ok(date) => match year {
            Some(y) if date.year() < y => {
                fail(
                    "decided_on",
                    Text::new(
                        format!("beslutet kan inte vara fattat före år {y}"),
                        format!("the decision cannot predate the year {y}"),
                    ),
                );
                None
            }
            _ => Some(date),
        },
        Err(e) => {
            fail("decided_on", e.0);
            None
        }
    };
    let assessment = input.assessment.trim();
    if decision == Some(FollowUpDecision::WithConditions) && assessment.is_empty() {
        fail(
            "assessment",
            Text::new(
                "skriv villkoren i bedömningen",
                "write the conditions in the assessment",
            ),
        );
    }
    for (field, text, max) in [
        ("assessment", assessment, MAX_TEXT),
        ("reference", input.reference.trim(), MAX_NAME),
    ] {
        if text.chars().count() > max {
            fail(
                field,
                Text::new(
                    format!("högst {max} tecken"),
                    format!("at most {max} characters"),
                ),
            );
        }
    }
    match (year, decision, decided_on) {
        (Some(year), Some(decision), Some(decided_on)) if errors.is_empty() => Ok(UnitFollowUp {
            unit: unit.to_string(),
            year,
            decision,
            decided_on,
            reference: input.reference.trim().to_string(),
            assessment: assessment.to_string(),
        }),
        _ => Err(errors),
    }
}

/// What the unit page shows as of `as_of`: for each year the decision in force then (the newest
/// decided on or before that date; a later decision about the same year replaces an earlier one
/// from its own date), newest year first.
pub fn follow_ups_as_of(mut all: Vec<UnitFollowUp>, as_of: NaiveDate) -> Vec<UnitFollowUp> {
    all.retain(|f| f.decided_on <= as_of);
    all.sort_by(|a, b| (&a.unit, b.year, b.decided_on).cmp(&(&b.unit, a.year, a.decided_on)));
    all.dedup_by(|later, first| later.unit == first.unit && later.year == first.year);
    all
}

/// One line for the latest decision: "2025: Fortsätter med villkor (beslut 2026-03-12, FoUU 2026:14)".
pub fn follow_up_line(f: &UnitFollowUp, lang: Lang) -> String {
    let reference = if f.reference.is_empty() {
        String::new()
    } else {
        format!(", {}", f.reference)
    };
    format!(
        "{}: {} ({} {}{reference})",
        f.year,
        f.decision.label(lang),
        tr(lang, "beslut", "decided"),
        crate::format_date(f.decided_on),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::d;

    fn input(year: &str, decision: &str, decided_on: &str, assessment: &str) -> FollowUpInput {
        FollowUpInput {
            year: year.into(),
            decision: decision.into(),
            decided_on: decided_on.into(),
            reference: "FoUU 2026:14".into(),
            assessment: assessment.into(),
        }
    }

    #[test]
    fn a_follow_up_is_checked_field_by_field() {
        // (year, decision, decided on, assessment, the fields refused)
        let long = "x".repeat(MAX_TEXT + 1);
        let table: [(&str, &str, &str, &str, &[&str]); 13] = [
            ("2025", "fortsatter", "2026-03-12", "", &[]),
            (
                "2025",
                "Fortsätter med villkor",
                "2026-03-12",
                "Ny handledare",
                &[],
            ),
            ("2025", "UPPHÖR", "2025-12-01", "", &[]),
            ("2025", "ends", "2025-01-01", "", &[]),
            ("2025", "villkor", "2026-03-12", "  ", &["assessment"]),
            ("25", "fortsatter", "2026-03-12", "", &["year"]),
            ("2025.0", "fortsatter", "2026-03-12", "", &["year"]),
            ("2025", "kanske", "2026-03-12", "", &["decision"]),
            ("2025", "fortsatter", "2024-12-31", "", &["decided_on"]),
            ("2025", "fortsatter", "12 mars", "", &["decided_on"]),
            ("2025", "fortsatter", "2026-03-12", &long, &["assessment"]),
            ("2100", "fortsatter", "2099-03-12", "", &["year"]),
            ("", "", "", "", &["year", "decision", "decided_on"]),
        ];
        for (year, decision, decided_on, assessment, refused) in table {
            let result = validate_follow_up("E1", &input(year, decision, decided_on, assessment));
            let fields: Vec<String> = match &result {
                Ok(_) => Vec::new(),
                Err(errors) => errors.iter().map(|e| e.field.clone()).collect(),
            };
            assert_eq!(fields, refused, "{year:?} {decision:?} {decided_on:?}");
        }
        let ok = validate_follow_up(
            "E1",
            &input("2025", "villkor", "2026-03-12", " Ny handledare "),
        )
        .unwrap();
        assert_eq!(ok.decision, FollowUpDecision::WithConditions);
        assert_eq!(ok.assessment, "Ny handledare");
        assert_eq!(ok.decided_on, d("2026-03-12"));
    }

    #[test]
    fn each_decision_reads_back_from_its_code_and_its_words() {
        for decision in FollowUpDecision::ALL {
            assert_eq!(FollowUpDecision::from_code(decision.code()), Some(decision));
            for lang in [Lang::Sv, Lang::En] {
                assert_eq!(
                    FollowUpDecision::from_code(decision.label(lang)),
                    Some(decision),
                    "{lang:?}"
                );
            }
        }
    }

    #[test]
    fn the_page_shows_what_was_decided_by_its_date_newest_year_first() {
        let f = |year: i32, decided: &str| UnitFollowUp {
            unit: "E1".into(),
            year,
            decision: FollowUpDecision::Continues,
            decided_on: d(decided),
            reference: String::new(),
            assessment: String::new(),
        };
        // 2025 was decided twice: continues (2026-03-12), then ends (2026-06-01).
        let mut ended = f(2025, "2026-06-01");
        ended.decision = FollowUpDecision::Ends;
        let all = vec![
            f(2025, "2026-03-12"),
            f(2026, "2027-03-10"),
            ended,
            f(2024, "2025-02-01"),
        ];
        // (as of, the years shown with the decision date in force)
        let table: [(&str, &[(i32, &str)]); 6] = [
            ("2025-01-31", &[]),
            ("2025-02-01", &[(2024, "2025-02-01")]),
            ("2026-05-31", &[(2025, "2026-03-12"), (2024, "2025-02-01")]),
            ("2026-06-01", &[(2025, "2026-06-01"), (2024, "2025-02-01")]),
            ("2026-12-31", &[(2025, "2026-06-01"), (2024, "2025-02-01")]),
            (
                "2027-03-10",
                &[
                    (2026, "2027-03-10"),
                    (2025, "2026-06-01"),
                    (2024, "2025-02-01"),
                ],
            ),
        ];
        for (as_of, shown) in table {
            let found: Vec<(i32, NaiveDate)> = follow_ups_as_of(all.clone(), d(as_of))
                .iter()
                .map(|f| (f.year, f.decided_on))
                .collect();
            let expected: Vec<(i32, NaiveDate)> = shown.iter().map(|(y, on)| (*y, d(on))).collect();
            assert_eq!(found, expected, "{as_of}");
        }
        let mut latest = f(2025, "2026-03-12");
        latest.decision = FollowUpDecision::WithConditions;
        assert_eq!(
            follow_up_line(&latest, Lang::Sv),
            "2025: Fortsätter med villkor (beslut 2026-03-12)"
        );
        latest.reference = "FoUU 2026:14".into();
        assert_eq!(
            follow_up_line(&latest, Lang::En),
            "2025: Continues with conditions (decided 2026-03-12, FoUU 2026:14)"
        );
    }
}
