//! The batch door's protocol (deferred ECDSA, rounds, p256 for the rest) and the verification
//! cache give exactly the reports of checking each document alone with a fresh trust store —
//! whatever the other verifier does, in any order, with any cache size.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests")]

#[path = "support/batch_corpus.rs"]
mod batch_corpus;

use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use sec_rules::batch;
use sec_rules::crypto::deferred::{Deferred, Pending};
use sec_rules::demo::DemoWorld;
use sec_rules::request::{self as duis, DuisInputs};
use sec_rules::smki::TrustStore;
use sec_rules::{Date, Options};

fn opts() -> Options {
    Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft: false }
}

fn store(pem: &str, capacity: usize) -> TrustStore {
    let mut s = TrustStore::with_cache_capacity(capacity);
    s.add_file("trust.pem", pem.as_bytes()).unwrap();
    s
}

/// Each document alone, a fresh store each time: the reference.
fn alone(docs: &[(String, String)], pem: &str) -> Vec<serde_json::Value> {
    docs.iter()
        .map(|(name, d)| {
            let s = store(pem, 4096);
            serde_json::to_value(duis::check_with(
                name,
                d.as_bytes(),
                &opts(),
                &DuisInputs { trust: Some(&s), context: None, cache: None, crypto: None, roles: None },
            ))
            .unwrap()
        })
        .collect()
}

fn p256_answer(p: &Pending) -> bool {
    let key = VerifyingKey::from_sec1_bytes(&p.key).unwrap();
    let sig = Signature::from_slice(&p.signature).unwrap();
    key.verify(&p.message, &sig).is_ok()
}

fn batched(docs: &[(String, String)], s: &TrustStore, deferred: &Deferred, verify: impl FnMut(&[Pending]) -> Vec<Option<bool>>) -> Vec<serde_json::Value> {
    let check = |i: usize| {
        let (name, d) = &docs[i];
        serde_json::to_value(duis::check_with(
            name,
            d.as_bytes(),
            &opts(),
            &DuisInputs { trust: Some(s), context: None, cache: None, crypto: Some(deferred), roles: None },
        ))
        .unwrap()
    };
    batch::run(docs.len(), deferred, check, verify)
}

fn assert_same(a: &[serde_json::Value], b: &[serde_json::Value], how: &str) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x, y, "{how}: {}", x["file"]);
    }
}

#[test]
fn the_corpus_exercises_every_kind_of_answer() {
    let w = DemoWorld::new();
    let docs = batch_corpus::documents(&w);
    let reference = alone(&docs, &batch_corpus::trust_pem(&w));
    let verdicts: Vec<&str> = reference.iter().map(|r| r["verdict"].as_str().unwrap()).collect();
    assert!(verdicts.contains(&"rejected") && verdicts.iter().any(|v| *v != "rejected"), "{verdicts:?}");
    let first = |name: &str| reference.iter().find(|r| r["file"] == name).unwrap()["first_failure"].clone();
    assert_eq!(first("bad-signature-value.xml"), "duis.signature.value");
    assert_eq!(first("tampered-body.xml"), "duis.signature.digest");
    let fails = |name: &str, rule: &str| {
        reference.iter().find(|r| r["file"] == name).unwrap()["findings"].as_array().unwrap().iter().any(|f| f["rule"] == rule && f["outcome"] == "fail")
    };
    assert!(fails("replacement-cert-altered.xml", "srpd.certs.oca-included"));
    assert!(fails("path-has-the-twin-oca.xml", "srpd.certs.oca-included"));
    assert!(!fails("valid-0.xml", "srpd.certs.oca-included"));
    assert!(!fails("ds-issued-by-the-twin.xml", "srpd.certs.oca-included"), "the twin issued it and is included");
}

#[test]
fn batch_reports_equal_single_reports_whatever_the_other_verifier_does() {
    let w = DemoWorld::new();
    let docs = batch_corpus::documents(&w);
    let pem = batch_corpus::trust_pem(&w);
    let reference = alone(&docs, &pem);

    // a verifier that answers everything (as WebCrypto does)
    let s = store(&pem, 4096);
    let d = Deferred::new();
    let mut asked = 0;
    let got = batched(&docs, &s, &d, |p| {
        asked += p.len();
        p.iter().map(|x| Some(p256_answer(x))).collect()
    });
    assert_same(&reference, &got, "exact verifier");
    assert!(asked > 0 && d.computed() == 0, "all verified outside the module: asked {asked}, computed {}", d.computed());

    // a verifier that cannot verify anything (WebCrypto missing or failing): p256 does it all
    let s = store(&pem, 4096);
    let d = Deferred::new();
    let got = batched(&docs, &s, &d, |p| vec![None; p.len()]);
    assert_same(&reference, &got, "failing verifier");
    assert!(d.computed() > 0);

    // a verifier that answers every other request
    let s = store(&pem, 4096);
    let d = Deferred::new();
    let mut flip = false;
    let got = batched(&docs, &s, &d, |p| {
        p.iter()
            .map(|x| {
                flip = !flip;
                flip.then(|| p256_answer(x))
            })
            .collect()
    });
    assert_same(&reference, &got, "partial verifier");
}

#[test]
fn a_second_batch_on_the_same_session_defers_only_the_new_signatures() {
    let w = DemoWorld::new();
    let docs = batch_corpus::documents(&w);
    let valid: Vec<(String, String)> = docs.iter().filter(|(n, _)| n.starts_with("valid-")).cloned().collect();
    let s = store(&batch_corpus::trust_pem(&w), 4096);
    let d = Deferred::new();
    let mut first = 0;
    let _ = batched(&valid, &s, &d, |p| {
        first += p.len();
        p.iter().map(|x| Some(p256_answer(x))).collect()
    });
    let more: Vec<(String, String)> =
        (0..5u64).map(|i| (format!("more-{i}.xml"), w.sign(&w.request_623(1_800_000_000_000 + i).to_xml(), &w.xml_sign))).collect();
    let mut second = 0;
    let got = batched(&more, &s, &d, |p| {
        second += p.len();
        p.iter().map(|x| Some(p256_answer(x))).collect()
    });
    assert_eq!(second, more.len(), "one request per document (its own signature); every certificate link came from the cache");
    assert!(first > valid.len() - 1, "the first batch also verified the certificate links");
    assert!(got.iter().all(|r| r["findings"].as_array().unwrap().iter().all(|f| f["outcome"] != "fail")));
}

#[test]
fn the_cache_never_changes_a_verdict_in_any_order_or_size() {
    let w = DemoWorld::new();
    let docs = batch_corpus::documents(&w);
    let pem = batch_corpus::trust_pem(&w);
    let reference = alone(&docs, &pem);
    for capacity in [8, 4096] {
        for reversed in [false, true] {
            let s = store(&pem, capacity);
            let mut order: Vec<usize> = (0..docs.len()).collect();
            if reversed {
                order.reverse();
            }
            // twice through, so the second pass is served from the cache
            for _ in 0..2 {
                for &i in &order {
                    let (name, d) = &docs[i];
                    let r = serde_json::to_value(duis::check_with(
                        name,
                        d.as_bytes(),
                        &opts(),
                        &DuisInputs { trust: Some(&s), context: None, cache: None, crypto: None, roles: None },
                    ))
                    .unwrap();
                    assert_eq!(r, reference[i], "capacity {capacity}, reversed {reversed}: {name}");
                }
            }
            assert!(s.cache().links() <= capacity);
        }
    }
}

#[test]
fn an_altered_certificate_is_never_served_from_the_cache() {
    let w = DemoWorld::new();
    let docs = batch_corpus::documents(&w);
    let pem = batch_corpus::trust_pem(&w);
    let s = store(&pem, 4096);
    let pick = |name: &str| docs.iter().find(|(n, _)| n == name).unwrap().1.clone();
    let check =
        |d: &str| duis::check_with("x.xml", d.as_bytes(), &opts(), &DuisInputs { trust: Some(&s), context: None, cache: None, crypto: None, roles: None });
    let genuine = check(&pick("valid-0.xml"));
    let verified = s.signature_verifications();
    let altered = check(&pick("replacement-cert-altered.xml"));
    let outcome = |r: &sec_rules::Report| r.findings.iter().filter(|f| f.rule.as_str() == "srpd.certs.oca-included").map(|f| f.outcome).collect::<Vec<_>>();
    assert!(outcome(&genuine).iter().all(|o| *o == sec_rules::Outcome::Pass));
    assert!(outcome(&altered).contains(&sec_rules::Outcome::Fail));
    assert!(s.signature_verifications() > verified, "the altered certificate was verified, not looked up");
}
