//! `/logga-in`: e-mail and password. A plain form posted to the server (`/auth/logga-in`), so it
//! works before the wasm has loaded; the server answers with a redirect either way.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::use_site_info;
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
            <form method="post" action="/auth/logga-in" class="stacked">
                <input type="hidden" name="tillbaka" value=back />
                <label>
                    {tr(lang, "E-postadress", "E-mail address")}
                    <input type="email" name="email" autocomplete="username" required autofocus />
                </label>
                <label>
                    {tr(lang, "Lösenord", "Password")}
                    <input type="password" name="password" autocomplete="current-password" required />
                </label>
                <button type="submit">{tr(lang, "Logga in", "Log in")}</button>
            </form>
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
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
