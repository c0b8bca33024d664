//! One file's panic is that file's error record, and the run goes on: each file's check runs
//! under `catch_unwind` (defence in depth behind the real fixes: no input should panic the
//! checks). The panic's message goes into the record; the terminal never shows a stack trace.

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// Whether a guarded check is running on this thread.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// The message of the last panic inside a guarded check.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default panic hook: inside a guarded check the message is kept for the file's
/// record; elsewhere it is one line on standard error.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let what =
            info.payload().downcast_ref::<&str>().map(|s| (*s).to_owned()).or_else(|| info.payload().downcast_ref::<String>().cloned()).unwrap_or_default();
        let at = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
        let msg = format!("{what}{at}");
        if GUARDED.with(Cell::get) {
            LAST.with(|l| *l.borrow_mut() = Some(msg));
        } else {
            eprintln!("sec-check: internal error: {msg}; this is a bug in sec-check, please report it");
        }
    }));
}

/// Runs one file's check; a panic becomes `Err` with what the record says.
pub fn check<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    GUARDED.with(|g| g.set(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    r.map_err(|_| {
        let msg = LAST.with(|l| l.borrow_mut().take()).unwrap_or_else(|| "no message".to_owned());
        format!("not checked: sec-check stopped on this file with an internal error ({msg}); this is a bug in sec-check, please report it with the file. The other files were checked")
    })
}
