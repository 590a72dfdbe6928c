//! `warta backup` while the site serves, and `warta restore`: the site
//! comes back as it was at the backup, searchable, on either backend; a
//! backup never overwrites a file and a file that is no backup harms
//! nothing.

use crate::util::{ArticleBuilder, TestApp};
use warta_core::Role;

fn succeeded(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_the_site_as_it_was() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Oposisi Suriah Kuasai Damaskus"),
            ArticleBuilder::new("b", "Harga Cabai Naik"),
        ])
        .await;
    let (_, password) = app.add_user("ed@redaksi.id", "Rina", Role::Editor).await;
    for _ in 0..2 {
        app.get(&app.path_of(ids[0]).await).await;
    }
    app.jobs.flush_views().await.unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let file = scratch.path().join("warta-backup.db");
    let printed = succeeded(&app.warta(&["backup", file.to_str().unwrap()]).await);
    assert!(printed.contains("articles"), "{printed}");

    // Never over an existing file.
    let size = std::fs::metadata(&file).unwrap().len();
    let again = app.warta(&["backup", file.to_str().unwrap()]).await;
    assert!(!again.status.success());
    assert_eq!(std::fs::metadata(&file).unwrap().len(), size);

    // After the backup the site moves on.
    app.add(&[ArticleBuilder::new("c", "Timnas Menang Telak")])
        .await;
    app.app.store.set_picks(&[ids[1]]).await.unwrap();
    let dir = app.stop().await;

    // A file that is no backup: refused, the site untouched.
    let bogus = scratch.path().join("bukan.db");
    std::fs::write(&bogus, b"bukan cadangan").unwrap();
    let refused = crate::util::warta_command(dir.path(), &["restore", bogus.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(!refused.stderr.is_empty());

    succeeded(&crate::util::warta_command(
        dir.path(),
        &["restore", file.to_str().unwrap()],
    ));
    let restored = TestApp::start_in(dir, "").await;
    let store = &restored.app.store;
    assert_eq!(store.count_articles().await.unwrap(), 2);
    assert!(store.picks().await.unwrap().is_empty());
    assert_eq!(store.total_views(ids[0]).await.unwrap(), 2);
    assert_eq!(
        restored.sign_in("ed@redaksi.id", &password).await.status(),
        303
    );
    // The search index is built anew from the restored content.
    let found = || async {
        let (_, page) = restored.page("/cari?q=damaskus").await;
        let (_, gone) = restored.page("/cari?q=timnas").await;
        page.contains("Oposisi Suriah") && !gone.contains("Timnas Menang")
    };
    crate::util::eventually("search rebuilt", found).await;
}
