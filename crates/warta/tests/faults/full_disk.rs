//! A full disk under the data folder (a small tmpfs: root only, else the
//! test says why it is skipped), while the newsroom publishes and an
//! import runs: nothing acknowledged is lost, from the database or from
//! search, once space returns; the site keeps answering readers meanwhile.

use super::{Api, Counts, count, editor_token, searchable};
use crate::util::serve::{start_serving, terminate};
use crate::util::warta_command;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A tmpfs of a few megabytes, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(megabytes: u32) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir.path())
            .output();
        match mounted {
            Ok(output) if output.status.success() => Some(SmallDisk { dir }),
            Ok(output) => {
                eprintln!(
                    "skipped: cannot mount a small tmpfs to fill ({})",
                    String::from_utf8_lossy(&output.stderr).trim()
                );
                None
            }
            Err(error) => {
                eprintln!("skipped: cannot run mount: {error}");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file until the disk is full; removing it frees the space.
    fn fill(&self) -> Filler {
        self.fill_with("pengisi")
    }

    /// Like `fill`, with a file of this name.
    fn fill_with(&self, name: &str) -> Filler {
        let path = self.path().join(name);
        let mut file = std::fs::File::create(&path).unwrap();
        let chunk = vec![7u8; 64 * 1024];
        while file.write_all(&chunk).is_ok() {}
        let small = [7u8; 512];
        while file.write_all(&small).is_ok() {}
        let _ = file.sync_all();
        Filler(path)
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

struct Filler(PathBuf);

impl Drop for Filler {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A JSON Lines file of `n` articles, each with its own code word.
fn articles(dir: &Path, prefix: &str, n: usize) -> PathBuf {
    let path = dir.join(format!("{prefix}.jsonl"));
    let mut file = std::fs::File::create(&path).unwrap();
    for i in 0..n {
        let line = serde_json::json!({
            "id": format!("{prefix}-{i}"),
            "title": format!("Berita Arsip {prefix}{i}"),
            "body": format!("Isi berita arsip dengan kode {prefix}{i}.\n\nParagraf kedua tentang banjir dan gempa di kota."),
            "category": "news",
            "published_at": "2024-11-01T08:00:00Z",
        });
        writeln!(file, "{line}").unwrap();
    }
    path
}

#[tokio::test]
async fn a_full_disk_loses_no_acknowledged_article_from_search() {
    let Some(disk) = SmallDisk::mount(40) else {
        return;
    };
    let dir = tempfile::tempdir_in(disk.path()).unwrap();
    crate::util::database_for(dir.path()).await;
    let outside = tempfile::tempdir().unwrap();
    let archive = articles(outside.path(), "arsip", 1500);
    let imported = warta_command(dir.path(), &["import", archive.to_str().unwrap()]);
    assert!(imported.status.success());
    let token = editor_token(dir.path());
    let (server, base) = start_serving(dir.path(), &[]);
    let api = Api::new(&base, &token);
    let mut acknowledged = Vec::new();
    let publish = async |code: String, acknowledged: &mut Vec<(i64, String)>| {
        if let Some(id) = api.publish(&code).await {
            acknowledged.push((id, code));
            true
        } else {
            false
        }
    };
    for n in 0..5 {
        assert!(publish(format!("sebelum{n}"), &mut acknowledged).await);
    }
    let ready = std::time::Instant::now();
    while !searchable(&base, "sebelum4").await {
        assert!(ready.elapsed() < Duration::from_secs(20), "the first build");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The disk fills while the newsroom publishes and an import runs.
    let filler = disk.fill();
    let mut refused = 0;
    for n in 0..10 {
        if !publish(format!("penuh{n}"), &mut acknowledged).await {
            refused += 1;
        }
    }
    let more = articles(outside.path(), "susulan", 300);
    let during = warta_command(dir.path(), &["import", more.to_str().unwrap()]);
    // Readers still get pages meanwhile.
    let home = crate::util::serve::get(format!("{base}/")).await.unwrap();
    assert_eq!(home.status(), 200, "the home page while the disk is full");
    drop(filler);

    // Space is back: publishing works again, and everything converges.
    for n in 0..5 {
        assert!(
            publish(format!("sesudah{n}"), &mut acknowledged).await,
            "publishing after space returned"
        );
    }
    let counts = count(&base, &token, &acknowledged, Duration::from_secs(20)).await;
    let all = acknowledged.len();
    eprintln!(
        "full disk: {counts:?}, {refused} publishes refused while full, import during: {}",
        during.status
    );
    assert_eq!(
        counts,
        Counts {
            acknowledged: all,
            present: all,
            public: all,
            searchable: all,
        }
    );
    // The archive imported before the fault is still found too.
    for i in (0..1500).step_by(150) {
        assert!(searchable(&base, &format!("arsip{i}")).await, "arsip{i}");
    }
    terminate(server);
}

#[tokio::test]
async fn a_search_index_that_cannot_write_catches_up_by_itself() {
    // The index alone on a full disk (the database elsewhere still takes
    // every publish): the failed index writes are retried, reported, and
    // every acknowledged article is searchable once space returns,
    // without a restart or a reindex. (Before: none of the publishes
    // around the outage was ever found.)
    let Some(disk) = SmallDisk::mount(4) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    crate::util::database_for(dir.path()).await;
    let site = dir.path().join("kanal.jsonl");
    std::fs::write(
        &site,
        crate::util::ArticleBuilder::new("k", "Kanal Berita").line(),
    )
    .unwrap();
    assert!(
        warta_command(dir.path(), &["import", site.to_str().unwrap()])
            .status
            .success()
    );
    // The index goes on the small disk (the import may have built one
    // beside it: the server builds it there anew).
    let _ = std::fs::remove_dir_all(dir.path().join("search"));
    std::os::unix::fs::symlink(disk.path(), dir.path().join("search")).unwrap();
    let token = editor_token(dir.path());
    let (server, base) = start_serving(dir.path(), &[]);
    let api = Api::new(&base, &token);
    let mut acknowledged = Vec::new();
    let code = "awal".to_owned();
    acknowledged.push((api.publish(&code).await.unwrap(), code));
    let ready = std::time::Instant::now();
    while !searchable(&base, "awal").await {
        assert!(ready.elapsed() < Duration::from_secs(20), "the first build");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let filler = disk.fill();
    for n in 0..8 {
        let code = format!("penuh{n}");
        let id = api.publish(&code).await.expect("the database is not full");
        acknowledged.push((id, code));
    }
    // The failure is told: search is behind, writes are failing.
    let told = std::time::Instant::now();
    loop {
        let body = crate::util::serve::get(format!("{base}/readyz"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if body.contains("writes failed in a row") || body.contains("being built") {
            break;
        }
        assert!(
            told.elapsed() < Duration::from_secs(10),
            "readyz says nothing: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(filler);
    let counts = count(&base, &token, &acknowledged, Duration::from_secs(90)).await;
    eprintln!("index on a full disk: {counts:?}");
    let all = acknowledged.len();
    assert_eq!(
        counts,
        Counts {
            acknowledged: all,
            present: all,
            public: all,
            searchable: all,
        }
    );
    terminate(server);
}

#[tokio::test]
async fn a_node_started_on_a_full_disk_serves_readers_and_refuses_writes_clearly() {
    // Before: `warta serve` refused to start on a full disk, so readers got
    // nothing at all.
    let Some(disk) = SmallDisk::mount(24) else {
        return;
    };
    let dir = tempfile::tempdir_in(disk.path()).unwrap();
    crate::util::database_for(dir.path()).await;
    let outside = tempfile::tempdir().unwrap();
    let archive = articles(outside.path(), "arsip", 200);
    assert!(
        warta_command(dir.path(), &["import", archive.to_str().unwrap()])
            .status
            .success()
    );
    let token = editor_token(dir.path());
    // Served once, so the index and the relatedness file exist.
    let (server, base) = start_serving(dir.path(), &[]);
    while !searchable(&base, "arsip199").await {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    terminate(server);

    let filler = disk.fill();
    let (server, base) = start_serving(dir.path(), &[]);
    // What the start freed to open the database is taken by the rest of
    // the machine again.
    let more = disk.fill_with("pengisi-lagi");
    let home = crate::util::serve::get(format!("{base}/")).await.unwrap();
    assert_eq!(home.status(), 200, "the home page on a full disk");
    assert!(searchable(&base, "arsip7").await, "search on a full disk");
    let api = Api::new(&base, &token);
    let (status, answer) = api
        .send(
            "/api/v1/articles",
            serde_json::json!({"title": "Tidak Muat", "section": "news", "body": "Isi."}),
        )
        .await
        .unwrap();
    if crate::util::database_for(dir.path()).await.is_none() {
        // SQLite's file is on the full disk: the write is refused, said so.
        assert_eq!(status, 507, "{answer}");
        assert_eq!(answer["error"]["code"], "disk_full");
    }
    drop(filler);
    drop(more);
    // Room again: writing works without a restart.
    let mut acknowledged = Vec::new();
    let back = std::time::Instant::now();
    loop {
        if let Some(id) = api.publish("sesudahpenuh").await {
            acknowledged.push((id, "sesudahpenuh".to_owned()));
            break;
        }
        assert!(
            back.elapsed() < Duration::from_secs(10),
            "no write after space returned"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        count(&base, &token, &acknowledged, Duration::from_secs(30)).await,
        Counts {
            acknowledged: 1,
            present: 1,
            public: 1,
            searchable: 1,
        }
    );
    terminate(server);
}

#[tokio::test]
async fn a_data_folder_that_cannot_be_written_is_named_with_the_reason() {
    // Before: "pool timed out while waiting for an open connection" after
    // 10 s, naming nothing.
    let serve = |data: &Path| {
        Command::new(env!("CARGO_BIN_EXE_warta"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .env_remove("WARTA_DATABASE_URL")
            .output()
            .unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bukan-folder");
    std::fs::write(&file, "x").unwrap();
    let started = std::time::Instant::now();
    let output = serve(&file.join("data"));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        said.contains(&format!(
            "cannot create the data folder {}",
            file.join("data").display()
        )) && said.contains("Not a directory"),
        "{said}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));

    // A folder on a read-only file system (root writes anywhere else).
    let Some(disk) = SmallDisk::mount(1) else {
        return;
    };
    let remounted = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(disk.path())
        .status()
        .unwrap();
    assert!(remounted.success());
    let output = serve(disk.path());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        said.contains(&format!(
            "the data folder {} cannot be written",
            disk.path().display()
        )) && said.contains("Read-only file system"),
        "{said}"
    );
}
