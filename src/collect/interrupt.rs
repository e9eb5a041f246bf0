//! Ctrl-C and SIGTERM during a collect run: remove the workbook's temporary file, if one is
//! being written, and exit with status 130. The file at the output path is never touched:
//! it is only ever replaced by an atomic rename of a complete workbook.

use std::path::PathBuf;
use std::sync::{Mutex, Once};

/// The temporary file being written now, if any.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The exit status after an interruption (128 + SIGINT).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Installs the handler once per process. If a handler cannot be installed (another one
/// is), interruption falls back to the default: the process ends, and at worst a hidden
/// temporary file is left beside the output, never a damaged workbook.
pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if let Ok(pending) = PENDING.lock()
                && let Some(path) = pending.as_ref()
            {
                let _ = std::fs::remove_file(path);
            }
            crate::say(format_args!(
                "jobsctl: interrupted; no workbook was written"
            ));
            std::process::exit(EXIT_INTERRUPTED);
        });
    });
}

/// Marks `path` as a temporary file to remove if the run is interrupted, until the guard
/// is dropped.
pub fn pending(path: PathBuf) -> PendingGuard {
    if let Ok(mut pending) = PENDING.lock() {
        *pending = Some(path);
    }
    PendingGuard(())
}

/// Clears the pending temporary file when dropped.
#[derive(Debug)]
pub struct PendingGuard(());

impl Drop for PendingGuard {
    fn drop(&mut self) {
        if let Ok(mut pending) = PENDING.lock() {
            *pending = None;
        }
    }
}
