//! Native benchmarks (`cargo bench`): a fully checked signed 6.23 (parse, structure, c14n,
//! digest, signature, chain) cold and with a warm certificate cache, and the envelope-only path.
#![allow(clippy::unwrap_used, missing_docs, reason = "benchmark harness")]

use criterion::{criterion_group, criterion_main, Criterion};
use sec_rules::demo::DemoWorld;
use sec_rules::request::{self as duis, DuisInputs};
use sec_rules::smki::TrustStore;
use sec_rules::{Date, Options};

fn store(w: &DemoWorld) -> TrustStore {
    let mut s = TrustStore::new();
    s.add_file("trust.pem", w.trust_pem().as_bytes()).unwrap();
    s
}

fn bench(c: &mut Criterion) {
    let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: true };
    let w = DemoWorld::new();
    let doc = w.sign(&w.request_623(1).to_xml(), &w.xml_sign);
    let warm = store(&w);
    c.bench_function("signed 6.23, full DUIS checks, warm certificate cache", |b| {
        b.iter(|| std::hint::black_box(duis::check_with("req.xml", doc.as_bytes(), &opts, &DuisInputs { trust: Some(&warm), context: None, cache: None })));
    });
    c.bench_function("signed 6.23, full DUIS checks, cold (new trust store each time)", |b| {
        b.iter_batched(
            || store(&w),
            |s| std::hint::black_box(duis::check_with("req.xml", doc.as_bytes(), &opts, &DuisInputs { trust: Some(&s), context: None, cache: None })),
            criterion::BatchSize::SmallInput,
        );
    });
    let key = w.xml_sign.key.verifying_key().to_sec1_bytes();
    let sig: p256::ecdsa::Signature = p256::ecdsa::signature::Signer::sign(&w.xml_sign.key, b"message");
    let raw = sig.to_bytes();
    c.bench_function("one ECDSA P-256 verify (RustCrypto, key decoded each time)", |b| {
        b.iter(|| {
            use sec_rules::crypto::EcdsaP256 as _;
            std::hint::black_box(sec_rules::crypto::RustCrypto.verify_sha256(&key, b"message", sec_rules::crypto::EcdsaSignature::Raw(&raw)))
        });
    });
    c.bench_function("signed 6.23, no trust store (c14n + digest, no ECDSA)", |b| {
        b.iter(|| std::hint::black_box(duis::check("req.xml", doc.as_bytes(), &opts)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
