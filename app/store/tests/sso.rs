//! Single sign-on: a provider identity opens the account it is linked to, links an unlinked
//! account by verified address once, and never grants anything by itself.

mod support;

use readiness_rules::Role;
use readiness_store::accounts;
use readiness_store::sso::{self, ProviderIdentity, ProviderSignIn};

const ISSUER: &str = "https://login.example.se/tenant";

fn identity(subject: &str, email: &str) -> ProviderIdentity {
    ProviderIdentity {
        issuer: ISSUER.into(),
        subject: subject.into(),
        email: Some(email.into()),
        email_verified: true,
        name: "Anna Andersson".into(),
    }
}

async fn user(db: &support::StoreDb, email: &str) -> i64 {
    accounts::create_user(
        &db.pool,
        email,
        "",
        Role::Arbetsgrupp,
        "a-long-password-1",
        &[],
    )
    .await
    .unwrap()
}

fn signed_in_id(outcome: ProviderSignIn) -> i64 {
    match outcome {
        ProviderSignIn::User(user) => user.id,
        other => panic!("expected a user, got {other:?}"),
    }
}

#[tokio::test]
async fn first_sign_in_links_by_address_then_only_the_subject_opens_the_account() {
    let db = support::StoreDb::new().await;
    let id = user(&db, "anna@example.se").await;
    let anna = identity("sub-anna", "anna@example.se");
    assert_eq!(
        signed_in_id(sso::sign_in(&db.pool, &anna).await.unwrap()),
        id
    );
    // Later the address may change at the provider: the subject still opens the account.
    let renamed = identity("sub-anna", "anna.andersson@example.se");
    assert_eq!(
        signed_in_id(sso::sign_in(&db.pool, &renamed).await.unwrap()),
        id
    );
    // Someone else who is given the old address at the provider does not get Anna's account.
    let successor = identity("sub-other", "anna@example.se");
    assert_eq!(
        sso::sign_in(&db.pool, &successor).await.unwrap(),
        ProviderSignIn::NoAccount
    );
    // The same subject from another issuer is another person.
    let elsewhere = ProviderIdentity {
        issuer: "https://other.example".into(),
        ..anna.clone()
    };
    assert_eq!(
        sso::sign_in(&db.pool, &elsewhere).await.unwrap(),
        ProviderSignIn::NoAccount
    );
}

#[tokio::test]
async fn an_unverified_or_missing_address_links_nothing() {
    let db = support::StoreDb::new().await;
    user(&db, "bo@example.se").await;
    let unverified = ProviderIdentity {
        email_verified: false,
        ..identity("sub-bo", "bo@example.se")
    };
    assert_eq!(
        sso::sign_in(&db.pool, &unverified).await.unwrap(),
        ProviderSignIn::NoAccount
    );
    let no_address = ProviderIdentity {
        email: None,
        ..identity("sub-bo", "bo@example.se")
    };
    assert_eq!(
        sso::sign_in(&db.pool, &no_address).await.unwrap(),
        ProviderSignIn::NoAccount
    );
}

#[tokio::test]
async fn disabled_accounts_stay_out() {
    let db = support::StoreDb::new().await;
    user(&db, "cilla@example.se").await;
    let cilla = identity("sub-cilla", "cilla@example.se");
    signed_in_id(sso::sign_in(&db.pool, &cilla).await.unwrap());
    accounts::set_disabled(&db.pool, "cilla@example.se", true)
        .await
        .unwrap();
    assert_eq!(
        sso::sign_in(&db.pool, &cilla).await.unwrap(),
        ProviderSignIn::Disabled
    );
}

#[tokio::test]
async fn people_without_an_account_are_listed_for_the_admin_until_they_get_one() {
    let db = support::StoreDb::new().await;
    let dan = identity("sub-dan", "dan@example.se");
    for _ in 0..2 {
        assert_eq!(
            sso::sign_in(&db.pool, &dan).await.unwrap(),
            ProviderSignIn::NoAccount
        );
    }
    let eva = identity("sub-eva", "eva@example.se");
    sso::sign_in(&db.pool, &eva).await.unwrap();
    let waiting = sso::access_requests(&db.pool).await.unwrap();
    let listed: Vec<(&str, i64)> = waiting
        .iter()
        .map(|r| (r.email.as_str(), r.attempts))
        .collect();
    assert_eq!(listed, [("eva@example.se", 1), ("dan@example.se", 2)]);
    // The admin creates Dan's account: he leaves the list, and his next sign-in links it.
    let id = user(&db, "dan@example.se").await;
    let waiting = sso::access_requests(&db.pool).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        signed_in_id(sso::sign_in(&db.pool, &dan).await.unwrap()),
        id
    );
    // Eva's request is dismissed; signing in again puts it back.
    assert!(
        sso::dismiss_access_request(&db.pool, waiting[0].id)
            .await
            .unwrap()
    );
    assert!(sso::access_requests(&db.pool).await.unwrap().is_empty());
    sso::sign_in(&db.pool, &eva).await.unwrap();
    assert_eq!(sso::access_requests(&db.pool).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_untied_account_links_again_and_one_made_from_a_request_opens_for_that_identity() {
    let db = support::StoreDb::new().await;
    let id = user(&db, "anna@example.se").await;
    signed_in_id(
        sso::sign_in(&db.pool, &identity("old-registration", "anna@example.se"))
            .await
            .unwrap(),
    );
    // The application was registered anew: every subject changed. Untied, she links again.
    let anew = identity("new-registration", "anna@example.se");
    assert_eq!(
        sso::sign_in(&db.pool, &anew).await.unwrap(),
        ProviderSignIn::NoAccount
    );
    assert!(sso::unlink(&db.pool, "anna@example.se").await.unwrap());
    assert!(!sso::unlink(&db.pool, "anna@example.se").await.unwrap());
    assert_eq!(
        signed_in_id(sso::sign_in(&db.pool, &anew).await.unwrap()),
        id
    );

    // Carl's address is not vouched for: he waits; the account the admin makes from his request
    // opens for his identity.
    let carl = ProviderIdentity {
        email_verified: false,
        ..identity("sub-carl", "carl@example.se")
    };
    assert_eq!(
        sso::sign_in(&db.pool, &carl).await.unwrap(),
        ProviderSignIn::NoAccount
    );
    let carl_id = user(&db, "carl@example.se").await;
    assert!(
        sso::link_requested(&db.pool, "carl@example.se")
            .await
            .unwrap()
    );
    assert_eq!(
        signed_in_id(sso::sign_in(&db.pool, &carl).await.unwrap()),
        carl_id
    );
    assert!(
        !sso::link_requested(&db.pool, "nobody@example.se")
            .await
            .unwrap()
    );

    // A disabled account is not linked by its address; its owner hears it is disabled.
    user(&db, "dora@example.se").await;
    accounts::set_disabled(&db.pool, "dora@example.se", true)
        .await
        .unwrap();
    let dora = identity("sub-dora", "dora@example.se");
    assert_eq!(
        sso::sign_in(&db.pool, &dora).await.unwrap(),
        ProviderSignIn::Disabled
    );
    accounts::set_disabled(&db.pool, "dora@example.se", false)
        .await
        .unwrap();
    let dora_id = accounts::user_by_email(&db.pool, "dora@example.se")
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        signed_in_id(sso::sign_in(&db.pool, &dora).await.unwrap()),
        dora_id
    );
}
