//! Indonesian function words that say nothing about what a text is about.

use crate::fnv::Fnv;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Particles, pronouns, conjunctions, prepositions and news-reporting verbs
/// ("kata", "ujar"), which otherwise make every article resemble every
/// other; sorted.
const STOP_WORDS: &[&str] = &[
    "ada",
    "adalah",
    "agar",
    "akan",
    "aku",
    "and",
    "anda",
    "antara",
    "apa",
    "apabila",
    "atas",
    "atau",
    "bagaimana",
    "bagi",
    "bahkan",
    "bahwa",
    "banyak",
    "baru",
    "beberapa",
    "begitu",
    "belum",
    "benar",
    "berada",
    "berikut",
    "bersama",
    "bila",
    "bisa",
    "boleh",
    "bukan",
    "bulan",
    "com",
    "cukup",
    "dalam",
    "dan",
    "dapat",
    "dari",
    "demikian",
    "dengan",
    "di",
    "dia",
    "diri",
    "hal",
    "hanya",
    "hari",
    "harus",
    "hingga",
    "ia",
    "in",
    "ini",
    "itu",
    "jadi",
    "jelas",
    "jika",
    "juga",
    "jumat",
    "kalau",
    "kali",
    "kami",
    "kamis",
    "kamu",
    "karena",
    "kata",
    "katanya",
    "ke",
    "kemarin",
    "kemudian",
    "kepada",
    "ketika",
    "kini",
    "kita",
    "lagi",
    "lain",
    "lalu",
    "lebih",
    "maka",
    "masih",
    "mau",
    "melalui",
    "memang",
    "mengatakan",
    "menjadi",
    "menurut",
    "mereka",
    "minggu",
    "misalnya",
    "mulai",
    "namun",
    "nya",
    "of",
    "oleh",
    "pada",
    "para",
    "per",
    "pernah",
    "pukul",
    "pula",
    "pun",
    "rabu",
    "saat",
    "sabtu",
    "saja",
    "salah",
    "sama",
    "sampai",
    "sang",
    "satu",
    "saya",
    "sebagai",
    "sebelum",
    "sebuah",
    "secara",
    "sedang",
    "sejak",
    "sekitar",
    "selain",
    "selama",
    "selasa",
    "seluruh",
    "sementara",
    "semua",
    "sendiri",
    "senin",
    "seperti",
    "serta",
    "sesuai",
    "setelah",
    "siapa",
    "sudah",
    "supaya",
    "tahun",
    "tak",
    "tapi",
    "telah",
    "tengah",
    "tentang",
    "tersebut",
    "tetapi",
    "the",
    "tidak",
    "to",
    "tutur",
    "ujar",
    "ungkap",
    "untuk",
    "usai",
    "walau",
    "wib",
    "www",
    "yaitu",
    "yakni",
    "yang",
];

/// Whether `word` (lower-case) is a stop word. A hash lookup: this runs for
/// every token indexed, searched or highlighted.
pub fn is_stop_word(word: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str, Fnv>> = OnceLock::new();
    // No stop word is longer than this; most words are, and skip the lookup.
    const LONGEST: usize = 10;
    word.len() <= LONGEST
        && SET
            .get_or_init(|| STOP_WORDS.iter().copied().collect())
            .contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
        assert!(is_stop_word("yang") && !is_stop_word("banjir"));
        let longest = STOP_WORDS.iter().map(|w| w.len()).max().unwrap();
        assert!(longest <= 10, "raise LONGEST to {longest}");
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
    }
}
