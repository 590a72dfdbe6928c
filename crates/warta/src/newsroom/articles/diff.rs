//! Comparing an article's content field by field, line by line: a
//! revision with the article now, an autosave with it, the stored version
//! with a refused save's. One page (`newsroom/diff.html`) shows the first
//! two; the editor shows the third.

use crate::newsroom::page::StaffView;
use serde::Serialize;

/// One field's comparison.
#[derive(Serialize)]
pub struct FieldDiff {
    label: &'static str,
    changed: bool,
    lines: Vec<DiffLine>,
}

/// One line of a comparison: `del` (only in the old), `ins` (only in
/// the new) or `same`.
#[derive(Serialize)]
pub struct DiffLine {
    kind: &'static str,
    text: String,
}

#[derive(Serialize)]
pub(super) struct DiffView {
    pub(super) staff: StaffView,
    pub(super) id: i64,
    pub(super) version: i64,
    pub(super) current_version: i64,
    pub(super) saved: String,
    pub(super) user: String,
    pub(super) fields: Vec<FieldDiff>,
    pub(super) can_restore: bool,
    /// For an autosave: whose, and whether the viewer may open it in
    /// the editor (their own).
    pub(super) autosave_user: Option<i64>,
    pub(super) can_open: bool,
}

pub(super) fn diff_field(label: &'static str, old: &str, new: &str) -> FieldDiff {
    let diff = similar::TextDiff::from_lines(old, new);
    let lines = diff
        .iter_all_changes()
        .map(|change| DiffLine {
            kind: match change.tag() {
                similar::ChangeTag::Delete => "del",
                similar::ChangeTag::Insert => "ins",
                similar::ChangeTag::Equal => "same",
            },
            text: change.value().trim_end_matches('\n').to_owned(),
        })
        .collect();
    FieldDiff {
        label,
        changed: old != new,
        lines,
    }
}
