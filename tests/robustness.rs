//! "Never a panic": thousands of deterministic mutations (bit flips, truncations, splices,
//! duplicated spans) of valid inputs through every parser and check — XML, c14n and signature,
//! PEM/DER certificates, ADT and inventory CSV, context and models JSON. The only assertion is
//! that each run returns (a panic fails the test); natively and under wasm-bindgen-test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests")]

mod common;

use sec_rules::demo::DemoWorld;
use sec_rules::request::{self as duis, DuisInputs};
use sec_rules::smki::TrustStore;
use sec_rules::{context::Context, etmad, tadp, Date, Options};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

fn mutate(r: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + r.below(4) {
        let len = v.len().max(1);
        match r.below(5) {
            0 => {
                let i = r.below(len);
                if let Some(b) = v.get_mut(i) {
                    *b ^= 1 << r.below(8);
                }
            }
            1 => v.truncate(r.below(len)),
            2 => {
                let i = r.below(len).min(v.len());
                let bytes: &[u8] = [&b"<"[..], b">", b"&", b"\"", b",", b"\n", b"\xff", b"]]>", b"<!DOCTYPE x>", b"&#0;"][r.below(10)];
                v.splice(i..i, bytes.iter().copied());
            }
            3 => {
                let a = r.below(len).min(v.len());
                let b = (a + r.below(64)).min(v.len());
                let span = v[a..b].to_vec();
                v.splice(a..a, span);
            }
            _ => {
                let a = r.below(len).min(v.len());
                let b = (a + r.below(32)).min(v.len());
                v.drain(a..b);
            }
        }
    }
    v
}

fn opts() -> Options {
    Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft: false }
}

const ROUNDS: usize = if cfg!(target_arch = "wasm32") { 150 } else { 3000 };

both! {
    fn mutated_signed_requests_never_panic() {
        let w = DemoWorld::new();
        let mut store = TrustStore::new();
        store.add_file("t.pem", w.trust_pem().as_bytes()).unwrap();
        let ctx = Context::from_json("c.json", w.context_json("TCoS", 2).as_bytes()).unwrap();
        let doc = w.sign(&w.request_623(1).to_xml(), &w.xml_sign);
        let mut r = Rng(0x5EC_2023);
        for _ in 0..ROUNDS {
            let m = mutate(&mut r, doc.as_bytes());
            let rep = duis::check_with("m.xml", &m, &opts(), &DuisInputs { trust: Some(&store), context: Some(&ctx), cache: None, crypto: None, roles: None });
            assert!(!rep.findings.is_empty());
        }
    }

    fn mutated_certificates_and_pem_never_panic() {
        let w = DemoWorld::new();
        let pem = w.trust_pem();
        let der = w.xml_sign.der.clone();
        let mut r = Rng(0xCE27);
        for _ in 0..ROUNDS {
            let mut s = TrustStore::new();
            let _ = s.add_file("m.pem", &mutate(&mut r, pem.as_bytes()));
            let _ = s.add_file("m.der", &mutate(&mut r, &der));
        }
    }

    fn mutated_adt_files_never_panic() {
        let adt = "UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\r\n\
                   90-B3-D5-1F-30-01-00-00,7,6.23,1440,100,80\r\n\"90-B3-D5-1F-30-01-00-00\",7,1.1.1,60,10,5\r\n";
        let mut r = Rng(0xAD7);
        for _ in 0..ROUNDS {
            let out = tadp::check("m.csv", &mutate(&mut r, adt.as_bytes()), &opts(), &tadp::AdtInputs::default());
            assert!(out.report.thresholds.is_some());
        }
    }

    fn mutated_inventories_models_and_contexts_never_panic() {
        let inv = "device_id,device_type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier,planned_migration_date,critical_supplier_certificate_id\n\
                   00-00-00-00-00-00-00-01,GPF,2,Commissioned,TCoS,,,,,00-00-00-00-00-00-00-02,2020-01-01,,,,G,E,2024-03-28,AB\n\
                   00-00-00-00-00-00-00-02,CHF,2,Commissioned,TCoS,M,H,1,1.2,,2020-01-01,2024-04-02,,,,,,\n";
        let models = r#"{ "non_migratable": [ { "manufacturer": "M", "model": "H", "hardware_version": "1" } ], "proven": [], "migrated_counts": [] }"#;
        let ctx = DemoWorld::new().context_json("ECoS", 2);
        let mut r = Rng(0x1417);
        for _ in 0..ROUNDS {
            let m = etmad::read_models("m.json", &mutate(&mut r, models.as_bytes())).unwrap_or_default();
            let rep = etmad::check("m.csv", &mutate(&mut r, inv.as_bytes()), Some(&m), &opts());
            assert!(rep.devices.is_some());
            let _ = Context::from_json("c.json", &mutate(&mut r, ctx.as_bytes()));
        }
    }
}
