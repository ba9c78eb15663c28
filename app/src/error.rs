//! The one error of the request layer: what the user is told, in their language; the HTTP
//! status it answers with; how it crosses the server-function boundary (JSON) and how the API
//! and the server's own routes answer with it. Internals are logged where they become an
//! `AppError` and never travel in it.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use readiness_rules::{Lang, Text, tr};
use serde::{Deserialize, Serialize};

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// No session and no API token: 401.
    NotSignedIn,
    /// Signed in, but the role or units do not allow it: 403.
    Forbidden,
    /// The thing asked for does not exist: 404.
    NotFound(Text),
    /// The request names something impossible (an unknown decision, a date that is not one): 400.
    Invalid(Text),
    /// The request could not be read (arguments missing or malformed): 400, details in the log.
    Unreadable,
    /// The request body is over its limit: 413.
    TooLarge,
    /// Our own failure: 500, details in the log.
    Internal,
    /// A write sent from another site's page: 403.
    CrossSite,
    /// The request names a host we do not answer to: 421.
    UnknownHost,
    /// The database cannot be reached just now: 503, try again.
    Busy,
    /// The browser could not reach the server or read its answer; never made on the server.
    Unreachable,
}

impl AppError {
    /// Logs an internal failure where it happened and answers generically.
    #[cfg(feature = "ssr")]
    pub fn internal(error: impl std::fmt::Display) -> AppError {
        tracing::error!(%error, "request failed");
        AppError::Internal
    }

    pub fn not_found(sv: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::NotFound(Text::new(sv, en))
    }

    pub fn invalid(sv: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::Invalid(Text::new(sv, en))
    }

    /// What the user is told.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::NotSignedIn => tr(lang, "Logga in först.", "Sign in first.").into(),
            AppError::Forbidden => tr(
                lang,
                "Du har inte behörighet till det här.",
                "You are not allowed to do this.",
            )
            .into(),
            AppError::NotFound(text) | AppError::Invalid(text) => text.get(lang).into(),
            AppError::Unreadable => tr(lang, "Ogiltig begäran.", "Bad request.").into(),
            AppError::TooLarge => {
                tr(lang, "Begäran är för stor.", "The request is too large.").into()
            }
            AppError::Internal => tr(
                lang,
                "Internt fel. Felet är loggat; försök igen om en stund.",
                "Internal error. It has been logged; try again in a while.",
            )
            .into(),
            AppError::CrossSite => tr(
                lang,
                "Begäran kom från en annan webbplats och avvisades.",
                "The request came from another site and was refused.",
            )
            .into(),
            AppError::UnknownHost => tr(lang, "Okänt värdnamn.", "Unknown host name.").into(),
            AppError::Busy => tr(
                lang,
                "Tjänsten är upptagen; försök igen om en stund.",
                "The service is busy; try again shortly.",
            )
            .into(),
            AppError::Unreachable => tr(
                lang,
                "Servern svarade inte. Kontrollera anslutningen och försök igen.",
                "The server did not answer. Check the connection and try again.",
            )
            .into(),
        }
    }

    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotSignedIn => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::CrossSite => StatusCode::FORBIDDEN,
            AppError::UnknownHost => StatusCode::MISDIRECTED_REQUEST,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Invalid(_) | AppError::Unreadable => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Unreachable => StatusCode::BAD_GATEWAY,
        }
    }

    /// The answer in the server-function encoding, for a refusal made before any server function
    /// ran (the body limit): the browser reads it as this error.
    #[cfg(feature = "ssr")]
    pub fn server_fn_response(&self) -> axum::response::Response {
        use axum::response::IntoResponse;
        let mut response = (self.status(), self.ser()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        headers.insert(
            leptos::server_fn::error::SERVER_FN_ERROR_HEADER,
            http::HeaderValue::from_static("refused"),
        );
        response
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// The framework's own failures. On the server they are the client's (arguments that cannot
    /// be read) or ours; in the browser, the network's.
    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        match error {
            ServerFnErrorErr::Args(detail)
            | ServerFnErrorErr::Deserialization(detail)
            | ServerFnErrorErr::MissingArg(detail)
            | ServerFnErrorErr::Request(detail) => {
                tracing::warn!(%detail, "refused: unreadable server function arguments");
                if detail.contains("length limit") {
                    AppError::TooLarge
                } else {
                    AppError::Unreadable
                }
            }
            ServerFnErrorErr::Registration(path) => {
                tracing::warn!(%path, "refused: no such server function");
                AppError::not_found("Finns inte.", "Not found.")
            }
            other => AppError::internal(other),
        }
        // An answer that is not ours (a proxy's 502 page, an older server) cannot be read either:
        // nothing was logged for it here, so it is no "internal error".
        #[cfg(not(feature = "ssr"))]
        match error {
            ServerFnErrorErr::Request(_)
            | ServerFnErrorErr::Response(_)
            | ServerFnErrorErr::Deserialization(_) => AppError::Unreachable,
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
    use readiness_store::StoreError;

    impl From<StoreError> for AppError {
        /// Every connection busy is a moment's wait (503, try again), not a failure of ours.
        fn from(error: StoreError) -> AppError {
            if error.is_busy() {
                tracing::warn!(%error, "busy: no database connection free in time");
                AppError::Busy
            } else {
                AppError::internal(error)
            }
        }
    }

    /// For `leptos_axum::extract`.
    impl From<ServerFnErrorErr> for AppError {
        fn from(error: ServerFnErrorErr) -> AppError {
            AppError::from_server_fn_error(error)
        }
    }

    /// A route's error: the status, and the error itself in the response's extensions, so the
    /// server's outermost layer answers in the form the request needs (the server-function
    /// encoding, the API's JSON, or text in the reader's language). The body here is the API's,
    /// so a router used without that layer still answers sensibly.
    impl axum::response::IntoResponse for AppError {
        fn into_response(self) -> axum::response::Response {
            let mut response = (self.status(), self.api_body()).into_response();
            response.extensions_mut().insert(self);
            response
        }
    }

    #[derive(serde::Serialize)]
    pub struct ApiBody {
        error: String,
    }

    impl AppError {
        /// `{"error": "…"}`, in English: the read API's answer to programs.
        pub fn api_body(&self) -> axum::Json<ApiBody> {
            axum::Json(ApiBody {
                error: self.message(readiness_rules::Lang::En),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_message_in_each_language() {
        let all = [
            AppError::NotSignedIn,
            AppError::Forbidden,
            AppError::not_found("Enheten finns inte.", "No such unit."),
            AppError::invalid("Okänt beslut.", "Unknown decision."),
            AppError::Unreadable,
            AppError::TooLarge,
            AppError::Internal,
            AppError::CrossSite,
            AppError::UnknownHost,
            AppError::Busy,
            AppError::Unreachable,
        ];
        for error in &all {
            let (sv, en) = (error.message(Lang::Sv), error.message(Lang::En));
            assert!(!sv.is_empty() && !en.is_empty(), "{error:?}");
            assert_ne!(sv, en, "{error:?}");
            assert!(!sv.contains(" / "), "one language at a time: {sv}");
        }
    }

    #[test]
    fn errors_cross_the_boundary_unchanged() {
        let error = AppError::not_found("Baslinjen finns inte.", "No such baseline.");
        assert_eq!(AppError::de(error.ser()), error);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn statuses_follow_the_kind_of_error() {
        use http::StatusCode;
        let table = [
            (AppError::NotSignedIn, StatusCode::UNAUTHORIZED),
            (AppError::Forbidden, StatusCode::FORBIDDEN),
            (AppError::not_found("x", "y"), StatusCode::NOT_FOUND),
            (AppError::invalid("x", "y"), StatusCode::BAD_REQUEST),
            (AppError::Unreadable, StatusCode::BAD_REQUEST),
            (AppError::TooLarge, StatusCode::PAYLOAD_TOO_LARGE),
            (AppError::Internal, StatusCode::INTERNAL_SERVER_ERROR),
            (AppError::CrossSite, StatusCode::FORBIDDEN),
            (AppError::UnknownHost, StatusCode::MISDIRECTED_REQUEST),
            (AppError::Busy, StatusCode::SERVICE_UNAVAILABLE),
        ];
        for (error, status) in table {
            assert_eq!(error.status(), status, "{error:?}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_storage_failure_is_internal_and_says_nothing_of_itself() {
        use readiness_store::StoreError;
        let broken = AppError::from(StoreError::Corrupt("bad stored kind \"x\"".into()));
        assert_eq!(broken, AppError::Internal);
        assert!(!String::from_utf8_lossy(&broken.ser()).contains("stored kind"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn unreadable_arguments_are_the_clients_fault_and_say_nothing_of_them() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Args(
            "missing field `secret_column`".into(),
        ));
        assert_eq!(error, AppError::Unreadable);
        assert!(!String::from_utf8_lossy(&error.ser()).contains("secret"));
        let large = AppError::from_server_fn_error(ServerFnErrorErr::Request(
            "length limit exceeded".into(),
        ));
        assert_eq!(large, AppError::TooLarge);
    }
}
