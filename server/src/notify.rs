//! A reminder run: who gets which message (the rules' `reminder` from each person's "this week"
//! list, in their language, unless they opted out), and sending them once each.

use readiness_rules::{
    ActItem, Deadline, Lang, MailKind, Reminder, ReminderRun, ReturnedReport, Role, TimeToAct,
    WeekForecast, reminder, this_week,
};
use readiness_store::{Pool, StoreError, accounts, cache, notifications, queries, reports};

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
    /// Not sent, to be tried again (the server did not answer, the database was busy).
    pub failed: usize,
    /// Refused for good by the SMTP server (an unknown recipient): not tried again that day.
    pub refused: usize,
}

/// Every enabled user's message for `run`, in address order; `time_to_act` dates the red and
/// amber lights' deadlines.
pub async fn messages(
    pool: &Pool,
    run: &ReminderRun,
    time_to_act: TimeToAct,
) -> Result<Vec<Outgoing>, StoreError> {
    let today = run.today;
    let mut forecasts = Vec::new();
    let mut acts: Vec<ActItem> = Vec::new();
    for evaluation in queries::list_evaluations(pool).await? {
        let Some(dataset) = cache::load_dataset(pool, &evaluation.code).await? else {
            continue;
        };
        // A closed evaluation asks nothing more of anyone.
        let board = dataset.board(today).await?;
        let open = evaluation.deadline >= today;
        // Only the units designated today are reminded.
        for (unit, cells) in board
            .counted_units()
            .map(|u| (&dataset.dataset().units[u], &board.cells[u]))
            .filter(|_| open)
        {
            for (criterion, cell) in dataset.dataset().criteria.iter().zip(cells.iter()) {
                if let Some(act) = cell.act_by(today, time_to_act) {
                    acts.push(ActItem {
                        unit: unit.code.clone(),
                        unit_name: unit.name.clone(),
                        evaluation: evaluation.code.clone(),
                        criterion: criterion.code.clone(),
                        light: cell.light,
                        act,
                    });
                }
            }
        }
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
    // Each unit's lights, looked up once per lead rather than searched.
    let mut acts_by_unit: std::collections::HashMap<&str, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, a) in acts.iter().enumerate() {
        acts_by_unit.entry(a.unit.as_str()).or_default().push(i);
    }
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
        // A unit lead hears of their own units' lights; the working group of all (ran out).
        let own_acts: Vec<ActItem> = if lead {
            user.units
                .iter()
                .filter_map(|u| acts_by_unit.get(u.as_str()))
                .flatten()
                .map(|&i| acts[i].clone())
                .collect()
        } else {
            Vec::new()
        };
        let heard_acts: &[ActItem] = if lead { &own_acts } else { &acts };
        let own_deadlines: Vec<Deadline> = deadlines
            .iter()
            .filter(|(_, units)| !lead || user.units.iter().any(|u| units.contains(u.as_str())))
            .map(|(d, _)| d.clone())
            .collect();
        if let Some(message) = reminder(
            &list,
            &own_returned,
            &own_deadlines,
            heard_acts,
            run,
            chosen.lang,
        ) && chosen.wants(message.kind)
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
    pool: &Pool,
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
            Err(e @ crate::mail::MailError::Refused(_)) => {
                // The claim stays: retrying would be refused again, every quarter of an hour.
                tracing::error!(user = o.user_id, kind = kind.code(), error = %e, "a reminder was refused by the SMTP server");
                sent.refused += 1;
            }
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
    pool: &Pool,
    mailer: &Mailer,
    run: &ReminderRun,
    time_to_act: TimeToAct,
) -> Result<Sent, StoreError> {
    let outgoing = messages(pool, run, time_to_act).await?;
    Ok(send_all(pool, mailer, &outgoing, run.today).await)
}

/// How often the server looks whether the day's reminders are due (or need another try).
const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Runs the reminders for as long as the server runs: each day once the local time has passed
/// `at`, looking every quarter of an hour — so a server started after the hour still sends that
/// day's, a failed send is tried again a quarter later, and summer time moves nothing. The digest
/// goes out on Mondays, or on the first run of a week whose Monday this server missed (it was not
/// running then and no digest went out this week). Several instances may each run this: the
/// claims let one message out. A sample database (invented addresses) gets none unless
/// `sample_too`.
pub async fn daily(
    pool: Pool,
    mailer: Mailer,
    at: chrono::NaiveTime,
    sample_too: bool,
    time_to_act: TimeToAct,
    make_run: impl Fn(chrono::NaiveDate, bool) -> ReminderRun,
) {
    let started = chrono::Local::now().naive_local();
    let mut done: Option<chrono::NaiveDate> = None;
    let mut check = tokio::time::interval(CHECK_EVERY);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        check.tick().await;
        let now = chrono::Local::now().naive_local();
        let Some(today) = due_today(now, at, done) else {
            continue;
        };
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
        let digest = if missed_monday(today, at, started) {
            match notifications::any_claimed(
                &pool,
                MailKind::Digest,
                &MailKind::Digest.period(today),
            )
            .await
            {
                Ok(sent) => !sent,
                Err(e) => {
                    tracing::warn!(error = %e, "the reminder run could not start");
                    continue;
                }
            }
        } else {
            chrono::Datelike::weekday(&today) == chrono::Weekday::Mon
        };
        match run_and_send(&pool, &mailer, &make_run(today, digest), time_to_act).await {
            Ok(sent) => {
                tracing::info!(
                    sent = sent.sent,
                    before = sent.already,
                    failed = sent.failed,
                    refused = sent.refused,
                    digest,
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

/// The day to run for at `now`, if a run is due: past `at` and not yet done today.
fn due_today(
    now: chrono::NaiveDateTime,
    at: chrono::NaiveTime,
    done: Option<chrono::NaiveDate>,
) -> Option<chrono::NaiveDate> {
    let today = now.date();
    (now.time() >= at && done != Some(today)).then_some(today)
}

/// Whether `today` is a later day of a week whose Monday run this server missed (it started
/// after Monday's hour).
fn missed_monday(
    today: chrono::NaiveDate,
    at: chrono::NaiveTime,
    started: chrono::NaiveDateTime,
) -> bool {
    use chrono::Datelike;
    let monday = today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()));
    today != monday && started > monday.and_time(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn a_run_is_due_once_a_day_after_the_hour() {
        let at = NaiveTime::from_hms_opt(7, 0, 0).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        // (case, now, done, due)
        let rows = [
            ("before the hour", "2026-12-03 06:59", None, None),
            ("at the hour", "2026-12-03 07:00", None, Some(day)),
            (
                "started in the afternoon",
                "2026-12-03 15:30",
                None,
                Some(day),
            ),
            ("done today", "2026-12-03 15:30", Some(day), None),
            (
                "done yesterday",
                "2026-12-03 07:15",
                day.pred_opt(),
                Some(day),
            ),
        ];
        for (case, now, done, due) in rows {
            assert_eq!(due_today(t(now), at, done), due, "{case}");
        }
    }

    #[test]
    fn the_digest_catches_up_only_on_a_monday_this_server_missed() {
        let at = NaiveTime::from_hms_opt(7, 0, 0).unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // 2026-11-30 is a Monday. (case, today, started, missed)
        let rows = [
            (
                "running since before Monday's hour",
                "2026-12-02",
                "2026-11-30 06:00",
                false,
            ),
            (
                "started Monday after the hour",
                "2026-12-01",
                "2026-11-30 09:00",
                true,
            ),
            ("started Wednesday", "2026-12-03", "2026-12-02 12:00", true),
            (
                "Monday itself is the Monday run",
                "2026-11-30",
                "2026-11-30 09:00",
                false,
            ),
            ("started last week", "2026-12-04", "2026-11-20 10:00", false),
        ];
        for (case, today, started, missed) in rows {
            assert_eq!(missed_monday(d(today), at, t(started)), missed, "{case}");
        }
    }
}
