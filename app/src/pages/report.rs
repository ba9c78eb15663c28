//! `/rapport`: the Lägesrapport — one print-ready page (A4, page breaks, the date and the
//! baseline on every printed page). What the management group reads comes first: the summary,
//! then per evaluation its chart, the counts per area and per care provider, how many units are
//! at risk and what changed since the baseline. The details (quarter figures, the units at risk
//! with their plans, the changed units) follow as appendices. The same tables as an XLSX pack at
//! `/export/rapport`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use readiness_rules::{Light, LightCounts, Movement, StatusReport, encode_query, format_date};
use serde::{Deserialize, Serialize};

use crate::charts::quarter_label;
use crate::components::{LightBadge, LoadError, built_once};
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportData {
    /// The report with each evaluation's units at risk cut to the printed ones.
    pub report: StatusReport,
    /// Per evaluation (same order): units at risk in all, and of those with a risk.
    pub at_risk: Vec<(usize, usize)>,
    /// Units per light per quarter, one SVG per evaluation (same order).
    pub charts: Vec<Option<String>>,
    pub baselines: Vec<String>,
    /// The prioritised development areas followed up as of the report's date.
    pub development: Vec<readiness_rules::AreaFollowUp>,
}

#[server(endpoint = "lagesrapport")]
pub async fn get_report(
    as_of: Option<String>,
    baseline: Option<String>,
    lang: Lang,
) -> Result<Option<ReportData>, AppError> {
    use crate::state::{as_of_or_today, pool};
    crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let as_of = as_of_or_today(as_of.as_deref());
    let baseline = baseline.filter(|b| !b.trim().is_empty());
    let Some(mut report) =
        readiness_store::baselines::status_report(&pool, as_of, baseline.as_deref()).await?
    else {
        crate::state::set_not_found();
        return Ok(None);
    };
    // Only the printed units travel to the page (2,000 at national size would be megabytes).
    let at_risk = report
        .evaluations
        .iter_mut()
        .map(|e| {
            let counts = (
                e.at_risk.len(),
                e.at_risk.iter().filter(|u| !u.risks.is_empty()).count(),
            );
            e.at_risk.truncate(PRINTED_AT_RISK);
            counts
        })
        .collect();
    let charts = report
        .evaluations
        .iter()
        .map(|e| {
            let labels: Vec<String> = e
                .trend
                .iter()
                .map(|(date, complete, _)| quarter_label(*date, *complete, lang))
                .collect();
            let counts: Vec<LightCounts> = e.trend.iter().map(|(_, _, c)| *c).collect();
            crate::charts::draw::stacked_lights(
                &format!("rapport-{}", e.code),
                &format!(
                    "{} – {}",
                    tr(lang, "Enheter per ljus", "Units per light"),
                    e.name
                ),
                tr(
                    lang,
                    "enheter per ljus kvartal för kvartal",
                    "units per light quarter by quarter",
                ),
                &labels,
                &counts,
                lang,
            )
        })
        .collect();
    let baselines = readiness_store::baselines::list(&pool)
        .await?
        .into_iter()
        .map(|b| b.name)
        .collect();
    let development = readiness_rules::follow_up(
        readiness_store::development::areas(&pool).await?,
        readiness_store::development::actions(&pool, as_of).await?,
        as_of,
    );
    Ok(Some(ReportData {
        report,
        at_risk,
        charts,
        baselines,
        development,
    }))
}

/// A CSS string literal: quotes and backslashes escaped, `<` written as a CSS escape so the text
/// can never close the `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\3C "),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Units at risk printed per evaluation (worst first) in the appendix, about a page for five; the
/// XLSX pack and `/prognos` list all.
#[cfg(feature = "ssr")]
const PRINTED_AT_RISK: usize = 10;

const SHOWN: [Light; 4] = [Light::Green, Light::Amber, Light::Red, Light::Grey];

#[component]
fn CountsRow(label: String, counts: LightCounts) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{label}</th>
            {SHOWN.map(|l| view! { <td class="num">{counts.get(l)}</td> }).collect_view()}
            <td class="num">{counts.readiness().map(|r| readiness_rules::format_percent(r, use_lang())).unwrap_or_else(|| "–".into())}</td>
        </tr>
    }
}

#[component]
fn CountsHead(first: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! {
        <thead><tr>
            <th scope="col">{first}</th>
            {SHOWN.map(|l| view! { <th scope="col" class="num"><LightBadge light=l /></th> }).collect_view()}
            <th scope="col" class="num">{tr(lang, "Grönt", "Green")}</th>
        </tr></thead>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.get();
            (q.get("as_of"), q.get("jamfor"))
        },
        move |(as_of, baseline)| get_report(as_of, baseline, lang),
    );
    view! {
        <Title text=tr(lang, "Lägesrapport", "Status report") />
        <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(None) => view! { <p class="error">{tr(lang, "Baslinjen finns inte.", "No such baseline.")}</p> }.into_any(),
                    Ok(Some(data)) => view! { <Report data /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Report(data: ReportData) -> impl IntoView {
    let lang = use_lang();
    let report = data.report;
    let as_of = format_date(report.as_of);
    let basis = match (&report.baseline, lang) {
        (Some(b), Lang::Sv) => format!("jämfört med baslinjen {b}"),
        (Some(b), Lang::En) => format!("compared with the baseline {b}"),
        (None, Lang::Sv) => "ingen tidigare baslinje".to_string(),
        (None, Lang::En) => "no earlier baseline".to_string(),
    };
    let running_head = format!(
        "{} {as_of} · {basis}",
        tr(lang, "Lägesrapport per", "Status report as of")
    );
    // The date and the baseline on every printed page, and page numbers.
    let page_css = format!(
        "@page {{ size: A4; margin: 18mm 14mm 16mm 14mm; @top-left {{ content: {}; font: 8.5pt system-ui, sans-serif; color: #444; }} @bottom-right {{ content: {} counter(page) \" / \" counter(pages); font: 8.5pt system-ui, sans-serif; color: #444; }} }}",
        css_string(&running_head),
        css_string(tr(lang, "Sida ", "Page ")),
    );
    let pack_href = format!(
        "/export/rapport?as_of={as_of}{}",
        report
            .baseline
            .as_ref()
            .map(|b| format!("&jamfor={}", encode_query(b)))
            .unwrap_or_default()
    );
    let baseline_value = report.baseline.clone().unwrap_or_default();
    view! {
        <style inner_html=page_css></style>
        <div class="report-actions no-print">
            <form class="filters" method="get">
                <label>
                    {tr(lang, "Per datum", "As of")}
                    <input type="date" name="as_of" value=as_of.clone() />
                </label>
                <label>
                    {tr(lang, "Jämför med baslinje", "Compare with baseline")}
                    <select name="jamfor">
                        <option value="">{tr(lang, "Senaste före datumet", "The latest before the date")}</option>
                        {data.baselines.iter().map(|b| view! {
                            <option value=b.clone() selected=*b == baseline_value>{b.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit">{tr(lang, "Visa", "Show")}</button>
            </form>
            <p class="exports">
                <button type="button" class="print-button" on:click=move |_| {
                    #[cfg(feature = "hydrate")]
                    let _ = window().print();
                }>{tr(lang, "🖶 Skriv ut / spara som PDF", "🖶 Print / save as PDF")}</button>
                <a href=pack_href download rel="external">{tr(lang, "⤓ Samma tabeller i Excel", "⤓ The same tables in Excel")}</a>
            </p>
        </div>
        <article class="report">
            <header class="report-title">
                <h1>{tr(lang, "Lägesrapport", "Status report")}</h1>
                <p class="report-basis"><strong>{format!("{} {as_of}", tr(lang, "Per", "As of"))}</strong>{format!(" · {basis}")}</p>
                <p class="muted">{tr(lang, "Beredskap inför USV-utvärderingen och ALF-utvärderingen · Region Stockholm och Karolinska Institutet", "Readiness for the USV and ALF evaluations · Region Stockholm and Karolinska Institutet")}</p>
            </header>
            <section class="report-summary">
                <h2>{tr(lang, "Sammanfattning", "Summary")}</h2>
                <ul class="report-points">
                    {report.evaluations.iter().zip(&data.at_risk).map(|(e, &(_, at_risk))| {
                        let total = e.today.applicable();
                        view! { <li>{match lang {
                            Lang::Sv => format!(
                                "{} ({}, {}): {} av {total} enheter gröna i dag. {} {} enheter röda i dag; {at_risk} enheter har risker.",
                                e.name, format_date(e.deadline), readiness_rules::countdown(e.days_left, lang), e.today.green, e.forecast.get(lang), e.today.red
                            ),
                            Lang::En => format!(
                                "{} ({}, {}): {} of {total} units green today. {} {} units red today; {at_risk} units have risks.",
                                e.name, format_date(e.deadline), readiness_rules::countdown(e.days_left, lang), e.today.green, e.forecast.get(lang), e.today.red
                            ),
                        }}</li> }
                    }).collect_view()}
                </ul>
                <table class="report-table">
                    <CountsHead first=tr(lang, "Enheter", "Units") />
                    <tbody>
                        {report.evaluations.iter().flat_map(|e| [
                            view! { <CountsRow label=format!("{} – {}", e.code, tr(lang, "i dag", "today")) counts=e.today /> },
                            view! { <CountsRow label=format!("{} – {} {}: {}", e.code, tr(lang, "prognos", "forecast"), format_date(e.deadline), tr(lang, "om alla rapporterar i tid och varje åtgärd blir klar", "if everyone reports on time and every plan lands")) counts=e.all_done /> },
                            view! { <CountsRow label=format!("{} – {} {}: {}", e.code, tr(lang, "prognos", "forecast"), format_date(e.deadline), tr(lang, "om inget mer händer", "if nothing more happens")) counts=e.nothing_more /> },
                        ]).collect_view()}
                    </tbody>
                </table>
            </section>
            // The body: what the management group reads, about a page per evaluation.
            {report.evaluations.iter().zip(data.charts).zip(&data.at_risk).enumerate().map(|(i, ((e, svg), &(all_at_risk, with_risks)))| {
                let appendix = format!("#bilaga-{}", e.code);
                view! {
                    <section class="report-evaluation">
                        <h2>{e.name.clone()}</h2>
                        <p class="muted">{match lang {
                            Lang::Sv => format!("Utvärderingsdatum {} · {} · {} kriterier", format_date(e.deadline), readiness_rules::countdown(e.days_left, lang), e.criteria),
                            Lang::En => format!("Evaluation date {} · {} · {} criteria", format_date(e.deadline), readiness_rules::countdown(e.days_left, lang), e.criteria),
                        }}</p>
                        <figure class="report-figure">
                            {svg.map(|svg| view! { <div class="chart-svg" inner_html=svg></div> })}
                            <figcaption>{match lang {
                                Lang::Sv => format!("Enheter per ljus, kvartal för kvartal (siffrorna i bilaga {}).", i + 1),
                                Lang::En => format!("Units per light, quarter by quarter (figures in appendix {}).", i + 1),
                            }}</figcaption>
                        </figure>
                        <div class="report-columns">
                            <div>
                                <h3>{tr(lang, "Per område (kriterier)", "Per area (criteria)")}</h3>
                                <table class="report-table">
                                    <CountsHead first=tr(lang, "Område", "Area") />
                                    <tbody>{e.areas.iter().map(|(area, counts)| view! { <CountsRow label=area.clone() counts=*counts /> }).collect_view()}</tbody>
                                </table>
                            </div>
                            <div>
                                <h3>{tr(lang, "Per vårdgivare (enheter)", "Per care provider (units)")}</h3>
                                <table class="report-table">
                                    <CountsHead first=tr(lang, "Vårdgivare", "Care provider") />
                                    <tbody>{e.providers.iter().map(|(p, counts)| view! { <CountsRow label=p.clone() counts=*counts /> }).collect_view()}</tbody>
                                </table>
                            </div>
                        </div>
                        <h3>{tr(lang, "Enheter med risk", "Units at risk")}</h3>
                        <p>
                            {match (all_at_risk, lang) {
                                (0, Lang::Sv) => "Inga enheter med risk.".to_string(),
                                (0, Lang::En) => "No units at risk.".to_string(),
                                (n, Lang::Sv) => format!("{n} enheter når inte grönt till utvärderingen med det som är planerat i dag; {with_risks} av dem har risker att åtgärda. Enhet för enhet med risker, uppgifter och öppna åtgärder i "),
                                (n, Lang::En) => format!("{n} units do not reach green by the evaluation with what is planned today; {with_risks} of them have risks to act on. Unit by unit with risks, tasks and open plans in "),
                            }}
                            {(all_at_risk > 0).then(|| view! {
                                <a href=appendix.clone()>{format!("{} {}", tr(lang, "bilaga", "appendix"), i + 1)}</a>"."
                            })}
                        </p>
                        <h3>{tr(lang, "Förändringar sedan baslinjen", "Changes since the baseline")}</h3>
                        <p>{match &e.changes {
                            None => tr(lang, "Ingen tidigare baslinje att jämföra med.", "No earlier baseline to compare with.").to_string(),
                            Some(c) => match lang {
                                Lang::Sv => format!(
                                    "Sedan {} ({}): {} enheter förbättrade, {} försämrade, {} oförändrade; {} kriterier förbättrade och {} försämrade.",
                                    c.baseline, format_date(c.since), c.units.improved, c.units.worsened, c.units.unchanged, c.cells.improved, c.cells.worsened
                                ),
                                Lang::En => format!(
                                    "Since {} ({}): {} units improved, {} worsened, {} unchanged; {} criteria improved and {} worsened.",
                                    c.baseline, format_date(c.since), c.units.improved, c.units.worsened, c.units.unchanged, c.cells.improved, c.cells.worsened
                                ),
                            },
                        }}</p>
                    </section>
                }
            }).collect_view()}
            {(!data.development.is_empty()).then(|| view! { <DevelopmentSection areas=data.development.clone() /> })}
            // The appendix: the details behind each evaluation's page, for whoever follows up.
            <section class="report-appendix">
                <h2>{tr(lang, "Bilagor", "Appendices")}</h2>
                {report.evaluations.iter().zip(&data.at_risk).enumerate().map(|(i, (e, &(all_at_risk, _)))| {
                    let more_at_risk = all_at_risk.saturating_sub(e.at_risk.len());
                    let projection_href = format!("/prognos?utvardering={}", e.code);
                    view! {
                        <section class="report-appendix-evaluation" id=format!("bilaga-{}", e.code)>
                            <h3>{format!("{} {}: {}", tr(lang, "Bilaga", "Appendix"), i + 1, e.name)}</h3>
                            <h4>{tr(lang, "Enheter per ljus, kvartal för kvartal", "Units per light, quarter by quarter")}</h4>
                            <table class="report-table">
                                <CountsHead first=tr(lang, "Kvartal", "Quarter") />
                                <tbody>
                                    {e.trend.iter().map(|(date, complete, counts)| view! {
                                        <CountsRow label=quarter_label(*date, *complete, lang) counts=*counts />
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h4>{tr(lang, "Enheter med risk och deras åtgärder", "Units at risk and their plans")}</h4>
                            {if e.at_risk.is_empty() {
                                view! { <p>{tr(lang, "Inga enheter med risk.", "No units at risk.")}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="scroll-x" tabindex="0" role="region" aria-label=tr(lang, "Enheter med risk och deras åtgärder", "Units at risk and their plans")><table class="report-table report-risks">
                                        <thead><tr>
                                            <th scope="col">{tr(lang, "Enhet", "Unit")}</th>
                                            <th scope="col">{tr(lang, "I dag → om alla rapporterar i tid och varje åtgärd blir klar", "Today → if everyone reports on time and every plan lands")}</th>
                                            <th scope="col">{tr(lang, "Risker och uppgifter", "Risks and tasks")}</th>
                                            <th scope="col">{tr(lang, "Öppna åtgärder", "Open plans")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {e.at_risk.iter().map(|u| view! {
                                                <tr>
                                                    <th scope="row">{u.name.clone()}<br /><span class="muted small">{format!("{} · {}", u.code, u.care_provider)}</span></th>
                                                    <td><LightBadge light=u.today />" → "<LightBadge light=u.all_done /></td>
                                                    <td><ul class="risks">
                                                        {readiness_rules::risks_in_brief(&u.risks, lang).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                                                        {u.tasks.iter().map(|t| view! { <li>{t.text(lang)}</li> }).collect_view()}
                                                    </ul></td>
                                                    <td><ul class="risks">{u.plans.iter().map(|p| view! { <li>{p.criterion.clone()}" · "{tr(lang, "klar senast", "due")}" "<span class="date">{format_date(p.due)}</span>": "{p.action.clone()}</li> }).collect_view()}</ul></td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table></div>
                                    {(more_at_risk > 0).then(|| view! {
                                        <p class="muted">
                                            {match lang {
                                                Lang::Sv => format!("… och {more_at_risk} enheter till, i Excelpaketet och under "),
                                                Lang::En => format!("… and {more_at_risk} more units, in the Excel pack and under "),
                                            }}
                                            <a href=projection_href.clone()>{tr(lang, "Prognos", "Forecast")}</a>
                                        </p>
                                    })}
                                }.into_any()
                            }}
                            {e.changes.as_ref().filter(|c| !c.changed_units.is_empty()).map(|c| view! {
                                <h4>{tr(lang, "Enheter som ändrats sedan baslinjen", "Units changed since the baseline")}</h4>
                                <table class="report-table">
                                    <thead><tr>
                                        <th scope="col">{tr(lang, "Enhet", "Unit")}</th>
                                        <th scope="col">{tr(lang, "Ändring", "Change")}</th>
                                        <th scope="col">{tr(lang, "Före → efter", "Before → after")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {c.changed_units.iter().map(|u| view! {
                                            <tr>
                                                <th scope="row">{format!("{} {}", u.code, u.name)}</th>
                                                <td>{u.movement.group_label(lang)}{(u.movement == Movement::Worsened).then_some(" ↓")}</td>
                                                <td>
                                                    {u.before.map(|l| view! { <LightBadge light=l /> })}
                                                    " → "
                                                    {u.after.map(|l| view! { <LightBadge light=l /> })}
                                                </td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            })}
                        </section>
                    }
                }).collect_view()}
            </section>
        </article>
    }
}

/// The prioritised development areas: each area's light and progress, and the overdue actions
/// by name (the rest are on `/utveckling`).
#[component]
fn DevelopmentSection(areas: Vec<readiness_rules::AreaFollowUp>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="report-development">
            <h2>{tr(lang, "Prioriterade utvecklingsområden", "Prioritised development areas")}</h2>
            <div class="scroll-x" tabindex="0" role="region" aria-label=tr(lang, "Prioriterade utvecklingsområden", "Prioritised development areas")><table class="report-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(lang, "Område", "Area")}</th>
                        <th scope="col">{tr(lang, "Ljus", "Light")}</th>
                        <th scope="col">{tr(lang, "Läge", "Status")}</th>
                        <th scope="col">{tr(lang, "Åtgärder", "Actions")}</th>
                        <th scope="col">{tr(lang, "Nästa klar senast", "Next due")}</th>
                    </tr>
                </thead>
                <tbody>
                    {areas.iter().map(|a| view! {
                        <tr>
                            <th scope="row">{format!("{} {}", a.area.code, a.area.name)}</th>
                            <td><LightBadge light=a.light /></td>
                            <td>{a.reason.get(lang).to_string()}</td>
                            <td>{readiness_rules::progress_text(a.done, a.total).get(lang).to_string()}</td>
                            <td>{readiness_rules::next_due_text(a.next_due)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            {
                let overdue: Vec<String> = areas
                    .iter()
                    .flat_map(|a| a.actions.iter().filter(|x| x.state.light() == Light::Red).map(move |x| {
                        format!(
                            "{} · {} {} · {} · {}",
                            a.area.code,
                            x.action.code,
                            x.action.title,
                            if x.action.responsible.is_empty() { "–" } else { x.action.responsible.as_str() },
                            x.state.text().get(lang),
                        )
                    }))
                    .collect();
                if overdue.is_empty() {
                    view! { <p>{tr(lang, "Ingen åtgärd är försenad.", "No action is overdue.")}</p> }.into_any()
                } else {
                    view! {
                        <h3>{tr(lang, "Försenade åtgärder", "Overdue actions")}</h3>
                        <ul>{overdue.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                    }.into_any()
                }
            }
        </section>
    }
}
