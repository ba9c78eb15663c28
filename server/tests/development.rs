//! The development areas through the real routes: the follow-up pages as of a date, the
//! working group's forms (and nobody else's), the guard against overwriting, the criteria the
//! area is meant to move against a baseline, the Lägesrapport's section and the export.

mod common;

use axum::http::{Method, StatusCode};
use common::{TestDb, encode};

async fn setup() -> (TestDb, String, String, String) {
    TestDb::base_with_three_roles().await
}

fn action_form(title: &str, due: &str, status: &str) -> String {
    format!(
        "area=UO1&title={}&responsible=Greta&scope=&due={due}&status={status}",
        encode(title)
    )
}

#[tokio::test]
async fn the_follow_up_pages_show_each_area_by_the_rule_and_escape_what_files_bring() {
    let (db, _, _, reader) = setup().await;
    let (status, page) = db
        .get_with("/utveckling?as_of=2031-07-02", Some(&reader))
        .await;
    assert_eq!(status, StatusCode::OK);
    // UO1's first action was due 2031-06-30: red, said in words.
    assert!(page.contains("1 av 2 åtgärder försenade"), "{page}");
    assert!(page.contains("Försenad 2 dagar"), "{page}");
    assert!(page.contains("Åtgärden är klar"), "{page}");
    // The area name from the file is text, never markup: in the table and the title alike.
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(
        page.contains("Ledning &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    let (_, earlier) = db
        .get_with("/utveckling?as_of=2031-06-15", Some(&reader))
        .await;
    // UO1-01 is due in 15 days: the area says so (the overview shows areas, not actions).
    assert!(
        earlier.contains("1 ska vara klara inom 30 dagar"),
        "{earlier}"
    );
    assert!(!earlier.contains("försenade"), "{earlier}");

    let (status, area) = db
        .get_with("/utveckling/UO1?as_of=2031-07-02", Some(&reader))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        area.contains("Alla handledare har pedagogisk utbildning"),
        "{area}"
    );
    assert!(area.contains("Kursen är bokad"), "{area}");
    assert!(area.contains("Karolinska Universitetssjukhuset"), "{area}");
    // A reader gets no forms.
    assert!(!area.contains("Ny åtgärd"), "{area}");
    let (status, _) = db.get_with("/utveckling/UO9", Some(&reader)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = db.get_with("/utveckling", None).await;
    assert_ne!(
        status,
        StatusCode::OK,
        "signed-out readers are sent to log in"
    );

    // The English toggle says the same in English.
    let (_, english) = db
        .get_with(
            "/utveckling?as_of=2031-07-02",
            Some(&format!("{reader}; lang=en")),
        )
        .await;
    assert!(
        english.contains("Prioritised development areas"),
        "{english}"
    );
    assert!(english.contains("1 of 2 actions overdue"), "{english}");
    assert!(english.contains("2 days late"), "{english}");
}

#[tokio::test]
async fn only_the_working_group_adds_and_changes_actions_and_never_over_someone_else() {
    let (db, group, lead, reader) = setup().await;
    for (who, cookie, expected) in [
        ("reader", Some(reader.as_str()), 403),
        ("unit lead", Some(lead.as_str()), 403),
        ("nobody", None, 401),
    ] {
        let before = db.fingerprint().await;
        let reply = db
            .send(
                Method::POST,
                "/api/ny_utvecklingsatgard",
                cookie,
                Some(&action_form("Smyg", "2031-01-01", "pagar")),
            )
            .await;
        assert_eq!(reply.status.as_u16(), expected, "{who}: {}", reply.body);
        assert_eq!(before, db.fingerprint().await, "{who} wrote something");
        let reply = db
            .send(
                Method::POST,
                "/api/lagesnotering",
                cookie,
                Some("code=UO1-01&noted_on=2026-12-01&note=x"),
            )
            .await;
        assert_eq!(reply.status.as_u16(), expected, "{who}: {}", reply.body);
        assert_eq!(before, db.fingerprint().await, "{who} wrote a note");
        let version: i64 = sqlx::query_scalar(
            "SELECT MAX(v.id) FROM development_action_versions v \
             JOIN development_actions a ON a.id = v.action_id WHERE a.code = 'UO1-01'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let reply = db
            .send(
                Method::POST,
                "/api/spara_utvecklingsatgard",
                cookie,
                Some(&format!(
                    "code=UO1-01&title=Smyg&responsible=&scope=&due=2031-06-30&status=klar&based_on={version}"
                )),
            )
            .await;
        assert_eq!(reply.status.as_u16(), expected, "{who}: {}", reply.body);
        assert_eq!(before, db.fingerprint().await, "{who} changed an action");
    }

    let reply = db
        .send(
            Method::POST,
            "/api/ny_utvecklingsatgard",
            Some(&group),
            Some(&action_form("Mentorsprogram", "2031-05-01", "planerad")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("Saved"), "{}", reply.body);
    let (_, page) = db.get_with("/utveckling/UO1", Some(&group)).await;
    assert!(page.contains("UO1-03 Mentorsprogram"), "{page}");
    assert!(
        page.contains("Ny åtgärd"),
        "the working group gets the forms"
    );
    assert!(!page.contains("Gå till dagens läge"), "{page}");
    // Looking at another date, the forms give way to the way back to today.
    let (_, later) = db
        .get_with("/utveckling/UO1?as_of=2031-01-01", Some(&group))
        .await;
    assert!(later.contains("UO1-03 Mentorsprogram"), "{later}");
    assert!(!later.contains("Ny åtgärd"), "{later}");
    assert!(!later.contains("Ändra eller notera läget"), "{later}");
    assert!(
        later.contains(
            "Du ser läget per 2031-01-01. <a href=\"/utveckling/UO1\">Gå till dagens läge"
        ),
        "{later}"
    );

    // Two people change the same version: the second is told, nothing is overwritten.
    let version: i64 = sqlx::query_scalar(
        "SELECT MAX(v.id) FROM development_action_versions v \
         JOIN development_actions a ON a.id = v.action_id WHERE a.code = 'UO1-03'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let change = |title: &str| {
        format!(
            "code=UO1-03&title={}&responsible=&scope=Karolinska+Universitetssjukhuset&due=2031-06-01&status=pagar&based_on={version}",
            encode(title)
        )
    };
    let first = db
        .send(
            Method::POST,
            "/api/spara_utvecklingsatgard",
            Some(&group),
            Some(&change("Mentorsprogram för ST")),
        )
        .await;
    assert!(first.body.contains("Saved"), "{}", first.body);
    let before = db.fingerprint().await;
    let second = db
        .send(
            Method::POST,
            "/api/spara_utvecklingsatgard",
            Some(&group),
            Some(&change("Något annat")),
        )
        .await;
    assert!(second.body.contains("Conflict"), "{}", second.body);
    assert!(
        second.body.contains("Mentorsprogram för ST"),
        "{}",
        second.body
    );
    assert_eq!(before, db.fingerprint().await);

    // Invalid input: the fields are named, nothing is written.
    let invalid = db
        .send(
            Method::POST,
            "/api/ny_utvecklingsatgard",
            Some(&group),
            Some("area=UO1&title=&responsible=&scope=Okänd&due=imorgon&status=pagar"),
        )
        .await;
    assert!(invalid.body.contains("Invalid"), "{}", invalid.body);
    for field in ["\"title\"", "\"scope\"", "\"due\""] {
        assert!(invalid.body.contains(field), "{field}: {}", invalid.body);
    }
    assert_eq!(before, db.fingerprint().await);
    let unknown = db
        .send(
            Method::POST,
            "/api/lagesnotering",
            Some(&group),
            Some("code=UO9-01&noted_on=2026-12-01&note=x"),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.body);

    let noted = db
        .send(
            Method::POST,
            "/api/lagesnotering",
            Some(&group),
            Some("code=UO1-03&noted_on=2026-12-01&note=Fem+mentorer+klara"),
        )
        .await;
    assert!(noted.body.contains("Saved"), "{}", noted.body);
    // A note that looks like a spreadsheet formula is kept as written and exported as text.
    let formula = db
        .send(
            Method::POST,
            "/api/lagesnotering",
            Some(&group),
            Some(&format!(
                "code=UO1-03&noted_on=2026-12-02&note={}",
                encode("=1+2*3")
            )),
        )
        .await;
    assert!(formula.body.contains("Saved"), "{}", formula.body);
    let (status, _, csv) = db
        .download("/export/utveckling?format=csv&as_of=2031-01-01", &group)
        .await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains(";'=1+2*3"), "{csv}");
    assert!(!csv.contains(";=1+2*3"), "{csv}");
    let (_, page) = db
        .get_with("/utveckling/UO1?as_of=2031-01-01", Some(&reader))
        .await;
    assert!(page.contains("Mentorsprogram för ST"), "{page}");
    assert!(page.contains("Fem mentorer klara"), "{page}");
}

#[tokio::test]
async fn an_area_shows_its_criteria_then_and_now_the_report_and_the_export_carry_it() {
    let (db, group, _, reader) = setup().await;
    readiness_store::baselines::freeze(&db.pool, "Start", "2026-10-01".parse().unwrap(), None)
        .await
        .unwrap();
    let (_, page) = db
        .get_with("/utveckling/UO1?as_of=2031-01-01", Some(&reader))
        .await;
    // U01: E1 82.5 % (green), E2 70 % (amber), measured 2026-09-30 — at the baseline; by 2031
    // both values are long out of date (amber: to be renewed).
    assert!(
        page.contains("U01 Handledare med pedagogisk utbildning"),
        "{page}"
    );
    assert!(
        page.contains("1 grön · 1 gul · 0 röd · 0 ingen uppgift"),
        "{page}"
    );
    assert!(
        page.contains("0 grön · 2 gul · 0 röd · 0 ingen uppgift"),
        "{page}"
    );
    assert!(page.contains("<td>-1</td>"), "{page}");

    let (status, report) = db
        .get_with("/rapport?as_of=2031-07-02", Some(&reader))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        report.contains("Prioriterade utvecklingsområden"),
        "{report}"
    );
    assert!(
        report.contains("UO1 · UO1-01 Handledarutbildning · Anna Ek · Försenad 2 dagar"),
        "{report}"
    );

    let csv = db
        .download_text(
            "/export/utveckling?format=csv&as_of=2031-07-02",
            &group,
            "utvecklingsatgarder-2031-07-02.csv",
        )
        .await;
    assert!(csv.contains("UO1;UO1-01;Handledarutbildning;Anna Ek;;2031-06-30;pagar;2026-05-01;Kursen är bokad;Försenad 2 dagar"), "{csv}");
    let (status, _, _) = db
        .download("/export/utveckling?format=csv&tabell=annat", &group)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, xlsx) = db.download("/export/utveckling?format=xlsx", &reader).await;
    assert_eq!(status, StatusCode::OK);
    assert!(xlsx.starts_with(b"PK"));
}
