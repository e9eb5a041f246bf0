//! The `jobsctl` binary: parses the command line, runs it, prints any error once.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    match jobsctl::run(jobsctl::cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            jobsctl::term::say(format_args!("jobsctl: error: {e}"));
            ExitCode::from(e.exit_code())
        }
    }
}
