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
    let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft: false };
    let w = DemoWorld::new();
    let doc = w.sign(&w.request_623(1).to_xml(), &w.xml_sign);
    let warm = store(&w);
    c.bench_function("signed 6.23, full DUIS checks, warm certificate cache", |b| {
        b.iter(|| {
            std::hint::black_box(duis::check_with(
                "req.xml",
                doc.as_bytes(),
                &opts,
                &DuisInputs { trust: Some(&warm), context: None, cache: None, crypto: None, roles: None },
            ))
        });
    });
    c.bench_function("signed 6.23, full DUIS checks, cold (new trust store each time)", |b| {
        b.iter_batched(
            || store(&w),
            |s| {
                std::hint::black_box(duis::check_with(
                    "req.xml",
                    doc.as_bytes(),
                    &opts,
                    &DuisInputs { trust: Some(&s), context: None, cache: None, crypto: None, roles: None },
                ))
            },
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
    let sig_der: p256::ecdsa::Signature = p256::ecdsa::signature::Signer::sign(&w.xml_sign.key, b"message");
    let table = sec_rules::crypto::table::Table::new(&p256::ProjectivePoint::from(*w.xml_sign.key.verifying_key().as_affine()));
    c.bench_function("one ECDSA P-256 verify, precomputed tables (generator and key)", |b| {
        b.iter(|| std::hint::black_box(sec_rules::crypto::table::verify(&table, b"message", &sig_der)));
    });
    c.bench_function("building a key's table", |b| {
        b.iter(|| std::hint::black_box(sec_rules::crypto::table::Table::new(&p256::ProjectivePoint::from(*w.xml_sign.key.verifying_key().as_affine()))));
    });
    c.bench_function("signed 6.23, no trust store (c14n, digest and the three carried certificates' issuer signatures, p256, no cache)", |b| {
        b.iter(|| std::hint::black_box(duis::check("req.xml", doc.as_bytes(), &opts)));
    });
    let limits = sec_rules::duis::limits();
    let prepared = sec_rules::xml::prepare(doc.as_bytes(), &limits).unwrap();
    let parsed = prepared.parse(&limits).unwrap();
    c.bench_function("schema validation of the signed 6.23 (whole document, parsed)", |b| {
        b.iter(|| std::hint::black_box(sec_rules::schema::validate(parsed.doc())))
    });
    let read = sec_rules::schema::sample::request("4.1.1", 1, "ReadInstantaneousImportRegisters", 1).unwrap();
    let prepared = sec_rules::xml::prepare(read.as_bytes(), &limits).unwrap();
    let parsed = prepared.parse(&limits).unwrap();
    c.bench_function("schema validation of a read request (4.1.1, parsed)", |b| b.iter(|| std::hint::black_box(sec_rules::schema::validate(parsed.doc()))));
    hostile(c, &opts);
}

/// The namespace-heavy shapes of the trust-core hardening issue (33 s and 24 s before): each
/// must be decided well under a second, refused or checked.
fn hostile(c: &mut Criterion, opts: &Options) {
    let mut g = c.benchmark_group("hostile shapes");
    g.sample_size(10);
    let decls: String = (0..30_000).map(|i| format!(" xmlns:n{i}=\"urn:n{i}\"")).collect();
    let on_root = format!("<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"{decls}><sr:Header/></sr:Request>");
    let spread: String = (0..10_000).map(|i| if i % 10 == 0 && i > 0 { format!("<e xmlns:m{i}=\"urn:m{i}\"/>") } else { "<e/>".into() }).collect();
    let spread = format!("<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\">{spread}</sr:Request>");
    let d500: String = (0..500).map(|i| format!(" xmlns:n{i}=\"urn:n{i}\"")).collect();
    let worst = format!("<r{d500}>{}{}</r>", "<e xmlns:z=\"urn:z\"/>".repeat(499), "<e/>".repeat(10_000));
    for (name, doc) in [
        ("30,000 declarations on the root (refused)", &on_root),
        ("1,000 declarations over 10,000 elements", &spread),
        ("worst within the limit: 500 on the root, 499 children redeclaring", &worst),
    ] {
        g.bench_function(name, |b| b.iter(|| std::hint::black_box(duis::check("h.xml", doc.as_bytes(), opts))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
