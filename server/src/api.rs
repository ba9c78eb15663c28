//! The JSON read API (`/api/v1/…`). Lights are computed with the same rules as the pages.

use app::error::AppError;
use app::state::AppState;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use readiness_rules::{Lang, Light, Text, format_date, parse_date};
use serde::{Deserialize, Serialize};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/evaluations/{code}/units", get(evaluation_units))
        .route("/api/v1/evaluations/{code}/forecast", get(forecast))
        .route("/api/v1/units/{code}", get(unit))
}

fn as_of(raw: Option<&str>) -> Result<NaiveDate, AppError> {
    match raw {
        None | Some("") => Ok(app::state::today()),
        Some(raw) => parse_date(raw).map_err(|e| {
            AppError::invalid(format!("as_of: {}", e.0.sv), format!("as_of: {}", e.0.en))
        }),
    }
}

/// The evaluation's records, or 404.
async fn evaluation_data(
    state: &AppState,
    code: &str,
) -> Result<std::sync::Arc<readiness_store::cache::Snapshot>, AppError> {
    readiness_store::cache::load_dataset(&state.pool, code)
        .await?
        .ok_or_else(|| {
            AppError::not_found(
                format!("Utvärderingen {code} finns inte."),
                format!("No evaluation {code}."),
            )
        })
}

#[derive(Deserialize)]
pub struct AsOfQuery {
    as_of: Option<String>,
    /// Answer from this frozen baseline instead of the live data.
    baseline: Option<String>,
}

async fn frozen(
    state: &AppState,
    baseline: &str,
    evaluation: &str,
) -> Result<readiness_rules::Snapshot, AppError> {
    readiness_store::baselines::snapshot(&state.pool, baseline, evaluation)
        .await?
        .ok_or_else(|| {
            AppError::not_found(
                format!("Baslinjen {baseline} finns inte för {evaluation}."),
                format!("No baseline {baseline} for {evaluation}."),
            )
        })
}

#[derive(Serialize)]
pub struct EvaluationUnits {
    evaluation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<String>,
    as_of: String,
    deadline: String,
    units: Vec<UnitLight>,
}

#[derive(Serialize)]
pub struct UnitLight {
    code: String,
    name: String,
    care_provider: String,
    light: Light,
    /// Green ÷ applicable criteria, percent.
    readiness: Option<f64>,
}

async fn evaluation_units(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<AsOfQuery>,
) -> Result<Json<EvaluationUnits>, AppError> {
    let as_of = as_of(query.as_of.as_deref())?;
    let dataset = evaluation_data(&state, &code).await?;
    if let Some(baseline) = query.baseline.filter(|b| !b.is_empty()) {
        let snapshot = frozen(&state, &baseline, &code).await?;
        return Ok(Json(EvaluationUnits {
            evaluation: code,
            baseline: Some(baseline),
            as_of: format_date(snapshot.as_of),
            deadline: format_date(dataset.evaluation.deadline),
            units: snapshot
                .units
                .into_iter()
                .map(|u| UnitLight {
                    code: u.code,
                    name: u.name,
                    care_provider: u.care_provider,
                    light: u.light,
                    readiness: u.readiness,
                })
                .collect(),
        }));
    }
    let board = dataset.board(as_of).await?;
    Ok(Json(EvaluationUnits {
        evaluation: dataset.evaluation.code.clone(),
        baseline: None,
        as_of: format_date(as_of),
        deadline: format_date(dataset.evaluation.deadline),
        // The units designated USV units on the date, as the matrix shows.
        units: board
            .counted_units()
            .map(|u| (&dataset.units[u], &board.summaries[u]))
            .map(|(u, s)| UnitLight {
                code: u.code.clone(),
                name: u.name.clone(),
                care_provider: u.care_provider.clone(),
                light: s.overall,
                readiness: s.readiness,
            })
            .collect(),
    }))
}

/// The forecast for the deadline ([`readiness_rules::project`]): both readings, each unit's
/// tasks and risks with dates, and the same words the pages show, in both languages. Units come
/// [`readiness_rules::PAGE_SIZE`] at a time, in the order of the evaluation's units (`page`).
#[derive(Serialize)]
pub struct Forecast {
    evaluation: String,
    as_of: String,
    deadline: String,
    days_left: i64,
    summary: Text,
    outlooks: readiness_rules::OutlookCounts,
    outlooks_text: Text,
    today: readiness_rules::LightCounts,
    all_done: readiness_rules::LightCounts,
    nothing_more: readiness_rules::LightCounts,
    paging: readiness_rules::Page,
    units: Vec<ForecastUnit>,
}

#[derive(Deserialize)]
pub struct ForecastQuery {
    as_of: Option<String>,
    page: Option<usize>,
}

#[derive(Serialize)]
pub struct ForecastUnit {
    code: String,
    name: String,
    care_provider: String,
    today: Light,
    all_done: Light,
    nothing_more: Light,
    on_track: bool,
    tasks: Vec<ForecastItem>,
    risks: Vec<ForecastItem>,
}

#[derive(Serialize)]
pub struct ForecastItem {
    kind: &'static str,
    criterion: String,
    date: Option<String>,
    text: Text,
}

fn both(text: impl Fn(Lang) -> String) -> Text {
    Text::new(text(Lang::Sv), text(Lang::En))
}

async fn forecast(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<ForecastQuery>,
) -> Result<Json<Forecast>, AppError> {
    let as_of = as_of(query.as_of.as_deref())?;
    let dataset = evaluation_data(&state, &code).await?;
    let p = dataset.projection(as_of).await?;
    let paging = readiness_rules::Page::of(
        p.units.len(),
        query.page.unwrap_or(1),
        readiness_rules::PAGE_SIZE,
    );
    Ok(Json(Forecast {
        evaluation: dataset.evaluation.code.clone(),
        as_of: format_date(as_of),
        deadline: format_date(p.deadline),
        days_left: p.days_left,
        summary: both(|lang| p.summary(lang)),
        outlooks: p.outlooks,
        outlooks_text: both(|lang| p.outlooks.text(lang)),
        today: p.today_counts,
        all_done: p.all_done_counts,
        nothing_more: p.nothing_more_counts,
        units: p.units[paging.range()]
            .iter()
            .map(|u| ForecastUnit {
                code: u.code.clone(),
                name: u.name.clone(),
                care_provider: u.care_provider.clone(),
                today: u.today,
                all_done: u.all_done,
                nothing_more: u.nothing_more,
                on_track: u.on_track(),
                tasks: u
                    .tasks
                    .iter()
                    .map(|t| ForecastItem {
                        kind: t.kind.code(),
                        criterion: t.criterion.clone(),
                        date: Some(format_date(t.date)),
                        text: both(|lang| t.text(lang)),
                    })
                    .collect(),
                risks: u
                    .risks
                    .iter()
                    .map(|r| ForecastItem {
                        kind: r.kind.code(),
                        criterion: r.criterion.clone(),
                        date: r.date.map(format_date),
                        text: both(|lang| r.text(lang)),
                    })
                    .collect(),
            })
            .collect(),
        paging,
    }))
}

#[derive(Deserialize)]
pub struct UnitQuery {
    evaluation: Option<String>,
    as_of: Option<String>,
    baseline: Option<String>,
}

#[derive(Serialize)]
pub struct UnitDetail {
    unit: String,
    name: String,
    evaluation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<String>,
    as_of: String,
    light: Light,
    readiness: Option<f64>,
    /// Whether the unit is a USV unit on the date (a former unit keeps its lights).
    designated: bool,
    criteria: Vec<CriterionLight>,
}

#[derive(Serialize)]
pub struct CriterionLight {
    code: String,
    light: Light,
    /// Which rule decided, e.g. `stale` or `action_overdue` (not kept in baselines).
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<readiness_rules::ReasonCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    /// The value as stored (`Ja`, `Nej`, a number, `ej tillämplig`), if any.
    value: Option<String>,
    measured: Option<String>,
}

async fn unit(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<UnitQuery>,
) -> Result<Json<UnitDetail>, AppError> {
    let as_of = as_of(query.as_of.as_deref())?;
    let evaluation = match query.evaluation.filter(|e| !e.is_empty()) {
        Some(e) => e,
        None => readiness_store::queries::list_evaluations(&state.pool)
            .await?
            .into_iter()
            .next()
            .map(|e| e.code)
            .ok_or_else(|| {
                AppError::not_found(
                    "Inga utvärderingar är inlästa.",
                    "No evaluations are loaded.",
                )
            })?,
    };
    if let Some(baseline) = query.baseline.filter(|b| !b.is_empty()) {
        let snapshot = frozen(&state, &baseline, &evaluation).await?;
        let unit = snapshot
            .units
            .iter()
            .find(|u| u.code == code)
            .ok_or_else(|| {
                AppError::not_found(
                    format!("Enheten {code} finns inte i {baseline}."),
                    format!("No unit {code} in {baseline}."),
                )
            })?;
        return Ok(Json(UnitDetail {
            unit: unit.code.clone(),
            name: unit.name.clone(),
            evaluation,
            baseline: Some(baseline.clone()),
            as_of: format_date(snapshot.as_of),
            light: unit.light,
            readiness: unit.readiness,
            // A baseline holds the units designated on its date.
            designated: true,
            criteria: snapshot
                .cells
                .iter()
                .filter(|c| c.unit == code)
                .map(|c| CriterionLight {
                    code: c.criterion.clone(),
                    light: c.light,
                    rule: None,
                    reason: None,
                    value: c.value.clone(),
                    measured: c.measured.map(format_date),
                })
                .collect(),
        }));
    }
    let dataset = evaluation_data(&state, &evaluation).await?;
    let u = dataset
        .units
        .iter()
        .position(|u| u.code == code)
        .ok_or_else(|| {
            AppError::not_found(
                format!("Enheten {code} finns inte."),
                format!("No unit {code}."),
            )
        })?;
    let board = dataset.board(as_of).await?;
    let criteria = board
        .unit_rows(&dataset, u)
        .map(|row| CriterionLight {
            code: row.criterion.code.clone(),
            light: row.assessment.light,
            rule: Some(row.assessment.reason.code),
            reason: Some(row.assessment.reason.text(Lang::Sv)),
            value: row.source.map(|v| v.value.canonical()),
            measured: row.source.map(|v| format_date(v.measured)),
        })
        .collect();
    Ok(Json(UnitDetail {
        unit: dataset.units[u].code.clone(),
        name: dataset.units[u].name.clone(),
        evaluation: dataset.evaluation.code.clone(),
        baseline: None,
        as_of: format_date(as_of),
        light: board.summaries[u].overall,
        readiness: board.summaries[u].readiness,
        designated: board.counts(u),
        criteria,
    }))
}
