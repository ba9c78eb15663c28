//! One module per page; each holds the server functions that page uses.

pub mod alf;
pub mod baselines;
pub mod criterion;
pub mod import;
pub mod login;
pub mod matrix;
pub mod not_found;
pub mod overview;
pub mod projection;
pub mod report;
pub mod reporting;
pub mod review;
pub mod trends;
pub mod unit;
pub mod users;

use leptos::prelude::*;

use crate::i18n::{tr, use_lang};

/// What a page shows when its server function failed.
#[component]
pub fn LoadError(error: ServerFnError) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="error" role="alert">
            <h1>{tr(lang, "Något gick fel", "Something went wrong")}</h1>
            <p>{error.to_string()}</p>
        </div>
    }
}
