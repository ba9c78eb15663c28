//! Hostile and unlucky input against the real router and a real SQLite file: each test here
//! failed on the code before the hardening it names.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{PASSWORD, TestDb, encode, fixture};
use readiness_rules::Role;

const GROUP: &str = "grupp@exempel.se";
const GROUP2: &str = "grupp2@exempel.se";
const READER: &str = "las@exempel.se";

async fn db_with_users() -> TestDb {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    db.add_user(GROUP, Role::Arbetsgrupp, &[]).await;
    db.add_user(GROUP2, Role::Arbetsgrupp, &[]).await;
    db.add_user(READER, Role::Lasare, &[]).await;
    db
}

async fn signed_in(db: &TestDb, email: &str) -> String {
    db.sign_in(email, PASSWORD).await.unwrap()
}

fn upload_token(reply: &common::Reply) -> String {
    reply
        .location()
        .trim_start_matches("/importera/")
        .to_string()
}

// ------------------------------------------------------------------ 1. escaping everywhere

#[tokio::test]
async fn a_unit_name_with_markup_stays_text_in_the_title_and_everywhere_else() {
    let db = db_with_users().await;
    let hostile = "</title><script>alert(1)</script><img src=x onerror=alert(2)>";
    let units = format!(
        "kod;namn;vardgivare;verksamhetschef;epost\nE1;{hostile};Karolinska \"<b>\";Å;a@exempel.se\n"
    );
    db.import_file_bytes(readiness_store::import::ImportKind::Units, units.as_bytes())
        .await;
    let cookie = signed_in(&db, READER).await;
    for uri in [
        "/enhet/E1",
        "/matris",
        "/",
        "/prognos",
        "/rapport",
        "/kriterium/F01",
    ] {
        let (status, page) = db.get_with(uri, Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        for raw in ["<script>alert(1)", "<img src=x", "</title><script>"] {
            assert!(!page.contains(raw), "{uri} contains {raw:?} unescaped");
        }
    }
    let (_, page) = db.get_with("/enhet/E1", Some(&cookie)).await;
    let title = page
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap_or_default();
    assert!(
        title.starts_with("&lt;/title&gt;&lt;script&gt;alert(1)"),
        "title: {title}"
    );
}

// ------------------------------------------------------------------ 2. bounded spreadsheets

/// A real XLSX (rust_xlsxwriter) with a cell in A1 and one at `last`: a few KB that declare a
/// huge sheet.
fn sparse_xlsx(last_row: u32, last_col: u16) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "enhet").unwrap();
    sheet.write_string(last_row, last_col, "x").unwrap();
    workbook.save_to_buffer().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tiny_spreadsheet_declaring_a_huge_sheet_is_refused_before_it_is_built() {
    let db = db_with_users().await;
    let cookie = signed_in(&db, GROUP).await;
    for (row, col, what) in [
        (1_048_575, 16_383, "XFD1048576"),
        (1_048_575, 25, "Z1048576"),
    ] {
        let file = sparse_xlsx(row, col);
        assert!(file.len() < 10_000, "{what}: {} bytes", file.len());
        let reply = db.upload(&cookie, "bomb.xlsx", &file, "auto", "").await;
        let view = db.wait_for_upload(&cookie, &upload_token(&reply)).await;
        assert_eq!(view.state.code(), "invalid", "{what}");
        let message = &view.problems[0].message;
        assert!(
            message.sv.contains("för stor") && message.sv.contains("1048576 rader"),
            "{what}: {message}"
        );
    }
    // The server is still here.
    let (status, _) = db.get_with("/", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_zip_that_unpacks_to_more_than_the_bound_is_refused_unread() {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        zip.start_file("xl/sharedStrings.xml", options).unwrap();
        let chunk = vec![b' '; 1 << 20];
        let mb = readiness_store::import::table::xlsx_bounds::MAX_UNPACKED_BYTES / (1 << 20) + 1;
        for _ in 0..mb {
            zip.write_all(&chunk).unwrap();
        }
        zip.finish().unwrap();
    }
    let bytes = out.into_inner();
    assert!(
        bytes.len() < 8_000_000,
        "well under the upload limit: {} bytes",
        bytes.len()
    );
    let file = readiness_store::import::SheetFile {
        name: "bomb.xlsx",
        bytes: &bytes,
        sheet: None,
    };
    let problems = match readiness_store::import::table::read_table(None, &file) {
        Ok(_) => panic!("read"),
        Err(problems) => problems,
    };
    assert!(
        problems[0].message.sv.contains("MB uppackad"),
        "{}",
        problems[0].message
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_part_of_the_upload_form_is_capped() {
    let db = db_with_users().await;
    let cookie = signed_in(&db, GROUP).await;
    let file = b"enhet;kriterium;varde;datum\nE2;F01;1;2026-09-30\n";
    let long_sheet = "x".repeat(100_000);
    let reply = db.upload(&cookie, "a.csv", file, "auto", &long_sheet).await;
    assert_eq!(reply.location(), "/importera?fel=las");
    let long_kind = "values".repeat(10_000);
    let reply = db.upload(&cookie, "a.csv", file, &long_kind, "").await;
    assert_eq!(reply.location(), "/importera?fel=las");
}

// ------------------------------------------------------------------ 3. sign-in limits

async fn log_in_from(db: &TestDb, email: &str, password: &str, address: &str) -> String {
    let body = format!(
        "email={}&password={}&tillbaka=%2F",
        encode(email),
        encode(password)
    );
    let request = Request::builder()
        .method(Method::POST)
        .uri("/auth/logga-in")
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .header("x-forwarded-for", address)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let (_, headers, _) = db.exchange(request).await;
    headers
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default()
}

fn behind_proxy(db: &TestDb) {
    db.set_network(app::state::Network {
        allowed_hosts: vec![],
        client_ip_header: Some(axum::http::HeaderName::from_static("x-forwarded-for")),
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_wrong_passwords_cannot_all_pass_the_limit() {
    let db = db_with_users().await;
    behind_proxy(&db);
    let guesses = (0..20).map(|i| {
        let db = &db;
        async move { log_in_from(db, GROUP, &format!("fel-losenord-{i}"), "6.6.6.6").await }
    });
    let answers = futures_join_all(guesses).await;
    let checked = answers.iter().filter(|l| l.contains("fel=fel")).count();
    let refused = answers.iter().filter(|l| l.contains("fel=sparrad")).count();
    assert_eq!((checked, refused), (5, 15), "{answers:?}");
}

/// `join_all` without a futures dependency: every future polled on this task.
async fn futures_join_all<F: std::future::Future<Output = String>>(
    futures: impl Iterator<Item = F>,
) -> Vec<String> {
    // Each future borrows the database: they run together on this task.
    let mut pinned: Vec<_> = futures.map(Box::pin).collect();
    let mut results = vec![None; pinned.len()];
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if results[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => results[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    results.into_iter().map(Option::unwrap).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attacker_cannot_lock_the_real_user_out() {
    let db = db_with_users().await;
    behind_proxy(&db);
    for i in 0..8 {
        log_in_from(&db, GROUP, &format!("gissning-{i}"), "6.6.6.6").await;
    }
    assert!(
        log_in_from(&db, GROUP, PASSWORD, "6.6.6.6")
            .await
            .contains("fel=sparrad"),
        "the attacker's address waits"
    );
    assert_eq!(
        log_in_from(&db, GROUP, PASSWORD, "10.20.30.40").await,
        "/",
        "the real user, from their own address, signs in"
    );
    // Without a configured proxy header, the header is the client's claim and is ignored.
    let plain = db_with_users().await;
    for i in 0..5 {
        log_in_from(
            &plain,
            GROUP,
            &format!("gissning-{i}"),
            &format!("1.1.1.{i}"),
        )
        .await;
    }
    assert!(
        log_in_from(&plain, GROUP, PASSWORD, "9.9.9.9")
            .await
            .contains("sparrad")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_ones_password_goes_through_the_same_limit_and_refuses_common_ones() {
    let db = db_with_users().await;
    let cookie = signed_in(&db, GROUP).await;
    let change = |current: &str, new: &str| {
        format!(
            "current={}&new={}&repeat={}",
            encode(current),
            encode(new),
            encode(new)
        )
    };
    let common = db
        .send(
            Method::POST,
            "/api/byt_losenord",
            Some(&cookie),
            Some(&change(PASSWORD, "qwertyuiop")),
        )
        .await;
    assert!(common.body.contains("vanligaste"), "{}", common.body);
    let mut answers = Vec::new();
    for i in 0..6 {
        let reply = db
            .send(
                Method::POST,
                "/api/byt_losenord",
                Some(&cookie),
                Some(&change(
                    &format!("fel-{i}-losenord"),
                    "ett-nytt-bra-losenord",
                )),
            )
            .await;
        answers.push(reply.body);
    }
    assert!(answers[0].contains("stämmer inte"), "{}", answers[0]);
    assert!(answers[5].contains("För många"), "{}", answers[5]);
    assert!(matches!(
        readiness_store::accounts::set_password(&db.pool, GROUP, "Password123").await,
        Err(readiness_store::accounts::AccountError::CommonPassword)
    ));
}

// ------------------------------------------------------------------ 4. open redirects

#[tokio::test]
async fn return_paths_with_control_characters_stay_on_the_site() {
    let db = db_with_users().await;
    for back in [
        "/%09/evil.example",
        "/%0a/evil.example",
        "/%5C/evil.example",
        "//evil.example",
    ] {
        let reply = db
            .send(
                Method::GET,
                &format!("/sprak/en?tillbaka={back}"),
                None,
                None,
            )
            .await;
        assert_eq!(reply.location(), "/", "language switch, {back}");
        let body = format!(
            "email={}&password={}&tillbaka={back}",
            encode(GROUP),
            encode(PASSWORD)
        );
        let reply = db
            .send(Method::POST, "/auth/logga-in", None, Some(&body))
            .await;
        assert_eq!(reply.location(), "/", "log-in, {back}");
    }
}

// ------------------------------------------------------------------ 5. dates

#[tokio::test]
async fn implausible_dates_are_refused_by_forms_and_imports_and_never_break_an_export() {
    let db = db_with_users().await;
    let cookie = signed_in(&db, GROUP).await;
    let form = "unit=E1&criterion=F01&measured=1800-01-01&value=2&comment=&evidence=&based_on=0";
    let reply = db
        .send(
            Method::POST,
            "/api/rapportera_varde",
            Some(&cookie),
            Some(form),
        )
        .await;
    assert!(
        reply.body.contains("1950-01-01"),
        "{}: {}",
        reply.status,
        reply.body
    );
    let file = b"enhet;kriterium;varde;datum\nE1;F01;2;1800-01-01\n";
    let error = readiness_store::import::import(
        &db.pool,
        readiness_store::import::ImportKind::Values,
        "gammal.csv",
        file,
        false,
    )
    .await
    .unwrap_err();
    assert!(format!("{error:?}").contains("1950-01-01"), "{error:?}");
    // A date stored before the bound existed: every export still answers.
    sqlx::query(
        "INSERT INTO unit_values (unit_id, criterion_id, measured, value, comment, evidence, recorded_at, source) \
         SELECT u.id, c.id, '1800-01-01', '2', '', '', '2026-01-01T00:00:00Z', 'test' FROM units u, criteria c \
         WHERE u.code = 'E1' AND c.code = 'F01'",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    for uri in [
        "/export/matris?format=xlsx",
        "/export/varden?format=xlsx",
        "/export/enhet/E1",
        "/export/rapport",
    ] {
        let (status, _, bytes) = db.download(uri, &cookie).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{uri}: {}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

// ------------------------------------------------------------------ 6. the sample state

#[tokio::test]
async fn a_real_account_ends_the_sample_state() {
    let db = TestDb::new().await;
    db.import_dir(&common::sample_dir()).await;
    readiness_store::queries::mark_sample(&db.pool)
        .await
        .unwrap();
    readiness_store::accounts::ensure_demo_accounts(&db.pool)
        .await
        .unwrap();
    let admin = db
        .sign_in("admin@exempel.se", "demo-admin-2026")
        .await
        .unwrap();
    let (_, login) = db.get("/logga-in").await;
    assert!(
        login.contains("demo-admin-2026"),
        "sample: demo passwords shown"
    );
    let reply = db
        .send(
            Method::POST,
            "/api/ny_anvandare",
            Some(&admin),
            Some("email=anna%40region.se&name=Anna&role=admin&units="),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(!readiness_store::queries::is_sample(&db.pool).await.unwrap());
    let (_, login) = db.get("/logga-in").await;
    assert!(
        !login.contains("demo-admin-2026"),
        "no demo passwords any more"
    );
    assert!(
        db.sign_in("admin@exempel.se", "demo-admin-2026")
            .await
            .is_err(),
        "the demo admin is disabled"
    );
    let (status, _) = db.get_with("/", Some(&admin)).await;
    assert_ne!(status, StatusCode::OK, "and its session is over");
}

#[test]
fn the_cli_ends_the_sample_state_and_never_serves_it_publicly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let run = |args: &[&str]| common::cli(&db, args);
    let sample = common::sample_dir();
    let out = run(&["sample", "load", sample.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["serve", "--addr", "0.0.0.0:0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("loopback"));
    let out = run(&[
        "import",
        "units",
        fixture("base/units.csv").to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("demokontona är avstängda"));
    let out = run(&["user", "list"]);
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        list.lines()
            .filter(|l| l.contains("@exempel.se"))
            .all(|l| l.contains("avstängd") || l.contains("disabled")),
        "{list}"
    );
}

// ------------------------------------------------------------------ 7. headers and hosts

#[tokio::test]
async fn pages_carry_a_strict_policy_whose_nonce_is_on_every_inline_script() {
    let db = db_with_users().await;
    let cookie = signed_in(&db, READER).await;
    let reply = db.send(Method::GET, "/matris", Some(&cookie), None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let header = |name: &str| {
        reply
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let policy = header("content-security-policy");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|n| n.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {policy:?}"));
    assert!(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"));
    assert!(
        !policy.contains("'unsafe-inline' 'nonce")
            && !policy.contains("script-src 'self' 'unsafe-inline'")
    );
    let scripts: Vec<&str> = reply.body.split("<script").skip(1).collect();
    assert!(!scripts.is_empty());
    for script in scripts {
        let tag = script.split('>').next().unwrap_or_default();
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "an inline script without the page's nonce: <script{tag}>"
        );
    }
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("x-frame-options"), "DENY");
    assert_eq!(header("referrer-policy"), "same-origin");
    assert_eq!(header("cache-control"), "no-store");
    // Another page, another nonce.
    let again = db.send(Method::GET, "/matris", Some(&cookie), None).await;
    let other = again.headers["content-security-policy"].to_str().unwrap();
    assert!(!other.contains(nonce));
    // The API and redirects carry a policy too.
    let api = db
        .send(
            Method::GET,
            "/api/v1/evaluations/USV2026/units",
            Some(&cookie),
            None,
        )
        .await;
    assert!(api.headers.contains_key("content-security-policy"));
    assert_eq!(api.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn a_request_for_a_host_that_is_not_ours_is_refused() {
    let db = db_with_users().await;
    let request = |host: &str| {
        Request::builder()
            .uri("/health")
            .header("host", host)
            .body(Body::empty())
            .unwrap()
    };
    for host in [
        "localhost:3000",
        "127.0.0.1:3000",
        "[::1]:3000",
        "LOCALHOST",
    ] {
        let (status, _, _) = db.exchange(request(host)).await;
        assert_eq!(status, StatusCode::OK, "{host}");
    }
    for host in [
        "evil.example",
        "localhost.evil.example",
        "readiness.regionstockholm.se",
    ] {
        let (status, headers, _) = db.exchange(request(host)).await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        // A refusal gets the security headers like any answer.
        assert_eq!(headers["x-content-type-options"], "nosniff", "{host}");
        assert!(headers.contains_key("content-security-policy"), "{host}");
    }
    let configured = TestDb::new().await;
    configured.set_network(app::state::Network {
        allowed_hosts: vec!["readiness.regionstockholm.se".into()],
        client_ip_header: None,
    });
    let (status, _, _) = configured
        .exchange(request("readiness.regionstockholm.se:443"))
        .await;
    assert_eq!(status, StatusCode::OK);
}

// ------------------------------------------------------------------ 8. secrets at rest

#[tokio::test]
async fn session_ids_are_stored_hashed_and_the_database_is_private() {
    let db = db_with_users().await;
    let cookie = signed_in(&db, READER).await;
    let id = cookie.split_once('=').unwrap().1;
    let stored: Vec<String> = sqlx::query_scalar("SELECT id FROM sessions")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(
        !stored[0].contains(id) && stored[0].len() == 64,
        "{stored:?}"
    );
    let (status, _) = db.get_with("/", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK, "the hashed session still works");
    // A SQLite file is readable by its owner only (PostgreSQL keeps its files itself).
    if !db.is_postgres() {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(db.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

// ------------------------------------------------------------------ 9. four eyes

#[tokio::test]
async fn nobody_verifies_their_own_report_or_confirms_anothers_upload() {
    let db = db_with_users().await;
    let group = signed_in(&db, GROUP).await;
    let group2 = signed_in(&db, GROUP2).await;
    let form = "unit=E1&criterion=F01&measured=2026-11-20&value=3&comment=&evidence=&based_on=";
    let based_on = readiness_store::reports::latest_value(&db.pool, "E1", "F01")
        .await
        .unwrap()
        .map(|v| v.id)
        .unwrap_or(0);
    let reply = db
        .send(
            Method::POST,
            "/api/rapportera_varde",
            Some(&group),
            Some(&format!("{form}{based_on}")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let value = readiness_store::reports::latest_value(&db.pool, "E1", "F01")
        .await
        .unwrap()
        .unwrap()
        .id;
    let verify = |cookie: &str| {
        let cookie = cookie.to_string();
        let db = &db;
        async move {
            db.send(
                Method::POST,
                "/api/granska",
                Some(&cookie),
                Some(&format!("value_id={value}&decision=verified&comment=")),
            )
            .await
        }
    };
    let own = verify(&group).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);
    assert!(own.body.contains("OwnReport"), "{}", own.body);
    let other = verify(&group2).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);

    let file = b"enhet;kriterium;varde;datum\nE2;F01;1;2026-09-30\n";
    let reply = db.upload(&group, "a.csv", file, "auto", "").await;
    let token = upload_token(&reply);
    assert_eq!(
        db.wait_for_upload(&group, &token).await.state.code(),
        "previewed"
    );
    let before = db.fingerprint().await;
    let confirm = db
        .send(
            Method::POST,
            "/api/bekrafta_import",
            Some(&group2),
            Some(&format!("token={token}")),
        )
        .await;
    assert_eq!(confirm.status, StatusCode::FORBIDDEN, "{}", confirm.body);
    assert!(confirm.body.contains("NotYours"));
    assert_eq!(before, db.fingerprint().await);
}

// ------------------------------------------------------------------ 10, 11. bounded, failing work

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_problems_are_capped_with_their_total() {
    let db = db_with_users().await;
    let cookie = signed_in(&db, GROUP).await;
    let mut file = String::from("enhet;kriterium;varde;datum\n");
    for i in 0..3000 {
        file.push_str(&format!("X{i};F01;1;2026-09-30\n"));
    }
    let reply = db
        .upload(&cookie, "fel.csv", file.as_bytes(), "values", "")
        .await;
    let view = db.wait_for_upload(&cookie, &upload_token(&reply)).await;
    assert_eq!(view.state.code(), "invalid");
    let max = readiness_store::import::MAX_ISSUES;
    assert_eq!(view.problems.len(), max + 1);
    assert!(
        view.problems[max]
            .message
            .sv
            .contains("3000 problem i allt"),
        "{}",
        view.problems[max].message
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_that_panics_ends_as_failed_not_checking() {
    let db = db_with_users().await;
    let cookie = signed_in(&db, GROUP).await;
    let file = b"enhet;kriterium;varde;datum\nE2;F01;1;2026-09-30\n";
    let reply = db
        .upload(&cookie, "readiness-test-panic.csv", file, "auto", "")
        .await;
    let view = db.wait_for_upload(&cookie, &upload_token(&reply)).await;
    assert_eq!(view.state.code(), "failed");
}

// ------------------------------------------------------------------ a busy or failing database

#[tokio::test]
async fn a_database_that_cannot_answer_is_busy_not_signed_out() {
    let db = db_with_users().await;
    let cookie = signed_in(&db, READER).await;
    db.pool.close().await;
    for uri in ["/matris", "/api/v1/evaluations/USV2026/units"] {
        let reply = db.send(Method::GET, uri, Some(&cookie), None).await;
        assert_eq!(
            reply.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{uri}: {}",
            reply.location()
        );
        assert!(reply.headers.contains_key("retry-after"));
    }
}

// ------------------------------------------------------------------ malformed requests

#[tokio::test]
async fn malformed_server_function_calls_get_a_generic_4xx() {
    let db = db_with_users().await;
    let cookie = signed_in(&db, GROUP).await;
    let cases: [(&str, &[u8]); 4] = [
        ("missing field", b"decision=verified"),
        ("not a number", b"value_id=abc&decision=verified&comment="),
        (
            "invalid UTF-8",
            b"value_id=1&decision=\xff\xfe&comment=\xc3",
        ),
        ("garbage", b"%%%%&&&==="),
    ];
    for (what, body) in cases {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/granska")
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body.to_vec()))
            .unwrap();
        let (status, _, bytes) = db.exchange(request).await;
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::NOT_FOUND,
            "{what}: {status} {text}"
        );
        for internal in [
            "missing field",
            "invalid digit",
            "serde",
            "Args|",
            "Deserialization|",
        ] {
            assert!(!text.contains(internal), "{what}: {text}");
        }
    }
    let huge = format!(
        "value_id=1&decision=verified&comment={}",
        "x".repeat(3 << 20)
    );
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/granska")
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(huge))
        .unwrap();
    let (status, _, bytes) = db.exchange(request).await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
}

/// One error, three readers: the app gets the server-function encoding (which it reads back as
/// the same error), a program the API's JSON in English, a person text in their language; each
/// with the error's status, none with internals.
#[tokio::test]
async fn errors_answer_each_reader_in_its_form_and_language() {
    let db = db_with_users().await;
    let reader = signed_in(&db, READER).await;

    // The app: a reader may not review; a value that does not exist is a 404.
    let refused = db
        .send(
            Method::POST,
            "/api/granska",
            Some(&reader),
            Some("value_id=1&decision=verified&comment="),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let error: app::error::AppError = serde_json::from_str(&refused.body).unwrap();
    assert_eq!(error, app::error::AppError::Forbidden);
    let group = signed_in(&db, GROUP).await;
    let missing = db
        .send(
            Method::POST,
            "/api/granska",
            Some(&group),
            Some("value_id=999999&decision=verified&comment="),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
    assert!(matches!(
        serde_json::from_str::<app::error::AppError>(&missing.body).unwrap(),
        app::error::AppError::NotFound(_)
    ));
    let unknown = db
        .send(
            Method::POST,
            "/api/granska",
            Some(&group),
            Some("value_id=1&decision=maybe&comment="),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.body);

    // A form posted before the page has hydrated (no JavaScript yet): the error goes back to the
    // form's page as a redirect, which stays one.
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/granska")
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .header("referer", "http://localhost/granska")
        .header("accept", "text/html")
        .header("cookie", &reader)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("value_id=1&decision=verified&comment="))
        .unwrap();
    let (status, headers, _) = db.exchange(request).await;
    assert!(status.is_redirection(), "{status}");
    let location = headers["location"].to_str().unwrap();
    assert!(location.contains("/granska"), "{location}");

    // A program: JSON, English.
    let api = db
        .send(Method::GET, "/api/v1/units/NOSUCH", Some(&reader), None)
        .await;
    assert_eq!(api.status, StatusCode::NOT_FOUND, "{}", api.body);
    let body: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("NOSUCH"),
        "{}",
        api.body
    );

    // A person: plain text in the language of their cookie.
    for (lang, words) in [("sv", "Mallen finns inte"), ("en", "No such template")] {
        let cookie = format!("{reader}; lang={lang}");
        let page = db
            .send(Method::GET, "/export/mall?typ=nosuch", Some(&cookie), None)
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.body);
        assert!(page.body.contains(words), "{lang}: {}", page.body);
        assert!(!page.body.contains(" / "), "one language: {}", page.body);
    }
}

// ------------------------------------------------------------------ surviving faults

/// Every row of every table of the database at `path`, as text (sessions left out: they are
/// written by reads too).
async fn all_rows(path: &std::path::Path) -> String {
    let pool = readiness_store::open(path.to_str().unwrap()).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT IN ('sessions') ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut out = String::new();
    for table in tables {
        let columns: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(&pool)
                .await
                .unwrap();
        let quoted = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT {quoted} FROM \"{table}\" ORDER BY 1"))
                .fetch_all(&pool)
                .await
                .unwrap();
        out.push_str(&format!("{table} ({}): {}\n", rows.len(), rows.join("|")));
    }
    pool.close().await;
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_writing_is_consistent_and_restores_every_table() {
    let db = db_with_users().await;
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(GROUP)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let writer = {
        let pool = db.pool.clone();
        tokio::spawn(async move {
            let mut written = 0;
            for i in 0..200 {
                let based_on = readiness_store::reports::latest_value(&pool, "E1", "F01")
                    .await
                    .unwrap()
                    .map(|v| v.id)
                    .unwrap_or(0);
                let input = readiness_store::reports::ValueInput {
                    unit: "E1".into(),
                    criterion: "F01".into(),
                    measured: "2026-11-20".into(),
                    value: (i % 7).to_string(),
                    comment: format!("skrivning {i}"),
                    evidence: String::new(),
                    based_on,
                };
                let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
                if readiness_store::reports::report_value(&pool, user, &input, today)
                    .await
                    .is_ok()
                {
                    written += 1;
                }
            }
            written
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let during = dir.path().join("under-skrivning.db");
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    let summary = readiness_store::backup::backup(&db.pool, &during)
        .await
        .unwrap();
    let written = writer.await.unwrap();
    assert!(written > 0);
    let in_backup = summary
        .tables
        .iter()
        .find(|(t, _)| t == "unit_values")
        .unwrap()
        .1;
    let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM unit_values")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(in_backup <= live, "{in_backup} ≤ {live}");
    // Consistent: the backup holds exactly the live rows up to its newest one, no torn rows.
    let newest: i64 = {
        let pool = readiness_store::open(during.to_str().unwrap())
            .await
            .unwrap();
        let n = sqlx::query_scalar("SELECT MAX(id) FROM unit_values")
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        n
    };
    let live_prefix: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM unit_values WHERE id <= $1")
        .bind(newest)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(live_prefix, in_backup);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&during).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(
        readiness_store::backup::backup(&db.pool, &during)
            .await
            .is_err(),
        "never over an existing file"
    );

    // Quiet now: a backup restored over another database equals the live one, table by table.
    let quiet = dir.path().join("lugnt.db");
    readiness_store::backup::backup(&db.pool, &quiet)
        .await
        .unwrap();
    let live = common::all_rows(&db.pool, &["sessions"]).await;
    let junk = dir.path().join("skräp.db");
    std::fs::write(&junk, b"not a database").unwrap();
    if db.is_postgres() {
        // Into a new, empty PostgreSQL database; one that holds data is refused and left alone.
        let fresh = common::StoreDb::new().await;
        let taken = std::fs::read(&quiet).unwrap();
        let beside = || {
            let mut names: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|entry| entry.unwrap().file_name())
                .collect();
            names.sort();
            names
        };
        let files_before = beside();
        readiness_store::backup::restore(&quiet, &fresh.url)
            .await
            .unwrap();
        assert_eq!(common::all_rows(&fresh.pool, &["sessions"]).await, live);
        // The backup itself is read through a copy: not migrated, not switched to WAL.
        assert!(
            std::fs::read(&quiet).unwrap() == taken,
            "the backup file changed"
        );
        assert_eq!(beside(), files_before);
        let refused = readiness_store::backup::restore(&quiet, &fresh.url).await;
        assert!(
            matches!(
                refused,
                Err(readiness_store::backup::BackupError::NotEmpty(_))
            ),
            "{refused:?}"
        );
        assert!(
            readiness_store::backup::restore(&junk, &fresh.url)
                .await
                .is_err()
        );
        assert_eq!(common::all_rows(&fresh.pool, &["sessions"]).await, live);
        return;
    }
    let restored = dir.path().join("återställd.db");
    std::fs::write(&restored, b"an old database that the restore replaces").unwrap();
    readiness_store::backup::restore(&quiet, restored.to_str().unwrap())
        .await
        .unwrap();
    assert_eq!(all_rows(&restored).await, all_rows(&db.path()).await);
    assert!(dir.path().join("återställd.db.before-restore").exists());
    // A file that is not a database is refused and replaces nothing.
    assert!(
        readiness_store::backup::restore(&junk, restored.to_str().unwrap())
            .await
            .is_err()
    );
    assert_eq!(all_rows(&restored).await, all_rows(&db.path()).await);
}

/// `move-data` copies a SQLite installation into an empty database of the suite's backend (a
/// PostgreSQL one in CI's second run), says what it moved without printing a password, and
/// refuses a target that holds data.
#[tokio::test]
async fn the_cli_moves_an_installation_into_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("gammal.db");
    for kind in ["evaluations", "criteria", "units", "values", "plans"] {
        let file = fixture(&format!("base/{kind}.csv"));
        let out = common::cli(&old, &["import", kind, file.to_str().unwrap()]);
        assert!(out.status.success());
    }
    let target = common::StoreDb::new().await;
    let moving = [
        "move-data",
        "--from",
        old.to_str().unwrap(),
        "--to",
        &target.url,
    ];
    let out = common::cli(&old, &moving);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("unit_values: 6"), "{stdout}");
    assert!(stdout.contains("Flyttade "), "{stdout}");
    assert!(
        !stdout.contains(":readiness_test@"),
        "a password printed: {stdout}"
    );
    let source = readiness_store::open(old.to_str().unwrap()).await.unwrap();
    assert_eq!(
        common::all_rows(&target.pool, &[]).await,
        common::all_rows(&source, &[]).await
    );
    // Again into the same (no longer empty) database: refused, nothing written.
    let before = common::all_rows(&target.pool, &[]).await;
    let out = common::cli(&old, &moving);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("inte tom"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(common::all_rows(&target.pool, &[]).await, before);
    // The moved installation backs up like any (a PostgreSQL one into a SQLite file).
    let copy = dir.path().join("kopia.db");
    let out = common::cli(&target.url, &["backup", "--out", copy.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("action_plans: "));
}

#[test]
fn the_cli_backs_up_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let copy = dir.path().join("kopia.db");
    let run = |args: &[&str]| common::cli(&db, args);
    for kind in ["evaluations", "criteria", "units", "values"] {
        let file = fixture(&format!("base/{kind}.csv"));
        assert!(
            run(&["import", kind, file.to_str().unwrap()])
                .status
                .success()
        );
    }
    let out = run(&["backup", "--out", copy.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("unit_values: 6"));
    let out = run(&[
        "import",
        "plans",
        fixture("base/plans.csv").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let out = run(&["restore", "--from", copy.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let count = run(&[
        "backup",
        "--out",
        dir.path().join("igen.db").to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&count.stdout);
    assert!(
        text.contains("action_plans: 0"),
        "the plans came after the backup: {text}"
    );
}

#[test]
fn kill_9_during_an_import_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    readiness_sample::generate(&readiness_sample::SampleOptions {
        units: 400,
        months: 36,
        seed: 9,
        ..readiness_sample::SampleOptions::default()
    })
    .write_to(&data)
    .unwrap();
    let db = dir.path().join("kill.db");
    let bin = env!("CARGO_BIN_EXE_readiness");
    let import = |kind: &str| {
        let mut command = std::process::Command::new(bin);
        command
            .arg("--database")
            .arg(&db)
            .args(["import", kind])
            .arg(data.join(format!("{kind}.csv")))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        command
    };
    for kind in ["evaluations", "criteria", "units"] {
        assert!(import(kind).status().unwrap().success());
    }
    let before = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(all_rows(&db));
    let mut killed_while_running = 0;
    for delay_ms in [150, 400, 800, 1300, 2000] {
        let mut child = import("values").spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            killed_while_running += 1;
        }
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        if status.success() {
            break; // it finished first: nothing left to interrupt
        }
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let after = runtime.block_on(all_rows(&db));
        if after != before {
            // Killed after the commit but before the process ended: then all of it is there
            // (all or nothing), and there is nothing left to interrupt.
            let file = std::fs::read_to_string(data.join("values.csv")).unwrap();
            let rows = file
                .lines()
                .skip(1)
                .filter(|l| !l.trim().is_empty())
                .count();
            assert!(
                after.contains(&format!("unit_values ({rows}):")),
                "killed after {delay_ms} ms: neither nothing nor all {rows} values"
            );
            let check = runtime
                .block_on(readiness_store::backup::check(&db))
                .unwrap();
            assert!(!check.is_empty());
            break;
        }
        let check = runtime
            .block_on(readiness_store::backup::check(&db))
            .unwrap();
        assert!(!check.is_empty());
    }
    assert!(
        killed_while_running >= 3,
        "{killed_while_running} kills mid-import"
    );
    // The server's start (open + migrations) works on the database as the kills left it, and
    // the import then goes through.
    assert!(import("values").status().unwrap().success());
}

#[tokio::test]
async fn the_demo_unit_lead_gets_units_that_exist() {
    let db = TestDb::new().await;
    db.import_file_bytes(
        readiness_store::import::ImportKind::Units,
        "kod;namn;vardgivare\nE0001;A;K\nE0002;B;K\nE0003;C;K\n".as_bytes(),
    )
    .await;
    readiness_store::accounts::ensure_demo_accounts(&db.pool)
        .await
        .unwrap();
    let users = readiness_store::accounts::list_users(&db.pool)
        .await
        .unwrap();
    let lead = users
        .iter()
        .find(|u| u.role == Role::Enhetsansvarig)
        .unwrap();
    assert_eq!(lead.units, ["E0001", "E0002"]);
}
