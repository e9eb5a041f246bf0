//! The few helpers that talk to the terminal: messages for people on stderr, and the log
//! output's level and colours. The bottom of the house: it names no other module.

use std::io::{IsTerminal, Write};

/// Prints a message for people on stderr. Unlike `eprintln!`, it does not panic when
/// stderr is closed: a message nobody can read is dropped.
pub fn say(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
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
    fn colour_only_on_a_terminal_without_no_color() {
        use std::ffi::OsStr;
        assert!(use_colour(true, None));
        assert!(use_colour(true, Some(OsStr::new(""))));
        assert!(!use_colour(true, Some(OsStr::new("1"))));
        assert!(!use_colour(false, None));
    }
}
