//! The command line: `serve`, `import`, `sample generate|load`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use app::state::AppState;
use clap::{Parser, Subcommand, ValueEnum};
use readiness_store::import::{ImportError, ImportKind, import};
use readiness_store::{SqlitePool, queries};

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
    },
    /// Validate and import a CSV file; nothing is written if any row is wrong (exit code 2).
    Import {
        kind: KindArg,
        file: PathBuf,
        /// Validate and report what would change, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Generate or load the sample data (Exempeldata).
    Sample {
        #[command(subcommand)]
        command: SampleCommand,
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
}

#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    Evaluations,
    Criteria,
    Units,
    Values,
    Plans,
}

impl From<KindArg> for ImportKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Evaluations => ImportKind::Evaluations,
            KindArg::Criteria => ImportKind::Criteria,
            KindArg::Units => ImportKind::Units,
            KindArg::Values => ImportKind::Values,
            KindArg::Plans => ImportKind::Plans,
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
        Command::Serve { addr, site_root } => serve(pool, addr, &site_root).await,
        Command::Import {
            kind,
            file,
            dry_run,
        } => import_file(&pool, kind.into(), &file, dry_run).await,
        Command::Sample {
            command: SampleCommand::Load { dir },
        } => load_sample(&pool, &dir).await,
        Command::Sample {
            command: SampleCommand::Generate { .. },
        } => unreachable!("handled above"),
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

async fn serve(pool: SqlitePool, addr: SocketAddr, site_root: &Path) -> ExitCode {
    let state = AppState {
        pool,
        leptos_options: crate::config::leptos_options(addr, site_root),
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("Kan inte lyssna på {addr} / cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("readiness körs på / is running at http://{addr}");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, crate::app(state))
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
    kind: ImportKind,
    file: &Path,
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
    match import(pool, kind, &name, &bytes, dry_run).await {
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
    }
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
        let code = import_file(pool, kind, &dir.join(kind.file_name()), false).await;
        if code != ExitCode::SUCCESS {
            return code;
        }
    }
    if let Err(e) = queries::mark_sample(pool).await {
        eprintln!("Databasfel / database error: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
