//! Helpers the store's integration tests share (and the server's, which include this file): a
//! real SQLite file in a temporary folder, the fixtures, the real import pipeline.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use readiness_store::Pool;
use readiness_store::import::{ImportKind, ImportSummary, import};
use sqlx::Connection;

/// The store crate's folder, from its own tests or from the server's (which include this file).
fn store_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if manifest.join("tests/fixtures").is_dir() {
        manifest.to_path_buf()
    } else {
        manifest.join("../app/store")
    }
}

/// A file of `app/store/tests/fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    store_dir().join("tests/fixtures").join(path)
}

/// The committed sample data, `data/sample/`.
pub fn sample_dir() -> PathBuf {
    store_dir().join("../../data/sample")
}

/// The PostgreSQL server the suite runs against instead of SQLite files, when set: a URL of a
/// role that may create databases (`.ci/test` sets it for the suite's second run).
pub const POSTGRES_ENV: &str = "READINESS_TEST_POSTGRES";

/// A database of its own for one test, with migrations applied: a SQLite file in a temporary
/// folder, or (with [`POSTGRES_ENV`] set) a new PostgreSQL database, dropped when the test ends.
pub struct StoreDb {
    pub dir: tempfile::TempDir,
    pub pool: Pool,
    /// What `--database` takes to reach the same database.
    pub url: String,
    /// PostgreSQL: (the server's URL, this test's database) to drop at the end.
    postgres: Option<(String, String)>,
}

impl StoreDb {
    pub async fn new() -> StoreDb {
        let dir = tempfile::tempdir().unwrap();
        let (url, postgres) = match std::env::var(POSTGRES_ENV) {
            Ok(server) if !server.is_empty() => {
                let name = create_postgres_database(&server).await;
                (with_database(&server, &name), Some((server, name)))
            }
            _ => (
                dir.path().join("test.db").to_str().unwrap().to_string(),
                None,
            ),
        };
        let pool = readiness_store::open(&url).await.unwrap();
        StoreDb {
            dir,
            pool,
            url,
            postgres,
        }
    }

    /// Whether this database is PostgreSQL's (a test of something only SQLite has, such as the
    /// file's mode, asks this).
    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// The SQLite file (SQLite only).
    pub fn path(&self) -> PathBuf {
        assert!(!self.is_postgres(), "a PostgreSQL database has no file");
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

    /// Imports `bytes` (a CSV) as `kind`, panicking on any error.
    pub async fn import_file_bytes(&self, kind: ImportKind, bytes: &[u8]) -> ImportSummary {
        import(&self.pool, kind, "test.csv", bytes, false)
            .await
            .unwrap_or_else(|e| panic!("{kind}: {e:?}"))
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
        let tables: [(&str, &str); 17] = [
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
            ("development_areas", "id, code, name, goal, owner, position"),
            ("development_area_criteria", "area_id, criterion_id"),
            ("development_actions", "id, area_id, code"),
            (
                "development_action_versions",
                "id, action_id, title, responsible, scope, due, status, recorded_at, recorded_by, source",
            ),
            (
                "development_action_notes",
                "id, action_id, noted_on, note, recorded_at, recorded_by, source",
            ),
            (
                "system_questions",
                "id, code, evaluation_id, area, origin, question, body, due, position",
            ),
            ("system_question_criteria", "question_id, criterion_id"),
            (
                "system_answers",
                "id, question_id, answer, evidence, responsible, status, recorded_at, recorded_by, source",
            ),
            (
                "system_comments",
                "id, question_id, comment, recorded_at, recorded_by, source",
            ),
            (
                "unit_follow_ups",
                "id, unit_id, year, decision, decided_on, reference, assessment, recorded_at, source",
            ),
            (
                "designation_periods",
                "id, unit_id, starts_on, ends_on, decision, recorded_at, source",
            ),
        ];
        let mut out = String::new();
        for (table, columns) in tables {
            let quoted = columns
                .split(", ")
                .map(|c| format!("COALESCE('''' || CAST({c} AS TEXT) || '''', 'NULL')"))
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
}

/// (unit, criterion, measured, value, comment, evidence) of every current value, sorted.
pub async fn current_values(db: &StoreDb) -> Vec<(String, String, String, String, String, String)> {
    sqlx::query_as(
        "SELECT u.code, c.code, v.measured, v.value, v.comment, v.evidence FROM unit_values v \
         JOIN units u ON u.id = v.unit_id JOIN criteria c ON c.id = v.criterion_id \
         WHERE v.id = (SELECT MAX(x.id) FROM unit_values x WHERE x.unit_id = v.unit_id \
         AND x.criterion_id = v.criterion_id AND x.measured = v.measured) \
         ORDER BY 1, 2, 3",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

pub async fn value_of(
    db: &StoreDb,
    unit: &str,
    criterion: &str,
    measured: &str,
) -> (String, String, String) {
    current_values(db)
        .await
        .into_iter()
        .find(|v| v.0 == unit && v.1 == criterion && v.2 == measured)
        .map(|v| (v.3, v.4, v.5))
        .unwrap_or_else(|| panic!("no value {unit} {criterion} {measured}"))
}

/// `server` (a PostgreSQL URL) with its database replaced by `name`.
pub fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server, String::new()),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    format!("{base}/{name}{query}")
}

/// A new, empty database on the PostgreSQL server, named uniquely for this test.
async fn create_postgres_database(server: &str) -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "readiness_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(server).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.unwrap();
    name
}

impl Drop for StoreDb {
    fn drop(&mut self) {
        let Some((server, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on: a thread of its own
        // with a runtime of its own removes the database (FORCE ends this test's connections).
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                if let Ok(mut admin) = sqlx::AnyConnection::connect(&server).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await;
                }
            });
        })
        .join();
    }
}

/// Every row of every data table (`move_data::TABLES`, less those in `leave_out`), as text in
/// one form for both backends: equal texts mean equal data, also across SQLite and PostgreSQL.
pub async fn all_rows(pool: &Pool, leave_out: &[&str]) -> String {
    use sqlx::any::AnyTypeInfoKind;
    use sqlx::{Row, ValueRef};
    let mut out = String::new();
    for table in readiness_store::move_data::TABLES {
        if leave_out.contains(&table) {
            continue;
        }
        let rows = sqlx::query(&format!("SELECT * FROM {table}"))
            .fetch_all(pool)
            .await
            .unwrap();
        let mut texts: Vec<String> = rows
            .iter()
            .map(|row| {
                let mut cells = Vec::new();
                for (i, column) in row.columns().iter().enumerate() {
                    let raw = row.try_get_raw(i).unwrap();
                    let cell = if raw.is_null() {
                        "NULL".to_string()
                    } else {
                        match raw.type_info().kind() {
                            AnyTypeInfoKind::Real | AnyTypeInfoKind::Double => {
                                row.get::<f64, _>(i).to_string()
                            }
                            AnyTypeInfoKind::Text => format!("{:?}", row.get::<String, _>(i)),
                            AnyTypeInfoKind::Blob => {
                                // Its length and an FNV-1a hash stand for the bytes.
                                let bytes = row.get::<Vec<u8>, _>(i);
                                let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                                    (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
                                });
                                format!("{} bytes {hash:x}", bytes.len())
                            }
                            _ => row.get::<i64, _>(i).to_string(),
                        }
                    };
                    cells.push(format!("{}={cell}", sqlx::Column::name(column)));
                }
                cells.sort();
                cells.join(",")
            })
            .collect();
        texts.sort();
        out.push_str(&format!(
            "{table} ({}): {}\n",
            texts.len(),
            texts.join(" | ")
        ));
    }
    out
}
