//! The store conformance suite: one story, run on SQLite always and on
//! PostgreSQL when `WARTA_TEST_POSTGRES_URL` names a server (each run gets
//! its own fresh schema there).

use chrono::{DateTime, Duration, TimeZone, Utc};
use warta_core::{ArticleDraft, ArticleId, Body, Slug, Status};
use warta_store::{BUCKET_SECONDS, Store, StoreError};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 12, 8, 12, 0, 0).unwrap()
}

fn draft(external_id: &str, title: &str, section: &str, hours_ago: i64) -> ArticleDraft {
    ArticleDraft {
        external_id: Some(external_id.into()),
        slug: None,
        title: title.into(),
        lede: String::new(),
        body: Body::from_plain_text("Paragraf satu.\n\nParagraf dua."),
        section: (Slug::from_text(section, "x"), section.to_uppercase()),
        tags: vec!["Suriah".into(), "Timur Tengah".into(), "Suriah".into()],
        authors: vec!["Fulan".into()],
        image: None,
        outlet_prefix: "Suara.com".into(),
        dateline_place: String::new(),
        status: Some(Status::Published),
        published_at: Some(now() - Duration::hours(hours_ago)),
        read_also_external_id: None,
    }
}

async fn stores() -> Vec<(String, Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/warta.db", dir.path().display());
    let mut stores = vec![(
        "sqlite".to_string(),
        Store::connect(&url).await.unwrap(),
        Some(dir),
    )];
    if let Ok(base) = std::env::var("WARTA_TEST_POSTGRES_URL") {
        let store = Store::connect_fresh_postgres_schema(&base).await.unwrap();
        stores.push(("postgres".to_string(), store, None));
    }
    stores
}

#[tokio::test]
async fn the_store_story_holds_on_every_backend() {
    for (name, store, _dir) in stores().await {
        story(&store)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

async fn story(store: &Store) -> Result<(), StoreError> {
    assert_eq!(store.count_articles().await?, 0);

    // Import three articles; the third pins the first as "Baca Juga".
    let mut third = draft("c", "Assad Jatuh", "internasional", 1);
    third.read_also_external_id = Some("a".into());
    let mut scheduled = draft("d", "Belum Terbit", "news", 0);
    scheduled.published_at = Some(now() + Duration::hours(2));
    let saved = store
        .save_articles(
            &[
                draft("a", "Damaskus Dikuasai", "internasional", 5),
                draft("b", "Harga Cabai", "bisnis", 3),
                third,
                scheduled,
            ],
            now(),
        )
        .await?;
    assert!(saved.iter().all(|s| s.created));
    let (a, b, c, d) = (saved[0].id, saved[1].id, saved[2].id, saved[3].id);

    let article = store.article(c).await?;
    assert_eq!(article.read_also, Some(a));
    assert_eq!(article.section.slug.as_str(), "internasional");
    let tag_names: Vec<_> = article.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        tag_names,
        ["Suriah", "Timur Tengah"],
        "duplicate tags collapse"
    );
    assert_eq!(article.authors[0].slug.as_str(), "fulan");

    // Lists show live articles only, newest first.
    let latest: Vec<ArticleId> = store
        .latest(now(), 10, 0)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(latest, [c, b, a], "the future article {d} stays hidden");
    assert_eq!(store.count_live(now()).await?, 3);
    let section = store.section("internasional").await?;
    let in_section: Vec<_> = store
        .latest_in_section(section.id, now(), 10, 0)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(in_section, [c, a]);
    let tag = store.tag("timur-tengah").await?;
    assert_eq!(store.latest_with_tag(tag.id, now(), 1, 1).await?[0].id, b);
    let author = store.author("fulan").await?;
    assert_eq!(
        store.latest_by_author(author.id, now(), 10, 0).await?.len(),
        3
    );
    let day = store
        .published_between(now() - Duration::hours(4), now(), now(), 10)
        .await?;
    assert_eq!(day.iter().map(|s| s.id).collect::<Vec<_>>(), [c, b]);
    let picked: Vec<_> = store
        .summaries(&[b, d, a], now())
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(
        picked,
        [b, a],
        "summaries keep the given order and skip what is not live"
    );

    // Re-importing the same id updates in place and keeps the old slug.
    let mut renamed = draft("a", "Damaskus Jatuh ke Oposisi", "internasional", 5);
    renamed.tags = vec!["Assad".into()];
    let again = store.save_articles(&[renamed], now()).await?;
    assert_eq!(again[0].id, a);
    assert!(!again[0].created);
    assert_eq!(store.count_articles().await?, 4);
    let updated = store.article(a).await?;
    assert_eq!(updated.slug.as_str(), "damaskus-jatuh-ke-oposisi");
    assert!(store.is_former_slug(a, "damaskus-dikuasai").await?);
    assert!(!store.is_former_slug(a, "harga-cabai").await?);
    assert_eq!(updated.tags.len(), 1);

    // Picks keep their order; an unknown id leaves them untouched.
    store.set_picks(&[b, c, b]).await?;
    assert_eq!(store.picks().await?, [b, c]);
    assert!(matches!(
        store.set_picks(&[a, ArticleId(9_999)]).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.picks().await?, [b, c]);
    store.set_headline(Some(c)).await?;
    assert_eq!(store.headline().await?, Some(c));

    // Views add up per bucket; the window decides what counts.
    let hour = now().timestamp().div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS;
    let old = hour - 30 * BUCKET_SECONDS;
    store
        .add_views(&[
            (a, hour, 3),
            (b, hour, 5),
            (a, hour, 4),
            (c, old, 100),
            (ArticleId(9_999), hour, 1),
        ])
        .await?;
    let popular = store
        .most_viewed_since(now() - Duration::hours(24), now(), 5)
        .await?;
    assert_eq!(popular, [(a, 7), (b, 5)]);
    assert_eq!(store.total_views(c).await?, 100);

    let texts = store.live_texts(now()).await?;
    assert_eq!(texts.len(), 3);
    assert!(
        texts
            .iter()
            .any(|t| t.id == a && t.body.contains("Paragraf dua") && t.tags == ["Assad"])
    );
    assert!(store.live_text(d, now()).await?.is_none());
    let some: Vec<_> = store
        .live_texts_of(&[c, d, a], now())
        .await?
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(some, [a, c]);
    let since = now().timestamp() - 60;
    assert_eq!(
        store.changed_since(since, now()).await?,
        [a, b, c, d],
        "all saved at now()"
    );
    assert!(
        store
            .changed_since(now().timestamp() + 1, now())
            .await?
            .is_empty()
    );
    // A scheduled article whose time comes is a change too.
    let later = now() + Duration::hours(3);
    assert_eq!(
        store.changed_since(now().timestamp() + 1, later).await?,
        [d]
    );
    assert!(matches!(
        store.article(ArticleId(9_999)).await,
        Err(StoreError::NotFound(_))
    ));
    Ok(())
}
