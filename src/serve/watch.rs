//! Live reload: polls the data file and swaps in a new data set when it changes. A file that
//! does not load (half-written, broken JSON) is logged and the last good data stays served.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::state::State;
use crate::dataset::Dataset;

/// What identifies one version of a file: its modification time and length and, on Unix,
/// which file it is (device and inode) and when its inode last changed. The last two see
/// an edit that keeps the length and sets the modification time back, as `cp -p`,
/// `rsync -t` or `touch -r` do: a file renamed into place is another inode, and writing or
/// setting times changes the inode's change time, which no one can set back.
type Stamp = Option<(SystemTime, u64, (u64, u64, i64, i64))>;

fn stamp(path: &std::path::Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let identity = {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec())
    };
    #[cfg(not(unix))]
    let identity = (0, 0, 0, 0);
    Some((meta.modified().ok()?, meta.len(), identity))
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
