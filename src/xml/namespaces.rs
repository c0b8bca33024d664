//! Namespace declarations, element by element, read from the start tags (roxmltree gives each
//! element its in-scope namespaces but not the ones it declares), checked against Namespaces in
//! XML 1.0 §3 and Canonical XML 1.0 §2 (a relative namespace URI makes canonicalization fail),
//! and kept in a table the canonicalizer walks without copying in-scope sets.

use roxmltree::{Document, Node};
use std::borrow::Cow;
use std::fmt;

/// `http://www.w3.org/XML/1998/namespace`
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// `http://www.w3.org/2000/xmlns/`
pub const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// One namespace declaration: `xmlns` (prefix "") or `xmlns:prefix`, with its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decl<'t> {
    /// The prefix, "" for the default namespace.
    pub prefix: &'t str,
    /// The namespace name, references expanded.
    pub uri: Cow<'t, str>,
}

/// What Namespaces in XML 1.0 or Canonical XML 1.0 refuses in a declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NsProblem {
    /// `xmlns:p=""`.
    EmptyPrefixed(String),
    /// `xmlns:xmlns=…`.
    XmlnsPrefix,
    /// `xml` bound elsewhere, or another prefix (or the default) bound to the XML namespace.
    XmlBinding(String),
    /// The xmlns namespace declared.
    XmlnsUri,
    /// A URI with no scheme.
    Relative(String),
    /// Not a URI at all.
    NotAUri(String),
    /// More declarations than the limit.
    TooMany(usize),
}

impl fmt::Display for NsProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NsProblem::EmptyPrefixed(p) => {
                write!(f, "xmlns:{p}=\"\" gives a prefix an empty namespace name, which Namespaces in XML 1.0 (§3, NSC: No Prefix Undeclaring) does not allow")
            }
            NsProblem::XmlnsPrefix => f.write_str("the prefix xmlns is declared; Namespaces in XML 1.0 (§3, Reserved Prefixes) forbids it"),
            NsProblem::XmlBinding(p) if p.is_empty() => {
                write!(f, "the default namespace is bound to {XML_NS}, which only the prefix xml may be (Namespaces in XML 1.0 §3)")
            }
            NsProblem::XmlBinding(p) => {
                write!(f, "the prefix {p} is bound to {XML_NS}, or xml to another name; only xml and that namespace go together (Namespaces in XML 1.0 §3)")
            }
            NsProblem::XmlnsUri => write!(f, "a prefix is bound to {XMLNS_NS}, which must never be declared (Namespaces in XML 1.0 §3)"),
            NsProblem::Relative(u) => write!(
                f,
                "namespace name \"{u}\" is a relative URI; Canonical XML 1.0 must fail on relative namespace URIs, so the signature cannot be checked"
            ),
            NsProblem::NotAUri(u) => write!(f, "namespace name \"{u}\" is not a URI (RFC 3986); Canonical XML 1.0 processors refuse it"),
            NsProblem::TooMany(max) => {
                write!(f, "the document declares more than {max} namespaces; sec-rules refuses it as a hostile shape (a DUIS document declares a handful)")
            }
        }
    }
}

/// Every element's own declarations, indexed by node id.
#[derive(Debug, Default)]
pub struct Declarations<'t> {
    starts: Vec<u32>,
    decls: Vec<Decl<'t>>,
}

impl<'t> Declarations<'t> {
    /// The declarations written on `node`'s start tag, in document order.
    pub fn of(&self, node: Node<'_, '_>) -> &[Decl<'t>] {
        let i = node.id().get_usize();
        let (Some(&s), Some(&e)) = (self.starts.get(i), self.starts.get(i + 1)) else { return &[] };
        self.decls.get(s as usize..e as usize).unwrap_or(&[])
    }

    /// How many declarations the document holds.
    pub fn len(&self) -> usize {
        self.decls.len()
    }

    /// Whether the document declares no namespace.
    pub fn is_empty(&self) -> bool {
        self.decls.is_empty()
    }
}

/// Reads and checks the declarations of every element of `doc` (parsed from `text`).
/// A fault comes with the byte offset of the declaration.
pub fn read<'t>(text: &'t str, doc: &Document<'t>, max: usize) -> Result<Declarations<'t>, (NsProblem, usize)> {
    // roxmltree numbers nodes in document order, so `starts` is indexed by node id.
    let mut table = Declarations::default();
    for node in doc.descendants() {
        table.starts.push(u32::try_from(table.decls.len()).unwrap_or(u32::MAX));
        if node.is_element() {
            for (prefix, raw, at) in start_tag_declarations(text, node.range().start) {
                if table.decls.len() >= max {
                    return Err((NsProblem::TooMany(max), at));
                }
                let uri = unescape(raw);
                check(prefix, &uri).map_err(|p| (p, at))?;
                table.decls.push(Decl { prefix, uri });
            }
        }
    }
    table.starts.push(u32::try_from(table.decls.len()).unwrap_or(u32::MAX));
    Ok(table)
}

fn check(prefix: &str, uri: &str) -> Result<(), NsProblem> {
    if prefix == "xmlns" {
        return Err(NsProblem::XmlnsPrefix);
    }
    if (prefix == "xml") != (uri == XML_NS) {
        return Err(NsProblem::XmlBinding(prefix.to_owned()));
    }
    if uri == XMLNS_NS {
        return Err(NsProblem::XmlnsUri);
    }
    if uri.is_empty() {
        return if prefix.is_empty() { Ok(()) } else { Err(NsProblem::EmptyPrefixed(prefix.to_owned())) };
    }
    match absolute_uri(uri) {
        Ok(()) => Ok(()),
        Err(UriFault::NoScheme) => Err(NsProblem::Relative(uri.to_owned())),
        Err(UriFault::Syntax) => Err(NsProblem::NotAUri(uri.to_owned())),
    }
}

/// Counts namespace declarations in start tags before the tree is built, and returns the
/// offset of the first one past `max`. roxmltree copies the in-scope set into every element
/// that declares a namespace, so a hostile document (thousands of declarations on many
/// elements) would cost seconds before any later check could refuse it. Comments, CDATA,
/// PIs and attribute values are skipped, so only real declarations count.
pub fn too_many(text: &str, max: usize) -> Option<usize> {
    // every declaration spells `xmlns`: a text with no more than `max` of them anywhere
    // cannot have too many, and the scan is left for the rare one that might
    text.matches("xmlns").nth(max)?;
    let b = text.as_bytes();
    let mut count = 0usize;
    let mut i = 0usize;
    let find = |from: usize, pat: &[u8]| b.get(from..).and_then(|r| r.windows(pat.len()).position(|w| w == pat)).map(|p| from + p + pat.len());
    while let Some(lt) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')).map(|p| i + p) {
        let rest = b.get(lt..).unwrap_or(&[]);
        i = if rest.starts_with(b"<!--") {
            find(lt + 4, b"-->")?
        } else if rest.starts_with(b"<![CDATA[") {
            find(lt + 9, b"]]>")?
        } else if rest.starts_with(b"<?") {
            find(lt + 2, b"?>")?
        } else if rest.starts_with(b"</") || rest.starts_with(b"<!") {
            lt + 2
        } else {
            let (decls, end) = scan_start_tag(text, lt);
            for (_, _, at) in decls {
                count += 1;
                if count > max {
                    return Some(at);
                }
            }
            end.max(lt + 1)
        };
    }
    None
}

/// The `xmlns` / `xmlns:p` attributes of the start tag at `start` (the `<`), as (prefix, raw
/// value, offset). The document is already known to be well-formed, so a small scanner does.
fn start_tag_declarations(text: &str, start: usize) -> Vec<(&str, &str, usize)> {
    scan_start_tag(text, start).0
}

/// The declarations of the start tag at `start` and the offset just past it.
fn scan_start_tag(text: &str, start: usize) -> (Vec<(&str, &str, usize)>, usize) {
    let b = text.as_bytes();
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    let mut out = Vec::new();
    let mut i = start + 1;
    while b.get(i).is_some_and(|&c| !ws(c) && c != b'/' && c != b'>') {
        i += 1;
    }
    loop {
        while b.get(i).copied().is_some_and(ws) {
            i += 1;
        }
        match b.get(i) {
            None | Some(b'/' | b'>') => return (out, i + 1),
            Some(_) => {}
        }
        let name_start = i;
        while b.get(i).is_some_and(|&c| !ws(c) && c != b'=') {
            i += 1;
        }
        let name = text.get(name_start..i).unwrap_or("");
        while b.get(i).is_some_and(|&c| c != b'"' && c != b'\'') {
            i += 1;
        }
        let Some(&q) = b.get(i) else { return (out, i) };
        let value_start = i + 1;
        let Some(len) = b.get(value_start..).and_then(|r| r.iter().position(|&c| c == q)) else { return (out, b.len()) };
        i = value_start + len + 1;
        let value = text.get(value_start..value_start + len).unwrap_or("");
        if name == "xmlns" {
            out.push(("", value, name_start));
        } else if let Some(p) = name.strip_prefix("xmlns:") {
            out.push((p, value, name_start));
        }
    }
}

/// Attribute-value normalisation (XML 1.0 §3.3.3) for a namespace declaration's value: the
/// five predefined entities and character references expanded, literal white space → space.
fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.bytes().any(|c| matches!(c, b'&' | b'\t' | b'\n' | b'\r')) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if c == '&' {
            if let Some(end) = rest.find(';') {
                let name = rest.get(1..end).unwrap_or("");
                let ch = match name {
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "amp" => Some('&'),
                    "apos" => Some('\''),
                    "quot" => Some('"'),
                    n => n
                        .strip_prefix("#x")
                        .map(|h| u32::from_str_radix(h, 16))
                        .or_else(|| n.strip_prefix('#').map(str::parse))
                        .and_then(Result::ok)
                        .and_then(char::from_u32),
                };
                if let Some(ch) = ch {
                    out.push(ch);
                    rest = rest.get(end + 1..).unwrap_or("");
                    continue;
                }
            }
        }
        out.push(if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c });
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    Cow::Owned(out)
}

enum UriFault {
    NoScheme,
    Syntax,
}

fn unreserved(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~')
}

fn sub_delim(c: u8) -> bool {
    matches!(c, b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=')
}

/// Whether every byte of `s` is allowed by `ok` or is part of a `%XX` escape.
fn chars_ok(s: &[u8], ok: impl Fn(u8) -> bool) -> bool {
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if c == b'%' {
            if !(s.get(i + 1).is_some_and(u8::is_ascii_hexdigit) && s.get(i + 2).is_some_and(u8::is_ascii_hexdigit)) {
                return false;
            }
            i += 3;
        } else if ok(c) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

fn pchar(c: u8) -> bool {
    unreserved(c) || sub_delim(c) || matches!(c, b':' | b'@')
}

/// RFC 3986 §3 `absolute-URI [ "#" fragment ]`, with libxml2's reading of two corners (an
/// empty port is refused; the inside of an IP-literal is not checked).
fn absolute_uri(u: &str) -> Result<(), UriFault> {
    let b = u.as_bytes();
    let colon = b.iter().position(|&c| c == b':');
    let scheme_ok =
        |s: &[u8]| s.first().is_some_and(u8::is_ascii_alphabetic) && s.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
    let rest = match colon {
        Some(i) if scheme_ok(b.get(..i).unwrap_or(&[])) => b.get(i + 1..).unwrap_or(&[]),
        _ => {
            // no scheme: a relative reference when it is otherwise URI characters
            return Err(if chars_ok(b, |c| pchar(c) || matches!(c, b'/' | b'?' | b'#')) { UriFault::NoScheme } else { UriFault::Syntax });
        }
    };
    let (before_frag, fragment) = match rest.iter().position(|&c| c == b'#') {
        Some(i) => (rest.get(..i).unwrap_or(&[]), Some(rest.get(i + 1..).unwrap_or(&[]))),
        None => (rest, None),
    };
    let (hier, query) = match before_frag.iter().position(|&c| c == b'?') {
        Some(i) => (before_frag.get(..i).unwrap_or(&[]), Some(before_frag.get(i + 1..).unwrap_or(&[]))),
        None => (before_frag, None),
    };
    let tail_ok = |s: &[u8]| chars_ok(s, |c| pchar(c) || matches!(c, b'/' | b'?'));
    if !fragment.is_none_or(tail_ok) || !query.is_none_or(tail_ok) {
        return Err(UriFault::Syntax);
    }
    let path = match hier.strip_prefix(b"//") {
        Some(after) => {
            let end = after.iter().position(|&c| c == b'/').unwrap_or(after.len());
            let (authority, path) = after.split_at(end);
            if !authority_ok(authority) {
                return Err(UriFault::Syntax);
            }
            path
        }
        None => hier,
    };
    if chars_ok(path, |c| pchar(c) || c == b'/') {
        Ok(())
    } else {
        Err(UriFault::Syntax)
    }
}

fn authority_ok(a: &[u8]) -> bool {
    let (userinfo, hostport) = match a.iter().rposition(|&c| c == b'@') {
        Some(i) => (a.get(..i).unwrap_or(&[]), a.get(i + 1..).unwrap_or(&[])),
        None => (&[][..], a),
    };
    if !chars_ok(userinfo, |c| unreserved(c) || sub_delim(c) || c == b':') {
        return false;
    }
    let (host, port) = if hostport.first() == Some(&b'[') {
        let Some(close) = hostport.iter().position(|&c| c == b']') else { return false };
        (&[][..], hostport.get(close + 1..).unwrap_or(&[]))
    } else {
        match hostport.iter().position(|&c| c == b':') {
            Some(i) => (hostport.get(..i).unwrap_or(&[]), hostport.get(i..).unwrap_or(&[])),
            None => (hostport, &[][..]),
        }
    };
    let port_ok = port.is_empty() || port.strip_prefix(b":").is_some_and(|p| !p.is_empty() && p.iter().all(u8::is_ascii_digit));
    port_ok && chars_ok(host, |c| unreserved(c) || sub_delim(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decls(x: &str) -> Result<Vec<(String, String)>, NsProblem> {
        let d = Document::parse(x).unwrap();
        let t = read(x, &d, 10).map_err(|(p, _)| p)?;
        Ok(d.descendants().flat_map(|n| t.of(n).to_vec()).map(|d| (d.prefix.to_owned(), d.uri.into_owned())).collect())
    }

    #[test]
    fn reads_each_elements_own_declarations() {
        let x = "<a xmlns='urn:d' b='x>y' xmlns:p=\"urn:p&amp;q\"><p:b/><c\n xmlns:q = 'urn:q' /></a>";
        assert_eq!(decls(x).unwrap(), [("".into(), "urn:d".into()), ("p".into(), "urn:p&q".into()), ("q".into(), "urn:q".into())]);
        let d = Document::parse(x).unwrap();
        let t = read(x, &d, 10).unwrap();
        let b = d.descendants().find(|n| n.tag_name().name() == "b").unwrap();
        assert!(t.of(b).is_empty());
        // the table relies on roxmltree numbering nodes in document order
        assert!(d.descendants().enumerate().all(|(i, n)| n.id().get_usize() == i));
    }

    #[test]
    fn refuses_what_the_namespace_and_c14n_recommendations_refuse() {
        assert_eq!(decls("<a xmlns:p=''/>"), Err(NsProblem::EmptyPrefixed("p".into())));
        assert_eq!(decls("<a xmlns:xmlns='urn:x'/>"), Err(NsProblem::XmlnsPrefix));
        // roxmltree itself refuses these two bindings; the check stands on its own as well
        assert_eq!(check("x", XML_NS), Err(NsProblem::XmlBinding("x".into())));
        assert_eq!(check("p", XMLNS_NS), Err(NsProblem::XmlnsUri));
        assert_eq!(decls("<a xmlns:xml='http://www.w3.org/XML/1998/namespace'/>").unwrap().len(), 1);
        assert_eq!(decls("<a xmlns:x='a/b'/>"), Err(NsProblem::Relative("a/b".into())));
        assert_eq!(decls("<a xmlns='b'/>"), Err(NsProblem::Relative("b".into())));
        assert_eq!(decls("<a xmlns:x='urn:a b'/>"), Err(NsProblem::NotAUri("urn:a b".into())));
        assert_eq!(decls("<a xmlns=''/>").unwrap(), [("".into(), "".into())]);
        let many = format!("<a {}/>", (0..11).map(|i| format!("xmlns:p{i}='urn:{i}'")).collect::<Vec<_>>().join(" "));
        assert_eq!(decls(&many), Err(NsProblem::TooMany(10)));
    }

    #[test]
    fn declarations_are_counted_before_parsing_skipping_what_is_not_markup() {
        let x = "<a xmlns:a='urn:a' t='<b xmlns:z=\"urn:z\">'><!-- <c xmlns:y='urn:y'> --><![CDATA[<d xmlns:x='u'>]]><?p <e xmlns:w='u'>?><f xmlns:b='urn:b'/><g\n xmlns='urn:g'/></a>";
        assert_eq!(too_many(x, 3), None);
        assert_eq!(too_many(x, 2), Some(x.find("xmlns='urn:g'").unwrap()));
    }

    #[test]
    fn uris_as_libxml2_reads_them() {
        // verdicts observed with xmlsec1 1.2.37 / libxml2 2.9.14 (Debian 12) on these values
        let good = [
            "urn:%41",
            "http://[::1]/x",
            "urn:",
            "a+b.c-d:x",
            "mailto:a@b",
            "urn:a?b?c",
            "urn:a&b",
            "urn:ab%C3%A9",
            "x-:",
            "http://:80/",
            "http:///x",
            "file:///x",
            "urn:a!$&()*+,;=",
            "urn:a'b",
            "http://[zz]/",
            "urn:a#",
            "urn:?#",
        ];
        let bad = [
            "urn:é",
            "urn:%zz",
            "urn:a[b]",
            "urn:a#b#c",
            "urn:a|b",
            "urn:a{b",
            "urn:a^b",
            "urn:a`b",
            "urn:a<b",
            "urn:a\"b",
            "1a:b",
            ":x",
            "urn:a%",
            "http://a:80x/",
            "http://a@b@c/",
            "http://a b/",
            "urn:a]b",
            "http://a:/",
            "http://a%2/",
            "urn:\ta",
        ];
        for u in good {
            assert!(absolute_uri(u).is_ok(), "{u}");
        }
        for u in bad {
            assert!(absolute_uri(u).is_err(), "{u}");
        }
    }

    #[test]
    fn too_many_counts_real_declarations_only() {
        let decl = |n: usize| (0..n).map(|i| format!("<e xmlns:p{i}='urn:{i}'/>")).collect::<String>();
        // three real declarations: at the limit of three, not past it
        let three = format!("<r>{}</r>", decl(3));
        assert_eq!(too_many(&three, 3), None);
        let at = too_many(&three, 2).unwrap();
        assert!(three.get(at..).unwrap().starts_with("xmlns:p2"), "{at}");
        // the word in text, comments and attribute values is no declaration, however often
        let words = format!("<r a='xmlns xmlns'><!-- xmlns xmlns -->xmlns xmlns xmlns{}</r>", decl(1));
        assert_eq!(too_many(&words, 1), None);
        assert!(too_many(&words, 0).is_some());
    }
}
