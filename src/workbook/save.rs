//! Saving a workbook without ever losing one: written in full to a temporary file beside
//! the target, synced, and renamed into place. An interrupted run removes the temporary
//! file (see [`discard_pending`]); the file at the output path is only ever replaced whole.

use std::fs;
use std::io::{self, Write};
use std::path::{MAIN_SEPARATOR, Path, PathBuf};
use std::sync::Mutex;

use umya_spreadsheet::Workbook;

use super::error::{WorkbookError, io_error};
use super::styles::with_normal_style;

/// The file name suggested when the user gives a directory.
const SUGGESTED_NAME: &str = "job-postings.xlsx";

/// The temporary file being written now, if any.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Removes the temporary file being written now, if any: called when the run is
/// interrupted, just before the process exits.
pub fn discard_pending() {
    if let Ok(pending) = PENDING.lock()
        && let Some(path) = pending.as_ref()
    {
        let _ = fs::remove_file(path);
    }
}

/// Marks `path` as the temporary file to remove if the run is interrupted, until the guard
/// is dropped.
fn pending(path: PathBuf) -> PendingGuard {
    if let Ok(mut pending) = PENDING.lock() {
        *pending = Some(path);
    }
    PendingGuard(())
}

/// Clears the pending temporary file when dropped.
#[derive(Debug)]
struct PendingGuard(());

impl Drop for PendingGuard {
    fn drop(&mut self) {
        if let Ok(mut pending) = PENDING.lock() {
            *pending = None;
        }
    }
}

/// Writes `book` to `path`, replacing any file there.
///
/// The workbook is written in full to a hidden temporary file in the same directory, synced,
/// then renamed over `path`; on any error the temporary file is removed and an existing file at
/// `path` is left as it was. A directory as `path`, or a missing parent directory, is an error
/// (the directory is not created). A bare file name means the current directory. A symbolic
/// link to a file is followed (the file it points to is replaced, the link kept), and an
/// existing device or FIFO such as `/dev/null` is written to directly, as it cannot be replaced.
pub(super) fn save(book: &Workbook, path: &Path) -> Result<(), WorkbookError> {
    let dir = target_dir(path)?;
    let encode = |book: &Workbook, out: &mut dyn Write| {
        out.write_all(&encode(book)?)?;
        Ok(())
    };
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return write_in_place(book, path, encode),
        _ => {}
    }
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match fs::canonicalize(path) {
        Ok(real) if is_link => match real.parent() {
            Some(real_dir) => replace(book, path, &real, real_dir, encode),
            None => replace(book, path, path, dir, encode),
        },
        _ => replace(book, path, path, dir, encode),
    }
}

/// The complete xlsx file for `book`, with the `Normal` cell style umya leaves out.
pub(super) fn encode(book: &Workbook) -> Result<Vec<u8>, umya_spreadsheet::XlsxError> {
    super::unwind::inject::point("encode");
    let mut bytes = Vec::new();
    umya_spreadsheet::writer::xlsx::write_writer(book, &mut bytes)?;
    Ok(with_normal_style(&bytes)?)
}

/// Writes straight into an existing file that is not a regular one (a device, a FIFO).
fn write_in_place<F>(book: &Workbook, path: &Path, encode: F) -> Result<(), WorkbookError>
where
    F: FnOnce(&Workbook, &mut dyn Write) -> Result<(), umya_spreadsheet::XlsxError>,
{
    let file = fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|source| io_error(path, source))?;
    let mut out = io::BufWriter::new(file);
    encode(book, &mut out).map_err(|e| encode_error(path, e))?;
    out.flush().map_err(|source| io_error(path, source))
}

/// Encodes `book` with `encode` into a temporary file in `dir`, then renames it to `target`
/// (`path` itself, or the file a symbolic link at `path` points to). Errors name `path`.
fn replace<F>(
    book: &Workbook,
    path: &Path,
    target: &Path,
    dir: &Path,
    encode: F,
) -> Result<(), WorkbookError>
where
    F: FnOnce(&Workbook, &mut dyn Write) -> Result<(), umya_spreadsheet::XlsxError>,
{
    let io_error = |source: io::Error| io_error(path, without_path(source));
    // From here on, returning early drops `tmp`, which deletes the temporary file.
    let mut tmp = temporary_file(dir).map_err(io_error)?;
    // Ctrl-C from here until the rename removes the temporary file too.
    let _pending = pending(tmp.path().to_path_buf());
    {
        let mut out = io::BufWriter::new(tmp.as_file_mut());
        encode(book, &mut out).map_err(|e| encode_error(path, e))?;
        out.flush().map_err(io_error)?;
    }
    if let Ok(existing) = fs::metadata(target) {
        // Keep the replaced file's permissions. Best effort: the new content matters more.
        let _ = tmp.as_file().set_permissions(existing.permissions());
    }
    tmp.as_file().sync_all().map_err(io_error)?;
    tmp.persist(target).map_err(|e| io_error(e.error))?;
    Ok(())
}

fn encode_error(path: &Path, error: umya_spreadsheet::XlsxError) -> WorkbookError {
    match error {
        umya_spreadsheet::XlsxError::Io(source) => io_error(path, source),
        other => WorkbookError::Spreadsheet {
            path: path.to_path_buf(),
            reason: other.to_string(),
        },
    }
}

/// Checks, before any work is done, that `path` can name the workbook: an `.xlsx` file
/// (or an existing device such as `/dev/null`), not a directory, in a directory that exists
/// and takes new files (tried by creating and removing an empty temporary file there).
pub fn check_path(path: &Path) -> Result<(), WorkbookError> {
    let dir = target_dir(path)?;
    if fs::metadata(path).is_ok_and(|meta| !meta.is_file()) {
        // Written in place (see `save`): no file is created beside it.
        return Ok(());
    }
    let is_xlsx = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        return Err(WorkbookError::NotXlsx {
            path: path.to_path_buf(),
            suggestion: path.with_extension("xlsx"),
        });
    }
    temporary_file(dir)
        .map(drop)
        .map_err(|source| unwritable(path, dir, &source))
}

/// A new, empty temporary file in `dir`, named like the one [`replace`] writes.
fn temporary_file(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".job-postings-").suffix(".xlsx.tmp");
    #[cfg(unix)]
    {
        // Like `File::create`: 0o666 less the umask, not tempfile's private 0o600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir).map_err(without_path)
}

/// The error for a directory that exists but takes no new file, said in words that fit a
/// directory that is there (`/proc` answers "No such file or directory").
fn unwritable(path: &Path, dir: &Path, source: &io::Error) -> WorkbookError {
    let reason = match source.kind() {
        io::ErrorKind::PermissionDenied => "you may not create files in it".to_owned(),
        io::ErrorKind::ReadOnlyFilesystem => "it is on a read-only file system".to_owned(),
        io::ErrorKind::NotFound => "it takes no new files (a virtual file system?)".to_owned(),
        _ => format!("creating a file in it failed: {source}"),
    };
    WorkbookError::UnwritableDirectory {
        path: path.to_path_buf(),
        dir: dir.to_path_buf(),
        reason,
    }
}

/// `error` without the temporary file's name that `tempfile` adds to it ("… at path
/// \".job-postings-IXSmx1.xlsx.tmp\""): messages name only the user's path.
fn without_path(error: io::Error) -> io::Error {
    let os_error = error
        .get_ref()
        .and_then(std::error::Error::source)
        .and_then(|inner| inner.downcast_ref::<io::Error>())
        .and_then(io::Error::raw_os_error);
    match (os_error, error.get_ref()) {
        (Some(code), _) => io::Error::from_raw_os_error(code),
        (None, Some(_)) => io::Error::from(error.kind()),
        (None, None) => error,
    }
}

/// The directory the workbook at `path` goes in, which must exist.
pub(super) fn target_dir(path: &Path) -> Result<&Path, WorkbookError> {
    if path.is_dir() {
        return Err(WorkbookError::IsDirectory {
            path: path.to_path_buf(),
            suggestion: path.join(SUGGESTED_NAME),
        });
    }
    let ends_in_separator = path
        .as_os_str()
        .to_string_lossy()
        .ends_with(['/', MAIN_SEPARATOR]);
    if path.file_name().is_none() || ends_in_separator {
        return Err(WorkbookError::NotAFile {
            path: path.to_path_buf(),
            suggestion: path.join(SUGGESTED_NAME),
        });
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(WorkbookError::MissingDirectory {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
        });
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::io;

    use super::super::build::build;
    use super::super::{Properties, Table};
    use super::{WorkbookError, replace, target_dir};

    #[test]
    fn a_write_failing_midway_keeps_the_old_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("job-postings.xlsx");
        fs::write(&path, b"the previous workbook").expect("write old file");
        let mut table = Table::new("counts", ["Location", "Number of Jobs"]);
        table.rows.push(vec!["Austin".into(), 3u64.into()]);
        let book = build(&[table], &Properties::default()).expect("build");
        let dir_path = target_dir(&path).expect("target dir");

        let result = replace(&book, &path, &path, dir_path, |_, out| {
            out.write_all(b"PK half a zip")?;
            out.flush()?;
            Err(io::Error::other("disk full").into())
        });

        let Err(WorkbookError::Io { source, .. }) = result else {
            panic!("expected an I/O error, got {result:?}");
        };
        assert_eq!(source.to_string(), "disk full");
        assert_eq!(fs::read(&path).expect("read"), b"the previous workbook");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["job-postings.xlsx"]);
    }
}
