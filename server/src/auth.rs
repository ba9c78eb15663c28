//! Sign-in: the session layer, the guard every request passes, log-in and log-out handlers and
//! the rate limit on failed log-ins.

use std::net::SocketAddr;

use app::auth::{SESSION_USER, SessionUser};
use app::error::AppError;
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, header};
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

/// Paths anyone may request: static files, the log-in page and its form, the identity provider's
/// start, answer and log-out, the no-access page, the accessibility statement (the law wants it
/// reachable by anyone), the language switch, and the one server function the log-in page calls
/// (it says whether someone is signed in).
fn is_public(path: &str) -> bool {
    use leptos::server_fn::ServerFn;
    is_static(path)
        || matches!(
            path,
            "/logga-in"
                | "/auth/logga-in"
                | "/tillganglighet"
                | "/ingen-atkomst"
                | "/auth/oidc/start"
                | "/auth/oidc/callback"
                | "/auth/oidc/logga-ut"
        )
        || path == app::components::GetSiteInfo::PATH
        || path.starts_with("/sprak/")
}

/// A safe local path to return to after signing in or switching language: one `/`, then no
/// second `/` or `\\` right after it, and no control characters anywhere (browsers drop tabs and
/// newlines from URLs, so `/%09/evil.example` would otherwise become `//evil.example`). What is
/// left is sent percent-encoded where it is not plain ASCII (`å`, spaces), so the `Location`
/// header is always clean. Anything else goes to the start page.
pub fn local_path(raw: Option<&str>) -> String {
    let Some(path) = raw.filter(|t| {
        let bytes = t.as_bytes();
        bytes.first() == Some(&b'/')
            && !matches!(bytes.get(1), Some(b'/' | b'\\'))
            && !t.chars().any(|c| c.is_control() || c == '\\')
    }) else {
        return "/".to_string();
    };
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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

/// Who a request is from: a valid session's user, nobody, or unknown because the database
/// could not be asked (busy or failing) — which must not look like being signed out.
enum Lookup {
    User(User),
    Nobody,
    Unavailable,
}

/// The user of a session, if the session is still valid for them (same generation, enabled).
async fn session_user(state: &AppState, session: &Session) -> Lookup {
    let stored: SessionUser = match session.get(SESSION_USER).await {
        Ok(Some(stored)) => stored,
        Ok(None) => return Lookup::Nobody,
        Err(e) => {
            tracing::error!(error = %e, "reading the session failed");
            return Lookup::Unavailable;
        }
    };
    match accounts::user_by_id(&state.pool, stored.id).await {
        Ok(Some(user)) if !user.disabled && user.generation == stored.generation => {
            Lookup::User(user)
        }
        Ok(_) => {
            // Password changed or account disabled since: this session is over.
            if let Err(e) = session.flush().await {
                tracing::error!(error = %e, "ending a stale session failed");
            }
            Lookup::Nobody
        }
        Err(e) => {
            tracing::error!(error = %e, "loading the session's user failed");
            Lookup::Unavailable
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
        return AppError::CrossSite.into_response();
    }
    // Static files are served to anyone without touching the database.
    if is_static(&path) {
        return next.run(request).await;
    }
    let user = match bearer(request.headers()) {
        Some(token) if path.starts_with("/api/v1/") && !unsafe_method => {
            match accounts::user_for_token(&state.pool, token).await {
                Ok(Some(user)) => Lookup::User(user),
                Ok(None) => Lookup::Nobody,
                Err(e) => {
                    tracing::error!(error = %e, "checking an API token failed");
                    Lookup::Unavailable
                }
            }
        }
        _ => session_user(&state, &session).await,
    };
    let user = match user {
        Lookup::User(user) => Some(user),
        Lookup::Nobody => None,
        Lookup::Unavailable if is_public(&path) => None,
        Lookup::Unavailable => {
            let mut busy = AppError::Busy.into_response();
            busy.headers_mut().insert(
                header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("5"),
            );
            return busy;
        }
    };
    match user {
        Some(user) => {
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        None if is_public(&path) => next.run(request).await,
        None if path.starts_with("/api/") => AppError::NotSignedIn.into_response(),
        None => {
            let back = match request.uri().query() {
                Some(q) => format!("{path}?{q}"),
                None => path,
            };
            Redirect::to(&format!(
                "/logga-in?tillbaka={}",
                readiness_rules::encode_query(&back)
            ))
            .into_response()
        }
    }
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    tillbaka: Option<String>,
}

fn back_to_login(error: &str, back: &str) -> Response {
    Redirect::to(&format!(
        "/logga-in?fel={error}&tillbaka={}",
        readiness_rules::encode_query(back)
    ))
    .into_response()
}

/// `POST /auth/logga-in`: checks the password, starts a fresh session, goes back.
pub async fn log_in(
    State(state): State<AppState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let back = local_path(form.tillbaka.as_deref());
    if !state.sign_in.passwords {
        return back_to_login("bara-sso", &back);
    }
    let account = form.email.trim().to_lowercase();
    let peer = connect.map(|Extension(ConnectInfo(peer))| peer.ip());
    let address = state.network.client_address(&headers, peer);
    // Counted before the (slow) check, so concurrent guesses cannot all pass the limit.
    let counted = state
        .login_throttle
        .begin(&state.pool, &account, &address, app::throttle::now_millis())
        .await;
    let attempt = match counted {
        Ok(Ok(attempt)) => attempt,
        Err(e) => return AppError::internal(format!("log-in counters: {e}")).into_response(),
        Ok(Err(refused)) => {
            tracing::warn!(%account, %address, minutes = refused.minutes(), "log-in refused: too many failures");
            return back_to_login(&format!("sparrad&minuter={}", refused.minutes()), &back);
        }
    };
    let user = match accounts::authenticate(&state.pool, &account, &form.password).await {
        Ok(user) => user,
        Err(e) => return AppError::internal(format!("log-in failed: {e}")).into_response(),
    };
    let Some(user) = user else {
        tracing::info!(%account, %address, "log-in failed");
        return back_to_login("fel", &back);
    };
    if let Err(e) = state.login_throttle.succeed(&state.pool, attempt).await {
        return AppError::internal(format!("log-in counters: {e}")).into_response();
    }
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
        return AppError::internal(format!("storing the session failed: {e}")).into_response();
    }
    tracing::info!(email = %user.email, role = user.role.code(), "signed in");
    Redirect::to(&back).into_response()
}

/// `POST /auth/logga-ut`: ends this session. Someone who came through the identity provider is
/// then offered its log-out too (on the log-in page).
pub async fn log_out(session: Session) -> Response {
    let via_provider = matches!(
        session.get::<bool>(crate::oidc::VIA_PROVIDER).await,
        Ok(Some(true))
    );
    if let Err(e) = session.flush().await {
        return AppError::internal(format!("ending the session failed: {e}")).into_response();
    }
    if via_provider {
        Redirect::to("/logga-in?utloggad=1&hos-idp=1").into_response()
    } else {
        Redirect::to("/logga-in?utloggad=1").into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\u{85}/evil.example",
        ] {
            assert_eq!(local_path(Some(bad)), "/");
        }
        assert_eq!(local_path(None), "/");
        // Spaces and Swedish letters stay, percent-encoded: still a path on this site.
        assert_eq!(
            local_path(Some("/matris?vardgivare=S:t Eriks Ögonsjukhus")),
            "/matris?vardgivare=S:t%20Eriks%20%C3%96gonsjukhus"
        );
        assert_eq!(local_path(Some("/ /evil.example")), "/%20/evil.example");
    }
}
