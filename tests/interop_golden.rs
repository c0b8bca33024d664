//! Documents signed by another implementation (xmlsec1; see tests/files/README.md) verify here,
//! natively and under wasm-bindgen-test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests")]

use sec_rules::demo::DemoWorld;
use sec_rules::request::{self as duis, DuisInputs};
use sec_rules::smki::TrustStore;
use sec_rules::{Date, Options, Outcome, Report};

fn check(doc: &str) -> Report {
    let w = DemoWorld::new();
    let mut store = TrustStore::new();
    store.add_file("trust.pem", w.trust_pem().as_bytes()).unwrap();
    let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft: false };
    duis::check_with(
        "x.xml",
        doc.as_bytes(),
        &opts,
        &DuisInputs {
            trust: Some(&store),
            context: None,
            cache: None,
            crypto: None,
            roles: Some(&sec_rules::demo::every_role_for(sec_rules::demo::DEMO_ORIGINATOR)),
        },
    )
}

fn outcome(r: &Report, rule: &str) -> Outcome {
    r.findings.iter().find(|f| f.rule.as_str() == rule).unwrap().outcome
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn xmlsec1_signed_request_passes_every_duis_rule() {
    let r = check(include_str!("files/interop/xmlsec1-signed-623.xml"));
    for f in r.findings.iter().filter(|f| f.rule.as_str().starts_with("duis.")) {
        assert_eq!(f.outcome, Outcome::Pass, "{}: {}", f.rule, f.message);
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn xmlsec1_signed_then_tampered_fails_the_digest_only() {
    let r = check(include_str!("files/interop/xmlsec1-signed-623-tampered.xml"));
    assert_eq!(outcome(&r, "duis.signature.digest"), Outcome::Fail);
    assert_eq!(outcome(&r, "duis.signature.value"), Outcome::Pass);
}
