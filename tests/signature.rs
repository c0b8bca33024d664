//! XML-DSig and signer rules on documents signed by the project's test PKI: one defect each,
//! exact rule, outcome and response code. Runs natively and under wasm-bindgen-test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests")]

mod common;

use sec_rules::demo::{DemoWorld, Request623};
use sec_rules::request::{self as duis, DuisInputs};
use sec_rules::smki::TrustStore;
use sec_rules::testkit::{sign_document, CertSpec, SignOptions};
use sec_rules::{Date, Options, Outcome, Report, Verdict};

fn world() -> (DemoWorld, TrustStore) {
    let w = DemoWorld::new();
    let mut store = TrustStore::new();
    store.add_file("trust.pem", w.trust_pem().as_bytes()).unwrap();
    (w, store)
}

fn run(doc: &str, store: Option<&TrustStore>, day: &str) -> Report {
    let opts = Options { as_of: Date::parse(day).unwrap(), all: true, draft: false };
    // every role for the demo originator: these tests are about the signature, not access control
    let roles = sec_rules::demo::every_role_for(sec_rules::demo::DEMO_ORIGINATOR);
    duis::check_with("t.xml", doc.as_bytes(), &opts, &DuisInputs { trust: store, context: None, cache: None, crypto: None, roles: Some(&roles) })
}

fn outcome(r: &Report, rule: &str) -> Outcome {
    r.findings.iter().find(|f| f.rule.as_str() == rule).unwrap_or_else(|| panic!("{rule}")).outcome
}

fn duis_failures(r: &Report) -> Vec<&str> {
    r.findings.iter().filter(|f| f.outcome == Outcome::Fail).map(|f| f.rule.as_str()).collect()
}

both! {
    fn a_valid_signed_623_passes_every_duis_rule() {
        let (w, store) = world();
        let doc = w.sign(&w.request_623(1).to_xml(), &w.xml_sign);
        let r = run(&doc, Some(&store), "2024-03-01");
        for f in r.findings.iter().filter(|f| f.rule.as_str().starts_with("duis.")) {
            assert_eq!(f.outcome, Outcome::Pass, "{} {}", f.rule, f.message);
        }
        assert_eq!(r.verdict, Verdict::Incomplete, "SRPD checks still need context");
        assert!(r.findings.iter().find(|f| f.rule.as_str() == "duis.signer.valid").unwrap().message.contains("CN=ZZ"));
    }

    fn without_a_trust_store_signer_rules_are_not_evaluated_and_verdict_incomplete() {
        let (w, _) = world();
        let doc = w.sign(&w.request_623(1).to_xml(), &w.xml_sign);
        let r = run(&doc, None, "2024-03-01");
        assert_eq!(outcome(&r, "duis.signature.digest"), Outcome::Pass);
        for rule in ["duis.signature.value", "duis.signer.known", "duis.signer.valid", "duis.signer.xmlsign-role", "duis.signer.user-id"] {
            assert_eq!(outcome(&r, rule), Outcome::NotEvaluated, "{rule}");
        }
        assert_eq!(r.verdict, Verdict::Incomplete);
        assert!(r.findings.iter().find(|f| f.rule.as_str() == "duis.signer.known").unwrap().message.contains("trust store"));
    }

    fn a_body_edit_after_signing_breaks_only_the_digest() {
        let (w, store) = world();
        let doc = w.sign(&w.request_623(1).to_xml(), &w.xml_sign).replace("1312345678333", "1312345678334");
        let r = run(&doc, Some(&store), "2024-03-01");
        assert_eq!(duis_failures(&r), ["duis.signature.digest"]);
        assert_eq!(outcome(&r, "duis.signature.value"), Outcome::Pass, "SignedInfo itself is intact");
    }

    fn a_tampered_signature_value_fails_value() {
        let (w, store) = world();
        let doc = w.sign(&w.request_623(1).to_xml(), &w.xml_sign);
        let start = doc.find("<ds:SignatureValue>").unwrap() + 19;
        let mut b = doc.into_bytes();
        b[start + 3] = if b[start + 3] == b'A' { b'B' } else { b'A' };
        let r = run(&String::from_utf8(b).unwrap(), Some(&store), "2024-03-01");
        assert_eq!(duis_failures(&r), ["duis.signature.value"]);
    }

    fn wrapped_signature_value_with_cr_entities_still_verifies() {
        let (w, store) = world();
        let opts = SignOptions { wrap_value: true, ..SignOptions::for_cert(&w.xml_sign, "CN=Z1,OU=07") };
        let doc = sign_document(&w.request_623(1).to_xml(), &w.xml_sign, &opts).unwrap();
        assert!(doc.contains("&#13;"));
        assert_eq!(outcome(&run(&doc, Some(&store), "2024-03-01"), "duis.signature.value"), Outcome::Pass);
    }

    fn signing_with_the_supplier_key_is_e65() {
        let (w, store) = world();
        let doc = w.sign(&w.request_623(1).to_xml(), &w.supplier_ds);
        let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: false, draft: false };
        let r = duis::check_with("t.xml", doc.as_bytes(), &opts, &DuisInputs { trust: Some(&store), context: None, cache: None, crypto: None, roles: None });
        assert_eq!(r.first_failure.map(|f| f.as_str()), Some("duis.signer.xmlsign-role"));
        assert_eq!(r.response_code, Some("E65"));
        assert!(r.findings.iter().any(|f| f.message.contains("supplier (OU 02), not xmlSign (OU 87)")));
    }

    fn e65_does_not_apply_before_duis_5_1() {
        let (w, store) = world();
        let doc = w.sign(&w.request_623(1).to_xml(), &w.supplier_ds);
        assert_eq!(outcome(&run(&doc, Some(&store), "2022-01-01"), "duis.signer.xmlsign-role"), Outcome::Skipped);
    }

    // Issue 23: the trust store is what the user gave; a signer certificate it lacks is a
    // missing input (not evaluated, saying what to add), never a rejection.
    fn an_unknown_signer_is_not_evaluated_naming_what_to_add() {
        let (w, _) = world();
        let mut store = TrustStore::new();
        store.add_file("anchors.pem", format!("{}{}", w.pki.root.pem(), w.pki.oca.pem()).as_bytes()).unwrap();
        let r = run(&w.sign(&w.request_623(1).to_xml(), &w.xml_sign), Some(&store), "2024-03-01");
        assert!(duis_failures(&r).is_empty());
        assert_eq!(outcome(&r, "duis.signer.known"), Outcome::NotEvaluated);
        assert!(r.findings.iter().any(|f| f.rule.as_str() == "duis.signer.known" && f.message.contains("add it (--trust")));
        assert_eq!(outcome(&r, "duis.signature.value"), Outcome::NotEvaluated);
        assert_eq!(r.verdict, Verdict::Incomplete);
        // KeyInfo that names no certificate is the document's fault: still a failure
        let doc = w.sign(&w.request_623(1).to_xml(), &w.xml_sign);
        let start = doc.find("<ds:KeyInfo>").unwrap();
        let end = doc.find("</ds:KeyInfo>").unwrap() + "</ds:KeyInfo>".len();
        let r = run(&format!("{}{}", &doc[..start], &doc[end..]), Some(&store), "2024-03-01");
        assert!(duis_failures(&r).contains(&"duis.signature.profile") || duis_failures(&r).contains(&"duis.signer.known"), "{:?}", duis_failures(&r));
    }

    fn a_signer_issued_by_the_twin_oca_fails_valid_by_key_not_name() {
        let (w, mut store) = world();
        let me = sec_rules::duis::request_id::Eui64::parse(sec_rules::demo::DEMO_ORIGINATOR).unwrap();
        let twin_signed = sec_rules::testkit::TestPki::issue_with(&CertSpec::org("twin xmlSign", "87", me), &w.pki.twin_oca);
        store.add_file("twin-signer.pem", twin_signed.pem().as_bytes()).unwrap();
        let opts = SignOptions::for_cert(&twin_signed, "CN=Z1,OU=07");
        let doc = sign_document(&w.request_623(1).to_xml(), &twin_signed, &opts).unwrap();
        let r = run(&doc, Some(&store), "2024-03-01");
        assert_eq!(duis_failures(&r), ["duis.signer.valid"]);
        let m = &r.findings.iter().find(|f| f.rule.as_str() == "duis.signer.valid").unwrap().message;
        assert!(m.contains("no key there verifies the signature") && m.contains("--trust-anchor"), "{m}");
    }

    fn an_expired_signer_fails_valid() {
        let (w, mut store) = world();
        let me = sec_rules::duis::request_id::Eui64::parse(sec_rules::demo::DEMO_ORIGINATOR).unwrap();
        let old = w.pki.org(&CertSpec { not_after: (2023, 1, 1), ..CertSpec::org("old xmlSign", "87", me) });
        store.add_file("old.pem", old.pem().as_bytes()).unwrap();
        let doc = sign_document(&w.request_623(1).to_xml(), &old, &SignOptions::for_cert(&old, "CN=Z1,OU=07")).unwrap();
        let r = run(&doc, Some(&store), "2024-03-01");
        assert_eq!(duis_failures(&r), ["duis.signer.valid"]);
        assert!(r.findings.iter().any(|f| f.message.contains("expired before 2024-03-01 (notAfter 2023-01-01)")));
        assert!(duis_failures(&run(&doc, Some(&store), "2022-12-31")).is_empty());
    }

    fn a_signer_without_digital_signature_usage_fails_valid() {
        let (w, mut store) = world();
        let me = sec_rules::duis::request_id::Eui64::parse(sec_rules::demo::DEMO_ORIGINATOR).unwrap();
        let ka = w.pki.org(&CertSpec { digital_signature: false, key_agreement: true, ..CertSpec::org("KA as signer", "87", me) });
        store.add_file("ka.pem", ka.pem().as_bytes()).unwrap();
        let doc = sign_document(&w.request_623(1).to_xml(), &ka, &SignOptions::for_cert(&ka, "CN=Z1,OU=07")).unwrap();
        let r = run(&doc, Some(&store), "2024-03-01");
        assert_eq!(duis_failures(&r), ["duis.signer.valid"]);
        assert!(r.findings.iter().any(|f| f.message.contains("lacks the digitalSignature key usage")));
    }

    fn another_users_signature_fails_user_id() {
        let (w, mut store) = world();
        let other = sec_rules::duis::request_id::Eui64::parse("90-B3-D5-1F-30-03-00-00").unwrap();
        let c = w.pki.org(&CertSpec::org("other xmlSign", "87", other));
        store.add_file("other.pem", c.pem().as_bytes()).unwrap();
        let doc = sign_document(&w.request_623(1).to_xml(), &c, &SignOptions::for_cert(&c, "CN=Z1,OU=07")).unwrap();
        let r = run(&doc, Some(&store), "2024-03-01");
        assert_eq!(duis_failures(&r), ["duis.signer.user-id"]);
    }

    fn the_user_id_check_is_a_623_check_from_ecos_go_live() {
        let (w, mut store) = world();
        let other = sec_rules::duis::request_id::Eui64::parse("90-B3-D5-1F-30-03-00-00").unwrap();
        let c = w.pki.org(&CertSpec::org("other xmlSign", "87", other));
        store.add_file("other.pem", c.pem().as_bytes()).unwrap();
        // another SRV (a 6.15.1 header on the same body): no source says the DCC compares them
        let xml = w.request_623(1).to_xml().replace(">6.23</sr:ServiceReference>", ">6.15</sr:ServiceReference>").replace(">6.23</sr:ServiceReferenceVariant>", ">6.15.1</sr:ServiceReferenceVariant>").replace("<sr:CommandVariant>1<", "<sr:CommandVariant>4<");
        let doc = sign_document(&xml, &c, &SignOptions::for_cert(&c, "CN=Z1,OU=07")).unwrap();
        let r = run(&doc, Some(&store), "2024-03-01");
        let f = r.findings.iter().find(|f| f.rule.as_str() == "duis.signer.user-id").unwrap();
        assert_eq!(f.outcome, Outcome::Skipped);
        assert!(f.message.contains("SRV 6.15.1"), "{}", f.message);
        // a 6.23 before ECoS Go Live: not in force
        let doc = sign_document(&w.request_623(1).to_xml(), &c, &SignOptions::for_cert(&c, "CN=Z1,OU=07")).unwrap();
        assert_eq!(outcome(&run(&doc, Some(&store), "2022-01-10"), "duis.signer.user-id"), Outcome::Skipped);
        assert_eq!(outcome(&run(&doc, Some(&store), "2023-06-30"), "duis.signer.user-id"), Outcome::Fail);
    }

    fn a_signature_value_with_character_references_for_cr_is_read() {
        // Real DCC Responses carry &#13; inside SignatureValue (duis-parser fix bbe6acb)
        let (w, store) = world();
        let opts = SignOptions { wrap_value: true, ..SignOptions::for_cert(&w.xml_sign, "CN=Z1,OU=07") };
        let doc = sign_document(&w.request_623(1).to_xml(), &w.xml_sign, &opts).unwrap();
        assert!(doc.contains("&#13;\n"));
        let doc = doc.replacen("&#13;\n", "&#13;&#13;\n&#13;", 1);
        assert_eq!(outcome(&run(&doc, Some(&store), "2024-03-01"), "duis.signature.value"), Outcome::Pass);
    }

    fn an_unsigned_request_fails_present() {
        let (w, store) = world();
        let r = run(&w.request_623(1).to_xml(), Some(&store), "2024-03-01");
        assert_eq!(duis_failures(&r), ["duis.signature.present"]);
    }

    fn profile_departures_fail_profile() {
        let (w, store) = world();
        let good = w.sign(&w.request_623(1).to_xml(), &w.xml_sign);
        let inclusive = sign_document(
            &w.request_623(1).to_xml(),
            &w.xml_sign,
            &SignOptions { c14n: "http://www.w3.org/TR/2001/REC-xml-c14n-20010315".into(), ..SignOptions::for_cert(&w.xml_sign, "CN=Z1,OU=07") },
        )
        .unwrap();
        let sig_start = good.find("<ds:Signature").unwrap();
        let sig = &good[sig_start..good.find("</sr:Request>").unwrap()];
        let cases = [
            ("inclusive c14n for SignedInfo", inclusive),
            ("second Reference", good.replacen("</ds:Reference>", "</ds:Reference><ds:Reference URI=\"#x\"><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue>AA==</ds:DigestValue></ds:Reference>", 1)),
            ("signature not last", good.replacen(sig, "", 1).replacen("<sr:Header>", &format!("{sig}<sr:Header>"), 1)),
            ("two signatures", good.replacen("</sr:Request>", &format!("{sig}</sr:Request>"), 1)),
            ("extra transform", good.replacen("</ds:Transforms>", "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms>", 1)),
            ("sha1 digest", good.replacen("http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2000/09/xmldsig#sha1", 1)),
            ("reference to an id", good.replacen("URI=\"\"", "URI=\"#body\"", 1)),
        ];
        for (what, doc) in cases {
            let r = run(&doc, Some(&store), "2024-03-01");
            let fails = duis_failures(&r);
            assert!(fails.contains(&"duis.signature.profile"), "{what}: {fails:?}");
        }
    }

    fn the_certificate_cache_verifies_each_link_once_per_batch() {
        let (w, store) = world();
        run(&w.sign(&w.request_623(0).to_xml(), &w.xml_sign), Some(&store), "2024-03-01");
        // signer→OCA and OCA→Root (a Root anchor's self-signature is not needed), and the three
        // replacement certificates against the included OCA (srpd.certs.*)
        assert_eq!(store.signature_verifications(), 5);
        for i in 1..5 {
            run(&w.sign(&w.request_623(i).to_xml(), &w.xml_sign), Some(&store), "2024-03-01");
        }
        assert_eq!(store.signature_verifications(), 5, "a batch never verifies the same link twice");
    }

    fn without_a_trust_store_a_shared_cache_verifies_the_body_certificates_once_per_batch() {
        let (w, _) = world();
        let cache = sec_rules::smki::VerifyCache::new();
        let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft: false };
        for i in 0..4 {
            let doc = w.sign(&w.request_623(i).to_xml(), &w.xml_sign);
            let r = duis::check_with("t.xml", doc.as_bytes(), &opts, &DuisInputs { trust: None, context: None, cache: Some(&cache), crypto: None, roles: None });
            assert_eq!(outcome(&r, "srpd.certs.oca-included"), Outcome::Pass);
            // the three replacement certificates against the included OCA, verified in the first document only
            assert_eq!(cache.verifications(), 3);
        }
    }

    fn future_dated_623_body_reads_the_execution_date() {
        let (w, store) = world();
        let req = Request623 { execution: Some("2030-01-02T00:00:00Z".into()), ..w.request_623(1) };
        let r = run(&w.sign(&req.to_xml(), &w.xml_sign), Some(&store), "2024-03-01");
        assert!(duis_failures(&r).is_empty(), "{:?}", duis_failures(&r));
    }

    fn body_faults_have_paths() {
        let (w, store) = world();
        let req = Request623 { mpxn: "12345678901234".into(), ..w.request_623(1) };
        let r = run(&w.sign(&req.to_xml(), &w.xml_sign), Some(&store), "2024-03-01");
        let f = r.findings.iter().find(|f| f.rule.as_str() == "duis.schema.body" && f.outcome == Outcome::Fail).unwrap();
        assert_eq!(f.location.as_ref().unwrap().path.as_deref(), Some("/Request/Body/UpdateSecurityCredentialsCoS/ImportMPxN"));
        let too_many = Request623 { path: vec![w.pki.oca.base64(); 4], ..w.request_623(1) };
        let r = run(&w.sign(&too_many.to_xml(), &w.xml_sign), Some(&store), "2024-03-01");
        assert!(r.findings.iter().any(|f| f.message == "element Certificate occurs more than 3 times here (maxOccurs 3); expected nothing more"), "{:#?}", r.findings);
    }

    fn other_srvs_bodies_are_checked_against_the_schema() {
        let (w, store) = world();
        let read_inventory = |device: &str| {
            w.request_623(1).to_xml()
                .replace("<sr:CommandVariant>1<", "<sr:CommandVariant>8<")
                .replace("<sr:ServiceReference>6.23</sr:ServiceReference>", "<sr:ServiceReference>8.2</sr:ServiceReference>")
                .replace("<sr:ServiceReferenceVariant>6.23</sr:ServiceReferenceVariant>", "<sr:ServiceReferenceVariant>8.2</sr:ServiceReferenceVariant>")
                .split("<sr:Body>").next().unwrap().to_owned()
                + &format!("<sr:Body><sr:ReadInventory><sr:DeviceID>{device}</sr:DeviceID></sr:ReadInventory></sr:Body></sr:Request>")
        };
        let r = run(&w.sign(&read_inventory("00-DB-12-34-56-78-90-A0"), &w.xml_sign), Some(&store), "2024-03-01");
        assert_eq!(outcome(&r, "duis.schema.body"), Outcome::Pass, "{:#?}", r.findings);
        // the certificate checks do not apply to a body with no certificates
        assert_eq!(outcome(&r, "duis.body.certificates"), Outcome::Skipped);
        assert_eq!(outcome(&r, "srpd.certs.oca-included"), Outcome::Skipped);
        let r = run(&w.sign(&read_inventory("00-DB-12-34"), &w.xml_sign), Some(&store), "2024-03-01");
        let f = r.findings.iter().find(|f| f.rule.as_str() == "duis.schema.body" && f.outcome == Outcome::Fail).unwrap();
        assert!(f.message.starts_with("DeviceID is \"00-DB-12-34\", which is not a valid"), "{}", f.message);
        assert_eq!(f.location.as_ref().unwrap().path.as_deref(), Some("/Request/Body/ReadInventory/DeviceID"));
    }
}
