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
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
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
    assert!(String::from_utf8_lossy(&out.stdout).contains("ERROR       /no/such/file.xml  cannot read"), "{}", String::from_utf8_lossy(&out.stdout));
    let out = bin().args(["duis", "--as-of", "2024-02-30", "x.xml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--as-of"));
    let out = bin().args(["duis", "--frobnicate", "x.xml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let junk = tmp("junk.pem", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    let out = bin().args(["duis", "--trust"]).arg(&junk).arg("x.xml").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "x.xml does not exist");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("junk.pem") && err.contains("0 certificates loaded") && err.contains("1 skipped"), "{err}");
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
    assert!(s.starts_with("REJECTED"), "the answer comes first: {s}");
    assert!(s.contains("cv2t.xml:5:5  duis.command-variant.allowed (E12): Command Variant 2 is not allowed"), "{s}");
    assert_eq!(s.lines().count(), 1, "one line per file: {s}");
    let v = bin().args(["duis", "--as-of", "2024-03-01", "-v"]).arg(&bad).output().unwrap();
    let s = String::from_utf8(v.stdout).unwrap();
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
    assert!(String::from_utf8(text.stdout).unwrap().contains("route tcos under SRPD 8.1A, target response 35 s"));
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
    assert_eq!(std::fs::read_to_string(&state).unwrap(), "{ not json", "a corrupt state is never overwritten");
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
    let out = bin()
        .args(["eligibility", "--as-of", "2024-03-01", "--format", "json", "--models"])
        .arg(&models)
        .arg("--summary-csv")
        .arg(&csv)
        .arg(&inv)
        .output()
        .unwrap();
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

// ---- the CLI as people use it in CI (issue 15) ----

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sec-check-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn demo(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/demo").join(name)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn every_subcommand_has_help_with_options_inputs_examples_and_exit_codes() {
    for cmd in ["duis", "adt", "eligibility", "check", "rules"] {
        for args in [vec![cmd, "--help"], vec![cmd, "-h"], vec!["help", cmd], vec![cmd, "x.xml", "--help"]] {
            let out = bin().args(&args).output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{args:?}");
            let h = text(&out.stdout);
            assert!(h.starts_with(&format!("Usage: sec-check {cmd}")), "{args:?}: {h}");
            assert!(h.contains("Options:") && h.contains("Examples:"), "{h}");
            if cmd != "rules" {
                assert!(h.contains("Exit status:") && h.contains("  3 "), "{h}");
            }
        }
    }
    let adt = text(&bin().args(["adt", "--help"]).output().unwrap().stdout);
    assert!(adt.contains("--state FILE") && adt.contains("\"<User ID>\"") && adt.contains("--cos-count N") && adt.contains("--never-submitted"), "{adt}");
    let duis = text(&bin().args(["help", "duis"]).output().unwrap().stdout);
    assert!(duis.contains("--context FILE") && duis.contains("contract §4") && duis.contains("--all"), "{duis}");
    let top = bin().arg("--help").output().unwrap();
    assert!(text(&top.stdout).contains("sec-check check"));
}

#[test]
fn unknown_words_are_errors_with_the_nearest_valid_name() {
    for (args, want) in [
        (vec!["dius", "x.xml"], "did you mean duis?"),
        (vec!["duis", "--trsut", "a", "x.xml"], "did you mean --trust?"),
        (vec!["duis", "-x", "x.xml"], "unknown option -x"),
        (vec!["duis", "--format", "jsno", "x.xml"], "did you mean json?"),
        (vec!["rules", "duis.signature.digst"], "did you mean duis.signature.digest?"),
        (vec!["help", "eligibilty"], "did you mean eligibility?"),
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(want), "{args:?}: {}", text(&out.stderr));
    }
    // -f is --format, - is standard input
    let out = bin().args(["duis", "--as-of", "2024-03-01", "-f", "json", "-"]).stdin(std::fs::File::open(demo("6.23-cv2.xml")).unwrap()).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["file"].as_str(), v["first_failure"].as_str()), (Some("-"), Some("duis.command-variant.allowed")));
    // rules ID prints only those rules
    let out = bin().args(["rules", "duis.signature.digest", "srpd.623.route", "-f", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["duis.signature.digest", "srpd.623.route"]);
}

#[test]
fn one_unreadable_file_or_a_folder_does_not_stop_the_batch() {
    let d = dir("batch");
    std::fs::create_dir_all(d.join("sub/empty")).unwrap();
    std::fs::copy(demo("6.23-cv2.xml"), d.join("sub/a.xml")).unwrap();
    std::fs::copy(demo("6.23-tampered.xml"), d.join("sub/b.xml")).unwrap();
    let out = bin()
        .args(["duis", "--as-of", "2024-03-01", "-f", "json"])
        .arg(demo("6.23-cv2.xml"))
        .arg("/no/such.xml")
        .arg(d.join("sub"))
        .arg(demo("6.23-bad-request-id.xml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "an error record makes the run exit 2");
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5, "every file has a record: {lines:?}");
    assert_eq!(lines[1]["verdict"], "error");
    assert_eq!(lines[1]["file"], "/no/such.xml");
    assert!(lines[1]["error"].as_str().unwrap().contains("cannot read"));
    assert!(lines[2]["file"].as_str().unwrap().ends_with("sub/a.xml"), "folders are walked in name order");
    assert_eq!(lines[4]["first_failure"], "duis.schema.header", "the file after the bad one is checked");
    let t = bin().args(["duis", "--as-of", "2024-03-01"]).arg(d.join("sub")).arg("/no/such.xml").arg(d.join("sub/empty")).output().unwrap();
    let s = text(&t.stdout);
    assert!(s.lines().last().unwrap() == "3 files: 0 accepted, 2 rejected, 1 not checked (error)", "{s}");
    assert!(text(&t.stderr).contains("empty: a folder with no file in it"), "{}", text(&t.stderr));
}

#[test]
fn a_closed_pipe_ends_the_run_quietly_and_commits_nothing_unwritten() {
    let d = dir("pipe");
    let adt = |seq: u32| {
        format!("UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n90-B3-D5-1F-30-01-00-00,{seq},6.23,1440,9,8\n")
    };
    for i in 1..=3 {
        std::fs::write(d.join(format!("a{i}.csv")), adt(i)).unwrap();
    }
    let state = d.join("state.json");
    std::fs::write(&state, "{ \"90-B3-D5-1F-30-01-00-00\": 0 }\n").unwrap();
    for format in ["text", "json"] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = bin()
            .args(["adt", "--as-of", "2024-03-01", "-f", format, "--commit", "--state"])
            .arg(&state)
            .args(["a1.csv", "a2.csv", "a3.csv"])
            .current_dir(&d)
            .stdout(writer)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(141), "{format}");
        assert!(!text(&out.stderr).contains("panicked"), "{}", text(&out.stderr));
        assert_eq!(std::fs::read_to_string(&state).unwrap(), "{ \"90-B3-D5-1F-30-01-00-00\": 0 }\n", "no report was written, so nothing is committed");
    }
    // a full disk under the reports: an I/O error naming the output, and nothing committed
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = bin().args(["adt", "--as-of", "2024-03-01", "--commit", "--state"]).arg(&state).arg(d.join("a1.csv")).stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("writing the reports"), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&state).unwrap().contains(": 0"));
    // with the output open, each accepted file is committed after its report; the old state is kept as .bak
    let ok = bin().args(["adt", "--as-of", "2024-03-01", "--commit", "--state"]).arg(&state).args(["a1.csv", "a2.csv"]).current_dir(&d).output().unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stdout));
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(saved["90-B3-D5-1F-30-01-00-00"], 2);
    let bak: serde_json::Value = serde_json::from_slice(&std::fs::read(d.join("state.json.bak")).unwrap()).unwrap();
    assert_eq!(bak["90-B3-D5-1F-30-01-00-00"], 1);
}

#[test]
fn exit_codes_tell_rejected_from_incomplete_when_asked() {
    let signed = demo("6.23-signed.xml"); // incomplete without a trust store
    let rejected = demo("6.23-cv2.xml");
    let code = |extra: &[&str], files: &[&PathBuf]| {
        let mut c = bin();
        c.args(["duis", "--as-of", "2024-03-01"]).args(extra);
        for f in files {
            c.arg(f);
        }
        c.output().unwrap().status.code()
    };
    assert_eq!(code(&[], &[&signed]), Some(1), "contract §1: incomplete exits 1");
    assert_eq!(code(&["--detailed-exit-codes"], &[&signed]), Some(3));
    assert_eq!(code(&["--detailed-exit-codes"], &[&signed, &rejected]), Some(1));
    assert_eq!(code(&["--fail-on", "rejected"], &[&signed]), Some(0));
    assert_eq!(code(&["--fail-on", "rejected"], &[&signed, &rejected]), Some(1));
    let trust = demo("demo-trust-store.pem");
    let ctx = demo("demo-context.json");
    assert_eq!(code(&["--trust", trust.to_str().unwrap(), "--context", ctx.to_str().unwrap()], &[&signed]), Some(0));
}

#[test]
fn sarif_csv_output_quiet_colour_and_json_errors() {
    let d = dir("formats");
    let files = [demo("6.23-signed.xml"), demo("6.23-tampered.xml")];
    let sarif_path = d.join("r.sarif");
    let out = bin().args(["duis", "--as-of", "2024-03-01", "-f", "sarif", "-o"]).arg(&sarif_path).args(&files).arg("/no/such.xml").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "--output takes the reports");
    let sarif: serde_json::Value = serde_json::from_slice(&std::fs::read(&sarif_path).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let digest = results.iter().find(|r| r["ruleId"] == "duis.signature.digest").unwrap();
    assert_eq!(digest["level"], "error");
    assert!(digest["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().ends_with("6.23-tampered.xml"));
    assert!(sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].as_str().unwrap().contains("/no/such.xml"));
    // the same exporter as the page's
    let reports: Vec<serde_json::Value> = files
        .iter()
        .map(|f| serde_json::from_slice(&bin().args(["duis", "--as-of", "2024-03-01", "-f", "json"]).arg(f).output().unwrap().stdout).unwrap())
        .collect();
    let csv = bin().args(["duis", "--as-of", "2024-03-01", "-f", "csv"]).args(&files).output().unwrap();
    assert_eq!(text(&csv.stdout), sec_rules::export::csv(&reports));
    // quiet: only what is not accepted, no tally
    let q = bin()
        .args(["duis", "--as-of", "2024-03-01", "-q", "--trust"])
        .arg(demo("demo-trust-store.pem"))
        .arg("--context")
        .arg(demo("demo-context.json"))
        .args(&files)
        .output()
        .unwrap();
    let s = text(&q.stdout);
    assert_eq!(s.lines().count(), 1, "{s}");
    assert!(s.starts_with("REJECTED"));
    // colour only when asked (not a terminal here) and never with NO_COLOR on auto
    let plain = bin().args(["duis", "--as-of", "2024-03-01"]).arg(&files[1]).output().unwrap();
    assert!(!plain.stdout.contains(&0x1b));
    let coloured = bin().args(["duis", "--as-of", "2024-03-01", "--color", "always"]).arg(&files[1]).output().unwrap();
    assert!(text(&coloured.stdout).starts_with("\x1b[1;31mREJECTED"));
    // errors on stderr are JSON with --format json
    let e = bin().args(["duis", "-f", "json", "--as-of", "2024-02-30", "x.xml"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&e.stderr).unwrap();
    assert!(v["error"].as_str().unwrap().contains("--as-of"));
}

#[test]
fn inputs_are_told_apart_by_content_and_reads_are_capped() {
    let d = dir("mixed");
    let adt = d.join("adt.csv");
    std::fs::write(&adt, "UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n90-B3-D5-1F-30-01-00-00,4,6.23,1440,9,8\n").unwrap();
    let out = bin().args(["duis", "--as-of", "2024-03-01"]).arg(&adt).output().unwrap();
    assert!(text(&out.stdout).contains("this looks like an ADT file, not a DUIS document: use sec-check adt"), "{}", text(&out.stdout));
    // check takes any mix: certificates and the context are inputs, the rest is checked
    let out = bin()
        .args(["check", "--as-of", "2024-03-01", "-f", "json"])
        .arg(demo("demo-trust-store.pem"))
        .arg(demo("demo-context.json"))
        .arg(demo("6.23-signed.xml"))
        .arg(&adt)
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "{}", text(&out.stdout));
    assert_eq!((lines[0]["kind"].as_str(), lines[0]["verdict"].as_str()), (Some("duis-request"), Some("accepted")));
    assert_eq!((lines[1]["kind"].as_str(), lines[1]["verdict"].as_str()), (Some("adt"), Some("accepted")));
    assert_eq!(out.status.code(), Some(0));
    // a trust folder: a malformed certificate is skipped with a warning; an empty folder warned about
    let trust = d.join("trust");
    std::fs::create_dir_all(trust.join("empty")).unwrap();
    std::fs::copy(demo("demo-trust-store.pem"), trust.join("store.pem")).unwrap();
    std::fs::write(trust.join("broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").unwrap();
    std::fs::write(trust.join("notes.txt"), "hello").unwrap();
    let out = bin().args(["duis", "--as-of", "2024-03-01", "--trust"]).arg(&trust).arg(demo("6.23-signed.xml")).output().unwrap();
    let err = text(&out.stderr);
    assert!(
        err.contains("4 certificates loaded from 1 file; 2 skipped") && err.contains("broken.pem") && err.contains("notes.txt: not a PEM or DER certificate"),
        "{err}"
    );
    assert!(text(&out.stdout).starts_with("INCOMPLETE"), "checked with the certificates that loaded: {}", text(&out.stdout));
    let out = bin().args(["duis", "--as-of", "2024-03-01", "--trust"]).arg(trust.join("empty")).arg(demo("6.23-signed.xml")).output().unwrap();
    assert!(text(&out.stderr).contains("0 certificates loaded"), "{}", text(&out.stderr));
    // an endless input is refused at the cap, at once
    let mut child = bin().args(["duis", "/dev/zero"]).stdout(std::process::Stdio::piped()).spawn().unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < std::time::Duration::from_secs(60), "sec-check duis /dev/zero does not end");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert!(text(&out.stdout).contains("larger than the 4 MiB limit for a DUIS document"), "{}", text(&out.stdout));
    // an inventory is streamed, but no line may be endless
    let models = tmp("models-zero.json", b"{ \"non_migratable\": [] }");
    let out = bin().args(["eligibility", "--models"]).arg(&models).arg("/dev/zero").output().unwrap();
    assert!(text(&out.stdout).contains("line 1 is longer than 1048576 bytes"), "{}", text(&out.stdout));
}

#[test]
fn no_output_error_panics_in_any_subcommand() {
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let inv = tmp("inv-full.csv", b"device_id,device_type,status\n00-00-00-00-00-00-00-01,ESME,Commissioned\n");
    let models = tmp("models-full.json", b"{ \"non_migratable\": [] }");
    for args in [
        vec!["rules".to_owned()],
        vec!["duis".into(), demo("6.23-cv2.xml").display().to_string()],
        vec!["eligibility".into(), "-f".into(), "json".into(), "--models".into(), models.display().to_string(), inv.display().to_string()],
        vec!["adt".into(), "--never-submitted".into(), "90-B3-D5-1F-30-01-00-00".into()],
    ] {
        let out = bin().args(&args).stdout(full()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!text(&out.stderr).contains("panicked"), "{args:?}: {}", text(&out.stderr));
    }
}

#[test]
fn a_trust_folder_with_no_certificate_is_no_store_as_on_the_page() {
    // the warning says the signer checks will not be evaluated: the report must agree
    let empty = dir("empty-trust");
    std::fs::write(empty.join("readme.txt"), b"no certificates here").unwrap();
    let o = bin().args(["duis", "--as-of", "2024-03-01", "--format", "json", "--trust"]).arg(&empty).arg(demo("6.23-signed.xml")).output().unwrap();
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["verdict"], "incomplete", "{r}");
    let known = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "duis.signer.known").unwrap();
    assert_eq!(known["outcome"], "not-evaluated", "{known}");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("will not be evaluated"), "{}", text(&o.stderr));
}

/// Issue 22: `--user ID=ROLES` gives the sender's roles (merged with the context's); a request
/// otherwise fully checked is incomplete without them, and the line says the one thing to give.
#[test]
fn user_roles_on_the_command_line() {
    let w = sec_rules::demo::DemoWorld::new();
    let req = tmp("roles-623.xml", w.sign(&w.request_623(11).to_xml(), &w.xml_sign).as_bytes());
    let trust = tmp("roles-trust.pem", w.trust_pem().as_bytes());
    let ctx = tmp("roles-ctx.json", w.context_json("ECoS", 2).replace(r#", "roles": ["IS"]"#, "").as_bytes());
    let run = |extra: &[&str]| {
        let out = bin().args(["duis", "--as-of", "2024-03-01", "--trust"]).arg(&trust).arg("--context").arg(&ctx).args(extra).arg(&req).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, out, _) = run(&[]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("INCOMPLETE"), "{out}");
    assert!(
        out.contains("Incomplete only because the User Roles of 90-B3-D5-1F-30-01-00-00 are not known") && out.contains("--user 90-B3-D5-1F-30-01-00-00=IS"),
        "{out}"
    );
    let (code, out, _) = run(&["--user", "90-B3-D5-1F-30-01-00-00=ES"]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("REJECTED") && out.contains("duis.access.role-eligible (E2)"), "{out}");
    let (code, out, _) = run(&["--user", "90-B3-D5-1F-30-01-00-00=ES", "--user", "90B3D51F30010000=gs"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.starts_with("ACCEPTED"), "{out}");
    let (code, _, err) = run(&["--user", "90-B3-D5-1F-30-01-00-00=Supplier"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--user 90-B3-D5-1F-30-01-00-00=Supplier: \"Supplier\" is not a SEC User Role code"), "{err}");
}

/// Issue 27: a panic while checking one file (forced in this debug build by the file's name)
/// is that file's error record; the files after it are still checked, and no stack trace is
/// printed.
#[test]
fn a_panic_on_one_file_loses_no_other_file() {
    let w = sec_rules::demo::DemoWorld::new();
    let doc = w.sign(&w.request_623(12).to_xml(), &w.xml_sign);
    let first = tmp(&format!("a-{}.xml", sec_rules::FORCED_PANIC_MARKER), doc.as_bytes());
    let second = tmp("b-after-the-panic.xml", sec_rules::demo::request_623(2, 9).as_bytes());
    let adt = tmp(&format!("c-{}.csv", sec_rules::FORCED_PANIC_MARKER), b"UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n90-B3-D5-1F-30-01-00-00,1,6.23,1440,1,1\n");
    let out = bin().args(["check", "--as-of", "2024-03-01", "--format", "json"]).arg(&first).arg(&second).arg(&adt).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a file that could not be checked");
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["verdict"], "error");
    assert!(
        lines[0]["error"].as_str().unwrap().contains("internal error") && lines[0]["error"].as_str().unwrap().contains("The other files were checked"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1]["verdict"], "rejected", "the file after the panic is checked");
    assert_eq!(lines[1]["first_failure"], "duis.command-variant.allowed");
    assert_eq!(lines[2]["verdict"], "error", "an ADT file's check is guarded too");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked at") && !err.contains("stack backtrace"), "{err}");
}

/// Issue 23: `--trust-anchor` trusts a certificate as given; without it a signer whose OCA is
/// not given is incomplete (never rejected), and with an OCA of the same name but another key it
/// is rejected with the hint. The demo's test-environment request stands in for DCC Boxed's.
#[test]
fn trust_anchors_on_the_command_line() {
    let w = sec_rules::demo::DemoWorld::new();
    let compact: String = w.request_623(21).to_xml().lines().map(str::trim).collect();
    let req = tmp("boxed-623.xml", w.sign(&compact, &w.test_env_signer).as_bytes());
    let signer = tmp("xml-sign-test-env.pem", w.test_env_signer.pem().as_bytes());
    let public = tmp("public-z1.pem", w.trust_pem().as_bytes());
    let ctx = tmp("anchor-ctx.json", w.context_json("ECoS", 2).as_bytes());
    let run = |extra: &[&std::ffi::OsStr]| {
        let out = bin().args(["duis", "--as-of", "2024-03-01", "--context"]).arg(&ctx).args(extra).arg(&req).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, out, err) = run(&["--trust-anchor".as_ref(), signer.as_os_str()]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.starts_with("ACCEPTED"), "{out}");
    assert!(err.contains("1 trusted as given"), "{err}");
    let (_, out, _) = run(&["--trust-anchor".as_ref(), signer.as_os_str(), "-v".as_ref()]);
    assert!(out.contains("note: Trusted as given: this verdict rests on the trust anchor") && out.contains("xml-sign-test-env.pem"), "{out}");
    let (code, out, _) = run(&["--trust".as_ref(), signer.as_os_str()]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("INCOMPLETE") && out.contains("duis.signer.valid") && out.contains("--trust-anchor"), "{out}");
    let (code, out, _) = run(&["--trust".as_ref(), signer.as_os_str(), "--trust".as_ref(), public.as_os_str()]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("REJECTED") && out.contains("duis.signer.valid") && out.contains("another OCA of the same name"), "{out}");
    let (code, _, err) = run(&["--trust-anchor".as_ref(), "/no/such/anchor.pem".as_ref()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--trust-anchor /no/such/anchor.pem: no such file or folder"), "{err}");
}

#[test]
fn check_over_a_folder_names_a_stray_json_and_goes_on() {
    let d = std::env::temp_dir().join(format!("sec-check-stray-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let demo = |n: &str| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/demo").join(n);
    for n in ["6.23-signed.xml", "6.23-cv2.xml", "demo-trust-store.pem", "demo-context.json"] {
        std::fs::copy(demo(n), d.join(n)).unwrap();
    }
    std::fs::write(d.join("expected.json"), r#"{ "as_of": "2024-03-01", "verdict": "accepted" }"#).unwrap();
    std::fs::write(d.join("package.json"), r#"{ "name": "ci", "version": "1.0.0" }"#).unwrap();
    let out = bin().args(["check", "--as-of", "2024-03-01", "-f", "json"]).arg(&d).output().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let stray: Vec<&serde_json::Value> = lines.iter().filter(|l| l["verdict"] == "error").collect();
    assert_eq!(stray.len(), 2, "{lines:?}");
    assert!(stray
        .iter()
        .any(|l| l["file"].as_str().unwrap().ends_with("expected.json")
            && l["error"].as_str().unwrap().starts_with("not a context or models file: line 1 column")));
    assert!(stray.iter().all(|l| l["error"].as_str().unwrap().contains("unknown field")));
    // every other file is checked, with the folder's real context and certificates
    let verdicts: Vec<(&str, &str)> =
        lines.iter().filter(|l| l["verdict"] != "error").map(|l| (l["file"].as_str().unwrap(), l["verdict"].as_str().unwrap())).collect();
    assert_eq!(verdicts.len(), 2, "{verdicts:?}");
    assert!(verdicts.iter().any(|(f, v)| f.ends_with("6.23-signed.xml") && *v == "accepted"), "{verdicts:?}");
    assert_eq!(out.status.code(), Some(2), "a file not checked: exit 2");
    // given explicitly, the same file is a usage error
    let out = bin().args(["duis", "--as-of", "2024-03-01", "--context"]).arg(d.join("expected.json")).arg(d.join("6.23-signed.xml")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("unknown field `as_of`"));
}
