//! Shared helpers for the integration tests: a real SQLite file in a temporary folder, the real
//! import pipeline and the real router.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use app::state::AppState;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use readiness_store::SqlitePool;
use readiness_store::import::{ImportKind, ImportSummary, import};
use tower::ServiceExt;

pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample")
}

pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub pool: SqlitePool,
}

impl TestDb {
    pub async fn new() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let pool = readiness_store::open(dir.path().join("test.db").to_str().unwrap())
            .await
            .unwrap();
        TestDb { dir, pool }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("test.db")
    }

    pub async fn import_file(
        &self,
        kind: ImportKind,
        path: &Path,
    ) -> Result<ImportSummary, readiness_store::import::ImportError> {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        import(&self.pool, kind, &name, &bytes, false).await
    }

    /// Imports the five files of a folder in order, panicking on any error.
    pub async fn import_dir(&self, dir: &Path) -> Vec<ImportSummary> {
        let mut out = Vec::new();
        for kind in ImportKind::ALL {
            let summary = self.import_file(kind, &dir.join(kind.file_name())).await;
            out.push(summary.unwrap_or_else(|e| panic!("{kind}: {e:?}")));
        }
        out
    }

    /// Every row of every table, as text: equal fingerprints mean nothing was written.
    pub async fn fingerprint(&self) -> String {
        let tables: [(&str, &str); 6] = [
            ("evaluations", "id, code, name, conducted_by, deadline"),
            (
                "criteria",
                "id, code, evaluation_id, area, origin, title, title_en, kind, green, amber, mandatory, requires_evidence, validity_months, description, position",
            ),
            ("units", "id, code, name, care_provider, manager, email"),
            (
                "unit_values",
                "id, unit_id, criterion_id, measured, value, comment, evidence, recorded_at, source",
            ),
            (
                "action_plans",
                "id, unit_id, criterion_id, action, owner, due, status, recorded_at, source",
            ),
            ("settings", "key, value"),
        ];
        let mut out = String::new();
        for (table, columns) in tables {
            let quoted = columns
                .split(", ")
                .map(|c| format!("quote({c})"))
                .collect::<Vec<_>>()
                .join(" || ',' || ");
            let rows: Vec<String> =
                sqlx::query_scalar(&format!("SELECT {quoted} FROM {table} ORDER BY 1"))
                    .fetch_all(&self.pool)
                    .await
                    .unwrap();
            out.push_str(&format!("{table}: {}\n", rows.join("\n")));
        }
        out
    }

    pub fn router(&self) -> axum::Router {
        let options = readiness_server::config::leptos_options(
            "127.0.0.1:0".parse().unwrap(),
            self.dir.path(),
        );
        readiness_server::app(AppState {
            pool: self.pool.clone(),
            leptos_options: options,
        })
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, String) {
        self.get_with(uri, None).await
    }

    pub async fn get_with(&self, uri: &str, cookie: Option<&str>) -> (StatusCode, String) {
        let mut request = Request::get(uri);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        // A hung render must fail the test with the address, not stall CI until its time limit.
        let exchange = async {
            let response = self
                .router()
                .oneshot(request.body(Body::empty()).unwrap())
                .await
                .unwrap();
            let status = response.status();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8_lossy(&bytes).to_string())
        };
        tokio::time::timeout(std::time::Duration::from_secs(30), exchange)
            .await
            .unwrap_or_else(|_| panic!("GET {uri} did not answer within 30 s"))
    }
}
