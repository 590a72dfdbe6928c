//! The lists of Berita Terkait worked out ahead ([`super::neighbours`]),
//! as they are kept: [`LISTED`] places an article, in memory or read in
//! place from the saved index.

use super::packed::Packed;

/// Candidates kept an article: the fifteen that cohesion orders again
/// and one to spare for a removed one. 128 bytes an article, 128 MB of
/// file at a million.
pub(super) const LISTED: usize = 16;

/// Candidates, each (slot, score), best first.
pub(super) type Ranked = Vec<(u32, f32)>;

/// The kept byte of an article without a list.
pub(super) const MISSING: u8 = 0xff;
/// Set in the kept byte of a list that holds every candidate there was.
pub(super) const WHOLE: u8 = 0x80;

/// The neighbours of the build's articles, [`LISTED`] places each: those
/// of slot `s` are the first `kept[s] & !WHOLE` of `slots[s * LISTED..]`
/// and `scores[s * LISTED..]`, best first; `kept[s]` is [`MISSING`] when
/// it has none yet. Empty when none were worked out.
#[derive(Default)]
pub(super) struct Neighbours {
    pub(super) kept: Packed<u8>,
    pub(super) slots: Packed<u32>,
    pub(super) scores: Packed<f32>,
}

/// One article's neighbours, best first.
pub(super) struct List<'a> {
    pub(super) slots: &'a [u32],
    pub(super) scores: &'a [f32],
    /// Whether they are all the candidates there were; if not, every one
    /// not listed ranks after the last.
    pub(super) whole: bool,
}

impl Neighbours {
    /// The list of the article in `slot` of the build, if it has one.
    pub(super) fn of(&self, slot: u32) -> Option<List<'_>> {
        let kept = *self.kept.get(slot as usize)?;
        if kept == MISSING {
            return None;
        }
        let start = slot as usize * LISTED;
        let end = start + usize::from(kept & !WHOLE);
        Some(List {
            slots: self.slots.get(start..end)?,
            scores: self.scores.get(start..end)?,
            whole: kept & WHOLE != 0,
        })
    }

    /// Lists for `count` slots, none worked out yet.
    pub(super) fn missing(count: usize) -> Neighbours {
        Neighbours {
            kept: Packed::Owned(vec![MISSING; count]),
            slots: Packed::Owned(vec![0; count * LISTED]),
            scores: Packed::Owned(vec![0.0; count * LISTED]),
        }
    }
}

/// The kept byte of `list`: its length, and whether it is whole.
pub(super) fn kept_byte(list: &[(u32, f32)], whole: bool) -> u8 {
    debug_assert!(list.len() <= LISTED);
    list.len() as u8 | if whole { WHOLE } else { 0 }
}
