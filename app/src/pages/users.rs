//! `/anvandare` (admin): users, roles and units; `/konto`: change your own password.

use leptos::prelude::*;
use leptos_meta::Title;
use readiness_rules::{Role, Text};
use serde::{Deserialize, Serialize};

use crate::components::{LoadError, Restricted};
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

/// The answer to an account change: a message, and a one-time password to hand over if one
/// was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountOutcome {
    Done { one_time_password: Option<String> },
    Refused(Text),
}

#[cfg(feature = "ssr")]
mod ssr {
    use readiness_store::accounts::AccountError;

    use super::AccountOutcome;
    use crate::error::AppError;

    pub fn outcome(
        result: Result<Option<String>, AccountError>,
    ) -> Result<AccountOutcome, AppError> {
        match result {
            Ok(one_time_password) => Ok(AccountOutcome::Done { one_time_password }),
            Err(AccountError::Store(e)) => Err(e.into()),
            Err(e) => Ok(AccountOutcome::Refused(e.text())),
        }
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

/// Creates a user with a one-time password, shown once to the admin.
#[server(endpoint = "ny_anvandare")]
pub async fn add_user(
    email: String,
    name: String,
    role: String,
    units: String,
) -> Result<AccountOutcome, AppError> {
    use readiness_store::accounts;
    crate::auth::ssr::require(readiness_rules::Action::ManageUsers)?;
    let Some(role) = Role::from_code(&role) else {
        return Ok(AccountOutcome::Refused(Text::new(
            "Okänd roll.",
            "Unknown role.",
        )));
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
    if !accounts::is_demo_account(&email) {
        accounts::end_sample_state(&pool).await?;
    }
    let result = accounts::create_user(&pool, &email, &name, role, &password, &units).await;
    ssr::outcome(result.map(|_| Some(password)))
}

/// Disables or enables a user, or gives them a new one-time password (`action`: `disable`,
/// `enable`, `reset`). Every change ends the user's sessions.
#[server(endpoint = "andra_anvandare")]
pub async fn change_user(email: String, action: String) -> Result<AccountOutcome, AppError> {
    use readiness_store::accounts;
    let admin = crate::auth::ssr::require(readiness_rules::Action::ManageUsers)?;
    let pool = crate::state::pool()?;
    if action == "disable" && admin.email == email.trim().to_lowercase() {
        return Ok(AccountOutcome::Refused(Text::new(
            "Du kan inte stänga av dig själv.",
            "You cannot disable yourself.",
        )));
    }
    let result = match action.as_str() {
        "disable" => accounts::set_disabled(&pool, &email, true)
            .await
            .map(|_| None),
        "enable" => accounts::set_disabled(&pool, &email, false)
            .await
            .map(|_| None),
        "reset" => {
            let password = accounts::generate_password();
            accounts::set_password(&pool, &email, &password)
                .await
                .map(|_| Some(password))
        }
        _ => {
            return Ok(AccountOutcome::Refused(Text::new(
                "Okänd åtgärd.",
                "Unknown action.",
            )));
        }
    };
    ssr::outcome(result)
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
    let attempt = match state.login_throttle.begin(
        &user.email,
        &crate::state::client_address(),
        std::time::Instant::now(),
    ) {
        Ok(attempt) => attempt,
        Err(refused) => {
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
    state.login_throttle.succeed(attempt);
    if let Err(e) = accounts::set_password(&pool, &user.email, &new).await {
        return ssr::outcome(Err(e));
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
        one_time_password: None,
    })
}

#[component]
fn Outcome(outcome: Signal<Option<Result<AccountOutcome, AppError>>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        outcome.get().map(|o| match o {
            Ok(AccountOutcome::Done { one_time_password: Some(p) }) => view! {
                <p class="note" role="status">
                    {tr(lang, "Klart. Engångslösenord (visas bara nu): ", "Done. One-time password (shown only now): ")}
                    <code class="one-time-password">{p}</code>
                </p>
            }
            .into_any(),
            Ok(AccountOutcome::Done { one_time_password: None }) => {
                view! { <p class="note" role="status">{tr(lang, "Klart.", "Done.")}</p> }.into_any()
            }
            Ok(AccountOutcome::Refused(message)) => view! { <p class="error" role="alert">{message.get(lang).to_string()}</p> }.into_any(),
            Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
        })
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
    view! { <Restricted action=readiness_rules::Action::ManageUsers>
        <Title text=tr(lang, "Användare", "Users") />
        <h1>{tr(lang, "Användare", "Users")}</h1>
        <section class="card">
            <h2>{tr(lang, "Ny användare", "New user")}</h2>
            <ActionForm action=add attr:class="stacked">
                <label>{tr(lang, "E-postadress", "E-mail address")}<input type="email" name="email" required /></label>
                <label>{tr(lang, "Namn", "Name")}<input name="name" /></label>
                <label>
                    {tr(lang, "Roll", "Role")}
                    <select name="role">
                        {Role::ALL.into_iter().map(|r| view! { <option value=r.code()>{r.label(lang)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    {tr(lang, "Enheter (koder, för enhetsansvarig)", "Units (codes, for unit leads)")}
                    <input name="units" placeholder="E001, E002" />
                </label>
                <button type="submit">{tr(lang, "Skapa användare", "Create user")}</button>
            </ActionForm>
            <Outcome outcome=Signal::derive(move || add.value().get()) />
        </section>
        <Outcome outcome=Signal::derive(move || change.value().get()) />
        <Transition fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(users) => view! {
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
                                    let (toggle, toggle_label) = if u.disabled {
                                        ("enable", tr(lang, "Aktivera", "Enable"))
                                    } else {
                                        ("disable", tr(lang, "Stäng av", "Disable"))
                                    };
                                    let (email_toggle, email_reset) = (u.email.clone(), u.email.clone());
                                    view! {
                                        <tr class:disabled=u.disabled>
                                            <td>{u.email.clone()}</td>
                                            <td>{u.name.clone()}</td>
                                            <td>{u.role.label(lang)}</td>
                                            <td>{u.units.join(", ")}</td>
                                            <td>{if u.disabled { tr(lang, "avstängd", "disabled") } else { tr(lang, "aktiv", "active") }}</td>
                                            <td>
                                                <ActionForm action=change attr:class="inline">
                                                    <input type="hidden" name="email" value=email_toggle />
                                                    <input type="hidden" name="action" value=toggle />
                                                    <button type="submit">{toggle_label}</button>
                                                </ActionForm>
                                                " "
                                                <ActionForm action=change attr:class="inline">
                                                    <input type="hidden" name="email" value=email_reset />
                                                    <input type="hidden" name="action" value="reset" />
                                                    <button type="submit">{tr(lang, "Nytt lösenord", "New password")}</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any(),
                }
            })}
        </Transition>
    </Restricted> }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let change = ServerAction::<ChangeOwnPassword>::new();
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
    }
}
