//! The command line: clap definitions only. `config.rs` checks the values and turns them
//! into run configurations.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
pub use clap_complete::Shell;

mod data;
mod man;

pub use data::DataArgs;
use man::MAN_PAGES;
pub use man::write_man;

const EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    runtime failure (bad data file, server unreachable, HTTP error, unwritable output)
  2    usage error (unknown option, bad value)
  130  interrupted (Ctrl-C)
  143  terminated (SIGTERM)";

/// Serve a jobs.json over HTTP and collect posting counts into an Excel workbook.
#[derive(Debug, Parser)]
#[command(name = "jobsctl", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the jobs API (a drop-in for the lab's Flask server) over a jobs.json.
    #[command(after_help = SERVE_HELP)]
    Serve(ServeArgs),
    /// Count postings per location and per skill, print them, and write job-postings.xlsx.
    #[command(after_help = COLLECT_HELP)]
    Collect(CollectArgs),
    /// Print a shell completion script on stdout (e.g. `jobsctl completions bash`).
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Print a manual page (roff) on stdout: `jobsctl man | man -l -`, or
    /// `jobsctl man serve` for the page of one command, jobsctl-serve(1).
    Man(ManArgs),
}

/// Options of `jobsctl man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (serve, collect, completions); none for jobsctl(1).
    #[arg(value_parser = MAN_PAGES.map(|(command, _)| command))]
    pub command: Option<String>,
}

const COMPLETIONS_HELP: &str = "\
Install:
  bash        jobsctl completions bash > ~/.local/share/bash-completion/completions/jobsctl
  zsh         jobsctl completions zsh > ~/.zfunc/_jobsctl   (with fpath+=~/.zfunc before compinit)
  fish        jobsctl completions fish > ~/.config/fish/completions/jobsctl.fish
  powershell  jobsctl completions powershell >> $PROFILE
  elvish      jobsctl completions elvish >> ~/.config/elvish/rc.elv";

/// Options of `jobsctl completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

const SERVE_HELP: &str = "\
Routes:
  GET /data?<Field>=<value>&...   matching records as a JSON array
  GET /data/count?<same query>    {\"count\": N}
  GET /data/all                   every record
  GET /data/facets?_field=<Field>&<filters>   value counts among matching records
  GET /                           the explorer: a page that shows the postings
  GET /api                        the API's help page (every route and option)
  GET /health, /fields, /openapi.json   liveness, the fields, the OpenAPI 3.1 document
Every parameter named after a field is a filter (all must match); _match=regex|token|substring
chooses how values match (default regex, the lab's semantics). Field:op=value filters with
eq, ne, in, nin, contains, regex, lt, lte, gt, gte, covers (e.g. 'Job Experience
Required:covers=3'); a pay or experience field reads as a range (pay per year: '105K–160K a
year', '$22k+/year'), and @role names a role's field ('@salary:gte=100000'); _where takes a
JSON and/or/not query; _search=words finds words in any field, best matches first. /data also takes _limit, _offset (or _page, _per_page), _fields, _sort=A,-B and
_format=json|ndjson|csv|xlsx; /data/facets takes _field more than once.

Logging: one line per request on stderr; RUST_LOG (e.g. RUST_LOG=warn) sets the level.

Limits: query string 8 KiB (414); 64 filters per query; _where 8 KiB, 32 levels, 256 tests;
regex patterns of 8 KiB, compiled to at most 2 MiB (400); a query's evaluation stops after
--query-time-limit, 1 s (400); request headers
32 KiB in total (431, JSON); a client has 5 s to send its request head; costly queries run
one per CPU with 64 waiting, then 503 with Retry-After, and so do answers streamed beyond
--max-streams; no request bodies are read (only GET, HEAD and OPTIONS are served; others
get 405); a data file is at most --max-data-size.

Exit codes:
  0  stopped cleanly (Ctrl-C)
  1  runtime failure (bad data file, address in use)
  2  usage error";

const COLLECT_HELP: &str = "\
Examples:
  jobsctl collect                                  # bundled data, in-process server
  jobsctl collect --url http://127.0.0.1:5000      # a running server (jobsctl serve, or the lab's)
  jobsctl collect --match regex                    # the lab's (miscounted) numbers
  jobsctl collect --filter 'Job Experience Required:covers=3'   # open to 3 years
  jobsctl collect --data postings.csv --filter '@salary:gte=100000'  # paying 100k a year or more
  jobsctl collect --top 10 --top-locations 5 --where '{\"not\":{\"Location\":{\"eq\":\"Detroit\"}}}'
  jobsctl collect --format csv --no-workbook | sort -t, -k3 -n

Exit codes:
  0    success
  1    runtime failure (bad data file, server unreachable, HTTP error, unwritable output)
  2    usage error (unknown option, bad value, a --url that is not an http(s) URL, a
       --filter or --where that the data or server refuses)
  130  interrupted (Ctrl-C), 143 terminated (SIGTERM); either way the workbook at
       --output is left as it was and no temporary file remains";

/// Options of `jobsctl serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Where the data comes from.
    #[command(flatten)]
    pub data: DataArgs,
    /// The address to listen on; use 0.0.0.0 to accept other machines.
    #[arg(long, env = "JOBSCTL_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, env = "JOBSCTL_PORT", default_value_t = 5000)]
    pub port: u16,
    /// Once listening, write the port to FILE (one line, written atomically): with --port 0,
    /// scripts and tests learn which free port was picked.
    #[arg(long, value_name = "FILE")]
    pub port_file: Option<PathBuf>,
    /// Worker threads [default: the number of CPUs].
    #[arg(long, env = "JOBSCTL_WORKERS", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub workers: Option<u16>,
    /// Reload the data file when a complete new version is there: at once when one is
    /// renamed into place (write a temporary file, then mv it over), else once it has stayed
    /// unchanged for 2 s. A file that does not load is logged and the last good data stays
    /// served.
    #[arg(long, requires = "data")]
    pub watch: bool,
    /// With --watch, how long a file written in place must stay unchanged before it is
    /// reloaded, in milliseconds (a file renamed into place loads at once). Hidden: for tests
    /// and unusually slow writers; the default is 2,000.
    #[arg(
        long,
        env = "JOBSCTL_WATCH_SETTLE_MS",
        value_name = "MS",
        default_value_t = 2000,
        hide = true
    )]
    pub watch_settle_ms: u64,
    /// How long browsers, proxies and CDNs may reuse an answer, in seconds (Cache-Control:
    /// public, max-age=N); 0 sends no-cache. Answers carry an ETag either way.
    #[arg(
        long,
        env = "JOBSCTL_CACHE_MAX_AGE",
        value_name = "SECONDS",
        default_value_t = 60
    )]
    pub cache_max_age: u32,
    /// Disconnect a client that accepts no bytes for this many seconds, freeing what was
    /// buffered for it; 0 leaves it to the system.
    #[arg(
        long,
        env = "JOBSCTL_IDLE_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = 60
    )]
    pub idle_timeout: u64,
    /// Answers sent in pieces (lists of more than about 1 MiB) at once; one more is answered
    /// 503 with Retry-After. Each holds about 1 MiB while its client reads.
    #[arg(
        long,
        env = "JOBSCTL_MAX_STREAMS",
        value_name = "N",
        default_value_t = 256,
        value_parser = clap::value_parser!(u32).range(1..=65_536)
    )]
    pub max_streams: u32,
    /// The most cells (rows times columns) of a workbook answer (`_format=xlsx`); a larger
    /// one is a 400 that says to page or ask for CSV. A workbook is built whole, about
    /// 480 bytes a cell.
    #[arg(
        long,
        env = "JOBSCTL_MAX_WORKBOOK_CELLS",
        value_name = "N",
        default_value_t = 1_000_000,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub max_workbook_cells: u32,
    /// How long evaluating one query may take, e.g. 1s, 1.5s or 250ms (a unit is
    /// required); past it the work stops and the client gets a 400 that says to narrow the
    /// query. 0 sets no limit. Counted from when the work starts, so time spent waiting for
    /// the pool of costly queries is not.
    #[arg(
        long,
        env = "JOBSCTL_QUERY_TIME_LIMIT",
        value_name = "DURATION",
        default_value = "1s",
        value_parser = parse_time_limit
    )]
    // Spelled out so that clap takes the parser's `Option` as the value, not as "optional".
    pub query_time_limit: ::std::option::Option<Duration>,
    /// Do not send Access-Control-Allow-Origin (CORS) headers.
    #[arg(long)]
    pub no_cors: bool,
    /// Do not log requests (errors are still logged). RUST_LOG overrides.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Options of `jobsctl collect`.
#[derive(Debug, Clone, Args)]
pub struct CollectArgs {
    /// Base URL of a running jobs API, e.g. http://127.0.0.1:5000. Without it, collect
    /// starts a server in-process over --data.
    #[arg(long, env = "JOBSCTL_URL")]
    pub url: Option<String>,
    /// Where the data for the in-process server comes from.
    #[command(flatten)]
    pub data: DataArgs,
    /// Comma-separated locations [default: the lab's seven cities].
    #[arg(long, value_name = "LIST", conflicts_with_all = ["locations_file", "top_locations"])]
    pub locations: Option<String>,
    /// A file of locations, one per line; blank lines and lines starting with # are
    /// skipped. Use it for names that contain commas.
    #[arg(long, value_name = "FILE")]
    pub locations_file: Option<PathBuf>,
    /// Comma-separated skills [default: the lab's twelve technologies].
    #[arg(long, value_name = "LIST", conflicts_with_all = ["skills_file", "top"])]
    pub skills: Option<String>,
    /// A file of skills, one per line; blank lines and lines starting with # are skipped
    /// (C# inside a line is kept).
    #[arg(long, value_name = "FILE")]
    pub skills_file: Option<PathBuf>,
    /// Count the N most common skills (taken from facets, among the filtered records)
    /// instead of the lab's list.
    #[arg(long, value_name = "N", conflicts_with = "skills_file",
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub top: Option<u16>,
    /// Count the N most common locations instead of the lab's list.
    #[arg(long, value_name = "N", conflicts_with = "locations_file",
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub top_locations: Option<u16>,
    /// Restrict every count: a filter such as 'Job Experience Required:covers=3' or
    /// 'Location:in=Seattle,Austin' (see the operators in docs/API.md). Repeatable; all
    /// must hold.
    #[arg(long = "filter", value_name = "FIELD:OP=VALUE")]
    pub filters: Vec<String>,
    /// Restrict every count with a boolean query as JSON (the help shows an example).
    #[arg(
        long = "where",
        value_name = "JSON",
        help = "Restrict every count with a boolean query as JSON, e.g. \
                '{\"or\":[{\"@skills\":{\"eq\":\"Go\"}},{\"@skills\":{\"eq\":\"Rust\"}}]}' \
                (@skills is the field playing the skills role, on any data)"
    )]
    pub where_json: Option<String>,
    /// Also count every skill in every location: a third sheet, "skills by location".
    #[arg(long)]
    pub matrix: bool,
    /// How names match: token gives true counts; regex reproduces the lab's numbers.
    #[arg(long = "match", value_enum, default_value_t = MatchArg::Token)]
    pub match_mode: MatchArg,
    /// The workbook to write (atomically: a failed run leaves an existing file untouched).
    #[arg(long, short, default_value = "job-postings.xlsx", value_name = "FILE")]
    pub output: PathBuf,
    /// Do not write a workbook; only print the counts.
    #[arg(long, conflicts_with = "output")]
    pub no_workbook: bool,
    /// How to print the counts on stdout.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Draw a bar beside each count in the table (scaled to the largest): auto does when
    /// stdout is a terminal, so piped output stays plain.
    #[arg(long, value_enum, default_value_t = BarsArg::Auto, value_name = "WHEN")]
    pub bars: BarsArg,
    /// Per-request timeout, in seconds.
    #[arg(long, default_value = "30", value_parser = parse_seconds, value_name = "SECONDS")]
    pub timeout: Duration,
    /// Retries after a connection error or 5xx answer (with backoff); 4xx is never retried.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,
    /// Requests to run at once.
    #[arg(long, short, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
    /// Print only the results and errors: no progress bar, no "wrote" line.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `--match` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatchArg {
    /// Whole items, case-insensitive: `C` is the skill C, not C++ or every capital C.
    Token,
    /// The lab's semantics: a case-sensitive regular expression.
    Regex,
    /// A case-insensitive literal substring.
    Substring,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// An aligned table for people.
    Table,
    /// CSV rows kind,name,count (kind is location or skill), with a header.
    Csv,
    /// One JSON object with locations and skills.
    Json,
}

/// Writes the completion script for `shell` to `out`.
pub fn write_completions(shell: Shell, out: &mut dyn std::io::Write) {
    clap_complete::generate(shell, &mut Cli::command(), "jobsctl", out);
}

/// `--bars` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BarsArg {
    /// When stdout is a terminal.
    Auto,
    /// Always, even into a pipe or a file.
    Always,
    /// Never.
    Never,
}

/// A size in bytes: digits, optionally followed by K, M or G (powers of 1024).
pub(crate) fn parse_size(s: &str) -> Result<u64, String> {
    let text = s.trim();
    let (digits, shift) = match text.char_indices().last() {
        Some((at, 'K' | 'k')) => (&text[..at], 10),
        Some((at, 'M' | 'm')) => (&text[..at], 20),
        Some((at, 'G' | 'g')) => (&text[..at], 30),
        _ => (text, 0),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{s:?} is not a size; write bytes, or e.g. 500M or 2G"))
}

/// A query time limit: a number with a unit, `ms` or `s` (`250ms`, `1s`, `1.5s`), at most
/// an hour; `0` for no limit.
fn parse_time_limit(s: &str) -> Result<Option<Duration>, String> {
    let text = s.trim();
    if text == "0" {
        return Ok(None);
    }
    let wrong = || {
        format!(
            "{s:?} is not a time limit; write a number with a unit, e.g. 1s, 1.5s or 250ms \
             (at most 3600s), or 0 for no limit"
        )
    };
    let (number, unit_secs) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, 0.001)
    } else if let Some(secs) = text.strip_suffix('s') {
        (secs, 1.0)
    } else {
        return Err(wrong());
    };
    let secs = number.trim().parse::<f64>().map_err(|_| wrong())? * unit_secs;
    if !(0.0..=3600.0).contains(&secs) {
        return Err(wrong());
    }
    Ok((secs > 0.0).then(|| Duration::from_secs_f64(secs)))
}

fn parse_seconds(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !(secs > 0.0 && secs <= 86_400.0) {
        return Err("give a number of seconds above 0 and at most 86400".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_limits_take_a_unit_and_zero_is_no_limit() {
        let ms = Duration::from_millis;
        let cases: [(&str, Option<Duration>); 6] = [
            ("1s", Some(ms(1000))),
            ("1.5s", Some(ms(1500))),
            ("250ms", Some(ms(250))),
            (" 2 s", Some(ms(2000))),
            ("0", None),
            ("0ms", None),
        ];
        for (given, expected) in cases {
            assert_eq!(parse_time_limit(given), Ok(expected), "{given}");
        }
        for bad in ["1", "1000", "-1s", "1h", "s", "3601s", "NaNs", ""] {
            let message = parse_time_limit(bad).unwrap_err();
            assert!(
                message.contains("e.g. 1s, 1.5s or 250ms"),
                "{bad}: {message}"
            );
        }
    }

    #[test]
    fn the_query_time_limit_defaults_to_a_second() {
        let parse = |args: &[&str]| match Cli::try_parse_from(args).map(|cli| cli.command) {
            Ok(Command::Serve(args)) => Ok(args.query_time_limit),
            Ok(_) => Err("not serve".to_owned()),
            Err(e) => Err(e.to_string()),
        };
        assert_eq!(
            parse(&["jobsctl", "serve"]),
            Ok(Some(Duration::from_secs(1)))
        );
        assert_eq!(
            parse(&["jobsctl", "serve", "--query-time-limit", "0"]),
            Ok(None)
        );
        let refused = parse(&["jobsctl", "serve", "--query-time-limit", "5"]).unwrap_err();
        assert!(refused.contains("write a number with a unit"), "{refused}");
    }
}
