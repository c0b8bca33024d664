//! Canonical XML 1.0 (inclusive) and Exclusive XML Canonicalization 1.0, both without
//! comments, over a roxmltree tree: the apex (document or element) minus one excluded subtree
//! (the enveloped signature). Hand-written: no maintained Rust crate provides either.
//!
//! References: W3C "Canonical XML Version 1.0" (C14N) §2.3 processing model, §2.4 document
//! subsets; W3C "Exclusive XML Canonicalization Version 1.0" (EXC-C14N) §3 (visibly utilized
//! namespaces). Prefixes are read from the source text (roxmltree keeps positions, not prefixes).

use roxmltree::{Node, NodeId, NodeType};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

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

/// Canonicalizes `apex` (the document root node or an element) of a document parsed from
/// `src`, leaving out the subtree rooted at `exclude`.
pub fn canonicalize(src: &str, apex: Node<'_, '_>, exclude: Option<NodeId>, mode: &Mode) -> Vec<u8> {
    let mut c = Canon { src, exclude, mode, out: Vec::with_capacity(src.len()) };
    if apex.node_type() == NodeType::Root {
        // C14N §2.1: PIs outside the document element, separated by #xA; no XML declaration,
        // no DTD, no whitespace outside the document element.
        let mut seen_root = false;
        for child in apex.children() {
            match child.node_type() {
                NodeType::Element => {
                    c.element(child, &[], true);
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
        c.element(apex, &[], true);
    }
    c.out
}

/// A namespace declaration in effect in the output: (prefix or "" for default, URI).
type Decl<'a> = (&'a str, &'a str);

struct Canon<'s, 'm> {
    src: &'s str,
    exclude: Option<NodeId>,
    mode: &'m Mode,
    out: Vec<u8>,
}

impl<'s> Canon<'s, '_> {
    /// The qualified name as written: after `<` up to whitespace, `/` or `>`.
    fn element_qname(&self, n: Node<'_, '_>) -> &'s str {
        let start = n.range().start + 1;
        let rest = self.src.get(start..).unwrap_or("");
        let end = rest.find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>').unwrap_or(rest.len());
        rest.get(..end).unwrap_or("")
    }

    fn element<'d>(&mut self, e: Node<'d, 's>, rendered: &[Decl<'d>], apex: bool)
    where
        's: 'd,
    {
        if Some(e.id()) == self.exclude {
            return;
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

        // Namespace declarations to render.
        let in_scope: Vec<Decl<'d>> = e.namespaces().map(|ns| (ns.name().unwrap_or(""), ns.uri())).collect();
        let default_uri = in_scope.iter().find(|(p, _)| p.is_empty()).map_or("", |(_, u)| *u);
        let ctx_default = rendered.iter().rev().find(|(p, _)| p.is_empty()).map_or("", |(_, u)| *u);
        let mut decls: Vec<Decl<'d>> = Vec::new();
        let consider = |prefix: &'d str, uri: &'d str, decls: &mut Vec<Decl<'d>>| consider(rendered, ctx_default, prefix, uri, decls);
        match self.mode {
            Mode::Inclusive => {
                consider("", default_uri, &mut decls);
                for (p, u) in in_scope.iter().filter(|(p, _)| !p.is_empty()) {
                    consider(p, u, &mut decls);
                }
            }
            Mode::Exclusive { inclusive_prefixes } => {
                // EXC-C14N §3: render only namespaces visibly utilized by the element or its
                // attributes (plus the InclusiveNamespaces PrefixList, handled as C14N does).
                let mut used: Vec<&str> = vec![e_prefix];
                for (_, _, q, _) in &attrs {
                    if let Some((p, _)) = q.split_once(':') {
                        if p != "xml" {
                            used.push(p);
                        }
                    }
                }
                for p in inclusive_prefixes {
                    let wanted = if p == "#default" { "" } else { p.as_str() };
                    if let Some((q, _)) = in_scope.iter().find(|(q, _)| *q == wanted) {
                        used.push(q);
                    } else if wanted.is_empty() {
                        used.push("");
                    }
                }
                for p in used {
                    let uri = if p.is_empty() { default_uri } else { in_scope.iter().find(|(q, _)| *q == p).map_or("", |(_, u)| *u) };
                    consider(p, uri, &mut decls);
                }
            }
        }
        decls.sort_by(|a, b| a.0.cmp(b.0));
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

        let mut ctx: Vec<Decl<'d>> = rendered.to_vec();
        ctx.extend(decls.iter().copied());
        for child in e.children() {
            match child.node_type() {
                NodeType::Element => self.element(child, &ctx, false),
                NodeType::Text => escape_text(&mut self.out, child.text().unwrap_or("")),
                NodeType::PI if Some(child.id()) != self.exclude => self.pi(child),
                _ => {}
            }
        }
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(qname.as_bytes());
        self.out.push(b'>');
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

/// Adds a declaration unless the nearest output ancestor already rendered the same binding
/// (C14N §2.3 "superfluous namespace declarations"; for the default namespace, `xmlns=""`
/// only undoes a non-empty default in effect).
fn consider<'d>(rendered: &[Decl<'d>], ctx_default: &str, prefix: &'d str, uri: &'d str, decls: &mut Vec<Decl<'d>>) {
    if prefix.is_empty() {
        if uri != ctx_default && !decls.iter().any(|(p, _)| p.is_empty()) {
            decls.push(("", uri));
        }
    } else if rendered.iter().rev().find(|(p, _)| *p == prefix).is_none_or(|(_, u)| *u != uri)
        && !decls.iter().any(|(p, _)| *p == prefix)
    {
        decls.push((prefix, uri));
    }
}

/// C14N §2.3 escaping. Text nodes: `&` `<` `>` and #xD. Attribute values: `&` `<` `"` and
/// #x9, #xA, #xD.
fn escape(out: &mut Vec<u8>, s: &str, attribute: bool) {
    for ch in s.chars() {
        let rep: Option<&[u8]> = match (ch, attribute) {
            ('&', _) => Some(b"&amp;"),
            ('<', _) => Some(b"&lt;"),
            ('\r', _) => Some(b"&#xD;"),
            ('>', false) => Some(b"&gt;"),
            ('"', true) => Some(b"&quot;"),
            ('\t', true) => Some(b"&#x9;"),
            ('\n', true) => Some(b"&#xA;"),
            _ => None,
        };
        match rep {
            Some(r) => out.extend_from_slice(r),
            None => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}

fn escape_text(out: &mut Vec<u8>, s: &str) {
    escape(out, s, false);
}

fn escape_attr(out: &mut Vec<u8>, s: &str) {
    escape(out, s, true);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inc(xml: &str) -> String {
        let d = roxmltree::Document::parse(xml).unwrap();
        String::from_utf8(canonicalize(xml, d.root(), None, &Mode::Inclusive)).unwrap()
    }

    fn exc_of(xml: &str, local: &str) -> String {
        let d = roxmltree::Document::parse(xml).unwrap();
        let n = d.descendants().find(|n| n.tag_name().name() == local).unwrap();
        String::from_utf8(canonicalize(xml, n, None, &Mode::Exclusive { inclusive_prefixes: vec![] })).unwrap()
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
        assert_eq!(inc(r#"<a xmlns="u"><b xmlns="u"><c xmlns=""/></b></a>"#), r#"<a xmlns="u"><b><c xmlns=""></c></b></a>"#);
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
        let d = roxmltree::Document::parse(x).unwrap();
        let n = d.descendants().find(|n| n.tag_name().name() == "SignedInfo").unwrap();
        assert_eq!(
            String::from_utf8(canonicalize(x, n, None, &Mode::Inclusive)).unwrap(),
            r#"<ds:SignedInfo xmlns:ds="urn:ds" xmlns:r="urn:r" xml:lang="en"></ds:SignedInfo>"#
        );
    }

    #[test]
    fn excluded_subtree_is_left_out() {
        let x = "<a><b/><s><t/></s></a>";
        let d = roxmltree::Document::parse(x).unwrap();
        let s = d.descendants().find(|n| n.tag_name().name() == "s").unwrap();
        assert_eq!(String::from_utf8(canonicalize(x, d.root(), Some(s.id()), &Mode::Inclusive)).unwrap(), "<a><b></b></a>");
    }
}
