//! Read-only arrays of numbers that are either built in memory or read in
//! place from a file mapped into memory: the relatedness index's postings
//! and vectors, the bulk of its size (about 370 MB at a million
//! articles). Mapped, they cost the process no memory of its own: the
//! kernel reads the pages a page view touches and may drop them again
//! under pressure, and a start opens them instead of reading them in.
//! A page view over a long archive touches most pages in time, so what
//! the process holds after a while is about their size: the numbers are
//! kept as gaps of seven bits a byte ([`encode_weighted`],
//! [`BlockLists`]) rather than whole.

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

/// Appends `terms` (ascending) as the gaps between them, the first
/// counted from `previous`, seven bits a byte, the high bit set on all
/// bytes of a gap but its last: a gap under 128 takes a byte, under
/// 16,384 two.
fn encode_after(mut previous: u32, terms: &[u32], out: &mut Vec<u8>) {
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

/// The numbers [`encode_after`] wrote in `bytes`.
#[derive(Clone)]
pub(super) struct Ascending<'a> {
    bytes: &'a [u8],
    previous: u32,
}

impl<'a> Ascending<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Ascending::after(0, bytes)
    }

    /// The numbers [`encode_after`] wrote after `previous`.
    fn after(previous: u32, bytes: &'a [u8]) -> Self {
        Ascending { bytes, previous }
    }

    /// The bytes not read yet.
    pub(super) fn rest(&self) -> &'a [u8] {
        self.bytes
    }
}

impl Iterator for Ascending<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let gap = next_gap(&mut self.bytes)?;
        self.previous = self.previous.wrapping_add(gap);
        Some(self.previous)
    }
}

/// Appends `vector` (terms ascending, each with its weight in 16 bits) as
/// each term's gap from the one before ([`encode_after`]) followed by its
/// weight, two bytes little-endian: an article's 48 terms take about four
/// bytes each, and Berita Terkait reads the weights of its candidates here
/// instead of looking each up in a long posting list.
pub(super) fn encode_weighted(vector: &[(u32, u16)], out: &mut Vec<u8>) {
    let mut previous = 0;
    for (term, weight) in vector {
        encode_after(previous, &[*term], out);
        out.extend(weight.to_le_bytes());
        previous = *term;
    }
}

/// The (term, weight) pairs [`encode_weighted`] wrote in `bytes`; it ends
/// early on bytes cut in the middle of a pair, leaving them in
/// [`Weighted::rest`].
#[derive(Clone)]
pub(super) struct Weighted<'a> {
    terms: Ascending<'a>,
}

impl<'a> Weighted<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Weighted {
            terms: Ascending::new(bytes),
        }
    }

    /// The bytes not read yet.
    pub(super) fn rest(&self) -> &'a [u8] {
        self.terms.rest()
    }
}

impl Iterator for Weighted<'_> {
    type Item = (u32, u16);

    fn next(&mut self) -> Option<(u32, u16)> {
        let mut terms = self.terms.clone();
        let term = terms.next()?;
        let (weight, rest) = terms.bytes.split_first_chunk::<2>()?;
        terms.bytes = rest;
        self.terms = terms;
        Some((term, u16::from_le_bytes(*weight)))
    }
}

/// Numbers a block of [`BlockLists`] holds (the last of a list fewer): a
/// lookup reads half a block on average, and each block costs eight bytes
/// of head. At 64, a million articles' 47.6 million postings take 6 MB of
/// heads.
pub(super) const BLOCK: usize = 64;

/// Lists of ascending numbers without repeats (each term's slots), packed
/// as gaps yet read from anywhere: each list is cut in blocks of
/// [`BLOCK`], and of each block the first number is kept whole in
/// `firsts` and where the gaps after it start in `gaps` in `offsets`.
/// A lookup searches the firsts, a 64th as many as the numbers, and reads
/// one block. At a million articles the slots take 77 MB instead of 190
/// (a common term's are a few apart, a byte each).
#[derive(Default)]
pub(super) struct BlockLists {
    /// List `l` holds the numbers `starts[l]..starts[l + 1]` of all,
    /// counted one after the other.
    starts: Vec<u32>,
    /// Its blocks are `blocks[l]..blocks[l + 1]`.
    blocks: Vec<u32>,
    firsts: Packed<u32>,
    offsets: Packed<u32>,
    gaps: Packed<u8>,
}

/// How many blocks a list of `len` numbers takes.
pub(super) fn blocks_for(len: usize) -> usize {
    len.div_ceil(BLOCK)
}

/// Bytes a gap takes at most: 32 bits, seven a byte.
pub(super) const MAX_GAP_BYTES: usize = 5;

/// Why lists cannot be packed: their offsets are 32 bits.
pub(super) const TOO_LARGE: &str = "postings over 4 GB";

/// Appends `list` in blocks: each block's first number to `firsts`, where
/// its gaps start to `offsets` (counting `before` bytes ahead of `gaps`),
/// and its gaps to `gaps`. More than 4 GB of gaps before a block (some
/// fifty million articles) is refused.
pub(super) fn encode_blocks(
    list: &[u32],
    before: usize,
    firsts: &mut Vec<u32>,
    offsets: &mut Vec<u32>,
    gaps: &mut Vec<u8>,
) -> Result<(), &'static str> {
    for block in list.chunks(BLOCK) {
        firsts.push(block[0]);
        offsets.push(u32::try_from(before + gaps.len()).map_err(|_| TOO_LARGE)?);
        encode_after(block[0], &block[1..], gaps);
    }
    Ok(())
}

impl BlockLists {
    /// The lists `lists[starts[l]..starts[l + 1]]`, packed in memory.
    pub(super) fn build(starts: Vec<u32>, lists: &[u32]) -> BlockLists {
        let (mut firsts, mut offsets, mut gaps) = (Vec::new(), Vec::new(), Vec::new());
        for range in starts.windows(2) {
            let list = &lists[range[0] as usize..range[1] as usize];
            // Gigabytes of gaps in memory: an index beyond what a build
            // of the archive can be.
            encode_blocks(list, 0, &mut firsts, &mut offsets, &mut gaps).expect(TOO_LARGE);
        }
        BlockLists::from_parts(
            starts,
            Packed::Owned(firsts),
            Packed::Owned(offsets),
            Packed::Owned(gaps),
        )
    }

    /// Lists packed elsewhere (a saved index) by [`encode_blocks`], one
    /// after the other, of the lengths `starts` tells.
    pub(super) fn from_parts(
        starts: Vec<u32>,
        firsts: Packed<u32>,
        offsets: Packed<u32>,
        gaps: Packed<u8>,
    ) -> BlockLists {
        let mut blocks = Vec::with_capacity(starts.len());
        blocks.push(0u32);
        for range in starts.windows(2) {
            let len = (range[1] - range[0]) as usize;
            blocks.push(blocks[blocks.len() - 1] + blocks_for(len) as u32);
        }
        BlockLists {
            starts,
            blocks,
            firsts,
            offsets,
            gaps,
        }
    }

    /// Where list `l`'s numbers start, counted over all lists.
    pub(super) fn start(&self, l: u32) -> usize {
        self.starts
            .get(l as usize)
            .map_or(0, |start| *start as usize)
    }

    /// List `l`; empty if there is none.
    pub(super) fn list(&self, l: u32) -> BlockList<'_> {
        let l = l as usize;
        let (Some(&[start, end]), Some(&[first, last])) =
            (self.starts.get(l..l + 2), self.blocks.get(l..l + 2))
        else {
            return BlockList::default();
        };
        let blocks = first as usize..last as usize;
        BlockList {
            firsts: &self.firsts[blocks.clone()],
            offsets: &self.offsets[blocks],
            gaps: &self.gaps,
            len: (end - start) as usize,
        }
    }
}

/// One list of [`BlockLists`].
#[derive(Default, Clone, Copy)]
pub(super) struct BlockList<'a> {
    firsts: &'a [u32],
    offsets: &'a [u32],
    gaps: &'a [u8],
    len: usize,
}

impl<'a> BlockList<'a> {
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// How many numbers block `b` holds.
    fn block_len(&self, b: usize) -> usize {
        BLOCK.min(self.len - b * BLOCK)
    }

    /// Reads block `b`, handing `stop` each number and its place, until
    /// it says so: that place and number, or how many numbers the block
    /// gave when none stops it. Every search of a list and every window
    /// read goes through here, about 600 times a page view: a plain loop
    /// over the bytes rather than iterators.
    fn scan(&self, b: usize, mut stop: impl FnMut(usize, u32) -> bool) -> (usize, u32) {
        let len = self.block_len(b);
        let mut number = self.firsts[b];
        let mut bytes = self
            .gaps
            .get(self.offsets[b] as usize..)
            .unwrap_or_default();
        for at in 0..len {
            if at > 0 {
                let Some(gap) = next_gap(&mut bytes) else {
                    return (at, number);
                };
                number = number.wrapping_add(gap);
            }
            if stop(at, number) {
                return (at, number);
            }
        }
        (len, number)
    }

    /// Hands `each` the numbers at positions `range` (within the list),
    /// with their positions, in order: a block decoded at a time in one
    /// plain loop (a chain of iterators over them was 5 % slower where
    /// Berita Terkait reads them).
    pub(super) fn each(self, range: Range<usize>, mut each: impl FnMut(usize, u32)) {
        debug_assert!(range.end <= self.len, "{range:?} of {}", self.len);
        for b in range.start / BLOCK..range.end.div_ceil(BLOCK) {
            let first = b * BLOCK;
            self.scan(b, |at, number| {
                let position = first + at;
                if position >= range.end {
                    return true;
                }
                if position >= range.start {
                    each(position, number);
                }
                false
            });
        }
    }

    /// How many of the list's numbers are below `number`.
    pub(super) fn below(self, number: u32) -> usize {
        let Some(b) = number
            .checked_sub(1)
            .and_then(|n| last_at_most(self.firsts, n))
        else {
            return 0;
        };
        b * BLOCK + self.scan(b, |_, n| n >= number).0
    }
}

/// The next gap [`encode_after`] wrote at the start of `bytes`, which it
/// then passes; `None` at their end.
#[inline]
fn next_gap(bytes: &mut &[u8]) -> Option<u32> {
    let mut gap = 0u32;
    let mut shift = 0;
    loop {
        let (byte, rest) = bytes.split_first()?;
        *bytes = rest;
        gap |= u32::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
        if byte & 0x80 == 0 {
            return Some(gap);
        }
        shift = shift.saturating_add(7);
    }
}

/// Checks a block as [`encode_blocks`] writes it: `len` numbers from
/// `first`, their gaps all of `gaps` and nothing more, ascending without
/// repeats, every one below `limit`. Returns the last.
pub(super) fn check_block(
    first: u32,
    gaps: &[u8],
    len: usize,
    limit: u32,
) -> Result<u32, &'static str> {
    let out_of_order = "a list out of order or out of range";
    if first >= limit {
        return Err(out_of_order);
    }
    let mut numbers = Ascending::after(first, gaps);
    let mut last = first;
    for _ in 1..len {
        let number = numbers.next().ok_or("a block cut short")?;
        if number <= last || number >= limit {
            return Err(out_of_order);
        }
        last = number;
    }
    if !numbers.rest().is_empty() {
        return Err("a block longer than its count");
    }
    Ok(last)
}

/// Interpolation probes before [`last_at_most`] bisects what is left.
const INTERPOLATION_PROBES: usize = 4;

/// The position of the last of `sorted` (ascending, without repeats) that
/// is at most `number`, if any. A word's articles are spread over the
/// archive's time, so where a slot falls between the first and the last
/// is a close guess: a few probes instead of the bisection's many, each
/// a cache miss (Berita Terkait once looked up the weights of about 700
/// terms a page this way; bisecting them was a fifth of an uncached
/// page's CPU at a million articles; it still finds where each of an
/// article's 48 words is read). What the guesses do not narrow is
/// bisected.
fn last_at_most(sorted: &[u32], number: u32) -> Option<usize> {
    // Everything before `low` is at most `number`, from `high` on above it.
    let (mut low, mut high) = (0, sorted.len());
    for _ in 0..INTERPOLATION_PROBES {
        if low >= high {
            break;
        }
        let (first, last) = (sorted[low], sorted[high - 1]);
        if number < first {
            high = low;
        } else if number >= last {
            low = high;
        } else {
            let span = u64::from(last - first);
            let at = low + (u64::from(number - first) * (high - 1 - low) as u64 / span) as usize;
            if sorted[at] <= number {
                low = at + 1;
            } else {
                high = at;
            }
        }
    }
    if low < high {
        low += sorted[low..high].partition_point(|n| *n <= number);
    }
    low.checked_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_terms_read_back_as_written_and_a_cut_pair_is_left() {
        let vectors: [&[(u32, u16)]; 4] = [
            &[],
            &[(0, 0)],
            &[
                (0, 1),
                (127, 0xffff),
                (128, 0x3f80),
                (16_384, 2),
                (u32::MAX, 0x8000),
            ],
            &[(5, 7), (6, 0x0100), (77_000, 0x00ff)],
        ];
        let mut bytes = Vec::new();
        let mut ends = Vec::new();
        for vector in vectors {
            encode_weighted(vector, &mut bytes);
            ends.push(bytes.len());
        }
        let mut start = 0;
        for (vector, end) in vectors.iter().zip(ends) {
            let mut read = Weighted::new(&bytes[start..end]);
            assert_eq!(read.by_ref().collect::<Vec<_>>(), *vector);
            assert!(read.rest().is_empty());
            start = end;
        }
        // A gap of one byte and a weight of two.
        let mut one = Vec::new();
        encode_weighted(&[(100, 9), (200, 9)], &mut one);
        assert_eq!(one.len(), 6);
        // Cut within the second pair's weight, or within its gap: the
        // first pair is read, the rest left.
        let mut long = Vec::new();
        encode_weighted(&[(1, 1), (300, 2)], &mut long);
        for cut in [4, 5, 6] {
            let mut read = Weighted::new(&long[..cut]);
            assert_eq!(read.by_ref().collect::<Vec<_>>(), [(1, 1)], "cut at {cut}");
            assert_eq!(read.rest().len(), cut - 3, "cut at {cut}");
        }
    }

    /// Ascending lists without repeats, of many lengths and spreads.
    fn lists() -> Vec<Vec<u32>> {
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let mut lists = Vec::new();
        for length in [0usize, 1, 2, 63, 64, 65, 128, 129, 1_000, 5_000] {
            for spread in [1u64, 3, 1_000, 4_000_000_000] {
                // Evenly spread, or bunched at one end.
                let mut list: Vec<u32> = (0..length)
                    .map(|_| (next() % spread) as u32)
                    .chain((0..length / 3).map(|i| 4_000_000_000 - i as u32))
                    .collect();
                list.sort_unstable();
                list.dedup();
                lists.push(list);
            }
        }
        lists.push(vec![0, u32::MAX]);
        // Whole blocks: one, two, and the last one full.
        lists.push((0..64).collect());
        lists.push((0..128).map(|n| n * 3).collect());
        lists.push((0..192).map(|n| n * 1_000 + 7).collect());
        lists
    }

    #[test]
    fn lists_in_blocks_read_back_as_written_from_anywhere() {
        let lists = lists();
        let mut starts = vec![0u32];
        for list in &lists {
            starts.push(starts[starts.len() - 1] + list.len() as u32);
        }
        let packed = BlockLists::build(starts.clone(), &lists.concat());
        let mut rng = 7u32;
        for (l, list) in lists.iter().enumerate() {
            let blocked = packed.list(l as u32);
            assert_eq!(packed.start(l as u32), starts[l] as usize);
            assert_eq!(blocked.len(), list.len());
            let mut whole = Vec::new();
            blocked.each(0..list.len(), |_, number| whole.push(number));
            assert_eq!(whole, *list);
            for start in [0, 1, 63, 64, 65, list.len() / 2, list.len()] {
                for end in [start, start + 1, start + 64, start + 700, list.len()] {
                    let range =
                        start.min(list.len())..end.min(list.len()).max(start.min(list.len()));
                    let mut each = Vec::new();
                    blocked.each(range.clone(), |at, number| each.push((at, number)));
                    let expected: Vec<(usize, u32)> = range
                        .clone()
                        .zip(list[range.clone()].iter().copied())
                        .collect();
                    assert_eq!(each, expected, "list {l}, {range:?}");
                }
            }
            let probes = list
                .iter()
                .copied()
                .chain(list.iter().map(|n| n.wrapping_add(1)));
            let probes = probes.chain((0..200).map(|_| {
                rng = rng.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                rng
            }));
            for number in probes.chain([0, 1, u32::MAX]) {
                assert_eq!(
                    blocked.below(number),
                    list.partition_point(|n| *n < number),
                    "below {number} in list {l}"
                );
            }
        }
        assert_eq!(packed.list(lists.len() as u32).len(), 0, "no such list");
        // A common term's slots a few apart take a byte each.
        let dense: Vec<u32> = (0..6_400).map(|i| i * 3).collect();
        let packed = BlockLists::build(vec![0, 6_400], &dense);
        assert_eq!(packed.gaps.len(), 6_400 - 100);
    }

    #[test]
    fn a_block_is_checked_whole() {
        let (mut firsts, mut offsets, mut gaps) = (Vec::new(), Vec::new(), Vec::new());
        encode_blocks(
            &[3, 5, 300, 70_000],
            0,
            &mut firsts,
            &mut offsets,
            &mut gaps,
        )
        .unwrap();
        assert_eq!(
            (firsts.as_slice(), offsets.as_slice()),
            ([3].as_slice(), [0].as_slice())
        );
        assert_eq!(check_block(3, &gaps, 4, 70_001), Ok(70_000));
        assert!(check_block(3, &gaps, 4, 70_000).is_err(), "out of range");
        assert!(
            check_block(70_001, &[], 1, 70_000).is_err(),
            "first out of range"
        );
        assert!(check_block(3, &gaps, 5, 80_000).is_err(), "cut short");
        assert!(
            check_block(3, &gaps, 3, 80_000).is_err(),
            "longer than its count"
        );
        assert!(
            check_block(3, &gaps[..gaps.len() - 1], 4, 80_000).is_err(),
            "a gap cut"
        );
        assert!(check_block(3, &[0], 2, 80_000).is_err(), "a repeat");
    }
}
