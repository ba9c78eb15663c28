//! Data in and out: `import`, `export`, `backup`, `restore`, `move-data`, `baseline`, `cycle`.

use std::path::Path;
use std::process::ExitCode;

use readiness_store::Pool;
use readiness_store::export::{self, ExportError, MatrixRequest};
use readiness_store::import::{
    ImportError, ImportKind, ImportRequest, ImportSummary, Progress, SheetFile, Via,
};

use super::{BaselineCommand, ExportCommand, database_error, invalid, lang, print_tables, say};

/// Imports one file and prints the summary or every problem; returns the exit code.
pub(super) async fn import_file(
    pool: &Pool,
    kind: Option<ImportKind>,
    file: &Path,
    sheet: Option<&str>,
    dry_run: bool,
) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            return invalid(say(
                format!("{}: kan inte läsas: {e}", file.display()),
                format!("{}: cannot be read: {e}", file.display()),
            ));
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
                println!("{name}: {}", note.get(lang()));
            }
            println!("{}", summary_line(&summary));
            ExitCode::SUCCESS
        }
        Err(ImportError::Invalid(issues)) => {
            for issue in &issues {
                eprintln!("{}: {}", issue.place(), issue.message.get(lang()));
            }
            invalid(say(
                format!("{} fel, inget har sparats.", issues.len()),
                format!("{} problems, nothing was written.", issues.len()),
            ))
        }
        Err(ImportError::Store(e)) => {
            eprintln!(
                "{}: {e}",
                say(
                    "Databasfel, inget har sparats",
                    "Database error, nothing was written"
                )
            );
            ExitCode::FAILURE
        }
        Err(ImportError::Stale(_)) => unreachable!("the command line never expects a preview"),
    }
}

pub(super) async fn baseline_command(pool: &Pool, command: BaselineCommand) -> ExitCode {
    use readiness_store::baselines::{self, BaselineError};
    match command {
        BaselineCommand::Freeze { name, as_of } => {
            let as_of = match as_of.as_deref().map(readiness_rules::parse_date) {
                None => app::state::today(),
                Some(Ok(date)) => date,
                Some(Err(e)) => return invalid(format!("--as-of: {}", e.0.get(lang()))),
            };
            match baselines::freeze(pool, &name, as_of, None).await {
                Ok(b) => {
                    let evaluations = b.evaluations.join(", ");
                    println!(
                        "{}",
                        say(
                            format!(
                                "Baslinjen \"{}\" är fryst per {}: {evaluations}",
                                b.name, b.as_of
                            ),
                            format!(
                                "The baseline \"{}\" is frozen as of {}: {evaluations}",
                                b.name, b.as_of
                            ),
                        )
                    );
                    ExitCode::SUCCESS
                }
                Err(BaselineError::Store(e)) => database_error(e),
                Err(e) => invalid(e.text().get(lang())),
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
            Err(e) => database_error(e),
        },
    }
}

pub(super) async fn export_command(pool: &Pool, command: ExportCommand) -> ExitCode {
    let as_of = |raw: Option<String>| match raw {
        None => Ok(app::state::today()),
        Some(raw) => readiness_rules::parse_date(&raw)
            .map_err(|e| invalid(format!("--as-of: {}", e.0.get(lang())))),
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
                lang: lang(),
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
        ExportCommand::Development {
            as_of: date,
            format,
            table,
            out,
        } => {
            let as_of = match as_of(date) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let table = match table {
                super::DevelopmentTableArg::Areas => export::DevelopmentTable::Areas,
                super::DevelopmentTableArg::Actions => export::DevelopmentTable::Actions,
            };
            (
                export::development(pool, as_of, format.into(), table, lang()).await,
                out,
            )
        }
        ExportCommand::SystemLevel {
            as_of: date,
            format,
            out,
        } => {
            let as_of = match as_of(date) {
                Ok(d) => d,
                Err(code) => return code,
            };
            (
                export::system_level_table(pool, as_of, format.into(), lang()).await,
                out,
            )
        }
        ExportCommand::FollowUps {
            as_of: date,
            format,
            out,
        } => {
            let as_of = match as_of(date) {
                Ok(d) => d,
                Err(code) => return code,
            };
            (
                export::unit_follow_ups(pool, as_of, format.into(), lang()).await,
                out,
            )
        }
        ExportCommand::Designations {
            as_of: date,
            format,
            out,
        } => {
            let as_of = match as_of(date) {
                Ok(d) => d,
                Err(code) => return code,
            };
            (
                export::designations(pool, as_of, format.into(), lang()).await,
                out,
            )
        }
        ExportCommand::Unit {
            unit,
            as_of: date,
            out,
        } => {
            let as_of = match as_of(date) {
                Ok(d) => d,
                Err(code) => return code,
            };
            (export::unit(pool, &unit, as_of, lang()).await, out)
        }
        ExportCommand::Template { kind, out } => match kind.kind() {
            Some(kind) => (export::template(pool, kind).await, out),
            None => {
                return invalid(say(
                    "Välj en importtyp för mallen.",
                    "Choose an import kind for the template.",
                ));
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
                    "{}",
                    say(
                        format!("{}: kan inte skrivas: {e}", out.display()),
                        format!("{}: cannot be written: {e}", out.display()),
                    )
                );
                ExitCode::FAILURE
            }
        },
        Err(ExportError::NotFound(message)) => invalid(message.get(lang())),
        Err(e) => {
            eprintln!("{}: {e}", say("Exporten misslyckades", "The export failed"));
            ExitCode::FAILURE
        }
    }
}

/// What an import did (or, for a dry run, would do), on one line.
fn summary_line(summary: &ImportSummary) -> String {
    let sheet = summary
        .sheet
        .as_ref()
        .map(|s| format!(" [{s}]"))
        .unwrap_or_default();
    let (rows, added, changed, unchanged) = (
        summary.rows,
        summary.added,
        summary.changed,
        summary.unchanged,
    );
    let kind = summary.kind.label(lang());
    say(
        format!(
            "{}{}{sheet} ({kind}): {rows} rader — {added} nya, {changed} ändrade, {unchanged} oförändrade",
            if summary.dry_run {
                "[provkörning] "
            } else {
                ""
            },
            summary.file,
        ),
        format!(
            "{}{}{sheet} ({kind}): {rows} rows — {added} added, {changed} changed, {unchanged} unchanged",
            if summary.dry_run { "[dry run] " } else { "" },
            summary.file,
        ),
    )
}

pub(super) async fn backup(pool: &Pool, out: &Path) -> ExitCode {
    use readiness_store::backup::BackupError;
    match readiness_store::backup::backup(pool, out).await {
        Ok(summary) => {
            print_tables(&summary.tables);
            println!(
                "{}: {} ({} byte)",
                say("Säkerhetskopia", "Backup"),
                out.display(),
                summary.bytes
            );
            ExitCode::SUCCESS
        }
        Err(BackupError::Store(e)) => {
            eprintln!(
                "{}: {e}",
                say("Säkerhetskopieringen misslyckades", "The backup failed")
            );
            ExitCode::FAILURE
        }
        Err(e) => invalid(e.text().get(lang())),
    }
}

/// Replaces the database file `database` (a URL or path) with the backup `from`.
pub(super) async fn restore(database: &str, from: &Path) -> ExitCode {
    use readiness_store::backup::BackupError;
    let target = database;
    match readiness_store::backup::restore(from, target).await {
        Ok(tables) => {
            print_tables(&tables);
            println!(
                "{}",
                say(
                    format!(
                        "Återställd från {} till {}",
                        from.display(),
                        readiness_store::redacted_url(target)
                    ),
                    format!(
                        "Restored from {} to {}",
                        from.display(),
                        readiness_store::redacted_url(target)
                    ),
                )
            );
            ExitCode::SUCCESS
        }
        Err(BackupError::Store(e)) => invalid(format!(
            "{}: {e}",
            say("Återställningen misslyckades", "The restore failed")
        )),
        Err(e) => invalid(format!(
            "{}: {}",
            say("Återställningen misslyckades", "The restore failed"),
            e.text().get(lang())
        )),
    }
}

/// Copies every table of the database `from` into the empty database `to`.
pub(super) async fn move_data(from: &str, to: &str) -> ExitCode {
    use readiness_store::move_data::MoveError;
    let open = |url: &str| {
        let url = url.to_string();
        async move {
            readiness_store::open(&url).await.map_err(|e| {
                say(
                    format!(
                        "Kunde inte öppna databasen {}: {e}",
                        readiness_store::redacted_url(&url)
                    ),
                    format!(
                        "Cannot open the database {}: {e}",
                        readiness_store::redacted_url(&url)
                    ),
                )
            })
        }
    };
    let (source, target) = match (open(from).await, open(to).await) {
        (Ok(source), Ok(target)) => (source, target),
        (Err(message), _) | (_, Err(message)) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    match readiness_store::move_data::copy_all(&source, &target).await {
        Ok(tables) => {
            print_tables(&tables);
            let rows: i64 = tables.iter().map(|(_, n)| n).sum();
            println!(
                "{}",
                say(
                    format!(
                        "Flyttade {rows} rader i {} tabeller från {} till {}",
                        tables.len(),
                        readiness_store::redacted_url(from),
                        readiness_store::redacted_url(to)
                    ),
                    format!(
                        "Moved {rows} rows in {} tables from {} to {}",
                        tables.len(),
                        readiness_store::redacted_url(from),
                        readiness_store::redacted_url(to)
                    ),
                )
            );
            ExitCode::SUCCESS
        }
        Err(MoveError::Store(e)) => {
            eprintln!(
                "{}: {e}",
                say(
                    "Flytten misslyckades; inget skrevs",
                    "The move failed; nothing was written"
                )
            );
            ExitCode::FAILURE
        }
        Err(e) => invalid(e.text().get(lang())),
    }
}

pub(super) async fn cycle(pool: &Pool, cycle: &readiness_store::cycles::NewCycle) -> ExitCode {
    use readiness_store::cycles::CycleError;
    match readiness_store::cycles::new_cycle(pool, cycle).await {
        Ok(s) => {
            println!(
                "{}",
                say(
                    format!(
                        "{}: {} kriterier, {} värden överförda",
                        s.code, s.criteria, s.values
                    ),
                    format!(
                        "{}: {} criteria, {} values carried",
                        s.code, s.criteria, s.values
                    ),
                )
            );
            ExitCode::SUCCESS
        }
        Err(CycleError::Store(e)) => database_error(e),
        Err(e) => invalid(e.text().get(lang())),
    }
}
