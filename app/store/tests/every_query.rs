//! Every SQL statement in the store's source is prepared against a migrated database, so a
//! misspelt table or column fails here even when no other test happens to run that statement.
//!
//! The statements are read from the source as string literals that begin with a SQL verb; the
//! `{NAME}` pieces of `format!` are filled from the store's own `const NAME: &str` fragments, and
//! the few that are chosen at run time (among them the backend's forms of `dialect`) from the
//! table below. A new run-time piece fails the test until it is named there. The suite's second
//! run prepares them on PostgreSQL.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use readiness_store::{Backend, dialect};
use sqlx::Executor;

/// Run-time `format!` pieces and every value they take on `backend`.
fn run_time_pieces(backend: Backend) -> Vec<(&'static str, Vec<String>)> {
    let texts = |values: &[&str]| values.iter().map(|v| v.to_string()).collect();
    vec![
        // queries.rs: the current value, all or verified only.
        (
            "current",
            texts(&["{CURRENT_VALUE}", "{CURRENT_VERIFIED_VALUE}"]),
        ),
        // import code look-ups and the backup's row counts.
        (
            "table",
            texts(&["units", "criteria", "evaluations", "development_areas"]),
        ),
        // move_data: a table's columns, its order and a batch of rows.
        ("list", texts(&["id, code"])),
        ("order", texts(&["id"])),
        ("tuples", texts(&["($1, $2), ($3, $4)"])),
        // The backend's forms of `dialect`.
        (
            "rows",
            vec![dialect::json_elements_of_first_parameter(backend).to_string()],
        ),
        (
            "values",
            vec![dialect::json_rows_aggregate(backend, "c.code, c.kind")],
        ),
    ]
}

/// Whether a statement is one `backend` runs: SQLite's own (`PRAGMA`, `VACUUM`, its catalogue)
/// and PostgreSQL's own (its `pg_` functions, its catalogue, the function of its migration
/// `appends_commit_in_order`) are each chosen by backend where they are used.
fn runs_on(sql: &str, backend: Backend) -> bool {
    let sqlite_only = ["PRAGMA ", "VACUUM "]
        .iter()
        .any(|verb| sql.starts_with(verb))
        || sql.contains("sqlite_master")
        || sql.contains("pragma_");
    let postgres_only = sql.contains("pg_")
        || sql.contains("information_schema")
        || sql.contains("take_append_turn");
    match backend {
        Backend::Sqlite => !postgres_only,
        Backend::Postgres => !sqlite_only,
    }
}

const VERBS: [&str; 8] = [
    "SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "REPLACE", "PRAGMA", "VACUUM",
];

fn is_statement(sql: &str) -> bool {
    let head = sql.trim_start().to_uppercase();
    VERBS.iter().any(|v| head.starts_with(&format!("{v} ")))
}

#[tokio::test]
async fn every_statement_in_the_store_prepares_against_the_migrated_schema() {
    let db = support::StoreDb::new().await;
    let backend = Backend::of(&db.pool);
    let pieces = run_time_pieces(backend);
    let mut literals = Vec::new();
    for file in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        let source = std::fs::read_to_string(&file).unwrap();
        for literal in string_literals(&source) {
            literals.push((file.clone(), literal));
        }
    }
    let fragments: BTreeMap<String, String> = literals
        .iter()
        .flat_map(|(file, _)| const_fragments(&std::fs::read_to_string(file).unwrap()))
        .collect();
    let mut statements = Vec::new();
    for (file, literal) in &literals {
        // A statement, or a `format!` that begins with a piece (`{USER_SELECT} WHERE …`).
        let begins_with_const =
            literal.starts_with('{') && literal[1..].starts_with(|c: char| c.is_ascii_uppercase());
        if !is_statement(literal) && !begins_with_const {
            continue;
        }
        for sql in expand(literal, &fragments, &pieces) {
            if is_statement(&sql) && runs_on(&sql, backend) {
                statements.push((file.clone(), sql));
            }
        }
    }
    // The store has well over a hundred statements: finding few means the reader broke.
    assert!(
        statements.len() > 100,
        "found only {} statements",
        statements.len()
    );
    let mut failures = Vec::new();
    for (file, sql) in &statements {
        if let Err(e) = (&db.pool).prepare(sql.as_str()).await {
            failures.push(format!("{}: {e}\n    {sql}", file.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} statements do not prepare:\n{}",
        failures.len(),
        statements.len(),
        failures.join("\n")
    );
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Every `{…}` piece filled in every way it can be: from the store's constants (which may hold
/// pieces themselves) or from [`run_time_pieces`].
fn expand(
    sql: &str,
    fragments: &BTreeMap<String, String>,
    pieces: &[(&str, Vec<String>)],
) -> Vec<String> {
    let Some(start) = sql.find('{') else {
        return vec![sql.to_string()];
    };
    let end = start
        + sql[start..]
            .find('}')
            .expect("an unclosed { in a statement");
    let name = &sql[start + 1..end];
    let values: Vec<String> = if let Some(value) = fragments.get(name) {
        vec![value.clone()]
    } else if let Some((_, values)) = pieces.iter().find(|(n, _)| *n == name) {
        values.clone()
    } else {
        panic!(
            "the piece {{{name}}} of a statement is neither a const of the store nor in run_time_pieces:\n{sql}"
        )
    };
    values
        .iter()
        .flat_map(|value| {
            expand(
                &format!("{}{value}{}", &sql[..start], &sql[end + 1..]),
                fragments,
                pieces,
            )
        })
        .collect()
}

/// `const NAME: &str = "…";` in a file, as (NAME, text).
fn const_fragments(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (at, _) in source.match_indices("const ") {
        let rest = &source[at + 6..];
        let Some((name, after)) = rest.split_once(": &str = ") else {
            continue;
        };
        if !name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            continue;
        }
        if let Some(text) = string_literals(after).into_iter().next()
            && after.trim_start().starts_with('"')
        {
            out.push((name.to_string(), text));
        }
    }
    out
}

/// The values of the ordinary and raw string literals of Rust source, comments skipped.
fn string_literals(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\'' => {
                // A char literal ('"', '\'') or a lifetime ('a).
                if chars.get(i + 1) == Some(&'\\') {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                } else if chars.get(i + 2) == Some(&'\'') {
                    i += 2;
                }
                i += 1;
            }
            'r' if matches!(chars.get(i + 1), Some('"') | Some('#'))
                && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')) =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if chars.get(j) != Some(&'"') {
                    i = j;
                    continue;
                }
                let close: String = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let body: String = chars[j + 1..].iter().collect();
                let end = body.find(&close).expect("an unclosed raw string");
                out.push(body[..end].to_string());
                i = j + 1 + body[..end].chars().count() + close.chars().count();
            }
            '"' => {
                let mut value = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                        match chars.get(i) {
                            // A line continuation drops the newline and the next line's indent.
                            Some('\n') => {
                                while chars.get(i + 1).is_some_and(|c| c.is_whitespace()) {
                                    i += 1;
                                }
                            }
                            Some('n') => value.push('\n'),
                            Some('t') => value.push('\t'),
                            Some('u') => {
                                let close = (i..chars.len()).find(|&k| chars[k] == '}').unwrap();
                                i = close;
                                value.push('?');
                            }
                            Some(c) => value.push(*c),
                            None => {}
                        }
                    } else {
                        value.push(chars[i]);
                    }
                    i += 1;
                }
                out.push(value);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}
