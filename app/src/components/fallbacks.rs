//! What a page shows instead of its content: not found, or its server function failed.

use leptos::prelude::*;
use leptos_meta::Title;

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
