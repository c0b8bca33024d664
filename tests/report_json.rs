//! The wasm door writes reports with its own JSON writer (`ascii_json`, for speed in the
//! browser): byte for byte what `serde_json` writes for the CLI, on every kind of report the
//! module makes — the demo files (DUIS, ADT, inventories, with and without their inputs), a
//! batch of signed, tampered and mis-signed requests checked with a trust store, the
//! catalogue — and in pure ASCII, the same JSON value.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs, reason = "tests")]

#[path = "support/batch_corpus.rs"]
mod batch_corpus;

use sec_rules::api::{self, Inputs};
use sec_rules::ascii_json;
use sec_rules::demo::DemoWorld;
use sec_rules::request::DuisInputs;
use sec_rules::smki::TrustStore;
use sec_rules::{Date, Options};
use serde::Serialize;
use serde_json::Value;

fn same<T: Serialize>(what: &str, v: &T) -> usize {
    let theirs = serde_json::to_string(v).unwrap();
    assert_eq!(ascii_json::to_string_utf8(v).unwrap(), theirs, "{what}");
    let ascii = ascii_json::to_string(v).unwrap();
    assert!(ascii.is_ascii(), "{what}");
    assert_eq!(serde_json::from_str::<Value>(&ascii).unwrap(), serde_json::from_str::<Value>(&theirs).unwrap(), "{what}");
    usize::from(!theirs.is_ascii())
}

#[test]
fn ascii_json_writes_every_report_as_serde_json_does() {
    let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft: false };
    let mut non_ascii = 0;
    let mut reports = 0;
    for (name, content) in sec_rules::demo::files() {
        if let Ok(checked) = api::check_file(&name, content.as_bytes(), &opts, &Inputs::default()) {
            non_ascii += same(&name, &checked.report);
            reports += 1;
        }
    }
    let w = DemoWorld::new();
    let mut trust = TrustStore::new();
    trust.add_file("trust.pem", batch_corpus::trust_pem(&w).as_bytes()).unwrap();
    let context = sec_rules::context::Context::from_json("context.json", w.context_json("TCoS", 2).as_bytes()).unwrap();
    for (name, doc) in batch_corpus::documents(&w) {
        let inputs = Inputs {
            duis: DuisInputs { trust: Some(&trust), context: Some(&context), cache: Some(trust.cache()), crypto: None, roles: None },
            adt: None,
            models: None,
        };
        let checked = api::check_file(&name, doc.as_bytes(), &opts, &inputs).unwrap();
        non_ascii += same(&name, &checked.report);
        reports += 1;
    }
    // ADT files and inventories, accepted and not, with and without their inputs
    let adt_ok = "UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n90-B3-D5-1F-30-01-00-00,9,6.23,1,100,50\n90-B3-D5-1F-30-01-00-00,9,6.2,2,100,50\n";
    let adt_bad = "UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n90-B3-D5-1F-30-01-00-00,9,6.23,1,10,50\nnot-an-id,x,99.9,0,-1,\n";
    let inventory = "device_id,device_type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier\n\
        00-00-00-00-00-00-00-01,ESME,2,Commissioned,TCoS,M,A,1,1,,2020-01-01,,,,,\n\
        00-00-00-00-00-00-00-02,GSME,2,Decommissioned,TCoS,M,B,1,1,,2020-01-01,,,yes,,\n\
        bad,XYZ,9,Nope,?,M,C,1,1,,2031-13-40,,,,,\n";
    let models = sec_rules::etmad::models::Models::from_json(br#"{"non_migratable":[{"manufacturer":"M","model":"B"}],"proven":[],"migrated_counts":[]}"#)
        .map(Some)
        .unwrap();
    let adt_inputs = sec_rules::tadp::AdtInputs { cos_count: Some(5), ..Default::default() };
    for (name, content) in [("adt-ok.csv", adt_ok), ("adt-bad.csv", adt_bad), ("inventory.csv", inventory)] {
        for inputs in [Inputs::default(), Inputs { duis: DuisInputs::default(), adt: Some(&adt_inputs), models: models.as_ref() }] {
            let checked = api::check_file(name, content.as_bytes(), &opts, &inputs).unwrap();
            non_ascii += same(name, &checked.report);
            reports += 1;
        }
    }
    same("catalogue", &sec_rules::catalogue::catalogue());
    assert!(reports > 20, "{reports} reports");
    assert!(non_ascii > 0, "some report text is not ASCII, so the escapes are exercised");
}
