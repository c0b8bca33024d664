//! The root element and Header of a Service Request or Response: where the parts are (the
//! schema judges their structure and types) and the one check the schema cannot make: that the
//! ServiceReference is the one its ServiceReferenceVariant belongs to.

use super::names::{child, text, SR_NS};
use crate::catalogue;
use crate::model::Place;
use crate::xml;
use roxmltree::{Document, Node};

/// The parts of a DUIS envelope, as far as they were found.
#[derive(Debug, Default, Clone, Copy)]
pub struct Envelope<'a, 'i> {
    /// `Header`.
    pub header: Option<Node<'a, 'i>>,
    /// `Body`.
    pub body: Option<Node<'a, 'i>>,
    /// `Header/RequestID`.
    pub request_id: Option<Node<'a, 'i>>,
    /// `Header/PrecedingServiceRequestID`.
    pub preceding_id: Option<Node<'a, 'i>>,
    /// `Header/CommandVariant`.
    pub command_variant: Option<Node<'a, 'i>>,
    /// `Header/ServiceReference`.
    pub service_reference: Option<Node<'a, 'i>>,
    /// `Header/ServiceReferenceVariant`.
    pub srv: Option<Node<'a, 'i>>,
    /// `Header/ResponseCode` (Responses).
    pub response_code: Option<Node<'a, 'i>>,
}

/// Whether the root is `sr:Response` (then the document is a Service Response).
pub fn is_response(doc: &Document<'_>) -> bool {
    let r = doc.root_element();
    r.tag_name().name() == "Response" && r.tag_name().namespace() == Some(SR_NS)
}

/// Whether the root is `sr:Request`.
pub fn is_request(doc: &Document<'_>) -> bool {
    let r = doc.root_element();
    r.tag_name().name() == "Request" && r.tag_name().namespace() == Some(SR_NS)
}

/// Finds the envelope parts of a Request or Response.
pub fn locate<'a, 'i>(doc: &'a Document<'i>) -> Envelope<'a, 'i> {
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(SR_NS) || !matches!(root.tag_name().name(), "Request" | "Response") {
        return Envelope::default();
    }
    let header = child(root, "Header");
    let h = |name: &str| header.and_then(|h| child(h, name));
    Envelope {
        header,
        body: child(root, "Body"),
        request_id: h("RequestID"),
        preceding_id: h("PrecedingServiceRequestID"),
        command_variant: h("CommandVariant"),
        service_reference: h("ServiceReference"),
        srv: h("ServiceReferenceVariant"),
        response_code: h("ResponseCode"),
    }
}

/// A ServiceReference that is not its ServiceReferenceVariant's (both may be valid on their
/// own: the schema enumerates each, not the pair).
pub fn reference_mismatch(env: &Envelope<'_, '_>) -> Option<(String, Place)> {
    let (sr, srv) = (env.service_reference?, env.srv?);
    let def = catalogue::srv(&text(srv))?;
    (text(sr) != def.service_reference).then(|| {
        (
            format!("ServiceReference {} does not match ServiceReferenceVariant {} (whose Service Reference is {})", text(sr), def.srv, def.service_reference),
            Place::at(sr.range().start, xml::path(sr)),
        )
    })
}

/// The schema version the document declares (the root's `schemaVersion`), trimmed.
pub fn schema_version<'a>(doc: &'a Document<'_>) -> Option<&'a str> {
    doc.root_element().attribute("schemaVersion").map(crate::xml::text::trim)
}

/// Whether a declared `schemaVersion` (an xs:decimal) is the given version: 5.4 = 5.40 = +05.4.
pub fn same_version(declared: &str, version: &str) -> bool {
    let norm = |v: &str| {
        let v = crate::xml::text::trim(v).trim_start_matches('+');
        let (i, f) = v.split_once('.').unwrap_or((v, ""));
        (i.trim_start_matches('0').to_owned(), f.trim_end_matches('0').to_owned())
    };
    norm(declared) == norm(version)
}

/// The Command Variant value, when it is a valid one (1..=9, xs:positiveInteger lexical forms).
pub fn command_variant(n: Node<'_, '_>) -> Option<u8> {
    let v = text(n);
    let t = v.trim_start_matches('+');
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = t.trim_start_matches('0').parse::<u8>().ok()?;
    (1..=9).contains(&v).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_found_and_the_reference_pair_is_checked() {
        let h = "<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1</sr:RequestID><sr:CommandVariant>1</sr:CommandVariant><sr:ServiceReference>6.24</sr:ServiceReference><sr:ServiceReferenceVariant>6.23</sr:ServiceReferenceVariant>";
        let xml = format!(r#"<sr:Request xmlns:sr="{SR_NS}" schemaVersion="5.4"><sr:Header>{h}</sr:Header><sr:Body/></sr:Request>"#);
        let doc = Document::parse(&xml).unwrap();
        let env = locate(&doc);
        assert!(env.body.is_some() && env.command_variant.map(command_variant) == Some(Some(1)));
        let (m, _) = reference_mismatch(&env).unwrap();
        assert_eq!(m, "ServiceReference 6.24 does not match ServiceReferenceVariant 6.23 (whose Service Reference is 6.23)");
        assert!(same_version("5.40", "5.4") && same_version("+05.4", "5.4") && !same_version("5.1", "5.4"));
    }
}
