//! Faults on purpose, as an operator's bad day brings them, against the
//! `warta` binary: a full disk while the newsroom publishes, a damaged
//! search index or database, SIGTERM under load, PostgreSQL stopped under
//! two nodes, kill -9 during an import, publishing, a reindex, a backup.
//! Each counts what was acknowledged, and what is present, public and
//! searchable after recovery.

mod damaged_database;
mod damaged_index;
mod database_outage;
mod full_disk;
mod killed;
mod shutdown;

use crate::util::serve::get;
use crate::util::{ArticleBuilder, warta_command};
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// An editor account and an API token for it, made with the command line
/// on the data folder `dir` before a server starts.
fn editor_token(dir: &Path) -> String {
    let mut add = Command::new(env!("CARGO_BIN_EXE_warta"))
        .args(["user", "add", "--data", dir.to_str().unwrap()])
        .args(crate::util::database_args(dir))
        .args([
            "--email",
            "ed@redaksi.id",
            "--name",
            "Editor",
            "--role",
            "editor",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(b"kata-sandi-panjang-sekali\n")
        .unwrap();
    assert!(add.wait().unwrap().success());
    let output = warta_command(
        dir,
        &["token", "add", "--email", "ed@redaksi.id", "--name", "uji"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .find(|word| word.starts_with("wt_"))
        .expect("a token printed")
        .to_owned()
}

/// An API client of one server.
struct Api {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl Api {
    fn new(base: &str, token: &str) -> Api {
        Api {
            base: base.to_owned(),
            token: token.to_owned(),
            http: crate::util::http_client()
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap(),
        }
    }

    async fn send(&self, path: &str, body: Value) -> Result<(u16, Value), reqwest::Error> {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await?;
        let status = response.status().as_u16();
        Ok((status, response.json().await.unwrap_or(Value::Null)))
    }

    /// Creates and publishes an article whose body carries `code`, a word
    /// no other article has; its number when both were acknowledged (2xx).
    async fn publish(&self, code: &str) -> Option<i64> {
        let title = format!("Laporan Gempa {code}");
        let body =
            json!({"title": title, "section": "news", "body": format!("Kode laporan {code}.")});
        let (status, draft) = self.send("/api/v1/articles", body).await.ok()?;
        if status != 201 {
            eprintln!("{code}: create answered {status} {draft}");
            return None;
        }
        let id = draft["id"].as_i64()?;
        let (status, answer) = self
            .send(
                &format!("/api/v1/articles/{id}/publish"),
                json!({"version": draft["version"]}),
            )
            .await
            .ok()?;
        if status != 200 {
            eprintln!("{code}: publish answered {status} {answer}");
        }
        (status == 200).then_some(id)
    }
}

/// Whether the public search of `base` finds the article with `code`.
async fn searchable(base: &str, code: &str) -> bool {
    let Ok(response) = get(format!("{base}/api/v1/search?q={code}")).await else {
        return false;
    };
    let found: Value = response.json().await.unwrap_or(Value::Null);
    found["results"].as_array().is_some_and(|results| {
        results
            .iter()
            .any(|r| r["title"].as_str().is_some_and(|t| t.contains(code)))
    })
}

/// What became of acknowledged articles: present (the API has it
/// published), public (its page answers 200), searchable.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    acknowledged: usize,
    present: usize,
    public: usize,
    searchable: usize,
}

/// Counts, for each acknowledged `(id, code)`, waiting up to `within` for
/// the derived views (search) to catch up.
async fn count(
    base: &str,
    token: &str,
    acknowledged: &[(i64, String)],
    within: Duration,
) -> Counts {
    let api = Api::new(base, token);
    let started = Instant::now();
    loop {
        let mut counts = Counts {
            acknowledged: acknowledged.len(),
            ..Counts::default()
        };
        for (id, code) in acknowledged {
            let Ok(response) = api
                .http
                .get(format!("{base}/api/v1/articles/{id}"))
                .bearer_auth(token)
                .send()
                .await
            else {
                continue;
            };
            let article: Value = response.json().await.unwrap_or(Value::Null);
            if article["status"] != "published" {
                continue;
            }
            counts.present += 1;
            let url = article["url"].as_str().unwrap_or("");
            let path = url.find("/news/").map(|at| &url[at..]).unwrap_or("");
            if get(format!("{base}{path}"))
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                counts.public += 1;
            }
            if searchable(base, code).await {
                counts.searchable += 1;
            }
        }
        let whole = counts.present == counts.acknowledged
            && counts.public == counts.acknowledged
            && counts.searchable == counts.acknowledged;
        if whole || started.elapsed() > within {
            return counts;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Waits for `server` to end by itself, at most `limit` after `since`.
async fn ended_within(
    server: &mut crate::util::serve::Server,
    since: Instant,
    limit: Duration,
) -> std::process::ExitStatus {
    loop {
        if let Some(status) = server.try_wait().unwrap() {
            return status;
        }
        assert!(
            since.elapsed() < limit,
            "still running {limit:?} after it was told to stop"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A JSON Lines file of `n` articles numbered from `from`.
pub(super) fn articles(dir: &Path, name: &str, from: usize, n: usize) -> std::path::PathBuf {
    let path = dir.join(name);
    let lines: Vec<String> = (from..from + n)
        .map(|i| {
            ArticleBuilder::new(&format!("m{i}"), &format!("Berita Massal Nomor {i}"))
                .body(&format!(
                    "Isi berita massal bernomor {i}, dengan dua kalimat.\n\nParagraf kedua."
                ))
                .line()
        })
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

/// A data folder (and database) holding `n` imported articles.
pub(super) async fn imported_site(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::util::database_for(dir.path()).await;
    let file = articles(dir.path(), "situs.jsonl", 0, n);
    assert!(
        warta_command(dir.path(), &["import", file.to_str().unwrap()])
            .status
            .success()
    );
    dir
}
