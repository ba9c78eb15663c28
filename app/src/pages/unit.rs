//! `/enhet/{kod}`: one unit's overall light, readiness and every criterion with its reason,
//! value, evidence, plans and value history.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use readiness_rules::{Change, Kind, Light, Review, UnitSummary};
use serde::{Deserialize, Serialize};

use crate::components::{
    AsOfPicker, LightBadge, LoadError, NotFound, ReadinessBar, built_once, query_with,
    report_forms::{PlanForm, PlanView, Refresh, ReportForm},
};
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitData {
    pub as_of: String,
    pub code: String,
    pub name: String,
    pub care_provider: String,
    pub manager: String,
    pub email: String,
    pub evaluations: Vec<(String, String)>,
    pub evaluation: Option<UnitEvaluation>,
    /// The signed-in user may report for this unit.
    pub may_edit: bool,
    /// Today's date (the latest date a value can be measured).
    pub today: String,
    /// The changes to the unit, newest first: the latest [`CHANGES_SHOWN`], or all when asked.
    pub changes: Vec<Change>,
    /// How many changes there are in all.
    pub changes_total: usize,
    /// The FoUU committee's yearly follow-ups decided by the page's date, newest year first.
    pub follow_ups: Vec<readiness_rules::UnitFollowUp>,
    /// Where the unit stands on the page's date as a USV unit, in the page's language (`None`
    /// when no designation periods are recorded for it), and whether it counts then.
    pub designation: Option<String>,
    pub designated: bool,
    /// The unit's designation periods, by start.
    pub periods: Vec<readiness_rules::DesignationPeriod>,
}

/// Changes listed on the unit page unless all are asked for (`?historik=alla`): a unit with
/// years of imports has thousands, and the list is closed until opened.
pub const CHANGES_SHOWN: usize = 100;

/// At most this many even when all are asked for; the export holds every one.
pub const CHANGES_AT_MOST: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitEvaluation {
    pub code: String,
    pub name: String,
    pub deadline: String,
    pub summary: UnitSummary,
    pub criteria: Vec<UnitCriterion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitCriterion {
    pub code: String,
    pub title: String,
    pub area: String,
    pub mandatory: bool,
    pub kind: Kind,
    /// The newest value version: what a new report is based on (0: none yet).
    pub based_on: i64,
    /// The review state of the value shown.
    pub review: Option<Review>,
    pub review_comment: String,
    pub light: Light,
    pub reason: String,
    /// The time to act on a red or amber light, as of the page's date.
    pub act: Option<readiness_rules::ActBy>,
    pub value: Option<String>,
    pub measured: Option<String>,
    pub comment: String,
    pub evidence: String,
    /// Documents attached as evidence, newest first.
    pub files: Vec<FileView>,
    pub plans: Vec<PlanView>,
    pub history: Vec<HistoryEntry>,
}

/// An attached document, as the unit page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileView {
    pub id: i64,
    pub name: String,
    /// "245 kB".
    pub size: String,
    /// The day it is evidence for.
    pub effective: String,
    pub uploaded_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub measured: String,
    pub value: String,
    pub comment: String,
    pub evidence: String,
    /// Measured after the chosen `as_of` date, so not used for the light shown.
    pub after_as_of: bool,
}

#[server]
pub async fn get_unit(
    code: String,
    evaluation: Option<String>,
    as_of: Option<String>,
    all_changes: bool,
    lang: Lang,
) -> Result<Option<UnitData>, AppError> {
    use crate::state::{as_of_or_today, pool, today};
    use readiness_rules::{Action, format_date, format_reported};
    let user = crate::auth::ssr::require(Action::Read)?;
    let pool = pool()?;
    let time_to_act = crate::state::app_state()?.time_to_act;
    let as_of = as_of_or_today(as_of.as_deref());
    let shown_changes = if all_changes {
        CHANGES_AT_MOST
    } else {
        CHANGES_SHOWN
    };
    // The unit's rows are read at the same time, each on a connection of its own: one after
    // another, the trips to the database were most of the page's time at the region's size.
    use readiness_store::{designation, evidence, queries, reports, unit_follow_up};
    let (
        unit,
        evaluations,
        evidence_files,
        value_versions,
        plan_versions,
        review_states,
        (changes, changes_total),
        follow_ups,
        periods,
    ) = tokio::try_join!(
        queries::unit_by_code(&pool, &code),
        queries::list_evaluations(&pool),
        evidence::of_unit(&pool, &code),
        reports::value_versions(&pool, &code),
        reports::plan_versions(&pool, &code),
        reports::review_states(&pool, &code),
        reports::unit_history(&pool, &code, shown_changes),
        unit_follow_up::follow_ups(&pool, Some(&code)),
        designation::periods(&pool, Some(&code)),
    )?;
    let Some(unit) = unit else {
        return Ok(None);
    };
    let chosen = evaluation
        .filter(|e| evaluations.iter().any(|x| &x.code == e))
        .or_else(|| evaluations.first().map(|e| e.code.clone()));
    let mut detail = None;
    if let Some(chosen) = chosen
        && let Some(dataset) = readiness_store::cache::load_dataset(&pool, &chosen).await?
    {
        let mut files: std::collections::HashMap<String, Vec<FileView>> =
            std::collections::HashMap::new();
        for f in evidence_files {
            files
                .entry(f.criterion.clone())
                .or_default()
                .push(FileView {
                    id: f.id,
                    size: file_size(f.size, lang),
                    name: f.file_name,
                    effective: f.effective,
                    uploaded_by: f.uploaded_by,
                });
        }
        // What a new report is based on, and the review state of each value shown.
        let reviews: std::collections::HashMap<(String, String), (Review, String)> = review_states
            .into_iter()
            .map(|s| ((s.criterion, s.measured), (s.review, s.comment)))
            .collect();
        let board = dataset.board(as_of).await?;
        let u = dataset
            .units
            .iter()
            .position(|u| u.code == code)
            .ok_or_else(|| AppError::internal("unit vanished"))?;
        let criteria = board
            .unit_rows(&dataset, u)
            .map(|row| {
                let (criterion, assessment, source) = (row.criterion, row.assessment, row.source);
                let is_share = criterion.rule.kind == Kind::Share;
                let review = source
                    .and_then(|v| reviews.get(&(criterion.code.clone(), v.measured.to_string())));
                let mut history: Vec<HistoryEntry> = dataset
                    .unit_values(u)
                    .of_criterion(&criterion.code)
                    .map(|v| HistoryEntry {
                        measured: format_date(v.measured),
                        value: format_reported(&v.value, is_share, lang),
                        comment: v.comment.to_owned(),
                        evidence: v.evidence.to_owned(),
                        after_as_of: v.measured > as_of,
                    })
                    .collect();
                history.reverse();
                UnitCriterion {
                    code: criterion.code.clone(),
                    title: criterion.title_in(lang).to_string(),
                    area: criterion.area.clone(),
                    mandatory: criterion.rule.mandatory,
                    kind: criterion.rule.kind,
                    based_on: value_versions.get(&criterion.code).copied().unwrap_or(0),
                    review: review.map(|r| r.0),
                    review_comment: review.map(|r| r.1.clone()).unwrap_or_default(),
                    light: assessment.light,
                    reason: assessment.reason.text(lang),
                    act: assessment.act_by(as_of, time_to_act),
                    value: source.map(|v| format_reported(&v.value, is_share, lang)),
                    measured: source.map(|v| format_date(v.measured)),
                    comment: source.map(|v| v.comment.to_owned()).unwrap_or_default(),
                    evidence: source.map(|v| v.evidence.to_owned()).unwrap_or_default(),
                    files: files.remove(&criterion.code).unwrap_or_default(),
                    plans: dataset
                        .plans_of(&code)
                        .filter(|p| p.criterion == criterion.code)
                        .map(|p| PlanView {
                            based_on: plan_versions
                                .get(&(criterion.code.clone(), p.action.clone()))
                                .copied()
                                .unwrap_or(0),
                            action: p.action.clone(),
                            owner: p.owner.clone(),
                            due: format_date(p.due),
                            status: p.status,
                        })
                        .collect(),
                    history,
                }
            })
            .collect();
        detail = Some(UnitEvaluation {
            code: dataset.evaluation.code.clone(),
            name: dataset.evaluation.name.clone(),
            deadline: format_date(dataset.evaluation.deadline),
            summary: board.summaries[u],
            criteria,
        });
    }
    let follow_ups = readiness_rules::follow_ups_as_of(follow_ups, as_of);
    let designations = readiness_rules::Designations::new(periods);
    let designation = designations.on(&code, as_of);
    Ok(Some(UnitData {
        follow_ups,
        designation: designation.line(as_of, lang),
        designated: designation.counts(),
        periods: designations.of(&code).to_vec(),
        as_of: format_date(as_of),
        code: unit.code,
        name: unit.name,
        care_provider: unit.care_provider,
        manager: unit.manager,
        email: unit.email,
        evaluations: evaluations.into_iter().map(|e| (e.code, e.name)).collect(),
        evaluation: detail,
        may_edit: user.actor().may(Action::EditUnit(&code)),
        today: format_date(today()),
        changes_total,
        changes,
    }))
}

#[component]
pub fn UnitPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let refresh = Refresh {
        generation: RwSignal::new(0),
        saved_in: RwSignal::new(None),
    };
    provide_context(refresh);
    provide_context(OpenedForms(RwSignal::new(Vec::new())));
    let data = Resource::new(
        move || {
            let q = query.get();
            (
                params.get().get("kod").unwrap_or_default(),
                q.get("utvardering"),
                q.get("as_of"),
                q.get("historik").as_deref() == Some("alla"),
                refresh.generation.get(),
            )
        },
        move |(code, evaluation, as_of, all_changes, _)| {
            get_unit(code, evaluation, as_of, all_changes, lang)
        },
    );
    let uploaded = move || {
        query
            .with(|q| q.get("underlag"))
            .and_then(|code| upload_outcome(&code, lang))
            .map(|(class, text)| {
                let role = if class == "error" { "alert" } else { "status" };
                view! { <p class=class role=role>{text}</p> }
            })
    };
    view! {
        {uploaded}
        // Transition, not Suspense: after a save the page keeps showing until the new lights arrive.
        <Transition fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Ok(Some(data)) => view! { <Unit data /> }.into_any(),
                    Ok(None) => view! { <NotFound what=tr(lang, "Det finns ingen enhet med den koden.", "There is no unit with that code.").to_string() /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Transition>
        {move || {
            let q = query.get();
            view! { <crate::components::UnitTrend unit=params.get().get("kod").unwrap_or_default() evaluation=q.get("utvardering") /> }
        }}
    }
}

/// A file's size in kB or MB, Swedish decimals in Swedish.
#[cfg(feature = "ssr")]
fn file_size(bytes: i64, lang: Lang) -> String {
    if bytes < 1_000_000 {
        format!("{} kB", (bytes + 999) / 1000)
    } else {
        format!(
            "{} MB",
            readiness_rules::format_number(bytes as f64 / 1_000_000.0, lang)
        )
    }
}

/// What happened to an evidence upload (`?underlag=` after the redirect), if anything.
fn upload_outcome(code: &str, lang: Lang) -> Option<(&'static str, String)> {
    if code == "sparat" {
        return Some((
            "note",
            tr(lang, "Underlaget är sparat.", "The evidence is saved.").to_string(),
        ));
    }
    readiness_rules::FileRefusal::from_code(code).map(|r| ("error", r.text().get(lang).to_string()))
}

/// Attaching a document: a plain multipart form to the server (it answers with a redirect back
/// here, which says what happened). The file comes last: the server reads the fields first.
#[component]
fn EvidenceForm(unit: String, criterion: String, today: String) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let evaluation = query
        .with_untracked(|q| q.get("utvardering"))
        .unwrap_or_default();
    let date_id = format!("underlag-datum-{criterion}");
    let file_id = format!("underlag-fil-{criterion}");
    view! {
        <form class="stacked" method="post" action="/underlag/ladda-upp" enctype="multipart/form-data">
            <input type="hidden" name="enhet" value=unit />
            <input type="hidden" name="kriterium" value=criterion />
            <input type="hidden" name="utvardering" value=evaluation />
            <label for=date_id.clone()>{tr(lang, "Underlaget gäller (datum)", "The evidence is for (date)")}</label>
            <input id=date_id type="date" name="datum" value=today required />
            <label for=file_id.clone()>{tr(lang, "Fil: PDF, bild (PNG, JPEG) eller Office-fil, högst 10 MB", "File: PDF, picture (PNG, JPEG) or Office file, at most 10 MB")}</label>
            <input id=file_id type="file" name="fil" required accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.doc,.xls,.ppt,.odt,.ods,.odp" />
            <button type="submit">{tr(lang, "Ladda upp underlaget", "Upload the evidence")}</button>
        </form>
    }
}

/// Evidence as a link when it is a web address, as text otherwise.
#[component]
pub fn Evidence(evidence: String) -> impl IntoView {
    let lang = use_lang();
    if evidence.is_empty() {
        view! { <span class="muted">{tr(lang, "inget underlag", "no evidence")}</span> }.into_any()
    } else if evidence.starts_with("https://") || evidence.starts_with("http://") {
        let label = evidence.clone();
        view! { <a href=evidence rel="noopener noreferrer">{label}</a> }.into_any()
    } else {
        view! { <span>{evidence}</span> }.into_any()
    }
}

/// After a save the page's data is loaded again and the form that had focus is replaced: focus
/// goes to the saved criterion's row (which says so), not back to `<body>`.
fn focus_saved_row() {
    #[cfg(feature = "hydrate")]
    if let Some(refresh) = use_context::<Refresh>() {
        Effect::new(move |_| {
            let Some(code) = refresh.saved_in.get_untracked() else {
                return;
            };
            // After this render is in the document.
            request_animation_frame(move || {
                use wasm_bindgen::JsCast;
                if let Some(row) = document()
                    .get_element_by_id(&code)
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = row.focus();
                }
                // Once: a later reload (another date) does not move focus again.
                refresh.saved_in.set(None);
            });
        });
    }
}

#[component]
fn Unit(data: UnitData) -> impl IntoView {
    let lang = use_lang();
    focus_saved_row();
    let as_of = data.as_of.clone();
    let code = data.code.clone();
    view! {
        <Title text=data.name.clone() />
        <div class="page-head">
            <div>
                <p class="crumbs"><a href="/matris">{tr(lang, "Matris", "Matrix")}</a> " › " {data.code.clone()}</p>
                <h1>{data.name.clone()}</h1>
                <p class="muted">
                    {data.care_provider.clone()}
                    {(!data.manager.is_empty()).then(|| format!(" · {} {}", tr(lang, "verksamhetschef", "head of unit"), data.manager))}
                    {(!data.email.is_empty()).then(|| view! { " · " <a href=format!("mailto:{}", data.email)>{data.email.clone()}</a> })}
                </p>
                {data.designation.clone().map(|line| view! {
                    <p class="designation" class:not-designated=!data.designated>
                        <a href="#usv-perioder">{line}</a>
                    </p>
                })}
                {data.follow_ups.first().map(|f| view! {
                    <p class="follow-up-latest">
                        <a href="#uppfoljning">{tr(lang, "Årlig uppföljning", "Yearly follow-up")}</a>
                        {format!(" {}", readiness_rules::follow_up_line(f, lang))}
                    </p>
                })}
                <p class="exports">
                    <a href=format!("/export/enhet/{}?as_of={}", data.code, data.as_of) download rel="external">
                        {tr(lang, "⤓ Exportera enhetens uppgifter (Excel)", "⤓ Export the unit's details (Excel)")}
                    </a>
                </p>
            </div>
            <AsOfPicker as_of=data.as_of.clone() hidden=data.evaluation.as_ref().map(|e| vec![("utvardering", e.code.clone())]).unwrap_or_default() />
        </div>
        <nav class="tabs" aria-label=tr(lang, "Utvärderingar", "Evaluations")>
            {data.evaluations.iter().map(|(e, name)| {
                let current = data.evaluation.as_ref().is_some_and(|d| &d.code == e);
                view! {
                    <a href=format!("/enhet/{code}?utvardering={e}&as_of={as_of}")
                        aria-current=current.then_some("page")>{name.clone()}</a>
                }
            }).collect_view()}
        </nav>
        {data.evaluation.map(|e| view! { <UnitEvaluationView e unit=data.code.clone() may_edit=data.may_edit today=data.today.clone() /> })}
        <FollowUps follow_ups=data.follow_ups periods=data.periods />
        <UnitHistory changes=data.changes total=data.changes_total path=format!("/enhet/{}", data.code) />
    }
}

/// The FoUU committee's yearly follow-ups of the unit: assessment and decision per year.
#[component]
fn FollowUps(
    follow_ups: Vec<readiness_rules::UnitFollowUp>,
    periods: Vec<readiness_rules::DesignationPeriod>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card unit-follow-ups" id="uppfoljning" aria-labelledby="uppfoljning-rubrik">
            <h2 id="uppfoljning-rubrik">{tr(lang, "Årlig uppföljning (FoUU-kommittén)", "Yearly follow-up (FoUU committee)")}</h2>
            {if follow_ups.is_empty() {
                view! { <p class="muted">{tr(lang, "Ingen årlig uppföljning är inläst för enheten.", "No yearly follow-up has been imported for the unit.")}</p> }.into_any()
            } else {
                view! {
                    <div class="scroll-x" tabindex="0" role="region" aria-labelledby="uppfoljning-rubrik"><table aria-labelledby="uppfoljning-rubrik">
                        <thead><tr>
                            <th scope="col">{tr(lang, "År", "Year")}</th>
                            <th scope="col">{tr(lang, "Beslut", "Decision")}</th>
                            <th scope="col">{tr(lang, "Beslutsdatum", "Decided on")}</th>
                            <th scope="col">{tr(lang, "Diarienummer", "Reference")}</th>
                            <th scope="col">{tr(lang, "Bedömning", "Assessment")}</th>
                        </tr></thead>
                        <tbody>
                            {follow_ups.into_iter().map(|f| view! {
                                <tr>
                                    <th scope="row">{f.year}</th>
                                    <td>{f.decision.label(lang)}</td>
                                    <td class="date">{readiness_rules::format_date(f.decided_on)}</td>
                                    <td>{if f.reference.is_empty() { "–".to_string() } else { f.reference.clone() }}</td>
                                    <td>{if f.assessment.is_empty() { "–".to_string() } else { f.assessment.clone() }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
            <h3 id="usv-perioder">{tr(lang, "USV-perioder (ledningsgruppens beslut)", "USV periods (the management group's decisions)")}</h3>
            {if periods.is_empty() {
                view! { <p class="muted">{tr(lang, "Inga perioder är inlästa: enheten räknas som USV-enhet på alla datum.", "No periods have been imported: the unit counts as a USV unit on every date.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="designation-periods">
                        {periods.into_iter().map(|p| view! {
                            <li>{format!("{} ({})", p.span(lang), p.decision)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p class="exports">
                <a href="/export/uppfoljning?format=xlsx" download rel="external">
                    {tr(lang, "⤓ Alla enheters årliga uppföljning (Excel)", "⤓ Every unit's yearly follow-up (Excel)")}
                </a>
                " "
                <a href="/export/usv-perioder?format=xlsx" download rel="external">
                    {tr(lang, "⤓ Alla enheters USV-perioder (Excel)", "⤓ Every unit's USV periods (Excel)")}
                </a>
            </p>
        </section>
    }
}

/// Every change to the unit's values, plans and reviews: who, when, before → after.
#[component]
fn UnitHistory(changes: Vec<Change>, total: usize, path: String) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let shown = changes.len();
    // All of them, on this page: the same query with `historik=alla`.
    let all_href =
        move || query.with(|q| format!("{}#historik", query_with(&path, q, "historik", "alla")));
    view! {
        <details class="unit-history card" id="historik">
            <summary><h2 class="inline">{format!("{} ({total})", tr(lang, "Ändringshistorik", "Change history"))}</h2></summary>
            {(shown < total).then(|| view! {
                <p class="muted small">
                    {match lang {
                        Lang::Sv => format!("Visar de {shown} senaste av {total}. "),
                        Lang::En => format!("Showing the latest {shown} of {total}. "),
                    }}
                    {(shown == CHANGES_SHOWN).then(|| view! { <a href=all_href>{tr(lang, "Visa alla", "Show all")}</a> })}
                </p>
            })}
            <div class="scroll-x" tabindex="0" role="region" aria-label=tr(lang, "Ändringshistorik", "Change history")><table>
                <thead><tr>
                    <th scope="col">{tr(lang, "När", "When")}</th>
                    <th scope="col">{tr(lang, "Vem", "Who")}</th>
                    <th scope="col">{tr(lang, "Kriterium", "Criterion")}</th>
                    <th scope="col">{tr(lang, "Vad", "What")}</th>
                    <th scope="col">{tr(lang, "Före → efter", "Before → after")}</th>
                </tr></thead>
                <tbody>
                    {changes.into_iter().map(|c| view! {
                        <tr>
                            <td class="date">{readiness_rules::format_timestamp(&c.at)}</td>
                            <td>{c.by.strip_prefix("import:").map(|f| format!("import ({f})")).unwrap_or(c.by.clone())}</td>
                            <td>{c.criterion.clone()}</td>
                            <td>{c.kind.label(lang)}</td>
                            <td>{c.before.map(|b| format!("{} → ", b.get(lang))).unwrap_or_default()}{c.after.get(lang).to_string()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </details>
    }
}

/// The review state of a reported value, as text (imported values need none).
#[component]
fn ReviewState(review: Option<Review>, comment: String) -> impl IntoView {
    let lang = use_lang();
    match review {
        Some(Review::Unverified) => Some(view! { <span class="review review-unverified">{tr(lang, "ej granskat", "not yet verified")}</span> }.into_any()),
        Some(Review::Verified) => Some(view! { <span class="review review-verified">{tr(lang, "✓ granskat", "✓ verified")}</span> }.into_any()),
        Some(Review::Returned) => Some(view! {
            <span class="review review-returned">{format!("{}{comment}", tr(lang, "↩ återsänt: ", "↩ returned: "))}</span>
        }.into_any()),
        Some(Review::Imported) | None => None,
    }
}

#[component]
fn UnitEvaluationView(
    e: UnitEvaluation,
    unit: String,
    may_edit: bool,
    today: String,
) -> impl IntoView {
    let lang = use_lang();
    let counts = e.summary.counts;
    let summary_text = match lang {
        Lang::Sv => format!(
            "{} gröna, {} gula, {} röda, {} utan uppgift, {} ej tillämpliga",
            counts.green, counts.amber, counts.red, counts.grey, counts.not_applicable
        ),
        Lang::En => format!(
            "{} green, {} amber, {} red, {} without data, {} not applicable",
            counts.green, counts.amber, counts.red, counts.grey, counts.not_applicable
        ),
    };
    view! {
        <section class="unit-summary card">
            <h2>{e.name.clone()} <span class="muted">{format!(" · {} {}", tr(lang, "datum", "date"), e.deadline)}</span></h2>
            <p class="overall">
                {tr(lang, "Samlat ljus: ", "Overall light: ")} <LightBadge light=e.summary.overall />
                " " {tr(lang, "Beredskap: ", "Readiness: ")} <ReadinessBar readiness=e.summary.readiness />
            </p>
            <p>{summary_text}</p>
        </section>
        <div class="scroll-x"><table class="criteria">
            <thead>
                <tr>
                    <th scope="col">{tr(lang, "Kriterium", "Criterion")}</th>
                    <th scope="col">{tr(lang, "Ljus och skäl", "Light and reason")}</th>
                    <th scope="col">{tr(lang, "Värde", "Value")}</th>
                    <th scope="col">{tr(lang, "Mätt", "Measured")}</th>
                    <th scope="col">{tr(lang, "Kommentar och underlag", "Comment and evidence")}</th>
                    <th scope="col">{tr(lang, "Åtgärder", "Actions")}</th>
                </tr>
            </thead>
            <tbody>
                {e.criteria.into_iter().map(|c| view! { <CriterionRow c unit=unit.clone() may_edit today=today.clone() /> }).collect_view()}
            </tbody>
        </table></div>
    }
}

/// The criteria whose forms have been opened on this page: they stay written when the page's
/// data is loaded again after a save.
#[derive(Clone, Copy)]
struct OpenedForms(RwSignal<Vec<String>>);

#[component]
fn CriterionRow(c: UnitCriterion, unit: String, may_edit: bool, today: String) -> impl IntoView {
    let lang = use_lang();
    let edit = may_edit.then(|| {
        let plans = c.plans.clone();
        let (kind, based_on) = (c.kind, c.based_on);
        let (unit, code) = (unit.clone(), c.code.clone());
        // The forms are written when the section is opened (in the browser), or on the server
        // when the address asks for them (`?rapportera=<criterion>`, which works without
        // JavaScript): a working-group page has seventy forms, a third of its cost.
        let query = use_query_map();
        let asked = query.with_untracked(|q| q.get("rapportera").as_deref() == Some(code.as_str()));
        let opened = use_context::<OpenedForms>()
            .map(|o| o.0)
            .unwrap_or_else(|| RwSignal::new(Vec::new()));
        let this = code.clone();
        let open = Memo::new(move |_| asked || opened.with(|o| o.contains(&this)));
        let this = code.clone();
        let mark_opened = move |_| {
            if !opened.with_untracked(|o| o.contains(&this)) {
                opened.update(|o| o.push(this.clone()));
            }
        };
        let href = query.with_untracked(|q| {
            format!("{}#{code}", query_with(&format!("/enhet/{unit}"), q, "rapportera", &code))
        });
        let forms = move || {
            if !open.get() {
                return view! {
                    <p><a href=href.clone()>{tr(lang, "Visa formulären", "Show the forms")}</a></p>
                }
                .into_any();
            }
            let (unit, code, today) = (unit.clone(), code.clone(), today.clone());
            view! {
                <h3>{tr(lang, "Nytt värde", "New value")}</h3>
                <ReportForm unit=unit.clone() criterion=code.clone() kind based_on today=today.clone() />
                {plans.clone().into_iter().map(|p| view! {
                    <h3>{format!("{}: {}", tr(lang, "Åtgärd", "Action"), p.action)}</h3>
                    <PlanForm unit=unit.clone() criterion=code.clone() existing=Some(p.clone()) based_on=p.based_on />
                }).collect_view()}
                <h3>{tr(lang, "Ny åtgärd", "New action")}</h3>
                <PlanForm unit=unit.clone() criterion=code.clone() existing=None based_on=0 />
                <h3>{tr(lang, "Bifoga underlag", "Attach evidence")}</h3>
                <EvidenceForm unit=unit.clone() criterion=code.clone() today=today.clone() />
            }
            .into_any()
        };
        view! {
            <details class="edit" open=asked on:toggle=mark_opened>
                <summary>{tr(lang, "Rapportera / ändra åtgärder", "Report / edit actions")}</summary>
                {forms}
            </details>
        }
    });
    let just_saved = use_context::<Refresh>().is_some_and(|r| {
        r.saved_in
            .with_untracked(|s| s.as_deref() == Some(c.code.as_str()))
    });
    view! {
        // Focusable from script only: it takes focus after a save, and a link to it from the
        // matrix lands on it.
        <tr id=c.code.clone() class=format!("row-{}", c.light.code()) tabindex="-1">
            <th scope="row">
                <a href=format!("/kriterium/{}", c.code)>{c.code.clone()}</a>
                {c.mandatory.then_some(view! { <span class="tag">{tr(lang, "obligatoriskt", "mandatory")}</span> })}
                <br />
                {c.title.clone()}
                <br />
                <span class="muted small">{c.area.clone()}</span>
            </th>
            <td>
                {just_saved.then(|| view! {
                    <p class="note saved" role="status">
                        {tr(lang, "Sparat. Ljuset är räknat på nytt.", "Saved. The light has been recalculated.")}
                    </p>
                })}
                <LightBadge light=c.light />
                <p class="reason">{c.reason.clone()}</p>
                {c.act.map(|act| view! {
                    <p class="act" class:ran-out=act.ran_out()>{act.text(lang)}</p>
                })}
            </td>
            <td class="num">
                {c.value.clone().unwrap_or_else(|| "–".into())}
                <br />
                <ReviewState review=c.review comment=c.review_comment.clone() />
            </td>
            <td class="date">{c.measured.clone().unwrap_or_else(|| "–".into())}</td>
            <td>
                {(!c.comment.is_empty()).then(|| view! { <p class="comment">{c.comment.clone()}</p> })}
                <Evidence evidence=c.evidence.clone() />
                {(!c.files.is_empty()).then(|| view! {
                    <ul class="files">
                        {c.files.iter().map(|f| view! {
                            <li>
                                // A download, not a route of ours.
                                <a href=format!("/underlag/{}", f.id) rel="external" download>{f.name.clone()}</a>
                                <span class="muted small">
                                    {format!(" · {} · {} ", f.size, tr(lang, "gäller", "for"))}
                                    <span class="date">{f.effective.clone()}</span>
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            </td>
            <td>
                {if c.plans.is_empty() {
                    view! { <span class="muted">"–"</span> }.into_any()
                } else {
                    view! {
                        <ul class="plans">
                            {c.plans.iter().map(|p| view! {
                                <li>
                                    {p.action.clone()}
                                    <span class="muted small">
                                        {format!(" · {} · {} ", p.owner, tr(lang, "klar senast", "due"))}
                                        <span class="date">{p.due.clone()}</span>
                                        {format!(" · {}", p.status.label(lang))}
                                    </span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {(!c.history.is_empty()).then(|| view! {
                    <details class="history">
                        <summary>{format!("{} ({})", tr(lang, "Värdehistorik", "Value history"), c.history.len())}</summary>
                        <table>
                            <thead><tr>
                                <th scope="col">{tr(lang, "Mätt", "Measured")}</th>
                                <th scope="col">{tr(lang, "Värde", "Value")}</th>
                                <th scope="col">{tr(lang, "Kommentar", "Comment")}</th>
                            </tr></thead>
                            <tbody>
                                {c.history.iter().map(|h| view! {
                                    <tr class:after-as-of=h.after_as_of>
                                        <td class="date">{h.measured.clone()}</td>
                                        <td class="num">{h.value.clone()}</td>
                                        <td>{h.comment.clone()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </details>
                })}
                {edit}
            </td>
        </tr>
    }
}
