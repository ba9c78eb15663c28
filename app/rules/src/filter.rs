//! The matrix filters (care provider, area, light, free text), shared by the matrix page in the
//! browser and the exports on the server, so an export holds exactly what the page shows.

use serde::{Deserialize, Serialize};

use crate::Light;

/// Empty fields mean "no filter". Field names follow the page's query parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixFilter {
    /// `vardgivare`: exact care provider.
    pub provider: String,
    /// `omrade`: exact criterion area (columns).
    pub area: String,
    /// `ljus`: a unit's overall light code.
    pub light: String,
    /// `sok`: part of a unit's name or code, any case.
    pub text: String,
}

impl MatrixFilter {
    pub fn keeps_unit(&self, code: &str, name: &str, provider: &str, overall: Light) -> bool {
        (self.provider.is_empty() || provider == self.provider)
            && Light::from_code(&self.light).is_none_or(|wanted| overall == wanted)
            && (self.text.is_empty()
                || contains_folded(name, &self.text)
                || contains_folded(code, &self.text))
    }

    pub fn keeps_criterion(&self, area: &str) -> bool {
        self.area.is_empty() || area == self.area
    }

    pub fn is_empty(&self) -> bool {
        *self == MatrixFilter::default()
    }
}

fn contains_folded(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_filter_keeps_everything() {
        let f = MatrixFilter::default();
        assert!(f.keeps_unit("E1", "Kardiologi", "Karolinska", Light::Red));
        assert!(f.keeps_criterion("Forskning"));
    }

    #[test]
    fn every_field_narrows() {
        let f = MatrixFilter {
            provider: "Karolinska".into(),
            area: "Forskning".into(),
            light: "red".into(),
            text: "KARDIO".into(),
        };
        assert!(f.keeps_unit("E1", "Kardiologi Solna", "Karolinska", Light::Red));
        assert!(!f.keeps_unit("E1", "Kardiologi Solna", "Danderyd", Light::Red));
        assert!(!f.keeps_unit("E1", "Kardiologi Solna", "Karolinska", Light::Green));
        assert!(!f.keeps_unit("E1", "Ögon", "Karolinska", Light::Red));
        assert!(f.keeps_unit("KARDIO-1", "Ögon", "Karolinska", Light::Red));
        assert!(f.keeps_criterion("Forskning"));
        assert!(!f.keeps_criterion("Utbildning"));
    }

    #[test]
    fn unknown_light_code_is_no_filter() {
        let f = MatrixFilter {
            light: "purple".into(),
            ..MatrixFilter::default()
        };
        assert!(f.keeps_unit("E1", "x", "y", Light::Grey));
    }
}
