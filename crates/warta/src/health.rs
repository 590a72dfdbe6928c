//! How the derived data stands against the database, as the jobs last
//! found it, for the people who run the servers (`/readyz`, `/metrics`)
//! and for search to say it is being rebuilt.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};

/// What the jobs last found; read without locks.
#[derive(Debug, Default)]
pub struct Health {
    /// Live articles the search index did not hold at the last count
    /// (negative: articles it holds that are no longer live).
    search_behind: AtomicI64,
    /// Search index writes failed in a row (0 when the last one worked).
    search_failures: AtomicU64,
    /// The node was told to stop: it serves on while load balancers learn
    /// from `/readyz` to send elsewhere.
    draining: AtomicBool,
    /// What the integrity check at start found wrong in the database, if
    /// anything.
    database_damage: Mutex<Option<String>>,
}

impl Health {
    /// Records the last count: live articles against those indexed.
    pub fn search_counted(&self, live: u64, held: u64) {
        self.search_behind
            .store(live as i64 - held as i64, Ordering::Relaxed);
    }

    /// Records a search index write that failed, and returns how many
    /// failed in a row.
    pub fn search_failed(&self) -> u64 {
        self.search_failures.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Records a search index write that worked.
    pub fn search_written(&self) {
        self.search_failures.store(0, Ordering::Relaxed);
    }

    /// Live articles the index did not hold at the last count.
    pub fn search_behind(&self) -> i64 {
        self.search_behind.load(Ordering::Relaxed)
    }

    /// Search index writes failed in a row.
    pub fn search_failures(&self) -> u64 {
        self.search_failures.load(Ordering::Relaxed)
    }

    /// Marks the node as going away.
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::Relaxed);
    }

    /// Whether the node is going away.
    pub fn draining(&self) -> bool {
        self.draining.load(Ordering::Relaxed)
    }

    /// Records what the integrity check at start found.
    pub fn database_damaged(&self, finding: String) {
        *self
            .database_damage
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(finding);
    }

    /// What the integrity check at start found wrong, if anything.
    pub fn database_damage(&self) -> Option<String> {
        self.database_damage
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}
