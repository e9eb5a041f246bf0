//! Live reload: polls the data file and swaps in a new data set when it changes. A file that
//! does not load (half-written, broken JSON) is logged and the last good data stays served.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::state::State;
use crate::dataset::Dataset;

/// What identifies one version of a file.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &std::path::Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Starts a thread that reloads `path` into `state` whenever the file changes, checking
/// every `interval`. It runs until the process ends.
pub fn watch(
    state: Arc<State>,
    path: PathBuf,
    interval: Duration,
    max_bytes: u64,
) -> std::io::Result<()> {
    let mut last = stamp(&path);
    std::thread::Builder::new()
        .name("jobsctl-watch".into())
        .spawn(move || {
            loop {
                std::thread::sleep(interval);
                let now = stamp(&path);
                if now == last {
                    continue;
                }
                // Let a writer finish: reload only once the file has stopped changing.
                std::thread::sleep(interval / 2);
                if stamp(&path) != now {
                    continue;
                }
                last = now;
                match Dataset::load(&path, max_bytes) {
                    Ok(dataset) => {
                        let records = dataset.len();
                        state.replace(dataset);
                        tracing::info!("reloaded {records} records from {}", path.display());
                    }
                    Err(e) => tracing::error!(
                        "reload failed, still serving the last good data ({} records): {e}",
                        state.current().dataset.len()
                    ),
                }
            }
        })
        .map(|_| ())
}
