//! Two app instances on one database behave like one: two `readiness serve` processes (their
//! own memory, caches and connections) on the suite's database — one PostgreSQL database in
//! CI's second run, one SQLite file in the first. A report through one is seen through the
//! other, the same value saved through both at once loses nothing (one wins, the other is told
//! of the conflict), and the log-in limit counts the attempts made through both.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{PASSWORD, TestDb, encode, fixture};
use readiness_rules::Role;

/// A `readiness serve` process, stopped when dropped.
struct Instance {
    child: Child,
    base: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts an instance on `database` at a free loopback port and waits until it answers.
async fn start(database: &str) -> Instance {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(["--database", database, "serve", "--addr"])
        .arg(format!("127.0.0.1:{port}"))
        .env_remove("READINESS_ALLOW_PUBLIC_SAMPLE")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let instance = Instance {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..200 {
        if let Ok(reply) = client()
            .get(format!("{}/health", instance.base))
            .send()
            .await
            && reply.status().is_success()
        {
            return instance;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the instance at {} did not start", instance.base);
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Signs in through `instance`: the session cookie, or where the form sent the browser.
async fn sign_in(instance: &Instance, email: &str, password: &str) -> Result<String, String> {
    let reply = client()
        .post(format!("{}/auth/logga-in", instance.base))
        .header("origin", &instance.base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "email={}&password={}&tillbaka=%2F",
            encode(email),
            encode(password)
        ))
        .send()
        .await
        .unwrap();
    let cookie = reply
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("readiness_session="))
        .map(|c| c.split(';').next().unwrap().to_string());
    let location = reply
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    match cookie {
        Some(cookie) if !location.contains("fel") && !location.contains("sparrad") => Ok(cookie),
        _ => Err(location),
    }
}

async fn get(instance: &Instance, path: &str, cookie: &str) -> String {
    let reply = client()
        .get(format!("{}{path}", instance.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert!(reply.status().is_success(), "{path}: {}", reply.status());
    reply.text().await.unwrap()
}

async fn report(instance: &Instance, cookie: &str, value: &str, based_on: i64) -> String {
    client()
        .post(format!("{}/api/rapportera_varde", instance.base))
        .header("origin", &instance.base)
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "unit=E1&criterion=V01&measured=2026-11-20&value={value}&comment=&evidence=&based_on={based_on}"
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The light of E1's V01 as the read API of `instance` gives it.
async fn light(instance: &Instance, cookie: &str) -> String {
    let body = get(instance, "/api/v1/units/E1?evaluation=USV2026", cookie).await;
    common::criterion_light(&body, "V01")
}

async fn newest(db: &TestDb) -> i64 {
    readiness_store::reports::latest_value(&db.pool, "E1", "V01")
        .await
        .unwrap()
        .map_or(0, |v| v.id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_behave_like_one() {
    let db = TestDb::new().await;
    db.import_dir(&fixture("base")).await;
    db.add_user("lead@exempel.se", Role::Enhetsansvarig, &["E1"])
        .await;
    db.add_user("grupp@exempel.se", Role::Arbetsgrupp, &[])
        .await;
    let (a, b) = (start(&db.url).await, start(&db.url).await);

    // A session made through A is good on B (sessions live in the database), and B has read
    // E1 into its cache before A changes it.
    let lead = sign_in(&a, "lead@exempel.se", PASSWORD).await.unwrap();
    assert_eq!(light(&b, &lead).await, "amber");
    let saved = report(&a, &lead, "Ja", newest(&db).await).await;
    assert!(saved.contains("Saved"), "{saved}");
    assert_eq!(light(&b, &lead).await, "green", "B sees A's report");

    // The same value saved through both at once, ten times over: each time exactly one wins
    // and the other is told of the conflict; no version is lost or doubled.
    let group = sign_in(&b, "grupp@exempel.se", PASSWORD).await.unwrap();
    for round in 0..10 {
        let start_id = newest(&db).await;
        let (through_a, through_b) = tokio::join!(
            report(&a, &lead, "Nej", start_id),
            report(&b, &group, "Ja", start_id)
        );
        let outcomes = [&through_a, &through_b];
        assert_eq!(
            outcomes.iter().filter(|o| o.contains("Saved")).count(),
            1,
            "round {round}: {outcomes:?}"
        );
        assert_eq!(
            outcomes.iter().filter(|o| o.contains("Conflict")).count(),
            1,
            "round {round}: {outcomes:?}"
        );
        let added: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM unit_values WHERE id > $1 \
             AND unit_id = (SELECT id FROM units WHERE code = 'E1') \
             AND criterion_id = (SELECT id FROM criteria WHERE code = 'V01')",
        )
        .bind(start_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(added, 1, "round {round}: one new version");
    }

    // Wrong passwords for one account from one address, alternating between the instances:
    // the limit (five free failures per account and address) counts them together.
    for attempt in 0..5 {
        let instance = if attempt % 2 == 0 { &a } else { &b };
        let refused = sign_in(instance, "grupp@exempel.se", "fel-lösenord").await;
        assert!(
            refused.as_ref().is_err_and(|l| l.contains("fel=fel")),
            "attempt {attempt}: {refused:?}"
        );
    }
    for instance in [&a, &b] {
        let blocked = sign_in(instance, "grupp@exempel.se", PASSWORD).await;
        assert!(
            blocked.as_ref().is_err_and(|l| l.contains("sparrad")),
            "{}: {blocked:?}",
            instance.base
        );
    }
}
