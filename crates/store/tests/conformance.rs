//! The store conformance suite: one story, run on SQLite always and on
//! PostgreSQL when `WARTA_TEST_POSTGRES_URL` names a server (each run gets
//! its own fresh schema there).

use chrono::{DateTime, Duration, TimeZone, Utc};
use warta_core::{ArticleContent, ArticleId, Body, Restriction, Role, Slug, Status, TagId};
use warta_store::{
    ArticleFilter, BUCKET_SECONDS, MediaDetails, NewMedia, Outcome, Refusal, Store, StoreError,
    ViewTally,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 12, 8, 12, 0, 0).unwrap()
}

fn draft(external_id: &str, title: &str, section: &str, hours_ago: i64) -> ArticleContent {
    ArticleContent {
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
        modified_at: None,
        read_also_external_id: None,
        read_also: None,
        body_source: None,
        correction_note: String::new(),
        unpublish_at: None,
        restriction: None,
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
    match std::env::var("WARTA_TEST_POSTGRES_URL") {
        Ok(base) => {
            let store = Store::connect_fresh_postgres_schema(&base).await.unwrap();
            stores.push(("postgres".to_string(), store, None));
        }
        // The test command starts a server and says so: a run that meant
        // to cover PostgreSQL must not pass on SQLite alone.
        Err(_) if std::env::var_os("WARTA_TEST_REQUIRE_POSTGRES").is_some() => {
            panic!("WARTA_TEST_REQUIRE_POSTGRES is set but WARTA_TEST_POSTGRES_URL is not")
        }
        Err(_) => eprintln!("PostgreSQL not covered: WARTA_TEST_POSTGRES_URL is not set"),
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

#[tokio::test]
async fn the_newsroom_story_holds_on_every_backend() {
    for (name, store, _dir) in stores().await {
        newsroom_story(&store)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

async fn newsroom_story(store: &Store) -> Result<(), StoreError> {
    // Users: emails are unique in any case; disabled users lose sessions.
    let ani = store
        .add_user("Ani@Redaksi.id", "Ani", Role::Author, "hash-a", now())
        .await?;
    assert!(matches!(
        store
            .add_user("ani@redaksi.id", "Ani 2", Role::Admin, "x", now())
            .await,
        Err(StoreError::Duplicate(_))
    ));
    let budi = store
        .add_user("budi@redaksi.id", "Budi", Role::Editor, "hash-b", now())
        .await?;
    let found = store.credentials(" ANI@redaksi.id ").await?.unwrap();
    assert_eq!(
        (found.user.id, found.password_hash.as_str()),
        (ani, "hash-a")
    );
    let later = now() + Duration::hours(1);
    store.add_session("s1", ani, "csrf1", now(), later).await?;
    store.add_session("s2", ani, "csrf2", now(), later).await?;
    assert_eq!(store.session("s1", now()).await?.unwrap().1, "csrf1");
    assert!(store.session("s1", later).await?.is_none(), "expired");
    // A new password ends every other session.
    store
        .set_password(ani, "hash-a2", Some("s2"), now())
        .await?;
    assert!(store.session("s1", now()).await?.is_none());
    assert!(store.session("s2", now()).await?.is_some());
    // Tokens: work until revoked, never for a disabled user.
    let token = store
        .add_api_token(budi, "app", "t-hash", "wt_ab", now())
        .await?;
    assert_eq!(
        store.user_for_token("t-hash", now()).await?.unwrap().id,
        budi
    );
    assert!(
        matches!(
            store.revoke_api_token(ani, token, now()).await,
            Err(StoreError::NotFound(_))
        ),
        "only the owner revokes"
    );
    store.revoke_api_token(budi, token, now()).await?;
    assert!(store.user_for_token("t-hash", now()).await?.is_none());
    store
        .update_user(ani, "Ani", Role::Author, false, now())
        .await?;
    assert!(store.session("s2", now()).await?.is_none());
    assert!(!store.user(ani).await?.active);
    store
        .update_user(ani, "Ani", Role::Author, true, now())
        .await?;
    // Sign-in attempts are counted per email and client, and per client;
    // one that succeeds is cleared and counts no more.
    let since = now() - Duration::minutes(1);
    for _ in 0..3 {
        store
            .reserve_sign_in_attempt("ani@redaksi.id", "10.0.0.1", now(), since)
            .await?;
    }
    let other = store
        .reserve_sign_in_attempt("budi@redaksi.id", "10.0.0.1", now(), since)
        .await?;
    assert_eq!((other.by_account, other.by_client), (1, 4));
    let elsewhere = store
        .reserve_sign_in_attempt("ANI@redaksi.id", "10.0.0.2", now(), since)
        .await?;
    assert_eq!(
        (elsewhere.by_account, elsewhere.by_client),
        (1, 1),
        "another client's failures are not this one's"
    );
    store.clear_sign_in_attempt(elsewhere.id).await?;
    let again = store
        .reserve_sign_in_attempt("ani@redaksi.id", "10.0.0.2", now(), since)
        .await?;
    assert_eq!((again.by_account, again.by_client), (1, 1));
    let later = store
        .reserve_sign_in_attempt("ani@redaksi.id", "10.0.0.1", now(), now())
        .await?;
    assert_eq!(later.by_account, 4, "the window's start counts");

    // An article: created as a draft at version 1, with its revision.
    let mut content = ArticleContent::new(
        "Banjir Rob di Pesisir Utara",
        Slug::parse("news").unwrap(),
        "News",
    );
    content.body = Body::from_plain_text("Air laut naik.");
    content.body_source = Some("Air laut naik.".into());
    content.tags = vec!["Banjir".into(), "Jakarta".into()];
    content.authors = vec!["Ani".into()];
    let id = store.create_article(&content, ani, now()).await?;
    let article = store.article(id).await?;
    assert_eq!((article.status, article.version), (Status::Draft, 1));
    assert_eq!(article.owner, Some(ani));
    assert_eq!(article.body_source.as_deref(), Some("Air laut naik."));
    // Two editors start from version 1; the second save is refused.
    content.title = "Banjir Rob Meluas".into();
    assert_eq!(
        store
            .update_article(id, 1, &content, Some(ani), now())
            .await?,
        2
    );
    let mut theirs = content.clone();
    theirs.title = "Judul Lain".into();
    assert!(matches!(
        store
            .update_article(id, 1, &theirs, Some(budi), now())
            .await,
        Err(StoreError::Conflict { current: 2 })
    ));
    assert_eq!(store.article(id).await?.title, "Banjir Rob Meluas");
    // The workflow: refused steps change nothing.
    assert!(matches!(
        store
            .move_article(id, 2, Status::Unpublished, None, Some(budi), None, now())
            .await,
        Err(StoreError::Refused(Refusal::Step { .. }))
    ));
    assert!(matches!(
        store
            .move_article(
                id,
                2,
                Status::Scheduled,
                Some(now() - Duration::hours(1)),
                None,
                None,
                now()
            )
            .await,
        Err(StoreError::Refused(Refusal::ScheduleInPast))
    ));
    let v = store
        .move_article(
            id,
            2,
            Status::Scheduled,
            Some(now() + Duration::minutes(5)),
            Some(budi),
            None,
            now(),
        )
        .await?;
    assert_eq!(v, 3);
    assert_eq!(store.count_live(now()).await?, 0);
    assert!(store.publish_due(now()).await?.is_empty());
    let on_time = now() + Duration::minutes(5);
    assert_eq!(store.publish_due(on_time).await?, [id]);
    let live = store.article(id).await?;
    assert!(live.is_live(on_time));
    assert_eq!(live.published_at, Some(on_time));
    // A correction note, and a scheduled take-down.
    content.correction_note = "Judul diperbarui.".into();
    content.unpublish_at = Some(on_time + Duration::hours(1));
    let v = store
        .update_article(id, live.version, &content, Some(budi), on_time)
        .await?;
    let corrected = store.article(id).await?;
    assert_eq!(corrected.correction.unwrap().note, "Judul diperbarui.");
    assert_eq!(corrected.version, v);
    assert_eq!(
        store.unpublish_due(on_time + Duration::hours(2)).await?,
        [id]
    );
    let down = store.article(id).await?;
    assert_eq!(
        (down.status, down.unpublish_at),
        (Status::Unpublished, None)
    );
    // Every write is a revision, newest first, restorable as a draft.
    let revisions = store.revisions(id).await?;
    assert_eq!(
        revisions.iter().map(|r| r.version).collect::<Vec<_>>(),
        (1..=down.version).rev().collect::<Vec<_>>()
    );
    assert_eq!(
        revisions.last().unwrap().content.title,
        "Banjir Rob di Pesisir Utara"
    );
    assert_eq!(revisions.last().unwrap().user_name.as_deref(), Some("Ani"));
    assert_eq!(revisions[0].status, Status::Unpublished);
    assert_eq!(revisions[0].user_name, None, "the scheduler");
    let old = revisions.last().unwrap().content.clone();
    store
        .update_article(id, down.version, &old, Some(budi), on_time)
        .await?;
    assert_eq!(
        store.article(id).await?.title,
        "Banjir Rob di Pesisir Utara"
    );
    assert_eq!(store.article(id).await?.tags.len(), 2);

    // The newsroom list filters by status, section, owner and title.
    let other = store
        .create_article(
            &ArticleContent::new(
                "Harga Cabai 50% Naik",
                Slug::parse("bisnis").unwrap(),
                "Bisnis",
            ),
            budi,
            now(),
        )
        .await?;
    let list = |filter: ArticleFilter| async move {
        store
            .newsroom_articles(&filter, 10, 0)
            .await
            .map(|(rows, total)| (rows.iter().map(|r| r.id).collect::<Vec<_>>(), total))
    };
    assert_eq!(list(ArticleFilter::default()).await?.1, 2);
    assert_eq!(
        list(ArticleFilter {
            owner: Some(budi),
            ..Default::default()
        })
        .await?
        .0,
        [other]
    );
    assert_eq!(
        list(ArticleFilter {
            status: Some(Status::Unpublished),
            section: Some("news".into()),
            ..Default::default()
        })
        .await?
        .0,
        [id]
    );
    assert_eq!(
        list(ArticleFilter {
            title: Some("50%".into()),
            ..Default::default()
        })
        .await?
        .0,
        [other],
        "a % in the search is a character, not a wildcard"
    );
    assert_eq!(
        list(ArticleFilter {
            title: Some("BANJIR".into()),
            ..Default::default()
        })
        .await?
        .0,
        [id]
    );

    // Media.
    let media = store
        .add_media(
            &NewMedia {
                sha256: "ab",
                format: "png",
                original_name: "foto.png",
                width: 1600,
                height: 900,
                bytes: 1234,
                caption: "Banjir",
                credit: "Ani",
            },
            Some(ani),
            now(),
        )
        .await?;
    let (library, total) = store.media_library(10, 0).await?;
    assert_eq!((library[0].id, total, library[0].width), (media, 1, 1600));
    assert_eq!(library[0].focal, (0.5, 0.5), "the centre until set");
    store
        .update_media(
            media,
            &MediaDetails {
                caption: " Banjir Rob ".into(),
                credit: "Ani".into(),
                alt: "Air 50% di jalan_raya".into(),
                focal: (0.25, 1.5),
            },
        )
        .await?;
    let changed = store.media(media).await?;
    assert_eq!(
        (changed.caption.as_str(), changed.focal),
        ("Banjir Rob", (0.25, 1.0))
    );
    // Search: every word, in any case, in the caption, credit, alt text or
    // file name; LIKE's own characters are plain text.
    for (words, found) in [
        ("banjir rob", 1),
        ("FOTO.PNG", 1),
        ("50%", 1),
        ("jalan_", 1),
        ("%", 1),
        ("_x", 0),
        ("banjir gempa", 0),
    ] {
        assert_eq!(store.search_media(words, 10, 0).await?.1, found, "{words}");
    }
    // An image in an article's body is in use; deleting it is refused.
    assert_eq!(store.media_uses(media).await?, 0);
    let mut content = draft("pakai-gambar", "Memakai Gambar", "news", 1);
    content.body = warta_core::Body::from_sanitised_html(format!(
        "<figure class=\"picture\" data-media=\"{}\"><img src=\"/media/{}/large.webp\"></figure>",
        media.0, media.0
    ));
    let user_article = store.create_article(&content, ani, now()).await?;
    assert_eq!(store.media_uses(media).await?, 1);
    assert!(matches!(
        store.delete_unused_media(media).await,
        Err(StoreError::Refused(Refusal::MediaInUse(1)))
    ));

    // Autosaves: one per article and user, newest first, apart from the
    // article; gone with a delete.
    assert!(store.autosave(user_article, ani).await?.is_none());
    store
        .put_autosave(user_article, ani, 1, r#"{"judul":"a"}"#, now())
        .await?;
    store
        .put_autosave(
            user_article,
            ani,
            1,
            r#"{"judul":"b"}"#,
            now() + Duration::seconds(5),
        )
        .await?;
    store
        .put_autosave(
            user_article,
            budi,
            1,
            r#"{"judul":"c"}"#,
            now() + Duration::seconds(2),
        )
        .await?;
    let mine = store.autosave(user_article, ani).await?.unwrap();
    assert_eq!(
        (mine.fields.as_str(), mine.base_version),
        (r#"{"judul":"b"}"#, 1)
    );
    let all = store.autosaves(user_article).await?;
    assert_eq!(
        all.iter().map(|a| a.user_name.as_str()).collect::<Vec<_>>(),
        ["Ani", "Budi"]
    );
    store.delete_autosave(user_article, ani).await?;
    assert_eq!(store.autosaves(user_article).await?.len(), 1);
    Ok(())
}

async fn story(store: &Store) -> Result<(), StoreError> {
    assert_eq!(store.count_articles().await?, 0);
    let serial = store.change_serial().await?;

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
    assert!(saved.iter().all(|s| s.outcome == Outcome::Created));
    let ids: Vec<ArticleId> = saved.iter().map(|s| s.id.unwrap()).collect();
    let (a, b, c, d) = (ids[0], ids[1], ids[2], ids[3]);

    // What readers see has a version: the same while nothing changes, new
    // when the scheduled article's time comes (no write happens then).
    let version = store.content_version(now()).await?;
    assert_eq!(store.content_version(now()).await?, version);
    assert_eq!(
        store
            .content_version(now() + Duration::minutes(119))
            .await?,
        version
    );
    assert_ne!(
        store.content_version(now() + Duration::hours(3)).await?,
        version,
        "a scheduled article went live"
    );

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
    let with_openings = store.summaries_with_openings(&[b, d, a], now(), 20).await?;
    assert_eq!(
        with_openings
            .iter()
            .map(|(s, opening)| (s.id, opening.as_str()))
            .collect::<Vec<_>>(),
        [(b, "Paragraf satu.\n\nPara"), (a, "Paragraf satu.\n\nPara")],
        "the first 20 characters of the body as text, live articles in the given order"
    );

    // Re-importing the same id updates in place and keeps the old slug.
    let mut renamed = draft("a", "Damaskus Jatuh ke Oposisi", "internasional", 5);
    renamed.tags = vec!["Assad".into()];
    let planned = store.plan_articles(&[renamed.clone()], now()).await?;
    assert_eq!(planned[0].outcome, Outcome::Updated);
    assert_eq!(
        store.article(a).await?.title,
        "Damaskus Dikuasai",
        "a plan changes nothing"
    );
    let again = store.save_articles(&[renamed], now()).await?;
    assert_eq!(again[0].id, Some(a));
    assert_eq!(again[0].outcome, Outcome::Updated);
    assert_eq!(store.count_articles().await?, 4);
    let updated = store.article(a).await?;
    assert_eq!(updated.slug.as_str(), "damaskus-jatuh-ke-oposisi");
    assert!(store.is_former_slug(a, "damaskus-dikuasai").await?);
    assert!(!store.is_former_slug(a, "harga-cabai").await?);
    assert_eq!(updated.tags.len(), 1);

    // Every change readers see moves the change serial, whoever makes it.
    let serial = {
        let now_serial = store.change_serial().await?;
        assert!(now_serial > serial, "articles saved and updated");
        now_serial
    };
    // Picks keep their order; an unknown id leaves them untouched.
    store.set_picks(&[b, c, b]).await?;
    let serial = {
        let now_serial = store.change_serial().await?;
        assert!(now_serial > serial, "picks set");
        now_serial
    };
    assert_eq!(store.picks().await?, [b, c]);
    assert!(matches!(
        store.set_picks(&[a, ArticleId(9_999)]).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.picks().await?, [b, c]);
    store.set_headline(Some(c)).await?;
    assert_eq!(store.headline().await?, Some(c));
    assert!(store.change_serial().await? > serial, "headline set");

    // An interrupted import's resume point, one per file, gone once done.
    assert_eq!(store.import_resume_point("f1").await?, None);
    store.set_import_resume_point("f1", Some(1_000)).await?;
    store.set_import_resume_point("f1", Some(2_000)).await?;
    store.set_import_resume_point("f2", Some(5)).await?;
    assert_eq!(store.import_resume_point("f1").await?, Some(2_000));
    store.set_import_resume_point("f1", None).await?;
    assert_eq!(store.import_resume_point("f1").await?, None);
    assert_eq!(store.import_resume_point("f2").await?, Some(5));
    let serial = store.change_serial().await?;

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
    // Views are not a change of content: nodes would re-render every page
    // at every batch.
    assert_eq!(store.change_serial().await?, serial);
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
    // A range at a time, by number: only the live, each range once.
    assert_eq!(store.last_article_id().await?, d);
    let mut ranged = Vec::new();
    for start in 0..=d.0 {
        let texts = store
            .live_texts_between(now(), ArticleId(start), ArticleId(start + 1))
            .await?;
        ranged.extend(texts.iter().map(|t| (t.id, t.tags.clone())));
    }
    let whole: Vec<_> = texts.iter().map(|t| (t.id, t.tags.clone())).collect();
    assert_eq!(ranged, whole);
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
    // A second import is a sync: what the newsroom changed is kept...
    let before = store.count_articles().await?;
    let edited = store.article(b).await?;
    let mut content = draft("b", "Harga Cabai Turun (disunting)", "bisnis", 3);
    content.external_id = None;
    store
        .update_article(b, edited.version, &content, None, now())
        .await?;
    let from_source = draft("b", "Harga Cabai dari Sumber", "bisnis", 3);
    let kept = store
        .save_articles(std::slice::from_ref(&from_source), now())
        .await?;
    assert_eq!((kept[0].id, kept[0].outcome), (Some(b), Outcome::Kept));
    assert_eq!(
        store.article(b).await?.title,
        "Harga Cabai Turun (disunting)"
    );
    // ...and what the source made private comes down, changed or not.
    let mut private = from_source;
    private.restriction = Some(Restriction::Private);
    let down = store.save_articles(&[private], now()).await?;
    assert_eq!(down[0].outcome, Outcome::TakenDown);
    let taken = store.article(b).await?;
    assert_eq!(taken.status, Status::Unpublished);
    assert_eq!(taken.restriction, Some(Restriction::Private));
    assert_eq!(taken.title, "Harga Cabai Turun (disunting)");
    // Thrown away at the source and never imported: nothing is stored.
    let mut trashed = draft("z", "Dibuang", "news", 1);
    trashed.restriction = Some(Restriction::Trashed);
    let none = store.save_articles(&[trashed], now()).await?;
    assert_eq!((none[0].id, none[0].outcome), (None, Outcome::NotStored));
    assert_eq!(store.count_articles().await?, before);
    Ok(())
}

#[tokio::test]
async fn the_webhook_queue_holds_on_every_backend() {
    for (name, store, _dir) in stores().await {
        webhook_story(&store)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

async fn webhook_story(store: &Store) -> Result<(), StoreError> {
    use warta_store::{Attempt, DeliveryState};
    let now = chrono::Utc::now();
    let later = |seconds| now + chrono::Duration::seconds(seconds);
    let wants_all = store
        .add_webhook(
            "http://127.0.0.1:9/a",
            "rahasia-a",
            &["article.published", "article.updated"],
            now,
        )
        .await?;
    let wants_updates = store
        .add_webhook(
            "http://127.0.0.1:9/b",
            "rahasia-b",
            &["article.updated"],
            now,
        )
        .await?;
    assert!(store.webhook(wants_all).await?.wants("article.updated"));

    // An event goes to every active subscription that wants it.
    assert_eq!(
        store
            .queue_event("article.published", Some(ArticleId(7)), "{}", None, now)
            .await?,
        1
    );
    assert_eq!(
        store
            .queue_event("article.updated", None, "{\"x\":1}", None, now)
            .await?,
        2
    );

    // Two nodes claiming at once share the due deliveries, never both
    // taking one; a claimed delivery is not taken again before its claim
    // runs out.
    let (first, second) = tokio::join!(
        store.claim_deliveries(now, later(30), 2),
        store.claim_deliveries(now, later(30), 2)
    );
    let mut ids: Vec<i64> = first?
        .iter()
        .chain(second?.iter())
        .map(|c| c.delivery.id)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "each delivery claimed exactly once");
    assert!(store.claim_deliveries(now, later(30), 10).await?.is_empty());
    let again = store.claim_deliveries(later(31), later(60), 10).await?;
    assert_eq!(again.len(), 3, "a claim that ran out is free again");
    let published = again
        .iter()
        .find(|c| c.delivery.event == "article.published")
        .unwrap();
    assert_eq!(published.url, "http://127.0.0.1:9/a");
    assert_eq!(published.secret, "rahasia-a");
    assert_eq!(published.delivery.article_id, Some(ArticleId(7)));

    // A failed attempt is due again at its retry time; a 2xx delivers.
    let failed = Attempt {
        at: later(31),
        status: Some(503),
        error: "503 Service Unavailable".into(),
        took_ms: 4,
    };
    let state = store
        .record_attempt(published.delivery.id, &failed, Some(later(40)))
        .await?;
    assert_eq!(state, DeliveryState::Pending);
    let due: Vec<i64> = store
        .claim_deliveries(later(61), later(90), 10)
        .await?
        .iter()
        .map(|c| c.delivery.id)
        .collect();
    assert!(due.contains(&published.delivery.id));
    let ok = Attempt {
        at: later(61),
        status: Some(204),
        error: String::new(),
        took_ms: 3,
    };
    assert_eq!(
        store
            .record_attempt(published.delivery.id, &ok, Some(later(70)))
            .await?,
        DeliveryState::Delivered
    );
    let log = store.deliveries(wants_all, 10).await?;
    let (delivery, attempts) = log
        .iter()
        .find(|(d, _)| d.id == published.delivery.id)
        .unwrap();
    assert_eq!(delivery.state, DeliveryState::Delivered);
    assert_eq!(delivery.attempts, 2);
    assert_eq!(
        attempts.iter().map(|a| a.status).collect::<Vec<_>>(),
        [Some(503), Some(204)]
    );
    // A late answer to a delivery that ended (a node whose claim ran out)
    // changes nothing.
    assert!(matches!(
        store
            .record_attempt(published.delivery.id, &failed, Some(later(80)))
            .await,
        Err(StoreError::NotFound(_))
    ));
    let log = store.deliveries(wants_all, 10).await?;
    let (delivery, attempts) = log
        .iter()
        .find(|(d, _)| d.id == published.delivery.id)
        .unwrap();
    assert_eq!(
        (delivery.state, attempts.len()),
        (DeliveryState::Delivered, 2)
    );

    // Stopping a subscription fails what waited for it and queues no more.
    store.set_webhook_active(wants_updates, false, now).await?;
    assert!(
        store
            .deliveries(wants_updates, 10)
            .await?
            .iter()
            .all(|(d, _)| d.state == DeliveryState::Failed)
    );
    assert_eq!(
        store
            .queue_event("article.updated", None, "{}", None, now)
            .await?,
        1
    );
    // A test delivery goes to the one asked for, active or not.
    assert_eq!(
        store
            .queue_event("ping", None, "{}", Some(wants_updates), now)
            .await?,
        1
    );
    assert!(store.delete_webhook(wants_updates).await.is_ok());
    assert!(store.deliveries(wants_updates, 10).await?.is_empty());
    assert!(matches!(
        store.delete_webhook(wants_updates).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.prune_deliveries(later(120)).await?, 1);
    Ok(())
}

#[tokio::test]
async fn live_blogs_hold_on_every_backend() {
    for (name, store, _dir) in stores().await {
        live_story(&store)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

async fn live_story(store: &Store) -> Result<(), StoreError> {
    let now = chrono::Utc::now();
    let saved = store
        .save_articles(&[draft("live-1", "Gempa Cianjur Terkini", "news", 1)], now)
        .await?;
    let article = saved[0].id.unwrap();
    assert_eq!(store.live_blog(article).await?, None);
    assert_eq!(store.article_on_page(article, now).await?.live_blog, None);
    let serial = store.change_serial().await?;
    store.set_live(article, true, now).await?;
    assert!(store.live_blog(article).await?.unwrap().running());
    let page = store.article_on_page(article, now).await?;
    assert_eq!(
        (page.article.id, page.live_blog),
        (article, store.live_blog(article).await?),
        "the page reads the live blog with its article"
    );
    assert_ne!(
        store.change_serial().await?,
        serial,
        "other nodes learn of it"
    );

    let first = store
        .add_live_entry(article, None, "<p>Gempa M5,6.</p>", false, now)
        .await?;
    let serial = store.change_serial().await?;
    let second = store
        .add_live_entry(article, None, "<p>Korban 12 orang.</p>", true, now)
        .await?;
    assert_ne!(store.change_serial().await?, serial);
    assert!(second.id > first.id && second.pinned && !first.pinned);
    assert_eq!(
        store.live_entries(article, 0).await?,
        [first.clone(), second.clone()]
    );
    assert_eq!(
        store.live_entries(article, first.id).await?,
        std::slice::from_ref(&second)
    );

    store.delete_live_entry(article, first.id).await?;
    assert!(matches!(
        store.delete_live_entry(article, first.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.last_live_entry(article).await?, second.id);
    assert_eq!(store.live_entries(article, 0).await?, [second]);
    store.set_live(article, false, now).await?;
    let closed = store.live_blog(article).await?.unwrap();
    assert!(!closed.running());
    store.set_live(article, true, now).await?;
    assert!(
        store.live_blog(article).await?.unwrap().running(),
        "opened again"
    );
    Ok(())
}

#[tokio::test]
async fn stories_hold_on_every_backend() {
    for (name, store, _dir) in stores().await {
        stories_story(&store)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

async fn stories_story(store: &Store) -> Result<(), StoreError> {
    let now = now();
    let drafts: Vec<_> = (0..5)
        .map(|i| {
            draft(
                &format!("s{i}"),
                &format!("Gempa Cianjur hari {i}"),
                "news",
                50 - 10 * i,
            )
        })
        .collect();
    let ids: Vec<ArticleId> = store
        .save_articles(&drafts, now)
        .await?
        .into_iter()
        .map(|s| s.id.unwrap())
        .collect();
    let waiting = store.unplaced_articles(now, None, 10).await?;
    assert_eq!(
        waiting.iter().map(|article| article.id).collect::<Vec<_>>(),
        ids,
        "oldest first"
    );
    // Going on after where a round ended.
    let first = &waiting[0];
    let rest = store
        .unplaced_articles(now, Some((first.published_at, first.id)), 10)
        .await?;
    assert_eq!(
        rest.iter().map(|article| article.id).collect::<Vec<_>>(),
        ids[1..]
    );
    // Once the backlog is placed: only what changed since a time.
    let changed = store
        .unplaced_changed_since(now, now - chrono::Duration::minutes(1), 10)
        .await?;
    assert_eq!(
        changed.iter().map(|article| article.id).collect::<Vec<_>>(),
        ids
    );
    let later = now + chrono::Duration::minutes(1);
    assert!(
        store
            .unplaced_changed_since(now, later, 10)
            .await?
            .is_empty()
    );
    // Where placement settled is kept for the next start, to the second.
    assert_eq!(store.stories_settled_at().await?, None);
    let settled = chrono::DateTime::from_timestamp(now.timestamp(), 0).unwrap();
    store.set_stories_settled_at(settled).await?;
    store.set_stories_settled_at(settled).await?;
    assert_eq!(store.stories_settled_at().await?, Some(settled));

    // Warta's placement: a story started with two, a third joins, one alone.
    let serial = store.change_serial().await?;
    let mut placing = store.begin_placing_stories().await?;
    let story = placing
        .start("Gempa Cianjur", &[ids[0], ids[1]], now)
        .await?;
    placing.place(ids[2], Some(story), now).await?;
    placing.place(ids[3], None, now).await?;
    // Placed once: a second placement of the same article changes nothing.
    placing.place(ids[2], None, now).await?;
    let placed = placing.placed(&ids).await?;
    assert_eq!(placed[&ids[2]].story, Some(story));
    assert!(!placed.contains_key(&ids[4]));
    assert_eq!(
        placing.members(story, 2).await?,
        vec![ids[2], ids[1]],
        "newest first"
    );
    placing.commit().await?;
    assert_ne!(
        store.change_serial().await?,
        serial,
        "other nodes learn of it"
    );
    assert_eq!(store.unplaced_articles(now, None, 10).await?.len(), 1);

    // What readers see.
    let found = store.story_of(ids[1]).await?.unwrap();
    assert_eq!((found.id, found.slug.as_str()), (story, "gempa-cianjur"));
    assert_eq!(store.story_of(ids[3]).await?, None);
    assert_eq!(store.count_story_articles(story, now).await?, 3);
    let (counted, count) = store.story_of_counted(ids[1], now).await?.unwrap();
    assert_eq!(
        (counted.id, count),
        (story, 3),
        "the story and its live count"
    );
    assert_eq!(store.story_of_counted(ids[3], now).await?, None);
    for id in [ids[1], ids[3]] {
        let page = store.article_on_page(id, now).await?;
        let article = store.article(id).await?;
        assert_eq!(
            (
                page.article.id,
                page.article.title,
                page.article.tags,
                page.story
            ),
            (
                id,
                article.title,
                article.tags,
                store.story_of_counted(id, now).await?
            ),
            "the page reads the story and its count with its article"
        );
    }
    let unplaced = store.article_on_page(ids[4], now).await?;
    assert_eq!((unplaced.story, unplaced.live_blog), (None, None));
    let at = |i: usize| now - Duration::hours(50 - 10 * i as i64);
    let around: Vec<_> = store
        .story_around(story, ids[1], at(1), now, 1)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(
        around,
        vec![ids[0], ids[1], ids[2]],
        "oldest first, itself among them"
    );
    let at_the_start: Vec<_> = store
        .story_around(story, ids[0], at(0), now, 1)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(
        at_the_start,
        vec![ids[0], ids[1]],
        "nothing before the first"
    );
    let newest: Vec<_> = store
        .story_articles(story, now, 2, 0)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(newest, vec![ids[2], ids[1]]);

    // Editors: a name, an article in and out, a split and a merge.
    let renamed = store
        .rename_story(
            story,
            "Gempa Cianjur 2024",
            &Slug::from_text("gempa-cianjur-2024", "x"),
            now,
        )
        .await?;
    assert_eq!(renamed.slug, "gempa-cianjur-2024");
    let old = store.story_by_slug("gempa-cianjur").await?;
    assert_eq!(old.merged_into, Some(story), "the old address leads on");
    // Its own former address can be its address again, and back.
    let back = store
        .rename_story(
            story,
            "Gempa Cianjur",
            &Slug::from_text("gempa-cianjur", "x"),
            now,
        )
        .await?;
    assert_eq!(back.slug, "gempa-cianjur");
    let renamed = store
        .rename_story(
            story,
            "Gempa Cianjur 2024",
            &Slug::from_text("gempa-cianjur-2024", "x"),
            now,
        )
        .await?;
    assert_eq!(renamed.slug, "gempa-cianjur-2024");
    store.set_article_story(ids[3], Some(story), now).await?;
    store.set_article_story(ids[0], None, now).await?;
    let members: Vec<_> = store
        .story_members(story)
        .await?
        .into_iter()
        .map(|m| (m.id, m.by_editor))
        .collect();
    assert_eq!(
        members,
        vec![(ids[1], false), (ids[2], false), (ids[3], true)]
    );
    let split = store
        .split_story(
            "Gempa Cianjur",
            &Slug::from_text("gempa-cianjur-2024", "x"),
            &[ids[3]],
            now,
        )
        .await?;
    assert_eq!(
        store.story(split).await?.slug,
        "gempa-cianjur-2024-2",
        "a free address"
    );
    let listed = store.stories("CIANJUR", 10, 0).await?;
    assert_eq!(listed.len(), 2);
    store.merge_stories(split, story, now).await?;
    assert_eq!(store.story(split).await?.merged_into, Some(story));
    assert_eq!(store.story_members(story).await?.len(), 3);
    assert_eq!(
        store.stories("", 10, 0).await?.len(),
        1,
        "a merged story is not listed"
    );
    assert!(matches!(
        store.merge_stories(split, story, now).await,
        Err(StoreError::NotFound(_))
    ));
    Ok(())
}

#[tokio::test]
async fn view_tallies_add_up_on_every_backend() {
    for (name, store, _dir) in stores().await {
        view_tallies(&store)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

/// Many more tallies than one statement writes: every one counted, in
/// each of the three tables, and those of a deleted article dropped.
async fn view_tallies(store: &Store) -> Result<(), StoreError> {
    let now = Utc::now();
    let saved = store
        .save_articles(
            &[
                draft("tally-1", "Harga Cabai Naik", "news", 1),
                draft("tally-2", "Harga Beras Turun", "news", 2),
            ],
            now,
        )
        .await?;
    let (a, b) = (saved[0].id.unwrap(), saved[1].id.unwrap());
    let start = (now.timestamp() / 60) * 60 - 3_000 * 60;
    let sources = ["pencarian", "sosial", "langsung"];
    let mut tallies = Vec::new();
    for i in 0..3_000i64 {
        for (article, count) in [(a, 1), (b, 2), (ArticleId(9_999), 5)] {
            tallies.push(ViewTally {
                article,
                minute: start + 60 * i,
                source: sources[(i % 3) as usize].to_owned(),
                count,
            });
        }
    }
    store.add_view_tallies(&tallies).await?;
    store.add_view_tallies(&tallies[..3]).await?;
    assert_eq!(store.total_views(a).await?, 3_001);
    assert_eq!(store.total_views(b).await?, 6_002);
    let minutes = store.views_per_minute(start).await?;
    assert_eq!(minutes.len(), 3_000);
    assert_eq!(minutes[0], (start, 6), "added up twice");
    assert_eq!(minutes[1], (start + 60, 3));
    let by_source: i64 = store.article_sources(a).await?.iter().map(|(_, n)| n).sum();
    assert_eq!(by_source, 3_001);
    Ok(())
}

#[tokio::test]
async fn an_import_batch_holds_on_every_backend() {
    for (name, store, _dir) in stores().await {
        import_batch(&store)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

/// A batch reads what it needs once for all its articles and writes their
/// tags and authors at its end: an article met twice in one batch ends as
/// its second record says, names known from an earlier batch are not made
/// again, and more links than one statement takes are all written.
async fn import_batch(store: &Store) -> Result<(), StoreError> {
    let mut earlier = draft("batch-0", "Banjir Jakarta Surut", "news", 5);
    earlier.tags = vec!["Banjir".into(), "Jakarta".into()];
    store.save_articles(&[earlier], now()).await?;

    let mut first = draft("batch-1", "Harga Cabai Naik", "bisnis", 3);
    first.tags = vec!["Cabai".into(), "Banjir".into()];
    let mut many = draft("batch-2", "Seratus Kata Kunci", "news", 2);
    many.tags = (0..300).map(|i| format!("Topik {i}")).collect();
    many.authors = vec!["Fulan".into(), "Fulanah".into()];
    let mut again = draft("batch-1", "Harga Cabai Turun", "bisnis", 1);
    again.tags = vec!["Jakarta".into(), "Pasar Induk".into(), "jakarta".into()];
    again.authors = vec!["Budi".into()];
    let saved = store.save_articles(&[first, many, again], now()).await?;
    let outcomes: Vec<Outcome> = saved.iter().map(|u| u.outcome).collect();
    assert_eq!(
        outcomes,
        [Outcome::Created, Outcome::Created, Outcome::Updated]
    );
    assert_eq!(saved[0].id, saved[2].id, "one article, saved twice");

    let twice = store.article(saved[2].id.unwrap()).await?;
    assert_eq!(twice.title, "Harga Cabai Turun");
    let tags: Vec<&str> = twice.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        tags,
        ["Jakarta", "Pasar Induk"],
        "the second record's tags, in order"
    );
    let authors: Vec<&str> = twice.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(authors, ["Budi"]);

    let many = store.article(saved[1].id.unwrap()).await?;
    assert_eq!(many.tags.len(), 300);
    assert_eq!(many.tags[0].name, "Topik 0");
    assert_eq!(many.tags[299].name, "Topik 299");
    assert_eq!(many.authors.len(), 2);

    let jakarta = store.tag("jakarta").await?;
    let banjir = store.tag("banjir").await?;
    let earlier = store
        .article(store.article_id_for_external("batch-0").await?)
        .await?;
    let earlier_tags: Vec<TagId> = earlier.tags.iter().map(|t| t.id).collect();
    assert_eq!(
        earlier_tags,
        [banjir.id, jakarta.id],
        "a tag met again is the same tag"
    );
    Ok(())
}

#[tokio::test]
async fn statistics_are_taken_again_only_when_the_articles_grew() {
    for (name, store, _dir) in stores().await {
        statistics(&store, &name)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

/// On SQLite `ANALYZE` holds the write lock while it reads every index
/// (seconds at a million articles): a start with the statistics still
/// true takes none. On PostgreSQL the counts it goes by are the server's
/// own statistics, sent within a second or so of each transaction, and
/// its rule autovacuum's.
async fn statistics(store: &Store, backend: &str) -> Result<(), StoreError> {
    let postgres = backend == "postgres";
    let batch = |from: usize, count: usize| -> Vec<ArticleContent> {
        (from..from + count)
            .map(|i| draft(&format!("stat-{i}"), &format!("Berita {i}"), "news", 1))
            .collect()
    };
    // Taken again, on PostgreSQL once its statistics show the change.
    let taken = || async {
        for _ in 0..40 {
            if store.analyze_if_outdated().await? {
                return Ok::<_, StoreError>(true);
            }
            if !postgres {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        Ok(false)
    };
    // Not taken, with the time the change had to show.
    let left = || async {
        if postgres {
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        }
        Ok::<_, StoreError>(!store.analyze_if_outdated().await?)
    };
    store.save_articles(&batch(0, 40), now()).await?;
    assert!(taken().await?, "never taken yet");
    assert!(left().await?, "nothing changed");
    store.save_articles(&batch(40, 4), now()).await?;
    assert!(left().await?, "a tenth more");
    // More than a tenth, and on PostgreSQL more than autovacuum's 50
    // rows written besides.
    store.save_articles(&batch(44, 100), now()).await?;
    assert!(taken().await?, "more than a tenth more");
    assert!(left().await?, "taken again");
    Ok(())
}

#[tokio::test]
async fn terpopuler_follows_its_window_on_every_backend() {
    for (name, store, _dir) in stores().await {
        popular_window(&store)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

/// Terpopuler read from the window's sums, kept as views are written and
/// the window moves on hour by hour (and back, when a wider one is asked
/// for), gives what summing every view of the window gives: views written
/// late for an hour the window has left, of an article that does not
/// exist, of one not yet published, and ties, included.
async fn popular_window(store: &Store) -> Result<(), StoreError> {
    use std::collections::HashMap;
    let mut contents: Vec<ArticleContent> = (0..8)
        .map(|i| draft(&format!("pop-{i}"), &format!("Berita {i}"), "news", 100 + i))
        .collect();
    // Published five hours after now(): not live until then.
    contents.push(draft("pop-later", "Berita Nanti", "news", -5));
    let saved = store.save_articles(&contents, now()).await?;
    let ids: Vec<ArticleId> = saved.iter().map(|s| s.id.unwrap()).collect();
    let later = ids[8];
    let missing = ArticleId(99_999);
    // Every view written, per article and hour: what a sum would read.
    let mut written: HashMap<(ArticleId, i64), i64> = HashMap::new();
    let expected = |written: &HashMap<(ArticleId, i64), i64>,
                    since: DateTime<Utc>,
                    at: DateTime<Utc>,
                    limit: usize| {
        let first = since.timestamp().div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS;
        let mut totals: HashMap<ArticleId, i64> = HashMap::new();
        for (&(article, hour), &n) in written {
            let live = article != missing && (article != later || at >= now() + Duration::hours(5));
            if hour >= first && live {
                *totals.entry(article).or_default() += n;
            }
        }
        let mut totals: Vec<(ArticleId, i64)> = totals.into_iter().collect();
        totals.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.0.cmp(&a.0.0)));
        totals.truncate(limit);
        totals
    };
    let start = now().timestamp().div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS - 48 * BUCKET_SECONDS;
    let mut seed = 7u64;
    let mut random = |below: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % below
    };
    for step in 0..54i64 {
        let hour = start + step * BUCKET_SECONDS;
        // Read as the lists read it, half an hour into the hour.
        let at = Utc.timestamp_opt(hour + 1_800, 0).unwrap();
        let since = at - Duration::hours(24);
        let first = hour - 24 * BUCKET_SECONDS;
        // Twice: views, then a reading that moves the window on (every
        // seventh hour a two-day window first, summed anew, which the
        // day's window then moves forward from); then more views, late
        // ones among them, and a reading of the window as it is.
        for round in 0..2 {
            let mut views: Vec<(ArticleId, i64, i64)> = Vec::new();
            for _ in 0..12 {
                let article = match random(12) {
                    10 => missing,
                    11 => later,
                    n => ids[(n % 8) as usize],
                };
                let when = match (round, random(8)) {
                    (_, 0) => hour - BUCKET_SECONDS,
                    (_, 1) => hour - 30 * BUCKET_SECONDS,
                    // The window's first hour, and the hour just before it.
                    (1, 2) => first,
                    (1, 3) => first - BUCKET_SECONDS,
                    _ => hour,
                };
                views.push((article, when, 1 + random(3) as i64));
            }
            if (step + round) % 2 == 0 {
                store.add_views(&views).await?;
            } else {
                let tallies: Vec<ViewTally> = (views.iter())
                    .map(|&(article, hour, count)| ViewTally {
                        article,
                        minute: hour + 60 * random(60) as i64,
                        source: "langsung".into(),
                        count,
                    })
                    .collect();
                store.add_view_tallies(&tallies).await?;
            }
            for &(article, hour, count) in &views {
                if article != missing {
                    *written.entry((article, hour)).or_default() += count;
                }
            }
            let windows: &[i64] = if round == 0 && step % 7 == 3 {
                &[48, 24]
            } else {
                &[24]
            };
            for &hours in windows {
                let since = at - Duration::hours(hours);
                for limit in [3usize, 20] {
                    let popular = store.most_viewed_since(since, at, limit as i64).await?;
                    assert_eq!(
                        popular,
                        expected(&written, since, at, limit),
                        "hour {step}, round {round}, a window of {hours} hours, {limit} asked"
                    );
                }
            }
        }
        // Asked an hour earlier (a node whose clock is behind), the
        // window is read as kept rather than summed anew.
        let behind = store
            .most_viewed_since(since - Duration::hours(1), at, 20)
            .await?;
        assert_eq!(
            behind,
            expected(&written, since, at, 20),
            "hour {step}, an hour behind"
        );
    }
    // Once published, the scheduled article counts with every view it had.
    let at = now() + Duration::hours(6);
    let popular = store
        .most_viewed_since(at - Duration::hours(24), at, 20)
        .await?;
    assert!(popular.iter().any(|(id, _)| *id == later), "{popular:?}");
    assert_eq!(
        popular,
        expected(&written, at - Duration::hours(24), at, 20)
    );
    Ok(())
}

/// Four nodes on one PostgreSQL database: two write views of the same
/// articles batch after batch while the other two move the window on hour
/// by hour, and the window's sums end as summing the views gives: no
/// batch counted twice or left out, whichever came first, and no two
/// flushes deadlocked on each other's rows.
#[tokio::test]
async fn nodes_writing_views_and_moving_the_window_agree_on_postgres() {
    let Ok(base) = std::env::var("WARTA_TEST_POSTGRES_URL") else {
        return;
    };
    let url = Store::fresh_postgres_schema(&base).await.unwrap();
    let mut nodes = Vec::new();
    for _ in 0..4 {
        nodes.push(Store::connect(&url).await.unwrap());
    }
    let contents: Vec<ArticleContent> = (0..40)
        .map(|i| draft(&format!("node-{i}"), &format!("Berita {i}"), "news", 100))
        .collect();
    let saved = nodes[0].save_articles(&contents, now()).await.unwrap();
    let ids: Vec<ArticleId> = saved.iter().map(|s| s.id.unwrap()).collect();
    let start = now().timestamp().div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS - 48 * BUCKET_SECONDS;
    // Node `n`'s batch `round`: every article, over the two days.
    let batch = |n: i64, round: i64| -> Vec<(ArticleId, i64, i64)> {
        (0..40i64)
            .map(|i| {
                let hour = start + ((round * (n + 1) + i) % 48) * BUCKET_SECONDS;
                (ids[i as usize], hour, 1 + (round + i + n) % 5)
            })
            .collect()
    };
    let write = |n: usize| {
        let node = &nodes[n];
        async move {
            for round in 0..40 {
                node.add_views(&batch(n as i64, round)).await.unwrap();
            }
        }
    };
    let read = |n: usize| {
        let node = &nodes[n];
        async move {
            for hour in 0..24 {
                let at = Utc
                    .timestamp_opt(start + (24 + hour) * BUCKET_SECONDS, 0)
                    .unwrap();
                node.most_viewed_since(at - Duration::hours(24), at, 10)
                    .await
                    .unwrap();
            }
        }
    };
    tokio::join!(write(0), write(1), read(2), read(3));
    let at = Utc.timestamp_opt(start + 47 * BUCKET_SECONDS, 0).unwrap();
    let kept = nodes[2]
        .most_viewed_since(at - Duration::hours(24), at, 40)
        .await
        .unwrap();
    let first = start + 23 * BUCKET_SECONDS;
    let mut summed: Vec<(ArticleId, i64)> = ids
        .iter()
        .map(|&id| {
            let views: i64 = (0..2)
                .flat_map(|n| (0..40).flat_map(move |round| batch(n, round)))
                .filter(|&(article, hour, _)| article == id && hour >= first)
                .map(|(_, _, count)| count)
                .sum();
            (id, views)
        })
        .collect();
    summed.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.0.cmp(&a.0.0)));
    assert_eq!(kept, summed);
}
