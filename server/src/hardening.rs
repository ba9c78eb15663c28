//! What every response gets whatever produced it: the host allow-list, the security headers, no
//! caching of signed-in pages, and errors in the form the request needs (server-function
//! encoding, the API's JSON, or text in the reader's language) with their status.

use app::error::AppError;
use app::i18n::Lang;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;

/// For responses that set no policy of their own (the app's pages set one with their nonce):
/// nothing may run, load or frame.
const DEFAULT_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Files under `/pkg/` are the same for everyone and never secret.
fn is_static_file(path: &str) -> bool {
    path.starts_with("/pkg/")
}

/// `readiness.<hash>.wasm`: cargo-leptos's content hash (base64url of an MD5) between name and
/// extension.
fn has_content_hash(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[parts.len() - 2].len() >= 16
        && parts[parts.len() - 2]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Refuses requests for a host name that is not ours, answers errors in the reader's form, then
/// adds the headers to every answer, refusals included.
pub async fn harden(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let audience = Audience::of(&path);
    let lang = app::i18n::lang_of_request(request.headers());
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    let known_host = host
        .as_deref()
        .is_some_and(|h| state.network.host_allowed(h));
    let mut response = if known_host {
        next.run(request).await
    } else {
        tracing::warn!(
            host = host.as_deref().unwrap_or(""),
            "refused: unknown host"
        );
        // Nothing runs for it, but the answer gets the headers below like any other.
        AppError::UnknownHost.into_response()
    };
    if let Some(error) = response.extensions_mut().remove::<AppError>() {
        let answered = answer(error, audience, lang);
        response = keep_headers(response.headers(), answered);
    } else if audience == Audience::ServerFunction
        && response
            .headers()
            .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        response = with_error_status(&path, response).await;
    }
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(headers, header::CONTENT_SECURITY_POLICY, DEFAULT_POLICY);
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(
        headers,
        axum::http::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if !is_static_file(&path) {
        // Pages and data are per user: never kept by a browser or proxy.
        set(headers, header::CACHE_CONTROL, "no-store");
    } else if state.leptos_options.hash_files && has_content_hash(&path) {
        // A new build has new names: the old ones never change.
        set(
            headers,
            header::CACHE_CONTROL,
            "public, max-age=31536000, immutable",
        );
    } else {
        // Plain names change content between builds: ask each time (304 when unchanged).
        set(headers, header::CACHE_CONTROL, "no-cache");
    }
    if state.secure_cookies {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000",
        );
    }
    response
}

/// Requests computed at once (pages, server functions, the API). The machine has few cores: more
/// at once makes none faster, and each holds its page's working memory while it renders (the
/// matrix of 100 national units is megabytes), so 50 readers at once kept 2 GB resident. The
/// others wait in line; static files and `/health` do not.
static TURNS: LazyLock<Arc<Semaphore>> =
    LazyLock::new(|| Arc::new(Semaphore::new((2 * cores()).max(4))));

/// The cores this process may use (2 when the system does not say): what the server's
/// concurrency limits scale with.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Request bodies are read before a turn is taken, at most this much (axum's limit for server
/// functions is 2 MiB; a larger body is refused either way). Uploads read their own, bounded.
const BODY_BEFORE_TURN: usize = 2 << 20;

/// Waits for a turn to compute the answer. Neither end of a slow connection holds one: the
/// request's body is read before the turn (bounded), and the answer is written whole inside it
/// and sent after it.
pub async fn take_turns(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    // The identity provider's routes wait on the provider, not on this machine: in line they
    // would hold every turn while it is slow or down.
    if is_static_file(&path)
        || path == "/health"
        || path == crate::transfer::UPLOAD_PATH
        || path == crate::evidence::UPLOAD_PATH
        || path.starts_with("/auth/oidc/")
    {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let body = match http_body_util::Limited::new(body, BODY_BEFORE_TURN)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            let too_large = e
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            tracing::warn!(path, error = %e, "refused: request body unreadable or too large");
            return if too_large {
                AppError::TooLarge
            } else {
                AppError::Unreadable
            }
            .into_response();
        }
    };
    let request = Request::from_parts(parts, Body::from(body));
    let Ok(turn) = TURNS.clone().acquire_owned().await else {
        // Never closed; should it be, the request is answered rather than lost.
        return next.run(request).await;
    };
    let (parts, body) = next.run(request).await.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            tracing::error!(path, error = %e, "writing an answer failed");
            return AppError::Internal.into_response();
        }
    };
    drop(turn);
    Response::from_parts(parts, Body::from(body))
}

/// Who reads an answer, which decides the form of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    /// The app in the browser, through a server function: the server-function encoding.
    ServerFunction,
    /// A program, through the read API: `{"error": …}`.
    Api,
    /// A person, at any other address: text in their language.
    Person,
}

impl Audience {
    fn of(path: &str) -> Audience {
        if path.starts_with("/api/v1/") {
            Audience::Api
        } else if path.starts_with("/api/") {
            Audience::ServerFunction
        } else {
            Audience::Person
        }
    }
}

/// The answer to `error` for `audience`.
fn answer(error: AppError, audience: Audience, lang: Lang) -> Response {
    match audience {
        Audience::ServerFunction => error.server_fn_response(),
        Audience::Api => (error.status(), error.api_body()).into_response(),
        Audience::Person => {
            let mut response = (error.status(), error.message(lang)).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            response
        }
    }
}

/// `answer` with the headers the route set beside its error that do not describe the old body:
/// cookies, `Retry-After`, `WWW-Authenticate`, `Vary`.
fn keep_headers(original: &axum::http::HeaderMap, mut answer: Response) -> Response {
    const KEPT: [header::HeaderName; 4] = [
        header::SET_COOKIE,
        header::RETRY_AFTER,
        header::WWW_AUTHENTICATE,
        header::VARY,
    ];
    for name in &KEPT {
        for value in original.get_all(name) {
            answer.headers_mut().append(name.clone(), value.clone());
        }
    }
    answer
}

/// A server function's error leaves leptos as a 500 whatever it was: the status follows the
/// error it carries (400 for unreadable arguments, 401, 403, 404, 413). Anything else is left as
/// it is: a form posted without JavaScript gets its error as a redirect back to the form (302
/// with `Location`), which must stay one.
async fn with_error_status(path: &str, response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            tracing::error!(error = %e, path, "reading an error response failed");
            return AppError::Internal.server_fn_response();
        }
    };
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(error) => {
            parts.status = error.status();
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(e) => {
            // Not ours (a server function that does not answer with `AppError`): nothing of it
            // goes out.
            tracing::error!(error = %e, path, "a server function answered an unknown error");
            keep_headers(&parts.headers, AppError::Internal.server_fn_response())
        }
    }
}
