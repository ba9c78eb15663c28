//! `/utveckling`: the prioritised development areas followed up — each area's light by the
//! written rule (overdue, due soon, quiet), its actions' progress and the overdue ones across all
//! areas. `/utveckling/:kod`: one area — its goal and owner, its actions with their progress
//! notes, the criteria lights it is meant to move (then at a baseline, and now), and for the
//! working group the forms to add and change actions and note progress.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use readiness_rules::{
    ActionFollowUp, AreaFollowUp, CriterionMovement, Light, LightCounts, PlanStatus, encode_query,
    format_date, next_due_text, progress_text,
};
use serde::{Deserialize, Serialize};

use crate::components::report_forms::{
    FieldMessage, ReloadAfterSave, SaveOutcome, SaveStatus, describe_plan, field_error,
    reload_on_save,
};
use crate::components::{AsOfPicker, LightBadge, LoadError, LookingBack, NotFound, built_once};
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DevelopmentData {
    pub as_of: String,
    pub areas: Vec<AreaFollowUp>,
}

#[server(endpoint = "utveckling")]
pub async fn get_development(as_of: Option<String>) -> Result<DevelopmentData, AppError> {
    use crate::state::{as_of_or_today, pool};
    crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let as_of = as_of_or_today(as_of.as_deref());
    let areas = readiness_store::development::areas(&pool).await?;
    let actions = readiness_store::development::actions(&pool, as_of).await?;
    Ok(DevelopmentData {
        as_of: format_date(as_of),
        areas: readiness_rules::follow_up(areas, actions, as_of),
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaData {
    pub as_of: String,
    pub today: String,
    pub follow: AreaFollowUp,
    pub criteria: Vec<CriterionMovement>,
    /// The baseline the criteria are compared with (by default the newest as of the page's date).
    pub baseline: Option<String>,
    pub baselines: Vec<String>,
    pub may_edit: bool,
    /// The user may edit but the page shows an earlier date, so the forms are left out.
    pub looking_back: bool,
    pub care_providers: Vec<String>,
}

#[server(endpoint = "utvecklingsomrade")]
pub async fn get_development_area(
    code: String,
    as_of: Option<String>,
    baseline: Option<String>,
    lang: Lang,
) -> Result<Option<AreaData>, AppError> {
    use crate::state::{as_of_or_today, pool, today};
    use readiness_rules::{Action, CriterionMovement, criterion_counts};
    let user = crate::auth::ssr::require(Action::Read)?;
    let pool = pool()?;
    let as_of = as_of_or_today(as_of.as_deref());
    let areas = readiness_store::development::areas(&pool).await?;
    let Some(area) = areas.into_iter().find(|a| a.code == code) else {
        crate::state::set_not_found();
        return Ok(None);
    };
    let actions = readiness_store::development::actions(&pool, as_of)
        .await?
        .into_iter()
        .filter(|a| a.area == code)
        .collect();
    let frozen = readiness_store::baselines::list(&pool).await?;
    // By default the newest baseline that existed on the page's date, dated then or earlier:
    // "before" must not be later than "now" when the page looks back.
    let on_the_day = as_of.to_string();
    let default = frozen
        .iter()
        .filter(|b| {
            b.as_of <= as_of
                && b.frozen_at
                    .get(..10)
                    .is_some_and(|d| d <= on_the_day.as_str())
        })
        .rev()
        .max_by_key(|b| b.as_of)
        .map(|b| b.name.clone());
    let baselines: Vec<String> = frozen.into_iter().map(|b| b.name).collect();
    let baseline = baseline.filter(|b| baselines.contains(b)).or(default);
    let mut criteria = Vec::new();
    for evaluation in readiness_store::queries::list_evaluations(&pool).await? {
        let Some(dataset) = readiness_store::cache::load_dataset(&pool, &evaluation.code).await?
        else {
            continue;
        };
        let codes: Vec<&String> = area
            .criteria
            .iter()
            .filter(|c| dataset.criteria.iter().any(|x| &x.code == *c))
            .collect();
        if codes.is_empty() {
            continue;
        }
        let board = dataset.board(as_of).await?;
        let then = match &baseline {
            Some(name) => {
                readiness_store::baselines::snapshot(&pool, name, &evaluation.code).await?
            }
            None => None,
        };
        for code in codes {
            let Some(criterion) = dataset.criteria.iter().find(|x| &x.code == code) else {
                continue;
            };
            criteria.push(CriterionMovement {
                code: code.clone(),
                title: criterion.title_in(lang).to_string(),
                evaluation: evaluation.code.clone(),
                before: then.as_ref().and_then(|s| s.criterion_counts(code)),
                now: criterion_counts(&dataset, &board, code).unwrap_or_default(),
            });
        }
    }
    let follow = readiness_rules::follow_up(vec![area], actions, as_of)
        .pop()
        .ok_or_else(|| AppError::internal("follow-up lost the area"))?;
    let may_edit = user.actor().may(readiness_rules::Action::EditDevelopment);
    let looking_back = as_of != crate::state::today();
    Ok(Some(AreaData {
        as_of: format_date(as_of),
        today: format_date(today()),
        follow,
        criteria,
        baseline,
        baselines,
        // Changes are made to today's state; a page looking back only shows.
        may_edit: may_edit && !looking_back,
        looking_back: may_edit && looking_back,
        care_providers: readiness_store::development::care_providers(&pool).await?,
    }))
}

#[cfg(feature = "ssr")]
fn outcome(
    result: Result<impl Sized, readiness_store::reports::ReportError>,
) -> Result<SaveOutcome, AppError> {
    use readiness_store::reports::ReportError;
    match result {
        Ok(_) => Ok(SaveOutcome::Saved),
        Err(ReportError::Invalid(errors)) => Ok(SaveOutcome::Invalid(errors)),
        Err(ReportError::Conflict(current)) => Ok(SaveOutcome::Conflict(current.map(|v| *v))),
        Err(ReportError::NotFound) => Err(AppError::not_found(
            "Utvecklingsområdet eller åtgärden finns inte.",
            "No such development area or action.",
        )),
        Err(e @ (ReportError::OwnReport | ReportError::Store(_))) => Err(AppError::internal(e)),
    }
}

/// Adds an action to an area (the working group).
#[server(endpoint = "ny_utvecklingsatgard")]
pub async fn add_development_action(
    area: String,
    title: String,
    responsible: String,
    scope: String,
    due: String,
    status: String,
) -> Result<SaveOutcome, AppError> {
    let user = crate::auth::ssr::require(readiness_rules::Action::EditDevelopment)?;
    let input = readiness_rules::DevelopmentActionInput {
        title,
        responsible,
        scope,
        due,
        status,
    };
    outcome(
        readiness_store::development::add_action(&crate::state::pool()?, user.id, &area, &input)
            .await,
    )
}

/// Saves a new version of an action, unless someone saved one since `based_on`.
#[server(endpoint = "spara_utvecklingsatgard")]
pub async fn save_development_action(
    code: String,
    title: String,
    responsible: String,
    scope: String,
    due: String,
    status: String,
    based_on: i64,
) -> Result<SaveOutcome, AppError> {
    let user = crate::auth::ssr::require(readiness_rules::Action::EditDevelopment)?;
    let input = readiness_rules::DevelopmentActionInput {
        title,
        responsible,
        scope,
        due,
        status,
    };
    outcome(
        readiness_store::development::save_action(
            &crate::state::pool()?,
            user.id,
            &code,
            &input,
            based_on,
        )
        .await,
    )
}

/// Adds a progress note to an action.
#[server(endpoint = "lagesnotering")]
pub async fn add_progress_note(
    code: String,
    noted_on: String,
    note: String,
) -> Result<SaveOutcome, AppError> {
    let user = crate::auth::ssr::require(readiness_rules::Action::EditDevelopment)?;
    outcome(
        readiness_store::development::add_note(
            &crate::state::pool()?,
            user.id,
            &code,
            &noted_on,
            &note,
            crate::state::today(),
        )
        .await,
    )
}

fn state_badge(action: &ActionFollowUp, lang: Lang) -> impl IntoView + use<> {
    let light = action.state.light();
    view! {
        <span class=format!("light light-{}", light.code())>
            <span class="light-symbol" aria-hidden="true">{light.symbol()}</span>
            <span class="light-text">{action.state.text().get(lang).to_string()}</span>
        </span>
    }
}

#[component]
pub fn DevelopmentPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let data = Resource::new(move || query.get().get("as_of"), get_development);
    view! {
        <Title text=tr(lang, "Utvecklingsområden", "Development areas") />
        <h1>{tr(lang, "Prioriterade utvecklingsområden", "Prioritised development areas")}</h1>
        <p class="muted">{tr(
            lang,
            "Arbetsgruppens åtgärder i de prioriterade utvecklingsområdena. Ett område är rött när en åtgärd är försenad, gult när en åtgärd ska vara klar inom 30 dagar eller inte har ändrats eller fått en lägesnotering på 90 dagar, annars grönt; grått när området saknar åtgärder.",
            "The working group's actions in the prioritised development areas. An area is red when an action is overdue, amber when an action is due within 30 days or has had no change or progress note for 90 days, else green; grey when the area has no actions.",
        )}</p>
        <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(data) => view! { <DevelopmentOverview data /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DevelopmentOverview(data: DevelopmentData) -> impl IntoView {
    let lang = use_lang();
    let export = |format: &str, extra: &str| {
        format!(
            "/export/utveckling?format={format}&as_of={}{extra}",
            encode_query(&data.as_of)
        )
    };
    let overdue: Vec<(String, String, ActionFollowUp)> = data
        .areas
        .iter()
        .flat_map(|a| {
            a.actions
                .iter()
                .filter(|x| x.state.light() == Light::Red)
                .map(|x| (a.area.code.clone(), a.area.name.clone(), x.clone()))
        })
        .collect();
    if data.areas.is_empty() {
        return view! {
            <AsOfPicker as_of=data.as_of.clone() />
            <p>{tr(
                lang,
                "Inga utvecklingsområden ännu. Arbetsgruppen läser in dem under Importera (typen Utvecklingsområden, därefter Åtgärder i utvecklingsområden).",
                "No development areas yet. The working group imports them under Import (the kind Development areas, then Development area actions).",
            )}</p>
        }
        .into_any();
    }
    view! {
        <AsOfPicker as_of=data.as_of.clone() />
        <div class="scroll-x" tabindex="0" role="region" aria-label=tr(lang, "Utvecklingsområden", "Development areas")>
            <table class="development">
                <caption>{format!("{} {}", tr(lang, "Utvecklingsområden per", "Development areas as of"), data.as_of)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(lang, "Område", "Area")}</th>
                        <th scope="col">{tr(lang, "Ljus", "Light")}</th>
                        <th scope="col">{tr(lang, "Läge", "Status")}</th>
                        <th scope="col">{tr(lang, "Åtgärder", "Actions")}</th>
                        <th scope="col">{tr(lang, "Nästa klar senast", "Next due")}</th>
                        <th scope="col">{tr(lang, "Ägare", "Owner")}</th>
                    </tr>
                </thead>
                <tbody>
                    {data.areas.iter().map(|a| {
                        let href = format!("/utveckling/{}", encode_query(&a.area.code));
                        view! {
                            <tr>
                                <th scope="row"><a href=href>{format!("{} {}", a.area.code, a.area.name)}</a></th>
                                <td><LightBadge light=a.light /></td>
                                <td>{a.reason.get(lang).to_string()}</td>
                                <td>{progress_text(a.done, a.total).get(lang).to_string()}</td>
                                <td>{next_due_text(a.next_due)}</td>
                                <td>{a.area.owner.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h2>{tr(lang, "Försenade åtgärder", "Overdue actions")}</h2>
        {if overdue.is_empty() {
            view! { <p>{tr(lang, "Ingen åtgärd är försenad.", "No action is overdue.")}</p> }.into_any()
        } else {
            view! {
                <ul class="plain-list">
                    {overdue.into_iter().map(|(code, name, x)| view! {
                        <li>
                            <a href=format!("/utveckling/{}", encode_query(&code))>{format!("{code} {name}")}</a>
                            {format!(
                                ": {} {} · {} · {} {}",
                                x.action.code,
                                x.action.title,
                                if x.action.responsible.is_empty() { "–".to_string() } else { x.action.responsible.clone() },
                                tr(lang, "klar senast", "due"),
                                format_date(x.action.due),
                            )}
                            " · "
                            {state_badge(&x, lang)}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <p>
            <a href=export("xlsx", "") rel="external">{tr(lang, "Ladda ner områden och åtgärder (Excel)", "Download areas and actions (Excel)")}</a>
            " · "
            <a href=export("csv", "&tabell=atgarder") rel="external">{tr(lang, "Åtgärder som CSV", "Actions as CSV")}</a>
            " · "
            <a href=export("csv", "&tabell=omraden") rel="external">{tr(lang, "Områden som CSV", "Areas as CSV")}</a>
        </p>
    }
    .into_any()
}

#[component]
pub fn DevelopmentAreaPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let generation = ReloadAfterSave::provide().generation;
    let data = Resource::new(
        move || {
            let q = query.get();
            (
                params.get().get("kod").unwrap_or_default(),
                q.get("as_of"),
                q.get("baslinje"),
                generation.get(),
            )
        },
        move |(code, as_of, baseline, _)| get_development_area(code, as_of, baseline, lang),
    );
    view! {
        <p><a href="/utveckling">{tr(lang, "← Alla utvecklingsområden", "← All development areas")}</a></p>
        <Transition fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Ok(Some(data)) => view! { <AreaView data /> }.into_any(),
                    Ok(None) => view! { <NotFound what=tr(lang, "Det finns inget utvecklingsområde med den koden.", "There is no development area with that code.").to_string() /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn counts_text(counts: &LightCounts, lang: Lang) -> String {
    let label = |light: Light| light.label(lang).to_lowercase();
    format!(
        "{} {} · {} {} · {} {} · {} {}",
        counts.green,
        label(Light::Green),
        counts.amber,
        label(Light::Amber),
        counts.red,
        label(Light::Red),
        counts.grey,
        label(Light::Grey),
    )
}

#[component]
fn AreaView(data: AreaData) -> impl IntoView {
    let lang = use_lang();
    let follow = data.follow.clone();
    let title = format!("{} {}", follow.area.code, follow.area.name);
    let baseline_label = data
        .baseline
        .clone()
        .unwrap_or_else(|| tr(lang, "ingen baslinje", "no baseline").to_string());
    let may_edit = data.may_edit;
    let providers = data.care_providers.clone();
    let today = data.today.clone();
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="area-light"><LightBadge light=follow.light />" "{follow.reason.get(lang).to_string()}</p>
        <dl class="facts">
            <dt>{tr(lang, "Mål", "Goal")}</dt>
            <dd>{if follow.area.goal.is_empty() { "–".to_string() } else { follow.area.goal.clone() }}</dd>
            <dt>{tr(lang, "Ägare", "Owner")}</dt>
            <dd>{if follow.area.owner.is_empty() { "–".to_string() } else { follow.area.owner.clone() }}</dd>
            <dt>{tr(lang, "Framsteg", "Progress")}</dt>
            <dd>{progress_text(follow.done, follow.total).get(lang).to_string()}</dd>
        </dl>
        <AsOfPicker as_of=data.as_of.clone() hidden=data.baseline.clone().map(|b| vec![("baslinje", b)]).unwrap_or_default() />
        <h2>{tr(lang, "Åtgärder", "Actions")}</h2>
        {if follow.actions.is_empty() {
            view! { <p>{tr(lang, "Inga åtgärder ännu.", "No actions yet.")}</p> }.into_any()
        } else {
            view! {
                <ul class="development-actions plain-list">
                    {follow.actions.iter().map(|x| {
                        let a = x.action.clone();
                        let notes = a.notes.clone();
                        view! {
                            <li class="development-action" id=format!("atgard-{}", a.code)>
                                <h3>{format!("{} {}", a.code, a.title)}</h3>
                                <p>{state_badge(x, lang)}</p>
                                <dl class="facts">
                                    <dt>{tr(lang, "Gäller", "For")}</dt><dd>{a.scope_label(lang)}</dd>
                                    <dt>{tr(lang, "Ansvarig", "Responsible")}</dt><dd>{if a.responsible.is_empty() { "–".to_string() } else { a.responsible.clone() }}</dd>
                                    <dt>{tr(lang, "Klar senast", "Due")}</dt><dd>{format_date(a.due)}</dd>
                                    <dt>{tr(lang, "Status", "Status")}</dt><dd>{a.status.label(lang)}</dd>
                                    <dt>{tr(lang, "Senast ändrad", "Last changed")}</dt><dd>{format!("{} ({})", format_date(a.changed_on), a.changed_by)}</dd>
                                </dl>
                                {if notes.is_empty() {
                                    view! { <p class="muted">{tr(lang, "Inga lägesnoteringar.", "No progress notes.")}</p> }.into_any()
                                } else {
                                    view! {
                                        <h4>{tr(lang, "Lägesnoteringar", "Progress notes")}</h4>
                                        <ul class="notes">
                                            {notes.into_iter().map(|n| view! {
                                                <li><strong>{format_date(n.noted_on)}</strong>{format!(" · {} ({})", n.text, n.by)}</li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                {may_edit.then(|| view! {
                                    <details class="edit-action">
                                        <summary>{format!("{} {}", tr(lang, "Ändra eller notera läget för", "Change or note progress of"), a.code)}</summary>
                                        <EditActionForm action=a.clone() providers=providers.clone() />
                                        <NoteForm code=a.code.clone() today=today.clone() />
                                    </details>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {data.looking_back.then(|| view! { <LookingBack as_of=data.as_of.clone() /> })}
        {may_edit.then(|| view! {
            <details class="new-action">
                <summary>{tr(lang, "Ny åtgärd", "New action")}</summary>
                <NewActionForm area=follow.area.code.clone() providers=providers.clone() />
            </details>
        })}
        <h2>{tr(lang, "Kriterier som området ska förbättra", "Criteria the area is meant to improve")}</h2>
        {if data.criteria.is_empty() {
            view! { <p>{tr(lang, "Området är inte kopplat till några kriterier.", "The area is linked to no criteria.")}</p> }.into_any()
        } else {
            view! {
                <form method="get" class="as-of">
                    <input type="hidden" name="as_of" value=data.as_of.clone() />
                    <label>
                        {tr(lang, "Jämför med baslinjen", "Compare with the baseline")}
                        " "
                        <select name="baslinje">
                            {data.baselines.iter().map(|b| view! {
                                <option value=b.clone() selected=Some(b) == data.baseline.as_ref()>{b.clone()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <button type="submit">{tr(lang, "Visa", "Show")}</button>
                </form>
                <div class="scroll-x" tabindex="0" role="region" aria-label=tr(lang, "Kriterier som området ska förbättra", "Criteria the area is meant to improve")>
                    <table class="development">
                        <caption>{format!("{} ({} {baseline_label}, {} {})", tr(lang, "Enheter per ljus", "Units per light"), tr(lang, "före:", "before:"), tr(lang, "nu:", "now:"), data.as_of)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{tr(lang, "Kriterium", "Criterion")}</th>
                                <th scope="col">{tr(lang, "Utvärdering", "Evaluation")}</th>
                                <th scope="col">{tr(lang, "Före", "Before")}</th>
                                <th scope="col">{tr(lang, "Nu", "Now")}</th>
                                <th scope="col">{tr(lang, "Förändring gröna", "Change in green")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {data.criteria.iter().map(|c| {
                                let change = c.before.map(|b| c.now.green as i64 - b.green as i64);
                                view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/kriterium/{}", encode_query(&c.code))>{format!("{} {}", c.code, c.title)}</a></th>
                                        <td>{c.evaluation.clone()}</td>
                                        <td>{c.before.map_or_else(|| "–".to_string(), |b| counts_text(&b, lang))}</td>
                                        <td>{counts_text(&c.now, lang)}</td>
                                        <td>{change.map_or_else(|| "–".to_string(), |d| if d > 0 { format!("+{d}") } else { d.to_string() })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

/// The fields an action has, shared by the new and the edit form.
#[component]
fn ActionFields(
    prefix: String,
    title: String,
    responsible: String,
    scope: String,
    due: String,
    status: PlanStatus,
    providers: Vec<String>,
    outcome: Signal<Option<Result<SaveOutcome, AppError>>>,
) -> impl IntoView {
    let lang = use_lang();
    let err =
        move |field: &'static str| Signal::derive(move || field_error(outcome.get(), field, lang));
    let id = move |field: &str| format!("{prefix}-{field}");
    // A stored scope stays choosable even if the provider has left the unit list since.
    let mut providers = providers;
    if !scope.is_empty() && !providers.contains(&scope) {
        providers.push(scope.clone());
    }
    view! {
        <label>
            {tr(lang, "Åtgärd", "Action")}
            <input name="title" id=id("title") value=title required maxlength="300" aria-describedby=id("title-error") />
            <FieldMessage id=id("title-error") message=err("title") />
        </label>
        <label>
            {tr(lang, "Ansvarig", "Responsible")}
            <input name="responsible" id=id("responsible") value=responsible maxlength="120" aria-describedby=id("responsible-error") />
            <FieldMessage id=id("responsible-error") message=err("responsible") />
        </label>
        <label>
            {tr(lang, "Gäller", "For")}
            <select name="scope" id=id("scope") aria-describedby=id("scope-error")>
                <option value="" selected=scope.is_empty()>{tr(lang, "Hela regionen", "The whole region")}</option>
                {providers.into_iter().map(|p| {
                    let selected = p == scope;
                    view! { <option value=p.clone() selected=selected>{p.clone()}</option> }
                }).collect_view()}
            </select>
            <FieldMessage id=id("scope-error") message=err("scope") />
        </label>
        <label>
            {tr(lang, "Klar senast", "Due")}
            <input type="date" name="due" id=id("due") value=due required aria-describedby=id("due-error") />
            <FieldMessage id=id("due-error") message=err("due") />
        </label>
        <label>
            {tr(lang, "Status", "Status")}
            <select name="status" id=id("status")>
                {PlanStatus::ALL.into_iter().map(|s| view! {
                    <option value=s.code() selected=s == status>{s.label(lang)}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn NewActionForm(area: String, providers: Vec<String>) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<AddDevelopmentAction>::new();
    let form = NodeRef::new();
    let outcome = reload_on_save(format!("{area}-ny"), action.value().into(), Some(form));
    view! {
        <ActionForm action node_ref=form attr:class="stacked" attr:aria-label=tr(lang, "Ny åtgärd", "New action")>
            <input type="hidden" name="area" value=area />
            <ActionFields prefix="ny".into() title=String::new() responsible=String::new() scope=String::new() due=String::new() status=PlanStatus::Planned providers outcome />
            <button type="submit" disabled=move || action.pending().get()>{tr(lang, "Lägg till åtgärd", "Add action")}</button>
            <SaveStatus outcome describe=describe_plan />
        </ActionForm>
    }
}

#[component]
fn EditActionForm(
    action: readiness_rules::DevelopmentAction,
    providers: Vec<String>,
) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveDevelopmentAction>::new();
    let outcome = reload_on_save(action.code.clone(), save.value().into(), None);
    // After a conflict the next save is based on the version the user has now been shown.
    let based_on = RwSignal::new(action.version);
    Effect::new(move |_| {
        if let Some(Ok(SaveOutcome::Conflict(Some(v)))) = outcome.get() {
            based_on.set(v.id);
        }
    });
    let label = format!("{} {}", tr(lang, "Ändra", "Change"), action.code);
    view! {
        <ActionForm action=save attr:class="stacked" attr:aria-label=label>
            <input type="hidden" name="code" value=action.code.clone() />
            <input type="hidden" name="based_on" prop:value=move || based_on.get().to_string() />
            <ActionFields
                prefix=format!("{}-andra", action.code)
                title=action.title.clone()
                responsible=action.responsible.clone()
                scope=action.scope.clone()
                due=action.due.to_string()
                status=action.status
                providers
                outcome
            />
            <button type="submit" disabled=move || save.pending().get()>{tr(lang, "Spara ändringen", "Save the change")}</button>
            <SaveStatus outcome describe=describe_plan />
        </ActionForm>
    }
}

#[component]
fn NoteForm(code: String, today: String) -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddProgressNote>::new();
    let form = NodeRef::new();
    let outcome = reload_on_save(format!("{code}-not"), add.value().into(), Some(form));
    let err =
        move |field: &'static str| Signal::derive(move || field_error(outcome.get(), field, lang));
    let id = {
        let code = code.clone();
        move |field: &str| format!("{code}-not-{field}")
    };
    let label = format!(
        "{} {code}",
        tr(lang, "Lägesnotering för", "Progress note for")
    );
    view! {
        <ActionForm action=add node_ref=form attr:class="stacked" attr:aria-label=label>
            <input type="hidden" name="code" value=code.clone() />
            <label>
                {tr(lang, "Datum", "Date")}
                <input type="date" name="noted_on" id=id("date") value=today.clone() max=today required aria-describedby=id("date-error") />
                <FieldMessage id=id("date-error") message=err("noted_on") />
            </label>
            <label>
                {tr(lang, "Vad har hänt?", "What happened?")}
                <textarea name="note" id=id("text") rows="2" required maxlength="2000" aria-describedby=id("text-error")></textarea>
                <FieldMessage id=id("text-error") message=err("note") />
            </label>
            <button type="submit" disabled=move || add.pending().get()>{tr(lang, "Spara lägesnotering", "Save progress note")}</button>
            <SaveStatus outcome describe=describe_plan />
        </ActionForm>
    }
}
