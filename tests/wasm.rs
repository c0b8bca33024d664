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

#[path = "support/batch_corpus.rs"]
mod batch_corpus;

/// The batch corpus and more: valid, tampered and mis-signed requests over more than one chunk
/// (a failing one in a later chunk), an ADT file and a file of no kind; with the trust store's
/// PEM and `{ as_of, all }` options.
fn batch_docs() -> (Vec<(String, Vec<u8>)>, String, JsValue) {
    let w = sec_rules::demo::DemoWorld::new();
    let mut docs: Vec<(String, Vec<u8>)> = batch_corpus::documents(&w).into_iter().map(|(n, d)| (n, d.into_bytes())).collect();
    docs.push(("adt.csv".into(), b"UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n90-B3-D5-1F-30-01-00-00,4,6.23,1440,10,5\n".to_vec()));
    docs.push(("notes.txt".into(), b"hello".to_vec()));
    for i in 0..30u64 {
        docs.push((format!("more-{i}.xml"), w.sign(&w.request_623(1_750_000_000_000 + i).to_xml(), &w.xml_sign).into_bytes()));
    }
    let late = docs.iter().find(|(n, _)| n == "bad-signature-value.xml").unwrap().1.clone();
    docs.push(("bad-signature-value-late.xml".into(), late));
    let o = opts("2024-03-01");
    js_sys::Reflect::set(&o, &"all".into(), &JsValue::TRUE).unwrap();
    (docs, batch_corpus::trust_pem(&w), o)
}

/// Each document alone with `checkFile` (p256) on a fresh session: the reference.
fn check_each(docs: &[(String, Vec<u8>)], pem: &str, o: &JsValue) -> Vec<serde_json::Value> {
    docs.iter()
        .map(|(name, bytes)| {
            let s = wasm::JsSession::new();
            s.add_certificates("trust.pem", pem.as_bytes()).unwrap();
            match s.check_file(name, bytes, o.clone()) {
                Ok(v) => json(&v),
                Err(e) => serde_json::json!({ "file": name, "error": message(e) }),
            }
        })
        .collect()
}

fn batch_files(docs: &[(String, Vec<u8>)]) -> js_sys::Array {
    let files = js_sys::Array::new();
    for (name, bytes) in docs {
        let f = js_sys::Object::new();
        js_sys::Reflect::set(&f, &"name".into(), &name.into()).unwrap();
        js_sys::Reflect::set(&f, &"bytes".into(), &js_sys::Uint8Array::from(&bytes[..])).unwrap();
        files.push(&f);
    }
    files
}

async fn check_batch(s: &wasm::JsSession, files: &js_sys::Array, o: &JsValue) -> Vec<serde_json::Value> {
    let batch = wasm_bindgen_futures::JsFuture::from(s.check_batch(files, o.clone()).unwrap()).await.unwrap();
    json(&batch).as_array().unwrap().clone()
}

fn assert_same(batch: &[serde_json::Value], single: &[serde_json::Value], how: &str) {
    assert_eq!(batch.len(), single.len(), "{how}");
    for (b, one) in batch.iter().zip(single) {
        assert_eq!(b, one, "{how}: {}", one["file"]);
    }
}

/// `checkBatch` (WebCrypto) and `checkFile` (p256) give the same reports on every document of
/// the batch corpus, finding for finding, and WebCrypto did the verifying. Runs in node (which
/// has `crypto.subtle`) and in Chrome.
#[wasm_bindgen_test]
async fn check_batch_equals_check_file_on_every_fixture() {
    let (docs, pem, o) = batch_docs();
    let single = check_each(&docs, &pem, &o);
    let s = wasm::JsSession::new();
    s.add_certificates("trust.pem", pem.as_bytes()).unwrap();
    let files = batch_files(&docs);
    let batch = check_batch(&s, &files, &o).await;
    assert_same(&batch, &single, "WebCrypto");
    assert_eq!(s.fallback_verifications(), 0.0, "WebCrypto answered every verification");
    assert!(batch.iter().any(|r| r["verdict"] == "accepted" || r["verdict"] == "incomplete"));
    assert!(batch.iter().any(|r| r["first_failure"] == "duis.signature.value"));

    // a second batch on the same session: the answers cached, the same reports (but for the
    // ADT file, whose sequence number the first batch accepted: a replay now)
    let again = check_batch(&s, &files, &o).await;
    for (a, b) in again.iter().zip(&batch) {
        if b["file"] == "adt.csv" {
            assert_eq!(a["first_failure"], "tadp.adt.sequence-replay");
        } else {
            assert_eq!(a, b);
        }
    }
}

/// A page's verifier (`setVerifier`, as `www/verify-worker.js` is used): with WebCrypto's
/// answers it does all the verifying; whatever else it does — answering null, throwing,
/// rejecting, an array of the wrong length, answers that are not booleans — the module
/// verifies those itself, and every report is `checkFile`'s.
#[wasm_bindgen_test]
async fn check_batch_with_a_page_verifier_equals_check_file_whatever_it_answers() {
    let (docs, pem, o) = batch_docs();
    let single = check_each(&docs, &pem, &o);
    let files = batch_files(&docs);
    let honest = "return Promise.all(jobs.map(async (j) => { \
        const k = await crypto.subtle.importKey('raw', j.key, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']); \
        return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, k, j.signature, j.message); }))";
    let unhelpful = [
        ("null", "return null"),
        ("null answers", "return jobs.map(() => null)"),
        ("a throw", "throw new Error('no')"),
        ("a rejection", "return Promise.reject(new Error('no'))"),
        ("one answer too few", "return jobs.slice(1).map(() => true)"),
        ("strings", "return jobs.map(() => 'true')"),
    ];
    for (how, body) in std::iter::once(("WebCrypto's answers", honest)).chain(unhelpful) {
        let s = wasm::JsSession::new();
        s.add_certificates("trust.pem", pem.as_bytes()).unwrap();
        let calls = js_sys::Array::new();
        let f = js_sys::Function::new_with_args("calls, jobs", &format!("calls.push(jobs.length); {body}"));
        s.set_verifier(f.bind1(&JsValue::NULL, &calls).into()).unwrap();
        let batch = check_batch(&s, &files, &o).await;
        assert_same(&batch, &single, how);
        assert!(calls.length() > 0, "{how}: the verifier was asked");
        if body == honest {
            assert_eq!(s.fallback_verifications(), 0.0, "{how}: the verifier answered every verification");
        } else {
            assert!(s.fallback_verifications() > 0.0, "{how}: the module verified what the verifier did not answer");
        }
    }
    let s = wasm::JsSession::new();
    assert!(message(s.set_verifier("verify".into()).unwrap_err()).contains("must be a function"));
    s.set_verifier(JsValue::NULL).unwrap();
}

fn message(e: wasm_bindgen::JsError) -> String {
    js_sys::Reflect::get(&JsValue::from(e), &"message".into()).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn check_batch_refuses_entries_that_are_not_name_and_bytes() {
    let s = wasm::JsSession::new();
    let files = js_sys::Array::of1(&"req.xml".into());
    let err = s.check_batch(&files, JsValue::UNDEFINED).expect_err("refused");
    assert!(message(err).contains("files[0]"));
}

/// An inventory's device entries, paged out of the session, are the report's `devices`.
#[wasm_bindgen_test]
fn inventory_pages_equal_the_full_report() {
    let mut inv = String::from("device_id,device_type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier\n");
    for i in 0..2_500 {
        let status = if i % 11 == 0 { "Decommissioned" } else { "Commissioned" };
        inv.push_str(&format!("{i:016X},ESME,2,{status},TCoS,M,{},1,1,,2020-01-01,,,,,\n", ["A", "B"][i % 2]));
    }
    let s = wasm::JsSession::new();
    s.set_models("models.json", br#"{ "non_migratable": [ { "manufacturer": "M", "model": "B", "hardware_version": "1", "firmware_version": "1" } ] }"#)
        .unwrap();
    let full = json(&s.check_file("inv.csv", inv.as_bytes(), opts("2024-03-01")).unwrap());
    let noop = js_sys::Function::new_no_args("");
    let summary = json(&s.check_inventory_summary("inv.csv", inv.as_bytes(), opts("2024-03-01"), &noop).unwrap());
    assert!(summary.get("devices").is_none_or(serde_json::Value::is_null));
    let mut without = full.clone();
    without.as_object_mut().unwrap().remove("devices");
    let mut summary_wo = summary.clone();
    summary_wo.as_object_mut().unwrap().remove("devices");
    assert_eq!(summary_wo, without, "the same report but for the devices");
    let mut paged = Vec::new();
    let mut start = 0;
    loop {
        let page = json(&s.inventory_devices(start, 1000, None).unwrap());
        assert_eq!(page["total"], 2500);
        let d = page["devices"].as_array().unwrap().clone();
        if d.is_empty() {
            break;
        }
        start += d.len();
        paged.extend(d);
    }
    assert_eq!(serde_json::Value::Array(paged), full["devices"]);
    let out = json(&s.inventory_devices(0, 10, Some("out-of-scope".into())).unwrap());
    assert_eq!(out["total"], 228);
    assert!(out["devices"].as_array().unwrap().iter().all(|d| d["status"] == "out-of-scope"));
    assert!(s.inventory_devices(0, 10, Some("maybe".into())).is_err());
}

/// A session with no certificate is no trust store: the signer checks are not evaluated (as
/// without --trust on the command line), never failed.
#[wasm_bindgen_test]
fn an_empty_session_store_leaves_the_signer_checks_not_evaluated() {
    let w = sec_rules::demo::DemoWorld::new();
    let doc = w.sign(&w.request_623(5).to_xml(), &w.xml_sign);
    let s = wasm::JsSession::new();
    let r = json(&s.check_file("r.xml", doc.as_bytes(), opts("2024-03-01")).unwrap());
    assert_eq!(r["verdict"], "incomplete");
    let known = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "duis.signer.known").unwrap();
    assert_eq!(known["outcome"], "not-evaluated");
}

/// Issue 22 through the wasm door: the `users` option gives the sender's roles to `checkFile`,
/// `checkBatch` and the module-level `checkDuis`; a bad role is refused naming the option.
#[wasm_bindgen_test]
async fn the_users_option_gives_the_senders_roles_on_every_entry() {
    let w = sec_rules::demo::DemoWorld::new();
    let doc = w.sign(&w.request_623(4).to_xml(), &w.xml_sign);
    let session = wasm::JsSession::new();
    session.add_certificates("trust.pem", w.trust_pem().as_bytes()).unwrap();
    session.set_context("ctx.json", w.context_json("ECoS", 2).replace(r#", "roles": ["IS"]"#, "").as_bytes()).unwrap();
    let with = |users: Option<&str>| {
        let o = opts("2024-03-01");
        if let Some(u) = users {
            js_sys::Reflect::set(&o, &"users".into(), &js_sys::JSON::parse(u).unwrap()).unwrap();
        }
        o
    };
    let r = json(&session.check_file("r.xml", doc.as_bytes(), with(None)).unwrap());
    assert_eq!(r["verdict"], "incomplete");
    assert_eq!(r["notes"][0]["kind"], "missing-input");
    let r = json(&session.check_file("r.xml", doc.as_bytes(), with(Some(r#"{"90-B3-D5-1F-30-01-00-00": ["ES"]}"#))).unwrap());
    assert_eq!((r["first_failure"].as_str(), r["response_code"].as_str()), (Some("duis.access.role-eligible"), Some("E2")));
    let r = json(&session.check_file("r.xml", doc.as_bytes(), with(Some(r#"{"90B3D51F30010000": ["gs"]}"#))).unwrap());
    assert_eq!(r["verdict"], "accepted");
    let files = js_sys::Array::new();
    let f = js_sys::Object::new();
    js_sys::Reflect::set(&f, &"name".into(), &"r.xml".into()).unwrap();
    js_sys::Reflect::set(&f, &"bytes".into(), &js_sys::Uint8Array::from(doc.as_bytes())).unwrap();
    files.push(&f);
    let p = session.check_batch(&files, with(Some(r#"{"90-B3-D5-1F-30-01-00-00": ["IS"]}"#))).unwrap();
    let out = wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    assert_eq!(json(&out)[0]["verdict"], "accepted");
    let e = session.check_file("r.xml", doc.as_bytes(), with(Some(r#"{"90-B3-D5-1F-30-01-00-00": ["Supplier"]}"#))).unwrap_err();
    assert!(message(e).contains("options.users: \"Supplier\" is not a SEC User Role code"));
    let no_store = json(&wasm::check_duis("r.xml", doc.as_bytes(), with(Some(r#"{"90-B3-D5-1F-30-01-00-00": ["IS"]}"#))).unwrap());
    let access: Vec<&str> = no_store["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("duis.access."))
        .map(|f| f["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(access, ["pass", "pass"], "checkDuis takes the users option too");
}

/// Issue 23 through the wasm door: `addTrustAnchors` trusts a certificate as given; the report
/// names it (signer.trust_anchor, a trust-anchor note) and `certificates()` says which are.
#[wasm_bindgen_test]
fn trust_anchors_through_the_session() {
    let w = sec_rules::demo::DemoWorld::new();
    let compact: String = w.request_623(22).to_xml().lines().map(str::trim).collect();
    let doc = w.sign(&compact, &w.test_env_signer);
    let with_roles = || {
        let o = opts("2024-03-01");
        js_sys::Reflect::set(&o, &"users".into(), &js_sys::JSON::parse(r#"{"90-B3-D5-1F-30-01-00-00": ["IS"]}"#).unwrap()).unwrap();
        o
    };
    let plain = wasm::JsSession::new();
    plain.set_context("ctx.json", w.context_json("ECoS", 2).as_bytes()).unwrap();
    plain.add_certificates("signer.pem", w.test_env_signer.pem().as_bytes()).unwrap();
    let r = json(&plain.check_file("r.xml", doc.as_bytes(), with_roles()).unwrap());
    assert_eq!(r["verdict"], "incomplete", "a missing issuer is a missing input");
    let s = wasm::JsSession::new();
    s.set_context("ctx.json", w.context_json("ECoS", 2).as_bytes()).unwrap();
    assert_eq!(s.add_trust_anchors("signer.pem", w.test_env_signer.pem().as_bytes()).unwrap(), 1);
    let r = json(&s.check_file("r.xml", doc.as_bytes(), with_roles()).unwrap());
    assert_eq!(r["verdict"], "accepted", "{r}");
    assert_eq!(r["signer"]["trust_anchor"], "signer.pem");
    assert_eq!(r["notes"][0]["kind"], "trust-anchor");
    assert_eq!(json(&s.certificates().unwrap())[0]["trust_anchor"], "signer.pem");
}
