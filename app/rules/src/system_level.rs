//! The system level: the questions the evaluation puts to the region's management bodies, the
//! working group's answers (utkast → granskad → fastställd) and the written rule for a
//! question's light. The check that forms and imports share for an answer is here too.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    FieldError, Lang, Light, LightCounts, MAX_NAME, MAX_TEXT, Origin, Text, format_date,
    normalize_key, tr,
};

/// Longest answer accepted (a page or two of text).
pub const MAX_ANSWER: usize = 10_000;
/// A question without an answer that is due within this many days is amber, not grey.
pub const START_WITHIN_DAYS: i64 = 30;

/// Where an answer is on its way to the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerStatus {
    Draft,
    Reviewed,
    Approved,
}

impl AnswerStatus {
    pub const ALL: [AnswerStatus; 3] = [
        AnswerStatus::Draft,
        AnswerStatus::Reviewed,
        AnswerStatus::Approved,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AnswerStatus::Draft => "utkast",
            AnswerStatus::Reviewed => "granskad",
            AnswerStatus::Approved => "faststalld",
        }
    }

    pub fn from_code(code: &str) -> Option<AnswerStatus> {
        match normalize_key(code).as_str() {
            "utkast" | "draft" => Some(AnswerStatus::Draft),
            "granskad" | "granskat" | "reviewed" => Some(AnswerStatus::Reviewed),
            "faststalld" | "faststallt" | "approved" => Some(AnswerStatus::Approved),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AnswerStatus::Draft => tr(lang, "utkast", "draft"),
            AnswerStatus::Reviewed => tr(lang, "granskad", "reviewed"),
            AnswerStatus::Approved => tr(lang, "fastställd", "approved"),
        }
    }
}

/// A question to the management bodies, as data (imported like the criteria).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemQuestion {
    pub code: String,
    /// The evaluation's code.
    pub evaluation: String,
    pub area: String,
    pub origin: Origin,
    pub question: String,
    /// Who answers: empty for the region, else a management body (e.g. a FoUU committee).
    pub body: String,
    pub due: NaiveDate,
    /// Criteria whose units' figures support the answer.
    pub criteria: Vec<String>,
}

impl SystemQuestion {
    pub fn body_label(&self, lang: Lang) -> String {
        if self.body.is_empty() {
            tr(lang, "Regionen", "The region").to_string()
        } else {
            self.body.clone()
        }
    }
}

/// A version of the answer to a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemAnswer {
    /// The id of this version: a change is based on it.
    pub version: i64,
    pub answer: String,
    /// Where the evidence is: a link or a reference.
    pub evidence: String,
    pub responsible: String,
    pub status: AnswerStatus,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// A comment on a question (the review's remarks, the interview's follow-ups).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemComment {
    pub text: String,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// A question's light as of `as_of`, and why. Approved: green. Past its due date without an
/// approved answer: red. Otherwise a draft or reviewed answer is amber; no answer yet is amber
/// when due within [`START_WITHIN_DAYS`], else grey (not started).
pub fn question_light(
    status: Option<AnswerStatus>,
    due: NaiveDate,
    as_of: NaiveDate,
) -> (Light, Text) {
    let due_text = format_date(due);
    let left = (due - as_of).num_days();
    match status {
        Some(AnswerStatus::Approved) => (
            Light::Green,
            Text::new("Fastställt svar", "Approved answer"),
        ),
        None if left < 0 => (
            Light::Red,
            Text::new(
                format!("Inte påbörjad; skulle vara klar {due_text}"),
                format!("Not started; was due {due_text}"),
            ),
        ),
        Some(_) if left < 0 => (
            Light::Red,
            Text::new(
                format!("Svaret är inte fastställt; skulle vara klart {due_text}"),
                format!("The answer is not approved; was due {due_text}"),
            ),
        ),
        None if left <= START_WITHIN_DAYS => (
            Light::Amber,
            Text::new(
                format!("Inte påbörjad; ska vara klar {due_text}"),
                format!("Not started; due {due_text}"),
            ),
        ),
        None => (Light::Grey, Text::new("Inte påbörjad", "Not started")),
        Some(AnswerStatus::Draft) => (
            Light::Amber,
            Text::new(
                format!("Utkast; ska vara fastställt {due_text}"),
                format!("Draft; to be approved by {due_text}"),
            ),
        ),
        Some(AnswerStatus::Reviewed) => (
            Light::Amber,
            Text::new(
                format!("Granskat, väntar på fastställande; senast {due_text}"),
                format!("Reviewed, awaiting approval; by {due_text}"),
            ),
        ),
    }
}

/// One question followed up on a date: the view model the pages and the export render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionFollowUp {
    pub question: SystemQuestion,
    /// The newest answer recorded by the date.
    pub answer: Option<SystemAnswer>,
    pub light: Light,
    pub reason: Text,
}

/// The system level on a date: every question with its light, and the counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemLevel {
    pub as_of: NaiveDate,
    pub questions: Vec<QuestionFollowUp>,
    pub counts: LightCounts,
    pub approved: usize,
}

/// Follows up `questions` with their current answers (`answers` holds at most one per question
/// code: the newest as of the date).
pub fn system_level(
    questions: Vec<SystemQuestion>,
    mut answers: std::collections::HashMap<String, SystemAnswer>,
    as_of: NaiveDate,
) -> SystemLevel {
    let mut counts = LightCounts::default();
    let questions: Vec<QuestionFollowUp> = questions
        .into_iter()
        .map(|question| {
            let answer = answers.remove(&question.code);
            let (light, reason) =
                question_light(answer.as_ref().map(|a| a.status), question.due, as_of);
            counts.add(light);
            QuestionFollowUp {
                question,
                answer,
                light,
                reason,
            }
        })
        .collect();
    let approved = questions
        .iter()
        .filter(|q| {
            q.answer
                .as_ref()
                .is_some_and(|a| a.status == AnswerStatus::Approved)
        })
        .count();
    SystemLevel {
        as_of,
        questions,
        counts,
        approved,
    }
}

/// An answer as the form or an import row gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerInput {
    pub answer: String,
    pub evidence: String,
    pub responsible: String,
    pub status: String,
}

/// An answer that passed [`validate_answer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAnswer {
    pub answer: String,
    pub evidence: String,
    pub responsible: String,
    pub status: AnswerStatus,
}

/// The one check for an answer: a status; text at most [`MAX_ANSWER`]; a reviewed or approved
/// answer must say something (a draft may only name who is responsible).
pub fn validate_answer(input: &AnswerInput) -> Result<ValidAnswer, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut limit = |field: &str, text: &str, max: usize| {
        if text.chars().count() > max {
            errors.push(FieldError {
                field: field.into(),
                message: Text::new(
                    format!("högst {max} tecken"),
                    format!("at most {max} characters"),
                ),
            });
        }
    };
    let answer = input.answer.trim().to_string();
    let evidence = input.evidence.trim().to_string();
    let responsible = input.responsible.trim().to_string();
    limit("answer", &answer, MAX_ANSWER);
    limit("evidence", &evidence, MAX_TEXT);
    limit("responsible", &responsible, MAX_NAME);
    let status = AnswerStatus::from_code(input.status.trim());
    match status {
        None => errors.push(FieldError {
            field: "status".into(),
            message: Text::new(
                "välj utkast, granskad eller fastställd",
                "choose draft, reviewed or approved",
            ),
        }),
        Some(s) if s != AnswerStatus::Draft && answer.is_empty() => errors.push(FieldError {
            field: "answer".into(),
            message: Text::new(
                "ett granskat eller fastställt svar måste ha en text",
                "a reviewed or approved answer needs a text",
            ),
        }),
        Some(_) => {}
    }
    match status {
        Some(status) if errors.is_empty() => Ok(ValidAnswer {
            answer,
            evidence,
            responsible,
            status,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_questions_light_follows_its_answer_and_due_date() {
        let due = d("2026-06-30");
        use AnswerStatus::*;
        // (status, as of, light, reason)
        let table = [
            (
                Some(Approved),
                "2026-08-01",
                Light::Green,
                "Fastställt svar",
            ),
            (
                Some(Approved),
                "2026-01-01",
                Light::Green,
                "Fastställt svar",
            ),
            (
                None,
                "2026-07-01",
                Light::Red,
                "Inte påbörjad; skulle vara klar 2026-06-30",
            ),
            (
                Some(Draft),
                "2026-07-01",
                Light::Red,
                "Svaret är inte fastställt; skulle vara klart 2026-06-30",
            ),
            (
                Some(Reviewed),
                "2026-07-01",
                Light::Red,
                "Svaret är inte fastställt; skulle vara klart 2026-06-30",
            ),
            (
                None,
                "2026-06-30",
                Light::Amber,
                "Inte påbörjad; ska vara klar 2026-06-30",
            ),
            (
                None,
                "2026-05-31",
                Light::Amber,
                "Inte påbörjad; ska vara klar 2026-06-30",
            ),
            (None, "2026-05-30", Light::Grey, "Inte påbörjad"),
            (
                Some(Draft),
                "2026-01-01",
                Light::Amber,
                "Utkast; ska vara fastställt 2026-06-30",
            ),
            (
                Some(Reviewed),
                "2026-06-30",
                Light::Amber,
                "Granskat, väntar på fastställande; senast 2026-06-30",
            ),
        ];
        for (status, as_of, light, reason) in table {
            let (got, text) = question_light(status, due, d(as_of));
            assert_eq!(
                (got, text.sv.as_str()),
                (light, reason),
                "{status:?} {as_of}"
            );
            assert!(!text.en.is_empty());
        }
    }

    #[test]
    fn statuses_round_trip_and_accept_swedish_letters() {
        for s in AnswerStatus::ALL {
            assert_eq!(AnswerStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(
            AnswerStatus::from_code("Fastställd"),
            Some(AnswerStatus::Approved)
        );
        assert_eq!(AnswerStatus::from_code("klar"), None);
    }

    #[test]
    fn forms_and_imports_share_one_check_for_an_answer() {
        let ok = |answer: &str, status: &str| AnswerInput {
            answer: answer.into(),
            evidence: "Protokoll 2026-05-12 § 4".into(),
            responsible: "Anna".into(),
            status: status.into(),
        };
        assert_eq!(
            validate_answer(&ok(" Ja, årligen. ", "Fastställd"))
                .unwrap()
                .answer,
            "Ja, årligen."
        );
        assert_eq!(
            validate_answer(&ok("", "utkast")).unwrap().status,
            AnswerStatus::Draft
        );
        // (input, fields refused)
        let table: [(AnswerInput, &[&str]); 4] = [
            (ok("", "granskad"), &["answer"]),
            (ok("x", "klar"), &["status"]),
            (ok(&"x".repeat(MAX_ANSWER + 1), "utkast"), &["answer"]),
            (
                AnswerInput {
                    evidence: "e".repeat(MAX_TEXT + 1),
                    responsible: "r".repeat(MAX_NAME + 1),
                    ..ok("x", "utkast")
                },
                &["evidence", "responsible"],
            ),
        ];
        for (input, fields) in table {
            let errors = validate_answer(&input).unwrap_err();
            let got: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(got, fields, "{input:?}");
        }
    }

    #[test]
    fn the_system_level_counts_its_lights() {
        let question = |code: &str, due: &str| SystemQuestion {
            code: code.into(),
            evaluation: "USV2026".into(),
            area: "Styrning".into(),
            origin: Origin::National,
            question: "?".into(),
            body: String::new(),
            due: d(due),
            criteria: Vec::new(),
        };
        let answer = |status| SystemAnswer {
            version: 1,
            answer: "svar".into(),
            evidence: String::new(),
            responsible: String::new(),
            status,
            recorded_at: "2026-05-01T10:00:00.000Z".into(),
            recorded_by: "test".into(),
        };
        let answers = [
            ("S1".to_string(), answer(AnswerStatus::Approved)),
            ("S2".to_string(), answer(AnswerStatus::Draft)),
        ]
        .into_iter()
        .collect();
        let level = system_level(
            vec![
                question("S1", "2026-06-30"),
                question("S2", "2026-06-30"),
                question("S3", "2026-12-31"),
            ],
            answers,
            d("2026-07-01"),
        );
        assert_eq!(level.approved, 1);
        assert_eq!(
            (level.counts.green, level.counts.red, level.counts.grey),
            (1, 1, 1)
        );
        assert_eq!(level.questions[2].answer, None);
    }
}
