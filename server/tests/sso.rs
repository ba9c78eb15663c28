//! Single sign-on through the real router against an OpenID provider served on a real socket by
//! this test: discovery, keys and a token endpoint whose ID token each case shapes (wrong
//! audience, expired, another issuer, a forged signature, the wrong nonce) — the cases a
//! certified provider will not produce on request. The happy path through a real provider
//! (npm `oidc-provider`) in a browser is `end2end/tests/sso.spec.ts`.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::state::{EmailClaim, ProviderSettings, SignInOptions};
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use chrono::{Duration, Utc};
use common::TestDb;
use openidconnect::core::{
    CoreIdToken, CoreIdTokenClaims, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
    CoreRsaPrivateSigningKey,
};
use openidconnect::url::Url;
use openidconnect::{
    Audience, EmptyAdditionalClaims, EndUserEmail, EndUserUsername, IssuerUrl, JsonWebKeyId, Nonce,
    PrivateSigningKey, StandardClaims, SubjectIdentifier,
};
use readiness_rules::Role;
use serde_json::json;

const CLIENT_ID: &str = "readiness-test";
/// A throw-away key made for this test (`openssl genrsa -traditional 2048`); it signs nothing else.
const KEY_PEM: &str = include_str!("keys/oidc-test-key.pem");

/// The provider's state: what the next token request answers, and what it was sent.
struct Provider {
    issuer: String,
    next_id_token: Mutex<Option<String>>,
    token_requests: Mutex<Vec<HashMap<String, String>>>,
}

fn signing_key() -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(KEY_PEM, Some(JsonWebKeyId::new("test-key".into()))).unwrap()
}

async fn discovery(State(p): State<Arc<Provider>>) -> Json<serde_json::Value> {
    Json(json!({
        "issuer": p.issuer,
        "authorization_endpoint": format!("{}/authorize", p.issuer),
        "token_endpoint": format!("{}/token", p.issuer),
        "jwks_uri": format!("{}/jwks", p.issuer),
        "end_session_endpoint": format!("{}/end-session", p.issuer),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
    }))
}

async fn jwks() -> Json<CoreJsonWebKeySet> {
    Json(CoreJsonWebKeySet::new(vec![
        signing_key().as_verification_key(),
    ]))
}

async fn token(
    State(p): State<Arc<Provider>>,
    Form(form): Form<HashMap<String, String>>,
) -> (StatusCode, Json<serde_json::Value>) {
    p.token_requests.lock().unwrap().push(form);
    match p.next_id_token.lock().unwrap().take() {
        Some(id_token) => (
            StatusCode::OK,
            Json(json!({
                "access_token": "access", "token_type": "Bearer", "expires_in": 300,
                "id_token": id_token,
            })),
        ),
        None => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_grant"})),
        ),
    }
}

async fn start_provider() -> Arc<Provider> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let provider = Arc::new(Provider {
        issuer: format!("http://{}", listener.local_addr().unwrap()),
        next_id_token: Mutex::new(None),
        token_requests: Mutex::new(Vec::new()),
    });
    let routes = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/jwks", get(jwks))
        .route("/token", post(token))
        .with_state(provider.clone());
    tokio::spawn(async move { axum::serve(listener, routes).await.unwrap() });
    provider
}

/// What goes into an ID token; each case changes one thing.
#[derive(Clone)]
struct Claims {
    issuer: String,
    audience: String,
    expires_in: Duration,
    nonce: String,
    subject: String,
    email: Option<String>,
    email_verified: Option<bool>,
    preferred_username: Option<String>,
    forge_signature: bool,
}

fn id_token(c: &Claims) -> String {
    let claims = CoreIdTokenClaims::new(
        IssuerUrl::new(c.issuer.clone()).unwrap(),
        vec![Audience::new(c.audience.clone())],
        Utc::now() + c.expires_in,
        Utc::now() - Duration::minutes(1),
        StandardClaims::new(SubjectIdentifier::new(c.subject.clone()))
            .set_email(c.email.clone().map(EndUserEmail::new))
            .set_email_verified(c.email_verified)
            .set_preferred_username(c.preferred_username.clone().map(EndUserUsername::new)),
        EmptyAdditionalClaims {},
    )
    .set_nonce(Some(Nonce::new(c.nonce.clone())));
    let token = CoreIdToken::new(
        claims,
        &signing_key(),
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        None,
        None,
    )
    .unwrap()
    .to_string();
    if !c.forge_signature {
        return token;
    }
    // Same header and claims, another signature: as if signed with someone else's key.
    let (signed, signature) = token.rsplit_once('.').unwrap();
    let mut forged: Vec<char> = signature.chars().collect();
    forged[10] = if forged[10] == 'A' { 'B' } else { 'A' };
    format!("{signed}.{}", forged.into_iter().collect::<String>())
}

async fn setup(passwords: bool) -> (TestDb, Arc<Provider>) {
    setup_with(passwords, EmailClaim::Email).await
}

async fn setup_with(passwords: bool, email_claim: EmailClaim) -> (TestDb, Arc<Provider>) {
    let provider = start_provider().await;
    let db = TestDb::new().await;
    db.set_sign_in(SignInOptions {
        provider: Some(ProviderSettings {
            issuer: provider.issuer.clone(),
            client_id: CLIENT_ID.into(),
            client_secret: "secret".into(),
            public_url: "http://localhost".into(),
            email_claim,
            label: "Testleverantören".into(),
        }),
        passwords,
    });
    db.add_user("anna@example.se", Role::Arbetsgrupp, &[]).await;
    (db, provider)
}

/// A sign-in under way: the session cookie and what the browser was sent to the provider with.
struct Started {
    cookie: String,
    query: HashMap<String, String>,
}

async fn start(db: &TestDb, provider: &Provider, back: &str) -> Started {
    let reply = db
        .send(
            Method::GET,
            &format!("/auth/oidc/start?tillbaka={}", common::encode(back)),
            None,
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let to = Url::parse(&reply.location()).unwrap();
    assert_eq!(
        to.as_str().split('?').next().unwrap(),
        format!("{}/authorize", provider.issuer)
    );
    Started {
        cookie: reply.cookie("readiness_session").expect("a session cookie"),
        query: to.query_pairs().into_owned().collect(),
    }
}

fn good_claims(provider: &Provider, started: &Started) -> Claims {
    Claims {
        issuer: provider.issuer.clone(),
        audience: CLIENT_ID.into(),
        expires_in: Duration::minutes(5),
        nonce: started.query["nonce"].clone(),
        subject: "sub-anna".into(),
        email: Some("anna@example.se".into()),
        email_verified: Some(true),
        preferred_username: None,
        forge_signature: false,
    }
}

/// The provider's answer arrives in the browser: where it is sent next, and its session cookie.
async fn callback(db: &TestDb, started: &Started, state: &str) -> (String, String) {
    let reply = db
        .send(
            Method::GET,
            &format!(
                "/auth/oidc/callback?code=the-code&state={}",
                common::encode(state)
            ),
            Some(&started.cookie),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let cookie = reply
        .cookie("readiness_session")
        .unwrap_or_else(|| started.cookie.clone());
    (reply.location(), cookie)
}

async fn signed_in(db: &TestDb, cookie: &str) -> bool {
    let reply = db.send(Method::GET, "/", Some(cookie), None).await;
    match reply.status {
        StatusCode::OK => true,
        StatusCode::SEE_OTHER => {
            assert!(reply.location().starts_with("/logga-in"));
            false
        }
        other => panic!("unexpected {other}"),
    }
}

#[tokio::test]
async fn a_good_id_token_signs_in_with_pkce_and_a_fresh_session() {
    let (db, provider) = setup(true).await;
    let started = start(&db, &provider, "/matris?utvardering=USV2026").await;
    let q = &started.query;
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], CLIENT_ID);
    assert_eq!(q["redirect_uri"], "http://localhost/auth/oidc/callback");
    assert_eq!(q["code_challenge_method"], "S256");
    for scope in ["openid", "email", "profile"] {
        assert!(q["scope"].split(' ').any(|s| s == scope), "{scope}");
    }
    *provider.next_id_token.lock().unwrap() = Some(id_token(&good_claims(&provider, &started)));
    let (to, cookie) = callback(&db, &started, &q["state"]).await;
    assert_eq!(to, "/matris?utvardering=USV2026");
    assert_ne!(cookie, started.cookie, "the session id changes at sign-in");
    assert!(signed_in(&db, &cookie).await);
    // The code went back with the verifier whose S256 hash the browser carried.
    let sent = provider.token_requests.lock().unwrap()[0].clone();
    assert_eq!(sent["code"], "the-code");
    use base64::Engine as _;
    use sha2::Digest as _;
    let hashed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(sent["code_verifier"].as_bytes()));
    assert_eq!(hashed, q["code_challenge"]);
    // The account is now linked: the admin's list of people waiting stays empty.
    assert!(
        readiness_store::sso::access_requests(&db.pool)
            .await
            .unwrap()
            .is_empty()
    );
    // Logging out ends our session and offers the provider's.
    let out = db
        .send(Method::POST, "/auth/logga-ut", Some(&cookie), None)
        .await;
    assert_eq!(out.location(), "/logga-in?utloggad=1&hos-idp=1");
    assert!(!signed_in(&db, &cookie).await);
    let there = db
        .send(Method::GET, "/auth/oidc/logga-ut", None, None)
        .await;
    let end = Url::parse(&there.location()).unwrap();
    assert_eq!(
        end.as_str().split('?').next().unwrap(),
        format!("{}/end-session", provider.issuer)
    );
    let end: HashMap<String, String> = end.query_pairs().into_owned().collect();
    assert_eq!(end["client_id"], CLIENT_ID);
    assert_eq!(
        end["post_logout_redirect_uri"],
        "http://localhost/logga-in?utloggad=1"
    );
}

#[tokio::test]
async fn id_tokens_that_fail_a_check_sign_nobody_in() {
    let (db, provider) = setup(true).await;
    type Change = fn(&mut Claims);
    let cases: [(&str, Change); 6] = [
        ("another audience", |c| c.audience = "another-app".into()),
        ("expired", |c| c.expires_in = Duration::minutes(-5)),
        ("another issuer", |c| c.issuer = "http://127.0.0.1:1".into()),
        ("another nonce", |c| c.nonce = "not-the-one-sent".into()),
        ("forged signature", |c| c.forge_signature = true),
        // The checks pass, but the address is someone else's: no account by address alone
        // once Anna is linked (below), so this one is checked after linking.
        ("nothing wrong", |_| {}),
    ];
    for (case, change) in cases {
        let started = start(&db, &provider, "/").await;
        let mut claims = good_claims(&provider, &started);
        change(&mut claims);
        *provider.next_id_token.lock().unwrap() = Some(id_token(&claims));
        let (to, cookie) = callback(&db, &started, &started.query["state"]).await;
        if case == "nothing wrong" {
            assert_eq!(to, "/", "{case}");
            assert!(signed_in(&db, &cookie).await, "{case}");
        } else {
            assert_eq!(to, "/logga-in?fel=sso", "{case}");
            assert!(!signed_in(&db, &cookie).await, "{case}");
        }
    }
    // Anna is linked to sub-anna now: another subject with her address gets no account.
    let started = start(&db, &provider, "/").await;
    let claims = Claims {
        subject: "sub-impostor".into(),
        ..good_claims(&provider, &started)
    };
    *provider.next_id_token.lock().unwrap() = Some(id_token(&claims));
    let (to, cookie) = callback(&db, &started, &started.query["state"]).await;
    assert_eq!(to, "/ingen-atkomst");
    assert!(!signed_in(&db, &cookie).await);
}

#[tokio::test]
async fn a_state_works_once_and_only_in_the_browser_it_was_made_for() {
    let (db, provider) = setup(true).await;
    // Another state than the one sent: refused, and the real one is spent with it.
    let started = start(&db, &provider, "/").await;
    *provider.next_id_token.lock().unwrap() = Some(id_token(&good_claims(&provider, &started)));
    let (to, _) = callback(&db, &started, "forged-state").await;
    assert_eq!(to, "/logga-in?fel=sso");
    let (to, cookie) = callback(&db, &started, &started.query["state"]).await;
    assert_eq!(to, "/logga-in?fel=sso");
    assert!(!signed_in(&db, &cookie).await);
    assert!(
        provider.token_requests.lock().unwrap().is_empty(),
        "no code was exchanged"
    );

    // A good answer, then the same answer again (a replay): the second is refused even in the
    // same browser, and an answer carried to another browser never works.
    let started = start(&db, &provider, "/").await;
    let state = started.query["state"].clone();
    let stolen = Started {
        cookie: start(&db, &provider, "/").await.cookie,
        query: started.query.clone(),
    };
    let (to, _) = callback(&db, &stolen, &state).await;
    assert_eq!(to, "/logga-in?fel=sso", "another browser's state");
    *provider.next_id_token.lock().unwrap() = Some(id_token(&good_claims(&provider, &started)));
    let (to, signed) = callback(&db, &started, &state).await;
    assert_eq!(to, "/");
    *provider.next_id_token.lock().unwrap() = Some(id_token(&good_claims(&provider, &started)));
    let replay = Started {
        cookie: signed.clone(),
        query: started.query.clone(),
    };
    let (to, _) = callback(&db, &replay, &state).await;
    assert_eq!(to, "/logga-in?fel=sso", "replayed");
    assert_eq!(provider.token_requests.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn unknown_people_get_no_role_and_are_listed_disabled_ones_stay_out() {
    let (db, provider) = setup(true).await;
    let started = start(&db, &provider, "/").await;
    let claims = Claims {
        subject: "sub-bertil".into(),
        email: Some("Bertil@Example.se".into()),
        // Not vouched for: only the admin's account made from the request will open it.
        email_verified: Some(false),
        ..good_claims(&provider, &started)
    };
    *provider.next_id_token.lock().unwrap() = Some(id_token(&claims));
    let (to, cookie) = callback(&db, &started, &started.query["state"]).await;
    assert_eq!(to, "/ingen-atkomst");
    assert!(!signed_in(&db, &cookie).await);
    let page = db.send(Method::GET, "/ingen-atkomst", None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Ingen åtkomst ännu"), "{}", page.body);
    let waiting = readiness_store::sso::access_requests(&db.pool)
        .await
        .unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].email, "bertil@example.se");
    // The admin sees Bertil waiting, with a link that fills in the new-user form; the working
    // group may not ask for the list.
    db.add_user("admin@example.se", Role::Admin, &[]).await;
    let admin = db
        .sign_in("admin@example.se", common::PASSWORD)
        .await
        .unwrap();
    let users = db.send(Method::GET, "/anvandare", Some(&admin), None).await;
    assert!(users.body.contains("Väntar på åtkomst"), "{}", users.body);
    assert!(users.body.contains("/anvandare?ny=bertil%40example.se"));
    let anna = db
        .sign_in("anna@example.se", common::PASSWORD)
        .await
        .unwrap();
    let refused = db
        .send(
            Method::POST,
            "/api/vantar_pa_atkomst",
            Some(&anna),
            Some(""),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let listed = db
        .send(
            Method::POST,
            "/api/vantar_pa_atkomst",
            Some(&admin),
            Some(""),
        )
        .await;
    assert!(listed.body.contains("bertil@example.se"), "{}", listed.body);

    // The admin creates Bertil's account from the list: it is tied to the identity that asked,
    // so his next sign-in opens it although the provider never vouched for the address.
    let created = db
        .send(
            Method::POST,
            "/api/ny_anvandare",
            Some(&admin),
            Some("email=bertil%40example.se&name=Bertil&role=lasare&units="),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let started = start(&db, &provider, "/").await;
    let claims = Claims {
        nonce: started.query["nonce"].clone(),
        ..claims
    };
    *provider.next_id_token.lock().unwrap() = Some(id_token(&claims));
    let (to, cookie) = callback(&db, &started, &started.query["state"]).await;
    assert_eq!(to, "/");
    assert!(signed_in(&db, &cookie).await);

    readiness_store::accounts::set_disabled(&db.pool, "anna@example.se", true)
        .await
        .unwrap();
    let started = start(&db, &provider, "/").await;
    *provider.next_id_token.lock().unwrap() = Some(id_token(&good_claims(&provider, &started)));
    let (to, cookie) = callback(&db, &started, &started.query["state"]).await;
    assert_eq!(to, "/logga-in?fel=avstangd");
    assert!(!signed_in(&db, &cookie).await);
}

#[tokio::test]
async fn passwords_can_be_switched_off_when_the_provider_is_on() {
    let (db, _provider) = setup(false).await;
    assert_eq!(
        db.sign_in("anna@example.se", common::PASSWORD).await,
        Err("/logga-in?fel=bara-sso&tillbaka=/".into())
    );
    let page = db.send(Method::GET, "/logga-in", None, None).await;
    assert!(page.body.contains("Logga in med Testleverantören"));
    assert!(!page.body.contains("type=\"password\""));
}

#[tokio::test]
async fn without_a_provider_there_is_no_provider_route_or_button() {
    let db = TestDb::new().await;
    let start = db.send(Method::GET, "/auth/oidc/start", None, None).await;
    assert_eq!(start.status, StatusCode::NOT_FOUND);
    let page = db.send(Method::GET, "/logga-in", None, None).await;
    assert!(!page.body.contains("/auth/oidc/start"));
    assert!(page.body.contains("type=\"password\""));
}

#[tokio::test]
async fn only_an_address_the_provider_vouches_for_links_an_account() {
    let (db, provider) = setup(true).await;
    // (case, email_verified, where the browser goes)
    let rows = [
        ("said not verified", Some(false), "/ingen-atkomst"),
        ("verification not said", None, "/ingen-atkomst"),
        ("verified, in other letter case", Some(true), "/"),
    ];
    for (case, verified, expected) in rows {
        let started = start(&db, &provider, "/").await;
        let claims = Claims {
            email: Some("ANNA@Example.se".into()),
            email_verified: verified,
            ..good_claims(&provider, &started)
        };
        *provider.next_id_token.lock().unwrap() = Some(id_token(&claims));
        let (to, cookie) = callback(&db, &started, &started.query["state"]).await;
        assert_eq!(to, expected, "{case}");
        assert_eq!(signed_in(&db, &cookie).await, expected == "/", "{case}");
    }
}

#[tokio::test]
async fn entra_ids_sign_in_name_can_be_the_address() {
    let (db, provider) = setup_with(true, EmailClaim::PreferredUsername).await;
    let started = start(&db, &provider, "/").await;
    let claims = Claims {
        email: None,
        email_verified: None,
        preferred_username: Some("Anna@example.se".into()),
        ..good_claims(&provider, &started)
    };
    *provider.next_id_token.lock().unwrap() = Some(id_token(&claims));
    let (to, cookie) = callback(&db, &started, &started.query["state"]).await;
    assert_eq!(to, "/");
    assert!(signed_in(&db, &cookie).await);
}

#[tokio::test]
async fn an_unreachable_provider_is_a_clear_failure_not_a_wait() {
    let db = TestDb::new().await;
    db.set_sign_in(SignInOptions {
        provider: Some(ProviderSettings {
            // Nothing listens on port 1.
            issuer: "http://127.0.0.1:1".into(),
            client_id: CLIENT_ID.into(),
            client_secret: "secret".into(),
            public_url: "http://localhost".into(),
            email_claim: EmailClaim::Email,
            label: "Testleverantören".into(),
        }),
        passwords: true,
    });
    for _ in 0..2 {
        let reply = db.send(Method::GET, "/auth/oidc/start", None, None).await;
        assert_eq!(reply.location(), "/logga-in?fel=sso");
    }
    let page = db.send(Method::GET, "/logga-in?fel=sso", None, None).await;
    assert!(
        page.body
            .contains("Inloggningen via identitetsleverantören gick inte igenom")
    );
}
