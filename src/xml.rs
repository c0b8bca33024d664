//! XML intake, in the order a conforming XML 1.0 processor reads a document, so that sec-rules
//! sees the characters libxml2 (the DCC's and xmlsec1's parser family) sees, or refuses the
//! document with the reason:
//!
//! 1. size cap; a UTF-8 byte-order mark is dropped, a UTF-16 one refused; UTF-8 validated;
//! 2. line ends normalised on the raw text (§2.11, [`lineends`]);
//! 3. the XML declaration read by hand (§2.8: version 1.x, encoding UTF-8 only, standalone
//!    yes/no; [`prolog`]) and blanked so roxmltree never reads it;
//! 4. roxmltree (no DTD, node limit) builds the tree with byte positions;
//! 5. depth limit, reserved PI targets (§2.6), and every namespace declaration checked and
//!    tabled ([`namespaces`]).
//!
//! Hostile input becomes an [`XmlFault`] with its line and column, never a panic.

pub mod lineends;
pub mod namespaces;
pub mod prolog;
pub mod text;

use crate::model::location::line_col_in_bytes;
use namespaces::{Declarations, NsProblem};
use prolog::DeclFault;
use std::borrow::Cow;
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
    /// Most namespace declarations in one document.
    pub max_namespaces: usize,
}

/// Why a document was refused before or while parsing. Every variant carries the 1-based line
/// and column (columns in characters) where the fault is.
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
    /// Another encoding than UTF-8: declared, or a UTF-16 byte-order mark.
    Encoding {
        /// The encoding named.
        declared: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
    /// The XML declaration breaks XML 1.0 §2.8.
    Declaration {
        /// What is wrong.
        problem: String,
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
    /// A processing instruction whose target is `xml` in some case (XML 1.0 §2.6).
    ReservedPiTarget {
        /// The target as written.
        target: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
    /// A namespace declaration Namespaces in XML 1.0 or Canonical XML 1.0 refuses.
    Namespace {
        /// What is wrong.
        problem: NsProblem,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
    /// Nesting deeper than allowed.
    TooDeep {
        /// The limit.
        max: usize,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
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

impl XmlFault {
    /// Line and column of the fault.
    pub fn line_col(&self) -> (u32, u32) {
        match self {
            XmlFault::TooLarge { .. } => (1, 1),
            XmlFault::InvalidUtf8 { line, column }
            | XmlFault::Encoding { line, column, .. }
            | XmlFault::Declaration { line, column, .. }
            | XmlFault::Doctype { line, column }
            | XmlFault::ReservedPiTarget { line, column, .. }
            | XmlFault::Namespace { line, column, .. }
            | XmlFault::TooDeep { line, column, .. }
            | XmlFault::Syntax { line, column, .. } => (*line, *column),
        }
    }
}

impl fmt::Display for XmlFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XmlFault::TooLarge { size, max } => write!(f, "the document is {size} bytes, above the {max}-byte limit for a Service Request"),
            XmlFault::InvalidUtf8 { .. } => f.write_str("the document is not valid UTF-8"),
            XmlFault::Encoding { declared, .. } => write!(
                f,
                "the document is in (or declares) encoding \"{declared}\"; DUIS documents are UTF-8, and another parser would decode these bytes into other characters than sec-rules, so it is refused"
            ),
            XmlFault::Declaration { problem, .. } => write!(f, "the XML declaration is not well-formed (XML 1.0 §2.8): {problem}"),
            XmlFault::Doctype { .. } => f.write_str(
                "the document has a DOCTYPE: DTDs, entity declarations and external references are refused (XXE and entity-expansion defence)",
            ),
            XmlFault::ReservedPiTarget { target, .. } => write!(
                f,
                "a processing instruction has the target \"{target}\", which XML 1.0 (§2.6) reserves; an XML declaration may only stand at the very start of the document"
            ),
            XmlFault::Namespace { problem, .. } => problem.fmt(f),
            XmlFault::TooDeep { max, .. } => write!(f, "elements are nested deeper than {max} levels"),
            XmlFault::Syntax { message, .. } => write!(f, "not well-formed XML: {message}"),
        }
    }
}

/// The document's text as the parser reads it: without byte-order mark, line ends normalised,
/// the XML declaration (checked) blanked out. Byte offsets of nodes refer to this text, and
/// lines and columns computed on it are those of the original file.
#[derive(Debug, Clone)]
pub struct Prepared<'b> {
    text: Cow<'b, str>,
}

/// Steps 1–3: bytes to the text roxmltree will read.
pub fn prepare<'b>(bytes: &'b [u8], limits: &Limits) -> Result<Prepared<'b>, XmlFault> {
    if bytes.len() > limits.max_bytes {
        return Err(XmlFault::TooLarge { size: bytes.len(), max: limits.max_bytes });
    }
    if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE]) {
        return Err(XmlFault::Encoding { declared: "UTF-16 (byte-order mark)".into(), line: 1, column: 1 });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col_in_bytes(bytes, e.valid_up_to());
        XmlFault::InvalidUtf8 { line, column }
    })?;
    let mut text = lineends::normalize(text);
    let at = |t: &str, offset: usize| line_col_in_bytes(t.as_bytes(), offset);
    match prolog::declaration(&text) {
        Ok(None) => {}
        Ok(Some(len)) => {
            // Blank the declaration (same length, so every offset stays put): the prolog may
            // hold white space where the declaration was.
            let mut owned = text.into_owned();
            #[expect(
                clippy::disallowed_methods,
                reason = "`len` ends a declaration `declaration` accepted: '<?xml', then version, encoding and standalone values it checked to be ASCII, then '?>' — all ASCII, so both ends are char boundaries"
            )]
            owned.replace_range(..len, &" ".repeat(len));
            text = Cow::Owned(owned);
        }
        Err(DeclFault::Encoding { declared, at: o }) => {
            let (line, column) = at(&text, o);
            return Err(XmlFault::Encoding { declared, line, column });
        }
        Err(DeclFault::Syntax { problem, at: o }) => {
            let (line, column) = at(&text, o);
            return Err(XmlFault::Declaration { problem, line, column });
        }
    }
    Ok(Prepared { text })
}

/// A parsed document with its namespace declarations, element by element.
#[derive(Debug)]
pub struct Parsed<'t> {
    doc: roxmltree::Document<'t>,
    namespaces: Declarations<'t>,
}

impl<'t> Parsed<'t> {
    /// The tree.
    pub fn doc(&self) -> &roxmltree::Document<'t> {
        &self.doc
    }

    /// The text the tree was parsed from (node ranges are offsets into it).
    pub fn text(&self) -> &'t str {
        self.doc.input_text()
    }

    /// Every element's own namespace declarations.
    pub fn namespaces(&self) -> &Declarations<'t> {
        &self.namespaces
    }
}

impl<'b> Prepared<'b> {
    /// The prepared text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Steps 4–5: parses the prepared text within `limits`.
    pub fn parse(&self, limits: &Limits) -> Result<Parsed<'_>, XmlFault> {
        let text: &str = &self.text;
        let opts = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: limits.max_nodes, ..Default::default() };
        let at = |offset: usize| line_col_in_bytes(text.as_bytes(), offset);
        if let Some(o) = namespaces::too_many(text, limits.max_namespaces) {
            let (line, column) = at(o);
            return Err(XmlFault::Namespace { problem: NsProblem::TooMany(limits.max_namespaces), line, column });
        }
        let doc = roxmltree::Document::parse_with_options(text, opts).map_err(|e| {
            let pos = e.pos();
            match e {
                roxmltree::Error::DtdDetected => {
                    // roxmltree gives no position for this one: find the declaration ourselves.
                    let (line, column) = at(text.find("<!DOCTYPE").unwrap_or(0));
                    XmlFault::Doctype { line, column }
                }
                other => XmlFault::Syntax { message: explain(&other, text), line: pos.row, column: pos.col },
            }
        })?;
        // Depth of each node from its parent's, in document order (parents come first): O(nodes).
        let mut depth = vec![0usize; doc.descendants().count() + 1];
        for n in doc.descendants() {
            if let Some(pi) = n.pi().filter(|pi| pi.target.eq_ignore_ascii_case("xml")) {
                let (line, column) = at(n.range().start);
                return Err(XmlFault::ReservedPiTarget { target: pi.target.to_owned(), line, column });
            }
            if !n.is_element() {
                continue;
            }
            let parent = n.parent().map_or(0, |p| depth.get(p.id().get_usize()).copied().unwrap_or(0));
            let d = parent + 1;
            if d > limits.max_depth {
                let (line, column) = at(n.range().start);
                return Err(XmlFault::TooDeep { max: limits.max_depth, line, column });
            }
            if let Some(slot) = depth.get_mut(n.id().get_usize()) {
                *slot = d;
            }
        }
        let namespaces = namespaces::read(text, &doc, limits.max_namespaces).map_err(|(problem, o)| {
            let (line, column) = at(o);
            XmlFault::Namespace { problem, line, column }
        })?;
        Ok(Parsed { doc, namespaces })
    }
}

/// roxmltree's message, without the " at L:C" it appends (the report carries the position),
/// made plainer where Namespaces in XML is the reason.
fn explain(e: &roxmltree::Error, text: &str) -> String {
    let msg = strip_position(&e.to_string());
    if let roxmltree::Error::InvalidName(pos) = e {
        let (row, col) = (pos.row as usize, pos.col as usize);
        let line = text.lines().nth(row.saturating_sub(1)).unwrap_or("");
        let name: String = line.chars().skip(col.saturating_sub(1)).take_while(|c| !c.is_whitespace() && !matches!(c, '=' | '>' | '/')).collect();
        if name.matches(':').count() > 1 {
            return format!("the name \"{name}\" has more than one colon; Namespaces in XML 1.0 allows one (Prefix:LocalPart)");
        }
    }
    msg
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at ") {
        Some(i) if msg.get(i + 4..).is_some_and(|t| t.split(':').all(|p| p.bytes().all(|b| b.is_ascii_digit()))) => msg.get(..i).unwrap_or(msg).to_owned(),
        _ => msg.to_owned(),
    }
}

/// The element path of a node, by local names: `/Request/Header/RequestID`.
pub fn path(node: roxmltree::Node<'_, '_>) -> String {
    let mut parts: Vec<&str> = node.ancestors().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
    parts.reverse();
    let mut s = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
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

    const LIMITS: Limits = Limits { max_bytes: 1000, max_depth: 4, max_nodes: 100, max_namespaces: 8 };

    fn parse(bytes: &[u8], limits: Limits) -> Result<String, XmlFault> {
        let p = prepare(bytes, &limits)?;
        let parsed = p.parse(&limits)?;
        Ok(parsed.doc().root_element().tag_name().name().to_owned())
    }

    #[test]
    fn refuses_doctype_and_entities_with_position() {
        let xxe = b"<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        assert!(matches!(parse(xxe, LIMITS), Err(XmlFault::Doctype { line: 2, .. })));
    }

    #[test]
    fn refuses_oversize_deep_and_invalid_utf8() {
        assert!(matches!(parse(&[b' '; 1001], LIMITS), Err(XmlFault::TooLarge { size: 1001, max: 1000 })));
        assert!(matches!(parse(b"<a><b><c><d><e/></d></c></b></a>", LIMITS), Err(XmlFault::TooDeep { max: 4, line: 1, column: 13 })));
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

    #[test]
    fn line_ends_are_normalised_before_references_are_expanded() {
        // A literal CR after a reference is a line end (LF); &#13; stays a CR (XML 1.0 §2.11).
        let l = Limits { max_bytes: 1000, ..LIMITS };
        for (input, text) in [("<a>x&amp;\r</a>", "x&\n"), ("<a>&#13;\r\ny</a>", "\r\ny"), ("<a>a\rb&#13;</a>", "a\nb\r")] {
            let p = prepare(input.as_bytes(), &l).unwrap();
            let parsed = p.parse(&l).unwrap();
            assert_eq!(parsed.doc().root_element().text(), Some(text), "{input:?}");
        }
        let p = prepare(b"<a b='x\r\ny&#13;'><?pi a\r\nb?></a>", &l).unwrap();
        let parsed = p.parse(&l).unwrap();
        let root = parsed.doc().root_element();
        assert_eq!(root.attribute("b"), Some("x y\r"));
        assert_eq!(root.first_child().and_then(|c| c.pi()).and_then(|pi| pi.value), Some("a\nb"));
    }

    #[test]
    fn the_declaration_is_read_as_xml_1_0_says() {
        assert!(parse(b"<?xml\n\tversion='1.0'\r\n?><a/>", LIMITS).is_ok());
        assert!(parse(b"\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8'?><a/>", LIMITS).is_ok());
        assert!(
            matches!(parse(b"<?xml version='1.0' encoding='ISO-8859-1'?><a/>", LIMITS), Err(XmlFault::Encoding { ref declared, .. }) if declared == "ISO-8859-1")
        );
        assert!(matches!(parse(b"\xFF\xFE<\0a\0/\0>\0", LIMITS), Err(XmlFault::Encoding { .. })));
        assert!(matches!(parse(b"<?xml version='2.0'?><a/>", LIMITS), Err(XmlFault::Declaration { .. })));
        assert!(matches!(parse(b"<?xml version='1.0' standalone='maybe'?><a/>", LIMITS), Err(XmlFault::Declaration { .. })));
        assert!(matches!(parse(b"<a><?XmL x?></a>", LIMITS), Err(XmlFault::ReservedPiTarget { .. })));
        assert!(matches!(parse(b" <?xml version='1.0'?><a/>", LIMITS), Err(XmlFault::Syntax { .. })));
    }

    #[test]
    fn namespace_faults_are_well_formedness_faults_with_a_reason() {
        assert!(matches!(parse(b"<a xmlns:p=''/>", LIMITS), Err(XmlFault::Namespace { problem: NsProblem::EmptyPrefixed(_), line: 1, column: 4 })));
        let Err(XmlFault::Syntax { message, .. }) = parse(b"<a xmlns:p='urn:p'><p:b:c/></a>", LIMITS) else { panic!() };
        assert!(message.contains("more than one colon"), "{message}");
        assert!(matches!(parse(b"<p:a/>", LIMITS), Err(XmlFault::Syntax { .. })));
        assert!(matches!(parse(b"<a xmlns:p='urn:x' xmlns:q='urn:x' p:a='1' q:a='2'/>", LIMITS), Err(XmlFault::Syntax { .. })));
    }
}
