//! Live reload: polls the data file and swaps in a new data set once a complete new version
//! is there. A file renamed into place (another inode) is complete and loads at once; a file
//! written in place loads only once it has stayed unchanged for a settle window, so that a
//! slow writer's first half is never served. A file that does not load (broken JSON) is
//! logged and the last good data stays served.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::state::State;
use crate::dataset::{Dataset, LoadOptions};

/// How `--watch` looks at the file.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// How often it looks.
    pub interval: Duration,
    /// How long a file written in place must stay unchanged before it is reloaded (2 s
    /// unless told otherwise): long enough for a writer that pauses between lines (a
    /// generator, a copy over a slow link) to finish.
    pub settle: Duration,
}

/// What identifies one version of a file: its modification time and length and, on Unix,
/// which file it is (device and inode) and when its inode last changed. The last two see
/// an edit that keeps the length and sets the modification time back, as `cp -p`,
/// `rsync -t` or `touch -r` do: a file renamed into place is another inode, and writing or
/// setting times changes the inode's change time, which no one can set back.
type Stamp = Option<(SystemTime, u64, Identity)>;

/// Device, inode, and the inode's change time (seconds, nanoseconds).
type Identity = (u64, u64, i64, i64);

fn stamp(path: &Path) -> Stamp {
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

/// Whether `now` is another file than `before` (renamed into place, or gone), rather than
/// the same file written in place.
fn another_file(before: &Stamp, now: &Stamp) -> bool {
    let file = |s: &Stamp| s.map(|(_, _, (dev, ino, _, _))| (dev, ino));
    file(before) != file(now) || now.is_none()
}

/// Starts a thread that reloads `path` into `state` whenever a complete new version of the
/// file is there (see the module's documentation), looking as `timing` says. It runs until
/// the process ends.
pub fn watch(
    state: Arc<State>,
    path: PathBuf,
    timing: Timing,
    options: LoadOptions,
) -> std::io::Result<()> {
    let mut last = stamp(&path);
    std::thread::Builder::new()
        .name("jobsctl-watch".into())
        .spawn(move || {
            // A version written in place, and since when it has been seen unchanged.
            let mut settling: Option<(Stamp, Instant)> = None;
            loop {
                std::thread::sleep(timing.interval);
                let now = stamp(&path);
                if now == last {
                    settling = None;
                    continue;
                }
                if another_file(&last, &now) {
                    // Renamed into place: whole already. Only make sure it is not being
                    // replaced again right now.
                    std::thread::sleep(timing.interval / 2);
                    if stamp(&path) != now {
                        continue;
                    }
                } else {
                    match settling {
                        Some((seen, since)) if seen == now => {
                            if since.elapsed() < timing.settle {
                                continue;
                            }
                        }
                        // Changed since the last look: a writer may still be at work.
                        _ => {
                            settling = Some((now, Instant::now()));
                            continue;
                        }
                    }
                }
                settling = None;
                last = now;
                reload(&state, &path, &options);
            }
        })
        .map(|_| ())
}

/// Loads `path` into `state`, or logs why not and keeps the data served.
fn reload(state: &State, path: &Path, options: &LoadOptions) {
    let before = state.current().dataset.len();
    match Dataset::load(path, options) {
        Ok(dataset) => {
            let records = dataset.len();
            state.replace(dataset);
            state.index_words_in_background();
            tracing::info!("reloaded {records} records from {}", path.display());
            if records < before / 2 {
                tracing::warn!(
                    "{} now holds {records} records, fewer than half of the {before} served \
                     before: if it was still being written, write the next version to a \
                     temporary file and rename it into place (mv) instead",
                    path.display()
                );
            }
        }
        Err(e) => tracing::error!(
            "reload failed, still serving the last good data ({before} records): {e}"
        ),
    }
}
