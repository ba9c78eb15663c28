//! Users, their units, passwords (argon2id) and API tokens (stored as SHA-256 hashes).

use crate::Pool;
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use readiness_rules::{Actor, Role, Text};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{StoreError, StoredFlag, now_stamp};

/// Why an account change was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{}", self.text())]
    InvalidEmail(String),
    #[error("{}", self.text())]
    Exists(String),
    #[error("{}", self.text())]
    NoSuchUser(String),
    #[error("{}", self.text())]
    UnknownUnit(String),
    #[error("{}", self.text())]
    WeakPassword,
    #[error("{}", self.text())]
    CommonPassword,
    #[error("{}", self.text())]
    LeadWithoutUnits,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AccountError {
    /// What the person changing the account is told (the Swedish is also the `Display`).
    pub fn text(&self) -> Text {
        match self {
            AccountError::InvalidEmail(email) => Text::new(
                format!("Ogiltig e-postadress: {email}"),
                format!("Invalid e-mail address: {email}"),
            ),
            AccountError::Exists(email) => Text::new(
                format!("Det finns redan en användare med adressen {email}."),
                format!("A user with the address {email} exists."),
            ),
            AccountError::NoSuchUser(email) => Text::new(
                format!("Ingen användare har adressen {email}."),
                format!("No user has the address {email}."),
            ),
            AccountError::UnknownUnit(unit) => Text::new(
                format!("Okänd enhet: {unit}"),
                format!("Unknown unit: {unit}"),
            ),
            AccountError::WeakPassword => Text::new(
                format!("Lösenordet måste ha minst {MIN_PASSWORD} tecken."),
                format!("The password needs at least {MIN_PASSWORD} characters."),
            ),
            AccountError::CommonPassword => Text::new(
                "Lösenordet är ett av de vanligaste och gissas först; välj ett annat.",
                "The password is one of the most common ones; choose another.",
            ),
            AccountError::LeadWithoutUnits => Text::new(
                "En enhetsansvarig behöver minst en enhet.",
                "A unit lead needs at least one unit.",
            ),
            AccountError::Store(_) => crate::internal_text(),
        }
    }
}

impl From<sqlx::Error> for AccountError {
    fn from(e: sqlx::Error) -> Self {
        AccountError::Store(StoreError::Database(e))
    }
}

pub const MIN_PASSWORD: usize = 10;

/// A user as the server needs it on every request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub generation: i64,
    /// Unit codes (only meaningful for unit leads).
    pub units: Vec<String>,
}

impl User {
    pub fn actor(&self) -> Actor {
        Actor {
            role: self.role,
            units: self.units.clone(),
        }
    }
}

pub fn normalize_email(email: &str) -> Result<String, AccountError> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if valid {
        Ok(email)
    } else {
        Err(AccountError::InvalidEmail(email))
    }
}

/// The shipped list of common passwords (see the file's head).
const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

/// Whether `password` is on the list of common passwords (compared in lower case).
pub fn is_common_password(password: &str) -> bool {
    let lower = password.trim().to_lowercase();
    COMMON_PASSWORDS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l == lower)
}

/// The rules a new password must meet, before anything is hashed.
pub fn check_new_password(password: &str) -> Result<(), AccountError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(AccountError::WeakPassword);
    }
    if is_common_password(password) {
        return Err(AccountError::CommonPassword);
    }
    Ok(())
}

/// Runs `work` (argon2: tens of milliseconds of CPU) on tokio's blocking threads, at most one per
/// core at a time, so a burst of sign-ins queues instead of stalling every other request.
async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StoreError> {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let slots = SLOTS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    });
    let _slot = slots
        .acquire()
        .await
        .map_err(|e| StoreError::Corrupt(format!("hashing pool closed: {e}")))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| StoreError::Corrupt(format!("hashing failed: {e}")))
}

/// [`hash_password`] off the async runtime.
pub async fn hash_password_off_runtime(password: &str) -> Result<String, AccountError> {
    let password = password.to_string();
    off_runtime(move || hash_password(&password)).await?
}

/// [`verify_password`] off the async runtime.
pub async fn verify_password_off_runtime(hash: String, password: &str) -> Result<bool, StoreError> {
    let password = password.to_string();
    off_runtime(move || verify_password(&hash, &password)).await
}

pub fn hash_password(password: &str) -> Result<String, AccountError> {
    check_new_password(password)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Store(StoreError::Corrupt(format!("hashing failed: {e}"))))
}

/// Checks a password against a stored hash; a malformed hash never matches.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A random secret of `bytes` bytes as lower-case hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A one-time password that is easy to type: four groups of four letters and digits.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut buf = [0u8; 16];
    OsRng.fill_bytes(&mut buf);
    let chars: Vec<char> = buf
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

async fn unit_ids(
    tx: &mut sqlx::AnyConnection,
    units: &[String],
) -> Result<Vec<i64>, AccountError> {
    let mut ids = Vec::new();
    for code in units {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
            .bind(code.trim())
            .fetch_optional(&mut *tx)
            .await?;
        ids.push(id.ok_or_else(|| AccountError::UnknownUnit(code.clone()))?);
    }
    Ok(ids)
}

/// Creates a user. Unit leads need at least one unit; other roles ignore `units`.
pub async fn create_user(
    pool: &Pool,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
    units: &[String],
) -> Result<i64, AccountError> {
    let email = normalize_email(email)?;
    if role == Role::Enhetsansvarig && units.is_empty() {
        return Err(AccountError::LeadWithoutUnits);
    }
    let hash = hash_password_off_runtime(password).await?;
    let mut tx = crate::dialect::begin_writing(pool).await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Err(AccountError::Exists(email));
    }
    let ids = if role == Role::Enhetsansvarig {
        unit_ids(&mut tx, units).await?
    } else {
        Vec::new()
    };
    // The same address added since the look above (another request or instance) makes this
    // insert nothing rather than fail.
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO users (email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(&email)
    .bind(name.trim())
    .bind(role.code())
    .bind(&hash)
    .bind(now_stamp())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Err(AccountError::Exists(email));
    };
    for unit in ids {
        sqlx::query("INSERT INTO user_units (user_id, unit_id) VALUES ($1, $2)")
            .bind(id)
            .bind(unit)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Sets a new password and ends every session of the user.
pub async fn set_password(pool: &Pool, email: &str, password: &str) -> Result<(), AccountError> {
    let email = normalize_email(email)?;
    let hash = hash_password_off_runtime(password).await?;
    change_user(pool, email, UserChange::Password(hash)).await
}

/// Disables (or enables again) a user; disabling ends every session and revokes no data.
pub async fn set_disabled(pool: &Pool, email: &str, disabled: bool) -> Result<(), AccountError> {
    change_user(
        pool,
        normalize_email(email)?,
        UserChange::Disabled(disabled),
    )
    .await
}

enum UserChange {
    Password(String),
    Disabled(bool),
}

/// Applies one change to a user and ends their sessions (the generation moves on).
async fn change_user(pool: &Pool, email: String, change: UserChange) -> Result<(), AccountError> {
    let query = match change {
        UserChange::Password(hash) => sqlx::query(
            "UPDATE users SET password_hash = $1, generation = generation + 1 WHERE email = $2",
        )
        .bind(hash),
        UserChange::Disabled(disabled) => sqlx::query(
            "UPDATE users SET disabled = $1, generation = generation + 1 WHERE email = $2",
        )
        .bind(StoredFlag(disabled)),
    };
    let done = query.bind(&email).execute(pool).await?;
    if done.rows_affected() == 0 {
        return Err(AccountError::NoSuchUser(email));
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    disabled: StoredFlag,
    generation: i64,
    units: Option<String>,
}

const USER_SELECT: &str = "SELECT u.id, u.email, u.name, u.role, u.disabled, u.generation, \
     (SELECT string_agg(n.code, ',' ORDER BY n.code) FROM user_units uu JOIN units n ON n.id = uu.unit_id \
       WHERE uu.user_id = u.id) AS units FROM users u";

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<User, StoreError> {
        Ok(User {
            role: Role::from_code(&r.role)
                .ok_or_else(|| StoreError::Corrupt(format!("bad stored role {:?}", r.role)))?,
            units: r
                .units
                .map(|u| u.split(',').map(str::to_string).collect())
                .unwrap_or_default(),
            id: r.id,
            email: r.email,
            name: r.name,
            disabled: r.disabled.0,
            generation: r.generation,
        })
    }
}

pub async fn user_by_id(pool: &Pool, id: i64) -> Result<Option<User>, StoreError> {
    sqlx::query_as::<_, UserRow>(&format!("{USER_SELECT} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .map(User::try_from)
        .transpose()
}

/// The user with this address (compared as stored: trimmed, lower case), if any.
pub async fn user_by_email(pool: &Pool, email: &str) -> Result<Option<User>, AccountError> {
    let email = normalize_email(email)?;
    Ok(
        sqlx::query_as::<_, UserRow>(&format!("{USER_SELECT} WHERE u.email = $1"))
            .bind(email)
            .fetch_optional(pool)
            .await?
            .map(User::try_from)
            .transpose()?,
    )
}

pub async fn list_users(pool: &Pool) -> Result<Vec<User>, StoreError> {
    sqlx::query_as::<_, UserRow>(&format!("{USER_SELECT} ORDER BY u.email"))
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(User::try_from)
        .collect()
}

/// The user for an e-mail and password, or `None` — the same answer whatever was wrong, so a
/// caller cannot tell a missing account from a wrong password. Disabled users never match.
pub async fn authenticate(
    pool: &Pool,
    email: &str,
    password: &str,
) -> Result<Option<User>, StoreError> {
    let email = email.trim().to_lowercase();
    let row: Option<(i64, String, StoredFlag)> =
        sqlx::query_as("SELECT id, password_hash, disabled FROM users WHERE email = $1")
            .bind(&email)
            .fetch_optional(pool)
            .await?;
    let Some((id, hash, StoredFlag(disabled))) = row else {
        // Spend the same time as a real check, so timing does not reveal which accounts exist.
        let _ = verify_password_off_runtime(DUMMY_HASH.to_string(), password).await?;
        return Ok(None);
    };
    if !verify_password_off_runtime(hash, password).await? || disabled {
        return Ok(None);
    }
    user_by_id(pool, id).await
}

/// An argon2id hash of a random string, checked when an account does not exist.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Q1m3LIgqNsr3vHj0wZOi0cMhC0gMaEP+ZXWSnc/Pjo";

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Creates an API token for a user; the token itself is returned once and only its hash stored.
pub async fn create_token(pool: &Pool, email: &str, label: &str) -> Result<String, AccountError> {
    let email = normalize_email(email)?;
    let user: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(pool)
        .await?;
    let user = user.ok_or(AccountError::NoSuchUser(email))?;
    let token = format!("rdy_{}", random_hex(32));
    sqlx::query(
        "INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user)
    .bind(token_hash(&token))
    .bind(label)
    .bind(now_stamp())
    .execute(pool)
    .await?;
    Ok(token)
}

/// Revokes every token of a user; returns how many were revoked.
pub async fn revoke_tokens(pool: &Pool, email: &str) -> Result<u64, AccountError> {
    let email = normalize_email(email)?;
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE revoked_at IS NULL \
         AND user_id = (SELECT id FROM users WHERE email = $2)",
    )
    .bind(now_stamp())
    .bind(&email)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// The enabled user a valid, unrevoked token belongs to.
pub async fn user_for_token(pool: &Pool, token: &str) -> Result<Option<User>, StoreError> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0",
    )
    .bind(token_hash(token))
    .fetch_optional(pool)
    .await?;
    match id {
        Some(id) => user_by_id(pool, id).await,
        None => Ok(None),
    }
}

/// The demo accounts of the sample database: one per role, with passwords printed by the demo
/// command and shown on the log-in page only while the database holds sample data.
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 4] = [
    (
        "admin@exempel.se",
        "Ada Admin",
        Role::Admin,
        "demo-admin-2026",
    ),
    (
        "arbetsgrupp@exempel.se",
        "Anna Arbetsgrupp",
        Role::Arbetsgrupp,
        "demo-arbetsgrupp-2026",
    ),
    (
        "enhet@exempel.se",
        "Erik Enhetsansvarig",
        Role::Enhetsansvarig,
        "demo-enhet-2026",
    ),
    (
        "ledning@exempel.se",
        "Lena Ledning",
        Role::Lasare,
        "demo-ledning-2026",
    ),
];

/// The units the demo unit lead is responsible for (the first two units where these do not
/// exist: a generated sample of 1,000 units or more numbers them `E0001`, …).
pub const DEMO_LEAD_UNITS: [&str; 2] = ["E001", "E002"];

/// Ends the sample state of a sample database, once real use begins (a real account, a real
/// import): the sample flag goes (and with it the banner and the demo passwords on the log-in
/// page) and the demo accounts are disabled, which ends their sessions. Returns whether there
/// was a sample state to end. The sample *data* stays until the real data replaces it.
pub async fn end_sample_state(pool: &Pool) -> Result<bool, StoreError> {
    let mut tx = crate::dialect::begin_writing(pool).await?;
    let ended = sqlx::query("DELETE FROM settings WHERE key = 'sample_data'")
        .execute(&mut *tx)
        .await?
        .rows_affected()
        > 0;
    if ended {
        for (email, ..) in DEMO_ACCOUNTS {
            sqlx::query(
                "UPDATE users SET disabled = 1, generation = generation + 1 WHERE email = $1",
            )
            .bind(email)
            .execute(&mut *tx)
            .await?;
        }
        tracing::warn!("the sample state ended: demo accounts disabled");
    }
    tx.commit().await?;
    Ok(ended)
}

/// Whether `email` is one of the demo accounts.
pub fn is_demo_account(email: &str) -> bool {
    DEMO_ACCOUNTS
        .iter()
        .any(|(demo, ..)| demo.eq_ignore_ascii_case(email.trim()))
}

/// Creates the demo accounts that do not exist yet.
pub async fn ensure_demo_accounts(pool: &Pool) -> Result<(), AccountError> {
    let named: Vec<String> =
        sqlx::query_scalar("SELECT code FROM units WHERE code IN ($1, $2) ORDER BY code")
            .bind(DEMO_LEAD_UNITS[0])
            .bind(DEMO_LEAD_UNITS[1])
            .fetch_all(pool)
            .await?;
    let units: Vec<String> = if named.len() == DEMO_LEAD_UNITS.len() {
        named
    } else {
        sqlx::query_scalar("SELECT code FROM units ORDER BY code LIMIT 2")
            .fetch_all(pool)
            .await?
    };
    for (email, name, role, password) in DEMO_ACCOUNTS {
        match create_user(pool, email, name, role, password, &units).await {
            Ok(_) | Err(AccountError::Exists(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("rätt häst batteri").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "rätt häst batteri"));
        assert!(!verify_password(&hash, "rätt häst batteri "));
        assert!(!verify_password("not a hash", "x"));
        assert!(matches!(
            hash_password("kort"),
            Err(AccountError::WeakPassword)
        ));
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalize_email(" Anna.Ek@Exempel.SE ").unwrap(),
            "anna.ek@exempel.se"
        );
        for bad in [
            "",
            "anna",
            "@exempel.se",
            "anna@exempel",
            "an na@exempel.se",
            "anna@.se",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn generated_secrets_differ_and_have_their_shape() {
        let a = generate_password();
        assert_eq!(a.len(), 19);
        assert_ne!(a, generate_password());
        assert_eq!(random_hex(16).len(), 32);
    }

    #[test]
    fn dummy_hash_is_a_valid_hash() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
