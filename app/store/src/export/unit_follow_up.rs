//! The units' yearly follow-ups in the import's own columns (so importing the export changes
//! nothing), with the unit's name and the decision in words beside them.

use crate::Pool;
use chrono::NaiveDate;
use readiness_rules::{Lang, follow_ups_as_of, tr};

use super::writer::{Cell, Sheet, single_sheet, text};
use super::{ExportError, FileFormat};

/// The follow-ups decided on or before `as_of`, by unit then year.
pub async fn unit_follow_ups(
    pool: &Pool,
    as_of: NaiveDate,
    format: FileFormat,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    let names = super::unit_names(pool).await?;
    let mut all = follow_ups_as_of(crate::unit_follow_up::follow_ups(pool, None).await?, as_of);
    all.sort_by(|a, b| (&a.unit, a.year).cmp(&(&b.unit, b.year)));
    let sheet = Sheet {
        name: "uppfoljning".into(),
        headers: [
            "enhet",
            "ar",
            "beslut",
            "beslutsdatum",
            "diarienummer",
            "bedomning",
            "enhetsnamn",
            "beslut_text",
        ]
        .map(String::from)
        .to_vec(),
        rows: all
            .iter()
            .map(|f| {
                vec![
                    text(&f.unit),
                    Cell::Number(f64::from(f.year)),
                    text(f.decision.code()),
                    Cell::Date(f.decided_on),
                    text(&f.reference),
                    text(&f.assessment),
                    text(names.get(&f.unit).map_or("", String::as_str)),
                    text(f.decision.label(lang)),
                ]
            })
            .collect(),
        frozen_columns: 2,
    };
    single_sheet(
        &sheet,
        &[(tr(lang, "Per datum", "As of"), Cell::Date(as_of))],
        format,
        lang,
    )
}
