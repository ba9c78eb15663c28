//! `/`: countdown to each evaluation, units per light, readiness per area, units needing
//! attention first.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use readiness_rules::{Light, LightCounts, Scenario, ThisWeek};
use serde::{Deserialize, Serialize};

use crate::components::{AsOfPicker, Legend, LightBadge, LoadError, ReadinessBar, built_once};
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewData {
    pub as_of: String,
    /// Only values the working group has verified (or imported) count.
    pub verified_only: bool,
    pub evaluations: Vec<EvaluationOverview>,
    /// What falls due soonest for the signed-in role.
    pub this_week: readiness_rules::ThisWeek,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationOverview {
    pub code: String,
    pub name: String,
    pub conducted_by: String,
    pub deadline: String,
    /// Days from `as_of` to the deadline (negative once passed).
    pub days_left: i64,
    pub unit_counts: LightCounts,
    /// Units per light on the deadline if everyone reports on time and every plan lands.
    pub all_done_counts: LightCounts,
    /// … and if nothing more happens.
    pub nothing_more_counts: LightCounts,
    /// Units not green on the deadline even if everything is done on time.
    pub off_track: usize,
    /// The forecast in words ([`readiness_rules::Projection::summary`]).
    pub forecast: readiness_rules::Text,
    pub criteria: usize,
    pub areas: Vec<AreaReadiness>,
    pub attention: Vec<AttentionUnit>,
    /// The system level's questions of this evaluation, if it has any.
    pub system: Option<SystemSummary>,
}

/// The system level of one evaluation beside its unit lights: questions per light.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemSummary {
    pub questions: usize,
    pub approved: usize,
    pub counts: LightCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaReadiness {
    pub area: String,
    pub counts: LightCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttentionUnit {
    pub code: String,
    pub name: String,
    pub care_provider: String,
    pub overall: Light,
    pub readiness: Option<f64>,
    pub red: u32,
    pub mandatory_red: u32,
}

#[server]
pub async fn get_overview(
    as_of: Option<String>,
    verified_only: bool,
) -> Result<OverviewData, AppError> {
    use crate::state::{as_of_or_today, pool};
    let user = crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let as_of = as_of_or_today(as_of.as_deref());
    // Only the working group's list compares with a week ago.
    let working_group = matches!(
        user.role,
        readiness_rules::Role::Admin | readiness_rules::Role::Arbetsgrupp
    );
    let mut evaluations = Vec::new();
    let mut forecasts = Vec::new();
    let system = readiness_rules::system_level(
        readiness_store::system_level::questions(&pool).await?,
        readiness_store::system_level::answers(&pool, as_of).await?,
        as_of,
    );
    for evaluation in readiness_store::queries::list_evaluations(&pool).await? {
        let Some(dataset) =
            readiness_store::cache::load_dataset_filtered(&pool, &evaluation.code, verified_only)
                .await?
        else {
            continue;
        };
        let board = dataset.board(as_of).await?;
        let projection = dataset.projection(as_of).await?;
        let week_ago = if working_group {
            dataset
                .projection_earlier(as_of - chrono::Days::new(7))
                .await?
        } else {
            projection.clone()
        };
        let mut attention: Vec<AttentionUnit> = board
            .counted_units()
            .map(|u| (&dataset.units[u], &board.summaries[u]))
            .filter(|(_, s)| s.overall != Light::Green)
            .map(|(u, s)| AttentionUnit {
                code: u.code.clone(),
                name: u.name.clone(),
                care_provider: u.care_provider.clone(),
                overall: s.overall,
                readiness: s.readiness,
                red: s.counts.red,
                mandatory_red: s.mandatory_red,
            })
            .collect();
        attention.sort_by(|a, b| {
            (
                a.overall.urgency(),
                std::cmp::Reverse(a.mandatory_red),
                std::cmp::Reverse(a.red),
            )
                .cmp(&(
                    b.overall.urgency(),
                    std::cmp::Reverse(b.mandatory_red),
                    std::cmp::Reverse(b.red),
                ))
                .then(
                    a.readiness
                        .unwrap_or(0.0)
                        .total_cmp(&b.readiness.unwrap_or(0.0)),
                )
                .then(a.code.cmp(&b.code))
        });
        attention.truncate(10);
        evaluations.push(EvaluationOverview {
            days_left: (evaluation.deadline - as_of).num_days(),
            deadline: readiness_rules::format_date(evaluation.deadline),
            unit_counts: board.unit_counts(),
            all_done_counts: projection.all_done_counts,
            nothing_more_counts: projection.nothing_more_counts,
            off_track: projection.units.len() - projection.on_track(),
            forecast: readiness_rules::Text::new(
                projection.summary(readiness_rules::Lang::Sv),
                projection.summary(readiness_rules::Lang::En),
            ),
            criteria: dataset.criteria.len(),
            areas: board
                .area_counts(&dataset)
                .into_iter()
                .map(|(area, counts)| AreaReadiness { area, counts })
                .collect(),
            attention,
            system: {
                let mine: Vec<_> = system
                    .questions
                    .iter()
                    .filter(|q| q.question.evaluation == evaluation.code)
                    .collect();
                (!mine.is_empty()).then(|| {
                    let mut counts = LightCounts::default();
                    for q in &mine {
                        counts.add(q.light);
                    }
                    SystemSummary {
                        questions: mine.len(),
                        approved: mine
                            .iter()
                            .filter(|q| {
                                q.answer.as_ref().is_some_and(|a| {
                                    a.status == readiness_rules::AnswerStatus::Approved
                                })
                            })
                            .count(),
                        counts,
                    }
                })
            },
            code: evaluation.code,
            name: evaluation.name,
            conducted_by: evaluation.conducted_by,
        });
        forecasts.push((projection, week_ago));
    }
    let reviews_waiting = if working_group {
        readiness_store::reports::count_pending_reviews(&pool).await?
    } else {
        0
    };
    let week: Vec<readiness_rules::WeekForecast<'_>> = evaluations
        .iter()
        .zip(&forecasts)
        .map(|(e, (now, week_ago))| readiness_rules::WeekForecast {
            evaluation: &e.code,
            name: &e.name,
            now,
            week_ago,
        })
        .collect();
    let this_week = readiness_rules::this_week(&user.actor(), &week, reviews_waiting, as_of);
    Ok(OverviewData {
        as_of: readiness_rules::format_date(as_of),
        verified_only,
        evaluations,
        this_week,
    })
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.get();
            (q.get("as_of"), q.get("granskade").is_some_and(|v| v == "1"))
        },
        |(as_of, verified_only)| get_overview(as_of, verified_only),
    );
    view! {
        <Title text=tr(lang, "Översikt", "Overview") />
        <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Ok(data) => view! { <Overview data /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(data: OverviewData) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="page-head">
            <h1>{tr(lang, "Översikt", "Overview")}</h1>
            <div>
                <AsOfPicker as_of=data.as_of.clone() hidden=if data.verified_only { vec![("granskade", "1".to_string())] } else { Vec::new() } />
                <VerifiedToggle checked=data.verified_only />
            </div>
        </div>
        {data.verified_only.then(|| view! {
            <p class="note" role="note">{tr(
                lang,
                "Visar bara värden som arbetsgruppen granskat (och importerade värden). Ogranskade rapporter räknas inte.",
                "Showing only values the working group has verified (and imported values). Unverified reports do not count.",
            )}</p>
        })}
        {(data.evaluations.is_empty()).then(|| view! {
            <p class="empty">
                {tr(
                    lang,
                    "Inga utvärderingar är inlästa ännu. Läs in data med readiness import eller readiness sample load.",
                    "No evaluations loaded yet. Load data with readiness import or readiness sample load.",
                )}
            </p>
        })}
        {(!data.evaluations.is_empty()).then(|| view! { <ThisWeekPanel week=data.this_week.clone() /> })}
        <div class="evaluations">
            {data.evaluations.into_iter().map(|e| view! { <EvaluationCard e as_of=data.as_of.clone() /> }).collect_view()}
        </div>
        <Legend />
    }
}

/// "Only verified values": a checkbox that works as a plain GET form before hydration.
#[component]
fn VerifiedToggle(checked: bool) -> impl IntoView {
    let lang = use_lang();
    let set_query = crate::components::use_set_query();
    view! {
        <form method="get" class="verified-toggle">
            <label>
                <input
                    type="checkbox"
                    name="granskade"
                    value="1"
                    checked=checked
                    on:change=move |ev| set_query("granskade", if event_target_checked(&ev) { "1".into() } else { String::new() })
                />
                " " {tr(lang, "Bara granskade värden", "Only verified values")}
            </label>
            <noscript><button type="submit">{tr(lang, "Visa", "Show")}</button></noscript>
        </form>
    }
}

#[component]
fn EvaluationCard(e: EvaluationOverview, as_of: String) -> impl IntoView {
    let lang = use_lang();
    // The system level as of the overview's date, like the counts that lead there.
    let system_href = format!(
        "/systemniva?as_of={}",
        readiness_rules::encode_query(&as_of)
    );
    let total = e.unit_counts.applicable() + e.unit_counts.not_applicable;
    let matrix_href = format!("/matris?utvardering={}", e.code);
    view! {
        <section class="evaluation card" aria-labelledby=format!("eval-{}", e.code)>
            <h2 id=format!("eval-{}", e.code)>
                <a href=matrix_href.clone()>{e.name.clone()}</a>
            </h2>
            <p class="countdown">
                <span class="deadline">{tr(lang, "Datum ", "Date ")}<time datetime=e.deadline.clone()>{e.deadline.clone()}</time></span>
                " · "
                <strong class="days-left" data-days=e.days_left>{readiness_rules::countdown(e.days_left, lang)}</strong>
                " · " {e.conducted_by.clone()}
            </p>
            <h3>{tr(lang, "Enheter per ljus", "Units per light")}</h3>
            <ul class="unit-counts">
                {[Light::Green, Light::Amber, Light::Red, Light::Grey]
                    .into_iter()
                    .map(|l| {
                        let n = e.unit_counts.get(l);
                        view! {
                            <li class=format!("count count-{}", l.code())>
                                <a href=format!("{matrix_href}&ljus={}", l.code())>
                                    <span class="count-number">{n}</span>
                                    <LightBadge light=l />
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="muted">
                {format!("{total} {} · {} {}", tr(lang, "enheter", "units"), e.criteria, tr(lang, "kriterier", "criteria"))}
            </p>
            {e.system.clone().map(|s| view! {
                <h3>{tr(lang, "Systemnivå: ledningsorganens svar", "System level: the management bodies' answers")}</h3>
                <ul class="unit-counts system-counts">
                    {[Light::Green, Light::Amber, Light::Red, Light::Grey]
                        .into_iter()
                        .map(|l| view! {
                            <li class=format!("count count-{}", l.code())>
                                <a href=system_href.clone()>
                                    <span class="count-number">{s.counts.get(l)}</span>
                                    <LightBadge light=l />
                                </a>
                            </li>
                        })
                        .collect_view()}
                </ul>
                <p class="muted">
                    <a href=system_href.clone()>{match lang {
                        Lang::Sv => format!("{} av {} frågor har fastställda svar →", s.approved, s.questions),
                        Lang::En => format!("{} of {} questions have approved answers →", s.approved, s.questions),
                    }}</a>
                </p>
            })}
            <h3>{format!("{} {}", tr(lang, "Prognos för", "Forecast for"), e.deadline)}</h3>
            <div class="scroll-x" tabindex="0" role="region" aria-label=tr(lang, "Enheter per ljus i två läsningar", "Units per light in two readings")><table class="projection-counts">
                <caption class="visually-hidden">{tr(lang, "Enheter per ljus i dag och på utvärderingsdagen i två läsningar", "Units per light today and on the evaluation day in two readings")}</caption>
                <thead><tr>
                    <th scope="col">{tr(lang, "Läsning", "Reading")}</th>
                    {[Light::Green, Light::Amber, Light::Red, Light::Grey].into_iter().map(|l| view! { <th scope="col" class="num"><LightBadge light=l /></th> }).collect_view()}
                </tr></thead>
                <tbody>
                    <tr>
                        <th scope="row">{tr(lang, "I dag", "Today")}</th>
                        {[Light::Green, Light::Amber, Light::Red, Light::Grey].into_iter().map(|l| view! { <td class="num">{e.unit_counts.get(l)}</td> }).collect_view()}
                    </tr>
                    <tr data-reading="all_done">
                        <th scope="row">{Scenario::AllDone.label(lang)}</th>
                        {[Light::Green, Light::Amber, Light::Red, Light::Grey].into_iter().map(|l| view! { <td class="num projected">{e.all_done_counts.get(l)}</td> }).collect_view()}
                    </tr>
                    <tr data-reading="nothing_more">
                        <th scope="row">{Scenario::NothingMore.label(lang)}</th>
                        {[Light::Green, Light::Amber, Light::Red, Light::Grey].into_iter().map(|l| view! { <td class="num projected">{e.nothing_more_counts.get(l)}</td> }).collect_view()}
                    </tr>
                </tbody>
            </table></div>
            <p class="forecast-summary">{e.forecast.get(lang).to_string()}</p>
            <p class="muted small">
                <a href=format!("/prognos?utvardering={}", e.code)>
                    {match lang {
                        Lang::Sv => format!("Prognos per enhet ({} inte på väg mot grönt) →", e.off_track),
                        Lang::En => format!("Forecast per unit ({} not on track for green) →", e.off_track),
                    }}
                </a>
            </p>
            <h3>{tr(lang, "Beredskap per område", "Readiness per area")}</h3>
            <div class="scroll-x"><table class="areas">
                <thead>
                    <tr>
                        <th scope="col">{tr(lang, "Område", "Area")}</th>
                        <th scope="col">{tr(lang, "Beredskap", "Readiness")}</th>
                        <th scope="col">{Light::Red.label(lang)}</th>
                        <th scope="col">{Light::Amber.label(lang)}</th>
                    </tr>
                </thead>
                <tbody>
                    {e.areas.into_iter().map(|a| {
                        let href = format!("{matrix_href}&omrade={}", readiness_rules::encode_query(&a.area));
                        view! {
                            <tr>
                                <th scope="row"><a href=href>{a.area.clone()}</a></th>
                                <td><ReadinessBar readiness=a.counts.readiness() /></td>
                                <td class="num">{a.counts.red}</td>
                                <td class="num">{a.counts.amber}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <h3>{tr(lang, "Behöver uppmärksamhet först", "Needs attention first")}</h3>
            {if e.attention.is_empty() {
                view! { <p>{tr(lang, "Alla enheter är gröna.", "Every unit is green.")}</p> }.into_any()
            } else {
                view! {
                    <ol class="attention">
                        {e.attention.into_iter().map(|u| {
                            let detail = match lang {
                                Lang::Sv => format!("{} röda, varav {} obligatoriska", u.red, u.mandatory_red),
                                Lang::En => format!("{} red, {} of them mandatory", u.red, u.mandatory_red),
                            };
                            view! {
                                <li>
                                    <LightBadge light=u.overall />
                                    " "
                                    <a href=format!("/enhet/{}?utvardering={}", u.code, e.code)>{u.name.clone()}</a>
                                    <span class="muted">{format!(" · {} · {detail} · ", u.care_provider)}</span>
                                    <ReadinessBar readiness=u.readiness />
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// "This week" for the signed-in role (see [`readiness_rules::this_week`]).
#[component]
fn ThisWeekPanel(week: ThisWeek) -> impl IntoView {
    let lang = use_lang();
    let more = move |n: usize| {
        (n > 0).then(|| {
            view! {
                <p class="muted small">{match lang {
                    Lang::Sv => format!("… och {n} till."),
                    Lang::En => format!("… and {n} more."),
                }}</p>
            }
        })
    };
    let due_list = move |items: Vec<readiness_rules::DueItem>| {
        view! {
            <ol class="due">
                {items.into_iter().map(|i| {
                    let date = readiness_rules::format_date(i.date);
                    view! {
                        <li class:overdue=i.overdue>
                            <time datetime=date.clone() class="date">{date.clone()}</time>
                            {i.overdue.then(|| view! { <strong class="late">{tr(lang, " försenad", " overdue")}</strong> })}
                            " · "
                            <a href=format!("/enhet/{}?utvardering={}", i.unit, i.evaluation)>{i.unit_name.clone()}</a>
                            " · " {i.text.get(lang).to_string()}
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
    };
    let body = match week {
        ThisWeek::UnitLead { items, more: n } => view! {
            <p class="muted">{tr(lang, "Det här behöver dina enheter göra för att prognosen ska hålla, det som förfaller först överst.", "What your units need to do for the forecast to hold, soonest first.")}</p>
            {if items.is_empty() {
                view! { <p>{tr(lang, "Inget förfaller på dina enheter före utvärderingarna.", "Nothing falls due on your units before the evaluations.")}</p> }.into_any()
            } else {
                due_list(items).into_any()
            }}
            {more(n)}
        }.into_any(),
        ThisWeek::WorkingGroup { reviews_waiting, worsened, worsened_more, overdue_plans, overdue_more } => view! {
            <p>
                <a href="/granska">{match (lang, reviews_waiting) {
                    (Lang::Sv, 1) => "1 rapporterat värde väntar på granskning →".to_string(),
                    (Lang::Sv, n) => format!("{n} rapporterade värden väntar på granskning →"),
                    (Lang::En, 1) => "1 reported value waits for review →".to_string(),
                    (Lang::En, n) => format!("{n} reported values wait for review →"),
                }}</a>
            </p>
            <h3>{tr(lang, "Prognosen har försämrats sedan förra veckan", "Forecast worse than a week ago")}</h3>
            {if worsened.is_empty() {
                view! { <p>{tr(lang, "Ingen enhets prognos har försämrats.", "No unit's forecast got worse.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="worsened">
                        {worsened.into_iter().map(|w| view! {
                            <li>
                                <a href=format!("/enhet/{}?utvardering={}", w.unit, w.evaluation)>{w.unit_name.clone()}</a>
                                {format!(" ({}) ", w.evaluation)}
                                <LightBadge light=w.before />" → "<LightBadge light=w.now />
                                {w.reason.map(|r| format!(" · {}", r.get(lang)))}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {more(worsened_more)}
            <h3>{tr(lang, "Försenade åtgärder", "Overdue plans")}</h3>
            {if overdue_plans.is_empty() {
                view! { <p>{tr(lang, "Inga försenade åtgärder.", "No overdue plans.")}</p> }.into_any()
            } else {
                due_list(overdue_plans).into_any()
            }}
            {more(overdue_more)}
        }.into_any(),
        ThisWeek::Leadership { evaluations } => view! {
            {evaluations.into_iter().map(|e| {
                let deadline = readiness_rules::format_date(e.deadline);
                view! {
                    <h3>{e.name.clone()}</h3>
                    <p>{match (lang, e.days_left < 0) {
                        (Lang::Sv, false) => format!("{} av {} enheter är på väg att vara gröna den {deadline} om alla rapporterar i tid och varje åtgärd blir klar.", e.on_track, e.units),
                        (Lang::En, false) => format!("{} of {} units are on track to be green on {deadline} if everyone reports on time and every plan lands.", e.on_track, e.units),
                        (Lang::Sv, true) => format!("Utvärderingsdagen {deadline} har passerat: {} av {} enheter var gröna den dagen.", e.on_track, e.units),
                        (Lang::En, true) => format!("The evaluation day {deadline} has passed: {} of {} units were green on it.", e.on_track, e.units),
                    }}</p>
                    {(!e.off_track.is_empty()).then(|| view! {
                        <ul class="off-track">
                            {e.off_track.iter().map(|u| view! {
                                <li>
                                    <LightBadge light=u.all_done />" "
                                    <a href=format!("/enhet/{}?utvardering={}", u.unit, e.evaluation)>{u.unit_name.clone()}</a>
                                    {(!u.reasons.is_empty()).then(|| format!(" · {}", u.reasons.iter().map(|r| r.get(lang)).collect::<Vec<_>>().join("; ")))}
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                    {more(e.more)}
                }
            }).collect_view()}
        }.into_any(),
    };
    view! {
        <section class="this-week card" aria-labelledby="this-week">
            <h2 id="this-week">{tr(lang, "Den här veckan", "This week")}</h2>
            {body}
        </section>
    }
}
