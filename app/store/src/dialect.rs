//! The SQL that differs between SQLite and PostgreSQL, each difference named once. Everything
//! else is one text for both (see the crate's comment); `tests/every_query.rs` prepares each
//! form on its own backend.

use crate::Backend;

/// A table of the elements of the JSON array bound as `$1`, one row each in its column `value`:
/// a batch of rows crosses to the database as one parameter (many bound parameters per row
/// through the driver cost more than the database's own insert). Read an element's fields with
/// `value ->> n`, cast to the column's type.
pub fn json_elements_of_first_parameter(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "json_each($1)",
        // The parameter is text (the Any driver cannot describe a `json` parameter).
        Backend::Postgres => "json_array_elements(CAST(CAST($1 AS TEXT) AS JSON))",
    }
}

/// An aggregate of the rows of a subquery as one JSON array of arrays (`[]` for none), as text:
/// `items` are the expressions of one inner array.
pub fn json_rows_aggregate(backend: Backend, items: &str) -> String {
    match backend {
        Backend::Sqlite => format!("json_group_array(json_array({items}))"),
        Backend::Postgres => {
            format!("COALESCE(CAST(json_agg(json_build_array({items})) AS TEXT), '[]')")
        }
    }
}

impl Backend {
    /// The backend a connection (or a transaction, through deref) is on.
    pub fn of_connection(connection: &sqlx::AnyConnection) -> Backend {
        if connection.backend_name().eq_ignore_ascii_case("postgresql") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// Makes the writers of one key take turns until the transaction ends. A guarded insert of a
/// concurrent edit (`INSERT … WHERE (newest id of the key) = based_on`) is one statement, which
/// SQLite's single writer runs alone; PostgreSQL runs two at once, each reading the table as it
/// was when it began, so both would insert. There the writers of a key queue on an advisory lock
/// first, and the second then reads the first's version and inserts nothing. (`key` names the
/// table and row; two keys that hash alike only wait for each other.)
pub(crate) async fn lock_key(
    connection: &mut sqlx::AnyConnection,
    key: &str,
) -> Result<(), sqlx::Error> {
    if Backend::of_connection(connection) == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind(key)
            .execute(connection)
            .await?;
    }
    Ok(())
}

/// Takes the turn of the transactions that add rows to the append-only tables the cache reads
/// by id (`unit_values`, `action_plans`, `value_reviews`), until the transaction ends. On
/// PostgreSQL every insert into them takes it anyway (a trigger, migration
/// `appends_commit_in_order`: ids must commit in order); a guarded insert takes it first, as a
/// statement of its own, because a statement reads the table as it was when the statement
/// began — the second of two saves of one key then reads the first's version and inserts
/// nothing. SQLite's single writer needs no turn.
pub(crate) async fn take_append_turn(
    connection: &mut sqlx::AnyConnection,
) -> Result<(), sqlx::Error> {
    if Backend::of_connection(connection) == Backend::Postgres {
        sqlx::query("SELECT take_append_turn()")
            .execute(connection)
            .await?;
    }
    Ok(())
}

/// A transaction that reads and then writes. SQLite's `BEGIN IMMEDIATE` takes the write lock at
/// once, so what the transaction reads before it writes cannot change under it — and a
/// deferred one that read while another connection wrote is refused at its first write
/// ("database is locked", without waiting: a test freezing one baseline four times at once
/// caught it). PostgreSQL has no such statement and needs none where this is used: its unique
/// indexes make a second writer of the same key wait for the first and then see its row, and
/// the transactions that must take turns lock a key (`lock_key`).
pub(crate) async fn begin_writing(
    pool: &crate::Pool,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    match Backend::of(pool) {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => pool.begin().await,
    }
}

/// A transaction that reads the database as it was at one moment, whatever is written meanwhile:
/// SQLite's WAL gives every read transaction that; PostgreSQL needs REPEATABLE READ for it
/// (its default gives each statement its own moment).
pub(crate) async fn begin_snapshot(
    pool: &crate::Pool,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    match Backend::of(pool) {
        Backend::Sqlite => pool.begin().await,
        Backend::Postgres => {
            pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .await
        }
    }
}

/// A table's columns in their order, each with the kind of value it holds, from the
/// catalogue of the database `connection` is on.
pub(crate) async fn column_kinds(
    connection: &mut sqlx::AnyConnection,
    table: &str,
) -> Result<Vec<(String, sqlx::any::AnyTypeInfoKind)>, sqlx::Error> {
    use sqlx::any::AnyTypeInfoKind;
    let sql = match Backend::of_connection(connection) {
        Backend::Sqlite => "SELECT name, type FROM pragma_table_info($1) ORDER BY cid",
        Backend::Postgres => {
            "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             AND CAST(table_name AS TEXT) = $1 ORDER BY ordinal_position"
        }
    };
    let columns: Vec<(String, String)> = sqlx::query_as(sql)
        .bind(table)
        .fetch_all(&mut *connection)
        .await?;
    if columns.is_empty() {
        return Err(sqlx::Error::Protocol(format!("no table {table}")));
    }
    columns
        .into_iter()
        .map(|(name, declared)| {
            let kind = match declared.to_ascii_lowercase().as_str() {
                "integer" | "bigint" => AnyTypeInfoKind::BigInt,
                "real" | "double precision" => AnyTypeInfoKind::Double,
                "text" => AnyTypeInfoKind::Text,
                "blob" | "bytea" => AnyTypeInfoKind::Blob,
                other => {
                    return Err(sqlx::Error::Protocol(format!(
                        "{table}.{name}: a column type ({other}) the two backends do not share"
                    )));
                }
            };
            Ok((name, kind))
        })
        .collect()
}

/// After rows were written with their ids, the next id the database makes must come after
/// them: PostgreSQL's identity sequence is moved past the highest (SQLite's rowid always is).
pub(crate) async fn move_sequences_past(
    connection: &mut sqlx::AnyConnection,
    table: &str,
) -> Result<(), sqlx::Error> {
    if Backend::of_connection(connection) == Backend::Postgres {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        ))
        .execute(connection)
        .await?;
    }
    Ok(())
}

/// After many rows were written at once (an import, a move): PostgreSQL plans its queries by
/// table statistics, which its background analyser brings up to date only after a while; until
/// then a page right after a large import ran 13× slower (a plan for empty tables). So the
/// writer refreshes them at once. SQLite plans without them.
pub(crate) async fn refresh_statistics(
    pool: &crate::Pool,
    tables: &[&str],
) -> Result<(), sqlx::Error> {
    if Backend::of(pool) == Backend::Postgres && !tables.is_empty() {
        sqlx::query(&format!("ANALYZE {}", tables.join(", ")))
            .execute(pool)
            .await?;
    }
    Ok(())
}
