//! Uploads: real images become WebP variants served for a year; fakes,
//! other formats and oversized files are refused and store nothing.

use crate::util::TestApp;
use crate::util::newsroom::png;
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
    let thumb = app.app.media.variant(&sha, warta_core::Variant::Thumb);
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
