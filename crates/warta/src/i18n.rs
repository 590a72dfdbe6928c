//! Reader-facing labels in Indonesian (the default) and English. Templates
//! never hold literal text: they print `t.<key>`, so a locale switch or an
//! override in the config's `[labels]` changes every page.

use anyhow::bail;
use serde::Serialize;
use std::collections::BTreeMap;
use warta_core::Locale;

/// Every label: key, Indonesian, English.
const LABELS: &[(&str, &str, &str)] = &[
    (
        "tagline",
        "Berita terkini dan terpercaya",
        "Latest and trusted news",
    ),
    ("home", "Beranda", "Home"),
    ("latest", "Terkini", "Latest"),
    ("popular", "Terpopuler", "Most read"),
    ("picks", "Pilihan", "Editor's picks"),
    ("related", "Berita Terkait", "Related news"),
    ("read_also", "Baca Juga", "Read also"),
    ("story", "Kronologi", "Timeline"),
    (
        "story_all",
        "Lihat seluruh kronologi",
        "See the whole timeline",
    ),
    ("story_articles", "artikel", "articles"),
    ("story_reading", "Sedang Anda baca", "You are reading this"),
    ("sections", "Kanal", "Sections"),
    (
        "sections_footer",
        "Kanal di kaki halaman",
        "Sections, at the foot of the page",
    ),
    ("breadcrumb", "Letak halaman", "Where this page is"),
    ("share", "Bagikan", "Share"),
    ("copy_link", "Salin tautan", "Copy link"),
    ("link_copied", "Tautan disalin", "Link copied"),
    (
        "search_filter",
        "Saring hasil pencarian",
        "Filter the results",
    ),
    ("other_days", "Hari lain", "Other days"),
    ("search", "Cari", "Search"),
    ("search_placeholder", "Cari berita…", "Search news…"),
    ("search_suggested", "Saran pencarian", "Suggestions"),
    ("search_topic", "Topik", "Topic"),
    ("search_results", "Hasil pencarian", "Search results"),
    (
        "search_empty",
        "Tidak ada berita yang cocok dengan pencarian Anda. Coba kata lain.",
        "No news matches your search. Try other words.",
    ),
    (
        "search_tips",
        "Periksa ejaan, pakai kata yang lebih umum, atau hapus filter kanal dan tanggal.",
        "Check the spelling, use more general words, or remove the section and date filters.",
    ),
    ("results", "hasil", "results"),
    ("at_least", "sedikitnya", "at least"),
    (
        "search_did_you_mean",
        "Mungkin maksud Anda:",
        "Did you mean:",
    ),
    (
        "search_corrected",
        "Menampilkan hasil untuk",
        "Showing results for",
    ),
    (
        "search_as_typed",
        "Cari persis seperti diketik:",
        "Search exactly as typed:",
    ),
    ("embed_play", "Putar di sini", "Play here"),
    ("embed_open", "Buka di", "Open on"),
    (
        "embed_note",
        "Isi ini dimuat dari luar situs hanya setelah Anda menekan Putar:",
        "This is loaded from outside the site only after you press Play:",
    ),
    (
        "search_rebuilding",
        "Indeks pencarian sedang dibangun ulang: sebagian berita mungkin belum muncul. Coba lagi sebentar lagi.",
        "The search index is being rebuilt: some news may not show yet. Try again shortly.",
    ),
    ("all_sections", "Semua kanal", "All sections"),
    ("date_from", "Dari", "From"),
    ("date_to", "Sampai", "To"),
    ("tag", "Topik", "Topic"),
    ("author", "Penulis", "Author"),
    ("archive", "Indeks Berita", "News index"),
    ("archive_date", "Tanggal", "Date"),
    ("show", "Tampilkan", "Show"),
    ("previous_day", "Hari sebelumnya", "Previous day"),
    ("next_day", "Hari berikutnya", "Next day"),
    ("previous", "Sebelumnya", "Previous"),
    ("next", "Berikutnya", "Next"),
    ("page", "Halaman", "Page"),
    ("by", "Oleh", "By"),
    ("staff", "Redaksi", "Newsroom"),
    (
        "no_articles",
        "Belum ada berita di sini.",
        "No news here yet.",
    ),
    (
        "not_found_title",
        "Halaman tidak ditemukan",
        "Page not found",
    ),
    (
        "not_found_text",
        "Maaf, halaman yang Anda cari tidak ada atau sudah dipindahkan.",
        "Sorry, the page you are looking for does not exist or has moved.",
    ),
    ("error_title", "Terjadi kesalahan", "Something went wrong"),
    (
        "bad_request_title",
        "Permintaan tidak bisa dipenuhi",
        "This request cannot be served",
    ),
    (
        "bad_request_text",
        "Periksa kembali alamat atau isian Anda.",
        "Check the address or what you filled in.",
    ),
    (
        "error_text",
        "Maaf, terjadi kesalahan di server kami. Silakan coba lagi sebentar lagi.",
        "Sorry, something went wrong on our side. Please try again shortly.",
    ),
    ("back_home", "Kembali ke beranda", "Back to the home page"),
    ("views", "kali dibaca", "reads"),
    ("photo", "Foto", "Photo"),
    (
        "correction",
        "Koreksi dan pembaruan",
        "Correction and update",
    ),
    (
        "preview_notice",
        "Pratinjau: artikel ini belum atau tidak lagi terbit.",
        "Preview: this article is not live.",
    ),
    (
        "preview_notice_live",
        "Pratinjau: artikel ini sudah terbit dan dibaca pembaca di alamatnya.",
        "Preview: this article is live; readers read it at its address.",
    ),
    ("rss", "RSS", "RSS"),
    ("sitemap", "Peta situs", "Sitemap"),
    ("more", "Selengkapnya", "More"),
    ("headline", "Berita Utama", "Top story"),
    ("skip", "Langsung ke isi", "Skip to content"),
    ("breaking", "Breaking News", "Breaking News"),
    ("live", "Live", "Live"),
    (
        "live_running",
        "Berlangsung: pembaruan tampil di sini tanpa memuat ulang halaman",
        "Ongoing: updates appear here without reloading",
    ),
    (
        "live_ended",
        "Liputan langsung selesai",
        "Live coverage has ended",
    ),
    ("live_pinned", "Penting", "Key update"),
    ("live_new", "pembaruan baru", "new updates"),
    ("copyright", "Hak cipta dilindungi.", "All rights reserved."),
];

/// The labels of one locale with the config's overrides applied.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Labels(BTreeMap<&'static str, String>);

impl Labels {
    /// Labels for `locale`, with `overrides` (from `[labels]`) on top; an
    /// override for a key we do not have is an error.
    pub fn new(locale: Locale, overrides: &BTreeMap<String, String>) -> anyhow::Result<Labels> {
        let mut labels: BTreeMap<&'static str, String> = LABELS
            .iter()
            .map(|(key, id, en)| {
                let text = match locale {
                    Locale::Id => id,
                    Locale::En => en,
                };
                (*key, (*text).to_owned())
            })
            .collect();
        for (key, text) in overrides {
            match LABELS.iter().find(|(k, _, _)| k == key) {
                Some((k, _, _)) => {
                    labels.insert(k, text.clone());
                }
                None => bail!("unknown label {key:?} in [labels]"),
            }
        }
        Ok(Labels(labels))
    }

    /// One label; unknown keys are a programming error and show the key.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map(String::as_str).unwrap_or(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages() {
        for (key, id, en) in LABELS {
            assert!(!id.is_empty() && !en.is_empty(), "{key}");
        }
        let mut keys: Vec<_> = LABELS.iter().map(|(k, _, _)| k).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), LABELS.len(), "duplicate label key");
    }

    #[test]
    fn english_is_a_config_switch() {
        let en = Labels::new(Locale::En, &BTreeMap::new()).unwrap();
        assert_eq!(en.get("related"), "Related news");
        let id = Labels::new(Locale::Id, &BTreeMap::new()).unwrap();
        assert_eq!(id.get("related"), "Berita Terkait");
    }
}
