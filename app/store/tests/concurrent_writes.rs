//! Writes that race for the same name, on either backend (PostgreSQL runs them truly at once):
//! one wins, every other is told the name is taken, and nothing fails.

mod support;

use chrono::NaiveDate;
use readiness_rules::Role;
use readiness_store::accounts::{AccountError, create_user};
use readiness_store::baselines::{BaselineError, freeze};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_account_or_baseline_made_at_once_is_made_once() {
    let db = support::StoreDb::new().await;
    db.import_dir(&support::fixture("base")).await;
    // Spawned all before any is awaited: they run at once.
    let accounts: Vec<_> = (0..8)
        .map(|_| {
            let pool = db.pool.clone();
            tokio::spawn(async move {
                create_user(
                    &pool,
                    "ny@exempel.se",
                    "",
                    Role::Lasare,
                    "ett-långt-lösenord",
                    &[],
                )
                .await
            })
        })
        .collect();
    let mut made = 0;
    for task in accounts {
        match task.await.unwrap() {
            Ok(_) => made += 1,
            Err(AccountError::Exists(email)) => assert_eq!(email, "ny@exempel.se"),
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(made, 1);

    let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let baselines: Vec<_> = (0..4)
        .map(|_| {
            let pool = db.pool.clone();
            tokio::spawn(async move { freeze(&pool, "Utgångsläge", day, None).await })
        })
        .collect();
    let mut frozen = 0;
    for task in baselines {
        match task.await.unwrap() {
            Ok(_) => frozen += 1,
            Err(BaselineError::Exists(name)) => assert_eq!(name, "Utgångsläge"),
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(frozen, 1);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM baselines")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 1);
}
