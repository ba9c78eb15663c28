//! The prioritised development areas: the working group's actions in each area, with the
//! written rules for an action's state and an area's light, and the check that forms and imports
//! share for an action and a progress note.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    Board, Dataset, FieldError, Lang, Light, LightCounts, MAX_TEXT, PlanStatus, Snapshot, Text,
    format_date, parse_date, tr,
};

/// An open action due within this many days makes its area amber.
pub const DUE_SOON_DAYS: i64 = 30;
/// An open action with no change or progress note for longer than this makes its area amber.
pub const QUIET_DAYS: i64 = 90;
/// Longest action title and area name accepted.
pub const MAX_TITLE: usize = 300;
/// Longest name of a responsible person or owner.
pub const MAX_NAME: usize = 120;

/// Whether `code` may name an area, an action or a question: a letter or digit first, then
/// letters, digits, `.`, `_` or `-`, at most 32 in all — it goes into addresses and element ids.
pub fn valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && code.len() <= 32
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// What a refused code is told.
pub fn code_rule_text(code: &str) -> Text {
    Text::new(
        format!(
            "\"{code}\": en kod har bokstäver, siffror, punkt, _ eller - (högst 32 tecken, inga mellanslag)"
        ),
        format!(
            "\"{code}\": a code has letters, digits, dot, _ or - (at most 32 characters, no spaces)"
        ),
    )
}

/// A development area as the working group defines it (imported, data like the criteria).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevelopmentArea {
    pub code: String,
    pub name: String,
    pub goal: String,
    pub owner: String,
    /// Codes of the criteria whose lights the area is meant to move.
    pub criteria: Vec<String>,
}

/// A progress note on an action: what happened, as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressNote {
    pub noted_on: NaiveDate,
    pub text: String,
    /// Name or e-mail of who wrote it, or the import it came from.
    pub by: String,
}

/// The current version of an action (as of a date), with its notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevelopmentAction {
    pub code: String,
    /// The area's code.
    pub area: String,
    /// The id of this version: a change is based on it, so two people cannot overwrite each other.
    pub version: i64,
    pub title: String,
    pub responsible: String,
    /// Empty: the whole region; otherwise a care provider's name.
    pub scope: String,
    pub due: NaiveDate,
    pub status: PlanStatus,
    /// The day this version was saved.
    pub changed_on: NaiveDate,
    pub changed_by: String,
    /// Newest first.
    pub notes: Vec<ProgressNote>,
}

impl DevelopmentAction {
    /// The last day anything happened: a change or a progress note.
    pub fn last_activity(&self) -> NaiveDate {
        self.notes
            .iter()
            .map(|n| n.noted_on)
            .fold(self.changed_on, NaiveDate::max)
    }

    pub fn scope_label(&self, lang: Lang) -> String {
        scope_label(&self.scope, lang)
    }
}

/// "Regionen" for the whole region, else the care provider.
pub fn scope_label(scope: &str, lang: Lang) -> String {
    if scope.is_empty() {
        tr(lang, "Hela regionen", "The whole region").to_string()
    } else {
        scope.to_string()
    }
}

/// Where an action stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionState {
    Done,
    /// Past its due date and not done: `days` late.
    Overdue {
        days: i64,
    },
    /// Due within [`DUE_SOON_DAYS`].
    DueSoon {
        days: i64,
    },
    /// Nothing changed or noted for `days` (more than [`QUIET_DAYS`]).
    Quiet {
        days: i64,
    },
    OnTrack,
}

impl ActionState {
    /// The rule, in this order: done; overdue; due soon; quiet; on track.
    pub fn of(
        status: PlanStatus,
        due: NaiveDate,
        last_activity: NaiveDate,
        as_of: NaiveDate,
    ) -> ActionState {
        if status == PlanStatus::Done {
            return ActionState::Done;
        }
        let left = (due - as_of).num_days();
        if left < 0 {
            return ActionState::Overdue { days: -left };
        }
        if left <= DUE_SOON_DAYS {
            return ActionState::DueSoon { days: left };
        }
        let quiet = (as_of - last_activity).num_days();
        if quiet > QUIET_DAYS {
            return ActionState::Quiet { days: quiet };
        }
        ActionState::OnTrack
    }

    /// The light this state gives on its own.
    pub fn light(self) -> Light {
        match self {
            ActionState::Done | ActionState::OnTrack => Light::Green,
            ActionState::DueSoon { .. } | ActionState::Quiet { .. } => Light::Amber,
            ActionState::Overdue { .. } => Light::Red,
        }
    }

    /// Stable code for CSS and exports.
    pub fn code(self) -> &'static str {
        match self {
            ActionState::Done => "klar",
            ActionState::Overdue { .. } => "forsenad",
            ActionState::DueSoon { .. } => "snart",
            ActionState::Quiet { .. } => "tyst",
            ActionState::OnTrack => "enligt-plan",
        }
    }

    /// In words, never by colour alone.
    pub fn text(self) -> Text {
        match self {
            ActionState::Done => Text::new("Klar", "Done"),
            ActionState::Overdue { days } => Text::new(
                format!("Försenad {days} {}", days_sv(days)),
                format!("{days} {} late", days_en(days)),
            ),
            ActionState::DueSoon { days: 0 } => Text::new("Ska vara klar i dag", "Due today"),
            ActionState::DueSoon { days } => Text::new(
                format!("Ska vara klar om {days} {}", days_sv(days)),
                format!("Due in {days} {}", days_en(days)),
            ),
            ActionState::Quiet { days } => Text::new(
                format!("Ingen ändring eller notering på {days} dagar"),
                format!("No change or note for {days} days"),
            ),
            ActionState::OnTrack => Text::new("Enligt plan", "On track"),
        }
    }

    /// Worst first: overdue (most days first), due soon, quiet, on track, done.
    fn order(self) -> (u8, i64) {
        match self {
            ActionState::Overdue { days } => (0, -days),
            ActionState::DueSoon { days } => (1, days),
            ActionState::Quiet { days } => (2, -days),
            ActionState::OnTrack => (3, 0),
            ActionState::Done => (4, 0),
        }
    }
}

fn days_sv(days: i64) -> &'static str {
    if days == 1 { "dag" } else { "dagar" }
}

fn days_en(days: i64) -> &'static str {
    if days == 1 { "day" } else { "days" }
}

/// An area's light from its actions' states, and why. Grey: no actions; red: one is overdue;
/// amber: one is due within [`DUE_SOON_DAYS`] or quiet for more than [`QUIET_DAYS`]; else green.
pub fn area_light(states: &[ActionState]) -> (Light, Text) {
    let count = |f: fn(&ActionState) -> bool| states.iter().filter(|s| f(s)).count();
    let total = states.len();
    let done = count(|s| *s == ActionState::Done);
    let overdue = count(|s| matches!(s, ActionState::Overdue { .. }));
    let soon = count(|s| matches!(s, ActionState::DueSoon { .. }));
    let quiet = count(|s| matches!(s, ActionState::Quiet { .. }));
    if total == 0 {
        return (
            Light::Grey,
            Text::new("Inga åtgärder ännu", "No actions yet"),
        );
    }
    if overdue > 0 {
        return (
            Light::Red,
            Text::new(
                format!("{overdue} av {total} åtgärder försenade"),
                format!("{overdue} of {total} actions overdue"),
            ),
        );
    }
    if soon + quiet > 0 {
        let mut sv = Vec::new();
        let mut en = Vec::new();
        if soon > 0 {
            sv.push(format!("{soon} ska vara klara inom {DUE_SOON_DAYS} dagar"));
            en.push(format!("{soon} due within {DUE_SOON_DAYS} days"));
        }
        if quiet > 0 {
            sv.push(format!(
                "{quiet} utan ändring eller notering på {QUIET_DAYS} dagar"
            ));
            en.push(format!(
                "{quiet} without change or note for {QUIET_DAYS} days"
            ));
        }
        return (Light::Amber, Text::new(sv.join("; "), en.join("; ")));
    }
    if done == total && total == 1 {
        return (
            Light::Green,
            Text::new("Åtgärden är klar", "The action is done"),
        );
    }
    if done == total {
        return (
            Light::Green,
            Text::new(
                format!("Alla {total} åtgärder klara"),
                format!("All {total} actions done"),
            ),
        );
    }
    (
        Light::Green,
        Text::new(
            format!("Inga förseningar; {done} av {total} klara"),
            format!("Nothing overdue; {done} of {total} done"),
        ),
    )
}

/// One action as the follow-up shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionFollowUp {
    pub action: DevelopmentAction,
    pub state: ActionState,
}

/// One area followed up on a date: the view model pages, the report and exports render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaFollowUp {
    pub area: DevelopmentArea,
    pub light: Light,
    pub reason: Text,
    pub total: usize,
    pub done: usize,
    pub overdue: usize,
    /// The earliest due date of an open action.
    pub next_due: Option<NaiveDate>,
    /// Worst first.
    pub actions: Vec<ActionFollowUp>,
}

/// Every area followed up as of `as_of`, in the order given; actions of unknown areas are left
/// out (the store never has any).
pub fn follow_up(
    areas: Vec<DevelopmentArea>,
    actions: Vec<DevelopmentAction>,
    as_of: NaiveDate,
) -> Vec<AreaFollowUp> {
    let mut by_area: std::collections::HashMap<String, Vec<ActionFollowUp>> =
        std::collections::HashMap::new();
    for action in actions {
        let state = ActionState::of(action.status, action.due, action.last_activity(), as_of);
        by_area
            .entry(action.area.clone())
            .or_default()
            .push(ActionFollowUp { action, state });
    }
    areas
        .into_iter()
        .map(|area| {
            let mut actions = by_area.remove(&area.code).unwrap_or_default();
            actions.sort_by(|a, b| {
                (a.state.order(), a.action.due, &a.action.code).cmp(&(
                    b.state.order(),
                    b.action.due,
                    &b.action.code,
                ))
            });
            let states: Vec<ActionState> = actions.iter().map(|a| a.state).collect();
            let (light, reason) = area_light(&states);
            AreaFollowUp {
                total: actions.len(),
                done: states.iter().filter(|s| **s == ActionState::Done).count(),
                overdue: states
                    .iter()
                    .filter(|s| matches!(s, ActionState::Overdue { .. }))
                    .count(),
                next_due: actions
                    .iter()
                    .filter(|a| a.action.status.is_open())
                    .map(|a| a.action.due)
                    .min(),
                area,
                light,
                reason,
                actions,
            }
        })
        .collect()
}

/// A criterion an area is meant to move: its units per light then (a baseline) and now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionMovement {
    pub code: String,
    pub title: String,
    pub evaluation: String,
    /// `None` when the baseline has no such criterion (or there is no baseline).
    pub before: Option<LightCounts>,
    pub now: LightCounts,
}

/// Units per light for one criterion of a computed board (the units counted on its date);
/// `None` if the dataset lacks it.
pub fn criterion_counts(dataset: &Dataset, board: &Board, code: &str) -> Option<LightCounts> {
    let c = dataset.criteria.iter().position(|c| c.code == code)?;
    Some(board.criterion_counts(c))
}

impl Snapshot {
    /// Units per light for one criterion; `None` if the snapshot has no such criterion.
    pub fn criterion_counts(&self, code: &str) -> Option<LightCounts> {
        let mut counts = LightCounts::default();
        let mut seen = false;
        for cell in self.cells.iter().filter(|c| c.criterion == code) {
            counts.add(cell.light);
            seen = true;
        }
        seen.then_some(counts)
    }
}

/// An action as a form or an import row gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevelopmentActionInput {
    pub title: String,
    pub responsible: String,
    pub scope: String,
    pub due: String,
    pub status: String,
}

/// An action that passed [`validate_development_action`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAction {
    pub title: String,
    pub responsible: String,
    /// Empty (the region) or a care provider's name as the units spell it.
    pub scope: String,
    pub due: NaiveDate,
    pub status: PlanStatus,
}

fn too_long(errors: &mut Vec<FieldError>, field: &str, text: &str, max: usize) {
    if text.chars().count() > max {
        errors.push(FieldError {
            field: field.into(),
            message: Text::new(
                format!("högst {max} tecken"),
                format!("at most {max} characters"),
            ),
        });
    }
}

/// The one check for an action, for the browser's forms and the import alike. `care_providers`
/// are the names a scope may take; "regionen", "region" or nothing mean the whole region.
pub fn validate_development_action(
    input: &DevelopmentActionInput,
    care_providers: &[String],
) -> Result<ValidAction, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = input.title.trim().to_string();
    if title.is_empty() {
        errors.push(FieldError {
            field: "title".into(),
            message: Text::new("beskriv åtgärden", "describe the action"),
        });
    }
    too_long(&mut errors, "title", &title, MAX_TITLE);
    let responsible = input.responsible.trim().to_string();
    too_long(&mut errors, "responsible", &responsible, MAX_NAME);
    let raw_scope = input.scope.trim();
    let scope = match crate::normalize_key(raw_scope).as_str() {
        "" | "regionen" | "region" | "hela_regionen" | "the_region" => Some(String::new()),
        key => {
            let found = care_providers
                .iter()
                .find(|p| crate::normalize_key(p) == key)
                .cloned();
            if found.is_none() {
                errors.push(FieldError {
                    field: "scope".into(),
                    message: Text::new(
                        format!(
                            "\"{raw_scope}\" är ingen vårdgivare; skriv en vårdgivares namn eller lämna tomt för hela regionen"
                        ),
                        format!(
                            "\"{raw_scope}\" is no care provider; write a care provider's name or leave it empty for the whole region"
                        ),
                    ),
                });
            }
            found
        }
    };
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
    match (scope, due, status) {
        (Some(scope), Some(due), Some(status)) if errors.is_empty() => Ok(ValidAction {
            title,
            responsible,
            scope,
            due,
            status,
        }),
        _ => Err(errors),
    }
}

/// The one check for a progress note: a day not after `today` and some text.
pub fn validate_progress_note(
    noted_on: &str,
    text: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let day = match parse_date(noted_on.trim()) {
        Ok(d) if d > today => {
            errors.push(FieldError {
                field: "noted_on".into(),
                message: Text::new("datumet ligger i framtiden", "the date is in the future"),
            });
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(FieldError {
                field: "noted_on".into(),
                message: e.0,
            });
            None
        }
    };
    let text = text.trim().to_string();
    if text.is_empty() {
        errors.push(FieldError {
            field: "note".into(),
            message: Text::new("skriv vad som hänt", "say what happened"),
        });
    }
    too_long(&mut errors, "note", &text, MAX_TEXT);
    match day {
        Some(day) if errors.is_empty() => Ok((day, text)),
        _ => Err(errors),
    }
}

/// "klar 3 av 5" style progress for tables and the report.
pub fn progress_text(done: usize, total: usize) -> Text {
    Text::new(
        format!("{done} av {total} klara"),
        format!("{done} of {total} done"),
    )
}

/// The next due date, for a table cell ("–" when nothing is open).
pub fn next_due_text(next: Option<NaiveDate>) -> String {
    next.map_or_else(|| "–".to_string(), format_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_actions_state_follows_the_written_order() {
        let as_of = d("2026-06-01");
        use ActionState::{DueSoon, OnTrack, Overdue, Quiet};
        use PlanStatus::{InProgress, Planned};
        // (status, due, last activity, expected)
        let table = [
            (
                PlanStatus::Done,
                "2026-01-01",
                "2025-01-01",
                ActionState::Done,
            ),
            (Planned, "2026-05-31", "2026-05-31", Overdue { days: 1 }),
            (InProgress, "2026-03-01", "2026-06-01", Overdue { days: 92 }),
            (Planned, "2026-06-01", "2026-06-01", DueSoon { days: 0 }),
            (InProgress, "2026-07-01", "2025-01-01", DueSoon { days: 30 }),
            (InProgress, "2026-07-02", "2026-05-01", OnTrack),
            // Quiet: 91 days without a change or a note; 90 is still fine.
            (InProgress, "2026-12-31", "2026-03-02", Quiet { days: 91 }),
            (Planned, "2026-12-31", "2026-03-03", OnTrack),
        ];
        for (status, due, last, expected) in table {
            assert_eq!(
                ActionState::of(status, d(due), d(last), as_of),
                expected,
                "{status:?} due {due}, last {last}"
            );
        }
    }

    #[test]
    fn an_areas_light_is_its_worst_action() {
        use ActionState::*;
        let table: [(&[ActionState], Light, &str); 8] = [
            (&[], Light::Grey, "Inga åtgärder ännu"),
            (&[Done, Done], Light::Green, "Alla 2 åtgärder klara"),
            (&[Done], Light::Green, "Åtgärden är klar"),
            (
                &[Done, OnTrack],
                Light::Green,
                "Inga förseningar; 1 av 2 klara",
            ),
            (
                &[OnTrack, DueSoon { days: 3 }],
                Light::Amber,
                "1 ska vara klara inom 30 dagar",
            ),
            (
                &[Quiet { days: 100 }, DueSoon { days: 3 }],
                Light::Amber,
                "1 ska vara klara inom 30 dagar; 1 utan ändring eller notering på 90 dagar",
            ),
            (
                &[Overdue { days: 1 }, DueSoon { days: 3 }, Done],
                Light::Red,
                "1 av 3 åtgärder försenade",
            ),
            (
                &[Overdue { days: 1 }, Overdue { days: 9 }],
                Light::Red,
                "2 av 2 åtgärder försenade",
            ),
        ];
        for (states, light, reason) in table {
            let (got, text) = area_light(states);
            assert_eq!((got, text.sv.as_str()), (light, reason), "{states:?}");
        }
    }

    fn action(code: &str, area: &str, due: &str, status: PlanStatus) -> DevelopmentAction {
        DevelopmentAction {
            code: code.into(),
            area: area.into(),
            version: 1,
            title: code.into(),
            responsible: String::new(),
            scope: String::new(),
            due: d(due),
            status,
            changed_on: d("2026-05-01"),
            changed_by: "test".into(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn follow_up_counts_and_orders_each_area() {
        let area = |code: &str| DevelopmentArea {
            code: code.into(),
            name: code.into(),
            goal: String::new(),
            owner: String::new(),
            criteria: Vec::new(),
        };
        let mut late = action("A-2", "A", "2026-05-20", PlanStatus::InProgress);
        // A note does not make a late action less late.
        late.notes.push(ProgressNote {
            noted_on: d("2026-05-30"),
            text: "pågår".into(),
            by: "test".into(),
        });
        let areas = follow_up(
            vec![area("A"), area("B")],
            vec![
                action("A-1", "A", "2026-09-01", PlanStatus::Done),
                late,
                action("A-3", "A", "2026-06-10", PlanStatus::Planned),
                action("X-1", "X", "2026-01-01", PlanStatus::Planned),
            ],
            d("2026-06-01"),
        );
        assert_eq!(areas.len(), 2);
        let a = &areas[0];
        assert_eq!((a.light, a.total, a.done, a.overdue), (Light::Red, 3, 1, 1));
        assert_eq!(a.next_due, Some(d("2026-05-20")));
        let order: Vec<&str> = a.actions.iter().map(|x| x.action.code.as_str()).collect();
        assert_eq!(order, ["A-2", "A-3", "A-1"]);
        assert_eq!(a.actions[0].action.last_activity(), d("2026-05-30"));
        assert_eq!((areas[1].light, areas[1].total), (Light::Grey, 0));
    }

    #[test]
    fn forms_and_imports_share_one_check() {
        let providers = vec!["Karolinska Universitetssjukhuset".to_string()];
        let ok = |scope: &str| DevelopmentActionInput {
            title: "  Handledarutbildning  ".into(),
            responsible: "Anna".into(),
            scope: scope.into(),
            due: "2026-10-01".into(),
            status: "Pågår".into(),
        };
        let valid = validate_development_action(&ok(""), &providers).unwrap();
        assert_eq!(valid.title, "Handledarutbildning");
        assert_eq!(valid.status, PlanStatus::InProgress);
        assert_eq!(valid.scope, "");
        assert_eq!(
            validate_development_action(&ok("Regionen"), &providers).map(|v| v.scope),
            Ok(String::new())
        );
        assert_eq!(
            validate_development_action(&ok("karolinska universitetssjukhuset"), &providers)
                .map(|v| v.scope),
            Ok("Karolinska Universitetssjukhuset".into())
        );
        // (input change, fields refused)
        let table: [(DevelopmentActionInput, &[&str]); 5] = [
            (ok("Södersjukhuset"), &["scope"]),
            (
                DevelopmentActionInput {
                    title: " ".into(),
                    ..ok("")
                },
                &["title"],
            ),
            (
                DevelopmentActionInput {
                    title: "x".repeat(MAX_TITLE + 1),
                    responsible: "y".repeat(MAX_NAME + 1),
                    ..ok("")
                },
                &["title", "responsible"],
            ),
            (
                DevelopmentActionInput {
                    due: "31/12".into(),
                    status: "kanske".into(),
                    ..ok("")
                },
                &["due", "status"],
            ),
            (
                DevelopmentActionInput {
                    due: String::new(),
                    ..ok("")
                },
                &["due"],
            ),
        ];
        for (input, fields) in table {
            let errors = validate_development_action(&input, &providers).unwrap_err();
            let got: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(got, fields, "{input:?}");
        }
    }

    #[test]
    fn codes_go_into_addresses_and_ids_unchanged() {
        for (code, ok) in [
            ("UO1", true),
            ("UO1-03", true),
            ("SYS_2.1", true),
            ("", false),
            ("-UO", false),
            ("UO 1", false),
            ("A/B", false),
            ("Å1", false),
            (&"X".repeat(33), false),
        ] {
            assert_eq!(valid_code(code), ok, "{code:?}");
        }
    }

    #[test]
    fn a_note_needs_text_and_a_day_not_ahead() {
        let today = d("2026-06-01");
        assert_eq!(
            validate_progress_note("2026-06-01", " Utbildning hållen ", today),
            Ok((today, "Utbildning hållen".into()))
        );
        let table: [(&str, &str, &[&str]); 4] = [
            ("2026-06-02", "x", &["noted_on"]),
            ("igår", "x", &["noted_on"]),
            ("2026-05-01", "  ", &["note"]),
            ("2026-05-01", &"x".repeat(MAX_TEXT + 1), &["note"]),
        ];
        for (day, text, fields) in table {
            let errors = validate_progress_note(day, text, today).unwrap_err();
            let got: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(got, fields, "{day} {text}");
        }
    }
}
