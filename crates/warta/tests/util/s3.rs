//! A real S3-compatible server for the media tests: moto's `moto_server`
//! (Python, from PyPI; the README's test command installs it), on a free
//! loopback port, ended with the test.

use super::which;
use futures_util::StreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The credentials the tests sign with (the server takes any).
pub const ACCESS_KEY_ID: &str = "warta-test";
/// Its secret.
pub const SECRET_ACCESS_KEY: &str = "warta-secret";

/// A running S3 server; it ends when dropped.
pub struct S3Server {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    process: Child,
    http: reqwest::Client,
}

impl S3Server {
    /// Starts the server and waits until it answers.
    pub async fn start() -> S3Server {
        let program = std::env::var("WARTA_TEST_S3_SERVER")
            .ok()
            .or_else(|| which("moto_server"))
            .expect(
                "no S3 server: run the README's test command, which installs moto_server \
                 (or set WARTA_TEST_S3_SERVER to one)",
            );
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // Made before the server starts, so a failure here leaves no
        // server behind.
        let http = super::http_client().build().unwrap();
        let process = Command::new(program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let server = S3Server {
            endpoint: format!("http://127.0.0.1:{port}"),
            process,
            http,
        };
        let started = Instant::now();
        while server.http.get(&server.endpoint).send().await.is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the S3 server did not answer within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        server
    }

    /// Makes a bucket.
    pub async fn create_bucket(&self, name: &str) {
        let response = self
            .http
            .put(format!("{}/{name}", self.endpoint))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{response:?}");
    }

    /// A client of a bucket, signing as the tests' configuration does.
    fn bucket(&self, name: &str) -> AmazonS3 {
        AmazonS3Builder::new()
            .with_bucket_name(name)
            .with_region("us-east-1")
            .with_endpoint(&self.endpoint)
            .with_allow_http(true)
            .with_access_key_id(ACCESS_KEY_ID)
            .with_secret_access_key(SECRET_ACCESS_KEY)
            .build()
            .unwrap()
    }

    /// The keys in a bucket, sorted.
    pub async fn keys(&self, bucket: &str) -> Vec<String> {
        let mut keys: Vec<String> = self
            .bucket(bucket)
            .list(None)
            .map(|meta| meta.unwrap().location.to_string())
            .collect()
            .await;
        keys.sort();
        keys
    }

    /// Removes an object, as an operator's mistake or a lifecycle rule might.
    pub async fn delete(&self, bucket: &str, key: &str) {
        self.bucket(bucket).delete(&Path::from(key)).await.unwrap();
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}
