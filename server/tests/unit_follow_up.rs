//! The units' yearly follow-ups through the real routes: on the unit page as of a date (text from
//! the file escaped, in both languages) and in the export.

mod common;

use axum::http::StatusCode;
use common::TestDb;
use readiness_rules::Role;

#[tokio::test]
async fn the_unit_page_shows_the_committees_decisions_by_its_date_and_the_export_carries_them() {
    let db = TestDb::new().await;
    db.import_dir(&common::fixture("base")).await;
    db.add_user("reader@exempel.se", Role::Lasare, &[]).await;
    let reader = db
        .sign_in("reader@exempel.se", common::PASSWORD)
        .await
        .unwrap();

    let (status, page) = db
        .get_with("/enhet/E1?as_of=2026-12-01", Some(&reader))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("2025: Fortsätter med villkor (beslut 2026-03-12, FoUU 2026:14)"),
        "{page}"
    );
    assert!(
        page.contains("Årlig uppföljning (FoUU-kommittén)"),
        "{page}"
    );
    // The assessment from the file is text, never markup.
    assert!(!page.contains("<i>senast</i>"), "{page}");
    assert!(
        page.contains("Ny handledare &lt;i&gt;senast&lt;/i&gt; 2026-06-30"),
        "{page}"
    );
    assert!(page.contains("Uppfyller nivåerna"), "{page}");

    // Before the 2025 decision, only 2024's is shown; before any, the section says so.
    let (_, earlier) = db
        .get_with("/enhet/E1?as_of=2026-01-15", Some(&reader))
        .await;
    assert!(
        earlier.contains("2024: Fortsätter (beslut 2025-03-10, FoUU 2025:09)"),
        "{earlier}"
    );
    assert!(!earlier.contains("Ny handledare"), "{earlier}");
    let (_, none) = db
        .get_with("/enhet/E1?as_of=2025-01-01", Some(&reader))
        .await;
    assert!(
        none.contains("Ingen årlig uppföljning är inläst för enheten."),
        "{none}"
    );

    let (_, english) = db
        .get_with(
            "/enhet/E1?as_of=2026-12-01",
            Some(&format!("{reader}; lang=en")),
        )
        .await;
    assert!(
        english.contains("2025: Continues with conditions (decided 2026-03-12, FoUU 2026:14)"),
        "{english}"
    );
    assert!(
        english.contains("Yearly follow-up (FoUU committee)"),
        "{english}"
    );

    let csv = db
        .download_text(
            "/export/uppfoljning?format=csv&as_of=2026-12-01",
            &reader,
            "uppfoljning-2026-12-01.csv",
        )
        .await;
    assert!(
        csv.contains("E2;2025;fortsatter;2026-03-12;FoUU 2026:14;;Ögonkliniken;Fortsätter"),
        "{csv}"
    );
    let (status, _, _) = db.download("/export/uppfoljning?format=pdf", &reader).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = db.get_with("/export/uppfoljning", None).await;
    assert_ne!(
        status,
        StatusCode::OK,
        "signed-out readers are sent to log in"
    );
}
