//! The development areas and their actions, in the import's own columns (so importing the
//! export changes nothing), with the follow-up as of a date in extra columns the import ignores.

use crate::Pool;
use chrono::NaiveDate;
use readiness_rules::{Lang, follow_up, tr};
use rust_xlsxwriter::Workbook;

use super::writer::{Cell, Sheet, about_sheet, csv_bytes, text, write_sheet};
use super::{ExportError, FileFormat};

/// Which table a CSV holds (an XLSX holds both, and the progress notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevelopmentTable {
    Areas,
    Actions,
}

pub async fn development(
    pool: &Pool,
    as_of: NaiveDate,
    format: FileFormat,
    table: DevelopmentTable,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    let areas = crate::development::areas(pool).await?;
    let actions = crate::development::actions(pool, as_of).await?;
    let follow = follow_up(areas, actions, as_of);
    let headers = |names: &[&str]| names.iter().map(|h| h.to_string()).collect::<Vec<_>>();
    let area_sheet = Sheet {
        name: "utvecklingsomraden".into(),
        headers: headers(&[
            "kod",
            "namn",
            "mal",
            "agare",
            "kriterier",
            "ljus",
            "lage",
            "klara",
            "atgarder",
            "forsenade",
        ]),
        rows: follow
            .iter()
            .map(|f| {
                vec![
                    text(&f.area.code),
                    text(&f.area.name),
                    text(&f.area.goal),
                    text(&f.area.owner),
                    text(f.area.criteria.join(", ")),
                    Cell::Light(f.light),
                    text(f.reason.get(lang)),
                    Cell::Number(f.done as f64),
                    Cell::Number(f.total as f64),
                    Cell::Number(f.overdue as f64),
                ]
            })
            .collect(),
        frozen_columns: 2,
    };
    let action_sheet = Sheet {
        name: "atgarder".into(),
        headers: headers(&[
            "utvecklingsomrade",
            "kod",
            "atgard",
            "ansvarig",
            "omfattning",
            "klar_senast",
            "status",
            "noterad",
            "notering",
            "lage",
        ]),
        rows: follow
            .iter()
            .flat_map(|f| &f.actions)
            .map(|a| {
                let latest = a.action.notes.first();
                vec![
                    text(&a.action.area),
                    text(&a.action.code),
                    text(&a.action.title),
                    text(&a.action.responsible),
                    text(&a.action.scope),
                    Cell::Date(a.action.due),
                    text(a.action.status.code()),
                    latest.map_or(Cell::Empty, |n| Cell::Date(n.noted_on)),
                    latest.map_or(Cell::Empty, |n| text(&n.text)),
                    text(a.state.text().get(lang)),
                ]
            })
            .collect(),
        frozen_columns: 2,
    };
    match format {
        FileFormat::Csv => Ok(csv_bytes(
            match table {
                DevelopmentTable::Areas => &area_sheet,
                DevelopmentTable::Actions => &action_sheet,
            },
            lang,
        )),
        FileFormat::Xlsx => {
            let notes = Sheet {
                name: "lagesnoteringar".into(),
                headers: headers(&["kod", "noterad", "notering", "av"]),
                rows: follow
                    .iter()
                    .flat_map(|f| &f.actions)
                    .flat_map(|a| {
                        a.action.notes.iter().map(|n| {
                            vec![
                                text(&a.action.code),
                                Cell::Date(n.noted_on),
                                text(&n.text),
                                text(&n.by),
                            ]
                        })
                    })
                    .collect(),
                frozen_columns: 1,
            };
            let mut workbook = Workbook::new();
            for sheet in [&area_sheet, &action_sheet, &notes] {
                write_sheet(workbook.add_worksheet(), sheet, lang)?;
            }
            about_sheet(
                &mut workbook,
                &[(tr(lang, "Per datum", "As of"), Cell::Date(as_of))],
                lang,
            )?;
            Ok(workbook.save_to_buffer()?)
        }
    }
}
