//! `readiness notify`: one reminder run now — sent over SMTP, or printed with `--dry-run`.

use std::process::ExitCode;

use clap::Args;
use readiness_rules::ReminderRun;
use readiness_store::Pool;

use super::{database_error, invalid, lang, say};
use crate::mail::Mailer;
use crate::notify as run;

/// Where reminders go out from; shared by `notify` and `serve`.
#[derive(Clone, Args)]
pub struct MailArgs {
    /// The SMTP server: `smtp://host:25`, `smtp://user:password@host:587?tls=required`
    /// (STARTTLS) or `smtps://host:465`.
    #[arg(long, env = "READINESS_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender, e.g. `readiness <readiness@region.se>`.
    #[arg(long, env = "READINESS_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// The address people reach readiness by: the links start with it.
    #[arg(
        long,
        env = "READINESS_PUBLIC_URL",
        default_value = "http://localhost:3000"
    )]
    pub public_url: String,
    /// Unit leads hear of tasks due within this many days (overdue ones always).
    #[arg(long, env = "READINESS_REMIND_DAYS", default_value_t = 14)]
    pub window_days: i64,
    /// Send from a sample database too. Its addresses are invented (exempel.se): only for a test
    /// mail server.
    #[arg(long, env = "READINESS_MAIL_SAMPLE")]
    pub mail_sample: bool,
}

/// Without the SMTP URL, which may hold a password.
impl std::fmt::Debug for MailArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailArgs")
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "…"))
            .field("mail_from", &self.mail_from)
            .field("public_url", &self.public_url)
            .field("window_days", &self.window_days)
            .field("mail_sample", &self.mail_sample)
            .finish()
    }
}

impl MailArgs {
    /// The mailer, when SMTP is configured; an error names what is missing or unreadable.
    pub fn mailer(&self) -> Result<Option<Mailer>, String> {
        let url = self.smtp_url.as_deref().filter(|u| !u.trim().is_empty());
        let from = self.mail_from.as_deref().filter(|f| !f.trim().is_empty());
        match (url, from) {
            (None, None) => Ok(None),
            (Some(_), None) => Err("READINESS_MAIL_FROM (--mail-from)".into()),
            (None, Some(_)) => Err("READINESS_SMTP_URL (--smtp-url)".into()),
            (Some(url), Some(from)) => Mailer::new(url, from, self.hello_name().as_deref())
                .map(Some)
                .map_err(|e| e.said()),
        }
    }

    /// The name readiness greets the SMTP server with (EHLO): the host of the public address,
    /// which a relay can check; lettre's default is `localhost`.
    fn hello_name(&self) -> Option<String> {
        openidconnect::url::Url::parse(&self.public_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .filter(|h| h != "localhost")
    }

    pub fn run(&self, today: chrono::NaiveDate, digest: bool) -> ReminderRun {
        ReminderRun {
            today,
            window_days: self.window_days,
            digest,
            base_url: self.public_url.clone(),
        }
    }
}

#[derive(Debug, Args)]
pub struct NotifyArgs {
    /// Print the messages and to whom, and send nothing.
    #[arg(long)]
    dry_run: bool,
    /// The day the run is for (default today).
    #[arg(long)]
    as_of: Option<String>,
    /// Include the working group's weekly digest (the server sends it on Mondays).
    #[arg(long)]
    digest: bool,
    #[command(flatten)]
    mail: MailArgs,
    #[command(flatten)]
    time_to_act: super::serve::TimeToActArgs,
}

pub(super) async fn notify(pool: &Pool, args: NotifyArgs) -> ExitCode {
    let today = match args.as_of.as_deref().map(readiness_rules::parse_date) {
        None => app::state::today(),
        Some(Ok(date)) => date,
        Some(Err(e)) => return invalid(format!("--as-of: {}", e.0.get(lang()))),
    };
    let reminder_run = args.mail.run(today, args.digest);
    let mailer = match args.mail.mailer() {
        Ok(mailer) => mailer,
        Err(what) => return invalid(say(format!("E-post: {what}"), format!("E-mail: {what}"))),
    };
    let outgoing = match run::messages(pool, &reminder_run, args.time_to_act.policy()).await {
        Ok(outgoing) => outgoing,
        Err(e) => return database_error(e),
    };
    if args.dry_run {
        for o in &outgoing {
            println!(
                "To: {}\nSubject: {}\n\n{}",
                o.email,
                o.message.subject,
                o.message.text()
            );
        }
        eprintln!(
            "{}",
            say(
                format!("{} meddelanden (inget skickat: --dry-run).", outgoing.len()),
                format!("{} messages (nothing sent: --dry-run).", outgoing.len()),
            )
        );
        return ExitCode::SUCCESS;
    }
    let Some(mailer) = mailer else {
        return invalid(say(
            "Ingen e-postserver: ange READINESS_SMTP_URL och READINESS_MAIL_FROM, eller --dry-run.",
            "No mail server: set READINESS_SMTP_URL and READINESS_MAIL_FROM, or give --dry-run.",
        ));
    };
    if !args.mail.mail_sample {
        match readiness_store::queries::is_sample(pool).await {
            Ok(false) => {}
            Ok(true) => {
                return invalid(say(
                    "Exempeldatabasen: ingen e-post skickas (adresserna är påhittade). Ange --mail-sample för att ändå skicka till en testserver, eller --dry-run.",
                    "The sample database: no e-mail is sent (its addresses are invented). Give --mail-sample to send to a test server anyway, or --dry-run.",
                ));
            }
            Err(e) => return database_error(e),
        }
    }
    let sent = run::send_all(pool, &mailer, &outgoing, today).await;
    let refused = |words: &str| match sent.refused {
        0 => String::new(),
        n => format!(", {n} {words}"),
    };
    eprintln!(
        "{}",
        say(
            format!(
                "{} skickade, {} redan skickade tidigare, {} misslyckades{}.",
                sent.sent,
                sent.already,
                sent.failed,
                refused("avvisade av e-postservern")
            ),
            format!(
                "{} sent, {} sent before, {} failed{}.",
                sent.sent,
                sent.already,
                sent.failed,
                refused("refused by the mail server")
            ),
        )
    );
    if sent.failed > 0 || sent.refused > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
