//! A damaged search index (a segment cut short, a file missing, its
//! meta.json garbled): the server still starts and serves, the index is set
//! aside and rebuilt from the database by itself, and `warta reindex`
//! rebuilds it from nothing whatever state it is in.

use super::{Api, editor_token, searchable};
use crate::util::serve::{start_serving, terminate};
use crate::util::warta_command;
use std::path::Path;
use std::time::{Duration, Instant};

/// A way of damaging the index in a folder.
type Damage = dyn Fn(&Path);

/// The index's files of one kind (by extension), largest first.
fn files(index: &Path, extension: &str) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(index)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    found.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)));
    found
}

async fn eventually_searchable(base: &str, code: &str) -> Duration {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if searchable(base, code).await {
            return started.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{code} not searchable within 20 s");
}

#[tokio::test]
async fn a_damaged_index_is_set_aside_and_rebuilt_while_the_site_serves() {
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
    let token = editor_token(dir.path());
    let (server, base) = start_serving(dir.path(), &[]);
    let api = Api::new(&base, &token);
    let mut codes = Vec::new();
    for n in 0..6 {
        let code = format!("awal{n}");
        assert!(api.publish(&code).await.is_some());
        codes.push(code);
    }
    eventually_searchable(&base, "awal5").await;
    terminate(server);

    let index = dir.path().join("search");
    let damages: [(&str, &Damage); 3] = [
        ("a segment cut short", &|index: &Path| {
            let idx = files(index, "idx").remove(0);
            let len = std::fs::metadata(&idx).unwrap().len();
            let file = std::fs::OpenOptions::new().write(true).open(&idx).unwrap();
            file.set_len(len / 2).unwrap();
        }),
        ("a postings file missing", &|index: &Path| {
            std::fs::remove_file(files(index, "pos").remove(0)).unwrap();
        }),
        ("meta.json garbled", &|index: &Path| {
            std::fs::write(index.join("meta.json"), b"{\"segments\": [ garbage").unwrap();
        }),
    ];
    for (n, (what, damage)) in damages.iter().enumerate() {
        damage(&index);
        let (server, base) = start_serving(dir.path(), &[]);
        // Serving at once, and searching again shortly, from the database.
        let home = crate::util::serve::get(format!("{base}/")).await.unwrap();
        assert_eq!(home.status(), 200, "{what}: the site serves");
        let took = eventually_searchable(&base, &codes[n]).await;
        eprintln!("{what}: searchable again after {took:?}");
        for code in &codes {
            assert!(searchable(&base, code).await, "{what}: {code}");
        }
        terminate(server);
    }
    let set_aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("search.damaged")
        })
        .count();
    assert!(set_aside >= 1, "the damaged index is kept aside for a look");

    // `warta reindex` works from any state: damaged, or half written by a
    // reindex killed before.
    files(&index, "idx")
        .into_iter()
        .for_each(|f| std::fs::write(f, b"rusak").unwrap());
    std::fs::create_dir_all(dir.path().join("search.building")).unwrap();
    std::fs::write(dir.path().join("search.building/sisa"), vec![0u8; 1024]).unwrap();
    let output = warta_command(dir.path(), &["reindex"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !dir.path().join("search.building").exists(),
        "no partial files left"
    );
    let (server, base) = start_serving(dir.path(), &[]);
    for code in &codes {
        assert!(searchable(&base, code).await, "after reindex: {code}");
    }
    terminate(server);
}
