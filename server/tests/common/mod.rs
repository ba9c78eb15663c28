//! Shared helpers for the integration tests: a real SQLite file in a temporary folder, the real
//! import pipeline and the real router.

#![allow(dead_code)]

use app::state::AppState;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use readiness_rules::Role;
use std::sync::Mutex;
use tower::ServiceExt;

#[path = "../../../app/store/tests/support/mod.rs"]
mod support;
// Not every test file uses every helper.
#[allow(unused_imports)]
pub use support::{StoreDb, all_rows, current_values, fixture, sample_dir, value_of};

/// Runs the `readiness` binary on the database `db` (a file path or a URL).
pub fn cli(db: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_readiness"))
        .arg("--database")
        .arg(db)
        .args(args)
        .env_remove("READINESS_ALLOW_PUBLIC_SAMPLE")
        .output()
        .unwrap()
}

/// The light of `criterion` in a unit's JSON from the read API (`/api/v1/units/{unit}`).
pub fn criterion_light(unit_json: &str, criterion: &str) -> String {
    let json: serde_json::Value = serde_json::from_str(unit_json).unwrap();
    json["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == criterion)
        .unwrap()["light"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A [`StoreDb`] with the real router in front of it.
pub struct TestDb {
    store: StoreDb,
    session: Mutex<Option<String>>,
    router: std::sync::OnceLock<axum::Router>,
    network: Mutex<app::state::Network>,
    contact_email: Mutex<Option<String>>,
    sign_in: Mutex<app::state::SignInOptions>,
    time_to_act: Mutex<readiness_rules::TimeToAct>,
}

/// The password of every user the tests create.
pub const PASSWORD: &str = "rätt-häst-batteri";

/// An HTTP answer.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    /// `name=value` of a cookie the answer sets.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(|c| c.split(';').next().unwrap().to_string())
    }

    pub fn location(&self) -> String {
        self.headers
            .get("location")
            .map(|l| l.to_str().unwrap().to_string())
            .unwrap_or_default()
    }
}

/// Percent-encodes a form value.
pub fn encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl std::ops::Deref for TestDb {
    type Target = StoreDb;

    fn deref(&self) -> &StoreDb {
        &self.store
    }
}

impl TestDb {
    /// The base fixture with a working-group member, a lead of E1 and a reader, signed in:
    /// (database, group's cookie, lead's, reader's).
    pub async fn base_with_three_roles() -> (TestDb, String, String, String) {
        let db = TestDb::new().await;
        db.import_dir(&fixture("base")).await;
        let mut cookies = Vec::new();
        for (email, role, units) in [
            ("grupp@exempel.se", Role::Arbetsgrupp, &[][..]),
            ("lead@exempel.se", Role::Enhetsansvarig, &["E1"][..]),
            ("reader@exempel.se", Role::Lasare, &[][..]),
        ] {
            db.add_user(email, role, units).await;
            cookies.push(db.sign_in(email, PASSWORD).await.unwrap());
        }
        let reader = cookies.pop().unwrap();
        let lead = cookies.pop().unwrap();
        let group = cookies.pop().unwrap();
        (db, group, lead, reader)
    }

    pub async fn new() -> TestDb {
        TestDb {
            store: StoreDb::new().await,
            session: Mutex::new(None),
            router: Default::default(),
            network: Default::default(),
            contact_email: Default::default(),
            sign_in: Default::default(),
            time_to_act: Default::default(),
        }
    }

    /// The app, built once per database as in production (the log-in rate limit lives in it).
    pub fn router(&self) -> axum::Router {
        self.router.get_or_init(|| self.build_router()).clone()
    }

    fn build_router(&self) -> axum::Router {
        let options = readiness_server::config::leptos_options(
            "127.0.0.1:0".parse().unwrap(),
            self.dir.path(),
        );
        let network = self.network.lock().unwrap().clone();
        let contact_email = self.contact_email.lock().unwrap().clone();
        let sign_in = self.sign_in.lock().unwrap().clone();
        let time_to_act = *self.time_to_act.lock().unwrap();
        readiness_server::app(
            AppState::new(self.pool.clone(), options, false)
                .with_network(network)
                .with_sign_in(sign_in)
                .with_time_to_act(time_to_act)
                .with_contact_email(contact_email),
        )
    }

    /// The contact address the app names (`READINESS_CONTACT_EMAIL`); call before the first
    /// request.
    pub fn set_contact_email(&self, email: &str) {
        assert!(
            self.router.get().is_none(),
            "set the contact before the first request"
        );
        *self.contact_email.lock().unwrap() = Some(email.to_string());
    }

    /// How people sign in (single sign-on, passwords); call before the first request.
    pub fn set_sign_in(&self, sign_in: app::state::SignInOptions) {
        assert!(
            self.router.get().is_none(),
            "set the sign-in before the first request"
        );
        *self.sign_in.lock().unwrap() = sign_in;
    }

    /// Days to act on red and amber lights; call before the first request.
    pub fn set_time_to_act(&self, time_to_act: readiness_rules::TimeToAct) {
        assert!(
            self.router.get().is_none(),
            "set the time to act before the first request"
        );
        *self.time_to_act.lock().unwrap() = time_to_act;
    }

    /// What the router trusts of the network; call before the first request.
    pub fn set_network(&self, network: app::state::Network) {
        assert!(
            self.router.get().is_none(),
            "set the network before the first request"
        );
        *self.network.lock().unwrap() = network;
    }

    /// Creates a user with the test password.
    pub async fn add_user(&self, email: &str, role: Role, units: &[&str]) {
        let units: Vec<String> = units.iter().map(|u| u.to_string()).collect();
        readiness_store::accounts::create_user(&self.pool, email, "", role, PASSWORD, &units)
            .await
            .unwrap_or_else(|e| panic!("{email}: {e}"));
    }

    /// Signs in over HTTP and returns the session cookie (`name=value`).
    pub async fn sign_in(&self, email: &str, password: &str) -> Result<String, String> {
        let body = format!(
            "email={}&password={}&tillbaka=%2F",
            encode(email),
            encode(password)
        );
        let response = self
            .send(Method::POST, "/auth/logga-in", None, Some(&body))
            .await;
        let location = response
            .headers
            .get("location")
            .map(|l| l.to_str().unwrap().to_string())
            .unwrap_or_default();
        match response.cookie("readiness_session") {
            Some(cookie) if response.status == StatusCode::SEE_OTHER && location == "/" => {
                Ok(cookie)
            }
            _ => Err(location),
        }
    }

    /// Makes `cookie` the session every later `get` sends.
    pub async fn use_session(&self, cookie: String) {
        *self.session.lock().unwrap() = Some(cookie);
    }

    /// Any request, same-origin (Host and Origin set as a browser on this site would).
    pub async fn send(
        &self,
        method: Method,
        uri: &str,
        cookie: Option<&str>,
        form: Option<&str>,
    ) -> Reply {
        self.send_with(method, uri, cookie, form, Some("http://localhost"))
            .await
    }

    pub async fn send_with(
        &self,
        method: Method,
        uri: &str,
        cookie: Option<&str>,
        form: Option<&str>,
        origin: Option<&str>,
    ) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header("host", "localhost");
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let body = match form {
            Some(form) => {
                request = request.header("content-type", "application/x-www-form-urlencoded");
                Body::from(form.to_string())
            }
            None => Body::empty(),
        };
        let (status, headers, bytes) = self.exchange(request.body(body).unwrap()).await;
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).to_string(),
        }
    }

    /// One request through the real router, with a time limit; the body as bytes.
    pub async fn exchange(
        &self,
        request: Request<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let uri = request.uri().to_string();
        let exchange = async {
            let response = self.router().oneshot(request).await.unwrap();
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            (status, headers, bytes.to_vec())
        };
        tokio::time::timeout(std::time::Duration::from_secs(30), exchange)
            .await
            .unwrap_or_else(|_| panic!("{uri} did not answer within 30 s"))
    }

    /// GET as the signed-in `cookie`; the body as bytes (downloads).
    pub async fn download(
        &self,
        uri: &str,
        cookie: &str,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let request = Request::builder()
            .uri(uri)
            .header("host", "localhost")
            .header("cookie", cookie)
            .body(Body::empty())
            .unwrap();
        self.exchange(request).await
    }

    /// Downloads an export that must answer 200 with a file named `file_name`; its text.
    pub async fn download_text(&self, uri: &str, cookie: &str, file_name: &str) -> String {
        let (status, headers, bytes) = self.download(uri, cookie).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let disposition = headers["content-disposition"].to_str().unwrap();
        assert!(disposition.contains(file_name), "{disposition}");
        String::from_utf8(bytes).unwrap()
    }

    /// Posts the import page's form (`multipart/form-data`) as a browser would.
    pub async fn upload(
        &self,
        cookie: &str,
        file_name: &str,
        bytes: &[u8],
        kind: &str,
        sheet: &str,
    ) -> Reply {
        self.post_multipart(
            "/importera/ladda-upp",
            cookie,
            &[("typ", kind), ("blad", sheet)],
            file_name,
            bytes,
        )
        .await
    }

    /// Posts a `multipart/form-data` form as a browser would: `fields`, then the file `fil`.
    pub async fn post_multipart(
        &self,
        uri: &str,
        cookie: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> Reply {
        let boundary = "----readinessTestBoundary7MA4YWxk";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .header("cookie", cookie)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        let (status, headers, bytes) = self.exchange(request).await;
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).to_string(),
        }
    }

    /// Polls an upload until its background step has finished; returns the final view.
    pub async fn wait_for_upload(
        &self,
        cookie: &str,
        token: &str,
    ) -> app::pages::import::UploadView {
        for _ in 0..600 {
            let reply = self
                .send(
                    Method::POST,
                    "/api/importstatus",
                    Some(cookie),
                    Some(&format!("token={token}")),
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            let view: Option<app::pages::import::UploadView> =
                serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body));
            let view = view.expect("the upload exists");
            if !matches!(view.state.code(), "checking" | "importing") {
                return view;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("upload {token} did not finish within 30 s");
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, String) {
        self.get_with(uri, None).await
    }

    /// GET with the session set by `use_session` (if any) plus `cookie`.
    pub async fn get_with(&self, uri: &str, cookie: Option<&str>) -> (StatusCode, String) {
        let session = self.session.lock().unwrap().clone();
        let cookies: Vec<&str> = session.as_deref().into_iter().chain(cookie).collect();
        let cookies = (!cookies.is_empty()).then(|| cookies.join("; "));
        let reply = self
            .send_with(Method::GET, uri, cookies.as_deref(), None, None)
            .await;
        (reply.status, reply.body)
    }
}
