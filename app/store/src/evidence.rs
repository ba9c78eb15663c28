//! Evidence as files: documents a unit attaches to a criterion with the date they are evidence
//! for. The type is recognised from the content (the `infer` crate's magic numbers), never from
//! the name; only documents and pictures are taken, and at most [`MAX_FILE_BYTES`].

use crate::Pool;
use chrono::NaiveDate;
use readiness_rules::FileRefusal;
use sha2::{Digest, Sha256};

use crate::{StoreError, now_stamp};

pub use readiness_rules::MAX_EVIDENCE_BYTES as MAX_FILE_BYTES;
/// Longest file name kept (characters).
const MAX_NAME_CHARS: usize = 150;

/// What may be attached, recognised by content: PDF, PNG and JPEG pictures, Word, Excel and
/// PowerPoint (old and new), and OpenDocument text, spreadsheet and presentation. Not HTML, SVG
/// or anything else a browser would run.
const ALLOWED: [&str; 12] = [
    "application/pdf",
    "image/png",
    "image/jpeg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
];

#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    /// The file or the form is not acceptable; the person uploading is told why.
    #[error("{}", .0.text())]
    Refused(FileRefusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<FileRefusal> for EvidenceError {
    fn from(refusal: FileRefusal) -> Self {
        EvidenceError::Refused(refusal)
    }
}

/// The type of `bytes` if it is one that may be attached, with its usual file extension.
pub fn document_type(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    let kind = infer::get(bytes)?;
    if kind.mime_type() == "application/zip" {
        // Office files some programs write (LibreOffice, python-docx) are not recognised by
        // their first bytes: the parts inside say what they are.
        return office_zip(bytes);
    }
    ALLOWED
        .iter()
        .copied()
        .find(|allowed| *allowed == kind.mime_type())
        .map(|mime| (mime, kind.extension()))
}

/// A Word, Excel or PowerPoint file by the parts in its zip (the central directory only).
fn office_zip(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let has = |name: &str| archive.file_names_raw().any(|n| n == name.as_bytes());
    if !has("[Content_Types].xml") {
        return None;
    }
    [
        ("word/document.xml", ALLOWED[3], "docx"),
        ("xl/workbook.xml", ALLOWED[4], "xlsx"),
        ("ppt/presentation.xml", ALLOWED[5], "pptx"),
    ]
    .into_iter()
    .find(|(part, _, _)| has(part))
    .map(|(_, mime, extension)| (mime, extension))
}

/// Characters that change how a name reads without being seen: direction overrides (which make
/// `intyg\u{202E}fdp.exe` read as `intygexe.pdf`), zero-width ones.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

/// The name as shown and sent back: no folders, no invisible characters, bounded, and the
/// extension of the type the content is — `intyg.html` holding a PDF is kept as `intyg.pdf`, so
/// opening the download never runs it as something else.
pub fn clean_name(raw: &str, extension: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let base: String = base.chars().filter(|c| !invisible(*c)).collect();
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => base.as_str(),
    };
    let stem: String = stem
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    let stem = if stem.trim().is_empty() {
        "underlag".to_string()
    } else {
        stem
    };
    format!("{}.{extension}", stem.trim_end())
}

/// A file attached to a unit's criterion, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EvidenceFile {
    pub id: i64,
    pub unit: String,
    pub criterion: String,
    pub effective: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// Attaches `bytes` to `unit`'s `criterion` as evidence for `effective`; returns its id.
pub async fn attach(
    pool: &Pool,
    unit: &str,
    criterion: &str,
    effective: &str,
    file_name: &str,
    bytes: &[u8],
    user_id: i64,
) -> Result<i64, EvidenceError> {
    if bytes.is_empty() {
        return Err(FileRefusal::Empty.into());
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileRefusal::TooLarge.into());
    }
    let effective = NaiveDate::parse_from_str(effective.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
        .ok_or(EvidenceError::Refused(FileRefusal::BadDate))?;
    let (media_type, extension) =
        document_type(bytes).ok_or(EvidenceError::Refused(FileRefusal::NotADocument))?;
    let ids: Option<(i64, i64)> = sqlx::query_as(
        "SELECT u.id, c.id FROM units u, criteria c WHERE u.code = $1 AND c.code = $2",
    )
    .bind(unit)
    .bind(criterion)
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from)?;
    let (unit_id, criterion_id) =
        ids.ok_or(EvidenceError::Refused(FileRefusal::UnknownUnitOrCriterion))?;
    let sha256: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO evidence_files (unit_id, criterion_id, effective, file_name, media_type, \
         size, sha256, content, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(unit_id)
    .bind(criterion_id)
    .bind(effective.format("%Y-%m-%d").to_string())
    .bind(clean_name(file_name, extension))
    .bind(media_type)
    .bind(bytes.len() as i64)
    .bind(sha256)
    .bind(bytes)
    .bind(user_id)
    .bind(now_stamp())
    .fetch_one(pool)
    .await
    .map_err(StoreError::from)?;
    Ok(id)
}

const FILE_SELECT: &str = "SELECT f.id, u.code AS unit, c.code AS criterion, f.effective, \
     f.file_name, f.media_type, f.size, f.sha256, COALESCE(w.email, '') AS uploaded_by, \
     f.uploaded_at FROM evidence_files f JOIN units u ON u.id = f.unit_id \
     JOIN criteria c ON c.id = f.criterion_id LEFT JOIN users w ON w.id = f.uploaded_by";

/// Every file of a unit, per criterion, newest evidence first.
pub async fn of_unit(pool: &Pool, unit: &str) -> Result<Vec<EvidenceFile>, StoreError> {
    Ok(sqlx::query_as::<_, EvidenceFile>(&format!(
        "{FILE_SELECT} WHERE u.code = $1 ORDER BY c.code, f.effective DESC, f.id DESC"
    ))
    .bind(unit)
    .fetch_all(pool)
    .await?)
}

/// One file and its bytes.
pub async fn file(pool: &Pool, id: i64) -> Result<Option<(EvidenceFile, Vec<u8>)>, StoreError> {
    let Some(meta) = sqlx::query_as::<_, EvidenceFile>(&format!("{FILE_SELECT} WHERE f.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let bytes: Vec<u8> = sqlx::query_scalar("SELECT content FROM evidence_files WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    Ok(Some((meta, bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_folders_and_hidden_characters_and_take_the_contents_extension() {
        for (raw, extension, clean) in [
            ("intyg.pdf", "pdf", "intyg.pdf"),
            (
                "C:\\Users\\anna\\Handledarutbildning.pdf",
                "pdf",
                "Handledarutbildning.pdf",
            ),
            ("../../etc/passwd", "pdf", "passwd.pdf"),
            (
                "rapport\r\nSet-Cookie: x.pdf",
                "pdf",
                "rapportSet-Cookie: x.pdf",
            ),
            // A PDF named .html (a polyglot) downloads as .pdf.
            ("intyg.html", "pdf", "intyg.pdf"),
            ("intyg\u{202E}fdp.exe", "pdf", "intygfdp.pdf"),
            ("bild.jpeg.exe", "png", "bild.jpeg.png"),
            ("", "pdf", "underlag.pdf"),
            ("..", "pdf", "underlag.pdf"),
            (".htaccess", "pdf", "underlag.pdf"),
            ("utan punkt", "docx", "utan punkt.docx"),
        ] {
            assert_eq!(clean_name(raw, extension), clean, "{raw:?}");
        }
        assert_eq!(
            clean_name(&"å".repeat(400), "pdf").chars().count(),
            MAX_NAME_CHARS + 4
        );
    }

    #[test]
    fn only_documents_and_pictures_are_taken_by_their_content() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
        let jpeg = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0";
        assert_eq!(document_type(pdf), Some(("application/pdf", "pdf")));
        assert_eq!(document_type(png), Some(("image/png", "png")));
        assert_eq!(document_type(jpeg), Some(("image/jpeg", "jpg")));
        // A Word file whose first entry is not the one infer looks for: read by its parts.
        let docx = {
            use std::io::Write;
            let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default();
            for (name, body) in [
                ("mimetype-free/readme.txt", "x"),
                ("[Content_Types].xml", "<Types/>"),
                ("word/document.xml", "<w:document/>"),
            ] {
                out.start_file(name, options).unwrap();
                out.write_all(body.as_bytes()).unwrap();
            }
            out.finish().unwrap().into_inner()
        };
        assert_eq!(
            document_type(&docx),
            Some((
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "docx"
            ))
        );
        for (what, bytes) in [
            (
                "HTML named .pdf",
                &b"<html><script>alert(1)</script></html>"[..],
            ),
            (
                "SVG",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>",
            ),
            ("a program", b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0"),
            ("an ELF program", b"\x7FELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"),
            ("plain text", b"just some words"),
            ("a zip that is no office file", b"PK\x03\x04\x14\0\0\0\0\0"),
        ] {
            assert_eq!(document_type(bytes), None, "{what}");
        }
    }
}
