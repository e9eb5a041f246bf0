//! Reading a data set from where it lives: a file on disk in JSON, NDJSON or CSV (its
//! format told by its extension or its content, and checked before it is read in full, so
//! that garbage fails fast) or the synthetic jobs.json bundled into the binary.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::Dataset;
use super::error::LoadError;
use super::formats::{Format, probe_lines};
use super::options::ReadOptions;

/// How much of a file is checked before the rest is read, so that garbage fails fast.
const PROBE_BYTES: usize = 1 << 20;

/// The synthetic jobs.json bundled into the binary (made by `examples/generate_jobs.rs`).
const EMBEDDED_JSON: &[u8] = include_bytes!("../../jobs.json");

/// The largest data file loaded unless `--max-data-size` says otherwise: 2 GiB.
pub const DEFAULT_MAX_DATA_BYTES: u64 = 2 << 30;

/// How a data set is loaded: the size limit, and how its file is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// The largest file read, in bytes.
    pub max_bytes: u64,
    /// What the user said of its fields and format.
    pub read: ReadOptions,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            max_bytes: DEFAULT_MAX_DATA_BYTES,
            read: ReadOptions::default(),
        }
    }
}

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

    /// Loads the data set; a file over `options.max_bytes` is refused, and a `--list`,
    /// `--no-list` or `--role` that names no field of it too.
    pub fn load(&self, options: &LoadOptions) -> Result<Dataset, LoadError> {
        match self {
            DataSource::Embedded => {
                let bundled = Path::new("(bundled jobs.json)");
                Dataset::parse_with(EMBEDDED_JSON, Format::Json, &options.read)
                    .map_err(|e| e.at(bundled))
                    .and_then(|d| d.check_hints(bundled, &options.read))
            }
            DataSource::File(path) => Dataset::load(path, options),
        }
    }

    /// The size of the data file in bytes, when the source is a file that can be looked at.
    pub fn file_size(&self) -> Option<u64> {
        match self {
            DataSource::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            DataSource::Embedded => None,
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
    /// Loads a data file: a JSON array of records or an object holding one, NDJSON or CSV (see
    /// [`Format::detect`]).
    /// Only a regular file of at most `max_bytes` is read: a FIFO or a device would block
    /// or never end, and a file over the limit would take the machine's memory.
    pub fn load(path: &Path, options: &LoadOptions) -> Result<Dataset, LoadError> {
        let max_bytes = options.max_bytes;
        let io = |source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        };
        // Opened before it is looked at, and without waiting for a writer, so that what is
        // checked is what is read: a FIFO renamed into place between a look and an open
        // would otherwise block the open (and the `--watch` thread) for good.
        let mut file = open_without_blocking(path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        if meta.is_dir() {
            return Err(LoadError::IsDirectory {
                path: path.to_path_buf(),
            });
        }
        if !meta.is_file() {
            return Err(LoadError::NotAFile {
                path: path.to_path_buf(),
                kind: kind_of(&meta.file_type()),
            });
        }
        let too_large = |size| LoadError::TooLarge {
            path: path.to_path_buf(),
            size,
            max: max_bytes,
        };
        if meta.len() > max_bytes {
            return Err(too_large(meta.len()));
        }
        // Check the start of the file before reading it all, so that a large file of garbage
        // is refused without being read into memory.
        let mut bytes = Vec::new();
        (&mut file)
            .take(PROBE_BYTES as u64)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        let format = match Format::detect(Some(path), &bytes) {
            Ok(format) => format,
            Err(message) => {
                return Err(LoadError::Invalid {
                    path: path.to_path_buf(),
                    message,
                });
            }
        };
        if bytes.len() == PROBE_BYTES {
            if let Err(message) = probe_lines(&bytes, format, &options.read) {
                return Err(LoadError::Invalid {
                    path: path.to_path_buf(),
                    message: in_format(format, message),
                });
            }
            // Room for the rest at once, once the start looks like data (without it, the
            // buffer grows as it is read).
            let size = usize::try_from(meta.len().min(max_bytes)).unwrap_or(0);
            let _ = bytes.try_reserve_exact(size.saturating_add(1).saturating_sub(bytes.len()));
            // A file that grew since it was looked at is read only up to the limit.
            let room = max_bytes
                .saturating_sub(bytes.len() as u64)
                .saturating_add(1);
            file.take(room).read_to_end(&mut bytes).map_err(io)?;
            if bytes.len() as u64 > max_bytes {
                return Err(too_large(bytes.len() as u64));
            }
        }
        let builder =
            super::formats::read(&bytes, format, &options.read).map_err(|e| match e.at(path) {
                LoadError::Invalid { path, message } => LoadError::Invalid {
                    path,
                    message: in_format(format, message),
                },
                other => other,
            })?;
        // The file's bytes are not needed to index the columns: free them first, so the
        // peak is the file or the index, not both.
        drop(bytes);
        builder
            .finish(&options.read)
            .check_hints(path, &options.read)
    }

    /// The data set, unless `--list`, `--no-list` or `--role` named a field it lacks.
    fn check_hints(self, path: &Path, read: &ReadOptions) -> Result<Dataset, LoadError> {
        let names: Vec<&str> = self.fields().iter().map(|f| f.name.as_str()).collect();
        let unknown = read.unknown_fields(&names);
        let Some((option, first)) = unknown.first() else {
            return Ok(self);
        };
        let mut listed: Vec<String> = names.iter().take(30).map(|n| format!("{n:?}")).collect();
        if names.len() > 30 {
            listed.push(format!("and {} more", names.len() - 30));
        }
        Err(LoadError::NoSuchField {
            path: path.to_path_buf(),
            message: format!(
                "{option} names the field {first:?}, which the data does not have; its fields \
                 are {}",
                listed.join(", ")
            ),
        })
    }
}

/// Opens `path` for reading without waiting: a FIFO with no writer opens at once (and is
/// then refused as not a regular file) instead of blocking. Reading a regular file is the
/// same either way.
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// What a path that is not a regular file or a directory is.
fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "FIFO";
        }
        if file_type.is_socket() {
            return "socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "device";
        }
    }
    let _ = file_type;
    "special file"
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

    fn limit(max_bytes: u64) -> LoadOptions {
        LoadOptions {
            max_bytes,
            ..LoadOptions::default()
        }
    }

    #[test]
    fn files_that_are_not_data_are_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = |path: &Path| {
            Dataset::load(path, &LoadOptions::default())
                .err()
                .map(|e| e.to_string())
        };
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
        let d = Dataset::load(&csv, &LoadOptions::default()).unwrap();
        // A column of numbers is given as numbers.
        assert_eq!(d.record_json(1), br#"{"Id":2}"#);
        let ndjson = write("jobs", b"{\"Id\":1}\n{\"Id\":2}\n");
        assert_eq!(
            Dataset::load(&ndjson, &LoadOptions::default())
                .unwrap()
                .len(),
            2
        );
        let bad = write("bad.ndjson", b"{\"Id\":1}\n{\"Id\":}\n");
        let err = Dataset::load(&bad, &LoadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("bad.ndjson: read as NDJSON: line 2, column 7"),
            "{err}"
        );
        // A large file with a bad line early is refused from its first megabyte.
        let mut big = b"{\"Id\":1}\nnot json\n".to_vec();
        big.resize(PROBE_BYTES + 10, b'\n');
        let err = Dataset::load(&write("big.ndjson", &big), &LoadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("read as NDJSON: line 2, column 2"), "{err}");
    }

    #[test]
    fn only_regular_files_under_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.json");
        std::fs::write(&small, r#"[{"Id": 1}]"#).unwrap();
        let message = Dataset::load(&small, &limit(5)).unwrap_err().to_string();
        assert!(
            message.contains("11 bytes, more than the limit of 5"),
            "{message}"
        );
        assert!(message.contains("--max-data-size"), "{message}");
        assert_eq!(Dataset::load(&small, &limit(11)).unwrap().len(), 1);
        // A FIFO would block the open until a writer came: it is refused at once.
        let fifo = dir.path().join("jobs.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let started = std::time::Instant::now();
            let message = Dataset::load(&fifo, &LoadOptions::default())
                .unwrap_err()
                .to_string();
            assert!(
                message.contains("it is a FIFO, not a regular file"),
                "{message}"
            );
            assert!(started.elapsed() < std::time::Duration::from_secs(1));
        }
    }

    #[test]
    fn the_bundled_data_loads() {
        let d = DataSource::Embedded.load(&LoadOptions::default()).unwrap();
        assert!(d.len() > 20_000);
        assert_eq!(DataSource::from_option(None), DataSource::Embedded);
    }
}
