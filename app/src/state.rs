//! Server-only helpers shared by the server functions.

use crate::error::AppError;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::FromRef;
use chrono::NaiveDate;
use leptos::prelude::*;
use readiness_store::Pool;
use readiness_store::import::Progress;

/// Imports running in the background, by upload id, for their progress bars.
pub type ImportJobs = Arc<Mutex<HashMap<i64, Arc<Progress>>>>;

/// Everything a request handler needs; given to `leptos_routes_with_context`.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: Pool,
    pub leptos_options: LeptosOptions,
    /// Mark the session cookie `Secure` (serve over https).
    pub secure_cookies: bool,
    pub import_jobs: ImportJobs,
    pub network: Arc<Network>,
    pub login_throttle: Arc<crate::throttle::LoginThrottle>,
    /// Where readers report problems (`READINESS_CONTACT_EMAIL`), if set.
    pub contact_email: Option<String>,
    /// How people sign in: e-mail and password, the region's identity provider, or both.
    pub sign_in: Arc<SignInOptions>,
    /// Days a unit has to act on a red or amber light (`READINESS_ACT_DAYS_*`).
    pub time_to_act: readiness_rules::TimeToAct,
}

/// How people sign in.
#[derive(Debug, Clone)]
pub struct SignInOptions {
    /// Single sign-on through an OpenID Connect provider, when configured.
    pub provider: Option<ProviderSettings>,
    /// Whether e-mail and password are offered (always, when there is no provider).
    pub passwords: bool,
}

impl Default for SignInOptions {
    fn default() -> Self {
        SignInOptions {
            provider: None,
            passwords: true,
        }
    }
}

/// The identity provider readiness signs people in with (`READINESS_OIDC_*`).
#[derive(Clone)]
pub struct ProviderSettings {
    /// The issuer URL; its discovery document says the rest.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// Our address as the provider's users reach it; the provider returns to
    /// `{public_url}/auth/oidc/callback`.
    pub public_url: String,
    /// The ID token claim that holds the address our accounts are known by.
    pub email_claim: EmailClaim,
    /// What the log-in button names: "Logga in med {label}".
    pub label: String,
}

/// Kept out of logs: the client secret.
impl std::fmt::Debug for ProviderSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("public_url", &self.public_url)
            .field("email_claim", &self.email_claim)
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

/// Which ID token claim carries a person's e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailClaim {
    /// `email` (with `email_verified`): the standard claim.
    Email,
    /// `preferred_username`: Entra ID's sign-in name, usually the address, when `email` is not
    /// issued.
    PreferredUsername,
}

impl EmailClaim {
    pub fn from_name(name: &str) -> Option<EmailClaim> {
        match name.trim() {
            "email" => Some(EmailClaim::Email),
            "preferred_username" => Some(EmailClaim::PreferredUsername),
            _ => None,
        }
    }
}

/// What the server trusts about the network it is reached through.
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// Host names (no port) the server answers to; loopback names are always allowed. A request
    /// for any other `Host` is refused, so links and the origin check never trust a forged one.
    pub allowed_hosts: Vec<String>,
    /// The header a trusted reverse proxy puts the client's address in (`X-Forwarded-For`);
    /// `None`: the TCP peer is the client, and such headers are ignored.
    pub client_ip_header: Option<http::HeaderName>,
}

impl Network {
    pub fn host_allowed(&self, host: &str) -> bool {
        let name = match host.strip_prefix('[') {
            // [::1]:3000
            Some(rest) => rest.split(']').next().unwrap_or(""),
            None => host.rsplit_once(':').map_or(host, |(name, port)| {
                if port.bytes().all(|b| b.is_ascii_digit()) {
                    name
                } else {
                    host
                }
            }),
        };
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        matches!(name.as_str(), "localhost" | "127.0.0.1" | "::1")
            || self
                .allowed_hosts
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(&name))
    }

    /// The client's address: the last entry of the configured proxy header (the one our proxy
    /// added; earlier entries are the client's own claims), else the TCP peer.
    pub fn client_address(
        &self,
        headers: &http::HeaderMap,
        peer: Option<std::net::IpAddr>,
    ) -> String {
        if let Some(name) = &self.client_ip_header {
            let from_proxy = headers
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .rfind(|v| !v.is_empty())
                .and_then(|v| v.parse::<std::net::IpAddr>().ok());
            if let Some(ip) = from_proxy {
                return ip.to_string();
            }
        }
        peer.map(|p| p.to_string()).unwrap_or_default()
    }
}

impl AppState {
    pub fn new(pool: Pool, leptos_options: LeptosOptions, secure_cookies: bool) -> AppState {
        AppState {
            pool,
            leptos_options,
            secure_cookies,
            import_jobs: ImportJobs::default(),
            network: Arc::new(Network::default()),
            login_throttle: Arc::default(),
            contact_email: None,
            sign_in: Arc::default(),
            time_to_act: readiness_rules::TimeToAct::default(),
        }
    }

    pub fn with_time_to_act(mut self, time_to_act: readiness_rules::TimeToAct) -> AppState {
        self.time_to_act = time_to_act;
        self
    }

    pub fn with_sign_in(mut self, sign_in: SignInOptions) -> AppState {
        self.sign_in = Arc::new(sign_in);
        self
    }

    pub fn with_contact_email(mut self, contact_email: Option<String>) -> AppState {
        self.contact_email = contact_email.map(|e| e.trim().to_string());
        self
    }

    pub fn with_network(mut self, network: Network) -> AppState {
        self.network = Arc::new(network);
        self
    }
}

/// The client address of the running request (see [`Network::client_address`]).
pub fn client_address() -> String {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return String::new();
    };
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    app_state()
        .map(|s| s.network.client_address(&parts.headers, peer))
        .unwrap_or_default()
}

/// The whole server state of the running request.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("server state missing"))
}

/// The database pool of the running server.
pub fn pool() -> Result<Pool, AppError> {
    use_context::<AppState>()
        .map(|s| s.pool)
        .ok_or_else(|| AppError::internal("server state missing"))
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

/// Sets the status of the running response: the page being rendered, or the server function.
pub fn set_status(status: http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// Marks the response as 404 (the page itself says what was not found).
pub fn set_not_found() {
    set_status(http::StatusCode::NOT_FOUND);
}

/// Every evaluation, and the dataset of the one asked for (an empty code counts as none) or else
/// of the first. `None` when there is no evaluation, or the code is unknown (then a 404).
pub async fn chosen_dataset(
    pool: &Pool,
    asked: Option<String>,
) -> Result<
    Option<(
        Vec<readiness_rules::Evaluation>,
        Arc<readiness_store::cache::Snapshot>,
    )>,
    AppError,
> {
    let evaluations = readiness_store::queries::list_evaluations(pool).await?;
    let Some(code) = asked
        .filter(|e| !e.is_empty())
        .or_else(|| evaluations.first().map(|e| e.code.clone()))
    else {
        return Ok(None);
    };
    match readiness_store::cache::load_dataset(pool, &code).await? {
        Some(dataset) => Ok(Some((evaluations, dataset))),
        None => {
            set_not_found();
            Ok(None)
        }
    }
}

/// The page's Content-Security-Policy, with the nonce leptos_axum put on this page's inline
/// scripts (hydration, resources): no other script runs, nothing frames the page, forms post only
/// here. Styles allow inline `style` attributes (bar widths), which cannot run code.
pub fn content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}
