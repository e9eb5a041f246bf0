//! The top-level error: each layer's own error, wrapped, with the process exit code. It
//! names only the layers' error types, never their workings.

use crate::collect::CollectError;
use crate::config::ConfigError;
use crate::serve::ServeError;

/// Any failure of a command, printed once by the binary.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line asks for something that cannot be done.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// `jobsctl serve` failed.
    #[error(transparent)]
    Serve(#[from] ServeError),
    /// `jobsctl collect` failed.
    #[error(transparent)]
    Collect(#[from] CollectError),
    /// Standard output could not be written (completions, the manual page).
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
}

impl Error {
    /// The process exit code: 2 for a usage error, 1 for any other failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Config(e) => e.exit_code(),
            Error::Collect(e) => e.exit_code(),
            Error::Serve(ServeError::Load(e)) if e.is_usage() => 2,
            Error::Serve(_) | Error::Stdout(_) => 1,
        }
    }
}
