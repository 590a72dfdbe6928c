//! The attachments of a WordPress export (its uploaded files: what a
//! featured image or a gallery names), kept in an unnamed temporary file
//! with only their numbers in memory. An export lists every upload the site
//! ever had, often one for each post; held as strings they would grow with
//! the file (a few GB of export, hundreds of MB), here they take 32 bytes
//! each and the import's memory stays bounded.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::FileExt;

/// An uploaded file as the export names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// Where WordPress served it.
    pub url: String,
    /// Its caption (the attachment's excerpt), as text.
    pub caption: String,
    /// The post it was uploaded to (`wp:post_parent`), 0 for none.
    pub parent: u64,
}

/// Attachments being read from the export (the first pass), written out as
/// they come.
pub struct AttachmentsWriter {
    file: BufWriter<File>,
    written: u64,
    /// `(number, where its record starts, parent)`.
    records: Vec<(u64, u64, u64)>,
}

impl AttachmentsWriter {
    /// A writer into a new temporary file, gone when the import ends.
    pub fn new() -> std::io::Result<AttachmentsWriter> {
        Ok(AttachmentsWriter {
            file: BufWriter::with_capacity(256 * 1024, tempfile::tempfile()?),
            written: 0,
            records: Vec::new(),
        })
    }

    /// Adds attachment `id` (a later one of the same number replaces it, as
    /// WordPress would have it).
    pub fn add(&mut self, id: u64, attachment: &Attachment) -> std::io::Result<()> {
        let (url, caption) = (attachment.url.as_bytes(), attachment.caption.as_bytes());
        let length = |bytes: &[u8]| u32::try_from(bytes.len()).unwrap_or(u32::MAX);
        // A record: parent, the two lengths, then the two texts (a text
        // beyond 4 GiB is cut there; no URL or caption comes near it).
        let (url, caption) = (
            &url[..length(url) as usize],
            &caption[..length(caption) as usize],
        );
        self.file.write_all(&attachment.parent.to_le_bytes())?;
        self.file.write_all(&length(url).to_le_bytes())?;
        self.file.write_all(&length(caption).to_le_bytes())?;
        self.file.write_all(url)?;
        self.file.write_all(caption)?;
        self.records.push((id, self.written, attachment.parent));
        self.written += (HEADER + url.len() + caption.len()) as u64;
        Ok(())
    }

    /// The attachments, ready to be looked up.
    pub fn finish(self) -> std::io::Result<Attachments> {
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        let mut records = self.records;
        // The last one of a number wins: reversed, a stable sort keeps it
        // first among its equals, and `dedup` keeps the first.
        records.reverse();
        records.sort_by_key(|&(id, _, _)| id);
        records.dedup_by_key(|&mut (id, _, _)| id);
        let mut by_parent: Vec<(u64, u64)> = records
            .iter()
            .filter(|&&(_, _, parent)| parent != 0)
            .map(|&(id, _, parent)| (parent, id))
            .collect();
        by_parent.sort_unstable();
        let attachments = Attachments {
            file: Some(file),
            by_id: records
                .iter()
                .map(|&(id, offset, _)| (id, offset))
                .collect(),
            by_parent,
        };
        Ok(attachments)
    }
}

/// Size of a record's fixed part: parent, url length, caption length.
const HEADER: usize = 8 + 4 + 4;

/// The export's attachments, by number and by the post they belong to.
#[derive(Debug, Default)]
pub struct Attachments {
    file: Option<File>,
    /// Attachment number to where its record starts, by number.
    by_id: Vec<(u64, u64)>,
    /// `(parent, attachment number)`, in that order.
    by_parent: Vec<(u64, u64)>,
}

impl Attachments {
    /// Attachment `id`, when the export has it.
    pub fn get(&self, id: u64) -> Option<Attachment> {
        let at = self.by_id.binary_search_by_key(&id, |&(id, _)| id).ok()?;
        self.read(self.by_id[at].1)
    }

    /// The attachments uploaded to post `parent`, by number.
    pub fn children(&self, parent: u64) -> Vec<Attachment> {
        let start = self.by_parent.partition_point(|&(p, _)| p < parent);
        self.by_parent[start..]
            .iter()
            .take_while(|&&(p, _)| p == parent)
            .filter_map(|&(_, id)| self.get(id))
            .collect()
    }

    /// The record at `offset`; `None` only if the temporary file cannot be
    /// read back (the attachment is then left out, as one not in the
    /// export would be).
    fn read(&self, offset: u64) -> Option<Attachment> {
        let file = self.file.as_ref()?;
        let mut header = [0u8; HEADER];
        file.read_exact_at(&mut header, offset).ok()?;
        let parent = u64::from_le_bytes(header[..8].try_into().ok()?);
        let url_length = u32::from_le_bytes(header[8..12].try_into().ok()?) as usize;
        let caption_length = u32::from_le_bytes(header[12..].try_into().ok()?) as usize;
        let mut text = vec![0u8; url_length + caption_length];
        file.read_exact_at(&mut text, offset + HEADER as u64).ok()?;
        let caption = String::from_utf8(text.split_off(url_length)).ok()?;
        Some(Attachment {
            url: String::from_utf8(text).ok()?,
            caption,
            parent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachment(url: &str, caption: &str, parent: u64) -> Attachment {
        Attachment {
            url: url.into(),
            caption: caption.into(),
            parent,
        }
    }

    #[test]
    fn attachments_are_found_by_number_and_by_post_after_a_round_through_the_file() {
        let mut writer = AttachmentsWriter::new().unwrap();
        writer.add(30, &attachment("/c.jpg", "", 7)).unwrap();
        writer
            .add(10, &attachment("/a.jpg", "Banjir di Jakarta", 7))
            .unwrap();
        writer.add(20, &attachment("/b.jpg", "", 8)).unwrap();
        writer.add(40, &attachment("/lone.jpg", "", 0)).unwrap();
        // Re-listed: the later one is the attachment, under its new post.
        writer.add(20, &attachment("/b2.jpg", "Gempa", 7)).unwrap();
        let attachments = writer.finish().unwrap();
        assert_eq!(attachments.by_id.len(), 4);
        assert_eq!(
            attachments.get(10),
            Some(attachment("/a.jpg", "Banjir di Jakarta", 7))
        );
        assert_eq!(attachments.get(40), Some(attachment("/lone.jpg", "", 0)));
        assert_eq!(attachments.get(11), None);
        let urls = |parent| -> Vec<String> {
            attachments
                .children(parent)
                .into_iter()
                .map(|a| a.url)
                .collect()
        };
        assert_eq!(urls(7), ["/a.jpg", "/b2.jpg", "/c.jpg"]);
        assert!(urls(8).is_empty(), "the re-listed attachment left post 8");
        assert!(urls(0).is_empty(), "no post is number 0");
    }

    #[test]
    fn no_attachments_find_nothing() {
        let attachments = Attachments::default();
        assert_eq!(attachments.get(1), None);
        assert!(attachments.children(1).is_empty());
    }
}
