//! The Lägesrapport's tables as an XLSX pack.

use readiness_rules::{Lang, Light, UnitAtRisk, tr};
use rust_xlsxwriter::Workbook;

use super::ExportError;
use super::writer::{
    Cell, Sheet, about_sheet, readiness_cell, readiness_header, sheet_name, text, write_sheet,
};

/// A table of units or criteria per light, one row per name, and the share green as the printed
/// report shows it.
fn counts_sheet(
    name: String,
    first: &str,
    rows: &[(String, readiness_rules::LightCounts)],
    lang: Lang,
) -> Sheet {
    let shown = [Light::Green, Light::Amber, Light::Red, Light::Grey];
    let mut headers = vec![first.to_string()];
    headers.extend(shown.iter().map(|l| l.label(lang).to_string()));
    headers.push(readiness_header(lang));
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
                row.push(readiness_cell(counts));
                row
            })
            .collect(),
        frozen_columns: 1,
    }
}

/// The heads of the risk sheet: the unit and its lights, then what the row is about.
fn risk_headers(lang: Lang) -> Vec<String> {
    [
        tr(lang, "Enhet", "Unit"),
        tr(lang, "Namn", "Name"),
        tr(lang, "Vårdgivare", "Care provider"),
        tr(lang, "I dag", "Today"),
        readiness_rules::Scenario::AllDone.label(lang),
        readiness_rules::Scenario::NothingMore.label(lang),
        tr(lang, "Typ", "Type"),
        tr(lang, "Kriterium", "Criterion"),
        tr(lang, "Beskrivning", "Description"),
        tr(lang, "Datum", "Date"),
        tr(lang, "Ansvarig", "Owner"),
        tr(lang, "Status", "Status"),
    ]
    .map(String::from)
    .to_vec()
}

/// A text, or an empty cell for none.
fn optional_text(s: &str) -> Cell {
    if s.is_empty() { Cell::Empty } else { text(s) }
}

/// A unit at risk as rows of the risk sheet: one per risk, one per task and one per open plan
/// (with its status in words), each with the unit and its lights so that every row can be
/// filtered and sorted on its own; a unit not on track without any of those gets one row.
fn risk_rows(u: &UnitAtRisk, lang: Lang) -> Vec<Vec<Cell>> {
    let row = |kind: &str,
               criterion: &str,
               description: String,
               date: Option<_>,
               owner: &str,
               status: &str| {
        vec![
            text(&u.code),
            text(&u.name),
            text(&u.care_provider),
            Cell::Light(u.today),
            Cell::Light(u.all_done),
            Cell::Light(u.nothing_more),
            optional_text(kind),
            optional_text(criterion),
            optional_text(&description),
            date.map_or(Cell::Empty, Cell::Date),
            optional_text(owner),
            optional_text(status),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for r in &u.risks {
        rows.push(row(
            tr(lang, "Risk", "Risk"),
            &r.criterion,
            r.text(lang),
            r.date,
            "",
            "",
        ));
    }
    for t in &u.tasks {
        rows.push(row(
            tr(lang, "Att göra", "To do"),
            &t.criterion,
            t.text(lang),
            Some(t.date),
            "",
            "",
        ));
    }
    for p in &u.plans {
        rows.push(row(
            tr(lang, "Öppen åtgärd", "Open plan"),
            &p.criterion,
            p.action.clone(),
            Some(p.due),
            &p.owner,
            p.status.label(lang),
        ));
    }
    if rows.is_empty() {
        rows.push(row("", "", String::new(), None, "", ""));
    }
    rows
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
            lang,
        );
        write_sheet(workbook.add_worksheet(), &providers, lang)?;
        let risks = Sheet {
            name: sheet_name(&format!("{} {}", e.code, tr(lang, "risker", "risks"))),
            headers: risk_headers(lang),
            rows: e.at_risk.iter().flat_map(|u| risk_rows(u, lang)).collect(),
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
