//! The theme at phone and desktop widths: nothing overflows sideways, the
//! article reads in one column on a phone and gets a sidebar on a desktop.

use crate::util::browser::Browser;
use crate::util::{ArticleBuilder, TestApp};
use serde_json::json;

#[tokio::test]
async fn pages_fit_phones_and_use_the_width_of_desktops() {
    let app = TestApp::start().await;
    let ids = app
        .add(&[
            ArticleBuilder::new(
                "a",
                "Judul Sangat Panjang Tentang Banjir yang Melanda Tujuh Kelurahan di Jakarta Timur",
            )
            .with(
                "image",
                json!({"url": "/static/demo/kota.svg", "caption": "Ilustrasi", "credit": "Warta"}),
            )
            .tags(&["Banjir", "Jakarta"]),
            ArticleBuilder::new("b", "Berita Lain tentang Banjir Jakarta")
                .tags(&["Banjir"])
                .hours_ago(2),
        ])
        .await;
    app.app.store.set_picks(&[ids[1]]).await.unwrap();
    app.refresh().await;
    let article = format!("{}{}", app.base, app.path_of(ids[0]).await);
    for (width, sidebar_beside) in [(390, false), (1280, true)] {
        let browser = Browser::start(width, 900).await;
        for url in [format!("{}/", app.base), article.clone()] {
            browser.client.goto(&url).await.unwrap();
            let overflow = browser
                .eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                .await;
            assert!(
                overflow.as_i64().unwrap() <= 0,
                "{url} overflows sideways at {width}px by {overflow}"
            );
            let beside = browser
                .eval(
                    "const m = document.querySelector('.layout > :first-child').getBoundingClientRect();
                     const s = document.querySelector('.sidebar').getBoundingClientRect();
                     return s.left >= m.right;",
                )
                .await;
            assert_eq!(beside.as_bool(), Some(sidebar_beside), "{url} at {width}px");
        }
        let image_loaded = browser
            .eval("const i = document.querySelector('.hero img'); return i.complete && i.naturalWidth > 0")
            .await;
        assert_eq!(image_loaded.as_bool(), Some(true));
        browser.close().await;
    }
}
