//! The trend charts (pages /trender, /enhet and /alf): view models with their SVG and table.

use readiness_rules::{Dataset, Lang, Light, Trend, TrendPoint, format_number, format_percent};

use super::{ChartView, draw};
use crate::i18n::tr;

pub fn point_label(p: &TrendPoint, lang: Lang) -> String {
    crate::charts::quarter_label(p.date, p.complete, lang)
}

fn readiness_description(lang: Lang) -> String {
    tr(
        lang,
        "andel gröna kriterier av de tillämpliga, i procent, per kvartal",
        "green criteria as a share of the applicable ones, percent, per quarter",
    )
    .to_string()
}

/// Units per light, quarter by quarter.
pub fn lights_chart(id: &str, trend: &Trend, name: &str, lang: Lang) -> ChartView {
    let labels: Vec<String> = trend.points.iter().map(|p| point_label(p, lang)).collect();
    let counts: Vec<_> = trend.points.iter().map(|p| p.units).collect();
    let title = format!(
        "{} – {}",
        tr(lang, "Enheter per ljus", "Units per light"),
        name
    );
    let description = match (lang, trend.points.last()) {
        (_, None) => tr(lang, "inga värden ännu", "no values yet").to_string(),
        (Lang::Sv, Some(last)) => format!(
            "{} kvartal; senast {} gröna, {} gula, {} röda och {} utan uppgift",
            trend.points.len(),
            last.units.green,
            last.units.amber,
            last.units.red,
            last.units.grey
        ),
        (Lang::En, Some(last)) => format!(
            "{} quarters; latest {} green, {} amber, {} red and {} without data",
            trend.points.len(),
            last.units.green,
            last.units.amber,
            last.units.red,
            last.units.grey
        ),
    };
    let order = [Light::Green, Light::Amber, Light::Red, Light::Grey];
    ChartView {
        id: id.into(),
        svg: draw::stacked_lights(id, &title, &description, &labels, &counts, lang),
        title,
        description,
        table_head: std::iter::once(tr(lang, "Kvartal", "Quarter").to_string())
            .chain(
                order
                    .iter()
                    .map(|l| format!("{} {}", l.symbol(), l.label(lang))),
            )
            .collect(),
        table_rows: trend
            .points
            .iter()
            .zip(labels)
            .map(|(p, label)| {
                std::iter::once(label)
                    .chain(order.iter().map(|l| p.units.get(*l).to_string()))
                    .collect()
            })
            .collect(),
    }
}

/// Readiness (green ÷ applicable criteria) per area, quarter by quarter.
pub fn areas_chart(id: &str, trend: &Trend, lang: Lang) -> ChartView {
    let labels: Vec<String> = trend.points.iter().map(|p| point_label(p, lang)).collect();
    let mut areas: Vec<String> = Vec::new();
    for p in &trend.points {
        for a in &p.areas {
            if !areas.contains(&a.area) {
                areas.push(a.area.clone());
            }
        }
    }
    let series: Vec<(String, Vec<Option<f64>>)> = areas
        .iter()
        .map(|area| {
            let values = trend
                .points
                .iter()
                .map(|p| {
                    p.areas
                        .iter()
                        .find(|a| &a.area == area)
                        .and_then(|a| a.cells.readiness())
                })
                .collect();
            (area.clone(), values)
        })
        .collect();
    let title = tr(lang, "Beredskap per område", "Readiness per area").to_string();
    let description = readiness_description(lang);
    ChartView {
        id: id.into(),
        svg: draw::lines(id, &title, &description, &labels, &series, 100.0, "%"),
        table_head: std::iter::once(tr(lang, "Kvartal", "Quarter").to_string())
            .chain(areas.iter().cloned())
            .collect(),
        table_rows: labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                std::iter::once(label.clone())
                    .chain(series.iter().map(|(_, v)| {
                        v[i].map(|r| format_percent(r, lang))
                            .unwrap_or_else(|| "–".into())
                    }))
                    .collect()
            })
            .collect(),
        title,
        description,
    }
}

/// The region's total of one count criterion, quarter by quarter.
pub fn indicator_chart(id: &str, trend: &Trend, code: &str, lang: Lang) -> Option<ChartView> {
    let series = trend.indicators.iter().find(|i| i.criterion == code)?;
    let labels: Vec<String> = trend.points.iter().map(|p| point_label(p, lang)).collect();
    let values: Vec<Option<f64>> = series.totals.iter().map(|t| Some(*t)).collect();
    let max = series.totals.iter().copied().fold(0.0, f64::max);
    let title = format!("{} – {}", series.criterion, series.title);
    let description = match lang {
        Lang::Sv => "regionens summa av enheternas senaste värden, per kvartal".to_string(),
        Lang::En => "the sum of the units' latest values in the region, per quarter".to_string(),
    };
    Some(ChartView {
        id: id.into(),
        svg: draw::lines(
            id,
            &title,
            &description,
            &labels,
            &[(series.criterion.clone(), values)],
            max,
            tr(lang, "summa", "total"),
        ),
        table_head: vec![
            tr(lang, "Kvartal", "Quarter").into(),
            tr(lang, "Summa", "Total").into(),
            tr(lang, "Enheter som rapporterat", "Units reporting").into(),
            tr(lang, "varav inaktuella", "of them stale").into(),
        ],
        table_rows: labels
            .into_iter()
            .enumerate()
            .map(|(i, label)| {
                vec![
                    label,
                    format_number(series.totals[i], lang),
                    series.reporting[i].to_string(),
                    series.stale[i].to_string(),
                ]
            })
            .collect(),
        title,
        description,
    })
}

/// One unit's readiness %, quarter by quarter.
pub fn unit_chart(id: &str, trend: &Trend, unit: &str, lang: Lang) -> Option<ChartView> {
    let series = trend.units.iter().find(|u| u.code == unit)?;
    let labels: Vec<String> = trend.points.iter().map(|p| point_label(p, lang)).collect();
    let title = format!(
        "{} – {}",
        tr(lang, "Beredskap över tid", "Readiness over time"),
        series.name
    );
    let description = readiness_description(lang);
    Some(ChartView {
        id: id.into(),
        svg: draw::lines(
            id,
            &title,
            &description,
            &labels,
            &[(series.code.clone(), series.readiness.clone())],
            100.0,
            "%",
        ),
        table_head: vec![
            tr(lang, "Kvartal", "Quarter").into(),
            tr(lang, "Ljus", "Light").into(),
            tr(lang, "Beredskap", "Readiness").into(),
        ],
        table_rows: labels
            .into_iter()
            .enumerate()
            .map(|(i, label)| {
                vec![
                    label,
                    format!(
                        "{} {}",
                        series.lights[i].symbol(),
                        series.lights[i].label(lang)
                    ),
                    series.readiness[i]
                        .map(|r| format_percent(r, lang))
                        .unwrap_or_else(|| "–".into()),
                ]
            })
            .collect(),
        title,
        description,
    })
}

/// The count criteria whose regional total is worth a chart.
pub fn indicators(dataset: &Dataset, trend: &Trend) -> Vec<(String, String)> {
    trend
        .indicators
        .iter()
        .filter(|i| dataset.criteria.iter().any(|c| c.code == i.criterion))
        .map(|i| (i.criterion.clone(), i.title.clone()))
        .collect()
}
