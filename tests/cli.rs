//! The `sec-check` door: exit codes, JSON Lines, usage errors (contract §1).

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests and benches assert by panicking")]

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sec-check"))
}

fn tmp(name: &str, content: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sec-check-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

#[test]
fn rules_json_lists_every_rule_with_clause() {
    let out = bin().args(["rules", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = v["rules"].as_array().unwrap();
    assert_eq!(rules.len(), sec_rules::catalogue::rules().len());
    assert!(rules.iter().all(|r| r["clause"].as_str().is_some_and(|c| !c.is_empty())));
    assert_eq!(v["service_reference_variants"].as_array().unwrap().len(), 129);
    let md = bin().args(["rules", "--format", "markdown"]).output().unwrap();
    assert!(String::from_utf8(md.stdout).unwrap().contains("| `duis.signer.xmlsign-role` | DUIS |"));
}

#[test]
fn duis_json_lines_one_object_per_file_and_exit_codes() {
    let w = sec_rules::demo::DemoWorld::new();
    let ok = tmp("ok.xml", w.sign(&w.request_623(9).to_xml(), &w.xml_sign).as_bytes());
    let bad = tmp("cv2.xml", sec_rules::demo::request_623(2, 9).as_bytes());
    let trust_dir = std::env::temp_dir().join(format!("sec-check-cli-trust-{}", std::process::id()));
    std::fs::create_dir_all(trust_dir.join("nested")).unwrap();
    std::fs::write(trust_dir.join("nested/store.pem"), w.trust_pem()).unwrap();
    std::fs::write(trust_dir.join("README.txt"), "not a certificate, skipped in folders").unwrap();
    let out = bin().args(["duis", "--as-of", "2024-03-01", "--format", "json", "--trust"]).arg(&trust_dir).arg(&ok).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["verdict"], "incomplete", "{}", lines[0]);
    let passed: Vec<&str> = lines[0]["findings"].as_array().unwrap().iter().filter(|f| f["outcome"] == "pass").map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(passed.contains(&"duis.signature.value") && passed.contains(&"duis.signer.valid") && passed.contains(&"duis.signer.user-id"), "{passed:?}");
    assert_eq!(lines[0]["first_failure"], serde_json::Value::Null);
    assert_eq!(lines[0]["route"], serde_json::Value::Null);
    assert_eq!(lines[0]["as_of"], "2024-03-01");
    assert_eq!(lines[1]["verdict"], "rejected");
    assert_eq!(lines[1]["first_failure"], "duis.command-variant.allowed");
    assert_eq!(lines[1]["response_code"], "E12");
    let f = lines[1]["findings"].as_array().unwrap().iter().find(|f| f["outcome"] == "fail").unwrap();
    assert_eq!(f["location"]["line"], 5);
    assert_eq!(f["location"]["path"], "/Request/Header/CommandVariant");
}

#[test]
fn usage_and_io_errors_exit_2_naming_the_file() {
    let out = bin().args(["duis", "/no/such/file.xml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.xml"));
    let out = bin().args(["duis", "--as-of", "2024-02-30", "x.xml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--as-of"));
    let out = bin().args(["duis", "--frobnicate", "x.xml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let junk = tmp("junk.pem", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    let out = bin().args(["duis", "--trust"]).arg(&junk).arg("x.xml").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("junk.pem: certificate 1"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = bin().args(["rules", "--format", "yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn text_format_names_rule_clause_and_place() {
    let bad = tmp("cv2t.xml", sec_rules::demo::request_623(2, 9).as_bytes());
    let out = bin().args(["duis", "--as-of", "2024-03-01"]).arg(&bad).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("REJECTED"), "{s}");
    assert!(s.contains("first failure: duis.command-variant.allowed (response code E12)"), "{s}");
    assert!(s.contains("line 5, column 5, /Request/Header/CommandVariant"), "{s}");
}

#[test]
fn duis_with_trust_and_context_accepts_and_routes_exit_0() {
    let w = sec_rules::demo::DemoWorld::new();
    let req = tmp("valid.xml", w.sign(&w.request_623(11).to_xml(), &w.xml_sign).as_bytes());
    let trust = tmp("trust-ctx.pem", w.trust_pem().as_bytes());
    let ctx = tmp("ctx.json", w.context_json("TCoS", 2).as_bytes());
    let out = bin().args(["duis", "--as-of", "2024-03-01", "--format", "json", "--trust"]).arg(&trust).arg("--context").arg(&ctx).arg(&req).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verdict"], "accepted");
    assert_eq!(v["route"], serde_json::json!({ "party": "tcos", "clause": "SRPD 8.1A", "target_response_seconds": 35 }));
    let text = bin().args(["duis", "--as-of", "2024-03-01", "--trust"]).arg(&trust).arg("--context").arg(&ctx).arg(&req).output().unwrap();
    assert!(String::from_utf8(text.stdout).unwrap().contains("route: tcos under SRPD 8.1A, target response 35 s"));
}

#[test]
fn a_malformed_context_is_a_usage_error_naming_file_line_and_column() {
    let ctx = tmp("broken-ctx.json", b"{\n  \"users\": [ { \"user_id\": 5 } ]\n}");
    let out = bin().args(["duis", "--context"]).arg(&ctx).arg("x.xml").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken-ctx.json: line 2 column"), "{err}");
}

#[test]
fn adt_state_commit_replay_and_json_thresholds() {
    let dir = std::env::temp_dir().join(format!("sec-check-adt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let adt = dir.join("adt.csv");
    std::fs::write(&adt, "UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n90-B3-D5-1F-30-01-00-00,4,6.23,1440,9,8\n").unwrap();
    let state = dir.join("state.json");
    let run = |commit: bool| {
        let mut c = bin();
        c.args(["adt", "--as-of", "2024-03-01", "--format", "json", "--state"]).arg(&state);
        if commit {
            c.arg("--commit");
        }
        c.arg(&adt).output().unwrap()
    };
    let first = run(true);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let v: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(v["kind"], "adt");
    assert_eq!(v["thresholds"][0], serde_json::json!({ "srv": "6.23", "period_minutes": 1440, "adt": 9, "warning": 8, "source": "file" }));
    assert_eq!(v["thresholds"].as_array().unwrap().len(), 38);
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(saved, serde_json::json!({ "90-B3-D5-1F-30-01-00-00": 4 }));
    let again = run(false);
    assert_eq!(again.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(v["first_failure"], "tadp.adt.sequence-replay");
    std::fs::write(&state, "{ not json").unwrap();
    let bad = run(false);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("state.json: line 1 column"));
    let never = bin().args(["adt", "--as-of", "2024-03-01", "--format", "json", "--never-submitted", "90-B3-D5-1F-30-01-00-00"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&never.stdout).unwrap();
    // the 37 critical SRVs only: 6.23's entry is created while loading a file (S003 §3.2)
    let t = v["thresholds"].as_array().unwrap();
    assert_eq!(t.len(), 37);
    assert!(!t.iter().any(|x| x["srv"] == "6.23"));
}

#[test]
fn eligibility_json_streams_one_device_per_row_and_writes_summary_csv() {
    let dir = std::env::temp_dir().join(format!("sec-check-inv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let inv = dir.join("inv.csv");
    std::fs::write(&inv, "DEVICE_ID,Device_Type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier\n\
        00-00-00-00-00-00-00-01,ESME,2,Commissioned,TCoS,M,X,1,2,,2020-01-01,,,,,\n\
        00-00-00-00-00-00-00-02,ESME,2,Commissioned,ECoS,M,Y,1,2,,2020-01-01,,,,,\n").unwrap();
    let models = dir.join("models.json");
    std::fs::write(&models, r#"{ "non_migratable": [ { "manufacturer": "M", "model": "X", "hardware_version": "1", "firmware_version": "2" } ] }"#).unwrap();
    let csv = dir.join("summary.csv");
    let out = bin().args(["eligibility", "--as-of", "2024-03-01", "--format", "json", "--models"]).arg(&models).arg("--summary-csv").arg(&csv).arg(&inv).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "inventory");
    assert_eq!(v["devices"][0]["status"], "ineligible");
    assert_eq!(v["devices"][0]["reason"], "etmad.ineligible.non-migratable");
    assert_eq!(v["devices"][0]["clause"], "ETMAD 1.4(a)");
    assert_eq!(v["devices"][1]["reason"], "etmad.scope.already-ecos");
    assert!(std::fs::read_to_string(&csv).unwrap().contains("ECOSMIG-004,M,X,1,2,1"));
    let bad = bin().args(["eligibility", "--models"]).arg(&inv).arg(&inv).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("inv.csv: line 1 column"));
}
