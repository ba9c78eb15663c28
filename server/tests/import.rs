//! Imports through the command line and over HTTP: exit codes, uploads, previews, confirms,
//! downloads. The pipeline itself is tested in the store crate (`app/store/tests/import.rs`).

mod common;

use common::{TestDb, fixture, value_of};
use readiness_store::import::ImportKind;

#[tokio::test]
async fn cli_exits_2_and_writes_nothing_on_a_bad_file() {
    // A database of the suite's backend (PostgreSQL in CI's second run).
    let store = common::StoreDb::new().await;
    let db = store.url.clone();
    let run = |args: &[&str]| common::cli(&db, args);
    for kind in ["evaluations", "criteria", "units"] {
        let out = run(&[
            "import",
            kind,
            fixture(&format!("base/{kind}.csv")).to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let bad = fixture("bad/values_many.csv");
    let out = run(&["import", "values", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("values_many.csv:2:varde:"), "{stderr}");
    assert!(
        stderr.contains("values_many.csv:9:datum: dubblett av rad 2"),
        "{stderr}"
    );
    // The same in English when asked: every line in one language.
    let out = run(&["--lang", "en", "import", "values", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("values_many.csv:9:datum: duplicate of row 2"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(
        !stderr.contains("dubblett") && !stderr.contains("inget har sparats"),
        "{stderr}"
    );
    let values: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM unit_values")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!(values, 0);
    let good = fixture("base/values.csv");
    let out = run(&["import", "values", good.to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("6 nya"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = run(&["import", "values", good.to_str().unwrap()]);
    assert!(out.status.success());
    let out = run(&["import", "values", good.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 nya, 0 ändrade, 6 oförändrade"));
}

// ------------------------------------------------------------ the browser upload over HTTP

async fn signed_in(db: &TestDb, email: &str, role: readiness_rules::Role) -> String {
    db.add_user(email, role, &[]).await;
    db.sign_in(email, common::PASSWORD).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_preview_confirm_over_http() {
    use axum::http::StatusCode;
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let cookie = signed_in(&db, "grupp@exempel.se", readiness_rules::Role::Arbetsgrupp).await;
    let xlsx = std::fs::read(fixture("swedish/values.xlsx")).unwrap();

    let reply = db.upload(&cookie, "värden.xlsx", &xlsx, "auto", "").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let token = reply
        .location()
        .trim_start_matches("/importera/")
        .to_string();
    assert_eq!(token.len(), 32, "{}", reply.location());
    let before = db.fingerprint().await;
    let view = db.wait_for_upload(&cookie, &token).await;
    assert_eq!(view.state.code(), "previewed");
    let summary = view.summary.unwrap();
    assert_eq!(
        (summary.kind, summary.rows, summary.added),
        (ImportKind::Values, 5, 5)
    );
    assert_eq!(before, db.fingerprint().await, "the preview wrote nothing");
    let (status, page) = db
        .get_with(&format!("/importera/{token}"), Some(&cookie))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Bekräfta och importera") && page.contains("E1 · F01 · 2026-10-31"),
        "{page}"
    );

    let reply = db
        .send(
            axum::http::Method::POST,
            "/api/bekrafta_import",
            Some(&cookie),
            Some(&format!("token={token}")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let view = db.wait_for_upload(&cookie, &token).await;
    assert_eq!(view.state.code(), "imported");
    assert_eq!(value_of(&db, "E2", "U01", "2026-10-31").await.0, "85");
    let (recorded_by, source): (Option<i64>, String) =
        sqlx::query_as("SELECT recorded_by, source FROM unit_values ORDER BY id DESC LIMIT 1")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        (recorded_by, source.as_str()),
        (None, "import:värden.xlsx"),
        "imported values count as verified; who imported is in the history"
    );
    let (_, page) = db.get_with("/importera", Some(&cookie)).await;
    assert!(
        page.contains("grupp@exempel.se") && page.contains("värden.xlsx [Värden]"),
        "history: {page}"
    );
    // A second confirmation (another tab) starts nothing.
    let again = db
        .send(
            axum::http::Method::POST,
            "/api/bekrafta_import",
            Some(&cookie),
            Some(&format!("token={token}")),
        )
        .await;
    assert!(again.body.contains("NotConfirmable"), "{}", again.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_problems_limits_and_permissions() {
    use axum::http::StatusCode;
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let group = signed_in(&db, "grupp@exempel.se", readiness_rules::Role::Arbetsgrupp).await;
    let reader = signed_in(&db, "las@exempel.se", readiness_rules::Role::Lasare).await;
    let before = db.fingerprint().await;

    // A bad file: the problems with their cells, nothing to confirm.
    let bad = std::fs::read(fixture("bad/values_bad.xlsx")).unwrap();
    let reply = db.upload(&group, "fel.xlsx", &bad, "values", "").await;
    let token = reply
        .location()
        .trim_start_matches("/importera/")
        .to_string();
    let view = db.wait_for_upload(&group, &token).await;
    assert_eq!(view.state.code(), "invalid");
    let cells: Vec<_> = view
        .problems
        .iter()
        .map(|p| p.cell.clone().unwrap_or_default())
        .collect();
    assert_eq!(cells, ["C3", "A4"]);
    let confirm = db
        .send(
            axum::http::Method::POST,
            "/api/bekrafta_import",
            Some(&group),
            Some(&format!("token={token}")),
        )
        .await;
    assert!(confirm.body.contains("NotConfirmable"), "{}", confirm.body);

    // Too large: refused while reading, with the reason on the import page.
    let huge = vec![b'x'; app::import_jobs::MAX_UPLOAD_BYTES + 1];
    let reply = db.upload(&group, "stor.csv", &huge, "auto", "").await;
    assert_eq!(
        (reply.status, reply.location().as_str()),
        (StatusCode::SEE_OTHER, "/importera?fel=for_stor")
    );

    // Readers cannot upload, see previews or confirm.
    let good = std::fs::read(fixture("swedish/values.xlsx")).unwrap();
    let reply = db.upload(&reader, "v.xlsx", &good, "auto", "").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let status = db
        .send(
            axum::http::Method::POST,
            "/api/importstatus",
            Some(&reader),
            Some(&format!("token={token}")),
        )
        .await;
    assert_eq!(status.status, StatusCode::FORBIDDEN);
    let (status, page) = db.get_with("/importera", Some(&reader)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the page's data is refused");
    assert!(page.contains("inte behörighet"), "{page}");
    assert_eq!(before, db.fingerprint().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_between_preview_and_confirm_is_caught_over_http() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let cookie = signed_in(&db, "grupp@exempel.se", readiness_rules::Role::Arbetsgrupp).await;
    let file = b"enhet;kriterium;varde;datum\nE2;F01;1;2026-09-30\n";
    let reply = db.upload(&cookie, "a.csv", file, "auto", "").await;
    let token = reply
        .location()
        .trim_start_matches("/importera/")
        .to_string();
    assert_eq!(
        db.wait_for_upload(&cookie, &token).await.state.code(),
        "previewed"
    );
    db.import_file_bytes(
        ImportKind::Values,
        b"enhet;kriterium;varde;datum\nE2;F01;2;2026-09-30\n",
    )
    .await;
    let between = db.fingerprint().await;
    db.send(
        axum::http::Method::POST,
        "/api/bekrafta_import",
        Some(&cookie),
        Some(&format!("token={token}")),
    )
    .await;
    let view = db.wait_for_upload(&cookie, &token).await;
    assert_eq!(view.state.code(), "stale");
    assert_eq!(
        view.summary.unwrap().changes[0].fields[0].1,
        "2",
        "the new preview shows the other change"
    );
    assert_eq!(between, db.fingerprint().await, "nothing written");
    // Confirming the new preview imports it.
    db.send(
        axum::http::Method::POST,
        "/api/bekrafta_import",
        Some(&cookie),
        Some(&format!("token={token}")),
    )
    .await;
    assert_eq!(
        db.wait_for_upload(&cookie, &token).await.state.code(),
        "imported"
    );
    assert_eq!(value_of(&db, "E2", "F01", "2026-09-30").await.0, "1");
}

#[tokio::test]
async fn downloads_over_http() {
    use axum::http::StatusCode;
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    let cookie = signed_in(&db, "las@exempel.se", readiness_rules::Role::Lasare).await;
    let (status, headers, bytes) = db
        .download("/export/matris?format=csv&utvardering=USV2026&as_of=2026-10-15&vardgivare=S%3At%20Eriks%20%C3%96gonsjukhus", &cookie)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"matris-USV2026-2026-10-15.csv\"; filename*=UTF-8''matris-USV2026-2026-10-15.csv"
    );
    assert_eq!(
        String::from_utf8(bytes).unwrap().trim_end().lines().count(),
        2
    );
    for uri in [
        "/export/matris",
        "/export/varden?format=xlsx",
        "/export/enhet/E1",
        "/export/mall?typ=plans",
    ] {
        let (status, headers, bytes) = db.download(uri, &cookie).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .contains("spreadsheetml"),
            "{uri}"
        );
        assert!(bytes.starts_with(b"PK"), "{uri}");
    }
    let (status, _, _) = db.download("/export/enhet/NOPE", &cookie).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, headers, _) = db
        .download("/export/matris", "readiness_session=none")
        .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "signed out: to the log-in page"
    );
    assert!(
        headers["location"]
            .to_str()
            .unwrap()
            .starts_with("/logga-in")
    );
}

#[tokio::test]
async fn cli_exports_and_imports_xlsx() {
    let store = common::StoreDb::new().await;
    let (dir, db) = (&store.dir, store.url.clone());
    let run = |args: &[&str]| common::cli(&db, args);
    for kind in ["evaluations", "criteria", "units", "values"] {
        let out = run(&[
            "import",
            "auto",
            fixture(&format!("base/{kind}.csv")).to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let xlsx = dir.path().join("m.xlsx");
    let out = run(&[
        "export",
        "matrix",
        "--evaluation",
        "USV2026",
        "--as-of",
        "2026-10-15",
        "--format",
        "xlsx",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let out = run(&[
        "export",
        "matrix",
        "--evaluation",
        "NOPE",
        "--format",
        "csv",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "import",
        "values",
        fixture("swedish/values.xlsx").to_str().unwrap(),
        "--sheet",
        "Gamla",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("[Gamla]"));
}
