//! Generates synthetic job data: the lab's `jobs.json` (the default) or one of the real-world
//! shapes jobsctl must load (`--shape`), since real third-party data may not be committed.
//!
//! The output is a pure function of the flags and `--seed`:
//!
//!     cargo run --release --example generate_jobs -- --records 27005 --seed 42 > jobs.json
//!     cargo run --release --example generate_jobs -- --records 1000000 --seed 7 > big.json
//!     cargo run --release --example generate_jobs -- --format ndjson > jobs.ndjson   # or csv
//!     cargo run --release --example generate_jobs -- --shape api-json --records 500 > api.json
//!     cargo run --release --example generate_jobs -- --records 100000 --descriptions > long.json
//!
//! docs/TEST-DATA.md lists the shapes and the quirks each one holds.

mod families;
mod lab;
mod output;
mod rng;
mod shapes;
mod value;
mod words;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use shapes::Shape;
use words::Words;

/// What the command line asked for.
pub struct Options {
    /// How many records.
    pub records: usize,
    /// The random seed.
    pub seed: u64,
    /// The format asked for, or `None` for the shape's own.
    pub format: Option<Format>,
    /// Which real-world shape the records take.
    pub shape: Shape,
    /// Whether each record gets a long `description`.
    pub descriptions: bool,
}

/// How the records are written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    /// A JSON array, one record a line.
    Json,
    /// One JSON object a line, nothing around them.
    Ndjson,
    /// A header row of field names, then one row per record.
    Csv,
}

impl Format {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Csv => "csv",
        }
    }
}

const USAGE: &str = "usage: generate_jobs [--records N] [--seed S] [--shape NAME] [--format json|ndjson|csv]
                     [--descriptions] > jobs.json

Writes synthetic job postings to stdout.
  --records N      how many records (default 27005)
  --seed S         the random seed; the same flags and S give the same bytes (default 42)
  --shape NAME     which real-world data set the records imitate (default lab):
                     lab            the jobs lab's jobs.json (flat; `Key Skills` joined by |)
                     api-json       a job board API answer: {\"count\": N, \"results\": [...]},
                                    nested objects, arrays of objects, sparse keys
                     python-lists   a Kaggle CSV whose list cells are Python lists \"['SQL', 'R']\"
                     semicolon-csv  a Brazilian scrape: `;`, UTF-8 BOM, CRLF, Portuguese headers,
                                    quoted cells holding newlines and `;`
                     ndjson-nan     a MongoDB/pandas export: one object a line, bare NaN and
                                    Infinity, {\"$oid\": ...}, French field names
                     salary-survey  a salary survey CSV whose numbers must sort as numbers
                     cn-board       a Chinese job board CSV (职位名称, 城市, 薪资 7K-14K, 经验 1-3年)
                     pay-strings    flat JSON whose salary is written the many ways postings do,
                                    with min_salary/max_salary/pay_period, Spanish field names
                     no-roles       sensor readings: no field is a location, skills, title, ...
  --format FORMAT  json, ndjson or csv; each shape has its own default (json for lab), and
                   refuses a format it cannot be written in (nested shapes have no CSV).
                   In the lab's CSV, Id is text, as every CSV cell is
  --descriptions   give every record a `description` of 300-600 words (about 450) drawn from a
                   Zipf-like vocabulary; a shape with its own description field gets it there.
                   Every other value stays what it is without the flag";

/// Reads one flag's value as a whole number.
fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} {value:?}: not a whole number; give e.g. {flag} 1000"))
}

/// The options, or `None` after printing the help.
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        records: 27_005,
        seed: 42,
        format: None,
        shape: Shape::Lab,
        descriptions: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--records" => options.records = number("--records", &value("--records")?)?,
            "--seed" => options.seed = number("--seed", &value("--seed")?)?,
            "--format" => {
                options.format = Some(match value("--format")?.as_str() {
                    "json" => Format::Json,
                    "ndjson" => Format::Ndjson,
                    "csv" => Format::Csv,
                    other => {
                        return Err(format!(
                            "--format {other:?}: give json, ndjson or csv\n\n{USAGE}"
                        ));
                    }
                });
            }
            "--shape" => {
                let name = value("--shape")?;
                options.shape = Shape::parse(&name).ok_or_else(|| {
                    format!(
                        "--shape {name:?}: not a shape; give one of {}\n\n{USAGE}",
                        Shape::names()
                    )
                })?;
            }
            "--descriptions" => options.descriptions = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    Ok(Some(options))
}

/// Writes the records the options ask for.
fn generate(options: &Options, format: Format, out: &mut impl Write) -> io::Result<()> {
    let words = options.descriptions.then(Words::new);
    match options.shape {
        Shape::Lab => lab::generate(options, format, words.as_ref(), out),
        shape => output::generate(shape, options, format, words.as_ref(), out),
    }
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => return ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("generate_jobs: {message}");
            return ExitCode::from(2);
        }
    };
    let format = match options.shape.format(options.format) {
        Ok(format) => format,
        Err(message) => {
            eprintln!("generate_jobs: {message}");
            return ExitCode::from(2);
        }
    };
    let stdout = io::stdout().lock();
    let mut out = BufWriter::with_capacity(1 << 20, stdout);
    match generate(&options, format, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generate_jobs: cannot write the output: {e}; check the disk or the pipe");
            ExitCode::FAILURE
        }
    }
}
