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
                    .header("host", "localhost")
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
    // The document says its language once.
    let html = &body[body.find("<html").unwrap()..];
    let html = &html[..html.find('>').unwrap()];
    assert_eq!(html, r#"<html lang="en""#, "{html}");
    // Never an open redirect.
    let response = {
        use tower::ServiceExt;
        db.router()
            .oneshot(
                axum::http::Request::get("/sprak/sv?tillbaka=//evil.example")
                    .header("host", "localhost")
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

// ------------------------------------------------------------ projection, baselines, comparison

#[tokio::test]
async fn the_forecast_reads_both_ways_on_every_page_and_the_api() {
    let db = base_db().await;
    // On 2026-10-15, for the 2026-12-01 evaluation: E1's V01 went stale on 2026-09-30 (a report
    // to make again, not a failure); E2's F01 plan is due 2026-11-30; E2's U01 is between the
    // levels with no open plan; E2 has reported nothing for L01 and V01.
    let (status, forecast) =
        json(&db, "/api/v1/evaluations/USV2026/forecast?as_of=2026-10-15").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(forecast["deadline"], "2026-12-01");
    assert_eq!(forecast["days_left"], 47);
    assert_eq!(forecast["paging"]["total"], 2);
    let (status, beyond) = json(&db, "/api/v1/evaluations/USV2026/forecast?page=9").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        beyond["paging"]["page"], 1,
        "a page past the end is the last page"
    );
    let counts = |reading: &str| {
        let c = &forecast[reading];
        [&c["green"], &c["amber"], &c["red"], &c["grey"]].map(|n| n.as_u64().unwrap())
    };
    assert_eq!(counts("today"), [0, 2, 0, 0]);
    assert_eq!(counts("all_done"), [1, 1, 0, 0]);
    assert_eq!(counts("nothing_more"), [0, 1, 1, 0]);
    let unit = |code: &str| {
        forecast["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == code)
            .unwrap()
            .clone()
    };
    let (e1, e2) = (unit("E1"), unit("E2"));
    assert_eq!(
        (e1["all_done"].as_str(), e1["on_track"].as_bool()),
        (Some("green"), Some(true))
    );
    assert_eq!(e1["tasks"][0]["kind"], "report_again");
    assert_eq!(e1["tasks"][0]["date"], "2026-09-30");
    assert_eq!(
        e1["tasks"][0]["text"]["sv"],
        "V01: värdet gällde till 2026-09-30, rapportera igen nu"
    );
    assert_eq!(e2["tasks"][0]["kind"], "finish_plan");
    assert_eq!(e2["tasks"][0]["date"], "2026-11-30");
    let risks: Vec<(&str, &str)> = e2["risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["criterion"].as_str().unwrap(),
                r["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        risks,
        [("L01", "no_data"), ("U01", "no_plan"), ("V01", "no_data")]
    );
    let summary = forecast["summary"]["sv"].as_str().unwrap();
    assert_eq!(
        summary,
        "Den 2026-12-01 är 1 av 2 enheter gröna om alla rapporterar i tid och varje åtgärd blir \
         klar, 0 om inget mer händer. Skillnaden är uppgifter med datum, inte försämring: 1 \
         värde har redan slutat gälla och ska rapporteras igen; 1 åtgärd ska bli klar."
    );

    // The page, the overview and the report say the same in words.
    let (status, body) = db
        .get("/prognos?utvardering=USV2026&as_of=2026-10-15")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(summary), "{body}");
    assert!(body.contains("Om inget mer händer"));
    assert!(body.contains("F01: åtgärden ska vara klar 2026-11-30"));
    assert!(body.contains("U01: under nivån och ingen åtgärdsplan"));
    // Week by week back to the first measured values (2025-09-30): E1 on track each week.
    assert!(body.contains("Prognosen vecka för vecka"));
    assert!(
        body.contains(
            "<th scope=\"row\">2026-10-15</th><td class=\"num\">1</td><td class=\"num\">0</td>"
        ),
        "{body}"
    );
    let (status, overview) = db.get("/?as_of=2026-10-15").await;
    assert_eq!(status, StatusCode::OK);
    assert!(overview.contains("Prognos för 2026-12-01"));
    assert!(overview.contains(summary));
    assert!(overview.contains("1 inte på väg mot grönt"));
    // Leadership's "this week": units on track and the reasons of the others.
    assert!(overview.contains("Den här veckan"));
    assert!(overview.contains(
        "1 av 2 enheter är på väg att vara gröna den 2026-12-01 om alla rapporterar i tid och varje åtgärd blir klar."
    ));
    assert!(overview.contains("L01: ingen uppgift rapporterad"));
    let (_, report) = db.get("/rapport?as_of=2026-10-15").await;
    assert!(report.contains(summary), "{report}");
    let (_, english) = db
        .get_with(
            "/prognos?utvardering=USV2026&as_of=2026-10-15",
            Some("lang=en"),
        )
        .await;
    assert!(english.contains(forecast["summary"]["en"].as_str().unwrap()));
}

#[tokio::test]
async fn baselines_are_frozen_and_answer_the_api() {
    let db = base_db().await;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 10, 15).unwrap();
    readiness_store::baselines::freeze(&db.pool, "Slutrapport 2026-10-15", as_of, None)
        .await
        .unwrap();
    let before = json(
        &db,
        "/api/v1/units/E2?evaluation=USV2026&baseline=Slutrapport%202026-10-15",
    )
    .await
    .1;
    let f01 = |v: &Value| {
        v["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == "F01")
            .unwrap()
            .clone()
    };
    assert_eq!(f01(&before)["light"], "amber");
    assert_eq!(f01(&before)["value"], "0");

    // A later report does not move the baseline, only the live answer.
    db.import_file_bytes(
        readiness_store::import::ImportKind::Values,
        b"enhet;kriterium;varde;datum\nE2;F01;2;2026-10-01\n",
    )
    .await;
    let live = json(&db, "/api/v1/units/E2?evaluation=USV2026&as_of=2026-10-15")
        .await
        .1;
    assert_eq!(f01(&live)["light"], "green");
    let after = json(
        &db,
        "/api/v1/units/E2?evaluation=USV2026&baseline=Slutrapport%202026-10-15",
    )
    .await
    .1;
    assert_eq!(before, after, "the baseline did not move");
    let (status, units) = json(
        &db,
        "/api/v1/evaluations/USV2026/units?baseline=Slutrapport%202026-10-15",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(units["baseline"], "Slutrapport 2026-10-15");
    assert_eq!(units["as_of"], "2026-10-15");
    let (status, _) = json(
        &db,
        "/api/v1/evaluations/USV2026/units?baseline=Finns%20inte",
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The database itself refuses to change or remove a baseline.
    for sql in [
        "UPDATE baseline_snapshots SET snapshot = '{}'",
        "DELETE FROM baseline_snapshots",
        "UPDATE baselines SET as_of = '2020-01-01'",
        "DELETE FROM baselines",
    ] {
        let refused = sqlx::query(sql).execute(&db.pool).await;
        assert!(
            refused.is_err_and(|e| e.to_string().contains("baselines are frozen")),
            "{sql}"
        );
    }
    let again =
        readiness_store::baselines::freeze(&db.pool, "Slutrapport 2026-10-15", as_of, None).await;
    assert!(matches!(
        again,
        Err(readiness_store::baselines::BaselineError::Exists(_))
    ));

    // The comparison: the baseline against the same date now — E2/F01 improved, nothing worse.
    let (status, page) = db
        .get("/jamfor?utvardering=USV2026&fran=Slutrapport%202026-10-15&till=2026-10-15")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Slutrapport 2026-10-15 (2026-10-15) → 2026-10-15"),
        "{page}"
    );
    assert!(page.contains("data-movement=\"improved\""));
    assert!(!page.contains("data-movement=\"worsened\""));
    let (status, _) = db.get("/jamfor?fran=ingen-sadan").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The page's own content (the header has forms of its own: log out, language).
fn main_of(page: &str) -> &str {
    let start = page.find("<main").expect("a main element");
    let end = page[start..]
        .find("</main>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

/// A page a role does not open says so, in the reader's language, with a 403 and none of its
/// forms; the role it is for gets the page.
#[tokio::test]
async fn pages_a_role_does_not_open_say_so_without_forms() {
    let db = base_db().await;
    db.add_user("grupp@exempel.se", Role::Arbetsgrupp, &[])
        .await;
    let group = db.sign_in("grupp@exempel.se", PASSWORD).await.unwrap();
    let reader = db.sign_in("ledning@exempel.se", PASSWORD).await.unwrap();
    for path in ["/importera", "/anvandare", "/granska"] {
        for (lang, words) in [
            ("sv", "Du har inte behörighet till den här sidan"),
            ("en", "You do not have access to this page"),
        ] {
            let (status, body) = db
                .get_with(path, Some(&format!("{reader}; lang={lang}")))
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path} {lang}");
            let main = main_of(&body);
            assert!(main.contains(words), "{path} {lang}");
            assert!(!main.contains("<form"), "{path} {lang}: no forms");
        }
    }
    let (status, body) = db.get_with("/importera", Some(&group)).await;
    assert_eq!(status, StatusCode::OK);
    let main = main_of(&body);
    assert!(main.contains("<form") && !main.contains("Du har inte behörighet"));
    let (status, _) = db.get_with("/granska", Some(&group)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn only_the_working_group_freezes() {
    let db = base_db().await;
    db.add_user("grupp@exempel.se", Role::Arbetsgrupp, &[])
        .await;
    let group = db.sign_in("grupp@exempel.se", PASSWORD).await.unwrap();
    let reader = db.sign_in("ledning@exempel.se", PASSWORD).await.unwrap();
    let form = "name=Halvtid&as_of=2026-06-30";
    let refused = db
        .send(
            axum::http::Method::POST,
            "/api/frys_baslinje",
            Some(&reader),
            Some(form),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        readiness_store::baselines::list(&db.pool)
            .await
            .unwrap()
            .is_empty()
    );
    let done = db
        .send(
            axum::http::Method::POST,
            "/api/frys_baslinje",
            Some(&group),
            Some(form),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("Frozen"), "{}", done.body);
    let list = readiness_store::baselines::list(&db.pool).await.unwrap();
    assert_eq!(list[0].name, "Halvtid");
    assert_eq!(list[0].frozen_by.as_deref(), Some("grupp@exempel.se"));
    let (status, page) = db.get("/baslinjer").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Halvtid") && !page.contains("Frys en baslinje"),
        "readers see no form"
    );
}

#[tokio::test]
async fn cli_freezes_and_lists_baselines() {
    // A database of the suite's backend (PostgreSQL in CI's second run).
    let store = common::StoreDb::new().await;
    let db = store.url.clone();
    let run = |args: &[&str]| common::cli(&db, args);
    for kind in ["evaluations", "criteria", "units", "values"] {
        let file = fixture(&format!("base/{kind}.csv"));
        assert!(
            run(&["import", kind, file.to_str().unwrap()])
                .status
                .success()
        );
    }
    let out = run(&[
        "baseline",
        "freeze",
        "--name",
        "Slutrapport 2026-12-01",
        "--as-of",
        "2026-12-01",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = run(&["baseline", "freeze", "--name", "Slutrapport 2026-12-01"]);
    assert_eq!(again.status.code(), Some(2));
    let list = run(&["baseline", "list"]);
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(
        text.starts_with("Slutrapport 2026-12-01\t2026-12-01\t"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("USV2026"), "{text}");
}

#[tokio::test]
async fn trend_charts_come_with_titles_and_tables() {
    let db = base_db().await;
    let (status, page) = db.get("/trender?utvardering=USV2026").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        page.matches("<figure ").count(),
        3,
        "lights, areas, indicator"
    );
    // Each drawn in three sizes (the page shows one), each size a whole image with its title.
    assert_eq!(page.matches("role=\"img\"").count(), 9);
    assert!(
        page.contains("<title id=\"ljus-w-t\">Enheter per ljus – USV-utvärdering 2026</title>")
    );
    assert!(
        page.contains("<title id=\"ljus-n-t\">Enheter per ljus – USV-utvärdering 2026</title>")
    );
    assert!(page.contains("Visa siffrorna som tabell"));
    assert!(
        page.contains("F01 – Minst en kliniskt verksam doktorand"),
        "the count indicator"
    );
    let (status, unit) = db.get("/enhet/E1?utvardering=USV2026").await;
    assert_eq!(status, StatusCode::OK);
    assert!(unit.contains("Beredskap över tid – Kardiologi"));
}

#[tokio::test]
async fn the_status_report_prints_and_packs() {
    let db = base_db().await;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 10, 15).unwrap();
    readiness_store::baselines::freeze(&db.pool, "Halvtid", as_of, None)
        .await
        .unwrap();
    db.import_file_bytes(
        readiness_store::import::ImportKind::Values,
        b"enhet;kriterium;varde;datum\nE2;F01;2;2026-10-20\n",
    )
    .await;
    let (status, page) = db.get("/rapport?as_of=2026-10-25").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(
            "@top-left { content: \"Lägesrapport per 2026-10-25 · jämfört med baslinjen Halvtid\""
        ),
        "the running head names date and baseline"
    );
    assert!(page.contains("size: A4"));
    assert!(
        page.contains("Sedan Halvtid (2026-10-15): 0 enheter förbättrade, 0 försämrade, 2 oförändrade; 1 kriterier förbättrade och 0 försämrade."),
        "E2/F01 improved, E2 stays amber on its other criteria"
    );
    assert!(page.contains("Enheter med risk och deras åtgärder"));
    let (status, _) = db.get("/rapport?jamfor=Finns%20inte").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let cookie = db.sign_in("ledning@exempel.se", PASSWORD).await.unwrap();
    let (status, _, bytes) = db
        .download("/export/rapport?as_of=2026-10-25", &cookie)
        .await;
    assert_eq!(status, StatusCode::OK);
    use calamine::Reader;
    let book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Sammanfattning",
            "USV2026 områden",
            "USV2026 vårdgivare",
            "USV2026 risker",
            "USV2026 förändringar",
            "Om exporten"
        ]
    );
}

#[tokio::test]
async fn alf_page_shows_panels_carriers_and_published_grades() {
    let db = base_db().await;
    db.import_file_bytes(
        readiness_store::import::ImportKind::Evaluations,
        "kod;namn;genomfors_av;datum\nALF2028;ALF-utvärdering 2028;Vetenskapsrådet;2028-06-30\n"
            .as_bytes(),
    )
    .await;
    db.import_file_bytes(
        readiness_store::import::ImportKind::Criteria,
        "kod;utvardering;omrade;titel;typ;gron\n\
         P1-01;ALF2028;Panel 1: Vetenskaplig produktion;Publikationer;antal;10\n\
         P1-02;ALF2028;Panel 1: Vetenskaplig produktion;Citeringsgrad;index;120\n\
         P3-01;ALF2028;Panel 3: Förutsättningar;Forskningsinfrastruktur;ja_nej;\n"
            .as_bytes(),
    )
    .await;
    db.import_file_bytes(
        readiness_store::import::ImportKind::Values,
        b"enhet;kriterium;varde;datum\nE1;P1-01;12;2026-09-30\nE2;P1-01;30;2026-09-30\nE1;P3-01;Ja;2026-09-30\n\
          E1;P1-02;150;2026-09-30\nE2;P1-02;90;2026-09-30\n",
    )
    .await;
    let (status, page) = db.get("/alf").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Panel 1: Vetenskaplig produktion")
            && page.contains("Panel 3: Förutsättningar")
    );
    assert!(
        page.contains("Ögonkliniken (E2): 30 · Kardiologi (E1): 12"),
        "carriers, largest first"
    );
    assert!(page.contains(">42<"), "the regional total");
    // The citation index is averaged, not summed (150 and 90: 120, never 240).
    assert!(page.contains("<span>120</span>") && !page.contains(">240<"));
    assert!(page.contains("medelvärde"));
    assert!(page.contains("Panel 1: Vetenskaplig produktion – index, medelvärde av enheterna"));
    assert!(page.contains("Västerbotten") && page.contains("A – mycket hög kvalitet"));

    // A matrix cell links to the unit page, naming the evaluation only when it is not the one
    // the unit page shows by itself (the first by deadline).
    let (_, alf_matrix) = db.get("/matris?utvardering=ALF2028").await;
    assert!(
        alf_matrix.contains("href=\"/enhet/E1?utvardering=ALF2028#P1-01\""),
        "{alf_matrix}"
    );
    let (_, usv_matrix) = db.get("/matris?utvardering=USV2026").await;
    assert!(
        usv_matrix.contains("href=\"/enhet/E1#U01\""),
        "{usv_matrix}"
    );
    assert!(!usv_matrix.contains("href=\"/enhet/E1?utvardering="));
    let (_, dated) = db.get("/matris?as_of=2026-10-01").await;
    assert!(dated.contains("href=\"/enhet/E1?utvardering=USV2026&amp;as_of=2026-10-01#U01\""));
}

#[tokio::test]
async fn a_new_cycle_copies_criteria_keeps_units_and_carries_values_by_choice() {
    let db = base_db().await;
    db.add_user("grupp@exempel.se", Role::Arbetsgrupp, &[])
        .await;
    let group = db.sign_in("grupp@exempel.se", PASSWORD).await.unwrap();
    let post = |form: &'static str| {
        let group = group.clone();
        let db = &db;
        async move {
            db.send(
                axum::http::Method::POST,
                "/api/ny_cykel",
                Some(&group),
                Some(form),
            )
            .await
        }
    };
    let reply = post("from=USV2026&code=UPP2027&name=Uppf%C3%B6ljning%202027&date=2027-12-01&prefix=U27-&carry=ja").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(
        reply.body.contains("\"criteria\":4") && reply.body.contains("\"values\":6"),
        "{}",
        reply.body
    );
    let copy =
        post("from=USV2026&code=UPP2028&name=Utan%20v%C3%A4rden&date=2028-12-01&prefix=U28-").await;
    assert!(copy.body.contains("\"values\":0"), "{}", copy.body);
    // Taken code, clashing criterion codes: refused, nothing written.
    let before = db.fingerprint().await;
    let taken = post("from=USV2026&code=UPP2027&name=X&date=2027-12-01&prefix=U29-").await;
    assert!(taken.body.contains("redan tagen"), "{}", taken.body);
    let clash = post("from=USV2026&code=UPP2029&name=X&date=2029-12-01&prefix=U27-").await;
    assert!(clash.body.contains("U27-F01"), "{}", clash.body);
    assert_eq!(before, db.fingerprint().await);

    // Carried values keep their dates (E1/F01 measured 2026-09-30 is still current in 2026-10);
    // the cycle without values is all grey.
    let carried = json(&db, "/api/v1/units/E1?evaluation=UPP2027&as_of=2026-10-15")
        .await
        .1;
    let f01 = carried["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "U27-F01")
        .unwrap()
        .clone();
    assert_eq!(
        (f01["light"].as_str(), f01["measured"].as_str()),
        (Some("green"), Some("2026-09-30"))
    );
    let empty = json(&db, "/api/v1/evaluations/UPP2028/units").await.1;
    assert!(
        empty["units"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["light"] == "grey")
    );

    // The copied criteria are editable: export, change a title, import.
    let bytes = readiness_store::export::criteria(
        &db.pool,
        Some("UPP2027"),
        readiness_store::export::FileFormat::Csv,
    )
    .await
    .unwrap();
    let unchanged = readiness_store::import::import(
        &db.pool,
        readiness_store::import::ImportKind::Criteria,
        "k.csv",
        &bytes,
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        (unchanged.rows, unchanged.unchanged),
        (4, 4),
        "the export imports as no change"
    );
    let edited = String::from_utf8(bytes)
        .unwrap()
        .replace("Gemensam strategi", "Gemensam strategi 2027");
    let summary = readiness_store::import::import(
        &db.pool,
        readiness_store::import::ImportKind::Criteria,
        "k.csv",
        edited.as_bytes(),
        false,
    )
    .await
    .unwrap();
    assert_eq!(summary.changed, 1);
    let (status, page) = db.get("/kriterium/L01").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !page.contains("Gemensam strategi 2027"),
        "the source evaluation is untouched"
    );
}

/// The matrix filters, sorts and pages on the server: the 249 units designated today (of 250:
/// the sample's last unit's designation has ended) become three pages, and every page holds
/// exactly the units the rules put there.
#[tokio::test]
async fn the_matrix_is_filtered_sorted_and_paged_on_the_server() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    readiness_sample::generate(&readiness_sample::SampleOptions {
        units: 250,
        months: 12,
        seed: 5,
        ..readiness_sample::SampleOptions::default()
    })
    .write_to(dir.path())
    .unwrap();
    db.import_dir(dir.path()).await;
    db.add_user("ledning@exempel.se", Role::Lasare, &[]).await;
    let cookie = db.sign_in("ledning@exempel.se", PASSWORD).await.unwrap();
    db.use_session(cookie).await;
    let rows = |page: &str| -> Vec<String> {
        page.split("<tr data-unit=\"")
            .skip(1)
            .map(|r| r.split('"').next().unwrap().to_string())
            .collect()
    };

    let (status, first) = db.get("/matris?utvardering=USV2026").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rows(&first).len(), 100);
    assert!(
        first.contains("Visar 1–100 av 249 träffar bland 249 enheter"),
        "{first}"
    );
    assert!(first.contains("1 enhet är inte USV-enhet per datumet och visas inte"));
    // Before its designation ended, the last unit counts and is shown.
    let (_, earlier) = db.get("/matris?utvardering=USV2026&as_of=2026-01-31").await;
    assert!(
        earlier.contains("Visar 1–100 av 250 träffar bland 250 enheter"),
        "{earlier}"
    );
    assert!(!earlier.contains("är inte USV-enhet per datumet"));
    assert!(first.contains("Sida 1 av 3") && first.contains("sida=2"));
    let (_, last) = db.get("/matris?utvardering=USV2026&sida=3").await;
    assert_eq!(rows(&last).len(), 49);
    let (_, beyond) = db.get("/matris?utvardering=USV2026&sida=99").await;
    assert_eq!(
        rows(&beyond),
        rows(&last),
        "a page past the end shows the last"
    );
    let mut all: Vec<String> = Vec::new();
    for page in 1..=3 {
        let (_, html) = db
            .get(&format!("/matris?utvardering=USV2026&sida={page}"))
            .await;
        all.extend(rows(&html));
    }
    let mut codes = all.clone();
    codes.sort();
    codes.dedup();
    assert_eq!(
        codes.len(),
        249,
        "every designated unit on exactly one page"
    );
    assert!(!codes.contains(&"E250".to_string()));

    // Filters and sorting agree with the rules on the whole evaluation, not on one page.
    let dataset = readiness_store::cache::load_dataset(&db.pool, "USV2026")
        .await
        .unwrap()
        .unwrap();
    let board = dataset.dataset().board(readiness_server_today());
    let red: Vec<&str> = board
        .counted_units()
        .filter(|&u| board.summaries[u].overall == readiness_rules::Light::Red)
        .map(|u| dataset.units[u].code.as_str())
        .collect();
    let (_, filtered) = db.get("/matris?utvardering=USV2026&ljus=red").await;
    let shown = rows(&filtered);
    assert_eq!(shown.len(), red.len().min(100));
    assert!(shown.iter().all(|c| red.contains(&c.as_str())));
    let (_, sorted) = db
        .get("/matris?utvardering=USV2026&sortera=beredskap")
        .await;
    let lowest = board
        .counted_units()
        .map(|u| board.summaries[u].readiness.unwrap_or(-1.0))
        .fold(f64::INFINITY, f64::min);
    let first_unit = &rows(&sorted)[0];
    let position = dataset
        .units
        .iter()
        .position(|u| &u.code == first_unit)
        .unwrap();
    assert_eq!(board.summaries[position].readiness.unwrap_or(-1.0), lowest);
}

fn readiness_server_today() -> chrono::NaiveDate {
    app::state::today()
}

/// Pages take turns (a few at a time compute); a turn is given back when the answer has been
/// read or dropped unread, so many more requests than turns all answer.
#[tokio::test]
async fn every_request_gives_its_turn_back() {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    let db = base_db().await;
    let cookie = db
        .sign_in("ledning@exempel.se", PASSWORD)
        .await
        .expect("sign in");
    let request = || {
        Request::builder()
            .uri("/matris")
            .header("host", "localhost")
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap()
    };
    // Answers dropped before their body is read: each must still give its turn back.
    let dropped = async {
        for _ in 0..40 {
            let response = db.router().oneshot(request()).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), dropped)
        .await
        .expect("a dropped answer kept its turn: later requests waited for ever");
    // Many at once, read to the end.
    let mut all = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let (router, request) = (db.router(), request());
        all.spawn(async move {
            let response = router.oneshot(request).await.unwrap();
            let status = response.status();
            http_body_util::BodyExt::collect(response.into_body())
                .await
                .unwrap();
            status
        });
    }
    let answered = tokio::time::timeout(std::time::Duration::from_secs(60), all.join_all())
        .await
        .expect("concurrent requests did not all answer");
    assert!(answered.iter().all(|s| *s == StatusCode::OK));
    let (status, body) = db.get("/matris").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Kardiologi"));
}

/// A body that never arrives (a client that sends slowly).
struct NeverEnds;

impl http_body::Body for NeverEnds {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Pending
    }
}

/// Clients that never finish sending hold no turn: pages still answer while many of them wait.
#[tokio::test]
async fn slow_senders_hold_no_turn() {
    use axum::body::Body;
    use axum::http::{Method, Request};
    use tower::ServiceExt;

    let db = base_db().await;
    let cookie = db
        .sign_in("ledning@exempel.se", PASSWORD)
        .await
        .expect("sign in");
    let mut waiting = Vec::new();
    for _ in 0..20 {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/granska")
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::new(NeverEnds))
            .unwrap();
        let router = db.router();
        waiting.push(tokio::spawn(async move { router.oneshot(request).await }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let (status, body) = db.get("/matris").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Kardiologi"));
    assert!(
        waiting.iter().all(|w| !w.is_finished()),
        "the senders still wait"
    );
    waiting.iter().for_each(|w| w.abort());
}
