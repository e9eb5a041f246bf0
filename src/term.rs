//! The few helpers that talk to the terminal: messages for people on stderr, and the log
//! output's level and colours. The bottom of the house: it names no other module.

use std::io::{IsTerminal, Write};

/// Prints a message for people on stderr. Unlike `eprintln!`, it does not panic when
/// stderr is closed: a message nobody can read is dropped.
pub fn say(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

/// The smallest data file whose loading shows progress on a terminal: below it, a load
/// takes well under a second.
pub const LARGE_DATA_BYTES: u64 = 16 << 20;

/// Whether loading a data file of `bytes` shows progress: a large file, on a terminal,
/// when the run is not quiet. Piped or redirected stderr stays silent.
pub fn shows_load_progress(bytes: Option<u64>, terminal: bool, quiet: bool) -> bool {
    terminal && !quiet && bytes.is_some_and(|b| b >= LARGE_DATA_BYTES)
}

/// A spinner on stderr while a data file loads ("loading jobs-1m.json (395 MB) 2s"),
/// cleared when dropped; nothing unless [`shows_load_progress`].
#[derive(Debug)]
pub struct Loading(Option<indicatif::ProgressBar>);

impl Loading {
    /// Starts the spinner for loading `what`, a file of `bytes`, unless `quiet`, stderr
    /// is not a terminal, or the file is small.
    pub fn start(what: &str, bytes: Option<u64>, quiet: bool) -> Loading {
        if !shows_load_progress(bytes, std::io::stderr().is_terminal(), quiet) {
            return Loading(None);
        }
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
            bar.set_style(style);
        }
        let megabytes = bytes.unwrap_or(0) as f64 / 1e6;
        bar.set_message(format!("loading {what} ({megabytes:.0} MB)"));
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Loading(Some(bar))
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// How much a long-running command logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// One line per request, and warnings and errors.
    Normal,
    /// Warnings and errors only.
    Quiet,
}

/// Sends `tracing` output to stderr: info (or warn when quiet) unless `RUST_LOG` says
/// otherwise. actix's own start-up and shutdown chatter stays at warnings unless `RUST_LOG`
/// asks for it. Colours only when stderr is a terminal and `NO_COLOR` is unset or empty.
pub fn init_logging(verbosity: Verbosity) {
    let level = match verbosity {
        Verbosity::Normal => "info",
        Verbosity::Quiet => "warn",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("{level},actix_server=warn,actix_web=warn"))
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(use_colour(
            std::io::stderr().is_terminal(),
            std::env::var_os("NO_COLOR").as_deref(),
        ))
        .with_target(false)
        .try_init();
}

/// Whether to colour output: only on a terminal, and never when `NO_COLOR` is set to
/// anything but the empty string (<https://no-color.org>).
fn use_colour(terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_only_for_a_large_file_on_a_terminal() {
        let large = Some(LARGE_DATA_BYTES);
        assert!(shows_load_progress(large, true, false));
        assert!(!shows_load_progress(large, false, false), "piped");
        assert!(!shows_load_progress(large, true, true), "quiet");
        assert!(
            !shows_load_progress(Some(LARGE_DATA_BYTES - 1), true, false),
            "small"
        );
        assert!(!shows_load_progress(None, true, false), "bundled data");
    }

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        use std::ffi::OsStr;
        assert!(use_colour(true, None));
        assert!(use_colour(true, Some(OsStr::new(""))));
        assert!(!use_colour(true, Some(OsStr::new("1"))));
        assert!(!use_colour(false, None));
    }
}
