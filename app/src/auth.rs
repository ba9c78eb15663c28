//! The signed-in user as pages see it, and the server-side permission checks every server
//! function makes. The server's guard (see the `readiness` crate) has already put the user of
//! the request — session or API token — into the request's extensions.

use readiness_rules::{Actor, Role};
use serde::{Deserialize, Serialize};

/// Session key under which the signed-in user is stored.
pub const SESSION_USER: &str = "user";

/// What the session stores: the user and the generation of their password; a password change
/// bumps the generation, which ends every older session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i64,
    pub generation: i64,
}

/// The signed-in user, for the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub units: Vec<String>,
}

impl Me {
    pub fn actor(&self) -> Actor {
        Actor {
            role: self.role,
            units: self.units.clone(),
        }
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use leptos::prelude::*;
    use readiness_rules::Action;
    use readiness_store::accounts::User;

    use super::Me;
    use crate::error::AppError;

    /// The user of the current request, if signed in.
    pub fn current_user() -> Option<User> {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<User>().cloned())
    }

    pub fn me(user: &User) -> Me {
        Me {
            email: user.email.clone(),
            name: user.name.clone(),
            role: user.role,
            units: user.units.clone(),
        }
    }

    /// The user of this request if they may do `action`; otherwise 401 (not signed in) or 403.
    pub fn require(action: Action<'_>) -> Result<User, AppError> {
        let Some(user) = current_user() else {
            return Err(AppError::NotSignedIn);
        };
        if user.actor().may(action) {
            Ok(user)
        } else {
            tracing::warn!(email = %user.email, ?action, "refused");
            Err(AppError::Forbidden)
        }
    }
}
