//! Files over HTTP: the import upload (`POST /importera/ladda-upp`) and the downloads under
//! `/export/…` (matrix, values, one unit, templates). Both need a signed-in user (the guard has
//! put it in the request); uploading also needs the right to import.

use app::error::AppError;
use app::import_jobs::MAX_UPLOAD_BYTES;
use app::state::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use axum::{Extension, Router};
use readiness_rules::{Action, MatrixFilter};
use readiness_store::Pool;
use readiness_store::accounts::User;
use readiness_store::export::{self, ExportError, FileFormat, MatrixRequest};
use readiness_store::import::ImportKind;
use readiness_store::import::history;
use serde::Deserialize;

/// Where files are uploaded for import: its body is read (and bounded) by the handler itself.
pub const UPLOAD_PATH: &str = "/importera/ladda-upp";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            UPLOAD_PATH,
            // The size is checked while reading (below), so a too-large file gets a clear
            // message instead of axum's bare 413.
            post(upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/export/matris", get(matrix))
        .route("/export/varden", get(values))
        .route("/export/kriterier", get(criteria))
        .route("/export/enhet/{code}", get(unit))
        .route("/export/mall", get(template))
        .route("/export/rapport", get(status_report))
        .route("/export/utveckling", get(development))
        // The system level's questions and answers, the units' yearly follow-ups (those decided
        // by the date) and their designation periods (whether each covers the date), each in
        // its import's columns.
        .route(
            "/export/systemniva",
            dated_table("systemniva", |pool, as_of, format, lang| async move {
                export::system_level_table(&pool, as_of, format, lang).await
            }),
        )
        .route(
            "/export/uppfoljning",
            dated_table("uppfoljning", |pool, as_of, format, lang| async move {
                export::unit_follow_ups(&pool, as_of, format, lang).await
            }),
        )
        .route(
            "/export/usv-perioder",
            dated_table("usv-perioder", |pool, as_of, format, lang| async move {
                export::designations(&pool, as_of, format, lang).await
            }),
        )
}

/// A form field other than the file: a kind code or a sheet name.
const MAX_FIELD_BYTES: usize = 1024;
/// Parts of the upload form that are not ours, skipped before the request is refused.
const MAX_FORM_PARTS: usize = 8;

/// Reads a small text field, refusing it once it passes `MAX_FIELD_BYTES` or is not UTF-8.
pub(crate) async fn small_text(
    field: &mut axum::extract::multipart::Field<'_>,
) -> Result<String, String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| e.to_string())? {
        if bytes.len() + chunk.len() > MAX_FIELD_BYTES {
            return Err(format!("form field over {MAX_FIELD_BYTES} bytes"));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| "form field is not UTF-8".to_string())
}

/// A file field as read: its bytes, or too large (and then read to its end, up to ten times the
/// limit, so the browser gets the answer rather than a reset connection).
pub(crate) enum FileField {
    Read(Vec<u8>),
    TooLarge,
}

/// Reads a file field in chunks, keeping at most `max` bytes.
pub(crate) async fn file_bytes(
    field: &mut axum::extract::multipart::Field<'_>,
    max: usize,
) -> Result<FileField, axum::extract::multipart::MultipartError> {
    let mut bytes = Vec::new();
    let mut drained = 0usize;
    let mut too_large = false;
    while let Some(chunk) = field.chunk().await? {
        if too_large {
            drained += chunk.len();
            if drained > 10 * max {
                break;
            }
        } else if bytes.len() + chunk.len() > max {
            too_large = true;
            bytes = Vec::new();
        } else {
            bytes.extend_from_slice(&chunk);
        }
    }
    Ok(if too_large {
        FileField::TooLarge
    } else {
        FileField::Read(bytes)
    })
}

/// Where the upload form sends the user after an error: the import page names the problem.
fn back_with(error: &str) -> Response {
    Redirect::to(&format!("/importera?fel={error}")).into_response()
}

/// Reads the form: `fil` (the file), `typ` (kind code or `auto`), `blad` (sheet). The file is
/// read in chunks and refused once it passes the limit; the rest of the body is drained (up to
/// a bound) so the browser sees the answer rather than a reset connection.
async fn upload(
    State(state): State<AppState>,
    Extension(user): Extension<User>,
    mut form: Multipart,
) -> Response {
    if !user.actor().may(Action::Import) {
        return AppError::Forbidden.into_response();
    }
    let (mut file_name, mut bytes, mut kind, mut sheet) = (None, Vec::new(), None, None);
    let mut unknown_parts = 0usize;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                tracing::warn!(error = %e, "reading an upload failed");
                return back_with("las");
            }
        };
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "fil" => {
                file_name = field.file_name().map(str::to_string);
                match file_bytes(&mut field, MAX_UPLOAD_BYTES).await {
                    Ok(FileField::Read(read)) => bytes = read,
                    Ok(FileField::TooLarge) => return back_with("for_stor"),
                    Err(e) => {
                        tracing::warn!(error = %e, "reading an upload failed");
                        return back_with("las");
                    }
                }
            }
            "typ" | "blad" => match small_text(&mut field).await {
                Ok(value) if name == "typ" => kind = Some(value),
                Ok(value) => sheet = Some(value).filter(|s| !s.trim().is_empty()),
                Err(error) => {
                    tracing::warn!(%error, "reading an upload's form field failed");
                    return back_with("las");
                }
            },
            // Unknown parts are skipped, but not without bound.
            _ => {
                unknown_parts += 1;
                if unknown_parts > MAX_FORM_PARTS {
                    return back_with("las");
                }
                if let Err(error) = small_text(&mut field).await {
                    tracing::warn!(%error, "an upload's unknown form field was refused");
                    return back_with("las");
                }
            }
        }
    }
    let file_name = match file_name.filter(|n| !n.is_empty()) {
        Some(name) if !bytes.is_empty() => name,
        _ => return back_with("ingen_fil"),
    };
    let kind = match kind.as_deref() {
        None | Some("") | Some("auto") => None,
        Some(code) => match ImportKind::from_code(code) {
            Some(kind) => Some(kind),
            None => return back_with("typ"),
        },
    };
    let saved = history::save_upload(
        &state.pool,
        user.id,
        &file_name,
        kind,
        sheet.as_deref(),
        &bytes,
    )
    .await;
    let (id, token) = match saved {
        Ok(saved) => saved,
        Err(e) => {
            tracing::error!(error = %e, "storing an upload failed");
            return back_with("las");
        }
    };
    let job = app::import_jobs::Job {
        id,
        file_name,
        kind,
        sheet,
    };
    app::import_jobs::start(&state, job, user.id, None);
    Redirect::to(&format!("/importera/{token}")).into_response()
}

fn download(format: FileFormat, file_name: &str, bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    attachment(
        response.headers_mut(),
        HeaderValue::from_static(format.content_type()),
        file_name,
    );
    response
}

/// Headers that make an answer a download: its type, `attachment` with the name (an ASCII
/// fallback, and the real name percent-encoded per RFC 6266/5987), never stored, never sniffed.
pub(crate) fn attachment(headers: &mut HeaderMap, content_type: HeaderValue, file_name: &str) {
    headers.insert(header::CONTENT_TYPE, content_type);
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_. ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        readiness_rules::encode_query(file_name)
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

fn failed(e: ExportError) -> Response {
    match e {
        ExportError::NotFound(what) => AppError::NotFound(what).into_response(),
        other => AppError::internal(other).into_response(),
    }
}

fn format_of(raw: Option<&str>) -> Result<FileFormat, Box<Response>> {
    FileFormat::from_code(raw.unwrap_or("xlsx")).ok_or_else(|| {
        AppError::invalid("Formatet är xlsx eller csv.", "The format is xlsx or csv.")
            .into_response()
            .into()
    })
}

/// Refusals are boxed: a `Response` is large and the happy path should not carry its size.
fn read_allowed(user: &User) -> Result<(), Box<Response>> {
    if user.actor().may(Action::Read) {
        Ok(())
    } else {
        Err(AppError::Forbidden.into_response().into())
    }
}

/// The matrix page's query parameters, so "export" gives what the page shows.
#[derive(Deserialize)]
struct MatrixQuery {
    format: Option<String>,
    utvardering: Option<String>,
    as_of: Option<String>,
    #[serde(default)]
    vardgivare: String,
    #[serde(default)]
    omrade: String,
    #[serde(default)]
    ljus: String,
    #[serde(default)]
    sok: String,
}

async fn matrix(
    State(state): State<AppState>,
    Extension(user): Extension<User>,
    headers: HeaderMap,
    Query(q): Query<MatrixQuery>,
) -> Response {
    if let Err(refused) = read_allowed(&user) {
        return *refused;
    }
    let format = match format_of(q.format.as_deref()) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let as_of = app::state::as_of_or_today(q.as_of.as_deref());
    let evaluation = match q.utvardering.filter(|e| !e.is_empty()) {
        Some(e) => Some(e),
        // CSV holds one evaluation: the first, as the matrix page shows by default.
        None if format == FileFormat::Csv => {
            match readiness_store::queries::list_evaluations(&state.pool).await {
                Ok(list) => list.into_iter().next().map(|e| e.code),
                Err(e) => return failed(e.into()),
            }
        }
        None => None,
    };
    let request = MatrixRequest {
        evaluation: evaluation.clone(),
        as_of,
        filter: MatrixFilter {
            provider: q.vardgivare,
            area: q.omrade,
            light: q.ljus,
            text: q.sok,
        },
        lang: app::i18n::lang_of_request(&headers),
    };
    match export::matrix(&state.pool, &request, format).await {
        Ok(bytes) => download(
            format,
            &format!(
                "matris-{}-{}.{}",
                evaluation.as_deref().unwrap_or("alla"),
                as_of,
                format.extension()
            ),
            bytes,
        ),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
struct ValuesQuery {
    format: Option<String>,
    utvardering: Option<String>,
}

/// Downloads in the import's own columns (edit in Excel, import back).
#[derive(Clone, Copy)]
enum ImportColumns {
    Values,
    Criteria,
}

async fn values(
    State(state): State<AppState>,
    Extension(user): Extension<User>,
    Query(q): Query<ValuesQuery>,
) -> Response {
    import_columns(&state, &user, q, ImportColumns::Values).await
}

async fn criteria(
    State(state): State<AppState>,
    Extension(user): Extension<User>,
    Query(q): Query<ValuesQuery>,
) -> Response {
    import_columns(&state, &user, q, ImportColumns::Criteria).await
}

async fn import_columns(
    state: &AppState,
    user: &User,
    q: ValuesQuery,
    which: ImportColumns,
) -> Response {
    if let Err(refused) = read_allowed(user) {
        return *refused;
    }
    let format = match format_of(q.format.as_deref()) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let evaluation = q.utvardering.filter(|e| !e.is_empty());
    let (result, name) = match which {
        ImportColumns::Values => (
            export::values(&state.pool, evaluation.as_deref(), format).await,
            "varden",
        ),
        ImportColumns::Criteria => (
            export::criteria(&state.pool, evaluation.as_deref(), format).await,
            "kriterier",
        ),
    };
    match result {
        Ok(bytes) => download(
            format,
            &format!(
                "{name}-{}-{}.{}",
                evaluation.as_deref().unwrap_or("alla"),
                app::state::today(),
                format.extension()
            ),
            bytes,
        ),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
struct AsOfQuery {
    as_of: Option<String>,
}

async fn unit(
    State(state): State<AppState>,
    Extension(user): Extension<User>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(q): Query<AsOfQuery>,
) -> Response {
    if let Err(refused) = read_allowed(&user) {
        return *refused;
    }
    let as_of = app::state::as_of_or_today(q.as_of.as_deref());
    match export::unit(
        &state.pool,
        &code,
        as_of,
        app::i18n::lang_of_request(&headers),
    )
    .await
    {
        Ok(bytes) => download(
            FileFormat::Xlsx,
            &format!("enhet-{code}-{as_of}.xlsx"),
            bytes,
        ),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
struct DevelopmentQuery {
    format: Option<String>,
    as_of: Option<String>,
    /// CSV: `omraden` or `atgarder` (the default).
    tabell: Option<String>,
}

/// The development areas and actions in the import's columns, followed up as of a date.
async fn development(
    State(state): State<AppState>,
    Extension(user): Extension<User>,
    headers: HeaderMap,
    Query(q): Query<DevelopmentQuery>,
) -> Response {
    if let Err(refused) = read_allowed(&user) {
        return *refused;
    }
    let format = match format_of(q.format.as_deref()) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let (table, name) = match q.tabell.as_deref().unwrap_or("atgarder") {
        "atgarder" => (export::DevelopmentTable::Actions, "utvecklingsatgarder"),
        "omraden" => (export::DevelopmentTable::Areas, "utvecklingsomraden"),
        _ => {
            return AppError::invalid(
                "Tabellen är omraden eller atgarder.",
                "The table is omraden or atgarder.",
            )
            .into_response();
        }
    };
    let name = if format == FileFormat::Xlsx {
        "utveckling"
    } else {
        name
    };
    let as_of = app::state::as_of_or_today(q.as_of.as_deref());
    match export::development(
        &state.pool,
        as_of,
        format,
        table,
        app::i18n::lang_of_request(&headers),
    )
    .await
    {
        Ok(bytes) => download(
            format,
            &format!("{name}-{as_of}.{}", format.extension()),
            bytes,
        ),
        Err(e) => failed(e),
    }
}

/// The route of a region-wide table that `make` writes from the database as of a date (see
/// [`dated_export`]).
fn dated_table<Make, Made>(name: &'static str, make: Make) -> MethodRouter<AppState>
where
    Make: Fn(Pool, chrono::NaiveDate, FileFormat, readiness_rules::Lang) -> Made
        + Clone
        + Send
        + Sync
        + 'static,
    Made: std::future::Future<Output = Result<Vec<u8>, ExportError>> + Send + 'static,
{
    get(
        move |State(state): State<AppState>,
              Extension(user): Extension<User>,
              headers: HeaderMap,
              Query(q): Query<ValuesQuery>,
              Query(date): Query<AsOfQuery>| async move {
            dated_export(
                &user,
                &headers,
                q.format.as_deref(),
                date.as_of.as_deref(),
                name,
                |as_of, format, lang| make(state.pool, as_of, format, lang),
            )
            .await
        },
    )
}

/// A region-wide table as of a date, in the reader's language: the read right, the format and
/// the date from the query, the file named `{name}-{date}.{ext}`.
async fn dated_export<Made>(
    user: &User,
    headers: &HeaderMap,
    format: Option<&str>,
    as_of: Option<&str>,
    name: &str,
    make: impl FnOnce(chrono::NaiveDate, FileFormat, readiness_rules::Lang) -> Made,
) -> Response
where
    Made: std::future::Future<Output = Result<Vec<u8>, ExportError>>,
{
    if let Err(refused) = read_allowed(user) {
        return *refused;
    }
    let format = match format_of(format) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let as_of = app::state::as_of_or_today(as_of);
    match make(as_of, format, app::i18n::lang_of_request(headers)).await {
        Ok(bytes) => download(
            format,
            &format!("{name}-{as_of}.{}", format.extension()),
            bytes,
        ),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
struct TemplateQuery {
    typ: String,
}

async fn template(
    State(state): State<AppState>,
    Extension(user): Extension<User>,
    Query(q): Query<TemplateQuery>,
) -> Response {
    if let Err(refused) = read_allowed(&user) {
        return *refused;
    }
    let Some(kind) = ImportKind::from_code(&q.typ) else {
        return AppError::not_found("Mallen finns inte.", "No such template.").into_response();
    };
    match export::template(&state.pool, kind).await {
        Ok(bytes) => download(
            FileFormat::Xlsx,
            &format!("mall-{}.xlsx", kind.code()),
            bytes,
        ),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
struct ReportQuery {
    as_of: Option<String>,
    jamfor: Option<String>,
}

/// The Lägesrapport's tables as an XLSX pack.
async fn status_report(
    State(state): State<AppState>,
    Extension(user): Extension<User>,
    headers: HeaderMap,
    Query(q): Query<ReportQuery>,
) -> Response {
    if let Err(refused) = read_allowed(&user) {
        return *refused;
    }
    let as_of = app::state::as_of_or_today(q.as_of.as_deref());
    let baseline = q.jamfor.filter(|b| !b.trim().is_empty());
    let report =
        match readiness_store::baselines::status_report(&state.pool, as_of, baseline.as_deref())
            .await
        {
            Ok(Some(report)) => report,
            Ok(None) => {
                return AppError::not_found("Baslinjen finns inte.", "No such baseline.")
                    .into_response();
            }
            Err(e) => return failed(e.into()),
        };
    match export::status_report_pack(&report, app::i18n::lang_of_request(&headers)) {
        Ok(bytes) => download(
            FileFormat::Xlsx,
            &format!("lagesrapport-{as_of}.xlsx"),
            bytes,
        ),
        Err(e) => failed(e),
    }
}
