//! `readiness serve`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use app::state::AppState;
use readiness_store::{Pool, queries};

use super::{database_error, invalid, say};

/// `serve`'s arguments.
#[derive(clap::Args)]
pub struct ServeArgs {
    #[arg(long, env = "READINESS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The built site (wasm, JS, CSS) from `cargo leptos build`.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Mark the session cookie `Secure`: set this when the app is served over https.
    #[arg(long, env = "READINESS_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Host names the app is reached by (comma-separated, no port), beside the loopback
    /// names. Requests for any other `Host` are refused.
    #[arg(long, env = "READINESS_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,
    /// Behind a reverse proxy: the header it puts the client's address in (e.g.
    /// `X-Forwarded-For`; its last entry is used). Unset: the TCP peer is the client.
    #[arg(long, env = "READINESS_CLIENT_IP_HEADER")]
    pub client_ip_header: Option<String>,
    /// Serve a sample database (published demo passwords) on a non-loopback address.
    #[arg(long, env = "READINESS_ALLOW_PUBLIC_SAMPLE")]
    pub allow_public_sample: bool,
    /// Where readers report problems, accessibility among them (an e-mail address): shown in
    /// the accessibility statement, which the law requires to name one.
    #[arg(long, env = "READINESS_CONTACT_EMAIL")]
    pub contact_email: Option<String>,
    /// When the day's reminder e-mails go out (local time, HH:MM), if SMTP is configured.
    #[arg(long, env = "READINESS_NOTIFY_AT", default_value = "07:00")]
    pub notify_at: String,
    #[command(flatten)]
    pub mail: super::notify::MailArgs,
    #[command(flatten)]
    pub sign_in: SignInArgs,
    #[command(flatten)]
    pub time_to_act: TimeToActArgs,
}

/// Days a unit has to act on a red or amber light before the working group is told; shared by
/// `serve` (pages, daily reminders) and `notify`.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct TimeToActArgs {
    /// Days to act on a red light.
    #[arg(long, env = "READINESS_ACT_DAYS_RED", default_value_t = 7)]
    pub act_days_red: u32,
    /// Days to act on an amber light.
    #[arg(long, env = "READINESS_ACT_DAYS_AMBER", default_value_t = 21)]
    pub act_days_amber: u32,
}

impl TimeToActArgs {
    pub fn policy(self) -> readiness_rules::TimeToAct {
        readiness_rules::TimeToAct {
            red_days: self.act_days_red,
            amber_days: self.act_days_amber,
        }
    }
}

/// Single sign-on through an OpenID Connect provider (on when the issuer is set), and whether
/// passwords are still offered.
#[derive(clap::Args)]
pub struct SignInArgs {
    /// The provider's issuer URL (its discovery document is read from there), e.g.
    /// `https://login.microsoftonline.com/<tenant id>/v2.0`.
    #[arg(long, env = "READINESS_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// The client (application) id readiness is registered under at the provider.
    #[arg(long, env = "READINESS_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// The client secret from that registration.
    #[arg(long, env = "READINESS_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,
    /// The ID token claim that holds the e-mail address accounts are known by: `email` or
    /// `preferred_username`.
    #[arg(long, env = "READINESS_OIDC_EMAIL_CLAIM", default_value = "email")]
    pub oidc_email_claim: String,
    /// The name on the log-in button: "Logga in med …".
    #[arg(long, env = "READINESS_OIDC_LABEL", default_value = "SSO")]
    pub oidc_label: String,
    /// Offer e-mail and password on the log-in page; `false` (only with single sign-on) leaves
    /// the provider as the one way in. API tokens and the command line are unaffected.
    #[arg(long, env = "READINESS_PASSWORD_LOGIN", default_value_t = true, action = clap::ArgAction::Set)]
    pub password_login: bool,
}

impl SignInArgs {
    /// The sign-in options; an error says (in the command line's language) which setting is
    /// missing or wrong.
    pub fn options(self, public_url: &str) -> Result<app::state::SignInOptions, String> {
        let given = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let provider = match (
            given(self.oidc_issuer),
            given(self.oidc_client_id),
            given(self.oidc_client_secret),
        ) {
            (None, None, None) => None,
            (Some(issuer), Some(client_id), Some(client_secret)) => {
                let email_claim = app::state::EmailClaim::from_name(&self.oidc_email_claim)
                    .ok_or_else(|| {
                        format!(
                            "READINESS_OIDC_EMAIL_CLAIM: {} (email | preferred_username)",
                            self.oidc_email_claim
                        )
                    })?;
                let public_url = public_url.trim().trim_end_matches('/').to_string();
                if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
                    return Err(format!("READINESS_PUBLIC_URL: {public_url}"));
                }
                let label = self.oidc_label.trim().to_string();
                if label.is_empty() {
                    return Err("READINESS_OIDC_LABEL".into());
                }
                Some(app::state::ProviderSettings {
                    // Exactly as configured: the provider's discovery document must name the
                    // same issuer, trailing slash and all (Entra ID v1's has one).
                    issuer,
                    client_id,
                    client_secret,
                    public_url,
                    email_claim,
                    label,
                })
            }
            _ => {
                return Err(say(
                    "READINESS_OIDC_ISSUER, READINESS_OIDC_CLIENT_ID och READINESS_OIDC_CLIENT_SECRET (alla tre)",
                    "READINESS_OIDC_ISSUER, READINESS_OIDC_CLIENT_ID and READINESS_OIDC_CLIENT_SECRET (all three)",
                ));
            }
        };
        if provider.is_none() && !self.password_login {
            return Err(say(
                "READINESS_PASSWORD_LOGIN=false kräver READINESS_OIDC_ISSUER",
                "READINESS_PASSWORD_LOGIN=false needs READINESS_OIDC_ISSUER",
            ));
        }
        Ok(app::state::SignInOptions {
            provider,
            passwords: self.password_login,
        })
    }
}

/// Serves the app until Ctrl-C. A sample database (published demo passwords) is served on
/// loopback only, unless asked otherwise.
pub(super) async fn serve(pool: Pool, args: ServeArgs) -> ExitCode {
    let ServeArgs {
        addr,
        site_root,
        secure_cookies,
        allowed_hosts,
        client_ip_header,
        allow_public_sample,
        contact_email,
        notify_at,
        mail,
        sign_in,
        time_to_act,
    } = args;
    let time_to_act = time_to_act.policy();
    let sign_in = match sign_in.options(&mail.public_url) {
        Ok(sign_in) => sign_in,
        Err(what) => {
            return invalid(say(
                format!("Inloggning: {what}"),
                format!("Sign-in: {what}"),
            ));
        }
    };
    if let Some(provider) = &sign_in.provider {
        // The provider sends people back to the public address: on a server others reach, the
        // default (localhost) would send them to their own machine.
        let local = provider.public_url.contains("://localhost")
            || provider.public_url.contains("://127.0.0.1");
        if local && !addr.ip().is_loopback() {
            return invalid(say(
                "Inloggning: READINESS_PUBLIC_URL måste vara adressen användarna når readiness på (identitetsleverantören skickar tillbaka dit).",
                "Sign-in: READINESS_PUBLIC_URL must be the address people reach readiness by (the identity provider sends them back there).",
            ));
        }
        match crate::oidc::Provider::new(provider.clone()) {
            Ok(check) => {
                // Reachable and readable now, or said in the log at start (sign-in then retries).
                if let Err(e) = check.check().await {
                    tracing::warn!(error = %e, issuer = %provider.issuer, "the identity provider's discovery document could not be read");
                }
            }
            Err(e) => return invalid(format!("READINESS_OIDC_ISSUER: {e}")),
        }
    }
    let Ok(notify_at) = chrono::NaiveTime::parse_from_str(notify_at.trim(), "%H:%M") else {
        return invalid(say(
            format!("--notify-at: {notify_at} (TT:MM)"),
            format!("--notify-at: {notify_at} (HH:MM)"),
        ));
    };
    let mailer = match mail.mailer() {
        Ok(mailer) => mailer,
        Err(what) => return invalid(say(format!("E-post: {what}"), format!("E-mail: {what}"))),
    };
    let client_ip_header = match client_ip_header
        .filter(|h| !h.trim().is_empty())
        .map(|h| axum::http::HeaderName::try_from(h.trim()))
        .transpose()
    {
        Ok(header) => header,
        Err(e) => return invalid(format!("--client-ip-header: {e}")),
    };
    let network = app::state::Network {
        allowed_hosts: allowed_hosts
            .into_iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .collect(),
        client_ip_header,
    };
    if !addr.ip().is_loopback() && !allow_public_sample {
        match queries::is_sample(&pool).await {
            Ok(false) => {}
            Ok(true) => {
                return invalid(say(
                    "Exempeldatabasen (med publicerade demolösenord) serveras bara på loopback. Avsluta exempelläget med `readiness sample end`, eller ange --allow-public-sample.",
                    "The sample database (with published demo passwords) is served on loopback only. End the sample state with `readiness sample end`, or give --allow-public-sample.",
                ));
            }
            Err(e) => return database_error(e),
        }
    }
    let state = AppState::new(
        pool,
        crate::config::leptos_options(addr, &site_root),
        secure_cookies,
    )
    .with_network(network)
    .with_sign_in(sign_in)
    .with_time_to_act(time_to_act)
    .with_contact_email(contact_email.filter(|e| !e.trim().is_empty()));
    // Background imports do not survive a restart: say so instead of "checking" forever (only
    // those no instance has written progress for lately: another instance's go on).
    match readiness_store::import::history::fail_interrupted(&state.pool).await {
        Ok(0) => {}
        Ok(n) => tracing::warn!(
            uploads = n,
            "imports interrupted by the last stop marked failed"
        ),
        Err(e) => tracing::error!(error = %e, "marking interrupted imports failed"),
    }
    let listener = match tokio::net::TcpListener::bind(addr).await {
        // Without TCP_NODELAY a small answer written in two parts (head, body) waits for the
        // client's delayed acknowledgement: 40 ms for a static file on a reused connection.
        Ok(l) => axum::serve::ListenerExt::tap_io(l, |tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::warn!(error = %e, "TCP_NODELAY not set");
            }
        }),
        Err(e) => {
            eprintln!(
                "{}",
                say(
                    format!("Kan inte lyssna på {addr}: {e}"),
                    format!("Cannot listen on {addr}: {e}"),
                )
            );
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{}",
        say(
            format!("readiness körs på http://{addr}"),
            format!("readiness is running at http://{addr}"),
        )
    );
    // Read every evaluation into the cache now, not on the first reader's request (a national
    // installation takes seconds to read).
    let warm = state.pool.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match readiness_store::cache::warm(&warm, app::state::today()).await {
            Ok(values) => tracing::info!(
                values,
                ms = started.elapsed().as_millis() as u64,
                "records read into the cache"
            ),
            Err(e) => tracing::warn!(error = %e, "reading the records into the cache failed"),
        }
    });
    // Expired sessions are never loaded again, uploads are kept for a day: clear both hourly.
    let sessions = readiness_store::sessions::SqlSessionStore::new(state.pool.clone());
    let pool = state.pool.clone();
    tokio::spawn(async move {
        let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            hourly.tick().await;
            if let Err(e) = sessions.delete_expired().await {
                tracing::warn!(error = %e, "clearing expired sessions failed");
            }
            if let Err(e) = readiness_store::import::history::delete_old_uploads(&pool).await {
                tracing::warn!(error = %e, "clearing old uploads failed");
            }
        }
    });
    match mailer {
        Some(mailer) => {
            let pool = state.pool.clone();
            tracing::info!(at = %notify_at, "reminder e-mails go out daily");
            let sample_too = mail.mail_sample;
            tokio::spawn(crate::notify::daily(
                pool,
                mailer,
                notify_at,
                sample_too,
                time_to_act,
                move |today, digest| mail.run(today, digest),
            ));
        }
        None => tracing::info!("no SMTP server configured: no reminder e-mails"),
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    // The peer address feeds the per-address limit on failed log-ins.
    let service = crate::app(state).into_make_service_with_connect_info::<SocketAddr>();
    match axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "{}",
                say(
                    format!("Servern stoppade: {e}"),
                    format!("The server stopped: {e}")
                )
            );
            ExitCode::FAILURE
        }
    }
}
