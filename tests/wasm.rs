//! The wasm door under wasm-bindgen-test (node by default; in Chrome with
//! WASM_BINDGEN_USE_BROWSER=1). The facade's JS objects must equal the native JSON.
#![cfg(target_arch = "wasm32")]

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests and benches assert by panicking")]

use sec_rules::wasm;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn json(v: &JsValue) -> serde_json::Value {
    let s: String = js_sys::JSON::stringify(v).unwrap().into();
    serde_json::from_str(&s).unwrap()
}

fn opts(as_of: &str) -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"as_of".into(), &as_of.into()).unwrap();
    o.into()
}

#[wasm_bindgen_test]
fn check_duis_returns_the_contract_shape_equal_to_native() {
    let doc = sec_rules::demo::request_623(2, 3);
    let js = json(&wasm::check_duis("cv2.xml", doc.as_bytes(), opts("2024-03-01")).unwrap());
    assert_eq!(js["verdict"], "rejected");
    assert_eq!(js["first_failure"], "duis.command-variant.allowed");
    assert_eq!(js["response_code"], "E12");
    assert_eq!(js["route"], serde_json::Value::Null);
    let native = sec_rules::request::check(
        "cv2.xml",
        doc.as_bytes(),
        &sec_rules::Options { as_of: sec_rules::Date::parse("2024-03-01").unwrap(), all: false },
    );
    assert_eq!(js, serde_json::to_value(&native).unwrap());
}

#[wasm_bindgen_test]
fn catalogue_lists_rules_and_srvs() {
    let c = json(&wasm::catalogue().unwrap());
    assert!(c["rules"].as_array().unwrap().iter().any(|r| r["id"] == "duis.signer.xmlsign-role" && r["response_code"] == "E65"));
    assert_eq!(c["service_reference_variants"].as_array().unwrap().len(), 129);
}

#[wasm_bindgen_test]
fn hostile_and_unclassified_inputs_do_not_panic() {
    let xxe = b"<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
    let r = json(&wasm::check_file("xxe.xml", xxe, opts("2024-03-01")).unwrap());
    assert_eq!(r["first_failure"], "duis.xml.well-formed");
    assert!(wasm::check_file("x.bin", b"hello", JsValue::UNDEFINED).is_err());
    assert!(wasm::check_duis("x.xml", b"<a/>", opts("not-a-date")).is_err());
    let deep = format!("{}{}", "<a>".repeat(5000), "</a>".repeat(5000));
    let r = json(&wasm::check_duis("deep.xml", deep.as_bytes(), JsValue::UNDEFINED).unwrap());
    assert_eq!(r["verdict"], "rejected");
}

#[wasm_bindgen_test]
fn demo_files_come_from_the_module() {
    let d = json(&wasm::demo_files().unwrap());
    assert!(d.as_array().unwrap().len() >= 3);
}
