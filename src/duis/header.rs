//! The root element and Header of a Service Request or Response (DUIS Annex A,
//! complexTypes `Request` and `Response`): structure, order and simple types.

use super::sequence::{display_name, match_sequence, simple_content, text, Located, Particle, StructureFault, DS_NS, SR_NS};
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
    /// `ds:Signature`, when in its place (last child of the root).
    pub signature: Option<Node<'a, 'i>>,
    /// `Header/RequestID`.
    pub request_id: Option<Node<'a, 'i>>,
    /// `Header/PrecedingServiceRequestID`.
    pub preceding_id: Option<Node<'a, 'i>>,
    /// `Header/CommandVariant`.
    pub command_variant: Option<Node<'a, 'i>>,
    /// `Header/ServiceReferenceVariant`.
    pub srv: Option<Node<'a, 'i>>,
    /// `Header/ResponseCode` (Responses).
    pub response_code: Option<Node<'a, 'i>>,
}

const ROOT: [Particle; 3] = [Particle::one("Header"), Particle::one("Body"), Particle { name: "Signature", ns: DS_NS, min: 0, max: 1 }];

const REQUEST_HEADER: [Particle; 6] = [
    Particle::one("RequestID"),
    Particle::opt("FirstInSequence"),
    Particle::opt("PrecedingServiceRequestID"),
    Particle::one("CommandVariant"),
    Particle::one("ServiceReference"),
    Particle::one("ServiceReferenceVariant"),
];

const RESPONSE_HEADER: [Particle; 4] =
    [Particle::opt("RequestID"), Particle::opt("ResponseID"), Particle::one("ResponseCode"), Particle::one("ResponseDateTime")];

/// Whether the root is `sr:Response` (then the document is a Service Response).
pub fn is_response(doc: &Document<'_>) -> bool {
    let r = doc.root_element();
    r.tag_name().name() == "Response" && r.tag_name().namespace() == Some(SR_NS)
}

/// Checks root and Header; returns the faults and the envelope parts found.
pub fn check<'a, 'i>(doc: &'a Document<'i>) -> (Vec<Located>, Envelope<'a, 'i>) {
    let root = doc.root_element();
    let mut faults = Vec::new();
    let response = is_response(doc);
    if !response && (root.tag_name().name() != "Request" || root.tag_name().namespace() != Some(SR_NS)) {
        faults.push((
            StructureFault::Other(format!("the root element is {}, not Request (or Response) in namespace {SR_NS}", display_name(root))),
            Place::at(root.range().start, xml::path(root)),
        ));
        return (faults, Envelope::default());
    }
    check_schema_version(root, &mut faults);
    let (f, parts) = match_sequence(root, &ROOT);
    faults.extend(f);
    let mut env = Envelope { header: first(&parts, 0), body: first(&parts, 1), ..Envelope::default() };
    // The signature counts as "in place" only as the last element child of the root.
    env.signature = first(&parts, 2).filter(|s| xml::elements(root).last() == Some(*s));
    let Some(header) = env.header else { return (faults, env) };
    if response {
        let (f, h) = match_sequence(header, &RESPONSE_HEADER);
        faults.extend(f);
        env.request_id = first(&h, 0);
        env.response_code = first(&h, 2);
        for n in h.iter().flatten() {
            faults.extend(simple_content(*n));
        }
        if let Some(code) = first(&h, 2) {
            let v = text(code);
            if !(v.len() >= 2 && v.starts_with(['E', 'I', 'W']) && v.get(1..).is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))) {
                faults.push(value_fault(code, "a DUIS response code (E, I or W followed by digits)"));
            }
        }
        return (faults, env);
    }
    let (f, h) = match_sequence(header, &REQUEST_HEADER);
    faults.extend(f);
    for n in h.iter().flatten() {
        faults.extend(simple_content(*n));
    }
    env.request_id = first(&h, 0);
    env.preceding_id = first(&h, 2);
    env.command_variant = first(&h, 3);
    env.srv = first(&h, 5);
    if let Some(n) = first(&h, 1) {
        if !matches!(text(n), "true" | "false" | "1" | "0") {
            faults.push(value_fault(n, "an xs:boolean (true, false, 1 or 0)"));
        }
    }
    if let Some(n) = env.command_variant {
        if command_variant(n).is_none() {
            faults.push(value_fault(n, "a Command Variant (an integer 1 to 9)"));
        }
    }
    let sr = first(&h, 4);
    if let Some(n) = sr {
        if !catalogue::srvs().iter().any(|s| s.service_reference == text(n)) {
            faults.push(value_fault(n, "a Service Reference of the DUIS schema"));
        }
    }
    if let Some(n) = env.srv {
        match catalogue::srv(text(n)) {
            None => faults.push(value_fault(n, "one of the 129 Service Reference Variants of the DUIS schema")),
            Some(def) => {
                if let Some(srn) = sr.filter(|s| text(*s) != def.service_reference) {
                    faults.push((
                        StructureFault::Other(format!(
                            "ServiceReference {} does not match ServiceReferenceVariant {} (whose Service Reference is {})",
                            text(srn),
                            def.srv,
                            def.service_reference
                        )),
                        Place::at(srn.range().start, xml::path(srn)),
                    ));
                }
            }
        }
    }
    (faults, env)
}

/// The schema version the document declares (the root's `schemaVersion`), trimmed.
pub fn schema_version<'a>(doc: &'a Document<'_>) -> Option<&'a str> {
    doc.root_element().attribute("schemaVersion").map(str::trim)
}

/// Whether a declared `schemaVersion` (an xs:decimal) is the given version: 5.4 = 5.40 = +05.4.
pub fn same_version(declared: &str, version: &str) -> bool {
    let norm = |v: &str| {
        let v = v.trim().trim_start_matches('+');
        let (i, f) = v.split_once('.').unwrap_or((v, ""));
        (i.trim_start_matches('0').to_owned(), f.trim_end_matches('0').to_owned())
    };
    norm(declared) == norm(version)
}

/// The Command Variant value, when it is a valid one (1..=9, xs:positiveInteger lexical forms).
pub fn command_variant(n: Node<'_, '_>) -> Option<u8> {
    let t = text(n).trim_start_matches('+');
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = t.trim_start_matches('0').parse::<u8>().ok()?;
    (1..=9).contains(&v).then_some(v)
}

fn check_schema_version(root: Node<'_, '_>, faults: &mut Vec<Located>) {
    let here = Place::at(root.range().start, xml::path(root));
    match root.attribute("schemaVersion") {
        None => faults.push((StructureFault::Other("the required attribute schemaVersion is missing".into()), here)),
        Some(v) if !is_decimal(v.trim()) => faults.push((
            StructureFault::Value { name: "schemaVersion".into(), value: v.into(), expected: "an xs:decimal (e.g. 5.4)".into() },
            here,
        )),
        Some(_) => {}
    }
}

fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    (!int.is_empty() || !frac.is_empty()) && int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit())
}

fn value_fault(n: Node<'_, '_>, expected: &str) -> Located {
    (
        StructureFault::Value { name: n.tag_name().name().into(), value: text(n).into(), expected: expected.into() },
        Place::at(n.range().start, xml::path(n)),
    )
}

fn first<'a, 'i>(v: &[Option<Node<'a, 'i>>], i: usize) -> Option<Node<'a, 'i>> {
    v.get(i).copied().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faults(header: &str) -> Vec<String> {
        let xml = format!(r#"<sr:Request xmlns:sr="{SR_NS}" schemaVersion="5.4"><sr:Header>{header}</sr:Header><sr:Body/></sr:Request>"#);
        let doc = Document::parse(&xml).unwrap();
        check(&doc).0.into_iter().map(|(f, _)| f.to_string()).collect()
    }

    #[test]
    fn a_valid_623_header_has_no_faults() {
        let h = "<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1</sr:RequestID><sr:CommandVariant>1</sr:CommandVariant><sr:ServiceReference>6.23</sr:ServiceReference><sr:ServiceReferenceVariant>6.23</sr:ServiceReferenceVariant>";
        assert_eq!(faults(h), Vec::<String>::new());
    }

    #[test]
    fn order_values_and_consistency_are_checked() {
        let swapped = "<sr:RequestID>x</sr:RequestID><sr:ServiceReference>6.23</sr:ServiceReference><sr:CommandVariant>1</sr:CommandVariant><sr:ServiceReferenceVariant>6.23</sr:ServiceReferenceVariant>";
        assert_eq!(faults(swapped), ["required element CommandVariant is missing from /Request/Header", "element CommandVariant is not allowed here: expected ServiceReferenceVariant"]);
        let bad = "<sr:RequestID>x</sr:RequestID><sr:CommandVariant>10</sr:CommandVariant><sr:ServiceReference>6.24</sr:ServiceReference><sr:ServiceReferenceVariant>6.23</sr:ServiceReferenceVariant>";
        assert_eq!(
            faults(bad),
            [
                "CommandVariant is \"10\", which is not a Command Variant (an integer 1 to 9)",
                "ServiceReference 6.24 does not match ServiceReferenceVariant 6.23 (whose Service Reference is 6.23)"
            ]
        );
    }

    #[test]
    fn wrong_root_and_missing_schema_version() {
        let doc = Document::parse("<Request><Header/></Request>").unwrap();
        assert_eq!(check(&doc).0.len(), 1);
        let text = format!(r#"<Request xmlns="{SR_NS}"><Header/><Body/></Request>"#);
        let doc = Document::parse(&text).unwrap();
        let f: Vec<String> = check(&doc).0.into_iter().map(|(f, _)| f.to_string()).collect();
        assert_eq!(f.first().map(String::as_str), Some("the required attribute schemaVersion is missing"));
    }
}
