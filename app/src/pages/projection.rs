//! `/prognos`: each unit's light today beside the light it will have at the evaluation date if
//! every open plan is completed on its due date, and the units at risk (overdue plans, plans due
//! after the evaluation, values that expire before it).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use readiness_rules::{Light, Projection};
use serde::{Deserialize, Serialize};

use crate::components::{AsOfPicker, Legend, LightBadge, LoadError, Pager, ReadinessBar};
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectionData {
    pub evaluation: String,
    pub evaluation_name: String,
    pub evaluations: Vec<(String, String)>,
    pub as_of: String,
    /// The units of this page only, worst projected light first, then the most risks.
    pub projection: Projection,
    pub paging: readiness_rules::Page,
    /// Risks of every unit: overdue plans, plans due after the deadline, values that expire
    /// before it.
    pub risks: (usize, usize, usize),
}

#[server(endpoint = "prognos")]
pub async fn get_projection(
    evaluation: Option<String>,
    as_of: Option<String>,
    page: Option<usize>,
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
    let risks = (
        projection.risk_count(readiness_rules::RiskKind::PlanOverdue),
        projection.risk_count(readiness_rules::RiskKind::PlanAfterDeadline),
        projection.risk_count(readiness_rules::RiskKind::ExpiresBeforeDeadline),
    );
    let mut units: Vec<&readiness_rules::UnitProjection> = projection.units.iter().collect();
    // Worst projected light first, then the most risks.
    units.sort_by(|a, b| {
        readiness_rules::attention_order(a.projected, a.risks.len(), &a.code).cmp(
            &readiness_rules::attention_order(b.projected, b.risks.len(), &b.code),
        )
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
            projected_counts: projection.projected_counts,
            units: page.iter().map(|u| (*u).clone()).collect(),
        },
        paging,
        risks,
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
        |(evaluation, as_of, page)| get_projection(evaluation, as_of, page),
    );
    view! {
        <Title text=tr(lang, "Prognos", "Projection") />
        <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(None) => view! { <p class="empty">{tr(lang, "Ingen utvärdering att visa.", "No evaluation to show.")}</p> }.into_any(),
                    Ok(Some(data)) => view! { <ProjectionView data /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProjectionView(data: ProjectionData) -> impl IntoView {
    let lang = use_lang();
    let p = data.projection;
    let deadline = readiness_rules::format_date(p.deadline);
    let units = p.units.clone();
    let (overdue, after_deadline, expiring) = data.risks;
    let shown = [Light::Green, Light::Amber, Light::Red, Light::Grey];
    let evaluation = data.evaluation.clone();
    view! {
        <div class="page-head">
            <div>
                <h1>{tr(lang, "Prognos", "Projection")} " – " {data.evaluation_name.clone()}</h1>
                <p class="muted">
                    {match lang {
                        Lang::Sv => format!("Ljuset i dag ({}) bredvid ljuset den {deadline} om varje öppen åtgärd blir klar på sitt slutdatum. {} dagar kvar.", data.as_of, p.days_left),
                        Lang::En => format!("The light today ({}) beside the light on {deadline} if every open plan is completed on its due date. {} days left.", data.as_of, p.days_left),
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
        <table class="projection-counts">
            <thead><tr>
                <th scope="col"></th>
                {shown.map(|l| view! { <th scope="col" class="num"><LightBadge light=l /></th> }).collect_view()}
            </tr></thead>
            <tbody>
                <tr>
                    <th scope="row">{tr(lang, "I dag", "Today")}</th>
                    {shown.map(|l| view! { <td class="num">{p.today_counts.get(l)}</td> }).collect_view()}
                </tr>
                <tr>
                    <th scope="row">{deadline.clone()}</th>
                    {shown.map(|l| view! { <td class="num">{p.projected_counts.get(l)}</td> }).collect_view()}
                </tr>
            </tbody>
        </table>
        <p>
            {match lang {
                Lang::Sv => format!(
                    "Risker: {} försenade åtgärder, {} åtgärder klara först efter utvärderingen, {} värden som blir inaktuella före den.",
                    overdue, after_deadline, expiring
                ),
                Lang::En => format!(
                    "Risks: {} overdue plans, {} plans due after the evaluation, {} values that expire before it.",
                    overdue, after_deadline, expiring
                ),
            }}
        </p>
        <table class="projection">
            <thead><tr>
                <th scope="col">{tr(lang, "Enhet", "Unit")}</th>
                <th scope="col">{tr(lang, "I dag", "Today")}</th>
                <th scope="col">{format!("{} {deadline}", tr(lang, "Den", "On"))}</th>
                <th scope="col">{tr(lang, "Risker", "Risks")}</th>
            </tr></thead>
            <tbody>
                {units.into_iter().map(|u| {
                    let href = format!("/enhet/{}?utvardering={}", u.code, evaluation);
                    view! {
                        <tr data-unit=u.code.clone()>
                            <th scope="row">
                                <a href=href>{u.name.clone()}</a>
                                <span class="muted small">{format!(" {} · {}", u.code, u.care_provider)}</span>
                            </th>
                            <td><LightBadge light=u.today /><ReadinessBar readiness=u.today_readiness /></td>
                            <td><LightBadge light=u.projected /><ReadinessBar readiness=u.projected_readiness /></td>
                            <td>
                                {if u.risks.is_empty() {
                                    view! { <span class="muted">"–"</span> }.into_any()
                                } else {
                                    view! {
                                        <ul class="risks">
                                            {u.risks.iter().map(|r| view! {
                                                <li>{r.text(lang)}</li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <Pager page=data.paging path="/prognos" />
        <Legend />
    }
}
