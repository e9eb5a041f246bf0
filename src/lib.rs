//! jobsctl: serve a jobs.json over HTTP (a drop-in for the jobs API lab) and collect
//! posting counts per location and skill into an Excel workbook.
//!
//! Data flows one way, and so do imports: `dataset` (load, validate, index) → `filter`
//! (the query contract, facets) → `serve` (HTTP) | `collect` (HTTP client, counts), and
//! both → `workbook` (xlsx), which knows neither. `cli` parses, `config` checks, `term`
//! talks to the terminal, and `error` wraps each layer's error. See docs/ARCHITECTURE.md.

pub mod cli;
pub mod collect;
pub mod config;
pub mod dataset;
pub mod error;
pub mod filter;
pub mod serve;
pub mod term;
pub mod workbook;

pub use error::Error;

use cli::{Cli, Command};

/// Runs a parsed command line: checks it, then hands it to its layer.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Serve(args) => serve::run(&args.try_into()?)?,
        Command::Collect(args) => {
            collect::run(&args.try_into()?)?;
        }
        Command::Completions(args) => {
            let mut out = Vec::new();
            cli::write_completions(args.shell, &mut out);
            print_out(&out)?;
        }
        Command::Man(args) => {
            let mut out = Vec::new();
            cli::write_man(args.command.as_deref(), &mut out).map_err(Error::Stdout)?;
            print_out(&out)?;
        }
    }
    Ok(())
}

/// Writes `bytes` to stdout; a reader that stops early (`| head`) is not an error.
fn print_out(bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => result.map_err(Error::Stdout),
    }
}
