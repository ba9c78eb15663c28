//! Time to act on the pages: the unit page says by when, the matrix cell how many days, both as
//! of the page's date and under the installation's days per light.

mod common;

use readiness_rules::{Role, TimeToAct};

async fn signed_in_db(policy: Option<TimeToAct>) -> common::TestDb {
    let db = common::TestDb::new().await;
    if let Some(policy) = policy {
        db.set_time_to_act(policy);
    }
    db.import_dir(&common::fixture("base")).await;
    db.add_user("wg@exempel.se", Role::Arbetsgrupp, &[]).await;
    let cookie = db.sign_in("wg@exempel.se", common::PASSWORD).await.unwrap();
    db.use_session(cookie).await;
    db
}

#[tokio::test]
async fn the_unit_page_says_by_when_to_act_as_of_its_date() {
    let db = signed_in_db(None).await;
    // E2's U01 is 70 % (amber, partly met) measured 2026-09-30: 21 days for amber.
    let (status, page) = db
        .get("/enhet/E2?utvardering=USV2026&as_of=2026-10-10")
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Agera senast 2026-10-21 (11 dagar kvar)"),
        "{page}"
    );
    // E2's F01 is below the line, but a plan in time is the action: no clock.
    assert_eq!(page.matches("Agera senast").count(), 1, "{page}");
    let (_, later) = db
        .get("/enhet/E2?utvardering=USV2026&as_of=2026-10-25")
        .await;
    assert!(
        later.contains("Tiden att agera gick ut 2026-10-21 (för 4 dagar sedan)"),
        "{later}"
    );
    // E1's V01 (JA, measured 2025-09-30, 12 months) went stale on 2026-10-01.
    let (_, e1) = db
        .get("/enhet/E1?utvardering=USV2026&as_of=2026-10-10")
        .await;
    assert!(
        e1.contains("Agera senast 2026-10-22 (12 dagar kvar)"),
        "{e1}"
    );
}

#[tokio::test]
async fn the_matrix_shows_the_days_left_under_the_installations_policy() {
    let db = signed_in_db(Some(TimeToAct {
        red_days: 3,
        amber_days: 5,
    }))
    .await;
    let (status, page) = db.get("/matris?utvardering=USV2026&as_of=2026-10-03").await;
    assert_eq!(status, 200);
    // E2 U01 amber since 2026-09-30 + 5 days: 2 left; E1 V01 stale since 2026-10-01: 3 left.
    assert!(page.contains(r#"class="act">2 d</span>"#), "{page}");
    assert!(page.contains(r#"class="act">3 d</span>"#), "{page}");
    assert!(page.contains("2 dagar kvar att agera"), "{page}");
    let (_, later) = db.get("/matris?utvardering=USV2026&as_of=2026-10-10").await;
    assert!(
        later.contains("class=\"act ran-out\">\u{2212}5 d</span>"),
        "{later}"
    );
    assert!(
        later.contains("tiden att agera gick ut för 5 dagar sedan"),
        "{later}"
    );
}
