//! SRPD 6.23 checks, order, first failure and routing, on requests signed by the project's
//! test PKI that each carry exactly one defect, plus valid ones for each route and date.
//! Runs natively and under wasm-bindgen-test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests")]

mod common;

use sec_rules::context::Context;
use sec_rules::demo::{Request623, DEMO_ORIGINATOR};
use sec_rules::duis::request_id::Eui64;
use sec_rules::model::Party;
use sec_rules::request::{self as duis, DuisInputs};
use sec_rules::testkit::CertSpec;
use sec_rules::{Date, Options, Outcome, Report, Verdict};

use common::{fx, Fx};

impl Fx {
    fn check(&self, req: &Request623, ctx: Option<&str>, day: &str, all: bool) -> Report {
        let doc = self.w.sign(&req.to_xml(), &self.w.xml_sign);
        let ctx = ctx.map(|c| Context::from_json("ctx.json", c.as_bytes()).unwrap());
        let opts = Options { as_of: Date::parse(day).unwrap(), all, draft: false };
        duis::check_with(
            "req.xml",
            doc.as_bytes(),
            &opts,
            &DuisInputs { trust: Some(&self.store), context: ctx.as_ref(), cache: None, crypto: None, roles: None },
        )
    }
    fn me(&self) -> Eui64 {
        Eui64::parse(DEMO_ORIGINATOR).unwrap()
    }
}

fn ff(r: &Report) -> Option<&str> {
    r.first_failure.map(|f| f.as_str())
}

both! {
    fn valid_623_to_an_ecos_device_is_accepted_and_routed_to_the_cos_party() {
        let f = fx();
        let r = f.check(&f.w.request_623(1), Some(&f.w.context_json("ECoS", 2)), "2024-03-01", false);
        assert_eq!(r.verdict, Verdict::Accepted, "{:#?}", r.findings.iter().filter(|x| x.outcome != Outcome::Pass).collect::<Vec<_>>());
        assert_eq!(ff(&r), None);
        assert_eq!(r.response_code, None);
        let route = r.route.unwrap();
        assert_eq!((route.party, route.clause.as_str(), route.target_response_seconds), (Party::Ecos, "SRPD 8.1", 35));
        // the CoS Party's own checks follow as advisory findings; the TCoS Party's are skipped
        let adv: Vec<_> = r.findings.iter().filter(|x| x.advisory).collect();
        assert_eq!(adv.len(), 8);
        assert!(adv.iter().filter(|x| x.rule.as_str().starts_with("srpd.tcos-party")).all(|x| x.outcome == Outcome::Skipped));
        assert!(adv.iter().any(|x| x.rule.as_str() == "srpd.cos-party.replay" && x.outcome == Outcome::NotEvaluated));
    }

    fn valid_623_to_a_tcos_smets2_device_goes_to_the_tcos_party_8_1a() {
        let f = fx();
        let r = f.check(&f.w.request_623(1), Some(&f.w.context_json("TCoS", 2)), "2024-03-01", false);
        assert_eq!(r.verdict, Verdict::Accepted);
        let route = r.route.unwrap();
        assert_eq!((route.party, route.clause.as_str()), (Party::Tcos, "SRPD 8.1A"));
        for rule in ["srpd.tcos-party.same-user", "srpd.tcos-party.responsible-supplier"] {
            assert_eq!(r.findings.iter().find(|x| x.rule.as_str() == rule).unwrap().outcome, Outcome::Pass, "{rule}");
        }
    }

    fn a_smets1_request_to_a_tcos_device_is_outside_clause_8() {
        let f = fx();
        let r = f.check(&f.w.request_623(1), Some(&f.w.context_json("TCoS", 1)), "2024-03-01", false);
        let route = r.route.unwrap();
        assert_eq!((route.party, route.clause.as_str(), route.target_response_seconds), (Party::Smets1Legacy, "SRPD 6.4(b)", 21));
    }

    fn before_ecos_go_live_every_623_went_to_the_transitional_cos_party() {
        let f = fx();
        let r = f.check(&f.w.request_623(1), Some(&f.w.context_json("ECoS", 2)), "2023-03-01", false);
        assert_eq!(r.verdict, Verdict::Accepted);
        let route = r.route.unwrap();
        assert_eq!((route.party, route.target_response_seconds), (Party::Tcos, 30));
        assert_eq!(r.findings.iter().find(|x| x.rule.as_str() == "srpd.623.mpid-in-cert").unwrap().outcome, Outcome::Skipped);
    }

    fn after_the_etmad_is_deleted_every_623_goes_to_the_cos_party() {
        let f = fx();
        let r = f.check(&f.w.request_623(1), Some(&f.w.context_json("TCoS", 2)), "2025-01-15", false);
        assert_eq!(r.verdict, Verdict::Accepted);
        assert_eq!(r.route.unwrap().party, Party::Ecos);
    }

    fn without_context_the_context_checks_are_not_evaluated_and_there_is_no_route() {
        let f = fx();
        let r = f.check(&f.w.request_623(1), None, "2024-03-01", false);
        assert_eq!(r.verdict, Verdict::Incomplete);
        assert!(r.route.is_none());
        for rule in ["srpd.623.mpid-in-cert", "srpd.623.mpxn-matches-smi", "srpd.623.replacement-count", "srpd.623.route"] {
            let x = r.findings.iter().find(|x| x.rule.as_str() == rule).unwrap();
            assert_eq!(x.outcome, Outcome::NotEvaluated, "{rule}");
            assert!(x.message.contains("context"), "{rule}: {}", x.message);
        }
        for rule in ["srpd.certs.oca-included", "srpd.certs.oca-used", "srpd.623.replacement-role", "srpd.623.key-usage-fits-cell"] {
            assert_eq!(r.findings.iter().find(|x| x.rule.as_str() == rule).unwrap().outcome, Outcome::Pass, "{rule}");
        }
    }

    fn oca_not_included_fails_oca_included() {
        let f = fx();
        let req = Request623 { path: vec![f.w.pki.twin_oca.base64()], ..f.w.request_623(1) };
        let r = f.check(&req, Some(&f.w.context_json("ECoS", 2)), "2024-03-01", false);
        assert_eq!(ff(&r), Some("srpd.certs.oca-included"));
        assert!(r.findings.iter().any(|x| x.message.contains("key does not verify it")));
        assert!(r.route.is_none());
    }

    fn an_unused_oca_fails_oca_used() {
        let f = fx();
        let req = Request623 { path: vec![f.w.pki.oca.base64(), f.w.pki.twin_oca.base64()], ..f.w.request_623(1) };
        let r = f.check(&req, Some(&f.w.context_json("ECoS", 2)), "2024-03-01", false);
        assert_eq!(ff(&r), Some("srpd.certs.oca-used"));
    }

    fn another_supplier_registered_fails_mpid_in_cert() {
        let f = fx();
        let ctx = f.w.context_json("ECoS", 2).replace("\"mpid\": \"DEMO\"", "\"mpid\": \"RIVL\"");
        let r = f.check(&f.w.request_623(1), Some(&ctx), "2024-03-01", false);
        assert_eq!(ff(&r), Some("srpd.623.mpid-in-cert"));
        assert!(r.findings.iter().any(|x| x.message.contains("is RIVL, but the signing User 90-B3-D5-1F-30-01-00-00 holds MPIDs [DEMO]")));
    }

    fn registration_is_read_on_the_execution_date() {
        let f = fx();
        // DEMO is registered from 2023-01-01: a request executing in 2022 is not from the incoming supplier
        let req = Request623 { execution: Some("2022-06-01T00:00:00Z".into()), ..f.w.request_623(1) };
        let r = f.check(&req, Some(&f.w.context_json("ECoS", 2)), "2024-03-01", false);
        assert_eq!(ff(&r), Some("srpd.623.mpid-in-cert"));
        assert!(r.findings.iter().any(|x| x.message.contains("on 2022-06-01 is PREV")));
    }

    fn a_different_smi_mpxn_fails_mpxn_matches_smi() {
        let f = fx();
        let ctx = f.w.context_json("ECoS", 2).replacen("\"mpxn\": \"1312345678333\", \"cos", "\"mpxn\": \"1300000000000\", \"cos", 1);
        let r = f.check(&f.w.request_623(1), Some(&ctx), "2024-03-01", false);
        assert_eq!(ff(&r), Some("srpd.623.mpxn-matches-smi"));
    }

    fn replacement_certificates_per_device_type() {
        let f = fx();
        let ctx = |ty: &str| f.w.context_json("ECoS", 2).replace("\"device_type\": \"ESME\"", &format!("\"device_type\": \"{ty}\""));
        // ESME and GSME: DS + KA, the top-up key only where a prepayment key is replaced
        let no_topup = Request623 { ka_topup: None, topup_floor: None, ..f.w.request_623(1) };
        for ty in ["ESME", "GSME"] {
            let r = f.check(&no_topup, Some(&ctx(ty)), "2024-03-01", false);
            assert_eq!(r.verdict, Verdict::Accepted, "{ty}");
        }
        let no_ka = Request623 { ka: None, ..f.w.request_623(1) };
        let r = f.check(&no_ka, Some(&ctx("ESME")), "2024-03-01", false);
        assert_eq!(ff(&r), Some("srpd.623.replacement-count"));
        assert!(r.findings.iter().any(|x| x.message.contains("lacks KeyAgreementCertificate") && x.message.contains("assumption")));
        // a GPF has no top-up cell
        let r = f.check(&f.w.request_623(1), Some(&ctx("GPF")), "2024-03-01", false);
        assert_eq!(ff(&r), Some("srpd.623.replacement-count"));
        assert!(r.findings.iter().any(|x| x.message.contains("a GPF has no cell for KeyAgreementTopUpCertificate")), "{:#?}", r.findings);
        assert_eq!(f.check(&no_topup, Some(&ctx("GPF")), "2024-03-01", false).verdict, Verdict::Accepted);
        // a device type with no Supplier cells: nothing to replace
        let r = f.check(&f.w.request_623(1), Some(&ctx("CHF")), "2024-03-01", false);
        assert_eq!(ff(&r), Some("srpd.623.replacement-count"));
        assert!(r.findings.iter().any(|x| x.message.contains("holds no Supplier Trust Anchor Cells")));
        // a type the table does not know is not evaluated, never passed
        let r = f.check(&f.w.request_623(1), Some(&ctx("WIDGET")), "2024-03-01", false);
        assert_eq!(r.findings.iter().find(|x| x.rule.as_str() == "srpd.623.replacement-count").unwrap().outcome, Outcome::NotEvaluated);
    }

    fn a_network_operator_certificate_fails_replacement_role() {
        let f = fx();
        let no = f.w.pki.org(&CertSpec { digital_signature: false, key_agreement: true, ..CertSpec::org("demo NO KA", "03", f.me()) });
        let req = Request623 { ka: Some(no.base64()), ..f.w.request_623(1) };
        let r = f.check(&req, Some(&f.w.context_json("ECoS", 2)), "2024-03-01", false);
        assert_eq!(ff(&r), Some("srpd.623.replacement-role"));
        let x = r.findings.iter().find(|x| x.outcome == Outcome::Fail).unwrap();
        assert_eq!(x.location.as_ref().unwrap().path.as_deref(), Some("/Request/Body/UpdateSecurityCredentialsCoS/SupplierReplacementCertificates/KeyAgreementCertificate"));
    }

    fn another_user_ids_certificates_are_for_the_tcos_party_to_judge_through_the_context() {
        let f = fx();
        let other = Eui64::parse("90-B3-D5-1F-30-03-00-00").unwrap();
        let ds = f.w.pki.org(&CertSpec::org("supplier2 DS", "02", other));
        let req = Request623 { ds: ds.base64(), ..f.w.request_623(1) };
        let same = |r: &Report| r.findings.iter().find(|x| x.rule.as_str() == "srpd.tcos-party.same-user").unwrap().clone();
        // no DCC check compares those User IDs (contract §8): the DCC accepts
        let base = f.w.context_json("TCoS", 2);
        let r = f.check(&req, Some(&base), "2024-03-01", false);
        assert_eq!(r.verdict, Verdict::Accepted);
        assert_eq!(r.route.as_ref().unwrap().party, Party::Tcos);
        // the context does not say who holds 90-B3-D5-1F-30-03-00-00: not evaluated, outcome unknown
        assert_eq!(same(&r).outcome, Outcome::NotEvaluated);
        let rp = r.receiving_party.as_ref().unwrap();
        assert_eq!(rp.expected, sec_rules::model::Expectation::Unknown);
        // one User holding both IDs: the TCoS Party goes on (SRPD 8.2A)
        let one_user = base.replace("\"user_id\": \"90-B3-D5-1F-30-01-00-00\"", "\"user_ids\": [\"90-B3-D5-1F-30-01-00-00\", \"90-B3-D5-1F-30-03-00-00\"]");
        let r = f.check(&req, Some(&one_user), "2024-03-01", false);
        assert_eq!(r.verdict, Verdict::Accepted);
        assert_eq!(same(&r).outcome, Outcome::Pass);
        let rp = r.receiving_party.as_ref().unwrap();
        assert_eq!((rp.expected, rp.clause.as_str()), (sec_rules::model::Expectation::Proceeds, "SRPD 8.2A"));
        assert_eq!(r.headline(), "accepted by the DCC → TCoS Party would go on (SRPD 8.2A)");
        // two Users: the DCC still accepts, and the TCoS Party's refusal leads the report
        let two_users = base.replace("\"users\": [", "\"users\": [ { \"user_id\": \"90-B3-D5-1F-30-03-00-00\", \"mpids\": [\"OTHR\"] },");
        let r = f.check(&req, Some(&two_users), "2024-03-01", false);
        assert_eq!((r.verdict, ff(&r)), (Verdict::Accepted, None));
        let s = same(&r);
        assert_eq!((s.outcome, s.advisory), (Outcome::Fail, true));
        assert!(s.message.contains("DigitalSigningCertificate (90-B3-D5-1F-30-03-00-00)"), "{}", s.message);
        let rp = r.receiving_party.as_ref().unwrap();
        assert_eq!((rp.expected, rp.clause.as_str()), (sec_rules::model::Expectation::Refuses, "SRPD 8.3A"));
        assert_eq!(rp.rules.first().map(|x| x.as_str()), Some("srpd.tcos-party.same-user"));
        assert_eq!(r.headline(), "accepted by the DCC → TCoS Party would refuse it (SRPD 8.1A(b)(iii))");
    }

    fn a_623_to_a_smets1_device_before_ecos_went_to_the_smets1_service_provider() {
        let f = fx();
        let r = f.check(&f.w.request_623(1), Some(&f.w.context_json("TCoS", 1)), "2023-03-01", false);
        let route = r.route.unwrap();
        assert_eq!((route.party, route.target_response_seconds), (Party::Smets1Legacy, 16));
        assert!(route.clause.contains("SMETS1 Service Provider") && !route.clause.contains("TCoS"), "{}", route.clause);
        assert!(r.receiving_party.is_none());
    }

    fn a_key_agreement_cell_with_a_signing_certificate_fails_key_usage() {
        let f = fx();
        let wrong = f.w.pki.org(&CertSpec::org("DS in KA cell", "02", f.me()));
        let req = Request623 { ka: Some(wrong.base64()), ..f.w.request_623(1) };
        let r = f.check(&req, Some(&f.w.context_json("ECoS", 2)), "2024-03-01", false);
        assert_eq!(ff(&r), Some("srpd.623.key-usage-fits-cell"));
    }

    fn a_top_up_certificate_without_its_floor_sequence_number_fails() {
        let f = fx();
        let req = Request623 { topup_floor: None, ..f.w.request_623(1) };
        let r = f.check(&req, Some(&f.w.context_json("ECoS", 2)), "2024-03-01", false);
        assert_eq!(ff(&r), Some("srpd.623.prepayment-floor-seq"));
    }

    fn all_mode_collects_every_failure_in_order() {
        let f = fx();
        let req = Request623 { topup_floor: None, path: vec![f.w.pki.twin_oca.base64()], ..f.w.request_623(1) };
        let r = f.check(&req, Some(&f.w.context_json("ECoS", 2)), "2024-03-01", true);
        let fails: Vec<&str> = r.findings.iter().filter(|x| x.outcome == Outcome::Fail && !x.advisory).map(|x| x.rule.as_str()).collect();
        // S003 §3.3's order: check vii before the two OCA checks
        assert_eq!(fails, ["srpd.623.prepayment-floor-seq", "srpd.certs.oca-included", "srpd.certs.oca-included", "srpd.certs.oca-included", "srpd.certs.oca-used"]);
        assert_eq!(ff(&r), Some("srpd.623.prepayment-floor-seq"));
    }
}

// Issue 24: both receiving parties' cryptographic checks are judged alike, on the Service
// Request inside the DCC's countersigned communication, whose countersignature is assumed
// valid and said to be; routing inferences say they are inferences.
both! {
    fn both_receiving_parties_judge_crypto_and_validity_alike_with_the_assumption_stated() {
        let f = fx();
        for (cos, party) in [("ECoS", "srpd.cos-party"), ("TCoS", "srpd.tcos-party")] {
            let r = f.check(&f.w.request_623(31), Some(&f.w.context_json(cos, 2)), "2024-03-01", true);
            for check in ["crypto", "validity"] {
                let x = r.findings.iter().find(|x| x.rule.as_str() == format!("{party}.{check}")).unwrap();
                assert_eq!(x.outcome, Outcome::Pass, "{party}.{check}: {}", x.message);
                assert!(x.message.contains("countersignature is the DCC's") && x.message.contains("assumed valid (an assumption)"), "{}", x.message);
            }
        }
        let rules = sec_rules::catalogue::rules();
        for id in ["srpd.cos-party.crypto", "srpd.tcos-party.crypto", "srpd.cos-party.validity", "srpd.tcos-party.validity"] {
            let r = rules.iter().find(|r| r.id == id).unwrap();
            assert!(r.assumption && r.note.is_some_and(|n| n.contains("assumed valid")), "{id}");
        }
    }

    fn a_route_that_rests_on_an_inference_says_so() {
        let f = fx();
        let after = f.check(&f.w.request_623(32), Some(&f.w.context_json("TCoS", 2)), "2025-01-01", false);
        let m = &after.findings.iter().find(|x| x.rule.as_str() == "srpd.623.route").unwrap().message;
        assert!(m.contains("an assumption") && m.contains("this route is an inference"), "{m}");
        let during = f.check(&f.w.request_623(33), Some(&f.w.context_json("TCoS", 2)), "2024-03-01", false);
        let m = &during.findings.iter().find(|x| x.rule.as_str() == "srpd.623.route").unwrap().message;
        assert!(!m.contains("inference"), "the ETMAD's own routing is no inference: {m}");
        let rule = sec_rules::catalogue::rules().iter().find(|r| r.id == "srpd.623.route").unwrap();
        assert!(rule.note.is_some_and(|n| n.contains("Private Key Transfer") && n.contains("sec-rules follows the ETMAD")));
        assert_eq!(rule.dates, ["ecos_go_live", "etmad_end"]);
    }
}
