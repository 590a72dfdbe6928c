//! The page cache as readers and the newsroom meet it: the same page
//! again costs no render, yet every change shows at once and every reader
//! is counted.

use crate::util::{ArticleBuilder, TestApp};
use std::io::Read;
use warta_core::Role;

/// Status, headers and body of a GET with extra request headers.
pub(super) async fn fetch(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut request = app.http.get(format!("{}{path}", app.base));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn a_page_is_rendered_once_and_answered_with_etag_gzip_and_brotli() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Banjir Rendam Jakarta").body("Air setinggi lutut.")])
        .await;
    let path = app.path_of(ids[0]).await;
    let (status, first, plain) = fetch(&app, &path, &[]).await;
    assert_eq!(status, 200);
    let misses_before = app.app.pages.counts().misses;
    let (_, again, same) = fetch(&app, &path, &[]).await;
    let warta::reader::cache::CacheCounts { hits, misses, .. } = app.app.pages.counts();
    assert_eq!(misses, misses_before, "the second request renders nothing");
    assert!(hits >= 1);
    assert_eq!(same, plain);
    let etag = first["etag"].to_str().unwrap().to_owned();
    assert_eq!(again["etag"], etag.as_str());
    assert!(
        first["cache-control"]
            .to_str()
            .unwrap()
            .contains("s-maxage")
    );

    let (status, _, body) = fetch(&app, &path, &[("if-none-match", &etag)]).await;
    assert_eq!((status, body.len()), (304, 0));

    let (_, headers, zipped) = fetch(&app, &path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(headers["content-encoding"], "gzip");
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&zipped[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain);

    let (_, headers, squeezed) =
        fetch(&app, &path, &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(headers["content-encoding"], "br");
    let mut unsqueezed = Vec::new();
    brotli::BrotliDecompress(&mut &squeezed[..], &mut unsqueezed).unwrap();
    assert_eq!(unsqueezed, plain);
    assert!(squeezed.len() < zipped.len());
}

#[tokio::test]
async fn cached_pages_change_the_moment_the_newsroom_publishes_and_takes_down() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("old", "Harga Cabai Naik").body("Pedagang mengeluh.")])
        .await;
    let old = app.path_of(ids[0]).await;
    // Every reader page in the cache before the change.
    let pages = ["/", "/news", "/terkini", "/rss", old.as_str()];
    for page in pages {
        assert_eq!(app.page(page).await.0, 200);
        assert_eq!(app.page(page).await.0, 200);
    }
    let (user, _) = app
        .add_user("ed@redaksi.id", "Rina Redaksi", Role::Editor)
        .await;
    let token = app.token_for(user).await;
    let title = "Gempa Guncang Selatan Jawa";
    let draft = app
        .api_draft(&token, title, "Terasa hingga Yogyakarta.")
        .await;
    let live = app.api_publish(&token, &draft).await;
    let new = live["url"]
        .as_str()
        .unwrap()
        .trim_start_matches(&app.base)
        .to_owned();
    for page in pages {
        shows_soon(
            &app,
            page,
            &format!("the new article on {page}"),
            |status, body| status == 200 && body.contains(&new),
        )
        .await;
    }
    assert!(app.page(&new).await.1.contains(title));

    app.api_unpublish(&token, &live).await;
    shows_soon(&app, &new, "the taken-down page gone", |status, _| {
        status == 404
    })
    .await;
    for page in pages {
        shows_soon(
            &app,
            page,
            &format!("the article gone from {page}"),
            |_, body| !body.contains(&new),
        )
        .await;
    }
}

/// Requests `path` until `check` holds: the newsroom's change wakes the
/// refresh at once, so this takes milliseconds; a second (twice that on a
/// busy machine) is the most a change may take.
async fn shows_soon(app: &TestApp, path: &str, what: &str, check: impl Fn(u16, &str) -> bool) {
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(2) {
        let (status, body) = app.page(path).await;
        if check(status, &body) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{what}: not within 2 s");
}

#[tokio::test]
async fn a_change_made_by_another_process_shows_after_the_refresh() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Harga Cabai Naik")])
        .await;
    let path = app.path_of(ids[0]).await;
    assert!(!app.page(&path).await.1.contains("Timnas Menang"));
    // Saved straight into the store, as `warta import` in another process
    // does: no newsroom signal, only the refresh job sees it.
    let drafts = [ArticleBuilder::new("b", "Timnas Menang Telak").draft()];
    app.app
        .store
        .save_articles(&drafts, chrono::Utc::now())
        .await
        .unwrap();
    app.jobs.refresh_lists().await.unwrap();
    assert!(app.page(&path).await.1.contains("Timnas Menang Telak"));
}

#[tokio::test]
async fn every_reader_of_a_cached_page_is_counted_and_bots_and_reloads_are_not() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Banjir Rendam Jakarta")])
        .await;
    let path = app.path_of(ids[0]).await;
    for _ in 0..5 {
        assert_eq!(app.page(&path).await.0, 200);
    }
    for agent in ["Googlebot/2.1", "facebookexternalhit/1.1"] {
        let (status, _, _) = fetch(&app, &path, &[("user-agent", agent)]).await;
        assert_eq!(status, 200);
    }
    // A reader who reloads: the browser asks with the ETag it holds (304),
    // or, forcing it, with no-cache (200). Neither is a new reader.
    let (_, headers, _) = fetch(&app, &path, &[]).await;
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let reload = [
        ("if-none-match", etag.as_str()),
        ("cache-control", "max-age=0"),
    ];
    assert_eq!(fetch(&app, &path, &reload).await.0, 304);
    let forced = [("cache-control", "no-cache"), ("pragma", "no-cache")];
    assert_eq!(fetch(&app, &path, &forced).await.0, 200);
    let hits = app.app.pages.counts().hits;
    assert!(hits >= 4, "the later requests came from the cache");
    app.jobs.flush_views().await.unwrap();
    let counted = app
        .app
        .store
        .most_viewed_since(
            chrono::Utc::now() - chrono::Duration::hours(1),
            chrono::Utc::now(),
            5,
        )
        .await
        .unwrap();
    assert_eq!(
        counted,
        [(ids[0], 6)],
        "five readers and the one who reloaded"
    );
}

#[tokio::test]
async fn a_new_order_below_the_top_of_terpopuler_renders_only_its_own_page() {
    // Every page shows the single most read article; /terpopuler shows all.
    let (app, paths) = three_articles("").await;
    read(&app, 5, &paths[0]).await;
    read(&app, 2, &paths[1]).await;
    app.refresh().await;
    let popular = app.page("/terpopuler").await.1;
    assert!(
        popular.find("Harga Cabai").unwrap() < popular.find("Timnas Menang").unwrap_or(usize::MAX)
    );
    assert_eq!(app.page(&paths[0]).await.0, 200);
    // C overtakes B; A stays on top, so the other pages stay as they are.
    read(&app, 3, &paths[2]).await;
    let misses_before = app.app.pages.counts().misses;
    app.refresh().await;
    let popular = app.page("/terpopuler").await.1;
    assert!(popular.find("Timnas Menang").unwrap() < popular.find("Harga Cabai").unwrap());
    assert_eq!(app.page(&paths[0]).await.0, 200);
    let misses = app.app.pages.counts().misses;
    assert_eq!(
        misses - misses_before,
        1,
        "only /terpopuler was rendered again"
    );
}

#[tokio::test]
async fn when_only_the_most_read_move_an_article_page_is_made_again_without_the_store() {
    let (app, paths) = three_articles("").await;
    let most_read = |page: &str| {
        let block = &page[page.find("class=\"block popular\"").unwrap()..];
        block[..block.find("</section>").unwrap()].to_owned()
    };
    read(&app, 3, &paths[0]).await;
    app.refresh().await;
    assert!(most_read(&app.page(&paths[2]).await.1).contains("Banjir Rendam"));

    // B overtakes A: every page shows it, though no article changed.
    read(&app, 5, &paths[1]).await;
    app.refresh().await;
    let before = app.app.pages.counts();
    let page = app.page(&paths[2]).await.1;
    let after = app.app.pages.counts();
    assert!(
        most_read(&page).contains("Harga Cabai"),
        "the new most read"
    );
    assert!(page.contains("Timnas Menang Telak"));
    assert_eq!(
        (after.misses - before.misses, after.reused - before.reused),
        (1, 1),
        "rendered again from what the previous render read"
    );

    // The article itself changes in the store (another process): what was
    // read for its page is read again.
    let changed = [ArticleBuilder::new("c", "Timnas Menang Telak")
        .hours_ago(1)
        .body("Gol kedua lahir di menit akhir.")
        .draft()];
    app.app
        .store
        .save_articles(&changed, chrono::Utc::now())
        .await
        .unwrap();
    read(&app, 9, &paths[2]).await;
    app.refresh().await;
    let before = app.app.pages.counts();
    let page = app.page(&paths[2]).await.1;
    assert!(page.contains("Gol kedua lahir"), "the new text");
    assert!(
        most_read(&page).contains("Timnas Menang"),
        "and the new most read"
    );
    assert_eq!(app.app.pages.counts().reused, before.reused);
}

#[tokio::test]
async fn what_an_article_page_read_is_read_again_once_older_than_the_pages_age_bound() {
    let (app, paths) = three_articles("[cache]\nmax_age_seconds = 2\n").await;
    let pause = std::time::Duration::from_millis(1200);
    read(&app, 2, &paths[0]).await;
    app.refresh().await;
    read(&app, 1, &paths[2]).await;

    // The most read change, 1.2 s after C's page read the store: made
    // again from what was read.
    tokio::time::sleep(pause).await;
    read(&app, 3, &paths[1]).await;
    app.refresh().await;
    let before = app.app.pages.counts();
    read(&app, 1, &paths[2]).await;
    assert_eq!(app.app.pages.counts().reused, before.reused + 1);

    // Again 1.2 s later: that copy is younger than the bound, but what it
    // was made from is older, and is read anew.
    tokio::time::sleep(pause).await;
    read(&app, 3, &paths[0]).await;
    app.refresh().await;
    let before = app.app.pages.counts();
    read(&app, 1, &paths[2]).await;
    let after = app.app.pages.counts();
    assert_eq!(after.misses, before.misses + 1);
    assert_eq!(after.reused, before.reused, "read from the store again");
}

/// A site whose pages show the single most read article (with `config`
/// besides), with three articles published three, two and one hours ago,
/// and their paths.
async fn three_articles(config: &str) -> (TestApp, Vec<String>) {
    let app = TestApp::start_with(&format!("[lists]\npopular = 1\n{config}")).await;
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Banjir Rendam Jakarta").hours_ago(3),
            ArticleBuilder::new("b", "Harga Cabai Naik").hours_ago(2),
            ArticleBuilder::new("c", "Timnas Menang Telak").hours_ago(1),
        ])
        .await;
    let mut paths = Vec::new();
    for id in &ids {
        paths.push(app.path_of(*id).await);
    }
    (app, paths)
}

/// A reader opens `path` `times` times.
async fn read(app: &TestApp, times: usize, path: &str) {
    for _ in 0..times {
        assert_eq!(app.page(path).await.0, 200);
    }
}

#[tokio::test]
async fn a_head_request_first_never_leaves_an_empty_page_behind() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[ArticleBuilder::new("a", "Banjir Rendam Jakarta")])
        .await;
    let path = app.path_of(ids[0]).await;
    let head = app
        .http
        .head(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    for _ in 0..2 {
        let (status, body) = app.page(&path).await;
        assert_eq!(status, 200);
        assert!(body.contains("Banjir Rendam Jakarta"), "{body}");
    }
}

/// The lines the purge command wrote so far (one URL per line), waiting up
/// to two seconds for at least `count` (the command runs in the background).
async fn purged(log: &std::path::Path, count: usize) -> Vec<String> {
    let started = std::time::Instant::now();
    loop {
        let lines: Vec<String> = std::fs::read_to_string(log)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect();
        if lines.len() >= count || started.elapsed() > std::time::Duration::from_secs(2) {
            return lines;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_cdn_in_front_is_told_which_urls_changed_on_publish_and_take_down() {
    let scratch = tempfile::tempdir().unwrap();
    let log = scratch.path().join("purged.txt");
    let command = scratch.path().join("purge");
    std::fs::write(
        &command,
        format!(
            "#!/bin/sh\nfor url in \"$@\"; do echo \"$url\" >> '{}'; done\n",
            log.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&command, std::fs::Permissions::from_mode(0o755)).unwrap();
    let app = TestApp::start_with(&format!(
        "[cache]\npurge_command = '{}'\n",
        command.display()
    ))
    .await;
    // An imported article makes the section; imports purge nothing.
    app.add(&[ArticleBuilder::new("a", "Harga Cabai Naik")])
        .await;
    let (user, _) = app
        .add_user("ed@redaksi.id", "Rina Redaksi", Role::Editor)
        .await;
    let token = app.token_for(user).await;
    let draft = app.api_draft(&token, "Gempa Guncang Jawa", "Terasa.").await;
    assert!(
        purged(&log, 1).await.is_empty(),
        "a draft is nobody's page yet"
    );
    let live = app.api_publish(&token, &draft).await;
    let url = live["url"].as_str().unwrap().to_owned();
    let urls = purged(&log, 7).await;
    for expected in [
        url.clone(),
        format!("{}/", app.base),
        format!("{}/news", app.base),
        format!("{}/terkini", app.base),
        format!("{}/rss", app.base),
    ] {
        assert!(urls.contains(&expected), "{expected} not purged: {urls:?}");
    }

    // Taken down: its URL is purged again, so the CDN drops it at once.
    std::fs::remove_file(&log).unwrap();
    app.api_unpublish(&token, &live).await;
    assert!(purged(&log, 7).await.contains(&url));
}
