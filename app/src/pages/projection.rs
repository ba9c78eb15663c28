//! `/prognos`: the forecast for the evaluation day. Each unit's light today beside its light on
//! the deadline in two readings (if everyone reports on time and every plan lands; if nothing
//! more happens), the dated tasks that separate them, and what is at risk either way.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use readiness_rules::{Light, Projection, RiskKind, Scenario, Text};
use serde::{Deserialize, Serialize};

use crate::charts::Chart;
use crate::components::{
    AsOfPicker, Legend, LightBadge, LoadError, Pager, ReadinessBar, built_once,
};
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectionData {
    pub evaluation: String,
    pub evaluation_name: String,
    pub evaluations: Vec<(String, String)>,
    pub as_of: String,
    /// The units of this page only, worst "all done" light first, then the most risks.
    pub projection: Projection,
    pub paging: readiness_rules::Page,
    /// The forecast in words, for every unit ([`Projection::summary`]).
    pub summary: Text,
    /// Every unit's risks per kind, in [`RiskKind::ALL`] order.
    pub risks: Vec<(RiskKind, usize)>,
    /// How the forecast changed week by week.
    pub weeks: crate::charts::ChartView,
}

#[server(endpoint = "prognos")]
pub async fn get_projection(
    evaluation: Option<String>,
    as_of: Option<String>,
    page: Option<usize>,
    lang: Lang,
) -> Result<Option<ProjectionData>, AppError> {
    use crate::state::{as_of_or_today, pool};
    crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let as_of = as_of_or_today(as_of.as_deref());
    let Some((evaluations, dataset)) = crate::state::chosen_dataset(&pool, evaluation).await?
    else {
        return Ok(None);
    };
    let projection = dataset.projection(as_of).await?;
    let points = dataset.forecast_weeks(as_of).await?;
    // Each week counts the units designated then: the scale takes the most of any week.
    let most = points
        .iter()
        .map(|p| (p.all_done.applicable() + p.all_done.not_applicable) as usize)
        .chain([projection.units.len()])
        .max()
        .unwrap_or(0);
    let weeks =
        crate::charts::forecast_chart::forecast_chart("prognos-veckor", &points, most, lang);
    let risks = RiskKind::ALL
        .into_iter()
        .map(|kind| (kind, projection.risk_count(kind)))
        .collect();
    let mut units: Vec<&readiness_rules::UnitProjection> = projection.units.iter().collect();
    units.sort_by(|a, b| {
        readiness_rules::attention_order(a).cmp(&readiness_rules::attention_order(b))
    });
    let paging =
        readiness_rules::Page::of(units.len(), page.unwrap_or(1), readiness_rules::PAGE_SIZE);
    let page = &units[paging.range()];
    Ok(Some(ProjectionData {
        evaluation: dataset.evaluation.code.clone(),
        evaluation_name: dataset.evaluation.name.clone(),
        evaluations: evaluations.into_iter().map(|e| (e.code, e.name)).collect(),
        as_of: readiness_rules::format_date(as_of),
        projection: Projection {
            today: projection.today,
            deadline: projection.deadline,
            days_left: projection.days_left,
            today_counts: projection.today_counts,
            all_done_counts: projection.all_done_counts,
            nothing_more_counts: projection.nothing_more_counts,
            outlooks: projection.outlooks,
            report_again_late: projection.report_again_late,
            first_report_again: projection.first_report_again,
            units: page.iter().map(|u| (*u).clone()).collect(),
        },
        paging,
        summary: Text::new(
            projection.summary(readiness_rules::Lang::Sv),
            projection.summary(readiness_rules::Lang::En),
        ),
        risks,
        weeks,
    }))
}

#[component]
pub fn ProjectionPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.get();
            (
                q.get("utvardering"),
                q.get("as_of"),
                q.get("sida").and_then(|p| p.parse().ok()),
            )
        },
        move |(evaluation, as_of, page)| get_projection(evaluation, as_of, page, lang),
    );
    view! {
        <Title text=tr(lang, "Prognos", "Forecast") />
        <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(None) => view! { <p class="empty">{tr(lang, "Ingen utvärdering att visa.", "No evaluation to show.")}</p> }.into_any(),
                    Ok(Some(data)) => view! { <ProjectionView data /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Tasks and risks shown per unit before the rest is folded.
const SHOWN_PER_UNIT: usize = 3;

fn risk_label(kind: RiskKind, n: usize, lang: Lang) -> String {
    let (sv, en) = match kind {
        RiskKind::PlanOverdue => ("med försenad åtgärd", "with an overdue plan"),
        RiskKind::PlanAfterDeadline => (
            "med åtgärd klar först efter utvärderingen",
            "with a plan not due until after the evaluation",
        ),
        RiskKind::NoPlan => ("under nivån utan åtgärd", "below the level without a plan"),
        RiskKind::NoData => ("utan rapporterad uppgift", "with no value reported"),
        RiskKind::Missed => ("som inte uppfylldes", "not met"),
    };
    // Cells (unit × criterion), not units.
    match (lang, n) {
        (Lang::Sv, 1) => format!("1 kriterium {sv}"),
        (Lang::Sv, n) => format!("{n} kriterier {sv}"),
        (Lang::En, 1) => format!("1 criterion {en}"),
        (Lang::En, n) => format!("{n} criteria {en}"),
    }
}

#[component]
fn ProjectionView(data: ProjectionData) -> impl IntoView {
    let lang = use_lang();
    let p = data.projection;
    let deadline = readiness_rules::format_date(p.deadline);
    let units = p.units.clone();
    let shown = [Light::Green, Light::Amber, Light::Red, Light::Grey];
    let evaluation = data.evaluation.clone();
    let risks: Vec<String> = data
        .risks
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|&(kind, n)| risk_label(kind, n, lang))
        .collect();
    let readings = [
        (tr(lang, "I dag", "Today").to_string(), None, p.today_counts),
        (
            Scenario::AllDone.label(lang).to_string(),
            Some(Scenario::AllDone),
            p.all_done_counts,
        ),
        (
            Scenario::NothingMore.label(lang).to_string(),
            Some(Scenario::NothingMore),
            p.nothing_more_counts,
        ),
    ];
    view! {
        <div class="page-head">
            <div>
                <h1>{tr(lang, "Prognos", "Forecast")} " – " {data.evaluation_name.clone()}</h1>
                <p class="muted">
                    {match lang {
                        Lang::Sv => format!("Ljuset på utvärderingsdagen {deadline} i två läsningar, bedömt {} från det som är känt då ({}).", data.as_of, readiness_rules::countdown(p.days_left, lang)),
                        Lang::En => format!("The light on the evaluation day {deadline} in two readings, judged on {} from what is known then ({}).", data.as_of, readiness_rules::countdown(p.days_left, lang)),
                    }}
                </p>
            </div>
            <AsOfPicker as_of=data.as_of.clone() hidden=vec![("utvardering", evaluation.clone())] />
        </div>
        <nav class="tabs" aria-label=tr(lang, "Utvärderingar", "Evaluations")>
            {data.evaluations.iter().map(|(code, name)| {
                let current = *code == evaluation;
                view! { <a href=format!("/prognos?utvardering={code}") aria-current=current.then_some("page")>{name.clone()}</a> }
            }).collect_view()}
        </nav>
        <p class="forecast-summary">{data.summary.get(lang).to_string()}</p>
        <div class="scroll-x" tabindex="0" role="region" aria-label=tr(lang, "Enheter per ljus i två läsningar", "Units per light in two readings")><table class="projection-counts">
            <caption class="visually-hidden">{tr(lang, "Enheter per ljus i dag och på utvärderingsdagen i två läsningar", "Units per light today and on the evaluation day in two readings")}</caption>
            <thead><tr>
                <th scope="col">{tr(lang, "Läsning", "Reading")}</th>
                {shown.map(|l| view! { <th scope="col" class="num"><LightBadge light=l /></th> }).collect_view()}
            </tr></thead>
            <tbody>
                {readings.into_iter().map(|(label, scenario, counts)| view! {
                    <tr data-reading=scenario.map(|s| s.code())>
                        <th scope="row">{label}</th>
                        {shown.map(|l| view! { <td class="num">{counts.get(l)}</td> }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
        <p>{p.outlooks.text(lang)}</p>
        {(!risks.is_empty()).then(|| view! {
            <p>
                {match lang {
                    Lang::Sv if p.days_left < 0 => format!("På utvärderingsdagen: {}.", risks.join(", ")),
                    Lang::En if p.days_left < 0 => format!("On the evaluation day: {}.", risks.join(", ")),
                    Lang::Sv => format!("I riskzonen även om alla rapporterar i tid och varje åtgärd blir klar: {}.", risks.join(", ")),
                    Lang::En => format!("At risk even if everyone reports on time and every plan lands: {}.", risks.join(", ")),
                }}
            </p>
        })}
        <Chart chart=data.weeks.clone() />
        <div class="scroll-x"><table class="projection">
            <thead><tr>
                <th scope="col">{tr(lang, "Enhet", "Unit")}</th>
                <th scope="col">{tr(lang, "I dag", "Today")}</th>
                <th scope="col">{Scenario::AllDone.label(lang)}</th>
                <th scope="col">{Scenario::NothingMore.label(lang)}</th>
                <th scope="col">{tr(lang, "Att göra före utvärderingen", "To do before the evaluation")}</th>
                <th scope="col">{tr(lang, "Risker", "Risks")}</th>
            </tr></thead>
            <tbody>
                {units.into_iter().map(|u| {
                    let href = format!("/enhet/{}?utvardering={}", u.code, evaluation);
                    // The first few in the row, the rest folded: a unit may have dozens.
                    let list = move |items: Vec<String>, class: &'static str, (sv, en): (&'static str, &'static str)| if items.is_empty() {
                        view! { <span class="muted">"–"</span> }.into_any()
                    } else {
                        let rest: Vec<String> = items.iter().skip(SHOWN_PER_UNIT).cloned().collect();
                        view! {
                            <ul class=class>{items.into_iter().take(SHOWN_PER_UNIT).map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                            {(!rest.is_empty()).then(|| view! {
                                <details class="more">
                                    <summary>{match lang {
                                        Lang::Sv => format!("{} {sv} till", rest.len()),
                                        Lang::En => format!("{} more {en}", rest.len()),
                                    }}</summary>
                                    <ul class=class>{rest.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                                </details>
                            })}
                        }.into_any()
                    };
                    let tasks = list(u.tasks.iter().map(|t| t.text(lang)).collect(), "tasks", ("uppgifter", "tasks"));
                    let risks = list(u.risks.iter().map(|r| r.text(lang)).collect(), "risks", ("risker", "risks"));
                    view! {
                        <tr data-unit=u.code.clone()>
                            <th scope="row">
                                <a href=href>{u.name.clone()}</a>
                                <span class="muted small">{format!(" {} · {}", u.code, u.care_provider)}</span>
                            </th>
                            <td><LightBadge light=u.today /><ReadinessBar readiness=u.today_readiness /></td>
                            <td><LightBadge light=u.all_done /><ReadinessBar readiness=u.all_done_readiness /></td>
                            <td><LightBadge light=u.nothing_more /><ReadinessBar readiness=u.nothing_more_readiness /></td>
                            <td>{tasks}</td>
                            <td>{risks}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        <Pager page=data.paging path="/prognos" />
        <Legend />
    }
}
