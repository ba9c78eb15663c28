use serde::{Deserialize, Serialize};

use crate::Light;

/// How many criteria (or units) have each light.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LightCounts {
    pub green: u32,
    pub amber: u32,
    pub red: u32,
    pub grey: u32,
    pub not_applicable: u32,
}

impl LightCounts {
    pub fn add(&mut self, light: Light) {
        *self.slot(light) += 1;
    }

    pub fn get(&self, light: Light) -> u32 {
        match light {
            Light::Green => self.green,
            Light::Amber => self.amber,
            Light::Red => self.red,
            Light::Grey => self.grey,
            Light::NotApplicable => self.not_applicable,
        }
    }

    fn slot(&mut self, light: Light) -> &mut u32 {
        match light {
            Light::Green => &mut self.green,
            Light::Amber => &mut self.amber,
            Light::Red => &mut self.red,
            Light::Grey => &mut self.grey,
            Light::NotApplicable => &mut self.not_applicable,
        }
    }

    /// Everything but "not applicable": what readiness is measured against.
    pub fn applicable(&self) -> u32 {
        self.green + self.amber + self.red + self.grey
    }

    /// Green ÷ applicable, in percent; `None` when nothing is applicable.
    pub fn readiness(&self) -> Option<f64> {
        let applicable = self.applicable();
        (applicable > 0).then(|| 100.0 * f64::from(self.green) / f64::from(applicable))
    }

    pub fn merge(&mut self, other: &LightCounts) {
        for light in Light::ALL {
            *self.slot(light) += other.get(light);
        }
    }
}

/// A unit's overall light and readiness for one evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct UnitSummary {
    pub overall: Light,
    /// Green ÷ applicable criteria, percent.
    pub readiness: Option<f64>,
    pub counts: LightCounts,
    /// Mandatory criteria that are red.
    pub mandatory_red: u32,
}

/// Rolls a unit's criterion lights up: red if any mandatory criterion is red; grey if the unit
/// has reported nothing applicable; green if every applicable criterion is green; else amber.
pub fn summarize_unit(lights: impl IntoIterator<Item = (Light, bool)>) -> UnitSummary {
    let mut counts = LightCounts::default();
    let mut mandatory_red = 0;
    for (light, mandatory) in lights {
        counts.add(light);
        if mandatory && light == Light::Red {
            mandatory_red += 1;
        }
    }
    let overall = if mandatory_red > 0 {
        Light::Red
    } else if counts.green + counts.amber + counts.red == 0 {
        Light::Grey
    } else if counts.green == counts.applicable() {
        Light::Green
    } else {
        Light::Amber
    };
    UnitSummary {
        overall,
        readiness: counts.readiness(),
        counts,
        mandatory_red,
    }
}
