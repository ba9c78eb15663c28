//! `readiness user …` and `readiness token …`.

use std::process::ExitCode;

use readiness_store::{Pool, accounts};

use super::{TokenCommand, UserCommand, database_error, invalid, lang, say};

/// The password to set: one line from stdin, or a generated one-time password (then `true`).
fn read_password(from_stdin: bool) -> Result<(String, bool), ExitCode> {
    if !from_stdin {
        return Ok((accounts::generate_password(), true));
    }
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(_) => Ok((line.trim_end_matches(['\r', '\n']).to_string(), false)),
        Err(e) => {
            eprintln!(
                "{}",
                say(
                    format!("Kunde inte läsa lösenordet: {e}"),
                    format!("Cannot read the password: {e}"),
                )
            );
            Err(ExitCode::FAILURE)
        }
    }
}

fn print_one_time(generated: bool, password: &str) {
    if generated {
        println!(
            "{}: {password}",
            say("Engångslösenord", "One-time password")
        );
    }
}

pub(super) async fn user_command(pool: &Pool, command: UserCommand) -> ExitCode {
    let result = match command {
        UserCommand::Add {
            email,
            role,
            units,
            name,
            password_stdin,
        } => {
            let Some(role) = readiness_rules::Role::from_code(&role) else {
                return invalid(say(
                    format!("Okänd roll {role:?}: admin, arbetsgrupp, enhetsansvarig eller lasare"),
                    format!("Unknown role {role:?}: admin, arbetsgrupp, enhetsansvarig or lasare"),
                ));
            };
            let (password, generated) = match read_password(password_stdin) {
                Ok(p) => p,
                Err(code) => return code,
            };
            if let Err(e) = super::sample::end_sample_state(pool).await {
                return database_error(e);
            }
            accounts::create_user(pool, &email, &name, role, &password, &units)
                .await
                .map(|_| {
                    println!(
                        "{}",
                        say(
                            format!("Användare skapad: {email} ({})", role.code()),
                            format!("User created: {email} ({})", role.code()),
                        )
                    );
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
            accounts::set_password(pool, &email, &password)
                .await
                .map(|_| {
                    println!(
                        "{}",
                        say(
                            format!("Lösenordet är bytt och alla sessioner avslutade: {email}"),
                            format!("The password is changed and all sessions ended: {email}"),
                        )
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
                            say("avstängd", "disabled")
                        } else {
                            say("aktiv", "active")
                        },
                        u.name
                    );
                }
            })
            .map_err(accounts::AccountError::Store),
        UserCommand::Disable { email } => accounts::set_disabled(pool, &email, true)
            .await
            .map(|_| println!("{}: {email}", say("Avstängd", "Disabled"))),
        UserCommand::Enable { email } => accounts::set_disabled(pool, &email, false)
            .await
            .map(|_| println!("{}: {email}", say("Aktiverad", "Enabled"))),
        UserCommand::UnlinkSso { email } => match accounts::normalize_email(&email) {
            Ok(email) => readiness_store::sso::unlink(pool, &email)
                .await
                .map(|unlinked| {
                    if unlinked {
                        println!(
                            "{}: {email}",
                            say(
                                "Inte längre kopplad till identitetsleverantören",
                                "No longer tied to the identity provider"
                            )
                        );
                    } else {
                        println!(
                            "{}: {email}",
                            say(
                                "Var inte kopplad till identitetsleverantören",
                                "Was not tied to the identity provider"
                            )
                        );
                    }
                })
                .map_err(accounts::AccountError::Store),
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(accounts::AccountError::Store(e)) => database_error(e),
        Err(e) => invalid(e.text().get(lang())),
    }
}

pub(super) async fn token_command(pool: &Pool, command: TokenCommand) -> ExitCode {
    let result = match command {
        TokenCommand::Create { email, label } => accounts::create_token(pool, &email, &label)
            .await
            .map(|token| {
                println!("{token}");
                eprintln!(
                    "{}",
                    say(
                        "Visas bara nu; spara den säkert.",
                        "Shown only now; keep it safe."
                    )
                );
            }),
        TokenCommand::Revoke { email } => accounts::revoke_tokens(pool, &email).await.map(|n| {
            println!(
                "{}",
                say(
                    format!("{n} nycklar återkallade"),
                    format!("{n} tokens revoked")
                )
            )
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(accounts::AccountError::Store(e)) => database_error(e),
        Err(e) => invalid(e.text().get(lang())),
    }
}
