//! With the language set to English every page says everything in English: the Swedish found on
//! English pages once (placeholders, hints, indicator titles, stored words such as `Ja` and a
//! plan's status, the document title, the user page) must not come back.

mod common;

use axum::http::{Method, StatusCode};
use common::{PASSWORD, TestDb, encode, fixture};
use readiness_rules::Role;

const ADMIN: &str = "admin@exempel.se";
const LEAD: &str = "enhet@exempel.se";

/// The base fixture, an admin (the cookie) who sees every page and form, and a Yes that a unit
/// lead reported on the web, so the review list has one to show.
async fn db_with_a_web_report() -> (TestDb, String) {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    db.add_user(ADMIN, Role::Admin, &[]).await;
    db.add_user(LEAD, Role::Enhetsansvarig, &["E1"]).await;
    let lead = db.sign_in(LEAD, PASSWORD).await.unwrap();
    let based_on = readiness_store::reports::latest_value(&db.pool, "E1", "V01")
        .await
        .unwrap()
        .map_or(0, |v| v.id);
    let form = format!(
        "unit=E1&criterion=V01&measured=2026-11-20&value=Ja&comment={}&evidence=&based_on={based_on}",
        encode("rapporterat i webben")
    );
    let reply = db
        .send(
            Method::POST,
            "/api/rapportera_varde",
            Some(&lead),
            Some(&form),
        )
        .await;
    assert!(reply.body.contains("Saved"), "{}", reply.body);
    let admin = db.sign_in(ADMIN, PASSWORD).await.unwrap();
    (db, admin)
}

/// What a reader sees and hears: the page without its scripts (the data handed to the browser
/// carries both languages of every message).
fn shown(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        rest = match rest[start..].find("</script>") {
            Some(end) => &rest[start + end + "</script>".len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

async fn page(db: &TestDb, uri: &str, cookie: &str) -> String {
    let reply = db.send(Method::GET, uri, Some(cookie), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{uri}");
    shown(&reply.body)
}

/// Swedish once seen on English pages (all from the code or stored words; names of units, areas
/// and the like are data, and stay as written).
const FOUND_ON_ENGLISH_PAGES: [&str; 31] = [
    // Placeholders of the baseline and cycle forms.
    "Slutrapport 2026-12-01",
    "Uppföljning 2027",
    // Criterion titles that have an English one (the trends page's indicator and its chart).
    "Minst en kliniskt verksam doktorand",
    "Handledare med pedagogisk utbildning",
    // Hints of the report form.
    "ej tillämplig",
    "(krävs för",
    "Ja, Nej",
    "or Nej",
    "82,5",
    // Stored words: values in the change history, the comparison and the review list.
    ": Ja",
    ": Nej",
    "Ja →",
    "→ Ja",
    ">Ja<",
    // A plan's status in the change history.
    "· pagar",
    "· pågår",
    "· klar",
    // The document title.
    "· Beredskap",
    // The user page.
    "Välj roll",
    "Stäng av",
    "Nytt lösenord",
    "Engångslösenord",
    // The development areas: the rule's words, a scope, the forms.
    "Hela regionen",
    "Lägesnotering",
    "Försenad",
    "Ska vara klar",
    "Inga förseningar",
    // The system level: statuses and the rule's words.
    "fastställd",
    "Fastställt svar",
    "Inte påbörjad",
    "Besvaras av",
];

#[tokio::test]
async fn english_pages_carry_none_of_the_swedish_found_there() {
    let (db, admin) = db_with_a_web_report().await;
    let english = format!("{admin}; lang=en");
    let pages = [
        "/",
        "/matris",
        "/enhet/E1",
        "/enhet/E1?rapportera=V01",
        "/enhet/E2?rapportera=U01",
        "/kriterium/F01",
        "/prognos",
        "/trender",
        "/alf",
        "/rapport",
        "/baslinjer",
        "/jamfor?utvardering=USV2026&fran=2025-01-01&till=2026-11-30",
        "/granska",
        "/importera",
        "/anvandare",
        "/anvandare?bekrafta=stang-av&anvandare=enhet%40exempel.se",
        "/anvandare?bekrafta=nytt-losenord&anvandare=enhet%40exempel.se",
        "/konto",
        "/utveckling",
        "/utveckling/UO1",
        "/systemniva",
        "/systemniva/S1",
        "/systemniva/intervju",
    ];
    let mut found = Vec::new();
    for uri in pages {
        let text = page(&db, uri, &english).await;
        for swedish in FOUND_ON_ENGLISH_PAGES {
            if text.contains(swedish) {
                found.push(format!("{uri}: {swedish:?}"));
            }
        }
    }
    let login = db
        .send(Method::GET, "/logga-in", Some("lang=en"), None)
        .await;
    for swedish in FOUND_ON_ENGLISH_PAGES {
        if shown(&login.body).contains(swedish) {
            found.push(format!("/logga-in: {swedish:?}"));
        }
    }
    assert!(found.is_empty(), "Swedish on English pages: {found:#?}");

    // And what stands there instead.
    for (uri, expected) in [
        (
            "/trender",
            "F01 – At least one clinically active doctoral student",
        ),
        (
            "/trender",
            "<title id=\"indikator-w-t\">F01 – At least one clinically active doctoral student",
        ),
        ("/baslinjer", "placeholder=\"Final report 2026-12-01\""),
        ("/baslinjer", "placeholder=\"Follow-up 2027\""),
        ("/enhet/E1", "2025-09-30: Yes"),
        (
            "/enhet/E2",
            "Rekrytera en doktorand · Anna Ek · 2026-11-30 · in progress",
        ),
        ("/enhet/E1?rapportera=V01", "(required for not applicable)"),
        ("/enhet/E1?rapportera=V01", "Yes, No or not applicable"),
        (
            "/jamfor?utvardering=USV2026&fran=2025-01-01&till=2026-11-30",
            "– → Yes",
        ),
        ("/granska", ">Yes<"),
        ("/konto", "<title>My account · Readiness</title>"),
        ("/utveckling/UO1", "The whole region"),
        ("/utveckling/UO1", "Save progress note"),
        ("/systemniva/S1", "Approved answer"),
        ("/systemniva", "Answered by"),
    ] {
        let text = page(&db, uri, &english).await;
        assert!(text.contains(expected), "{uri} lacks {expected:?}: {text}");
    }
}

/// The same pages in Swedish still say it in Swedish: the English ones are not a rewrite.
#[tokio::test]
async fn swedish_pages_keep_their_words() {
    let (db, admin) = db_with_a_web_report().await;
    for (uri, expected) in [
        ("/trender", "F01 – Minst en kliniskt verksam doktorand"),
        ("/baslinjer", "placeholder=\"Slutrapport 2026-12-01\""),
        ("/enhet/E1", "2025-09-30: Ja"),
        (
            "/enhet/E2",
            "Rekrytera en doktorand · Anna Ek · 2026-11-30 · pågår",
        ),
        ("/enhet/E1?rapportera=V01", "(krävs för ej tillämplig)"),
        (
            "/jamfor?utvardering=USV2026&fran=2025-01-01&till=2026-11-30",
            "– → Ja",
        ),
        ("/granska", ">Ja<"),
        ("/konto", "<title>Mitt konto · Beredskap</title>"),
        ("/anvandare", "Välj roll…"),
    ] {
        let text = page(&db, uri, &admin).await;
        assert!(text.contains(expected), "{uri} lacks {expected:?}: {text}");
    }
}
