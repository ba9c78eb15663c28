//! A reminder run: who gets which message (the rules' `reminder` from each person's "this week"
//! list, in their language, unless they opted out), and sending them once each.

use readiness_rules::{
    Deadline, Lang, MailKind, Reminder, ReminderRun, ReturnedReport, Role, WeekForecast, reminder,
    this_week,
};
use readiness_store::{SqlitePool, StoreError, accounts, cache, notifications, queries, reports};

use crate::mail::Mailer;

/// One message a run would send.
pub struct Outgoing {
    pub user_id: i64,
    pub email: String,
    pub lang: Lang,
    pub message: Reminder,
}

/// What a run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    pub sent: usize,
    /// Sent before, by an earlier run or another instance.
    pub already: usize,
    pub failed: usize,
}

/// Every enabled user's message for `run`, in address order.
pub async fn messages(pool: &SqlitePool, run: &ReminderRun) -> Result<Vec<Outgoing>, StoreError> {
    let today = run.today;
    let mut forecasts = Vec::new();
    for evaluation in queries::list_evaluations(pool).await? {
        let Some(dataset) = cache::load_dataset(pool, &evaluation.code).await? else {
            continue;
        };
        let now = dataset.projection(today).await?;
        let week_ago = dataset
            .projection_earlier(today - chrono::Days::new(7))
            .await?;
        forecasts.push((evaluation, now, week_ago));
    }
    let week: Vec<WeekForecast<'_>> = forecasts
        .iter()
        .map(|(e, now, week_ago)| WeekForecast {
            evaluation: &e.code,
            name: &e.name,
            now,
            week_ago,
        })
        .collect();
    // Each deadline with the units it is for: a unit lead hears only of their units' evaluations.
    let deadlines: Vec<(Deadline, std::collections::HashSet<&str>)> = forecasts
        .iter()
        .map(|(e, now, _)| {
            (
                Deadline {
                    evaluation: e.code.clone(),
                    name: e.name.clone(),
                    date: e.deadline,
                },
                now.units.iter().map(|u| u.code.as_str()).collect(),
            )
        })
        .collect();
    let reviews_waiting = reports::count_pending_reviews(pool).await?;
    let returned: Vec<ReturnedReport> = reports::returned_reports(pool)
        .await?
        .into_iter()
        .map(|r| ReturnedReport {
            unit: r.unit,
            criterion: r.criterion,
            measured: r.measured,
            comment: r.comment,
        })
        .collect();
    let preferences = notifications::all_preferences(pool).await?;
    let mut out = Vec::new();
    for user in accounts::list_users(pool).await? {
        if user.disabled {
            continue;
        }
        let chosen = preferences.get(&user.id).copied().unwrap_or_default();
        let list = this_week(&user.actor(), &week, reviews_waiting, today);
        let lead = user.role == Role::Enhetsansvarig;
        let own_returned: Vec<ReturnedReport> = if lead {
            returned
                .iter()
                .filter(|r| user.units.contains(&r.unit))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        let own_deadlines: Vec<Deadline> = deadlines
            .iter()
            .filter(|(_, units)| !lead || user.units.iter().any(|u| units.contains(u.as_str())))
            .map(|(d, _)| d.clone())
            .collect();
        if let Some(message) = reminder(&list, &own_returned, &own_deadlines, run, chosen.lang)
            && chosen.wants(message.kind)
        {
            out.push(Outgoing {
                user_id: user.id,
                email: user.email,
                lang: chosen.lang,
                message,
            });
        }
    }
    Ok(out)
}

/// Sends each message that was not sent before for its day (reminder) or week (digest): the
/// claim is recorded first, so a second run or another instance sends nothing; a failed send
/// gives its claim back for the next run. One person's failure (the SMTP server refusing an
/// address, the database busy) never stops the others' messages.
pub async fn send_all(
    pool: &SqlitePool,
    mailer: &Mailer,
    outgoing: &[Outgoing],
    today: chrono::NaiveDate,
) -> Sent {
    let mut sent = Sent::default();
    for o in outgoing {
        let kind: MailKind = o.message.kind;
        let period = kind.period(today);
        match notifications::claim(pool, o.user_id, kind, &period, &o.message.subject).await {
            Ok(true) => {}
            Ok(false) => {
                sent.already += 1;
                continue;
            }
            Err(e) => {
                tracing::warn!(user = o.user_id, kind = kind.code(), error = %e, "a reminder could not be claimed");
                sent.failed += 1;
                continue;
            }
        }
        match mailer.send(&o.email, &o.message, o.lang).await {
            Ok(()) => sent.sent += 1,
            Err(e) => {
                tracing::warn!(user = o.user_id, kind = kind.code(), error = %e, "a reminder was not sent");
                if let Err(e) = notifications::release(pool, o.user_id, kind, &period).await {
                    // The claim stays: this message is not retried today. Say so.
                    tracing::error!(user = o.user_id, kind = kind.code(), error = %e, "a failed reminder's claim could not be given back");
                }
                sent.failed += 1;
            }
        }
    }
    sent
}

/// A whole run: the messages for `run`, sent.
pub async fn run_and_send(
    pool: &SqlitePool,
    mailer: &Mailer,
    run: &ReminderRun,
) -> Result<Sent, StoreError> {
    let outgoing = messages(pool, run).await?;
    Ok(send_all(pool, mailer, &outgoing, run.today).await)
}

/// How often the server looks whether the day's reminders are due (or need another try).
const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Runs the reminders for as long as the server runs: each day once the local time has passed
/// `at`, looking every quarter of an hour — so a server started after the hour still sends that
/// day's, a failed send is tried again a quarter later, and summer time moves nothing. The digest
/// is in every run; its claim is per ISO week, so it goes out once a week, on Monday normally, or
/// on the first day after a Monday missed. Several instances may each run this: the claims let one
/// message out. A sample database (invented addresses) gets none unless `sample_too`.
pub async fn daily(
    pool: SqlitePool,
    mailer: Mailer,
    at: chrono::NaiveTime,
    sample_too: bool,
    make_run: impl Fn(chrono::NaiveDate, bool) -> ReminderRun,
) {
    let mut done: Option<chrono::NaiveDate> = None;
    let mut check = tokio::time::interval(CHECK_EVERY);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        check.tick().await;
        let now = chrono::Local::now();
        let today = now.date_naive();
        if done == Some(today) || now.time() < at {
            continue;
        }
        if !sample_too {
            match queries::is_sample(&pool).await {
                Ok(false) => {}
                Ok(true) => {
                    tracing::info!(
                        "sample database: no reminder e-mails (its addresses are invented)"
                    );
                    done = Some(today);
                    continue;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the reminder run could not start");
                    continue;
                }
            }
        }
        match run_and_send(&pool, &mailer, &make_run(today, true)).await {
            Ok(sent) => {
                tracing::info!(
                    sent = sent.sent,
                    before = sent.already,
                    failed = sent.failed,
                    "reminders"
                );
                if sent.failed == 0 {
                    done = Some(today);
                }
            }
            Err(e) => tracing::warn!(error = %e, "the reminder run failed; tried again shortly"),
        }
    }
}
