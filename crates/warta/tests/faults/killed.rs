//! `kill -9` in the middle of the work that writes most: an import, a
//! publishing newsroom, a reindex, a backup. Whatever was acknowledged is
//! there afterwards, running the work again finishes it exactly once, and
//! nothing half-done is mistaken for done.

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
