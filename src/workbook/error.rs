//! Why a workbook could not be built or written. Each message says what failed, where, and
//! what to do.

use std::io;
use std::path::PathBuf;

/// Why the workbook could not be written. Each message says what failed, where, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// The output path is an existing directory.
    #[error(
        "cannot write workbook to {path}: it is a directory; give a file path such as {suggestion}"
    )]
    IsDirectory {
        /// The path given.
        path: PathBuf,
        /// A file path inside that directory.
        suggestion: PathBuf,
    },
    /// The output path ends in a path separator or is a root, so it names no file.
    #[error(
        "cannot write workbook to {path}: the path names a directory, not a file; give a file \
         path such as {suggestion}"
    )]
    NotAFile {
        /// The path given.
        path: PathBuf,
        /// A file path inside that directory.
        suggestion: PathBuf,
    },
    /// The directory that would hold the workbook does not exist (it is not created).
    #[error(
        "cannot write workbook to {path}: the directory {dir} does not exist; create it first or \
         give a path in an existing directory"
    )]
    MissingDirectory {
        /// The path given.
        path: PathBuf,
        /// Its parent directory.
        dir: PathBuf,
    },
    /// The output path does not end in `.xlsx`.
    #[error(
        "cannot write workbook to {path}: a workbook is an .xlsx file; give a name ending in \
         .xlsx such as {suggestion} (for CSV on stdout, use --format csv --no-workbook)"
    )]
    NotXlsx {
        /// The path given.
        path: PathBuf,
        /// The same name with `.xlsx`.
        suggestion: PathBuf,
    },
    /// The directory that would hold the workbook exists but takes no new file.
    #[error(
        "cannot write workbook to {path}: the directory {dir} exists, but {reason}; give a \
         path in a directory you can write to"
    )]
    UnwritableDirectory {
        /// The path given.
        path: PathBuf,
        /// Its parent directory.
        dir: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// Creating, writing, syncing or renaming the file failed.
    #[error(
        "cannot write workbook to {path}: {source}; check that the directory exists and is \
         writable"
    )]
    Io {
        /// The path given.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The spreadsheet library could not build or encode the workbook.
    #[error(
        "cannot write workbook to {path}: the spreadsheet library failed ({reason}); nothing was \
         written; please report this as a bug"
    )]
    Spreadsheet {
        /// The path given.
        path: PathBuf,
        /// What the library said.
        reason: String,
    },
    /// A sheet name that spreadsheet programs would refuse or repair.
    #[error(
        "cannot use {name:?} as a sheet name: {reason}; use 1 to 31 characters other than \
         [ ] : * ? / \\ '"
    )]
    SheetName {
        /// The name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A table has more rows than a sheet holds.
    #[error(
        "sheet {sheet:?} would have {rows} rows, header included; a sheet holds at most {max} \
         (Excel's limit): write fewer rows, or write CSV"
    )]
    TooManyRows {
        /// The table's name.
        sheet: String,
        /// Its rows, header included.
        rows: usize,
        /// The most a sheet holds.
        max: usize,
    },
    /// The spreadsheet library could not build or encode a workbook kept in memory.
    #[error(
        "cannot build the workbook: the spreadsheet library failed ({reason}); please report \
         this as a bug"
    )]
    Encode {
        /// What the library said.
        reason: String,
    },
}

/// The error for an I/O failure while writing `path`.
pub(super) fn io_error(path: &std::path::Path, source: io::Error) -> WorkbookError {
    WorkbookError::Io {
        path: path.to_path_buf(),
        source,
    }
}
