//! A webhook receiver, as an app's backend would run one: a real HTTP
//! server on loopback that records every request and answers with the
//! status it is told to, checking each signature as docs/API.md says a
//! receiver should.

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use tokio::task::JoinHandle;

/// One request the receiver took.
#[derive(Clone, Debug)]
pub struct Received {
    /// `Warta-Event`.
    pub event: String,
    /// `Warta-Delivery`.
    pub delivery: String,
    /// The JSON body.
    pub body: serde_json::Value,
    /// Whether `Warta-Signature` matched the secret, and was fresh.
    pub signature_ok: bool,
    /// The status it was answered with.
    pub answered: u16,
}

/// A running receiver; [`Receiver::stop`] takes it off its port.
pub struct Receiver {
    /// Its address.
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
    secret: Arc<Mutex<String>>,
    server: Option<JoinHandle<()>>,
}

impl Receiver {
    /// A receiver on a free port.
    pub async fn start() -> Receiver {
        Receiver::start_on("127.0.0.1:0".parse().unwrap()).await
    }

    /// A receiver on `addr` (the port of one stopped before).
    pub async fn start_on(addr: SocketAddr) -> Receiver {
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let mut receiver = Receiver {
            addr: listener.local_addr().unwrap(),
            received: Arc::default(),
            status: Arc::new(AtomicU16::new(204)),
            secret: Arc::default(),
            server: None,
        };
        let (received, status, secret) = (
            receiver.received.clone(),
            receiver.status.clone(),
            receiver.secret.clone(),
        );
        let route = axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let (received, status, secret) = (received.clone(), status.clone(), secret.clone());
            async move {
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned()
                };
                let text = String::from_utf8_lossy(&body).into_owned();
                let signature_ok =
                    verify(&secret.lock().unwrap(), &header("warta-signature"), &text);
                let answered = status.load(Ordering::SeqCst);
                received.lock().unwrap().push(Received {
                    event: header("warta-event"),
                    delivery: header("warta-delivery"),
                    body: serde_json::from_str(&text).unwrap_or_default(),
                    signature_ok,
                    answered,
                });
                StatusCode::from_u16(answered).unwrap()
            }
        });
        let router = axum::Router::new().route("/hook", route);
        receiver.server = Some(tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        }));
        receiver
    }

    /// Its URL.
    pub fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    /// The secret signatures are checked against.
    pub fn set_secret(&self, secret: &str) {
        *self.secret.lock().unwrap() = secret.to_owned();
    }

    /// The status later requests are answered with.
    pub fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    /// What it took so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Takes it off its port: requests find nobody there.
    pub async fn stop(mut self) -> SocketAddr {
        if let Some(server) = self.server.take() {
            server.abort();
            let _ = server.await;
        }
        self.addr
    }
}

/// The check docs/API.md shows a receiver: `t=SECONDS,v1=HEX` where HEX is
/// HMAC-SHA256(secret, SECONDS + "." + body), and SECONDS within five
/// minutes of now. Written apart from Warta's own signing code.
fn verify(secret: &str, header: &str, body: &str) -> bool {
    let mut seconds = None;
    let mut signature = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => seconds = value.parse::<i64>().ok(),
            Some(("v1", value)) => signature = Some(value.to_owned()),
            _ => {}
        }
    }
    let (Some(seconds), Some(signature)) = (seconds, signature) else {
        return false;
    };
    if (chrono::Utc::now().timestamp() - seconds).abs() > 300 {
        return false;
    }
    let Some(expected) = (0..signature.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(signature.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    ring::hmac::verify(&key, format!("{seconds}.{body}").as_bytes(), &expected).is_ok()
}
