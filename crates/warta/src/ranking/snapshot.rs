//! The relatedness index on disk, so a restart loads it in seconds instead
//! of analysing every article again (47 s at a million articles on two
//! cores, with a memory peak of gigabytes).
//!
//! Like the search index it is derived data: the file records the time up
//! to which it follows the database, the serving process catches up on what
//! changed since, and a file that is missing, damaged, from another version
//! or made with another policy is ignored and the index built anew.
//!
//! Layout, little-endian: magic, policy, synced time, changes since the
//! build, the vocabulary (term ids are positions), document frequencies,
//! how many of the articles below have each term, the live articles in
//! order of publication (their slots: id, time, fingerprint, a hash of
//! their text, the bytes of their vectors), their vectors (terms ascending, each as its gap of
//! seven bits a byte and its weight in 16 bits, see
//! [`super::packed::encode_weighted`]) one after the other, how many bytes the postings' gaps take; then, aligned to four
//! bytes, the postings' slots term by term in blocks ([`BlockLists`]:
//! every block's first slot, every block's offset among the gaps, the
//! gaps), the postings' weights (16 bits, aligned to four bytes) in the
//! same order; a word saying whether the neighbours follow
//! ([`super::neighbours`]: Berita Terkait worked out ahead), and if so
//! the articles' kept bytes, then, aligned to four bytes, their
//! neighbours' slots and scores, [`LISTED`] places each; and a CRC-32 of
//! all before.
//!
//! A load reads the file once as a stream, to check it (the checksum,
//! every term and slot in range, each term's slots ascending), keeps the
//! small parts (vocabulary, articles) in memory, and maps the large
//! arrays in place ([`super::packed`]): about 500 MB of a million-article
//! index, neighbours included, that the process then reads from the page
//! cache rather than holding.

use super::neighbour_lists::{LISTED, MISSING, Neighbours, Ranked, WHOLE, kept_byte};
use super::packed::{
    BLOCK, BlockLists, MAX_GAP_BYTES, MappedFile, Packed, TOO_LARGE, Weighted, blocks_for,
    check_block, encode_blocks, encode_weighted,
};
use super::related::{Doc, Postings, RelatedIndex, RelatedPolicy, Terms, from_16_bits};
use chrono::{DateTime, Utc};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;
use warta_core::ArticleId;

/// Names the format; a change of layout or meaning changes it.
const MAGIC: &[u8; 8] = b"WRTREL08";

/// Bytes a term of a vector takes at most: its gap, and its weight.
const VECTOR_TERM_BYTES: usize = MAX_GAP_BYTES + 2;

/// The index saved, with the time (Unix seconds) it follows the database to.
pub struct Saved {
    /// The index.
    pub index: RelatedIndex,
    /// Changes made since then are not in it.
    pub synced: i64,
}

/// A CRC-32 of the bytes written, as a checksum against truncation and
/// damage (not against tampering: the data folder is trusted).
/// Counts the bytes written, for the alignment of the arrays.
struct Checked<W> {
    inner: W,
    crc: crc32fast::Hasher,
    written: u64,
}

impl<W: Write> Checked<W> {
    /// Zeros up to the next multiple of four bytes.
    fn align(&mut self) -> io::Result<()> {
        let padding = (4 - self.written % 4) % 4;
        self.write_all(&[0; 4][..padding as usize])
    }
}

impl<W: Write> Write for Checked<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.crc.update(&bytes[..written]);
        self.written += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn policy_bytes(policy: &RelatedPolicy) -> Vec<u8> {
    let mut bytes = Vec::new();
    for value in [
        policy.title_weight,
        policy.tag_weight,
        policy.lede_weight,
        policy.terms_per_article as f32,
        policy.time_weight,
        policy.time_half_life_days,
        policy.minimum,
    ] {
        bytes.extend(value.to_le_bytes());
    }
    bytes
}

impl RelatedIndex {
    /// Writes the index to `path`, recording that it follows the database
    /// up to `synced`. Written beside and renamed, so a crash never leaves
    /// half a file under the name, and a mapped file is never changed.
    pub fn save(&self, path: &Path, synced: i64) -> io::Result<()> {
        let partial = path.with_extension("partial");
        let file = std::fs::File::create(&partial)?;
        let mut out = Checked {
            inner: BufWriter::with_capacity(1 << 20, file),
            crc: crc32fast::Hasher::new(),
            written: 0,
        };
        {
            let terms = self.terms.read().unwrap_or_else(|e| e.into_inner());
            out.write_all(MAGIC)?;
            out.write_all(&policy_bytes(&self.policy))?;
            out.write_all(&synced.to_le_bytes())?;
            out.write_all(&(terms.changes as u64).to_le_bytes())?;
            let mut words = vec![""; terms.vocabulary.len()];
            for (word, id) in &terms.vocabulary {
                words[*id as usize] = word;
            }
            out.write_all(&(words.len() as u32).to_le_bytes())?;
            for word in &words {
                out.write_all(&(word.len() as u32).to_le_bytes())?;
                out.write_all(word.as_bytes())?;
            }
            for frequency in &terms.document_frequency {
                out.write_all(&frequency.to_le_bytes())?;
            }
            // The live articles in order of publication, which becomes
            // the order of their slots when loaded.
            let mut live: Vec<u32> = (0..terms.docs.len() as u32)
                .filter(|slot| terms.docs[*slot as usize].live)
                .collect();
            live.sort_by_key(|slot| {
                let doc = &terms.docs[*slot as usize];
                (doc.published_at, doc.id)
            });
            let mut renumbered = vec![u32::MAX; terms.docs.len()];
            for (new, old) in live.iter().enumerate() {
                renumbered[*old as usize] = new as u32;
            }
            let mut counts = vec![0u32; words.len()];
            for slot in &live {
                for term in terms.terms_of(*slot) {
                    counts[term as usize] += 1;
                }
            }
            let encoded = |slot: u32| {
                let mut bytes = Vec::with_capacity(128);
                encode_weighted(&terms.vector_of(slot).collect::<Vec<_>>(), &mut bytes);
                bytes
            };
            for count in counts {
                out.write_all(&count.to_le_bytes())?;
            }
            out.write_all(&(live.len() as u32).to_le_bytes())?;
            for slot in &live {
                let doc = &terms.docs[*slot as usize];
                out.write_all(&doc.id.0.to_le_bytes())?;
                out.write_all(&doc.published_at.timestamp_micros().to_le_bytes())?;
                out.write_all(&doc.fingerprint().map_or(0, |_| 1u8).to_le_bytes())?;
                out.write_all(&doc.fingerprint().unwrap_or(0).to_le_bytes())?;
                out.write_all(&terms.text_hashes[*slot as usize].to_le_bytes())?;
                out.write_all(&(encoded(*slot).len() as u32).to_le_bytes())?;
            }
            for slot in &live {
                out.write_all(&encoded(*slot))?;
            }
            // Each term's postings of live articles, in their new slots'
            // order: once for the slots, once again for the weights (one
            // term's postings at a time in memory, not all of them).
            let postings_of = |term: u32| {
                let (slots, weights) = terms.postings.packed_of(term);
                let mut postings = Vec::with_capacity(slots.len());
                slots.each(0..slots.len(), |at, slot| {
                    postings.push((slot, weights[at]))
                });
                postings.extend_from_slice(terms.postings.recent_of(term));
                postings.retain_mut(|(slot, _)| {
                    *slot = renumbered[*slot as usize];
                    *slot != u32::MAX
                });
                postings.sort_unstable_by_key(|(slot, _)| *slot);
                postings
            };
            // The slots in blocks (`BlockLists`): the heads first, so a
            // load knows each block's length as it reads the gaps.
            let slots_of = |term: u32| -> Vec<u32> {
                postings_of(term)
                    .into_iter()
                    .map(|(slot, _)| slot)
                    .collect()
            };
            let (mut firsts, mut offsets, mut gaps) = (Vec::new(), Vec::new(), Vec::new());
            let mut gap_bytes = 0;
            for term in 0..words.len() as u32 {
                encode_blocks(
                    &slots_of(term),
                    gap_bytes,
                    &mut firsts,
                    &mut offsets,
                    &mut gaps,
                )
                .map_err(io::Error::other)?;
                gap_bytes += gaps.len();
                gaps.clear();
            }
            let gap_bytes = u32::try_from(gap_bytes).map_err(|_| io::Error::other(TOO_LARGE))?;
            out.write_all(&gap_bytes.to_le_bytes())?;
            out.align()?;
            for first in firsts {
                out.write_all(&first.to_le_bytes())?;
            }
            for offset in offsets {
                out.write_all(&offset.to_le_bytes())?;
            }
            for term in 0..words.len() as u32 {
                encode_blocks(
                    &slots_of(term),
                    0,
                    &mut Vec::new(),
                    &mut Vec::new(),
                    &mut gaps,
                )
                .map_err(io::Error::other)?;
                out.write_all(&gaps)?;
                gaps.clear();
            }
            out.align()?;
            for term in 0..words.len() as u32 {
                for (_, weight) in postings_of(term) {
                    out.write_all(&weight.to_le_bytes())?;
                }
            }
            // The neighbours, with the articles added since the build
            // folded in; an article added since has none yet.
            let has_neighbours = !terms.neighbours.kept.is_empty();
            out.write_all(&u32::from(has_neighbours).to_le_bytes())?;
            if has_neighbours {
                let lists: Vec<Option<(Ranked, bool)>> = live
                    .iter()
                    .map(|slot| {
                        let (mut list, whole) = terms.folded_neighbours(*slot, &self.policy)?;
                        for (slot, _) in &mut list {
                            *slot = renumbered[*slot as usize];
                        }
                        Some((list, whole))
                    })
                    .collect();
                for list in &lists {
                    let kept = list
                        .as_ref()
                        .map_or(MISSING, |(list, whole)| kept_byte(list, *whole));
                    out.write_all(&[kept])?;
                }
                out.align()?;
                let placed = |list: &Option<(Ranked, bool)>| {
                    let mut places = [(0u32, 0f32); LISTED];
                    if let Some((list, _)) = list {
                        places[..list.len()].copy_from_slice(list);
                    }
                    places
                };
                for list in &lists {
                    for (slot, _) in placed(list) {
                        out.write_all(&slot.to_le_bytes())?;
                    }
                }
                for list in &lists {
                    for (_, score) in placed(list) {
                        out.write_all(&score.to_le_bytes())?;
                    }
                }
            }
        }
        let checksum = out.crc.finalize();
        let mut file = out.inner;
        file.write_all(&checksum.to_le_bytes())?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&partial, path)?;
        self.unsaved
            .store(false, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    /// Reads an index saved with `policy`; `None` (and the reason logged)
    /// when the file is missing or cannot be used.
    pub fn load(path: &Path, policy: RelatedPolicy) -> Option<Saved> {
        let opened = std::fs::File::open(path).and_then(|file| {
            let size = file.metadata()?.len();
            Ok((file, size))
        });
        let (file, size) = match opened {
            Ok(opened) => opened,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return None,
            Err(error) => {
                tracing::warn!(error = %error, "cannot read the saved relatedness index");
                return None;
            }
        };
        let parsed = file
            .try_clone()
            .map_err(|_| "the file cannot be opened twice")
            .and_then(|stream| {
                let read = Reader {
                    inner: BufReader::with_capacity(1 << 20, stream),
                    crc: crc32fast::Hasher::new(),
                    left: size.saturating_sub(4),
                    at: 0,
                };
                parse(read, policy, &file)
            });
        match parsed {
            Ok(saved) => Some(saved),
            Err(reason) => {
                tracing::warn!(
                    reason,
                    "the saved relatedness index is not usable: building anew"
                );
                None
            }
        }
    }
}

/// Reads values off a file, with the CRC of what was read, never past the
/// checksum at its end (`left` bytes before it), so a count read from a
/// damaged file cannot make a load ask for more memory than the file has.
struct Reader<R> {
    inner: R,
    crc: crc32fast::Hasher,
    left: u64,
    /// Bytes read so far: where the next value is in the file.
    at: u64,
}

const CUT_SHORT: &str = "the file is cut short";

impl<R: Read> Reader<R> {
    fn array<const N: usize>(&mut self) -> Result<[u8; N], &'static str> {
        let mut bytes = [0; N];
        self.fill(&mut bytes)?;
        Ok(bytes)
    }

    fn bytes(&mut self, n: usize) -> Result<Vec<u8>, &'static str> {
        if self.left < n as u64 {
            return Err(CUT_SHORT);
        }
        let mut bytes = vec![0; n];
        self.fill(&mut bytes)?;
        Ok(bytes)
    }

    fn fill(&mut self, bytes: &mut [u8]) -> Result<(), &'static str> {
        if self.left < bytes.len() as u64 {
            return Err(CUT_SHORT);
        }
        self.inner.read_exact(bytes).map_err(|_| CUT_SHORT)?;
        self.crc.update(bytes);
        self.left -= bytes.len() as u64;
        self.at += bytes.len() as u64;
        Ok(())
    }

    /// Passes the padding before the next multiple of four bytes.
    fn align(&mut self) -> Result<(), &'static str> {
        let padding = (4 - self.at % 4) % 4;
        self.fill(&mut [0; 4][..padding as usize])
    }

    /// Reads `count` values of `N` bytes, handing each to `each`, a block
    /// at a time; returns where in the file they start.
    fn values<const N: usize>(
        &mut self,
        count: usize,
        mut each: impl FnMut([u8; N]) -> Result<(), &'static str>,
    ) -> Result<usize, &'static str> {
        let start = self.at as usize;
        self.fits(count as u64, N as u64)?;
        let mut block = vec![0u8; N * 16_384];
        let mut left = count;
        while left > 0 {
            let n = left.min(16_384);
            let bytes = &mut block[..n * N];
            self.fill(bytes)?;
            for value in bytes.chunks_exact(N) {
                each(value.try_into().map_err(|_| CUT_SHORT)?)?;
            }
            left -= n;
        }
        Ok(start)
    }

    fn u32(&mut self) -> Result<u32, &'static str> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, &'static str> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn i64(&mut self) -> Result<i64, &'static str> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    /// Whether `count` items of at least `each` bytes fit in what is left.
    fn fits(&self, count: u64, each: u64) -> Result<(), &'static str> {
        if count.saturating_mul(each) > self.left {
            return Err(CUT_SHORT);
        }
        Ok(())
    }

    /// The checksum at the end, against the bytes read; returns it.
    fn finish(mut self) -> Result<u32, &'static str> {
        if self.left != 0 {
            return Err("bytes after the end");
        }
        let mut stored = [0; 4];
        self.inner.read_exact(&mut stored).map_err(|_| CUT_SHORT)?;
        if self.inner.read(&mut [0]).map_err(|_| CUT_SHORT)? != 0 {
            return Err("bytes after the end");
        }
        let checksum = u32::from_le_bytes(stored);
        if self.crc.finalize() != checksum {
            return Err("the checksum does not match");
        }
        Ok(checksum)
    }
}

/// Whether a weight read from a file is one the index can add up: a
/// number, not below zero.
fn usable_weight(weight: u16) -> bool {
    let weight = from_16_bits(weight);
    weight.is_finite() && weight >= 0.0
}

/// Checks the file read by `read` and maps its arrays from `file`.
fn parse<R: Read>(
    mut read: Reader<R>,
    policy: RelatedPolicy,
    file: &std::fs::File,
) -> Result<Saved, &'static str> {
    if &read.array::<8>()? != MAGIC {
        return Err("another format");
    }
    let expected = policy_bytes(&policy);
    if read.bytes(expected.len())? != expected {
        return Err("made with another policy");
    }
    let synced = read.i64()?;
    let mut terms = Terms {
        changes: read.u64()? as usize,
        ..Terms::default()
    };
    let words = read.u32()? as usize;
    read.fits(words as u64, 12)?;
    terms.vocabulary.reserve(words);
    for id in 0..words {
        let len = read.u32()? as usize;
        let word = String::from_utf8(read.bytes(len)?).map_err(|_| "a term is not UTF-8")?;
        if terms.vocabulary.insert(word, id as u32).is_some() {
            return Err("a term twice");
        }
    }
    terms.document_frequency = (0..words).map(|_| read.u32()).collect::<Result<_, _>>()?;
    // Where each term's postings start, from their counts.
    let mut starts = Vec::with_capacity(words + 1);
    let mut total = 0u64;
    starts.push(0u32);
    for _ in 0..words {
        total += u64::from(read.u32()?);
        starts.push(u32::try_from(total).map_err(|_| "too many postings")?);
    }
    let count = read.u32()? as usize;
    read.fits(count as u64, 37)?;
    let mut docs = Vec::with_capacity(count);
    let mut text_hashes = Vec::with_capacity(count);
    let mut vector_starts = Vec::with_capacity(count + 1);
    vector_starts.push(0u32);
    for _ in 0..count {
        let id = ArticleId(read.i64()?);
        let published_at =
            DateTime::<Utc>::from_timestamp_micros(read.i64()?).ok_or("a time out of range")?;
        let has_fingerprint = read.array::<1>()?[0] == 1;
        let fingerprint = Some(read.u64()?).filter(|_| has_fingerprint);
        text_hashes.push(read.u64()?);
        // Bytes of its vector: at most seven a term.
        let length = read.u32()? as usize;
        if length > policy.terms_per_article * VECTOR_TERM_BYTES {
            return Err("a vector longer than the policy allows");
        }
        let end = vector_starts[vector_starts.len() - 1] as usize + length;
        vector_starts.push(u32::try_from(end).map_err(|_| "too many terms")?);
        docs.push(Doc::new(id, published_at, fingerprint));
    }
    // Every vector, read as the index will read it: whole, its terms
    // ascending, in the vocabulary, no more than the policy keeps, as
    // many in all as there are postings, its weights numbers.
    let vectors_at = read.at as usize;
    let mut bytes = Vec::with_capacity(policy.terms_per_article * VECTOR_TERM_BYTES);
    let mut terms_read = 0u64;
    for doc in 0..count {
        bytes.resize((vector_starts[doc + 1] - vector_starts[doc]) as usize, 0);
        read.fill(&mut bytes)?;
        let (mut previous, mut terms) = (None, 0);
        let mut vector = Weighted::new(&bytes);
        for (term, weight) in vector.by_ref() {
            if term as usize >= words || previous.is_some_and(|before| before >= term) {
                return Err("a vector's term out of range or out of order");
            }
            if !usable_weight(weight) {
                return Err("a weight out of range");
            }
            (previous, terms) = (Some(term), terms + 1);
        }
        if !vector.rest().is_empty() {
            return Err("a vector cut in the middle of a term");
        }
        if terms > policy.terms_per_article {
            return Err("a vector longer than the policy allows");
        }
        terms_read += terms as u64;
    }
    if terms_read != total {
        return Err("vectors and postings do not match");
    }
    // Each term's slots in blocks, ascending and in range (see
    // `BlockLists`): the blocks' heads, then their gaps, read a block at
    // a time.
    let gap_bytes = read.u32()? as usize;
    read.align()?;
    let blocks: usize = starts
        .windows(2)
        .map(|range| blocks_for((range[1] - range[0]) as usize))
        .sum();
    let mut firsts = Vec::with_capacity(blocks.min(read.left as usize / 8));
    let firsts_at = read.values::<4>(blocks, |first| {
        firsts.push(u32::from_le_bytes(first));
        Ok(())
    })?;
    let mut offsets = Vec::with_capacity(firsts.len());
    let offsets_at = read.values::<4>(blocks, |offset| {
        offsets.push(u32::from_le_bytes(offset) as usize);
        Ok(())
    })?;
    let gaps_at = read.at as usize;
    read.fits(gap_bytes as u64, 1)?;
    let (mut block, mut bytes) = (0, Vec::new());
    for range in starts.windows(2) {
        let (mut left, mut previous) = ((range[1] - range[0]) as usize, None);
        while left > 0 {
            let len = left.min(BLOCK);
            let end = offsets.get(block + 1).copied().unwrap_or(gap_bytes);
            // Checked before the bytes are read: a damaged offset must not
            // make the load ask for gigabytes.
            let length = end.checked_sub(offsets[block]);
            if read.at as usize - gaps_at != offsets[block]
                || end > gap_bytes
                || length.is_none_or(|length| length > (len - 1) * MAX_GAP_BYTES)
            {
                return Err("a block of postings out of place");
            }
            bytes.resize(end - offsets[block], 0);
            read.fill(&mut bytes)?;
            let first = firsts[block];
            if previous.is_some_and(|before| before >= first) {
                return Err("postings out of order or out of range");
            }
            previous = Some(check_block(first, &bytes, len, count as u32)?);
            left -= len;
            block += 1;
        }
    }
    if read.at as usize - gaps_at != gap_bytes {
        return Err("a block of postings out of place");
    }
    drop((firsts, offsets));
    read.align()?;
    let weights_at = read.values::<2>(total as usize, |weight| {
        if !usable_weight(u16::from_le_bytes(weight)) {
            return Err("a weight out of range");
        }
        Ok(())
    })?;
    // The neighbours, if saved: each list no longer than its places,
    // its articles in range, its scores numbers.
    let neighbours_at = match read.u32()? {
        0 => None,
        1 => {
            let kept_at = read.at as usize;
            read.values::<1>(count, |[kept]| {
                if kept != MISSING && usize::from(kept & !WHOLE) > LISTED {
                    return Err("a list of neighbours too long");
                }
                Ok(())
            })?;
            read.align()?;
            let slots_at = read.values::<4>(count * LISTED, |slot| {
                if u32::from_le_bytes(slot) as usize >= count {
                    return Err("a neighbour out of range");
                }
                Ok(())
            })?;
            let scores_at = read.values::<4>(count * LISTED, |score| {
                let score = f32::from_le_bytes(score);
                if !score.is_finite() || score < 0.0 {
                    return Err("a neighbour's score out of range");
                }
                Ok(())
            })?;
            Some((kept_at, slots_at, scores_at))
        }
        _ => return Err("neighbours neither saved nor not"),
    };
    let origin = read.finish()?;
    let mapped = MappedFile::map(file).map_err(|_| "the file cannot be mapped")?;
    let unmappable = "the file cannot be read in place";
    let vector_bytes = vector_starts[count] as usize;
    let vectors = Packed::mapped(&mapped, vectors_at, vector_bytes).ok_or(unmappable)?;
    let firsts = Packed::mapped(&mapped, firsts_at, blocks).ok_or(unmappable)?;
    let offsets = Packed::mapped(&mapped, offsets_at, blocks).ok_or(unmappable)?;
    let gaps = Packed::mapped(&mapped, gaps_at, gap_bytes).ok_or(unmappable)?;
    let weights = Packed::mapped(&mapped, weights_at, total as usize).ok_or(unmappable)?;
    let slots = BlockLists::from_parts(starts, firsts, offsets, gaps);
    if let Some((kept_at, slots_at, scores_at)) = neighbours_at {
        terms.neighbours = Neighbours {
            kept: Packed::mapped(&mapped, kept_at, count).ok_or(unmappable)?,
            slots: Packed::mapped(&mapped, slots_at, count * LISTED).ok_or(unmappable)?,
            scores: Packed::mapped(&mapped, scores_at, count * LISTED).ok_or(unmappable)?,
        };
    }
    terms.fill_packed(
        docs,
        vector_starts,
        vectors,
        Postings::from_packed(slots, weights),
    );
    terms.text_hashes = text_hashes;
    if !terms.built_once_each() {
        return Err("an article twice");
    }
    let mut index = RelatedIndex::from_terms(terms, policy);
    index.origin = Some(origin);
    index
        .unsaved
        .store(false, std::sync::atomic::Ordering::SeqCst);
    Ok(Saved { index, synced })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use warta_store::ArticleText;

    fn texts() -> Vec<ArticleText> {
        let text = |id: i64, title: &str, body: &str, day: u32| ArticleText {
            id: ArticleId(id),
            title: title.into(),
            lede: String::new(),
            body: body.into(),
            tags: Vec::new(),
            section: "news".into(),
            published_at: Utc.with_ymd_and_hms(2024, 12, day, 8, 0, 0).unwrap(),
        };
        vec![
            text(
                1,
                "Oposisi Suriah masuki Damaskus",
                "Pasukan oposisi Suriah memasuki Damaskus, rezim Assad runtuh setelah serangan kilat.",
                8,
            ),
            text(
                2,
                "Assad tinggalkan Damaskus",
                "Rezim Assad runtuh setelah oposisi Suriah menguasai Damaskus dalam serangan kilat.",
                7,
            ),
            text(
                3,
                "Harga cabai naik di pasar",
                "Harga cabai rawit di pasar tradisional naik tajam menjelang Natal.",
                8,
            ),
            text(
                4,
                "Harga cabai rawit melonjak",
                "Harga cabai rawit di pasar tradisional Wonosari naik tajam.",
                9,
            ),
        ]
    }

    #[test]
    fn a_saved_index_loads_with_the_same_answers_and_its_updates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("related.bin");
        let policy = RelatedPolicy::default();
        let all = texts();
        let index = RelatedIndex::build(&all[..3], policy);
        // An update after the build, and a take-down that leaves a slot empty.
        index.update(&[ArticleId(4)], &all[3..]);
        index.update(&[ArticleId(2)], &[]);
        index.save(&path, 1_700_000_000).unwrap();

        assert!(!index.unsaved(), "saved");
        let saved = RelatedIndex::load(&path, policy).expect("loads");
        assert!(!saved.index.unsaved(), "as on disk");
        assert_eq!(saved.synced, 1_700_000_000);
        assert_eq!(saved.index.len(), 3);
        for id in [1, 2, 3, 4] {
            assert_eq!(
                saved.index.related(ArticleId(id), 5),
                index.related(ArticleId(id), 5),
                "article {id}"
            );
        }
        assert_eq!(saved.index.related(ArticleId(3), 5), [ArticleId(4)]);
        // It keeps counting changes toward the next build.
        assert_eq!(
            saved.index.needs_rebuild(998),
            index.needs_rebuild(998),
            "changes since the build survive"
        );
        // And it still takes updates: a follow-up finds its story.
        saved.index.update(&[ArticleId(2)], &all[1..2]);
        assert!(saved.index.unsaved(), "changed since loaded");
        assert!(saved.index.related(ArticleId(1), 5).contains(&ArticleId(2)));
        // Read in place, updated and saved over its own file (the next
        // build's way), it loads again with the same answers.
        saved.index.update(&[ArticleId(3)], &[]);
        saved.index.save(&path, 1_700_000_100).unwrap();
        let again = RelatedIndex::load(&path, policy).expect("loads again");
        assert_eq!(again.synced, 1_700_000_100);
        assert_eq!(again.index.len(), 3);
        for id in [1, 2, 3, 4] {
            assert_eq!(
                again.index.related(ArticleId(id), 5),
                saved.index.related(ArticleId(id), 5),
                "article {id}"
            );
        }
        assert!(again.index.related(ArticleId(1), 5).contains(&ArticleId(2)));
        assert!(
            again.index.related(ArticleId(3), 5).is_empty(),
            "taken down"
        );
    }

    #[test]
    fn a_damaged_or_foreign_file_is_refused_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("related.bin");
        let policy = RelatedPolicy::default();
        assert!(RelatedIndex::load(&path, policy).is_none(), "missing");
        RelatedIndex::build(&texts(), policy)
            .save(&path, 1)
            .unwrap();
        let good = std::fs::read(&path).unwrap();
        for damaged in [
            good[..good.len() / 2].to_vec(),
            {
                let mut flipped = good.clone();
                flipped[good.len() / 3] ^= 1;
                flipped
            },
            b"not an index".to_vec(),
            Vec::new(),
        ] {
            std::fs::write(&path, damaged).unwrap();
            assert!(RelatedIndex::load(&path, policy).is_none());
        }
        // Damage a checksum does not catch: a weight that is not a number,
        // the file's checksum made again.
        let checksummed = |mut forged: Vec<u8>| {
            let end = forged.len() - 4;
            let checksum = crc32fast::hash(&forged[..end]);
            forged[end..].copy_from_slice(&checksum.to_le_bytes());
            forged
        };
        let mut forged = good.clone();
        // (the last weight, before the word that says no neighbours follow)
        let weight = forged.len() - 10;
        forged[weight..weight + 2].copy_from_slice(&0x7fc0u16.to_le_bytes());
        std::fs::write(&path, checksummed(forged)).unwrap();
        assert!(
            RelatedIndex::load(&path, policy).is_none(),
            "a weight out of range"
        );
        // And a vector whose last term is cut short.
        let u32_at = |at: usize| u32::from_le_bytes(good[at..at + 4].try_into().unwrap()) as usize;
        let words_at = 8 + 28 + 8 + 8;
        let words = u32_at(words_at);
        let mut at = words_at + 4;
        for _ in 0..words {
            at += 4 + u32_at(at);
        }
        at += 8 * words; // document frequencies and postings counts
        let articles = u32_at(at);
        let first_vector_length = u32_at(at + 4 + 33);
        let first_vector_end = at + 4 + 37 * articles + first_vector_length;
        // (its last gap's last byte marked as followed by more, so the
        // gap runs on into the weight: the vector then ends within a
        // term, or the term is beyond the vocabulary)...
        let mut forged = good.clone();
        forged[first_vector_end - 3] |= 0x80;
        std::fs::write(&path, checksummed(forged)).unwrap();
        assert!(
            RelatedIndex::load(&path, policy).is_none(),
            "a term cut short"
        );
        // ...or whose last weight is not a number.
        let mut forged = good.clone();
        forged[first_vector_end - 2..first_vector_end].copy_from_slice(&0x7fc0u16.to_le_bytes());
        std::fs::write(&path, checksummed(forged)).unwrap();
        assert!(
            RelatedIndex::load(&path, policy).is_none(),
            "a vector's weight out of range"
        );
        // And postings whose first slot is past the last article.
        let vectors_end = (0..articles).fold(first_vector_end - first_vector_length, |end, i| {
            end + u32_at(at + 4 + 37 * i + 33)
        });
        let firsts_at = (vectors_end + 4).next_multiple_of(4);
        let mut forged = good.clone();
        forged[firsts_at..firsts_at + 4].copy_from_slice(&(articles as u32).to_le_bytes());
        std::fs::write(&path, checksummed(forged)).unwrap();
        assert!(
            RelatedIndex::load(&path, policy).is_none(),
            "a slot out of range"
        );
        // Neighbours saved: one out of range, a score not a number, a
        // list longer than its places.
        let index = RelatedIndex::build(&texts(), policy);
        assert!(index.work_out_neighbours(1, |_| {}, || false));
        index.save(&path, 1).unwrap();
        let with_neighbours = std::fs::read(&path).unwrap();
        let places = articles * super::LISTED * 4;
        let last_slot = with_neighbours.len() - 4 - places - 4;
        // (the same index as `good` up to the word before its checksum)
        let last_kept = good.len() - 4 + articles - 1;
        for (at, value, what) in [
            (last_slot, articles as u32, "a neighbour out of range"),
            (
                with_neighbours.len() - 8,
                f32::NAN.to_bits(),
                "a score not a number",
            ),
        ] {
            let mut forged = with_neighbours.clone();
            forged[at..at + 4].copy_from_slice(&value.to_le_bytes());
            std::fs::write(&path, checksummed(forged)).unwrap();
            assert!(RelatedIndex::load(&path, policy).is_none(), "{what}");
        }
        let mut forged = with_neighbours.clone();
        forged[last_kept] = super::LISTED as u8 + 1;
        std::fs::write(&path, checksummed(forged)).unwrap();
        assert!(
            RelatedIndex::load(&path, policy).is_none(),
            "a list too long"
        );
        std::fs::write(&path, &with_neighbours).unwrap();
        let loaded = RelatedIndex::load(&path, policy).expect("loads");
        assert_eq!(
            loaded.index.missing_neighbours(),
            0,
            "the neighbours came along"
        );
        std::fs::write(&path, &good).unwrap();
        let other = RelatedPolicy {
            terms_per_article: 10,
            ..policy
        };
        assert!(RelatedIndex::load(&path, other).is_none(), "another policy");
        assert!(RelatedIndex::load(&path, policy).is_some());
    }
}
