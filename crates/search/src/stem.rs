//! An Indonesian stemmer written for Warta.
//!
//! It follows the shape of the published rule-based algorithms (Tala's
//! Porter-style rules, and Nazief and Adriani's order: particle, possessive,
//! derivational suffix, then up to two derivational prefixes, with the
//! sound changes of `meN-` and `peN-` undone), but it has no dictionary of
//! roots. Where a dictionary would decide, it uses short lists instead:
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
        let plain = |r: &&str| possessive == "nya" || strip_prefix(r).is_none();
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
    for (without, suffix) in suffixes(w) {
        if listed(PROTECTED, without) {
            return without.to_owned();
        }
        if let Some(root) = strip_prefixes(without, Some(suffix)) {
            return restore_ai(root, suffix);
        }
    }
    if let Some(root) = strip_prefixes(w, None) {
        // "mengatasi": the -si rule kept the i of a known root.
        return match root.strip_suffix('i') {
            Some(without) if known(without) => without.to_owned(),
            _ => root,
        };
    }
    match suffixes(w).first() {
        Some((without, suffix)) => restore_ai((*without).to_owned(), suffix),
        None => w.to_owned(),
    }
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
    // A second prefix: per-/ber- after me-/di-/ke-/ter-, or pe-/be- forms.
    if matches!(family, "me" | "di" | "ke" | "te")
        && let Some((second_family, second)) = strip_prefix(&first)
        && matches!(second_family, "pe" | "be")
        && root_sized(&second)
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
                return Some((
                    family,
                    if vowel_root(&w[n..]) {
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
    if known(candidate) {
        return candidate.to_owned();
    }
    let with_i = format!("{candidate}i");
    if listed(AI_ROOTS, &with_i) {
        return with_i;
    }
    for suffix in ["kan", "an", "i"] {
        if let Some(rest) = candidate.strip_suffix(suffix).filter(|r| known(r)) {
            return rest.to_owned();
        }
    }
    candidate.to_owned()
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
        ("teknologi", "teknolog"),
        ("ekonomi", "ekonom"),
        ("ekonom", "ekonom"),
        ("covid", "covid"),
        ("timnas", "timnas"),
        ("jokowi", "jokow"),
        ("jokowinya", "jokow"),
        ("g20", "g20"),
        ("rp", "rp"),
    ];

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
