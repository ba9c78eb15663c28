//! `/logga-in`: the identity provider's button (single sign-on, when configured) and e-mail and
//! password (unless switched off). Plain links and a plain form posted to the server
//! (`/auth/logga-in`), so both work before the wasm has loaded; the server answers with a
//! redirect either way. `/ingen-atkomst`: where the provider's users without an account land.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{built_once, use_site_info};
use crate::i18n::{tr, use_lang};

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let info = use_site_info();
    let back = move || {
        query
            .with(|q| q.get("tillbaka"))
            .unwrap_or_else(|| "/".into())
    };
    let message = move || {
        query.with(|q| match q.get("fel").as_deref() {
            Some("fel") => Some((
                "error",
                tr(
                    lang,
                    "Fel e-postadress eller lösenord.",
                    "Wrong e-mail address or password.",
                )
                .to_string(),
            )),
            Some("sparrad") => {
                let minutes = q
                    .get("minuter")
                    .and_then(|m| m.parse::<u32>().ok())
                    .filter(|m| (1..=60).contains(m))
                    .unwrap_or(15);
                Some((
                    "error",
                    match lang {
                        readiness_rules::Lang::Sv => format!(
                            "För många misslyckade inloggningar härifrån. Vänta {minutes} min och försök igen."
                        ),
                        readiness_rules::Lang::En => format!(
                            "Too many failed log-ins from here. Wait {minutes} min and try again."
                        ),
                    },
                ))
            }
            Some("sso") => Some((
                "error",
                tr(
                    lang,
                    "Inloggningen via identitetsleverantören gick inte igenom. Försök igen; händer det igen, kontakta arbetsgruppen.",
                    "Signing in through the identity provider did not go through. Try again; if it happens again, contact the working group.",
                )
                .to_string(),
            )),
            Some("avstangd") => Some((
                "error",
                tr(
                    lang,
                    "Ditt konto i readiness är avstängt. Kontakta arbetsgruppen.",
                    "Your readiness account is disabled. Contact the working group.",
                )
                .to_string(),
            )),
            Some("bara-sso") => Some((
                "error",
                tr(
                    lang,
                    "Här loggar man in via identitetsleverantören, inte med lösenord.",
                    "Here you sign in through the identity provider, not with a password.",
                )
                .to_string(),
            )),
            _ if q.get("utloggad").is_some() => {
                Some(("note", tr(lang, "Du är utloggad.", "You are logged out.").to_string()))
            }
            _ => None,
        })
    };
    view! {
        <Title text=tr(lang, "Logga in", "Log in") />
        <div class="login card">
            <h1>{tr(lang, "Logga in", "Log in")}</h1>
            {move || message().map(|(class, text)| view! { <p class=class role="alert">{text}</p> })}
            <Suspense fallback=|| ()>
                {move || built_once(async move {
                    let (label, passwords) = info
                        .await
                        .map(|i| (i.provider_label, i.password_login))
                        .unwrap_or((None, true));
                    let left_provider = query.with(|q| q.get("hos-idp").is_some());
                    let has_provider = label.is_some();
                    view! {
                        {label.clone().map(|label| {
                            let start = format!(
                                "/auth/oidc/start?tillbaka={}",
                                readiness_rules::encode_query(&back()),
                            );
                            view! {
                                // rel=external: a full page load to the provider, not a route of ours.
                                <p><a class="button sso" href=start rel="external">{match lang {
                                    readiness_rules::Lang::Sv => format!("Logga in med {label}"),
                                    readiness_rules::Lang::En => format!("Log in with {label}"),
                                }}</a></p>
                            }
                        })}
                        {label.filter(|_| left_provider).map(|label| view! {
                            <p>
                                {tr(lang, "Du kan fortfarande vara inloggad hos identitetsleverantören. ", "You may still be signed in at the identity provider. ")}
                                <a href="/auth/oidc/logga-ut" rel="external">{match lang {
                                    readiness_rules::Lang::Sv => format!("Logga ut från {label} också"),
                                    readiness_rules::Lang::En => format!("Log out of {label} too"),
                                }}</a>
                            </p>
                        })}
                        {passwords.then(|| view! {
                                <form method="post" action="/auth/logga-in" class="stacked">
                                    <input type="hidden" name="tillbaka" value=back />
                                    <label>
                                        {tr(lang, "E-postadress", "E-mail address")}
                                        // With a provider its button comes first: focus stays at the top.
                                        <input type="email" name="email" autocomplete="username" required autofocus=!has_provider />
                                    </label>
                                    <label>
                                        {tr(lang, "Lösenord", "Password")}
                                        <input type="password" name="password" autocomplete="current-password" required />
                                    </label>
                                    <button type="submit">{tr(lang, "Logga in", "Log in")}</button>
                                </form>
                        })}
                    }
                })}
            </Suspense>
        </div>
        <Suspense fallback=|| ()>
            {move || built_once(async move {
                let accounts = info.await.map(|i| i.demo_accounts).unwrap_or_default();
                (!accounts.is_empty()).then(|| view! {
                    <section class="demo-accounts card" aria-labelledby="demo-heading">
                        <h2 id="demo-heading">{tr(lang, "Demokonton (bara i exempeldatabasen)", "Demo accounts (sample database only)")}</h2>
                        <div class="scroll-x" tabindex="0" role="region" aria-labelledby="demo-heading"><table>
                            <thead><tr>
                                <th scope="col">{tr(lang, "Roll", "Role")}</th>
                                <th scope="col">{tr(lang, "E-post", "E-mail")}</th>
                                <th scope="col">{tr(lang, "Lösenord", "Password")}</th>
                            </tr></thead>
                            <tbody>
                                {accounts.into_iter().map(|(email, role, password)| view! {
                                    <tr>
                                        <td>{role.label(lang)}</td>
                                        <td><code>{email}</code></td>
                                        <td><code>{password}</code></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    </section>
                })
            })}
        </Suspense>
    }
}

/// `/ingen-atkomst`: the identity provider knows this person, readiness does not (yet). The admin
/// sees them listed on the users page; a role is only ever granted there.
#[component]
pub fn NoAccessPage() -> impl IntoView {
    let lang = use_lang();
    let info = use_site_info();
    view! {
        <Title text=tr(lang, "Ingen åtkomst ännu", "No access yet") />
        <div class="login card">
            <h1>{tr(lang, "Ingen åtkomst ännu", "No access yet")}</h1>
            <p>{tr(
                lang,
                "Du är inloggad hos identitetsleverantören, men har inget konto i readiness ännu. Be arbetsgruppen om åtkomst och berätta vilken roll du behöver (och för enhetsansvariga: vilka enheter). Din inloggning syns redan för administratören.",
                "You are signed in at the identity provider, but have no readiness account yet. Ask the working group for access and say which role you need (and for unit leads: which units). Your sign-in is already listed for the administrator.",
            )}</p>
            <Suspense fallback=|| ()>
                {move || built_once(async move {
                    info.await.ok().and_then(|i| i.contact_email).map(|email| {
                        let mailto = format!("mailto:{email}");
                        view! {
                            <p>{tr(lang, "Kontakt: ", "Contact: ")}<a href=mailto>{email}</a></p>
                        }
                    })
                })}
            </Suspense>
            <p><a href="/logga-in">{tr(lang, "Till inloggningen", "To the log-in page")}</a></p>
        </div>
    }
}
