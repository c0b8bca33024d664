//! The wasm door under wasm-bindgen-test (node by default; in Chrome with
//! WASM_BINDGEN_USE_BROWSER=1). The facade's JS objects must equal the native JSON.
#![cfg(target_arch = "wasm32")]

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests and benches assert by panicking")]

use sec_rules::wasm;
use wasm_bindgen::{JsCast, JsValue};
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
        &sec_rules::Options { as_of: sec_rules::Date::parse("2024-03-01").unwrap(), all: false, draft: false },
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

#[wasm_bindgen_test]
fn inventory_progress_is_reported_while_rows_are_decided() {
    let mut inv = String::from("device_id,device_type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier\n");
    for i in 0..12_000 {
        inv.push_str(&format!("{i:016X},ESME,2,Commissioned,TCoS,M,A,1,1,,2020-01-01,,,,,\n"));
    }
    let seen = js_sys::Array::new();
    let s2 = seen.clone();
    let cb = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |n: JsValue| {
        s2.push(&n);
    });
    let session = wasm::JsSession::new();
    let r = json(&session.check_inventory("inv.csv", inv.as_bytes(), opts("2024-03-01"), cb.as_ref().unchecked_ref()).unwrap());
    assert_eq!(r["devices"].as_array().unwrap().len(), 12_000);
    let counts: Vec<f64> = seen.iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(counts, [5000.0, 10000.0, 12000.0]);
}
