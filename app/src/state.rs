//! Server-only helpers shared by the server functions.

use axum::extract::FromRef;
use chrono::NaiveDate;
use leptos::prelude::*;
use readiness_store::SqlitePool;

/// Everything a request handler needs; given to `leptos_routes_with_context`.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: SqlitePool,
    pub leptos_options: LeptosOptions,
    /// Mark the session cookie `Secure` (serve over https).
    pub secure_cookies: bool,
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
