//! The counters of password attempts, in the database so that every instance of the app counts
//! the same attempts (the limits themselves are the app's `throttle`).

use crate::dialect::{begin_writing, lock_key};
use crate::{Pool, StoreError};

/// One counter: its window's start and the last failure, in milliseconds since 1970 (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    pub start: i64,
    pub failures: u32,
    pub last: i64,
}

/// Reads the counters of `keys`, lets `change` decide each one's new state (`None`: removed)
/// and writes them, in one transaction that the attempts of every instance take in turn: a
/// burst of guesses spread over instances is counted as one. Counters whose window started
/// before `forget_before` are removed on the way.
pub async fn update<T>(
    pool: &Pool,
    keys: &[&str],
    forget_before: i64,
    change: impl FnOnce(&[Option<Counter>]) -> (Vec<Option<Counter>>, T),
) -> Result<T, StoreError> {
    let mut tx = begin_writing(pool).await?;
    lock_key(&mut tx, "login_counters").await?;
    sqlx::query("DELETE FROM login_counters WHERE window_start < $1")
        .bind(forget_before)
        .execute(&mut *tx)
        .await?;
    let mut current = Vec::with_capacity(keys.len());
    for key in keys {
        let row: Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT window_start, failures, last_at FROM login_counters WHERE key = $1",
        )
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
        current.push(row.map(|(start, failures, last)| Counter {
            start,
            failures: u32::try_from(failures).unwrap_or(u32::MAX),
            last,
        }));
    }
    let (next, out) = change(&current);
    for (key, (before, after)) in keys.iter().zip(current.iter().zip(next)) {
        if *before == after {
            continue;
        }
        match after {
            Some(c) => {
                sqlx::query(
                    "INSERT INTO login_counters (key, window_start, failures, last_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET \
                     window_start = excluded.window_start, failures = excluded.failures, \
                     last_at = excluded.last_at",
                )
                .bind(key)
                .bind(c.start)
                .bind(i64::from(c.failures))
                .bind(c.last)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM login_counters WHERE key = $1")
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(out)
}
