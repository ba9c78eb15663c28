//! `/alf`: an ALF evaluation by panel — each panel's indicators with their readiness across
//! units, the units that carry them, the region's figures over time (a sum for counts, a mean for
//! shares and indices: `Kind::aggregate`) — and the grades published for earlier ALF evaluations
//! as context.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use readiness_rules::{Light, LightCounts};
use serde::{Deserialize, Serialize};

use crate::charts::{Chart, ChartView};
use crate::components::{LightBadge, LoadError, built_once};
use crate::error::AppError;
use crate::i18n::{Lang, tr, use_lang};

/// Grades published for earlier ALF evaluations (panel 1 / 2 / 3; A = mycket hög kvalitet,
/// B = god–hög kvalitet, C = undermålig kvalitet), as collected in the domain brief from the
/// regions' own news pages. `None`: not published in the sources read.
pub const PUBLISHED_GRADES: [(u16, &str, [Option<char>; 3]); 8] = [
    (2023, "Stockholm", [Some('A'), None, None]),
    (2023, "Uppsala", [Some('A'), Some('A'), Some('B')]),
    (2023, "Västerbotten", [Some('B'), Some('B'), Some('A')]),
    (2023, "Västra Götaland", [Some('A'), None, None]),
    (2018, "Skåne", [Some('B'), Some('A'), Some('A')]),
    (2018, "Uppsala", [Some('B'), Some('B'), Some('B')]),
    (2018, "Västerbotten", [Some('B'), Some('B'), Some('A')]),
    (2018, "Östergötland", [Some('B'), Some('B'), Some('B')]),
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub code: String,
    pub title: String,
    /// Units per light for this indicator.
    pub counts: LightCounts,
    /// For numbers: the region's figure from the units' current values, as shown, and what it
    /// is ("summa", "medelvärde").
    pub region: Option<(String, String)>,
    /// The units that carry the indicator: (code, name, current value as shown), largest first.
    pub carried_by: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Panel {
    pub name: String,
    pub counts: LightCounts,
    pub indicators: Vec<Indicator>,
    /// One chart per kind of figure: sums, mean indices and mean shares are not on one axis.
    pub charts: Vec<ChartView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlfData {
    pub evaluation: String,
    pub name: String,
    pub deadline: String,
    pub evaluations: Vec<(String, String)>,
    pub units: usize,
    pub panels: Vec<Panel>,
}

/// Units listed as carrying an indicator.
#[cfg(feature = "ssr")]
const CARRIERS: usize = 5;

#[server(endpoint = "alf")]
pub async fn get_alf(evaluation: Option<String>, lang: Lang) -> Result<Option<AlfData>, AppError> {
    use crate::state::{pool, today};
    use readiness_rules::Reported;
    crate::auth::ssr::require(readiness_rules::Action::Read)?;
    let pool = pool()?;
    let evaluations = readiness_store::queries::list_evaluations(&pool).await?;
    // ALF evaluations are those with an ALF code (criteria and panels are data, the label is not).
    let alf: Vec<(String, String)> = evaluations
        .iter()
        .filter(|e| e.code.to_uppercase().starts_with("ALF"))
        .map(|e| (e.code.clone(), e.name.clone()))
        .collect();
    let Some(code) = evaluation
        .filter(|e| !e.is_empty())
        .or_else(|| alf.first().map(|(c, _)| c.clone()))
    else {
        return Ok(None);
    };
    let Some(dataset) = readiness_store::cache::load_dataset(&pool, &code).await? else {
        crate::state::set_not_found();
        return Ok(None);
    };
    let now = today();
    let board = dataset.board(now).await?;
    let trend = dataset.trend(now).await?;
    let mut panels: Vec<Panel> = Vec::new();
    for (c, criterion) in dataset.criteria.iter().enumerate() {
        let panel = match panels.iter().position(|p| p.name == criterion.area) {
            Some(i) => i,
            None => {
                panels.push(Panel {
                    name: criterion.area.clone(),
                    counts: LightCounts::default(),
                    indicators: Vec::new(),
                    charts: Vec::new(),
                });
                panels.len() - 1
            }
        };
        let counts = board.criterion_counts(c);
        panels[panel].counts.merge(&counts);
        // Who carries it: the units' current values, largest numbers first. Only the carriers
        // shown are named and formatted (a national board has 2,000 units a criterion).
        let mut carried: Vec<(f64, usize)> = Vec::new();
        // Every unit's number counts, zeros too (they are left out of the carriers).
        let mut numbers: Vec<f64> = Vec::new();
        for u in board.counted_units() {
            let Some(v) = board.source(&dataset, u, c) else {
                continue;
            };
            if let Reported::Number(n) = v.value {
                numbers.push(n);
            }
            let weight = match v.value {
                Reported::Number(n) if n > 0.0 => n,
                Reported::Yes => 1.0,
                _ => continue,
            };
            carried.push((weight, u));
        }
        let carried_by = largest_first(carried, CARRIERS, |a, b| {
            dataset.units[*a].code.cmp(&dataset.units[*b].code)
        })
        .into_iter()
        .filter_map(|(_, u)| {
            let unit = &dataset.units[u];
            let v = board.source(&dataset, u, c)?;
            Some((
                unit.code.clone(),
                unit.name.clone(),
                readiness_rules::format_reported(
                    &v.value,
                    criterion.rule.kind == readiness_rules::Kind::Share,
                    lang,
                ),
            ))
        })
        .collect();
        let kind = criterion.rule.kind;
        let region = kind.aggregate().and_then(|aggregate| {
            let value = aggregate.of(&numbers)?;
            Some((
                crate::charts::trend_charts::figure(Some(value), kind, lang),
                aggregate.label(lang).to_string(),
            ))
        });
        panels[panel].indicators.push(Indicator {
            code: criterion.code.clone(),
            title: criterion.title_in(lang).to_string(),
            counts,
            region,
            carried_by,
        });
    }
    // Each panel's numeric indicators quarter by quarter, one chart per kind of figure.
    let labels: Vec<String> = trend
        .points
        .iter()
        .map(|p| crate::charts::trend_charts::point_label(p, lang))
        .collect();
    let mut n = 0;
    for panel in panels.iter_mut() {
        for kind in readiness_rules::Kind::ALL {
            let series: Vec<_> = trend
                .indicators
                .iter()
                .filter(|s| s.area == panel.name && s.kind == kind)
                .collect();
            let Some(first) = series.first() else {
                continue;
            };
            n += 1;
            panel.charts.push(panel_chart(
                &format!("panel-{n}"),
                &panel.name,
                &series,
                first.aggregate,
                &labels,
                lang,
            ));
        }
    }
    Ok(Some(AlfData {
        evaluation: dataset.evaluation.code.clone(),
        name: dataset.evaluation.name.clone(),
        deadline: readiness_rules::format_date(dataset.evaluation.deadline),
        evaluations: alf,
        units: board.counted_units().count(),
        panels,
    }))
}

/// The `n` items of the largest weights, largest first, ties by `tie`; without sorting all of
/// them (a national board has 2,000 units a criterion, five are shown).
#[cfg(any(feature = "ssr", test))]
fn largest_first<T>(
    mut items: Vec<(f64, T)>,
    n: usize,
    tie: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<(f64, T)> {
    let order = |a: &(f64, T), b: &(f64, T)| b.0.total_cmp(&a.0).then_with(|| tie(&a.1, &b.1));
    if n == 0 {
        return Vec::new();
    }
    if items.len() > n {
        items.select_nth_unstable_by(n - 1, order);
        items.truncate(n);
    }
    items.sort_by(order);
    items
}

/// A panel's indicators of one kind (all summed or all averaged), one line each.
#[cfg(feature = "ssr")]
fn panel_chart(
    id: &str,
    panel: &str,
    series: &[&readiness_rules::IndicatorSeries],
    aggregate: readiness_rules::Aggregate,
    labels: &[String],
    lang: Lang,
) -> ChartView {
    use crate::charts::{draw, trend_charts};
    use readiness_rules::{Aggregate, Kind};
    let kind = series.first().map_or(Kind::Count, |s| s.kind);
    let what = match (aggregate, kind) {
        (Aggregate::Sum, _) => tr(lang, "regionens summor", "regional totals"),
        (Aggregate::Mean, Kind::Share) => tr(
            lang,
            "andelar, medelvärde av enheterna",
            "shares, mean of the units",
        ),
        (Aggregate::Mean, _) => tr(
            lang,
            "index, medelvärde av enheterna",
            "indices, mean of the units",
        ),
    };
    let title = format!("{panel} – {what}");
    let description = format!(
        "{}{}",
        trend_charts::aggregate_description(aggregate, lang),
        tr(lang, ", en linje per indikator", ", one line per indicator")
    );
    let codes: Vec<String> = series.iter().map(|s| s.criterion.clone()).collect();
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .fold(0.0, f64::max);
    let values: Vec<Vec<Option<f64>>> = series.iter().map(|s| s.values.clone()).collect();
    ChartView {
        svg: draw::lines(
            id,
            &title,
            &description,
            labels,
            &values,
            max,
            &trend_charts::axis_name(aggregate, kind, lang),
            lang,
        ),
        legend: if codes.len() > 1 {
            draw::line_legend(&codes)
        } else {
            Vec::new()
        },
        id: id.to_string(),
        table_head: std::iter::once(tr(lang, "Kvartal", "Quarter").to_string())
            .chain(
                codes
                    .iter()
                    .map(|code| format!("{code} ({})", aggregate.label(lang))),
            )
            .collect(),
        table_rows: labels
            .iter()
            .enumerate()
            .map(|(q, label)| {
                std::iter::once(label.clone())
                    .chain(
                        series
                            .iter()
                            .map(|s| trend_charts::figure(s.values[q], s.kind, lang)),
                    )
                    .collect()
            })
            .collect(),
        title,
        description,
    }
}

fn grade_text(lang: Lang, grade: Option<char>) -> String {
    match grade {
        Some('A') => format!(
            "A – {}",
            tr(lang, "mycket hög kvalitet", "very high quality")
        ),
        Some('B') => format!("B – {}", tr(lang, "god–hög kvalitet", "good–high quality")),
        Some('C') => format!(
            "C – {}",
            tr(lang, "undermålig kvalitet", "substandard quality")
        ),
        _ => tr(lang, "ej publicerat", "not published").to_string(),
    }
}

#[component]
pub fn AlfPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let data = Resource::new(
        move || query.get().get("utvardering"),
        move |evaluation| get_alf(evaluation, lang),
    );
    view! {
        <Title text="ALF" />
        <Suspense fallback=move || view! { <p>{tr(lang, "Laddar…", "Loading…")}</p> }>
            {move || built_once(async move {
                match data.await {
                    Err(error) => view! { <LoadError error /> }.into_any(),
                    Ok(None) => view! { <p class="empty">{tr(lang, "Ingen ALF-utvärdering är inläst.", "No ALF evaluation is loaded.")}</p> }.into_any(),
                    Ok(Some(data)) => view! { <Alf data /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Alf(data: AlfData) -> impl IntoView {
    let lang = use_lang();
    let shown = [Light::Green, Light::Amber, Light::Red, Light::Grey];
    view! {
        <h1>{data.name.clone()}</h1>
        <p class="muted">{match lang {
            Lang::Sv => format!("Vetenskapsrådets utvärdering {} i tre paneler, var och en bedömd mycket hög / god–hög / undermålig kvalitet. Enheternas indikatorer per panel, {} enheter.", data.deadline, data.units),
            Lang::En => format!("The Swedish Research Council's evaluation {} in three panels, each graded very high / good–high / substandard quality. The units' indicators per panel, {} units.", data.deadline, data.units),
        }}</p>
        {(data.evaluations.len() > 1).then(|| view! {
            <nav class="tabs">{data.evaluations.iter().map(|(code, name)| view! {
                <a href=format!("/alf?utvardering={code}") aria-current=(*code == data.evaluation).then_some("page")>{name.clone()}</a>
            }).collect_view()}</nav>
        })}
        {data.panels.into_iter().map(|panel| view! {
            <section class="alf-panel card">
                <h2>{panel.name.clone()}</h2>
                <p class="muted">{match lang {
                    Lang::Sv => format!("{} av {} indikatorvärden gröna", panel.counts.green, panel.counts.applicable()),
                    Lang::En => format!("{} of {} indicator values green", panel.counts.green, panel.counts.applicable()),
                }}</p>
                <div class="scroll-x"><table class="alf-indicators">
                    <thead><tr>
                        <th scope="col">{tr(lang, "Indikator", "Indicator")}</th>
                        {shown.map(|l| view! { <th scope="col" class="num"><LightBadge light=l /></th> }).collect_view()}
                        <th scope="col" class="num">{tr(lang, "Regionen (summa eller medelvärde)", "Region (total or mean)")}</th>
                        <th scope="col">{tr(lang, "Bärs av (störst först)", "Carried by (largest first)")}</th>
                    </tr></thead>
                    <tbody>
                        {panel.indicators.into_iter().map(|i| view! {
                            <tr>
                                <th scope="row"><a href=format!("/kriterium/{}", i.code)>{i.code.clone()}</a><br /><span class="small">{i.title.clone()}</span></th>
                                {shown.map(|l| view! { <td class="num">{i.counts.get(l)}</td> }).collect_view()}
                                <td class="num">{match i.region.clone() {
                                    Some((value, what)) => view! { <span>{value}</span><br /><span class="small muted">{what}</span> }.into_any(),
                                    None => "–".into_any(),
                                }}</td>
                                <td class="small">{i.carried_by.iter().map(|(code, name, shown)| format!("{name} ({code}): {shown}")).collect::<Vec<_>>().join(" · ")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
                {panel.charts.into_iter().map(|chart| view! { <Chart chart /> }).collect_view()}
            </section>
        }).collect_view()}
        <section class="alf-grades">
            <h2>{tr(lang, "Publicerade panelbetyg från tidigare ALF-utvärderingar", "Published panel grades of earlier ALF evaluations")}</h2>
            <p class="muted small">{tr(lang, "Som sammanhang; källa: regionernas egna nyhetssidor.", "As context; source: the regions' own news pages.")}</p>
            <div class="scroll-x" tabindex="0" role="region" aria-label=tr(lang, "Publicerade panelbetyg", "Published panel grades")><table>
                <thead><tr>
                    <th scope="col">{tr(lang, "År", "Year")}</th>
                    <th scope="col">{tr(lang, "Region", "Region")}</th>
                    <th scope="col">{tr(lang, "Panel 1: vetenskaplig produktion", "Panel 1: scientific production")}</th>
                    <th scope="col">{tr(lang, "Panel 2: klinisk betydelse", "Panel 2: clinical significance")}</th>
                    <th scope="col">{tr(lang, "Panel 3: förutsättningar", "Panel 3: prerequisites")}</th>
                </tr></thead>
                <tbody>
                    {PUBLISHED_GRADES.iter().map(|(year, region, grades)| view! {
                        <tr>
                            <td>{*year}</td>
                            <th scope="row">{*region}</th>
                            {grades.iter().map(|g| view! { <td>{grade_text(lang, *g)}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::largest_first;

    #[test]
    fn the_largest_come_first_ties_by_name_and_only_n() {
        type Weighted<'a> = &'a [(f64, &'a str)];
        let cases: [(Weighted, usize, Weighted); 5] = [
            (&[], 5, &[]),
            (&[(1.0, "b"), (3.0, "a")], 5, &[(3.0, "a"), (1.0, "b")]),
            (&[(1.0, "b"), (3.0, "a")], 0, &[]),
            (
                &[
                    (2.0, "d"),
                    (9.0, "c"),
                    (2.0, "a"),
                    (5.0, "e"),
                    (2.0, "b"),
                    (0.5, "f"),
                ],
                3,
                &[(9.0, "c"), (5.0, "e"), (2.0, "a")],
            ),
            (
                &[(1.0, "z"), (1.0, "y"), (1.0, "x"), (1.0, "w")],
                2,
                &[(1.0, "w"), (1.0, "x")],
            ),
        ];
        for (items, n, expected) in cases {
            assert_eq!(
                largest_first(items.to_vec(), n, |a, b| a.cmp(b)),
                expected.to_vec(),
                "{items:?} top {n}"
            );
        }
        // The same as sorting everything, for every n.
        let many: Vec<(f64, String)> = (0..40u32)
            .map(|i| (f64::from((i * 7919) % 13), format!("u{:02}", (i * 31) % 40)))
            .collect();
        let mut sorted = many.clone();
        sorted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for n in 0..=45 {
            let expected: Vec<_> = sorted.iter().take(n).cloned().collect();
            assert_eq!(largest_first(many.clone(), n, |a, b| a.cmp(b)), expected);
        }
    }
}
