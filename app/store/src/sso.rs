//! Single sign-on: which of our accounts an identity from the provider is, and the list of people
//! the provider signed in who have no account yet. Roles and units are only ever granted here, in
//! readiness; the provider says who someone is, never what they may do.

use sqlx::SqlitePool;

use crate::accounts::{User, user_by_id};
use crate::{StoreError, now_stamp};

/// Who the provider says signed in (from a verified ID token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderIdentity {
    pub issuer: String,
    pub subject: String,
    /// Lower-case; `None` when the token carries no usable address.
    pub email: Option<String>,
    /// Whether the provider vouches for the address (`email_verified`; absent counts as yes,
    /// as Entra ID never sends it for its own directory's addresses).
    pub email_verified: bool,
    pub name: String,
}

/// What a sign-in through the provider comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderSignIn {
    /// One of our enabled users (linked now or before).
    User(User),
    /// The account exists but is disabled: it stays out whatever the provider says.
    Disabled,
    /// No account for this identity: recorded for the admin, no access.
    NoAccount,
}

/// The account for a provider identity. A user already linked to this issuer and subject is
/// theirs. Otherwise an unlinked account with the provider's (verified) e-mail is linked now —
/// the first sign-in through the provider — and from then on only that subject opens it. An
/// account linked to a different subject is not taken over through its address. Anyone else is
/// recorded as an access request.
pub async fn sign_in(
    pool: &SqlitePool,
    who: &ProviderIdentity,
) -> Result<ProviderSignIn, StoreError> {
    let linked: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE oidc_issuer = ? AND oidc_subject = ?")
            .bind(&who.issuer)
            .bind(&who.subject)
            .fetch_optional(pool)
            .await?;
    let id = match linked {
        Some(id) => Some(id),
        None => match who.email.as_deref().filter(|_| who.email_verified) {
            Some(email) => {
                sqlx::query_scalar(
                    "UPDATE users SET oidc_issuer = ?, oidc_subject = ? \
                 WHERE email = ? AND oidc_subject IS NULL RETURNING id",
                )
                .bind(&who.issuer)
                .bind(&who.subject)
                .bind(email)
                .fetch_optional(pool)
                .await?
            }
            None => None,
        },
    };
    let Some(id) = id else {
        record_request(pool, who).await?;
        return Ok(ProviderSignIn::NoAccount);
    };
    sqlx::query("DELETE FROM access_requests WHERE issuer = ? AND subject = ?")
        .bind(&who.issuer)
        .bind(&who.subject)
        .execute(pool)
        .await?;
    match user_by_id(pool, id).await? {
        Some(user) if !user.disabled => Ok(ProviderSignIn::User(user)),
        Some(_) => Ok(ProviderSignIn::Disabled),
        None => Ok(ProviderSignIn::NoAccount),
    }
}

async fn record_request(pool: &SqlitePool, who: &ProviderIdentity) -> Result<(), StoreError> {
    let now = now_stamp();
    sqlx::query(
        "INSERT INTO access_requests (issuer, subject, email, name, first_at, last_at) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (issuer, subject) DO UPDATE SET \
         email = excluded.email, name = excluded.name, last_at = excluded.last_at, \
         attempts = access_requests.attempts + 1",
    )
    .bind(&who.issuer)
    .bind(&who.subject)
    .bind(who.email.as_deref().unwrap_or(""))
    .bind(who.name.trim())
    .bind(&now)
    .bind(&now)
    .execute(pool)
    .await?;
    Ok(())
}

/// Someone the provider signed in without an account here.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AccessRequest {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// RFC 3339, UTC.
    pub first_at: String,
    pub last_at: String,
    pub attempts: i64,
}

/// The people waiting for an account, latest first; those who have one by now are left out (an
/// account created for the address is linked at their next sign-in).
pub async fn access_requests(pool: &SqlitePool) -> Result<Vec<AccessRequest>, StoreError> {
    Ok(sqlx::query_as::<_, AccessRequest>(
        "SELECT r.id, r.email, r.name, r.first_at, r.last_at, r.attempts FROM access_requests r \
         WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.email = r.email) \
         ORDER BY r.last_at DESC, r.id DESC",
    )
    .fetch_all(pool)
    .await?)
}

/// Removes a request from the list (the admin decided not to grant access); a new sign-in
/// through the provider puts it back.
pub async fn dismiss_access_request(pool: &SqlitePool, id: i64) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM access_requests WHERE id = ?")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
