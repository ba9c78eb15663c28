use serde::{Deserialize, Serialize};

/// The computed status of one criterion or one unit. Never entered by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Red,
    Amber,
    Grey,
    Green,
    NotApplicable,
}

impl Light {
    pub const ALL: [Light; 5] = [
        Light::Green,
        Light::Amber,
        Light::Red,
        Light::Grey,
        Light::NotApplicable,
    ];

    /// Stable code used in URLs, the API and CSS classes.
    pub fn code(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Amber => "amber",
            Light::Red => "red",
            Light::Grey => "grey",
            Light::NotApplicable => "not_applicable",
        }
    }

    pub fn from_code(code: &str) -> Option<Light> {
        Light::ALL.into_iter().find(|l| l.code() == code)
    }

    /// A symbol that tells the lights apart without colour (shape + text are shown too).
    pub fn symbol(self) -> &'static str {
        match self {
            Light::Green => "●",
            Light::Amber => "▲",
            Light::Red => "■",
            Light::Grey => "○",
            Light::NotApplicable => "–",
        }
    }

    /// How urgent this light is, for sorting "needs attention first".
    pub fn urgency(self) -> u8 {
        match self {
            Light::Red => 0,
            Light::Amber => 1,
            Light::Grey => 2,
            Light::Green => 3,
            Light::NotApplicable => 4,
        }
    }
}

/// How a criterion is measured (`typ` in the spreadsheets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `ja_nej`: yes or no.
    YesNo,
    /// `antal`: a count with thresholds.
    Count,
    /// `andel`: a percentage 0–100 with thresholds.
    Share,
    /// `underlag`: met when evidence is given.
    Evidence,
    /// `index`: a number ≥ 0 on a scale of its own (e.g. field-normalised citation, 100 = world
    /// average) with thresholds. Unlike a count it does not add up across units.
    Index,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::YesNo,
        Kind::Count,
        Kind::Share,
        Kind::Evidence,
        Kind::Index,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::YesNo => "ja_nej",
            Kind::Count => "antal",
            Kind::Share => "andel",
            Kind::Evidence => "underlag",
            Kind::Index => "index",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        match crate::normalize_key(code).as_str() {
            "ja_nej" | "janej" | "yes_no" | "yesno" => Some(Kind::YesNo),
            "antal" | "count" => Some(Kind::Count),
            "andel" | "share" | "percent" => Some(Kind::Share),
            "underlag" | "evidence" => Some(Kind::Evidence),
            "index" | "indextal" | "nyckeltal" => Some(Kind::Index),
            _ => None,
        }
    }

    /// Whether the kind uses the `gron`/`gul` thresholds.
    pub fn has_thresholds(self) -> bool {
        matches!(self, Kind::Count | Kind::Share | Kind::Index)
    }

    /// How the region's figure is formed from the units' values, `None` for kinds without a
    /// number. Counts add up; a share or an index is a unit's own ratio, and a sum of ratios
    /// means nothing, so the region gets their mean.
    pub fn aggregate(self) -> Option<Aggregate> {
        match self {
            Kind::Count => Some(Aggregate::Sum),
            Kind::Share | Kind::Index => Some(Aggregate::Mean),
            Kind::YesNo | Kind::Evidence => None,
        }
    }
}

/// How the units' numbers make one regional figure (see [`Kind::aggregate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    Sum,
    /// Unweighted: every reporting unit counts once, whatever its size.
    Mean,
}

impl Aggregate {
    /// The regional figure of `values`; `None` when no unit has a number (not zero: nobody
    /// reported is not the same as a total of nothing).
    pub fn of(self, values: &[f64]) -> Option<f64> {
        if values.is_empty() {
            return None;
        }
        let sum: f64 = values.iter().sum();
        Some(match self {
            Aggregate::Sum => sum,
            Aggregate::Mean => sum / values.len() as f64,
        })
    }
}

/// Where a criterion comes from (`ursprung`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    National,
    Regional,
}

impl Origin {
    pub fn code(self) -> &'static str {
        match self {
            Origin::National => "nationell",
            Origin::Regional => "regional",
        }
    }

    pub fn from_code(code: &str) -> Option<Origin> {
        match crate::normalize_key(code).as_str() {
            "nationell" | "national" => Some(Origin::National),
            "regional" => Some(Origin::Regional),
            _ => None,
        }
    }
}

/// State of an action plan (`status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Planned,
    InProgress,
    Done,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 3] = [
        PlanStatus::Planned,
        PlanStatus::InProgress,
        PlanStatus::Done,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PlanStatus::Planned => "planerad",
            PlanStatus::InProgress => "pagar",
            PlanStatus::Done => "klar",
        }
    }

    pub fn from_code(code: &str) -> Option<PlanStatus> {
        match crate::normalize_key(code).as_str() {
            "planerad" | "planned" => Some(PlanStatus::Planned),
            "pagar" | "pagaende" | "in_progress" | "ongoing" => Some(PlanStatus::InProgress),
            "klar" | "done" | "completed" => Some(PlanStatus::Done),
            _ => None,
        }
    }

    pub fn is_open(self) -> bool {
        self != PlanStatus::Done
    }
}

/// What the rules need to know about a criterion. Thresholds are only used for counts and shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionRule {
    pub kind: Kind,
    /// `gron`: at or above this the value is met.
    pub green: Option<f64>,
    /// `gul`: at or above this (and below `green`) the value is partly met.
    pub amber: Option<f64>,
    pub mandatory: bool,
    pub requires_evidence: bool,
    /// `giltighet_manader`: how many months a value stays current.
    pub validity_months: u32,
}

impl CriterionRule {
    pub const DEFAULT_VALIDITY_MONTHS: u32 = 12;
}

/// Where an uploaded file is on its way from upload to commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadState {
    /// Being read and validated in the background.
    Checking,
    /// Valid: the preview waits for confirmation.
    Previewed,
    /// The file has problems: nothing can be imported.
    Invalid,
    /// Confirmed: being written in the background.
    Importing,
    Imported,
    /// The database changed since the preview; a new preview waits for confirmation.
    Stale,
    /// An internal error (logged); nothing was written.
    Failed,
}

impl UploadState {
    pub fn code(self) -> &'static str {
        match self {
            UploadState::Checking => "checking",
            UploadState::Previewed => "previewed",
            UploadState::Invalid => "invalid",
            UploadState::Importing => "importing",
            UploadState::Imported => "imported",
            UploadState::Stale => "stale",
            UploadState::Failed => "failed",
        }
    }

    pub const ALL: [UploadState; 7] = [
        UploadState::Checking,
        UploadState::Previewed,
        UploadState::Invalid,
        UploadState::Importing,
        UploadState::Imported,
        UploadState::Stale,
        UploadState::Failed,
    ];

    pub fn from_code(code: &str) -> Option<UploadState> {
        UploadState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// A background job is (or should be) working on the upload.
    pub fn is_running(self) -> bool {
        matches!(self, UploadState::Checking | UploadState::Importing)
    }

    /// The upload can be confirmed (its latest preview is valid).
    pub fn can_confirm(self) -> bool {
        matches!(self, UploadState::Previewed | UploadState::Stale)
    }
}

/// Where a running import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportPhase {
    Reading,
    Checking,
    Writing,
    Done,
}

impl ImportPhase {
    pub const ALL: [ImportPhase; 4] = [
        ImportPhase::Reading,
        ImportPhase::Checking,
        ImportPhase::Writing,
        ImportPhase::Done,
    ];
}

/// What a file holds. Import order: evaluations, criteria, units, then values and plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImportKind {
    Evaluations,
    Criteria,
    Units,
    Values,
    Plans,
    DevelopmentAreas,
    DevelopmentActions,
    SystemQuestions,
    UnitFollowUps,
    Designations,
}

impl ImportKind {
    pub const ALL: [ImportKind; 10] = [
        ImportKind::Evaluations,
        ImportKind::Criteria,
        ImportKind::Units,
        ImportKind::Values,
        ImportKind::Plans,
        ImportKind::DevelopmentAreas,
        ImportKind::DevelopmentActions,
        ImportKind::SystemQuestions,
        ImportKind::UnitFollowUps,
        ImportKind::Designations,
    ];

    /// The code used on the command line, in URLs and in the import history.
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Evaluations => "evaluations",
            ImportKind::Criteria => "criteria",
            ImportKind::Units => "units",
            ImportKind::Values => "values",
            ImportKind::Plans => "plans",
            ImportKind::DevelopmentAreas => "development_areas",
            ImportKind::DevelopmentActions => "development_actions",
            ImportKind::SystemQuestions => "system_questions",
            ImportKind::UnitFollowUps => "unit_follow_ups",
            ImportKind::Designations => "designations",
        }
    }

    pub fn from_code(code: &str) -> Option<ImportKind> {
        ImportKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The file name `readiness sample` writes for this kind.
    pub fn file_name(self) -> String {
        format!("{}.csv", self.code())
    }
}

impl std::fmt::Display for ImportKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which kinds add up across units is a property of the kind, read from the data's `typ`.
    #[test]
    fn kinds_and_how_they_aggregate() {
        let table = [
            ("ja_nej", Kind::YesNo, false, None),
            ("antal", Kind::Count, true, Some(Aggregate::Sum)),
            ("andel", Kind::Share, true, Some(Aggregate::Mean)),
            ("underlag", Kind::Evidence, false, None),
            ("index", Kind::Index, true, Some(Aggregate::Mean)),
        ];
        assert_eq!(table.len(), Kind::ALL.len(), "every kind in the table");
        for (code, kind, thresholds, aggregate) in table {
            assert_eq!(Kind::from_code(code), Some(kind), "{code}");
            assert_eq!(kind.code(), code);
            assert_eq!(kind.has_thresholds(), thresholds, "{code}");
            assert_eq!(kind.aggregate(), aggregate, "{code}");
        }
        assert_eq!(Kind::from_code("Indextal"), Some(Kind::Index));
        assert_eq!(Kind::from_code("medel"), None);
    }

    #[test]
    fn sums_and_means_of_the_units_values() {
        let table: [(Aggregate, &[f64], Option<f64>); 6] = [
            (Aggregate::Sum, &[], None),
            (Aggregate::Mean, &[], None),
            (Aggregate::Sum, &[0.0], Some(0.0)),
            (Aggregate::Sum, &[12.0, 30.0], Some(42.0)),
            // Two units at 150 and 90 (index, 100 = world average): 120, not 240.
            (Aggregate::Mean, &[150.0, 90.0], Some(120.0)),
            // A zero counts in the mean.
            (Aggregate::Mean, &[0.0, 60.0, 90.0], Some(50.0)),
        ];
        for (aggregate, values, expected) in table {
            assert_eq!(
                aggregate.of(values),
                expected,
                "{aggregate:?} of {values:?}"
            );
        }
    }
}
