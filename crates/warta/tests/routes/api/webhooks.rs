//! Webhooks as an app's backend meets them: a real receiver on loopback
//! gets each publish, update and take-down, signed; a receiver that is
//! down gets the event later, across a restart of Warta; several nodes
//! send each event once; admins manage it all in the API and the newsroom.

use crate::util::receiver::{Received, Receiver};
use crate::util::{ArticleBuilder, TestApp, eventually};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;
use warta_core::Role;

/// Retries a second apart, doubling, so a test sees several.
const CONFIG: &str = "[webhooks]\nretry_seconds = 1\ntimeout_seconds = 2\n";

/// A server with one article in section `news`, where the tests' drafts go.
async fn start() -> TestApp {
    let app = TestApp::start_with(CONFIG).await;
    app.add(&[ArticleBuilder::new("awal", "Harga Cabai Naik")])
        .await;
    app
}

/// Waits up to `seconds` for `check`, which reads the receiver.
async fn wait_for(what: &str, seconds: u64, check: impl Fn() -> bool) {
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what}: not within {seconds} s");
}

fn events(received: &[Received]) -> Vec<String> {
    received.iter().map(|r| r.event.clone()).collect()
}

async fn subscribe(app: &TestApp, admin: &str, receiver: &Receiver, events: &[&str]) -> Value {
    let (status, webhook) = app
        .api(
            Method::POST,
            "/api/v1/webhooks",
            Some(admin),
            Some(json!({"url": receiver.url(), "events": events})),
        )
        .await;
    assert_eq!(status, 201, "{webhook}");
    receiver.set_secret(webhook["secret"].as_str().unwrap());
    webhook
}

#[tokio::test]
async fn an_app_hears_of_each_publish_update_and_take_down_signed() {
    let app = start().await;
    let (admin, _) = app.add_user("admin@redaksi.id", "Admin", Role::Admin).await;
    let (editor, _) = app.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let (contributor, _) = app
        .add_user("kontributor@redaksi.id", "Kon", Role::Contributor)
        .await;
    let (admin, editor, contributor) = (
        app.token_for(admin).await,
        app.token_for(editor).await,
        app.token_for(contributor).await,
    );
    let receiver = Receiver::start().await;

    // Only admins subscribe; a bad address or event is refused clearly.
    for (token, body, status) in [
        (
            &contributor,
            json!({"url": receiver.url(), "events": ["article.published"]}),
            403,
        ),
        (
            &editor,
            json!({"url": receiver.url(), "events": ["article.published"]}),
            403,
        ),
        (
            &admin,
            json!({"url": "ftp://x.example/", "events": ["article.published"]}),
            422,
        ),
        (&admin, json!({"url": receiver.url(), "events": []}), 422),
        (
            &admin,
            json!({"url": receiver.url(), "events": ["article.deleted"]}),
            422,
        ),
    ] {
        let (got, answer) = app
            .api(
                Method::POST,
                "/api/v1/webhooks",
                Some(token),
                Some(body.clone()),
            )
            .await;
        assert_eq!(got, status, "{body} {answer}");
        assert!(
            answer["type"]
                .as_str()
                .unwrap()
                .starts_with("urn:warta:problem:")
        );
    }
    let webhook = subscribe(
        &app,
        &admin,
        &receiver,
        &[
            "article.published",
            "article.updated",
            "article.unpublished",
        ],
    )
    .await;
    assert!(webhook["secret"].as_str().unwrap().starts_with("whsec_"));
    let (_, listed) = app
        .api(Method::GET, "/api/v1/webhooks", Some(&admin), None)
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(
        listed[0].get("secret").is_none(),
        "the secret is shown once"
    );

    // A draft is no news; publishing, a correction and a take-down are.
    let draft = app
        .api_draft(&editor, "Gempa Guncang Cianjur", "Isi berita.")
        .await;
    let live = app.api_publish(&editor, &draft).await;
    wait_for("the publish", 5, || receiver.received().len() == 1).await;
    let (status, updated) = app
        .api(
            Method::PUT,
            &format!("/api/v1/articles/{}", live["id"]),
            Some(&editor),
            Some(
                json!({"version": live["version"], "title": "Gempa M5,6 Guncang Cianjur",
                        "section": "news", "body": "Isi berita, diperbarui."}),
            ),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    wait_for("the update", 5, || receiver.received().len() == 2).await;
    app.api_unpublish(&editor, &updated).await;
    wait_for("the take-down", 5, || receiver.received().len() == 3).await;

    let received = receiver.received();
    assert_eq!(
        events(&received),
        [
            "article.published",
            "article.updated",
            "article.unpublished"
        ]
    );
    assert!(received.iter().all(|r| r.signature_ok), "{received:?}");
    assert_eq!(
        received[0].body["article"]["title"],
        "Gempa Guncang Cianjur"
    );
    assert_eq!(received[0].body["article"]["status"], "published");
    assert_eq!(received[0].body["article"]["url"], live["url"]);
    assert_eq!(
        received[1].body["article"]["title"],
        "Gempa M5,6 Guncang Cianjur"
    );
    assert_eq!(received[2].body["article"]["status"], "unpublished");
    let mut ids: Vec<&str> = received.iter().map(|r| r.delivery.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 3);

    // A receiver with the wrong secret would refuse them: the signature
    // is really checked.
    receiver.set_secret("whsec_bukan");
    let (status, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/webhooks/{}/test", webhook["id"]),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(status, 202);
    wait_for("the test delivery", 5, || receiver.received().len() == 4).await;
    let ping = &receiver.received()[3];
    assert_eq!(ping.event, "ping");
    assert!(!ping.signature_ok);

    // The log, newest first, one attempt each. A receiver holds each
    // event before Warta has its answer and writes it down: wait for that.
    let log_path = format!("/api/v1/webhooks/{}", webhook["id"]);
    eventually("the answers in the log", || async {
        let (_, log) = app.api(Method::GET, &log_path, Some(&admin), None).await;
        log["deliveries"]
            .as_array()
            .is_some_and(|all| all.iter().all(|d| d["state"] != "pending"))
    })
    .await;
    let (status, log) = app.api(Method::GET, &log_path, Some(&admin), None).await;
    assert_eq!(status, 200);
    let deliveries = log["deliveries"].as_array().unwrap();
    assert_eq!(
        deliveries
            .iter()
            .map(|d| d["event"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [
            "ping",
            "article.unpublished",
            "article.updated",
            "article.published"
        ]
    );
    assert!(deliveries.iter().all(|d| d["state"] == "delivered"
        && d["attempts"].as_array().unwrap().len() == 1
        && d["attempts"][0]["status"] == 204));

    // Stopped, it is sent nothing; removed, it is gone.
    let path = format!("/api/v1/webhooks/{}", webhook["id"]);
    let (status, switched) = app
        .api(
            Method::PATCH,
            &path,
            Some(&admin),
            Some(json!({"active": false})),
        )
        .await;
    assert_eq!((status, &switched["active"]), (200, &json!(false)));
    let other = app.api_draft(&editor, "Banjir Rob Jakarta", "Isi.").await;
    app.api_publish(&editor, &other).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(receiver.received().len(), 4, "nothing sent while stopped");
    assert_eq!(
        app.api(Method::DELETE, &path, Some(&admin), None).await.0,
        204
    );
    assert_eq!(app.api(Method::GET, &path, Some(&admin), None).await.0, 404);
}

#[tokio::test]
async fn a_receiver_that_was_down_gets_the_event_after_retries_and_a_restart() {
    let app = start().await;
    let (admin, _) = app.add_user("admin@redaksi.id", "Admin", Role::Admin).await;
    let (editor, _) = app.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let (admin, editor) = (app.token_for(admin).await, app.token_for(editor).await);
    // The receiver's port, with nobody listening.
    let receiver = Receiver::start().await;
    let webhook = subscribe(&app, &admin, &receiver, &["article.published"]).await;
    let secret = webhook["secret"].as_str().unwrap().to_owned();
    let addr = receiver.stop().await;

    let draft = app
        .api_draft(&editor, "Harga Beras Naik", "Isi berita.")
        .await;
    app.api_publish(&editor, &draft).await;
    let log_path = format!("/api/v1/webhooks/{}", webhook["id"]);
    let attempts = |log: &Value| -> Vec<Value> {
        log["deliveries"][0]["attempts"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let mut log = Value::Null;
    for _ in 0..100 {
        log = app.api(Method::GET, &log_path, Some(&admin), None).await.1;
        if !attempts(&log).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let first = &attempts(&log)[0];
    assert_eq!(first["status"], Value::Null, "{log}");
    assert!(
        first["error"]
            .as_str()
            .unwrap()
            .starts_with("cannot connect"),
        "{log}"
    );
    assert_eq!(log["deliveries"][0]["state"], "pending");

    // Warta restarts while the delivery waits; the receiver comes back
    // answering 503, then 204.
    let dir = app.stop().await;
    let receiver = Receiver::start_on(addr).await;
    receiver.set_secret(&secret);
    receiver.answer(503);
    let app = TestApp::start_in(dir, CONFIG).await;
    wait_for("an attempt after the restart", 20, || {
        !receiver.received().is_empty()
    })
    .await;
    receiver.answer(204);
    wait_for("the delivery", 40, || {
        receiver.received().iter().any(|r| r.answered == 204)
    })
    .await;
    let received = receiver.received();
    assert!(received.iter().all(|r| r.signature_ok
        && r.event == "article.published"
        && r.delivery == received[0].delivery));
    assert_eq!(
        received.last().unwrap().body["article"]["title"],
        "Harga Beras Naik"
    );

    // The receiver has answered; Warta writes the answer down just after.
    eventually("the answer in the log", || async {
        let log = app.api(Method::GET, &log_path, Some(&admin), None).await.1;
        log["deliveries"][0]["state"] != "pending"
    })
    .await;
    let log = app.api(Method::GET, &log_path, Some(&admin), None).await.1;
    let delivery = &log["deliveries"][0];
    assert_eq!(delivery["state"], "delivered", "{log}");
    let statuses: Vec<Value> = attempts(&log).iter().map(|a| a["status"].clone()).collect();
    assert_eq!(statuses.first(), Some(&Value::Null), "{log}");
    assert!(statuses.contains(&json!(503)), "{log}");
    assert_eq!(statuses.last(), Some(&json!(204)), "{log}");

    // The newsroom shows the same log.
    let (admin_id, password) = app
        .add_user("admin2@redaksi.id", "Admin Dua", Role::Admin)
        .await;
    let staff = app
        .signed_in(admin_id, "admin2@redaksi.id", &password)
        .await;
    let (status, page) = staff
        .get(&format!("/redaksi/webhook/{}", webhook["id"]))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("terkirim") && page.contains("<strong>503</strong>"),
        "{page}"
    );
    assert!(page.contains("cannot connect"), "{page}");
}

#[tokio::test]
async fn each_event_is_sent_once_whatever_the_number_of_nodes() {
    let first = start().await;
    let second = first.second_node(CONFIG).await;
    let (admin, _) = first
        .add_user("admin@redaksi.id", "Admin", Role::Admin)
        .await;
    let (editor, _) = first.add_user("ed@redaksi.id", "Ed", Role::Editor).await;
    let (admin, editor) = (first.token_for(admin).await, first.token_for(editor).await);
    let receiver = Receiver::start().await;
    subscribe(&first, &admin, &receiver, &["article.published"]).await;
    for n in 0..6 {
        let node = if n % 2 == 0 { &first } else { &second };
        let draft = node
            .api_draft(&editor, &format!("Berita Nomor {n}"), "Isi berita.")
            .await;
        node.api_publish(&editor, &draft).await;
    }
    wait_for("six deliveries", 10, || receiver.received().len() >= 6).await;
    // Both nodes go on polling; nothing more comes.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let received = receiver.received();
    assert_eq!(received.len(), 6, "{received:?}");
    let mut ids: Vec<&str> = received.iter().map(|r| r.delivery.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6);
    let mut titles: Vec<String> = received
        .iter()
        .map(|r| r.body["article"]["title"].as_str().unwrap().to_owned())
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        (0..6)
            .map(|n| format!("Berita Nomor {n}"))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn admins_manage_webhooks_in_the_newsroom_and_others_may_not() {
    let app = TestApp::start_with(CONFIG).await;
    let admin = app.staff("admin@redaksi.id", Role::Admin).await;
    let editor = app.staff("ed@redaksi.id", Role::Editor).await;
    let receiver = Receiver::start().await;

    assert_eq!(editor.get("/redaksi/webhook").await.0, 403);
    let (status, page) = admin.get("/redaksi/webhook").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Belum ada webhook."));
    assert!(
        page.contains("href=\"/redaksi/webhook\""),
        "in the menu of admins"
    );
    assert!(
        !editor
            .get("/redaksi")
            .await
            .1
            .contains("href=\"/redaksi/webhook\"")
    );

    // A mistyped address: the reason in Indonesian, the address kept.
    let response = admin
        .post(
            "/redaksi/webhook",
            &[
                ("alamat", "aplikasi.example.net/warta"),
                ("peristiwa", "article.published"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("tidak bisa dipakai"), "{page}");
    assert!(
        page.contains("value=\"aplikasi.example.net/warta\""),
        "{page}"
    );
    let response = admin
        .post("/redaksi/webhook", &[("alamat", receiver.url().as_str())])
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("paling sedikit satu peristiwa")
    );

    // Added: the secret is shown this once.
    let response = admin
        .post(
            "/redaksi/webhook",
            &[
                ("alamat", receiver.url().as_str()),
                ("peristiwa", "article.published"),
                ("peristiwa", "article.unpublished"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    let secret = page
        .split("<code id=\"secret\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap()
        .to_owned();
    assert!(secret.starts_with("whsec_"));
    receiver.set_secret(&secret);
    let (_, list) = admin.get("/redaksi/webhook").await;
    assert!(!list.contains(&secret));
    assert!(list.contains("article.published, article.unpublished"));
    let id = app.app.store.webhooks().await.unwrap()[0].id;

    // "Kirim uji" reaches the receiver, signed, and shows in the log.
    let response = admin
        .post(&format!("/redaksi/webhook/{id}"), &[("aksi", "uji")])
        .await;
    assert_eq!(response.status(), 303);
    wait_for("the test delivery", 5, || receiver.received().len() == 1).await;
    assert!(receiver.received()[0].signature_ok);
    assert_eq!(receiver.received()[0].event, "ping");
    eventually("the log shows it delivered", || async {
        admin
            .get(&format!("/redaksi/webhook/{id}"))
            .await
            .1
            .contains("terkirim")
    })
    .await;
    assert_eq!(
        editor
            .post(&format!("/redaksi/webhook/{id}"), &[("aksi", "hapus")])
            .await
            .status(),
        403
    );
    let response = admin
        .post(&format!("/redaksi/webhook/{id}"), &[("aksi", "hapus")])
        .await;
    assert_eq!(response.status(), 303);
    assert!(app.app.store.webhooks().await.unwrap().is_empty());
}
