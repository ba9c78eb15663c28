//! `readiness sample generate|load|end`: the sample data and the sample state.

use std::path::Path;
use std::process::ExitCode;

use readiness_store::import::ImportKind;
use readiness_store::{Pool, accounts, queries};

use super::{database_error, invalid, say};

pub(super) fn generate(units: usize, months: u32, seed: u64, out: &Path) -> ExitCode {
    let options = readiness_sample::SampleOptions {
        units,
        months,
        seed,
        ..Default::default()
    };
    match readiness_sample::generate(&options).write_to(out) {
        Ok(()) => {
            println!(
                "{}",
                say(
                    format!("Exempeldata skrivna till {}", out.display()),
                    format!("Sample data written to {}", out.display()),
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "{}",
                say(
                    format!("Kunde inte skriva {}: {e}", out.display()),
                    format!("Cannot write {}: {e}", out.display()),
                )
            );
            ExitCode::FAILURE
        }
    }
}

/// [`accounts::end_sample_state`], saying so when it happened.
pub(super) async fn end_sample_state(pool: &Pool) -> Result<(), readiness_store::StoreError> {
    if accounts::end_sample_state(pool).await? {
        eprintln!(
            "{}",
            say(
                "Exempeldatabasen används nu på riktigt: demokontona är avstängda.",
                "The sample database is now in real use: the demo accounts are disabled.",
            )
        );
    }
    Ok(())
}

pub(super) async fn load_sample(pool: &Pool, dir: &Path) -> ExitCode {
    match (
        queries::is_empty(pool).await,
        queries::is_sample(pool).await,
    ) {
        (Ok(false), Ok(false)) => {
            return invalid(say(
                "Databasen innehåller riktiga data; exempeldata läses inte in.",
                "The database holds real data; the sample data is not loaded.",
            ));
        }
        (Err(e), _) | (_, Err(e)) => return database_error(e),
        _ => {}
    }
    for kind in ImportKind::ALL {
        let path = dir.join(kind.file_name());
        // Sample folders written before these kinds existed have no such files.
        if matches!(
            kind,
            ImportKind::DevelopmentAreas
                | ImportKind::DevelopmentActions
                | ImportKind::SystemQuestions
                | ImportKind::UnitFollowUps
                | ImportKind::Designations
        ) && !path.exists()
        {
            continue;
        }
        let code =
            super::data::import_file(pool, Some(kind), &dir.join(kind.file_name()), None, false)
                .await;
        if code != ExitCode::SUCCESS {
            return code;
        }
    }
    if let Err(e) = queries::mark_sample(pool).await {
        return database_error(e);
    }
    // Demo accounts exist only in the sample database (checked above): never in real data.
    if let Err(e) = accounts::ensure_demo_accounts(pool).await {
        eprintln!(
            "{}",
            say(
                format!("Demokonton kunde inte skapas: {e}"),
                format!("The demo accounts could not be created: {e}"),
            )
        );
        return ExitCode::FAILURE;
    }
    print_demo_accounts();
    ExitCode::SUCCESS
}

/// Prints the demo accounts of the sample database.
pub(super) fn print_demo_accounts() {
    println!(
        "{}",
        say(
            "Demokonton (bara exempeldatabasen):",
            "Demo accounts (sample database only):"
        )
    );
    for (email, _, role, password) in accounts::DEMO_ACCOUNTS {
        println!("  {:<15} {email:<24} {password}", role.code());
    }
}
