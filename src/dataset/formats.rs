//! The file formats a data set is read from, all fed to the same column builder so that
//! they follow the same rules: a JSON array of flat records (`parse`), NDJSON (one record
//! a line) and CSV (a header row of field names, then one record a row).
//!
//! NDJSON: every non-blank line must hold one flat JSON object; blank lines are ignored, and
//! a bad line fails the load naming its line and column, never skipped. CSV: values are
//! strings (the operators that compare numbers read them from the text, as they do for
//! JSON strings); an empty cell means the record has no value for that field, as a JSON
//! record without the key (so it matches no filter, is counted by no facet and is left out
//! of the record's JSON); every row must have as many cells as the header.

use std::borrow::Cow;
use std::path::Path;

use serde::de::DeserializeSeed;

use super::Dataset;
use super::builder::{Builder, scalar};
use super::error::ParseError;
use super::options::ReadOptions;
use super::parse::{RecordSeed, describe};
use super::value::JsonType;

/// A data file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A JSON array of flat objects.
    Json,
    /// One flat JSON object per line.
    Ndjson,
    /// A header row of field names, then one record per row.
    Csv,
}

impl Format {
    /// The format of a file at `path` starting with `start`. `.ndjson` and `.jsonl` are
    /// NDJSON, `.csv` and `.tsv` are CSV; otherwise the content decides: `[` starts a JSON array, `{`
    /// an NDJSON file when its first line is a whole object and another follows (so NDJSON
    /// saved as `.json` is read as NDJSON), else one JSON object that holds the records. A
    /// file that is none of these is CSV only when a column separator is found in its first
    /// lines: a README is not a one-column CSV.
    pub fn detect(path: Option<&Path>, start: &[u8]) -> Result<Format, String> {
        let extension = path
            .and_then(Path::extension)
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("csv" | "tsv") => return Ok(Format::Csv),
            Some("ndjson" | "jsonl") => return Ok(Format::Ndjson),
            _ => {}
        }
        let text = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
        let first = text.iter().position(|b| !b.is_ascii_whitespace());
        match first.map(|at| (at, text[at])) {
            None => Ok(Format::Json),
            Some((_, b'[')) => Ok(Format::Json),
            Some((at, b'{')) => Ok(if is_ndjson(&text[at..]) {
                Format::Ndjson
            } else {
                Format::Json
            }),
            Some(_) if extension.as_deref() == Some("json") => Ok(Format::Json),
            Some(_) if sniff_delimiter(text).is_some() => Ok(Format::Csv),
            Some(_) => Err(
                "the file is none of JSON (it would start with [ or {), NDJSON (one {...} \
                 record a line) or CSV (no column separator , ; tab or | is found in its first \
                 lines); give a data file, or name a CSV file .csv"
                    .to_owned(),
            ),
        }
    }

    /// How the format is named in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Ndjson => "NDJSON",
            Format::Csv => "CSV",
        }
    }
}

/// Whether text starting with `{` is NDJSON: its first line is one whole object, and either
/// another line follows or that object holds no array of records.
fn is_ndjson(text: &[u8]) -> bool {
    let end = memchr::memchr(b'\n', text).unwrap_or(text.len());
    let fixed = super::nonfinite::to_null(&text[..end]);
    let line = fixed.as_deref().unwrap_or(&text[..end]);
    let Ok(serde_json::Value::Object(object)) = serde_json::from_slice(line) else {
        return false;
    };
    let more = text[end..].iter().any(|b| !b.is_ascii_whitespace());
    more || !object.values().any(|v| {
        v.as_array()
            .is_some_and(|a| a.is_empty() || a.first().is_some_and(serde_json::Value::is_object))
    })
}

/// The column separator of CSV text: the one of `,` `;` tab `|` that appears, outside
/// quotes, the same number of times (at least once) on each of the first lines, the most
/// often when several do.
pub(super) fn sniff_delimiter(text: &[u8]) -> Option<u8> {
    const LINES: usize = 20;
    let candidates = [b',', b';', b'\t', b'|'];
    let mut counts: Vec<[usize; 4]> = Vec::new();
    let mut line = [0usize; 4];
    let mut quoted = false;
    let mut complete = false;
    for &b in text {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                counts.push(line);
                line = [0; 4];
                if counts.len() == LINES {
                    complete = true;
                    break;
                }
            }
            _ if !quoted => {
                if let Some(k) = candidates.iter().position(|&c| c == b) {
                    line[k] += 1;
                }
            }
            _ => {}
        }
    }
    // A last line without its newline counts when the text ends there.
    if !complete && !quoted && line.iter().any(|&n| n > 0) {
        counts.push(line);
    }
    let header = *counts.first()?;
    (0..candidates.len())
        .filter(|&k| header[k] > 0 && counts.iter().all(|c| c[k] == header[k]))
        .max_by_key(|&k| (header[k], std::cmp::Reverse(k)))
        .map(|k| candidates[k])
}

impl Dataset {
    /// Parses a data set from `bytes` in `format`.
    pub fn parse(bytes: &[u8], format: Format) -> Result<Dataset, ParseError> {
        Dataset::parse_with(bytes, format, &ReadOptions::default())
    }

    /// Parses a data set from `bytes` in `format`, as `options` say.
    pub fn parse_with(
        bytes: &[u8],
        format: Format,
        options: &ReadOptions,
    ) -> Result<Dataset, ParseError> {
        Ok(read(bytes, format, options)?.finish(options))
    }
}

/// Reads `bytes` in `format` into a builder, which no longer needs them: a caller that owns
/// the bytes frees them before the columns are indexed.
pub(super) fn read(
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> Result<Builder, ParseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let read = |bytes: &[u8]| -> Result<Builder, ParseError> {
        let mut builder = Builder::default();
        match format {
            Format::Json => return super::parse::read_json(bytes),
            Format::Ndjson => ndjson(bytes, &mut builder),
            Format::Csv => csv(bytes, &mut builder, options.csv_delimiter, false),
        }
        .map_err(ParseError::Invalid)?;
        Ok(builder)
    };
    // Bare `NaN` and `Infinity` are looked for only once the JSON fails, so valid files
    // cost nothing more; then they are read as null and the file is read again.
    retry_without_non_finite(format, bytes, read)
}

/// `read(bytes)`, and when that fails on JSON or NDJSON holding bare `NaN` or `Infinity`,
/// `read` again with those written as `null`.
fn retry_without_non_finite<T, E>(
    format: Format,
    bytes: &[u8],
    read: impl Fn(&[u8]) -> Result<T, E>,
) -> Result<T, E> {
    match read(bytes) {
        Err(e) if format != Format::Csv => match super::nonfinite::to_null(bytes) {
            Some(fixed) => read(&fixed),
            None => Err(e),
        },
        done => done,
    }
}

/// Checks that the complete lines of a file's first bytes are valid in `format`.
pub(super) fn probe_lines(
    prefix: &[u8],
    format: Format,
    options: &ReadOptions,
) -> Result<(), String> {
    let prefix = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let end = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |at| at + 1);
    let probe = |bytes: &[u8]| {
        let mut sink = Builder::default();
        match format {
            Format::Json => super::parse::probe(bytes),
            Format::Ndjson => ndjson(bytes, &mut sink),
            Format::Csv => csv(bytes, &mut sink, options.csv_delimiter, true),
        }
    };
    let lines = if format == Format::Json {
        prefix
    } else {
        &prefix[..end]
    };
    retry_without_non_finite(format, lines, probe)
}

/// Feeds every non-blank line of `bytes`, a JSON object each, to `builder`.
fn ndjson(bytes: &[u8], builder: &mut Builder) -> Result<(), String> {
    for (number, line) in (1usize..).zip(bytes.split(|&b| b == b'\n')) {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let mut de = serde_json::Deserializer::from_slice(line);
        RecordSeed {
            builder: &mut *builder,
        }
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| {
            let message = describe(&e);
            let position = format!(" at line {} column {}", e.line(), e.column());
            let message = message.strip_suffix(&position).unwrap_or(&message);
            format!("line {number}, column {}: {message}", e.column())
        })?;
    }
    Ok(())
}

/// Feeds a header row and the rows below it to `builder`, each cell a string (a column of
/// numbers is made one at the end), its columns separated by `delimiter` or, with none, by
/// the separator its first lines use.
fn csv(
    bytes: &[u8],
    builder: &mut Builder,
    delimiter: Option<u8>,
    probe: bool,
) -> Result<(), String> {
    builder.from_text = true;
    let delimiter = delimiter.or_else(|| sniff_delimiter(bytes)).unwrap_or(b',');
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(delimiter)
        .from_reader(bytes);
    let csv_error = |e: &::csv::Error| csv_error(e, delimiter);
    let header = reader.headers().map_err(|e| csv_error(&e))?.clone();
    for (column, name) in (1usize..).zip(header.iter()) {
        if name.trim().is_empty() {
            return Err(format!(
                "line 1, column {column}: the header row names no field; every column needs a \
                 field name"
            ));
        }
        if let Some(first) = header.iter().position(|other| other == name)
            && first + 1 < column
        {
            return Err(format!(
                "line 1, column {column}: the header row names {name:?} twice (columns {} and \
                 {column}); field names must differ",
                first + 1
            ));
        }
    }
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            // The last row of a probe may be cut short; the full read checks it.
            Err(_) if probe => break,
            Err(e) => return Err(csv_error(&e)),
        };
        builder.begin_record();
        for (name, cell) in header.iter().zip(row.iter()) {
            if cell.is_empty() {
                continue;
            }
            let field = builder.field_for(name)?;
            builder.push_value(field, scalar(JsonType::String, Cow::Borrowed(cell), None));
        }
        builder.end_record()?;
    }
    Ok(())
}

/// A CSV error as one line, with the line (and field) where it was found.
fn csv_error(e: &::csv::Error, delimiter: u8) -> String {
    let shown = match delimiter {
        b'\t' => "tab".to_owned(),
        other => format!("{:?}", char::from(other)),
    };
    match e.kind() {
        ::csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => format!(
            "line {}: {len} cells where the header has {expected_len} (columns separated by \
             {shown}); quote values that hold the separator and give every row as many cells \
             as the header, or name the separator with --csv-delimiter",
            pos.as_ref().map_or(0, ::csv::Position::line)
        ),
        ::csv::ErrorKind::Utf8 { pos, err } => format!(
            "line {}, column {}: invalid UTF-8; save the file as UTF-8",
            pos.as_ref().map_or(0, ::csv::Position::line),
            err.field() + 1
        ),
        _ => format!("invalid CSV: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, format: Format) -> Result<Dataset, String> {
        Dataset::parse(text.as_bytes(), format).map_err(|e| e.to_string())
    }

    const JSON: &str = r#"[{"Id":1,"Key Skills":"C++| Java","Location":"Seattle"},
        {"Id":2,"Location":"Zürich, CH","Role":"QA – tester\u00a0Ã¢â‚¬â„¢"}]"#;
    const NDJSON: &str = "{\"Id\":1,\"Key Skills\":\"C++| Java\",\"Location\":\"Seattle\"}\n\n\
        {\"Id\":2,\"Location\":\"Zürich, CH\",\"Role\":\"QA – tester\u{a0}Ã¢â‚¬â„¢\"}\n";
    const CSV: &str = "Id,Key Skills,Location,Role\n1,C++| Java,Seattle,\n\
        2,,\"Zürich, CH\",QA – tester\u{a0}Ã¢â‚¬â„¢\n";

    #[test]
    fn the_three_formats_give_the_same_records() {
        let json = parse(JSON, Format::Json).unwrap();
        for (text, format) in [(NDJSON, Format::Ndjson), (CSV, Format::Csv)] {
            let other = parse(text, format).unwrap();
            assert_eq!(other.all_json(), json.all_json(), "{format:?}");
            assert_eq!(other.len(), 2);
            let skills = other.field("Key Skills").unwrap();
            assert_eq!(skills.posting("java"), [0], "{format:?}");
        }
    }

    #[test]
    fn formats_are_told_by_extension_or_content() {
        let detect = |path: &str, start: &str| {
            Format::detect(Some(Path::new(path)), start.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(detect("a.csv", "[1]"), Format::Csv);
        assert_eq!(detect("a.NDJSON", "x"), Format::Ndjson);
        assert_eq!(detect("a.jsonl", "x"), Format::Ndjson);
        assert_eq!(detect("a.json", " \n["), Format::Json);
        // NDJSON saved as .json, and a one-line record, are NDJSON.
        assert_eq!(detect("a.json", "{\"a\":1}\n{\"a\":2}\n"), Format::Ndjson);
        assert_eq!(detect("a.json", "{\"a\":NaN}\n"), Format::Ndjson);
        assert_eq!(detect("a.txt", "{\"a\":1}\n"), Format::Ndjson);
        // An object that holds the records, on one line or many.
        assert_eq!(detect("a.json", "{\"results\":[{\"a\":1}]}"), Format::Json);
        assert_eq!(detect("a.json", "{\n  \"jobs\": [\n"), Format::Json);
        assert_eq!(detect("a.json", "garbage"), Format::Json);
        assert_eq!(detect("data", "\u{feff}Id,Location\n"), Format::Csv);
        assert_eq!(detect("data", "\u{feff}["), Format::Json);
        assert_eq!(Format::detect(None, b"").unwrap(), Format::Json);
        // Prose is no CSV.
        let readme = "# jobsctl\n\nA fast, self-contained binary.\nIt serves job data.\n";
        let err = Format::detect(Some(Path::new("README.md")), readme.as_bytes()).unwrap_err();
        assert!(err.contains("none of JSON"), "{err}");
    }

    #[test]
    fn bad_lines_and_rows_are_named() {
        let cases = [
            (
                "{\"a\":1}\n{\"a\":2,}\n",
                Format::Ndjson,
                "line 2, column 8",
            ),
            (
                "{\"a\":1}\n[1]\n",
                Format::Ndjson,
                "record 1 to be a JSON object",
            ),
            (
                "{\"a\":1} {\"a\":2}\n",
                Format::Ndjson,
                "line 1, column 9: invalid JSON: trailing characters",
            ),
            (
                "{\"a\":1}\n{\"a\":{\"b\":1},\"a.b\":2}\n",
                Format::Ndjson,
                "line 2, column 18: record 1: the key \"a.b\" and the keys \"a\" → \"b\"",
            ),
            (
                "{\"a\":1,\"a\":2}\n",
                Format::Ndjson,
                "key \"a\" more than once",
            ),
            ("{\"a\":1\n", Format::Ndjson, "line 1, column"),
            (
                "a,b\n1,2\n3\n",
                Format::Csv,
                "line 3: 1 cells where the header has 2",
            ),
            (
                "a,b,a\n1,2,3\n",
                Format::Csv,
                "names \"a\" twice (columns 1 and 3)",
            ),
            (
                "a,,c\n1,2,3\n",
                Format::Csv,
                "line 1, column 2: the header row names no field",
            ),
            ("  \n", Format::Csv, "empty"),
        ];
        for (text, format, expected) in cases {
            let err = parse(text, format).err().unwrap_or_default();
            assert!(
                err.contains(expected),
                "{text:?}: {err:?} lacks {expected:?}"
            );
        }
        let bad_utf8 = Dataset::parse(b"a,b\n1,\xff\n", Format::Csv).unwrap_err();
        assert!(
            bad_utf8
                .to_string()
                .contains("line 2, column 2: invalid UTF-8"),
            "{bad_utf8}"
        );
    }

    #[test]
    fn a_probe_checks_complete_lines_only() {
        assert!(
            probe_lines(
                b"{\"a\":1}\n{\"a\":",
                Format::Ndjson,
                &ReadOptions::default()
            )
            .is_ok()
        );
        assert!(
            probe_lines(
                b"{\"a\":1}\nxx\n{\"a\":",
                Format::Ndjson,
                &ReadOptions::default()
            )
            .is_err()
        );
        assert!(probe_lines(b"a,b\n1,2\n3,\"4", Format::Csv, &ReadOptions::default()).is_ok());
        assert!(probe_lines(b"a,b\n1,2\n3\n4,", Format::Csv, &ReadOptions::default()).is_ok());
    }
}
