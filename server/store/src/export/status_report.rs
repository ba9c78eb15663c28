//! The Lägesrapport's tables as an XLSX pack.

use readiness_rules::{Lang, Light, format_date, tr};
use rust_xlsxwriter::Workbook;

use super::ExportError;
use super::writer::{Cell, Sheet, about_sheet, sheet_name, text, write_sheet};

/// A table of units or criteria per light, one row per name; optionally the share green.
fn counts_sheet(
    name: String,
    first: &str,
    rows: &[(String, readiness_rules::LightCounts)],
    with_readiness: bool,
    lang: Lang,
) -> Sheet {
    let shown = [Light::Green, Light::Amber, Light::Red, Light::Grey];
    let mut headers = vec![first.to_string()];
    headers.extend(shown.iter().map(|l| l.label(lang).to_string()));
    if with_readiness {
        headers.push(tr(lang, "Beredskap", "Readiness").to_string());
    }
    Sheet {
        name,
        headers,
        rows: rows
            .iter()
            .map(|(label, counts)| {
                let mut row = vec![text(label)];
                row.extend(
                    shown
                        .iter()
                        .map(|l| Cell::Number(f64::from(counts.get(*l)))),
                );
                if with_readiness {
                    row.push(counts.readiness().map_or(Cell::Empty, Cell::Percent));
                }
                row
            })
            .collect(),
        frozen_columns: 1,
    }
}

/// The Lägesrapport as an XLSX pack: one sheet per table of the printed report.
pub fn status_report_pack(
    report: &readiness_rules::StatusReport,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    let shown = [Light::Green, Light::Amber, Light::Red, Light::Grey];
    let light_headers = |prefix: &str| -> Vec<String> {
        shown
            .iter()
            .map(|l| format!("{prefix}{}", l.label(lang)))
            .collect()
    };
    let mut workbook = Workbook::new();
    let mut summary_headers: Vec<String> = [
        tr(lang, "Utvärdering", "Evaluation"),
        tr(lang, "Namn", "Name"),
        tr(lang, "Datum", "Date"),
        tr(lang, "Dagar kvar", "Days left"),
    ]
    .map(String::from)
    .to_vec();
    summary_headers.extend(light_headers(tr(lang, "I dag: ", "Today: ")));
    summary_headers.extend(light_headers(tr(
        lang,
        "Om alla rapporterar i tid och varje åtgärd blir klar: ",
        "If everyone reports on time and every plan lands: ",
    )));
    summary_headers.extend(light_headers(tr(
        lang,
        "Om inget mer händer: ",
        "If nothing more happens: ",
    )));
    summary_headers.push(tr(lang, "Prognos", "Forecast").into());
    let summary = Sheet {
        name: tr(lang, "Sammanfattning", "Summary").into(),
        headers: summary_headers,
        rows: report
            .evaluations
            .iter()
            .map(|e| {
                let mut row = vec![
                    text(&e.code),
                    text(&e.name),
                    Cell::Date(e.deadline),
                    Cell::Number(e.days_left as f64),
                ];
                row.extend(
                    shown
                        .iter()
                        .map(|l| Cell::Number(f64::from(e.today.get(*l)))),
                );
                for counts in [&e.all_done, &e.nothing_more] {
                    row.extend(
                        shown
                            .iter()
                            .map(|l| Cell::Number(f64::from(counts.get(*l)))),
                    );
                }
                row.push(text(e.forecast.get(lang)));
                row
            })
            .collect(),
        frozen_columns: 1,
    };
    write_sheet(workbook.add_worksheet(), &summary, lang)?;
    for e in &report.evaluations {
        let areas = counts_sheet(
            sheet_name(&format!("{} {}", e.code, tr(lang, "områden", "areas"))),
            tr(lang, "Område", "Area"),
            &e.areas,
            true,
            lang,
        );
        write_sheet(workbook.add_worksheet(), &areas, lang)?;
        let providers = counts_sheet(
            sheet_name(&format!(
                "{} {}",
                e.code,
                tr(lang, "vårdgivare", "providers")
            )),
            tr(lang, "Vårdgivare", "Care provider"),
            &e.providers,
            false,
            lang,
        );
        write_sheet(workbook.add_worksheet(), &providers, lang)?;
        let risks = Sheet {
            name: sheet_name(&format!("{} {}", e.code, tr(lang, "risker", "risks"))),
            headers: [
                tr(lang, "Enhet", "Unit"),
                tr(lang, "Namn", "Name"),
                tr(lang, "Vårdgivare", "Care provider"),
                tr(lang, "I dag", "Today"),
                tr(
                    lang,
                    "Om alla rapporterar i tid och varje åtgärd blir klar",
                    "If everyone reports on time and every plan lands",
                ),
                tr(lang, "Om inget mer händer", "If nothing more happens"),
                tr(lang, "Risker", "Risks"),
                tr(lang, "Att göra", "To do"),
                tr(lang, "Öppna åtgärder", "Open plans"),
            ]
            .map(String::from)
            .to_vec(),
            rows: e
                .at_risk
                .iter()
                .map(|u| {
                    vec![
                        text(&u.code),
                        text(&u.name),
                        text(&u.care_provider),
                        Cell::Light(u.today),
                        Cell::Light(u.all_done),
                        Cell::Light(u.nothing_more),
                        text(
                            u.risks
                                .iter()
                                .map(|r| r.text(lang))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                        text(
                            u.tasks
                                .iter()
                                .map(|t| t.text(lang))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                        text(
                            u.plans
                                .iter()
                                .map(|p| {
                                    format!(
                                        "{}: {} ({}, {})",
                                        p.criterion,
                                        p.action,
                                        format_date(p.due),
                                        p.status.label(lang)
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                    ]
                })
                .collect(),
            frozen_columns: 2,
        };
        write_sheet(workbook.add_worksheet(), &risks, lang)?;
        if let Some(changes) = &e.changes {
            let sheet = Sheet {
                name: sheet_name(&format!(
                    "{} {}",
                    e.code,
                    tr(lang, "förändringar", "changes")
                )),
                headers: [
                    tr(lang, "Enhet", "Unit"),
                    tr(lang, "Namn", "Name"),
                    tr(lang, "Ändring", "Change"),
                    tr(lang, "Före", "Before"),
                    tr(lang, "Efter", "After"),
                ]
                .map(String::from)
                .to_vec(),
                rows: changes
                    .changed_units
                    .iter()
                    .map(|u| {
                        vec![
                            text(&u.code),
                            text(&u.name),
                            text(u.movement.label(lang)),
                            u.before.map_or(Cell::Empty, Cell::Light),
                            u.after.map_or(Cell::Empty, Cell::Light),
                        ]
                    })
                    .collect(),
                frozen_columns: 2,
            };
            write_sheet(workbook.add_worksheet(), &sheet, lang)?;
        }
    }
    let mut about = vec![
        (
            tr(lang, "Innehåll", "Content"),
            text(tr(lang, "Lägesrapport", "Status report")),
        ),
        (tr(lang, "Per datum", "As of"), Cell::Date(report.as_of)),
    ];
    if let Some(b) = &report.baseline {
        about.push((
            tr(lang, "Jämfört med baslinje", "Compared with baseline"),
            text(b.clone()),
        ));
    }
    about_sheet(&mut workbook, &about, lang)?;
    Ok(workbook.save_to_buffer()?)
}
