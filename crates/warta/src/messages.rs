//! What the newsroom and the API tell a user when a request is refused, in
//! Indonesian (the newsroom's language) and English, from one catalogue:
//! the newsroom form and the API answer a rule broken the same way with the
//! same words. Handlers and `newsroom::actions` raise a [`Message`] inside
//! an `AppError`; the edge that answers picks the language (the newsroom
//! Indonesian, the API the request's `Accept-Language`, reader pages the
//! site's locale).

use warta_core::{Locale, Status};

/// A refusal, with what it needs to say itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    // Articles.
    /// The headline is empty.
    TitleRequired,
    /// An article goes live (or is scheduled to) with nothing in its body.
    BodyRequired,
    /// The headline is longer than `max` characters.
    TitleTooLong {
        /// Characters allowed.
        max: usize,
    },
    /// The lede is longer than `max` characters.
    LedeTooLong {
        /// Characters allowed.
        max: usize,
    },
    /// The body is larger than allowed.
    BodyTooLong,
    /// No section of that address.
    UnknownSection(String),
    /// Too many tags, or one too long.
    TooManyTags {
        /// Tags allowed.
        max: usize,
    },
    /// No image of that number.
    UnknownImage(i64),
    /// No article of that number.
    UnknownArticle(i64),
    /// Breaking news must be a live article: this one's number.
    BreakingNotLive(i64),
    /// A breaking-news mark longer than this many hours.
    BreakingTooLong(i64),
    /// The Baca Juga article does not exist (or is the article itself).
    UnknownReadAlso(i64),
    /// One of the picks does not exist.
    UnknownPick,
    /// A pick is in the list already.
    AlreadyPicked,
    /// No article chosen for a curation button.
    ChooseArticle,
    /// The workflow has no such step.
    NoSuchStep {
        /// Status now.
        from: Status,
        /// Status asked for.
        to: Status,
    },
    /// Scheduling without a time.
    ScheduleNeedsTime,
    /// Scheduling in the past.
    ScheduleInPast,
    /// A time field that cannot be read.
    UnreadableTime(String),
    /// A local time that does not exist in the portal's zone.
    NonexistentTime(String),
    /// A number field holding something else.
    NotANumber(String),
    /// A number outside the range the API documents.
    OutOfRange {
        /// The parameter.
        field: &'static str,
        /// Smallest allowed.
        min: i64,
        /// Largest allowed.
        max: i64,
    },
    /// The framework refused the request before a handler saw it (what it
    /// said, in English, comes along).
    RequestNotUnderstood(String),
    /// `If-Match` named another version than the stored one.
    StaleVersion {
        /// The version stored now.
        current: i64,
    },
    /// A change without the version it is based on (`If-Match` or
    /// `version`).
    VersionRequired,
    /// The article changed since the version the save was based on.
    EditConflict {
        /// The version stored now.
        current: i64,
    },
    /// Saved, but the step after the save was refused.
    SavedButNotMoved(Box<Message>),

    // Sections and tags.
    /// A section without a name.
    SectionNameRequired,
    /// A section whose address belongs to another page.
    ReservedPath(String),
    /// A section with that address exists.
    SectionExists,
    /// A tag without a name.
    TagNameRequired,

    // Stories (Kronologi).
    /// A story without a name.
    StoryNameRequired,
    /// A story name longer than `max` characters.
    StoryNameTooLong(usize),
    /// No story has this number or address (or it was merged into another).
    UnknownStory(String),
    /// Text that is neither an article's number nor its address.
    NotAnArticle(String),
    /// A story merged into itself.
    StoryMergedIntoItself,
    /// A split that names no article.
    StorySplitEmpty,

    // Abbreviations for search.
    /// Not one word of 2 to 15 letters and digits.
    AbbreviationInvalid,
    /// A long form of fewer than two words, or too long.
    LongFormInvalid,
    /// The newsroom has no such abbreviation.
    UnknownAbbreviation(String),

    // People and sign-in.
    /// A password shorter than `min` characters.
    PasswordTooShort {
        /// Characters required.
        min: usize,
    },
    /// A password longer than anyone types.
    PasswordTooLong,
    /// The old password is wrong.
    WrongOldPassword,
    /// The new password and its repetition differ.
    PasswordsDiffer,
    /// Not an e-mail address.
    NotAnEmail(String),
    /// A user with that e-mail exists.
    UserExists,
    /// No such role.
    UnknownRole(String),
    /// A name is required, at most 100 characters.
    NameRequired,
    /// A token needs a name.
    TokenNameRequired,
    /// Admins cannot demote or disable themselves.
    CannotDemoteSelf,
    /// Wrong e-mail or password.
    WrongCredentials,
    /// Too many failed sign-ins; wait `minutes`.
    TooManySignIns {
        /// Minutes to wait.
        minutes: i64,
    },
    /// The session ended.
    SessionEnded,
    /// The form's CSRF token is missing or wrong.
    BadFormToken,
    /// Signing in is required (API: a token).
    SignInRequired,
    /// The role does not allow this.
    RoleForbids(Action),

    // Uploads.
    /// No file chosen.
    ChooseFile,
    /// A file over the size limit.
    FileTooLarge {
        /// Megabytes allowed.
        max_mb: usize,
    },
    /// Not a JPEG, PNG, WebP or GIF.
    NotAnImage,
    /// An image with more pixels than allowed.
    TooManyPixels {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
        /// Megapixels allowed.
        max_megapixels: u64,
    },
    /// An image that cannot be decoded.
    BrokenImage,
    /// A form larger than allowed.
    FormTooLarge,
    /// An image still used by this many articles.
    MediaInUse(i64),
    /// No image of that number in the library.
    UnknownMedia(i64),
    /// A form that cannot be read; the parser's words follow.
    BadForm(String),
    /// A note with no text.
    NoteEmpty,
    /// A note longer than this many characters.
    NoteTooLong(usize),
    /// An entry for an article that is not followed live.
    NotLive,
    /// An empty live entry.
    EntryEmpty,
    /// A live entry longer than this many characters.
    EntryTooLong(usize),
    /// A webhook address that is not an http(s) URL; what was typed.
    WebhookUrl(String),
    /// A webhook subscribed to no event, or to one that does not exist.
    WebhookEvents(String),

    // Requests.
    /// A page number out of range or not a number.
    BadPageNumber(String),
    /// A date field that is not `YYYY-MM-DD`: the field, what was typed.
    BadDate(&'static str, String),
    /// The archive's date that cannot be read.
    ArchiveDate(String),
    /// A button or action the handler does not know.
    UnknownAction(String),
    /// A field missing from the request.
    MissingField(&'static str),
    /// JSON that cannot be read; the parser's words follow.
    MalformedJson(String),
    /// JSON whose fields do not fit; the parser's words follow.
    InvalidJson(String),
    /// A request body larger than allowed.
    BodyTooLarge,
    /// No such page or resource.
    NotFound,
    /// The disk is full: nothing was saved.
    DiskFull,
    /// The database cannot be reached just now.
    DatabaseUnavailable,
    /// The server failed; the cause is logged.
    Internal,
}

/// What a role may be refused, for [`Message::RoleForbids`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Opening another's article.
    OpenOthers,
    /// Changing this article.
    EditArticle,
    /// Publishing, scheduling or taking down.
    Publish,
    /// Pilihan, headline, sections and tags.
    Curate,
    /// Users.
    Administer,
}

impl Message {
    /// The message in `locale`.
    pub fn text(&self, locale: Locale) -> String {
        match locale {
            Locale::Id => self.indonesian(),
            Locale::En => self.english(),
        }
    }

    fn indonesian(&self) -> String {
        use Message::*;
        match self {
            TitleRequired => "Judul wajib diisi.".into(),
            BodyRequired => {
                "Isi artikel masih kosong: tulis isinya sebelum menerbitkan atau menjadwalkan."
                    .into()
            }
            TitleTooLong { max } => format!("Judul paling panjang {max} karakter."),
            LedeTooLong { max } => format!("Ringkasan paling panjang {max} karakter."),
            BodyTooLong => "Isi artikel terlalu panjang.".into(),
            UnknownSection(s) => format!("Kanal {s:?} tidak ada."),
            TooManyTags { max } => {
                format!("Paling banyak {max} tag, masing-masing paling panjang 100 karakter.")
            }
            UnknownImage(id) => format!("Gambar {id} tidak ada."),
            UnknownArticle(id) => format!("Artikel {id} tidak ada."),
            BreakingNotLive(id) => format!(
                "Artikel {id} belum tayang untuk pembaca: terbitkan dulu, lalu jadikan breaking news."
            ),
            BreakingTooLong(hours) => {
                format!("Breaking news paling lama {hours} jam; pilih waktu yang lebih pendek.")
            }
            UnknownReadAlso(id) => format!("Artikel Baca Juga {id} tidak ada."),
            UnknownPick => "Salah satu artikel Pilihan tidak ada.".into(),
            AlreadyPicked => "Artikel itu sudah ada di Pilihan.".into(),
            ChooseArticle => "Pilih artikel dulu.".into(),
            NoSuchStep { from, to } => format!(
                "Artikel berstatus {} tidak bisa langsung menjadi {}.",
                status_id(*from),
                status_id(*to)
            ),
            ScheduleNeedsTime => "Isi waktu terbit untuk menjadwalkan.".into(),
            ScheduleInPast => "Waktu terbit jadwal harus di masa depan.".into(),
            UnreadableTime(t) => format!("Waktu {t:?} tidak bisa dibaca."),
            NonexistentTime(t) => format!("Waktu {t:?} tidak ada di zona ini."),
            NotANumber(t) => format!("{t:?} bukan nomor."),
            EditConflict { current } => format!(
                "Artikel sudah diubah orang lain (kini versi {current}). \
                 Perubahan Anda belum disimpan."
            ),
            RequestNotUnderstood(said) => format!("Permintaan ini tidak bisa dilayani: {said}."),
            OutOfRange { field, min, max } => format!("{field} harus antara {min} dan {max}."),
            StaleVersion { current } => format!(
                "If-Match menyebut versi lain: artikel kini versi {current}. Tidak ada yang diubah."
            ),
            VersionRequired => {
                "Sebutkan versi yang diubah: header If-Match atau kolom version.".into()
            }
            SavedButNotMoved(inner) => {
                format!("{} Isi artikel sudah tersimpan.", inner.indonesian())
            }
            SectionNameRequired => "Nama kanal wajib diisi.".into(),
            ReservedPath(slug) => format!("Alamat /{slug} dipakai halaman lain."),
            SectionExists => "Sudah ada kanal dengan alamat ini.".into(),
            TagNameRequired => "Nama tag wajib diisi.".into(),
            StoryNameRequired => "Nama topik wajib diisi.".into(),
            StoryNameTooLong(max) => format!("Nama topik paling panjang {max} karakter."),
            UnknownStory(name) => {
                format!("Topik {name:?} tidak ada atau sudah digabungkan ke topik lain.")
            }
            NotAnArticle(text) => format!("{text:?} bukan nomor atau alamat artikel di situs ini."),
            StoryMergedIntoItself => "Topik tidak bisa digabungkan dengan dirinya sendiri.".into(),
            StorySplitEmpty => "Pilih artikel yang akan dipisahkan ke topik baru.".into(),
            AbbreviationInvalid => {
                "Singkatan ditulis satu kata, 2 sampai 15 huruf atau angka.".into()
            }
            LongFormInvalid => {
                "Kepanjangan singkatan paling sedikit dua kata dan paling panjang 200 karakter."
                    .into()
            }
            UnknownAbbreviation(short) => {
                format!("Singkatan {short:?} tidak ada dalam daftar redaksi.")
            }
            PasswordTooShort { min } => format!("Kata sandi minimal {min} karakter."),
            PasswordTooLong => "Kata sandi terlalu panjang.".into(),
            WrongOldPassword => "Kata sandi lama salah.".into(),
            PasswordsDiffer => "Kata sandi baru dan ulangannya tidak sama.".into(),
            NotAnEmail(e) => format!("{e:?} bukan alamat email."),
            UserExists => "Sudah ada pengguna dengan email ini.".into(),
            UnknownRole(r) => {
                format!("Peran {r:?} tidak ada: pilih kontributor, penulis, editor atau admin.")
            }
            NameRequired => "Nama wajib diisi (paling panjang 100 karakter).".into(),
            TokenNameRequired => "Beri nama token (paling panjang 100 karakter).".into(),
            CannotDemoteSelf => {
                "Anda tidak bisa menonaktifkan atau menurunkan peran akun Anda sendiri.".into()
            }
            WrongCredentials => "Email atau kata sandi salah.".into(),
            TooManySignIns { minutes } => format!(
                "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit."
            ),
            SessionEnded => "Sesi Anda berakhir. Masuk lagi untuk melanjutkan.".into(),
            BadFormToken => {
                "Token keamanan formulir tidak sah. Muat ulang halaman lalu coba lagi.".into()
            }
            SignInRequired => "Perlu sesi yang masih berlaku atau token API.".into(),
            RoleForbids(action) => format!(
                "Peran Anda tidak mengizinkan {}.",
                match action {
                    Action::OpenOthers => "membuka artikel orang lain",
                    Action::EditArticle => "mengubah artikel ini",
                    Action::Publish => "menerbitkan, menjadwalkan atau menarik artikel ini",
                    Action::Curate => "mengatur Pilihan, headline, kanal dan tag",
                    Action::Administer => "mengelola pengguna",
                }
            ),
            ChooseFile => "Pilih berkas gambar dulu.".into(),
            FileTooLarge { max_mb } => format!("Berkas terlalu besar: paling besar {max_mb} MB."),
            NotAnImage => "Berkas ini bukan gambar JPEG, PNG, WebP atau GIF.".into(),
            TooManyPixels {
                width,
                height,
                max_megapixels,
            } => format!(
                "Gambar {width}×{height} piksel terlalu besar: paling banyak {max_megapixels} \
                 megapiksel."
            ),
            BrokenImage => "Gambar ini rusak dan tidak bisa dibaca.".into(),
            FormTooLarge => "Isian terlalu besar untuk dikirim. Belum ada yang disimpan; \
                             perpendek isinya lalu coba lagi."
                .into(),
            NoteEmpty => "Catatan masih kosong.".into(),
            NoteTooLong(max) => format!("Catatan terlalu panjang: paling banyak {max} karakter."),
            NotLive => {
                "Artikel ini tidak sedang diliput langsung: mulai liputan langsung dulu.".into()
            }
            EntryEmpty => "Pembaruan masih kosong.".into(),
            EntryTooLong(max) => {
                format!("Pembaruan terlalu panjang: paling banyak {max} karakter.")
            }
            WebhookUrl(url) => format!(
                "Alamat webhook {url:?} tidak bisa dipakai: tulis alamat lengkap yang diawali \
                 http:// atau https:// (paling panjang 2.000 karakter)."
            ),
            WebhookEvents(events) if events.is_empty() => {
                "Pilih paling sedikit satu peristiwa untuk webhook ini.".into()
            }
            WebhookEvents(events) => format!(
                "Peristiwa {events:?} tidak dikenal: pilih dari article.published, \
                 article.updated, article.unpublished dan breaking."
            ),
            MediaInUse(n) => {
                format!("Gambar ini masih dipakai {n} artikel, jadi tidak bisa dihapus.")
            }
            UnknownMedia(id) => format!("Gambar {id} tidak ada di pustaka."),
            BadForm(detail) => format!("Formulir tidak bisa dibaca: {detail}"),
            BadPageNumber(t) => format!("Halaman {t:?} bukan nomor halaman (1 sampai 1000)."),
            BadDate(field, t) => {
                format!("Tanggal {field} {t:?} tidak bisa dibaca: tulis seperti 2024-12-07.")
            }
            ArchiveDate(t) => format!(
                "Tanggal {t:?} tidak bisa dibaca: pilih tanggal di bawah, atau tulis seperti 2024-12-07."
            ),
            UnknownAction(a) => format!("Tindakan {a:?} tidak dikenal."),
            MissingField(f) => format!("Kolom {f} wajib ada."),
            MalformedJson(detail) => format!("JSON tidak bisa dibaca: {detail}"),
            InvalidJson(detail) => format!("Isi JSON tidak sesuai: {detail}"),
            BodyTooLarge => "Permintaan terlalu besar.".into(),
            NotFound => "Tidak ditemukan.".into(),
            DiskFull => "Disk server penuh: tidak ada yang tersimpan. Hubungi pengelola server; \
                         simpan lagi setelah ruang tersedia."
                .into(),
            DatabaseUnavailable => {
                "Server sedang tidak bisa membuka basis datanya: tidak ada yang \
                                    dibaca atau disimpan. Coba lagi beberapa detik lagi."
                    .into()
            }
            Internal => "Terjadi kesalahan di server.".into(),
        }
    }

    fn english(&self) -> String {
        use Message::*;
        match self {
            TitleRequired => "A headline is required.".into(),
            BodyRequired => {
                "The article has no body yet: write it before publishing or scheduling.".into()
            }
            TitleTooLong { max } => format!("The headline may have at most {max} characters."),
            LedeTooLong { max } => format!("The summary may have at most {max} characters."),
            BodyTooLong => "The article body is too long.".into(),
            UnknownSection(s) => format!("There is no section {s:?}."),
            TooManyTags { max } => {
                format!("At most {max} tags, each at most 100 characters.")
            }
            UnknownImage(id) => format!("There is no image {id}."),
            UnknownArticle(id) => format!("There is no article {id}."),
            BreakingNotLive(id) => format!(
                "Article {id} is not live for readers: publish it first, then mark it as breaking news."
            ),
            BreakingTooLong(hours) => {
                format!("Breaking news lasts at most {hours} hours; choose a shorter time.")
            }
            UnknownReadAlso(id) => format!("There is no Baca Juga article {id}."),
            UnknownPick => "One of the picked articles does not exist.".into(),
            AlreadyPicked => "That article is in Pilihan already.".into(),
            ChooseArticle => "Choose an article first.".into(),
            NoSuchStep { from, to } => {
                format!("An article in status {from} cannot go straight to {to}.")
            }
            ScheduleNeedsTime => "Scheduling needs a publication time.".into(),
            ScheduleInPast => "The scheduled time must be in the future.".into(),
            UnreadableTime(t) => format!("The time {t:?} cannot be read."),
            NonexistentTime(t) => format!("The time {t:?} does not exist in this time zone."),
            NotANumber(t) => format!("{t:?} is not a number."),
            EditConflict { current } => format!(
                "The article was changed by someone else (now version {current}). \
                 Your changes were not saved."
            ),
            RequestNotUnderstood(said) => format!("This request cannot be served: {said}."),
            OutOfRange { field, min, max } => format!("{field} must be between {min} and {max}."),
            StaleVersion { current } => format!(
                "If-Match names another version: the article is now version {current}. Nothing was changed."
            ),
            VersionRequired => {
                "Say which version you change: the If-Match header or the version field.".into()
            }
            SavedButNotMoved(inner) => {
                format!("{} The article's content was saved.", inner.english())
            }
            SectionNameRequired => "A section name is required.".into(),
            ReservedPath(slug) => format!("The address /{slug} belongs to another page."),
            SectionExists => "A section with this address exists already.".into(),
            TagNameRequired => "A tag name is required.".into(),
            StoryNameRequired => "A story name is required.".into(),
            StoryNameTooLong(max) => format!("A story name is at most {max} characters."),
            UnknownStory(name) => {
                format!("There is no story {name:?}, or it was merged into another.")
            }
            NotAnArticle(text) => format!(
                "{text:?} is neither the number nor the address of an article of this site."
            ),
            StoryMergedIntoItself => "A story cannot be merged into itself.".into(),
            StorySplitEmpty => "Choose the articles to move to a new story.".into(),
            AbbreviationInvalid => {
                "An abbreviation is one word of 2 to 15 letters or digits.".into()
            }
            LongFormInvalid => {
                "A long form has at least two words and at most 200 characters.".into()
            }
            UnknownAbbreviation(short) => format!("The newsroom has no abbreviation {short:?}."),
            PasswordTooShort { min } => format!("Passwords have at least {min} characters."),
            PasswordTooLong => "The password is too long.".into(),
            WrongOldPassword => "The old password is wrong.".into(),
            PasswordsDiffer => "The new password and its repetition differ.".into(),
            NotAnEmail(e) => format!("{e:?} is not an e-mail address."),
            UserExists => "A user with this e-mail exists already.".into(),
            UnknownRole(r) => {
                format!("There is no role {r:?}: use contributor, author, editor or admin.")
            }
            NameRequired => "A name is required (at most 100 characters).".into(),
            TokenNameRequired => "Give the token a name (at most 100 characters).".into(),
            CannotDemoteSelf => "You cannot disable your own account or lower its role.".into(),
            WrongCredentials => "Wrong e-mail or password.".into(),
            TooManySignIns { minutes } => {
                format!("Too many failed sign-ins. Try again in {minutes} minutes.")
            }
            SessionEnded => "Your session ended. Sign in again to continue.".into(),
            BadFormToken => "The form's security token is not valid. Reload the page.".into(),
            SignInRequired => "A valid session or API token is required.".into(),
            RoleForbids(action) => format!(
                "Your role does not allow {}.",
                match action {
                    Action::OpenOthers => "opening other people's articles",
                    Action::EditArticle => "changing this article",
                    Action::Publish => "publishing, scheduling or taking down this article",
                    Action::Curate => "curating Pilihan, the headline, sections and tags",
                    Action::Administer => "managing users",
                }
            ),
            ChooseFile => "Choose an image file first.".into(),
            FileTooLarge { max_mb } => format!("The file is too large: at most {max_mb} MB."),
            NotAnImage => "This file is not a JPEG, PNG, WebP or GIF image.".into(),
            TooManyPixels {
                width,
                height,
                max_megapixels,
            } => format!(
                "The image of {width}×{height} pixels is too large: at most {max_megapixels} \
                 megapixels."
            ),
            BrokenImage => "This image is damaged and cannot be read.".into(),
            FormTooLarge => "The form is too large.".into(),
            NoteEmpty => "The note is empty.".into(),
            NoteTooLong(max) => format!("The note is too long: at most {max} characters."),
            NotLive => "This article is not followed live: start the live coverage first.".into(),
            EntryEmpty => "The update is empty.".into(),
            EntryTooLong(max) => format!("The update is too long: at most {max} characters."),
            WebhookUrl(url) => format!(
                "The webhook address {url:?} cannot be used: give a whole address starting \
                 with http:// or https:// (at most 2,000 characters)."
            ),
            WebhookEvents(events) if events.is_empty() => {
                "Choose at least one event for this webhook.".into()
            }
            WebhookEvents(events) => format!(
                "The event {events:?} is unknown: choose from article.published, \
                 article.updated, article.unpublished and breaking."
            ),
            MediaInUse(n) => {
                format!("This image is used by {n} articles, so it cannot be removed.")
            }
            UnknownMedia(id) => format!("There is no image {id} in the library."),
            BadForm(detail) => format!("The form cannot be read: {detail}"),
            BadPageNumber(t) => format!("Page {t:?} is not a page number (1 to 1000)."),
            BadDate(field, t) => {
                format!("The date {field} {t:?} cannot be read: write it like 2024-12-07.")
            }
            ArchiveDate(t) => format!(
                "The date {t:?} cannot be read: pick one below, or write it like 2024-12-07."
            ),
            UnknownAction(a) => format!("Unknown action {a:?}."),
            MissingField(f) => format!("The field {f} is required."),
            MalformedJson(detail) => format!("The JSON cannot be read: {detail}"),
            InvalidJson(detail) => format!("The JSON does not fit: {detail}"),
            BodyTooLarge => "The request is too large.".into(),
            NotFound => "No such resource.".into(),
            DiskFull => "The server's disk is full: nothing was saved. Tell whoever runs the \
                         server; save again once there is room."
                .into(),
            DatabaseUnavailable => "The server cannot reach its database just now: nothing was \
                                    read or saved. Try again in a few seconds."
                .into(),
            Internal => "Internal error.".into(),
        }
    }
}

/// A status as the newsroom names it.
pub fn status_id(status: Status) -> &'static str {
    match status {
        Status::Draft => "draf",
        Status::Review => "menunggu tinjauan",
        Status::Scheduled => "terjadwal",
        Status::Published => "terbit",
        Status::Unpublished => "ditarik",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_reads_in_both_languages() {
        let samples = [
            Message::TitleTooLong { max: 300 },
            Message::NoSuchStep {
                from: Status::Draft,
                to: Status::Unpublished,
            },
            Message::SavedButNotMoved(Box::new(Message::ScheduleInPast)),
            Message::RoleForbids(Action::Curate),
            Message::ReservedPath("api".into()),
        ];
        for message in samples {
            let id = message.text(Locale::Id);
            let en = message.text(Locale::En);
            assert_ne!(id, en, "{message:?}");
            assert!(id.ends_with('.') && en.ends_with('.'), "{id} / {en}");
        }
        assert_eq!(
            Message::SavedButNotMoved(Box::new(Message::ScheduleInPast)).text(Locale::Id),
            "Waktu terbit jadwal harus di masa depan. Isi artikel sudah tersimpan."
        );
    }
}
