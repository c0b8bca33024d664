//! What the page's day (issue 25) needs of the engine and the CLI: "unsigned drafts" only for
//! files without a signature; a private key named as one on every door; reports that say which
//! ADT file (User ID, SequenceNumber) they are, for "Record as submitted", and which Service
//! Reference Variant a request is, so the 6.23 journey is drawn only for 6.23s.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests and benches assert by panicking")]

use sec_rules::api::{classify, InputClass};
use sec_rules::demo::DemoWorld;
use sec_rules::model::{NoteKind, Outcome, Verdict};
use sec_rules::{Date, Options};
use std::process::Command;

fn opts(draft: bool) -> Options {
    Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft }
}

#[test]
fn unsigned_drafts_leave_signed_files_signed() {
    let w = DemoWorld::new();
    let signed = w.sign(&w.request_623(11).to_xml(), &w.xml_sign);
    let tampered = signed.replacen("<sr:ImportMPxN>1312345678333<", "<sr:ImportMPxN>1312345678999<", 1);
    // a signed file with a bad signature: still rejected for it, drafts or not
    for draft in [false, true] {
        let r = sec_rules::request::check("tampered.xml", tampered.as_bytes(), &opts(draft));
        assert_eq!(r.verdict, Verdict::Rejected, "draft {draft}");
        assert_eq!(r.first_failure.map(|f| f.as_str()), Some("duis.signature.digest"), "draft {draft}");
        assert!(r.notes.iter().all(|n| n.kind != NoteKind::Draft), "a signed file is no draft");
        let good = sec_rules::request::check("signed.xml", signed.as_bytes(), &opts(draft));
        let digest = good.findings.iter().find(|f| f.rule.as_str() == "duis.signature.digest").unwrap();
        assert_eq!(digest.outcome, Outcome::Pass, "draft {draft}: its signature is checked");
    }
    // without a signature, "drafts" judges it as one: never accepted, and said so
    let unsigned = w.request_623(12).to_xml();
    let plain = sec_rules::request::check("unsigned.xml", unsigned.as_bytes(), &opts(false));
    assert_eq!(plain.verdict, Verdict::Rejected, "unsigned, not a draft: the signature is missing");
    let draft = sec_rules::request::check("unsigned.xml", unsigned.as_bytes(), &opts(true));
    assert_ne!(draft.verdict, Verdict::Accepted);
    assert_eq!(draft.notes.first().map(|n| n.kind), Some(NoteKind::Draft));
    assert_eq!(draft.service_reference_variant, Some("6.23"));
}

#[test]
fn reports_say_which_adt_file_and_which_srv() {
    let adt = b"UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n90-B3-D5-1F-30-01-00-00,41,6.23,1440,100,80\n";
    let r = sec_rules::tadp::check("adt.csv", adt, &opts(false), &sec_rules::tadp::AdtInputs::default()).report;
    let id = r.adt_file.as_ref().expect("an ADT report names its file");
    assert_eq!((id.user_id.as_str(), id.sequence_number), ("90-B3-D5-1F-30-01-00-00", 41));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["adt_file"], serde_json::json!({ "user_id": "90-B3-D5-1F-30-01-00-00", "sequence_number": 41 }));
    // a file whose header cannot be read names no file
    let bad = sec_rules::tadp::check("bad.csv", b"UserID\n", &opts(false), &sec_rules::tadp::AdtInputs::default()).report;
    assert!(bad.adt_file.is_none());
    let w = DemoWorld::new();
    let req = w.sign(&w.request_623(13).to_xml(), &w.xml_sign);
    let other =
        req.replace("<sr:ServiceReference>6.23<", "<sr:ServiceReference>5.2<").replace("<sr:ServiceReferenceVariant>6.23<", "<sr:ServiceReferenceVariant>5.2<");
    assert_eq!(sec_rules::request::check("a.xml", req.as_bytes(), &opts(false)).service_reference_variant, Some("6.23"));
    assert_ne!(sec_rules::request::check("b.xml", other.as_bytes(), &opts(false)).service_reference_variant, Some("6.23"));
}

#[test]
fn a_private_key_is_named_as_one_on_every_door() {
    let w = DemoWorld::new();
    let key = w.xml_sign.private_key_pem();
    assert_eq!(classify(key.as_bytes()), Some(InputClass::PrivateKey));
    let mut store = sec_rules::smki::TrustStore::new();
    let e = store.add_file("key.pem", key.as_bytes()).unwrap_err().to_string();
    assert!(e.contains("key.pem") && e.contains("private key, not a certificate"), "{e}");
    // the CLI: a key among the files checked is its own error record; as --trust, a usage error
    let dir = std::env::temp_dir().join(format!("sec-check-day-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("xml-sign-key.pem"), &key).unwrap();
    std::fs::write(dir.join("6.23.xml"), w.sign(&w.request_623(14).to_xml(), &w.xml_sign)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sec-check")).args(["check", "--as-of", "2024-03-01", "-f", "json"]).arg(&dir).output().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let rec = lines.iter().find(|l| l["file"].as_str().is_some_and(|f| f.ends_with("xml-sign-key.pem"))).expect("the key has a record");
    assert_eq!(rec["verdict"], "error");
    assert!(rec["error"].as_str().unwrap().contains("private key, not a certificate"), "{rec}");
    assert!(lines.iter().any(|l| l["kind"] == "duis-request"), "the request is still checked");
    let out = Command::new(env!("CARGO_BIN_EXE_sec-check"))
        .args(["duis", "--as-of", "2024-03-01", "--trust"])
        .arg(dir.join("xml-sign-key.pem"))
        .arg(dir.join("6.23.xml"))
        .output()
        .unwrap();
    // skipped with a warning that says what it is, as any file --trust cannot use; the request's
    // signer checks are then not evaluated, never passed
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("xml-sign-key.pem: this is a private key, not a certificate; keys are never needed"));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("INCOMPLETE"));
}
