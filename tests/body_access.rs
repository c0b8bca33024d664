//! Which Body and who may send it (issue 22): `duis.body.matches-srv`, `duis.access.user` (E1)
//! and `duis.access.role-eligible` (E2), on requests generated from the compiled schema and
//! signed by the project's test PKI, standing in for the DCC's own test requests and body
//! swaps made from them. Runs natively and under wasm-bindgen-test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests")]

mod common;

use sec_rules::catalogue::{self, SrvDef, SIGNED_PRE_COMMAND};
use sec_rules::context::{Context, RoleGrants};
use sec_rules::demo::{self, DEMO_ORIGINATOR};
use sec_rules::model::NoteKind;
use sec_rules::request::{self as duis, DuisInputs};
use sec_rules::schema::sample;
use sec_rules::{Date, Options, Outcome, Report, Verdict};

use common::{fx, Fx};

fn opts(all: bool) -> Options {
    Options { as_of: Date::parse("2024-03-01").unwrap(), all, draft: false }
}

impl Fx {
    fn signed(&self, srv: &str, cv: u8, body: &str, variant: u64) -> String {
        let doc = sample::request(srv, cv, body, variant).unwrap_or_else(|| panic!("no sample for {srv} / {body}"));
        self.w.sign(&self.real_certificates(&doc), &self.w.xml_sign)
    }

    /// The schema's samples carry random base64 where a Body holds certificates: put the test
    /// PKI's there (a supplier certificate as each replacement, its OCA in the certification
    /// path), as a real request would carry them.
    fn real_certificates(&self, doc: &str) -> String {
        let d = roxmltree::Document::parse(doc).unwrap();
        let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        for n in d.descendants().filter(|n| n.is_element() && n.children().all(|c| c.is_text())) {
            let name = n.tag_name().name();
            let in_path = n.parent_element().is_some_and(|p| p.tag_name().name() == "CertificationPathCertificates");
            let replacement = n.ancestors().any(|a| a.tag_name().name().ends_with("ReplacementCertificates")) && name.ends_with("Certificate");
            let with = if in_path && name == "Certificate" {
                self.w.pki.oca.base64()
            } else if replacement {
                self.w.supplier_ds.base64()
            } else {
                continue;
            };
            match n.first_child() {
                Some(t) => edits.push((t.range(), with)),
                None => continue,
            }
        }
        let mut out = doc.to_owned();
        edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        for (r, with) in edits {
            #[expect(clippy::disallowed_methods, reason = "a text node's range, from the parser: char boundaries")]
            out.replace_range(r, &with);
        }
        out
    }

    fn check(&self, doc: &str, ctx: Option<&Context>, roles: Option<&RoleGrants>, all: bool) -> Report {
        duis::check_with("r.xml", doc.as_bytes(), &opts(all), &DuisInputs { trust: Some(&self.store), context: ctx, cache: None, crypto: None, roles })
    }
}

fn outcome(r: &Report, rule: &str) -> Outcome {
    r.findings.iter().find(|f| f.rule.as_str() == rule).unwrap_or_else(|| panic!("no {rule}")).outcome
}

fn message<'a>(r: &'a Report, rule: &str) -> &'a str {
    &r.findings.iter().find(|f| f.rule.as_str() == rule).unwrap().message
}

fn every_role() -> RoleGrants {
    demo::every_role_for(DEMO_ORIGINATOR)
}

/// The first CV the SRV allows that takes a Service Request (not 5-7).
fn service_request_cv(def: &SrvDef) -> u8 {
    def.allowed_cv(opts(false).as_of).iter().copied().find(|c| !(5..=7).contains(c)).unwrap()
}

/// On wasm every fourth SRV (the same code paths, in a fraction of the time).
fn srvs() -> impl Iterator<Item = &'static SrvDef> {
    let step = if cfg!(target_arch = "wasm32") { 4 } else { 1 };
    catalogue::srvs().iter().step_by(step)
}

both! {
    // Issue 10's promise, with issue 22's Body and roles: a correctly signed, schema-valid
    // request of any SRV other than 6.23, with the trust store, the sender's roles and no
    // context, is accepted (the SRPD checks that need a context apply to 6.23 only).
    fn every_srvs_own_body_passes_and_the_request_is_accepted_with_roles() {
        let f = fx();
        let roles = every_role();
        for def in srvs().filter(|d| d.srv != "6.23") {
            let cv = service_request_cv(def);
            let r = f.check(&f.signed(def.srv, cv, def.body, 3), None, Some(&roles), false);
            assert_eq!(outcome(&r, "duis.body.matches-srv"), Outcome::Pass, "SRV {}: {}", def.srv, message(&r, "duis.body.matches-srv"));
            assert_eq!(r.verdict, Verdict::Accepted, "SRV {} CV {cv}: first failure {:?}", def.srv, r.first_failure);
        }
    }

    fn another_srvs_body_is_schema_valid_but_rejected_naming_both_srvs() {
        let f = fx();
        let all = catalogue::srvs();
        let roles = every_role();
        let mut swapped = 0;
        for (i, def) in srvs().enumerate() {
            // a sample of other SRVs: near, far and in between
            for k in [1, 37, 64] {
                let other = &all[(i * if cfg!(target_arch = "wasm32") { 4 } else { 1 } + k) % all.len()];
                let cv = service_request_cv(def);
                let doc = f.signed(def.srv, cv, other.body, k as u64);
                let r = f.check(&doc, None, Some(&roles), true);
                assert_eq!(outcome(&r, "duis.schema.body"), Outcome::Pass, "the schema cannot tell: SRV {} with {}", def.srv, other.body);
                assert_eq!(r.verdict, Verdict::Rejected);
                assert_eq!(r.first_failure.map(|x| x.as_str()), Some("duis.body.matches-srv"), "SRV {} with the Body of {}", def.srv, other.srv);
                assert_eq!(r.response_code, None, "no response code is published for it");
                let m = message(&r, "duis.body.matches-srv");
                assert_eq!(
                    m,
                    format!("SRV {} ({}) takes a Body of `{}`; this Body holds `{}`, the Body of SRV {} ({})", def.srv, def.name, def.body, other.body, other.srv, other.name)
                );
                let at = r.findings.iter().find(|x| x.rule.as_str() == "duis.body.matches-srv").unwrap().location.clone().unwrap();
                assert_eq!(at.path, Some(format!("/Request/Body/{}", other.body)));
                assert!(at.line.is_some() && at.column.is_some());
                swapped += 1;
            }
        }
        assert!(swapped >= 3 * 32);
    }

    fn command_variants_5_to_7_take_a_signed_pre_command_and_only_they() {
        let f = fx();
        let roles = every_role();
        let critical = catalogue::srv("1.6").unwrap();
        for cv in [5u8, 6, 7] {
            let ok = f.check(&f.signed("1.6", cv, SIGNED_PRE_COMMAND, 1), None, Some(&roles), false);
            assert_eq!(ok.verdict, Verdict::Accepted, "CV {cv} with a SignedPreCommand: {:?}", ok.first_failure);
            let bad = f.check(&f.signed("1.6", cv, critical.body, 1), None, Some(&roles), false);
            assert_eq!(bad.first_failure.map(|x| x.as_str()), Some("duis.body.matches-srv"), "CV {cv} with a Service Request Body");
            assert_eq!(
                message(&bad, "duis.body.matches-srv"),
                format!("Command Variant {cv} takes a Signed Pre-Command: the Body of SRV 1.6 (Update Payment Mode) must hold `SignedPreCommand`; this Body holds `UpdatePaymentMode`, SRV 1.6's own Service Request, which Command Variants 1-4 and 8 take")
            );
        }
        // CV 1 (non-critical), 4 (critical) and 8 (non-device) with a Signed Pre-Command
        for (srv, cv) in [("6.23", 1u8), ("1.6", 4), ("12.1", 8)] {
            let def = catalogue::srv(srv).unwrap();
            assert!(def.allowed_cv(opts(false).as_of).contains(&cv), "{srv} allows CV {cv}");
            let r = f.check(&f.signed(srv, cv, SIGNED_PRE_COMMAND, 2), None, Some(&roles), false);
            assert_eq!(r.first_failure.map(|x| x.as_str()), Some("duis.body.matches-srv"), "SRV {srv} CV {cv}");
            assert!(
                message(&r, "duis.body.matches-srv").starts_with(&format!("Command Variant {cv} takes a Service Request: SRV {srv} ({}) takes a Body of `{}`; this Body holds `SignedPreCommand`", def.name, def.body)),
                "{}",
                message(&r, "duis.body.matches-srv")
            );
        }
    }

    fn a_623_needs_an_eligible_role_is_from_the_context_or_a_grant() {
        let f = fx();
        let doc = f.w.sign(&f.w.request_623(1).to_xml(), &f.w.xml_sign);
        let with = |roles: &str| Context::from_json("ctx.json", f.w.context_json("ECoS", 2).replace(r#""roles": ["IS"]"#, roles).as_bytes()).unwrap();
        // eligible (IS or GS): accepted
        for roles in [r#""roles": ["IS"]"#, r#""roles": ["GS"]"#, r#""roles": ["ED", "GS", "OU"]"#] {
            let r = f.check(&doc, Some(&with(roles)), None, false);
            assert_eq!(r.verdict, Verdict::Accepted, "{roles}: {:?}", r.first_failure);
        }
        // no eligible role: E2, with both lists named
        let r = f.check(&doc, Some(&with(r#""roles": ["ES", "ED"]"#)), None, false);
        assert_eq!((r.verdict, r.first_failure.map(|x| x.as_str()), r.response_code), (Verdict::Rejected, Some("duis.access.role-eligible"), Some("E2")));
        assert!(message(&r, "duis.access.role-eligible").contains("may be sent by Import Supplier (IS) or Gas Supplier (GS) only"), "{}", message(&r, "duis.access.role-eligible"));
        assert_eq!(r.findings.iter().find(|x| x.rule.as_str() == "duis.access.role-eligible").unwrap().location.as_ref().unwrap().path.as_deref(), Some("/Request/Header/RequestID"));
        // no role at all: E1
        let r = f.check(&doc, Some(&with(r#""roles": []"#)), None, false);
        assert_eq!((r.first_failure.map(|x| x.as_str()), r.response_code), (Some("duis.access.user"), Some("E1")));
        // roles given with the check are merged with the context's
        let mut g = RoleGrants::new();
        g.add_arg("90B3D51F30010000=GS").unwrap();
        let r = f.check(&doc, Some(&with(r#""roles": ["ES"]"#)), Some(&g), false);
        assert_eq!(r.verdict, Verdict::Accepted);
    }

    fn without_roles_the_verdict_is_incomplete_and_says_which_roles_to_give() {
        let f = fx();
        let doc = f.w.sign(&f.w.request_623(1).to_xml(), &f.w.xml_sign);
        let no_roles = Context::from_json("ctx.json", f.w.context_json("ECoS", 2).replace(r#", "roles": ["IS"]"#, "").as_bytes()).unwrap();
        let unknown = Context::from_json("ctx.json", f.w.context_json("ECoS", 2).replace(DEMO_ORIGINATOR, "90-B3-D5-1F-30-09-00-00").as_bytes()).unwrap();
        for (what, ctx) in [("roles not given", Some(&no_roles)), ("unknown User", Some(&unknown))] {
            let r = f.check(&doc, ctx, None, false);
            assert_eq!(r.verdict, Verdict::Incomplete, "{what}");
            assert_eq!(outcome(&r, "duis.access.user"), Outcome::NotEvaluated, "{what}");
            assert_eq!(outcome(&r, "duis.access.role-eligible"), Outcome::NotEvaluated, "{what}");
            assert!(message(&r, "duis.access.user").contains("--user 90-B3-D5-1F-30-01-00-00=IS"), "{what}: {}", message(&r, "duis.access.user"));
        }
        // without a context the SRPD checks cannot run either: no one-sentence note then
        let r = f.check(&doc, None, None, false);
        assert_eq!(r.verdict, Verdict::Incomplete);
        assert!(r.notes.iter().all(|n| n.kind != NoteKind::MissingInput));
        // a request whose other checks all ran: incomplete only for the roles, said first
        let r = f.check(&f.signed("4.4.3", 1, catalogue::srv("4.4.3").unwrap().body, 1), None, None, false);
        assert_eq!(r.verdict, Verdict::Incomplete);
        let note = r.notes.first().unwrap();
        assert_eq!(note.kind, NoteKind::MissingInput);
        assert!(note.message.starts_with("Incomplete only because the User Roles of 90-B3-D5-1F-30-01-00-00 are not known"), "{}", note.message);
    }

    fn an_srv_the_matrix_gives_no_role_passes_e2_and_says_so() {
        let f = fx();
        let mut g = RoleGrants::new();
        g.add_arg("90B3D51F30010000=OU").unwrap();
        for srv in ["8.5", "8.6"] {
            let def = catalogue::srv(srv).unwrap();
            assert!(def.eligible_roles.is_empty());
            let r = f.check(&f.signed(srv, service_request_cv(def), def.body, 1), None, Some(&g), false);
            assert_eq!(outcome(&r, "duis.access.role-eligible"), Outcome::Pass, "{srv}");
            assert!(message(&r, "duis.access.role-eligible").contains("lists no Eligible User Role"), "{srv}");
            assert_eq!(r.verdict, Verdict::Accepted, "{srv}");
        }
    }

    fn access_control_comes_after_the_signer_and_before_the_srpd_checks() {
        let order: Vec<&str> = catalogue::rules_for(sec_rules::Kind::DuisRequest).iter().map(|r| r.id).collect();
        let at = |id: &str| order.iter().position(|x| *x == id).unwrap();
        assert!(at("duis.schema.body") < at("duis.body.matches-srv"));
        assert!(at("duis.signer.user-id") < at("duis.access.user"));
        assert!(at("duis.access.user") < at("duis.access.role-eligible"));
        assert!(order.iter().filter(|x| x.starts_with("srpd.")).all(|x| at(x) > at("duis.access.role-eligible")));
    }
}
