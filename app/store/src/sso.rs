//! Single sign-on: which of our accounts an identity from the provider is, and the list of people
//! the provider signed in who have no account yet. Roles and units are only ever granted here, in
//! readiness; the provider says who someone is, never what they may do.

use crate::Pool;

use crate::accounts::{User, user_by_id};
use crate::{StoreError, now_stamp};

/// Who the provider says signed in (from a verified ID token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderIdentity {
    pub issuer: String,
    pub subject: String,
    /// Lower-case; `None` when the token carries no usable address.
    pub email: Option<String>,
    /// Whether the provider vouches for the address (see the server's `identity`): only then may
    /// it link an account.
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
/// theirs. Otherwise an enabled, unlinked account with the provider's verified e-mail is linked
/// now — the first sign-in through the provider — and from then on only that subject opens it.
/// An account linked to a different subject is not taken over through its address. Anyone else
/// is recorded as an access request, which the admin can turn into an account linked to exactly
/// that identity ([`link_requested`]).
pub async fn sign_in(pool: &Pool, who: &ProviderIdentity) -> Result<ProviderSignIn, StoreError> {
    let linked: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2")
            .bind(&who.issuer)
            .bind(&who.subject)
            .fetch_optional(pool)
            .await?;
    let id = match linked {
        Some(id) => Some(id),
        None => match who.email.as_deref().filter(|_| who.email_verified) {
            Some(email) => {
                sqlx::query_scalar(
                    "UPDATE users SET oidc_issuer = $1, oidc_subject = $2 \
                 WHERE email = $3 AND oidc_subject IS NULL AND disabled = 0 RETURNING id",
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
        // A disabled account is not linked, but its owner hears that it is disabled.
        if let Some(email) = who.email.as_deref().filter(|_| who.email_verified) {
            let disabled: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM users WHERE email = $1 AND oidc_subject IS NULL AND disabled = 1",
            )
            .bind(email)
            .fetch_optional(pool)
            .await?;
            if disabled.is_some() {
                return Ok(ProviderSignIn::Disabled);
            }
        }
        record_request(pool, who).await?;
        return Ok(ProviderSignIn::NoAccount);
    };
    sqlx::query("DELETE FROM access_requests WHERE issuer = $1 AND subject = $2")
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

async fn record_request(pool: &Pool, who: &ProviderIdentity) -> Result<(), StoreError> {
    let now = now_stamp();
    sqlx::query(
        "INSERT INTO access_requests (issuer, subject, email, name, first_at, last_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (issuer, subject) DO UPDATE SET \
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

/// Links the account with `email` to the identity of the latest access request made with that
/// address, if the account is not linked yet: the admin created the account for that request,
/// so its subject opens it even where the provider does not vouch for the address. Returns
/// whether it linked.
pub async fn link_requested(pool: &Pool, email: &str) -> Result<bool, StoreError> {
    let mut tx = crate::dialect::begin_writing(pool).await?;
    let request: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, issuer, subject FROM access_requests WHERE email = $1 \
         ORDER BY last_at DESC, id DESC LIMIT 1",
    )
    .bind(email)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, issuer, subject)) = request else {
        return Ok(false);
    };
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2")
            .bind(&issuer)
            .bind(&subject)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Ok(false);
    }
    let linked = sqlx::query(
        "UPDATE users SET oidc_issuer = $1, oidc_subject = $2 WHERE email = $3 AND oidc_subject IS NULL",
    )
    .bind(&issuer)
    .bind(&subject)
    .bind(email)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if linked {
        sqlx::query("DELETE FROM access_requests WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(linked)
}

/// Ends the tie between an account and the provider's identity (a re-registered application or
/// a new issuer gives everyone new subjects): the next sign-in links it again by verified address.
/// Returns whether the account was linked.
pub async fn unlink(pool: &Pool, email: &str) -> Result<bool, StoreError> {
    Ok(sqlx::query(
        "UPDATE users SET oidc_issuer = NULL, oidc_subject = NULL \
         WHERE email = $1 AND oidc_subject IS NOT NULL",
    )
    .bind(email)
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
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
pub async fn access_requests(pool: &Pool) -> Result<Vec<AccessRequest>, StoreError> {
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
pub async fn dismiss_access_request(pool: &Pool, id: i64) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM access_requests WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
