//! Imports that run in the background: an upload is checked (a preview) or committed on a
//! blocking thread while its progress is watched; the outcome is recorded whatever happens.
//! Started by the upload route and by the confirm server function alike. On PostgreSQL the
//! progress goes to the database about once a second, so every instance shows it, and it is the
//! step's sign of life: a step no instance has written for a minute was cut off
//! (`history::fail_silent`).

use std::sync::Arc;

use readiness_rules::ImportKind;
use readiness_store::import::history::{self, Upload, UploadOutcome, UploadState};
use readiness_store::import::{ImportError, ImportRequest, Progress, SheetFile, Via};

use crate::state::AppState;

/// The largest file the browser upload accepts.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// What a background step needs of an upload (its bytes are read by the step itself).
pub struct Job {
    pub id: i64,
    pub file_name: String,
    pub kind: Option<ImportKind>,
    pub sheet: Option<String>,
}

impl From<&Upload> for Job {
    fn from(upload: &Upload) -> Job {
        Job {
            id: upload.id,
            file_name: upload.file_name.clone(),
            kind: upload.kind,
            sheet: upload.sheet.clone(),
        }
    }
}

/// Checks (`expected` = `None`: preview) or commits (the preview's fingerprint) an upload in
/// the background. Polars and validation are CPU work: they run on a blocking thread, so
/// requests keep being served.
pub fn start(state: &AppState, job: Job, user_id: i64, expected: Option<String>) {
    let progress = Arc::new(Progress::default());
    if let Ok(mut jobs) = state.import_jobs.lock() {
        jobs.insert(job.id, progress.clone());
    }
    let state = state.clone();
    let Job {
        id,
        file_name: name,
        kind,
        sheet,
    } = job;
    let runtime = tokio::runtime::Handle::current();
    let pool = state.pool.clone();
    let shared = history::progress_is_shared(&pool);
    let heartbeat = {
        let (pool, progress) = (pool.clone(), progress.clone());
        tokio::spawn(async move {
            if !shared {
                return;
            }
            let mut every = tokio::time::interval(std::time::Duration::from_secs(1));
            loop {
                every.tick().await;
                if let Err(e) = history::record_progress(&pool, id, progress.snapshot()).await {
                    tracing::warn!(error = %e, upload = id, "recording an import's progress failed");
                }
            }
        })
    };
    let check = tokio::task::spawn_blocking(move || {
        runtime.block_on(async move {
            let bytes = history::upload_bytes(&pool, id)
                .await
                .map_err(ImportError::Store)?;
            let request = ImportRequest {
                kind,
                file: SheetFile {
                    name: &name,
                    bytes: &bytes,
                    sheet: sheet.as_deref(),
                },
                dry_run: expected.is_none(),
                expected_fingerprint: expected.as_deref(),
                user_id: Some(user_id),
                via: Via::Web,
            };
            readiness_store::import::run(&pool, &request, &progress).await
        })
    });
    // The outcome is recorded outside the step, so even a step that panics ends as
    // "failed" with a message, never as "checking" for ever.
    tokio::spawn(async move {
        let finished = check.await;
        heartbeat.abort();
        let (next, outcome) = match finished {
            Ok(Ok(summary)) if summary.dry_run => {
                (UploadState::Previewed, UploadOutcome::Summary(summary))
            }
            Ok(Ok(summary)) => (UploadState::Imported, UploadOutcome::Summary(summary)),
            Ok(Err(ImportError::Invalid(issues))) => {
                (UploadState::Invalid, UploadOutcome::Problems(issues))
            }
            Ok(Err(ImportError::Stale(summary))) => {
                (UploadState::Stale, UploadOutcome::Summary(*summary))
            }
            Ok(Err(ImportError::Store(e))) => {
                tracing::error!(error = %e, upload = id, "import failed");
                (UploadState::Failed, UploadOutcome::Failed)
            }
            Err(e) => {
                tracing::error!(error = %e, upload = id, "import step panicked");
                (UploadState::Failed, UploadOutcome::Failed)
            }
        };
        if let Err(e) = history::finish_step(&state.pool, id, next, &outcome).await {
            tracing::error!(error = %e, upload = id, "recording an import step failed");
        }
        if let Ok(mut jobs) = state.import_jobs.lock() {
            jobs.remove(&id);
        }
    });
}
