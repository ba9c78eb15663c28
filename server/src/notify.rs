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
    let deadlines: Vec<Deadline> = forecasts
        .iter()
        .map(|(e, _, _)| Deadline {
            evaluation: e.code.clone(),
            name: e.name.clone(),
            date: e.deadline,
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
        let own_returned: Vec<ReturnedReport> = if user.role == Role::Enhetsansvarig {
            returned
                .iter()
                .filter(|r| user.units.contains(&r.unit))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        if let Some(message) = reminder(&list, &own_returned, &deadlines, run, chosen.lang)
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
/// gives its claim back for the next run.
pub async fn send_all(
    pool: &SqlitePool,
    mailer: &Mailer,
    outgoing: &[Outgoing],
    today: chrono::NaiveDate,
) -> Result<Sent, StoreError> {
    let mut sent = Sent::default();
    for o in outgoing {
        let kind: MailKind = o.message.kind;
        let period = kind.period(today);
        if !notifications::claim(pool, o.user_id, kind, &period, &o.message.subject).await? {
            sent.already += 1;
            continue;
        }
        match mailer.send(&o.email, &o.message, o.lang).await {
            Ok(()) => sent.sent += 1,
            Err(e) => {
                tracing::warn!(user = o.user_id, kind = kind.code(), error = %e, "a reminder was not sent");
                notifications::release(pool, o.user_id, kind, &period).await?;
                sent.failed += 1;
            }
        }
    }
    Ok(sent)
}

/// A whole run: the messages for `run`, sent.
pub async fn run_and_send(
    pool: &SqlitePool,
    mailer: &Mailer,
    run: &ReminderRun,
) -> Result<Sent, StoreError> {
    let outgoing = messages(pool, run).await?;
    send_all(pool, mailer, &outgoing, run.today).await
}

/// Runs the reminders every day at `at` (local time), with the digest on Mondays, for as long as
/// the server runs. Several instances may each run it: the claims let one message out.
pub async fn daily(
    pool: SqlitePool,
    mailer: Mailer,
    at: chrono::NaiveTime,
    make_run: impl Fn(chrono::NaiveDate, bool) -> ReminderRun,
) {
    loop {
        let now = chrono::Local::now().naive_local();
        let mut next = now.date().and_time(at);
        if next <= now {
            next += chrono::TimeDelta::days(1);
        }
        let wait = (next - now).to_std().unwrap_or_default();
        tokio::time::sleep(wait).await;
        let today = next.date();
        let digest = chrono::Datelike::weekday(&today) == chrono::Weekday::Mon;
        match run_and_send(&pool, &mailer, &make_run(today, digest)).await {
            Ok(sent) => tracing::info!(
                sent = sent.sent,
                before = sent.already,
                failed = sent.failed,
                "reminders"
            ),
            Err(e) => tracing::warn!(error = %e, "the reminder run failed"),
        }
    }
}
