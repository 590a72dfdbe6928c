//! Who is asking: sessions, API tokens, CSRF and the sign-in limits
//! (passwords and secrets themselves are in [`super::secrets`]).
//!
//! - A session is a random 256-bit value in an HttpOnly, SameSite=Lax cookie
//!   (Secure when the portal is served over HTTPS); the database keeps only
//!   its SHA-256, so a copy of the database opens no session. Sessions live
//!   in the database, so they survive restarts and any node can read them.
//! - Every state-changing request under `/redaksi` must carry the session's
//!   CSRF token (a form field `_csrf` or the `X-CSRF-Token` header);
//!   [`guard`] checks it before any handler runs, so no handler can forget.
//!   The sign-in form, which has no session yet, uses a double-submit
//!   cookie.
//! - API tokens are random values shown once; the database keeps their
//!   SHA-256. A token acts with its owner's current role and dies with a
//!   revoke or a disabled owner. Bearer tokens are never sent by a browser
//!   on its own, so the API needs no CSRF token.
//! - Every sign-in attempt is recorded before its password is checked
//!   (and cleared when it is right), per email and client address; past a
//!   limit within the window (`[newsroom] sign_in_failures_per_account`,
//!   for one email from one client, and `sign_in_failures_per_client`, for
//!   any email), that client's sign-in is refused with a clear message
//!   until the window has passed. So guessing is slow, parallel guesses
//!   cannot race past the limit, nobody is locked out for ever, and a
//!   stranger cannot lock a reporter out: the reporter's own address is
//!   not the stranger's. Behind a proxy the client is the one the proxy
//!   names in `X-Forwarded-For`, when the proxy is in
//!   `[server] trusted_proxies` ([`client_address`]).

use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use crate::newsroom::secrets::{constant_time_eq, digest, random_secret};
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use ipnet::IpNet;
use std::net::IpAddr;
use std::sync::Arc;
use warta_store::{DeskCounts, User};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "warta_sesi";
/// Name of the cookie that carries the sign-in form's CSRF value.
pub const SIGN_IN_COOKIE: &str = "warta_masuk";
/// How long a session lasts.
pub const SESSION_DAYS: i64 = 14;
/// A signed-in staff member, put in the request by [`guard`].
#[derive(Clone, Debug)]
pub struct Staff {
    /// Who.
    pub user: User,
    /// The session's CSRF token, for the forms the page renders.
    pub csrf: String,
    /// The SHA-256 of the session cookie.
    pub session: String,
    /// What waits for them (read for pages, which show it in the
    /// navigation; not for the scripts' JSON requests).
    pub desk: DeskCounts,
}

impl FromRequestParts<Arc<App>> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &Arc<App>) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Staff>()
            .cloned()
            .ok_or(AppError::Unauthorized)
    }
}

/// The user an API request acts as, from its bearer token.
#[derive(Clone, Debug)]
pub struct ApiUser(pub User);

impl FromRequestParts<Arc<App>> for ApiUser {
    type Rejection = crate::api::ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, crate::api::ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(AppError::Unauthorized)?;
        let user = app
            .store
            .user_for_token(&digest(token), app.now())
            .await?
            .ok_or(AppError::Unauthorized)?;
        Ok(ApiUser(user))
    }
}

/// An API user who may curate (editors and admins), checked before the
/// request's body is read: whoever may not is told so (403) whatever the
/// body holds, rather than how it is malformed.
#[derive(Clone, Debug)]
pub struct ApiCurator(pub User);

impl FromRequestParts<Arc<App>> for ApiCurator {
    type Rejection = crate::api::ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, crate::api::ApiError> {
        let ApiUser(user) = ApiUser::from_request_parts(parts, app).await?;
        crate::newsroom::actions::curation::require_curator(&user)?;
        Ok(ApiCurator(user))
    }
}

/// An API client acting for an admin, checked as [`ApiCurator`] is.
#[derive(Clone, Debug)]
pub struct ApiAdmin(pub User);

impl FromRequestParts<Arc<App>> for ApiAdmin {
    type Rejection = crate::api::ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, crate::api::ApiError> {
        let ApiUser(user) = ApiUser::from_request_parts(parts, app).await?;
        crate::newsroom::actions::people::require_admin(&user)?;
        Ok(ApiAdmin(user))
    }
}

/// The value of cookie `name`.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A `Set-Cookie` value for the newsroom: HttpOnly, SameSite=Lax, Secure
/// over HTTPS. `max_age` 0 deletes the cookie.
pub fn set_cookie(app: &App, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if app.config.base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .expect("cookie values are hex")
}

/// Paths under `/redaksi` open without a session.
fn is_public(path: &str) -> bool {
    matches!(
        path,
        "/redaksi/masuk" | "/redaksi/newsroom.css" | "/redaksi/newsroom.js"
    )
}

/// Biggest form body the CSRF check reads (uploads are multipart and carry
/// the token in the header or the query).
const MAX_FORM_BYTES: usize = 4 * 1024 * 1024;

/// Middleware for `/redaksi`: resolves the session, sends strangers to the
/// sign-in page, and refuses any state-changing request without the
/// session's CSRF token.
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if is_public(&path) {
        return next.run(request).await;
    }
    let staff = match cookie(request.headers(), SESSION_COOKIE) {
        Some(token) => {
            let hash = digest(token);
            match app.store.session(&hash, app.now()).await {
                Ok(found) => found.map(|(user, csrf)| Staff {
                    user,
                    csrf,
                    session: hash,
                    desk: DeskCounts::default(),
                }),
                Err(error) => return AppError::from(error).into_response(),
            }
        }
        None => None,
    };
    let Some(staff) = staff else {
        // A page is sent to the sign-in form; a script asking for JSON
        // (the editor checking its session) is told the session ended.
        let page = request.method() == Method::GET || request.method() == Method::HEAD;
        if page && !wants_json(request.headers()) {
            let back = request
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default();
            let to = format!(
                "/redaksi/masuk?ke={}",
                form_urlencoded::byte_serialize(back.as_bytes()).collect::<String>()
            );
            return Redirect::to(&to).into_response();
        }
        return AppError::SessionEnded.into_response();
    };
    let mut staff = staff;
    let mut request = request;
    if request.method() == Method::GET && !wants_json(request.headers()) {
        staff.desk = match app.store.desk_counts(staff.user.id).await {
            Ok(counts) => counts,
            Err(error) => return AppError::from(error).into_response(),
        };
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let (passed, rebuilt) = match csrf_token_of(request, MAX_FORM_BYTES).await {
            Ok(found) => found,
            Err(error) => return error.into_response(),
        };
        request = rebuilt;
        if !passed.is_some_and(|token| constant_time_eq(&token, &staff.csrf)) {
            return AppError::Forbidden(Message::BadFormToken).into_response();
        }
    }
    request.extensions_mut().insert(staff);
    next.run(request).await
}

/// The CSRF token a request carries (header, query, or urlencoded form
/// field), and the request to pass on with its body intact.
pub async fn csrf_token_of(
    request: Request,
    limit: usize,
) -> Result<(Option<String>, Request), AppError> {
    if let Some(token) = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return Ok((Some(token.to_owned()), request));
    }
    if let Some(token) = request
        .uri()
        .query()
        .and_then(|q| field(q.as_bytes(), "_csrf"))
    {
        return Ok((Some(token), request));
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((None, request));
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| AppError::TooLarge(Message::FormTooLarge))?;
    let token = field(&bytes, "_csrf");
    Ok((token, Request::from_parts(parts, Body::from(bytes))))
}

fn field(encoded: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(encoded)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The address of the client a request comes from: the peer's, unless the
/// peer is a trusted proxy (`[server] trusted_proxies`), in which case the
/// nearest address in `X-Forwarded-For` that is not a trusted proxy
/// itself. A header sent by anyone else is ignored: a client cannot choose
/// whose failed sign-ins it counts against.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    let hops = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("").split(','))
        .collect::<Vec<_>>();
    for hop in hops.iter().rev() {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(&ip) {
                    break;
                }
            }
            // Garbage in the chain: the nearest address known is the last
            // trusted one.
            Err(_) => break,
        }
    }
    client
}

/// Reserves a sign-in attempt for `email` from `client` before its
/// password is checked, or refuses it when this client has failed too
/// often within the window: for this account, or for any. The account
/// limit is per client, so nobody locks a reporter out from elsewhere.
/// Returns the reservation to clear when the password is right.
pub async fn reserve_sign_in(app: &App, email: &str, client: &str) -> Result<i64, AppError> {
    let limits = app.config.sign_in;
    let now = app.now();
    let attempt = app
        .store
        .reserve_sign_in_attempt(email, client, now, now - limits.window)
        .await?;
    if attempt.by_account > limits.per_account || attempt.by_client > limits.per_client {
        let minutes = (limits.window.num_seconds() + 59) / 60;
        return Err(AppError::TooManyRequests {
            message: Message::TooManySignIns { minutes },
            retry_after: limits.window.num_seconds().max(1) as u64,
        });
    }
    Ok(attempt.id)
}

#[cfg(test)]
mod client_tests {
    use super::*;

    #[test]
    fn only_a_trusted_proxy_names_the_client() {
        let trusted: Vec<IpNet> = vec![
            "127.0.0.1/32".parse().unwrap(),
            "10.0.0.0/8".parse().unwrap(),
        ];
        let headers = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
            headers
        };
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // A stranger's header is ignored.
        assert_eq!(
            client_address(ip("203.0.113.9"), &headers("198.51.100.1"), &trusted),
            ip("203.0.113.9")
        );
        // Behind the proxy: the nearest untrusted hop.
        assert_eq!(
            client_address(
                ip("127.0.0.1"),
                &headers("198.51.100.1, 10.1.2.3"),
                &trusted
            ),
            ip("198.51.100.1")
        );
        // A client that forges a first hop does not choose its address.
        assert_eq!(
            client_address(ip("127.0.0.1"), &headers("1.2.3.4, 198.51.100.7"), &trusted),
            ip("198.51.100.7")
        );
        // Garbage stops the walk at the last address known.
        assert_eq!(
            client_address(ip("127.0.0.1"), &headers("x, 10.1.2.3"), &trusted),
            ip("10.1.2.3")
        );
        assert_eq!(
            client_address(ip("127.0.0.1"), &HeaderMap::new(), &trusted),
            ip("127.0.0.1")
        );
    }
}

/// Answers with a session cookie for `user` and a redirect to `to`.
pub async fn start_session(app: &App, user: &User, to: &str) -> Result<Response, AppError> {
    let (response, _) = open_session(app, user, Redirect::to(to).into_response()).await?;
    Ok(response)
}

/// Opens a session for `user` on `response` (its cookie set, the sign-in
/// form's cleared); returns it with the session's CSRF token.
pub async fn open_session(
    app: &App,
    user: &User,
    mut response: Response,
) -> Result<(Response, String), AppError> {
    let token = random_secret();
    let csrf = random_secret();
    let now = app.now();
    app.store
        .add_session(
            &digest(&token),
            user.id,
            &csrf,
            now,
            now + Duration::days(SESSION_DAYS),
        )
        .await?;
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        set_cookie(app, SESSION_COOKIE, &token, SESSION_DAYS * 86_400),
    );
    headers.append(header::SET_COOKIE, set_cookie(app, SIGN_IN_COOKIE, "", 0));
    Ok((response, csrf))
}

/// Whether a request asks for JSON (the newsroom's own scripts do).
pub fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; warta_sesi_x=2; warta_sesi=3"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("3"));
        assert_eq!(cookie(&headers, "b"), None);
    }
}
