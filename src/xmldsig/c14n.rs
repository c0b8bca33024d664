//! Canonical XML 1.0 (inclusive) and Exclusive XML Canonicalization 1.0, both without
//! comments, over a roxmltree tree: the apex (document or element) minus one excluded subtree
//! (the enveloped signature). Hand-written: no maintained Rust crate provides either.
//!
//! References: W3C "Canonical XML Version 1.0" (C14N) §2.3 processing model, §2.4 document
//! subsets; W3C "Exclusive XML Canonicalization Version 1.0" (EXC-C14N) §3 (visibly utilized
//! namespaces). Prefixes are read from the source text (roxmltree keeps positions, not prefixes).

use crate::xml::namespaces::XML_NS;
use crate::xml::Parsed;
use roxmltree::{Node, NodeId, NodeType};

/// Which canonicalization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// `http://www.w3.org/TR/2001/REC-xml-c14n-20010315`.
    Inclusive,
    /// `http://www.w3.org/2001/10/xml-exc-c14n#`, with the InclusiveNamespaces PrefixList
    /// (`#default` for the default namespace).
    Exclusive {
        /// Prefixes treated as in inclusive c14n.
        inclusive_prefixes: Vec<String>,
    },
}

/// Canonicalizes `apex` (the document root node or an element) of `parsed`, leaving out the
/// subtree rooted at `exclude`.
pub fn canonicalize(parsed: &Parsed<'_>, apex: Node<'_, '_>, exclude: Option<NodeId>, mode: &Mode) -> Vec<u8> {
    let src = parsed.text();
    let mut c = Canon { parsed, src, exclude, mode, out: Vec::with_capacity(src.len()), in_scope: Scope::default(), rendered: Scope::default() };
    if apex.node_type() == NodeType::Root {
        // C14N §2.1: PIs outside the document element, separated by #xA; no XML declaration,
        // no DTD, no whitespace outside the document element.
        let mut seen_root = false;
        for child in apex.children() {
            match child.node_type() {
                NodeType::Element => {
                    c.element(child, true);
                    seen_root = true;
                }
                NodeType::PI if Some(child.id()) != exclude => {
                    if seen_root {
                        c.out.push(b'\n');
                    }
                    c.pi(child);
                    if !seen_root {
                        c.out.push(b'\n');
                    }
                }
                _ => {}
            }
        }
    } else {
        // The apex's ancestors' declarations are in scope (not rendered).
        let mut chain: Vec<Node<'_, '_>> = apex.ancestors().skip(1).filter(Node::is_element).collect();
        chain.reverse();
        for a in chain {
            for d in parsed.namespaces().of(a) {
                c.in_scope.set(d.prefix, &d.uri);
            }
        }
        c.element(apex, true);
    }
    c.out
}

/// Prefix → namespace name bindings with an undo log, so entering and leaving an element
/// costs what the element declares, not the size of the in-scope set (a document with
/// thousands of declarations stays linear).
#[derive(Default)]
struct Scope<'p> {
    map: crate::fnv::WordsMap<&'p str, &'p str>,
    undo: Vec<(&'p str, Option<&'p str>)>,
}

impl<'p> Scope<'p> {
    fn get(&self, prefix: &str) -> Option<&'p str> {
        self.map.get(prefix).copied()
    }

    fn set(&mut self, prefix: &'p str, uri: &'p str) {
        let old = self.map.insert(prefix, uri);
        self.undo.push((prefix, old));
    }

    fn mark(&self) -> usize {
        self.undo.len()
    }

    fn restore(&mut self, mark: usize) {
        while self.undo.len() > mark {
            let Some((p, old)) = self.undo.pop() else { break };
            match old {
                Some(u) => self.map.insert(p, u),
                None => self.map.remove(p),
            };
        }
    }
}

struct Canon<'p, 's, 'm> {
    parsed: &'p Parsed<'s>,
    src: &'s str,
    exclude: Option<NodeId>,
    mode: &'m Mode,
    out: Vec<u8>,
    /// Bindings in scope in the document.
    in_scope: Scope<'p>,
    /// Bindings the output has rendered on the nearest output ancestors.
    rendered: Scope<'p>,
}

impl<'p, 's> Canon<'p, 's, '_> {
    /// The qualified name as written: after `<` up to whitespace, `/` or `>`.
    fn element_qname(&self, n: Node<'_, '_>) -> &'s str {
        let start = n.range().start + 1;
        let rest = self.src.get(start..).unwrap_or("");
        let end = rest.find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>').unwrap_or(rest.len());
        rest.get(..end).unwrap_or("")
    }

    /// Whether the binding `prefix` → `uri` must be rendered here (C14N §2.3 superfluous
    /// declarations; `xmlns=""` only undoes a non-empty default rendered above).
    fn needs(&self, prefix: &str, uri: &str) -> bool {
        if prefix.is_empty() {
            uri != self.rendered.get("").unwrap_or("")
        } else {
            self.rendered.get(prefix) != Some(uri)
        }
    }

    fn element(&mut self, e: Node<'_, 's>, apex: bool) {
        if Some(e.id()) == self.exclude {
            return;
        }
        let (scope_mark, rendered_mark) = (self.in_scope.mark(), self.rendered.mark());
        let own = self.parsed.namespaces().of(e);
        for d in own {
            self.in_scope.set(d.prefix, &d.uri);
        }
        let qname = self.element_qname(e);
        let e_prefix = qname.split_once(':').map_or("", |(p, _)| p);

        // Attributes (not namespace declarations), with the qname read from the source.
        let mut attrs: Vec<(&str, &str, &str, String)> = e
            .attributes()
            .map(|a| {
                let q = self.src.get(a.range_qname()).unwrap_or(a.name());
                (a.namespace().unwrap_or(""), a.name(), q, a.value().to_owned())
            })
            .collect();
        if apex && *self.mode == Mode::Inclusive && e.parent_element().is_some() {
            // C14N §2.4: an apex element of a subset inherits xml:* attributes of its ancestors.
            for anc in e.ancestors().skip(1).filter(Node::is_element) {
                for a in anc.attributes().filter(|a| a.namespace() == Some(XML_NS)) {
                    if !attrs.iter().any(|(ns, local, _, _)| *ns == XML_NS && *local == a.name()) {
                        let q = self.src.get(a.range_qname()).unwrap_or(a.name());
                        attrs.push((XML_NS, a.name(), q, a.value().to_owned()));
                    }
                }
            }
        }

        // Namespace declarations to render: candidates, then those not already rendered.
        let candidates: Vec<&'p str> = match self.mode {
            Mode::Inclusive if apex => self.in_scope.map.keys().copied().collect(),
            Mode::Inclusive => own.iter().map(|d| d.prefix).collect(),
            Mode::Exclusive { inclusive_prefixes } => {
                // EXC-C14N §3: only namespaces visibly utilized by the element or its
                // attributes, plus the InclusiveNamespaces PrefixList (handled as C14N does).
                let mut used: Vec<&'p str> = Vec::new();
                let mut add = |p: &str| {
                    if let Some((k, _)) = self.in_scope.map.get_key_value(p) {
                        used.push(*k);
                    } else if p.is_empty() {
                        used.push("");
                    }
                };
                add(e_prefix);
                for (_, _, q, _) in &attrs {
                    if let Some((p, _)) = q.split_once(':') {
                        add(p);
                    }
                }
                for p in inclusive_prefixes {
                    add(if p == "#default" { "" } else { p.as_str() });
                }
                used
            }
        };
        let mut candidates = candidates;
        candidates.sort_unstable();
        candidates.dedup();
        let mut decls: Vec<(&'p str, &'p str)> = Vec::new();
        for p in candidates {
            let uri = self.in_scope.get(p).unwrap_or("");
            if p != "xml" && self.needs(p, uri) {
                decls.push((p, uri));
            }
        }
        attrs.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));

        self.out.push(b'<');
        self.out.extend_from_slice(qname.as_bytes());
        for (p, u) in &decls {
            self.out.extend_from_slice(if p.is_empty() { b" xmlns=\"" as &[u8] } else { b" xmlns:" });
            if !p.is_empty() {
                self.out.extend_from_slice(p.as_bytes());
                self.out.extend_from_slice(b"=\"");
            }
            escape_attr(&mut self.out, u);
            self.out.push(b'"');
        }
        for (_, _, q, v) in &attrs {
            self.out.push(b' ');
            self.out.extend_from_slice(q.as_bytes());
            self.out.extend_from_slice(b"=\"");
            escape_attr(&mut self.out, v);
            self.out.push(b'"');
        }
        self.out.push(b'>');
        for (p, u) in decls {
            self.rendered.set(p, u);
        }

        for child in e.children() {
            match child.node_type() {
                NodeType::Element => self.element(child, false),
                NodeType::Text => escape_text(&mut self.out, child.text().unwrap_or("")),
                NodeType::PI if Some(child.id()) != self.exclude => self.pi(child),
                _ => {}
            }
        }
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(qname.as_bytes());
        self.out.push(b'>');
        self.in_scope.restore(scope_mark);
        self.rendered.restore(rendered_mark);
    }

    fn pi(&mut self, n: Node<'_, '_>) {
        if let Some(pi) = n.pi() {
            self.out.extend_from_slice(b"<?");
            self.out.extend_from_slice(pi.target.as_bytes());
            if let Some(v) = pi.value.filter(|v| !v.is_empty()) {
                self.out.push(b' ');
                self.out.extend_from_slice(v.as_bytes());
            }
            self.out.extend_from_slice(b"?>");
        }
    }
}

/// C14N §2.3 escaping. Text nodes: `&` `<` `>` and #xD. Attribute values: `&` `<` `"` and
/// #x9, #xA, #xD.
fn escape(out: &mut Vec<u8>, s: &str, attribute: bool) {
    // the characters escaped are ASCII, which never occur inside a UTF-8 sequence: copy the
    // runs between them whole, finding them with one table lookup per byte
    let mask = if attribute { IN_ATTRIBUTE } else { IN_TEXT };
    let b = s.as_bytes();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if ESCAPED.get(usize::from(c)).copied().unwrap_or(0) & mask == 0 {
            continue;
        }
        let rep: &[u8] = match c {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'\r' => b"&#xD;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\t' => b"&#x9;",
            _ => b"&#xA;",
        };
        out.extend_from_slice(b.get(start..i).unwrap_or_default());
        out.extend_from_slice(rep);
        start = i + 1;
    }
    out.extend_from_slice(b.get(start..).unwrap_or_default());
}

const IN_TEXT: u8 = 1;
const IN_ATTRIBUTE: u8 = 2;

/// Which bytes C14N §2.3 escapes in text ([`IN_TEXT`]) and in attribute values
/// ([`IN_ATTRIBUTE`]).
#[allow(clippy::indexing_slicing, reason = "built at compile time: an index out of range fails the build")]
static ESCAPED: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'&' as usize] = IN_TEXT | IN_ATTRIBUTE;
    t[b'<' as usize] = IN_TEXT | IN_ATTRIBUTE;
    t[b'\r' as usize] = IN_TEXT | IN_ATTRIBUTE;
    t[b'>' as usize] = IN_TEXT;
    t[b'"' as usize] = IN_ATTRIBUTE;
    t[b'\t' as usize] = IN_ATTRIBUTE;
    t[b'\n' as usize] = IN_ATTRIBUTE;
    t
};

fn escape_text(out: &mut Vec<u8>, s: &str) {
    escape(out, s, false);
}

fn escape_attr(out: &mut Vec<u8>, s: &str) {
    escape(out, s, true);
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::xml::{prepare, Limits};

    const LIMITS: Limits = Limits { max_bytes: 1 << 24, max_depth: 64, max_nodes: 1_000_000, max_namespaces: 100_000 };

    fn with_parsed<T>(xml: &str, f: impl FnOnce(&Parsed<'_>) -> T) -> T {
        let p = prepare(xml.as_bytes(), &LIMITS).unwrap();
        let parsed = p.parse(&LIMITS).unwrap();
        f(&parsed)
    }

    fn inc(xml: &str) -> String {
        with_parsed(xml, |p| String::from_utf8(canonicalize(p, p.doc().root(), None, &Mode::Inclusive)).unwrap())
    }

    fn of(xml: &str, local: &str, mode: &Mode) -> String {
        with_parsed(xml, |p| {
            let n = p.doc().descendants().find(|n| n.tag_name().name() == local).unwrap();
            String::from_utf8(canonicalize(p, n, None, mode)).unwrap()
        })
    }

    fn exc_of(xml: &str, local: &str) -> String {
        of(xml, local, &Mode::Exclusive { inclusive_prefixes: vec![] })
    }

    #[test]
    fn c14n_spec_3_2_whitespace_and_empty_elements() {
        // W3C C14N §3.2-like: empty elements expanded, declaration dropped, text kept.
        assert_eq!(inc("<?xml version=\"1.0\"?>\n<doc>\n   <e1   />\n   <e2   ></e2>\n</doc>"), "<doc>\n   <e1></e1>\n   <e2></e2>\n</doc>");
    }

    #[test]
    fn attributes_sorted_namespaces_first_and_escaped() {
        let x = r#"<e xmlns:b="http://b" xmlns:a="http://a" b:attr="sorted" a:attr="out" attr2="all" attr="I&apos;m" q='"&#x9;&#xA;&#xD;&lt;&amp;'/>"#;
        assert_eq!(
            inc(x),
            r#"<e xmlns:a="http://a" xmlns:b="http://b" attr="I'm" attr2="all" q="&quot;&#x9;&#xA;&#xD;&lt;&amp;" a:attr="out" b:attr="sorted"></e>"#
        );
    }

    #[test]
    fn text_escaping_and_cr_char_refs() {
        assert_eq!(inc("<a>&lt;&amp;&gt;&#13;\"'<![CDATA[<x>]]></a>"), "<a>&lt;&amp;&gt;&#xD;\"'&lt;x&gt;</a>");
    }

    #[test]
    fn superfluous_namespace_declarations_removed_and_xmlns_empty() {
        assert_eq!(inc(r#"<a xmlns="urn:u"><b xmlns="urn:u"><c xmlns=""/></b></a>"#), r#"<a xmlns="urn:u"><b><c xmlns=""></c></b></a>"#);
        assert_eq!(inc(r#"<a><b xmlns=""/></a>"#), "<a><b></b></a>");
    }

    #[test]
    fn pis_outside_and_comments_removed() {
        assert_eq!(inc("<?p1 x?><!--c--><a><!--in--><?p2?></a><?p3 y?>"), "<?p1 x?>\n<a><?p2?></a>\n<?p3 y?>");
    }

    #[test]
    fn exclusive_renders_only_visibly_utilized_namespaces() {
        let x = r#"<r:Root xmlns:r="urn:r" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns="urn:d"><ds:SignedInfo><ds:Method a="1"/><x/></ds:SignedInfo></r:Root>"#;
        assert_eq!(
            exc_of(x, "SignedInfo"),
            r#"<ds:SignedInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:Method a="1"></ds:Method><x xmlns="urn:d"></x></ds:SignedInfo>"#
        );
    }

    #[test]
    fn inclusive_subset_apex_gets_all_in_scope_namespaces() {
        let x = r#"<r:Root xmlns:r="urn:r" xmlns:ds="urn:ds" xml:lang="en"><ds:SignedInfo/></r:Root>"#;
        assert_eq!(of(x, "SignedInfo", &Mode::Inclusive), r#"<ds:SignedInfo xmlns:ds="urn:ds" xmlns:r="urn:r" xml:lang="en"></ds:SignedInfo>"#);
    }

    #[test]
    fn excluded_subtree_is_left_out() {
        let x = "<a><b/><s><t/></s></a>";
        let out = with_parsed(x, |p| {
            let s = p.doc().descendants().find(|n| n.tag_name().name() == "s").unwrap();
            String::from_utf8(canonicalize(p, p.doc().root(), Some(s.id()), &Mode::Inclusive)).unwrap()
        });
        assert_eq!(out, "<a><b></b></a>");
    }

    #[test]
    fn rebinding_and_shadowing_are_rendered_where_they_change_the_binding() {
        let x = r#"<a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:c xmlns:p="urn:2"/><d xmlns:p="urn:1"/></p:b><p:e/></a>"#;
        assert_eq!(inc(x), r#"<a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:c></p:c><d xmlns:p="urn:1"></d></p:b><p:e></p:e></a>"#);
        assert_eq!(exc_of(x, "a"), r#"<a><p:b xmlns:p="urn:2"><p:c></p:c><d></d></p:b><p:e xmlns:p="urn:1"></p:e></a>"#);
        // an exclusive apex inside a default namespace, with #default in the PrefixList
        let y = r#"<a xmlns="urn:d" xmlns:q="urn:q"><b q:x="1"><c/></b></a>"#;
        assert_eq!(of(y, "b", &Mode::Exclusive { inclusive_prefixes: vec!["#default".into()] }), r#"<b xmlns="urn:d" xmlns:q="urn:q" q:x="1"><c></c></b>"#);
    }

    #[test]
    fn many_namespaces_stay_linear() {
        // 1,000 declarations on the root over 3,000 elements: every element would copy and
        // scan 1,000 bindings with per-element in-scope sets. Checked for its output, and
        // timed in the benchmarks (benches/native.rs).
        let decls: String = (0..1_000).map(|i| format!(" xmlns:n{i}=\"urn:n{i}\"")).collect();
        let x = format!("<r{decls}>{}</r>", "<n7:e/>".repeat(3_000));
        let out = inc(&x);
        assert!(out.starts_with("<r xmlns:n0=\"urn:n0\" xmlns:n1=\"urn:n1\" xmlns:n10=\"urn:n10\""));
        assert!(out.ends_with("<n7:e></n7:e></r>"));
        assert_eq!(exc_of(&x, "r").len(), "<r></r>".len() + 3_000 * "<n7:e xmlns:n7=\"urn:n7\"></n7:e>".len());
    }
}
