//! `warta serve --demo`

use crate::util::serve::{Server, get, start_serving, start_serving_with_output, terminate};
use crate::util::warta_command;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn demo_fills_an_empty_site_once_and_never_an_existing_one() {
    let dir = tempfile::tempdir().unwrap();
    crate::util::database_for(dir.path()).await;
    let (child, base) = start_serving(dir.path(), &["--demo"]);
    let home = get(format!("{base}/")).await.unwrap().text().await.unwrap();
    for block in [
        "Berita Utama",
        "Terkini",
        "Terpopuler",
        "Pilihan",
        "Nasional",
        "Otomotif",
    ] {
        assert!(
            home.contains(block),
            "{block} missing on the demo home page"
        );
    }
    assert!(home.contains("/static/demo/"), "demo articles have images");
    terminate(child);

    let (child, base) = start_serving(dir.path(), &["--demo"]);
    let rss = get(format!("{base}/rss"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    terminate(child);
    let output = warta_command(dir.path(), &["picks", "show"]);
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("1. ["),
        "demo picks exist"
    );
    // 40+ demo articles, not twice that.
    let url = crate::util::database_for(dir.path())
        .await
        .unwrap_or_else(|| format!("sqlite://{}/warta.db", dir.path().display()));
    let store = warta_store::Store::connect(&url).await.unwrap();
    let count = store.count_articles().await.unwrap();
    assert!((40..60).contains(&count), "{count} articles");
    assert!(rss.contains("<item>"));
}

#[tokio::test]
async fn the_first_start_prints_a_working_newsroom_login_once() {
    let dir = tempfile::tempdir().unwrap();
    crate::util::database_for(dir.path()).await;
    let (child, base, printed) = start_serving_with_output(dir.path(), &[]);
    let line = printed
        .lines()
        .find(|l| l.starts_with("Newsroom login"))
        .unwrap_or_else(|| panic!("no login printed: {printed}"));
    let (email, password) = line.rsplit_once(": ").unwrap().1.split_once(" / ").unwrap();
    assert_eq!(email, "admin@localhost");
    let http = crate::util::http_client()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = http
        .get(format!("{base}/redaksi/masuk"))
        .send()
        .await
        .unwrap();
    let cookie = form.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let csrf = crate::util::newsroom::csrf_in(&form.text().await.unwrap()).unwrap();
    let response = http
        .post(format!("{base}/redaksi/masuk"))
        .header("cookie", cookie)
        .form(&[
            ("_csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "the printed login works");
    terminate(child);
    let (child, _, printed) = start_serving_with_output(dir.path(), &[]);
    assert!(!printed.contains("Newsroom login"), "printed once only");
    terminate(child);
}

/// Results `/cari` reports for a query, from its "N hasil" line (the
/// thousands grouped with dots: "8.000 hasil").
async fn result_count(base: &str, query: &str) -> usize {
    let html = get(format!("{base}/cari?q={query}"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    html.split(" hasil</p>")
        .next()
        .filter(|head| head.len() < html.len())
        .and_then(|head| head.rsplit('>').next())
        .and_then(|n| n.replace('.', "").parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn the_search_index_catches_up_after_a_hard_kill_in_the_middle_of_an_update() {
    let dir = tempfile::tempdir().unwrap();
    crate::util::database_for(dir.path()).await;
    let (mut child, _) = start_serving(dir.path(), &[]);
    // Rounds of many articles arriving while it serves (an import by another
    // process); each time the server is killed with SIGKILL at another
    // moment of its once-a-second index update (before it, during it, after
    // its commit) and started again. Wherever it was, nothing may be missing.
    let per_round = 2000;
    for (round, delay_ms) in [150u64, 500, 850, 1200].into_iter().enumerate() {
        let lines: String = (0..per_round)
            .map(|i| {
                let id = format!("r{round}-{i}");
                crate::util::ArticleBuilder::new(&id, &format!("Gempa Susulan {id}")).line() + "\n"
            })
            .collect();
        let file = dir.path().join("gempa.jsonl");
        std::fs::write(&file, lines).unwrap();
        assert!(
            warta_command(dir.path(), &["import", file.to_str().unwrap()])
                .status
                .success()
        );
        tokio::time::sleep(std::time::Duration::from_millis(delay_ms)).await;
        child.kill().unwrap();
        child.wait().unwrap();
        child = start_serving(dir.path(), &[]).0;
    }
    terminate(child);
    let (child, base) = start_serving(dir.path(), &[]);
    let total = 4 * per_round;
    let started = std::time::Instant::now();
    while result_count(&base, "gempa").await < total {
        assert!(
            started.elapsed().as_secs() < 60,
            "the index did not catch up: {} of {total}",
            result_count(&base, "gempa").await
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    terminate(child);
}

#[tokio::test]
async fn logs_can_be_one_json_object_per_line_for_a_collector() {
    let dir = tempfile::tempdir().unwrap();
    crate::util::database_for(dir.path()).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Server(
        Command::new(env!("CARGO_BIN_EXE_warta"))
            .args(["serve", "--data", dir.path().to_str().unwrap()])
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(crate::util::database_args(dir.path()))
            .env("WARTA_DRAIN_SECONDS", "0")
            .env("WARTA_LOG_FORMAT", "json")
            .env("WARTA_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while !lines
        .next()
        .expect("serve exited before serving")
        .unwrap()
        .starts_with("Warta is serving")
    {}
    let stderr = child.stderr.take().unwrap();
    terminate(child);
    let logged: Vec<serde_json::Value> = BufReader::new(stderr)
        .lines()
        .map(|line| {
            let line = line.unwrap();
            serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}"))
        })
        .collect();
    assert!(
        logged
            .iter()
            .any(|event| event["level"] == "INFO" && event["message"] == "shutting down"),
        "{logged:?}"
    );
}
