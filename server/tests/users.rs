//! The admin's user page over the real router: no role is assumed for a new user; disabling
//! someone and giving them a new password ask first, and the server refuses both unasked; a
//! one-time password says whose it is. With JavaScript (the app's JSON calls) and without (the
//! browser's own form posts).

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{PASSWORD, Reply, TestDb};
use readiness_rules::Role;

const ADMIN: &str = "admin@exempel.se";
const ANNA: &str = "anna@exempel.se";
const ANNA_NAMED: &str = "Anna Andersson (anna@exempel.se)";

/// An admin (signed in: the cookie) and a reader, Anna Andersson.
async fn db_with_admin_and_anna() -> (TestDb, String) {
    let db = TestDb::new().await;
    db.add_user(ADMIN, Role::Admin, &[]).await;
    readiness_store::accounts::create_user(
        &db.pool,
        ANNA,
        "Anna Andersson",
        Role::Lasare,
        PASSWORD,
        &[],
    )
    .await
    .unwrap();
    let admin = db.sign_in(ADMIN, PASSWORD).await.unwrap();
    (db, admin)
}

/// Posts a form as a browser does with JavaScript off: it asks for HTML and names the page.
async fn post_without_script(db: &TestDb, uri: &str, cookie: &str, form: &str) -> Reply {
    let request = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .header("cookie", cookie)
        .header(
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )
        .header(
            "referer",
            "http://localhost/anvandare?bekrafta=stang-av&anvandare=anna%40exempel.se",
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .unwrap();
    let (status, headers, bytes) = db.exchange(request).await;
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).to_string(),
    }
}

async fn page(db: &TestDb, uri: &str, cookie: &str) -> String {
    let reply = db.send(Method::GET, uri, Some(cookie), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
    reply.body
}

/// Every account as stored: what a refused change must leave alone.
async fn accounts(db: &TestDb) -> Vec<(String, String, i64, i64)> {
    sqlx::query_as("SELECT email, password_hash, disabled, generation FROM users ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

/// The one-time password the page shows, if any.
fn shown_password(body: &str) -> Option<String> {
    let start = body.find("<code class=\"one-time-password\">")? + 32;
    Some(body[start..start + body[start..].find("</code>")?].to_string())
}

#[tokio::test]
async fn a_new_user_gets_no_role_unless_the_admin_chooses_one() {
    let (db, admin) = db_with_admin_and_anna().await;
    let body = page(&db, "/anvandare", &admin).await;
    let select = &body[body.find("<select name=\"role\"").expect("a role select")..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(select.contains("required"), "{select}");
    let options: Vec<&str> = select.split("<option").skip(1).collect();
    assert!(
        options[0].contains("value=\"\"") && options[0].contains("selected"),
        "an empty choice comes first and is the chosen one: {select}"
    );
    assert!(options[0].contains("Välj roll…"), "{select}");
    assert!(
        options[1..].iter().all(|o| !o.contains("selected")),
        "{select}"
    );
    let codes: Vec<&str> = options[1..]
        .iter()
        .map(|o| o.split('"').nth(1).unwrap())
        .collect();
    assert_eq!(
        codes,
        ["lasare", "enhetsansvarig", "arbetsgrupp", "admin"],
        "least privileged first"
    );

    // The server refuses a missing role as the role field's error, and creates nobody.
    let before = accounts(&db).await;
    let reply = db
        .send(
            Method::POST,
            "/api/ny_anvandare",
            Some(&admin),
            Some("email=bertil%40exempel.se&name=Bertil+Berg&role=&units="),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(
        reply.body.contains("Invalid") && reply.body.contains("\"field\":\"role\""),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("Välj en roll.") && reply.body.contains("Choose a role."));
    assert_eq!(before, accounts(&db).await);

    // Without JavaScript the answer comes back to the page, in the reader's language.
    let english = format!("{admin}; lang=en");
    let reply = post_without_script(
        &db,
        "/api/ny_anvandare",
        &english,
        "email=bertil%40exempel.se&name=Bertil+Berg&role=&units=",
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/anvandare");
    let body = page(&db, "/anvandare", &english).await;
    // (The page's data for the browser carries both languages; the text shown is English.)
    assert!(body.contains(">Choose a role.</p>"), "{body}");
    assert!(!body.contains(">Välj en roll.<"));
    assert!(body.contains("Choose a role…"), "the select in English");
    assert_eq!(before, accounts(&db).await);

    // A chosen role is taken, and the one-time password says whose it is.
    let reply = db
        .send(
            Method::POST,
            "/api/ny_anvandare",
            Some(&admin),
            Some("email=bertil%40exempel.se&name=Bertil+Berg&role=lasare&units="),
        )
        .await;
    let answer: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let one_time = &answer["Done"]["one_time_password"];
    assert_eq!(one_time["owner"], "Bertil Berg (bertil@exempel.se)");
    let password = one_time["password"].as_str().unwrap();
    assert!(db.sign_in("bertil@exempel.se", password).await.is_ok());
    let role: String = sqlx::query_scalar("SELECT role FROM users WHERE email = $1")
        .bind("bertil@exempel.se")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(role, "lasare");
}

#[tokio::test]
async fn disabling_and_new_passwords_are_refused_without_confirmation() {
    let (db, admin) = db_with_admin_and_anna().await;
    let anna = db.sign_in(ANNA, PASSWORD).await.unwrap();
    let before = accounts(&db).await;
    for form in [
        "email=anna%40exempel.se&action=disable",
        "email=anna%40exempel.se&action=reset",
        "email=anna%40exempel.se&action=disable&confirmed=",
        "email=anna%40exempel.se&action=reset&confirmed=no",
    ] {
        let reply = db
            .send(
                Method::POST,
                "/api/andra_anvandare",
                Some(&admin),
                Some(form),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{form}: {}", reply.body);
        assert!(
            reply.body.contains("Refused") && reply.body.contains(ANNA_NAMED),
            "{form}: {}",
            reply.body
        );
        assert!(
            !reply.body.contains("password\":"),
            "{form}: {}",
            reply.body
        );
    }
    // The same from a form posted without JavaScript.
    let reply = post_without_script(
        &db,
        "/api/andra_anvandare",
        &admin,
        "email=anna%40exempel.se&action=reset",
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let body = page(&db, "/anvandare", &admin).await;
    assert!(
        body.contains(&format!(
            "Inget är ändrat: bekräfta först att {ANNA_NAMED} ska få ett nytt lösenord."
        )),
        "{body}"
    );
    assert!(shown_password(&body).is_none());
    assert_eq!(before, accounts(&db).await, "nothing changed");
    // Anna is untouched: her session goes on and her password works.
    let reply = db.send(Method::GET, "/anvandare", Some(&anna), None).await;
    assert_eq!(
        reply.status,
        StatusCode::FORBIDDEN,
        "signed in, not an admin"
    );
    assert!(db.sign_in(ANNA, PASSWORD).await.is_ok());
    // Others may not change anyone, asked or not.
    let reply = db
        .send(
            Method::POST,
            "/api/andra_anvandare",
            Some(&anna),
            Some("email=admin%40exempel.se&action=disable&confirmed=yes"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // Not even a confirmed admin disables themself.
    let reply = db
        .send(
            Method::POST,
            "/api/andra_anvandare",
            Some(&admin),
            Some("email=admin%40exempel.se&action=disable&confirmed=yes"),
        )
        .await;
    assert!(
        reply.body.contains("You cannot disable yourself."),
        "{}",
        reply.body
    );
    assert_eq!(before, accounts(&db).await, "nothing changed");
}

#[tokio::test]
async fn the_confirmation_step_names_the_person_and_works_without_javascript() {
    let (db, admin) = db_with_admin_and_anna().await;
    let anna = db.sign_in(ANNA, PASSWORD).await.unwrap();
    // The row's buttons only open the step: plain GET forms.
    let body = page(&db, "/anvandare", &admin).await;
    assert!(
        body.contains("name=\"bekrafta\" value=\"stang-av\""),
        "{body}"
    );
    assert!(body.contains("name=\"bekrafta\" value=\"nytt-losenord\""));
    assert!(!body.contains("role=\"alertdialog\""), "no step asked for");

    let ask = "/anvandare?bekrafta=stang-av&anvandare=anna%40exempel.se";
    let body = page(&db, ask, &admin).await;
    for expected in [
        "role=\"alertdialog\"",
        &format!("Stäng av {ANNA_NAMED}?"),
        "Ja, stäng av",
        "name=\"confirmed\" value=\"yes\"",
        "action=\"/api/andra_anvandare\"",
        "href=\"/anvandare\"",
        "autofocus",
    ] {
        assert!(body.contains(expected), "{expected}: {body}");
    }
    let body = page(&db, ask, &format!("{admin}; lang=en")).await;
    assert!(body.contains(&format!("Disable {ANNA_NAMED}?")), "{body}");
    assert!(body.contains("Yes, disable") && body.contains(">Cancel<"));
    let body = page(
        &db,
        "/anvandare?bekrafta=nytt-losenord&anvandare=anna%40exempel.se",
        &admin,
    )
    .await;
    assert!(
        body.contains(&format!("Nytt lösenord för {ANNA_NAMED}?")),
        "{body}"
    );
    let body = page(
        &db,
        "/anvandare?bekrafta=stang-av&anvandare=nobody%40exempel.se",
        &admin,
    )
    .await;
    assert!(body.contains("Ingen användare har adressen nobody@exempel.se."));
    assert!(!body.contains("role=\"alertdialog\""));

    // Confirmed without JavaScript: a new password, shown once on the page, with whose it is.
    let reply = post_without_script(
        &db,
        "/api/andra_anvandare",
        &admin,
        "email=anna%40exempel.se&action=reset&confirmed=yes",
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/anvandare");
    let body = page(&db, "/anvandare", &admin).await;
    assert!(
        body.contains(&format!("Engångslösenord för {ANNA_NAMED}: ")),
        "{body}"
    );
    let password = shown_password(&body).expect("the one-time password is shown");
    assert!(
        shown_password(&page(&db, "/anvandare", &admin).await).is_none(),
        "shown only once"
    );
    let reply = db.send(Method::GET, "/", Some(&anna), None).await;
    assert_ne!(reply.status, StatusCode::OK, "her old session ended");
    assert!(db.sign_in(ANNA, PASSWORD).await.is_err());
    let anna = db.sign_in(ANNA, &password).await.unwrap();

    // Confirmed without JavaScript: disabled, and the page says who.
    let reply = post_without_script(
        &db,
        "/api/andra_anvandare",
        &admin,
        "email=anna%40exempel.se&action=disable&confirmed=yes",
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let body = page(&db, "/anvandare", &admin).await;
    assert!(
        body.contains(&format!("{ANNA_NAMED} är avstängd och utloggad överallt.")),
        "{body}"
    );
    assert!(db.sign_in(ANNA, &password).await.is_err());
    let reply = db.send(Method::GET, "/", Some(&anna), None).await;
    assert_ne!(reply.status, StatusCode::OK, "her session ended");

    // Enabling again asks nothing; a confirmed new password through the app says whose it is.
    let reply = db
        .send(
            Method::POST,
            "/api/andra_anvandare",
            Some(&admin),
            Some("email=anna%40exempel.se&action=enable"),
        )
        .await;
    assert!(reply.body.contains("Done"), "{}", reply.body);
    let reply = db
        .send(
            Method::POST,
            "/api/andra_anvandare",
            Some(&admin),
            Some("email=anna%40exempel.se&action=reset&confirmed=yes"),
        )
        .await;
    let answer: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let one_time = &answer["Done"]["one_time_password"];
    assert_eq!(one_time["owner"], ANNA_NAMED);
    assert!(
        db.sign_in(ANNA, one_time["password"].as_str().unwrap())
            .await
            .is_ok()
    );
}
