//! The public DCC Boxed vectors in ../shared/reference/dccboxed (skipped cleanly when absent):
//! the results their README gives, through the full pipeline.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests")]

use sec_rules::request::{self as duis, DuisInputs};
use sec_rules::smki::{Role, SmkiCert, TrustStore};
use sec_rules::xmldsig::{profile, verify};
use sec_rules::{Date, Kind, Options, Outcome, Report};

fn vector(name: &str) -> Option<Vec<u8>> {
    let p = format!("{}/../shared/reference/dccboxed/{name}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read(&p) {
        Ok(b) => Some(b),
        Err(_) => {
            eprintln!("skipped: {p} not present");
            None
        }
    }
}

fn store(files: &[&str]) -> Option<TrustStore> {
    let mut s = TrustStore::new();
    for f in files {
        s.add_file(f, &vector(f)?).unwrap();
    }
    Some(s)
}

fn check(file: &str, trust: &TrustStore) -> Option<Report> {
    let bytes = vector(file)?;
    let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft: false };
    Some(duis::check_with(file, &bytes, &opts, &DuisInputs { trust: Some(trust), context: None, cache: None, crypto: None, roles: None }))
}

fn outcome(r: &Report, rule: &str) -> Outcome {
    r.findings.iter().find(|f| f.rule.as_str() == rule).unwrap().outcome
}

/// Verifies a response's SignatureValue with a given certificate, ignoring KeyInfo (as
/// `xmlsec1 --pubkey-cert-pem` does, which is how the vectors' README states its results).
fn value_with(file: &str, cert: &str) -> Option<bool> {
    let bytes = vector(file)?;
    let limits = sec_rules::duis::limits();
    let prepared = sec_rules::xml::prepare(&bytes, &limits).unwrap();
    let parsed = prepared.parse(&limits).unwrap();
    let sig = profile::read(parsed.doc()).unwrap();
    let c = {
        let mut s = TrustStore::new();
        s.add_file(cert, &vector(cert)?).unwrap();
        s.certs()[0].clone()
    };
    let digest_ok = verify::check_digest(&parsed, &sig).is_ok();
    Some(digest_ok && verify::check_value(&parsed, &sig, c.p256_key.as_ref().unwrap(), &sec_rules::crypto::RustCrypto).is_ok())
}

#[test]
fn readfw_response_verifies_with_the_pre_1_4_1_dsp_certificate_but_does_not_chain() {
    let Some(trust) = store(&["dsp-xml-sign-90B3D51F30000002-ds-pre-1.4.1.pem", "Z1-oca.der"]) else { return };
    let Some(r) = check("readfw-response.xml", &trust) else { return };
    assert_eq!(r.kind, Kind::DuisResponse);
    for rule in ["duis.signature.present", "duis.signature.profile", "duis.signature.digest", "duis.signature.value", "duis.signer.known"] {
        assert_eq!(outcome(&r, rule), Outcome::Pass, "{rule}");
    }
    // Z1-oca.der shares the issuer name but did not issue the DSP certificate: no chain.
    assert_eq!(outcome(&r, "duis.signer.valid"), Outcome::Fail);
    // The legacy decimal role "137" is read as dSPXmlSign and flagged.
    let role = r.findings.iter().find(|f| f.rule.as_str() == "duis.signer.dsp-role").unwrap();
    assert_eq!(role.outcome, Outcome::Pass);
    assert!(role.message.contains("legacy decimal"), "{}", role.message);
}

#[test]
fn the_readme_verdicts_for_each_response_and_certificate() {
    let pre = "dsp-xml-sign-90B3D51F30000002-ds-pre-1.4.1.pem";
    let now = "dsp-xml-sign-90B3D51F30000002-ds.pem";
    let Some(v) = value_with("readfw-response.xml", pre) else { return };
    assert!(v);
    assert_eq!(value_with("readfw-response-resigned.xml", now), Some(true));
    assert_eq!(value_with("readfw-response-badsignature.xml", pre), Some(false));
    assert_eq!(value_with("readfw-response-badsignature.xml", now), Some(false));
    assert_eq!(value_with("readfw-response.xml", now), Some(false));
}

#[test]
fn the_resigned_response_names_a_serial_that_is_not_the_current_dsp_certificate() {
    // Its KeyInfo names serial 20315062944123339095836004026371736578, not the OU 89
    // certificate's serial: looking the signer up by X509IssuerSerial (as the DCC's validator
    // does) fails, although the key in that certificate verifies the signature (test above).
    let Some(trust) = store(&["dsp-xml-sign-90B3D51F30000002-ds.pem"]) else { return };
    let Some(r) = check("readfw-response-resigned.xml", &trust) else { return };
    assert_eq!(outcome(&r, "duis.signature.digest"), Outcome::Pass);
    // issue 23: a certificate the store lacks is a missing input, named
    assert_eq!(outcome(&r, "duis.signer.known"), Outcome::NotEvaluated);
}

#[test]
fn certificates_read_as_smki_says() {
    let Some(b) = vector("dsp-xml-sign-90B3D51F30000002-ds.pem") else { return };
    let mut s = TrustStore::new();
    s.add_file("dsp.pem", &b).unwrap();
    let c: &SmkiCert = &s.certs()[0];
    assert_eq!(c.role.unwrap().role, Role::DspXmlSign);
    assert!(!c.role.unwrap().legacy_decimal);
    assert_eq!(c.entity_id.unwrap().to_string(), "90-B3-D5-1F-30-00-00-02");
    assert!(c.key_usage.unwrap().digital_signature);
    assert_eq!(c.policies, ["1.2.826.0.1.8641679.1.2.1.4"]);
    let Some(x) = vector("xml-sign-90B3D51F30010000-ds.pem") else { return };
    s.add_file("xml.pem", &x).unwrap();
    assert_eq!(s.certs()[1].role.unwrap().role, Role::XmlSign);
    let Some(oca) = vector("Z1-oca.der") else { return };
    s.add_file("oca.der", &oca).unwrap();
    assert_eq!(s.certs()[2].role.unwrap().role, Role::IssuingAuthority);
    assert!(s.certs()[2].is_ca);
}

#[test]
fn the_rtds_623_template_has_a_placeholder_signature_that_must_not_verify() {
    let Some(trust) = store(&["xml-sign-90B3D51F30010000-ds.pem", "Z1-oca.der"]) else { return };
    let Some(r) = check("CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML", &trust) else { return };
    assert_eq!(outcome(&r, "duis.schema.header"), Outcome::Pass);
    assert_eq!(
        outcome(&r, "duis.schema.body"),
        Outcome::Pass,
        "{:?}",
        r.findings.iter().filter(|f| f.rule.as_str() == "duis.schema.body").map(|f| &f.message).collect::<Vec<_>>()
    );
    assert_eq!(outcome(&r, "duis.signature.profile"), Outcome::Fail, "placeholder values are not a 32-byte digest / 64-byte signature");
    assert_ne!(r.verdict, sec_rules::Verdict::Accepted);
}

/// Issue 12's promise on the DCC's own 6.23 (the RTDS template): its placeholder signature
/// replaced by a real one from the project's test PKI (whose xmlSign certificate has the
/// template's originator, 90-B3-D5-1F-30-01-00-00, and whose OCA is also named `CN=Z1,OU=07`),
/// its body untouched — replacement certificates of User ID 90-B3-D5-1F-30-03-00-00, issued by the
/// real test OCA Z1 that it carries.
#[test]
fn the_rtds_623_resigned_is_accepted_by_the_dcc_and_routed_tcos_whoever_holds_the_replacement_user_id() {
    use sec_rules::context::Context;
    use sec_rules::model::{Expectation, Party};
    let Some(template) = vector("CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML") else { return };
    let template = String::from_utf8(template).unwrap();
    let start = template.find("<ds:Signature").unwrap();
    let end = template.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let unsigned = format!("{}{}", &template[..start], &template[end..]);
    let w = sec_rules::demo::DemoWorld::new();
    let doc = w.sign(&unsigned, &w.xml_sign);
    let mut trust = TrustStore::new();
    trust.add_file("trust.pem", w.trust_pem().as_bytes()).unwrap();
    let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: false, draft: false };
    let run = |ctx: Option<&str>| {
        let ctx = ctx.map(|c| Context::from_json("ctx.json", c.as_bytes()).unwrap());
        duis::check_with("CS02b.xml", doc.as_bytes(), &opts, &DuisInputs { trust: Some(&trust), context: ctx.as_ref(), cache: None, crypto: None, roles: None })
    };
    let base = w.context_json("TCoS", 2);
    // one User holding both IDs: accepted, TCoS Party, 35 s, and the TCoS Party would go on
    let one_user = base.replace("\"user_id\": \"90-B3-D5-1F-30-01-00-00\"", "\"user_ids\": [\"90-B3-D5-1F-30-01-00-00\", \"90-B3-D5-1F-30-03-00-00\"]");
    let r = run(Some(&one_user));
    assert_eq!(
        r.verdict,
        sec_rules::Verdict::Accepted,
        "{:?}",
        r.findings.iter().filter(|f| f.outcome != Outcome::Pass).map(|f| (&f.rule, &f.message)).collect::<Vec<_>>()
    );
    assert_eq!(outcome(&r, "srpd.certs.oca-included"), Outcome::Pass, "the real Z1 OCA carried in the template issued the replacements");
    assert_eq!(outcome(&r, "duis.body.matches-srv"), Outcome::Pass, "the DCC's own 6.23 holds its own Body");
    assert_eq!(outcome(&r, "duis.access.role-eligible"), Outcome::Pass, "the context gives the sender Import Supplier");
    let route = r.route.as_ref().unwrap();
    assert_eq!((route.party, route.target_response_seconds), (Party::Tcos, 35));
    assert_eq!(r.receiving_party.as_ref().unwrap().expected, Expectation::Proceeds);
    // two Users: still accepted by the DCC; the TCoS Party's refusal leads what comes after
    let two_users = base.replace("\"users\": [", "\"users\": [ { \"user_id\": \"90-B3-D5-1F-30-03-00-00\", \"mpids\": [\"OTHR\"] },");
    let r = run(Some(&two_users));
    assert_eq!((r.verdict, r.first_failure.as_ref()), (sec_rules::Verdict::Accepted, None));
    let rp = r.receiving_party.as_ref().unwrap();
    assert_eq!(rp.expected, Expectation::Refuses);
    assert_eq!(rp.rules.first().map(|x| x.as_str()), Some("srpd.tcos-party.same-user"));
    // no context: incomplete, never rejected
    let r = run(None);
    assert_eq!(r.verdict, sec_rules::Verdict::Incomplete);
    assert!(
        r.findings.iter().all(|f| f.outcome != Outcome::Fail),
        "{:?}",
        r.findings.iter().filter(|f| f.outcome == Outcome::Fail).map(|f| &f.rule).collect::<Vec<_>>()
    );
}

/// Issue 22 on the DCC's own template: its header switched to another SRV (the Body left as the
/// 6.23's), re-signed, is schema-valid and rejected at duis.body.matches-srv naming both SRVs.
#[test]
fn the_rtds_623_body_under_another_srvs_header_is_rejected_naming_both() {
    let Some(template) = vector("CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML") else { return };
    let template = String::from_utf8(template).unwrap();
    let start = template.find("<ds:Signature").unwrap();
    let end = template.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let unsigned = format!("{}{}", &template[..start], &template[end..]);
    let swapped = unsigned
        .replace(">6.23</sr:ServiceReferenceVariant>", ">4.4.3</sr:ServiceReferenceVariant>")
        .replace(">6.23</sr:ServiceReference>", ">4.4</sr:ServiceReference>");
    assert_ne!(swapped, unsigned);
    let w = sec_rules::demo::DemoWorld::new();
    let doc = w.sign(&swapped, &w.xml_sign);
    let mut trust = TrustStore::new();
    trust.add_file("trust.pem", w.trust_pem().as_bytes()).unwrap();
    let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft: false };
    let roles = sec_rules::demo::every_role_for(sec_rules::demo::DEMO_ORIGINATOR);
    let r = duis::check_with(
        "swapped.xml",
        doc.as_bytes(),
        &opts,
        &DuisInputs { trust: Some(&trust), context: None, cache: None, crypto: None, roles: Some(&roles) },
    );
    assert_eq!(outcome(&r, "duis.schema.body"), Outcome::Pass);
    assert_eq!(r.first_failure.map(|f| f.as_str()), Some("duis.body.matches-srv"));
    let m = &r.findings.iter().find(|f| f.rule.as_str() == "duis.body.matches-srv").unwrap().message;
    assert!(
        m.starts_with("SRV 4.4.3 (") && m.ends_with("this Body holds `UpdateSecurityCredentialsCoS`, the Body of SRV 6.23 (Update Security Credentials (CoS))"),
        "{m}"
    );
}

// ---- Issue 23: DCC Boxed material end to end, signed as DCC Boxed's signing tool signs ----

/// DCC Boxed's published xmlSign certificate and key for User 90-B3-D5-1F-30-01-00-00, as a
/// signer: the key is the 32-byte scalar of the PKCS#8 file's ECPrivateKey (checked against
/// the certificate's public key).
fn boxed_signer() -> Option<sec_rules::testkit::TestCert> {
    let pem = vector("xml-sign-90B3D51F30010000-ds.pem")?;
    let key = vector("xml-sign-90B3D51F30010000-ds.key")?;
    let mut s = TrustStore::new();
    s.add_file("x.pem", &pem).unwrap();
    let der = {
        let text = String::from_utf8(pem).unwrap();
        let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.decode(body).unwrap()
    };
    // ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING (32) privateKey, ... }
    let at = key.windows(5).position(|w| w == [0x02, 0x01, 0x01, 0x04, 0x20]).unwrap() + 5;
    let signing = p256::ecdsa::SigningKey::from_slice(&key[at..at + 32]).unwrap();
    let cert_key = s.certs()[0].p256_key.clone().unwrap();
    assert_eq!(signing.verifying_key().to_sec1_bytes().to_vec(), cert_key, "the published key is the certificate's");
    Some(sec_rules::testkit::TestCert { der, key: signing, subject_der: Vec::new() })
}

/// Signs as DCC Boxed's tool does: KeyInfo `CN=Z1,OU=07` and the certificate's serial.
fn boxed_sign(xml: &str, signer: &sec_rules::testkit::TestCert) -> String {
    let opts = sec_rules::testkit::SignOptions::for_cert(signer, "CN=Z1,OU=07");
    sec_rules::testkit::sign_document(xml, signer, &opts).unwrap()
}

fn without_signature(template: &str) -> String {
    let start = template.find("<ds:Signature").unwrap();
    let end = template.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    format!("{}{}", &template[..start], &template[end..])
}

fn boxed_store(anchor: bool, public_z1: bool) -> Option<TrustStore> {
    let mut s = TrustStore::new();
    let pem = vector("xml-sign-90B3D51F30010000-ds.pem")?;
    if anchor {
        s.add_anchor_file("xml-sign-90B3D51F30010000-ds.pem", &pem).unwrap();
    } else {
        s.add_file("xml-sign-90B3D51F30010000-ds.pem", &pem).unwrap();
    }
    if public_z1 {
        s.add_file("Z1-oca.der", &vector("Z1-oca.der")?).unwrap();
    }
    Some(s)
}

#[test]
fn requests_signed_with_dcc_boxed_keys_are_accepted_with_the_signer_as_a_trust_anchor_and_roles() {
    use sec_rules::model::NoteKind;
    let Some(signer) = boxed_signer() else { return };
    let Some(anchored) = boxed_store(true, true) else { return };
    let roles = sec_rules::demo::every_role_for("90-B3-D5-1F-30-01-00-00");
    let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: false, draft: false };
    let mut checked = 0;
    for def in sec_rules::catalogue::srvs().iter().filter(|d| d.srv != "6.23") {
        let cv = def.allowed_cv(opts.as_of).iter().copied().find(|c| !(5..=7).contains(c)).unwrap();
        let doc = sec_rules::schema::sample::request(def.srv, cv, def.body, 2).unwrap();
        // certificates in the samples are random base64; those SRVs are the DCC's own template's job below
        if doc.contains("Certificate>") {
            continue;
        }
        let r = duis::check_with(
            "r.xml",
            boxed_sign(&doc, &signer).as_bytes(),
            &opts,
            &DuisInputs { trust: Some(&anchored), context: None, cache: None, crypto: None, roles: Some(&roles) },
        );
        assert_eq!(r.verdict, sec_rules::Verdict::Accepted, "SRV {}: {:?}", def.srv, r.first_failure);
        assert_eq!(r.notes.first().map(|n| n.kind), Some(NoteKind::TrustAnchor), "SRV {}", def.srv);
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
    // the DCC's own 6.23 template (pretty-printed as published), re-signed with DCC Boxed's key
    let Some(template) = vector("CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML") else { return };
    let doc = boxed_sign(&without_signature(&String::from_utf8(template).unwrap()), &signer);
    let w = sec_rules::demo::DemoWorld::new();
    let ctx = sec_rules::context::Context::from_json(
        "ctx.json",
        w.context_json("TCoS", 2)
            .replace("\"user_id\": \"90-B3-D5-1F-30-01-00-00\"", "\"user_ids\": [\"90-B3-D5-1F-30-01-00-00\", \"90-B3-D5-1F-30-03-00-00\"]")
            .as_bytes(),
    )
    .unwrap();
    let run = |s: &TrustStore| {
        duis::check_with("CS02b.xml", doc.as_bytes(), &opts, &DuisInputs { trust: Some(s), context: Some(&ctx), cache: None, crypto: None, roles: None })
    };
    let r = run(&anchored);
    assert_eq!(
        r.verdict,
        sec_rules::Verdict::Accepted,
        "{:?}",
        r.findings.iter().filter(|f| f.outcome != Outcome::Pass).map(|f| (&f.rule, &f.message)).collect::<Vec<_>>()
    );
    assert!(r.notes.iter().any(|n| n.kind == NoteKind::TrustAnchor));
    assert!(r.notes.iter().any(|n| n.kind == NoteKind::DccBoxed), "the template is pretty-printed: DCC Boxed's own tool would call it invalid");
    assert_eq!(r.signer.as_ref().and_then(|s| s.trust_anchor.as_deref()), Some("xml-sign-90B3D51F30010000-ds.pem"));
    // without an anchor: incomplete, never rejected, naming the issuer and the anchor
    let Some(plain) = boxed_store(false, false) else { return };
    let r = run(&plain);
    assert_eq!(r.verdict, sec_rules::Verdict::Incomplete);
    assert!(r.findings.iter().all(|f| f.outcome != Outcome::Fail));
    assert!(r.findings.iter().any(|f| f.rule.as_str() == "duis.signer.valid" && f.outcome == Outcome::NotEvaluated && f.message.contains("--trust-anchor")));
    // with the public Z1 (same name, other key): rejected, pointing to trust anchors
    let Some(with_z1) = boxed_store(false, true) else { return };
    let r = run(&with_z1);
    assert_eq!(r.first_failure.map(|f| f.as_str()), Some("duis.signer.valid"));
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule.as_str() == "duis.signer.valid" && f.message.contains("another OCA of the same name") && f.message.contains("--trust-anchor")));
}

#[test]
fn the_resigned_response_chains_to_the_public_z1_through_the_access_control_broker_certificate() {
    let Some(trust) = store(&["Z1-accessControlBroker-dSPXmlSign.pem", "Z1-oca.der"]) else { return };
    let Some(bytes) = vector("readfw-response-resigned.xml") else { return };
    // re-signed in October 2025 with a certificate valid from 1 September 2025
    let opts = Options { as_of: Date::parse("2025-10-15").unwrap(), all: true, draft: false };
    let r = duis::check_with("resigned.xml", &bytes, &opts, &DuisInputs { trust: Some(&trust), context: None, cache: None, crypto: None, roles: None });
    for rule in ["duis.signature.digest", "duis.signature.value", "duis.signer.known", "duis.signer.valid", "duis.signer.dsp-role"] {
        assert_eq!(outcome(&r, rule), Outcome::Pass, "{rule}: {:?}", r.findings.iter().find(|f| f.rule.as_str() == rule).map(|f| &f.message));
    }
    assert!(r.notes.iter().all(|n| n.kind != sec_rules::model::NoteKind::TrustAnchor), "a real chain, no anchor");
}
