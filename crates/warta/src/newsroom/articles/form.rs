//! The editor's form (multipart, for the featured image's upload), read
//! into a typed [`EditorForm`] before anything is done with it.

use crate::app::App;
use crate::error::AppError;
use crate::messages::Message;
use crate::newsroom::actions::{ArticleInput, BodyFormat};
use crate::newsroom::library::FormFields;
use crate::newsroom::page::parse_input_time;
use axum::extract::Multipart;
use warta_core::Status;

/// The button pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    /// Save only (`simpan`).
    Save,
    /// Save, then move the article to this status.
    Move(Status),
    /// The editor's autosave of a new article (`autosimpan`): it is
    /// created as a draft and its number sent back as JSON.
    Autosave,
}

impl Button {
    /// The button of an `aksi` value.
    pub fn parse(action: &str) -> Result<Button, AppError> {
        Ok(match action {
            "" | "simpan" => Button::Save,
            "ajukan" => Button::Move(Status::Review),
            "terbitkan" => Button::Move(Status::Published),
            "jadwalkan" => Button::Move(Status::Scheduled),
            "tarik" => Button::Move(Status::Unpublished),
            "draf" => Button::Move(Status::Draft),
            "autosimpan" => Button::Autosave,
            other => {
                return Err(AppError::BadRequest(Message::UnknownAction(
                    other.to_owned(),
                )));
            }
        })
    }

    /// The `?pesan=` key of the page shown after it worked.
    pub fn done(self) -> &'static str {
        match self {
            Button::Save | Button::Autosave => "tersimpan",
            Button::Move(Status::Review) => "diajukan",
            Button::Move(Status::Published) => "terbit",
            Button::Move(Status::Scheduled) => "terjadwal",
            Button::Move(Status::Unpublished) => "ditarik",
            Button::Move(Status::Draft) => "draf",
        }
    }
}

/// Everything the editor form sends.
#[derive(Debug)]
pub struct EditorForm {
    /// The article's content.
    pub input: ArticleInput,
    /// The version the save is based on (`versi`); none for a new article.
    pub version: Option<i64>,
    /// The schedule field as typed (`jadwal`), shown again on a refusal.
    pub schedule_at: String,
    /// The button pressed (`aksi`).
    pub button: Button,
    /// A new featured image (`gambar_baru`): file name and bytes.
    pub upload: Option<(String, Vec<u8>)>,
    /// A note for the article's people (`catatan`), kept with the save or
    /// the step.
    pub note: String,
    /// After a refused save, the version the user chose to write over
    /// (`timpa`, the button beside the comparison).
    pub overwrite: Option<i64>,
}

impl EditorForm {
    /// Reads the form; a field that cannot be read (a number that is not
    /// one, a time that does not exist) is a refusal.
    pub async fn read(app: &App, multipart: Multipart) -> Result<EditorForm, AppError> {
        let form = FormFields::read(multipart, app.config.max_upload_bytes).await?;
        EditorForm::from_fields(app, form)
    }

    /// The form of fields read already (an autosave's too).
    pub fn from_fields(app: &App, form: FormFields) -> Result<EditorForm, AppError> {
        let list = |name: &str| -> Vec<String> {
            form.get(name)
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let number = |name: &str| -> Result<Option<i64>, AppError> {
            let text = form.get(name).trim();
            if text.is_empty() {
                return Ok(None);
            }
            text.parse()
                .map(Some)
                .map_err(|_| AppError::Invalid(Message::NotANumber(text.to_owned())))
        };
        let input = ArticleInput {
            title: form.get("judul").to_owned(),
            lede: form.get("ringkasan").to_owned(),
            body: form.get("isi").to_owned(),
            body_format: match form.get("format") {
                "html" => BodyFormat::Html,
                _ => BodyFormat::Markdown,
            },
            section: form.get("kanal").to_owned(),
            tags: list("tag"),
            authors: list("penulis"),
            image_id: number("gambar")?,
            image_caption: form.get("keterangan").to_owned(),
            image_credit: form.get("kredit").to_owned(),
            dateline_place: form.get("tempat").to_owned(),
            outlet_prefix: form.get("prefiks").to_owned(),
            read_also: number("baca_juga")?,
            correction_note: form.get("koreksi").to_owned(),
            unpublish_at: parse_input_time(app, form.get("tarik_pada"))?,
            slug: Some(form.get("slug").to_owned()).filter(|s| !s.trim().is_empty()),
        };
        let version = match form.get("versi").trim() {
            "" => None,
            text => Some(
                text.parse()
                    .map_err(|_| AppError::BadRequest(Message::MissingField("versi")))?,
            ),
        };
        Ok(EditorForm {
            input,
            version,
            schedule_at: form.get("jadwal").to_owned(),
            button: Button::parse(form.get("aksi"))?,
            note: form.get("catatan").to_owned(),
            overwrite: number("timpa")?,
            upload: form.file,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_button_reads_and_names_its_result() {
        for (action, button, done) in [
            ("simpan", Button::Save, "tersimpan"),
            ("", Button::Save, "tersimpan"),
            ("ajukan", Button::Move(Status::Review), "diajukan"),
            ("terbitkan", Button::Move(Status::Published), "terbit"),
            ("jadwalkan", Button::Move(Status::Scheduled), "terjadwal"),
            ("tarik", Button::Move(Status::Unpublished), "ditarik"),
            ("draf", Button::Move(Status::Draft), "draf"),
            ("autosimpan", Button::Autosave, "tersimpan"),
        ] {
            let parsed = Button::parse(action).unwrap();
            assert_eq!(parsed, button);
            assert_eq!(parsed.done(), done);
        }
        assert!(Button::parse("hapus-semua").is_err());
    }
}
