//! `/trender`: quarter by quarter — units per light, readiness per area, and the regional figure
//! of a numeric indicator (the total of a count such as doctoral students, the mean of a share or
//! an index), each as a chart with its table.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::charts::{Chart, ChartView};
use crate::components::{LoadError, built_once};
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendsData {
    pub evaluation: String,
    pub evaluation_name: String,
    pub evaluations: Vec<(String, String)>,
    /// Numeric criteria that have a regional figure: (code, title).
    pub indicators: Vec<(String, String)>,
    pub indicator: Option<String>,
    pub charts: Vec<ChartView>,
}

#[server(endpoint = "trender")]
pub async fn get_trends(
    evaluation: Option<String>,
    indicator: Option<String>,
    lang: Lang,
) -> Result<Option<TrendsData>, AppError> {
    use crate::state::{pool, today};
    crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let Some((evaluations, dataset)) = crate::state::chosen_dataset(&pool, evaluation).await?
    else {
        return Ok(None);
    };
    let trend = dataset.trend(today()).await?;
    let indicators = crate::charts::trend_charts::indicators(&dataset, &trend, lang);
    let indicator = indicator
        .filter(|i| indicators.iter().any(|(c, _)| c == i))
        .or_else(|| indicators.first().map(|(c, _)| c.clone()));
    let mut charts = vec![
        crate::charts::trend_charts::lights_chart("ljus", &trend, &dataset.evaluation.name, lang),
        crate::charts::trend_charts::areas_chart("omraden", &trend, lang),
    ];
    if let Some(chart) = indicator
        .as_deref()
        .and_then(|i| crate::charts::trend_charts::indicator_chart("indikator", &trend, i, lang))
    {
        charts.push(chart);
    }
    Ok(Some(TrendsData {
        evaluation: dataset.evaluation.code.clone(),
        evaluation_name: dataset.evaluation.name.clone(),
        evaluations: evaluations.into_iter().map(|e| (e.code, e.name)).collect(),
        indicators,
        indicator,
        charts,
    }))
}

#[component]
pub fn TrendsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.get();
            (q.get("utvardering"), q.get("indikator"))
        },
        move |(evaluation, indicator)| get_trends(evaluation, indicator, lang),
    );
    view! {
        <Title text=tr(lang, "Trender", "Trends") />
        <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(None) => view! { <p class="empty">{tr(lang, "Ingen utvärdering att visa.", "No evaluation to show.")}</p> }.into_any(),
                    Ok(Some(data)) => {
                        let evaluation = data.evaluation.clone();
                        view! {
                            <h1>{format!("{} – {}", tr(lang, "Trender", "Trends"), data.evaluation_name)}</h1>
                            <form class="filters" method="get">
                                <label>
                                    {tr(lang, "Utvärdering", "Evaluation")}
                                    <select name="utvardering">
                                        {data.evaluations.iter().map(|(code, name)| view! {
                                            <option value=code.clone() selected=*code == evaluation>{name.clone()}</option>
                                        }).collect_view()}
                                    </select>
                                </label>
                                {(!data.indicators.is_empty()).then(|| view! {
                                    <label>
                                        {tr(lang, "Indikator (regionens summa eller medelvärde)", "Indicator (regional total or mean)")}
                                        <select name="indikator">
                                            {data.indicators.iter().map(|(code, title)| view! {
                                                <option value=code.clone() selected=data.indicator.as_deref() == Some(code.as_str())>{format!("{code} – {title}")}</option>
                                            }).collect_view()}
                                        </select>
                                    </label>
                                })}
                                <button type="submit">{tr(lang, "Visa", "Show")}</button>
                            </form>
                            {data.charts.into_iter().map(|chart| view! { <Chart chart /> }).collect_view()}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
