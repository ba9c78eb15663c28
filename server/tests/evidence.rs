//! Evidence files through the real routes: attached by those who may report for the unit,
//! recognised by content, bounded, listed on the unit page, downloaded by anyone signed in with
//! the type recognised and never as something the browser would run.

mod common;

use axum::http::{Method, StatusCode};
use common::{Reply, TestDb};
use readiness_rules::Role;

const PDF: &[u8] =
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

/// Posts the unit page's evidence form (file last, as the page orders it).
async fn attach(
    db: &TestDb,
    cookie: &str,
    unit: &str,
    date: &str,
    name: &str,
    bytes: &[u8],
) -> Reply {
    let fields = [
        ("enhet", unit),
        ("kriterium", "U01"),
        ("utvardering", "USV2026"),
        ("datum", date),
    ];
    db.post_multipart("/underlag/ladda-upp", cookie, &fields, name, bytes)
        .await
}

async fn setup() -> (TestDb, String, String, String) {
    let db = TestDb::new().await;
    db.import_dir(&common::fixture("base")).await;
    db.add_user("lead@exempel.se", Role::Enhetsansvarig, &["E1"])
        .await;
    db.add_user("other@exempel.se", Role::Enhetsansvarig, &["E2"])
        .await;
    db.add_user("reader@exempel.se", Role::Lasare, &[]).await;
    let lead = db
        .sign_in("lead@exempel.se", common::PASSWORD)
        .await
        .unwrap();
    let other = db
        .sign_in("other@exempel.se", common::PASSWORD)
        .await
        .unwrap();
    let reader = db
        .sign_in("reader@exempel.se", common::PASSWORD)
        .await
        .unwrap();
    (db, lead, other, reader)
}

#[tokio::test]
async fn a_lead_attaches_a_document_and_anyone_signed_in_downloads_it() {
    let (db, lead, _, reader) = setup().await;
    let reply = attach(
        &db,
        &lead,
        "E1",
        "2026-10-01",
        "Handledarintyg åk 2.pdf",
        PDF,
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reply.location(),
        "/enhet/E1?utvardering=USV2026&underlag=sparat#U01"
    );
    // The unit page lists it, and says it was saved.
    let page = db
        .send(
            Method::GET,
            "/enhet/E1?utvardering=USV2026&underlag=sparat",
            Some(&reader),
            None,
        )
        .await;
    assert!(page.body.contains("Underlaget är sparat."), "{}", page.body);
    assert!(
        page.body.contains("Handledarintyg åk 2.pdf"),
        "{}",
        page.body
    );
    let files = readiness_store::evidence::of_unit(&db.pool, "E1")
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(
        (files[0].criterion.as_str(), files[0].effective.as_str()),
        ("U01", "2026-10-01")
    );
    assert_eq!(files[0].uploaded_by, "lead@exempel.se");
    assert!(page.body.contains(&format!("/underlag/{}", files[0].id)));
    // The reader downloads the same bytes, as an attachment of the recognised type.
    let (status, headers, bytes) = db
        .download(&format!("/underlag/{}", files[0].id), &reader)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, PDF);
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"Handledarintyg _k 2.pdf\""),
        "{disposition}"
    );
    assert!(
        disposition.contains("filename*=UTF-8''Handledarintyg%20%C3%A5k%202.pdf"),
        "{disposition}"
    );
    // Unknown ids are 404; without a session nothing is sent.
    let (status, _, _) = db.download("/underlag/99999", &reader).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let anonymous = db
        .send(
            Method::GET,
            &format!("/underlag/{}", files[0].id),
            None,
            None,
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location().starts_with("/logga-in"));
}

#[tokio::test]
async fn only_those_who_may_report_for_the_unit_attach() {
    let (db, _, other, reader) = setup().await;
    let big = vec![b'x'; readiness_store::evidence::MAX_FILE_BYTES];
    for who in [&other, &reader] {
        let reply = attach(&db, who, "E1", "2026-10-01", "intyg.pdf", PDF).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        // Refused before the file is read, whatever its size.
        let reply = attach(&db, who, "E1", "2026-10-01", "stor.pdf", &big).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
    assert!(
        readiness_store::evidence::of_unit(&db.pool, "E1")
            .await
            .unwrap()
            .is_empty()
    );
    // The working group may attach to any unit.
    db.add_user("wg@exempel.se", Role::Arbetsgrupp, &[]).await;
    let wg = db.sign_in("wg@exempel.se", common::PASSWORD).await.unwrap();
    let reply = attach(&db, &wg, "E1", "2026-10-01", "intyg.pdf", PDF).await;
    assert_eq!(
        reply.location(),
        "/enhet/E1?utvardering=USV2026&underlag=sparat#U01"
    );
    assert_eq!(
        readiness_store::evidence::of_unit(&db.pool, "E1")
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_form_is_one_file_after_its_unit() {
    let (db, lead, _, _) = setup().await;
    // The file before the unit (so before the permission could be decided): refused unread.
    let reply = db
        .post_multipart("/underlag/ladda-upp", &lead, &[], "intyg.pdf", PDF)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    // Two files in one form: refused.
    let pdf = std::str::from_utf8(PDF).unwrap();
    let fields = [
        ("enhet", "E1"),
        ("kriterium", "U01"),
        ("datum", "2026-10-01"),
        ("fil", pdf),
    ];
    let reply = db
        .post_multipart("/underlag/ladda-upp", &lead, &fields, "intyg.pdf", PDF)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        readiness_store::evidence::of_unit(&db.pool, "E1")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_document_keeps_the_extension_of_what_it_is() {
    let (db, lead, _, reader) = setup().await;
    // A PDF that also holds markup, named .html: stored and sent as a .pdf, never as a page.
    let polyglot = [PDF, b"<html><script>alert(1)</script></html>"].concat();
    attach(&db, &lead, "E1", "2026-10-01", "intyg.html", &polyglot).await;
    let files = readiness_store::evidence::of_unit(&db.pool, "E1")
        .await
        .unwrap();
    assert_eq!(files[0].file_name, "intyg.pdf");
    let (_, headers, _) = db
        .download(&format!("/underlag/{}", files[0].id), &reader)
        .await;
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename=\"intyg.pdf\"")
    );
}

#[tokio::test]
async fn files_are_judged_by_content_and_size_and_nothing_is_kept_of_a_refused_one() {
    let (db, lead, _, _) = setup().await;
    let big = {
        let mut b = PDF.to_vec();
        b.resize(readiness_store::evidence::MAX_FILE_BYTES + 1, b' ');
        b
    };
    // (case, file name, bytes, date, refusal code)
    // Past the form's own bound (the file's limit and 64 KiB for the rest).
    let huge = vec![b' '; readiness_store::evidence::MAX_FILE_BYTES + (200 << 10)];
    let rows: [(&str, &str, &[u8], &str, &str); 5] = [
        (
            "HTML named .pdf",
            "intyg.pdf",
            b"<html><script>alert(1)</script></html>",
            "2026-10-01",
            "fel-typ",
        ),
        (
            "SVG",
            "bild.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "2026-10-01",
            "fel-typ",
        ),
        ("empty", "tom.pdf", b"", "2026-10-01", "tom"),
        ("too large", "stor.pdf", &big, "2026-10-01", "for-stor"),
        ("no date", "intyg.pdf", PDF, "31/12", "datum"),
    ];
    for (case, name, bytes, date, code) in rows {
        let reply = attach(&db, &lead, "E1", date, name, bytes).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{case}");
        assert_eq!(
            reply.location(),
            format!("/enhet/E1?utvardering=USV2026&underlag={code}#U01"),
            "{case}"
        );
    }
    // Past the whole form's bound: refused as too large (413) before anything is read.
    let reply = attach(&db, &lead, "E1", "2026-10-01", "enorm.pdf", &huge).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        readiness_store::evidence::of_unit(&db.pool, "E1")
            .await
            .unwrap()
            .is_empty()
    );
    let page = db
        .send(
            Method::GET,
            "/enhet/E1?utvardering=USV2026&underlag=fel-typ",
            Some(&lead),
            None,
        )
        .await;
    assert!(page.body.contains("Filen är inte en PDF"), "{}", page.body);
}

#[tokio::test]
async fn evidence_travels_with_a_backup() {
    let (db, lead, _, _) = setup().await;
    attach(&db, &lead, "E1", "2026-10-01", "intyg.pdf", PDF).await;
    let copy = db.dir.path().join("copy.db");
    readiness_store::backup::backup(&db.pool, &copy)
        .await
        .unwrap();
    let restored = readiness_store::open(copy.to_str().unwrap()).await.unwrap();
    let files = readiness_store::evidence::of_unit(&restored, "E1")
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    let (_, bytes) = readiness_store::evidence::file(&restored, files[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bytes, PDF);
}
