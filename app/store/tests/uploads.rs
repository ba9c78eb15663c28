//! Uploads being checked in the background, seen from any instance. On PostgreSQL (several
//! instances) the step's progress is in the database, and only a step that no instance has
//! written progress for in a minute (its instance stopped) is marked failed — another
//! instance's running step is left alone. On SQLite (one instance per file) the instance that
//! starts fails every step still marked running, and nothing else does.

mod support;

use readiness_rules::Role;
use readiness_store::import::history::{self, ImportPhase, UploadState};

#[tokio::test]
async fn a_stopped_instances_step_is_failed_and_a_running_one_shows_its_progress() {
    let db = support::StoreDb::new().await;
    let user = readiness_store::accounts::create_user(
        &db.pool,
        "grupp@exempel.se",
        "",
        Role::Arbetsgrupp,
        "ett-långt-lösenord",
        &[],
    )
    .await
    .unwrap();
    let (live, live_token) = history::save_upload(&db.pool, user, "a.csv", None, None, b"a")
        .await
        .unwrap();
    let (_, silent_token) = history::save_upload(&db.pool, user, "b.csv", None, None, b"b")
        .await
        .unwrap();
    if !db.is_postgres() {
        assert_eq!(history::fail_silent(&db.pool).await.unwrap(), 0);
        assert_eq!(history::fail_interrupted(&db.pool).await.unwrap(), 2);
        return;
    }
    // Just uploaded, nothing written yet: not silent.
    assert_eq!(history::fail_silent(&db.pool).await.unwrap(), 0);
    assert_eq!(history::fail_interrupted(&db.pool).await.unwrap(), 0);
    history::record_progress(&db.pool, live, (ImportPhase::Checking, 4096, 10_000))
        .await
        .unwrap();
    // The other's instance stopped two minutes ago.
    sqlx::query("UPDATE import_uploads SET progress_at = progress_at - 120000 WHERE token = $1")
        .bind(&silent_token)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(history::fail_silent(&db.pool).await.unwrap(), 1);
    let live = history::upload_by_token(&db.pool, &live_token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(live.state, UploadState::Checking);
    assert_eq!(live.progress, Some((ImportPhase::Checking, 4096, 10_000)));
    let silent = history::upload_by_token(&db.pool, &silent_token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(silent.state, UploadState::Failed);
    assert_eq!(silent.progress, None);
}
