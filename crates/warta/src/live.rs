//! Live blogs as readers follow them: an entry's HTML (the same on the
//! page and in the stream), and the hub that hands each new entry to every
//! reader with the page open.
//!
//! The hub keeps one broadcast channel per article that has readers
//! connected, and the number of the last entry it sent. When entries may
//! have been added (here, by the newsroom; on another node, told by the
//! change serial) it reads those after that number from the store, renders
//! each once and sends it to all. A reader that connects says which entry
//! its page ended with and gets what came since from the store first, so
//! a page served from the cache a minute ago misses nothing.

use crate::body::render::{EmbedLabels, Rendering, for_readers};
use crate::config::Config;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;
use warta_core::{ArticleId, escape_html};
use warta_store::{LiveEntry, Store, StoreError};

/// Entries a slow reader may fall behind by before it is sent the page
/// again (its stream ends, the script reloads the entries from the start).
const CHANNEL_CAPACITY: usize = 64;

/// One entry, rendered for readers.
#[derive(Clone, Debug)]
pub struct RenderedEntry {
    /// Its number.
    pub id: i64,
    /// Its HTML (an `<article>`).
    pub html: String,
    /// Whether it holds an embed (the page then needs the embed script).
    pub embeds: bool,
}

/// An entry's HTML as the page and the stream show it: its time (in the
/// portal's zone), "Penting" when pinned, who wrote it, and the body with
/// pictures and embeds made the reader's.
pub fn entry_html(config: &Config, entry: &LiveEntry) -> RenderedEntry {
    let tz = &config.time_zone;
    let labels = &config.labels;
    let rendering = Rendering::default();
    let embed_labels = EmbedLabels {
        play: labels.get("embed_play"),
        open: labels.get("embed_open"),
        note: labels.get("embed_note"),
    };
    let stored = warta_core::Body::from_sanitised_html(entry.body_html.clone());
    let body: String = stored
        .blocks()
        .into_iter()
        .map(|block| for_readers(block, &Default::default(), embed_labels, &rendering))
        .collect();
    let pinned = if entry.pinned {
        format!(
            " <strong class=\"live-pinned\">{}</strong>",
            escape_html(labels.get("live_pinned"))
        )
    } else {
        String::new()
    };
    let author = entry
        .author
        .as_deref()
        .map(|name| format!(" <span class=\"live-author\">{}</span>", escape_html(name)))
        .unwrap_or_default();
    let html = format!(
        "<article class=\"live-entry{}\" id=\"entri-{id}\" data-entry=\"{id}\">\
         <p class=\"live-meta\"><time datetime=\"{}\">{} {}</time>{pinned}{author}</p>\
         <div class=\"live-body\">{body}</div></article>",
        if entry.pinned { " pinned" } else { "" },
        entry.created_at.to_rfc3339(),
        tz.local(entry.created_at).format("%H.%M"),
        tz.abbreviation(entry.created_at),
        id = entry.id,
    );
    RenderedEntry {
        id: entry.id,
        html,
        embeds: rendering.has_embeds(),
    }
}

/// Entries read again behind the last one sent. On PostgreSQL an entry's
/// number is taken when it is added but seen when its transaction
/// commits: two editors adding at the same moment can commit in the
/// other order, and the lower number shows after the higher one was sent.
const REREAD: i64 = 32;

struct Channel {
    sender: broadcast::Sender<Arc<RenderedEntry>>,
    /// The highest entry number sent on it.
    last: i64,
    /// The numbers sent within [`REREAD`] of `last` (those stored when
    /// the channel began among them).
    sent: std::collections::BTreeSet<i64>,
}

/// Live readers of this node, by article.
#[derive(Default)]
pub struct LiveHub {
    channels: Mutex<HashMap<ArticleId, Channel>>,
    /// Streams open now.
    open: AtomicUsize,
    /// Shutting down: no new streams, and open ones end.
    closed: AtomicBool,
}

/// An open stream, counted while it lives.
pub struct Subscription {
    /// New entries of the article.
    pub entries: broadcast::Receiver<Arc<RenderedEntry>>,
    hub: Arc<LiveHub>,
}

impl Subscription {
    /// Whether its node is shutting down.
    pub fn node_stopping(&self) -> bool {
        self.hub.is_closed()
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.open.fetch_sub(1, Ordering::Relaxed);
    }
}

impl LiveHub {
    /// Whether the node is shutting down (streams end so that browsers
    /// reconnect to another node).
    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// Streams open now.
    pub fn open_streams(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    /// A reader's stream of an article's new entries, unless `limit`
    /// streams are open already or the node is shutting down. Entries
    /// added before this call are the caller's to read from the store.
    pub async fn subscribe(
        self: &Arc<Self>,
        store: &Store,
        article: ArticleId,
        limit: usize,
    ) -> Result<Option<Subscription>, StoreError> {
        if self.closed.load(Ordering::SeqCst) || self.open.load(Ordering::Relaxed) >= limit {
            return Ok(None);
        }
        let existing = self
            .lock()
            .get(&article)
            .map(|channel| channel.sender.subscribe());
        let entries = match existing {
            Some(receiver) => receiver,
            None => {
                // The channel starts after the newest entry now stored.
                let last = store.last_live_entry(article).await?;
                // What is stored now counts as sent: readers read it from
                // the store themselves. One committed late, behind these,
                // is not among them and goes out at the next catch-up.
                let stored: std::collections::BTreeSet<i64> = store
                    .live_entries(article, last - REREAD)
                    .await?
                    .iter()
                    .map(|e| e.id)
                    .collect();
                let mut channels = self.lock();
                // Closed while the store was read: no channel may outlive
                // the clearing `close` did.
                if self.closed.load(Ordering::SeqCst) {
                    return Ok(None);
                }
                let channel = channels.entry(article).or_insert_with(|| Channel {
                    sender: broadcast::channel(CHANNEL_CAPACITY).0,
                    last,
                    sent: stored,
                });
                channel.sender.subscribe()
            }
        };
        self.open.fetch_add(1, Ordering::Relaxed);
        Ok(Some(Subscription {
            entries,
            hub: self.clone(),
        }))
    }

    /// Sends every reader of `article` the entries added since the last
    /// sent (and any that committed late behind it); forgets articles
    /// nobody follows any more, and ends the streams of a live blog that
    /// was closed or an article taken down.
    pub async fn catch_up(
        &self,
        store: &Store,
        config: &Config,
        article: ArticleId,
    ) -> Result<(), StoreError> {
        let last = {
            let mut channels = self.lock();
            match channels.get(&article) {
                Some(channel) if channel.sender.receiver_count() == 0 => {
                    channels.remove(&article);
                    return Ok(());
                }
                Some(channel) => channel.last,
                None => return Ok(()),
            }
        };
        let new = store.live_entries(article, last - REREAD).await?;
        let running = store.live_blog(article).await?.is_some_and(|b| b.running());
        let live = running
            && match store.article(article).await {
                Ok(found) => found.is_live(chrono::Utc::now()),
                Err(StoreError::NotFound(_)) => false,
                Err(other) => return Err(other),
            };
        let mut channels = self.lock();
        if let Some(channel) = channels.get_mut(&article) {
            for entry in &new {
                if entry.id <= channel.last - REREAD || channel.sent.contains(&entry.id) {
                    continue;
                }
                channel.last = channel.last.max(entry.id);
                channel.sent.insert(entry.id);
                // No receiver left is no error: the next catch-up forgets
                // the channel.
                let _ = channel.sender.send(Arc::new(entry_html(config, entry)));
            }
            let floor = channel.last - REREAD;
            channel.sent.retain(|id| *id > floor);
        }
        if !live {
            // Dropping the sender ends every stream; the browsers'
            // reconnections are answered "no content" and stop.
            channels.remove(&article);
        }
        Ok(())
    }

    /// [`LiveHub::catch_up`] for every article followed on this node: what
    /// the change serial moving calls for (an entry added on another node).
    pub async fn catch_up_all(&self, store: &Store, config: &Config) -> Result<(), StoreError> {
        let followed: Vec<ArticleId> = self.lock().keys().copied().collect();
        for article in followed {
            self.catch_up(store, config, article).await?;
        }
        Ok(())
    }

    /// Ends every open stream and refuses new ones: the node is stopping,
    /// and readers' browsers reconnect to another.
    pub fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ArticleId, Channel>> {
        self.channels.lock().unwrap_or_else(|e| e.into_inner())
    }
}
