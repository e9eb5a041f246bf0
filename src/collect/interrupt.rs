//! Ctrl-C and SIGTERM during a collect run: remove the workbook's temporary file, if one is
//! being written, and exit with 128 + the signal's number: 130 for SIGINT (Ctrl-C), 143 for
//! SIGTERM. The file at the output path is never touched: it is only ever replaced by an
//! atomic rename of a complete workbook.
//!
//! On Unix, signal-hook delivers each signal, by number, to a thread of ours, where the
//! clean-up runs as ordinary code (not in a signal handler); elsewhere ctrlc handles Ctrl-C.

use std::sync::Once;

use crate::term::say;
use crate::workbook;

/// The exit status after Ctrl-C (128 + SIGINT).
pub const EXIT_INTERRUPTED: i32 = 130;
/// The exit status after SIGTERM (128 + SIGTERM).
pub const EXIT_TERMINATED: i32 = 143;

/// Installs the handler once per process. If it cannot be installed, interruption falls
/// back to the default: the process ends, and at worst a hidden temporary file is left
/// beside the output, never a damaged workbook.
pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(listen);
}

/// Cleans up after signal `what` and ends the process with `status`.
fn stop(what: &str, status: i32) -> ! {
    workbook::discard_pending();
    say(format_args!("jobsctl: {what}; no workbook was written"));
    std::process::exit(status);
}

#[cfg(unix)]
fn listen() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    // Should the thread not start, the run goes on; a signal then no longer stops it early.
    let _ = std::thread::Builder::new()
        .name("jobsctl-signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                match signal {
                    SIGTERM => stop("terminated", EXIT_TERMINATED),
                    _ => stop("interrupted", EXIT_INTERRUPTED),
                }
            }
        });
}

#[cfg(not(unix))]
fn listen() {
    let _ = ctrlc::set_handler(|| stop("interrupted", EXIT_INTERRUPTED));
}
