//! Reminder e-mails: each person's preferences and the record of what was sent (claimed before
//! sending, so nothing goes out twice; see the migration `20261204000001_notifications.sql`).

use std::collections::HashMap;

use crate::Pool;
pub use readiness_rules::MailPreferences;
use readiness_rules::{Lang, MailKind};

use crate::{StoreError, StoredFlag, now_stamp};

#[derive(sqlx::FromRow)]
struct PreferenceRow {
    user_id: i64,
    lang: String,
    reminders: StoredFlag,
    digest: StoredFlag,
}

impl From<PreferenceRow> for MailPreferences {
    fn from(r: PreferenceRow) -> Self {
        MailPreferences {
            lang: if r.lang == "en" { Lang::En } else { Lang::Sv },
            reminders: r.reminders.0,
            digest: r.digest.0,
        }
    }
}

/// Everyone's preferences that differ from the defaults, by user id.
pub async fn all_preferences(pool: &Pool) -> Result<HashMap<i64, MailPreferences>, StoreError> {
    let rows: Vec<PreferenceRow> =
        sqlx::query_as("SELECT user_id, lang, reminders, digest FROM notification_preferences")
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|r| (r.user_id, r.into())).collect())
}

/// One person's preferences (the defaults when they chose nothing).
pub async fn preferences(pool: &Pool, user_id: i64) -> Result<MailPreferences, StoreError> {
    let row: Option<PreferenceRow> = sqlx::query_as(
        "SELECT user_id, lang, reminders, digest FROM notification_preferences WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(MailPreferences::from).unwrap_or_default())
}

pub async fn set_preferences(
    pool: &Pool,
    user_id: i64,
    preferences: MailPreferences,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO notification_preferences (user_id, lang, reminders, digest) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, \
         reminders = excluded.reminders, digest = excluded.digest",
    )
    .bind(user_id)
    .bind(preferences.lang.code())
    .bind(StoredFlag(preferences.reminders))
    .bind(StoredFlag(preferences.digest))
    .execute(pool)
    .await?;
    Ok(())
}

/// Claims the message of `kind` for `period` to a user: false when it was claimed (sent) before.
pub async fn claim(
    pool: &Pool,
    user_id: i64,
    kind: MailKind,
    period: &str,
    subject: &str,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO notifications_sent (user_id, kind, period, subject, sent_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, kind, period) DO NOTHING",
    )
    .bind(user_id)
    .bind(kind.code())
    .bind(period)
    .bind(subject)
    .bind(now_stamp())
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a claim back after the message could not be sent, so the next run tries again.
pub async fn release(
    pool: &Pool,
    user_id: i64,
    kind: MailKind,
    period: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM notifications_sent WHERE user_id = $1 AND kind = $2 AND period = $3")
        .bind(user_id)
        .bind(kind.code())
        .bind(period)
        .execute(pool)
        .await?;
    Ok(())
}

/// Whether any message of `kind` was claimed for `period` (for anyone): the weekly digest's run
/// happened this week.
pub async fn any_claimed(pool: &Pool, kind: MailKind, period: &str) -> Result<bool, StoreError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM notifications_sent WHERE kind = $1 AND period = $2 LIMIT 1",
    )
    .bind(kind.code())
    .bind(period)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}
