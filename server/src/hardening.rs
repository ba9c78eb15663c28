//! What every response gets whatever produced it: the host allow-list, the security headers, no
//! caching of signed-in pages, and server-function errors that say nothing of our internals.

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

/// Refuses requests for a host name that is not ours, then adds the headers.
pub async fn harden(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    if !host
        .as_deref()
        .is_some_and(|h| state.network.host_allowed(h))
    {
        tracing::warn!(
            host = host.as_deref().unwrap_or(""),
            "refused: unknown host"
        );
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "Okänt värdnamn / unknown host name",
        )
            .into_response();
    }
    let path = request.uri().path().to_string();
    let server_function = path.starts_with("/api/") && !path.starts_with("/api/v1/");
    let mut response = next.run(request).await;
    if server_function && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        response = generic_server_fn_error(&path, response).await;
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
static TURNS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Arc::new(Semaphore::new((2 * cores).max(4)))
});

/// Request bodies are read before a turn is taken, at most this much (axum's limit for server
/// functions is 2 MiB; a larger body is refused either way). Uploads read their own, bounded.
const BODY_BEFORE_TURN: usize = 2 << 20;

/// Waits for a turn to compute the answer. Neither end of a slow connection holds one: the
/// request's body is read before the turn (bounded), and the answer is written whole inside it
/// and sent after it.
pub async fn take_turns(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if is_static_file(&path) || path == "/health" || path == crate::transfer::UPLOAD_PATH {
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
            return refusal(&path, too_large);
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
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internt fel / internal error",
            )
                .into_response();
        }
    };
    drop(turn);
    Response::from_parts(parts, Body::from(body))
}

/// The generic answer to a request the client got wrong (413 when too large, else 400), in the
/// server-function encoding for server functions.
fn refusal(path: &str, too_large: bool) -> Response {
    let server_function = path.starts_with("/api/") && !path.starts_with("/api/v1/");
    let (status, message) = if too_large {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            "Begäran är för stor / request too large",
        )
    } else {
        (StatusCode::BAD_REQUEST, "Ogiltig begäran / bad request")
    };
    let body = if server_function {
        format!("ServerError|{message}")
    } else {
        message.to_string()
    };
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// A server function whose arguments could not be read answers 500 with the deserializer's
/// words in leptos 0.8. Those are the client's fault: 400 (413 for a body over the limit), a
/// generic message in the server-function encoding, and the details in our log.
async fn generic_server_fn_error(path: &str, response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            tracing::error!(error = %e, path, "reading an error response failed");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "ServerError|Internt fel / internal error",
            )
                .into_response();
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let (kind, detail) = text.split_once('|').unwrap_or(("", &text));
    let status = match kind {
        "Args" | "Deserialization" | "MissingArg" | "Request"
            if detail.contains("length limit") =>
        {
            StatusCode::PAYLOAD_TOO_LARGE
        }
        "Args" | "Deserialization" | "MissingArg" | "Request" => StatusCode::BAD_REQUEST,
        // Our own failure: already logged where it happened, already generic.
        _ => return Response::from_parts(parts, Body::from(bytes)),
    };
    tracing::warn!(path, %detail, "refused: unreadable server function arguments");
    refusal(path, status == StatusCode::PAYLOAD_TOO_LARGE)
}
