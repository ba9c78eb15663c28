//! Every page and API route over the real router and a real SQLite file.

mod common;

use axum::http::StatusCode;
use common::{PASSWORD, TestDb, fixture};
use readiness_rules::Role;
use serde_json::Value;

/// The base fixture, and a reader (leadership) signed in.
async fn base_db() -> TestDb {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    db.add_user("ledning@exempel.se", Role::Lasare, &[]).await;
    let cookie = db
        .sign_in("ledning@exempel.se", PASSWORD)
        .await
        .expect("sign in");
    db.use_session(cookie).await;
    db
}

#[tokio::test]
async fn pages_answer_200_and_unknown_codes_404() {
    let db = base_db().await;
    for (uri, expect) in [
        ("/", "Översikt"),
        ("/?as_of=2026-09-30", "USV-utvärdering 2026"),
        ("/matris", "Kardiologi"),
        (
            "/matris?utvardering=USV2026&vardgivare=S%3At%20Eriks%20%C3%96gonsjukhus",
            "Ögonkliniken",
        ),
        ("/enhet/E1", "Kardiologi"),
        (
            "/enhet/E2?utvardering=USV2026&as_of=2026-10-01",
            "åtgärd pågår, klar senast 2026-11-30",
        ),
        ("/kriterium/U01", "Handledare med pedagogisk utbildning"),
    ] {
        let (status, body) = db.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(body.contains(expect), "{uri} lacks {expect:?}");
    }
    for uri in [
        "/enhet/NOPE",
        "/kriterium/NOPE",
        "/finns-inte",
        "/matris?utvardering=NOPE",
    ] {
        let (status, body) = db.get(uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(body.contains("404"), "{uri} shows a 404 page");
    }
    let (status, body) = db.get("/health").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
}

#[tokio::test]
async fn reasons_name_the_rule_and_figures() {
    let db = base_db().await;
    let (_, body) = db.get("/enhet/E1?as_of=2026-11-25").await;
    assert!(
        body.contains("Ja, mätt 2025-09-30 — äldre än 12 mån (inaktuell)"),
        "stale reason"
    );
    assert!(
        body.contains("82,5\u{a0}%, krav ≥ 80\u{a0}%, mätt 2026-09-30 — uppfyllt"),
        "share reason"
    );
    // A comment with markup is shown as text, never run.
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!body.contains("<script>alert(1)</script>"));
    let (_, body) = db.get("/enhet/E2?as_of=2026-11-25").await;
    assert!(body.contains(
        "70\u{a0}%, krav ≥ 80\u{a0}%, mätt 2026-09-30 — delvis uppfyllt (gult ≥ 60\u{a0}%)"
    ));
}

#[tokio::test]
async fn english_is_remembered_in_a_cookie() {
    let db = base_db().await;
    let response = {
        use tower::ServiceExt;
        db.router()
            .oneshot(
                axum::http::Request::get("/sprak/en?tillbaka=/matris")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap()
    };
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/matris");
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("lang=en;")
    );
    let (_, body) = db
        .get_with("/enhet/E1?as_of=2026-11-25", Some("lang=en"))
        .await;
    assert!(body.contains("Overall light"));
    assert!(body.contains("82.5%, required ≥ 80%, measured 2026-09-30 — met"));
    // Never an open redirect.
    let response = {
        use tower::ServiceExt;
        db.router()
            .oneshot(
                axum::http::Request::get("/sprak/sv?tillbaka=//evil.example")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap()
    };
    assert_eq!(response.headers()["location"], "/");
}

async fn json(db: &TestDb, uri: &str) -> (StatusCode, Value) {
    let (status, body) = db.get(uri).await;
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|_| panic!("{uri}: not JSON: {body}")),
    )
}

#[tokio::test]
async fn read_api_computes_lights_as_of_a_date() {
    let db = base_db().await;
    let (status, now) = json(&db, "/api/v1/evaluations/USV2026/units?as_of=2026-11-25").await;
    assert_eq!(status, StatusCode::OK);
    let units = now["units"].as_array().unwrap();
    assert_eq!(units.len(), 2);
    assert_eq!(units[0]["code"], "E1");
    assert_eq!(units[0]["light"], "amber", "V01 went stale on 2026-10-01");
    assert_eq!(units[0]["readiness"], 75.0);
    let (_, then) = json(&db, "/api/v1/evaluations/USV2026/units?as_of=2026-09-30").await;
    assert_eq!(then["units"][0]["light"], "green");
    assert_eq!(then["units"][0]["readiness"], 100.0);

    let (status, unit) = json(&db, "/api/v1/units/E2?evaluation=USV2026&as_of=2026-11-25").await;
    assert_eq!(status, StatusCode::OK);
    let criteria = unit["criteria"].as_array().unwrap();
    let by_code = |code: &str| criteria.iter().find(|c| c["code"] == code).unwrap().clone();
    assert_eq!(by_code("F01")["light"], "amber");
    assert_eq!(by_code("F01")["rule"], "action_in_progress");
    assert_eq!(by_code("F01")["value"], "0");
    assert_eq!(by_code("F01")["measured"], "2026-09-30");
    assert_eq!(by_code("U01")["light"], "amber");
    assert_eq!(by_code("L01")["light"], "grey");
    assert_eq!(by_code("L01")["value"], Value::Null);
    // The plan is due 2026-11-30: on 2026-12-01 it is overdue.
    let (_, later) = json(&db, "/api/v1/units/E2?evaluation=USV2026&as_of=2026-12-01").await;
    let f01 = later["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "F01")
        .unwrap()
        .clone();
    assert_eq!(f01["light"], "red");
    assert_eq!(f01["rule"], "action_overdue");
    assert_eq!(later["light"], "red", "F01 is mandatory");

    for uri in [
        "/api/v1/evaluations/NOPE/units",
        "/api/v1/units/NOPE?evaluation=USV2026",
        "/api/v1/units/E1?evaluation=NOPE",
    ] {
        assert_eq!(json(&db, uri).await.0, StatusCode::NOT_FOUND, "{uri}");
    }
    assert_eq!(
        json(&db, "/api/v1/units/E1?as_of=31/12/2026").await.0,
        StatusCode::BAD_REQUEST
    );
}
