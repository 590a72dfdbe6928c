//! How the derived data stands against the database, as the jobs last
//! found it, for the people who run the servers (`/readyz`, `/metrics`)
//! and for search to say it is being rebuilt.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// What the jobs last found; read without locks.
#[derive(Debug, Default)]
pub struct Health {
    /// Live articles the search index did not hold at the last count
    /// (negative: articles it holds that are no longer live).
    search_behind: AtomicI64,
    /// Search index writes failed in a row (0 when the last one worked).
    search_failures: AtomicU64,
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
}
