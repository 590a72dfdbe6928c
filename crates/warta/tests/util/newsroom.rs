//! Newsroom helpers: users made in the database, signed in over HTTP the way
//! a browser does (sign-in form, cookie, CSRF token), and API clients with
//! bearer tokens.

use super::TestApp;
use reqwest::multipart::Form;
use reqwest::{Method, Response};
use serde_json::{Value, json};
use warta_core::{Role, UserId};

/// A signed-in staff member's browser.
pub struct StaffClient {
    /// Server root.
    pub base: String,
    /// Their user number.
    pub id: UserId,
    /// Their email.
    pub email: String,
    /// Their password.
    pub password: String,
    /// The session cookie pair (`warta_sesi=...`).
    pub cookie: String,
    /// The session's CSRF token, as the pages carry it.
    pub csrf: String,
    /// The client (no redirects followed).
    pub http: reqwest::Client,
}

/// The value of `name="_csrf" value="..."` in a page.
pub fn csrf_in(page: &str) -> Option<String> {
    let at = page.find("name=\"_csrf\" value=\"")? + "name=\"_csrf\" value=\"".len();
    Some(page[at..at + 64].to_owned())
}

/// The `name=value` of a `Set-Cookie` header for `name`.
pub fn cookie_from(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

impl TestApp {
    /// A draft in section `news`, made through the API with `token`; the
    /// API's answer (id, version).
    pub async fn api_draft(&self, token: &str, title: &str, body: &str) -> Value {
        let (status, draft) = self
            .api(
                Method::POST,
                "/api/v1/articles",
                Some(token),
                Some(json!({"title": title, "section": "news", "body": body})),
            )
            .await;
        assert_eq!(status, 201, "{draft}");
        draft
    }

    /// Publishes a draft (as [`TestApp::api_draft`] returned it) through
    /// the API; the API's answer for the live article (id, version, url).
    pub async fn api_publish(&self, token: &str, draft: &Value) -> Value {
        let (status, live) = self
            .api(
                Method::POST,
                &format!("/api/v1/articles/{}/publish", draft["id"]),
                Some(token),
                Some(json!({"version": draft["version"]})),
            )
            .await;
        assert_eq!(status, 200, "{live}");
        live
    }

    /// Takes a live article (as [`TestApp::api_publish`] returned it) down
    /// through the API.
    pub async fn api_unpublish(&self, token: &str, live: &Value) {
        let (status, answer) = self
            .api(
                Method::POST,
                &format!("/api/v1/articles/{}/unpublish", live["id"]),
                Some(token),
                Some(json!({"version": live["version"]})),
            )
            .await;
        assert_eq!(status, 200, "{answer}");
    }

    /// Adds a user with a known password.
    pub async fn add_user(&self, email: &str, name: &str, role: Role) -> (UserId, String) {
        let password = format!("sandi-{email}-panjang");
        let hash = warta::newsroom::secrets::hash_password(password.clone())
            .await
            .unwrap();
        let id = self
            .app
            .store
            .add_user(email, name, role, &hash, chrono::Utc::now())
            .await
            .unwrap();
        (id, password)
    }

    /// Sends the sign-in form as a browser does (first fetching the form for
    /// its cookie and token); returns the answer to the POST.
    pub async fn sign_in(&self, email: &str, password: &str) -> Response {
        self.sign_in_with(email, password, "/redaksi", None).await
    }

    /// The sign-in form with a `ke=` (where to go after) and, when given,
    /// an `X-Forwarded-For` header as a proxy in front would add.
    pub async fn sign_in_with(
        &self,
        email: &str,
        password: &str,
        next: &str,
        forwarded_for: Option<&str>,
    ) -> Response {
        let form = self.get("/redaksi/masuk").await;
        let cookie = cookie_from(&form, "warta_masuk").unwrap();
        let page = form.text().await.unwrap();
        let csrf = csrf_in(&page).unwrap();
        let mut request = self
            .http
            .post(format!("{}/redaksi/masuk", self.base))
            .header("cookie", cookie)
            .form(&[
                ("_csrf", csrf.as_str()),
                ("email", email),
                ("password", password),
                ("ke", next),
            ]);
        if let Some(client) = forwarded_for {
            request = request.header("x-forwarded-for", client);
        }
        request.send().await.unwrap()
    }

    /// A new user of `role`, signed in.
    pub async fn staff(&self, email: &str, role: Role) -> StaffClient {
        let name = email.split('@').next().unwrap().to_uppercase();
        let (id, password) = self.add_user(email, &name, role).await;
        self.signed_in(id, email, &password).await
    }

    /// Signs an existing user in.
    pub async fn signed_in(&self, id: UserId, email: &str, password: &str) -> StaffClient {
        let response = self.sign_in(email, password).await;
        assert_eq!(response.status(), 303, "sign-in of {email} failed");
        let cookie = cookie_from(&response, "warta_sesi").expect("a session cookie");
        let mut client = StaffClient {
            base: self.base.clone(),
            id,
            email: email.to_owned(),
            password: password.to_owned(),
            cookie,
            csrf: String::new(),
            http: self.http.clone(),
        };
        let (status, page) = client.get("/redaksi/akun").await;
        assert_eq!(status, 200);
        client.csrf = csrf_in(&page).unwrap();
        client
    }

    /// An API token for a user.
    pub async fn token_for(&self, user: UserId) -> String {
        let token = format!("wt_{}", warta::newsroom::secrets::random_secret());
        self.app
            .store
            .add_api_token(
                user,
                "test",
                &warta::newsroom::secrets::digest(&token),
                &token[..9],
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        token
    }

    /// An API call with a bearer token (or none) and a JSON body (or
    /// none); returns status and the JSON answer (Null when empty).
    pub async fn api(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, json)
    }
}

/// An API client acting with one token.
pub struct ApiClient<'a> {
    app: &'a TestApp,
    token: String,
}

impl TestApp {
    /// A client of the API acting with `token`.
    pub fn api_client(&self, token: &str) -> ApiClient<'_> {
        ApiClient {
            app: self,
            token: token.to_owned(),
        }
    }
}

impl ApiClient<'_> {
    /// GET; status and JSON answer.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.app
            .api(Method::GET, path, Some(&self.token), None)
            .await
    }

    /// POST a JSON body.
    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.app
            .api(Method::POST, path, Some(&self.token), Some(body))
            .await
    }

    /// PUT a JSON body.
    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.app
            .api(Method::PUT, path, Some(&self.token), Some(body))
            .await
    }
}

impl StaffClient {
    /// GET a page with the session; status and body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self.get_response(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// GET a page with the session; the whole response.
    pub async fn get_response(&self, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap()
    }

    /// POSTs a form with the session and its CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut all = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// POSTs a form with the session but exactly these fields (no token
    /// added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.http
            .post(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    /// POSTs a multipart form (the editor, uploads) with the session and
    /// its CSRF token in the query, as the pages do.
    pub async fn post_multipart(&self, path: &str, form: Form) -> Response {
        let separator = if path.contains('?') { '&' } else { '?' };
        self.http
            .post(format!("{}{path}{separator}_csrf={}", self.base, self.csrf))
            .header("cookie", &self.cookie)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }
}

impl StaffClient {
    /// A request of the editor's script: JSON asked for, the session's
    /// CSRF token in the header; status and the JSON answer.
    pub async fn json(&self, method: Method, path: &str, body: Option<&Value>) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("accept", "application/json")
            .header("x-csrf-token", &self.csrf);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, json)
    }

    /// The version the editor page of `path` is at.
    pub async fn version_of(&self, path: &str) -> i64 {
        let (status, page) = self.get(path).await;
        assert_eq!(status, 200, "{path}");
        let at = page.find("name=\"versi\" value=\"").unwrap() + "name=\"versi\" value=\"".len();
        page[at..].split('"').next().unwrap().parse().unwrap()
    }
}

/// The editor form for an article: these fields, the rest empty.
pub fn article_form(fields: &[(&str, &str)]) -> Form {
    let mut form = Form::new();
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    form
}

/// A real PNG of this size, made in memory.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}
