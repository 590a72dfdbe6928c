//! The newsroom's articles, one file per action: the list ([`list`]), the
//! editor's autosave ([`autosave`]), the
//! editor page ([`editor`], which every handler that shows the form again
//! renders), the editor's form read into a typed struct ([`form`]), saving
//! and the workflow buttons ([`save`]), previews ([`preview`]) and
//! revisions, compared and restored ([`revisions`]); `diff` compares
//! contents for them.

pub mod autosave;
mod diff;
pub mod editor;
pub mod form;
pub mod list;
pub mod preview;
pub mod revisions;
pub mod save;

use serde::Serialize;

/// One option of a select.
#[derive(Serialize)]
pub(crate) struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// What a redirect's `?pesan=` means.
pub(crate) fn message(key: &str) -> Option<&'static str> {
    Some(match key {
        "tersimpan" => "Artikel tersimpan.",
        "diajukan" => "Artikel diajukan untuk ditinjau.",
        "terbit" => "Artikel terbit.",
        "terjadwal" => "Artikel dijadwalkan.",
        "ditarik" => "Artikel ditarik dari situs.",
        "draf" => "Artikel kembali menjadi draf.",
        "dipulihkan" => "Revisi dipulihkan.",
        "dibuang" => "Simpanan otomatis dibuang; ini versi yang tersimpan.",
        "catatan" => "Catatan ditambahkan.",
        _ => return None,
    })
}
