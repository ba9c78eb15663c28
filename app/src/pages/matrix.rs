//! `/matris`: units × criteria for one evaluation. Filters, sorting and paging run on the server
//! (2,000 units must not become one page), live in the URL, so a filtered view can be shared, and
//! change without a page load after hydration.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use readiness_rules::{Light, Review, encode_query};
use serde::{Deserialize, Serialize};

use crate::components::{
    AsOfPicker, Legend, LightBadge, Pager, ReadinessBar, ReviewMark, built_once, matrix_cell_class,
    use_set_query,
};
use crate::components::{LoadError, NotFound};
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatrixData {
    pub as_of: String,
    pub evaluation: String,
    pub evaluation_name: String,
    pub evaluations: Vec<(String, String)>,
    pub criteria: Vec<CriterionHead>,
    /// Every care provider of the evaluation's units, for the filter.
    pub providers: Vec<String>,
    /// The rows of this page, filtered and sorted.
    pub rows: Vec<MatrixRow>,
    /// Units in all (those designated USV units on the date).
    pub total: usize,
    /// Units left out because they are not USV units on the date (former or not yet designated).
    pub not_designated: usize,
    /// This page among the units the filters keep.
    pub paging: readiness_rules::Page,
}

/// The matrix's query parameters (`sida` counts from 1, as people do).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MatrixQuery {
    pub evaluation: Option<String>,
    pub as_of: Option<String>,
    pub provider: String,
    pub light: String,
    pub text: String,
    pub sort: String,
    pub page: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionHead {
    pub code: String,
    pub title: String,
    pub area: String,
    pub mandatory: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatrixRow {
    pub code: String,
    pub name: String,
    pub care_provider: String,
    pub overall: Light,
    pub readiness: Option<f64>,
    /// Light, reason, and whether the value awaits review or was returned.
    /// Per criterion: the light, its reason, the value's review, and the days left to act on it
    /// (negative: ran out) for red and amber.
    pub cells: Vec<(Light, String, Option<Review>, Option<i64>)>,
}

#[server]
pub async fn get_matrix(query: MatrixQuery, lang: Lang) -> Result<Option<MatrixData>, AppError> {
    use crate::state::{as_of_or_today, pool};
    crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let as_of = as_of_or_today(query.as_of.as_deref());
    let Some((evaluations, dataset)) =
        crate::state::chosen_dataset(&pool, query.evaluation.clone()).await?
    else {
        return Ok(None);
    };
    let board = dataset.board(as_of).await?;
    let reasons = dataset.reason_texts(as_of, lang).await?;
    let time_to_act = crate::state::app_state()?.time_to_act;
    let open_reviews = readiness_store::reports::open_reviews(&pool).await?;
    let criteria = dataset
        .criteria
        .iter()
        .map(|c| CriterionHead {
            code: c.code.clone(),
            title: c.title_in(lang).to_string(),
            area: c.area.clone(),
            mandatory: c.rule.mandatory,
        })
        .collect();
    // The care providers of the units designated on the date.
    let mut providers: Vec<String> = board
        .counted_units()
        .map(|u| dataset.units[u].care_provider.clone())
        .collect();
    providers.sort();
    providers.dedup();
    // The same filter rule as the exports, so an export holds what the pages show.
    let filter = readiness_rules::MatrixFilter {
        provider: query.provider.clone(),
        area: String::new(),
        light: query.light.clone(),
        text: query.text.clone(),
    };
    // Only the units designated on the date; a former unit keeps its own page.
    let mut kept: Vec<usize> = board
        .counted_units()
        .filter(|&u| {
            let unit = &dataset.units[u];
            filter.keeps_unit(
                &unit.code,
                &unit.name,
                &unit.care_provider,
                board.summaries[u].overall,
            )
        })
        .collect();
    let readiness = |u: &usize| board.summaries[*u].readiness.unwrap_or(-1.0);
    match query.sort.as_str() {
        "beredskap" => kept.sort_by(|a, b| readiness(a).total_cmp(&readiness(b))),
        "beredskap_fallande" => kept.sort_by(|a, b| readiness(b).total_cmp(&readiness(a))),
        _ => {}
    }
    // Values awaiting review are few: look cells up only in the units that have one.
    let units_in_review: std::collections::HashSet<&str> = open_reviews
        .keys()
        .map(|(unit, _, _)| unit.as_str())
        .collect();
    let paging = readiness_rules::Page::of(kept.len(), query.page, readiness_rules::PAGE_SIZE);
    let rows = kept[paging.range()]
        .iter()
        .map(|&ui| {
            (
                ui,
                &dataset.units[ui],
                &board.cells[ui],
                &board.summaries[ui],
            )
        })
        .map(|(ui, u, cells, summary)| MatrixRow {
            code: u.code.clone(),
            name: u.name.clone(),
            care_provider: u.care_provider.clone(),
            overall: summary.overall,
            readiness: summary.readiness,
            cells: cells
                .iter()
                .zip(reasons.row(ui))
                .enumerate()
                .map(|(ci, (a, reason))| {
                    let in_review = units_in_review.contains(u.code.as_str());
                    let review = in_review
                        .then(|| board.source(&dataset, ui, ci))
                        .flatten()
                        .and_then(|v| {
                            open_reviews
                                .get(&(
                                    v.unit.to_owned(),
                                    v.criterion.to_owned(),
                                    v.measured.to_string(),
                                ))
                                .copied()
                        });
                    let act = a.act_by(as_of, time_to_act).map(|act| act.days_left);
                    (a.light, reason.clone(), review, act)
                })
                .collect(),
        })
        .collect();
    Ok(Some(MatrixData {
        as_of: readiness_rules::format_date(as_of),
        evaluation: dataset.evaluation.code.clone(),
        evaluation_name: dataset.evaluation.name.clone(),
        evaluations: evaluations.into_iter().map(|e| (e.code, e.name)).collect(),
        criteria,
        providers,
        rows,
        total: board.counted_units().count(),
        not_designated: dataset.units.len() - board.counted_units().count(),
        paging,
    }))
}

#[component]
pub fn MatrixPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.get();
            let text = |key: &str| q.get(key).unwrap_or_default();
            MatrixQuery {
                evaluation: q.get("utvardering"),
                as_of: q.get("as_of"),
                provider: text("vardgivare"),
                light: text("ljus"),
                text: text("sok"),
                sort: text("sortera"),
                page: q.get("sida").and_then(|p| p.parse().ok()).unwrap_or(1),
            }
        },
        move |query| get_matrix(query, lang),
    );
    // The area filter only hides columns (the server sends them all): a change draws the matrix
    // again from the data at hand, without asking the server.
    let area = Memo::new(move |_| query.with(|q| q.get("omrade").unwrap_or_default()));
    view! {
        <Title text=tr(lang, "Matris", "Matrix") />
        <Transition fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                let area = area.get();
                match data.await {
                    Ok(Some(data)) => view! { <Matrix data area /> }.into_any(),
                    Ok(None) => view! { <NotFound what=tr(lang, "Utvärderingen finns inte.", "No such evaluation.").to_string() /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Drawn once per data and area: the table's thousands of cells are not reactive closures, which
/// server rendering would run twice (once to find what they wait for, once to write them).
#[component]
fn Matrix(data: MatrixData, area: String) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let param = move |key: &'static str| move || query.get().get(key).unwrap_or_default();
    let provider = param("vardgivare");
    let light = param("ljus");
    let text = param("sok");
    let sort = param("sortera");

    let providers = data.providers.clone();
    let mut areas: Vec<String> = Vec::new();
    for c in &data.criteria {
        if !areas.contains(&c.area) {
            areas.push(c.area.clone());
        }
    }
    let data = StoredValue::new(data);
    let evaluation = data.with_value(|d| d.evaluation.clone());
    let first_evaluation = data.with_value(|d| {
        d.evaluations
            .first()
            .is_some_and(|(code, _)| *code == d.evaluation)
    });

    // Columns shown: all, or one area's.
    let columns: Vec<usize> = data.with_value(|d| {
        d.criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| area.is_empty() || c.area == area)
            .map(|(i, _)| i)
            .collect()
    });
    let paging = data.with_value(|d| d.paging);
    let readiness_rules::Page {
        first,
        shown,
        total: matched,
        pages,
        ..
    } = paging;
    let set_query = use_set_query();
    let (sq1, sq2, sq3, sq4, sq5, sq6) = (
        set_query.clone(),
        set_query.clone(),
        set_query.clone(),
        set_query.clone(),
        set_query.clone(),
        set_query,
    );
    let total = data.with_value(|d| d.total);
    let not_designated = data.with_value(|d| d.not_designated);
    // The export holds what the page shows: same evaluation, date and filters.
    let as_of = data.with_value(|d| d.as_of.clone());
    let export_evaluation = evaluation.clone();
    let export_href = move |format: &'static str| {
        let q = query.get();
        let mut href = format!(
            "/export/matris?format={format}&utvardering={}&as_of={}",
            encode_query(&export_evaluation),
            as_of
        );
        for key in ["vardgivare", "omrade", "ljus", "sok"] {
            if let Some(value) = q.get(key).filter(|v| !v.is_empty()) {
                href.push_str(&format!("&{key}={}", encode_query(&value)));
            }
        }
        href
    };
    let export_href_csv = export_href.clone();
    let chosen_as_of = query.with_untracked(|q| q.get("as_of").filter(|d| !d.is_empty()));
    // The matrix is drawn anew for every change of the query or the area.
    Effect::new(move |_| one_tab_stop());

    view! {
        <div class="page-head">
            <h1>{tr(lang, "Matris", "Matrix")} " – " {data.with_value(|d| d.evaluation_name.clone())}</h1>
            <AsOfPicker as_of=data.with_value(|d| d.as_of.clone()) hidden=vec![("utvardering", evaluation.clone())] />
        </div>
        <form class="filters" method="get" role="search">
            <input type="hidden" name="as_of" value=data.with_value(|d| d.as_of.clone()) />
            <label>
                {tr(lang, "Utvärdering", "Evaluation")}
                <select name="utvardering" on:change=move |ev| sq1("utvardering", event_target_value(&ev))>
                    {data.with_value(|d| d.evaluations.clone()).into_iter().map(|(code, name)| {
                        let selected = code == evaluation;
                        view! { <option value=code selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                {tr(lang, "Vårdgivare", "Care provider")}
                <select name="vardgivare" on:change=move |ev| sq2("vardgivare", event_target_value(&ev))>
                    <option value="" selected=move || provider().is_empty()>{tr(lang, "Alla", "All")}</option>
                    {providers.into_iter().map(|p| {
                        let (value, label) = (p.clone(), p.clone());
                        view! { <option value=p selected=move || provider() == value>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                {tr(lang, "Område", "Area")}
                <select name="omrade" on:change=move |ev| sq3("omrade", event_target_value(&ev))>
                    <option value="" selected=area.is_empty()>{tr(lang, "Alla", "All")}</option>
                    {areas.into_iter().map(|a| {
                        let selected = a == area;
                        let label = a.clone();
                        view! { <option value=a selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                {tr(lang, "Ljus (enhet)", "Light (unit)")}
                <select name="ljus" on:change=move |ev| sq4("ljus", event_target_value(&ev))>
                    <option value="" selected=move || light().is_empty()>{tr(lang, "Alla", "All")}</option>
                    {[Light::Red, Light::Amber, Light::Green, Light::Grey].into_iter().map(|l| {
                        view! { <option value=l.code() selected=move || light() == l.code()>{l.label(lang)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                {tr(lang, "Sök enhet", "Find unit")}
                // On change (Enter or leaving the field), not on every key: each search asks
                // the server for the matching page.
                <input type="search" name="sok" value=text prop:value=text
                    on:change=move |ev| sq5("sok", event_target_value(&ev)) />
            </label>
            <label>
                {tr(lang, "Sortering", "Sort")}
                <select name="sortera" on:change=move |ev| sq6("sortera", event_target_value(&ev))>
                    <option value="" selected=move || sort().is_empty()>{tr(lang, "Enhetskod", "Unit code")}</option>
                    <option value="beredskap" selected=move || sort() == "beredskap">{tr(lang, "Lägst beredskap först", "Lowest readiness first")}</option>
                    <option value="beredskap_fallande" selected=move || sort() == "beredskap_fallande">{tr(lang, "Högst beredskap först", "Highest readiness first")}</option>
                </select>
            </label>
            <button type="submit">{tr(lang, "Filtrera", "Filter")}</button>
        </form>
        <div class="matrix-meta">
            <p class="muted" aria-live="polite">
                {match (lang, pages > 1) {
                    (Lang::Sv, false) => format!("Visar {shown} av {total} enheter"),
                    (Lang::En, false) => format!("Showing {shown} of {total} units"),
                    (Lang::Sv, true) => format!(
                        "Visar {}–{} av {matched} träffar bland {total} enheter",
                        first + 1,
                        first + shown
                    ),
                    (Lang::En, true) => format!(
                        "Showing {}–{} of {matched} matches among {total} units",
                        first + 1,
                        first + shown
                    ),
                }}
            </p>
            {(not_designated > 0).then(|| view! {
                <p class="muted not-designated-note">
                    {match (lang, not_designated) {
                        (Lang::Sv, 1) => "1 enhet är inte USV-enhet per datumet och visas inte (den har kvar sin egen sida).".to_string(),
                        (Lang::Sv, n) => format!("{n} enheter är inte USV-enheter per datumet och visas inte (de har kvar sina egna sidor)."),
                        (Lang::En, 1) => "1 unit is not a USV unit on the date and is not shown (it keeps its own page).".to_string(),
                        (Lang::En, n) => format!("{n} units are not USV units on the date and are not shown (they keep their own pages)."),
                    }}
                </p>
            })}
            <Pager page=paging path="/matris" />
            <p class="exports">
                <a href=move || export_href("xlsx") download rel="external">{tr(lang, "⤓ Exportera till Excel", "⤓ Export to Excel")}</a>
                <a href=move || export_href_csv("csv") download rel="external">{tr(lang, "⤓ CSV (svenska Excel)", "⤓ CSV (Swedish Excel)")}</a>
            </p>
        </div>
        <p class="muted small" id="matris-tangenter">
            {tr(
                lang,
                "Med tangentbordet är matrisen ett enda tabbstopp: piltangenterna flyttar mellan enheter och kriterier, Home och End till radens början och slut.",
                "With a keyboard the matrix is a single tab stop: the arrow keys move between units and criteria, Home and End to the start and end of the row.",
            )}
        </p>
        <div class="matrix-scroll" tabindex="0" role="region" aria-label=tr(lang, "Matris över enheter och kriterier", "Matrix of units and criteria") aria-describedby="matris-tangenter">
            <table class="matrix" on:keydown=move_in_grid>
                <thead>
                    <tr>
                        <th scope="col" class="unit-col">{tr(lang, "Enhet", "Unit")}</th>
                        <th scope="col">{tr(lang, "Samlat", "Overall")}</th>
                        <th scope="col">{tr(lang, "Beredskap", "Readiness")}</th>
                        {columns.iter().map(|&i| data.with_value(|d| {
                            let c = &d.criteria[i];
                            view! {
                                <th scope="col" class="crit-col" title=c.title.clone()>
                                    <a href=format!("/kriterium/{}", c.code)>{c.code.clone()}</a>
                                    {c.mandatory.then_some(view! { <abbr title=tr(lang, "obligatoriskt", "mandatory")>"*"</abbr> })}
                                </th>
                            }
                        })).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {data.with_value(|d| {
                        // The server has filtered, sorted and paged the rows: all are shown.
                        d.rows.iter().map(|row| {
                            // The evaluation and date only when not the unit page's own (the first
                            // evaluation, today): the link is in every cell, thousands on a page.
                            let unit_href = match (&chosen_as_of, first_evaluation) {
                                (Some(as_of), _) => format!("/enhet/{}?utvardering={evaluation}&as_of={as_of}", row.code),
                                (None, false) => format!("/enhet/{}?utvardering={evaluation}", row.code),
                                (None, true) => format!("/enhet/{}", row.code),
                            };
                            let cells = columns.iter().map(|&c| {
                                let (light, reason, review, act) = &row.cells[c];
                                let (light, act) = (*light, *act);
                                let tip = match act {
                                    Some(days) => format!("{}: {reason} ({})", light.label(lang), readiness_rules::days_left_text(days, lang)),
                                    None => format!("{}: {reason}", light.label(lang)),
                                };
                                // One link per cell, kept small (thousands on a page): the
                                // light's shape and colour come from its class in the style
                                // sheet; its name and reason are read by screen readers and
                                // shown on hover and focus.
                                view! {
                                    <td class="cell">
                                        <a href=format!("{unit_href}#{}", d.criteria[c].code) class=matrix_cell_class(light)>
                                            <span class="reason-tip">{tip}</span>
                                            {act.map(|days| view! {
                                                <span class="act" class:ran-out=days < 0 aria-hidden="true">{readiness_rules::short_days(days)}</span>
                                            })}
                                            {review.map(|r| view! { <ReviewMark review=r /> })}
                                        </a>
                                    </td>
                                }
                            }).collect_view();
                            view! {
                                <tr data-unit=row.code.clone()>
                                    <th scope="row" class="unit-col">
                                        <a href=unit_href.clone()>{row.name.clone()}</a>
                                        <span class="muted small">{format!(" {} · {}", row.code, row.care_provider)}</span>
                                    </th>
                                    <td><LightBadge light=row.overall /></td>
                                    <td><ReadinessBar readiness=row.readiness /></td>
                                    {cells}
                                </tr>
                            }
                        }).collect_view()
                    })}
                </tbody>
            </table>
        </div>
        <Legend />
        <p class="muted small">{tr(
            lang,
            "Siffran i en röd eller gul cell är dagarna kvar att agera (−: tiden har gått ut och arbetsgruppen får veta det).",
            "The number in a red or amber cell is the days left to act (−: the time ran out, and the working group is told).",
        )}</p>
    }
}

/// Makes the matrix one tab stop (it had one per cell: 2,481 on the sample data): every link in
/// it but one leaves the tab order, and the arrow keys move between them ([`move_in_grid`]).
/// Done in the browser after each render, so that without script every link stays reachable.
fn one_tab_stop() {
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| {
        let Some(table) = document().query_selector("table.matrix").ok().flatten() else {
            return;
        };
        let Ok(links) = table.query_selector_all("a") else {
            return;
        };
        // The first unit's name: where the rows begin.
        let first = table.query_selector("tbody a").ok().flatten();
        for i in 0..links.length() {
            if let Some(link) = links
                .item(i)
                .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            {
                let stop = first.as_ref() == Some(&link);
                let _ = link.set_attribute("tabindex", if stop { "0" } else { "-1" });
            }
        }
    });
}

/// Arrow keys, Home and End in the matrix: to the nearest link in that direction (cells without
/// one, the overall light and readiness, are passed over). The link moved to becomes the
/// matrix's one tab stop, so Tab out and back returns there.
fn move_in_grid(ev: leptos::ev::KeyboardEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use web_sys::{Element, HtmlCollection, HtmlElement};
        fn elements(c: HtmlCollection) -> Vec<Element> {
            (0..c.length()).filter_map(|i| c.item(i)).collect()
        }
        fn link_in(cell: &Element) -> Option<HtmlElement> {
            cell.query_selector("a").ok().flatten()?.dyn_into().ok()
        }
        let key = ev.key();
        let Some(from) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Some(cell) = from.closest("td, th").ok().flatten() else {
            return;
        };
        let (Some(row), Some(table)) =
            (cell.parent_element(), from.closest("table").ok().flatten())
        else {
            return;
        };
        let rows = elements(table.get_elements_by_tag_name("tr"));
        let (Some(r), Some(c)) = (
            rows.iter().position(|x| *x == row),
            elements(row.children()).iter().position(|x| *x == cell),
        ) else {
            return;
        };
        let cells_of = |r: usize| elements(rows[r].children());
        let target = match key.as_str() {
            "ArrowLeft" => cells_of(r)[..c].iter().rev().find_map(link_in),
            "ArrowRight" => cells_of(r).iter().skip(c + 1).find_map(link_in),
            "ArrowUp" => (0..r)
                .rev()
                .find_map(|r| cells_of(r).get(c).and_then(link_in)),
            "ArrowDown" => (r + 1..rows.len()).find_map(|r| cells_of(r).get(c).and_then(link_in)),
            "Home" => cells_of(r).iter().find_map(link_in),
            "End" => cells_of(r).iter().rev().find_map(link_in),
            _ => return,
        };
        // At an edge the key does nothing (and does not scroll the page either).
        ev.prevent_default();
        if let Some(target) = target {
            let _ = from.set_attribute("tabindex", "-1");
            let _ = target.set_attribute("tabindex", "0");
            let _ = target.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}
