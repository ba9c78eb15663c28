//! Server-only helpers shared by the server functions.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::FromRef;
use chrono::NaiveDate;
use leptos::prelude::*;
use readiness_store::SqlitePool;
use readiness_store::import::Progress;

/// Imports running in the background, by upload id, for their progress bars.
pub type ImportJobs = Arc<Mutex<HashMap<i64, Arc<Progress>>>>;

/// Everything a request handler needs; given to `leptos_routes_with_context`.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: SqlitePool,
    pub leptos_options: LeptosOptions,
    /// Mark the session cookie `Secure` (serve over https).
    pub secure_cookies: bool,
    pub import_jobs: ImportJobs,
}

impl AppState {
    pub fn new(pool: SqlitePool, leptos_options: LeptosOptions, secure_cookies: bool) -> AppState {
        AppState {
            pool,
            leptos_options,
            secure_cookies,
            import_jobs: ImportJobs::default(),
        }
    }
}

/// The whole server state of the running request.
pub fn app_state() -> Result<AppState, ServerFnError> {
    use_context::<AppState>().ok_or_else(|| ServerFnError::new("server state missing"))
}

/// The database pool of the running server.
pub fn pool() -> Result<SqlitePool, ServerFnError> {
    use_context::<AppState>()
        .map(|s| s.pool)
        .ok_or_else(|| ServerFnError::new("server state missing"))
}

/// Logs an internal error and answers with a generic message: details stay in the log.
pub fn internal(error: impl std::fmt::Display) -> ServerFnError {
    tracing::error!(%error, "request failed");
    ServerFnError::new("Internt fel / internal error")
}

/// Today, in the server's local time zone.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// `as_of` from a query string; missing or unreadable means today.
pub fn as_of_or_today(raw: Option<&str>) -> NaiveDate {
    raw.and_then(|r| readiness_rules::parse_date(r).ok())
        .unwrap_or_else(today)
}

/// Marks the response as 404 (the page itself says what was not found).
pub fn set_not_found() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
}

/// Every evaluation, and the dataset of the one asked for (an empty code counts as none) or else
/// of the first. `None` when there is no evaluation, or the code is unknown (then a 404).
pub async fn chosen_dataset(
    pool: &SqlitePool,
    asked: Option<String>,
) -> Result<Option<(Vec<readiness_rules::Evaluation>, readiness_rules::Dataset)>, ServerFnError> {
    let evaluations = readiness_store::queries::list_evaluations(pool)
        .await
        .map_err(internal)?;
    let Some(code) = asked
        .filter(|e| !e.is_empty())
        .or_else(|| evaluations.first().map(|e| e.code.clone()))
    else {
        return Ok(None);
    };
    match readiness_store::queries::load_dataset(pool, &code)
        .await
        .map_err(internal)?
    {
        Some(dataset) => Ok(Some((evaluations, dataset))),
        None => {
            set_not_found();
            Ok(None)
        }
    }
}
