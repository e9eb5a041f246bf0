//! What the server shares between requests: the current snapshot of the data, swapped
//! atomically when `--watch` reloads the file.

use std::sync::{Arc, RwLock};

use crate::dataset::Dataset;
use crate::filter::SelectionCache;

/// A data set being served, with what was learned from answering queries on it.
#[derive(Debug)]
pub struct Snapshot {
    /// The records.
    pub dataset: Dataset,
    /// Selections of regex and substring conditions asked before.
    pub cache: SelectionCache,
}

impl Snapshot {
    fn new(dataset: Dataset) -> Arc<Snapshot> {
        Arc::new(Snapshot {
            dataset,
            cache: SelectionCache::default(),
        })
    }
}

/// The server's shared state: the snapshot requests see now.
#[derive(Debug)]
pub struct State {
    current: RwLock<Arc<Snapshot>>,
}

impl State {
    /// State serving `dataset`.
    pub fn new(dataset: Dataset) -> State {
        State {
            current: RwLock::new(Snapshot::new(dataset)),
        }
    }

    /// Replaces the data set; requests already running finish on the old one.
    pub fn replace(&self, dataset: Dataset) {
        let next = Snapshot::new(dataset);
        match self.current.write() {
            Ok(mut guard) => *guard = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
    }

    /// The data requests see now; a request keeps the snapshot it started with.
    pub fn current(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }
}
