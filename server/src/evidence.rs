//! Evidence files over HTTP: `POST /underlag/ladda-upp` attaches a document to a unit's criterion
//! (those who may report for the unit), `GET /underlag/{id}` downloads it (anyone signed in, as
//! every role reads every unit). A plain multipart form, so it works before the wasm has loaded;
//! the answer is a redirect back to the unit page, which says what happened.

use app::error::AppError;
use app::state::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use readiness_rules::Action;
use readiness_rules::FileRefusal;
use readiness_store::accounts::User;
use readiness_store::evidence::{self, EvidenceError, MAX_FILE_BYTES};

use crate::transfer::{FileField, attachment, file_bytes, small_text};

/// Where evidence is uploaded: its body is read (and bounded) by the handler itself.
pub const UPLOAD_PATH: &str = "/underlag/ladda-upp";

pub fn routes() -> Router<AppState> {
    Router::new()
        // The whole form is bounded: the file and a little for the fields and part headers.
        .route(
            UPLOAD_PATH,
            post(upload).layer(DefaultBodyLimit::max(MAX_FILE_BYTES + (64 << 10))),
        )
        .route("/underlag/{id}", get(download))
}

/// The form's fields besides the file.
#[derive(Default)]
struct Fields {
    unit: String,
    criterion: String,
    evaluation: String,
    effective: String,
}

/// Back to the unit page at the criterion, with what happened in the query.
fn back(fields: &Fields, outcome: &str) -> Response {
    let enc = readiness_rules::encode_query;
    Redirect::to(&format!(
        "/enhet/{}?utvardering={}&underlag={outcome}#{}",
        enc(&fields.unit),
        enc(&fields.evaluation),
        enc(&fields.criterion)
    ))
    .into_response()
}

async fn upload(
    State(state): State<AppState>,
    Extension(user): Extension<User>,
    mut form: Multipart,
) -> Response {
    let mut fields = Fields::default();
    let (mut file_name, mut bytes) = (String::new(), None);
    let mut parts = 0usize;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // Past the form's bound before its fields were read (a Content-Length too large
            // stops the reading at once): there is no unit page to go back to.
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return if fields.unit.is_empty() {
                    AppError::TooLarge.into_response()
                } else {
                    back(&fields, FileRefusal::TooLarge.code())
                };
            }
            Err(e) => {
                tracing::warn!(error = %e, "reading an evidence upload failed");
                return AppError::Unreadable.into_response();
            }
        };
        parts += 1;
        if parts > 8 {
            return AppError::Unreadable.into_response();
        }
        let name = field.name().unwrap_or("").to_string();
        if name == "fil" {
            // The form sends the unit first: who may attach is decided before the file is read,
            // and one file per form.
            if fields.unit.is_empty() || bytes.is_some() {
                return AppError::Unreadable.into_response();
            }
            if !user.actor().may(Action::EditUnit(&fields.unit)) {
                tracing::warn!(email = %user.email, unit = %fields.unit, "refused: evidence for a unit not theirs");
                return AppError::Forbidden.into_response();
            }
            file_name = field.file_name().unwrap_or("").to_string();
            match file_bytes(&mut field, MAX_FILE_BYTES).await {
                Ok(FileField::Read(read)) => bytes = Some(read),
                Ok(FileField::TooLarge) => return back(&fields, FileRefusal::TooLarge.code()),
                // The form's bound was passed while reading.
                Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                    return back(&fields, FileRefusal::TooLarge.code());
                }
                Err(e) => {
                    tracing::warn!(error = %e, "reading an evidence upload's file failed");
                    return AppError::Unreadable.into_response();
                }
            }
            continue;
        }
        let value = match small_text(&mut field).await {
            Ok(value) => value,
            Err(error) => {
                tracing::warn!(%error, "an evidence upload's form field was refused");
                return AppError::Unreadable.into_response();
            }
        };
        match name.as_str() {
            "enhet" => fields.unit = value.trim().to_string(),
            "kriterium" => fields.criterion = value.trim().to_string(),
            "utvardering" => fields.evaluation = value.trim().to_string(),
            "datum" => fields.effective = value,
            _ => {}
        }
    }
    // Checked again for a form without a file (nothing was read then).
    if !user.actor().may(Action::EditUnit(&fields.unit)) {
        return AppError::Forbidden.into_response();
    }
    let bytes = bytes.unwrap_or_default();
    match evidence::attach(
        &state.pool,
        &fields.unit,
        &fields.criterion,
        &fields.effective,
        &file_name,
        &bytes,
        user.id,
    )
    .await
    {
        Ok(id) => {
            tracing::info!(email = %user.email, unit = %fields.unit, criterion = %fields.criterion, id, "evidence attached");
            back(&fields, "sparat")
        }
        Err(EvidenceError::Store(e)) => {
            AppError::internal(format!("storing evidence failed: {e}")).into_response()
        }
        Err(EvidenceError::Refused(refusal)) => back(&fields, refusal.code()),
    }
}

/// `GET /underlag/{id}`: the file, as an attachment with its recognised type, never shown in the
/// page's origin as something it could run.
async fn download(
    State(state): State<AppState>,
    Extension(user): Extension<User>,
    Path(id): Path<String>,
) -> Response {
    if !user.actor().may(Action::Read) {
        return AppError::Forbidden.into_response();
    }
    let not_found = || AppError::not_found("Filen finns inte.", "No such file.").into_response();
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let (meta, bytes) = match evidence::file(&state.pool, id).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(e) => {
            return AppError::internal(format!("reading evidence failed: {e}")).into_response();
        }
    };
    let mut response = bytes.into_response();
    let content_type = HeaderValue::from_str(&meta.media_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    attachment(response.headers_mut(), content_type, &meta.file_name);
    response
}
