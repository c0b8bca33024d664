//! The DUIS evaluator: parses lazily, once, and answers one rule at a time.

use super::body::{self, Body623, Carried};
use super::header::{self, Envelope};
use super::names::text;
use super::request_id::RequestId;
use super::{command_variant, pairing, signing};
use crate::catalogue::{self, RuleDef};
use crate::engine::{Evaluator, Options};
use crate::model::{rule_id as id, Evaluation, Place};
use crate::schema::{self, SchemaFault};
use crate::xml::{self, Parsed, XmlFault};
use crate::xmldsig::profile::{self, ProfileFault, Signature};

/// A schema fault's message, with the DUIS reason where the schema's pattern says too little
/// (the RequestIDType pattern is a wall of alternatives: say which part is wrong).
fn explain(f: &SchemaFault) -> String {
    let request_id = f.path.ends_with("/RequestID") || f.path.ends_with("/PrecedingServiceRequestID");
    match f.pattern_value().filter(|_| request_id).map(RequestId::parse) {
        Some(Err(why)) => {
            let name = f.path.rsplit('/').next().unwrap_or("RequestID");
            format!("{name} \"{}\" is not a valid sr:RequestIDType: {why}", f.pattern_value().unwrap_or(""))
        }
        _ => f.to_string(),
    }
}

pub(super) const NOT_WELL_FORMED: &str = "not evaluated: the document is not well-formed XML (duis.xml.well-formed)";

pub(crate) struct DuisEvaluator<'d, 'i, 's> {
    pub(super) parsed: &'d Result<Parsed<'i>, XmlFault>,
    pub(crate) trust: Option<&'s crate::smki::TrustStore>,
    /// Parsed certificates and verified links, shared by a batch.
    pub(super) cache: &'s crate::smki::VerifyCache,
    /// The ECDSA backend.
    pub(super) crypto: &'s dyn crate::crypto::EcdsaP256,
    envelope: Option<Envelope<'d, 'i>>,
    request_id: Option<Option<RequestId>>,
    schema: Option<Vec<SchemaFault>>,
    certs: Option<Carried<'d, 'i>>,
    body623: Option<Option<Body623<'d, 'i>>>,
    pub(super) signature: Option<Result<Signature<'d, 'i>, (ProfileFault, Place)>>,
    pub(super) signer: Option<signing::SignerLookup<'s>>,
    /// The file of the trust anchor `duis.signer.valid` relied on, when it did.
    pub(crate) anchored: Option<String>,
}

impl<'d, 'i, 's> DuisEvaluator<'d, 'i, 's> {
    pub(crate) fn new(
        parsed: &'d Result<Parsed<'i>, XmlFault>,
        trust: Option<&'s crate::smki::TrustStore>,
        cache: &'s crate::smki::VerifyCache,
        crypto: &'s dyn crate::crypto::EcdsaP256,
    ) -> Self {
        Self {
            parsed,
            trust,
            cache,
            crypto,
            envelope: None,
            request_id: None,
            schema: None,
            certs: None,
            body623: None,
            signature: None,
            signer: None,
            anchored: None,
        }
    }

    /// The ServiceReferenceVariant, when it is one of the catalogue's.
    pub(crate) fn srv(&mut self) -> Option<&'static str> {
        let n = self.envelope()?.srv?;
        catalogue::srv(&text(n)).map(|d| d.srv)
    }

    /// The signer's certificate, when the trust store holds the one KeyInfo names.
    pub(crate) fn signer_cert(&mut self) -> Option<&'s crate::smki::SmkiCert> {
        match signing::signer(self) {
            signing::SignerLookup::Found(c) => Some(*c),
            _ => None,
        }
    }

    pub(super) fn envelope(&mut self) -> Option<&Envelope<'d, 'i>> {
        if self.envelope.is_none() {
            if let Ok(p) = self.parsed {
                self.envelope = Some(header::locate(p.doc()));
            }
        }
        self.envelope.as_ref()
    }

    /// Every schema violation of the document, found once.
    fn schema(&mut self) -> Option<&Vec<SchemaFault>> {
        if self.schema.is_none() {
            if let Ok(p) = self.parsed {
                self.schema = Some(schema::validate(p.doc()));
            }
        }
        self.schema.as_ref()
    }

    /// The certificates the Body carries (any SRV), read once.
    pub(crate) fn certificates(&mut self) -> Option<&Carried<'d, 'i>> {
        if self.certs.is_none() {
            let b = self.envelope().and_then(|e| e.body)?;
            self.certs = Some(body::certificates(b, self.cache));
        }
        self.certs.as_ref()
    }

    /// For a 6.23 whose Body holds UpdateSecurityCredentialsCoS: its values, read once.
    pub(crate) fn body_623(&mut self) -> Option<&Body623<'d, 'i>> {
        if self.body623.is_none() {
            let env = self.envelope().copied();
            let cache = self.cache;
            let read = env.and_then(|e| {
                let el = xml::elements(e.body?).next()?;
                (el.tag_name().name() == body::UPDATE_623).then(|| body::read_623(el, cache))
            });
            self.body623 = Some(read);
        }
        self.body623.as_ref().and_then(Option::as_ref)
    }

    /// For a DCC acknowledgement — a Response with a ResponseCode, no ds:Signature, and a Body
    /// holding only ResponseMessage with ServiceReference and ServiceReferenceVariant (the DCC
    /// sends its error acknowledgements unsigned, sec-facts topic 2) — its ResponseCode.
    pub(crate) fn acknowledgement(&mut self) -> Option<String> {
        let Ok(p) = self.parsed else { return None };
        let doc = p.doc();
        if !header::is_response(doc) || !profile::signatures(doc).is_empty() {
            return None;
        }
        let env = self.envelope()?;
        let code = text(env.response_code?).into_owned();
        let body = env.body?;
        let mut kids = xml::elements(body);
        let (Some(msg), None) = (kids.next(), kids.next()) else { return None };
        let only_references = msg.tag_name().name() == "ResponseMessage"
            && xml::elements(msg).all(|c| matches!(c.tag_name().name(), "ServiceReference" | "ServiceReferenceVariant"));
        only_references.then_some(code)
    }

    /// Where the RequestID element is, when there is one.
    pub(crate) fn request_id_place(&mut self) -> Option<Place> {
        self.envelope().and_then(|e| e.request_id).map(|n| Place::at(n.range().start, xml::path(n)))
    }

    /// The RequestID, when present and well-formed.
    /// Parsed once: every 6.23 check and the signer's User ID check ask for it.
    pub(crate) fn request_id(&mut self) -> Option<RequestId> {
        if self.request_id.is_none() {
            let parsed = self.envelope().and_then(|e| e.request_id).and_then(|n| RequestId::parse(&text(n)).ok());
            self.request_id = Some(parsed);
        }
        self.request_id.flatten()
    }

    pub(super) fn signature(&mut self) -> Option<&Result<Signature<'d, 'i>, (ProfileFault, Place)>> {
        if self.signature.is_none() {
            if let Ok(p) = self.parsed {
                self.signature = Some(profile::read(p.doc()));
            }
        }
        self.signature.as_ref()
    }

    fn well_formed(&self) -> Evaluation {
        match self.parsed {
            Ok(p) => Evaluation::pass(format!("well-formed XML 1.0 in UTF-8; root element {}", p.doc().root_element().tag_name().name()), None),
            Err(fault) => {
                let (line, column) = fault.line_col();
                Evaluation::fail(fault.to_string(), Some(Place::line_col(line, Some(column))))
            }
        }
    }

    /// The path prefix of the Body (`/Request/Body`), under which a fault is the body rule's.
    fn body_path(&self) -> Option<String> {
        let Ok(p) = self.parsed else { return None };
        Some(format!("/{}/Body", p.doc().root_element().tag_name().name()))
    }

    fn in_body(path: &str, body: &str) -> bool {
        path == body || path.strip_prefix(body).is_some_and(|rest| rest.starts_with('/'))
    }

    fn schema_header(&mut self) -> Vec<Evaluation> {
        let body = self.body_path().unwrap_or_default();
        let Some(faults) = self.schema() else { return vec![Evaluation::not_evaluated(NOT_WELL_FORMED)] };
        let mut out: Vec<Evaluation> =
            faults.iter().filter(|f| !Self::in_body(&f.path, &body)).map(|f| Evaluation::fail(explain(f), Some(f.place()))).collect();
        if let Some((m, place)) = self.envelope().copied().as_ref().and_then(header::reference_mismatch) {
            out.push(Evaluation::fail(m, Some(place)));
        }
        if out.is_empty() {
            let root = self.parsed.as_ref().map(|p| p.doc().root_element().tag_name().name()).unwrap_or("");
            out.push(Evaluation::pass(format!("the root element {root} and its Header match the DUIS schema 5.4: elements, order, cardinality, types"), None));
        }
        out
    }

    fn schema_body(&mut self) -> Vec<Evaluation> {
        let body_path = self.body_path().unwrap_or_default();
        let Some(faults) = self.schema() else { return vec![Evaluation::not_evaluated(NOT_WELL_FORMED)] };
        let mut out: Vec<Evaluation> =
            faults.iter().filter(|f| Self::in_body(&f.path, &body_path)).map(|f| Evaluation::fail(f.to_string(), Some(f.place()))).collect();
        let env = self.envelope().copied().unwrap_or_default();
        let Some(body) = env.body else {
            return vec![Evaluation::not_evaluated("not evaluated: the document has no Body (duis.schema.header)")];
        };
        let el = xml::elements(body).next();
        if out.is_empty() {
            let what = el.map_or_else(String::new, |e| format!(" ({})", e.tag_name().name()));
            out.push(Evaluation::pass(
                format!("the Body{what} matches the DUIS schema 5.4: elements, order, cardinality, attributes and every value's type"),
                None,
            ));
        }
        out
    }

    /// `duis.body.matches-srv`: the Body element is the SRV's, or a Signed Pre-Command for
    /// Command Variants 5-7 (sec-facts topic 8.1).
    fn body_matches_srv(&mut self) -> Evaluation {
        let Some(env) = self.envelope().copied() else { return Evaluation::not_evaluated(NOT_WELL_FORMED) };
        let Some(body) = env.body else { return Evaluation::not_evaluated("not evaluated: the document has no Body (duis.schema.header)") };
        let Some(def) = env.srv.and_then(|n| catalogue::srv(&text(n))) else {
            return Evaluation::not_evaluated("not evaluated: the Header names no valid ServiceReferenceVariant (duis.schema.header)");
        };
        let Some(cv) = env.command_variant.and_then(header::command_variant) else {
            return Evaluation::not_evaluated("not evaluated: the Header has no valid CommandVariant (duis.schema.header)");
        };
        let Some(el) = xml::elements(body).next() else {
            return Evaluation::not_evaluated("not evaluated: the Body holds no element (duis.schema.body)");
        };
        let place = Some(Place::at(el.range().start, xml::path(el)));
        let in_duis = el.tag_name().namespace() == Some(super::names::SR_NS);
        match pairing::check(def, cv, el.tag_name().name(), in_duis) {
            Ok(()) if pairing::takes_signed_pre_command(cv) => Evaluation::pass(
                format!("Command Variant {cv} takes a Signed Pre-Command, and the Body holds SignedPreCommand (SRV {}, {})", def.srv, def.name),
                place,
            ),
            Ok(()) => {
                Evaluation::pass(format!("the Body holds {}, the Body of SRV {} ({}), as Command Variant {cv} takes", def.body, def.srv, def.name), place)
            }
            Err(m) => Evaluation::fail(m.to_string(), place),
        }
    }

    fn body_certificates(&mut self) -> Vec<Evaluation> {
        if self.parsed.is_err() {
            return vec![Evaluation::not_evaluated(NOT_WELL_FORMED)];
        }
        let Some(c) = self.certificates() else { return vec![Evaluation::not_evaluated("not evaluated: the document has no Body (duis.schema.header)")] };
        if !c.any() {
            return vec![Evaluation::skipped("does not apply: the Body carries no certificate for a Device's Security Credentials")];
        }
        if c.faults.is_empty() {
            return vec![Evaluation::pass(
                format!("{} in the Body, each a DER X.509 certificate", crate::model::words::count(c.count as u64, "certificate")),
                None,
            )];
        }
        c.faults.iter().map(|(m, p)| Evaluation::fail(m.clone(), Some(p.clone()))).collect()
    }

    fn request_id_format(&mut self) -> Vec<Evaluation> {
        let Some(env) = self.envelope() else { return vec![Evaluation::not_evaluated(NOT_WELL_FORMED)] };
        let Some(rid) = env.request_id else {
            return vec![Evaluation::not_evaluated("not evaluated: the Header has no RequestID (duis.schema.header)")];
        };
        let mut out = Vec::new();
        for (label, node) in [("RequestID", Some(rid)), ("PrecedingServiceRequestID", env.preceding_id)] {
            let Some(n) = node else { continue };
            let place = Some(Place::at(n.range().start, xml::path(n)));
            match RequestId::parse(&text(n)) {
                Ok(r) => {
                    out.push(Evaluation::pass(format!("{label} {}: originator {}, target {}, counter {}", text(n), r.originator, r.target, r.counter), place))
                }
                Err(fault) => out.push(Evaluation::fail(format!("{label} \"{}\" is not a valid sr:RequestIDType: {fault}", text(n)), place)),
            }
        }
        out
    }

    fn command_variant_allowed(&mut self, opts: &Options) -> Evaluation {
        let Some(env) = self.envelope() else { return Evaluation::not_evaluated(NOT_WELL_FORMED) };
        let (Some(cv_node), Some(srv_node)) = (env.command_variant, env.srv) else {
            return Evaluation::not_evaluated("not evaluated: the Header lacks CommandVariant or ServiceReferenceVariant (duis.schema.header)");
        };
        let place = Some(Place::at(cv_node.range().start, xml::path(cv_node)));
        let (Some(cv), Some(def)) = (header::command_variant(cv_node), catalogue::srv(&text(srv_node))) else {
            return Evaluation::not_evaluated("not evaluated: CommandVariant or ServiceReferenceVariant has no valid value (duis.schema.header)");
        };
        match command_variant::check(def, cv, opts.as_of) {
            Ok(()) => Evaluation::pass(format!("Command Variant {cv} is allowed for SRV {} ({})", def.srv, def.name), place),
            Err(e) => Evaluation::fail(e.to_string(), place),
        }
    }
}

impl Evaluator for DuisEvaluator<'_, '_, '_> {
    fn evaluate(&mut self, rule: &RuleDef, opts: &Options) -> Vec<Evaluation> {
        let signature_rule = rule.id.starts_with("duis.signature.") || rule.id.starts_with("duis.signer.");
        if signature_rule && opts.draft {
            return vec![Evaluation::skipped("does not apply to a draft: the document was judged as an unsigned draft, to be signed last")];
        }
        if signature_rule {
            if let Some(code) = self.acknowledgement() {
                return vec![Evaluation::skipped(format!(
                    "does not apply: an unsigned DCC acknowledgement ({code}); the DCC sends its error acknowledgements without a signature (sec-facts topic 2), so there is nothing to verify"
                ))];
            }
        }
        match rule.rule_id() {
            id::DUIS_XML_WELL_FORMED => vec![self.well_formed()],
            id::DUIS_SCHEMA_HEADER => self.schema_header(),
            id::DUIS_REQUEST_ID_FORMAT => self.request_id_format(),
            id::DUIS_COMMAND_VARIANT_ALLOWED => vec![self.command_variant_allowed(opts)],
            id::DUIS_SCHEMA_BODY => self.schema_body(),
            id::DUIS_BODY_MATCHES_SRV => vec![self.body_matches_srv()],
            id::DUIS_BODY_CERTIFICATES => self.body_certificates(),
            id::DUIS_SIGNATURE_PRESENT => vec![signing::present(self)],
            id::DUIS_SIGNATURE_PROFILE => vec![signing::profile(self)],
            id::DUIS_SIGNATURE_DIGEST => vec![signing::digest(self)],
            id::DUIS_SIGNATURE_VALUE => vec![signing::value(self)],
            id::DUIS_SIGNER_KNOWN => vec![signing::known(self)],
            id::DUIS_SIGNER_VALID => vec![signing::valid(self, opts)],
            id::DUIS_SIGNER_XMLSIGN_ROLE => vec![signing::role(self, crate::smki::Role::XmlSign)],
            id::DUIS_SIGNER_DSP_ROLE => vec![signing::role(self, crate::smki::Role::DspXmlSign)],
            id::DUIS_SIGNER_USER_ID => vec![signing::user_id(self)],
            _ => vec![Evaluation::not_evaluated(format!("not evaluated: sec-rules {} does not implement {} yet", env!("CARGO_PKG_VERSION"), rule.id))],
        }
    }
}
