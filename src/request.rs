//! Checking a DUIS document end to end: the DUIS rules (`duis`), then the SRPD rules
//! (`srpd`), in the catalogue's order. This layer composes the two families so that neither
//! imports the other. Access control (`duis.access.*`) needs the context, so it is answered
//! here too (`access`).

mod access;

use crate::catalogue::RuleDef;
use crate::context::{Context, RoleGrants};
use crate::crypto::{EcdsaP256, RustCrypto};
use crate::duis::evaluator::DuisEvaluator;
use crate::duis::{self, header};
use crate::engine::{self, Evaluator, Options};
use crate::model::{rule_id as id, Acknowledgement, Evaluation, Kind, Note, NoteKind, Outcome, Party, Report, Route, RuleId};
use crate::smki::{TrustStore, VerifyCache};
use crate::srpd::{self, receiving::Check, Request623};
use crate::xml;

/// What a DUIS check may use besides the document.
#[derive(Default, Clone, Copy)]
pub struct DuisInputs<'a> {
    /// SMKI certificates (Root, OCA, Organisation). Without it the signer checks are
    /// `not-evaluated`.
    pub trust: Option<&'a TrustStore>,
    /// Users, devices and Registration Data (contract §4). Without it the SRPD checks that
    /// need it are `not-evaluated`.
    pub context: Option<&'a Context>,
    /// A verification cache shared by a batch, used for the certificates carried in requests
    /// when there is no trust store (the trust store's own cache serves otherwise).
    pub cache: Option<&'a VerifyCache>,
    /// The ECDSA backend (the trust store's when `None`): the page's batch door passes one
    /// that defers verifications to the browser's WebCrypto.
    pub crypto: Option<&'a dyn EcdsaP256>,
    /// User Roles given with the check (`--user ID=ROLES`, the wasm options' `users`), beside
    /// the context's `users[].roles`.
    pub roles: Option<&'a RoleGrants>,
}

impl std::fmt::Debug for DuisInputs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DuisInputs")
            .field("trust", &self.trust)
            .field("context", &self.context.is_some())
            .field("cache", &self.cache.is_some())
            .field("crypto", &self.crypto.is_some())
            .field("roles", &self.roles)
            .finish()
    }
}

/// Checks one DUIS document with no trust store and no context.
pub fn check(file: &str, bytes: &[u8], opts: &Options) -> Report {
    check_with(file, bytes, opts, &DuisInputs::default())
}

/// Checks one DUIS document (request or response) and reports every rule in order.
pub fn check_with(file: &str, bytes: &[u8], opts: &Options, inputs: &DuisInputs<'_>) -> Report {
    let limits = duis::limits();
    let prepared = xml::prepare(bytes, &limits);
    let parsed = prepared.as_ref().map_err(Clone::clone).and_then(|p| p.parse(&limits));
    // what the DCC sends (Response, SMETS1SignedResponse, S1SPAlert, …) is a response; a
    // Request, or a root the schemas do not declare, is judged as a request
    let kind = match &parsed {
        Ok(p) if !header::is_request(p.doc()) && crate::schema::root_declaration(p.doc().root_element()).is_some() => Kind::DuisResponse,
        _ => Kind::DuisRequest,
    };
    // "unsigned drafts" is for documents without a signature: a signed one is checked as signed
    let signed = parsed.as_ref().is_ok_and(|p| !crate::xmldsig::profile::signatures(p.doc()).is_empty());
    let opts = &Options { draft: opts.draft && !signed, ..*opts };
    // Offsets of nodes are into the prepared text (line ends normalised): lines and columns
    // are resolved on it, and they are those of the file.
    let text = prepared.as_ref().ok().map(xml::Prepared::text);
    let scratch = VerifyCache::with_capacity(64);
    let cache = inputs.trust.map(TrustStore::cache).or(inputs.cache).unwrap_or(&scratch);
    let crypto: &dyn EcdsaP256 = inputs.crypto.or(inputs.trust.map(TrustStore::crypto)).unwrap_or(&RustCrypto);
    let certs = srpd::certs::Verifier { cache, crypto, store: inputs.trust };
    let mut ev = RequestEvaluator {
        // a store with no certificate is no store: the signer checks cannot run (not evaluated),
        // they do not fail — on every door (an empty --trust folder, a Session given none)
        duis: DuisEvaluator::new(&parsed, inputs.trust.filter(|t| !t.is_empty()), cache, crypto),
        context: inputs.context,
        roles: inputs.roles,
        anchors: Vec::new(),
        certs,
        route: None,
        outcomes: crate::fnv::WordsMap::with_capacity_and_hasher(64, Default::default()),
    };
    let mut report = engine::run(file, kind, text, &mut ev, opts);
    if report.first_failure.is_none() {
        report.route = ev.route.take();
    }
    if let Some(route) = &report.route {
        report.receiving_party = srpd::receiving::expectation(route, &report.findings, receiving_party_of);
    }
    if report.verdict == crate::model::Verdict::Incomplete {
        roles_needed(&mut report, &mut ev);
    }
    trust_notes(&mut report, &mut ev, &parsed);
    report.service_reference_variant = ev.duis.srv();
    if opts.draft {
        // a draft is never "accepted": the checks that need its signature did not run
        if report.verdict == crate::model::Verdict::Accepted {
            report.verdict = crate::model::Verdict::Incomplete;
        }
        report.notes.insert(
            0,
            Note::new(
                NoteKind::Draft,
                "judged as an unsigned draft: the signature and signer checks (and those that need the signer) were skipped, so this says nothing about whether the request would be accepted as sent; sign it and check it again",
            ),
        );
    }
    if let Some(code) = ev.duis.acknowledgement() {
        acknowledge(&mut report, code);
    }
    if let Ok(p) = &parsed {
        if let Some(v) = header::schema_version(p.doc()).filter(|v| !header::same_version(v, CHECKED_VERSION)) {
            report.notes.push(Note::new(
                NoteKind::SchemaVersion,
                format!("the document says schemaVersion {v}; sec-rules checks it against the DUIS schema {CHECKED_VERSION} (the version it holds), so a difference between the two versions may show as a finding"),
            ));
        }
    }
    report
}

/// Leads an incomplete report with one sentence when the only checks that could not run are
/// the access-control ones: what is missing is the User's roles, and nothing else.
fn roles_needed(report: &mut Report, ev: &mut RequestEvaluator<'_, '_, '_>) {
    let mut missing = report.findings.iter().filter(|f| f.outcome == Outcome::NotEvaluated && !f.advisory).peekable();
    if missing.peek().is_none() || !missing.all(|f| matches!(f.rule, id::DUIS_ACCESS_USER | id::DUIS_ACCESS_ROLE_ELIGIBLE)) {
        return;
    }
    let Some(rid) = ev.duis.request_id() else { return };
    let srv = ev.duis.srv().and_then(crate::catalogue::srv);
    report.notes.insert(
        0,
        Note::new(
            NoteKind::MissingInput,
            format!(
                "Incomplete only because the User Roles of {} are not known: every other check that applies passed. To finish, {}.",
                rid.originator,
                access::how_to_give(rid.originator, srv)
            ),
        ),
    );
}

/// The signer (as found), a note when the verdict rests on a trust anchor, and DCC Boxed's
/// advisory about signed white space.
fn trust_notes(report: &mut Report, ev: &mut RequestEvaluator<'_, '_, '_>, parsed: &Result<xml::Parsed<'_>, xml::XmlFault>) {
    let anchored = ev.duis.anchored.clone().or_else(|| ev.anchors.first().cloned());
    if let Some(c) = ev.duis.signer_cert() {
        let own = ev.duis.trust.and_then(|t| t.given_anchor(c)).map(str::to_owned);
        report.signer = Some(crate::model::Signer {
            subject: c.subject.clone(),
            issuer: c.issuer.clone(),
            serial: c.serial.clone(),
            trust_anchor: own.or(ev.duis.anchored.clone()),
        });
    }
    if let Some(file) = anchored {
        report.notes.insert(
            0,
            Note::new(
                NoteKind::TrustAnchor,
                format!("Trusted as given: this verdict rests on the trust anchor {file} — no chain to an SMKI Root or OCA was checked for it. That is how test environments (DCC Boxed) are used; it is not a production answer."),
            ),
        );
    }
    let Ok(p) = parsed else { return };
    let doc = p.doc();
    let signed = !crate::xmldsig::profile::signatures(doc).is_empty();
    let in_signature =
        |n: roxmltree::Node<'_, '_>| n.ancestors().any(|a| a.tag_name().name() == "Signature" && a.tag_name().namespace() == Some(duis::names::DS_NS));
    let spaced = doc.root_element().descendants().any(|n| {
        n.is_text() && n.parent_element().is_some_and(|e| xml::elements(e).next().is_some()) && !in_signature(n) && n.text().is_some_and(|t| !t.is_empty())
    });
    if report.kind == Kind::DuisRequest && signed && spaced {
        report.notes.push(Note::new(
            NoteKind::DccBoxed,
            "Advisory, not part of the verdict: this request has white space between its elements inside the signed content (it is pretty-printed). DCC Boxed's signing tool (v2.1.2) ignores that white space before it recomputes the digest, so it will report this signature invalid although it is correct (sec-facts topic 8.3); DCC Boxed users should sign compact XML, with no white space between elements.",
        ));
    }
}

/// The DUIS schema version the checks use.
const CHECKED_VERSION: &str = "5.4";

/// Leads an acknowledgement's report with what its code means, or says that no source gives it.
fn acknowledge(report: &mut Report, code: String) {
    let def = crate::catalogue::response_code(&code);
    let request_rule =
        def.and_then(|d| d.request_rule).and_then(|r| crate::catalogue::rules().iter().find(|x| x.id == r)).map(crate::catalogue::RuleDef::rule_id);
    let message = match def {
        Some(d) => format!(
            "a DCC acknowledgement, unsigned as the DCC sends them: {code} means {} ({}){}",
            d.meaning,
            d.source,
            request_rule.map(|r| format!("; sec-rules catches this in a request before it is sent: {r}")).unwrap_or_default()
        ),
        None => format!("a DCC acknowledgement, unsigned as the DCC sends them: {code} is a valid DUIS response code, but its meaning is NOT FOUND in any public source sec-rules has (sec-facts topic 2)"),
    };
    report.notes.insert(0, Note::new(NoteKind::Acknowledgement, message));
    report.acknowledgement = Some(Acknowledgement { response_code: code, meaning: def.map(|d| d.meaning), source: def.map(|d| d.source), request_rule });
}

/// Which receiving party's check a rule is (the advisory SRPD 8.1(b) / 8.1A(b) rules).
fn receiving_party_of(rule: RuleId) -> Option<Party> {
    match rule {
        id::SRPD_COS_PARTY_CRYPTO | id::SRPD_COS_PARTY_VALIDITY | id::SRPD_COS_PARTY_GENERIC | id::SRPD_COS_PARTY_REPLAY => Some(Party::Ecos),
        id::SRPD_TCOS_PARTY_CRYPTO | id::SRPD_TCOS_PARTY_VALIDITY | id::SRPD_TCOS_PARTY_SAME_USER | id::SRPD_TCOS_PARTY_RESPONSIBLE_SUPPLIER => {
            Some(Party::Tcos)
        }
        _ => None,
    }
}

struct RequestEvaluator<'d, 'i, 's> {
    duis: DuisEvaluator<'d, 'i, 's>,
    /// Trust anchors the SRPD certificate checks relied on (their files).
    anchors: Vec<String>,
    context: Option<&'s Context>,
    roles: Option<&'s RoleGrants>,
    /// Verifies issuer signatures between certificates in the body.
    certs: srpd::certs::Verifier<'s>,
    route: Option<Route>,
    outcomes: crate::fnv::WordsMap<RuleId, Outcome>,
}

impl RequestEvaluator<'_, '_, '_> {
    fn passed(&self, rule: RuleId) -> bool {
        self.outcomes.get(&rule) == Some(&Outcome::Pass)
    }

    /// `duis.access.user` (E1) and `duis.access.role-eligible` (E2).
    fn access(&mut self, rule: &RuleDef) -> Evaluation {
        let place = self.duis.request_id_place();
        let Some(request_id) = self.duis.request_id() else {
            return Evaluation::not_evaluated(
                "not evaluated: the RequestID is missing or malformed, so the sending User is not known (duis.request-id.format)",
            );
        };
        let srv = self.duis.srv().and_then(crate::catalogue::srv);
        let known = crate::context::roles::roles_of(self.context, self.roles, request_id.originator);
        if rule.rule_id() == id::DUIS_ACCESS_USER {
            return access::user(request_id.originator, &known, srv, place);
        }
        match srv {
            Some(def) => access::role_eligible(request_id.originator, &known, def, place),
            None => Evaluation::not_evaluated("not evaluated: the Header names no valid ServiceReferenceVariant (duis.schema.header)"),
        }
    }

    fn srpd(&mut self, rule: &RuleDef, opts: &Options) -> Vec<Evaluation> {
        let rid = rule.rule_id();
        let Some(srv) = self.duis.srv() else {
            return vec![Evaluation::not_evaluated("not evaluated: the Header names no valid ServiceReferenceVariant (duis.schema.header)")];
        };
        if matches!(rid, id::SRPD_CERTS_OCA_INCLUDED | id::SRPD_CERTS_OCA_USED) {
            // every request carrying certificates for a Device's credentials (S003 §3.3)
            let verifier = self.certs;
            let Some(carried) = self.duis.certificates() else {
                return vec![Evaluation::not_evaluated("not evaluated: the document has no Body (duis.schema.header)")];
            };
            if !carried.any() {
                return vec![Evaluation::skipped(format!(
                    "does not apply: the SRV {srv} request carries no certificates to update a Device's Security Credentials"
                ))];
            }
            if rid == id::SRPD_CERTS_OCA_USED {
                return srpd::certs::oca_used(carried, verifier);
            }
            let (out, anchors) = srpd::certs::oca_included(carried, verifier);
            self.anchors.extend(anchors);
            return out;
        }
        if srv != "6.23" {
            return vec![Evaluation::skipped(format!("does not apply: the request is SRV {srv}; this rule is for SRV 6.23"))];
        }
        let Some(request_id) = self.duis.request_id() else {
            return vec![Evaluation::not_evaluated("not evaluated: the RequestID is missing or malformed (duis.request-id.format)")];
        };
        let signer = self.duis.signer_cert();
        let (ctx, as_of) = (self.context, opts.as_of);
        let signer_ok = self.passed(id::DUIS_SIGNATURE_VALUE) && self.passed(id::DUIS_SIGNER_VALID);
        let route = self.route.clone();
        let Some(body) = self.duis.body_623() else {
            return vec![Evaluation::not_evaluated("not evaluated: the 6.23 body could not be read (duis.schema.body)")];
        };
        let r = Request623 { request_id, body, signer };
        let one = |e: Evaluation| vec![e];
        let advisory = |party: Party, check: Check| vec![srpd::receiving::evaluate(party, check, route.as_ref(), Some(&r), ctx, as_of, signer_ok)];
        match rid {
            id::SRPD_623_MPID_IN_CERT => one(srpd::update623::mpid_in_cert(&r, ctx, as_of)),
            id::SRPD_623_MPXN_MATCHES_SMI => one(srpd::update623::mpxn_matches_smi(&r, ctx)),
            id::SRPD_623_REPLACEMENT_COUNT => one(srpd::update623::replacement_count(rule, &r, ctx)),
            id::SRPD_623_REPLACEMENT_ROLE => srpd::update623::replacement_role(&r),
            id::SRPD_623_KEY_USAGE_FITS_CELL => srpd::update623::key_usage_fits_cell(&r),
            id::SRPD_623_PREPAYMENT_FLOOR_SEQ => one(srpd::update623::prepayment_floor_seq(&r)),
            id::SRPD_623_ROUTE => {
                let Some(ctx) = ctx else {
                    return one(Evaluation::not_evaluated(
                        "not evaluated: routing needs the target device's SMETS generation and CoS credentials; add a context",
                    ));
                };
                let Some(device) = ctx.device(request_id.target) else {
                    return one(Evaluation::not_evaluated(format!("not evaluated: the context has no device {}", request_id.target)));
                };
                match srpd::route::route(rule, device, as_of) {
                    Ok(rt) => {
                        let e = srpd::route::describe(&rt, device);
                        self.route = Some(rt);
                        one(e)
                    }
                    Err(e) => one(e),
                }
            }
            id::SRPD_COS_PARTY_CRYPTO => advisory(Party::Ecos, Check::Crypto),
            id::SRPD_COS_PARTY_VALIDITY => advisory(Party::Ecos, Check::Validity),
            id::SRPD_COS_PARTY_GENERIC => advisory(Party::Ecos, Check::Third),
            id::SRPD_COS_PARTY_REPLAY => advisory(Party::Ecos, Check::Fourth),
            id::SRPD_TCOS_PARTY_CRYPTO => advisory(Party::Tcos, Check::Crypto),
            id::SRPD_TCOS_PARTY_VALIDITY => advisory(Party::Tcos, Check::Validity),
            id::SRPD_TCOS_PARTY_SAME_USER => advisory(Party::Tcos, Check::Third),
            id::SRPD_TCOS_PARTY_RESPONSIBLE_SUPPLIER => advisory(Party::Tcos, Check::Fourth),
            _ => one(Evaluation::not_evaluated(format!("not evaluated: sec-rules {} does not implement {} yet", env!("CARGO_PKG_VERSION"), rule.id))),
        }
    }
}

impl Evaluator for RequestEvaluator<'_, '_, '_> {
    fn evaluate(&mut self, rule: &RuleDef, opts: &Options) -> Vec<Evaluation> {
        let v = if matches!(rule.rule_id(), id::DUIS_ACCESS_USER | id::DUIS_ACCESS_ROLE_ELIGIBLE) {
            vec![self.access(rule)]
        } else if rule.id.starts_with("duis.") {
            self.duis.evaluate(rule, opts)
        } else {
            self.srpd(rule, opts)
        };
        let worst = if v.iter().any(|e| e.outcome == Outcome::Fail) {
            Outcome::Fail
        } else if v.iter().all(|e| e.outcome == Outcome::Pass) {
            Outcome::Pass
        } else {
            Outcome::NotEvaluated
        };
        self.outcomes.insert(rule.rule_id(), worst);
        v
    }
}
