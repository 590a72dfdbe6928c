//! Uploads: real images become WebP variants served for a year; fakes,
//! other formats and oversized files are refused and store nothing.

use crate::util::TestApp;
use crate::util::newsroom::png;
use crate::util::s3::{ACCESS_KEY_ID, S3Server, SECRET_ACCESS_KEY};
use reqwest::multipart::{Form, Part};
use warta_core::Role;

fn upload(name: &str, bytes: Vec<u8>) -> Form {
    Form::new()
        .part("file", Part::bytes(bytes).file_name(name.to_owned()))
        .text("caption", "Banjir di Kampung Melayu")
        .text("credit", "Warta/Ani")
}

async fn send(app: &TestApp, token: &str, form: Form) -> (u16, serde_json::Value) {
    let response = app
        .http
        .post(format!("{}/api/v1/media", app.base))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

fn stored_files(app: &TestApp) -> usize {
    let dir = app.dir.path().join("media");
    if !dir.exists() {
        return 0;
    }
    std::fs::read_dir(dir)
        .unwrap()
        .map(|d| std::fs::read_dir(d.unwrap().path()).unwrap().count())
        .sum()
}

#[tokio::test]
async fn real_images_get_variants_with_long_cache_lifetimes() {
    let app = TestApp::start().await;
    let (id, _) = app.add_user("ani@redaksi.id", "Ani", Role::Author).await;
    let token = app.token_for(id).await;
    let (status, media) = send(&app, &token, upload("foto.jpg", png(1600, 900))).await;
    assert_eq!(status, 201, "{media}");
    assert_eq!(media["format"], "png", "judged by content, not by name");
    assert_eq!(
        (media["width"].as_u64(), media["height"].as_u64()),
        (Some(1600), Some(900))
    );
    assert_eq!(media["thumb"]["width"], 400);
    assert_eq!(media["large"]["height"], 675);
    for variant in ["thumb", "large"] {
        let response = app.get(media[variant]["url"].as_str().unwrap()).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "image/webp");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let bytes = response.bytes().await.unwrap();
        let image = image::load_from_memory(&bytes).unwrap();
        assert_eq!(
            image.width(),
            media[variant]["width"].as_u64().unwrap() as u32
        );
    }
    let original = app.get(media["original_url"].as_str().unwrap()).await;
    assert_eq!(original.headers()["content-type"], "image/png");
    // A variant whose file went missing is made again on demand.
    let sha = app
        .app
        .store
        .media(warta_core::MediaId(media["id"].as_i64().unwrap()))
        .await
        .unwrap()
        .sha256;
    let thumb = app
        .dir
        .path()
        .join(format!("media/{}/{sha}-thumb.webp", &sha[..2]));
    std::fs::remove_file(&thumb).unwrap();
    assert_eq!(
        app.get(media["thumb"]["url"].as_str().unwrap())
            .await
            .status(),
        200
    );
    assert!(thumb.exists());
    assert_eq!(app.get("/media/1/huge.webp").await.status(), 404);
    assert_eq!(app.get("/media/999/thumb.webp").await.status(), 404);
    // The library lists it, in the UI too.
    let (_, library) = app
        .api(reqwest::Method::GET, "/api/v1/media", Some(&token), None)
        .await;
    assert_eq!(library["total"], 1);
}

#[tokio::test]
async fn fakes_other_formats_and_huge_files_are_refused_and_store_nothing() {
    let app = TestApp::start_with("[newsroom]\nmax_upload_mb = 20").await;
    let (id, _) = app.add_user("ani@redaksi.id", "Ani", Role::Author).await;
    let token = app.token_for(id).await;
    let mut fake_png = b"\x89PNG\r\n\x1a\n".to_vec();
    fake_png.extend(std::iter::repeat_n(b'A', 5_000));
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>"#.to_vec();
    let mut truncated = png(300, 300);
    truncated.truncate(truncated.len() / 2);
    for (name, bytes, expected) in [
        ("foto.png", fake_png, 422),
        ("logo.svg", svg, 415),
        ("foto.png", truncated, 422),
        ("dokumen.png", b"%PDF-1.7 bukan gambar".to_vec(), 415),
        ("besar.jpg", vec![0xFF; 50 * 1024 * 1024], 413),
    ] {
        let (status, body) = send(&app, &token, upload(name, bytes)).await;
        assert_eq!(status, expected, "{name}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
    assert_eq!(app.app.store.media_library(10, 0).await.unwrap().1, 0);
    assert_eq!(stored_files(&app), 0, "no file left behind");
    // The same through the newsroom page.
    let staff = app.staff("budi@redaksi.id", Role::Author).await;
    let form = Form::new().part("berkas", Part::bytes(b"<svg/>".to_vec()).file_name("x.svg"));
    let response = staff.post_multipart("/redaksi/media", form).await;
    assert_eq!(response.status(), 415);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("bukan gambar JPEG, PNG, WebP atau GIF")
    );
}

#[tokio::test]
async fn too_many_pixels_are_refused_before_decoding() {
    let app = TestApp::start_with("[newsroom]\nmax_image_megapixels = 1").await;
    let (id, _) = app.add_user("ani@redaksi.id", "Ani", Role::Author).await;
    let token = app.token_for(id).await;
    let (status, body) = send(&app, &token, upload("lebar.png", png(2000, 1000))).await;
    assert_eq!(status, 413, "{body}");
}

fn bucket_config(server: &S3Server, store: &str) -> String {
    format!(
        "[media]\nstore = \"{store}\"\nendpoint = \"{}\"\n\
         access_key_id = \"{ACCESS_KEY_ID}\"\nsecret_access_key = \"{SECRET_ACCESS_KEY}\"\n",
        server.endpoint
    )
}

#[tokio::test]
async fn uploads_kept_in_an_s3_bucket_are_served_by_every_node() {
    let s3 = S3Server::start().await;
    s3.create_bucket("warta-media").await;
    let config = bucket_config(&s3, "s3://warta-media/situs");
    let app = TestApp::start_with(&config).await;
    let (id, _) = app.add_user("ani@redaksi.id", "Ani", Role::Author).await;
    let token = app.token_for(id).await;
    let (status, media) = send(&app, &token, upload("banjir.png", png(1200, 800))).await;
    assert_eq!(status, 201, "{media}");

    // The original and its five variants are in the bucket, under the prefix;
    // nothing went to the data folder.
    let keys = s3.keys("warta-media").await;
    assert_eq!(keys.len(), 6, "{keys:?}");
    assert!(keys.iter().all(|k| k.starts_with("situs/")), "{keys:?}");
    assert!(keys.iter().any(|k| k.ends_with(".png")), "{keys:?}");
    assert_eq!(stored_files(&app), 0);

    let thumb_url = media["thumb"]["url"].as_str().unwrap().to_owned();
    let response = app.get(&thumb_url).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/webp");
    let thumb = response.bytes().await.unwrap();
    assert_eq!(image::load_from_memory(&thumb).unwrap().width(), 400);
    let original = app.get(media["original_url"].as_str().unwrap()).await;
    assert_eq!(original.bytes().await.unwrap(), png(1200, 800));

    // Another node with a data folder of its own serves the same files.
    let other = app.second_node(&config).await;
    let response = other.get(&thumb_url).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap(), thumb);
    assert_eq!(stored_files(&other), 0);

    // A variant lost from the bucket is made again from the original and
    // put back.
    let thumb_key = keys.iter().find(|k| k.ends_with("-thumb.webp")).unwrap();
    s3.delete("warta-media", thumb_key).await;
    assert_eq!(s3.keys("warta-media").await.len(), 5);
    let response = other.get(&thumb_url).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        image::load_from_memory(&response.bytes().await.unwrap())
            .unwrap()
            .width(),
        400
    );
    assert_eq!(s3.keys("warta-media").await, keys);

    // A fake is refused and puts nothing in the bucket.
    let (status, _) = send(&app, &token, upload("x.png", b"<svg/>".to_vec())).await;
    assert_eq!(status, 415);
    assert_eq!(s3.keys("warta-media").await.len(), 6);
    other.stop().await;
    app.stop().await;
}

#[tokio::test]
async fn a_bucket_that_cannot_be_reached_stops_the_start_with_the_reason() {
    let s3 = S3Server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = warta::config::Config::parse(
        &bucket_config(&s3, "s3://tidak-ada"),
        warta::config::Overrides {
            data_dir: Some(dir.path().to_owned()),
            database_url: crate::util::database_for(dir.path()).await,
            ..Default::default()
        },
    )
    .unwrap();
    let error = warta::app::App::new(config).await.err().expect("refused");
    let message = format!("{error:#}");
    assert!(
        message.contains("cannot reach the media store s3://tidak-ada/"),
        "{message}"
    );
    assert!(!message.contains(SECRET_ACCESS_KEY), "{message}");
}
