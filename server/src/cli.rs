//! The command line: `serve`, `import`, `export`, `sample generate|load`, `user`, `token`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use app::state::AppState;
use clap::{Parser, Subcommand, ValueEnum};
use readiness_store::export::{self, ExportError, FileFormat, MatrixRequest};
use readiness_store::import::{ImportError, ImportKind, ImportRequest, Progress, SheetFile, Via};
use readiness_store::{SqlitePool, accounts, queries};

#[derive(Parser)]
#[command(
    name = "readiness",
    version,
    about = "Beredskap för USV- och ALF-utvärderingar / evaluation readiness tracker"
)]
pub struct Cli {
    /// Database: a `sqlite:` URL or a file path (created if missing; migrations run at start).
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
    Serve {
        #[arg(long, env = "READINESS_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// The built site (wasm, JS, CSS) from `cargo leptos build`.
        #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
        site_root: PathBuf,
        /// Mark the session cookie `Secure`: set this when the app is served over https.
        #[arg(long, env = "READINESS_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Host names the app is reached by (comma-separated, no port), beside the loopback
        /// names. Requests for any other `Host` are refused.
        #[arg(long, env = "READINESS_ALLOWED_HOSTS", value_delimiter = ',')]
        allowed_hosts: Vec<String>,
        /// Behind a reverse proxy: the header it puts the client's address in (e.g.
        /// `X-Forwarded-For`; its last entry is used). Unset: the TCP peer is the client.
        #[arg(long, env = "READINESS_CLIENT_IP_HEADER")]
        client_ip_header: Option<String>,
        /// Serve a sample database (published demo passwords) on a non-loopback address.
        #[arg(long, env = "READINESS_ALLOW_PUBLIC_SAMPLE")]
        allow_public_sample: bool,
    },
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
    /// old file is kept beside it as `<database>.before-restore`.
    Restore {
        #[arg(long)]
        from: PathBuf,
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
        /// sv or en.
        #[arg(long, default_value = "sv")]
        lang: String,
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
        }
    }
}

/// Exit code for a file that failed validation.
pub const EXIT_INVALID: u8 = 2;

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    if let Command::Sample {
        command:
            SampleCommand::Generate {
                units,
                months,
                seed,
                out,
            },
    } = &cli.command
    {
        return generate(*units, *months, *seed, out);
    }
    if let Command::Restore { from } = &cli.command {
        // Before the database is opened: it is about to be replaced.
        let target = readiness_store::database_file(&cli.database);
        return match readiness_store::backup::restore(from, &target).await {
            Ok(tables) => {
                print_tables(&tables);
                println!(
                    "Återställd från / restored from {} till / to {}",
                    from.display(),
                    target.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("Återställningen misslyckades / restore failed: {e}");
                ExitCode::from(EXIT_INVALID)
            }
        };
    }
    let pool = match readiness_store::open(&cli.database).await {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!(
                "Kunde inte öppna databasen {} / cannot open the database: {e}",
                cli.database
            );
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Serve {
            addr,
            site_root,
            secure_cookies,
            allowed_hosts,
            client_ip_header,
            allow_public_sample,
        } => {
            let client_ip_header = match client_ip_header
                .filter(|h| !h.trim().is_empty())
                .map(|h| axum::http::HeaderName::try_from(h.trim()))
                .transpose()
            {
                Ok(header) => header,
                Err(e) => {
                    eprintln!("--client-ip-header: {e}");
                    return ExitCode::from(EXIT_INVALID);
                }
            };
            let network = app::state::Network {
                allowed_hosts: allowed_hosts
                    .into_iter()
                    .map(|h| h.trim().to_ascii_lowercase())
                    .filter(|h| !h.is_empty())
                    .collect(),
                client_ip_header,
            };
            if !addr.ip().is_loopback() && !allow_public_sample {
                match queries::is_sample(&pool).await {
                    Ok(false) => {}
                    Ok(true) => {
                        eprintln!(
                            "Exempeldatabasen (med publicerade demolösenord) serveras bara på loopback. Avsluta exempelläget med `readiness sample end`, eller ange --allow-public-sample / the sample database is served on loopback only"
                        );
                        return ExitCode::from(EXIT_INVALID);
                    }
                    Err(e) => {
                        eprintln!("Databasfel / database error: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            serve(pool, addr, &site_root, secure_cookies, network).await
        }
        Command::Import {
            kind,
            file,
            sheet,
            dry_run,
        } => {
            // Real data from the command line ends a sample state (a dry run writes nothing).
            if !dry_run && let Err(e) = end_sample_state(&pool).await {
                eprintln!("Databasfel / database error: {e}");
                return ExitCode::FAILURE;
            }
            import_file(&pool, kind.kind(), &file, sheet.as_deref(), dry_run).await
        }
        Command::Export { command } => export_command(&pool, command).await,
        Command::Backup { out } => match readiness_store::backup::backup(&pool, &out).await {
            Ok(summary) => {
                print_tables(&summary.tables);
                println!(
                    "Säkerhetskopia / backup: {} ({} byte)",
                    out.display(),
                    summary.bytes
                );
                ExitCode::SUCCESS
            }
            Err(readiness_store::backup::BackupError::Store(e)) => {
                eprintln!("Säkerhetskopieringen misslyckades / backup failed: {e}");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(EXIT_INVALID)
            }
        },
        Command::Restore { .. } => unreachable!("handled above"),
        Command::Baseline { command } => baseline_command(&pool, command).await,
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
                Err(e) => {
                    eprintln!("--date: {e}");
                    return ExitCode::from(EXIT_INVALID);
                }
            };
            let cycle = readiness_store::cycles::NewCycle {
                from,
                code,
                name,
                deadline,
                prefix,
                carry_values,
            };
            match readiness_store::cycles::new_cycle(&pool, &cycle).await {
                Ok(s) => {
                    println!(
                        "{}: {} kriterier, {} värden överförda / criteria, values carried",
                        s.code, s.criteria, s.values
                    );
                    ExitCode::SUCCESS
                }
                Err(readiness_store::cycles::CycleError::Store(e)) => {
                    eprintln!("Databasfel / database error: {e}");
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(EXIT_INVALID)
                }
            }
        }
        Command::Sample {
            command: SampleCommand::Load { dir },
        } => load_sample(&pool, &dir).await,
        Command::Sample {
            command: SampleCommand::End,
        } => match end_sample_state(&pool).await {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("Databasfel / database error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Sample {
            command: SampleCommand::Generate { .. },
        } => unreachable!("handled above"),
        Command::User { command } => user_command(&pool, command).await,
        Command::Token { command } => token_command(&pool, command).await,
    }
}

fn print_tables(tables: &[(String, i64)]) {
    for (table, rows) in tables.iter().filter(|(t, _)| !t.starts_with('_')) {
        println!("  {table}: {rows}");
    }
}

/// The password to set: one line from stdin, or a generated one-time password (then `true`).
fn read_password(from_stdin: bool) -> Result<(String, bool), ExitCode> {
    if !from_stdin {
        return Ok((accounts::generate_password(), true));
    }
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(_) => Ok((line.trim_end_matches(['\r', '\n']).to_string(), false)),
        Err(e) => {
            eprintln!("Kunde inte läsa lösenordet / cannot read the password: {e}");
            Err(ExitCode::FAILURE)
        }
    }
}

fn print_one_time(generated: bool, password: &str) {
    if generated {
        println!("Engångslösenord / one-time password: {password}");
    }
}

async fn user_command(pool: &SqlitePool, command: UserCommand) -> ExitCode {
    let result = match command {
        UserCommand::Add {
            email,
            role,
            units,
            name,
            password_stdin,
        } => {
            let Some(role) = readiness_rules::Role::from_code(&role) else {
                eprintln!(
                    "Okänd roll {role:?}: admin, arbetsgrupp, enhetsansvarig eller lasare / unknown role"
                );
                return ExitCode::from(EXIT_INVALID);
            };
            let (password, generated) = match read_password(password_stdin) {
                Ok(p) => p,
                Err(code) => return code,
            };
            if let Err(e) = end_sample_state(pool).await {
                eprintln!("Databasfel / database error: {e}");
                return ExitCode::FAILURE;
            }
            accounts::create_user(pool, &email, &name, role, &password, &units)
                .await
                .map(|_| {
                    println!("Användare skapad / user created: {email} ({})", role.code());
                    print_one_time(generated, &password);
                })
        }
        UserCommand::Passwd {
            email,
            password_stdin,
        } => {
            let (password, generated) = match read_password(password_stdin) {
                Ok(p) => p,
                Err(code) => return code,
            };
            accounts::set_password(pool, &email, &password).await.map(|_| {
                println!(
                    "Lösenordet är bytt och alla sessioner avslutade / password changed, all sessions ended: {email}"
                );
                print_one_time(generated, &password);
            })
        }
        UserCommand::List => accounts::list_users(pool)
            .await
            .map(|users| {
                for u in users {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        u.email,
                        u.role.code(),
                        u.units.join(","),
                        if u.disabled {
                            "avstängd/disabled"
                        } else {
                            "aktiv/active"
                        },
                        u.name
                    );
                }
            })
            .map_err(accounts::AccountError::Store),
        UserCommand::Disable { email } => accounts::set_disabled(pool, &email, true)
            .await
            .map(|_| println!("Avstängd / disabled: {email}")),
        UserCommand::Enable { email } => accounts::set_disabled(pool, &email, false)
            .await
            .map(|_| println!("Aktiverad / enabled: {email}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(accounts::AccountError::Store(e)) => {
            eprintln!("Databasfel / database error: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

async fn token_command(pool: &SqlitePool, command: TokenCommand) -> ExitCode {
    let result = match command {
        TokenCommand::Create { email, label } => accounts::create_token(pool, &email, &label)
            .await
            .map(|token| {
                println!("{token}");
                eprintln!("Visas bara nu; spara den säkert / shown only now; keep it safe");
            }),
        TokenCommand::Revoke { email } => accounts::revoke_tokens(pool, &email)
            .await
            .map(|n| println!("{n} nycklar återkallade / tokens revoked")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// Prints the demo accounts of the sample database.
pub fn print_demo_accounts() {
    println!("Demokonton (bara exempeldatabasen) / demo accounts (sample database only):");
    for (email, _, role, password) in accounts::DEMO_ACCOUNTS {
        println!("  {:<15} {email:<24} {password}", role.code());
    }
}

fn generate(units: usize, months: u32, seed: u64, out: &Path) -> ExitCode {
    let options = readiness_sample::SampleOptions {
        units,
        months,
        seed,
        ..Default::default()
    };
    match readiness_sample::generate(&options).write_to(out) {
        Ok(()) => {
            println!(
                "Exempeldata skrivna till {} / sample data written",
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Kunde inte skriva {} / cannot write: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

async fn serve(
    pool: SqlitePool,
    addr: SocketAddr,
    site_root: &Path,
    secure_cookies: bool,
    network: app::state::Network,
) -> ExitCode {
    let state = AppState::new(
        pool,
        crate::config::leptos_options(addr, site_root),
        secure_cookies,
    )
    .with_network(network);
    // Background imports do not survive a restart: say so instead of "checking" forever.
    match readiness_store::import::history::fail_interrupted(&state.pool).await {
        Ok(0) => {}
        Ok(n) => tracing::warn!(
            uploads = n,
            "imports interrupted by the last stop marked failed"
        ),
        Err(e) => tracing::error!(error = %e, "marking interrupted imports failed"),
    }
    let listener = match tokio::net::TcpListener::bind(addr).await {
        // Without TCP_NODELAY a small answer written in two parts (head, body) waits for the
        // client's delayed acknowledgement: 40 ms for a static file on a reused connection.
        Ok(l) => axum::serve::ListenerExt::tap_io(l, |tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::warn!(error = %e, "TCP_NODELAY not set");
            }
        }),
        Err(e) => {
            eprintln!("Kan inte lyssna på {addr} / cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("readiness körs på / is running at http://{addr}");
    // Read every evaluation into the cache now, not on the first reader's request (a national
    // installation takes seconds to read).
    let warm = state.pool.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match readiness_store::cache::warm(&warm, app::state::today()).await {
            Ok(values) => tracing::info!(
                values,
                ms = started.elapsed().as_millis() as u64,
                "records read into the cache"
            ),
            Err(e) => tracing::warn!(error = %e, "reading the records into the cache failed"),
        }
    });
    // Expired sessions are never loaded again, uploads are kept for a day: clear both hourly.
    let sessions = readiness_store::sessions::SqlSessionStore::new(state.pool.clone());
    let pool = state.pool.clone();
    tokio::spawn(async move {
        let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            hourly.tick().await;
            if let Err(e) = sessions.delete_expired().await {
                tracing::warn!(error = %e, "clearing expired sessions failed");
            }
            if let Err(e) = readiness_store::import::history::delete_old_uploads(&pool).await {
                tracing::warn!(error = %e, "clearing old uploads failed");
            }
        }
    });
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    // The peer address feeds the per-address limit on failed log-ins.
    let service = crate::app(state).into_make_service_with_connect_info::<SocketAddr>();
    match axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Servern stoppade / server stopped: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Imports one file and prints the summary or every problem; returns the exit code.
pub async fn import_file(
    pool: &SqlitePool,
    kind: Option<ImportKind>,
    file: &Path,
    sheet: Option<&str>,
    dry_run: bool,
) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}: kan inte läsas / cannot be read: {e}", file.display());
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let name = file.display().to_string();
    let request = ImportRequest {
        kind,
        file: SheetFile {
            name: &name,
            bytes: &bytes,
            sheet,
        },
        dry_run,
        expected_fingerprint: None,
        user_id: None,
        via: Via::Cli,
    };
    match readiness_store::import::run(pool, &request, &Progress::default()).await {
        Ok(summary) => {
            for note in &summary.notes {
                println!("{name}: {note}");
            }
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(ImportError::Invalid(issues)) => {
            for issue in &issues {
                eprintln!("{issue}");
            }
            eprintln!(
                "{} fel, inget har sparats / {} problems, nothing was written",
                issues.len(),
                issues.len()
            );
            ExitCode::from(EXIT_INVALID)
        }
        Err(ImportError::Store(e)) => {
            eprintln!("Databasfel, inget har sparats / database error, nothing was written: {e}");
            ExitCode::FAILURE
        }
        Err(ImportError::Stale(_)) => unreachable!("the command line never expects a preview"),
    }
}

async fn baseline_command(pool: &SqlitePool, command: BaselineCommand) -> ExitCode {
    use readiness_store::baselines::{self, BaselineError};
    match command {
        BaselineCommand::Freeze { name, as_of } => {
            let as_of = match as_of.as_deref().map(readiness_rules::parse_date) {
                None => app::state::today(),
                Some(Ok(date)) => date,
                Some(Err(e)) => {
                    eprintln!("--as-of: {e}");
                    return ExitCode::from(EXIT_INVALID);
                }
            };
            match baselines::freeze(pool, &name, as_of, None).await {
                Ok(b) => {
                    println!(
                        "Baslinjen \"{}\" är fryst per {} / baseline frozen: {}",
                        b.name,
                        b.as_of,
                        b.evaluations.join(", ")
                    );
                    ExitCode::SUCCESS
                }
                Err(BaselineError::Store(e)) => {
                    eprintln!("Databasfel / database error: {e}");
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(EXIT_INVALID)
                }
            }
        }
        BaselineCommand::List => match baselines::list(pool).await {
            Ok(list) => {
                for b in list {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        b.name,
                        b.as_of,
                        b.frozen_at,
                        b.frozen_by.unwrap_or_else(|| "(cli)".into()),
                        b.evaluations.join(",")
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("Databasfel / database error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

async fn export_command(pool: &SqlitePool, command: ExportCommand) -> ExitCode {
    let as_of = |raw: Option<String>| match raw {
        None => Ok(app::state::today()),
        Some(raw) => readiness_rules::parse_date(&raw).map_err(|e| {
            eprintln!("--as-of: {e}");
            ExitCode::from(EXIT_INVALID)
        }),
    };
    let (result, out) = match command {
        ExportCommand::Matrix {
            evaluation,
            as_of: date,
            format,
            out,
            provider,
            area,
            light,
            lang,
        } => {
            let as_of = match as_of(date) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let request = MatrixRequest {
                evaluation,
                as_of,
                filter: readiness_rules::MatrixFilter {
                    provider,
                    area,
                    light,
                    text: String::new(),
                },
                lang: readiness_rules::Lang::from_code(&lang).unwrap_or_default(),
            };
            (export::matrix(pool, &request, format.into()).await, out)
        }
        ExportCommand::Criteria {
            evaluation,
            format,
            out,
        } => (
            export::criteria(pool, evaluation.as_deref(), format.into()).await,
            out,
        ),
        ExportCommand::Values {
            evaluation,
            format,
            out,
        } => (
            export::values(pool, evaluation.as_deref(), format.into()).await,
            out,
        ),
        ExportCommand::Unit {
            unit,
            as_of: date,
            out,
        } => {
            let as_of = match as_of(date) {
                Ok(d) => d,
                Err(code) => return code,
            };
            (
                export::unit(pool, &unit, as_of, readiness_rules::Lang::Sv).await,
                out,
            )
        }
        ExportCommand::Template { kind, out } => match kind.kind() {
            Some(kind) => (export::template(pool, kind).await, out),
            None => {
                eprintln!("Välj en importtyp för mallen / choose an import kind");
                return ExitCode::from(EXIT_INVALID);
            }
        },
    };
    match result {
        Ok(bytes) => match std::fs::write(&out, &bytes) {
            Ok(()) => {
                println!("{}: {} byte", out.display(), bytes.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "{}: kan inte skrivas / cannot be written: {e}",
                    out.display()
                );
                ExitCode::FAILURE
            }
        },
        Err(ExportError::NotFound(message)) => {
            eprintln!("{message}");
            ExitCode::from(EXIT_INVALID)
        }
        Err(e) => {
            eprintln!("Exporten misslyckades / export failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// [`accounts::end_sample_state`], saying so when it happened.
async fn end_sample_state(pool: &SqlitePool) -> Result<(), readiness_store::StoreError> {
    if accounts::end_sample_state(pool).await? {
        eprintln!(
            "Exempeldatabasen används nu på riktigt: demokontona är avstängda / the sample database is now in real use: demo accounts disabled"
        );
    }
    Ok(())
}

async fn load_sample(pool: &SqlitePool, dir: &Path) -> ExitCode {
    match (
        queries::is_empty(pool).await,
        queries::is_sample(pool).await,
    ) {
        (Ok(false), Ok(false)) => {
            eprintln!(
                "Databasen innehåller riktiga data; exempeldata läses inte in / the database holds real data, sample data not loaded"
            );
            return ExitCode::from(EXIT_INVALID);
        }
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("Databasfel / database error: {e}");
            return ExitCode::FAILURE;
        }
        _ => {}
    }
    for kind in ImportKind::ALL {
        let code = import_file(pool, Some(kind), &dir.join(kind.file_name()), None, false).await;
        if code != ExitCode::SUCCESS {
            return code;
        }
    }
    if let Err(e) = queries::mark_sample(pool).await {
        eprintln!("Databasfel / database error: {e}");
        return ExitCode::FAILURE;
    }
    // Demo accounts exist only in the sample database (checked above): never in real data.
    if let Err(e) = accounts::ensure_demo_accounts(pool).await {
        eprintln!("Demokonton kunde inte skapas / demo accounts not created: {e}");
        return ExitCode::FAILURE;
    }
    print_demo_accounts();
    ExitCode::SUCCESS
}
