//! Live blogs as readers follow them: entries on the article page (its
//! JSON-LD a LiveBlogPosting), each new one pushed within a second to the
//! pages open (server-sent events) on this node and on another, the page
//! itself still served from the cache and up to date for later readers;
//! and the newsroom that runs it.

use crate::util::{ArticleBuilder, TestApp};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use warta_core::Role;

/// An open stream of `/langsung/{id}`, read as a browser's EventSource
/// reads it.
struct Stream {
    response: reqwest::Response,
    buffer: String,
}

impl Stream {
    async fn open(app: &TestApp, article: i64, after: i64) -> Stream {
        let response = app
            .get(&format!("/langsung/{article}?setelah={after}"))
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"],
            "text/event-stream",
            "{:?}",
            response.headers()
        );
        Stream {
            response,
            buffer: String::new(),
        }
    }

    /// The names of the events until the stream ends, within five seconds.
    async fn events_until_the_end(mut self) -> Vec<String> {
        let started = Instant::now();
        loop {
            let left = Duration::from_secs(5).saturating_sub(started.elapsed());
            assert!(
                !left.is_zero(),
                "the stream did not end within 5 s: {:?}",
                self.buffer
            );
            match tokio::time::timeout(left, self.response.chunk()).await {
                Ok(Ok(Some(chunk))) => self.buffer.push_str(&String::from_utf8_lossy(&chunk)),
                Ok(_) => break,
                Err(_) => panic!("the stream did not end within 5 s: {:?}", self.buffer),
            }
        }
        self.buffer
            .lines()
            .filter_map(|l| l.strip_prefix("event: ").map(str::to_owned))
            .collect()
    }

    /// The next `entri` event's data, within five seconds.
    async fn next_entry(&mut self) -> Value {
        let started = Instant::now();
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if block.lines().any(|l| l == "event: entri") {
                    let data = block
                        .lines()
                        .find_map(|l| l.strip_prefix("data: "))
                        .unwrap();
                    return serde_json::from_str(data).unwrap();
                }
                continue;
            }
            let left = Duration::from_secs(5).saturating_sub(started.elapsed());
            assert!(!left.is_zero(), "no entry within 5 s: {:?}", self.buffer);
            match tokio::time::timeout(left, self.response.chunk()).await {
                Ok(Ok(Some(chunk))) => self.buffer.push_str(&String::from_utf8_lossy(&chunk)),
                Ok(other) => panic!("the stream ended: {other:?}"),
                Err(_) => panic!("no entry within 5 s: {:?}", self.buffer),
            }
        }
    }
}

/// Whether `/langsung/{article}` answers that the blog ended: one
/// `selesai` event, then the end.
async fn says_ended(app: &TestApp, path: &str) -> bool {
    let response = app.get(path).await;
    if response.status() != 200 {
        return false;
    }
    let stream = Stream {
        response,
        buffer: String::new(),
    };
    stream.events_until_the_end().await == ["selesai"]
}

async fn setup(app: &TestApp) -> (i64, String, String) {
    let ids = app
        .add(&[ArticleBuilder::new("gempa", "Gempa M6,1 Guncang Garut").body("Gempa terasa kuat.")])
        .await;
    app.refresh().await;
    let (editor, _) = app.add_user("ed@redaksi.id", "Rina", Role::Editor).await;
    (
        ids[0].0,
        app.path_of(ids[0]).await,
        app.token_for(editor).await,
    )
}

async fn entry(app: &TestApp, token: &str, article: i64, body: Value) -> (u16, Value) {
    app.api(
        Method::POST,
        &format!("/api/v1/articles/{article}/live/entries"),
        Some(token),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_live_blog_reaches_open_pages_at_once_and_later_readers_whole() {
    let app = TestApp::start().await;
    let (id, path, token) = setup(&app).await;
    let (_, page) = app.page(&path).await;
    assert!(!page.contains("class=\"live"), "not live yet");
    let (status, refused) = entry(&app, &token, id, json!({"body": "Terlalu dini."})).await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        says_ended(&app, &format!("/langsung/{id}")).await,
        "not live: ended"
    );

    let (status, live) = app
        .api(
            Method::PUT,
            &format!("/api/v1/articles/{id}/live"),
            Some(&token),
            Some(json!({"running": true})),
        )
        .await;
    assert_eq!((status, &live["running"]), (200, &json!(true)), "{live}");
    let (status, first) = entry(
        &app,
        &token,
        id,
        json!({"body": "**09.05 WIB**: BMKG mencatat gempa M6,1 di Garut."}),
    )
    .await;
    assert_eq!(status, 201, "{first}");
    let first_id = first["id"].as_i64().unwrap();

    // The page, cached, shows it; its JSON-LD is a live blog.
    let (_, page) = app.page(&path).await;
    assert!(
        page.contains("<strong>09.05 WIB</strong>: BMKG mencatat"),
        "{page}"
    );
    assert!(page.contains("data-stream=\"/langsung/"), "{page}");
    assert!(page.contains("\"LiveBlogPosting\"") && page.contains("liveBlogUpdate"));
    let misses = app.app.pages.counts().misses;
    app.page(&path).await;
    assert_eq!(
        app.app.pages.counts().misses,
        misses,
        "the page stays in the cache"
    );

    // A reader with the page open hears of the next entry at once.
    let mut open = Stream::open(&app, id, first_id).await;
    let started = Instant::now();
    let (status, second) = entry(
        &app,
        &token,
        id,
        json!({"body": "**09.20 WIB**: 12 rumah rusak berat.\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ", "pinned": true}),
    )
    .await;
    assert_eq!(status, 201, "{second}");
    let heard = open.next_entry().await;
    eprintln!("an entry reached an open page in {:?}", started.elapsed());
    assert_eq!(heard["id"], second["id"]);
    let html = heard["html"].as_str().unwrap();
    assert!(
        html.contains("12 rumah rusak berat") && html.contains("Penting"),
        "{html}"
    );
    assert!(html.contains("embed"), "the video as an embed: {html}");
    assert_eq!(heard["embeds"], true);

    // A page rendered before it (a reader who comes back) gets it too.
    let mut behind = Stream::open(&app, id, 0).await;
    assert_eq!(behind.next_entry().await["id"], first_id);
    assert_eq!(behind.next_entry().await["id"], second["id"]);
    let (_, page) = app.page(&path).await;
    let pinned = page.find("12 rumah rusak berat").unwrap();
    assert!(
        pinned < page.find("BMKG mencatat").unwrap(),
        "the pinned on top"
    );

    // Feed readers get the entries too, newest first, each to its place.
    let (status, rss) = app.page(&format!("/langsung/{id}/rss")).await;
    assert_eq!(status, 200);
    let feed = feed_rs::parser::parse(rss.as_bytes()).unwrap();
    assert_eq!(feed.entries.len(), 2);
    assert!(
        feed.entries[0]
            .title
            .as_ref()
            .unwrap()
            .content
            .contains("12 rumah rusak berat")
    );
    assert!(
        feed.entries[1].links[0]
            .href
            .ends_with(&format!("#entri-{first_id}"))
    );
    assert!(
        page.contains(&format!("/langsung/{id}/rss")),
        "the page names its feed"
    );

    // Only those who may change the article add to it; empty is refused.
    let (contributor, _) = app
        .add_user("kontributor@redaksi.id", "Kon", Role::Contributor)
        .await;
    let contributor = app.token_for(contributor).await;
    assert_eq!(
        entry(&app, &contributor, id, json!({"body": "x"})).await.0,
        403
    );
    assert_eq!(
        entry(&app, &token, id, json!({"body": " \u{0} "})).await.0,
        422
    );

    // Removed: gone for the next reader. Closed: the stream is over.
    let (status, _) = app
        .api(
            Method::DELETE,
            &format!("/api/v1/articles/{id}/live/entries/{first_id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 204);
    assert!(!app.page(&path).await.1.contains("BMKG mencatat"));
    let (_, closed) = app
        .api(
            Method::PUT,
            &format!("/api/v1/articles/{id}/live"),
            Some(&token),
            Some(json!({"running": false})),
        )
        .await;
    assert_eq!(closed["running"], false);
    assert!(closed["ended_at"].is_string());
    assert!(says_ended(&app, &format!("/langsung/{id}")).await);
    let (_, page) = app.page(&path).await;
    assert!(page.contains("coverageEndTime") && !page.contains("data-stream="));
}

#[tokio::test]
async fn an_entry_added_on_one_node_reaches_readers_of_the_other() {
    let a = TestApp::start().await;
    let (id, _, token) = setup(&a).await;
    let b = a.second_node("").await;
    let (status, _) = a
        .api(
            Method::PUT,
            &format!("/api/v1/articles/{id}/live"),
            Some(&token),
            Some(json!({"running": true})),
        )
        .await;
    assert_eq!(status, 200);
    let mut on_b = Stream::open(&b, id, 0).await;
    let started = Instant::now();
    let (status, added) = entry(&a, &token, id, json!({"body": "Dari node A."})).await;
    assert_eq!(status, 201);
    let heard = on_b.next_entry().await;
    eprintln!(
        "an entry added on node A reached node B's reader in {:?}",
        started.elapsed()
    );
    assert_eq!(heard["id"], added["id"]);
}

#[tokio::test]
async fn the_newsroom_runs_a_live_blog() {
    let app = TestApp::start().await;
    let (id, path, _) = setup(&app).await;
    let desk = app.staff("redaktur@redaksi.id", Role::Editor).await;
    let live = format!("/redaksi/artikel/{id}/langsung");
    let (status, page) = desk.get(&live).await;
    assert_eq!(status, 200);
    assert!(page.contains("Mulai liputan langsung"));
    assert!(
        desk.get(&format!("/redaksi/artikel/{id}"))
            .await
            .1
            .contains(&live),
        "linked from the editor"
    );

    assert_eq!(desk.post(&live, &[("aksi", "mulai")]).await.status(), 303);
    let refused = desk.post(&live, &[("aksi", "tambah"), ("isi", "  ")]).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Pembaruan masih kosong")
    );
    let added = desk
        .post(
            &live,
            &[
                ("aksi", "tambah"),
                ("isi", "Pukul 10.15 WIB: dua korban selamat."),
                ("penting", "ya"),
            ],
        )
        .await;
    assert_eq!(added.status(), 303);
    let (_, page) = desk.get(&live).await;
    assert!(page.contains("dua korban selamat") && page.contains("<strong>Penting</strong>"));
    assert!(app.page(&path).await.1.contains("dua korban selamat"));
    let entry = app
        .app
        .store
        .live_entries(warta_core::ArticleId(id), 0)
        .await
        .unwrap()[0]
        .id;
    let gone = desk
        .post(&live, &[("aksi", "hapus"), ("entri", &entry.to_string())])
        .await;
    assert_eq!(gone.status(), 303);
    assert!(!app.page(&path).await.1.contains("dua korban selamat"));
    assert_eq!(desk.post(&live, &[("aksi", "tutup")]).await.status(), 303);
    assert!(app.page(&path).await.1.contains("Liputan langsung selesai"));
}

#[tokio::test]
async fn a_page_far_behind_reloads_and_a_closed_blog_ends_its_streams() {
    let app = TestApp::start().await;
    let (id, _, token) = setup(&app).await;
    app.api(
        Method::PUT,
        &format!("/api/v1/articles/{id}/live"),
        Some(&token),
        Some(json!({"running": true})),
    )
    .await;
    for n in 0..101 {
        let (status, _) = entry(&app, &token, id, json!({"body": format!("Kabar ke-{n}.")})).await;
        assert_eq!(status, 201);
    }
    // A page that shows none of the 101 is told to reload, not sent them.
    let behind = Stream::open(&app, id, 0).await;
    assert_eq!(behind.events_until_the_end().await, vec!["muat-ulang"]);

    // Pages open when the editor closes the blog hear that it ended.
    let newest = app
        .app
        .store
        .last_live_entry(warta_core::ArticleId(id))
        .await
        .unwrap();
    let open = Stream::open(&app, id, newest).await;
    assert_eq!(app.app.live.open_streams(), 1);
    app.api(
        Method::PUT,
        &format!("/api/v1/articles/{id}/live"),
        Some(&token),
        Some(json!({"running": false})),
    )
    .await;
    assert_eq!(open.events_until_the_end().await, ["selesai"]);
    assert!(says_ended(&app, &format!("/langsung/{id}?setelah={newest}")).await);
}
