//! What the page's door needs after a trap (a Rust panic is `unreachable` in wasm, and a
//! trapped instance cannot go on): which file was being checked, and the panic's message. A
//! panic hook writes them down before the trap; `lastPanic()` reads them from the trapped
//! instance, whose memory is still there, and the door then replaces the instance.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The file being checked.
    static CURRENT: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The file and message of the last panic.
    static LAST: RefCell<Option<(Option<String>, String)>> = const { RefCell::new(None) };
}

/// Installs the panic hook (once).
pub(super) fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let file = CURRENT.with(|c| c.try_borrow().ok().and_then(|c| c.clone()));
            // one line: what, then where (as the CLI's error records say it)
            let what =
                info.payload().downcast_ref::<&str>().map(|s| (*s).to_owned()).or_else(|| info.payload().downcast_ref::<String>().cloned()).unwrap_or_default();
            let at = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
            let message = format!("{what}{at}");
            LAST.with(|l| {
                if let Ok(mut l) = l.try_borrow_mut() {
                    *l = Some((file, message));
                }
            });
        }));
    });
}

/// Marks `file` as the one being checked until the guard is dropped.
pub(super) struct Checking;

impl Checking {
    pub(super) fn file(name: &str) -> Self {
        install();
        CURRENT.with(|c| {
            if let Ok(mut c) = c.try_borrow_mut() {
                *c = Some(name.to_owned());
            }
        });
        Checking
    }
}

impl Drop for Checking {
    fn drop(&mut self) {
        CURRENT.with(|c| {
            if let Ok(mut c) = c.try_borrow_mut() {
                *c = None;
            }
        });
    }
}

#[derive(serde::Serialize)]
struct Panic {
    file: Option<String>,
    message: String,
}

/// After a trap: `{ file, message }` of the panic that caused it (the file being checked, when
/// there was one), or `null`. The door calls it on the trapped instance, then replaces it.
#[wasm_bindgen(js_name = lastPanic, unchecked_return_type = "{ file: string | null; message: string } | null")]
pub fn last_panic() -> JsValue {
    let last = LAST.with(|l| l.try_borrow().ok().and_then(|l| l.clone()));
    match last {
        Some((file, message)) => serde_wasm_bindgen::to_value(&Panic { file, message }).unwrap_or(JsValue::NULL),
        None => JsValue::NULL,
    }
}
