//! Reading a data set from where it lives: a file on disk in JSON, NDJSON or CSV (its
//! format told by its extension or its content, and checked before it is read in full, so
//! that garbage fails fast) or the synthetic jobs.json bundled into the binary.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::Dataset;
use super::error::LoadError;
use super::formats::{Format, probe_lines};

/// How much of a file is checked before the rest is read, so that garbage fails fast.
const PROBE_BYTES: usize = 1 << 20;

/// The synthetic jobs.json bundled into the binary (made by `examples/generate_jobs.rs`).
const EMBEDDED_JSON: &[u8] = include_bytes!("../../jobs.json");

/// Where a data set comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The synthetic jobs.json bundled into the binary.
    Embedded,
    /// A data file on disk: JSON, NDJSON or CSV.
    File(PathBuf),
}

impl DataSource {
    /// The file at `path`, or the bundled data when there is none.
    pub fn from_option(path: Option<PathBuf>) -> DataSource {
        path.map_or(DataSource::Embedded, DataSource::File)
    }

    /// Loads the data set.
    pub fn load(&self) -> Result<Dataset, LoadError> {
        match self {
            DataSource::Embedded => Dataset::from_json(EMBEDDED_JSON)
                .map_err(|e| e.at(Path::new("(bundled jobs.json)"))),
            DataSource::File(path) => Dataset::load(path),
        }
    }

    /// How the source is named in messages and document properties.
    pub fn describe(&self) -> String {
        match self {
            DataSource::Embedded => "bundled synthetic jobs.json".to_owned(),
            DataSource::File(path) => path.display().to_string(),
        }
    }
}

impl Dataset {
    /// Loads a data file: a JSON array of flat objects, NDJSON or CSV (see [`Format::detect`]).
    pub fn load(path: &Path) -> Result<Dataset, LoadError> {
        let io = |source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        };
        if path.is_dir() {
            return Err(LoadError::IsDirectory {
                path: path.to_path_buf(),
            });
        }
        let mut file = std::fs::File::open(path).map_err(io)?;
        // Check the start of the file before reading it all, so that a large file of garbage
        // is refused without being read into memory.
        let mut bytes = Vec::new();
        (&mut file)
            .take(PROBE_BYTES as u64)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        let format = Format::detect(Some(path), &bytes);
        if bytes.len() == PROBE_BYTES {
            if let Err(message) = probe_lines(&bytes, format) {
                return Err(LoadError::Invalid {
                    path: path.to_path_buf(),
                    message: in_format(format, message),
                });
            }
            file.read_to_end(&mut bytes).map_err(io)?;
        }
        Self::parse(&bytes, format).map_err(|e| match e.at(path) {
            LoadError::Invalid { path, message } => LoadError::Invalid {
                path,
                message: in_format(format, message),
            },
            other => other,
        })
    }
}

/// A message about a file read as NDJSON or CSV says so (JSON's messages say "JSON").
fn in_format(format: Format, message: String) -> String {
    match format {
        Format::Json => message,
        Format::Ndjson | Format::Csv => format!("read as {}: {message}", format.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_that_are_not_data_are_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = |path: &Path| Dataset::load(path).err().map(|e| e.to_string());
        let missing = dir.path().join("missing.json");
        assert!(err(&missing).unwrap().contains("missing.json"));
        assert!(err(dir.path()).unwrap().contains("it is a directory"));
        let empty = dir.path().join("empty.json");
        std::fs::write(&empty, "").unwrap();
        assert!(err(&empty).unwrap().contains("is empty"));
        // A large file of garbage is refused from its first megabyte.
        let garbage = dir.path().join("garbage.json");
        std::fs::write(&garbage, vec![b'x'; PROBE_BYTES + 10]).unwrap();
        assert!(err(&garbage).unwrap().contains("invalid JSON"));
    }

    #[test]
    fn csv_and_ndjson_files_load_and_their_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        let csv = write("jobs.csv", b"Id,Location\n1,Austin\n2,\n");
        let d = Dataset::load(&csv).unwrap();
        assert_eq!(d.record_json(1), br#"{"Id":"2"}"#);
        let ndjson = write("jobs", b"{\"Id\":1}\n{\"Id\":2}\n");
        assert_eq!(Dataset::load(&ndjson).unwrap().len(), 2);
        let bad = write("bad.ndjson", b"{\"Id\":1}\n{\"Id\":}\n");
        let err = Dataset::load(&bad).unwrap_err().to_string();
        assert!(
            err.contains("bad.ndjson: read as NDJSON: line 2, column 7"),
            "{err}"
        );
        // A large file with a bad line early is refused from its first megabyte.
        let mut big = b"{\"Id\":1}\nnot json\n".to_vec();
        big.resize(PROBE_BYTES + 10, b'\n');
        let err = Dataset::load(&write("big.ndjson", &big))
            .unwrap_err()
            .to_string();
        assert!(err.contains("read as NDJSON: line 2, column 2"), "{err}");
    }

    #[test]
    fn the_bundled_data_loads() {
        let d = DataSource::Embedded.load().unwrap();
        assert!(d.len() > 20_000);
        assert_eq!(DataSource::from_option(None), DataSource::Embedded);
    }
}
