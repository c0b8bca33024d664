//! DUIS Service Requests and Responses: the envelope checks, in catalogue order.
//!
//! Implemented here: `duis.xml.well-formed`, `duis.schema.header`, `duis.request-id.format`,
//! `duis.command-variant.allowed`. Every other rule of the catalogue answers `not-evaluated`
//! until its check lands.

pub mod command_variant;
pub mod header;
pub mod request_id;
pub mod sequence;

use crate::catalogue::{self, RuleDef};
use crate::engine::{self, Evaluator, Options};
use crate::model::{rule_id as id, Evaluation, Kind, Place, Report};
use crate::xml::{self, Limits, XmlFault};
use header::Envelope;
use roxmltree::Document;
use sequence::text;

/// Checks one DUIS document (request or response) and reports every rule in order.
pub fn check(file: &str, bytes: &[u8], opts: &Options) -> Report {
    let parsed = xml::parse(bytes, limits());
    let kind = match &parsed {
        Ok(doc) if header::is_response(doc) => Kind::DuisResponse,
        _ => Kind::DuisRequest,
    };
    let text = std::str::from_utf8(bytes).ok();
    let mut ev = DuisEvaluator { parsed: &parsed, envelope: None };
    engine::run(file, kind, text, &mut ev, opts)
}

/// Parsing limits from the `duis.xml.well-formed` rule's parameters.
pub fn limits() -> Limits {
    let rule = catalogue::rule(id::DUIS_XML_WELL_FORMED);
    let get = |name: &str, default: i64| rule.and_then(|r| r.int(name)).unwrap_or(default);
    Limits {
        max_bytes: usize::try_from(get("max_bytes", 4 << 20)).unwrap_or(4 << 20),
        max_depth: usize::try_from(get("max_depth", 64)).unwrap_or(64),
        max_nodes: u32::try_from(get("max_nodes", 100_000)).unwrap_or(100_000),
    }
}

struct DuisEvaluator<'d, 'i> {
    parsed: &'d Result<Document<'i>, XmlFault>,
    envelope: Option<(Vec<sequence::Located>, Envelope<'d, 'i>)>,
}

const NOT_WELL_FORMED: &str = "not evaluated: the document is not well-formed XML (duis.xml.well-formed)";

impl<'d, 'i> DuisEvaluator<'d, 'i> {
    fn envelope(&mut self) -> Option<&(Vec<sequence::Located>, Envelope<'d, 'i>)> {
        if self.envelope.is_none() {
            if let Ok(doc) = self.parsed {
                self.envelope = Some(header::check(doc));
            }
        }
        self.envelope.as_ref()
    }

    fn well_formed(&self) -> Evaluation {
        match self.parsed {
            Ok(doc) => Evaluation::pass(
                format!("well-formed XML; root element {}", doc.root_element().tag_name().name()),
                None,
            ),
            Err(fault) => {
                let place = match fault {
                    XmlFault::InvalidUtf8 { line, column } | XmlFault::Doctype { line, column } | XmlFault::Syntax { line, column, .. } => {
                        Some(Place::line_col(*line, Some(*column)))
                    }
                    XmlFault::TooDeep { offset, .. } => Some(Place::offset(*offset)),
                    XmlFault::TooLarge { .. } => Some(Place::line_col(1, Some(1))),
                };
                Evaluation::fail(fault.to_string(), place)
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

    fn request_id_format(&mut self) -> Vec<Evaluation> {
        let Some((_, env)) = self.envelope() else { return vec![Evaluation::not_evaluated(NOT_WELL_FORMED)] };
        let Some(rid) = env.request_id else {
            return vec![Evaluation::not_evaluated("not evaluated: the Header has no RequestID (duis.schema.header)")];
        };
        let mut out = Vec::new();
        for (label, node) in [("RequestID", Some(rid)), ("PrecedingServiceRequestID", env.preceding_id)] {
            let Some(n) = node else { continue };
            let place = Some(Place::at(n.range().start, xml::path(n)));
            match request_id::RequestId::parse(text(n)) {
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

impl Evaluator for DuisEvaluator<'_, '_> {
    fn evaluate(&mut self, rule: &RuleDef, opts: &Options) -> Vec<Evaluation> {
        match rule.rule_id() {
            id::DUIS_XML_WELL_FORMED => vec![self.well_formed()],
            id::DUIS_SCHEMA_HEADER => self.schema_header(),
            id::DUIS_REQUEST_ID_FORMAT => self.request_id_format(),
            id::DUIS_COMMAND_VARIANT_ALLOWED => vec![self.command_variant_allowed(opts)],
            _ => vec![Evaluation::not_evaluated(format!(
                "not evaluated: sec-rules {} does not implement {} yet",
                env!("CARGO_PKG_VERSION"),
                rule.id
            ))],
        }
    }
}
