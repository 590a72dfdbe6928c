//! Building the search index whole: beside an import into a new site (each
//! batch added once it is saved, on a thread of its own, the whole
//! committed at the end, so a server started afterwards finds the index
//! whole and searching at once, instead of building it from the million
//! articles it was just given: two minutes, with search short of articles
//! meanwhile), or from the database ([`build_whole`]: a server with a new
//! index, `warta reindex`).

use anyhow::Context;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use warta_core::ArticleId;
use warta_search::{IndexedArticle, SearchIndex};
use warta_store::{ArticleText, Store};

/// What the index buffers beside an import whose memory is bounded (a
/// WordPress export of any size, under 300 MB: bench/wordpress-import).
/// Half the usual buffer: at 300,000 posts the import's private memory
/// peaked at 262 MB with the usual 128 MB, 191 MB with this, in the same
/// time. (A million JSON Lines records took 44 % more CPU with it.)
pub const BOUNDED_MEMORY: usize = 64_000_000;

/// What the import hands the indexing thread.
enum Message {
    /// The live articles of a saved batch.
    Saved(Vec<ArticleText>),
    /// The import is done: commit, as following the database up to this
    /// time.
    Finish(i64),
}

/// The index being built beside an import.
pub struct Indexing {
    sender: SyncSender<Message>,
    thread: std::thread::JoinHandle<anyhow::Result<u64>>,
    /// Articles saved before they were live (scheduled, or drafts): one
    /// whose time comes before the import ends is added at the end.
    not_live: Mutex<Vec<ArticleId>>,
}

impl Indexing {
    /// Starts building the index in `dir` when an import can: the site has
    /// no live article yet (an import moving a newsroom in), and the index
    /// is new or marked for a whole build, and no server holds it (one
    /// that does keeps it up to date by itself). `None` otherwise, and the
    /// index is left to the server.
    ///
    /// `memory` is what the index may buffer before writing a segment
    /// ([`warta_search::WRITER_MEMORY`], or [`BOUNDED_MEMORY`]).
    pub async fn start(
        store: &Store,
        dir: &Path,
        memory: usize,
    ) -> anyhow::Result<Option<Indexing>> {
        if store.count_live(chrono::Utc::now()).await? > 0 || SearchIndex::in_use(dir) {
            return Ok(None);
        }
        let dir = dir.to_owned();
        let index = tokio::task::spawn_blocking(move || SearchIndex::open_buffering(&dir, memory))
            .await
            .context("opening the search index panicked")?;
        let index = match index {
            Ok((index, _)) if index.synced_until().is_none() => index,
            // Already following the database, or taken by a server
            // meanwhile: the server brings it up to date.
            Ok(_) | Err(warta_search::SearchError::Locked) => return Ok(None),
            Err(error) => return Err(error).context("cannot open the search index"),
        };
        // One batch waits while the next is saved: the import never waits
        // on the index unless it falls a whole batch behind.
        let (sender, receiver) = sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("import-index".into())
            .spawn(move || build(&index, &receiver))
            .context("cannot start the indexing thread")?;
        Ok(Some(Indexing {
            sender,
            thread,
            not_live: Mutex::new(Vec::new()),
        }))
    }

    /// Adds the live articles among `ids`, just saved; the others are
    /// looked at again at the end.
    pub async fn saved(&self, store: &Store, ids: &[ArticleId]) -> anyhow::Result<()> {
        let texts = store.live_texts_of(ids, chrono::Utc::now()).await?;
        if texts.len() < ids.len() {
            let live: HashSet<ArticleId> = texts.iter().map(|t| t.id).collect();
            (self.not_live.lock().unwrap_or_else(|e| e.into_inner()))
                .extend(ids.iter().filter(|id| !live.contains(id)));
        }
        self.send(Message::Saved(texts)).await
    }

    /// Hands `message` to the thread.
    async fn send(&self, message: Message) -> anyhow::Result<()> {
        let sender = self.sender.clone();
        // Blocks while the thread is a batch behind: off the async threads.
        let sent = tokio::task::spawn_blocking(move || sender.send(message))
            .await
            .context("handing articles to the index panicked")?;
        anyhow::ensure!(
            sent.is_ok(),
            "the search index stopped being built (the import goes on; start the server to build it)"
        );
        Ok(())
    }

    /// Adds the articles whose time came while the import ran, commits the
    /// index and returns how many articles it holds.
    pub async fn finish(self, store: &Store) -> anyhow::Result<u64> {
        // The time the last batch was saved by: a server syncs from it
        // (less an overlap), so nothing saved before is read again. What
        // goes live after it the server adds; what went live before it,
        // after its batch was saved (an article scheduled for the import's
        // fifth minute, saved in its first), is added here. Missed, a first
        // start found the index one article short and built it anew: ten
        // minutes of both cores at a million articles.
        let synced = chrono::Utc::now();
        let not_live =
            std::mem::take(&mut *self.not_live.lock().unwrap_or_else(|e| e.into_inner()));
        let gone_live = store.live_texts_of(&not_live, synced).await?;
        if !gone_live.is_empty() {
            self.send(Message::Saved(gone_live)).await?;
        }
        let Indexing { sender, thread, .. } = self;
        let _ = sender.send(Message::Finish(synced.timestamp()));
        drop(sender);
        tokio::task::spawn_blocking(move || thread.join())
            .await
            .context("waiting for the index panicked")?
            .map_err(|_| anyhow::anyhow!("building the search index panicked"))?
    }
}

/// The thread: adds every batch, commits at `Finish`; a channel closed
/// before it (the import failed) leaves the index marked for a whole build.
fn build(index: &SearchIndex, receiver: &Receiver<Message>) -> anyhow::Result<u64> {
    let mut build = index.build()?;
    while let Ok(message) = receiver.recv() {
        match message {
            Message::Saved(texts) => build.add(&indexed(&texts))?,
            Message::Finish(synced) => return Ok(build.finish(synced)?),
        }
    }
    anyhow::bail!("the import ended before the index was finished")
}

/// Article numbers read per step of a whole build.
const BUILD_STEP: i64 = 5_000;

/// Builds `index` anew from every live article, reading them a range of
/// numbers at a time (`handle` runs the store's queries), so a million
/// articles never sit in memory at once (reading them all first took
/// 3.4 GB); blocking. Readers see the old index until the new one is
/// whole. Returns how many it holds.
pub fn build_whole(
    index: &SearchIndex,
    store: &warta_store::Store,
    handle: &tokio::runtime::Handle,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<usize> {
    let last = handle.block_on(store.last_article_id())?.0;
    let mut build = index.build().context("cannot write to the search index")?;
    let mut after = 0;
    while after < last {
        let until = (after + BUILD_STEP).min(last);
        let texts = handle.block_on(store.live_texts_between(
            now,
            warta_core::ArticleId(after),
            warta_core::ArticleId(until),
        ))?;
        build
            .add(&indexed(&texts))
            .context("cannot write to the search index")?;
        after = until;
    }
    let held = build
        .finish(now.timestamp())
        .context("cannot write to the search index")?;
    Ok(held as usize)
}

/// Articles as the index takes them.
pub fn indexed(texts: &[ArticleText]) -> Vec<IndexedArticle<'_>> {
    texts
        .iter()
        .map(|t| IndexedArticle {
            id: t.id.0,
            title: &t.title,
            lede: &t.lede,
            body: &t.body,
            tags: &t.tags,
            section: &t.section,
            published_at: t.published_at,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Utc};
    use warta_core::{ArticleContent, Body, Slug, Status};

    fn article(title: &str, published_at: chrono::DateTime<Utc>) -> ArticleContent {
        let mut article = ArticleContent::new(title, Slug::from_text("berita", "berita"), "Berita");
        article.body = Body::from_plain_text("Isi berita.");
        article.status = Some(Status::Published);
        article.published_at = Some(published_at);
        article
    }

    /// An article saved before its time, which comes while the import
    /// runs, is in the index the import commits: a server syncs only
    /// from the end of the import on, and would never add it.
    #[tokio::test]
    async fn an_article_whose_time_comes_during_the_import_is_indexed() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("warta.db").display());
        let store = Store::connect(&url).await.unwrap();
        let search = dir.path().join("search");
        let indexing = Indexing::start(&store, &search, BOUNDED_MEMORY)
            .await
            .unwrap()
            .expect("a new site is indexed beside its import");
        let now = Utc::now();
        let due = now + Duration::seconds(1);
        let later = article("Esok pagi", now + Duration::days(1));
        let mut batch = vec![
            article("Sudah terbit", now - Duration::hours(1)),
            article("Terbit sebentar lagi", due),
            later,
        ];
        let mut draft = article("Naskah", now - Duration::hours(1));
        draft.status = Some(Status::Draft);
        batch.push(draft);
        let ids: Vec<ArticleId> = (store.save_articles(&batch, now).await.unwrap().iter())
            .map(|saved| saved.id.unwrap())
            .collect();
        indexing.saved(&store, &ids).await.unwrap();
        while Utc::now().timestamp() <= due.timestamp() {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(indexing.finish(&store).await.unwrap(), 2);
        let mut held = SearchIndex::ids_in(&search).unwrap().unwrap();
        held.sort_unstable();
        assert_eq!(
            held,
            vec![ids[0].0, ids[1].0],
            "not tomorrow's, not the draft"
        );
        store.close().await;
    }
}
