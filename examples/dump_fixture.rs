//! Writes a signed demo 6.23, its signer's certificate and key to a folder (for manual
//! interop experiments with xmlsec1): `cargo run --example dump_fixture -- DIR`.
#![allow(clippy::unwrap_used, missing_docs, reason = "example")]
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let w = sec_rules::demo::DemoWorld::new();
    let unsigned = w.request_623(1).to_xml();
    std::fs::write(format!("{dir}/unsigned.xml"), &unsigned).unwrap();
    std::fs::write(format!("{dir}/signed.xml"), w.sign(&unsigned, &w.xml_sign)).unwrap();
    std::fs::write(format!("{dir}/signer.pem"), w.xml_sign.pem()).unwrap();
    std::fs::write(format!("{dir}/signer.key"), w.xml_sign.private_key_pem()).unwrap();
    std::fs::write(format!("{dir}/trust.pem"), w.trust_pem()).unwrap();
}
