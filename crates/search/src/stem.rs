//! An Indonesian stemmer written for Warta.
//!
//! It follows the shape of the published rule-based algorithms (Tala's
//! Porter-style rules, and Nazief and Adriani's order: particle, possessive,
//! derivational suffix, then up to two derivational prefixes, with the
//! sound changes of `meN-` and `peN-` undone), but it has no dictionary of
//! roots. Where a dictionary would decide, it asks how often the news
//! corpus writes each reading (`data/lexicon.tsv`: "mengekspor" is ekspor,
//! since "kekspor" is never written; "tembakan" is tembak + -an, since
//! "temba" is not; "ekonomi" keeps its i, written 27 times as often as
//! "ekonom"), and before that it uses short lists:
//!
//! - words that look affixed but are roots (`berita`, `menteri`, `pemilu`,
//!   `mereka`, …) are never stemmed;
//! - after `meng-`/`peng-` a vowel-initial root is assumed only for roots on
//!   the vowel list (`ambil`, `usaha`, …), otherwise a `k` was dropped
//!   (`menguasai` -> `kuasa`); likewise `mem-` + vowel restores `p` unless the
//!   root is on the `m` list (`memakan` -> `makan`), `men-` + vowel restores
//!   `t` unless on the `n` list (`menilai` -> `nilai`), `meny-` restores `s`
//!   unless on the `ny` list (`menyatakan` -> `nyata`), and `ber-`/`per-`/
//!   `ter-` + vowel keep the vowel unless the root is on the `r` list
//!   (`berupa` -> `rupa`).
//!
//! Every removal must leave at least two vowels (syllables), so short roots
//! such as `makan`, `jalan` or `cari` keep their endings. Loanwords ending in
//! `-si` keep their `i` (`informasi`).

use std::collections::HashMap;
use std::sync::LazyLock;

/// How often the news corpus writes each word (`data/lexicon.tsv`, made by
/// `data/make_lexicon.py`: words of three letters or more written three
/// times or more). Where the rules leave two readings of a word, the one
/// that gives a word Indonesian news uses wins.
static LEXICON: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    include_str!("../data/lexicon.tsv")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (word, times) = line.split_once('\t')?;
            Some((word, times.parse().ok()?))
        })
        .collect()
});

/// How often the corpus writes `word` (0: fewer than three times).
fn written(word: &str) -> u32 {
    LEXICON.get(word).copied().unwrap_or(0)
}

/// A word with only `suffix` taken off (no prefix) must be written at
/// least one in this many times the whole word is: "ekonomi" (2,043
/// times) is not "ekonom" (75) + -i, nor "selatan" (3,899) "selat" (75) +
/// -an, but "kuasai" (37) is "kuasa" (411) + -i. Measured on the corpus's
/// words.
fn bare_suffix_share(suffix: &str) -> u32 {
    match suffix {
        "i" => 4,
        _ => 50,
    }
}

/// Times the corpus must write what a second prefix leaves for it to be
/// a root rather than part of one ("antas", 5 times, is not the root of
/// "memberantas"; "laku", 91, is that of "memberlakukan").
const SECOND_PREFIX_ROOT: u32 = 10;

/// Words that look affixed but are roots, or whose stem would collide with
/// an unrelated word; sorted.
const PROTECTED: &[&str] = &[
    "bekas",
    "belanda",
    "belum",
    "benar",
    "bensin",
    "berani",
    "berapa",
    "beras",
    "berat",
    "beri",
    "berita",
    "bersih",
    "betul",
    "diabetes",
    "dialog",
    "diesel",
    "digital",
    "dimensi",
    "dinamika",
    "dinas",
    "dinding",
    "dingin",
    "diplomasi",
    "diplomat",
    "direksi",
    "direktur",
    "diri",
    "disiplin",
    "diskon",
    "diskusi",
    "distribusi",
    "dividen",
    "divisi",
    "kecil",
    "keju",
    "kelapa",
    "kelas",
    "keledai",
    "kelola",
    "kelompok",
    "keluarga",
    "kemarau",
    "kemarin",
    "kembali",
    "kemeja",
    "kemudian",
    "kena",
    "kenapa",
    "kendara",
    "kepala",
    "keras",
    "kereta",
    "kerja",
    "kertas",
    "ketat",
    "ketika",
    "ketua",
    "makan",
    "masalah",
    "medan",
    "media",
    "memang",
    "memori",
    "menang",
    "menit",
    "mental",
    "menteri",
    "menu",
    "merah",
    "merdeka",
    "merek",
    "mereka",
    "mesin",
    "meski",
    "meter",
    "metode",
    "metro",
    "pekan",
    "pelan",
    "pemerintah",
    "pemilu",
    "pena",
    "pendeta",
    "penduduk",
    "pengaruh",
    "penjara",
    "penting",
    "perahu",
    "perak",
    "peran",
    "perang",
    "perdana",
    "perempuan",
    "pergi",
    "periksa",
    "perintah",
    "peristiwa",
    "perkara",
    "perlu",
    "pernah",
    "persen",
    "pertama",
    "perut",
    "pesan",
    "pesawat",
    "pesta",
    "peta",
    "petang",
    "sekolah",
    "tengah",
    "terang",
    "terapi",
    "terbang",
    "terima",
    "terminal",
    "ternak",
    "teroris",
    "terorisme",
    "tertib",
    "terus",
];

/// Vowel-initial roots that take `meng-`/`peng-` without a dropped `k`.
const VOWEL_ROOTS: &[&str] = &[
    "ada",
    "adil",
    "aduk",
    "ajak",
    "ajar",
    "aju",
    "akhir",
    "akibat",
    "aku",
    "alam",
    "alami",
    "alih",
    "alir",
    "aman",
    "amat",
    "ambil",
    "ancam",
    "anggap",
    "anggar",
    "angkat",
    "angkut",
    "antar",
    "antisipasi",
    "apresiasi",
    "arah",
    "atas",
    "atur",
    "awal",
    "awas",
    "edar",
    "ekspor",
    "elak",
    "embus",
    "evaluasi",
    "ganti",
    "harga",
    "ikut",
    "imbau",
    "impor",
    "inap",
    "incar",
    "ingat",
    "ingin",
    "intip",
    "isi",
    "izin",
    "obat",
    "olah",
    "operasi",
    "ubah",
    "ucap",
    "uji",
    "ukur",
    "ulang",
    "umum",
    "undang",
    "unduh",
    "unggah",
    "unggul",
    "ungkap",
    "ungsi",
    "untung",
    "urai",
    "urus",
    "usaha",
    "usir",
    "usul",
    "usut",
];

/// Roots ending in `-ai`, whose `i` is not the suffix `-i`.
const AI_ROOTS: &[&str] = &[
    "andai", "badai", "bantai", "capai", "damai", "gawai", "lalai", "mulai", "nilai", "pakai",
    "pantai", "ramai", "rantai", "sampai", "santai", "selesai", "urai",
];

/// `m`-initial roots after `mem-`/`pem-` (otherwise a `p` was dropped).
const M_ROOTS: &[&str] = &[
    "maaf", "main", "makam", "makan", "malu", "mandi", "manfaat", "marah", "masak", "masuk",
    "mati", "menang", "milik", "minta", "minum", "modal", "mohon", "muat", "muda", "mudah", "mula",
    "mulai", "muncul", "mundur", "musnah",
];

/// `n`-initial roots after `men-`/`pen-` (otherwise a `t` was dropped).
const N_ROOTS: &[&str] = &[
    "naik", "nama", "nanti", "nasihat", "nikah", "nikmat", "nilai",
];

/// `ny`-initial roots after `meny-`/`peny-` (otherwise an `s` was dropped).
const NY_ROOTS: &[&str] = &["nyala", "nyanyi", "nyata", "nyawa"];

/// `r`-initial roots after `ber-`/`per-`/`ter-`, whose `r` the prefix
/// swallows (`berupa` = `be` + `rupa`).
const R_ROOTS: &[&str] = &[
    "ragam", "rakit", "rampas", "rancang", "rasa", "rawat", "rekam", "renang", "rencana", "rendam",
    "rugi", "rumah", "rupa", "rusak",
];

fn listed(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn vowels(word: &str) -> usize {
    word.bytes().filter(|c| is_vowel(*c)).count()
}

/// Whether `stem` is long enough to be a root.
fn root_sized(stem: &str) -> bool {
    stem.len() >= 3 && vowels(stem) >= 2
}

/// The root of an Indonesian word. Words that are not lower-case ASCII
/// letters (names with digits, foreign scripts) are returned unchanged.
pub fn stem(word: &str) -> String {
    if word.len() < 4 || !word.bytes().all(|c| c.is_ascii_lowercase()) || listed(PROTECTED, word) {
        return word.to_owned();
    }
    let mut w = word;
    // Inflection: a particle, then a possessive.
    // A particle or -ku/-mu is only taken off a word that does not look
    // prefixed: in "mengolah" and "bertemu" they belong to the root.
    for particle in ["lah", "kah", "pun", "tah"] {
        if let Some(rest) = w
            .strip_suffix(particle)
            .filter(|r| root_sized(r) && strip_prefix(r).is_none())
        {
            w = rest;
            break;
        }
    }
    for possessive in ["nya", "ku", "mu"] {
        // "bertanya" is ber- + "tanya", not "berta" + -nya.
        let nya_is_root = |r: &&str| {
            strip_prefix(w).is_some_and(|(_, rest)| rest.ends_with("nya") && written(&rest) > 0)
                && written(r) == 0
        };
        let plain =
            |r: &&str| (possessive == "nya" && !nya_is_root(r)) || strip_prefix(r).is_none();
        if let Some(rest) = w
            .strip_suffix(possessive)
            .filter(|r| root_sized(r))
            .filter(plain)
        {
            w = rest;
            break;
        }
    }
    if listed(PROTECTED, w) {
        return w.to_owned();
    }
    // Derivation: each suffix that fits, with the prefixes it may go with;
    // then the prefixes alone; then the suffix alone.
    let options = suffixes(w);
    let mut found = None;
    for (at, (without, suffix)) in options.iter().enumerate() {
        if listed(PROTECTED, without) {
            return (*without).to_owned();
        }
        if let Some(root) = strip_prefixes(without, Some(suffix)) {
            let root = restore_ai(root, suffix);
            // A root in -k with -an ("berdesakan": desak) reads as -kan
            // too ("desa"); the reading in -k wins when it gives a word:
            // -kan is the rarer ending after these prefixes.
            if *suffix == "kan"
                && let Some((with_k, _)) = options.get(at + 1)
                && let Some(other) = strip_prefixes(with_k, Some("an"))
                && written(&other) > 0
            {
                found = Some(other);
                break;
            }
            found = Some(root);
            break;
        }
    }
    if let Some(root) = found.or_else(|| {
        strip_prefixes(w, None)
            .map(|root| {
                // "mengatasi": the -si rule kept the i of a known root.
                match root.strip_suffix('i') {
                    Some(without) if known(without) => without.to_owned(),
                    _ => root,
                }
            })
            // "petikan" is petik + -an, not pe- + "tikan", which the
            // corpus never writes.
            .filter(|root| written(root) > 0 || bare_reading(w, &options).is_none())
    }) {
        return root;
    }
    bare_suffix(w, &options)
}

/// A word with no prefix: the suffix whose removal leaves a word the
/// corpus writes often enough beside the whole ([`bare_reading`]); the
/// word itself when none does ("ekonomi", "industri"), or when the corpus
/// knows neither, the first reading.
fn bare_suffix(w: &str, options: &[(&str, &'static str)]) -> String {
    if let Some(root) = bare_reading(w, options) {
        return root;
    }
    match options.first() {
        Some(_) if written(w) > 0 => w.to_owned(),
        Some((without, suffix)) => restore_ai((*without).to_owned(), suffix),
        None => w.to_owned(),
    }
}

/// The suffix whose removal leaves a word written at least the
/// [`bare_suffix_share`] of the whole word's times, a root in -k with -an
/// before -kan ("tarikan": tarik, not tari).
fn bare_reading(w: &str, options: &[(&str, &'static str)]) -> Option<String> {
    let whole = written(w);
    let fits = |stem: &str, suffix: &str| {
        let times = written(stem);
        times > 0 && times.saturating_mul(bare_suffix_share(suffix)) >= whole
    };
    let mut ordered: Vec<&(&str, &'static str)> = options.iter().collect();
    ordered.sort_by_key(|(without, suffix)| !(*suffix == "an" && without.ends_with('k')));
    ordered.into_iter().find_map(|(without, suffix)| {
        let stem = restore_ai((*without).to_owned(), suffix);
        fits(&stem, suffix).then_some(stem)
    })
}

/// Puts back an `i` taken for the suffix `-i` from a root ending in `-ai`.
fn restore_ai(root: String, suffix: &str) -> String {
    let with_i = format!("{root}i");
    if suffix == "i" && listed(AI_ROOTS, &with_i) {
        with_i
    } else {
        root
    }
}

/// The ways `-kan`, `-an` or `-i` can come off, longest first.
fn suffixes(w: &str) -> Vec<(&str, &'static str)> {
    let mut found = Vec::new();
    for suffix in ["kan", "an", "i"] {
        if let Some(rest) = w.strip_suffix(suffix) {
            // Loanwords in -si (informasi, polisi) keep their i, unless the
            // rest is a known root (atas + i).
            if suffix == "i" && rest.ends_with('s') && !known(rest) {
                continue;
            }
            if root_sized(rest) {
                found.push((rest, suffix));
            }
        }
    }
    found
}

/// Prefix and suffix pairs that Indonesian does not form; seeing one means
/// the "suffix" belongs to the root.
fn forbidden(prefix: &str, suffix: Option<&str>) -> bool {
    matches!(
        (prefix, suffix),
        ("be", Some("i"))
            | ("di", Some("an"))
            | ("ke", Some("i"))
            | ("ke", Some("kan"))
            | ("pe", Some("kan"))
            | ("pe", Some("i"))
            | ("me", Some("an"))
            | ("te", Some("an"))
    )
}

/// Removes up to two prefixes (`mem-per-`, `di-per-`, `ke-ber-`); `None`
/// when no prefix applies or what remains is not root-sized.
fn strip_prefixes(w: &str, suffix: Option<&str>) -> Option<String> {
    let (family, first) = strip_prefix(w)?;
    if forbidden(family, suffix) || !root_sized(&first) {
        return None;
    }
    if listed(PROTECTED, &first) {
        return Some(first);
    }
    // "teriak", "didik": te- and di- begin roots too; a root the corpus
    // never writes is no reading when the word without it is one.
    if matches!(family, "te" | "di") && written(&first) == 0 && written(w) > 0 {
        return None;
    }
    // A second prefix: per-/ber- after me-/di-/ke-/ter-, ber- after pe-,
    // unless what is left is (almost) never written and the word with it
    // is ("memberantas": berantas, not antas; "memberlakukan": laku).
    if let Some((second_family, second)) = strip_prefix(&first)
        && match family {
            "me" | "di" | "ke" | "te" => matches!(second_family, "pe" | "be"),
            // pem-ber-: "pemberlakuan", "pemberdayaan".
            "pe" => second_family == "be",
            _ => false,
        }
        && root_sized(&second)
        && (written(&second) >= SECOND_PREFIX_ROOT || written(&second) >= written(&first))
    {
        return Some(second);
    }
    Some(first)
}

/// One prefix, with the sound change it caused undone. Returns the prefix
/// family (`me`, `pe`, `di`, `te`, `ke`, `be`) and the rest.
fn strip_prefix(w: &str) -> Option<(&'static str, String)> {
    let b = w.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let rest = |n: usize| w[n..].to_owned();
    let restore = |n: usize, letter: &str| format!("{letter}{}", &w[n..]);
    let vowel_root = |candidate: &str| listed(VOWEL_ROOTS, &stem_candidate(candidate));
    let m_root = |candidate: &str| listed(M_ROOTS, &stem_candidate(candidate));
    let n_root = |candidate: &str| listed(N_ROOTS, &stem_candidate(candidate));
    let ny_root = |candidate: &str| listed(NY_ROOTS, &stem_candidate(candidate));
    let r_root = |candidate: &str| listed(R_ROOTS, &stem_candidate(candidate));

    for (prefix, family) in [("me", "me"), ("pe", "pe")] {
        if !w.starts_with(prefix) {
            continue;
        }
        let p = prefix.len();
        // meng-/peng-
        if w[p..].starts_with("ng") {
            let n = p + 2;
            if is_vowel(at(n)) {
                // A loanword ("mengekspor": ekspor) when the corpus writes
                // it and never the reading with k ("kekspor").
                let loanword = || {
                    written(&lexicon_candidate(&w[n..])) > 0
                        && written(&lexicon_candidate(&restore(n, "k"))) == 0
                };
                return Some((
                    family,
                    if vowel_root(&w[n..]) || loanword() {
                        rest(n)
                    } else {
                        restore(n, "k")
                    },
                ));
            }
            if matches!(at(n), b'g' | b'h' | b'k') {
                return Some((family, rest(n)));
            }
            return None;
        }
        // meny-/peny-
        if w[p..].starts_with("ny") && is_vowel(at(p + 2)) {
            let n = p + 2;
            return Some((
                family,
                if ny_root(&restore(n, "ny")) {
                    restore(n, "ny")
                } else {
                    restore(n, "s")
                },
            ));
        }
        // mem-/pem-
        if at(p) == b'm' {
            let n = p + 1;
            if is_vowel(at(n)) {
                let m = restore(n, "m");
                return Some((family, if m_root(&m) { m } else { restore(n, "p") }));
            }
            if matches!(at(n), b'b' | b'f' | b'v' | b'p') {
                return Some((family, rest(n)));
            }
            return None;
        }
        // men-/pen-
        if at(p) == b'n' {
            let n = p + 1;
            if is_vowel(at(n)) {
                let with_n = restore(n, "n");
                return Some((
                    family,
                    if n_root(&with_n) {
                        with_n
                    } else {
                        restore(n, "t")
                    },
                ));
            }
            if matches!(at(n), b'c' | b'd' | b'j' | b'z' | b't') || w[n..].starts_with("sy") {
                return Some((family, rest(n)));
            }
            return None;
        }
        if prefix == "pe" {
            // per-: perbaiki, pertemuan, perusahaan.
            if at(2) == b'r' {
                if is_vowel(at(3)) {
                    let with_r = restore(2, "");
                    return Some(("pe", if r_root(&with_r) { with_r } else { rest(3) }));
                }
                return Some(("pe", rest(3)));
            }
            // pel-ajar.
            if w.starts_with("pelajar") {
                return Some(("pe", rest(3)));
            }
        }
        // me-/pe- before l, r, w, y (melihat, merasa, pelaku), and pe- before
        // other consonants (petani, pedagang, pekerja).
        if matches!(at(p), b'l' | b'r' | b'w' | b'y') || (prefix == "pe" && !is_vowel(at(p))) {
            return Some((family, rest(p)));
        }
        return None;
    }
    if w.starts_with("di") && !is_vowel(at(2)) || w.starts_with("di") && vowels(&w[2..]) >= 2 {
        return Some(("di", rest(2)));
    }
    if w.starts_with("ter") {
        if is_vowel(at(3)) {
            let with_r = restore(2, "");
            return Some(("te", if r_root(&with_r) { with_r } else { rest(3) }));
        }
        return Some(("te", rest(3)));
    }
    if w.starts_with("ber") {
        if is_vowel(at(3)) {
            let with_r = restore(2, "");
            return Some(("be", if r_root(&with_r) { with_r } else { rest(3) }));
        }
        return Some(("be", rest(3)));
    }
    if w.starts_with("belajar") {
        return Some(("be", rest(3)));
    }
    // be- before a syllable ending in -er: bekerja, beserta, beternak.
    if w.starts_with("be") && !is_vowel(at(2)) && &w[3.min(w.len())..5.min(w.len())] == "er" {
        return Some(("be", rest(2)));
    }
    if w.starts_with("ke") {
        return Some(("ke", rest(2)));
    }
    None
}

/// A prefix-less candidate with a derivational suffix removed, to look up in
/// the root lists (`menguasai` is looked up as `uasa`).
fn stem_candidate(candidate: &str) -> String {
    let with_i = format!("{candidate}i");
    if !known(candidate) && listed(AI_ROOTS, &with_i) {
        return with_i;
    }
    as_root(candidate, known).unwrap_or_else(|| candidate.to_owned())
}

/// `candidate` as the corpus writes it, or without a derivational suffix
/// if only that is written ("integrasikan" as "integrasi").
fn lexicon_candidate(candidate: &str) -> String {
    as_root(candidate, |word| written(word) > 0).unwrap_or_else(|| candidate.to_owned())
}

/// `candidate` itself or without a derivational suffix, the first that
/// `is_root` accepts.
fn as_root(candidate: &str, is_root: impl Fn(&str) -> bool) -> Option<String> {
    if is_root(candidate) {
        return Some(candidate.to_owned());
    }
    ["kan", "an", "i"].iter().find_map(|suffix| {
        candidate
            .strip_suffix(suffix)
            .filter(|rest| is_root(rest))
            .map(str::to_owned)
    })
}

/// Whether a root list names `word`.
fn known(word: &str) -> bool {
    [VOWEL_ROOTS, M_ROOTS, N_ROOTS, NY_ROOTS, R_ROOTS, AI_ROOTS]
        .iter()
        .any(|list| listed(list, word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [
            PROTECTED,
            VOWEL_ROOTS,
            AI_ROOTS,
            M_ROOTS,
            N_ROOTS,
            NY_ROOTS,
            R_ROOTS,
        ] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, list);
        }
    }

    /// Word, expected root. Written for Warta from common news vocabulary.
    const PAIRS: &[(&str, &str)] = &[
        // The examples.
        ("menguasai", "kuasa"),
        ("dikuasai", "kuasa"),
        ("kuasai", "kuasa"),
        ("pertemuan", "temu"),
        // meng- / peng-
        ("mengambil", "ambil"),
        ("mengalami", "alam"),
        ("mengurangi", "kurang"),
        ("mengirim", "kirim"),
        ("mengatakan", "kata"),
        ("mengejar", "kejar"),
        ("mengenal", "kenal"),
        ("mengikuti", "ikut"),
        ("mengisi", "isi"),
        ("mengundang", "undang"),
        ("mengumumkan", "umum"),
        ("mengucapkan", "ucap"),
        ("mengajak", "ajak"),
        ("mengakui", "aku"),
        ("mengalir", "alir"),
        ("mengamankan", "aman"),
        ("mengantar", "antar"),
        ("mengatasi", "atas"),
        ("menganggap", "anggap"),
        ("mengekspor", "ekspor"),
        ("mengelola", "kelola"),
        ("mengerjakan", "kerja"),
        ("mengubah", "ubah"),
        ("mengusir", "usir"),
        ("menginap", "inap"),
        ("mengobati", "obat"),
        ("mengolah", "olah"),
        ("mengembangkan", "kembang"),
        ("mengumpulkan", "kumpul"),
        ("mengurus", "urus"),
        ("mengungkap", "ungkap"),
        ("mengunjungi", "kunjung"),
        ("mengimbau", "imbau"),
        ("mengingatkan", "ingat"),
        ("mengakibatkan", "akibat"),
        ("mengadakan", "ada"),
        ("mengajukan", "aju"),
        ("mengalahkan", "kalah"),
        ("menggunakan", "guna"),
        ("menghadapi", "hadap"),
        ("mengkritik", "kritik"),
        ("menghapus", "hapus"),
        ("menggelar", "gelar"),
        ("mengangkat", "angkat"),
        ("pengamat", "amat"),
        ("pengusaha", "usaha"),
        ("pengungsi", "ungsi"),
        ("pengadilan", "adil"),
        ("pengalaman", "alam"),
        ("pengembang", "kembang"),
        ("pengurus", "urus"),
        ("pengawas", "awas"),
        ("penggemar", "gemar"),
        ("pengguna", "guna"),
        ("penghargaan", "harga"),
        ("pengiriman", "kirim"),
        ("pengumuman", "umum"),
        ("pengujian", "uji"),
        ("penggunaan", "guna"),
        ("pengaruh", "pengaruh"),
        // meny- / peny-
        ("menyukai", "suka"),
        ("menyapu", "sapu"),
        ("menyerang", "serang"),
        ("menyebut", "sebut"),
        ("menyampaikan", "sampai"),
        ("menyelesaikan", "selesai"),
        ("menyusun", "susun"),
        ("menyatakan", "nyata"),
        ("menyanyi", "nyanyi"),
        ("penyakit", "sakit"),
        ("penyidik", "sidik"),
        ("penyebab", "sebab"),
        ("penyelidikan", "selidik"),
        ("penyerang", "serang"),
        ("penyanyi", "nyanyi"),
        ("penyaluran", "salur"),
        // mem- / pem-
        ("memukul", "pukul"),
        ("memilih", "pilih"),
        ("memimpin", "pimpin"),
        ("memeriksa", "periksa"),
        ("memakai", "pakai"),
        ("memotong", "potong"),
        ("memulai", "mulai"),
        ("memakan", "makan"),
        ("memasak", "masak"),
        ("memasuki", "masuk"),
        ("memiliki", "milik"),
        ("meminta", "minta"),
        ("meminum", "minum"),
        ("memutuskan", "putus"),
        ("memenuhi", "penuh"),
        ("memaksa", "paksa"),
        ("memerlukan", "perlu"),
        ("memeluk", "peluk"),
        ("memasang", "pasang"),
        ("memastikan", "pasti"),
        ("memantau", "pantau"),
        ("memasarkan", "pasar"),
        ("memuat", "muat"),
        ("memohon", "mohon"),
        ("memulihkan", "pulih"),
        ("memanggil", "panggil"),
        ("mematikan", "mati"),
        ("memudahkan", "mudah"),
        ("memanfaatkan", "manfaat"),
        ("memenangkan", "menang"),
        ("memikirkan", "pikir"),
        ("memicu", "picu"),
        ("memerangi", "perang"),
        ("membaca", "baca"),
        ("membeli", "beli"),
        ("membangun", "bangun"),
        ("membawa", "bawa"),
        ("membuat", "buat"),
        ("membantu", "bantu"),
        ("membuka", "buka"),
        ("mempunyai", "punya"),
        ("memfasilitasi", "fasilitasi"),
        ("memproduksi", "produksi"),
        ("pemukul", "pukul"),
        ("pemilih", "pilih"),
        ("pemimpin", "pimpin"),
        ("pemakai", "pakai"),
        ("pemain", "main"),
        ("pemuda", "muda"),
        ("pemilik", "milik"),
        ("pemakaman", "makam"),
        ("pemandangan", "pandang"),
        ("pemasaran", "pasar"),
        ("pembangunan", "bangun"),
        ("pembeli", "beli"),
        ("pembaca", "baca"),
        ("pembayaran", "bayar"),
        ("pemeriksaan", "periksa"),
        ("pemenang", "menang"),
        // men- / pen-
        ("menulis", "tulis"),
        ("menembak", "tembak"),
        ("menanam", "tanam"),
        ("menarik", "tarik"),
        ("menunggu", "tunggu"),
        ("menerima", "terima"),
        ("menolak", "tolak"),
        ("menuju", "tuju"),
        ("menempati", "tempat"),
        ("menentukan", "tentu"),
        ("menonton", "tonton"),
        ("menilai", "nilai"),
        ("menaikkan", "naik"),
        ("mencari", "cari"),
        ("mendapat", "dapat"),
        ("mendapatkan", "dapat"),
        ("menjual", "jual"),
        ("menjadi", "jadi"),
        ("menjelaskan", "jelas"),
        ("mendorong", "dorong"),
        ("mencapai", "capai"),
        ("mendukung", "dukung"),
        ("menciptakan", "cipta"),
        ("menjaga", "jaga"),
        ("mentransfer", "transfer"),
        ("menyiapkan", "siap"),
        ("penulis", "tulis"),
        ("penonton", "tonton"),
        ("penilaian", "nilai"),
        ("pendidikan", "didik"),
        ("pendapatan", "dapat"),
        ("penjualan", "jual"),
        ("pencarian", "cari"),
        ("pendukung", "dukung"),
        ("penjelasan", "jelas"),
        ("penanganan", "tangan"),
        ("penerbangan", "terbang"),
        ("penangkapan", "tangkap"),
        ("penundaan", "tunda"),
        // me- / pe- before l, r, w, y and pe- before consonants
        ("melihat", "lihat"),
        ("merasa", "rasa"),
        ("mewarnai", "warna"),
        ("meyakini", "yakin"),
        ("melakukan", "laku"),
        ("melaporkan", "lapor"),
        ("melarang", "larang"),
        ("merusak", "rusak"),
        ("meraih", "raih"),
        ("melanjutkan", "lanjut"),
        ("melindungi", "lindung"),
        ("merayakan", "raya"),
        ("pelaku", "laku"),
        ("pelajar", "ajar"),
        ("petani", "tani"),
        ("pedagang", "dagang"),
        ("pejabat", "jabat"),
        ("pegawai", "gawai"),
        ("petugas", "tugas"),
        ("pekerja", "kerja"),
        ("peserta", "serta"),
        ("pewarta", "warta"),
        ("pelayanan", "layan"),
        ("pelabuhan", "labuh"),
        ("perbaikan", "baik"),
        ("pertanian", "tani"),
        ("perusahaan", "usaha"),
        ("perumahan", "rumah"),
        ("persatuan", "satu"),
        ("peraturan", "atur"),
        ("perjalanan", "jalan"),
        ("perdagangan", "dagang"),
        ("perubahan", "ubah"),
        ("persiapan", "siap"),
        // di-, ter-, ke-, ber-, and two prefixes
        ("dilihat", "lihat"),
        ("dibawa", "bawa"),
        ("ditangkap", "tangkap"),
        ("dikatakan", "kata"),
        ("diberikan", "beri"),
        ("dijual", "jual"),
        ("dipilih", "pilih"),
        ("diumumkan", "umum"),
        ("ditemukan", "temu"),
        ("dilaporkan", "lapor"),
        ("diduga", "duga"),
        ("dibangun", "bangun"),
        ("terbakar", "bakar"),
        ("terancam", "ancam"),
        ("teringat", "ingat"),
        ("terjadi", "jadi"),
        ("terlihat", "lihat"),
        ("tertangkap", "tangkap"),
        ("terasa", "rasa"),
        ("terendam", "rendam"),
        ("terungkap", "ungkap"),
        ("terpilih", "pilih"),
        ("terkait", "kait"),
        ("termasuk", "masuk"),
        ("kebakaran", "bakar"),
        ("kepolisian", "polisi"),
        ("kesehatan", "sehat"),
        ("keamanan", "aman"),
        ("kemenangan", "menang"),
        ("kebijakan", "bijak"),
        ("keputusan", "putus"),
        ("kekerasan", "keras"),
        ("kematian", "mati"),
        ("keadaan", "ada"),
        ("kejadian", "jadi"),
        ("kejaksaan", "jaksa"),
        ("kementerian", "menteri"),
        ("keterangan", "terang"),
        ("kedua", "dua"),
        ("ketiga", "tiga"),
        ("keuangan", "uang"),
        ("kemerdekaan", "merdeka"),
        ("kebersihan", "bersih"),
        ("bermain", "main"),
        ("berangkat", "angkat"),
        ("beranak", "anak"),
        ("berasal", "asal"),
        ("berada", "ada"),
        ("berakhir", "akhir"),
        ("berusaha", "usaha"),
        ("berupa", "rupa"),
        ("beragam", "ragam"),
        ("bekerja", "kerja"),
        ("beserta", "serta"),
        ("belajar", "ajar"),
        ("bertemu", "temu"),
        ("berbicara", "bicara"),
        ("berlangsung", "langsung"),
        ("berhasil", "hasil"),
        ("bersama", "sama"),
        ("berdasarkan", "dasar"),
        ("bertanding", "tanding"),
        ("berjalan", "jalan"),
        ("memperbaiki", "baik"),
        ("memperkuat", "kuat"),
        ("diperkirakan", "kira"),
        ("mempertahankan", "tahan"),
        ("diperoleh", "oleh"),
        ("memperluas", "luas"),
        ("diperiksa", "periksa"),
        ("keberhasilan", "hasil"),
        ("keberadaan", "ada"),
        ("memberikan", "beri"),
        ("pemberian", "beri"),
        // inflection
        ("bukunya", "buku"),
        ("rumahku", "rumah"),
        ("mobilmu", "mobil"),
        ("bacalah", "baca"),
        ("apakah", "apa"),
        ("siapakah", "siapa"),
        ("bagaimanapun", "bagaimana"),
        ("keluarganya", "keluarga"),
        ("pemerintahnya", "pemerintah"),
        ("kebijakannya", "bijak"),
        ("menguasainya", "kuasa"),
        // roots that must stay
        ("berita", "berita"),
        ("beras", "beras"),
        ("berat", "berat"),
        ("menteri", "menteri"),
        ("pemilu", "pemilu"),
        ("pemerintah", "pemerintah"),
        ("pemerintahan", "pemerintah"),
        ("mereka", "mereka"),
        ("media", "media"),
        ("memang", "memang"),
        ("menang", "menang"),
        ("penting", "penting"),
        ("perdana", "perdana"),
        ("pertama", "pertama"),
        ("perempuan", "perempuan"),
        ("pesawat", "pesawat"),
        ("ketua", "ketua"),
        ("kepala", "kepala"),
        ("keluarga", "keluarga"),
        ("kereta", "kereta"),
        ("kelompok", "kelompok"),
        ("makan", "makan"),
        ("jalan", "jalan"),
        ("bulan", "bulan"),
        ("bukan", "bukan"),
        ("cari", "cari"),
        ("jadi", "jadi"),
        ("kopi", "kopi"),
        ("padi", "padi"),
        ("informasi", "informasi"),
        ("polisi", "polisi"),
        ("korupsi", "korupsi"),
        ("organisasi", "organisasi"),
        ("jakarta", "jakarta"),
        ("indonesia", "indonesia"),
        ("sepeda", "sepeda"),
        ("sekolah", "sekolah"),
        ("terus", "terus"),
        ("terima", "terima"),
        ("dinas", "dinas"),
        ("diri", "diri"),
        ("presiden", "presiden"),
        ("teknologi", "teknologi"),
        ("ekonomi", "ekonomi"),
        ("ekonom", "ekonom"),
        ("covid", "covid"),
        ("timnas", "timnas"),
        ("jokowi", "jokowi"),
        ("jokowinya", "jokowi"),
        ("g20", "g20"),
        ("rp", "rp"),
    ];

    // The classes of words a rule-based stemmer without a dictionary gets
    // wrong, written for Warta from news vocabulary (2026-12-05): before the
    // corpus's lexicon, 275 of these 370 were right; after, 362.

    /// `meng-`/`peng-` before a vowel: a loanword (ekspor, akses) or a root that lost its `k` (kuasa, kemudi).
    const LOANWORDS_AFTER_MENG: &[(&str, &str)] = &[
        ("mengakomodasi", "akomodasi"),
        ("mengalokasikan", "alokasi"),
        ("mengaktifkan", "aktif"),
        ("mengadaptasi", "adaptasi"),
        ("mengagendakan", "agenda"),
        ("mengasumsikan", "asumsi"),
        ("mengaudit", "audit"),
        ("mengekspresikan", "ekspresi"),
        ("mengeksplorasi", "eksplorasi"),
        ("mengeliminasi", "eliminasi"),
        ("mengenkripsi", "enkripsi"),
        ("mengevakuasi", "evakuasi"),
        ("mengimbau", "imbau"),
        ("mengimbangi", "imbang"),
        ("mengincar", "incar"),
        ("menginformasikan", "informasi"),
        ("menginisiasi", "inisiasi"),
        ("menginspirasi", "inspirasi"),
        ("menginstruksikan", "instruksi"),
        ("menginvestigasi", "investigasi"),
        ("mengoptimalkan", "optimal"),
        ("mengorganisasi", "organisasi"),
        ("mengunggah", "unggah"),
        ("mengupayakan", "upaya"),
        ("mengurai", "urai"),
        ("pengaudit", "audit"),
        ("pengamanan", "aman"),
        ("pengaturan", "atur"),
        ("pengeboran", "bor"),
        ("pengecekan", "cek"),
        ("pengembangan", "kembang"),
        ("pengumuman", "umum"),
        ("pengurangan", "kurang"),
        ("pengiriman", "kirim"),
        ("pengakuan", "aku"),
        ("pengalaman", "alam"),
        ("pengorbanan", "korban"),
        ("pengobatan", "obat"),
        ("mengikis", "kikis"),
        ("mengukur", "ukur"),
        ("mengutip", "kutip"),
        ("mengarang", "karang"),
        ("mengupas", "kupas"),
        ("mengeruk", "keruk"),
        ("mengerahkan", "kerah"),
        ("mengenakan", "kena"),
        ("mengalahkan", "kalah"),
        ("mengoleksi", "koleksi"),
        ("mengomentari", "komentar"),
        ("mengonsolidasikan", "konsolidasi"),
        ("mengampanyekan", "kampanye"),
        ("mengategorikan", "kategori"),
        ("mengekspor", "ekspor"),
        ("mengimpor", "impor"),
        ("mengoperasikan", "operasi"),
        ("mengedukasi", "edukasi"),
        ("mengevaluasi", "evaluasi"),
        ("mengakses", "akses"),
        ("mengantisipasi", "antisipasi"),
        ("mengapresiasi", "apresiasi"),
        ("mengidentifikasi", "identifikasi"),
        ("mengintegrasikan", "integrasi"),
        ("mengonsumsi", "konsumsi"),
        ("mengoordinasikan", "koordinasi"),
        ("mengonfirmasi", "konfirmasi"),
        ("mengimplementasikan", "implementasi"),
        ("mengedarkan", "edar"),
        ("mengadopsi", "adopsi"),
        ("mengamandemen", "amandemen"),
        ("mengekspos", "ekspos"),
        ("mengeksekusi", "eksekusi"),
        ("mengeksploitasi", "eksploitasi"),
        ("mengantongi", "kantong"),
        ("mengemas", "kemas"),
        ("mengecam", "kecam"),
        ("mengeluarkan", "keluar"),
        ("mengecek", "cek"),
        ("mengebom", "bom"),
        ("pengekspor", "ekspor"),
        ("pengimpor", "impor"),
        ("pengoperasian", "operasi"),
        ("pengakses", "akses"),
        ("pengedar", "edar"),
        ("pengecer", "ecer"),
        ("pengeluaran", "keluar"),
        ("pengusaha", "usaha"),
        ("pengamat", "amat"),
        ("pengacara", "acara"),
        ("pengawas", "awas"),
        ("pengemudi", "kemudi"),
        ("pengunjung", "kunjung"),
        ("pengelolaan", "kelola"),
    ];

    /// A root ending in `k` followed by `-an` (tembak-an, not temba-kan), with and without prefixes.
    const ROOTS_IN_K_WITH_AN: &[(&str, &str)] = &[
        ("tembakan", "tembak"),
        ("gerakan", "gerak"),
        ("tindakan", "tindak"),
        ("ledakan", "ledak"),
        ("masukan", "masuk"),
        ("tolakan", "tolak"),
        ("cetakan", "cetak"),
        ("teriakan", "teriak"),
        ("tumpukan", "tumpuk"),
        ("didikan", "didik"),
        ("bentukan", "bentuk"),
        ("sentakan", "sentak"),
        ("berdesakan", "desak"),
        ("bergerak", "gerak"),
        ("penembakan", "tembak"),
        ("pergerakan", "gerak"),
        ("penindakan", "tindak"),
        ("peledakan", "ledak"),
        ("penolakan", "tolak"),
        ("pencetakan", "cetak"),
        ("pendidikan", "didik"),
        ("kerusakan", "rusak"),
        ("kebijakan", "bijak"),
        ("kemasukan", "masuk"),
        ("penggerebekan", "gerebek"),
        ("kritikan", "kritik"),
        ("injakan", "injak"),
        ("desakan", "desak"),
        ("tarikan", "tarik"),
        ("petikan", "petik"),
        ("tabrakan", "tabrak"),
        ("masakan", "masak"),
        ("bidikan", "bidik"),
        ("lirikan", "lirik"),
        ("tusukan", "tusuk"),
        ("sorakan", "sorak"),
        ("penarikan", "tarik"),
        ("penusukan", "tusuk"),
        ("penculikan", "culik"),
        ("pembajakan", "bajak"),
        ("pembentukan", "bentuk"),
        ("penaikan", "naik"),
        ("perusakan", "rusak"),
        ("berteriak", "teriak"),
        ("berbalik", "balik"),
    ];

    /// `ber-` before a root beginning with `t` (ber-tanya, ber-temu, be-ternak).
    const BER_BEFORE_T: &[(&str, &str)] = &[
        ("bertemu", "temu"),
        ("bertahan", "tahan"),
        ("bertanya", "tanya"),
        ("bertambah", "tambah"),
        ("bertugas", "tugas"),
        ("bertani", "tani"),
        ("beternak", "ternak"),
        ("bertarung", "tarung"),
        ("bertanding", "tanding"),
        ("bertindak", "tindak"),
        ("bertekad", "tekad"),
        ("bertempat", "tempat"),
        ("bertahun", "tahun"),
        ("bertujuan", "tuju"),
        ("bertanggung", "tanggung"),
        ("bertabrakan", "tabrak"),
        ("bertentangan", "tentang"),
        ("bertransaksi", "transaksi"),
        ("bertransformasi", "transformasi"),
        ("bertaruh", "taruh"),
        ("bertato", "tato"),
        ("bertetangga", "tetangga"),
        ("bertinju", "tinju"),
        ("bertolak", "tolak"),
        ("bertumbuh", "tumbuh"),
        ("bertiga", "tiga"),
        ("bertelur", "telur"),
        ("bertopi", "topi"),
        ("bertopeng", "topeng"),
        ("bertualang", "tualang"),
        ("bertukar", "tukar"),
        ("bertutur", "tutur"),
        ("bertamu", "tamu"),
        ("bertapa", "tapa"),
    ];

    /// Short roots inside `pe-...-an`, `di-...-kan`, `meng-...-kan` (pakai, buat, ada, jual).
    const SHORT_ROOTS_IN_CONFIXES: &[(&str, &str)] = &[
        ("pesanan", "pesan"),
        ("penanaman", "tanam"),
        ("pemakaman", "makam"),
        ("perawatan", "rawat"),
        ("pelatih", "latih"),
        ("pelatihan", "latih"),
        ("pemain", "main"),
        ("permainan", "main"),
        ("penilaian", "nilai"),
        ("dilakukan", "laku"),
        ("digelar", "gelar"),
        ("dipakai", "pakai"),
        ("dibuat", "buat"),
        ("diberikan", "beri"),
        ("dikenakan", "kena"),
        ("dibawa", "bawa"),
        ("ditanam", "tanam"),
        ("diminta", "minta"),
        ("dicari", "cari"),
        ("menanam", "tanam"),
        ("menanamkan", "tanam"),
        ("mengajukan", "aju"),
        ("mengakibatkan", "akibat"),
        ("pemakai", "pakai"),
        ("pemakaian", "pakai"),
        ("pembuatan", "buat"),
        ("pembuat", "buat"),
        ("dibuatkan", "buat"),
        ("dikenai", "kena"),
        ("pengenaan", "kena"),
        ("penamaan", "nama"),
        ("dinamai", "nama"),
        ("dinamakan", "nama"),
        ("pemanasan", "panas"),
        ("pelaku", "laku"),
        ("pelakunya", "laku"),
        ("diadakan", "ada"),
        ("mengadakan", "ada"),
        ("pengadaan", "ada"),
        ("keadaan", "ada"),
        ("diakui", "aku"),
        ("menuai", "tuai"),
        ("penataan", "tata"),
        ("ditata", "tata"),
        ("menata", "tata"),
        ("dibela", "bela"),
        ("pembelaan", "bela"),
        ("membela", "bela"),
        ("dibeli", "beli"),
        ("pembeli", "beli"),
        ("pembelian", "beli"),
        ("dijual", "jual"),
        ("penjual", "jual"),
        ("penjualan", "jual"),
        ("dijaga", "jaga"),
        ("penjaga", "jaga"),
        ("penjagaan", "jaga"),
        ("dibagi", "bagi"),
        ("pembagian", "bagi"),
        ("membagikan", "bagi"),
        ("diisi", "isi"),
        ("pengisian", "isi"),
        ("dilalui", "lalu"),
        ("melalui", "lalu"),
    ];

    /// `memper-`/`member-`/`pember-`: a second prefix, or `ber` that belongs to the root (berantas).
    const BER_AND_PER_INSIDE: &[(&str, &str)] = &[
        ("pemberantasan", "berantas"),
        ("memberantas", "berantas"),
        ("diberantas", "berantas"),
        ("memberdayakan", "daya"),
        ("pemberdayaan", "daya"),
        ("diberdayakan", "daya"),
        ("memperhatikan", "hati"),
        ("memperingati", "ingat"),
        ("memperingatkan", "ingat"),
        ("mempertahankan", "tahan"),
        ("memperbaiki", "baik"),
        ("memperoleh", "oleh"),
        ("memperkenalkan", "kenal"),
        ("pemberitahuan", "beritahu"),
        ("memberitahukan", "beritahu"),
        ("berita", "berita"),
        ("pemberitaan", "berita"),
        ("diberitakan", "berita"),
        ("memberitakan", "berita"),
        ("memperjuangkan", "juang"),
        ("diperjuangkan", "juang"),
        ("memperpanjang", "panjang"),
        ("diperpanjang", "panjang"),
        ("mempersiapkan", "siap"),
        ("dipersiapkan", "siap"),
        ("memperluas", "luas"),
        ("diperluas", "luas"),
        ("mempertanyakan", "tanya"),
        ("dipertanyakan", "tanya"),
        ("memperburuk", "buruk"),
        ("memperkuat", "kuat"),
        ("diperkuat", "kuat"),
        ("mempermudah", "mudah"),
        ("dipermudah", "mudah"),
        ("memperketat", "ketat"),
        ("diperketat", "ketat"),
        ("memberlakukan", "laku"),
        ("diberlakukan", "laku"),
        ("pemberlakuan", "laku"),
        ("memberhentikan", "henti"),
        ("diberhentikan", "henti"),
        ("pemberhentian", "henti"),
        ("memberangkatkan", "angkat"),
        ("diberangkatkan", "angkat"),
        ("pemberangkatan", "angkat"),
        ("memperlakukan", "laku"),
        ("diperlakukan", "laku"),
        ("perlakuan", "laku"),
        ("mempersembahkan", "sembah"),
        ("memperdagangkan", "dagang"),
        ("diperdagangkan", "dagang"),
        ("perdagangan", "dagang"),
        ("memperbolehkan", "boleh"),
        ("diperbolehkan", "boleh"),
    ];

    /// Words that end in what looks like a suffix but is part of the word (ekonomi, selatan, teori), beside real suffixes (lautan, ribuan).
    const SUFFIX_LOOKALIKES: &[(&str, &str)] = &[
        ("ekonomi", "ekonomi"),
        ("teknologi", "teknologi"),
        ("strategi", "strategi"),
        ("industri", "industri"),
        ("energi", "energi"),
        ("selatan", "selatan"),
        ("lapangan", "lapang"),
        ("perekonomian", "ekonomi"),
        ("kompetisi", "kompetisi"),
        ("demokrasi", "demokrasi"),
        ("polisi", "polisi"),
        ("kepolisian", "polisi"),
        ("investasi", "investasi"),
        ("regulasi", "regulasi"),
        ("koalisi", "koalisi"),
        ("psikologi", "psikologi"),
        ("ideologi", "ideologi"),
        ("biologi", "biologi"),
        ("geologi", "geologi"),
        ("asuransi", "asuransi"),
        ("arteri", "arteri"),
        ("galeri", "galeri"),
        ("kategori", "kategori"),
        ("teori", "teori"),
        ("memori", "memori"),
        ("porsi", "porsi"),
        ("misi", "misi"),
        ("visi", "visi"),
        ("kursi", "kursi"),
        ("tradisi", "tradisi"),
        ("ekologi", "ekologi"),
        ("metodologi", "metodologi"),
        ("terapi", "terapi"),
        ("sanksi", "sanksi"),
        ("opini", "opini"),
        ("taksi", "taksi"),
        ("aksi", "aksi"),
        ("reaksi", "reaksi"),
        ("partai", "partai"),
        ("pantai", "pantai"),
        ("santai", "santai"),
        ("dokumentasi", "dokumentasi"),
        ("frustrasi", "frustrasi"),
        ("ambisi", "ambisi"),
        ("emisi", "emisi"),
        ("obsesi", "obsesi"),
        ("komisi", "komisi"),
        ("posisi", "posisi"),
        ("haji", "haji"),
        ("puisi", "puisi"),
        ("kopi", "kopi"),
        ("roti", "roti"),
        ("janji", "janji"),
        ("pagi", "pagi"),
        ("lagi", "lagi"),
        ("tinggi", "tinggi"),
        ("utara", "utara"),
        ("timur", "timur"),
        ("kanan", "kanan"),
        ("depan", "depan"),
        ("zaman", "zaman"),
        ("taman", "taman"),
        ("teman", "teman"),
        ("bulan", "bulan"),
        ("jalan", "jalan"),
        ("ikan", "ikan"),
        ("bukan", "bukan"),
        ("tuhan", "tuhan"),
        ("hutan", "hutan"),
        ("hujan", "hujan"),
        ("tahun", "tahun"),
        ("halaman", "halaman"),
        ("kawasan", "kawasan"),
        ("lautan", "laut"),
        ("daratan", "darat"),
        ("dataran", "datar"),
        ("ratusan", "ratus"),
        ("ribuan", "ribu"),
        ("puluhan", "puluh"),
        ("jutaan", "juta"),
        ("miliaran", "miliar"),
    ];

    /// Pairs of the classes above still wrong: a one-syllable root after
    /// `menge-`/`penge-` (cek, bom, bor), which no rule here reads; two
    /// readings the corpus cannot tell apart (sentak: "senta" is written
    /// too; tuai: "tua" is a root of its own); "psikologi", which the
    /// corpus writes less than "psikolog".
    const KNOWN_MISSES: &[(&str, &str)] = &[
        ("mengecek", "cek"),
        ("mengebom", "bom"),
        ("pengecekan", "cek"),
        ("pengeboran", "bor"),
        ("pengecer", "ecer"),
        ("sentakan", "sentak"),
        ("menuai", "tuai"),
        ("psikologi", "psikologi"),
    ];

    #[test]
    fn the_hard_classes() {
        let classes = [
            ("LOANWORDS_AFTER_MENG", LOANWORDS_AFTER_MENG),
            ("ROOTS_IN_K_WITH_AN", ROOTS_IN_K_WITH_AN),
            ("BER_BEFORE_T", BER_BEFORE_T),
            ("SHORT_ROOTS_IN_CONFIXES", SHORT_ROOTS_IN_CONFIXES),
            ("BER_AND_PER_INSIDE", BER_AND_PER_INSIDE),
            ("SUFFIX_LOOKALIKES", SUFFIX_LOOKALIKES),
        ];
        let mut total = 0;
        for (class, pairs) in classes {
            let wrong: Vec<String> = pairs
                .iter()
                .filter(|(word, root)| stem(word) != *root)
                .filter(|pair| !KNOWN_MISSES.contains(pair))
                .map(|(word, root)| format!("{word} -> {} (want {root})", stem(word)))
                .collect();
            assert!(wrong.is_empty(), "{class}: {}", wrong.join(", "));
            total += pairs.len();
        }
        assert!(
            total + PAIRS.len() >= 600,
            "{total} + {} pairs",
            PAIRS.len()
        );
    }

    #[test]
    fn word_pairs() {
        let mut wrong = Vec::new();
        for (word, root) in PAIRS {
            let got = stem(word);
            if got != *root {
                wrong.push(format!("{word} -> {got} (want {root})"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} of {} pairs wrong:\n{}",
            wrong.len(),
            PAIRS.len(),
            wrong.join("\n")
        );
        assert!(PAIRS.len() >= 300, "{} pairs", PAIRS.len());
    }

    #[test]
    fn inflected_forms_meet_at_one_root() {
        for family in [
            ["menguasai", "dikuasai", "kuasai", "penguasaan"],
            ["menulis", "ditulis", "penulis", "tulisan"],
            ["membangun", "dibangun", "pembangunan", "bangunan"],
            ["memilih", "dipilih", "pemilihan", "pilihan"],
        ] {
            let roots: Vec<String> = family.iter().map(|w| stem(w)).collect();
            assert!(
                roots.windows(2).all(|w| w[0] == w[1]),
                "{family:?} -> {roots:?}"
            );
        }
    }

    /// What `analyzer::Marking` relies on: a stem keeps the word's letters
    /// after its first (only a first letter the prefix swallowed comes
    /// back). The corpus test checks the same on every word of the corpus.
    #[test]
    fn a_stem_after_its_first_letter_is_part_of_the_word() {
        let affixed = |roots: &[&str], prefix: &str| -> Vec<String> {
            let forms = ["", "kan", "an", "i", "nya"];
            roots
                .iter()
                .flat_map(|root| forms.map(|suffix| format!("{prefix}{root}{suffix}")))
                .collect()
        };
        let words: Vec<String> = PAIRS
            .iter()
            .map(|(word, _)| word.to_string())
            .chain(PROTECTED.iter().map(|word| word.to_string()))
            .chain(affixed(VOWEL_ROOTS, "meng"))
            .chain(affixed(M_ROOTS, "mem"))
            .chain(affixed(N_ROOTS, "pen"))
            .chain(affixed(NY_ROOTS, "meny"))
            .chain(affixed(R_ROOTS, "ber"))
            .chain(affixed(AI_ROOTS, "di"))
            .collect();
        for word in &words {
            let stemmed = stem(word);
            let tail: String = stemmed.chars().skip(1).collect();
            assert!(word.contains(&tail), "{word} -> {stemmed}");
        }
    }
}
