//! Importing articles from JSON Lines (`.jsonl`, gzip accepted) and from
//! WordPress exports (WXR, `wxr.rs`).
//!
//! Every line is parsed and checked on its own: a bad line is reported with
//! its number and skipped, and the rest goes on. Good records are saved in
//! batches, each batch one transaction, so a failure while saving leaves the
//! stored site as it was before that batch. Re-importing a record with an
//! id already stored updates that article.

mod attachments;
pub mod indexing;
mod jsonl;
mod uploads;
mod wp_body;
mod wxr;

pub use indexing::Indexing;
pub use uploads::Uploads;

pub use jsonl::{ParseError, parse_record};
pub use wxr::percent_decode;

use anyhow::Context;
use chrono::Utc;
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use warta_core::{ArticleContent, ArticleId, Restriction};
use warta_store::{Outcome, Store};

/// Records saved per transaction.
const BATCH: usize = 1_000;
/// Longest line accepted, in bytes; an article body is far smaller.
const MAX_LINE: usize = 4 * 1024 * 1024;

/// Whether an import stores what it reads or only says what it would do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Run {
    /// Store it.
    #[default]
    Save,
    /// Work out what would be added, changed, kept and taken down, in
    /// transactions rolled back: nothing stored changes.
    DryRun,
}

/// Whether a WordPress import goes on where an unfinished run of the same
/// file stopped, or reads it all again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// Go on after the last item an earlier run saved.
    WhereItStopped,
    /// Import every item.
    FromStart,
}

/// How an import runs.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// Whether it stores what it reads.
    pub run: Run,
    /// Whether a WordPress import goes on where an earlier run stopped.
    pub resume: Resume,
    /// The search index being built beside it, if it is.
    pub index: Option<&'a Indexing>,
}

/// An article the summary names: its id where it came from, its headline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The id in the source (`wp-12`).
    pub external_id: String,
    /// Its headline.
    pub title: String,
    /// Why it is not public at the source, for one taken down.
    pub restriction: Option<Restriction>,
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// New articles.
    pub created: usize,
    /// Of those, not public because they are not at the source (private,
    /// behind a password).
    pub created_restricted: usize,
    /// Articles that existed and were updated.
    pub updated: usize,
    /// Articles the newsroom changed since the last import, kept as they
    /// are.
    pub kept: Vec<Named>,
    /// Live articles taken down: not public at the source any more.
    pub taken_down: Vec<Named>,
    /// Items thrown away at the source (trash) and not imported.
    pub not_imported: usize,
    /// Lines or items skipped (each reported with its number and reason
    /// as it is met, and not kept: a wrong file may have millions).
    pub skipped: usize,
    /// Images added to the media library (a WordPress import given its
    /// uploads folder).
    pub images: usize,
    /// Items of a WordPress export that are not articles, by their type
    /// (`attachment`, `nav_menu_item`, a custom type), none imported.
    pub not_articles: std::collections::BTreeMap<String, usize>,
    /// Comments in a WordPress export, not imported.
    pub comments: usize,
    /// Pictures in bodies not found in the uploads folder (their old
    /// addresses are kept).
    pub pictures_missing: usize,
    /// Where the file broke off, when it did: what came before it was
    /// imported, and the import ends with an error.
    pub damaged: Option<String>,
    /// The item after which this run went on, when an earlier run of the
    /// same file stopped there (a WordPress import; the counts are this
    /// run's).
    pub resumed_after: Option<usize>,
}

/// Where progress goes: a bar on a terminal, nothing elsewhere.
pub trait Progress {
    /// Bytes of the file read so far (compressed bytes for gzip).
    fn read(&self, bytes: u64);
    /// A line was skipped.
    fn skipped(&self, line: usize, reason: &str);
    /// A line was saved, but not all of it as hoped (an image left out).
    fn warned(&self, line: usize, message: &str);
    /// An earlier run of this file stopped after item `after`: this one
    /// goes on from there.
    fn resumed(&self, _after: usize) {}
}

/// Counts the bytes a reader has consumed, for progress.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Imports one file into `store`.
pub async fn import_file(
    store: &Store,
    path: &Path,
    progress: &dyn Progress,
    options: Options<'_>,
) -> anyhow::Result<ImportSummary> {
    let mut file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut magic = [0u8; 2];
    let gzip = file
        .read(&mut magic)
        .map(|n| n == 2 && magic == [0x1f, 0x8b])
        .unwrap_or(false);
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let count = Arc::new(AtomicU64::new(0));
    let counting = Counting {
        inner: file,
        count: count.clone(),
    };
    let reader: Box<dyn Read + Send> = if gzip {
        Box::new(MultiGzDecoder::new(counting))
    } else {
        Box::new(counting)
    };
    // The file is read and its lines parsed on a thread of their own while
    // the batch before is being saved: the two take about as long, and
    // there are two cores (with the batching of `Store::save_articles`, a
    // million articles went from 341 to 202 s: docs/BENCHMARKS.md).
    let (sender, mut receiver) = tokio::sync::mpsc::channel(2);
    let reading = tokio::task::spawn_blocking(move || read_lines(reader, &sender));
    let mut summary = ImportSummary::default();
    while let Some(parsed) = receiver.recv().await {
        match parsed {
            Parsed::Skipped(number, reason) => {
                progress.skipped(number, &reason);
                summary.skipped += 1;
            }
            Parsed::NotJsonLines => {
                anyhow::bail!(
                    "{}: an XML file, not JSON Lines: if it is a WordPress export, import it with --wordpress",
                    path.display()
                )
            }
            Parsed::Batch(mut batch) => {
                progress.read(count.load(Ordering::Relaxed));
                save(store, &mut batch, &mut summary, options).await?;
            }
        }
    }
    reading.await.context("reading the file panicked")?;
    progress.read(count.load(Ordering::Relaxed));
    Ok(summary)
}

/// What the reading thread sends: a line skipped, a batch of articles, or
/// that the file is not JSON Lines at all (it opens with markup).
enum Parsed {
    Skipped(usize, String),
    Batch(Vec<ArticleContent>),
    NotJsonLines,
}

/// Reads JSON Lines from `reader` and sends them parsed, a batch at a
/// time, until the end, damage, or the receiver is gone (a save failed).
fn read_lines(reader: Box<dyn Read + Send>, sender: &tokio::sync::mpsc::Sender<Parsed>) {
    let mut reader = BufReader::with_capacity(256 * 1024, reader);
    let mut batch: Vec<ArticleContent> = Vec::with_capacity(BATCH);
    let mut line = Vec::new();
    let mut number = 0usize;
    let skip = |number, reason| {
        sender
            .blocking_send(Parsed::Skipped(number, reason))
            .is_ok()
    };
    loop {
        line.clear();
        number += 1;
        let read = (&mut reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut line);
        match read {
            Ok(0) => break,
            Ok(_) => {}
            Err(error) => {
                // A damaged file (a truncated gzip stream, say): keep what was
                // read before the damage, report it and stop.
                skip(number, format!("unreadable from here on: {error}"));
                break;
            }
        }
        if line.len() > MAX_LINE && !line.ends_with(b"\n") {
            let mut rest = Vec::new();
            let _ = reader.read_until(b'\n', &mut rest);
            if !skip(
                number,
                format!("line longer than {} MiB", MAX_LINE / (1024 * 1024)),
            ) {
                return;
            }
            continue;
        }
        let text = match std::str::from_utf8(&line) {
            Ok(text) => text.trim(),
            Err(_) => {
                if !skip(number, "not UTF-8 text".to_owned()) {
                    return;
                }
                continue;
            }
        };
        if text.is_empty() {
            continue;
        }
        if number == 1 && text.trim_start_matches('\u{feff}').starts_with('<') {
            let _ = sender.blocking_send(Parsed::NotJsonLines);
            return;
        }
        match parse_record(text) {
            Ok(draft) => batch.push(draft),
            Err(error) => {
                if !skip(number, error.to_string()) {
                    return;
                }
            }
        }
        if batch.len() >= BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if sender.blocking_send(Parsed::Batch(full)).is_err() {
                return;
            }
        }
    }
    if !batch.is_empty() {
        let _ = sender.blocking_send(Parsed::Batch(batch));
    }
}

/// Saves a batch in one transaction (or only works out what it would do)
/// and returns the articles' numbers, in the batch's order (none for what
/// was not stored).
async fn save(
    store: &Store,
    batch: &mut Vec<ArticleContent>,
    summary: &mut ImportSummary,
    options: Options<'_>,
) -> anyhow::Result<Vec<Option<ArticleId>>> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let saved = match options.run {
        Run::Save => store.save_articles(batch, Utc::now()).await,
        Run::DryRun => store.plan_articles(batch, Utc::now()).await,
    }
    .context("cannot save imported articles (this batch was not saved; earlier ones were)")?;
    let ids: Vec<Option<ArticleId>> = saved.iter().map(|upserted| upserted.id).collect();
    if let (Some(index), Run::Save) = (options.index, options.run) {
        let saved: Vec<ArticleId> = ids.iter().flatten().copied().collect();
        index
            .saved(store, &saved)
            .await
            .context("cannot hand the saved articles to the search index")?;
    }
    for (upserted, content) in saved.iter().zip(batch.iter()) {
        let named = || Named {
            external_id: content.external_id.clone().unwrap_or_default(),
            title: content.title.clone(),
            restriction: content.restriction,
        };
        match upserted.outcome {
            Outcome::Created => {
                summary.created += 1;
                summary.created_restricted += usize::from(content.restriction.is_some());
            }
            Outcome::Updated => summary.updated += 1,
            Outcome::Kept => summary.kept.push(named()),
            Outcome::TakenDown => summary.taken_down.push(named()),
            Outcome::NotStored => summary.not_imported += 1,
        }
    }
    batch.clear();
    Ok(ids)
}

/// Imports a WordPress export (WXR) into `store`: authors and attachments
/// first (one pass), then every post and page (a second pass), saved in
/// batches; items that are not posts or pages, or cannot be used, are
/// reported by their number (1 for the first `<item>`) and skipped. Old
/// addresses are recorded so they redirect. With `uploads`, featured images
/// are copied into the media library from the site's uploads folder.
///
/// An export of any size is read in bounded memory (one item at a time,
/// the attachments in a temporary file). After each batch the store notes
/// how far the file was saved; with `Resume::WhereItStopped` a run of a file an
/// earlier run did not finish goes on from there.
pub async fn import_wordpress(
    store: &Store,
    path: &Path,
    mut uploads: Option<Uploads<'_>>,
    progress: &dyn Progress,
    options: Options<'_>,
) -> anyhow::Result<ImportSummary> {
    let run = options.run;
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    anyhow::ensure!(
        size > 0,
        "{} is empty: not a WordPress export",
        path.display()
    );
    // The bar runs over both passes: the first fills its first half.
    let count = Arc::new(AtomicU64::new(0));
    let open = |pass: u64| -> anyhow::Result<BufReader<Box<dyn Read + Send>>> {
        let mut file =
            File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let mut magic = [0u8; 2];
        let gzip = file
            .read(&mut magic)
            .map(|n| n == 2 && magic == [0x1f, 0x8b])?;
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        count.store(pass * size, Ordering::Relaxed);
        let file = Counting {
            inner: file,
            count: count.clone(),
        };
        let reader: Box<dyn Read + Send> = if gzip {
            Box::new(MultiGzDecoder::new(file))
        } else {
            Box::new(file)
        };
        Ok(BufReader::with_capacity(256 * 1024, reader))
    };
    let half = |count: &AtomicU64| count.load(Ordering::Relaxed) / 2;
    let fingerprint = fingerprint(path)?;
    let resume_after = match (run, options.resume) {
        (Run::Save, Resume::WhereItStopped) => store
            .import_resume_point(&fingerprint)
            .await
            .context("cannot read where an earlier import stopped")?
            .map(|item| item as usize),
        _ => None,
    };
    if let Some(after) = resume_after {
        progress.resumed(after);
    }
    let first = open(0)?;
    let mut reading = tokio::task::spawn_blocking(move || wxr::read_channel(first));
    let channel = loop {
        // The first pass has nothing to save; the bar moves as it reads.
        tokio::select! {
            read = &mut reading => break read,
            () = tokio::time::sleep(std::time::Duration::from_millis(200)) => progress.read(half(&count)),
        }
    };
    let channel = channel
        .context("reading the export panicked")?
        .context("cannot keep the export's attachments in a temporary file")?;
    // A WordPress export says so; a feed or another XML file does not, and
    // importing it would make articles of whatever it holds.
    match channel.wxr_version.as_deref() {
        Some("1.0" | "1.1" | "1.2") => {}
        Some(other) => anyhow::bail!(
            "{}: WordPress export version {other:?} is not one Warta reads (1.0 to 1.2)",
            path.display()
        ),
        None if channel.items == 0 => anyhow::bail!(
            "{}: not a WordPress export (no wp:wxr_version and no posts); export with Tools > Export in WordPress",
            path.display()
        ),
        None => anyhow::bail!(
            "{}: not a WordPress export (no wp:wxr_version): an RSS feed or another XML file? Export with Tools > Export in WordPress",
            path.display()
        ),
    }
    let terms = Terms {
        categories: channel.categories.clone(),
        tags: channel.tags.clone(),
        author_ids: channel.author_ids.clone(),
        authors: channel.authors.clone(),
    };
    let second = open(1)?;
    let (sender, mut receiver) = tokio::sync::mpsc::channel(BATCH);
    let reading = tokio::task::spawn_blocking(move || {
        let mut ignored = wxr::Channel::default();
        wxr::read_items(
            second,
            |number, item| {
                // Saved by the run that stopped: read past, not converted.
                if resume_after.is_some_and(|after| number <= after) {
                    return Ok(());
                }
                let read = ReadItem {
                    kind: item.kind().to_owned(),
                    id: item.id().to_owned(),
                    comments: item.comments,
                    replaced: item.replaced,
                    post: wxr::post_of(&item, &channel),
                };
                sender
                    .blocking_send((number, read))
                    .map_err(|_| anyhow::anyhow!("the import stopped"))
            },
            &mut ignored,
        )
    });
    let mut summary = ImportSummary {
        resumed_after: resume_after,
        ..ImportSummary::default()
    };
    let mut batch: Vec<wxr::WxrPost> = Vec::with_capacity(BATCH);
    let mut last = resume_after.unwrap_or(0);
    // The item up to which the store says the file is saved.
    let mut last_saved = last;
    while let Some((number, read)) = receiver.recv().await {
        last = number;
        summary.comments += read.comments;
        if read.replaced {
            progress.warned(
                number,
                &format!(
                    "post {}: bytes not valid in the export's encoding were replaced with U+FFFD",
                    read.id
                ),
            );
        }
        match read.post {
            Ok(Some(mut post)) => {
                if let (Some(uploads), Some(image), Run::Save) =
                    (&mut uploads, &mut post.content.image, run)
                    && let Some(warning) = uploads.attach(store, image).await?
                {
                    progress.warned(number, &warning);
                }
                if let (Some(uploads), Run::Save) = (&mut uploads, run) {
                    for warning in uploads.attach_body(store, &mut post.content.body).await? {
                        summary.pictures_missing += 1;
                        progress.warned(number, &warning);
                    }
                }
                batch.push(post);
            }
            Ok(None) => {
                let kind = if read.kind.is_empty() {
                    "?"
                } else {
                    read.kind.as_str()
                };
                *summary.not_articles.entry(kind.to_owned()).or_default() += 1;
            }
            Err(reason) => {
                progress.skipped(number, &reason);
                summary.skipped += 1;
            }
        }
        if batch.len() >= BATCH {
            progress.read(half(&count));
            save_posts(store, &mut batch, &mut summary, options).await?;
            if run == Run::Save && last > last_saved {
                store
                    .set_import_resume_point(&fingerprint, Some(last as u64))
                    .await
                    .context("cannot note how far the import came")?;
                last_saved = last;
            }
        }
    }
    save_posts(store, &mut batch, &mut summary, options).await?;
    if run == Run::Save {
        // Read to its end (or to the damage, which a second run would only
        // meet again): the next run of this file imports it all.
        store
            .set_import_resume_point(&fingerprint, None)
            .await
            .context("cannot note that the import finished")?;
    }
    progress.read(half(&count));
    if let Err(error) = reading.await.context("reading the export panicked")? {
        // Damaged XML: what came before the damage is saved; say where.
        let reason = format!("{error:#}");
        progress.skipped(last + 1, &reason);
        summary.damaged = Some(format!(
            "{reason} (after item {last}: what came before it was imported)"
        ));
    }
    summary.images = uploads.map_or(0, |uploads| uploads.added);
    if run == Run::Save {
        record_redirects(store, &terms)
            .await
            .context("cannot record the old category, tag and author addresses")?;
    }
    Ok(summary)
}

/// What names a file across runs, cheaply at any size: its length and the
/// SHA-256 of its first and last MiB (an export made again differs in
/// both, if only in its date).
fn fingerprint(path: &Path) -> anyhow::Result<String> {
    use sha2::{Digest, Sha256};
    use std::io::{Seek, SeekFrom};
    const MIB: u64 = 1 << 20;
    let unreadable = || format!("cannot read {}", path.display());
    let mut file = File::open(path).with_context(unreadable)?;
    let length = file.metadata().with_context(unreadable)?.len();
    let mut hasher = Sha256::new();
    hasher.update(length.to_le_bytes());
    let mut chunk = Vec::with_capacity(MIB as usize);
    (&mut file)
        .take(MIB)
        .read_to_end(&mut chunk)
        .with_context(unreadable)?;
    if length > MIB {
        file.seek(SeekFrom::End(-(MIB as i64)))
            .with_context(unreadable)?;
        file.take(MIB)
            .read_to_end(&mut chunk)
            .with_context(unreadable)?;
    }
    hasher.update(&chunk);
    Ok(format!("{:x}", hasher.finalize()))
}

/// A WordPress site's terms and authors, for their old addresses.
struct Terms {
    categories: Vec<(String, String, String)>,
    tags: Vec<(String, String, String)>,
    author_ids: Vec<(String, String)>,
    authors: std::collections::HashMap<String, String>,
}

/// Old category, tag and author pages (by path and by plain query) lead to
/// the section, tag or byline page they became, where there is one: a
/// category that became a section leads there, one kept as a tag to the
/// tag.
async fn record_redirects(store: &Store, terms: &Terms) -> anyhow::Result<()> {
    use warta_core::Slug;
    let mut redirects = Vec::new();
    for (id, nicename, name) in &terms.categories {
        let section = Slug::for_section(nicename, "berita");
        let tag = warta_store::tag_slug(name);
        let target = if store.section(section.as_str()).await.is_ok() {
            format!("/{section}")
        } else if store.tag(tag.as_str()).await.is_ok() {
            format!("/tag/{tag}")
        } else {
            continue;
        };
        redirects.push((
            format!("/category/{}", percent_decode(nicename)),
            target.clone(),
        ));
        redirects.push((format!("/?cat={id}"), target));
    }
    for (_, slug, name) in &terms.tags {
        let tag = warta_store::tag_slug(name);
        if store.tag(tag.as_str()).await.is_ok() {
            let target = format!("/tag/{tag}");
            let old = percent_decode(slug);
            if old != tag.as_str() {
                redirects.push((format!("/tag/{old}"), target.clone()));
            }
            redirects.push((format!("/?tag={old}"), target));
        }
    }
    for (id, login) in &terms.author_ids {
        let Some(display) = terms.authors.get(login) else {
            continue;
        };
        let slug = warta_store::author_slug(display);
        if store.author(slug.as_str()).await.is_ok() {
            let target = format!("/penulis/{slug}");
            redirects.push((format!("/author/{}", percent_decode(login)), target.clone()));
            redirects.push((format!("/?author={id}"), target));
        }
    }
    store.add_redirects(&redirects).await?;
    Ok(())
}

/// An item as the reading thread hands it over.
struct ReadItem {
    kind: String,
    id: String,
    comments: usize,
    replaced: bool,
    post: Result<Option<wxr::WxrPost>, String>,
}

async fn save_posts(
    store: &Store,
    batch: &mut Vec<wxr::WxrPost>,
    summary: &mut ImportSummary,
    options: Options<'_>,
) -> anyhow::Result<()> {
    let mut contents: Vec<ArticleContent> = batch.iter().map(|post| post.content.clone()).collect();
    let ids = save(store, &mut contents, summary, options).await?;
    let paths: Vec<_> = batch
        .iter()
        .zip(ids)
        .filter_map(|(post, id)| Some((post.old_path.clone()?, id?)))
        .collect();
    if options.run == Run::Save {
        store
            .add_legacy_paths(&paths)
            .await
            .context("cannot record the old addresses")?;
    }
    batch.clear();
    Ok(())
}
