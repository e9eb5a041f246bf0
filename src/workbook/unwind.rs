//! A panic inside umya-spreadsheet, caught: [`catch`] runs the library's work and turns a
//! panic into an error message, so a bug in the library becomes a clean error naming the
//! output file instead of a crash (and, with the file written through a temporary file that
//! is removed as the panic unwinds, nothing half-written remains).
//!
//! The panic's report is kept off stderr: a panic hook, installed once, records it for the
//! thread that is inside [`catch`] and hands every other panic to the hook it replaced.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`catch`].
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// The report of the panic caught on this thread.
    static REPORT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `work`; a panic in it becomes `Err` with the panic's message and where it happened.
pub(super) fn catch<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let outer = CATCHING.with(|c| c.replace(true));
    // The workbook being built is dropped or discarded on a panic: nothing of it is reused.
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    CATCHING.with(|c| c.set(outer));
    result.map_err(|payload| {
        let report = REPORT.with(|r| r.borrow_mut().take());
        report.unwrap_or_else(|| format!("it panicked: {}", message(payload.as_ref())))
    })
}

/// Installs, once, the hook that records panics inside [`catch`] instead of printing them.
fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            if CATCHING.with(Cell::get) {
                let mut report = format!("it panicked: {}", message(info.payload()));
                if let Some(location) = info.location() {
                    report.push_str(&format!(" at {}:{}", location.file(), location.line()));
                }
                REPORT.with(|r| *r.borrow_mut() = Some(report));
            } else {
                previous(info);
            }
        }));
    });
}

/// A panic payload's message, when it is text.
fn message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

/// Where tests make the library's work panic: `stage` is `"build"` or `"encode"`. Only in
/// test builds; release builds have no way to force a panic.
#[cfg(test)]
pub(super) mod inject {
    use std::cell::Cell;

    thread_local! {
        static PANIC_AT: Cell<Option<&'static str>> = const { Cell::new(None) };
    }

    /// Makes the next call of `stage` on this thread panic.
    pub(in super::super) fn panic_at(stage: Option<&'static str>) {
        PANIC_AT.with(|p| p.set(stage));
    }

    /// Panics if this thread asked `stage` to.
    pub(in super::super) fn point(stage: &'static str) {
        if PANIC_AT.with(|p| p.get() == Some(stage)) {
            PANIC_AT.with(|p| p.set(None));
            panic!("forced in {stage} by a test");
        }
    }
}

/// In release and other non-test builds, nothing.
#[cfg(not(test))]
pub(super) mod inject {
    /// Nothing: only test builds can force a panic.
    #[inline(always)]
    pub(in super::super) fn point(_stage: &'static str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_location() {
        assert_eq!(catch(|| 7), Ok(7));
        let err = catch(|| -> u8 { panic!("boom {}", 1) }).unwrap_err();
        assert!(
            err.starts_with("it panicked: boom 1 at src/workbook/unwind.rs:"),
            "{err}"
        );
        // A panic outside `catch` is still a panic.
        assert!(std::panic::catch_unwind(|| panic!("elsewhere")).is_err());
    }
}
