//! Ctrl-C and SIGTERM during a collect run: remove the workbook's temporary file, if one is
//! being written, and exit with status 130. The file at the output path is never touched:
//! it is only ever replaced by an atomic rename of a complete workbook.

use std::sync::Once;

use crate::term::say;
use crate::workbook;

/// The exit status after an interruption (128 + SIGINT).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Installs the handler once per process. If a handler cannot be installed (another one
/// is), interruption falls back to the default: the process ends, and at worst a hidden
/// temporary file is left beside the output, never a damaged workbook.
pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            workbook::discard_pending();
            say(format_args!(
                "jobsctl: interrupted; no workbook was written"
            ));
            std::process::exit(EXIT_INTERRUPTED);
        });
    });
}
