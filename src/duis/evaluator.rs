//! The DUIS evaluator: parses lazily, once, and answers one rule at a time.

use super::body::{self, BodyReport};
use super::header::{self, Envelope};
use super::request_id::RequestId;
use super::sequence::{text, Located};
use super::{command_variant, signing};
use crate::catalogue::{self, RuleDef};
use crate::engine::{Evaluator, Options};
use crate::model::{rule_id as id, Evaluation, Place};
use crate::xml::{self, Parsed, XmlFault};
use crate::xmldsig::profile::{self, ProfileFault, Signature};

pub(super) const NOT_WELL_FORMED: &str = "not evaluated: the document is not well-formed XML (duis.xml.well-formed)";

pub(crate) struct DuisEvaluator<'d, 'i, 's> {
    pub(super) parsed: &'d Result<Parsed<'i>, XmlFault>,
    pub(super) trust: Option<&'s crate::smki::TrustStore>,
    envelope: Option<(Vec<Located>, Envelope<'d, 'i>)>,
    body: Option<Option<BodyReport<'d, 'i>>>,
    pub(super) signature: Option<Result<Signature<'d, 'i>, (ProfileFault, Place)>>,
    pub(super) signer: Option<signing::SignerLookup<'s>>,
}

impl<'d, 'i, 's> DuisEvaluator<'d, 'i, 's> {
    pub(crate) fn new(parsed: &'d Result<Parsed<'i>, XmlFault>, trust: Option<&'s crate::smki::TrustStore>) -> Self {
        Self { parsed, trust, envelope: None, body: None, signature: None, signer: None }
    }

    /// The ServiceReferenceVariant, when it is one of the catalogue's.
    pub(crate) fn srv(&mut self) -> Option<&'static str> {
        let n = self.envelope()?.1.srv?;
        catalogue::srv(text(n)).map(|d| d.srv)
    }

    /// The signer's certificate, when the trust store holds the one KeyInfo names.
    pub(crate) fn signer_cert(&mut self) -> Option<&'s crate::smki::SmkiCert> {
        match signing::signer(self) {
            signing::SignerLookup::Found(c) => Some(*c),
            _ => None,
        }
    }

    pub(super) fn envelope(&mut self) -> Option<&(Vec<Located>, Envelope<'d, 'i>)> {
        if self.envelope.is_none() {
            if let Ok(p) = self.parsed {
                self.envelope = Some(header::check(p.doc()));
            }
        }
        self.envelope.as_ref()
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
        let (_, env) = self.envelope()?;
        let code = text(env.response_code?).to_owned();
        let body = env.body?;
        let mut kids = xml::elements(body);
        let (Some(msg), None) = (kids.next(), kids.next()) else { return None };
        let only_references = msg.tag_name().name() == "ResponseMessage"
            && xml::elements(msg).all(|c| matches!(c.tag_name().name(), "ServiceReference" | "ServiceReferenceVariant"));
        only_references.then_some(code)
    }

    /// The RequestID, when present and well-formed.
    pub(crate) fn request_id(&mut self) -> Option<RequestId> {
        let rid = self.envelope()?.1.request_id?;
        RequestId::parse(text(rid)).ok()
    }

    /// The body report (6.23 read in full), once.
    pub(crate) fn body(&mut self) -> Option<&BodyReport<'d, 'i>> {
        if self.body.is_none() {
            let env = self.envelope().map(|(_, e)| *e);
            let report = env.and_then(|e| {
                let (b, srv) = (e.body?, e.srv?);
                Some(body::check(b, text(srv)))
            });
            self.body = Some(report);
        }
        self.body.as_ref().and_then(Option::as_ref)
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

    fn schema_header(&mut self) -> Vec<Evaluation> {
        let Some((faults, _)) = self.envelope() else { return vec![Evaluation::not_evaluated(NOT_WELL_FORMED)] };
        if faults.is_empty() {
            return vec![Evaluation::pass("root element and Header match the DUIS schema: elements, order and types", None)];
        }
        faults.iter().map(|(f, p)| Evaluation::fail(f.to_string(), Some(p.clone()))).collect()
    }

    fn schema_body(&mut self) -> Vec<Evaluation> {
        if self.parsed.is_err() {
            return vec![Evaluation::not_evaluated(NOT_WELL_FORMED)];
        }
        match self.body() {
            None => vec![Evaluation::not_evaluated("not evaluated: the Header names no valid ServiceReferenceVariant, or there is no Body (duis.schema.header)")],
            Some(BodyReport::NotChecked { srv, element }) => vec![Evaluation::not_evaluated(format!(
                "not evaluated: sec-rules checks the Body of SRV 6.23 only; the Body of SRV {srv} ({element}) was not checked"
            ))],
            Some(BodyReport::Invalid(f)) => f.iter().map(|(f, p)| Evaluation::fail(f.to_string(), Some(p.clone()))).collect(),
            Some(BodyReport::Update623(b, f)) if f.is_empty() => vec![Evaluation::pass(
                format!(
                    "UpdateSecurityCredentialsCoS matches the schema: {} replacement certificate(s), {} certification-path certificate(s)",
                    b.replacements().len(),
                    b.path.len()
                ),
                None,
            )],
            Some(BodyReport::Update623(_, f)) => f.iter().map(|(f, p)| Evaluation::fail(f.to_string(), Some(p.clone()))).collect(),
        }
    }

    fn request_id_format(&mut self) -> Vec<Evaluation> {
        let Some((_, env)) = self.envelope() else { return vec![Evaluation::not_evaluated(NOT_WELL_FORMED)] };
        let Some(rid) = env.request_id else {
            return vec![Evaluation::not_evaluated("not evaluated: the Header has no RequestID (duis.schema.header)")];
        };
        let mut out = Vec::new();
        for (label, node) in [("RequestID", Some(rid)), ("PrecedingServiceRequestID", env.preceding_id)] {
            let Some(n) = node else { continue };
            let place = Some(Place::at(n.range().start, xml::path(n)));
            match RequestId::parse(text(n)) {
                Ok(r) => out.push(Evaluation::pass(
                    format!("{label} {}: originator {}, target {}, counter {}", text(n), r.originator, r.target, r.counter),
                    place,
                )),
                Err(fault) => out.push(Evaluation::fail(format!("{label} \"{}\" {fault}", text(n)), place)),
            }
        }
        out
    }

    fn command_variant_allowed(&mut self, opts: &Options) -> Evaluation {
        let Some((_, env)) = self.envelope() else { return Evaluation::not_evaluated(NOT_WELL_FORMED) };
        let (Some(cv_node), Some(srv_node)) = (env.command_variant, env.srv) else {
            return Evaluation::not_evaluated("not evaluated: the Header lacks CommandVariant or ServiceReferenceVariant (duis.schema.header)");
        };
        let place = Some(Place::at(cv_node.range().start, xml::path(cv_node)));
        let (Some(cv), Some(def)) = (header::command_variant(cv_node), catalogue::srv(text(srv_node))) else {
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
