//! The forecast week by week (page /prognos): green units on the evaluation day in both
//! readings, as the forecast stood each week.

use readiness_rules::{ForecastPoint, Lang, Scenario, format_date};

use super::{ChartView, draw};
use crate::i18n::tr;

pub fn forecast_chart(id: &str, points: &[ForecastPoint], units: usize, lang: Lang) -> ChartView {
    let title = tr(
        lang,
        "Prognosen vecka för vecka",
        "The forecast week by week",
    )
    .to_string();
    let description = tr(
        lang,
        "antal enheter som är gröna på utvärderingsdagen i de två läsningarna, som prognosen såg ut varje vecka",
        "units green on the evaluation day in the two readings, as the forecast stood each week",
    )
    .to_string();
    // Every date goes to the drawing, which names as many as fit counted back from the last.
    let dates: Vec<String> = points.iter().map(|p| format_date(p.date)).collect();
    let series: Vec<(String, Vec<Option<f64>>)> = [Scenario::AllDone, Scenario::NothingMore]
        .into_iter()
        .map(|s| {
            let values = points
                .iter()
                .map(|p| {
                    let counts = match s {
                        Scenario::AllDone => p.all_done,
                        Scenario::NothingMore => p.nothing_more,
                    };
                    Some(f64::from(counts.green))
                })
                .collect();
            (s.label(lang).to_string(), values)
        })
        .collect();
    ChartView {
        id: id.into(),
        svg: draw::lines(
            id,
            &title,
            &description,
            &dates,
            &series.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>(),
            units as f64,
            tr(lang, "gröna enheter", "green units"),
            lang,
        ),
        legend: draw::line_legend(
            &series
                .iter()
                .map(|(name, _)| name.clone())
                .collect::<Vec<_>>(),
        ),
        table_head: std::iter::once(tr(lang, "Vecka", "Week").to_string())
            .chain(series.iter().map(|(name, _)| name.clone()))
            .collect(),
        table_rows: points
            .iter()
            .zip(dates)
            .map(|(p, date)| {
                vec![
                    date,
                    p.all_done.green.to_string(),
                    p.nothing_more.green.to_string(),
                ]
            })
            .collect(),
        title,
        description,
    }
}
