//! `readiness notify --dry-run`: the reminder e-mails a run would send, printed with their
//! recipients (see `readiness_rules::reminder`). Sending them by SMTP is not built yet.

use std::process::ExitCode;

use clap::Args;
use readiness_rules::{Deadline, ReminderRun, WeekForecast, reminder, this_week};
use readiness_store::{SqlitePool, accounts, cache, queries, reports};

use super::{database_error, invalid, lang, say};

#[derive(Debug, Args)]
pub struct NotifyArgs {
    /// Print the messages instead of sending them (required: sending is not built yet).
    #[arg(long, required = true)]
    dry_run: bool,
    /// The day the run is for (default today).
    #[arg(long)]
    as_of: Option<String>,
    /// Include the working group's weekly digest.
    #[arg(long)]
    digest: bool,
    /// Unit leads hear of tasks due within this many days (overdue ones always).
    #[arg(long, default_value_t = 14)]
    window_days: i64,
    /// The address the links start with.
    #[arg(
        long,
        env = "READINESS_PUBLIC_URL",
        default_value = "http://localhost:3000"
    )]
    base_url: String,
}

pub(super) async fn notify(pool: &SqlitePool, args: NotifyArgs) -> ExitCode {
    let today = match args.as_of.as_deref().map(readiness_rules::parse_date) {
        None => app::state::today(),
        Some(Ok(date)) => date,
        Some(Err(e)) => return invalid(format!("--as-of: {}", e.0.get(lang()))),
    };
    match messages(pool, &args, today).await {
        Ok(messages) => {
            for (to, message) in &messages {
                println!("To: {to}\nSubject: {}\n\n{}", message.subject, message.text);
            }
            eprintln!(
                "{}",
                say(
                    format!("{} meddelanden (inget skickat: --dry-run).", messages.len()),
                    format!("{} messages (nothing sent: --dry-run).", messages.len()),
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => database_error(e),
    }
}

/// Every enabled user's message, in address order; users with nothing to hear get none.
async fn messages(
    pool: &SqlitePool,
    args: &NotifyArgs,
    today: chrono::NaiveDate,
) -> Result<Vec<(String, readiness_rules::Reminder)>, readiness_store::StoreError> {
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
    let run = ReminderRun {
        today,
        window_days: args.window_days,
        digest: args.digest,
        base_url: args.base_url.clone(),
    };
    let mut out = Vec::new();
    for user in accounts::list_users(pool).await? {
        if user.disabled {
            continue;
        }
        let list = this_week(&user.actor(), &week, reviews_waiting, today);
        // Every message in Swedish until users can choose their language for e-mail.
        if let Some(message) = reminder(&list, &deadlines, &run, readiness_rules::Lang::Sv) {
            out.push((user.email, message));
        }
    }
    Ok(out)
}
