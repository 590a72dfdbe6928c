//! The test harness: a real Warta server on a temporary SQLite file, reached
//! over HTTP, and builders for the articles a test needs.

pub mod browser;
pub mod newsroom;
pub mod postgres;
pub mod receiver;
pub mod s3;
pub mod serve;

use chrono::{DateTime, Utc};
use serde_json::json;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use warta::app::App;
use warta::config::{Config, Overrides};
use warta::jobs::Jobs;
use warta_core::ArticleId;

/// A browser's User-Agent: requests with it count as readers.
pub const READER_AGENT: &str = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36";

/// An HTTP client builder for the tests. Warta's S3 client brings
/// rustls without a built-in crypto provider (ring is installed by hand, see
/// `media::files`), and the tests' reqwest is the same build of it.
pub fn http_client() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

/// A program on the PATH, by name.
pub fn which(name: &str) -> Option<String> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| format!("{dir}/{name}"))
        .find(|path| Path::new(path).is_file())
}

/// The shared corpus, read at run time and never copied into the repository.
pub fn corpus_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    assert!(
        dir.is_dir(),
        "the shared corpus is missing at {}",
        dir.display()
    );
    dir
}

/// Waits until `check` holds, for at most five seconds, and returns how
/// long it took. Changes show at once or within one refresh (a second).
pub async fn eventually<F, Fut>(what: &str, mut check: F) -> std::time::Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(5) {
        if check().await {
            return started.elapsed();
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{what}: not within 5 s");
}

/// A running server with its own data folder.
pub struct TestApp {
    /// The application inside the server.
    pub app: Arc<App>,
    /// Its background jobs, for running one now rather than waiting.
    pub jobs: Arc<Jobs>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The data folder.
    pub dir: TempDir,
    /// A client that does not follow redirects and sends a browser agent.
    pub http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<anyhow::Result<()>>>,
}

impl TestApp {
    /// Starts a server with the default configuration.
    pub async fn start() -> TestApp {
        TestApp::start_with("").await
    }

    /// Starts a server with this TOML configuration.
    pub async fn start_with(config: &str) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        TestApp::start_in(dir, config).await
    }

    /// Starts a server on an existing data folder (and its database).
    pub async fn start_in(dir: TempDir, config: &str) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        // No load balancer to drain for, unless the test says otherwise.
        let config = if config.contains("drain_seconds") {
            config.to_owned()
        } else if config.contains("[server]") {
            config.replacen("[server]", "[server]\ndrain_seconds = 0", 1)
        } else {
            format!("{config}\n[server]\ndrain_seconds = 0\n")
        };
        let config = Config::parse(
            &config,
            Overrides {
                data_dir: Some(dir.path().to_owned()),
                listen: Some(addr),
                database_url: database_for(dir.path()).await,
            },
        )
        .unwrap();
        let app = App::new(config).await.unwrap();
        let jobs = Jobs::start(app.clone()).await.unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(warta::server::serve(jobs.clone(), listener, async {
            let _ = stopped.await;
            warta::server::Stop::Drain
        }));
        let http = http_client()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(READER_AGENT)
            .build()
            .unwrap();
        TestApp {
            app,
            jobs,
            base: format!("http://{addr}"),
            dir,
            http,
            stop: Some(stop),
            server: Some(server),
        }
    }

    /// Another node on this server's database, with a data folder (search
    /// index, media) of its own, as a second machine behind a load
    /// balancer has.
    pub async fn second_node(&self, config: &str) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let url = match std::fs::read_to_string(self.dir.path().join(DATABASE_URL_FILE)) {
            Ok(url) => url,
            Err(_) => format!("sqlite://{}/warta.db", self.dir.path().display()),
        };
        std::fs::write(dir.path().join(DATABASE_URL_FILE), url).unwrap();
        TestApp::start_in(dir, config).await
    }

    /// GET `path`, as a reader's browser.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// A scrape of `/metrics` with `token`.
    pub async fn scrape(&self, token: &str) -> reqwest::Response {
        self.http
            .get(format!("{}/metrics", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// GET `path` and return status and body.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Runs the jobs a serving process runs on its own every second, so a
    /// test need not wait for them.
    pub async fn refresh(&self) {
        self.jobs.flush_views().await.unwrap();
        self.jobs.refresh_related().await.unwrap();
        while self.jobs.place_in_stories().await.unwrap() > 0 {}
        self.jobs.sync_search().await.unwrap();
        self.jobs.refresh_lists().await.unwrap();
    }

    /// Saves articles as an import does.
    pub async fn add(&self, articles: &[ArticleBuilder]) -> Vec<ArticleId> {
        let drafts: Vec<_> = articles.iter().map(ArticleBuilder::draft).collect();
        let saved = self
            .app
            .store
            .save_articles(&drafts, Utc::now())
            .await
            .unwrap();
        self.refresh().await;
        saved.into_iter().map(|s| s.id.expect("stored")).collect()
    }

    /// The article page path of an article.
    pub async fn path_of(&self, id: ArticleId) -> String {
        self.app
            .store
            .article(id)
            .await
            .unwrap()
            .path(&self.app.config.time_zone)
    }

    /// Runs the `warta` binary on this server's data folder. Awaited, not
    /// blocked on: the server's own jobs share this test's thread, and one
    /// caught holding SQLite's write lock while the thread blocked would
    /// keep the command waiting on it until "database is locked".
    pub async fn warta(&self, args: &[&str]) -> Output {
        tokio::process::Command::from(warta_std_command(self.dir.path(), args))
            .output()
            .await
            .unwrap()
    }

    /// Shuts the server down gracefully and waits for it, returning the
    /// data folder.
    pub async fn stop(mut self) -> TempDir {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap().unwrap();
        }
        self.dir
    }
}

/// The PostgreSQL server of the tests (`WARTA_TEST_POSTGRES_URL`). When it
/// is unset a test that needs one is skipped with a word on stderr, unless
/// `WARTA_TEST_REQUIRE_POSTGRES` is set (the test command sets it, having
/// started a server): then it fails, so CI never passes without it.
pub fn postgres_server() -> Option<String> {
    match std::env::var("WARTA_TEST_POSTGRES_URL") {
        Ok(url) => Some(url),
        Err(_) if std::env::var_os("WARTA_TEST_REQUIRE_POSTGRES").is_some() => {
            panic!("WARTA_TEST_REQUIRE_POSTGRES is set but WARTA_TEST_POSTGRES_URL is not")
        }
        Err(_) => {
            eprintln!("skipped: WARTA_TEST_POSTGRES_URL is not set");
            None
        }
    }
}

/// The file in a test's data folder naming its PostgreSQL database.
const DATABASE_URL_FILE: &str = "test-database-url";

/// The database of the test whose data folder is `dir`: the one named in
/// the folder if any (a second node's), else `None` (SQLite in the folder)
/// unless `WARTA_TEST_BACKEND=postgres`, in which case a fresh schema on
/// `WARTA_TEST_POSTGRES_URL`, made on first use and remembered in the
/// folder, so a restart and the `warta` commands find the same data.
pub async fn database_for(dir: &Path) -> Option<String> {
    let file = dir.join(DATABASE_URL_FILE);
    if let Ok(url) = std::fs::read_to_string(&file) {
        return Some(url);
    }
    if std::env::var("WARTA_TEST_BACKEND").as_deref() != Ok("postgres") {
        return None;
    }
    let server = std::env::var("WARTA_TEST_POSTGRES_URL")
        .expect("WARTA_TEST_BACKEND=postgres needs WARTA_TEST_POSTGRES_URL");
    let url = warta_store::Store::fresh_postgres_schema(&server)
        .await
        .expect("a fresh PostgreSQL schema");
    std::fs::write(&file, &url).unwrap();
    Some(url)
}

/// `--database URL` when the test whose data folder is `dir` runs on
/// PostgreSQL, for a `warta` command run on its data.
pub fn database_args(dir: &Path) -> Vec<String> {
    match std::fs::read_to_string(dir.join(DATABASE_URL_FILE)) {
        Ok(url) => vec!["--database".to_owned(), url],
        Err(_) => Vec::new(),
    }
}

/// Runs the `warta` binary with `--data dir` after the subcommand.
pub fn warta_command(dir: &Path, args: &[&str]) -> Output {
    warta_std_command(dir, args).output().unwrap()
}

/// The `warta` command [`warta_command`] runs, not yet started.
fn warta_std_command(dir: &Path, args: &[&str]) -> std::process::Command {
    let mut full: Vec<&str> = Vec::new();
    let data = dir.to_str().unwrap();
    full.push(args[0]);
    if args[0] != "serve" || !args.contains(&"--data") {
        full.extend(["--data", data]);
    }
    full.extend(&args[1..]);
    let database = database_args(dir);
    if !args.contains(&"--database") {
        full.splice(1..1, database.iter().map(String::as_str));
    }
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_warta"));
    command
        .args(&full)
        .env_remove("WARTA_CONFIG")
        .env_remove("WARTA_DATABASE_URL");
    command
}

/// An article to import, in the JSON Lines import format.
#[derive(Clone, Debug)]
pub struct ArticleBuilder {
    record: serde_json::Value,
}

impl ArticleBuilder {
    /// A published article with a short body, in section `news`, published
    /// an hour ago.
    pub fn new(id: &str, title: &str) -> ArticleBuilder {
        ArticleBuilder {
            record: json!({
                "id": id,
                "title": title,
                "body": format!("{title}. Paragraf pertama berita ini.\n\nParagraf kedua berita ini.\n\nParagraf ketiga."),
                "category": "news",
                "tags": [],
                "published_at": (Utc::now() - chrono::Duration::hours(1)).to_rfc3339(),
                "source": "Warta",
            }),
        }
    }

    /// Sets any field of the record.
    pub fn with(mut self, field: &str, value: serde_json::Value) -> ArticleBuilder {
        self.record[field] = value;
        self
    }

    /// Files it in a section.
    pub fn in_section(self, section: &str) -> ArticleBuilder {
        self.with("category", json!(section))
    }

    /// Its body, paragraphs separated by blank lines.
    pub fn body(self, body: &str) -> ArticleBuilder {
        self.with("body", json!(body))
    }

    /// Publication time.
    pub fn published(self, at: DateTime<Utc>) -> ArticleBuilder {
        self.with("published_at", json!(at.to_rfc3339()))
    }

    /// Published this many hours ago.
    pub fn hours_ago(self, hours: i64) -> ArticleBuilder {
        self.published(Utc::now() - chrono::Duration::hours(hours))
    }

    /// Tags.
    pub fn tags(self, tags: &[&str]) -> ArticleBuilder {
        self.with("tags", json!(tags))
    }

    /// The record as one JSON line.
    pub fn line(&self) -> String {
        self.record.to_string()
    }

    /// The draft an import would make of it.
    pub fn draft(&self) -> warta_core::ArticleContent {
        warta::import::parse_record(&self.line()).unwrap()
    }
}

/// The value of the metric line of a scrape that starts with `series`
/// (name and labels).
pub fn metric_value(metrics: &str, series: &str) -> Option<f64> {
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}
