//! The two migration folders build the same schema: every table, column (its type as both
//! backends share it, and whether it may be NULL) and index of SQLite's is PostgreSQL's, and no
//! more. Runs where the suite has a PostgreSQL server ([`support::POSTGRES_ENV`], as in CI).

mod support;

use std::collections::BTreeSet;

use readiness_store::Backend;
use sqlx::Row;

/// (table, column, type, nullable) and (index, table) of a migrated database.
async fn schema(
    pool: &readiness_store::Pool,
) -> (
    BTreeSet<(String, String, String, bool)>,
    BTreeSet<(String, String)>,
) {
    let mut columns = BTreeSet::new();
    let mut indexes = BTreeSet::new();
    match Backend::of(pool) {
        Backend::Sqlite => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for table in tables {
                let rows =
                    sqlx::query("SELECT name, type, \"notnull\", pk FROM pragma_table_info($1)")
                        .bind(&table)
                        .fetch_all(pool)
                        .await
                        .unwrap();
                for row in rows {
                    let kind: String = row.get(1);
                    let not_null: i64 = row.get(2);
                    let primary: i64 = row.get(3);
                    // A primary key is never NULL here (SQLite would allow it in a TEXT key, which
                    // nothing writes; an INTEGER one is the rowid).
                    let nullable = not_null == 0 && primary == 0;
                    let shared = match kind.as_str() {
                        "INTEGER" => "integer",
                        "REAL" => "real",
                        "TEXT" => "text",
                        "BLOB" => "bytes",
                        other => {
                            panic!("{table}: a SQLite type {other} that PostgreSQL has no twin for")
                        }
                    };
                    columns.insert((table.clone(), row.get(0), shared.to_string(), nullable));
                }
            }
            let rows = sqlx::query(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for row in rows {
                indexes.insert((row.get(0), row.get(1)));
            }
        }
        Backend::Postgres => {
            let rows = sqlx::query(
                "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text \
                 FROM information_schema.columns WHERE table_schema = 'public' \
                 AND table_name <> '_sqlx_migrations'",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for row in rows {
                let table: String = row.get(0);
                let kind: String = row.get(2);
                let shared = match kind.as_str() {
                    "bigint" => "integer",
                    "double precision" => "real",
                    "text" => "text",
                    "bytea" => "bytes",
                    other => {
                        panic!("{table}: a PostgreSQL type {other} that SQLite has no twin for")
                    }
                };
                let nullable: String = row.get(3);
                columns.insert((table, row.get(1), shared.to_string(), nullable == "YES"));
            }
            // Indexes declared as such (not those behind PRIMARY KEY and UNIQUE constraints,
            // which SQLite names automatically).
            let rows = sqlx::query(
                "SELECT i.indexname::text, i.tablename::text FROM pg_indexes i \
                 WHERE i.schemaname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c \
                 WHERE c.conname = i.indexname)",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for row in rows {
                indexes.insert((row.get(0), row.get(1)));
            }
        }
    }
    (columns, indexes)
}

/// What `a` has that `b` has not.
fn only<T: Ord + Clone>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> Vec<T> {
    a.difference(b).cloned().collect()
}

#[tokio::test]
async fn both_migration_folders_build_the_same_schema() {
    let postgres = support::StoreDb::new().await;
    if !postgres.is_postgres() {
        eprintln!(
            "skipped: {} is not set (CI's second run sets it)",
            support::POSTGRES_ENV
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sqlite = readiness_store::open(dir.path().join("s.db").to_str().unwrap())
        .await
        .unwrap();
    let (sqlite_columns, sqlite_indexes) = schema(&sqlite).await;
    let (postgres_columns, postgres_indexes) = schema(&postgres.pool).await;
    assert!(sqlite_columns.len() > 150, "{sqlite_columns:?}");
    assert_eq!(
        (
            only(&sqlite_columns, &postgres_columns),
            only(&postgres_columns, &sqlite_columns)
        ),
        (vec![], vec![]),
        "columns only SQLite has, and only PostgreSQL has"
    );
    assert_eq!(
        (
            only(&sqlite_indexes, &postgres_indexes),
            only(&postgres_indexes, &sqlite_indexes)
        ),
        (vec![], vec![]),
        "indexes only SQLite has, and only PostgreSQL has"
    );
}
