//! The command line: `serve`, `import`, `export`, `backup`, `restore`, `baseline`, `cycle`,
//! `sample`, `user`, `token`. This module parses and dispatches; each command lives with its kind:
//! `serve`, `data` (files in and out, baselines, cycles), `accounts` (users, tokens), `sample`.
//! Messages and exports follow `--lang` (Swedish unless asked otherwise); machine-read output
//! (table counts, a token) is the same in both.

mod accounts;
mod data;
mod notify;
mod sample;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::{Parser, Subcommand, ValueEnum};
use readiness_rules::{Lang, Text};
use readiness_store::export::FileFormat;
use readiness_store::import::ImportKind;

#[derive(Parser)]
#[command(
    name = "readiness",
    version,
    about = "Beredskap för USV- och ALF-utvärderingar (evaluation readiness tracker)"
)]
pub struct Cli {
    /// The language of messages and of exported files: `sv` or `en`.
    #[arg(long, global = true, env = "READINESS_LANG", default_value = "sv", value_parser = parse_lang)]
    pub lang: Lang,
    /// Database: a `postgres://` URL, or a `sqlite:` URL or file path (a SQLite file is created
    /// if missing); migrations run at start.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "readiness.db"
    )]
    pub database: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the web app.
    Serve(Box<serve::ServeArgs>),
    /// Validate and import a CSV or XLSX file; nothing is written if any row is wrong (exit
    /// code 2). KIND `auto` recognises the kind from the headers.
    Import {
        kind: KindArg,
        file: PathBuf,
        /// XLSX: the sheet to read (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Validate and report what would change, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a consistent copy of the database to a new file, also while the server runs.
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// Replace the database with a backup (checked first). Stop the server before this; the
    /// old file is kept beside it as `<database>.before-restore`. A PostgreSQL database must be
    /// new and empty (`createdb`): nothing there is overwritten.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
    /// Move a whole installation (all history, accounts, baselines, files) into another,
    /// empty database: `--from sqlite://readiness.db --to postgres://…`. The source is read as
    /// it was at one moment and is left as it was; stop the servers so nothing written after
    /// that moment is left behind.
    MoveData {
        /// The database to copy from (a `sqlite:` URL, a file path or a `postgres://` URL).
        #[arg(long)]
        from: String,
        /// The database to copy into: empty (migrations are applied first).
        #[arg(long)]
        to: String,
    },
    /// Freeze a baseline (every evaluation's lights and values as of a date) or list them.
    Baseline {
        #[command(subcommand)]
        command: BaselineCommand,
    },
    /// Start a new follow-up cycle from an existing evaluation.
    Cycle {
        /// The evaluation to copy the criteria from.
        #[arg(long)]
        from: String,
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// The new cycle's evaluation date.
        #[arg(long)]
        date: String,
        /// Put before every copied criterion code (e.g. `U27-`).
        #[arg(long)]
        prefix: String,
        /// Carry each unit's latest value (with its measured date, so it goes stale in time).
        #[arg(long)]
        carry_values: bool,
    },
    /// Write the matrix, the values, a unit's details or an import template to a file.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Send today's reminder e-mails (each at most once a day, the digest once a week), or
    /// print them and their recipients with `--dry-run`.
    Notify(notify::NotifyArgs),
    /// Generate or load the sample data (Exempeldata).
    Sample {
        #[command(subcommand)]
        command: SampleCommand,
    },
    /// Manage users: add, passwd, list, disable, enable.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API tokens for the read API (`Authorization: Bearer …`).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create a user. Prints a one-time password, or reads one from stdin with `--password-stdin`.
    Add {
        #[arg(long)]
        email: String,
        /// admin, arbetsgrupp, enhetsansvarig or lasare.
        #[arg(long)]
        role: String,
        /// A unit the user leads (repeat for several); required for enhetsansvarig.
        #[arg(long = "unit")]
        units: Vec<String>,
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password (prints a one-time password unless `--password-stdin`); ends every
    /// session of the user.
    Passwd {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users with role, units and state.
    List,
    /// Disable a user: their sessions end and they cannot sign in.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Enable a disabled user again.
    Enable {
        #[arg(long)]
        email: String,
    },
    /// Untie a user from the identity provider's sign-in (after the application was registered
    /// anew or the issuer changed): their next sign-in there links the account again by its
    /// verified address.
    UnlinkSso {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a token for a user; it is printed once, only its hash is stored.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Revoke every token of a user.
    Revoke {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
pub enum SampleCommand {
    /// Write deterministic sample CSV files.
    Generate {
        #[arg(long, default_value_t = 72)]
        units: usize,
        #[arg(long, default_value_t = 24)]
        months: u32,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Import the sample files in order and mark the database as sample data.
    Load {
        #[arg(default_value = "data/sample")]
        dir: PathBuf,
    },
    /// End the sample state (before real use): the demo accounts are disabled and the banner
    /// goes. Creating a user or importing a file on the command line does the same.
    End,
}

#[derive(Subcommand)]
pub enum BaselineCommand {
    /// Store every evaluation's lights and values as of `--as-of` (default today) for good.
    Freeze {
        #[arg(long)]
        name: String,
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Every baseline, newest first.
    List,
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Lights per unit and criterion: XLSX (a matrix and a details sheet per evaluation) or CSV.
    Matrix {
        /// Evaluation code; XLSX without it holds every evaluation.
        #[arg(long)]
        evaluation: Option<String>,
        /// Lights as of this date (YYYY-MM-DD); default today.
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value = "xlsx")]
        format: FormatArg,
        #[arg(long)]
        out: PathBuf,
        /// Only units of this care provider.
        #[arg(long, default_value = "")]
        provider: String,
        /// Only criteria of this area.
        #[arg(long, default_value = "")]
        area: String,
        /// Only units with this overall light (green, amber, red, grey).
        #[arg(long, default_value = "")]
        light: String,
    },
    /// The criteria in the import's columns, to edit in Excel and import back.
    Criteria {
        #[arg(long)]
        evaluation: Option<String>,
        #[arg(long, value_enum, default_value = "xlsx")]
        format: FormatArg,
        #[arg(long)]
        out: PathBuf,
    },
    /// Every current value in the import's columns (import it again: nothing changes).
    Values {
        #[arg(long)]
        evaluation: Option<String>,
        #[arg(long, value_enum, default_value = "xlsx")]
        format: FormatArg,
        #[arg(long)]
        out: PathBuf,
    },
    /// The development areas and their actions in the import's columns, with the follow-up as
    /// of a date: XLSX (areas, actions, progress notes) or CSV (one table).
    Development {
        /// Follow-up as of this date (YYYY-MM-DD); default today.
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value = "xlsx")]
        format: FormatArg,
        /// CSV only: which table.
        #[arg(long, value_enum, default_value = "actions")]
        table: DevelopmentTableArg,
        #[arg(long)]
        out: PathBuf,
    },
    /// The system level's questions and current answers in the import's columns, with each
    /// question's light as of a date.
    SystemLevel {
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value = "xlsx")]
        format: FormatArg,
        #[arg(long)]
        out: PathBuf,
    },
    /// The units' yearly follow-ups (the FoUU committees' decisions) in the import's columns,
    /// those decided by a date.
    FollowUps {
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value = "xlsx")]
        format: FormatArg,
        #[arg(long)]
        out: PathBuf,
    },
    /// The units' designation periods (which units are USV units when) in the import's
    /// columns, with whether each period covers a date.
    Designations {
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value = "xlsx")]
        format: FormatArg,
        #[arg(long)]
        out: PathBuf,
    },
    /// One unit's criteria, lights, values and plans (XLSX).
    Unit {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
    /// An XLSX import template with drop-down lists and instructions.
    Template {
        kind: KindArg,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DevelopmentTableArg {
    Areas,
    Actions,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Xlsx,
    Csv,
}

impl From<FormatArg> for FileFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Xlsx => FileFormat::Xlsx,
            FormatArg::Csv => FileFormat::Csv,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// Recognise the kind from the headers.
    Auto,
    Evaluations,
    Criteria,
    Units,
    Values,
    Plans,
    DevelopmentAreas,
    DevelopmentActions,
    SystemQuestions,
    UnitFollowUps,
    Designations,
}

impl KindArg {
    fn kind(self) -> Option<ImportKind> {
        match self {
            KindArg::Auto => None,
            KindArg::Evaluations => Some(ImportKind::Evaluations),
            KindArg::Criteria => Some(ImportKind::Criteria),
            KindArg::Units => Some(ImportKind::Units),
            KindArg::Values => Some(ImportKind::Values),
            KindArg::Plans => Some(ImportKind::Plans),
            KindArg::DevelopmentAreas => Some(ImportKind::DevelopmentAreas),
            KindArg::DevelopmentActions => Some(ImportKind::DevelopmentActions),
            KindArg::SystemQuestions => Some(ImportKind::SystemQuestions),
            KindArg::UnitFollowUps => Some(ImportKind::UnitFollowUps),
            KindArg::Designations => Some(ImportKind::Designations),
        }
    }
}

fn parse_lang(raw: &str) -> Result<Lang, String> {
    Lang::from_code(raw).ok_or_else(|| "sv or en".to_string())
}

/// Exit code for a file that failed validation.
pub const EXIT_INVALID: u8 = 2;

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    let _ = LANG.set(cli.lang);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    // These two run before (or instead of) opening the database.
    match &cli.command {
        Command::Sample {
            command:
                SampleCommand::Generate {
                    units,
                    months,
                    seed,
                    out,
                },
        } => return sample::generate(*units, *months, *seed, out),
        // The database is about to be replaced.
        Command::Restore { from } => return data::restore(&cli.database, from).await,
        // Two databases, neither of them `--database`.
        Command::MoveData { from, to } => return data::move_data(from, to).await,
        _ => {}
    }
    let pool = match readiness_store::open(&cli.database).await {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!(
                "{}",
                say(
                    format!(
                        "Kunde inte öppna databasen {}: {e}",
                        readiness_store::redacted_url(&cli.database)
                    ),
                    format!(
                        "Cannot open the database {}: {e}",
                        readiness_store::redacted_url(&cli.database)
                    ),
                )
            );
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Serve(args) => serve::serve(pool, *args).await,
        Command::Import {
            kind,
            file,
            sheet,
            dry_run,
        } => {
            // Real data from the command line ends a sample state (a dry run writes nothing).
            if !dry_run && let Err(e) = sample::end_sample_state(&pool).await {
                return database_error(e);
            }
            data::import_file(&pool, kind.kind(), &file, sheet.as_deref(), dry_run).await
        }
        Command::Export { command } => data::export_command(&pool, command).await,
        Command::Backup { out } => data::backup(&pool, &out).await,
        Command::Restore { .. }
        | Command::MoveData { .. }
        | Command::Sample {
            command: SampleCommand::Generate { .. },
        } => {
            unreachable!("handled above")
        }
        Command::Baseline { command } => data::baseline_command(&pool, command).await,
        Command::Cycle {
            from,
            code,
            name,
            date,
            prefix,
            carry_values,
        } => {
            let deadline = match readiness_rules::parse_date(&date) {
                Ok(d) => d,
                Err(e) => return invalid(format!("--date: {}", e.0.get(lang()))),
            };
            let cycle = readiness_store::cycles::NewCycle {
                from,
                code,
                name,
                deadline,
                prefix,
                carry_values,
            };
            data::cycle(&pool, &cycle).await
        }
        Command::Sample {
            command: SampleCommand::Load { dir },
        } => sample::load_sample(&pool, &dir).await,
        Command::Sample {
            command: SampleCommand::End,
        } => match sample::end_sample_state(&pool).await {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => database_error(e),
        },
        Command::User { command } => accounts::user_command(&pool, command).await,
        Command::Notify(args) => notify::notify(&pool, args).await,
        Command::Token { command } => accounts::token_command(&pool, command).await,
    }
}

/// The language of this run's messages (`--lang`, `READINESS_LANG`).
static LANG: OnceLock<Lang> = OnceLock::new();

fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// The message in the language of this run.
pub(crate) fn say(sv: impl Into<String>, en: impl Into<String>) -> String {
    Text::new(sv, en).get(lang()).to_string()
}

/// Says what the user got wrong; exit code 2.
fn invalid(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("{message}");
    ExitCode::from(EXIT_INVALID)
}

/// Says that the database failed (the details follow); exit code 1.
fn database_error(error: impl std::fmt::Display) -> ExitCode {
    eprintln!("{}: {error}", say("Databasfel", "Database error"));
    ExitCode::FAILURE
}

fn print_tables(tables: &[(String, i64)]) {
    for (table, rows) in tables.iter().filter(|(t, _)| !t.starts_with('_')) {
        println!("  {table}: {rows}");
    }
}
