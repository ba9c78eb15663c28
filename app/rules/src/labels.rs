//! What each enum is called in words, in both languages, in one place: pages, exports and the
//! command line say the same. Codes (for URLs, files and the API) stay beside each enum.

use serde::{Deserialize, Serialize};

use crate::{
    Aggregate, ChangeKind, ImportKind, ImportPhase, Kind, Lang, Light, Movement, Origin,
    PlanStatus, Role, UploadState, tr,
};

/// A message made on the server in both languages, shown in the reader's: what a refusal or an
/// error says, where its words depend on data (a unit code, a number) and cannot be a label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredText")]
pub struct Text {
    pub sv: String,
    pub en: String,
}

/// How a [`Text`] may be stored: both languages, or one string written before there were two
/// (an upload's problems from an older version), which is then shown in either language.
#[derive(Deserialize)]
#[serde(untagged)]
enum StoredText {
    Both { sv: String, en: String },
    One(String),
}

impl From<StoredText> for Text {
    fn from(stored: StoredText) -> Text {
        match stored {
            StoredText::Both { sv, en } => Text { sv, en },
            StoredText::One(both) => Text {
                sv: both.clone(),
                en: both,
            },
        }
    }
}

impl Text {
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            sv: sv.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }
}

impl std::fmt::Display for Text {
    /// Swedish first, as everywhere a language cannot be chosen (the log, the command line).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.sv)
    }
}

impl Light {
    /// The light's name, as pages and exports write it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Light::Green => tr(lang, "Grön", "Green"),
            Light::Amber => tr(lang, "Gul", "Amber"),
            Light::Red => tr(lang, "Röd", "Red"),
            Light::Grey => tr(lang, "Ingen uppgift", "No data"),
            Light::NotApplicable => tr(lang, "Ej tillämplig", "Not applicable"),
        }
    }
}

impl Role {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Admin => tr(lang, "administratör", "administrator"),
            Role::Arbetsgrupp => tr(lang, "arbetsgrupp", "working group"),
            Role::Enhetsansvarig => tr(lang, "enhetsansvarig", "unit lead"),
            Role::Lasare => tr(lang, "läsare", "reader"),
        }
    }
}

impl Movement {
    /// One unit's or cell's movement: "förbättrad".
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Movement::Improved => tr(lang, "förbättrad", "improved"),
            Movement::Worsened => tr(lang, "försämrad", "worsened"),
            Movement::Unchanged => tr(lang, "oförändrad", "unchanged"),
            Movement::Appeared => tr(lang, "tillkommen", "appeared"),
            Movement::Disappeared => tr(lang, "bortfallen", "disappeared"),
        }
    }

    /// A group of units or cells that moved alike, as a heading: "Förbättrade".
    pub fn group_label(self, lang: Lang) -> &'static str {
        match self {
            Movement::Improved => tr(lang, "Förbättrade", "Improved"),
            Movement::Worsened => tr(lang, "Försämrade", "Worsened"),
            Movement::Unchanged => tr(lang, "Oförändrade", "Unchanged"),
            Movement::Appeared => tr(lang, "Tillkomna", "Appeared"),
            Movement::Disappeared => tr(lang, "Bortfallna", "Disappeared"),
        }
    }

    /// A shape for the movement, shown beside its name so it is never colour alone.
    pub fn mark(self) -> &'static str {
        match self {
            Movement::Improved => "↑",
            Movement::Worsened => "↓",
            Movement::Unchanged => "=",
            Movement::Appeared => "+",
            Movement::Disappeared => "−",
        }
    }
}

impl PlanStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PlanStatus::Planned => tr(lang, "planerad", "planned"),
            PlanStatus::InProgress => tr(lang, "pågår", "in progress"),
            PlanStatus::Done => tr(lang, "klar", "done"),
        }
    }
}

impl Kind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Kind::YesNo => tr(lang, "ja/nej", "yes/no"),
            Kind::Count => tr(lang, "antal", "count"),
            Kind::Share => tr(lang, "andel (%)", "share (%)"),
            Kind::Evidence => tr(lang, "underlag", "evidence"),
            Kind::Index => tr(lang, "index", "index"),
        }
    }

    /// What a value of this kind looks like, beside the form's value field.
    pub fn value_hint(self, lang: Lang) -> &'static str {
        match self {
            Kind::YesNo => tr(
                lang,
                "Ja, Nej eller ej tillämplig",
                "Yes, No or not applicable",
            ),
            Kind::Count => tr(lang, "ett tal, t.ex. 3", "a number, e.g. 3"),
            Kind::Share => tr(lang, "procent, t.ex. 82,5", "percent, e.g. 82.5"),
            Kind::Evidence => tr(
                lang,
                "tomt (underlaget räcker) eller Nej",
                "empty (the evidence is enough) or No",
            ),
            Kind::Index => tr(lang, "ett tal, t.ex. 112,5", "a number, e.g. 112.5"),
        }
    }
}

impl Aggregate {
    /// What the regional figure is, as a column or axis names it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Aggregate::Sum => tr(lang, "summa", "total"),
            Aggregate::Mean => tr(lang, "medelvärde", "mean"),
        }
    }
}

impl ChangeKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ChangeKind::Value => tr(lang, "värde", "value"),
            ChangeKind::Plan => tr(lang, "åtgärd", "action"),
            ChangeKind::Verified => tr(lang, "granskat", "verified"),
            ChangeKind::Returned => tr(lang, "återsänt", "returned"),
        }
    }
}

impl Origin {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Origin::National => tr(lang, "nationell", "national"),
            Origin::Regional => tr(lang, "regional", "regional"),
        }
    }
}

impl ImportKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ImportKind::Evaluations => tr(lang, "Utvärderingar", "Evaluations"),
            ImportKind::Criteria => tr(lang, "Kriterier", "Criteria"),
            ImportKind::Units => tr(lang, "Enheter", "Units"),
            ImportKind::Values => tr(lang, "Värden", "Values"),
            ImportKind::Plans => tr(lang, "Åtgärdsplaner", "Action plans"),
            ImportKind::DevelopmentAreas => tr(lang, "Utvecklingsområden", "Development areas"),
            ImportKind::DevelopmentActions => tr(
                lang,
                "Åtgärder i utvecklingsområden",
                "Development area actions",
            ),
            ImportKind::SystemQuestions => {
                tr(lang, "Frågor på systemnivå", "System-level questions")
            }
            ImportKind::UnitFollowUps => tr(
                lang,
                "Enheternas årliga uppföljning",
                "The units' yearly follow-up",
            ),
            ImportKind::Designations => tr(
                lang,
                "USV-perioder (vilka enheter som är USV-enheter)",
                "USV periods (which units are USV units)",
            ),
        }
    }
}

impl UploadState {
    /// What the upload page says about an upload in this state.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            UploadState::Checking => tr(lang, "Filen kontrolleras…", "Checking the file…"),
            UploadState::Importing => tr(lang, "Importerar…", "Importing…"),
            UploadState::Previewed => tr(
                lang,
                "Förhandsgranskning: inget är sparat än.",
                "Preview: nothing has been saved yet.",
            ),
            UploadState::Stale => tr(
                lang,
                "Uppgifterna har ändrats sedan förhandsgranskningen, så inget sparades. Här är vad filen gör nu; bekräfta igen om det stämmer.",
                "The data changed since the preview, so nothing was saved. This is what the file does now; confirm again if it is right.",
            ),
            UploadState::Invalid => tr(
                lang,
                "Filen har fel och kan inte importeras. Inget har sparats. Rätta felen och ladda upp filen igen.",
                "The file has problems and cannot be imported. Nothing was saved. Fix them and upload the file again.",
            ),
            UploadState::Imported => tr(lang, "Importen är klar.", "The import is done."),
            UploadState::Failed => tr(
                lang,
                "Något gick fel och inget sparades. Försök igen; kvarstår felet, kontakta förvaltningen.",
                "Something went wrong and nothing was saved. Try again; if it persists, contact support.",
            ),
        }
    }
}

impl ImportPhase {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ImportPhase::Reading => tr(lang, "Läser filen", "Reading the file"),
            ImportPhase::Checking => tr(lang, "Kontrollerar rader", "Checking rows"),
            ImportPhase::Writing => tr(lang, "Jämför och sparar", "Comparing and saving"),
            ImportPhase::Done => tr(lang, "Avslutar", "Finishing"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_stored_as_one_string_reads_in_both_languages() {
        let old: Text = serde_json::from_str(r#""värde saknas / value missing""#).unwrap();
        assert_eq!(old.get(Lang::En), "värde saknas / value missing");
        let both = Text::new("värde saknas", "value missing");
        let back: Text = serde_json::from_str(&serde_json::to_string(&both).unwrap()).unwrap();
        assert_eq!(back, both);
        assert_eq!(back.get(Lang::Sv), "värde saknas");
    }

    /// Every name exists in both languages and no two values of an enum share one.
    #[test]
    fn names_are_distinct_in_both_languages() {
        fn distinct(names: Vec<&str>, what: &str) {
            let mut seen = std::collections::HashSet::new();
            for n in &names {
                assert!(!n.is_empty(), "{what}: an empty name");
                assert!(seen.insert(n.to_lowercase()), "{what}: {n} twice");
            }
        }
        for lang in [Lang::Sv, Lang::En] {
            distinct(Light::ALL.map(|l| l.label(lang)).to_vec(), "light");
            distinct(Role::ALL.map(|r| r.label(lang)).to_vec(), "role");
            distinct(Movement::ALL.map(|m| m.label(lang)).to_vec(), "movement");
            distinct(
                Movement::ALL.map(|m| m.group_label(lang)).to_vec(),
                "movements",
            );
            distinct(
                PlanStatus::ALL.map(|s| s.label(lang)).to_vec(),
                "plan status",
            );
            distinct(Kind::ALL.map(|k| k.label(lang)).to_vec(), "kind");
            distinct(
                [Aggregate::Sum, Aggregate::Mean]
                    .map(|a| a.label(lang))
                    .to_vec(),
                "aggregate",
            );
            distinct(ChangeKind::ALL.map(|k| k.label(lang)).to_vec(), "change");
            distinct(
                ImportKind::ALL.map(|k| k.label(lang)).to_vec(),
                "import kind",
            );
            distinct(
                UploadState::ALL.map(|s| s.label(lang)).to_vec(),
                "upload state",
            );
            distinct(
                ImportPhase::ALL.map(|p| p.label(lang)).to_vec(),
                "import phase",
            );
        }
        assert_eq!(PlanStatus::InProgress.label(Lang::Sv), "pågår");
        assert_eq!(Role::Lasare.label(Lang::En), "reader");
        assert_eq!(Light::Grey.label(Lang::Sv), "Ingen uppgift");
    }
}
