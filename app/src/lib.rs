//! readiness: the Leptos application (pages, routes, server functions) and the hydrate entry.
#![recursion_limit = "256"]

pub mod auth;
pub mod charts;
pub mod components;
pub mod error;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod import_jobs;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod throttle;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Html, MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::components::NotFound;
use crate::i18n::{current_lang, tr};
use crate::pages::{
    accessibility::AccessibilityPage,
    alf::AlfPage,
    baselines::{BaselinesPage, ComparePage},
    criterion::CriterionPage,
    development::{DevelopmentAreaPage, DevelopmentPage},
    import::{ImportPage, UploadPage},
    login::{LoginPage, NoAccessPage},
    matrix::MatrixPage,
    overview::OverviewPage,
    projection::ProjectionPage,
    report::ReportPage,
    review::ReviewPage,
    system_level::{InterviewPage, QuestionPage, SystemLevelPage},
    trends::TrendsPage,
    unit::UnitPage,
    users::{AccountPage, UsersPage},
};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        // `lang` comes from the app's `<Html>` (the reader's language): one attribute, not two.
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="data:," />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The document title. leptos_meta writes the server's `<title>` without escaping it (0.8.7), and
/// page titles carry unit names and criterion titles from spreadsheets, so the server escapes them
/// here; in the browser the text goes to `document.title`, which is never parsed as markup.
fn page_title(page: String, lang: i18n::Lang) -> String {
    let app = tr(lang, "Beredskap", "Readiness");
    let title = if page.is_empty() {
        app.to_string()
    } else {
        format!("{page} · {app}")
    };
    if cfg!(feature = "ssr") {
        readiness_rules::escape_html(&title)
    } else {
        title
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    state::content_security_policy();
    let lang = current_lang();
    provide_context(lang);
    // Loaded once per page view: the sample banner, the signed-in user, the demo accounts.
    provide_context(Resource::new(|| (), |_| components::get_site_info()));

    view! {
        <Html attr:lang=lang.code() />
        <Title formatter=move |page| page_title(page, lang) />
        <Router>
            <components::SiteHeader />
            // Focusable from script only: the skip link puts focus here.
            <main id="innehall" tabindex="-1">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=OverviewPage ssr=SsrMode::Async />
                    <Route path=path!("/matris") view=MatrixPage ssr=SsrMode::Async />
                    <Route path=path!("/enhet/:kod") view=UnitPage ssr=SsrMode::Async />
                    <Route path=path!("/kriterium/:kod") view=CriterionPage ssr=SsrMode::Async />
                    <Route path=path!("/logga-in") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/granska") view=ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("/anvandare") view=UsersPage ssr=SsrMode::Async />
                    <Route path=path!("/konto") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/importera") view=ImportPage ssr=SsrMode::Async />
                    <Route path=path!("/prognos") view=ProjectionPage ssr=SsrMode::Async />
                    <Route path=path!("/trender") view=TrendsPage ssr=SsrMode::Async />
                    <Route path=path!("/rapport") view=ReportPage ssr=SsrMode::Async />
                    <Route path=path!("/alf") view=AlfPage ssr=SsrMode::Async />
                    <Route path=path!("/baslinjer") view=BaselinesPage ssr=SsrMode::Async />
                    <Route path=path!("/utveckling") view=DevelopmentPage ssr=SsrMode::Async />
                    <Route path=path!("/utveckling/:kod") view=DevelopmentAreaPage ssr=SsrMode::Async />
                    <Route path=path!("/systemniva") view=SystemLevelPage ssr=SsrMode::Async />
                    <Route path=path!("/systemniva/intervju") view=InterviewPage ssr=SsrMode::Async />
                    <Route path=path!("/systemniva/:kod") view=QuestionPage ssr=SsrMode::Async />
                    <Route path=path!("/jamfor") view=ComparePage ssr=SsrMode::Async />
                    <Route path=path!("/importera/:token") view=UploadPage ssr=SsrMode::Async />
                    <Route path=path!("/tillganglighet") view=AccessibilityPage ssr=SsrMode::Async />
                    <Route path=path!("/ingen-atkomst") view=NoAccessPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer">
                {tr(
                    lang,
                    "Beredskap för USV-utvärderingen 2026 och ALF-utvärderingen 2028 · Region Stockholm och Karolinska Institutet",
                    "Readiness for the 2026 USV evaluation and the 2028 ALF evaluation · Region Stockholm and Karolinska Institutet",
                )}
                " · "
                <a href="/tillganglighet">{tr(lang, "Tillgänglighetsredogörelse", "Accessibility statement")}</a>
            </footer>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // Lets tests (and curious people) see that the page is interactive now.
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
