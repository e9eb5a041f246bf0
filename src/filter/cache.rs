//! The selection cache: per data set, which records each regex or substring condition
//! selected, so that a repeated query costs a lookup rather than a scan.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::query::MatchMode;

/// What a cached selection is remembered by: field number, match mode, value.
pub(super) type CacheKey = (usize, MatchMode, String);

/// a repeated query costs a lookup rather than a scan. Bounded; cleared when full.
#[derive(Debug, Default)]
pub struct SelectionCache {
    inner: Mutex<CacheInner>,
}

#[derive(Debug, Default)]
struct CacheInner {
    map: HashMap<CacheKey, Arc<[u32]>>,
    /// Record numbers held, over all entries.
    held: usize,
}

impl SelectionCache {
    /// The most entries kept.
    const MAX_ENTRIES: usize = 4096;
    /// The most record numbers kept over all entries (64 MiB).
    const MAX_HELD: usize = 16 << 20;

    pub(super) fn get(&self, key: &CacheKey) -> Option<Arc<[u32]>> {
        self.inner.lock().ok()?.map.get(key).cloned()
    }

    pub(super) fn insert(&self, key: CacheKey, records: Vec<u32>) -> Arc<[u32]> {
        let records: Arc<[u32]> = records.into();
        if let Ok(mut inner) = self.inner.lock() {
            if inner.map.len() >= Self::MAX_ENTRIES || inner.held + records.len() > Self::MAX_HELD {
                inner.map.clear();
                inner.held = 0;
            }
            if records.len() <= Self::MAX_HELD {
                inner.held += records.len();
                inner.map.insert(key, Arc::clone(&records));
            }
        }
        records
    }
}
