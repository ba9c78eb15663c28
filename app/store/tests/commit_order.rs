//! What another transaction adds is never missed by the cache, whatever order transactions
//! commit in. PostgreSQL hands out ids at insert and shows rows at commit; before inserts took
//! turns, a value that got id n and committed after one with id n+1 was skipped for good by a
//! reader that had seen n+1 (the page bench's writers caught an acknowledged save never shown).

mod support;

use std::time::Duration;

use readiness_store::Pool;

const EVALUATION: &str = "USV2026";

async fn cached_values(pool: &Pool) -> usize {
    readiness_store::cache::snapshot(pool, EVALUATION, false)
        .await
        .unwrap()
        .expect("the evaluation exists")
        .dataset()
        .value_count()
}

/// One value of unit `unit` for F01, inserted on `connection` (a transaction's or the pool's).
fn insert_value(unit: &str) -> String {
    format!(
        "INSERT INTO unit_values (unit_id, criterion_id, measured, value, comment, evidence, \
         recorded_at, source) \
         SELECT u.id, c.id, '2026-11-20', '7', '{unit}', '', '2026-11-20T10:00:00.000Z', 'test' \
         FROM units u, criteria c WHERE u.code = '{unit}' AND c.code = 'F01'"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_value_committed_after_a_later_one_is_still_read() {
    let db = support::StoreDb::new().await;
    db.import_dir(&support::fixture("base")).await;
    let before = cached_values(&db.pool).await;

    // A inserts (the lower id) and holds its transaction open.
    let mut first = db.pool.begin().await.unwrap();
    sqlx::query(&insert_value("E1"))
        .execute(&mut *first)
        .await
        .unwrap();
    // B inserts and commits meanwhile — or waits for A's turn: it may not finish first.
    let pool = db.pool.clone();
    let mut second = tokio::spawn(async move {
        sqlx::query(&insert_value("E2"))
            .execute(&pool)
            .await
            .unwrap();
    });
    // Give B the time to commit if it can (if it cannot, nothing below depends on the time).
    let second_finished = tokio::time::timeout(Duration::from_millis(500), &mut second)
        .await
        .is_ok();
    // A reader now sees B's value if B committed, and caches that version.
    let meanwhile = cached_values(&db.pool).await;
    assert_eq!(meanwhile, before + usize::from(second_finished));
    first.commit().await.unwrap();
    if !second_finished {
        second.await.unwrap();
    }
    // Both are read: A's too, although its id is below the highest the reader had seen.
    assert_eq!(cached_values(&db.pool).await, before + 2);
    assert_eq!(
        cached_values(&db.pool).await,
        readiness_store::queries::load_dataset_uncached(&db.pool, EVALUATION, false)
            .await
            .unwrap()
            .unwrap()
            .value_count()
    );
}
