//! The selection cache: per data set, which records each test that scans values (a
//! pattern, a number, a search) selected, so that a repeated query costs a lookup rather
//! than a scan.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What a cached selection is remembered by: the field number ([`ANY_FIELD`] for a
/// search), and the test with its operand (e.g. `regex\0C++`).
pub(super) type CacheKey = (usize, String);

/// The field number of tests that look at every field.
pub(super) const ANY_FIELD: usize = usize::MAX;

/// Remembers, per data set, which records each scanning test selects, so that a repeated
/// query costs a lookup rather than a scan. Bounded; cleared when full.
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
