//! readiness server: configuration, command line, HTTP routes and the JSON read API.

pub mod api;
pub mod auth;
pub mod cli;
pub mod config;
pub mod evidence;
pub mod hardening;
pub mod mail;
pub mod notify;
pub mod oidc;
pub mod transfer;

use app::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::OnceLock;

/// The whole HTTP application; tests call this with their own state.
pub fn app(state: AppState) -> Router {
    let routes = route_list();
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    let guarded_state = state.clone();
    let sessions = auth::session_layer(&state);
    let mut router = Router::new();
    if let Some(settings) = &state.sign_in.provider {
        match oidc::Provider::new(settings.clone()) {
            Ok(provider) => router = router.merge(oidc::routes(std::sync::Arc::new(provider))),
            Err(e) => tracing::error!(error = %e, "single sign-on is off: no HTTP client"),
        }
    }
    router
        .route("/health", get(health))
        .route("/sprak/{lang}", get(set_language))
        .route("/auth/logga-in", post(auth::log_in))
        .route("/auth/logga-ut", post(auth::log_out))
        .merge(api::routes())
        .merge(transfer::routes())
        .merge(evidence::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(shell_options.clone()),
        )
        // Static files from the site root; anything else renders the app's 404 page (the
        // handler provides the state as context itself).
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Every request passes the guard (sign-in, same-origin writes); it needs the session.
        .layer(middleware::from_fn_with_state(guarded_state, auth::guard))
        .layer(sessions)
        .layer(middleware::from_fn(hardening::take_turns))
        // An unknown Host is refused before anything else runs, and every answer, errors
        // included, gets the security headers.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            hardening::harden,
        ))
        // Pages, data and the wasm bundle go compressed to browsers that accept it (brotli or
        // gzip): the matrix page's HTML shrinks about tenfold.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(tower_http::CompressionLevel::Fastest),
        )
        .with_state(state)
}

/// The app's routes, listed once per process: listing them renders the app in a special mode, and
/// doing that while other requests render made those renders stall (seen in parallel tests).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

async fn health() -> &'static str {
    "ok"
}

#[derive(serde::Deserialize)]
struct Back {
    tillbaka: Option<String>,
}

/// Remembers the chosen language in a cookie and goes back to the page the reader was on.
async fn set_language(Path(lang): Path<String>, Query(back): Query<Back>) -> Response {
    let Some(lang) = readiness_rules::Lang::from_code(&lang) else {
        return app::error::AppError::not_found("Okänt språk.", "Unknown language.")
            .into_response();
    };
    // Only local paths: never an open redirect.
    let target = auth::local_path(back.tillbaka.as_deref());
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        app::i18n::LANG_COOKIE,
        lang.code()
    );
    let mut response = Redirect::to(&target).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
