//! The system level through the real routes: the list and a question as of a date, the
//! overview's summary beside the unit lights, the interview preparation, the working group's
//! forms (and nobody else's), the guard against overwriting, and the export.

mod common;

use axum::http::{Method, StatusCode};
use common::{TestDb, encode};

async fn setup() -> (TestDb, String, String, String) {
    TestDb::base_with_three_roles().await
}

#[tokio::test]
async fn the_pages_show_each_question_by_the_rule_and_the_overview_counts_them() {
    let (db, _, _, reader) = setup().await;
    let (status, page) = db
        .get_with("/systemniva?as_of=2031-07-01", Some(&reader))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("1 av 3 frågor har fastställda svar"),
        "{page}"
    );
    assert!(
        page.contains("Svaret är inte fastställt; skulle vara klart 2031-06-30"),
        "{page}"
    );
    assert!(page.contains("Södersjukhusets FoUU-kommitté"), "{page}");
    // The question from the file is text, never markup.
    assert!(!page.contains("<b>universitetssjukvården</b>"), "{page}");
    assert!(
        page.contains("&lt;b&gt;universitetssjukvården&lt;/b&gt;"),
        "{page}"
    );

    let (status, question) = db
        .get_with("/systemniva/S1?as_of=2031-07-01", Some(&reader))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(question.contains("Genom ledningsgruppen"), "{question}");
    assert!(question.contains("Protokoll 2026-05-12"), "{question}");
    // The units' figures: U01 is met by E1 (82.5 %) of two units, as of the base's date.
    let (_, dated) = db
        .get_with("/systemniva/S1?as_of=2026-10-01", Some(&reader))
        .await;
    assert!(dated.contains("1 av 2 enheter uppfyller"), "{dated}");
    // On today's state, where the working group gets forms (below), a reader gets none.
    let (_, today) = db.get_with("/systemniva/S1", Some(&reader)).await;
    assert!(today.contains("Genom ledningsgruppen"), "{today}");
    assert!(
        !today.contains("Skriv eller ändra svaret") && !today.contains("Ny kommentar"),
        "a reader gets no forms: {today}"
    );
    assert!(!today.contains("Gå till dagens läge"), "{today}");
    let (status, _) = db.get_with("/systemniva/S9", Some(&reader)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, interview) = db
        .get_with("/systemniva/intervju?as_of=2031-07-01", Some(&reader))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(interview.contains("Genom ledningsgruppen"), "{interview}");
    assert!(
        interview.contains("Inget fastställt svar (status: utkast)"),
        "{interview}"
    );
    assert!(
        interview.contains("Inget fastställt svar (status: inget svar)"),
        "{interview}"
    );

    let (_, overview) = db.get_with("/?as_of=2031-07-01", Some(&reader)).await;
    assert!(
        overview.contains("Systemnivå: ledningsorganens svar"),
        "{overview}"
    );
    assert!(
        overview.contains("1 av 3 frågor har fastställda svar"),
        "{overview}"
    );
    // The counts lead to the questions as of the same date.
    assert!(
        overview.contains(r#"<a href="/systemniva?as_of=2031-07-01">"#),
        "{overview}"
    );

    let (_, english) = db
        .get_with(
            "/systemniva?as_of=2031-07-01",
            Some(&format!("{reader}; lang=en")),
        )
        .await;
    assert!(
        english.contains("1 of 3 questions have approved answers"),
        "{english}"
    );
    assert!(
        english.contains("The answer is not approved; was due 2031-06-30"),
        "{english}"
    );
}

#[tokio::test]
async fn only_the_working_group_answers_and_never_over_someone_else() {
    let (db, group, lead, reader) = setup().await;
    let form = |answer: &str, status: &str, based_on: i64| {
        format!(
            "code=S3&answer={}&evidence=&responsible=Greta&status={status}&based_on={based_on}",
            encode(answer)
        )
    };
    for (who, cookie, expected) in [
        ("reader", Some(reader.as_str()), 403),
        ("unit lead", Some(lead.as_str()), 403),
        ("nobody", None, 401),
    ] {
        let before = db.fingerprint().await;
        for (uri, body) in [
            ("/api/spara_systemsvar", form("Smyg", "faststalld", 0)),
            ("/api/systemkommentar", "code=S3&comment=x".to_string()),
        ] {
            let reply = db.send(Method::POST, uri, cookie, Some(&body)).await;
            assert_eq!(
                reply.status.as_u16(),
                expected,
                "{who} {uri}: {}",
                reply.body
            );
        }
        assert_eq!(before, db.fingerprint().await, "{who} wrote something");
    }
    let saved = db
        .send(
            Method::POST,
            "/api/spara_systemsvar",
            Some(&group),
            Some(&form("Ett första utkast", "utkast", 0)),
        )
        .await;
    assert!(saved.body.contains("Saved"), "{}", saved.body);
    let before = db.fingerprint().await;
    let stale = db
        .send(
            Method::POST,
            "/api/spara_systemsvar",
            Some(&group),
            Some(&form("Ett annat svar", "faststalld", 0)),
        )
        .await;
    assert!(stale.body.contains("Conflict"), "{}", stale.body);
    assert!(stale.body.contains("Ett första utkast"), "{}", stale.body);
    let invalid = db
        .send(
            Method::POST,
            "/api/spara_systemsvar",
            Some(&group),
            Some(&form("", "faststalld", 99)),
        )
        .await;
    assert!(
        invalid.body.contains("Invalid") && invalid.body.contains("\"answer\""),
        "{}",
        invalid.body
    );
    assert_eq!(before, db.fingerprint().await);
    let comment = db
        .send(
            Method::POST,
            "/api/systemkommentar",
            Some(&group),
            Some("code=S3&comment=Fr%C3%A5ga+KI+om+siffrorna"),
        )
        .await;
    assert!(comment.body.contains("Saved"), "{}", comment.body);
    let (_, page) = db.get_with("/systemniva/S3", Some(&group)).await;
    assert!(page.contains("Ett första utkast"), "{page}");
    assert!(page.contains("Fråga KI om siffrorna"), "{page}");
    assert!(
        page.contains("Skriv eller ändra svaret"),
        "the working group gets the forms"
    );
    let (_, earlier) = db
        .get_with("/systemniva/S3?as_of=2026-10-01", Some(&group))
        .await;
    assert!(!earlier.contains("Skriv eller ändra svaret"), "{earlier}");
    // Looking back shows what was written by then: not today's comment.
    assert!(!earlier.contains("Fråga KI om siffrorna"), "{earlier}");
    assert!(earlier.contains("Gå till dagens läge"), "{earlier}");

    let csv = db
        .download_text(
            "/export/systemniva?format=csv&as_of=2031-07-01",
            &reader,
            "systemniva-2031-07-01.csv",
        )
        .await;
    assert!(csv.contains("S3;USV2026;Forskning;nationell;Hur stöds studier?;;2031-12-31;;Ett första utkast;;Greta;utkast"), "{csv}");
}
