//! A unit's readiness over time, on the unit page: loaded on its own, so the page does not wait.

use leptos::prelude::*;

use super::built_once;
use crate::charts::{Chart, ChartView};
use crate::error::AppError;
use crate::i18n::{Lang, use_lang};

/// A unit's readiness over time in one evaluation (the first when not given).
#[server(endpoint = "enhetstrend")]
pub async fn get_unit_trend(
    unit: String,
    evaluation: Option<String>,
    lang: Lang,
) -> Result<Option<ChartView>, AppError> {
    use crate::state::{pool, today};
    crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let Some((_, dataset)) = crate::state::chosen_dataset(&pool, evaluation).await? else {
        return Ok(None);
    };
    // From the unit's own records: the whole trend is not needed for one unit's line.
    let Some(trend) = readiness_rules::unit_trend(&dataset, &unit, today()) else {
        return Ok(None);
    };
    Ok(crate::charts::trend_charts::unit_chart(
        "enhetstrend",
        &trend,
        &unit,
        lang,
    ))
}

/// The unit page's chart (loaded on its own, so the page does not wait for it).
#[component]
pub fn UnitTrend(unit: String, evaluation: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let chart = Resource::new(
        move || (unit.clone(), evaluation.clone()),
        move |(unit, evaluation)| get_unit_trend(unit, evaluation, lang),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || built_once(async move {
                chart.await.ok().flatten().map(|chart| view! { <Chart chart /> })
            })}
        </Suspense>
    }
}
