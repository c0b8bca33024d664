//! Trust anchors and missing issuers (issue 23), on the project's own test PKI: its "twin" OCA
//! has the public OCA's name (`CN=Z1,OU=07`) and another key, as DCC Boxed's unpublished OCA
//! has the public Z1's. A signer issued by the twin is what a DCC Boxed user signs with.
//! Natively and under wasm-bindgen-test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests")]

mod common;

use sec_rules::context::Context;
use sec_rules::demo::{self, DemoWorld, DEMO_ORIGINATOR};
use sec_rules::duis::request_id::Eui64;
use sec_rules::model::NoteKind;
use sec_rules::request::{self as duis, DuisInputs};
use sec_rules::smki::TrustStore;
use sec_rules::testkit::{CertSpec, TestCert, TestPki};
use sec_rules::{Date, Options, Outcome, Report, Verdict};

struct Fx {
    w: DemoWorld,
    /// An xmlSign certificate of the demo originator issued by the twin OCA.
    boxed: TestCert,
}

impl Fx {
    /// The issuer name the boxed signer carries, as sec-rules writes it.
    fn boxed_issuer(&self) -> String {
        sec_rules::smki::SmkiCert::from_der(&self.boxed.der).unwrap().issuer
    }
}

fn fx() -> Fx {
    let w = DemoWorld::new();
    let me = Eui64::parse(DEMO_ORIGINATOR).unwrap();
    let boxed = TestPki::issue_with(&CertSpec::org("boxed xmlSign", "87", me), &w.pki.twin_oca);
    Fx { w, boxed }
}

fn store(pems: &[(&str, String, bool)]) -> TrustStore {
    let mut s = TrustStore::new();
    for (name, pem, anchor) in pems {
        if *anchor {
            s.add_anchor_file(name, pem.as_bytes()).unwrap();
        } else {
            s.add_file(name, pem.as_bytes()).unwrap();
        }
    }
    s
}

fn check(doc: &str, trust: &TrustStore, day: &str) -> Report {
    let ctx = Context::from_json("ctx.json", DemoWorld::new().context_json("ECoS", 2).as_bytes()).unwrap();
    let opts = Options { as_of: Date::parse(day).unwrap(), all: false, draft: false };
    duis::check_with("r.xml", doc.as_bytes(), &opts, &DuisInputs { trust: Some(trust), context: Some(&ctx), cache: None, crypto: None, roles: None })
}

fn finding<'a>(r: &'a Report, rule: &str) -> &'a sec_rules::Finding {
    r.findings.iter().find(|f| f.rule.as_str() == rule).unwrap_or_else(|| panic!("no {rule}"))
}

both! {
    fn a_signer_given_as_a_trust_anchor_is_accepted_and_the_report_says_it_rests_on_it() {
        let f = fx();
        let doc = f.w.sign(&f.w.request_623(1).to_xml(), &f.boxed);
        // the public OCA and Root are there too: the anchor is what the chain ends at
        let s = store(&[("public.pem", f.w.trust_pem(), false), ("xml-sign-boxed.pem", f.boxed.pem(), true)]);
        let r = check(&doc, &s, "2024-03-01");
        assert_eq!(r.verdict, Verdict::Accepted, "{:?}", r.findings.iter().filter(|x| x.outcome != Outcome::Pass).map(|x| (&x.rule, &x.message)).collect::<Vec<_>>());
        let valid = finding(&r, "duis.signer.valid");
        assert!(valid.message.contains("trusted as given: trust anchor xml-sign-boxed.pem"), "{}", valid.message);
        assert_eq!(r.notes.first().map(|n| n.kind), Some(NoteKind::TrustAnchor));
        assert!(r.notes[0].message.starts_with("Trusted as given: this verdict rests on the trust anchor xml-sign-boxed.pem"));
        let signer = r.signer.as_ref().unwrap();
        assert_eq!(signer.trust_anchor.as_deref(), Some("xml-sign-boxed.pem"));
        assert!(signer.issuer.contains("CN=Z1") && signer.issuer.contains("OU=07"), "{}", signer.issuer);
    }

    fn without_its_issuer_the_signer_is_not_evaluated_never_rejected() {
        let f = fx();
        let doc = f.w.sign(&f.w.request_623(2).to_xml(), &f.boxed);
        let s = store(&[("xml-sign-boxed.pem", f.boxed.pem(), false)]);
        let r = check(&doc, &s, "2024-03-01");
        assert_eq!(r.verdict, Verdict::Incomplete);
        assert!(r.findings.iter().all(|x| x.outcome != Outcome::Fail));
        let valid = finding(&r, "duis.signer.valid");
        assert_eq!(valid.outcome, Outcome::NotEvaluated);
        assert!(valid.message.contains(&format!("the issuer {} is not in the trust store", f.boxed_issuer())) && valid.message.contains("--trust-anchor"), "{}", valid.message);
        // the signer's own certificate missing: also a missing input
        let r = check(&doc, &store(&[("public.pem", f.w.trust_pem(), false)]), "2024-03-01");
        assert_eq!(finding(&r, "duis.signer.known").outcome, Outcome::NotEvaluated);
        assert_eq!(r.verdict, Verdict::Incomplete);
    }

    fn the_public_oca_of_the_same_name_does_not_verify_it_rejected_with_the_anchor_hint() {
        let f = fx();
        let doc = f.w.sign(&f.w.request_623(3).to_xml(), &f.boxed);
        let s = store(&[("public.pem", f.w.trust_pem(), false), ("xml-sign-boxed.pem", f.boxed.pem(), false)]);
        let r = check(&doc, &s, "2024-03-01");
        assert_eq!((r.verdict, r.first_failure.map(|x| x.as_str())), (Verdict::Rejected, Some("duis.signer.valid")));
        let m = &finding(&r, "duis.signer.valid").message;
        assert!(m.contains(&format!("named {}", f.boxed_issuer())) && m.contains("another OCA of the same name issued it") && m.contains("--trust-anchor"), "{m}");
    }

    fn an_anchor_still_has_its_dates_key_usage_and_role_checked() {
        let f = fx();
        let me = Eui64::parse(DEMO_ORIGINATOR).unwrap();
        // expired
        let old = TestPki::issue_with(&CertSpec { not_after: (2021, 1, 1), ..CertSpec::org("boxed old", "87", me) }, &f.w.pki.twin_oca);
        let r = check(&f.w.sign(&f.w.request_623(4).to_xml(), &old), &store(&[("old.pem", old.pem(), true)]), "2024-03-01");
        assert_eq!(r.first_failure.map(|x| x.as_str()), Some("duis.signer.valid"));
        assert!(finding(&r, "duis.signer.valid").message.contains("expired"));
        // no digitalSignature key usage
        let ka = TestPki::issue_with(&CertSpec { digital_signature: false, key_agreement: true, ..CertSpec::org("boxed ka", "87", me) }, &f.w.pki.twin_oca);
        let r = check(&f.w.sign(&f.w.request_623(5).to_xml(), &ka), &store(&[("ka.pem", ka.pem(), true)]), "2024-03-01");
        assert_eq!(r.first_failure.map(|x| x.as_str()), Some("duis.signer.valid"));
        // a supplier certificate as anchor: still not xmlSign (E65)
        let sup = TestPki::issue_with(&CertSpec::org("boxed supplier", "02", me), &f.w.pki.twin_oca);
        let r = check(&f.w.sign(&f.w.request_623(6).to_xml(), &sup), &store(&[("sup.pem", sup.pem(), true)]), "2024-03-01");
        assert_eq!((r.first_failure.map(|x| x.as_str()), r.response_code), (Some("duis.signer.xmlsign-role"), Some("E65")));
    }

    fn replacement_certificates_of_another_oca_of_that_name_fail_unless_trusted_as_given() {
        let f = fx();
        let me = Eui64::parse(DEMO_ORIGINATOR).unwrap();
        let twin_ds = TestPki::issue_with(&CertSpec::org("boxed supplier DS", "02", me), &f.w.pki.twin_oca);
        let req = demo::Request623 { ds: twin_ds.base64(), ..f.w.request_623(7) };
        let doc = f.w.sign(&req.to_xml(), &f.w.xml_sign);
        let r = check(&doc, &store(&[("public.pem", f.w.trust_pem(), false)]), "2024-03-01");
        assert_eq!(r.first_failure.map(|x| x.as_str()), Some("srpd.certs.oca-included"));
        let m = &r.findings.iter().find(|x| x.rule.as_str() == "srpd.certs.oca-included" && x.outcome == Outcome::Fail).unwrap().message;
        assert!(m.contains("another OCA of the same name issued it") && m.contains("--trust-anchor"), "{m}");
        let r = check(&doc, &store(&[("public.pem", f.w.trust_pem(), false), ("ds.pem", twin_ds.pem(), true)]), "2024-03-01");
        assert_ne!(r.first_failure.map(|x| x.as_str()), Some("srpd.certs.oca-included"));
        assert!(r.findings.iter().any(|x| x.rule.as_str() == "srpd.certs.oca-included" && x.message.contains("trusted as given: trust anchor ds.pem")));
        assert!(r.notes.iter().any(|n| n.kind == NoteKind::TrustAnchor));
    }

    fn a_pretty_printed_signed_request_gets_the_dcc_boxed_advisory_and_a_compact_one_does_not() {
        let f = fx();
        let s = store(&[("public.pem", f.w.trust_pem(), false)]);
        let xml = f.w.request_623(8).to_xml();
        assert!(xml.contains(">\n"), "the demo request is pretty-printed");
        let r = check(&f.w.sign(&xml, &f.w.xml_sign), &s, "2024-03-01");
        assert_eq!(r.verdict, Verdict::Accepted, "an advisory is never part of the verdict");
        assert!(r.notes.iter().any(|n| n.kind == NoteKind::DccBoxed && n.message.contains("sign compact XML")));
        let compact: String = xml.lines().map(str::trim).collect();
        let r = check(&f.w.sign(&compact, &f.w.xml_sign), &s, "2024-03-01");
        assert_eq!(r.verdict, Verdict::Accepted);
        assert!(r.notes.iter().all(|n| n.kind != NoteKind::DccBoxed));
    }
}
