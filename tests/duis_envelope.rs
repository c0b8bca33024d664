//! DUIS envelope checks through the library door, with exact rule, outcome and location.
//! The same tests run natively and under wasm-bindgen-test (node and Chrome).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests and benches assert by panicking")]

use sec_rules::request as duis;
use sec_rules::{demo, Date, Kind, Options, Outcome, Report, Verdict};

fn opts(day: &str, all: bool) -> Options {
    Options { as_of: Date::parse(day).unwrap(), all, draft: false }
}

fn finding<'a>(r: &'a Report, rule: &str) -> &'a sec_rules::Finding {
    r.findings.iter().find(|f| f.rule.as_str() == rule).unwrap_or_else(|| panic!("no finding for {rule}"))
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn placeholder_certificates_fail_the_body_after_the_envelope_passes() {
    let r = duis::check("ph.xml", demo::request_623(1, 5).as_bytes(), &opts("2024-03-01", false));
    assert_eq!(r.kind, Kind::DuisRequest);
    for rule in ["duis.xml.well-formed", "duis.schema.header", "duis.request-id.format", "duis.command-variant.allowed"] {
        assert_eq!(finding(&r, rule).outcome, Outcome::Pass, "{rule}");
    }
    // base64, as the schema asks, but no certificate
    assert_eq!(finding(&r, "duis.schema.body").outcome, Outcome::Pass);
    assert_eq!(r.first_failure.map(|f| f.as_str()), Some("duis.body.certificates"));
    let f = finding(&r, "duis.body.certificates");
    assert!(f.message.starts_with("DigitalSigningCertificate is not a base64 DER certificate"), "{}", f.message);
    assert_eq!(
        f.location.as_ref().unwrap().path.as_deref(),
        Some("/Request/Body/UpdateSecurityCredentialsCoS/SupplierReplacementCertificates/DigitalSigningCertificate")
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn cv2_for_623_fails_with_e12_at_the_command_variant() {
    let r = duis::check("cv2.xml", demo::request_623(2, 5).as_bytes(), &opts("2024-03-01", false));
    assert_eq!(r.verdict, Verdict::Rejected);
    assert_eq!(r.first_failure.map(|f| f.as_str()), Some("duis.command-variant.allowed"));
    assert_eq!(r.response_code, Some("E12"));
    let f = finding(&r, "duis.command-variant.allowed");
    let loc = f.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (Some(5), Some(5)));
    assert_eq!(loc.path.as_deref(), Some("/Request/Header/CommandVariant"));
    // first-failure mode: everything after is not evaluated, never pass
    let after: Vec<_> = r.findings.iter().skip_while(|f| f.rule.as_str() != "duis.command-variant.allowed").skip(1).collect();
    assert!(!after.is_empty());
    assert!(after.iter().all(|f| matches!(f.outcome, Outcome::NotEvaluated | Outcome::Skipped)));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn cv2_for_623_was_allowed_before_duis_5_1() {
    let r = duis::check("cv2.xml", demo::request_623(2, 5).as_bytes(), &opts("2022-01-01", false));
    assert_eq!(finding(&r, "duis.command-variant.allowed").outcome, Outcome::Pass);
    assert_eq!(finding(&r, "duis.signer.xmlsign-role").outcome, Outcome::Skipped);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn malformed_xml_reports_line_and_column() {
    let doc = demo::request_623(1, 5).replace("</sr:CommandVariant>", "</sr:CommandVarian>");
    let r = duis::check("bad.xml", doc.as_bytes(), &opts("2024-03-01", true));
    assert_eq!(r.first_failure.map(|f| f.as_str()), Some("duis.xml.well-formed"));
    let loc = finding(&r, "duis.xml.well-formed").location.clone().unwrap();
    assert_eq!(loc.line, Some(5));
    assert!(loc.column.is_some());
    // with --all, the dependants say why they could not run
    assert!(finding(&r, "duis.schema.header").message.contains("not well-formed"));
    assert_eq!(finding(&r, "duis.schema.header").outcome, Outcome::NotEvaluated);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn header_order_fault_has_path() {
    let doc = demo::request_623(1, 5).replace(
        "<sr:CommandVariant>1</sr:CommandVariant>\n    <sr:ServiceReference>6.23</sr:ServiceReference>",
        "<sr:ServiceReference>6.23</sr:ServiceReference>\n    <sr:CommandVariant>1</sr:CommandVariant>",
    );
    let r = duis::check("order.xml", doc.as_bytes(), &opts("2024-03-01", false));
    assert_eq!(r.first_failure.map(|f| f.as_str()), Some("duis.schema.header"));
    let f = r.findings.iter().find(|f| f.outcome == Outcome::Fail).unwrap();
    assert_eq!(f.message, "element ServiceReference is not allowed here: expected one of CommandVariant, FirstInSequence, PrecedingServiceRequestID");
    assert_eq!(f.location.as_ref().unwrap().path.as_deref(), Some("/Request/Header/ServiceReference"));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn request_id_faults_name_the_field() {
    let doc = demo::request_623(1, 7).replace(":7</sr:RequestID>", ":07</sr:RequestID>");
    let r = duis::check("rid.xml", doc.as_bytes(), &opts("2024-03-01", true));
    // the schema's pattern catches it first, and says which part is wrong
    assert_eq!(r.first_failure.map(|f| f.as_str()), Some("duis.schema.header"));
    for rule in ["duis.schema.header", "duis.request-id.format"] {
        let f = finding(&r, rule);
        assert_eq!(f.outcome, Outcome::Fail, "{rule}");
        assert!(f.message.contains("its counter \"07\" has leading zeros"), "{}", f.message);
        assert_eq!(f.location.as_ref().unwrap().path.as_deref(), Some("/Request/Header/RequestID"));
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn hostile_xml_is_refused_without_panic() {
    let cases: Vec<Vec<u8>> = vec![
        b"<!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><r>&b;</r>".to_vec(),
        b"<r>\xff\xfe</r>".to_vec(),
        format!("{}{}", "<a>".repeat(1000), "</a>".repeat(1000)).into_bytes(),
        vec![b' '; 5 << 20],
        b"".to_vec(),
        b"<".to_vec(),
    ];
    for bytes in cases {
        let r = duis::check("hostile.xml", &bytes, &opts("2024-03-01", true));
        assert_eq!(r.first_failure.map(|f| f.as_str()), Some("duis.xml.well-formed"));
        assert_eq!(r.verdict, Verdict::Rejected);
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_demo_sample_gives_the_verdict_it_expects() {
    let samples = demo::samples();
    let mut store = sec_rules::smki::TrustStore::new();
    for s in samples.iter().filter(|s| s.name.ends_with(".pem")) {
        store.add_file(&s.name, s.content.as_bytes()).unwrap();
    }
    let ctx = samples.iter().find(|s| s.name.ends_with(".json")).map(|s| sec_rules::context::Context::from_json(&s.name, s.content.as_bytes()).unwrap());
    let inputs = duis::DuisInputs { trust: Some(&store), context: ctx.as_ref(), cache: None, crypto: None, roles: None };
    let mut checked = 0;
    for s in samples.iter().filter(|s| !s.expected_verdict.is_empty()) {
        let r = duis::check_with(&s.name, s.content.as_bytes(), &opts("2024-03-01", false), &inputs);
        assert_eq!(r.verdict.as_str(), s.expected_verdict, "{}", s.name);
        assert_eq!(r.first_failure.map(|f| f.as_str()), s.expected_first_failure.as_deref(), "{}", s.name);
        checked += 1;
    }
    assert!(checked >= 5);
}

/// An unsigned DCC error acknowledgement, written here in the shape the DCC sends (sec-facts
/// topic 2): a Response with a ResponseCode, schemaVersion 5.1, and a Body holding only the
/// Service Reference and Variant.
fn acknowledgement(code: &str) -> String {
    format!(
        "<?xml version='1.0' encoding='UTF-8'?>\n<sr:Response xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\" schemaVersion=\"5.1\">\n  <sr:Header>\n    <sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1700000000001</sr:RequestID>\n    <sr:ResponseCode>{code}</sr:ResponseCode>\n    <sr:ResponseDateTime>2024-03-01T09:00:00.000Z</sr:ResponseDateTime>\n  </sr:Header>\n  <sr:Body>\n    <sr:ResponseMessage>\n      <sr:ServiceReference>6.23</sr:ServiceReference>\n      <sr:ServiceReferenceVariant>6.23</sr:ServiceReferenceVariant>\n    </sr:ResponseMessage>\n  </sr:Body>\n</sr:Response>\n"
    )
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn an_unsigned_dcc_acknowledgement_is_not_rejected_and_its_code_is_explained() {
    let r = duis::check("ack.xml", acknowledgement("E65").as_bytes(), &opts("2024-03-01", true));
    assert_eq!(r.kind, Kind::DuisResponse);
    assert_ne!(r.verdict, Verdict::Rejected);
    for f in r.findings.iter().filter(|f| f.rule.as_str().starts_with("duis.signature.") || f.rule.as_str().starts_with("duis.signer.")) {
        assert_eq!(f.outcome, Outcome::Skipped, "{}: {}", f.rule, f.message);
        assert!(f.message.contains("unsigned DCC acknowledgement"), "{}", f.message);
    }
    let a = r.acknowledgement.as_ref().unwrap();
    assert_eq!(a.response_code, "E65");
    assert!(a.meaning.unwrap().contains("xmlSign"));
    assert_eq!(a.request_rule.map(|x| x.as_str()), Some("duis.signer.xmlsign-role"));
    let first = r.notes.first().unwrap();
    assert_eq!(first.kind, sec_rules::model::NoteKind::Acknowledgement);
    assert!(first.message.contains("E65 means") && first.message.contains("duis.signer.xmlsign-role"), "{}", first.message);
    // checked against 5.4, and said so
    assert!(r.notes.iter().any(|n| n.kind == sec_rules::model::NoteKind::SchemaVersion && n.message.contains("5.1") && n.message.contains("5.4")));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn an_acknowledgement_whose_code_no_source_explains_says_so() {
    let r = duis::check("ack.xml", acknowledgement("E66").as_bytes(), &opts("2024-03-01", true));
    let a = r.acknowledgement.as_ref().unwrap();
    assert_eq!((a.meaning, a.request_rule), (None, None));
    assert!(r.notes[0].message.contains("NOT FOUND"), "{}", r.notes[0].message);
    // a Response with a payload and no signature is not an acknowledgement: the signature is missing
    let with_payload = acknowledgement("I0").replace("</sr:ServiceReferenceVariant>", "</sr:ServiceReferenceVariant><sr:Payload/>");
    let r = duis::check("resp.xml", with_payload.as_bytes(), &opts("2024-03-01", true));
    assert!(r.acknowledgement.is_none());
    assert_eq!(finding(&r, "duis.signature.present").outcome, Outcome::Fail);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_draft_is_judged_before_signing_and_never_called_accepted() {
    let w = demo::DemoWorld::new();
    let unsigned = w.request_623(3).to_xml();
    let o = Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft: true };
    let r = duis::check("draft.xml", unsigned.as_bytes(), &o);
    for f in r.findings.iter().filter(|f| f.rule.as_str().starts_with("duis.signature.") || f.rule.as_str().starts_with("duis.signer.")) {
        assert_eq!(f.outcome, Outcome::Skipped, "{}", f.rule);
        assert!(f.message.contains("draft"), "{}", f.message);
    }
    assert!(!r.findings.iter().any(|f| f.outcome == Outcome::Fail), "{:#?}", r.findings);
    assert_eq!(r.verdict, Verdict::Incomplete);
    assert_eq!(r.notes[0].kind, sec_rules::model::NoteKind::Draft);
    assert!(r.headline().starts_with("draft:"), "{}", r.headline());
    // the same document not as a draft: unsigned
    let r = duis::check("draft.xml", unsigned.as_bytes(), &opts("2024-03-01", true));
    assert_eq!(finding(&r, "duis.signature.present").outcome, Outcome::Fail);
    // a draft with a schema fault is a rejected draft
    let bad = unsigned.replace("<sr:ImportMPxN>1312345678333</sr:ImportMPxN>", "<sr:ImportMPxN>13123456783330</sr:ImportMPxN>");
    let r = duis::check("draft.xml", bad.as_bytes(), &o);
    assert_eq!(r.first_failure.map(|f| f.as_str()), Some("duis.schema.body"));
    assert!(r.headline().starts_with("rejected draft"), "{}", r.headline());
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn responses_and_alerts_are_checked_against_the_schema() {
    for body in sec_rules::schema::sample::response_body_elements() {
        let x = sec_rules::schema::sample::response(body, 1).unwrap();
        let r = duis::check("resp.xml", x.as_bytes(), &opts("2024-03-01", true));
        assert_eq!(r.kind, Kind::DuisResponse, "{body}");
        assert_eq!(finding(&r, "duis.schema.body").outcome, Outcome::Pass, "{body}: {}", finding(&r, "duis.schema.body").message);
        // a DCC Alert with a code outside the schema's list
        let bad = x.replace("<sr:DCCAlertCode>", "<sr:DCCAlertCode>X").replace("<sr:ResponseCode>I0<", "<sr:ResponseCode>E999999<");
        let r = duis::check("resp.xml", bad.as_bytes(), &opts("2024-03-01", true));
        assert_eq!(finding(&r, "duis.schema.header").outcome, Outcome::Fail, "{body}");
    }
}

// Issue 10's "every SRV but 6.23 is accepted" lives in tests/body_access.rs, with each SRV's own
// Body (issue 22) and the sender's roles.
