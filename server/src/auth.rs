//! Sign-in: the session layer, the guard every request passes, log-in and log-out handlers and
//! the rate limit on failed log-ins.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::auth::{SESSION_USER, SessionUser};
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use readiness_store::accounts::{self, User};
use readiness_store::sessions::SqlSessionStore;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

/// Sessions end after this long without a request.
pub const IDLE_TIMEOUT_HOURS: i64 = 8;

pub fn session_layer(state: &AppState) -> SessionManagerLayer<SqlSessionStore> {
    SessionManagerLayer::new(SqlSessionStore::new(state.pool.clone()))
        .with_name("readiness_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(
            IDLE_TIMEOUT_HOURS,
        )))
}

/// Static files and the health check: no user is looked up for them.
fn is_static(path: &str) -> bool {
    matches!(path, "/health" | "/favicon.ico") || path.starts_with("/pkg/")
}

/// Paths anyone may request: static files, the log-in page and its form, the language switch,
/// and the one server function the log-in page calls (it says whether someone is signed in).
fn is_public(path: &str) -> bool {
    is_static(path)
        || matches!(path, "/logga-in" | "/auth/logga-in" | "/api/site_info")
        || path.starts_with("/sprak/")
}

/// A safe local path to return to after signing in (never another site).
pub fn local_path(raw: Option<&str>) -> String {
    raw.filter(|t| t.starts_with('/') && !t.starts_with("//") && !t.contains('\\'))
        .unwrap_or("/")
        .to_string()
}

/// Whether an unsafe request comes from our own pages: the browser's `Origin` (or, failing
/// that, `Sec-Fetch-Site`) must say so. Refuses cross-site form posts and fetches (CSRF).
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
        return host.is_some_and(|h| h.eq_ignore_ascii_case(origin_host));
    }
    headers
        .get("sec-fetch-site")
        .and_then(|s| s.to_str().ok())
        .is_some_and(|s| s == "same-origin")
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// The user of a session, if the session is still valid for them (same generation, enabled).
async fn session_user(state: &AppState, session: &Session) -> Option<User> {
    let stored: SessionUser = match session.get(SESSION_USER).await {
        Ok(stored) => stored?,
        Err(e) => {
            tracing::error!(error = %e, "reading the session failed");
            return None;
        }
    };
    match accounts::user_by_id(&state.pool, stored.id).await {
        Ok(Some(user)) if !user.disabled && user.generation == stored.generation => Some(user),
        Ok(_) => {
            // Password changed or account disabled since: this session is over.
            if let Err(e) = session.flush().await {
                tracing::error!(error = %e, "ending a stale session failed");
            }
            None
        }
        Err(e) => {
            tracing::error!(error = %e, "loading the session's user failed");
            None
        }
    }
}

/// Runs before every route: finds the user (session cookie, or a bearer token on the read API),
/// refuses cross-site unsafe requests, and sends anyone not signed in to the log-in page (pages)
/// or answers 401 (API and server functions). Permissions are then checked per action by the
/// handlers themselves.
pub async fn guard(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if unsafe_method && !same_origin(request.headers()) {
        return (
            StatusCode::FORBIDDEN,
            "Begäran kom från en annan webbplats / cross-site request refused",
        )
            .into_response();
    }
    // Static files are served to anyone without touching the database.
    if is_static(&path) {
        return next.run(request).await;
    }
    let user = match bearer(request.headers()) {
        Some(token) if path.starts_with("/api/v1/") && !unsafe_method => {
            match accounts::user_for_token(&state.pool, token).await {
                Ok(user) => user,
                Err(e) => {
                    tracing::error!(error = %e, "checking an API token failed");
                    None
                }
            }
        }
        _ => session_user(&state, &session).await,
    };
    match user {
        Some(user) => {
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        None if is_public(&path) => next.run(request).await,
        None if path.starts_with("/api/") => {
            (StatusCode::UNAUTHORIZED, "Logga in först / sign in first").into_response()
        }
        None => {
            let back = match request.uri().query() {
                Some(q) => format!("{path}?{q}"),
                None => path,
            };
            Redirect::to(&format!(
                "/logga-in?tillbaka={}",
                app::components::encode_query(&back)
            ))
            .into_response()
        }
    }
}

/// Failed log-ins per account and per address within a window; over the limit, log-in is
/// refused (even with the right password) until the window has passed.
#[derive(Debug)]
pub struct LoginThrottle {
    window: Duration,
    per_account: u32,
    per_address: u32,
    failures: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle::new(Duration::from_secs(15 * 60), 5, 20)
    }
}

impl LoginThrottle {
    pub fn new(window: Duration, per_account: u32, per_address: u32) -> Self {
        LoginThrottle {
            window,
            per_account,
            per_address,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn count(&self, key: &str, now: Instant) -> u32 {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(key) {
            Some((start, n)) if now.duration_since(*start) < self.window => *n,
            _ => 0,
        }
    }

    /// Minutes until a blocked account or address may try again; `None` when not blocked.
    pub fn blocked(&self, account: &str, address: &str, now: Instant) -> Option<u64> {
        let over = self.count(&format!("a:{account}"), now) >= self.per_account
            || self.count(&format!("ip:{address}"), now) >= self.per_address;
        over.then(|| self.window.as_secs().div_ceil(60))
    }

    pub fn fail(&self, account: &str, address: &str, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for key in [format!("a:{account}"), format!("ip:{address}")] {
            let entry = map.entry(key).or_insert((now, 0));
            if now.duration_since(entry.0) >= self.window {
                *entry = (now, 0);
            }
            entry.1 += 1;
        }
        // Forget old entries now and then so the map cannot grow without bound.
        if map.len() > 10_000 {
            map.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
    }

    pub fn succeed(&self, account: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&format!("a:{account}"));
    }
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    tillbaka: Option<String>,
}

/// Logs an internal error and answers generically.
fn internal_error(error: impl std::fmt::Display, what: &str) -> Response {
    tracing::error!(%error, "{what}");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Internt fel / internal error",
    )
        .into_response()
}

fn back_to_login(error: &str, back: &str) -> Response {
    Redirect::to(&format!(
        "/logga-in?fel={error}&tillbaka={}",
        app::components::encode_query(back)
    ))
    .into_response()
}

/// `POST /auth/logga-in`: checks the password, starts a fresh session, goes back.
pub async fn log_in(
    State(state): State<AppState>,
    Extension(throttle): Extension<Arc<LoginThrottle>>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let back = local_path(form.tillbaka.as_deref());
    let account = form.email.trim().to_lowercase();
    let address = connect
        .map(|Extension(ConnectInfo(peer))| peer.ip().to_string())
        .unwrap_or_default();
    let now = Instant::now();
    if throttle.blocked(&account, &address, now).is_some() {
        tracing::warn!(%account, %address, "log-in refused: too many failures");
        return back_to_login("sparrad", &back);
    }
    let user = match accounts::authenticate(&state.pool, &account, &form.password).await {
        Ok(user) => user,
        Err(e) => return internal_error(e, "log-in failed"),
    };
    let Some(user) = user else {
        throttle.fail(&account, &address, now);
        return back_to_login("fel", &back);
    };
    throttle.succeed(&account);
    // A new session id at sign-in: an id planted before cannot be taken over.
    let stored = SessionUser {
        id: user.id,
        generation: user.generation,
    };
    if let Err(e) = async {
        session.cycle_id().await?;
        session.insert(SESSION_USER, stored).await
    }
    .await
    {
        return internal_error(e, "storing the session failed");
    }
    tracing::info!(email = %user.email, role = user.role.code(), "signed in");
    Redirect::to(&back).into_response()
}

/// `POST /auth/logga-ut`: ends this session.
pub async fn log_out(session: Session) -> Response {
    if let Err(e) = session.flush().await {
        return internal_error(e, "ending the session failed");
    }
    Redirect::to("/logga-in?utloggad=1").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_blocks_after_the_limit_and_forgets_after_the_window() {
        let t = LoginThrottle::new(Duration::from_secs(60), 3, 5);
        let start = Instant::now();
        for _ in 0..2 {
            t.fail("anna@x.se", "10.0.0.1", start);
        }
        assert_eq!(t.blocked("anna@x.se", "10.0.0.1", start), None);
        t.fail("anna@x.se", "10.0.0.1", start);
        assert_eq!(
            t.blocked("anna@x.se", "10.0.0.2", start),
            Some(1),
            "per account, from any address"
        );
        assert_eq!(t.blocked("bo@x.se", "10.0.0.2", start), None);
        assert_eq!(
            t.blocked("anna@x.se", "10.0.0.1", start + Duration::from_secs(61)),
            None
        );
    }

    #[test]
    fn throttle_counts_per_address_across_accounts() {
        let t = LoginThrottle::new(Duration::from_secs(60), 3, 5);
        let now = Instant::now();
        for i in 0..5 {
            t.fail(&format!("user{i}@x.se"), "10.0.0.9", now);
        }
        assert!(t.blocked("someone@x.se", "10.0.0.9", now).is_some());
        assert!(t.blocked("someone@x.se", "10.0.0.8", now).is_none());
    }

    #[test]
    fn success_clears_the_account_count() {
        let t = LoginThrottle::new(Duration::from_secs(60), 2, 50);
        let now = Instant::now();
        t.fail("anna@x.se", "a", now);
        t.succeed("anna@x.se");
        t.fail("anna@x.se", "a", now);
        assert!(t.blocked("anna@x.se", "a", now).is_none());
    }

    #[test]
    fn only_same_origin_unsafe_requests_pass() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
        assert!(!same_origin(&h), "no Origin, no Sec-Fetch-Site");
        h.insert(header::ORIGIN, "http://127.0.0.1:3000".parse().unwrap());
        assert!(same_origin(&h));
        h.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert!(!same_origin(&h));
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert!(!same_origin(&h));
        h.insert("sec-fetch-site", "same-origin".parse().unwrap());
        assert!(same_origin(&h));
    }

    #[test]
    fn return_paths_stay_on_this_site() {
        assert_eq!(local_path(Some("/matris?x=1")), "/matris?x=1");
        for bad in ["//evil.example", "https://evil.example", "/\\evil", ""] {
            assert_eq!(local_path(Some(bad)), "/");
        }
        assert_eq!(local_path(None), "/");
    }
}
