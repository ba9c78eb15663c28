//! Why an evidence file is refused: decided by the store, said by the unit page (after the
//! upload's redirect, by code), so both read the same words.

use crate::Text;

/// The largest evidence file taken.
pub const MAX_EVIDENCE_BYTES: usize = 10 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRefusal {
    Empty,
    TooLarge,
    NotADocument,
    UnknownUnitOrCriterion,
    BadDate,
}

impl FileRefusal {
    pub const ALL: [FileRefusal; 5] = [
        FileRefusal::Empty,
        FileRefusal::TooLarge,
        FileRefusal::NotADocument,
        FileRefusal::UnknownUnitOrCriterion,
        FileRefusal::BadDate,
    ];

    /// A short stable code for the page's query string.
    pub fn code(self) -> &'static str {
        match self {
            FileRefusal::Empty => "tom",
            FileRefusal::TooLarge => "for-stor",
            FileRefusal::NotADocument => "fel-typ",
            FileRefusal::UnknownUnitOrCriterion => "okand",
            FileRefusal::BadDate => "datum",
        }
    }

    pub fn from_code(code: &str) -> Option<FileRefusal> {
        FileRefusal::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn text(self) -> Text {
        match self {
            FileRefusal::Empty => Text::new("Filen är tom.", "The file is empty."),
            FileRefusal::TooLarge => Text::new(
                format!("Filen är större än {} MB.", MAX_EVIDENCE_BYTES >> 20),
                format!("The file is larger than {} MB.", MAX_EVIDENCE_BYTES >> 20),
            ),
            FileRefusal::NotADocument => Text::new(
                "Filen är inte en PDF, en bild (PNG, JPEG) eller en Office- eller OpenDocument-fil.",
                "The file is not a PDF, a picture (PNG, JPEG) or an Office or OpenDocument file.",
            ),
            FileRefusal::UnknownUnitOrCriterion => Text::new(
                "Okänd enhet eller okänt kriterium.",
                "Unknown unit or criterion.",
            ),
            FileRefusal::BadDate => Text::new(
                "Datumet saknas eller går inte att läsa (ÅÅÅÅ-MM-DD).",
                "The date is missing or unreadable (YYYY-MM-DD).",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_reads_back_from_its_code() {
        for r in FileRefusal::ALL {
            assert_eq!(FileRefusal::from_code(r.code()), Some(r));
        }
        assert_eq!(FileRefusal::from_code("sparat"), None);
    }
}
