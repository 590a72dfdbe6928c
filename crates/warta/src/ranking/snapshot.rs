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
//! how many of the articles below have each term, the vectors of the live
//! articles in order of publication (their slots), weights in 16 bits,
//! then a CRC-32 of all before. Knowing each term's count before the
//! vectors, a load reads the file once, as a stream, and puts each
//! posting in its place: no copy of the file in memory, no second pass.

use super::related::{Doc, RelatedIndex, RelatedPolicy, Terms};
use super::related::{Postings, to_16_bits};
use chrono::{DateTime, Utc};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;
use warta_core::ArticleId;

/// Names the format; a change of layout or meaning changes it.
const MAGIC: &[u8; 8] = b"WRTREL03";

/// The index saved, with the time (Unix seconds) it follows the database to.
pub struct Saved {
    /// The index.
    pub index: RelatedIndex,
    /// Changes made since then are not in it.
    pub synced: i64,
}

/// A CRC-32 of the bytes written, as a checksum against truncation and
/// damage (not against tampering: the data folder is trusted).
struct Checked<W> {
    inner: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for Checked<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.crc.update(&bytes[..written]);
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
    /// half a file under the name.
    pub fn save(&self, path: &Path, synced: i64) -> io::Result<()> {
        let partial = path.with_extension("partial");
        let file = std::fs::File::create(&partial)?;
        let mut out = Checked {
            inner: BufWriter::new(file),
            crc: crc32fast::Hasher::new(),
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
                .filter(|slot| terms.by_id.get(&terms.docs[*slot as usize].id) == Some(slot))
                .collect();
            live.sort_by_key(|slot| {
                let doc = &terms.docs[*slot as usize];
                (doc.published_at, doc.id)
            });
            let mut counts = vec![0u32; words.len()];
            for slot in &live {
                for term in &terms.docs[*slot as usize].terms {
                    counts[*term as usize] += 1;
                }
            }
            for count in counts {
                out.write_all(&count.to_le_bytes())?;
            }
            out.write_all(&(live.len() as u32).to_le_bytes())?;
            for slot in live {
                let doc = &terms.docs[slot as usize];
                out.write_all(&doc.id.0.to_le_bytes())?;
                out.write_all(&doc.published_at.timestamp_micros().to_le_bytes())?;
                out.write_all(&doc.fingerprint.map_or(0, |_| 1u8).to_le_bytes())?;
                out.write_all(&doc.fingerprint.unwrap_or(0).to_le_bytes())?;
                out.write_all(&(doc.terms.len() as u32).to_le_bytes())?;
                for term in &doc.terms {
                    out.write_all(&term.to_le_bytes())?;
                    let weight = to_16_bits(terms.postings.weight(*term, slot));
                    out.write_all(&weight.to_le_bytes())?;
                }
            }
        }
        let checksum = out.crc.finalize();
        let mut file = out.inner;
        file.write_all(&checksum.to_le_bytes())?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&partial, path)
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
        let read = Reader {
            inner: BufReader::with_capacity(1 << 20, file),
            crc: crc32fast::Hasher::new(),
            left: size.saturating_sub(4),
        };
        match parse(read, policy) {
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
}

const CUT_SHORT: &str = "the file is cut short";

impl<R: Read> Reader<R> {
    fn array<const N: usize>(&mut self) -> Result<[u8; N], &'static str> {
        if self.left < N as u64 {
            return Err(CUT_SHORT);
        }
        let mut bytes = [0; N];
        self.inner.read_exact(&mut bytes).map_err(|_| CUT_SHORT)?;
        self.crc.update(&bytes);
        self.left -= N as u64;
        Ok(bytes)
    }

    fn bytes(&mut self, n: usize) -> Result<Vec<u8>, &'static str> {
        if self.left < n as u64 {
            return Err(CUT_SHORT);
        }
        let mut bytes = vec![0; n];
        self.inner.read_exact(&mut bytes).map_err(|_| CUT_SHORT)?;
        self.crc.update(&bytes);
        self.left -= n as u64;
        Ok(bytes)
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

    /// The checksum at the end, against the bytes read.
    fn finish(mut self) -> Result<(), &'static str> {
        if self.left != 0 {
            return Err("bytes after the end");
        }
        let mut stored = [0; 4];
        self.inner.read_exact(&mut stored).map_err(|_| CUT_SHORT)?;
        if self.inner.read(&mut [0]).map_err(|_| CUT_SHORT)? != 0 {
            return Err("bytes after the end");
        }
        if self.crc.finalize() != u32::from_le_bytes(stored) {
            return Err("the checksum does not match");
        }
        Ok(())
    }
}

fn parse<R: Read>(mut read: Reader<R>, policy: RelatedPolicy) -> Result<Saved, &'static str> {
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
        terms.vocabulary.insert(word, id as u32);
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
    read.fits(count as u64, 29)?;
    read.fits(total, 6)?;
    let mut slots = vec![0u32; total as usize];
    let mut weights = vec![0u16; total as usize];
    let mut next: Vec<u32> = starts[..words].to_vec();
    let mut docs = Vec::with_capacity(count);
    for slot in 0..count as u32 {
        let id = ArticleId(read.i64()?);
        let published_at =
            DateTime::<Utc>::from_timestamp_micros(read.i64()?).ok_or("a time out of range")?;
        let has_fingerprint = read.array::<1>()?[0] == 1;
        let fingerprint = Some(read.u64()?).filter(|_| has_fingerprint);
        let length = read.u32()? as usize;
        if length > policy.terms_per_article {
            return Err("a vector longer than the policy allows");
        }
        let mut vector = Vec::with_capacity(length);
        for _ in 0..length {
            let term = read.u32()? as usize;
            let weight = u16::from_le_bytes(read.array()?);
            if term >= words {
                return Err("a term outside the vocabulary");
            }
            let at = next[term] as usize;
            if at >= starts[term + 1] as usize {
                return Err("more postings than counted");
            }
            slots[at] = slot;
            weights[at] = weight;
            next[term] += 1;
            vector.push(term as u32);
        }
        docs.push(Doc {
            id,
            published_at,
            terms: vector.into_boxed_slice(),
            fingerprint,
        });
    }
    if next
        .iter()
        .zip(&starts[1..])
        .any(|(placed, end)| placed != end)
    {
        return Err("fewer postings than counted");
    }
    read.finish()?;
    terms.fill_packed(docs, Postings::from_packed(starts, slots, weights));
    Ok(Saved {
        index: RelatedIndex::from_terms(terms, policy),
        synced,
    })
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

        let saved = RelatedIndex::load(&path, policy).expect("loads");
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
        assert!(saved.index.related(ArticleId(1), 5).contains(&ArticleId(2)));
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
        std::fs::write(&path, &good).unwrap();
        let other = RelatedPolicy {
            terms_per_article: 10,
            ..policy
        };
        assert!(RelatedIndex::load(&path, other).is_none(), "another policy");
        assert!(RelatedIndex::load(&path, policy).is_some());
    }
}
