//! Who may do what. Plain rules, checked by the server on every request; the browser uses the
//! same rules only to decide which controls to show.

use serde::{Deserialize, Serialize};

/// A user's role. Unit leads are further limited to the units assigned to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Users, roles and everything the working group may do.
    Admin,
    /// The working group: edit any unit, verify, import, export.
    Arbetsgrupp,
    /// A unit lead: report for the assigned units only.
    Enhetsansvarig,
    /// Leadership: read everything, change nothing.
    Lasare,
}

impl Role {
    /// Least privileged first, as the new-user form offers them: the first choice is the safe one.
    pub const ALL: [Role; 4] = [
        Role::Lasare,
        Role::Enhetsansvarig,
        Role::Arbetsgrupp,
        Role::Admin,
    ];

    /// The code used on the command line, in the database and in URLs.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Arbetsgrupp => "arbetsgrupp",
            Role::Enhetsansvarig => "enhetsansvarig",
            Role::Lasare => "lasare",
        }
    }

    /// Accepts the code, with or without Swedish letters, in any case.
    pub fn from_code(code: &str) -> Option<Role> {
        let folded = code.trim().to_lowercase().replace('ä', "a");
        Role::ALL.into_iter().find(|r| r.code() == folded)
    }
}

/// The signed-in user as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub role: Role,
    /// Codes of the units a unit lead is assigned to (ignored for other roles).
    pub units: Vec<String>,
}

/// Something a user may try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    /// Read pages and the read API.
    Read,
    /// Report a value or change an action plan for this unit.
    EditUnit(&'a str),
    /// Mark a reported value verified or returned.
    Verify,
    /// Import files.
    Import,
    /// Freeze a baseline (and, later, start a new cycle).
    Freeze,
    /// Add and change the actions of the development areas, note their progress.
    EditDevelopment,
    /// Manage users and tokens.
    ManageUsers,
}

impl Actor {
    pub fn may(&self, action: Action<'_>) -> bool {
        match (self.role, action) {
            (_, Action::Read) => true,
            (Role::Admin, _) => true,
            (Role::Arbetsgrupp, Action::ManageUsers) => false,
            (Role::Arbetsgrupp, _) => true,
            (Role::Enhetsansvarig, Action::EditUnit(unit)) => self.units.iter().any(|u| u == unit),
            (Role::Enhetsansvarig, _) => false,
            (Role::Lasare, _) => false,
        }
    }

    /// May edit at least one unit (decides whether to show editing at all).
    pub fn may_edit_any(&self) -> bool {
        match self.role {
            Role::Admin | Role::Arbetsgrupp => true,
            Role::Enhetsansvarig => !self.units.is_empty(),
            Role::Lasare => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, units: &[&str]) -> Actor {
        Actor {
            role,
            units: units.iter().map(|u| u.to_string()).collect(),
        }
    }

    #[test]
    fn each_role_may_exactly_what_it_should() {
        let admin = actor(Role::Admin, &[]);
        let group = actor(Role::Arbetsgrupp, &[]);
        let lead = actor(Role::Enhetsansvarig, &["E1", "E3"]);
        let reader = actor(Role::Lasare, &["E1"]);
        // (action, admin, working group, unit lead of E1+E3, reader)
        let table = [
            (Action::Read, true, true, true, true),
            (Action::EditUnit("E1"), true, true, true, false),
            (Action::EditUnit("E3"), true, true, true, false),
            (Action::EditUnit("E2"), true, true, false, false),
            (Action::Verify, true, true, false, false),
            (Action::Import, true, true, false, false),
            (Action::Freeze, true, true, false, false),
            (Action::EditDevelopment, true, true, false, false),
            (Action::ManageUsers, true, false, false, false),
        ];
        for (action, a, g, l, r) in table {
            assert_eq!(admin.may(action), a, "admin {action:?}");
            assert_eq!(group.may(action), g, "working group {action:?}");
            assert_eq!(lead.may(action), l, "unit lead {action:?}");
            assert_eq!(reader.may(action), r, "reader {action:?}");
        }
    }

    #[test]
    fn unit_codes_match_exactly() {
        let lead = actor(Role::Enhetsansvarig, &["E1"]);
        assert!(!lead.may(Action::EditUnit("E10")));
        assert!(!lead.may(Action::EditUnit("e1")));
        assert!(!lead.may(Action::EditUnit("")));
        assert!(!actor(Role::Enhetsansvarig, &[]).may_edit_any());
        assert!(lead.may_edit_any());
    }

    #[test]
    fn role_codes_round_trip_and_accept_swedish_letters() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code(" Läsare "), Some(Role::Lasare));
        assert_eq!(Role::from_code("ARBETSGRUPP"), Some(Role::Arbetsgrupp));
        assert_eq!(Role::from_code("superuser"), None);
    }

    #[test]
    fn roles_are_listed_least_privileged_first() {
        let actions = [
            Action::Read,
            Action::EditUnit("E1"),
            Action::EditUnit("E2"),
            Action::Verify,
            Action::Import,
            Action::Freeze,
            Action::ManageUsers,
        ];
        let allowed: Vec<usize> = Role::ALL
            .iter()
            .map(|&role| {
                actions
                    .iter()
                    .filter(|&&a| actor(role, &["E1"]).may(a))
                    .count()
            })
            .collect();
        assert!(allowed.windows(2).all(|w| w[0] < w[1]), "{allowed:?}");
    }
}
