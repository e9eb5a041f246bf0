//! Outside tools some tests need (curl, python3 modules, schemathesis, LibreOffice). A
//! missing tool never lets a test pass silently in CI: with `CI` set the test fails and names
//! the install command; on a developer's machine it prints a notice on stderr and the test
//! returns.

use std::io::Write;
use std::process::{Command, Stdio};

/// How to install the tools the tests use (`.ci/run` does this on a fresh machine).
pub const CURL: &str = "apt-get install -y --no-install-recommends curl";
/// See [`CURL`].
pub const LIBREOFFICE: &str = "apt-get install -y --no-install-recommends libreoffice-calc-nogui";
/// See [`CURL`]: `pdftotext`, to read back a workbook printed to PDF.
pub const POPPLER: &str = "apt-get install -y --no-install-recommends poppler-utils";
/// See [`CURL`]: the shell that loads the completion script.
pub const BASH: &str = "apt-get install -y --no-install-recommends bash";
/// See [`CURL`].
pub const NGINX: &str = "apt-get install -y --no-install-recommends nginx";
/// See [`CURL`].
pub const PYTHON_MODULES: &str = "python3 -m pip install flask openpyxl requests";
/// See [`CURL`]: the OpenAPI fuzzer that checks `/openapi.json` against the server.
pub const SCHEMATHESIS: &str = "python3 -m pip install schemathesis==4.32.5";

/// Whether `tool` runs (`tool --version` succeeds). If not, fails under CI naming
/// `install`, else says on stderr that the test is skipped and returns false.
pub fn require_tool(tool: &str, install: &str) -> bool {
    require_tool_answering(tool, "--version", install)
}

/// Like [`require_tool`], for a tool that tells its version with `flag` (poppler's and
/// nginx's `-v`).
pub fn require_tool_answering(tool: &str, flag: &str, install: &str) -> bool {
    let present = Command::new(tool)
        .arg(flag)
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    require(present, tool, install)
}

/// Whether python3 can import every module in `modules`; like [`require_tool`] otherwise.
pub fn require_python(modules: &[&str], install: &str) -> bool {
    let present = Command::new("python3")
        .args(["-c", &format!("import {}", modules.join(", "))])
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    require(
        present,
        &format!("python3 with {}", modules.join(", ")),
        install,
    )
}

fn require(present: bool, what: &str, install: &str) -> bool {
    if present {
        return true;
    }
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    assert!(
        !in_ci,
        "{what} is needed by this test and is missing in CI; install it: {install}"
    );
    // Straight to stderr, past the test harness's capture, so that the skip is seen.
    let _ = writeln!(
        std::io::stderr(),
        "notice: skipping a test: {what} is not available (install: {install})"
    );
    false
}
