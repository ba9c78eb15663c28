//! The units' designation periods in the import's own columns (so importing the export changes
//! nothing), with the unit's name and whether it is a USV unit on the export's date beside them.

use crate::Pool;
use chrono::NaiveDate;
use readiness_rules::{Designations, Lang, tr};

use super::writer::{Cell, Sheet, single_sheet, text};
use super::{ExportError, FileFormat};

/// Every unit's periods by unit then start; `as_of` decides the `usv_enhet` column.
pub async fn designations(
    pool: &Pool,
    as_of: NaiveDate,
    format: FileFormat,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    let names = super::unit_names(pool).await?;
    let designations = Designations::new(crate::designation::periods(pool, None).await?);
    let yes_no = |yes: bool| {
        if yes {
            tr(lang, "ja", "yes")
        } else {
            tr(lang, "nej", "no")
        }
    };
    let sheet = Sheet {
        name: "usv_perioder".into(),
        headers: [
            "enhet",
            "fran",
            "till",
            "beslutsreferens",
            "enhetsnamn",
            "usv_enhet",
        ]
        .map(String::from)
        .to_vec(),
        rows: designations
            .all()
            .iter()
            .map(|p| {
                vec![
                    text(&p.unit),
                    Cell::Date(p.from),
                    p.to.map_or(Cell::Empty, Cell::Date),
                    text(&p.decision),
                    text(names.get(&p.unit).map_or("", String::as_str)),
                    text(yes_no(p.covers(as_of))),
                ]
            })
            .collect(),
        frozen_columns: 2,
    };
    single_sheet(
        &sheet,
        &[(
            tr(lang, "usv_enhet per datum", "usv_enhet as of"),
            Cell::Date(as_of),
        )],
        format,
        lang,
    )
}
