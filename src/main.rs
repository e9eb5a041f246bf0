//! The `jobsctl` binary: parses the command line, runs it, prints any error once.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = jobsctl::cli::Cli::parse();
    match jobsctl::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            jobsctl::say(format_args!("jobsctl: error: {e}"));
            ExitCode::from(e.exit_code())
        }
    }
}
