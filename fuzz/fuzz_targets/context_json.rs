//! Context files (contract §4), then a 6.23 checked with whatever context was read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sec_rules::context::Context;
use sec_rules::request::{self, DuisInputs};
use sec_rules::{Date, Options};
use std::sync::OnceLock;

fn request() -> &'static String {
    static R: OnceLock<String> = OnceLock::new();
    R.get_or_init(|| {
        let w = sec_rules::demo::DemoWorld::new();
        w.sign(&w.request_623(1).to_xml(), &w.xml_sign)
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(ctx) = Context::from_json("fuzz.json", data) {
        let opts = Options { as_of: Date::from_days_since_epoch(19_783), all: true, draft: false };
        let _ = request::check_with("r.xml", request().as_bytes(), &opts, &DuisInputs { trust: None, context: Some(&ctx), cache: None, crypto: None, roles: None });
    }
});
