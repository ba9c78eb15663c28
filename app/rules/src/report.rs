//! Reports made in the browser: what a form sends, how it is checked (the same rules as the
//! import), and what a conflict or a review looks like. Pure, so the browser can show the same
//! messages and the server checks every save again.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Kind, PlanStatus, Reported, Text, parse_date, parse_reported};

/// One field's problem, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: Text,
}

/// Longest comment, evidence or plan text accepted.
pub const MAX_TEXT: usize = 2000;

/// A stored version of a value or a plan, as shown in conflicts and history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub id: i64,
    /// Value: measured date, value, comment, evidence. Plan: action, owner, due, status.
    pub fields: [String; 4],
    pub recorded_at: String,
    /// Name (or e-mail) of the user, or the import source.
    pub recorded_by: String,
}

/// A value reported in a form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueInput {
    pub unit: String,
    pub criterion: String,
    pub measured: String,
    pub value: String,
    pub comment: String,
    pub evidence: String,
    /// The newest version id the form was based on (0: there was none).
    pub based_on: i64,
}

/// An action plan version from a form (a new plan when `based_on` is 0).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInput {
    pub unit: String,
    pub criterion: String,
    pub action: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub based_on: i64,
}

fn too_long(errors: &mut Vec<FieldError>, field: &str, text: &str) {
    if text.chars().count() > MAX_TEXT {
        errors.push(FieldError {
            field: field.into(),
            message: Text::new(
                format!("högst {MAX_TEXT} tecken"),
                format!("at most {MAX_TEXT} characters"),
            ),
        });
    }
}

/// Checks a reported value with the same rules as the import. Returns the measured date and
/// the value in its canonical stored form.
pub fn validate_value(
    kind: Kind,
    input: &ValueInput,
    today: NaiveDate,
) -> Result<(NaiveDate, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut err = |field: &str, message: Text| {
        errors.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let measured = match parse_date(input.measured.trim()) {
        Ok(d) if d > today => {
            err(
                "measured",
                Text::new("datumet ligger i framtiden", "the date is in the future"),
            );
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            err("measured", e.0);
            None
        }
    };
    let raw = input.value.trim();
    let value = if raw.is_empty() && kind != Kind::Evidence {
        err("value", Text::new("värde saknas", "value missing"));
        None
    } else {
        match parse_reported(kind, raw) {
            Ok(v) => Some(v),
            Err(e) => {
                err("value", e.0);
                None
            }
        }
    };
    if value == Some(Reported::NotApplicable) && input.comment.trim().is_empty() {
        err(
            "comment",
            Text::new(
                "motivera varför kriteriet inte är tillämpligt",
                "explain why the criterion does not apply",
            ),
        );
    }
    if kind == Kind::Evidence && value == Some(Reported::Yes) && input.evidence.trim().is_empty() {
        err(
            "evidence",
            Text::new(
                "ange underlaget (länk eller referens)",
                "give the evidence (link or reference)",
            ),
        );
    }
    too_long(&mut errors, "comment", &input.comment);
    too_long(&mut errors, "evidence", &input.evidence);
    match (measured, value) {
        (Some(m), Some(v)) if errors.is_empty() => Ok((m, v.canonical())),
        _ => Err(errors),
    }
}

/// Checks an action plan: an action, a due date and a status.
pub fn validate_plan(
    input: &PlanInput,
) -> Result<(String, NaiveDate, PlanStatus), Vec<FieldError>> {
    let mut errors = Vec::new();
    let action = input.action.trim().to_string();
    if action.is_empty() {
        errors.push(FieldError {
            field: "action".into(),
            message: Text::new("beskriv åtgärden", "describe the action"),
        });
    }
    too_long(&mut errors, "action", &action);
    too_long(&mut errors, "owner", &input.owner);
    let due = match parse_date(input.due.trim()) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(FieldError {
                field: "due".into(),
                message: e.0,
            });
            None
        }
    };
    let status = PlanStatus::from_code(input.status.trim());
    if status.is_none() {
        errors.push(FieldError {
            field: "status".into(),
            message: Text::new(
                "välj planerad, pågår eller klar",
                "choose planned, in progress or done",
            ),
        });
    }
    match (due, status) {
        (Some(d), Some(s)) if errors.is_empty() => Ok((action, d, s)),
        _ => Err(errors),
    }
}

/// The working group's verdict on a reported value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    /// Loaded from a file by the working group itself: counts as checked.
    Imported,
    /// Reported in the browser, not yet looked at.
    Unverified,
    Verified,
    /// Sent back to the unit with a comment.
    Returned,
}

impl Review {
    pub fn code(self) -> &'static str {
        match self {
            Review::Imported => "imported",
            Review::Unverified => "unverified",
            Review::Verified => "verified",
            Review::Returned => "returned",
        }
    }

    /// Whether the value is shown in the "only verified values" view.
    pub fn counts_as_verified(self) -> bool {
        matches!(self, Review::Imported | Review::Verified)
    }
}

/// A value waiting for the working group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingReview {
    pub value_id: i64,
    pub unit: String,
    pub unit_name: String,
    pub criterion: String,
    pub measured: String,
    pub value: String,
    pub comment: String,
    pub evidence: String,
    pub recorded_at: String,
    pub recorded_by: String,
    /// Reported by the one who looks at the list: someone else must review it (four eyes).
    pub own: bool,
}

/// One change in a unit's history. `before` and `after` in both languages: stored words (`Ja`,
/// a plan's status) are shown in the reader's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub at: String,
    pub by: String,
    pub criterion: String,
    pub kind: ChangeKind,
    pub before: Option<Text>,
    pub after: Text,
}

/// What a change in a unit's history was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A value reported or imported.
    Value,
    /// A version of an action plan.
    Plan,
    /// A value the working group verified.
    Verified,
    /// A value the working group sent back.
    Returned,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 4] = [
        ChangeKind::Value,
        ChangeKind::Plan,
        ChangeKind::Verified,
        ChangeKind::Returned,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(value: &str, measured: &str) -> ValueInput {
        ValueInput {
            unit: "E1".into(),
            criterion: "C1".into(),
            measured: measured.into(),
            value: value.into(),
            ..Default::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn fields(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn values_are_checked_like_the_import() {
        assert_eq!(
            validate_value(Kind::Share, &input("82,5 %", "2026-09-30"), today())
                .unwrap()
                .1,
            "82.5"
        );
        assert_eq!(
            validate_value(Kind::YesNo, &input("ja", "2026-11-25"), today())
                .unwrap()
                .1,
            "Ja"
        );
        assert_eq!(
            fields(validate_value(Kind::Share, &input("120", "2026-09-30"), today()).unwrap_err()),
            ["value"]
        );
        assert_eq!(
            fields(validate_value(Kind::Count, &input("", "2026-09-30"), today()).unwrap_err()),
            ["value"]
        );
        assert_eq!(
            fields(validate_value(Kind::Count, &input("3", "30/09/2026"), today()).unwrap_err()),
            ["measured"]
        );
        assert_eq!(
            fields(validate_value(Kind::Count, &input("3", "2026-11-26"), today()).unwrap_err()),
            ["measured"],
            "one day in the future"
        );
        assert_eq!(
            fields(validate_value(Kind::YesNo, &input("kanske", "x"), today()).unwrap_err()),
            ["measured", "value"]
        );
    }

    #[test]
    fn not_applicable_needs_a_motivation_and_evidence_criteria_need_evidence() {
        assert_eq!(
            fields(
                validate_value(Kind::Count, &input("ej tillämplig", "2026-09-30"), today())
                    .unwrap_err()
            ),
            ["comment"]
        );
        let motivated = ValueInput {
            comment: "Ingen VFU i verksamheten".into(),
            ..input("ej tillämplig", "2026-09-30")
        };
        assert!(validate_value(Kind::Count, &motivated, today()).is_ok());
        assert_eq!(
            fields(validate_value(Kind::Evidence, &input("", "2026-09-30"), today()).unwrap_err()),
            ["evidence"]
        );
        let given = ValueInput {
            evidence: "https://intranat.exempel.se/plan.pdf".into(),
            ..input("", "2026-09-30")
        };
        assert!(validate_value(Kind::Evidence, &given, today()).is_ok());
        assert!(
            validate_value(Kind::Evidence, &input("Nej", "2026-09-30"), today()).is_ok(),
            "no evidence yet"
        );
        let long = ValueInput {
            comment: "å".repeat(MAX_TEXT + 1),
            ..input("3", "2026-09-30")
        };
        assert_eq!(
            fields(validate_value(Kind::Count, &long, today()).unwrap_err()),
            ["comment"]
        );
    }

    #[test]
    fn plans_need_an_action_a_date_and_a_status() {
        let ok = PlanInput {
            action: "Utbilda handledare".into(),
            due: "2026-11-30".into(),
            status: "pagar".into(),
            ..Default::default()
        };
        assert!(validate_plan(&ok).is_ok());
        let bad = PlanInput {
            action: " ".into(),
            due: "snart".into(),
            status: "kanske".into(),
            ..Default::default()
        };
        assert_eq!(
            fields(validate_plan(&bad).unwrap_err()),
            ["action", "due", "status"]
        );
    }

    #[test]
    fn imported_and_verified_values_count_as_checked() {
        assert!(Review::Imported.counts_as_verified());
        assert!(Review::Verified.counts_as_verified());
        assert!(!Review::Unverified.counts_as_verified());
        assert!(!Review::Returned.counts_as_verified());
    }
}
