//! What the rich editor's script asks of the server, as the script asks
//! it: autosave apart from the article, a new article's first autosave,
//! the session check and signing in again inside the page, the library as
//! JSON (search, details, focal point, deleting), the Baca Juga search,
//! and the bodies it sends sanitised whatever they hold.

use crate::util::newsroom::{StaffClient, article_form};
use crate::util::{ArticleBuilder, TestApp, http_client};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use warta_core::Role;

/// A new article saved with the form; its editor address.
async fn new_article(staff: &StaffClient, title: &str, body: &str) -> String {
    let response = staff
        .post_multipart(
            "/redaksi/artikel",
            article_form(&[
                ("versi", "0"),
                ("judul", title),
                ("kanal", "news"),
                ("format", "html"),
                ("isi", body),
                ("aksi", "simpan"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap();
    location.split('?').next().unwrap().to_owned()
}

/// The editor's autosave of `edit` at `version`.
async fn autosave(
    staff: &StaffClient,
    edit: &str,
    version: i64,
    title: &str,
    body: &str,
) -> (u16, Value) {
    let fields = json!({
        "versi": version.to_string(),
        "judul": title,
        "ringkasan": "",
        "isi": body,
        "format": "html",
        "kanal": "news",
        "penulis": "Ani",
        "_csrf": "never stored",
    });
    staff
        .json(Method::POST, &format!("{edit}/autosimpan"), Some(&fields))
        .await
}

#[tokio::test]
async fn autosaves_stay_apart_from_the_article_until_it_is_saved() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("x", "Ada kanal")]).await;
    let ani = app.staff("ani@redaksi.id", Role::Editor).await;
    let budi = app.staff("budi@redaksi.id", Role::Editor).await;
    let edit = new_article(&ani, "Banjir Rob di Pesisir", "<p>Air laut naik.</p>").await;
    let response = ani
        .post_multipart(
            &edit,
            article_form(&[
                ("versi", "1"),
                ("judul", "Banjir Rob di Pesisir"),
                ("kanal", "news"),
                ("format", "html"),
                ("isi", "<p>Air laut naik.</p>"),
                ("aksi", "terbitkan"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 303);
    let version = ani.version_of(&edit).await;

    // Typing in a published article: the autosave is kept, the article
    // and its readers see nothing of it.
    let typed = "<p>Air laut naik.</p><p>Kalimat baru yang belum disimpan.</p>";
    let (status, saved) = autosave(&ani, &edit, version, "Banjir Rob Meluas", typed).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["version"], version);
    assert!(saved["saved_at"].as_str().unwrap().contains('.'));
    app.refresh().await;
    let (_, home) = app.page("/").await;
    assert!(home.contains("Banjir Rob di Pesisir") && !home.contains("Banjir Rob Meluas"));
    assert_eq!(
        ani.version_of(&edit).await,
        version,
        "an autosave is no version"
    );

    // Its author opens the editor on it, told so; another editor does not.
    let (_, page) = ani.get(&edit).await;
    assert!(
        page.contains("Kalimat baru yang belum disimpan."),
        "the autosave is opened"
    );
    assert!(page.contains("simpanan otomatis"));
    assert!(page.contains("/autosimpan/buang"));
    let (_, other) = budi.get(&edit).await;
    assert!(!other.contains("Kalimat baru yang belum disimpan."));

    // The revisions list shows it apart, and compares it with the article.
    let (_, revisions) = ani.get(&format!("{edit}/revisi")).await;
    assert!(revisions.contains("Simpanan otomatis"), "{revisions}");
    assert!(revisions.contains("Banjir Rob Meluas"));
    let compare = format!("{edit}/autosimpan/{}", ani.id.0);
    let (status, diff) = budi.get(&compare).await;
    assert_eq!(status, 200);
    assert!(
        diff.contains("+ Kalimat baru yang belum disimpan."),
        "{diff}"
    );
    assert!(
        !diff.contains("Buka simpanan otomatis"),
        "only its author opens it"
    );

    // A real save makes it history.
    let response = ani
        .post_multipart(
            &edit,
            article_form(&[
                ("versi", &version.to_string()),
                ("judul", "Banjir Rob Meluas"),
                ("kanal", "news"),
                ("format", "html"),
                ("isi", typed),
                ("aksi", "simpan"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, revisions) = ani.get(&format!("{edit}/revisi")).await;
    assert!(!revisions.contains("Simpanan otomatis"));
    let (_, page) = ani.get(&edit).await;
    assert!(!page.contains("/autosimpan/buang"));
    let version = ani.version_of(&edit).await;

    // Typed over a version someone saved after: refused, so the editor
    // stops and keeps its copy.
    let (status, refused) = autosave(&budi, &edit, version - 1, "Lama", "<p>x</p>").await;
    assert_eq!(status, 409, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("versi")
    );

    // An autosave older than the stored version is offered, not opened.
    let (status, _) = autosave(
        &ani,
        &edit,
        version,
        "Judul Autosave",
        "<p>Ketikan Ani.</p>",
    )
    .await;
    assert_eq!(status, 200);
    let response = budi
        .post_multipart(
            &edit,
            article_form(&[
                ("versi", &version.to_string()),
                ("judul", "Judul Budi"),
                ("kanal", "news"),
                ("format", "html"),
                ("isi", "<p>Ketikan Budi.</p>"),
                ("aksi", "simpan"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, page) = ani.get(&edit).await;
    assert!(page.contains("Ketikan Budi.") && !page.contains("Ketikan Ani."));
    assert!(page.contains("Anda punya simpanan otomatis"));
    let (_, asked) = ani.get(&format!("{edit}?simpanan=1")).await;
    assert!(asked.contains("Ketikan Ani."));

    // Dropped: the stored version again.
    let response = ani.post(&format!("{edit}/autosimpan/buang"), &[]).await;
    assert_eq!(response.status(), 303);
    let (_, page) = ani.get(&edit).await;
    assert!(!page.contains("simpanan otomatis") && page.contains("Ketikan Budi."));
}

#[tokio::test]
async fn autosave_is_refused_to_those_who_may_not_edit_and_without_a_token() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("x", "Ada kanal")]).await;
    let ani = app.staff("ani@redaksi.id", Role::Author).await;
    let citra = app.staff("citra@redaksi.id", Role::Contributor).await;
    let edit = new_article(&ani, "Milik Ani", "<p>Isi.</p>").await;
    let (status, body) = autosave(&citra, &edit, 1, "Bukan miliknya", "<p>x</p>").await;
    assert_eq!(status, 403, "{body}");
    // Without the CSRF token the guard refuses before anything is read.
    let response = http_client()
        .build()
        .unwrap()
        .post(format!("{}{edit}/autosimpan", app.base))
        .header("cookie", &ani.cookie)
        .header("accept", "application/json")
        .json(&json!({"versi": "1", "judul": "Palsu"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // Not JSON: a clear refusal, in JSON.
    let response = http_client()
        .build()
        .unwrap()
        .post(format!("{}{edit}/autosimpan", app.base))
        .header("cookie", &ani.cookie)
        .header("accept", "application/json")
        .header("x-csrf-token", &ani.csrf)
        .body("bukan json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let refused: Value = response.json().await.unwrap();
    assert!(refused["error"]["message"].is_string(), "{refused}");
    // A form that cannot be opened again is not kept.
    let fields = json!({"versi": "1", "judul": "x", "kanal": "news", "gambar": "bukan angka"});
    let (status, refused) = ani
        .json(Method::POST, &format!("{edit}/autosimpan"), Some(&fields))
        .await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("bukan angka"),
        "{refused}"
    );
}

#[tokio::test]
async fn a_new_article_is_autosaved_as_a_draft_once_it_has_a_title() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("x", "Ada kanal")]).await;
    let ani = app.staff("ani@redaksi.id", Role::Contributor).await;
    let send = |title: &str| {
        let form = article_form(&[
            ("versi", "0"),
            ("judul", title),
            ("kanal", "news"),
            ("format", "html"),
            ("isi", "<p>Draf pertama.</p>"),
            ("aksi", "autosimpan"),
        ]);
        ani.http
            .post(format!("{}/redaksi/artikel?_csrf={}", app.base, ani.csrf))
            .header("cookie", &ani.cookie)
            .header("accept", "application/json")
            .multipart(form)
            .send()
    };
    let response = send("").await.unwrap();
    assert_eq!(response.status(), 422);
    let refused: Value = response.json().await.unwrap();
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Judul"),
        "{refused}"
    );
    let response = send("Draf yang Tersimpan Sendiri").await.unwrap();
    assert_eq!(response.status(), 201);
    let made: Value = response.json().await.unwrap();
    let edit = made["edit_url"].as_str().unwrap().to_owned();
    assert_eq!(edit, format!("/redaksi/artikel/{}", made["id"]));
    assert_eq!(made["version"], 1);
    let (status, page) = ani.get(&edit).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Draf pertama.") && page.contains(">draf</span>"),
        "a draft"
    );
}

#[tokio::test]
async fn the_editor_checks_its_session_and_signs_in_again_inside_the_page() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("x", "Ada kanal")]).await;
    let ani = app.staff("ani@redaksi.id", Role::Author).await;
    let edit = new_article(&ani, "Sesi yang Berakhir", "<p>Isi.</p>").await;
    let (status, session) = ani.json(Method::GET, "/redaksi/sesi", None).await;
    assert_eq!(status, 200);
    assert_eq!(session["csrf"], ani.csrf.as_str());

    // Signed out in another tab.
    assert_eq!(ani.post("/redaksi/keluar", &[]).await.status(), 303);
    let (status, ended) = ani.json(Method::GET, "/redaksi/sesi", None).await;
    assert_eq!(status, 401);
    assert_eq!(ended["error"]["code"], "session_ended");
    assert!(
        ended["error"]["message"].as_str().unwrap().contains("Sesi"),
        "{ended}"
    );
    let (status, _) = autosave(&ani, &edit, 1, "Hilang?", "<p>Tidak.</p>").await;
    assert_eq!(status, 401);
    // A page still goes to the sign-in form.
    let response = ani.get_response(&edit).await;
    assert_eq!(response.status(), 303);

    let in_page = |origin: Option<&str>, with_header: bool, password: &str| {
        let mut request = ani
            .http
            .post(format!("{}/redaksi/masuk", app.base))
            .header("accept", "application/json")
            .form(&[("email", ani.email.as_str()), ("password", password)]);
        if with_header {
            request = request.header("x-requested-with", "fetch");
        }
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    // A page of another site can neither set the header nor hide its origin.
    let response = in_page(None, false, &ani.password).await.unwrap();
    assert_eq!(response.status(), 403);
    let response = in_page(Some("http://jahat.example"), true, &ani.password)
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = in_page(None, true, "salah-sandi").await.unwrap();
    assert_eq!(response.status(), 401);
    let wrong: Value = response.json().await.unwrap();
    assert!(
        wrong["error"]["message"]
            .as_str()
            .unwrap()
            .contains("salah"),
        "{wrong}"
    );

    // The editor's dialog: a new session, its token, and the save goes on.
    let origin = app.base.clone();
    let response = in_page(Some(&origin), true, &ani.password).await.unwrap();
    assert_eq!(response.status(), 200);
    let cookie = crate::util::newsroom::cookie_from(&response, "warta_sesi").unwrap();
    let signed: Value = response.json().await.unwrap();
    let again = StaffClient {
        cookie,
        csrf: signed["csrf"].as_str().unwrap().to_owned(),
        base: ani.base.clone(),
        id: ani.id,
        email: ani.email.clone(),
        password: ani.password.clone(),
        http: ani.http.clone(),
    };
    let (status, saved) =
        autosave(&again, &edit, 1, "Sesi yang Berakhir", "<p>Tersimpan.</p>").await;
    assert_eq!(status, 200, "{saved}");
}

/// A 1600x900 PNG, red on the left half and blue on the right.
fn two_halves() -> Vec<u8> {
    let image = image::RgbImage::from_fn(1600, 900, |x, _| {
        if x < 800 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// How much of a served image is blue rather than red, 0 to 1.
async fn blue_share(app: &TestApp, path: &str) -> f64 {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let bytes = response.bytes().await.unwrap();
    let image = image::load_from_memory(&bytes).unwrap().to_rgb8();
    let blue = image.pixels().filter(|p| p[2] > p[0]).count();
    blue as f64 / (image.width() * image.height()) as f64
}

async fn upload(
    staff: &StaffClient,
    name: &str,
    bytes: Vec<u8>,
    caption: &str,
    alt: &str,
) -> (u16, Value) {
    let form = Form::new()
        .part("berkas", Part::bytes(bytes).file_name(name.to_owned()))
        .text("keterangan", caption.to_owned())
        .text("kredit", "Warta/Ani".to_owned())
        .text("alt", alt.to_owned());
    let response = staff
        .http
        .post(format!("{}/redaksi/media", staff.base))
        .header("cookie", &staff.cookie)
        .header("accept", "application/json")
        .header("x-csrf-token", &staff.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_library_is_searched_described_cropped_and_pruned() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("x", "Ada kanal")]).await;
    let ani = app.staff("ani@redaksi.id", Role::Editor).await;
    let (status, first) = upload(
        &ani,
        "pantai.png",
        two_halves(),
        "Pantai Kuta sore hari",
        "Ombak di pantai",
    )
    .await;
    assert_eq!(status, 201, "{first}");
    let first = &first["item"];
    assert_eq!(first["alt"], "Ombak di pantai");
    assert_eq!(first["focal"], json!([0.5, 0.5]));
    let (status, second) = upload(
        &ani,
        "banjir.png",
        crate::util::newsroom::png(640, 480),
        "Banjir Kampung Melayu",
        "",
    )
    .await;
    assert_eq!(status, 201);
    let second = &second["item"];

    // Search by caption, credit, alternative text or file name.
    for (words, expect) in [
        ("melayu", 1),
        ("OMBAK", 1),
        ("banjir.png", 1),
        ("warta/ani", 2),
        ("", 2),
        ("gempa", 0),
    ] {
        let (status, found) = ani
            .json(
                Method::GET,
                &format!("/redaksi/media.json?q={}", urlencode(words)),
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            found["items"].as_array().unwrap().len(),
            expect,
            "{words}: {found}"
        );
    }
    let (_, newest) = ani.json(Method::GET, "/redaksi/media.json", None).await;
    assert_eq!(newest["items"][0]["id"], second["id"], "newest first");

    // The focal point moves every crop, at once.
    let id = first["id"].as_i64().unwrap();
    let square = format!("/media/{id}/square.webp");
    let centred = blue_share(&app, &square).await;
    assert!((0.4..0.6).contains(&centred), "{centred}");
    let (status, moved) = ani
        .json(
            Method::POST,
            &format!("/redaksi/media/{id}"),
            Some(&json!({"caption": "Pantai Kuta", "credit": "Warta/Ani", "alt": "Ombak", "focal": [0.95, 0.5]})),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["item"]["focal"], json!([0.95, 0.5]));
    assert!(
        blue_share(&app, &square).await > 0.85,
        "the square keeps the right"
    );
    // The 16:9 card of a 16:9 picture is the whole picture, wherever
    // the focal point is.
    let card = blue_share(&app, &format!("/media/{id}/card.webp")).await;
    assert!((0.4..0.6).contains(&card), "{card}");
    let response = app.get(&square).await;
    assert_eq!(response.headers()["cache-control"], "public, max-age=3600");
    // The library page's form, in percent.
    let response = ani
        .post(
            &format!("/redaksi/media/{id}"),
            &[
                ("keterangan", "Pantai Kuta"),
                ("kredit", ""),
                ("alt", "Ombak"),
                ("fokus_x", "5"),
                ("fokus_y", "50"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(
        blue_share(&app, &square).await < 0.15,
        "the square keeps the left"
    );
    let (status, refused) = ani
        .json(
            Method::POST,
            &format!("/redaksi/media/{id}"),
            Some(&json!({"focal": [1.5, 0.5]})),
        )
        .await;
    assert_eq!(status, 422, "{refused}");

    // An image in a body is not deleted; an unused one is, files and all.
    let body = format!(
        "<figure class=\"picture\" data-media=\"{id}\"><img src=\"/media/{id}/large.webp\" alt=\"Ombak\"><figcaption>Pantai</figcaption></figure>"
    );
    new_article(&ani, "Pantai Ramai", &body).await;
    let response = ani.post(&format!("/redaksi/media/{id}/hapus"), &[]).await;
    assert_eq!(response.status(), 409);
    let page = response.text().await.unwrap();
    assert!(page.contains("dipakai"), "said on the library page: {page}");
    assert!(page.contains("Pustaka media"));
    let other = second["id"].as_i64().unwrap();
    let response = ani
        .post(&format!("/redaksi/media/{other}/hapus"), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        app.get(&format!("/media/{other}/thumb.webp"))
            .await
            .status(),
        404
    );
    let (_, left) = ani.json(Method::GET, "/redaksi/media.json", None).await;
    assert_eq!(left["items"].as_array().unwrap().len(), 1);

    // A fake picture: a clear refusal in the newsroom's language.
    let (status, refused) = upload(
        &ani,
        "foto.jpg",
        b"bukan gambar sama sekali".to_vec(),
        "",
        "",
    )
    .await;
    assert_eq!(status, 415, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("gambar"),
        "{refused}"
    );
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn baca_juga_is_found_by_words_or_number_among_published_articles() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new("a", "Gempa Guncang Cianjur Pagi Ini"),
            ArticleBuilder::new("b", "Harga Beras Naik Menjelang Lebaran"),
        ])
        .await;
    app.refresh().await;
    let ani = app.staff("ani@redaksi.id", Role::Author).await;
    new_article(&ani, "Gempa Draf Belum Terbit", "<p>x</p>").await;
    let (status, found) = ani
        .json(Method::GET, "/redaksi/artikel.json?q=gempa", None)
        .await;
    assert_eq!(status, 200);
    let items = found["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "drafts are not offered: {found}");
    assert_eq!(items[0]["title"], "Gempa Guncang Cianjur Pagi Ini");
    assert_eq!(items[0]["id"], ids[0].0);
    let (_, by_number) = ani
        .json(
            Method::GET,
            &format!("/redaksi/artikel.json?q={}", ids[1].0),
            None,
        )
        .await;
    assert_eq!(
        by_number["items"][0]["title"],
        "Harga Beras Naik Menjelang Lebaran"
    );
}

#[tokio::test]
async fn whatever_the_editor_sends_is_stored_harmless() {
    let app = TestApp::start().await;
    app.add(&[ArticleBuilder::new("x", "Ada kanal")]).await;
    let ani = app.staff("ani@redaksi.id", Role::Editor).await;
    let nested = "<ul><li>".repeat(2000) + "dalam" + &"</li></ul>".repeat(2000);
    let hostile = [
        "<p>Paragraf biasa.</p>",
        "<script>alert(1)</script>",
        "<iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\"></iframe>",
        "<p><img src=x onerror=alert(2)></p>",
        "<p><a href=\"javascript:alert(3)\">a</a> <a href=\" JaVaScRiPt:alert(4)\">b</a></p>",
        "<p><a href=\"data:text/html,<script>alert(5)</script>\">c</a></p>",
        "<p style=\"background:url(javascript:alert(6))\">gaya</p><style>p{}</style>",
        "<svg onload=alert(7)><circle/></svg><math><mtext><style>x</style></mtext></math>",
        "<figure class=\"embed\" data-provider=\"youtube\"><a href=\"https://youtube.com.evil.example/watch?v=abc\">palsu</a></figure>",
        "<figure class=\"embed\" data-provider=\"youtube\"><a href=\"https://evil.example/youtube.com/watch?v=abc\">palsu2</a></figure>",
        "<figure class=\"embed\" data-provider=\"x\"><a href=\"https://www.youtube.com/watch?v=javascript:alert(8)\">param</a></figure>",
        "<figure class=\"embed\" data-provider=\"youtube\"><a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">asli</a></figure>",
        "<figure class=\"picture\" data-media=\"1 onload=alert(9)\" data-focal=\"2,-1\"><img src=\"/media/1/large.webp\" onload=alert(10)></figure>",
        &nested,
    ]
    .concat();
    let edit = new_article(&ani, "Uji Masukan Jahat", &hostile).await;
    let version = ani.version_of(&edit).await;
    let response = ani
        .post_multipart(
            &edit,
            article_form(&[
                ("versi", &version.to_string()),
                ("judul", "Uji Masukan Jahat"),
                ("kanal", "news"),
                ("format", "html"),
                ("isi", &hostile),
                ("aksi", "terbitkan"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 303);
    app.refresh().await;
    let id: i64 = edit.rsplit('/').next().unwrap().parse().unwrap();
    let path = app.path_of(warta_core::ArticleId(id)).await;
    let (status, page) = app.page(&path).await;
    assert_eq!(status, 200);
    let (_, editor) = ani.get(&edit).await;
    let token = app.token_for(ani.id).await;
    let (_, api) = app
        .api_client(&token)
        .get(&format!("/api/v1/articles/{id}"))
        .await;
    let stored = api["body"].as_str().unwrap().to_lowercase();
    for bad in [
        "<script",
        "<iframe",
        "onerror",
        "onload",
        "href=\"javascript:",
        "href=\" javascript:",
        "href=\"data:",
        "style=",
        "<style",
        "<svg",
        "<math",
        "data-focal=\"2",
    ] {
        assert!(!stored.contains(bad), "stored body holds {bad}: {stored}");
    }
    // A URL with `javascript:` in its query is a harmless link, never an
    // embed; a forged host is a link too.
    assert!(stored.contains("href=\"https://www.youtube.com/watch?v=javascript:alert(8)\""));
    let article = page.split("<article").nth(1).unwrap().to_lowercase();
    for bad in [
        "<script>alert",
        "<iframe",
        "onerror",
        "onload=",
        "href=\"javascript:",
        "href=\"data:",
    ] {
        assert!(!article.contains(bad), "reader page holds {bad}");
    }
    assert!(page.contains("Paragraf biasa."));
    // The real embed is a placeholder that loads nothing until asked; the
    // forged ones are plain links (or gone) and never players.
    assert!(
        page.contains("data-player=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        "{article}"
    );
    assert!(!page.contains("data-player=\"https://youtube.com.evil"));
    assert_eq!(page.matches("data-player=").count(), 1);
    assert!(editor.contains("Uji Masukan Jahat"));

    // A paste past the size limit harms nothing stored.
    let huge = "<p>".to_owned() + &"kata ".repeat(6_000_000) + "</p>";
    let response = ani
        .post_multipart(
            &edit,
            article_form(&[
                ("versi", &ani.version_of(&edit).await.to_string()),
                ("judul", "Uji Masukan Jahat"),
                ("kanal", "news"),
                ("format", "html"),
                ("isi", &huge),
                ("aksi", "simpan"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 413);
    let refused = response.text().await.unwrap();
    assert!(
        refused.contains("terlalu besar") || refused.contains("Terlalu besar"),
        "{}",
        &refused[..refused.len().min(2000)]
    );
    assert!(
        refused.contains("Ke daftar artikel"),
        "a newsroom page: {refused}"
    );
    let (_, still) = app.page(&path).await;
    assert!(still.contains("Paragraf biasa."));
}
