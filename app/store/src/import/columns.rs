//! The columns of each kind of file: Swedish names, the aliases accepted, which are required.

use super::ImportKind;

/// One column an import kind understands.
pub struct ColumnSpec {
    /// Canonical Swedish name, as in the templates.
    pub name: &'static str,
    /// Other accepted names (English), already normalised.
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// The columns a file of this kind has, by their Swedish names and accepted aliases.
pub(crate) fn columns(kind: ImportKind) -> &'static [ColumnSpec] {
    const fn col(
        name: &'static str,
        aliases: &'static [&'static str],
        required: bool,
    ) -> ColumnSpec {
        ColumnSpec {
            name,
            aliases,
            required,
        }
    }
    match kind {
        ImportKind::Evaluations => {
            const COLUMNS: &[ColumnSpec] = &[
                col("kod", &["code"], true),
                col("namn", &["name"], true),
                col("genomfors_av", &["conducted_by", "by"], false),
                col("datum", &["date", "deadline"], true),
            ];
            COLUMNS
        }
        ImportKind::Criteria => {
            const COLUMNS: &[ColumnSpec] = &[
                col("kod", &["code"], true),
                col("utvardering", &["evaluation"], true),
                col("omrade", &["area", "panel"], true),
                col("ursprung", &["origin"], false),
                col("titel", &["title"], true),
                col("titel_en", &["title_en", "english_title"], false),
                col("typ", &["kind", "type"], true),
                col("gron", &["green"], false),
                col("gul", &["amber", "yellow"], false),
                col("obligatorisk", &["mandatory"], false),
                col("kraver_underlag", &["requires_evidence"], false),
                col("giltighet_manader", &["validity_months"], false),
                col("beskrivning", &["description"], false),
            ];
            COLUMNS
        }
        ImportKind::Units => {
            const COLUMNS: &[ColumnSpec] = &[
                col("kod", &["code"], true),
                col("namn", &["name"], true),
                col("vardgivare", &["care_provider", "provider"], true),
                col("verksamhetschef", &["manager", "head"], false),
                col("epost", &["email", "e_post", "mail"], false),
            ];
            COLUMNS
        }
        ImportKind::Values => {
            const COLUMNS: &[ColumnSpec] = &[
                col("enhet", &["unit"], true),
                col("kriterium", &["criterion"], true),
                col("varde", &["value"], true),
                col("datum", &["date", "measured"], true),
                col("kommentar", &["comment"], false),
                col("underlag", &["evidence"], false),
            ];
            COLUMNS
        }
        ImportKind::Plans => {
            const COLUMNS: &[ColumnSpec] = &[
                col("enhet", &["unit"], true),
                col("kriterium", &["criterion"], true),
                col("atgard", &["action"], true),
                col("ansvarig", &["owner", "responsible"], false),
                col("klar_senast", &["due", "due_date"], true),
                col("status", &["status"], true),
            ];
            COLUMNS
        }
        ImportKind::DevelopmentAreas => {
            const COLUMNS: &[ColumnSpec] = &[
                col("kod", &["code"], true),
                col("namn", &["name"], true),
                col("mal", &["goal"], false),
                col("agare", &["owner"], false),
                col("kriterier", &["criteria"], false),
            ];
            COLUMNS
        }
        ImportKind::DevelopmentActions => {
            const COLUMNS: &[ColumnSpec] = &[
                col("utvecklingsomrade", &["development_area"], true),
                col("kod", &["code"], true),
                col("atgard", &["action"], true),
                col("ansvarig", &["responsible", "owner"], false),
                col("omfattning", &["scope"], false),
                col("klar_senast", &["due", "due_date"], true),
                col("status", &["status"], true),
                col("noterad", &["noted_on", "note_date"], false),
                col("notering", &["note", "progress_note"], false),
            ];
            COLUMNS
        }
        ImportKind::SystemQuestions => {
            const COLUMNS: &[ColumnSpec] = &[
                col("kod", &["code"], true),
                col("utvardering", &["evaluation"], true),
                col("omrade", &["area"], true),
                col("ursprung", &["origin"], false),
                col("fraga", &["question"], true),
                col("besvaras_av", &["answered_by", "body"], false),
                col("klar_senast", &["due", "due_date"], true),
                col("kriterier", &["criteria"], false),
                col("svar", &["answer"], false),
                col("underlag", &["evidence"], false),
                col("ansvarig", &["responsible", "owner"], false),
                col("status", &["status"], false),
                col("version", &["answer_version"], false),
            ];
            COLUMNS
        }
        ImportKind::UnitFollowUps => {
            const COLUMNS: &[ColumnSpec] = &[
                col("enhet", &["unit", "enhetskod"], true),
                col("ar", &["year", "år"], true),
                col("beslut", &["decision"], true),
                col("beslutsdatum", &["decided_on", "decision_date"], true),
                col("diarienummer", &["reference", "dnr"], false),
                col("bedomning", &["assessment", "bedömning"], false),
            ];
            COLUMNS
        }
        ImportKind::Designations => {
            const COLUMNS: &[ColumnSpec] = &[
                col("enhet", &["unit", "enhetskod"], true),
                col("fran", &["from", "från", "starts_on"], true),
                col("till", &["to", "ends_on"], false),
                col(
                    "beslutsreferens",
                    &["decision", "decision_reference"],
                    false,
                ),
                col("ta_bort", &["remove", "delete"], false),
            ];
            COLUMNS
        }
    }
}
