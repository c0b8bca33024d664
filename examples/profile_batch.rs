//! The check path of `Session.checkBatch`, natively and without the curve arithmetic: a
//! batch of signed documents (examples/bench_batch.rs writes one) checked through
//! `batch::run` with every deferred ECDSA verification answered `true`, as WebCrypto answers
//! a valid batch. What is left is what the module itself spends per document — parsing,
//! schema, c14n and digests, the rules, and with `ser` the report's JSON — so a profiler
//! (`perf record`) sees it unmixed.
//!
//! Usage: cargo run --release --example profile_batch -- DIR [RUNS] [ser]
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs, reason = "profiling harness")]
use sec_rules::crypto::deferred::Deferred;
use sec_rules::request::{self as duis, DuisInputs};
use sec_rules::smki::TrustStore;
use sec_rules::{Date, Options};
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let reps: usize = std::env::args().nth(2).map(|s| s.parse().unwrap()).unwrap_or(50);
    let ser = std::env::args().nth(3).is_some();
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "xml")).collect();
    names.sort();
    let docs: Vec<Vec<u8>> = names.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let pem = std::fs::read(format!("{dir}/trust.pem")).unwrap();
    let ctx = sec_rules::context::Context::from_json("context.json", &std::fs::read(format!("{dir}/context.json")).unwrap()).unwrap();
    let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: false, draft: false };
    let t0 = std::time::Instant::now();
    let mut bytes = 0usize;
    for _ in 0..reps {
        let mut trust = TrustStore::new();
        trust.add_file("trust.pem", &pem).unwrap();
        let deferred = Deferred::new();
        let out = sec_rules::batch::run(
            docs.len(),
            &deferred,
            |i| {
                let r = duis::check_with(
                    "x.xml",
                    &docs[i],
                    &opts,
                    &DuisInputs { trust: Some(&trust), context: Some(&ctx), cache: Some(trust.cache()), crypto: Some(&deferred), roles: None },
                );
                if ser {
                    serde_json::to_string(&r).unwrap().len()
                } else {
                    r.findings.len()
                }
            },
            |p| vec![Some(true); p.len()],
        );
        bytes += out.iter().sum::<usize>();
    }
    let n = reps * docs.len();
    eprintln!("{:.1} µs/doc ({} bytes)", t0.elapsed().as_secs_f64() * 1e6 / n as f64, bytes / n.max(1));
}
