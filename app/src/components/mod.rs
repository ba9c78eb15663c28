//! Pieces shared by the pages: header, lights, the as-of picker, the report forms, the unit
//! trend, and what a page shows instead of its content.

mod fallbacks;
pub mod report_forms;
mod unit_trend;

pub use fallbacks::{LoadError, NoAccess, NotFound, Restricted};
pub use unit_trend::UnitTrend;

use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    hooks::{use_location, use_navigate},
};
use readiness_rules::{Light, Role, encode_query, format_percent};
use serde::{Deserialize, Serialize};

use crate::auth::Me;
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

/// A view that waits for data, built once per server render. Server rendering calls a reactive
/// closure twice (once to start what it waits for, once to write it), and a `Suspend` whose data
/// are already there would build its whole view in the first call too, only to drop it: on the
/// matrix, every one of its thousands of cells. Not ready at its first poll on the server, the
/// view is built by the second call only. In the browser it is a plain `Suspend`.
pub fn built_once<T>(view: impl Future<Output = T> + Send + 'static) -> Suspend<T> {
    Suspend::new(async move {
        #[cfg(feature = "ssr")]
        {
            let mut polled = false;
            std::future::poll_fn(|cx| {
                if std::mem::replace(&mut polled, true) {
                    std::task::Poll::Ready(())
                } else {
                    cx.waker().wake_by_ref();
                    std::task::Poll::Pending
                }
            })
            .await;
        }
        view.await
    })
}

/// What every page's frame needs to know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteInfo {
    /// The database holds generated sample data: say so on every page.
    pub sample: bool,
    /// The signed-in user, if any.
    pub me: Option<Me>,
    /// (e-mail, role, password) of the demo accounts: only for the sample database.
    pub demo_accounts: Vec<(String, Role, String)>,
    /// Where readers report problems, if the installation names one.
    pub contact_email: Option<String>,
    /// The identity provider's name on the log-in button, when single sign-on is on.
    pub provider_label: Option<String>,
    /// Whether the log-in page offers e-mail and password.
    pub password_login: bool,
}

/// Public (the log-in page needs it): it tells nothing about a real database but whether
/// someone is signed in on this browser.
#[server(endpoint = "site_info")]
pub async fn get_site_info() -> Result<SiteInfo, AppError> {
    let state = crate::state::app_state()?;
    let sample = readiness_store::queries::is_sample(&state.pool).await?;
    let demo_accounts = if sample && state.sign_in.passwords {
        readiness_store::accounts::DEMO_ACCOUNTS
            .iter()
            .map(|(email, _, role, password)| (email.to_string(), *role, password.to_string()))
            .collect()
    } else {
        Vec::new()
    };
    let me = crate::auth::ssr::current_user().map(|u| crate::auth::ssr::me(&u));
    Ok(SiteInfo {
        sample,
        me,
        demo_accounts,
        provider_label: state.sign_in.provider.as_ref().map(|p| p.label.clone()),
        password_login: state.sign_in.passwords,
        contact_email: state.contact_email,
    })
}

/// The site information of this page view, loaded once by the header.
pub fn use_site_info() -> Resource<Result<SiteInfo, AppError>> {
    expect_context::<Resource<Result<SiteInfo, AppError>>>()
}

/// The skip link's second half: the router only scrolls to an anchor, so focus is moved to the
/// content here, and the next Tab goes on from there.
fn focus_content(_: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(main) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("innehall"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = main.focus();
        }
    }
}

/// Escape in the open menu closes it and gives focus back to its button, as a disclosure does.
fn close_menu_on_escape(ev: leptos::ev::KeyboardEvent, menu_open: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    if ev.key() == "Escape" && menu_open.get_untracked() {
        use wasm_bindgen::JsCast;
        menu_open.set(false);
        if let Some(button) = document()
            .query_selector(".menu-button")
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = button.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, menu_open);
}

/// The current path and query, for links that come back here.
fn here(location: &leptos_router::location::Location) -> String {
    let search = location.search.get();
    let path = location.pathname.get();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{}", search.trim_start_matches('?'))
    }
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    let lang = use_lang();
    let info = use_site_info();
    let (other, other_label) = match lang {
        Lang::Sv => ("en", "In English"),
        Lang::En => ("sv", "På svenska"),
    };
    let location = use_location();
    let pathname = location.pathname;
    let toggle_href = move || format!("/sprak/{other}?tillbaka={}", encode_query(&here(&location)));
    // On a narrow screen the navigation folds behind a menu button once the page is interactive
    // (CSS keys on `html[data-hydrated]`); before that, or without script, it is shown wrapped.
    let menu_open = RwSignal::new(false);
    Effect::new(move |_| {
        // Closed again on every page change.
        pathname.track();
        menu_open.set(false);
    });
    view! {
        <a class="skip-link" href="#innehall" on:click=focus_content>{tr(lang, "Hoppa till innehållet", "Skip to content")}</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"●▲■"</span>
                {tr(lang, "Beredskap", "Readiness")}
                // The brand is the way to the overview (the menu has no link of its own for it).
                <span class="visually-hidden">{tr(lang, " – översikt", " – overview")}</span>
            </a>
            <Suspense fallback=|| ()>
                {move || built_once(async move {
                    let me = info.await.ok().and_then(|i| i.me);
                    let may_verify = me.as_ref().is_some_and(|m| m.actor().may(readiness_rules::Action::Verify));
                    let may_manage = me.as_ref().is_some_and(|m| m.actor().may(readiness_rules::Action::ManageUsers));
                    let may_import = me.as_ref().is_some_and(|m| m.actor().may(readiness_rules::Action::Import));
                    view! {
                        {me.is_some().then(|| view! {
                            <button type="button" class="menu-button" aria-controls="huvudmeny"
                                aria-expanded=move || menu_open.get().to_string()
                                on:click=move |_| menu_open.update(|open| *open = !*open)>
                                <span aria-hidden="true">"☰ "</span>{tr(lang, "Meny", "Menu")}
                            </button>
                        })}
                        <nav id="huvudmeny" aria-label=tr(lang, "Huvudmeny", "Main menu") class:open=move || menu_open.get()
                            on:keydown=move |ev| close_menu_on_escape(ev, menu_open)>
                            {me.is_some().then(|| view! {
                                <a href="/matris">{tr(lang, "Matris", "Matrix")}</a>
                                <a href="/prognos">{tr(lang, "Prognos", "Forecast")}</a>
                                <a href="/trender">{tr(lang, "Trender", "Trends")}</a>
                                <a href="/alf">"ALF 2028"</a>
                                <a href="/utveckling">{tr(lang, "Utveckling", "Development")}</a>
                                <a href="/rapport">{tr(lang, "Lägesrapport", "Report")}</a>
                                <a href="/baslinjer">{tr(lang, "Baslinjer", "Baselines")}</a>
                            })}
                            {may_verify.then(|| view! { <a href="/granska">{tr(lang, "Granska", "Review")}</a> })}
                            {may_import.then(|| view! { <a href="/importera">{tr(lang, "Importera", "Import")}</a> })}
                            {may_manage.then(|| view! { <a href="/anvandare">{tr(lang, "Användare", "Users")}</a> })}
                        </nav>
                        {me.map(|me| view! {
                            <div class="who">
                                <a href="/konto" class="who-name">{if me.name.is_empty() { me.email.clone() } else { me.name.clone() }}</a>
                                <span class="who-role">{me.role.label(lang)}</span>
                                <form method="post" action="/auth/logga-ut" class="inline">
                                    <button type="submit" class="link-button">{tr(lang, "Logga ut", "Log out")}</button>
                                </form>
                            </div>
                        })}
                    }
                })}
            </Suspense>
            <a class="lang-toggle" href=toggle_href hreflang=other lang=other rel="external nofollow">
                {other_label}
            </a>
        </header>
        <Suspense fallback=|| ()>
            {move || built_once(async move {
                let sample = info.await.map(|i| i.sample).unwrap_or(false);
                sample.then(|| view! {
                    <p class="sample-banner" role="note">
                        <strong>{tr(lang, "Exempeldata", "Sample data")}</strong>
                        {tr(
                            lang,
                            " — påhittade enheter, kriterier och värden för demonstration, inte verkliga uppgifter.",
                            " — invented units, criteria and values for demonstration, not real figures.",
                        )}
                    </p>
                })
            })}
        </Suspense>
    }
}

/// A light as symbol + word: never colour alone.
#[component]
pub fn LightBadge(light: Light, #[prop(optional)] reason: Option<String>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class=format!("light light-{}", light.code()) title=reason>
            <span class="light-symbol" aria-hidden="true">{light.symbol()}</span>
            <span class="light-text">{light.label(lang)}</span>
        </span>
    }
}

/// The class of a matrix cell's link, which the style sheet draws as the light's shape on its
/// colour: one short static string per light, as the matrix has thousands of cells.
pub fn matrix_cell_class(light: Light) -> &'static str {
    match light {
        Light::Green => "cell-green",
        Light::Amber => "cell-amber",
        Light::Red => "cell-red",
        Light::Grey => "cell-grey",
        Light::NotApplicable => "cell-not_applicable",
    }
}

/// A small mark on a matrix cell whose value awaits review (◌) or was returned (↩), with the
/// words for screen readers and on hover.
#[component]
pub fn ReviewMark(review: readiness_rules::Review) -> impl IntoView {
    let lang = use_lang();
    let (symbol, text) = match review {
        readiness_rules::Review::Returned => (
            "↩",
            tr(lang, "återsänt till enheten", "returned to the unit"),
        ),
        _ => ("◌", tr(lang, "ej granskat", "not yet verified")),
    };
    view! {
        <span class=format!("review-mark review-mark-{}", review.code()) title=text>
            <span aria-hidden="true">{symbol}</span>
            <span class="visually-hidden">{text}</span>
        </span>
    }
}

/// The legend that explains the symbols.
#[component]
pub fn Legend() -> impl IntoView {
    view! {
        <ul class="legend">
            {Light::ALL.into_iter().map(|l| view! { <li><LightBadge light=l /></li> }).collect_view()}
            <li><span aria-hidden="true">"◌ "</span>{tr(use_lang(), "ej granskat", "not yet verified")}</li>
            <li><span aria-hidden="true">"↩ "</span>{tr(use_lang(), "återsänt", "returned")}</li>
        </ul>
    }
}

pub fn readiness_text(readiness: Option<f64>, lang: Lang) -> String {
    readiness
        .map(|r| format_percent(r, lang))
        .unwrap_or_else(|| "–".into())
}

/// Readiness as a bar with its number (the number is the information; the bar helps scanning).
#[component]
pub fn ReadinessBar(readiness: Option<f64>) -> impl IntoView {
    let lang = use_lang();
    let width = readiness.unwrap_or(0.0).clamp(0.0, 100.0);
    view! {
        <span class="readiness">
            <span class="readiness-bar" aria-hidden="true">
                <span class="readiness-fill" style=format!("width:{width:.0}%")></span>
            </span>
            <span class="readiness-number">{readiness_text(readiness, lang)}</span>
        </span>
    }
}

/// Returns a function that sets `key=value` in the current query string (an empty value removes
/// it) and navigates there without a reload. Call it while rendering; use it in event handlers.
pub fn use_set_query() -> impl Fn(&'static str, String) + Clone + 'static {
    let location = use_location();
    let navigate = use_navigate();
    move |key: &'static str, value: String| {
        let mut params: Vec<(String, String)> = location
            .query
            .get_untracked()
            .into_iter()
            .filter(|(k, _)| k != key)
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        if !value.is_empty() {
            params.push((key.to_string(), value));
        }
        let query = params
            .iter()
            .map(|(k, v)| format!("{}={}", encode_query(k), encode_query(v)))
            .collect::<Vec<_>>()
            .join("&");
        let path = location.pathname.get_untracked();
        let url = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    }
}

/// A date picker for `as_of`: every light on the page is recomputed as of that date. Works as a
/// plain GET form without JavaScript.
#[component]
pub fn AsOfPicker(
    as_of: String,
    #[prop(optional)] hidden: Vec<(&'static str, String)>,
) -> impl IntoView {
    let lang = use_lang();
    let set_query = use_set_query();
    view! {
        <form class="as-of" method="get">
            {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v /> }).collect_view()}
            <label>
                {tr(lang, "Läge per datum", "Status as of")}
                " "
                <input
                    type="date"
                    name="as_of"
                    value=as_of
                    on:change=move |ev| set_query("as_of", event_target_value(&ev))
                />
            </label>
            <button type="submit">{tr(lang, "Visa", "Show")}</button>
        </form>
    }
}

/// Said where the forms would be when an editor looks at an earlier date: changes are made to
/// today's state, so the page offers the way there instead of forms that would mislead.
#[component]
pub fn LookingBack(as_of: String) -> impl IntoView {
    let lang = use_lang();
    let path = use_location().pathname.get_untracked();
    view! {
        <p class="muted looking-back">
            {format!("{} {as_of}. ", tr(lang, "Du ser läget per", "You are looking at the state as of"))}
            <a href=path>{tr(lang, "Gå till dagens läge för att ändra.", "Go to today's state to make changes.")}</a>
        </p>
    }
}

/// The address of page `page` of the list at `path`, keeping the other query parameters of the
/// current address (`sida` counts from 1).
pub fn page_href(path: &str, query: &leptos_router::params::ParamsMap, page: usize) -> String {
    query_with(path, query, "sida", &page.to_string())
}

/// `path` with the current query, `key` set to `value` (empty values left out), encoded.
pub fn query_with(
    path: &str,
    query: &leptos_router::params::ParamsMap,
    key: &str,
    value: &str,
) -> String {
    let mut href = format!("{path}?");
    for (k, v) in query.clone().into_iter() {
        if k != key && !v.is_empty() {
            href.push_str(&format!("{}={}&", encode_query(&k), encode_query(&v)));
        }
    }
    format!("{href}{}={}", encode_query(key), encode_query(value))
}

/// "← Föregående · Sida 3 av 20 · Nästa →" under a long list; nothing when it fits on one
/// page. `path` is the list's address; the current query is kept.
#[component]
pub fn Pager(page: readiness_rules::Page, #[prop(into)] path: String) -> impl IntoView {
    let lang = use_lang();
    let query = leptos_router::hooks::use_query_map();
    let readiness_rules::Page { page, pages, .. } = page;
    let href = move |to: usize| query.with_untracked(|q| page_href(&path, q, to));
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=tr(lang, "Sidor", "Pages")>
                {(page > 1).then(|| view! { <a href=href(page - 1) rel="prev">{tr(lang, "← Föregående", "← Previous")}</a> })}
                <span>{match lang {
                    Lang::Sv => format!("Sida {page} av {pages}"),
                    Lang::En => format!("Page {page} of {pages}"),
                }}</span>
                {(page < pages).then(|| view! { <a href=href(page + 1) rel="next">{tr(lang, "Nästa →", "Next →")}</a> })}
            </nav>
        }
    })
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Renders a reactive closure the way server rendering does (`dry_resolve`, then `resolve`,
    /// then the HTML) and says how often the closure's view was built.
    async fn render(
        waiting_view: impl Fn(Arc<AtomicUsize>) -> AnyView + Send + Sync + 'static,
    ) -> (String, usize) {
        let built = Arc::new(AtomicUsize::new(0));
        let counter = built.clone();
        let mut closure = move || waiting_view(counter.clone());
        closure.dry_resolve();
        let html = closure.resolve().await.to_html();
        (html, built.load(Ordering::SeqCst))
    }

    /// The style sheet draws a matrix cell's light: with the same shape as everywhere else.
    #[test]
    fn the_style_sheet_draws_each_matrix_light_with_its_symbol() {
        let css = include_str!("../../../style/main.css");
        for light in Light::ALL {
            let rule = format!(
                "a.{}::before {{ content: \"{symbol}\"; content: \"{symbol}\" / \"\";",
                matrix_cell_class(light),
                symbol = light.symbol()
            );
            assert!(
                css.contains(&rule),
                "{light:?}: no `{rule}` in style/main.css"
            );
        }
    }

    #[tokio::test]
    async fn a_waiting_view_is_built_once_per_server_render() {
        // What the pages do.
        let (html, built) = render(|counter| {
            built_once(async move {
                counter.fetch_add(1, Ordering::SeqCst);
                view! { <p>"klar"</p> }
            })
            .into_any()
        })
        .await;
        assert_eq!((html.as_str(), built), ("<p>klar</p>", 1));
        // Leptos's own `Suspend` with its data at hand builds it twice: what `built_once` saves.
        let (html, built) = render(|counter| {
            Suspend::new(async move {
                counter.fetch_add(1, Ordering::SeqCst);
                view! { <p>"klar"</p> }
            })
            .into_any()
        })
        .await;
        assert_eq!((html.as_str(), built), ("<p>klar</p>", 2));
    }
}
