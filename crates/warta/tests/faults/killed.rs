//! `kill -9` in the middle of the work that writes most: an import, a
//! publishing newsroom, a reindex, a backup. Whatever was acknowledged is
//! there afterwards, running the work again finishes it exactly once (a
//! WordPress import going on where it stopped), and nothing half-done is
//! mistaken for done.

use super::{Api, Counts, articles, count, editor_token, imported_site};
use crate::util::serve::{start_serving, terminate};
use crate::util::warta_command;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `warta ARGS` on `dir`'s site, started and left running.
fn spawn(dir: &Path, args: &[&str]) -> Child {
    let mut full = vec![
        args[0].to_owned(),
        "--data".to_owned(),
        dir.display().to_string(),
    ];
    full.extend(crate::util::database_args(dir));
    full.extend(args[1..].iter().map(|a| (*a).to_owned()));
    Command::new(env!("CARGO_BIN_EXE_warta"))
        .args(&full)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Kills `child` with SIGKILL once `ready` holds (or after `at_most`), and
/// says whether it was still at work then.
fn kill_when(mut child: Child, at_most: Duration, ready: impl Fn() -> bool) -> bool {
    let started = Instant::now();
    while !ready() && started.elapsed() < at_most {
        std::thread::sleep(Duration::from_millis(5));
    }
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    running
}

async fn open_store(dir: &Path) -> warta_store::Store {
    let url = crate::util::database_for(dir)
        .await
        .unwrap_or_else(|| format!("sqlite://{}/warta.db", dir.display()));
    warta_store::Store::connect(&url).await.unwrap()
}

#[tokio::test]
async fn a_killed_import_finishes_exactly_once_when_run_again() {
    let dir = tempfile::tempdir().unwrap();
    crate::util::database_for(dir.path()).await;
    let file = articles(dir.path(), "massal.jsonl", 0, 4000);
    let store = open_store(dir.path()).await;
    let import = spawn(dir.path(), &["import", file.to_str().unwrap()]);
    // Killed once some articles are in, before all of them are.
    let counting = store.clone();
    let handle = tokio::runtime::Handle::current();
    let was_running = tokio::task::spawn_blocking(move || {
        kill_when(import, Duration::from_secs(30), || {
            handle
                .block_on(counting.count_live(chrono::Utc::now()))
                .is_ok_and(|n| n >= 500)
        })
    })
    .await
    .unwrap();
    let halfway = store.count_live(chrono::Utc::now()).await.unwrap();
    assert!(was_running && halfway < 4000, "killed at {halfway} of 4000");

    let again = warta_command(dir.path(), &["import", file.to_str().unwrap()]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(store.count_live(chrono::Utc::now()).await.unwrap(), 4000);
    if let warta_store::Integrity::Damaged(lines) = store.check_integrity(false).await.unwrap() {
        panic!("damaged after kill -9: {lines:?}");
    }
    eprintln!("import killed at {halfway} of 4000 articles; run again: 4000, no doubles");
    store.close().await;
}

/// A WordPress export of `posts` posts, each with a featured image whose
/// attachment is listed after every post (as a first pass must find it).
fn wordpress_export(dir: &Path, posts: u32) -> std::path::PathBuf {
    use std::fmt::Write as _;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n\
         <channel><title>Arsip</title><wp:wxr_version>1.2</wp:wxr_version>\n",
    );
    for n in 1..=posts {
        writeln!(
            xml,
            "<item><title>Berita arsip nomor {n}</title><dc:creator>rina</dc:creator>\
             <content:encoded><![CDATA[<p>Isi berita nomor {n} dari arsip lama.</p>]]></content:encoded>\
             <wp:post_id>{n}</wp:post_id><wp:post_date_gmt>2019-09-25 03:00:00</wp:post_date_gmt>\
             <wp:post_name>berita-arsip-{n}</wp:post_name><wp:status>publish</wp:status>\
             <wp:post_type>post</wp:post_type><wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>\
             <wp:meta_value>{}</wp:meta_value></wp:postmeta></item>",
            100_000 + n
        )
        .unwrap();
    }
    for n in 1..=posts {
        writeln!(
            xml,
            "<item><title>foto {n}</title><wp:post_id>{}</wp:post_id><wp:post_parent>{n}</wp:post_parent>\
             <wp:post_type>attachment</wp:post_type>\
             <wp:attachment_url>https://lama.example/wp-content/uploads/foto-{n}.jpg</wp:attachment_url></item>",
            100_000 + n
        )
        .unwrap();
    }
    xml.push_str("</channel></rss>\n");
    let path = dir.join("arsip.xml");
    std::fs::write(&path, xml).unwrap();
    path
}

#[tokio::test]
async fn a_killed_wordpress_import_goes_on_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    crate::util::database_for(dir.path()).await;
    let file = wordpress_export(dir.path(), 5000);
    let file = file.to_str().unwrap();
    let store = open_store(dir.path()).await;
    let import = spawn(dir.path(), &["import", "--wordpress", file]);
    // Killed once two batches are in: the first one's end is then noted.
    let counting = store.clone();
    let handle = tokio::runtime::Handle::current();
    let was_running = tokio::task::spawn_blocking(move || {
        kill_when(import, Duration::from_secs(60), || {
            handle
                .block_on(counting.count_live(chrono::Utc::now()))
                .is_ok_and(|n| n >= 2000)
        })
    })
    .await
    .unwrap();
    let halfway = store.count_live(chrono::Utc::now()).await.unwrap();
    assert!(was_running && halfway < 5000, "killed at {halfway} of 5000");

    let summary = |output: &std::process::Output| {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let number = |word: &str| -> usize {
            let before = stdout.split(&format!(" {word}")).next().unwrap();
            before.rsplit([' ', ',']).next().unwrap().parse().unwrap()
        };
        (
            number("new"),
            number("updated"),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    // Run again, it goes on after the last batch noted: what was saved is
    // not read again (at most the batch in flight when killed is).
    let (new, updated, said) =
        summary(&warta_command(dir.path(), &["import", "--wordpress", file]));
    assert!(said.contains("stopped after item"), "{said}");
    assert!(new + updated <= 5000 - 1000, "{new} new, {updated} updated");
    assert_eq!(
        new,
        5000 - halfway as usize,
        "every article not saved before"
    );
    assert_eq!(store.count_live(chrono::Utc::now()).await.unwrap(), 5000);
    // The posts after the stop still found their featured images, listed
    // at the end of the file.
    let last = store.article_id_for_external("wp-5000").await.unwrap();
    let image = store.article(last).await.unwrap().image.unwrap();
    assert_eq!(
        image.url,
        "https://lama.example/wp-content/uploads/foto-5000.jpg"
    );
    // Finished: the next run is a whole re-import again, nothing doubled.
    let (new, updated, said) =
        summary(&warta_command(dir.path(), &["import", "--wordpress", file]));
    assert!(!said.contains("stopped after item"), "{said}");
    assert_eq!((new, updated), (0, 5000));
    assert_eq!(store.count_live(chrono::Utc::now()).await.unwrap(), 5000);
    if let warta_store::Integrity::Damaged(lines) = store.check_integrity(false).await.unwrap() {
        panic!("damaged after kill -9: {lines:?}");
    }
    eprintln!("WordPress import killed at {halfway} of 5000; run again: went on, 5000, no doubles");
    store.close().await;
}

#[tokio::test]
async fn a_killed_server_keeps_every_acknowledged_publish() {
    let dir = imported_site(3).await;
    let token = editor_token(dir.path());
    let (mut server, base) = start_serving(dir.path(), &[]);
    let api = Api::new(&base, &token);
    // Publishing as fast as the newsroom can; killed in the middle.
    let mut acknowledged = Vec::new();
    let started = Instant::now();
    let mut n = 0;
    while started.elapsed() < Duration::from_millis(1500) {
        let code = format!("kilat{n}");
        n += 1;
        if let Some(id) = api.publish(&code).await {
            acknowledged.push((id, code));
        }
    }
    let publishing = tokio::spawn({
        let api = Api::new(&base, &token);
        async move {
            let mut late = Vec::new();
            for m in 0..50 {
                let code = format!("akhir{m}");
                match api.publish(&code).await {
                    Some(id) => late.push((id, code)),
                    None => break,
                }
            }
            late
        }
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    acknowledged.extend(publishing.await.unwrap());

    let (server, base) = start_serving(dir.path(), &[]);
    let all = acknowledged.len();
    assert!(all > 5, "{all} acknowledged");
    assert_eq!(
        count(&base, &token, &acknowledged, Duration::from_secs(20)).await,
        Counts {
            acknowledged: all,
            present: all,
            public: all,
            searchable: all,
        }
    );
    eprintln!(
        "server killed while publishing: {all} of {all} acknowledged present, public, searchable"
    );
    terminate(server);
}

#[tokio::test]
async fn a_killed_reindex_leaves_the_old_index_and_the_next_one_finishes() {
    let dir = imported_site(3000).await;
    assert!(warta_command(dir.path(), &["reindex"]).status.success());
    let building = dir.path().join("search.building");
    let reindex = spawn(dir.path(), &["reindex"]);
    let was_running = kill_when(reindex, Duration::from_secs(30), || building.exists());
    assert!(was_running, "the reindex ended before it could be killed");

    // The old index is whole and complete.
    let check = warta_command(dir.path(), &["check"]);
    let said = String::from_utf8_lossy(&check.stdout).into_owned();
    assert!(
        said.contains("Search index: holds the 3000 live articles"),
        "{said}"
    );
    // The next reindex clears what the killed one left and finishes.
    assert!(warta_command(dir.path(), &["reindex"]).status.success());
    assert!(!building.exists(), "the killed reindex's files are gone");
    let check = warta_command(dir.path(), &["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[tokio::test]
async fn a_killed_backup_is_never_mistaken_for_one() {
    let dir = imported_site(3000).await;
    let target = tempfile::tempdir().unwrap();
    let backup = target.path().join("cadangan.db");
    let part = target.path().join("cadangan.db.part");
    let running = spawn(dir.path(), &["backup", backup.to_str().unwrap()]);
    let was_running = kill_when(running, Duration::from_secs(30), || part.exists());
    assert!(was_running, "the backup ended before it could be killed");
    assert!(
        !backup.exists(),
        "a killed backup left a file under the backup's name"
    );

    // The next backup to that name replaces the unfinished one and is whole.
    let again = warta_command(dir.path(), &["backup", backup.to_str().unwrap()]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(backup.exists() && !part.exists());
    let copy = warta_store::Store::connect(&format!("sqlite://{}", backup.display()))
        .await
        .unwrap();
    assert_eq!(copy.count_live(chrono::Utc::now()).await.unwrap(), 3000);
    copy.close().await;
}
