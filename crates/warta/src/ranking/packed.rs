//! Read-only arrays of numbers that are either built in memory or read in
//! place from a file mapped into memory: the relatedness index's postings
//! and vectors, the bulk of its size (about 360 MB at a million
//! articles). Mapped, they cost the process no memory of its own: the
//! kernel reads the pages a page view touches and may drop them again
//! under pressure, and a start opens them instead of reading them in.

use std::ops::Range;
use std::sync::Arc;

/// A file mapped into memory, read only.
pub(super) struct MappedFile(memmap2::Mmap);

impl MappedFile {
    /// Maps `file`, telling the kernel its pages are read at random (a
    /// page view reads a few windows of it; reading ahead would make
    /// resident what nobody reads).
    pub(super) fn map(file: &std::fs::File) -> std::io::Result<Arc<MappedFile>> {
        // SAFETY: the mapping is undefined behaviour only if the file is
        // changed while mapped. Warta never writes a saved index in place:
        // it writes a new file beside it and renames it over the name
        // (`RelatedIndex::save`, one save at a time), which leaves this
        // file's contents as they are while mapped. The data folder is
        // Warta's own: a file copied over `related.bin` while a server
        // runs (instead of beside it and renamed) would change it, and a
        // shorter one end the process on its next read.
        #[expect(
            unsafe_code,
            reason = "mapping a file Warta only ever replaces, never changes"
        )]
        let map = unsafe { memmap2::Mmap::map(file)? };
        // Only advice: without it, the kernel reads ahead, no more.
        if let Err(error) = map.advise(memmap2::Advice::Random) {
            tracing::debug!(error = %error, "no random-access advice for a mapped file");
        }
        Ok(Arc::new(MappedFile(map)))
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }
}

/// An array of `T` held in memory or read in place from a mapped file.
pub(super) enum Packed<T> {
    Owned(Vec<T>),
    /// The bytes at `bytes` of `file`, aligned for `T`, little-endian.
    Mapped {
        file: Arc<MappedFile>,
        bytes: Range<usize>,
    },
}

impl<T> Default for Packed<T> {
    fn default() -> Self {
        Packed::Owned(Vec::new())
    }
}

impl<T: bytemuck::Pod> Packed<T> {
    /// `count` values of `T` at `offset` in `file`, if they lie in it and
    /// are aligned (the saved index pads them so; a little-endian
    /// machine reads them as they were written).
    pub(super) fn mapped(file: &Arc<MappedFile>, offset: usize, count: usize) -> Option<Packed<T>> {
        let size = std::mem::size_of::<T>();
        let end = offset.checked_add(count.checked_mul(size)?)?;
        let aligned = (file.0.as_ptr() as usize + offset).is_multiple_of(std::mem::align_of::<T>());
        (cfg!(target_endian = "little") && aligned && end <= file.len()).then(|| Packed::Mapped {
            file: Arc::clone(file),
            bytes: offset..end,
        })
    }
}

impl<T: bytemuck::Pod> std::ops::Deref for Packed<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            Packed::Owned(values) => values,
            Packed::Mapped { file, bytes } => bytemuck::cast_slice(&file.0[bytes.clone()]),
        }
    }
}

/// Appends `terms` (ascending) as the gaps between them, seven bits a
/// byte, the high bit set on all bytes of a gap but its last: an article's
/// 48 terms among a vocabulary of 77,000 take about two bytes each
/// instead of four.
pub(super) fn encode_ascending(terms: &[u32], out: &mut Vec<u8>) {
    let mut previous = 0;
    for term in terms {
        debug_assert!(*term >= previous, "ascending");
        let mut gap = term - previous;
        while gap >= 0x80 {
            out.push((gap & 0x7f) as u8 | 0x80);
            gap >>= 7;
        }
        out.push(gap as u8);
        previous = *term;
    }
}

/// The terms [`encode_ascending`] wrote in `bytes`.
#[derive(Clone)]
pub(super) struct Ascending<'a> {
    bytes: &'a [u8],
    previous: u32,
}

impl<'a> Ascending<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Ascending { bytes, previous: 0 }
    }
}

impl Iterator for Ascending<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let mut gap = 0u32;
        let mut shift = 0;
        loop {
            let (byte, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            gap |= u32::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        self.previous = self.previous.wrapping_add(gap);
        Some(self.previous)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascending_terms_read_back_as_written() {
        let vectors: [&[u32]; 5] = [
            &[],
            &[0],
            &[
                0,
                1,
                127,
                128,
                16_383,
                16_384,
                2_097_151,
                2_097_152,
                u32::MAX,
            ],
            &[5, 6, 7, 77_000],
            &[u32::MAX],
        ];
        let mut bytes = Vec::new();
        let mut ends = Vec::new();
        for vector in vectors {
            encode_ascending(vector, &mut bytes);
            ends.push(bytes.len());
        }
        let mut start = 0;
        for (vector, end) in vectors.iter().zip(ends) {
            let read: Vec<u32> = Ascending::new(&bytes[start..end]).collect();
            assert_eq!(read, *vector);
            start = end;
        }
        // Gaps under 128 take a byte, under 16,384 two.
        let mut small = Vec::new();
        encode_ascending(&[100, 200, 16_000], &mut small);
        assert_eq!(small.len(), 1 + 1 + 2);
    }
}
