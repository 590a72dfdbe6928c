//! Words of Indonesian news text as comparable terms: lower-cased, split at
//! anything that is not a letter or digit, without stop words and numbers.

/// Function words that say nothing about what an article is about. Common
/// Indonesian particles, pronouns and news-reporting verbs ("kata",
/// "ujar"), which otherwise make every article look related to every other.
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

/// The terms of `text`, in order, repeats kept.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|word| !word.chars().all(|c| c.is_ascii_digit()))
        .filter(|word| STOP_WORDS.binary_search(&word.as_str()).is_err())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn keeps_content_words_only() {
        let got: Vec<String> =
            terms("Pada 30 November, kelompok oposisi (HTS) menguasai Aleppo-nya.").collect();
        assert_eq!(
            got,
            [
                "november",
                "kelompok",
                "oposisi",
                "hts",
                "menguasai",
                "aleppo"
            ]
        );
    }
}
