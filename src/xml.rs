//! XML intake: size cap, UTF-8, DTD refusal, node and depth limits, then a roxmltree tree
//! that keeps byte positions. Hostile input becomes an [`XmlFault`], never a panic.

use crate::model::location::line_col_in_bytes;
use std::fmt;

/// Limits for untrusted XML. Defaults come from the `duis.xml.well-formed` rule's params.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input accepted, bytes.
    pub max_bytes: usize,
    /// Deepest element nesting accepted.
    pub max_depth: usize,
    /// Most nodes (elements, text, attributes…) roxmltree may build.
    pub max_nodes: u32,
}

/// Why a document was refused before or while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlFault {
    /// Larger than the size cap.
    TooLarge {
        /// Input size.
        size: usize,
        /// The cap.
        max: usize,
    },
    /// Not valid UTF-8.
    InvalidUtf8 {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
    /// A DOCTYPE (and so possibly entity declarations or external references).
    Doctype {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
    /// Nesting deeper than allowed.
    TooDeep {
        /// Byte offset of the element past the limit.
        offset: usize,
        /// The limit.
        max: usize,
    },
    /// Any other well-formedness error, as roxmltree reports it.
    Syntax {
        /// Parser message.
        message: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
}

impl fmt::Display for XmlFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XmlFault::TooLarge { size, max } => write!(f, "the document is {size} bytes, above the {max}-byte limit for a Service Request"),
            XmlFault::InvalidUtf8 { .. } => f.write_str("the document is not valid UTF-8"),
            XmlFault::Doctype { .. } => f.write_str(
                "the document has a DOCTYPE: DTDs, entity declarations and external references are refused (XXE and entity-expansion defence)",
            ),
            XmlFault::TooDeep { max, .. } => write!(f, "elements are nested deeper than {max} levels"),
            XmlFault::Syntax { message, .. } => write!(f, "not well-formed XML: {message}"),
        }
    }
}

/// Decodes and parses `bytes` within `limits`.
pub fn parse(bytes: &[u8], limits: Limits) -> Result<roxmltree::Document<'_>, XmlFault> {
    if bytes.len() > limits.max_bytes {
        return Err(XmlFault::TooLarge { size: bytes.len(), max: limits.max_bytes });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col_in_bytes(bytes, e.valid_up_to());
        XmlFault::InvalidUtf8 { line, column }
    })?;
    let opts = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: limits.max_nodes, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(text, opts).map_err(|e| {
        let pos = e.pos();
        match e {
            roxmltree::Error::DtdDetected => {
                // roxmltree gives no position for this one: find the declaration ourselves.
                let at = text.find("<!DOCTYPE").unwrap_or(0);
                let (line, column) = line_col_in_bytes(bytes, at);
                XmlFault::Doctype { line, column }
            }
            other => XmlFault::Syntax { message: strip_position(&other.to_string()), line: pos.row, column: pos.col },
        }
    })?;
    // Depth of each node from its parent's, in document order (parents come first): O(nodes).
    let mut depth = vec![0usize; doc.descendants().count() + 1];
    for n in doc.descendants().filter(roxmltree::Node::is_element) {
        let parent = n.parent().map_or(0, |p| depth.get(p.id().get_usize()).copied().unwrap_or(0));
        let d = parent + 1;
        if d > limits.max_depth {
            return Err(XmlFault::TooDeep { offset: n.range().start, max: limits.max_depth });
        }
        if let Some(slot) = depth.get_mut(n.id().get_usize()) {
            *slot = d;
        }
    }
    Ok(doc)
}

/// roxmltree appends " at L:C" to its messages; the report carries the position separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at ") {
        Some(i) if msg.get(i + 4..).is_some_and(|t| t.split(':').all(|p| p.bytes().all(|b| b.is_ascii_digit()))) => {
            msg.get(..i).unwrap_or(msg).to_owned()
        }
        _ => msg.to_owned(),
    }
}

/// The element path of a node, by local names: `/Request/Header/RequestID`.
pub fn path(node: roxmltree::Node<'_, '_>) -> String {
    let mut parts: Vec<&str> = node.ancestors().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
    parts.reverse();
    let mut s = String::new();
    for p in parts {
        s.push('/');
        s.push_str(p);
    }
    s
}

/// The element children of a node.
pub fn elements<'a, 'input>(node: roxmltree::Node<'a, 'input>) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> {
    node.children().filter(roxmltree::Node::is_element)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits { max_bytes: 1000, max_depth: 4, max_nodes: 100 };

    #[test]
    fn refuses_doctype_and_entities_with_position() {
        let xxe = b"<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        assert!(matches!(parse(xxe, LIMITS), Err(XmlFault::Doctype { line: 2, .. })));
    }

    #[test]
    fn refuses_oversize_deep_and_invalid_utf8() {
        assert!(matches!(parse(&[b' '; 1001], LIMITS), Err(XmlFault::TooLarge { size: 1001, max: 1000 })));
        assert!(matches!(parse(b"<a><b><c><d><e/></d></c></b></a>", LIMITS), Err(XmlFault::TooDeep { max: 4, .. })));
        assert!(parse(b"<a><b><c><d/></c></b></a>", LIMITS).is_ok());
        assert_eq!(parse(b"<a>\n\xc3</a>", LIMITS).err(), Some(XmlFault::InvalidUtf8 { line: 2, column: 1 }));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let Err(XmlFault::Syntax { line, column, message }) = parse(b"<a>\n  <b></c></a>", LIMITS) else { panic!() };
        assert_eq!((line, column), (2, 6));
        assert!(!message.contains(" at 2:"), "{message}");
    }

    #[test]
    fn node_limit_is_a_fault_not_a_hang() {
        let many = format!("<a>{}</a>", "<b/>".repeat(200));
        assert!(matches!(parse(many.as_bytes(), Limits { max_bytes: 10_000, ..LIMITS }), Err(XmlFault::Syntax { .. })));
    }
}
