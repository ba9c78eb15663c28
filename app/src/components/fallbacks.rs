//! What a page shows instead of its content: not found, no access, or its server function
//! failed.

use leptos::prelude::*;
use leptos_meta::Title;
use readiness_rules::Action;

use super::built_once;
use crate::error::AppError;
use crate::i18n::{tr, use_lang};

/// A real 404 page: unknown paths and unknown unit or criterion codes.
#[component]
pub fn NotFound(#[prop(optional)] what: Option<String>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::state::set_not_found();
    let lang = use_lang();
    view! {
        <Title text=tr(lang, "Hittades inte", "Not found") />
        <section class="not-found">
            <h1>{tr(lang, "Sidan finns inte (404)", "Page not found (404)")}</h1>
            {what.map(|w| view! { <p>{w}</p> })}
            <p>
                <a href="/">{tr(lang, "Till översikten", "Go to the overview")}</a>
            </p>
        </section>
    }
}

/// What a page shows when its server function failed; rendered on the server, the page answers
/// with the error's status (401, 403, 404, 500).
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::state::set_status(error.status());
    let lang = use_lang();
    view! {
        <div class="error" role="alert">
            <h1>{tr(lang, "Något gick fel", "Something went wrong")}</h1>
            <p>{error.message(lang)}</p>
        </div>
    }
}

/// The page for those whose role allows `action`; anyone else gets a clear "no access" page
/// (403) and none of its forms. The server functions check again on every call: this only
/// spares people forms they cannot use.
#[component]
pub fn Restricted(action: Action<'static>, children: ChildrenFn) -> impl IntoView {
    let info = super::use_site_info();
    let children = StoredValue::new(children);
    view! {
        <Suspense>
            {move || built_once(async move {
                match info.await {
                    Ok(info) if info.me.as_ref().is_some_and(|me| me.actor().may(action)) => {
                        children.with_value(|children| children()).into_any()
                    }
                    Ok(_) => view! { <NoAccess /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What someone signed in sees on a page their role does not open.
#[component]
pub fn NoAccess() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::state::set_status(http::StatusCode::FORBIDDEN);
    let lang = use_lang();
    view! {
        <Title text=tr(lang, "Ingen behörighet", "No access") />
        <section class="not-found">
            <h1>{tr(lang, "Du har inte behörighet till den här sidan", "You do not have access to this page")}</h1>
            <p>{tr(
                lang,
                "Din roll ger inte tillgång hit. Behöver du den, be arbetsgruppen om en annan roll.",
                "Your role does not give access here. If you need it, ask the working group for another role.",
            )}</p>
            <p><a href="/">{tr(lang, "Till översikten", "Go to the overview")}</a></p>
        </section>
    }
}
