//! Runs in headless Chrome only: the module works in a real browser, not just node.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests and benches assert by panicking")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn checks_a_request_inside_chrome() {
    let ua = web_sys::window().unwrap().navigator().user_agent().unwrap();
    assert!(ua.contains("Chrome"), "{ua}");
    let doc = sec_rules::demo::request_623(2, 3);
    let v = sec_rules::wasm::check_duis("cv2.xml", doc.as_bytes(), wasm_bindgen::JsValue::UNDEFINED).unwrap();
    let verdict = js_sys::Reflect::get(&v, &"verdict".into()).unwrap();
    assert_eq!(verdict.as_string().as_deref(), Some("rejected"));
}
