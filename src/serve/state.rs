//! What the server shares between requests: the current snapshot of the data, swapped
//! atomically when `--watch` reloads the file.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::pool::Pool;
use super::precompressed::Precompressed;
use super::xlsx::DEFAULT_MAX_CELLS;
use crate::dataset::Dataset;
use crate::filter::{DEFAULT_QUERY_TIME_LIMIT, SelectionCache};

/// A data set being served, with what was learned from answering queries on it.
#[derive(Debug)]
pub struct Snapshot {
    /// The records.
    pub dataset: Dataset,
    /// Selections of regex and substring conditions asked before.
    pub cache: SelectionCache,
    /// `/data/all` in each format and coding, compressed once when first asked for.
    pub precompressed: Precompressed,
}

impl Snapshot {
    fn new(dataset: Dataset) -> Arc<Snapshot> {
        Arc::new(Snapshot {
            dataset,
            cache: SelectionCache::default(),
            precompressed: Precompressed::default(),
        })
    }
}

/// How long clients and caches may reuse an answer when no one says otherwise (seconds).
pub const DEFAULT_CACHE_MAX_AGE: u32 = 60;

/// The server's shared state: the snapshot requests see now, and how long answers may be
/// reused.
#[derive(Debug)]
pub struct State {
    current: RwLock<Arc<Snapshot>>,
    cache_max_age: u32,
    pool: Pool,
    max_workbook_cells: usize,
    query_time_limit: Option<Duration>,
    after_tag: Option<AfterTag>,
}

/// What runs between a data answer's tag and its handler: nothing, but in tests.
#[derive(Clone)]
struct AfterTag(Arc<dyn Fn(&State) + Send + Sync>);

impl std::fmt::Debug for AfterTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AfterTag(..)")
    }
}

impl State {
    /// State serving `dataset`.
    pub fn new(dataset: Dataset) -> State {
        State {
            current: RwLock::new(Snapshot::new(dataset)),
            cache_max_age: DEFAULT_CACHE_MAX_AGE,
            pool: Pool::for_this_machine(),
            max_workbook_cells: DEFAULT_MAX_CELLS,
            after_tag: None,
            query_time_limit: Some(DEFAULT_QUERY_TIME_LIMIT),
        }
    }

    /// The same state, telling clients they may reuse answers for `seconds` (0: ask every
    /// time).
    pub fn with_cache_max_age(mut self, seconds: u32) -> State {
        self.cache_max_age = seconds;
        self
    }

    /// The same state, with `pool` for heavy work.
    pub fn with_pool(mut self, pool: Pool) -> State {
        self.pool = pool;
        self
    }

    /// The same state, building workbooks of at most `cells` cells.
    pub fn with_max_workbook_cells(mut self, cells: usize) -> State {
        self.max_workbook_cells = cells;
        self
    }

    /// The same state, evaluating a query for at most `limit` before stopping it with a
    /// 400 (`None`: no limit).
    pub fn with_query_time_limit(mut self, limit: Option<Duration>) -> State {
        self.query_time_limit = limit;
        self
    }

    /// How long a query's evaluation may take (`None`: no limit).
    pub fn query_time_limit(&self) -> Option<Duration> {
        self.query_time_limit
    }

    /// The same state, running `hook` each time a data answer's `ETag` has been worked out,
    /// before its handler runs: a test's way to reload the data at the worst moment. Not
    /// for production use.
    #[doc(hidden)]
    pub fn with_hook_after_tag(mut self, hook: impl Fn(&State) + Send + Sync + 'static) -> State {
        self.after_tag = Some(AfterTag(Arc::new(hook)));
        self
    }

    /// Runs the hook of [`Self::with_hook_after_tag`], if any.
    pub(super) fn tagged(&self) {
        if let Some(AfterTag(hook)) = &self.after_tag {
            hook(self);
        }
    }

    /// The most cells a workbook is built with.
    pub fn max_workbook_cells(&self) -> usize {
        self.max_workbook_cells
    }

    /// Where heavy work runs.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// How long clients and caches may reuse an answer, in seconds.
    pub fn cache_max_age(&self) -> u32 {
        self.cache_max_age
    }

    /// Replaces the data set; requests already running finish on the old one.
    pub fn replace(&self, dataset: Dataset) {
        let next = Snapshot::new(dataset);
        match self.current.write() {
            Ok(mut guard) => *guard = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
    }

    /// Builds the current data's word index (for `_search`) on a thread of its own, so that
    /// no search waits for it once it is done: what `serve` does after it starts and after
    /// each reload. A search that comes sooner builds it or waits for it (in the pool).
    pub fn index_words_in_background(&self) {
        let snapshot = self.current();
        let built = std::thread::Builder::new()
            .name("jobsctl-words".into())
            .spawn(move || {
                let started = std::time::Instant::now();
                let fields = snapshot.dataset.words().len();
                tracing::info!(
                    "indexed the words of {fields} fields for _search in {:.2} s",
                    started.elapsed().as_secs_f64()
                );
            });
        if let Err(error) = built {
            tracing::warn!("the word index will be built on the first search: {error}");
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
