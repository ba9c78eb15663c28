//! One module per page; each holds the server functions that page uses. Pages import
//! components, never each other.

pub mod accessibility;
pub mod alf;
pub mod baselines;
pub mod criterion;
pub mod development;
pub mod import;
pub mod login;
pub mod matrix;
pub mod overview;
pub mod projection;
pub mod report;
pub mod review;
pub mod system_level;
pub mod trends;
pub mod unit;
pub mod users;
