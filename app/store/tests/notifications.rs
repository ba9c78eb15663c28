//! Reminder e-mail preferences and the record that keeps a message from going out twice.

mod support;

/// A user with the tests' password; its id.
async fn user(
    db: &support::StoreDb,
    email: &str,
    name: &str,
    role: readiness_rules::Role,
    units: &[String],
) -> i64 {
    accounts::create_user(&db.pool, email, name, role, "a-long-password-1", units)
        .await
        .unwrap()
}

use readiness_rules::{Lang, MailKind, Role};
use readiness_store::accounts;
use readiness_store::notifications::{self, MailPreferences};

#[tokio::test]
async fn a_message_is_claimed_once_and_a_failed_one_can_be_claimed_again() {
    let db = support::StoreDb::new().await;
    let id = user(&db, "lead@example.se", "Lead", Role::Arbetsgrupp, &[]).await;
    let claim =
        |period: &'static str, kind| notifications::claim(&db.pool, id, kind, period, "Ämne");
    assert!(claim("2026-12-01", MailKind::Reminder).await.unwrap());
    // The same day again (a second run, a restart, another instance): no.
    assert!(!claim("2026-12-01", MailKind::Reminder).await.unwrap());
    // Another kind or another day: yes.
    assert!(claim("2026-W49", MailKind::Digest).await.unwrap());
    assert!(claim("2026-12-02", MailKind::Reminder).await.unwrap());
    // A send that failed gives its claim back.
    notifications::release(&db.pool, id, MailKind::Reminder, "2026-12-02")
        .await
        .unwrap();
    assert!(claim("2026-12-02", MailKind::Reminder).await.unwrap());
}

#[tokio::test]
async fn preferences_default_until_chosen() {
    let db = support::StoreDb::new().await;
    let id = user(&db, "wg@example.se", "", Role::Arbetsgrupp, &[]).await;
    assert_eq!(
        notifications::preferences(&db.pool, id).await.unwrap(),
        MailPreferences::default()
    );
    assert!(
        notifications::all_preferences(&db.pool)
            .await
            .unwrap()
            .is_empty()
    );
    let chosen = MailPreferences {
        lang: Lang::En,
        reminders: true,
        digest: false,
    };
    notifications::set_preferences(&db.pool, id, chosen)
        .await
        .unwrap();
    assert_eq!(
        notifications::preferences(&db.pool, id).await.unwrap(),
        chosen
    );
    assert!(!chosen.wants(MailKind::Digest));
    let again = MailPreferences {
        lang: Lang::Sv,
        ..chosen
    };
    notifications::set_preferences(&db.pool, id, again)
        .await
        .unwrap();
    assert_eq!(
        notifications::all_preferences(&db.pool).await.unwrap()[&id],
        again
    );
}

#[tokio::test]
async fn returned_reports_are_the_current_values_sent_back() {
    use readiness_store::reports::{self, ValueInput};
    let db = support::StoreDb::new().await;
    db.import_dir(&support::fixture("base")).await;
    let lead = user(
        &db,
        "lead@example.se",
        "",
        Role::Enhetsansvarig,
        &["E1".to_string()],
    )
    .await;
    let group = user(&db, "wg@example.se", "", Role::Arbetsgrupp, &[]).await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let pool = &db.pool;
    let report = |criterion: &'static str, value: &'static str| async move {
        let based_on = reports::latest_value(pool, "E1", criterion)
            .await
            .unwrap()
            .map_or(0, |v| v.id);
        let input = ValueInput {
            unit: "E1".into(),
            criterion: criterion.into(),
            measured: "2026-11-30".into(),
            value: value.into(),
            comment: String::new(),
            evidence: String::new(),
            based_on,
        };
        reports::report_value(pool, lead, &input, today)
            .await
            .unwrap()
    };
    let sent_back = report("F01", "3").await;
    let verified = report("U01", "85").await;
    reports::review_value(&db.pool, group, sent_back, false, "Fel period")
        .await
        .unwrap();
    reports::review_value(&db.pool, group, verified, true, "")
        .await
        .unwrap();
    let returned = reports::returned_reports(&db.pool).await.unwrap();
    assert_eq!(returned.len(), 1, "{returned:?}");
    assert_eq!(
        (
            returned[0].unit.as_str(),
            returned[0].criterion.as_str(),
            returned[0].measured.as_str(),
            returned[0].comment.as_str()
        ),
        ("E1", "F01", "2026-11-30", "Fel period")
    );
    // Reported again: the new version is not sent back, so nothing is listed.
    report("F01", "4").await;
    assert!(
        reports::returned_reports(&db.pool)
            .await
            .unwrap()
            .is_empty()
    );
}
