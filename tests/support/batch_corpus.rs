//! A batch of documents for the batch door's tests: valid requests from one supplier (the same
//! replacement certificates and OCA in each, a different counter and signature), and one of
//! each way a signature or a certificate link can fail, so that every round of the deferred
//! verification (assumed, refuted, computed) is exercised. Built by the project's own test PKI.

use sec_rules::demo::{DemoWorld, Request623};
use sec_rules::testkit::{CertSpec, TestPki};

/// (file name, document).
pub fn documents(w: &DemoWorld) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for i in 0..3u64 {
        out.push((format!("valid-{i}.xml"), w.sign(&w.request_623(1_700_000_000_000 + i).to_xml(), &w.xml_sign)));
    }
    let valid = w.sign(&w.request_623(1_700_000_000_100).to_xml(), &w.xml_sign);
    out.push(("tampered-body.xml".into(), valid.replacen("<sr:ImportMPxN>1312345678333<", "<sr:ImportMPxN>1312345678999<", 1)));
    out.push(("bad-signature-value.xml".into(), flip_signature_value(&valid)));
    out.push(("supplier-key.xml".into(), w.sign(&w.request_623(1_700_000_000_101).to_xml(), &w.supplier_ds)));
    out.push(("cv2.xml".into(), w.sign(&Request623 { cv: 2, ..w.request_623(1_700_000_000_102) }.to_xml(), &w.xml_sign)));
    let mut altered = w.supplier_ds.der.clone();
    if let Some(last) = altered.last_mut() {
        *last ^= 0x01;
    }
    let altered_req = Request623 { ds: b64(&altered), ..w.request_623(1_700_000_000_103) };
    out.push(("replacement-cert-altered.xml".into(), w.sign(&altered_req.to_xml(), &w.xml_sign)));
    let twin_path = Request623 { path: vec![w.pki.twin_oca.base64()], ..w.request_623(1_700_000_000_104) };
    out.push(("path-has-the-twin-oca.xml".into(), w.sign(&twin_path.to_xml(), &w.xml_sign)));
    let by_twin = TestPki::issue_with(
        &CertSpec::org("demo supplier DS", "02", sec_rules::duis::request_id::Eui64([0x90, 0xB3, 0xD5, 0x1F, 0x30, 1, 0, 0])),
        &w.pki.twin_oca,
    );
    let twin_issued = Request623 { ds: by_twin.base64(), path: vec![w.pki.oca.base64(), w.pki.twin_oca.base64()], ..w.request_623(1_700_000_000_105) };
    out.push(("ds-issued-by-the-twin.xml".into(), w.sign(&twin_issued.to_xml(), &w.xml_sign)));
    out.push(("unsigned.xml".into(), w.request_623(1_700_000_000_106).to_xml()));
    out.push(("xxe.xml".into(), "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&x;</r>\n".into()));
    // the same valid document again: its answers come from the cache the second time
    out.push(("valid-0-again.xml".into(), out[0].1.clone()));
    out
}

/// The trust store: the demo's, with the twin OCA (same name as the OCA, another key) ahead
/// of the real one, so that chain building tries a wrong issuer first.
pub fn trust_pem(w: &DemoWorld) -> String {
    format!("{}{}", w.pki.twin_oca.pem(), w.trust_pem())
}

fn b64(der: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(der)
}

/// The document with its SignatureValue's first base64 character changed (still 64 bytes).
fn flip_signature_value(doc: &str) -> String {
    let open = "<ds:SignatureValue>";
    let Some(at) = doc.find(open).map(|i| i + open.len()) else { return doc.to_owned() };
    let c = doc.as_bytes().get(at).copied().unwrap_or(b'A');
    let swapped = if c == b'A' { 'B' } else { 'A' };
    format!("{}{}{}", &doc[..at], swapped, &doc[at + 1..])
}
