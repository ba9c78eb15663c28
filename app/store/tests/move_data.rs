//! `move_data::copy_all`: a whole installation copied into an empty database, row for row,
//! across backends (SQLite to PostgreSQL and back when the suite has a PostgreSQL server), and a
//! target that holds data refused with nothing written.

mod support;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use readiness_rules::Role;
use readiness_store::move_data::{MoveError, NOT_COPIED, TABLES, copy_all};
use readiness_store::{Backend, Pool};
use support::{StoreDb, all_rows, sample_dir};

/// A database with something in every kind of table: the sample data, people, a report and its
/// review, a plan, a baseline, an evidence file, a session.
async fn filled() -> StoreDb {
    let db = StoreDb::new().await;
    db.import_dir(&sample_dir()).await;
    let pool = &db.pool;
    let group = readiness_store::accounts::create_user(
        pool,
        "grupp@exempel.se",
        "Grupp",
        Role::Arbetsgrupp,
        "ett-långt-lösenord",
        &[],
    )
    .await
    .unwrap();
    readiness_store::accounts::create_user(
        pool,
        "lead@exempel.se",
        "",
        Role::Enhetsansvarig,
        "ett-annat-lösenord",
        &["E001".to_string(), "E002".to_string()],
    )
    .await
    .unwrap();
    readiness_store::accounts::create_token(pool, "grupp@exempel.se", "rapport")
        .await
        .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let criterion = first_criterion(pool).await;
    let based_on = readiness_store::reports::latest_value(pool, "E001", &criterion)
        .await
        .unwrap()
        .map_or(0, |v| v.id);
    let reported = readiness_store::reports::report_value(
        pool,
        group,
        &readiness_store::reports::ValueInput {
            unit: "E001".into(),
            criterion: criterion.clone(),
            measured: "2026-11-30".into(),
            value: "ja".into(),
            comment: "rapporterad i webben".into(),
            evidence: String::new(),
            based_on,
        },
        today,
    )
    .await;
    assert!(
        reported.is_ok()
            || matches!(
                reported,
                Err(readiness_store::reports::ReportError::Invalid(_))
            )
    );
    readiness_store::baselines::freeze(pool, "Utgångsläge", today, Some(group))
        .await
        .unwrap();
    sqlx::query("INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3)")
        .bind("a-hashed-session-id")
        .bind("{}")
        .bind(4_102_444_800_i64)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO evidence_files (unit_id, criterion_id, effective, file_name, media_type, \
         size, sha256, content, uploaded_by, uploaded_at) \
         SELECT u.id, c.id, '2026-10-01', 'intyg.pdf', 'application/pdf', 4, 'x', $1, $2, \
         '2026-10-01T08:00:00.000Z' FROM units u, criteria c WHERE u.code = 'E001' AND c.code = $3",
    )
    .bind(vec![0x25_u8, 0x50, 0x44, 0x46])
    .bind(group)
    .bind(&criterion)
    .execute(pool)
    .await
    .unwrap();
    db
}

async fn first_criterion(pool: &Pool) -> String {
    sqlx::query_scalar("SELECT code FROM criteria ORDER BY id LIMIT 1")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// A SQLite file in `dir`, migrated.
async fn sqlite_in(dir: &tempfile::TempDir, name: &str) -> Pool {
    readiness_store::open(dir.path().join(name).to_str().unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_installation_moves_whole_and_goes_on_from_its_ids() {
    let source = filled().await;
    let before = all_rows(&source.pool, &[]).await;
    for table in TABLES {
        assert!(
            before.contains(&format!("{table} (")),
            "{table} is not listed"
        );
    }
    // Into an empty database of the suite's backend (PostgreSQL in CI's second run).
    let target = StoreDb::new().await;
    let moved = copy_all(&source.pool, &target.pool).await.unwrap();
    assert_eq!(moved.len(), TABLES.len());
    assert!(
        moved.iter().any(|(t, n)| t == "unit_values" && *n > 1000),
        "{moved:?}"
    );
    assert_eq!(all_rows(&target.pool, &[]).await, before);
    assert_eq!(
        all_rows(&source.pool, &[]).await,
        before,
        "the source is left as it was"
    );

    // And back into a SQLite file (a backup of a PostgreSQL installation is one).
    let dir = tempfile::tempdir().unwrap();
    let back = sqlite_in(&dir, "tillbaka.db").await;
    copy_all(&target.pool, &back).await.unwrap();
    assert_eq!(all_rows(&back, &[]).await, before);

    // Its lights are those of the source.
    let day = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    for evaluation in readiness_store::queries::list_evaluations(&source.pool)
        .await
        .unwrap()
    {
        let lights = |pool: Pool| {
            let code = evaluation.code.clone();
            async move {
                let dataset = readiness_store::queries::load_dataset_uncached(&pool, &code, false)
                    .await
                    .unwrap()
                    .unwrap();
                let board = dataset.board(day);
                format!("{board:?}")
            }
        };
        let same = lights(source.pool.clone()).await == lights(target.pool.clone()).await;
        assert!(same, "{}: the moved lights differ", evaluation.code);
    }

    // The moved installation makes new rows after the moved ones (PostgreSQL's sequences were
    // moved past them).
    let newest: i64 = sqlx::query_scalar("SELECT MAX(id) FROM unit_values")
        .fetch_one(&target.pool)
        .await
        .unwrap();
    let group: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'grupp@exempel.se'")
        .fetch_one(&target.pool)
        .await
        .unwrap();
    let criterion = first_criterion(&target.pool).await;
    let latest = readiness_store::reports::latest_value(&target.pool, "E002", &criterion)
        .await
        .unwrap();
    let added = readiness_store::reports::report_value(
        &target.pool,
        group,
        &readiness_store::reports::ValueInput {
            unit: "E002".into(),
            criterion,
            measured: "2026-11-30".into(),
            value: latest.as_ref().map_or("ja".into(), |v| v.fields[1].clone()),
            comment: "efter flytten".into(),
            evidence: String::new(),
            based_on: latest.map_or(0, |v| v.id),
        },
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
    )
    .await
    .unwrap();
    assert!(added > newest, "{added} after {newest}");
}

#[tokio::test]
async fn a_target_that_holds_data_is_refused_and_left_alone() {
    let source = filled().await;
    let target = StoreDb::new().await;
    target
        .import_file_bytes(
            readiness_store::import::ImportKind::Evaluations,
            b"kod;namn;genomfors_av;datum\nX;Annan;;2030-01-01\n",
        )
        .await;
    let before = all_rows(&target.pool, &[]).await;
    match copy_all(&source.pool, &target.pool).await {
        Err(e @ MoveError::TargetNotEmpty(_)) => {
            let text = e.text();
            assert!(text.sv.contains("evaluations"), "{}", text.sv);
            assert!(text.en.contains("not empty"), "{}", text.en);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(all_rows(&target.pool, &[]).await, before);
}

/// `TABLES` and `NOT_COPIED` name every table of the schema, each once: a new table that is
/// not added there fails here instead of being left behind by a move.
#[tokio::test]
async fn every_table_of_the_schema_is_moved_or_named_as_not_data() {
    let db = StoreDb::new().await;
    let sql = match Backend::of(&db.pool) {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema()"
        }
    };
    let schema: BTreeSet<String> = sqlx::query_scalar(sql)
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let named: BTreeSet<String> = TABLES
        .iter()
        .chain(NOT_COPIED.iter())
        .map(|t| t.to_string())
        .collect();
    assert_eq!(named.len(), TABLES.len() + NOT_COPIED.len(), "named twice");
    assert_eq!(schema, named);
}
