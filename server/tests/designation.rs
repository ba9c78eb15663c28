//! The units' designation periods through the real routes: a former unit leaves the matrix and
//! the read API on dates outside its period (and says so), keeps its own page, which tells since
//! when (text from the file escaped, in both languages), and the export carries the periods.

mod common;

use axum::http::StatusCode;
use common::TestDb;
use readiness_rules::{ImportKind, Role};

#[tokio::test]
async fn a_former_unit_leaves_the_counts_but_keeps_its_page() {
    let db = TestDb::new().await;
    db.import_dir(&common::fixture("base")).await;
    db.import_file_bytes(
        ImportKind::Designations,
        "enhet;fran;till;beslutsreferens\nE2;2024-01-01;2026-03-31;<script>LG</script> 2024:1\n"
            .as_bytes(),
    )
    .await;
    db.add_user("reader@exempel.se", Role::Lasare, &[]).await;
    let reader = db
        .sign_in("reader@exempel.se", common::PASSWORD)
        .await
        .unwrap();
    let rows = |page: &str| -> Vec<String> {
        page.split("<tr data-unit=\"")
            .skip(1)
            .map(|r| r.split('"').next().unwrap().to_string())
            .collect()
    };

    let (status, matrix) = db
        .get_with(
            "/matris?utvardering=USV2026&as_of=2026-12-01",
            Some(&reader),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rows(&matrix), ["E1"]);
    assert!(matrix.contains("Visar 1 av 1 enheter"), "{matrix}");
    assert!(
        matrix.contains("1 enhet är inte USV-enhet per datumet"),
        "{matrix}"
    );
    let (_, earlier) = db
        .get_with(
            "/matris?utvardering=USV2026&as_of=2026-03-31",
            Some(&reader),
        )
        .await;
    assert_eq!(rows(&earlier), ["E1", "E2"]);

    let (status, page) = db
        .get_with("/enhet/E2?as_of=2026-12-01", Some(&reader))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(
            "Inte USV-enhet per 2026-12-01; tidigare USV-enhet 2024-01-01 – 2026-03-31 \
             (&lt;script&gt;LG&lt;/script&gt; 2024:1)"
        ),
        "{page}"
    );
    assert!(!page.contains("<script>LG"), "{page}");
    let (_, english) = db
        .get_with(
            "/enhet/E2?as_of=2026-03-31",
            Some(&format!("{reader}; lang=en")),
        )
        .await;
    assert!(
        english
            .contains("USV unit 2024-01-01 – 2026-03-31 (&lt;script&gt;LG&lt;/script&gt; 2024:1)"),
        "{english}"
    );
    let (_, e1) = db
        .get_with("/enhet/E1?as_of=2026-12-01", Some(&reader))
        .await;
    assert!(
        e1.contains("USV-enhet från 2000-01-01 (LG 2025:03 § 9)"),
        "{e1}"
    );
    assert!(
        e1.contains("USV-perioder (ledningsgruppens beslut)"),
        "{e1}"
    );

    let (status, units) = db
        .get_with(
            "/api/v1/evaluations/USV2026/units?as_of=2026-12-01",
            Some(&reader),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let units: serde_json::Value = serde_json::from_str(&units).unwrap();
    let codes: Vec<&str> = units["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["E1"]);
    for (date, designated) in [("2026-12-01", false), ("2026-03-31", true)] {
        let (status, unit) = db
            .get_with(
                &format!("/api/v1/units/E2?evaluation=USV2026&as_of={date}"),
                Some(&reader),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let unit: serde_json::Value = serde_json::from_str(&unit).unwrap();
        assert_eq!(unit["designated"], designated, "{date}");
    }

    let csv = db
        .download_text(
            "/export/usv-perioder?format=csv&as_of=2026-12-01",
            &reader,
            "usv-perioder-2026-12-01.csv",
        )
        .await;
    assert!(
        csv.contains("E2;2024-01-01;2026-03-31;<script>LG</script> 2024:1;Ögonkliniken;nej"),
        "{csv}"
    );
    let (status, _) = db.get_with("/export/usv-perioder", None).await;
    assert_ne!(
        status,
        StatusCode::OK,
        "signed-out readers are sent to log in"
    );
}
