//! DUIS bytes → report, the whole pipeline: XML intake, envelope and body, signature profile,
//! c14n, digest and ECDSA, signer lookup and chain in a trust store, SRPD 6.23 checks with a
//! context. The assertion is "no panic, no hang, no leak"; the report must serialise, and the
//! wasm door's JSON writer (`ascii_json`) must write it byte for byte as serde_json does (the
//! messages quote the input, so every kind of character reaches it), and in pure ASCII.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sec_rules::context::Context;
use sec_rules::demo::DemoWorld;
use sec_rules::request::{self, DuisInputs};
use sec_rules::smki::TrustStore;
use sec_rules::{Date, Options};
use std::sync::OnceLock;

/// The demo world's trust store (PEM) and context, made once.
fn world() -> &'static (String, Context) {
    static W: OnceLock<(String, Context)> = OnceLock::new();
    W.get_or_init(|| {
        let w = DemoWorld::new();
        let context = Context::from_json("ctx.json", w.context_json("TCoS", 2).as_bytes()).unwrap_or_default();
        (w.trust_pem(), context)
    })
}

fuzz_target!(|data: &[u8]| {
    let (pem, context) = world();
    // a fresh store per input: its verification cache must not carry state between inputs
    let mut store = TrustStore::new();
    let _ = store.add_file("trust.pem", pem.as_bytes());
    let all = data.first().is_some_and(|b| b & 1 == 1);
    let opts = Options { as_of: Date::from_days_since_epoch(19_783), all, draft: false };
    let inputs = DuisInputs { trust: Some(&store), context: Some(context), cache: None, crypto: None, roles: None };
    let report = request::check_with("fuzz.xml", data, &opts, &inputs);
    let theirs = serde_json::to_string(&report).ok();
    assert_eq!(sec_rules::ascii_json::to_string_utf8(&report).ok(), theirs);
    assert!(sec_rules::ascii_json::to_string(&report).is_ok_and(|t| t.is_ascii()));
});
