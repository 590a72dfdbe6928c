//! Headless Chromium driven through chromedriver (Debian's packages; the
//! README's test command installs them).

use super::which;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A browser session; chromedriver ends with it.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium at `width` x `height`.
    pub async fn start(width: u32, height: u32) -> Browser {
        let port = {
            let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            socket.local_addr().unwrap().port()
        };
        let driver_path = which("chromedriver")
            .expect("chromedriver is not installed: run the README's test command");
        // A group of its own, with the Chromium it starts: a test that
        // panics ends them all (see `Drop`).
        let driver = Command::new(driver_path)
            .process_group(0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let profile = tempfile::tempdir().unwrap();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": which("chromium").unwrap_or_else(|| "/usr/bin/chromium".into()),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = None;
        for _ in 0..150 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Browser {
                        client,
                        driver,
                        _profile: profile,
                    };
                }
                Err(error) => {
                    last_error = Some(error);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
        panic!("cannot start a browser session: {last_error:?}");
    }

    /// Runs JavaScript in the page and returns its result.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Ends the session and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        self.end();
    }

    /// Ends chromedriver and, in its group, the Chromium it started, unless
    /// they were ended already (the group's number is free again then).
    fn end(&mut self) {
        if matches!(self.driver.try_wait(), Ok(None)) {
            let group = format!("-{}", self.driver.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A test that panics never reaches `close`: chromedriver and the Chromium
/// it started end here then (killing chromedriver alone left Chromium
/// running).
impl Drop for Browser {
    fn drop(&mut self) {
        self.end();
    }
}

/// Waits (ten seconds at most) until `script` returns true in the page.
pub async fn until(c: &Client, what: &str, script: &str) {
    let started = std::time::Instant::now();
    loop {
        if c.execute(script, vec![]).await.unwrap_or_default() == true {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{what}: still not so after 10 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks what `css` finds and waits for the page it leads to.
pub async fn click_and_wait(c: &Client, css: &str) {
    c.execute("window.__left = true;", vec![]).await.unwrap();
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        c,
        &format!("the page after {css}"),
        "return window.__left !== true && document.readyState === 'complete'",
    )
    .await;
}

/// The page's JavaScript result.
pub async fn js(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![]).await.unwrap()
}

/// Signs in on the newsroom's form, reached by opening `to`, and waits
/// until `ready` holds in the page it leads back to.
pub async fn sign_in(c: &Client, base: &str, email: &str, password: &str, to: &str, ready: &str) {
    c.goto(&format!("{base}{to}")).await.unwrap();
    for (field, value) in [("email", email), ("password", password)] {
        c.find(Locator::Css(&format!("input[name={field}]")))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    c.find(Locator::Css("button[type=submit].primary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(c, "signed in", ready).await;
}
