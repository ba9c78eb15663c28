//! The trend charts (pages /trender, /enhet and /alf): view models with their SVG and table.

use readiness_rules::{
    Aggregate, Dataset, Kind, Lang, Light, Trend, TrendPoint, format_number, format_percent,
};

use super::{ChartView, draw};
use crate::i18n::tr;

/// A regional figure as the table shows it: a share in percent, else a number; "–" for none.
pub fn figure(value: Option<f64>, kind: Kind, lang: Lang) -> String {
    match value {
        Some(v) if kind == Kind::Share => format_percent(v, lang),
        Some(v) => format_number(v, lang),
        None => "–".into(),
    }
}

/// What a regional figure is, for a chart's description.
pub fn aggregate_description(aggregate: Aggregate, lang: Lang) -> &'static str {
    match aggregate {
        Aggregate::Sum => tr(
            lang,
            "summan av enheternas senaste värden, per kvartal",
            "the sum of the units' latest values, per quarter",
        ),
        Aggregate::Mean => tr(
            lang,
            "ovägt medelvärde av de rapporterande enheternas senaste värden, per kvartal (ett index eller en andel summeras inte)",
            "the unweighted mean of the reporting units' latest values, per quarter (an index or a share is not summed)",
        ),
    }
}

/// The y axis' name for a regional figure.
pub fn axis_name(aggregate: Aggregate, kind: Kind, lang: Lang) -> String {
    match kind {
        Kind::Share => format!("{}, %", aggregate.label(lang)),
        _ => aggregate.label(lang).to_string(),
    }
}

/// The table's column head for a regional figure.
fn aggregate_head(aggregate: Aggregate, lang: Lang) -> &'static str {
    match aggregate {
        Aggregate::Sum => tr(lang, "Summa", "Total"),
        Aggregate::Mean => tr(lang, "Medelvärde", "Mean"),
    }
}

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
        legend: draw::lights_legend(lang),
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
    let values: Vec<Vec<Option<f64>>> = series.iter().map(|(_, v)| v.clone()).collect();
    ChartView {
        id: id.into(),
        svg: draw::lines(id, &title, &description, &labels, &values, 100.0, "%", lang),
        legend: if areas.len() > 1 {
            draw::line_legend(&areas)
        } else {
            Vec::new()
        },
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

/// The region's figure for one numeric criterion, quarter by quarter: the sum of a count, the
/// mean of a share or an index ([`Kind::aggregate`]).
pub fn indicator_chart(id: &str, trend: &Trend, code: &str, lang: Lang) -> Option<ChartView> {
    let series = trend.indicators.iter().find(|i| i.criterion == code)?;
    let labels: Vec<String> = trend.points.iter().map(|p| point_label(p, lang)).collect();
    let max = series.values.iter().flatten().copied().fold(0.0, f64::max);
    let title = format!("{} – {}", series.criterion, series.title_in(lang));
    let description = aggregate_description(series.aggregate, lang).to_string();
    Some(ChartView {
        id: id.into(),
        svg: draw::lines(
            id,
            &title,
            &description,
            &labels,
            std::slice::from_ref(&series.values),
            max,
            &axis_name(series.aggregate, series.kind, lang),
            lang,
        ),
        legend: Vec::new(),
        table_head: vec![
            tr(lang, "Kvartal", "Quarter").into(),
            aggregate_head(series.aggregate, lang).into(),
            tr(lang, "Enheter som rapporterat", "Units reporting").into(),
            tr(lang, "varav inaktuella", "of them stale").into(),
        ],
        table_rows: labels
            .into_iter()
            .enumerate()
            .map(|(i, label)| {
                vec![
                    label,
                    figure(series.values[i], series.kind, lang),
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
            std::slice::from_ref(&series.readiness),
            100.0,
            "%",
            lang,
        ),
        legend: Vec::new(),
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

/// The numeric criteria whose regional figure is worth a chart.
pub fn indicators(dataset: &Dataset, trend: &Trend, lang: Lang) -> Vec<(String, String)> {
    trend
        .indicators
        .iter()
        .filter(|i| dataset.criteria.iter().any(|c| c.code == i.criterion))
        .map(|i| (i.criterion.clone(), i.title_in(lang).to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use readiness_rules::{AreaLights, IndicatorSeries, LightCounts};

    fn d(s: &str) -> chrono::NaiveDate {
        s.parse().unwrap()
    }

    fn lights(green: u32, red: u32) -> LightCounts {
        LightCounts {
            green,
            red,
            ..LightCounts::default()
        }
    }

    fn series(code: &str, kind: Kind, values: [Option<f64>; 2]) -> IndicatorSeries {
        IndicatorSeries {
            criterion: code.into(),
            area: "Panel 1".into(),
            title: format!("Titel {code}"),
            title_en: String::new(),
            kind,
            aggregate: kind.aggregate().unwrap(),
            values: values.to_vec(),
            reporting: values.iter().map(|v| u32::from(v.is_some()) * 2).collect(),
            stale: vec![0, 0],
        }
    }

    /// Two quarters, two areas; a count, an index and a share indicator.
    fn trend() -> Trend {
        let point = |date: &str, quarter: u32| readiness_rules::TrendPoint {
            date: d(date),
            year: 2026,
            quarter,
            complete: true,
            units: lights(3, 1),
            areas: ["Forskning", "Utbildning"]
                .map(|area| AreaLights {
                    area: area.into(),
                    units: lights(2, 2),
                    cells: lights(3, 1),
                })
                .to_vec(),
        };
        Trend {
            points: vec![point("2026-03-31", 1), point("2026-06-30", 2)],
            units: Vec::new(),
            indicators: vec![
                series("P1", Kind::Count, [Some(12.0), Some(42.0)]),
                series("P2", Kind::Index, [None, Some(120.0)]),
                series("P3", Kind::Share, [Some(10.0), Some(12.5)]),
            ],
        }
    }

    #[test]
    fn a_count_is_charted_as_a_sum_an_index_and_a_share_as_a_mean() {
        let t = trend();
        let count = indicator_chart("i", &t, "P1", Lang::Sv).unwrap();
        assert_eq!(count.table_head[1], "Summa");
        assert_eq!(count.table_rows[1][1], "42");
        assert!(count.description.starts_with("summan"));
        let texts = |chart: &ChartView| -> Vec<String> {
            draw::drawn_texts(chart.svg.as_deref().unwrap())
                .into_iter()
                .map(String::from)
                .collect()
        };
        assert!(texts(&count).contains(&"summa".to_string()), "the y axis");

        let index = indicator_chart("i", &t, "P2", Lang::Sv).unwrap();
        assert_eq!(index.table_head[1], "Medelvärde");
        assert_eq!(index.table_rows[0][1], "–", "nobody reported: no figure");
        assert_eq!(index.table_rows[1][1], "120");
        assert!(index.description.contains("medelvärde"));
        assert!(
            !index.description.contains("summan"),
            "{}",
            index.description
        );
        assert!(
            texts(&index).contains(&"medelvärde".to_string()),
            "the y axis"
        );
        assert!(!texts(&index).iter().any(|t| t.contains("summa")));

        let share = indicator_chart("i", &t, "P3", Lang::En).unwrap();
        assert_eq!(share.table_head[1], "Mean");
        assert_eq!(share.table_rows[1][1], "12.5%");
        assert!(texts(&share).contains(&"mean, %".to_string()));
        assert!(indicator_chart("i", &t, "P9", Lang::Sv).is_none());
    }

    #[test]
    fn legends_are_beside_the_drawing_not_in_it() {
        let t = trend();
        let areas = areas_chart("a", &t, Lang::Sv);
        let names: Vec<&str> = areas.legend.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(names, ["Forskning", "Utbildning"]);
        let svg = areas.svg.as_deref().unwrap();
        assert!(
            !draw::drawn_texts(svg)
                .iter()
                .any(|t| t.contains("Forskning")),
            "no legend box over the lines"
        );
        let lights = lights_chart("l", &t, "USV", Lang::Sv);
        assert_eq!(lights.legend.len(), 4);
        assert!(lights.legend[0].label.contains("●"));
        // One series: the title names it, no legend.
        assert!(
            indicator_chart("i", &t, "P1", Lang::Sv)
                .unwrap()
                .legend
                .is_empty()
        );
    }
}
