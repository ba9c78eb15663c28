//! Spreadsheets out: the matrix, the values, the criteria and a unit's details (`tables`), the
//! Lägesrapport's tables (`status_report`), an XLSX template per import kind (`template`); all
//! written by `writer`. The other kinds' exports (development areas, system level, follow-ups,
//! designation periods) are in the import's columns, so a re-import changes nothing.
//!
//! XLSX cells are typed (dates as dates, numbers as numbers, text as text, so nothing can run as a
//! formula); CSV is `;`-separated UTF-8 with BOM and decimal comma, and a text cell that starts
//! like a formula (`= + - @`, tab, CR) gets a leading `'`, which the import removes again.

use chrono::NaiveDate;
use readiness_rules::{Lang, MatrixFilter, Text};
use rust_xlsxwriter::XlsxError;

use crate::StoreError;

mod designation;
mod development;
mod status_report;
mod system_level;
mod tables;
mod template;
mod unit_follow_up;
mod writer;

pub use designation::designations;
pub use development::{DevelopmentTable, development};
pub use status_report::status_report_pack;
pub use system_level::system_level_table;
pub use tables::{criteria, matrix, unit, values};
pub use template::template;
pub use unit_follow_up::unit_follow_ups;
pub use writer::guard_formula;

/// Every unit's name by code, for the name column beside a code.
async fn unit_names(
    pool: &crate::Pool,
) -> Result<std::collections::HashMap<String, String>, ExportError> {
    Ok(
        sqlx::query_as::<_, (String, String)>("SELECT code, name FROM units")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect(),
    )
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// What was asked for does not exist; says which, in both languages.
    #[error("{0}")]
    NotFound(Text),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("XLSX could not be written: {0}")]
    Xlsx(#[from] XlsxError),
}

impl From<sqlx::Error> for ExportError {
    fn from(e: sqlx::Error) -> Self {
        ExportError::Store(StoreError::Database(e))
    }
}

fn unknown_evaluation(code: &str) -> Text {
    Text::new(
        format!("Utvärderingen {code} finns inte."),
        format!("No evaluation has the code {code}."),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Xlsx,
    Csv,
}

impl FileFormat {
    pub fn from_code(code: &str) -> Option<FileFormat> {
        match code {
            "xlsx" => Some(FileFormat::Xlsx),
            "csv" => Some(FileFormat::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "xlsx",
            FileFormat::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// What a matrix export holds.
#[derive(Debug, Clone)]
pub struct MatrixRequest {
    /// `None`: every evaluation, a sheet each (XLSX only).
    pub evaluation: Option<String>,
    pub as_of: NaiveDate,
    pub filter: MatrixFilter,
    pub lang: Lang,
}
