//! Charts: SVG drawn on the server with plotters, shown with a title, a description, a legend
//! outside the drawing and the same figures as a table, so they read in print, in greyscale and
//! with a screen reader.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::{tr, use_lang};

/// A chart as the page gets it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartView {
    /// Unique in the page (ids of the SVG's title and description).
    pub id: String,
    pub title: String,
    pub description: String,
    /// `None` when there is nothing to draw (the table and description still say so). The chart
    /// in each of `draw::Size`'s sizes; the stylesheet shows one.
    pub svg: Option<String>,
    /// Listed under the drawing, never on it; empty when the title says it all (one series).
    pub legend: Vec<LegendEntry>,
    pub table_head: Vec<String>,
    pub table_rows: Vec<Vec<String>>,
}

/// One series or light in a chart's legend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegendEntry {
    pub label: String,
    /// A small SVG of its line and marker (or fill), drawn from fixed shapes and colours only.
    pub swatch: String,
}

/// A point of a quarterly series: `2026 K3` (`2026 Q3`), or the date for a quarter so far.
pub fn quarter_label(
    date: chrono::NaiveDate,
    complete: bool,
    lang: readiness_rules::Lang,
) -> String {
    use chrono::Datelike;
    if complete {
        format!(
            "{} {}{}",
            date.year(),
            tr(lang, "K", "Q"),
            date.month().div_ceil(3)
        )
    } else {
        readiness_rules::format_date(date)
    }
}

#[component]
pub fn Chart(chart: ChartView) -> impl IntoView {
    let lang = use_lang();
    view! {
        <figure class="chart" id=chart.id.clone()>
            <figcaption>
                <strong>{chart.title.clone()}</strong>
                <span class="muted small">{format!(" — {}", chart.description)}</span>
            </figcaption>
            {match chart.svg.clone() {
                Some(svg) => view! { <div class="chart-svg" inner_html=svg></div> }.into_any(),
                None => view! { <p class="note">{tr(lang, "Inga uppgifter att rita ännu.", "No figures to draw yet.")}</p> }.into_any(),
            }}
            {(chart.svg.is_some() && !chart.legend.is_empty()).then(|| view! {
                <ul class="chart-legend" aria-label=tr(lang, "Förklaring", "Legend")>
                    {chart.legend.iter().map(|entry| view! {
                        <li><span class="swatch" inner_html=entry.swatch.clone()></span>{entry.label.clone()}</li>
                    }).collect_view()}
                </ul>
            })}
            <details class="chart-table">
                <summary>{tr(lang, "Visa siffrorna som tabell", "Show the figures as a table")}</summary>
                <table>
                    <thead><tr>{chart.table_head.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {chart.table_rows.iter().map(|row| view! {
                            <tr>{row.iter().enumerate().map(|(i, cell)| if i == 0 {
                                view! { <th scope="row">{cell.clone()}</th> }.into_any()
                            } else {
                                view! { <td class="num">{cell.clone()}</td> }.into_any()
                            }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

#[cfg(feature = "ssr")]
pub mod draw;
#[cfg(feature = "ssr")]
pub mod forecast_chart;
#[cfg(feature = "ssr")]
pub mod trend_charts;
