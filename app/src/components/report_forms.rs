//! Reporting on the unit page: a new value for a criterion, new or changed action plans. The
//! server checks the user's right to the unit on every call and the version the form was based
//! on; a save that would overwrite someone else's newer change is refused and shown instead.

use leptos::prelude::*;
use readiness_rules::{FieldError, Kind, PlanStatus, Version};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

/// An action plan as the unit page shows it and its form edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    /// The version a save of this plan is based on.
    pub based_on: i64,
    pub action: String,
    pub owner: String,
    pub due: String,
    pub status: PlanStatus,
}

/// What a save came to. Refusals for lack of rights are errors (401/403), not outcomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved,
    /// Nothing was written; the messages belong next to their fields.
    Invalid(Vec<FieldError>),
    /// Someone saved a newer version since the form was opened; nothing was written.
    Conflict(Option<Version>),
}

#[cfg(feature = "ssr")]
mod ssr {
    use readiness_store::reports::ReportError;

    use super::SaveOutcome;
    use crate::error::AppError;

    pub fn outcome(result: Result<i64, ReportError>) -> Result<SaveOutcome, AppError> {
        match result {
            Ok(_) => Ok(SaveOutcome::Saved),
            Err(ReportError::Invalid(errors)) => Ok(SaveOutcome::Invalid(errors)),
            Err(ReportError::Conflict(current)) => Ok(SaveOutcome::Conflict(current.map(|v| *v))),
            Err(ReportError::NotFound) => Err(AppError::not_found(
                "Enheten eller kriteriet finns inte.",
                "No such unit or criterion.",
            )),
            // Saving is never a review; should it come here, it is a bug, not the user's fault.
            Err(e @ (ReportError::OwnReport | ReportError::Store(_))) => Err(AppError::internal(e)),
        }
    }
}

/// Appends a value for one unit and criterion.
#[server(endpoint = "rapportera_varde")]
pub async fn report_value(
    unit: String,
    criterion: String,
    measured: String,
    value: String,
    comment: String,
    evidence: String,
    based_on: i64,
) -> Result<SaveOutcome, AppError> {
    use crate::auth::ssr::require;
    use crate::state::{pool, today};
    let user = require(readiness_rules::Action::EditUnit(&unit))?;
    let input = readiness_rules::ValueInput {
        unit,
        criterion,
        measured,
        value,
        comment,
        evidence,
        based_on,
    };
    ssr::outcome(readiness_store::reports::report_value(&pool()?, user.id, &input, today()).await)
}

/// Appends a version of an action plan (a new plan when `based_on` is 0).
#[server(endpoint = "spara_atgard")]
pub async fn save_plan(
    unit: String,
    criterion: String,
    action: String,
    owner: String,
    due: String,
    status: String,
    based_on: i64,
) -> Result<SaveOutcome, AppError> {
    use crate::auth::ssr::require;
    use crate::state::pool;
    let user = require(readiness_rules::Action::EditUnit(&unit))?;
    let input = readiness_rules::PlanInput {
        unit,
        criterion,
        action,
        owner,
        due,
        status,
        based_on,
    };
    ssr::outcome(readiness_store::reports::save_plan(&pool()?, user.id, &input).await)
}

/// After every successful save the unit page reloads its data (lights, reasons, roll-ups)
/// without a full page load: `generation` is bumped, and `saved_in` names the criterion whose row
/// then says "Saved" and takes focus (the form that had it is replaced by the reload).
#[derive(Clone, Copy)]
pub struct Refresh {
    pub generation: RwSignal<u32>,
    pub saved_in: RwSignal<Option<String>>,
}

/// Reacts to a form's saves: after a save the page reloads its data; after a conflict the next
/// save is based on the version the user has now been shown. Returns the version to send.
fn follow_saves(
    outcome: Signal<Option<Result<SaveOutcome, AppError>>>,
    criterion: String,
    based_on: i64,
) -> RwSignal<i64> {
    let refresh = use_context::<Refresh>();
    let based_on = RwSignal::new(based_on);
    Effect::new(move |_| match outcome.get() {
        Some(Ok(SaveOutcome::Saved)) => {
            if let Some(refresh) = refresh {
                refresh.saved_in.set(Some(criterion.clone()));
                refresh.generation.update(|n| *n += 1);
            }
        }
        Some(Ok(SaveOutcome::Conflict(Some(v)))) => based_on.set(v.id),
        _ => {}
    });
    based_on
}

/// A page (system-level question, development area) that reloads its data after a save. The
/// reload makes the page's forms anew, server actions and all, so a form's "Saved." would vanish
/// as soon as the new data arrived; which form saved last is kept here to outlive the reload.
#[derive(Clone, Copy)]
pub(crate) struct ReloadAfterSave {
    pub generation: RwSignal<u32>,
    saved_form: RwSignal<Option<String>>,
}

impl ReloadAfterSave {
    /// Provides the page's reload state; moving to another address forgets the last save.
    pub fn provide() -> Self {
        let page = Self {
            generation: RwSignal::new(0),
            saved_form: RwSignal::new(None),
        };
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            location.pathname.track();
            location.search.track();
            page.saved_form.set(None);
        });
        provide_context(page);
        page
    }
}

/// Reloads the page after the form `key` saved (emptying it first when it adds something, so a
/// second click does not add it twice) and returns what the form shows: its own last outcome, or
/// "saved" when it is the form whose save caused the reload that made it.
pub(crate) fn reload_on_save(
    key: String,
    action_value: Signal<Option<Result<SaveOutcome, AppError>>>,
    empty_after: Option<NodeRef<leptos::html::Form>>,
) -> Signal<Option<Result<SaveOutcome, AppError>>> {
    let page = use_context::<ReloadAfterSave>();
    let saved_before = page.is_some_and(|p| {
        p.saved_form
            .with_untracked(|f| f.as_deref() == Some(key.as_str()))
    });
    // Watches the action itself, never the returned signal: that one starts as "saved" after a
    // reload and would reload again.
    Effect::new(move |_| {
        if let (Some(Ok(SaveOutcome::Saved)), Some(page)) = (action_value.get(), page) {
            if let Some(form) = empty_after.and_then(|f| f.get_untracked()) {
                form.reset();
            }
            page.saved_form.set(Some(key.clone()));
            page.generation.update(|n| *n += 1);
        }
    });
    Signal::derive(move || {
        action_value
            .get()
            .or_else(|| saved_before.then_some(Ok(SaveOutcome::Saved)))
    })
}

pub(crate) fn field_error(
    outcome: Option<Result<SaveOutcome, AppError>>,
    field: &'static str,
    lang: Lang,
) -> Option<String> {
    match outcome {
        Some(Ok(SaveOutcome::Invalid(errors))) => errors
            .into_iter()
            .find(|e| e.field == field)
            .map(|e| e.message.get(lang).to_string()),
        _ => None,
    }
}

/// What happened to the last save: saved, refused, a conflict to decide, or an error.
#[component]
pub(crate) fn SaveStatus(
    outcome: Signal<Option<Result<SaveOutcome, AppError>>>,
    /// How to show the other person's version (value or plan fields).
    describe: fn(Lang, &Version) -> String,
) -> impl IntoView {
    let lang = use_lang();
    move || {
        match outcome.get() {
        None => None,
        Some(Ok(SaveOutcome::Saved)) => Some(view! { <p class="note" role="status">{tr(lang, "Sparat.", "Saved.")}</p> }.into_any()),
        Some(Ok(SaveOutcome::Invalid(_))) => Some(view! {
            <p class="error" role="alert">{tr(lang, "Inget sparades: rätta det som är markerat.", "Nothing was saved: correct what is marked.")}</p>
        }.into_any()),
        Some(Ok(SaveOutcome::Conflict(current))) => Some(view! {
            <div class="conflict" role="alert">
                <p><strong>{tr(lang, "Någon annan har sparat en ändring sedan du öppnade formuläret. Ingenting skrevs över.", "Someone else saved a change since you opened the form. Nothing was overwritten.")}</strong></p>
                {current.map(|v| view! {
                    <p>{format!("{} ({}, {}): {}", tr(lang, "Den nya versionen", "The new version"), v.recorded_by, readiness_rules::format_timestamp(&v.recorded_at), describe(lang, &v))}</p>
                })}
                <p>{tr(lang, "Spara igen om ditt värde ska gälla i stället, eller ladda om sidan för att se ändringen.", "Save again if your value should replace it, or reload the page to see the change.")}</p>
            </div>
        }.into_any()),
        Some(Err(e)) => Some(view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any()),
    }
    }
}

fn describe_value(_: Lang, v: &Version) -> String {
    let [measured, value, comment, evidence] = &v.fields;
    let mut text = format!("{value}, {measured}");
    for extra in [comment, evidence] {
        if !extra.is_empty() {
            text.push_str(&format!(" · {extra}"));
        }
    }
    text
}

pub(crate) fn describe_plan(lang: Lang, v: &Version) -> String {
    let [action, owner, due, status] = &v.fields;
    // A stored status is always a code; should one not be, it is shown as it is.
    let status = PlanStatus::from_code(status).map_or(status.as_str(), |s| s.label(lang));
    format!("{action} · {owner} · {due} · {status}")
}

/// An error message tied to its field for screen readers.
#[component]
pub(crate) fn FieldMessage(id: String, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message
            .get()
            .map(|m| view! { <span class="field-error" id=id.clone()>{m}</span> })
    }
}

/// The form for a new value of one criterion.
#[component]
pub fn ReportForm(
    unit: String,
    criterion: String,
    kind: Kind,
    based_on: i64,
    today: String,
) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<ReportValue>::new();
    let outcome = Signal::derive(move || action.value().get());
    let based_on = follow_saves(outcome, criterion.clone(), based_on);
    let id = |field: &str| format!("{criterion}-{field}");
    let err =
        move |field: &'static str| Signal::derive(move || field_error(outcome.get(), field, lang));
    let value_hint = kind.value_hint(lang);
    let (value_id, measured_id, comment_id, evidence_id) =
        (id("value"), id("measured"), id("comment"), id("evidence"));
    let form_label = format!("{} {criterion}", tr(lang, "Rapportera", "Report"));
    view! {
        <ActionForm action attr:class="report-form stacked" attr:aria-label=form_label>
            <input type="hidden" name="unit" value=unit.clone() />
            <input type="hidden" name="criterion" value=criterion.clone() />
            <input type="hidden" name="based_on" prop:value=move || based_on.get().to_string() />
            <label>
                {tr(lang, "Värde", "Value")} <span class="muted small">{format!("({value_hint})")}</span>
                <input name="value" id=value_id.clone() aria-invalid=move || err("value").get().is_some().then_some("true") aria-describedby=format!("{value_id}-error") />
                <FieldMessage id=format!("{value_id}-error") message=err("value") />
            </label>
            <label>
                {tr(lang, "Mätt", "Measured")}
                <input type="date" name="measured" id=measured_id.clone() value=today.clone() max=today required aria-describedby=format!("{measured_id}-error") />
                <FieldMessage id=format!("{measured_id}-error") message=err("measured") />
            </label>
            <label>
                {tr(lang, "Kommentar", "Comment")} <span class="muted small">{tr(lang, "(krävs för ej tillämplig)", "(required for not applicable)")}</span>
                <textarea name="comment" id=comment_id.clone() rows="2" aria-describedby=format!("{comment_id}-error")></textarea>
                <FieldMessage id=format!("{comment_id}-error") message=err("comment") />
            </label>
            <label>
                {tr(lang, "Underlag (länk eller referens)", "Evidence (link or reference)")}
                <input name="evidence" id=evidence_id.clone() aria-describedby=format!("{evidence_id}-error") />
                <FieldMessage id=format!("{evidence_id}-error") message=err("evidence") />
            </label>
            <button type="submit" disabled=move || action.pending().get()>{tr(lang, "Spara värde", "Save value")}</button>
            <SaveStatus outcome describe=describe_value />
        </ActionForm>
    }
}

/// An action plan: edit an existing one (`action` fixed) or create a new one.
#[component]
pub fn PlanForm(
    unit: String,
    criterion: String,
    /// `None` for a new plan.
    existing: Option<PlanView>,
    based_on: i64,
) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SavePlan>::new();
    let outcome = Signal::derive(move || action.value().get());
    let based_on = follow_saves(outcome, criterion.clone(), based_on);
    let err =
        move |field: &'static str| Signal::derive(move || field_error(outcome.get(), field, lang));
    let is_new = existing.is_none();
    let (text, owner, due, status) = existing.map_or_else(
        || {
            (
                String::new(),
                String::new(),
                String::new(),
                PlanStatus::Planned,
            )
        },
        |p| (p.action, p.owner, p.due, p.status),
    );
    let prefix = format!(
        "{criterion}-plan-{}",
        if is_new {
            "ny".to_string()
        } else {
            text.chars()
                .filter(|c| c.is_alphanumeric())
                .take(12)
                .collect()
        }
    );
    view! {
        <ActionForm action attr:class="plan-form stacked">
            <input type="hidden" name="unit" value=unit />
            <input type="hidden" name="criterion" value=criterion />
            <input type="hidden" name="based_on" prop:value=move || based_on.get().to_string() />
            {if is_new {
                view! {
                    <label>
                        {tr(lang, "Åtgärd", "Action")}
                        <input name="action" required aria-describedby=format!("{prefix}-action-error") />
                        <FieldMessage id=format!("{prefix}-action-error") message=err("action") />
                    </label>
                }.into_any()
            } else {
                view! { <input type="hidden" name="action" value=text /> }.into_any()
            }}
            <label>
                {tr(lang, "Ansvarig", "Owner")}
                <input name="owner" value=owner />
            </label>
            <label>
                {tr(lang, "Klar senast", "Due")}
                <input type="date" name="due" value=due required aria-describedby=format!("{prefix}-due-error") />
                <FieldMessage id=format!("{prefix}-due-error") message=err("due") />
            </label>
            <label>
                {tr(lang, "Status", "Status")}
                <select name="status">
                    {PlanStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=s == status>{s.label(lang)}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" disabled=move || action.pending().get()>
                {if is_new { tr(lang, "Lägg till åtgärd", "Add action") } else { tr(lang, "Spara åtgärd", "Save action") }}
            </button>
            <SaveStatus outcome describe=describe_plan />
        </ActionForm>
    }
}
