//! The system level's questions with their current answers, in the import's own columns (so
//! importing the export changes nothing), the light as of a date in extra columns.

use chrono::NaiveDate;
use readiness_rules::{Lang, system_level, tr};

use crate::Pool;

use super::writer::{Cell, Sheet, single_sheet, text};
use super::{ExportError, FileFormat};

pub async fn system_level_table(
    pool: &Pool,
    as_of: NaiveDate,
    format: FileFormat,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    let level = system_level(
        crate::system_level::questions(pool).await?,
        crate::system_level::answers(pool, as_of).await?,
        as_of,
    );
    let sheet = Sheet {
        name: "systemniva".into(),
        headers: [
            "kod",
            "utvardering",
            "omrade",
            "ursprung",
            "fraga",
            "besvaras_av",
            "klar_senast",
            "kriterier",
            "svar",
            "underlag",
            "ansvarig",
            "status",
            "version",
            "ljus",
            "lage",
        ]
        .map(String::from)
        .to_vec(),
        rows: level
            .questions
            .iter()
            .map(|q| {
                let a = q.answer.as_ref();
                vec![
                    text(&q.question.code),
                    text(&q.question.evaluation),
                    text(&q.question.area),
                    text(q.question.origin.code()),
                    text(&q.question.question),
                    text(&q.question.body),
                    Cell::Date(q.question.due),
                    text(q.question.criteria.join(", ")),
                    a.map_or(Cell::Empty, |a| text(&a.answer)),
                    a.map_or(Cell::Empty, |a| text(&a.evidence)),
                    a.map_or(Cell::Empty, |a| text(&a.responsible)),
                    a.map_or(Cell::Empty, |a| text(a.status.code())),
                    // 0: no answer yet, so an answer given on the web meanwhile is not overwritten.
                    text(a.map_or(0, |a| a.version).to_string()),
                    Cell::Light(q.light),
                    text(q.reason.get(lang)),
                ]
            })
            .collect(),
        frozen_columns: 1,
    };
    single_sheet(
        &sheet,
        &[(tr(lang, "Per datum", "As of"), Cell::Date(as_of))],
        format,
        lang,
    )
}
