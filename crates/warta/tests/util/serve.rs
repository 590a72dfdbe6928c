//! `warta serve` as a child process, for tests of the binary: started on
//! a free port and killed should the test fail before it ends it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// A `warta serve` child that is killed if the test fails before it ends
/// it, so a failing test leaves no server behind.
pub struct Server(pub std::process::Child);

impl std::ops::Deref for Server {
    type Target = std::process::Child;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Server {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// GET a URL with a fresh client.
pub async fn get(url: String) -> reqwest::Result<reqwest::Response> {
    crate::util::http_client().build()?.get(url).send().await
}

/// Starts `warta serve` on a free port; returns the child and its address
/// once it says it is serving.
pub fn start_serving(data: &std::path::Path, extra: &[&str]) -> (Server, String) {
    let (child, base, _) = start_serving_with_output(data, extra);
    (child, base)
}

/// Like `start_serving`, also returning what it printed before serving.
pub fn start_serving_with_output(
    data: &std::path::Path,
    extra: &[&str],
) -> (Server, String, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_warta"))
        .args([
            "serve",
            "--data",
            data.to_str().unwrap(),
            "--listen",
            &listen,
        ])
        .args(extra)
        .args(crate::util::database_args(data))
        // No load balancer to drain for, unless the test says `--drain`.
        .env("WARTA_DRAIN_SECONDS", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = Server(child);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = String::new();
    loop {
        let line = lines.next().expect("serve exited before serving").unwrap();
        printed.push_str(&line);
        printed.push('\n');
        if line.starts_with("Warta is serving") {
            break;
        }
    }
    (child, format!("http://{listen}"), printed)
}

/// Ends a server with SIGTERM and checks that it shut down cleanly.
pub fn terminate(mut child: Server) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "serve did not shut down cleanly: {status}"
    );
}
