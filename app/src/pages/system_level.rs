//! `/systemniva`: the questions the evaluation puts to the region's management bodies, each with
//! its answer's status and a light by the written rule. `/systemniva/:kod`: one question — the
//! answer and its history, comments, the units' figures behind it, and the working group's
//! forms. `/systemniva/intervju`: every question with its approved answer, evidence and figures,
//! to print before the interview.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use readiness_rules::{
    AnswerStatus, Lang, QuestionFollowUp, SystemAnswer, SystemComment, SystemLevel, Version,
    encode_query, format_date, format_timestamp,
};
use serde::{Deserialize, Serialize};

use crate::components::report_forms::{
    FieldMessage, ReloadAfterSave, SaveOutcome, SaveStatus, field_error, reload_on_save,
};
use crate::components::{AsOfPicker, LightBadge, LoadError, LookingBack, NotFound, built_once};
use crate::error::AppError;
use crate::i18n::{tr, use_lang};

/// A criterion's units as the answer's support: how many meet it, of those it applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportFigure {
    pub code: String,
    pub title: String,
    pub green: u32,
    pub applicable: u32,
}

#[cfg(feature = "ssr")]
async fn support_figures(
    pool: &readiness_store::Pool,
    codes: &[String],
    as_of: chrono::NaiveDate,
    lang: Lang,
) -> Result<Vec<SupportFigure>, AppError> {
    let mut figures = Vec::new();
    if codes.is_empty() {
        return Ok(figures);
    }
    for evaluation in readiness_store::queries::list_evaluations(pool).await? {
        let Some(dataset) = readiness_store::cache::load_dataset(pool, &evaluation.code).await?
        else {
            continue;
        };
        if !codes
            .iter()
            .any(|c| dataset.criteria.iter().any(|x| &x.code == c))
        {
            continue;
        }
        let board = dataset.board(as_of).await?;
        for code in codes {
            let Some(criterion) = dataset.criteria.iter().find(|x| &x.code == code) else {
                continue;
            };
            if let Some(counts) = readiness_rules::criterion_counts(&dataset, &board, code) {
                figures.push(SupportFigure {
                    code: code.clone(),
                    title: criterion.title_in(lang).to_string(),
                    green: counts.green,
                    applicable: counts.applicable(),
                });
            }
        }
    }
    Ok(figures)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemLevelData {
    pub as_of: String,
    pub level: SystemLevel,
}

#[server(endpoint = "systemniva")]
pub async fn get_system_level(as_of: Option<String>) -> Result<SystemLevelData, AppError> {
    use crate::state::{as_of_or_today, pool};
    crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let as_of = as_of_or_today(as_of.as_deref());
    let level = readiness_rules::system_level(
        readiness_store::system_level::questions(&pool).await?,
        readiness_store::system_level::answers(&pool, as_of).await?,
        as_of,
    );
    Ok(SystemLevelData {
        as_of: format_date(as_of),
        level,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionData {
    pub as_of: String,
    pub follow: QuestionFollowUp,
    /// Every version of the answer, newest first.
    pub history: Vec<SystemAnswer>,
    pub comments: Vec<SystemComment>,
    pub support: Vec<SupportFigure>,
    pub may_edit: bool,
    /// The user may edit but the page shows an earlier date, so the forms are left out.
    pub looking_back: bool,
}

#[server(endpoint = "systemfraga")]
pub async fn get_question(
    code: String,
    as_of: Option<String>,
    lang: Lang,
) -> Result<Option<QuestionData>, AppError> {
    use crate::state::{as_of_or_today, pool};
    let user = crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let as_of = as_of_or_today(as_of.as_deref());
    let Some(question) = readiness_store::system_level::questions(&pool)
        .await?
        .into_iter()
        .find(|q| q.code == code)
    else {
        crate::state::set_not_found();
        return Ok(None);
    };
    let mut answers = readiness_store::system_level::answers(&pool, as_of).await?;
    answers.retain(|c, _| *c == code);
    let support = support_figures(&pool, &question.criteria, as_of, lang).await?;
    let follow = readiness_rules::system_level(vec![question], answers, as_of)
        .questions
        .pop()
        .ok_or_else(|| AppError::internal("the follow-up lost the question"))?;
    let may_edit = user.actor().may(readiness_rules::Action::EditDevelopment);
    let looking_back = as_of != crate::state::today();
    // Looking back shows what was written by then, like the answer itself (recorded on that
    // day or before: the stamp begins with its date).
    let day = as_of.to_string();
    let by_then = |recorded_at: &str| recorded_at.get(..10).is_none_or(|d| d <= day.as_str());
    let mut history = readiness_store::system_level::history(&pool, &code).await?;
    history.retain(|a| by_then(&a.recorded_at));
    let mut comments = readiness_store::system_level::comments(&pool, &code).await?;
    comments.retain(|c| by_then(&c.recorded_at));
    Ok(Some(QuestionData {
        as_of: format_date(as_of),
        follow,
        history,
        comments,
        support,
        // Changes are made to today's state; a page looking back only shows.
        may_edit: may_edit && !looking_back,
        looking_back: may_edit && looking_back,
    }))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewData {
    pub as_of: String,
    pub questions: Vec<(QuestionFollowUp, Vec<SupportFigure>)>,
}

#[server(endpoint = "intervju")]
pub async fn get_interview(as_of: Option<String>, lang: Lang) -> Result<InterviewData, AppError> {
    use crate::state::{as_of_or_today, pool};
    crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let as_of = as_of_or_today(as_of.as_deref());
    let level = readiness_rules::system_level(
        readiness_store::system_level::questions(&pool).await?,
        readiness_store::system_level::answers(&pool, as_of).await?,
        as_of,
    );
    let mut questions = Vec::with_capacity(level.questions.len());
    for q in level.questions {
        let support = support_figures(&pool, &q.question.criteria, as_of, lang).await?;
        questions.push((q, support));
    }
    Ok(InterviewData {
        as_of: format_date(as_of),
        questions,
    })
}

#[cfg(feature = "ssr")]
fn outcome(
    result: Result<i64, readiness_store::reports::ReportError>,
) -> Result<SaveOutcome, AppError> {
    use readiness_store::reports::ReportError;
    match result {
        Ok(_) => Ok(SaveOutcome::Saved),
        Err(ReportError::Invalid(errors)) => Ok(SaveOutcome::Invalid(errors)),
        Err(ReportError::Conflict(current)) => Ok(SaveOutcome::Conflict(current.map(|v| *v))),
        Err(ReportError::NotFound) => Err(AppError::not_found(
            "Frågan finns inte.",
            "No such question.",
        )),
        Err(e @ (ReportError::OwnReport | ReportError::Store(_))) => Err(AppError::internal(e)),
    }
}

/// Saves a version of a question's answer, unless someone saved one since `based_on`.
#[server(endpoint = "spara_systemsvar")]
pub async fn save_system_answer(
    code: String,
    answer: String,
    evidence: String,
    responsible: String,
    status: String,
    based_on: i64,
) -> Result<SaveOutcome, AppError> {
    let user = crate::auth::ssr::require(readiness_rules::Action::EditDevelopment)?;
    let input = readiness_rules::AnswerInput {
        answer,
        evidence,
        responsible,
        status,
    };
    outcome(
        readiness_store::system_level::save_answer(
            &crate::state::pool()?,
            user.id,
            &code,
            &input,
            based_on,
        )
        .await,
    )
}

/// Adds a comment to a question.
#[server(endpoint = "systemkommentar")]
pub async fn add_system_comment(code: String, comment: String) -> Result<SaveOutcome, AppError> {
    let user = crate::auth::ssr::require(readiness_rules::Action::EditDevelopment)?;
    outcome(
        readiness_store::system_level::add_comment(
            &crate::state::pool()?,
            user.id,
            &code,
            &comment,
        )
        .await,
    )
}

fn status_text(answer: Option<&SystemAnswer>, lang: Lang) -> String {
    answer.map_or_else(
        || tr(lang, "inget svar", "no answer").to_string(),
        |a| a.status.label(lang).to_string(),
    )
}

#[component]
pub fn SystemLevelPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let data = Resource::new(move || query.get().get("as_of"), get_system_level);
    view! {
        <Title text=tr(lang, "Systemnivå", "System level") />
        <h1>{tr(lang, "Systemnivå: ledningsorganens svar", "System level: the management bodies' answers")}</h1>
        <p class="muted">{tr(
            lang,
            "Frågorna som utvärderingen ställer till regionens ledningsorgan, med arbetsgruppens svar (utkast → granskad → fastställd). En fråga är grön med ett fastställt svar, röd när den passerat sitt datum utan ett, gul med ett utkast eller granskat svar eller när den ska vara klar inom 30 dagar, annars grå (inte påbörjad).",
            "The questions the evaluation puts to the region's management bodies, with the working group's answers (draft → reviewed → approved). A question is green with an approved answer, red once past its date without one, amber with a draft or reviewed answer or when due within 30 days, else grey (not started).",
        )}</p>
        <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(data) => view! { <QuestionList data /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QuestionList(data: SystemLevelData) -> impl IntoView {
    let lang = use_lang();
    if data.level.questions.is_empty() {
        return view! {
            <p>{tr(
                lang,
                "Inga frågor på systemnivå ännu. Arbetsgruppen läser in dem under Importera (typen Frågor på systemnivå).",
                "No system-level questions yet. The working group imports them under Import (the kind System-level questions).",
            )}</p>
        }
        .into_any();
    }
    let total = data.level.questions.len();
    let export = |format: &str| {
        format!(
            "/export/systemniva?format={format}&as_of={}",
            encode_query(&data.as_of)
        )
    };
    view! {
        <AsOfPicker as_of=data.as_of.clone() />
        <p>
            {match lang {
                Lang::Sv => format!("{} av {total} frågor har fastställda svar.", data.level.approved),
                Lang::En => format!("{} of {total} questions have approved answers.", data.level.approved),
            }}
            " "
            <a href=format!("/systemniva/intervju?as_of={}", encode_query(&data.as_of))>{tr(lang, "Intervjuförberedelse (utskrift) →", "Interview preparation (print) →")}</a>
        </p>
        <div class="scroll-x" tabindex="0" role="region" aria-label=tr(lang, "Frågor på systemnivå", "System-level questions")>
            <table class="development">
                <caption>{format!("{} {}", tr(lang, "Frågor per", "Questions as of"), data.as_of)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(lang, "Fråga", "Question")}</th>
                        <th scope="col">{tr(lang, "Område", "Area")}</th>
                        <th scope="col">{tr(lang, "Besvaras av", "Answered by")}</th>
                        <th scope="col">{tr(lang, "Ljus", "Light")}</th>
                        <th scope="col">{tr(lang, "Läge", "Status")}</th>
                        <th scope="col">{tr(lang, "Ansvarig", "Responsible")}</th>
                        <th scope="col">{tr(lang, "Klar senast", "Due")}</th>
                    </tr>
                </thead>
                <tbody>
                    {data.level.questions.iter().map(|q| {
                        let href = format!("/systemniva/{}", encode_query(&q.question.code));
                        view! {
                            <tr>
                                <th scope="row"><a href=href>{format!("{} {}", q.question.code, q.question.question)}</a></th>
                                <td>{format!("{} ({})", q.question.area, q.question.evaluation)}</td>
                                <td>{q.question.body_label(lang)}</td>
                                <td><LightBadge light=q.light /></td>
                                <td>{q.reason.get(lang).to_string()}</td>
                                <td>{q.answer.as_ref().map(|a| a.responsible.clone()).filter(|r| !r.is_empty()).unwrap_or_else(|| "–".into())}</td>
                                <td class="date">{format_date(q.question.due)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p>
            <a href=export("xlsx") rel="external">{tr(lang, "Ladda ner frågor och svar (Excel)", "Download questions and answers (Excel)")}</a>
            " · "
            <a href=export("csv") rel="external">{tr(lang, "som CSV", "as CSV")}</a>
        </p>
    }
    .into_any()
}

#[component]
pub fn QuestionPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let generation = ReloadAfterSave::provide().generation;
    let data = Resource::new(
        move || {
            (
                params.get().get("kod").unwrap_or_default(),
                query.get().get("as_of"),
                generation.get(),
            )
        },
        move |(code, as_of, _)| get_question(code, as_of, lang),
    );
    view! {
        <p><a href="/systemniva">{tr(lang, "← Alla frågor på systemnivå", "← All system-level questions")}</a></p>
        <Transition fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Ok(Some(data)) => view! { <QuestionView data /> }.into_any(),
                    Ok(None) => view! { <NotFound what=tr(lang, "Det finns ingen fråga med den koden.", "There is no question with that code.").to_string() /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Support(figures: Vec<SupportFigure>) -> impl IntoView {
    let lang = use_lang();
    (!figures.is_empty()).then(|| {
        view! {
            <ul class="support">
                {figures.into_iter().map(|f| view! {
                    <li>
                        <a href=format!("/kriterium/{}", encode_query(&f.code))>{format!("{} {}", f.code, f.title)}</a>
                        {match lang {
                            Lang::Sv => format!(": {} av {} enheter uppfyller", f.green, f.applicable),
                            Lang::En => format!(": {} of {} units meet it", f.green, f.applicable),
                        }}
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn QuestionView(data: QuestionData) -> impl IntoView {
    let lang = use_lang();
    let q = data.follow.question.clone();
    let current = data.follow.answer.clone();
    let title = format!("{} {}", q.code, q.question);
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="area-light"><LightBadge light=data.follow.light />" "{data.follow.reason.get(lang).to_string()}</p>
        <dl class="facts">
            <dt>{tr(lang, "Utvärdering", "Evaluation")}</dt><dd>{q.evaluation.clone()}</dd>
            <dt>{tr(lang, "Område", "Area")}</dt><dd>{format!("{} ({})", q.area, q.origin.label(lang))}</dd>
            <dt>{tr(lang, "Besvaras av", "Answered by")}</dt><dd>{q.body_label(lang)}</dd>
            <dt>{tr(lang, "Klar senast", "Due")}</dt><dd>{format_date(q.due)}</dd>
            <dt>{tr(lang, "Status", "Status")}</dt><dd>{status_text(current.as_ref(), lang)}</dd>
            <dt>{tr(lang, "Ansvarig", "Responsible")}</dt><dd>{current.as_ref().map(|a| a.responsible.clone()).filter(|r| !r.is_empty()).unwrap_or_else(|| "–".into())}</dd>
        </dl>
        <AsOfPicker as_of=data.as_of.clone() />
        <h2>{tr(lang, "Svar", "Answer")}</h2>
        {match &current {
            Some(a) if !a.answer.is_empty() => view! { <blockquote class="answer">{a.answer.clone()}</blockquote> }.into_any(),
            _ => view! { <p class="muted">{tr(lang, "Inget svar ännu.", "No answer yet.")}</p> }.into_any(),
        }}
        {current.as_ref().filter(|a| !a.evidence.is_empty()).map(|a| view! {
            <p><strong>{tr(lang, "Underlag: ", "Evidence: ")}</strong>{a.evidence.clone()}</p>
        })}
        {data.looking_back.then(|| view! { <LookingBack as_of=data.as_of.clone() /> })}
        {data.may_edit.then(|| view! {
            <details class="edit-action">
                <summary>{tr(lang, "Skriv eller ändra svaret", "Write or change the answer")}</summary>
                <AnswerForm code=q.code.clone() current=current.clone() />
            </details>
        })}
        <h2>{tr(lang, "Enheternas siffror", "The units' figures")}</h2>
        {if data.support.is_empty() {
            view! { <p class="muted">{tr(lang, "Frågan är inte kopplad till några kriterier.", "The question is linked to no criteria.")}</p> }.into_any()
        } else {
            view! { <Support figures=data.support.clone() /> }.into_any()
        }}
        <h2>{tr(lang, "Kommentarer", "Comments")}</h2>
        {if data.comments.is_empty() {
            view! { <p class="muted">{tr(lang, "Inga kommentarer.", "No comments.")}</p> }.into_any()
        } else {
            view! {
                <ul class="notes">
                    {data.comments.iter().map(|c| view! {
                        <li><strong>{format_timestamp(&c.recorded_at)}</strong>{format!(" · {} ({})", c.text, c.recorded_by)}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {data.may_edit.then(|| view! { <CommentForm code=q.code.clone() /> })}
        <h2>{tr(lang, "Historik", "History")}</h2>
        {if data.history.is_empty() {
            view! { <p class="muted">{tr(lang, "Inga versioner ännu.", "No versions yet.")}</p> }.into_any()
        } else {
            view! {
                <ul class="notes history">
                    {data.history.iter().map(|a| view! {
                        <li>
                            <strong>{format_timestamp(&a.recorded_at)}</strong>
                            {format!(" · {} · {}", a.recorded_by, a.status.label(lang))}
                            {(!a.responsible.is_empty()).then(|| format!(" · {}", a.responsible))}
                            {(!a.answer.is_empty()).then(|| view! { <span class="muted">{format!(" · {}", preview(&a.answer))}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// The first words of an answer, for the history list.
fn preview(text: &str) -> String {
    let mut out: String = text.chars().take(120).collect();
    if text.chars().count() > 120 {
        out.push('…');
    }
    out
}

fn describe_answer(lang: Lang, v: &Version) -> String {
    let [answer, _evidence, responsible, status] = &v.fields;
    let status = AnswerStatus::from_code(status).map_or(status.as_str(), |s| s.label(lang));
    format!("{status} · {responsible} · {}", preview(answer))
}

#[component]
fn AnswerForm(code: String, current: Option<SystemAnswer>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveSystemAnswer>::new();
    let outcome = reload_on_save("svar".into(), save.value().into(), None);
    let based_on = RwSignal::new(current.as_ref().map_or(0, |a| a.version));
    Effect::new(move |_| {
        if let Some(Ok(SaveOutcome::Conflict(Some(v)))) = outcome.get() {
            based_on.set(v.id);
        }
    });
    let err =
        move |field: &'static str| Signal::derive(move || field_error(outcome.get(), field, lang));
    let (answer, evidence, responsible, status) = current.map_or_else(
        || {
            (
                String::new(),
                String::new(),
                String::new(),
                AnswerStatus::Draft,
            )
        },
        |a| (a.answer, a.evidence, a.responsible, a.status),
    );
    view! {
        <ActionForm action=save attr:class="stacked" attr:aria-label=tr(lang, "Svar", "Answer")>
            <input type="hidden" name="code" value=code />
            <input type="hidden" name="based_on" prop:value=move || based_on.get().to_string() />
            <label>
                {tr(lang, "Svar", "Answer")}
                <textarea name="answer" id="svar-text" rows="8" maxlength="10000" aria-describedby="svar-text-error">{answer}</textarea>
                <FieldMessage id="svar-text-error".into() message=err("answer") />
            </label>
            <label>
                {tr(lang, "Underlag (länk eller referens)", "Evidence (link or reference)")}
                <input name="evidence" id="svar-underlag" value=evidence maxlength="2000" aria-describedby="svar-underlag-error" />
                <FieldMessage id="svar-underlag-error".into() message=err("evidence") />
            </label>
            <label>
                {tr(lang, "Ansvarig", "Responsible")}
                <input name="responsible" id="svar-ansvarig" value=responsible maxlength="120" aria-describedby="svar-ansvarig-error" />
                <FieldMessage id="svar-ansvarig-error".into() message=err("responsible") />
            </label>
            <label>
                {tr(lang, "Status", "Status")}
                <select name="status" id="svar-status" aria-describedby="svar-status-error">
                    {AnswerStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=s == status>{s.label(lang)}</option>
                    }).collect_view()}
                </select>
                <FieldMessage id="svar-status-error".into() message=err("status") />
            </label>
            <button type="submit" disabled=move || save.pending().get()>{tr(lang, "Spara svaret", "Save the answer")}</button>
            <SaveStatus outcome describe=describe_answer />
        </ActionForm>
    }
}

#[component]
fn CommentForm(code: String) -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddSystemComment>::new();
    let form = NodeRef::new();
    let outcome = reload_on_save("kommentar".into(), add.value().into(), Some(form));
    let err = Signal::derive(move || field_error(outcome.get(), "comment", lang));
    view! {
        <ActionForm action=add node_ref=form attr:class="stacked" attr:aria-label=tr(lang, "Ny kommentar", "New comment")>
            <input type="hidden" name="code" value=code />
            <label>
                {tr(lang, "Kommentar", "Comment")}
                <textarea name="comment" id="kommentar-text" rows="2" required maxlength="2000" aria-describedby="kommentar-text-error"></textarea>
                <FieldMessage id="kommentar-text-error".into() message=err />
            </label>
            <button type="submit" disabled=move || add.pending().get()>{tr(lang, "Spara kommentaren", "Save the comment")}</button>
            <SaveStatus outcome describe=describe_answer />
        </ActionForm>
    }
}

#[component]
pub fn InterviewPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let data = Resource::new(
        move || query.get().get("as_of"),
        move |as_of| get_interview(as_of, lang),
    );
    view! {
        <Title text=tr(lang, "Intervjuförberedelse", "Interview preparation") />
        <p class="no-print"><a href="/systemniva">{tr(lang, "← Alla frågor på systemnivå", "← All system-level questions")}</a></p>
        <h1>{tr(lang, "Intervjuförberedelse: systemnivån", "Interview preparation: the system level")}</h1>
        <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(data) => view! {
                        <p class="muted">{format!("{} {}", tr(lang, "Per", "As of"), data.as_of)}</p>
                        {data.questions.into_iter().map(|(q, support)| {
                            let approved = q.answer.as_ref().filter(|a| a.status == AnswerStatus::Approved).cloned();
                            view! {
                                <section class="interview-question">
                                    <h2>{format!("{} {}", q.question.code, q.question.question)}</h2>
                                    <p class="muted">{format!("{} · {} · {}", q.question.area, q.question.body_label(lang), q.reason.get(lang))}</p>
                                    {match approved {
                                        Some(a) => view! {
                                            <blockquote class="answer">{a.answer.clone()}</blockquote>
                                            {(!a.evidence.is_empty()).then(|| view! { <p><strong>{tr(lang, "Underlag: ", "Evidence: ")}</strong>{a.evidence.clone()}</p> })}
                                        }.into_any(),
                                        None => view! {
                                            <p><LightBadge light=q.light />" "{match lang {
                                                Lang::Sv => format!("Inget fastställt svar (status: {}).", status_text(q.answer.as_ref(), lang)),
                                                Lang::En => format!("No approved answer (status: {}).", status_text(q.answer.as_ref(), lang)),
                                            }}</p>
                                        }.into_any(),
                                    }}
                                    <Support figures=support />
                                </section>
                            }
                        }).collect_view()}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
