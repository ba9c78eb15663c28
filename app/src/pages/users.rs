//! `/anvandare` (admin): users, roles and units; `/konto`: change your own password and choose
//! which e-mails readiness sends you, in which language.
//!
//! Disabling someone and giving them a new password lock the person out, so both ask first: the
//! row's button opens a confirmation step (`?bekrafta=stang-av|nytt-losenord&anvandare=<e-post>`)
//! and only its form, which sends `confirmed=yes`, changes anything; the server refuses the
//! change without it. All these forms work without JavaScript: the browser's own post is answered
//! with a redirect back to `/anvandare`, and the session keeps the outcome until the page shows
//! it once.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use readiness_rules::{Lang, MailPreferences, Role, Text};
use serde::{Deserialize, Serialize};

use crate::components::{LoadError, Restricted, built_once};
use crate::error::AppError;
use crate::i18n::{tr, use_lang};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub units: Vec<String>,
    pub disabled: bool,
}

/// A one-time password and whose it is, so the admin hands it to the right person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimePassword {
    /// The person as [`person`] names them.
    pub owner: String,
    pub password: String,
}

/// The answer to an account change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountOutcome {
    /// The change is made: what happened, and a one-time password to hand over if one was made.
    Done {
        message: Text,
        one_time_password: Option<OneTimePassword>,
    },
    /// A field of the form (`email`, `role`, `units`) is missing or wrong; nothing changed.
    Invalid { field: String, message: Text },
    /// Nothing changed, for the reason given.
    Refused(Text),
}

/// How messages name a person: "Anna Andersson (anna@exempel.se)", or the address alone.
pub fn person(name: &str, email: &str) -> String {
    match name.trim() {
        "" => email.to_string(),
        name => format!("{name} ({email})"),
    }
}

/// What the confirmation step (`?bekrafta=`) asks about: the changes that lock a person out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Confirming {
    Disable,
    NewPassword,
}

impl Confirming {
    fn from_query(code: &str) -> Option<Confirming> {
        match code {
            "stang-av" => Some(Confirming::Disable),
            "nytt-losenord" => Some(Confirming::NewPassword),
            _ => None,
        }
    }

    fn query(self) -> &'static str {
        match self {
            Confirming::Disable => "stang-av",
            Confirming::NewPassword => "nytt-losenord",
        }
    }

    /// The `action` of [`change_user`].
    fn action(self) -> &'static str {
        match self {
            Confirming::Disable => "disable",
            Confirming::NewPassword => "reset",
        }
    }
}

/// The value of `confirmed` that the confirmation step's form sends.
const CONFIRMED: &str = "yes";

#[cfg(feature = "ssr")]
mod ssr {
    use leptos::prelude::use_context;
    use readiness_rules::{Lang, Text};
    use readiness_store::accounts::{self, AccountError, User};

    use super::{AccountOutcome, OneTimePassword, person};
    use crate::error::AppError;

    /// Where the session keeps the outcome of a form posted without JavaScript until
    /// `/anvandare` shows it (once: reading removes it).
    pub const NOTICE: &str = "account_notice";

    /// A refusal, or the store's failure as an error.
    pub fn failed(error: AccountError) -> Result<AccountOutcome, AppError> {
        match error {
            AccountError::Store(e) => Err(e.into()),
            e => Ok(AccountOutcome::Refused(e.text())),
        }
    }

    fn invalid(field: &str, message: Text) -> AccountOutcome {
        AccountOutcome::Invalid {
            field: field.to_string(),
            message,
        }
    }

    /// Whether the browser posted the form itself (JavaScript off or not loaded yet): it asks for
    /// HTML, where the app's own calls ask for JSON.
    fn posted_without_script() -> bool {
        use_context::<http::request::Parts>().is_some_and(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|accept| accept.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
        })
    }

    /// Hands `outcome` back. A form posted without JavaScript would otherwise be sent back to the
    /// page it came from with nothing to show (a one-time password lost): it goes to
    /// `/anvandare`, and the session keeps the outcome until that page has shown it.
    pub async fn answer(outcome: AccountOutcome) -> Result<AccountOutcome, AppError> {
        if posted_without_script() {
            let session: tower_sessions::Session = leptos_axum::extract().await?;
            session
                .insert(NOTICE, &outcome)
                .await
                .map_err(AppError::internal)?;
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::SEE_OTHER);
                response.insert_header(
                    http::header::LOCATION,
                    http::HeaderValue::from_static("/anvandare"),
                );
            }
        }
        Ok(outcome)
    }

    pub async fn add_user(
        email: &str,
        name: &str,
        role: &str,
        units: &str,
    ) -> Result<AccountOutcome, AppError> {
        // No role is assumed: it decides what the person may do, so the admin chooses it (the
        // form has no role chosen either).
        let role = match role.trim() {
            "" => {
                return Ok(invalid(
                    "role",
                    Text::new("Välj en roll.", "Choose a role."),
                ));
            }
            code => match readiness_rules::Role::from_code(code) {
                Some(role) => role,
                None => {
                    return Ok(invalid(
                        "role",
                        Text::new(
                            format!("Okänd roll: {code}"),
                            format!("Unknown role: {code}"),
                        ),
                    ));
                }
            },
        };
        let units: Vec<String> = units
            .split([',', ' ', ';'])
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string)
            .collect();
        let password = accounts::generate_password();
        let pool = crate::state::pool()?;
        // A real account means real use: the demo accounts (this admin's too, if it is one) end.
        if !accounts::is_demo_account(email) {
            accounts::end_sample_state(&pool).await?;
        }
        match accounts::create_user(&pool, email, name, role, &password, &units).await {
            Ok(_) => {
                // Made for someone waiting after a sign-in through the identity provider: tied
                // to exactly that identity, whatever the provider says of the address.
                readiness_store::sso::link_requested(&pool, &email.trim().to_lowercase()).await?;
                let who = person(name, &email.trim().to_lowercase());
                Ok(AccountOutcome::Done {
                    message: Text::new(
                        format!("{who} är tillagd som {}.", role.label(Lang::Sv)),
                        format!("{who} is added as {}.", role.label(Lang::En)),
                    ),
                    one_time_password: Some(OneTimePassword {
                        owner: who,
                        password,
                    }),
                })
            }
            Err(e @ (AccountError::InvalidEmail(_) | AccountError::Exists(_))) => {
                Ok(invalid("email", e.text()))
            }
            Err(e @ (AccountError::UnknownUnit(_) | AccountError::LeadWithoutUnits)) => {
                Ok(invalid("units", e.text()))
            }
            Err(e) => failed(e),
        }
    }

    /// What [`super::change_user`] may do.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Change {
        Disable,
        Enable,
        NewPassword,
    }

    pub async fn change_user(
        admin: &User,
        email: &str,
        action: &str,
        confirmed: bool,
    ) -> Result<AccountOutcome, AppError> {
        let change = match action {
            "disable" => Change::Disable,
            "enable" => Change::Enable,
            "reset" => Change::NewPassword,
            _ => {
                return Ok(AccountOutcome::Refused(Text::new(
                    "Okänd åtgärd.",
                    "Unknown action.",
                )));
            }
        };
        let pool = crate::state::pool()?;
        let user = match accounts::user_by_email(&pool, email).await {
            Ok(Some(user)) => user,
            Ok(None) => return failed(AccountError::NoSuchUser(email.trim().to_lowercase())),
            Err(e) => return failed(e),
        };
        let who = person(&user.name, &user.email);
        if change == Change::Disable && user.id == admin.id {
            return Ok(AccountOutcome::Refused(Text::new(
                "Du kan inte stänga av dig själv.",
                "You cannot disable yourself.",
            )));
        }
        // Both lock the person out: only the confirmation step's form, which says so, does them.
        if !confirmed {
            let unconfirmed = match change {
                Change::Disable => Some(Text::new(
                    format!("Inget är ändrat: bekräfta först att {who} ska stängas av."),
                    format!("Nothing changed: first confirm that {who} is to be disabled."),
                )),
                Change::NewPassword => Some(Text::new(
                    format!("Inget är ändrat: bekräfta först att {who} ska få ett nytt lösenord."),
                    format!("Nothing changed: first confirm that {who} is to get a new password."),
                )),
                Change::Enable => None,
            };
            if let Some(message) = unconfirmed {
                return Ok(AccountOutcome::Refused(message));
            }
        }
        let done = match change {
            Change::Disable => accounts::set_disabled(&pool, &user.email, true)
                .await
                .map(|_| AccountOutcome::Done {
                    message: Text::new(
                        format!("{who} är avstängd och utloggad överallt."),
                        format!("{who} is disabled and signed out everywhere."),
                    ),
                    one_time_password: None,
                }),
            Change::Enable => accounts::set_disabled(&pool, &user.email, false)
                .await
                .map(|_| AccountOutcome::Done {
                    message: Text::new(
                        format!("{who} kan logga in igen."),
                        format!("{who} can sign in again."),
                    ),
                    one_time_password: None,
                }),
            Change::NewPassword => {
                let password = accounts::generate_password();
                accounts::set_password(&pool, &user.email, &password)
                    .await
                    .map(|_| AccountOutcome::Done {
                        message: Text::new(
                            format!("{who} har fått ett nytt lösenord och är utloggad överallt."),
                            format!("{who} has a new password and is signed out everywhere."),
                        ),
                        one_time_password: Some(OneTimePassword {
                            owner: who.clone(),
                            password,
                        }),
                    })
            }
        };
        done.or_else(failed)
    }
}

#[server(endpoint = "anvandare")]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    use crate::state::pool;
    crate::auth::ssr::require(readiness_rules::Action::ManageUsers)?;
    Ok(readiness_store::accounts::list_users(&pool()?)
        .await?
        .into_iter()
        .map(|u| UserRow {
            email: u.email,
            name: u.name,
            role: u.role,
            units: u.units,
            disabled: u.disabled,
        })
        .collect())
}

/// Someone the identity provider signed in who has no account here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// The latest sign-in attempt, local time, `YYYY-MM-DD HH:MM`.
    pub last: String,
    pub attempts: i64,
}

/// The people waiting for an account (single sign-on only; empty otherwise).
#[server(endpoint = "vantar_pa_atkomst")]
pub async fn list_access_requests() -> Result<Vec<WaitingRow>, AppError> {
    use crate::state::pool;
    crate::auth::ssr::require(readiness_rules::Action::ManageUsers)?;
    let local = |stamp: &str| {
        chrono::DateTime::parse_from_rfc3339(stamp)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|_| stamp.to_string())
    };
    Ok(readiness_store::sso::access_requests(&pool()?)
        .await?
        .into_iter()
        .map(|r| WaitingRow {
            id: r.id,
            last: local(&r.last_at),
            email: r.email,
            name: r.name,
            attempts: r.attempts,
        })
        .collect())
}

/// Takes someone off the waiting list without an account (a new sign-in puts them back).
#[server(endpoint = "avvisa_atkomst")]
pub async fn dismiss_access_request(id: i64) -> Result<(), AppError> {
    use crate::state::pool;
    crate::auth::ssr::require(readiness_rules::Action::ManageUsers)?;
    readiness_store::sso::dismiss_access_request(&pool()?, id).await?;
    Ok(())
}

/// The outcome of a form posted here without JavaScript, once: reading it removes it.
#[server(endpoint = "anvandarbesked")]
pub async fn take_account_notice() -> Result<Option<AccountOutcome>, AppError> {
    crate::auth::ssr::require(readiness_rules::Action::ManageUsers)?;
    let session: tower_sessions::Session = leptos_axum::extract().await?;
    session
        .remove(ssr::NOTICE)
        .await
        .map_err(AppError::internal)
}

/// Creates a user with a one-time password, shown once to the admin.
#[server(endpoint = "ny_anvandare")]
pub async fn add_user(
    email: String,
    name: String,
    role: String,
    units: String,
) -> Result<AccountOutcome, AppError> {
    crate::auth::ssr::require(readiness_rules::Action::ManageUsers)?;
    let outcome = ssr::add_user(&email, &name, &role, &units).await?;
    ssr::answer(outcome).await
}

/// Disables or enables a user, or gives them a new one-time password (`action`: `disable`,
/// `enable`, `reset`). Every change ends the user's sessions. Disabling and a new password are
/// refused unless `confirmed` is `yes`, which only the confirmation step's form sends.
#[server(endpoint = "andra_anvandare")]
pub async fn change_user(
    email: String,
    action: String,
    confirmed: Option<String>,
) -> Result<AccountOutcome, AppError> {
    let admin = crate::auth::ssr::require(readiness_rules::Action::ManageUsers)?;
    let confirmed = confirmed.as_deref() == Some(CONFIRMED);
    let outcome = ssr::change_user(&admin, &email, &action, confirmed).await?;
    ssr::answer(outcome).await
}

/// Changes the signed-in user's own password. Every other session of the user ends; this one
/// goes on.
#[server(endpoint = "byt_losenord")]
pub async fn change_own_password(
    current: String,
    new: String,
    repeat: String,
) -> Result<AccountOutcome, AppError> {
    use crate::auth::{SESSION_USER, SessionUser};
    use readiness_store::accounts;
    let user = crate::auth::ssr::require(readiness_rules::Action::Read)?;
    if new != repeat {
        return Ok(AccountOutcome::Refused(Text::new(
            "De nya lösenorden är olika.",
            "The new passwords differ.",
        )));
    }
    let state = crate::state::app_state()?;
    let pool = state.pool.clone();
    // The current password is guessed through here as easily as through the log-in form: the
    // same limit applies.
    let counted = state
        .login_throttle
        .begin(
            &pool,
            &user.email,
            &crate::state::client_address(),
            crate::throttle::now_millis(),
        )
        .await;
    let attempt = match counted {
        Ok(Ok(attempt)) => attempt,
        Err(e) => return Err(e.into()),
        Ok(Err(refused)) => {
            return Ok(AccountOutcome::Refused(Text::new(
                format!(
                    "För många felaktiga försök; vänta {} min.",
                    refused.minutes()
                ),
                format!("Too many wrong attempts; wait {} min.", refused.minutes()),
            )));
        }
    };
    if accounts::authenticate(&pool, &user.email, &current)
        .await?
        .is_none()
    {
        return Ok(AccountOutcome::Refused(Text::new(
            "Nuvarande lösenord stämmer inte.",
            "The current password is wrong.",
        )));
    }
    state.login_throttle.succeed(&pool, attempt).await?;
    if let Err(e) = accounts::set_password(&pool, &user.email, &new).await {
        return ssr::failed(e);
    }
    let session: tower_sessions::Session = leptos_axum::extract().await?;
    let generation = user.generation + 1;
    session
        .insert(
            SESSION_USER,
            SessionUser {
                id: user.id,
                generation,
            },
        )
        .await
        .map_err(AppError::internal)?;
    Ok(AccountOutcome::Done {
        message: Text::new("Lösenordet är bytt.", "Your password is changed."),
        one_time_password: None,
    })
}

/// One outcome as the page shows it. `focus`: the page was loaded to show it (after a form posted
/// without JavaScript), so focus starts on it.
#[component]
fn OutcomeView(outcome: AccountOutcome, #[prop(optional)] focus: bool) -> impl IntoView {
    let lang = use_lang();
    let tabindex = focus.then_some("-1");
    match outcome {
        AccountOutcome::Done {
            message,
            one_time_password,
        } => view! {
            <p class="note" role="status" tabindex=tabindex autofocus=focus>
                {message.get(lang).to_string()}
                {one_time_password.map(|p| view! {
                    <br />
                    {format!("{} {}: ", tr(lang, "Engångslösenord för", "One-time password for"), p.owner)}
                    <code class="one-time-password">{p.password}</code>
                    <br />
                    {tr(
                        lang,
                        "Lämna det till personen på ett säkert sätt. Det visas bara den här gången.",
                        "Hand it to the person in a safe way. It is shown only this once.",
                    )}
                })}
            </p>
        }
        .into_any(),
        AccountOutcome::Invalid { message, .. } | AccountOutcome::Refused(message) => view! {
            <p class="error" role="alert" tabindex=tabindex autofocus=focus>{message.get(lang).to_string()}</p>
        }
        .into_any(),
    }
}

/// The outcome of a form sent by the app (JavaScript on). `fields_shown`: the form shows
/// `Invalid` beside its field, so it is not repeated here.
#[component]
fn Outcome(
    outcome: Signal<Option<Result<AccountOutcome, AppError>>>,
    #[prop(optional)] fields_shown: bool,
) -> impl IntoView {
    let lang = use_lang();
    move || {
        outcome.get().map(|o| match o {
            Ok(AccountOutcome::Invalid { .. }) if fields_shown => ().into_any(),
            Ok(outcome) => view! { <OutcomeView outcome /> }.into_any(),
            Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
        })
    }
}

/// An error message tied to its field (`aria-describedby`) for screen readers.
#[component]
fn FieldError(id: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message
            .get()
            .map(|m| view! { <span class="field-error" id=id>{m}</span> })
    }
}

/// The step before disabling someone or giving them a new password: it names the person and
/// says what happens; only its form, which sends `confirmed`, changes anything.
#[component]
fn ConfirmChange(step: Confirming, user: UserRow) -> impl IntoView {
    let lang = use_lang();
    let who = person(&user.name, &user.email);
    let (question, consequence, yes) = match step {
        Confirming::Disable => (
            Text::new(format!("Stäng av {who}?"), format!("Disable {who}?")),
            tr(
                lang,
                "Personen loggas ut överallt och kan inte logga in förrän kontot aktiveras igen. Inget av det som rapporterats tas bort.",
                "They are signed out everywhere and cannot sign in until the account is enabled again. Nothing they reported is removed.",
            ),
            tr(lang, "Ja, stäng av", "Yes, disable"),
        ),
        Confirming::NewPassword => (
            Text::new(
                format!("Nytt lösenord för {who}?"),
                format!("A new password for {who}?"),
            ),
            tr(
                lang,
                "Det nuvarande lösenordet slutar gälla och personen loggas ut överallt. Du får ett engångslösenord att lämna över.",
                "The current password stops working and they are signed out everywhere. You get a one-time password to hand over.",
            ),
            tr(lang, "Ja, nytt lösenord", "Yes, new password"),
        ),
    };
    // Focus goes to the question: `autofocus` does it when the page is loaded with it (the row's
    // button is a plain form), this when the address changes within the page (back, forward).
    let dialog = NodeRef::<leptos::html::Section>::new();
    let post_to = <ChangeUser as leptos::server_fn::ServerFn>::url();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            let _ = dialog.focus();
        }
    });
    view! {
        <section
            class="card confirm"
            id="bekrafta"
            role="alertdialog"
            aria-labelledby="bekrafta-fraga"
            aria-describedby="bekrafta-foljd"
            tabindex="-1"
            autofocus=true
            node_ref=dialog
        >
            <h2 id="bekrafta-fraga">{question.get(lang).to_string()}</h2>
            <p id="bekrafta-foljd">{consequence}</p>
            // A plain form: the same with or without JavaScript (the answer is a redirect back here).
            <form method="post" action=post_to class="inline">
                <input type="hidden" name="email" value=user.email.clone() />
                <input type="hidden" name="action" value=step.action() />
                <input type="hidden" name="confirmed" value=CONFIRMED />
                <button type="submit">{yes}</button>
            </form>
            " "
            <a href="/anvandare">{tr(lang, "Avbryt", "Cancel")}</a>
        </section>
    }
}

/// The row's button that opens the confirmation step: a plain GET form, so it works without
/// JavaScript and changes nothing.
#[component]
fn AskFirst(step: Confirming, email: String, label: &'static str) -> impl IntoView {
    view! {
        <form method="get" action="/anvandare#bekrafta" class="inline">
            <input type="hidden" name="bekrafta" value=step.query() />
            <input type="hidden" name="anvandare" value=email />
            <button type="submit">{label}</button>
        </form>
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddUser>::new();
    let change = ServerAction::<ChangeUser>::new();
    let users = Resource::new(
        move || (add.version().get(), change.version().get()),
        |_| list_users(),
    );
    let notice = Resource::new(|| (), |_| take_account_notice());
    let dismiss = ServerAction::<DismissAccessRequest>::new();
    let waiting = Resource::new(
        move || (add.version().get(), dismiss.version().get()),
        |_| list_access_requests(),
    );
    let query = use_query_map();
    // "Create account" from the waiting list fills in the address and name.
    let asked_email = move || query.with(|q| q.get("ny")).unwrap_or_default();
    let asked_name = move || query.with(|q| q.get("namn")).unwrap_or_default();
    let confirming = Memo::new(move |_| {
        query.with(|q| {
            let step = Confirming::from_query(&q.get("bekrafta")?)?;
            Some((step, q.get("anvandare").unwrap_or_default()))
        })
    });
    let add_error = move |field: &'static str| {
        Signal::derive(move || match add.value().get() {
            Some(Ok(AccountOutcome::Invalid { field: f, message })) if f == field => {
                Some(message.get(lang).to_string())
            }
            _ => None,
        })
    };
    let (email_error, role_error, units_error) =
        (add_error("email"), add_error("role"), add_error("units"));
    let invalid = |error: Signal<Option<String>>| move || error.get().is_some().then_some("true");
    let described = |error: Signal<Option<String>>, id: &'static str| {
        move || error.get().is_some().then_some(id)
    };
    view! { <Restricted action=readiness_rules::Action::ManageUsers>
        <Title text=tr(lang, "Användare", "Users") />
        <h1>{tr(lang, "Användare", "Users")}</h1>
        <Suspense>
            {move || built_once(async move {
                notice.await.ok().flatten().map(|outcome| view! { <OutcomeView outcome focus=true /> })
            })}
        </Suspense>
        <Suspense>
            {move || built_once(async move {
                let waiting = waiting.await.unwrap_or_default();
                (!waiting.is_empty()).then(|| view! { <WaitingList waiting dismiss /> })
            })}
        </Suspense>
        <section class="card" id="ny-anvandare">
            <h2>{tr(lang, "Ny användare", "New user")}</h2>
            <ActionForm action=add attr:class="stacked">
                <label>
                    {tr(lang, "E-postadress", "E-mail address")}
                    <input type="email" name="email" required value=asked_email prop:value=asked_email aria-invalid=invalid(email_error) aria-describedby=described(email_error, "ny-epost-fel") />
                </label>
                <FieldError id="ny-epost-fel" message=email_error />
                <label>{tr(lang, "Namn", "Name")}<input name="name" value=asked_name prop:value=asked_name /></label>
                <label>
                    {tr(lang, "Roll", "Role")}
                    // No role is chosen beforehand: what the person may do is the admin's decision,
                    // never a default left unread (it was administrator). The server refuses an
                    // empty choice too.
                    <select name="role" required aria-invalid=invalid(role_error) aria-describedby=described(role_error, "ny-roll-fel")>
                        <option value="" selected>{tr(lang, "Välj roll…", "Choose a role…")}</option>
                        {Role::ALL.into_iter().map(|r| view! { <option value=r.code()>{r.label(lang)}</option> }).collect_view()}
                    </select>
                </label>
                <FieldError id="ny-roll-fel" message=role_error />
                <label>
                    {tr(lang, "Enheter (koder, för enhetsansvarig)", "Units (codes, for unit leads)")}
                    <input name="units" placeholder="E001, E002" aria-invalid=invalid(units_error) aria-describedby=described(units_error, "ny-enheter-fel") />
                </label>
                <FieldError id="ny-enheter-fel" message=units_error />
                <button type="submit">{tr(lang, "Skapa användare", "Create user")}</button>
            </ActionForm>
            <Outcome outcome=Signal::derive(move || add.value().get()) fields_shown=true />
        </section>
        <Outcome outcome=Signal::derive(move || change.value().get()) />
        <Transition fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || {
                let asked = confirming.get();
                built_once(async move {
                    match users.await {
                        Err(error) => view! { <LoadError error /> }.into_any(),
                        Ok(users) => {
                            let confirmation = asked.map(|(step, email)| {
                                let email = email.trim().to_lowercase();
                                match users.iter().find(|u| u.email == email) {
                                    Some(user) => view! { <ConfirmChange step user=user.clone() /> }.into_any(),
                                    None => {
                                        let message = Text::new(
                                            format!("Ingen användare har adressen {email}."),
                                            format!("No user has the address {email}."),
                                        );
                                        view! { <p class="error" role="alert" id="bekrafta">{message.get(lang).to_string()}</p> }.into_any()
                                    }
                                }
                            });
                            view! {
                                {confirmation}
                                <UsersTable users change />
                            }
                            .into_any()
                        }
                    }
                })
            }}
        </Transition>
    </Restricted> }
}

/// People the identity provider signed in who have no account: the admin creates one (the
/// form below, filled in) or takes them off the list.
#[component]
fn WaitingList(
    waiting: Vec<WaitingRow>,
    dismiss: ServerAction<DismissAccessRequest>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card">
            <h2 id="vantar-rubrik">{tr(lang, "Väntar på åtkomst", "Waiting for access")}</h2>
            <p>{tr(
                lang,
                "De här har loggat in via identitetsleverantören men har inget konto. De har ingen åtkomst förrän du skapar ett konto med roll.",
                "These people signed in through the identity provider but have no account. They have no access until you create an account with a role.",
            )}</p>
            <div class="scroll-x" tabindex="0" role="region" aria-labelledby="vantar-rubrik"><table>
                <thead><tr>
                    <th scope="col">{tr(lang, "E-post", "E-mail")}</th>
                    <th scope="col">{tr(lang, "Namn", "Name")}</th>
                    <th scope="col">{tr(lang, "Senast", "Latest")}</th>
                    <th scope="col">{tr(lang, "Försök", "Attempts")}</th>
                    <th scope="col">{tr(lang, "Åtgärder", "Actions")}</th>
                </tr></thead>
                <tbody>
                    {waiting.into_iter().map(|w| {
                        let create = format!(
                            "/anvandare?ny={}&namn={}#ny-anvandare",
                            readiness_rules::encode_query(&w.email),
                            readiness_rules::encode_query(&w.name),
                        );
                        view! {
                            <tr>
                                <td>{w.email.clone()}</td>
                                <td>{w.name.clone()}</td>
                                <td class="date">{w.last.clone()}</td>
                                <td>{w.attempts}</td>
                                <td>
                                    <a href=create aria-label=format!("{} {}", tr(lang, "Skapa konto för", "Create an account for"), w.email)>{tr(lang, "Skapa konto…", "Create account…")}</a>
                                    " "
                                    <ActionForm action=dismiss attr:class="inline">
                                        <input type="hidden" name="id" value=w.id />
                                        <button type="submit" aria-label=format!("{} {}", tr(lang, "Ta bort från listan:", "Remove from the list:"), w.email)>{tr(lang, "Ta bort från listan", "Remove from the list")}</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}

#[component]
fn UsersTable(users: Vec<UserRow>, change: ServerAction<ChangeUser>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="scroll-x"><table class="users">
            <thead><tr>
                <th scope="col">{tr(lang, "E-post", "E-mail")}</th>
                <th scope="col">{tr(lang, "Namn", "Name")}</th>
                <th scope="col">{tr(lang, "Roll", "Role")}</th>
                <th scope="col">{tr(lang, "Enheter", "Units")}</th>
                <th scope="col">{tr(lang, "Status", "Status")}</th>
                <th scope="col">{tr(lang, "Åtgärder", "Actions")}</th>
            </tr></thead>
            <tbody>
                {users.into_iter().map(|u| {
                    // Enabling gives access back and takes nothing away: it needs no confirmation.
                    let email = u.email.clone();
                    let toggle = if u.disabled {
                        view! {
                            <ActionForm action=change attr:class="inline">
                                <input type="hidden" name="email" value=email />
                                <input type="hidden" name="action" value="enable" />
                                <button type="submit">{tr(lang, "Aktivera", "Enable")}</button>
                            </ActionForm>
                        }
                        .into_any()
                    } else {
                        view! { <AskFirst step=Confirming::Disable email label=tr(lang, "Stäng av…", "Disable…") /> }.into_any()
                    };
                    view! {
                        <tr class:disabled=u.disabled>
                            <td>{u.email.clone()}</td>
                            <td>{u.name.clone()}</td>
                            <td>{u.role.label(lang)}</td>
                            <td>{u.units.join(", ")}</td>
                            <td>{if u.disabled { tr(lang, "avstängd", "disabled") } else { tr(lang, "aktiv", "active") }}</td>
                            <td>
                                {toggle}
                                " "
                                <AskFirst step=Confirming::NewPassword email=u.email.clone() label=tr(lang, "Nytt lösenord…", "New password…") />
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

/// The signed-in person's e-mail choices and their role, which decides the kinds that apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailChoices {
    pub role: Role,
    pub preferences: MailPreferences,
}

#[server(endpoint = "e_postval")]
pub async fn get_mail_choices() -> Result<MailChoices, AppError> {
    let user = crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = crate::state::pool()?;
    let preferences = readiness_store::notifications::preferences(&pool, user.id).await?;
    Ok(MailChoices {
        role: user.role,
        preferences,
    })
}

/// Saves the signed-in person's own e-mail choices (a checkbox not sent is off).
#[server(endpoint = "spara_e_postval")]
pub async fn save_mail_choices(
    lang: String,
    reminders: Option<String>,
    digest: Option<String>,
) -> Result<AccountOutcome, AppError> {
    let user = crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let Some(lang) = Lang::from_code(&lang) else {
        return Ok(AccountOutcome::Refused(Text::new(
            "Välj svenska eller engelska.",
            "Choose Swedish or English.",
        )));
    };
    let pool = crate::state::pool()?;
    let preferences = MailPreferences {
        lang,
        reminders: reminders.is_some(),
        digest: digest.is_some(),
    };
    readiness_store::notifications::set_preferences(&pool, user.id, preferences).await?;
    Ok(AccountOutcome::Done {
        message: Text::new(
            "Dina val för e-post är sparade.",
            "Your e-mail choices are saved.",
        ),
        one_time_password: None,
    })
}

/// The e-mail choices: only the kinds the person's role gets; the other kind's choice is kept.
#[component]
fn MailForm(choices: MailChoices, action: ServerAction<SaveMailChoices>) -> impl IntoView {
    let lang = use_lang();
    let MailChoices { role, preferences } = choices;
    let kept = |name: &'static str, on: bool| {
        on.then(|| view! { <input type="hidden" name=name value="on" /> })
    };
    let kinds = match role {
        Role::Enhetsansvarig => view! {
            <label class="inline-check">
                <input type="checkbox" name="reminders" checked=preferences.reminders />
                {tr(
                    lang,
                    "Påminnelser om mina enheter: värden som ska rapporteras igen, åtgärder som förfaller eller är försenade, och nedräkningen till utvärderingen",
                    "Reminders about my units: values to report again, plans falling due or overdue, and the countdown to the evaluation",
                )}
            </label>
            {kept("digest", preferences.digest)}
        }
        .into_any(),
        Role::Admin | Role::Arbetsgrupp => view! {
            <label class="inline-check">
                <input type="checkbox" name="digest" checked=preferences.digest />
                {tr(
                    lang,
                    "Veckosammanfattning på måndagar: värden som väntar på granskning, enheter vars prognos blivit sämre, försenade åtgärder",
                    "Weekly digest on Mondays: values waiting for review, units whose forecast got worse, overdue plans",
                )}
            </label>
            {kept("reminders", preferences.reminders)}
        }
        .into_any(),
        Role::Lasare => view! {
            <p class="muted">{tr(lang, "Ledningen får inga e-postmeddelanden från readiness; översikten visar läget.", "Leadership gets no e-mail from readiness; the overview shows where things stand.")}</p>
            {kept("reminders", preferences.reminders)}
            {kept("digest", preferences.digest)}
        }
        .into_any(),
    };
    view! {
        <ActionForm action=action attr:class="stacked">
            {kinds}
            <label>
                {tr(lang, "Språk i e-post", "Language of e-mails")}
                <select name="lang">
                    <option value="sv" selected=preferences.lang == Lang::Sv>"Svenska"</option>
                    <option value="en" selected=preferences.lang == Lang::En>"English"</option>
                </select>
            </label>
            <button type="submit">{tr(lang, "Spara val för e-post", "Save e-mail choices")}</button>
        </ActionForm>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let change = ServerAction::<ChangeOwnPassword>::new();
    let save_mail = ServerAction::<SaveMailChoices>::new();
    let mail = Resource::new(move || save_mail.version().get(), |_| get_mail_choices());
    view! {
        <Title text=tr(lang, "Mitt konto", "My account") />
        <div class="login card">
            <h1>{tr(lang, "Byt lösenord", "Change password")}</h1>
            <p class="muted">{tr(lang, "Minst 10 tecken. Du loggas ut på alla andra enheter.", "At least 10 characters. You are logged out everywhere else.")}</p>
            <ActionForm action=change attr:class="stacked">
                <label>{tr(lang, "Nuvarande lösenord", "Current password")}<input type="password" name="current" autocomplete="current-password" required /></label>
                <label>{tr(lang, "Nytt lösenord", "New password")}<input type="password" name="new" autocomplete="new-password" minlength="10" required /></label>
                <label>{tr(lang, "Nytt lösenord igen", "New password again")}<input type="password" name="repeat" autocomplete="new-password" minlength="10" required /></label>
                <button type="submit">{tr(lang, "Byt lösenord", "Change password")}</button>
            </ActionForm>
            <Outcome outcome=Signal::derive(move || change.value().get()) />
        </div>
        <section class="login card" aria-labelledby="e-post">
            <h2 id="e-post">{tr(lang, "E-post från readiness", "E-mail from readiness")}</h2>
            <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
                {move || built_once(async move {
                    match mail.await {
                        Ok(choices) => view! { <MailForm choices action=save_mail /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
            <Outcome outcome=Signal::derive(move || save_mail.value().get()) />
        </section>
    }
}
