//! Single sign-on through the region's OpenID Connect provider (Entra ID, Inera's IdP): the
//! authorization code flow with PKCE. `/auth/oidc/start` sends the browser to the provider with a
//! fresh state, nonce and code challenge kept in the session; `/auth/oidc/callback` takes them
//! out again (so a state works once), exchanges the code and lets `openidconnect` check the ID
//! token (signature against the provider's keys, issuer, audience, expiry, nonce). Who the token
//! names is then looked up in our accounts (`readiness_store::sso`): the provider says who someone
//! is, readiness what they may do.

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::auth::{SESSION_USER, SessionUser};
use app::error::AppError;
use app::state::{AppState, EmailClaim, ProviderSettings};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Router};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdTokenClaims, CoreTokenResponse,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, Scope,
    TokenResponse,
};
use readiness_store::sso::{self, ProviderIdentity, ProviderSignIn};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::auth::local_path;

/// Session key of a sign-in under way: what the callback must find to accept an answer.
const PENDING: &str = "oidc_pending";
/// Session key set when the session was opened through the provider (log-out then offers the
/// provider's own).
pub const VIA_PROVIDER: &str = "via_provider";
/// How long a sign-in at the provider may take.
const PENDING_MINUTES: i64 = 10;
/// How long the provider's discovery document (and its keys) are trusted before being fetched
/// again; a token signed with a key we do not know also fetches them again (key rotation).
const METADATA_TTL: Duration = Duration::from_secs(15 * 60);

/// The provider as this instance knows it: settings, an HTTP client and the discovery document.
pub struct Provider {
    settings: ProviderSettings,
    http: openidconnect::reqwest::Client,
    discovery: std::sync::Mutex<Discovery>,
}

/// The last discovery document fetched, and the last failure to fetch one.
#[derive(Default)]
struct Discovery {
    document: Option<(Arc<ProviderMetadataWithLogout>, Instant)>,
    failed: Option<Instant>,
}

/// After a failed fetch, how long requests are answered from what is known (or refused at once)
/// instead of each waiting for the provider again.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(30);

/// What is kept between start and callback, in the session (server side, never in the browser).
#[derive(Serialize, Deserialize)]
struct Pending {
    state: String,
    nonce: String,
    verifier: String,
    back: String,
    /// Unix seconds.
    started: i64,
}

/// Why a sign-in through the provider failed; logged, never shown (the page says it failed).
#[derive(Debug, thiserror::Error)]
enum SsoError {
    #[error("no sign-in under way in this session (expired, replayed or another browser)")]
    NoPending,
    #[error("state does not match the one sent")]
    StateMismatch,
    #[error("the sign-in took longer than {PENDING_MINUTES} minutes")]
    Expired,
    #[error("the provider answered with an error: {0}")]
    Provider(String),
    #[error("the provider could not be reached or answered nonsense: {0}")]
    Discovery(String),
    #[error("exchanging the code failed: {0}")]
    Exchange(String),
    #[error("the token response has no ID token")]
    NoIdToken,
    #[error("the ID token was refused: {0}")]
    IdToken(String),
    #[error("session: {0}")]
    Session(#[from] tower_sessions::session::Error),
    #[error("configuration: {0}")]
    Config(String),
}

impl Provider {
    pub fn new(settings: ProviderSettings) -> Result<Provider, String> {
        // No redirects: a provider endpoint that redirects elsewhere is not followed (SSRF).
        let http = openidconnect::reqwest::Client::builder()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Provider {
            settings,
            http,
            discovery: std::sync::Mutex::new(Discovery::default()),
        })
    }

    fn redirect_url(&self) -> String {
        format!(
            "{}/auth/oidc/callback",
            self.settings.public_url.trim_end_matches('/')
        )
    }

    /// The discovery document, fetched when missing, older than [`METADATA_TTL`] or `stale`.
    /// The fetch runs without holding the lock, and when it fails the older document (if any)
    /// is used and no request waits on the provider again for [`RETRY_AFTER_FAILURE`]: a slow or
    /// absent provider must not make the sign-in routes queue up.
    async fn metadata(&self, stale: bool) -> Result<Arc<ProviderMetadataWithLogout>, SsoError> {
        let known = {
            let discovery = self.discovery.lock().unwrap_or_else(|e| e.into_inner());
            let recent_failure = discovery
                .failed
                .is_some_and(|at| at.elapsed() < RETRY_AFTER_FAILURE);
            match &discovery.document {
                Some((document, fetched))
                    if recent_failure || (!stale && fetched.elapsed() < METADATA_TTL) =>
                {
                    return Ok(document.clone());
                }
                None if recent_failure => {
                    return Err(SsoError::Discovery("failed moments ago".into()));
                }
                known => known.as_ref().map(|(d, _)| d.clone()),
            }
        };
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|e| SsoError::Config(format!("issuer URL: {e}")))?;
        let fetched = ProviderMetadataWithLogout::discover_async(issuer, &self.http).await;
        let mut discovery = self.discovery.lock().unwrap_or_else(|e| e.into_inner());
        match fetched {
            Ok(document) => {
                let document = Arc::new(document);
                discovery.document = Some((document.clone(), Instant::now()));
                discovery.failed = None;
                Ok(document)
            }
            Err(e) => {
                discovery.failed = Some(Instant::now());
                let why = error_chain(&e);
                match known {
                    Some(document) => {
                        tracing::warn!(error = %why, "the provider's discovery document could not be fetched again; using the one known");
                        Ok(document)
                    }
                    None => Err(SsoError::Discovery(why)),
                }
            }
        }
    }

    /// Fetches the discovery document now, so a misconfigured or unreachable provider shows in
    /// the log at start rather than at the first sign-in.
    pub async fn check(&self) -> Result<(), String> {
        self.metadata(false)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    fn client(
        &self,
        metadata: &ProviderMetadataWithLogout,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        SsoError,
    > {
        let redirect = RedirectUrl::new(self.redirect_url())
            .map_err(|e| SsoError::Config(format!("public URL: {e}")))?;
        Ok(CoreClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(redirect))
    }

    /// The provider's sign-in page for this browser, remembering where to go back to.
    async fn begin(&self, session: &Session, back: String) -> Result<String, SsoError> {
        let metadata = self.metadata(false).await?;
        let client = self.client(&metadata)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
            back,
            started: chrono::Utc::now().timestamp(),
        };
        session.insert(PENDING, pending).await?;
        Ok(url.to_string())
    }

    /// The identity in the provider's answer, if every check passes. The pending sign-in is
    /// removed first, whatever follows: a state is good for one answer.
    async fn finish(
        &self,
        session: &Session,
        answer: &CallbackQuery,
    ) -> Result<(ProviderIdentity, String), SsoError> {
        let pending: Pending = session.remove(PENDING).await?.ok_or(SsoError::NoPending)?;
        if answer.state.as_deref() != Some(pending.state.as_str()) {
            return Err(SsoError::StateMismatch);
        }
        if chrono::Utc::now().timestamp() - pending.started > PENDING_MINUTES * 60 {
            return Err(SsoError::Expired);
        }
        if let Some(error) = &answer.error {
            return Err(SsoError::Provider(error.clone()));
        }
        let code = answer
            .code
            .clone()
            .ok_or_else(|| SsoError::Provider("no code".into()))?;
        let metadata = self.metadata(false).await?;
        let tokens: CoreTokenResponse = self
            .client(&metadata)?
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| SsoError::Config(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| SsoError::Exchange(error_chain(&e)))?;
        let id_token = tokens.id_token().ok_or(SsoError::NoIdToken)?;
        let nonce = Nonce::new(pending.nonce);
        let claims = match id_token.claims(&self.client(&metadata)?.id_token_verifier(), &nonce) {
            Ok(claims) => claims.clone(),
            // Perhaps the provider rotated its keys: fetch them once more and check again.
            Err(openidconnect::ClaimsVerificationError::SignatureVerification(_)) => {
                let fresh = self.metadata(true).await?;
                id_token
                    .claims(&self.client(&fresh)?.id_token_verifier(), &nonce)
                    .map_err(|e| SsoError::IdToken(e.to_string()))?
                    .clone()
            }
            Err(e) => return Err(SsoError::IdToken(e.to_string())),
        };
        Ok((identity(&claims, self.settings.email_claim), pending.back))
    }

    /// The provider's end-session page (RP-initiated logout), if it has one; it returns the
    /// browser to our log-in page.
    async fn end_session_url(&self) -> Option<String> {
        let metadata = match self.metadata(false).await {
            Ok(metadata) => metadata,
            Err(e) => {
                tracing::warn!(error = %e, "no provider metadata for signing out there");
                return None;
            }
        };
        let endpoint = metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let back = PostLogoutRedirectUrl::new(format!(
            "{}/logga-in?utloggad=1",
            self.settings.public_url.trim_end_matches('/')
        ))
        .ok()?;
        Some(
            openidconnect::LogoutRequest::from(endpoint)
                .set_client_id(ClientId::new(self.settings.client_id.clone()))
                .set_post_logout_redirect_uri(back)
                .http_get_url()
                .to_string(),
        )
    }
}

/// Who the verified claims name. The address comes from the configured claim, lower-case. An
/// `email` only counts as the person's own when the provider says it verified it
/// (`email_verified: true`); Entra ID never says so, so there `preferred_username` — the sign-in
/// name the region's own directory manages, pinned to its tenant by the issuer — is the claim to
/// use.
fn identity(claims: &CoreIdTokenClaims, email_claim: EmailClaim) -> ProviderIdentity {
    let (email, email_verified) = match email_claim {
        EmailClaim::Email => (
            claims.email().map(|e| e.as_str().to_string()),
            claims.email_verified() == Some(true),
        ),
        EmailClaim::PreferredUsername => (
            claims.preferred_username().map(|u| u.as_str().to_string()),
            true,
        ),
    };
    let email = email
        .map(|e| e.trim().to_lowercase())
        .filter(|e| e.contains('@'));
    let name = claims
        .name()
        .and_then(|n| n.get(None))
        .map(|n| n.as_str().to_string())
        .unwrap_or_default();
    ProviderIdentity {
        issuer: claims.issuer().as_str().to_string(),
        subject: claims.subject().as_str().to_string(),
        email,
        email_verified,
        name,
    }
}

/// An error and its causes on one line (reqwest's own message hides the interesting part).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

/// The provider's routes; public (the guard lets them through), added when SSO is configured.
pub fn routes(provider: Arc<Provider>) -> Router<AppState> {
    Router::new()
        .route("/auth/oidc/start", get(start))
        .route("/auth/oidc/callback", get(callback))
        .route("/auth/oidc/logga-ut", get(provider_log_out))
        .layer(Extension(provider))
}

#[derive(Deserialize)]
struct StartQuery {
    tillbaka: Option<String>,
}

/// `GET /auth/oidc/start`: to the provider.
async fn start(
    Extension(provider): Extension<Arc<Provider>>,
    session: Session,
    Query(query): Query<StartQuery>,
) -> Response {
    let back = local_path(query.tillbaka.as_deref());
    match provider.begin(&session, back).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "starting a sign-in at the provider failed");
            Redirect::to("/logga-in?fel=sso").into_response()
        }
    }
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /auth/oidc/callback`: the provider's answer. Our user, a fresh session id, and back to
/// where they were going; no account: the no-access page; disabled: the log-in page says so.
async fn callback(
    State(state): State<AppState>,
    Extension(provider): Extension<Arc<Provider>>,
    session: Session,
    Query(answer): Query<CallbackQuery>,
) -> Response {
    let (who, back) = match provider.finish(&session, &answer).await {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(error = %e, "sign-in through the provider refused");
            return Redirect::to("/logga-in?fel=sso").into_response();
        }
    };
    let user = match sso::sign_in(&state.pool, &who).await {
        Ok(ProviderSignIn::User(user)) => user,
        Ok(ProviderSignIn::Disabled) => {
            tracing::info!(subject = %who.subject, "disabled account refused at sign-in through the provider");
            return Redirect::to("/logga-in?fel=avstangd").into_response();
        }
        Ok(ProviderSignIn::NoAccount) => {
            tracing::info!(email = ?who.email, subject = %who.subject, "no account for a provider sign-in");
            return Redirect::to("/ingen-atkomst").into_response();
        }
        Err(e) => {
            return AppError::internal(format!("provider sign-in lookup failed: {e}"))
                .into_response();
        }
    };
    let stored = SessionUser {
        id: user.id,
        generation: user.generation,
    };
    // A new session id at sign-in: an id planted before cannot be taken over.
    if let Err(e) = async {
        session.cycle_id().await?;
        session.insert(SESSION_USER, stored).await?;
        session.insert(VIA_PROVIDER, true).await
    }
    .await
    {
        return AppError::internal(format!("storing the session failed: {e}")).into_response();
    }
    tracing::info!(email = %user.email, role = user.role.code(), "signed in through the provider");
    Redirect::to(&back).into_response()
}

/// `GET /auth/oidc/logga-ut`: offered after our own log-out — the provider's end-session page,
/// or our log-in page when the provider has none. (Signing out there ends the person's other
/// services too, so it is offered, not done.)
async fn provider_log_out(Extension(provider): Extension<Arc<Provider>>) -> Response {
    match provider.end_session_url().await {
        Some(url) => Redirect::to(&url).into_response(),
        None => Redirect::to("/logga-in?utloggad=1").into_response(),
    }
}
