//! Writes the seed inputs of each fuzz target into `fuzz/seeds/<target>/` from the project's
//! own fixtures (demo requests, the test PKI, ADT and inventory files, context and models):
//! `cargo run --example fuzz_seeds`. scripts/fuzz.sh runs it when a target has no corpus yet.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, reason = "example")]

use std::path::Path;

fn put(target: &str, name: &str, bytes: &[u8]) {
    let dir = Path::new("fuzz/seeds").join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn main() {
    let w = sec_rules::demo::DemoWorld::new();
    for s in sec_rules::demo::samples() {
        let target = if s.name.ends_with(".xml") {
            "duis_pipeline"
        } else if s.name.ends_with(".json") {
            "context_json"
        } else {
            "smki_cert"
        };
        put(target, &s.name, s.content.as_bytes());
        if target == "duis_pipeline" {
            put("c14n", &s.name, s.content.as_bytes());
        }
    }
    let ns = r#"<?xml version="1.0"?><a:r xmlns:a="urn:a" xmlns="urn:d" xml:lang="en"><b a:x="1" xmlns:c="urn:c"><c:d xmlns=""/><?pi v?><![CDATA[x<y]]>&#13;&amp;</b><!--c--></a:r>"#;
    put("c14n", "namespaces.xml", ns.as_bytes());
    put("duis_pipeline", "namespaces.xml", ns.as_bytes());
    for (name, c) in [("root", &w.pki.root), ("oca", &w.pki.oca), ("xmlsign", &w.xml_sign), ("ka", &w.supplier_ka)] {
        put("smki_cert", &format!("{name}.der"), &c.der);
        put("smki_cert", &format!("{name}.pem"), c.pem().as_bytes());
    }
    let header = "UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold";
    put("adt_csv", "adt.csv", format!("{header}\r\n90-B3-D5-1F-30-01-00-00,7,6.23,1440,100,80\r\n\"90-B3-D5-1F-30-01-00-00\",7,1.1.1,60,10,5\r\n").as_bytes());
    put(
        "adt_csv",
        "adt-bom.csv",
        format!("\u{feff}{header}\n90-B3-D5-1F-30-01-00-00,8,7.1,1440,1,1\n90-B3-D5-1F-30-01-00-00,8,4.1,60,1.23E+05,5\n").as_bytes(),
    );
    let inv = "device_id,device_type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier,planned_migration_date,critical_supplier_certificate_id\n\
               00-00-00-00-00-00-00-01,GPF,2,Commissioned,TCoS,,,,,00-00-00-00-00-00-00-02,2020-01-01,,,,G,E,2024-03-28,AB\n\
               00-00-00-00-00-00-00-02,CHF,2,Commissioned,TCoS,M,H,1,1.2,,2020-01-01,2024-04-02,,,,,,\n\
               00-00-00-00-00-00-00-03,ESME,1,Commissioned,TCoS,M,X,1,2,,2023-01-01,,2024-02-27,,,,2024-03-01,NULL\n";
    put("inventory_csv", "inventory.csv", inv.as_bytes());
    put("models_json", "models.json", br#"{ "non_migratable": [ { "manufacturer": "M", "model": "H", "hardware_version": "1" } ], "proven": [{"manufacturer":"M","model":"Y","hardware_version":"1","firmware_version":"5"}], "migrated_counts": [{"manufacturer":"M","model":"Z","hardware_version":"1","firmware_version":"1","count":300}] }"#);
    // schema_values: (document, variant, place, mode) then the characters; one seed per way of
    // placing them, over a request and a response
    for (i, seed) in [
        &[0u8, 75, 1, 0x20, 0x13, 0x14, 0x15][..],
        &[0, 5, 2, 0x41, 0x11, 0xF1, 0x00, 0x12],
        &[0, 130, 3, 0x0E, 0x16, 0x16],
        &[0, 40, 4, 0x23, 0x01, 0x02],
        &[0, 75, 5, 0x30, 0xF0, 0x06, 0x0A],
    ]
    .iter()
    .enumerate()
    {
        put("schema_values", &format!("seed-{i}"), seed);
    }
    put("context_json", "context-tcos.json", w.context_json("TCoS", 2).as_bytes());
    put(
        "context_json",
        "context-user-ids.json",
        br#"{"users":[{"user_ids":["90-B3-D5-1F-30-01-00-00","90B3D51F30030000"],"mpids":["A"]}],"devices":[],"registration":[]}"#,
    );
}
