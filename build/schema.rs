//! Compiles `rules/duis-schema.txt` (the DUIS and MMC schemas as derived tables, written by
//! scripts/derive-schema.py) into a compact binary blob the module decodes once (src/schema/
//! tables.rs): strings interned, numbers as LEB128. Every reference is resolved here; a
//! malformed table fails the build at `rules/duis-schema.txt:<line>`.

use std::collections::HashMap;

/// The built-in types, in the order of `schema::Builtin` (the blob stores the index).
const BUILTINS: &[(&str, &str)] = &[
    ("string", "String"),
    ("token", "Token"),
    ("normalizedString", "NormalizedString"),
    ("boolean", "Boolean"),
    ("decimal", "Decimal"),
    ("integer", "Integer"),
    ("nonNegativeInteger", "NonNegativeInteger"),
    ("positiveInteger", "PositiveInteger"),
    ("nonPositiveInteger", "NonPositiveInteger"),
    ("negativeInteger", "NegativeInteger"),
    ("long", "Long"),
    ("int", "Int"),
    ("short", "Short"),
    ("byte", "Byte"),
    ("unsignedLong", "UnsignedLong"),
    ("unsignedInt", "UnsignedInt"),
    ("unsignedShort", "UnsignedShort"),
    ("unsignedByte", "UnsignedByte"),
    ("dateTime", "DateTime"),
    ("date", "Date"),
    ("time", "Time"),
    ("hexBinary", "HexBinary"),
    ("base64Binary", "Base64Binary"),
];

/// A fault at a line of the table.
pub struct Fault {
    pub line: usize,
    pub msg: String,
}

fn fault<T>(line: usize, msg: impl Into<String>) -> Result<T, Fault> {
    Err(Fault { line, msg: msg.into() })
}

fn unesc(s: &str, line: usize) -> Result<String, Fault> {
    if s == "%" {
        return Ok(String::new());
    }
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or(Fault { line, msg: format!("bad escape in {s:?}") })?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| Fault { line, msg: format!("bad escape in {s:?}") })?);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Fault { line, msg: format!("bad UTF-8 in {s:?}") })
}

fn builtin(name: &str) -> Option<u32> {
    BUILTINS.iter().position(|(n, _)| *n == name).and_then(|i| u32::try_from(i).ok())
}

struct Tables {
    ns: Vec<(String, String)>,
    simple: Vec<(usize, String)>,
    complex: Vec<(usize, Vec<String>)>,
    particles: Vec<(usize, Vec<String>)>,
    globals: Vec<(usize, Vec<String>)>,
}

fn read(text: &str) -> Result<Tables, Fault> {
    let mut t = Tables { ns: Vec::new(), simple: Vec::new(), complex: Vec::new(), particles: Vec::new(), globals: Vec::new() };
    for (i, l) in text.lines().enumerate() {
        let line = i + 1;
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        let words: Vec<String> = l.split(' ').map(str::to_owned).collect();
        let head = words.first().map(String::as_str).unwrap_or("");
        let expect_id = |list_len: usize, prefix: char| -> Result<(), Fault> {
            if head != format!("{prefix}{list_len}") {
                return fault(line, format!("expected {prefix}{list_len}, found {head}"));
            }
            Ok(())
        };
        match head.chars().next() {
            Some('S') => {
                expect_id(t.simple.len(), 'S')?;
                t.simple.push((line, l.to_owned()));
            }
            Some('C') => {
                expect_id(t.complex.len(), 'C')?;
                t.complex.push((line, words));
            }
            Some('P') => {
                expect_id(t.particles.len(), 'P')?;
                t.particles.push((line, words));
            }
            Some('E') if head == "E" => t.globals.push((line, words)),
            _ if head == "ns" => match (words.get(1), words.get(2)) {
                (Some(p), Some(u)) => t.ns.push((p.clone(), u.clone())),
                _ => return fault(line, "ns needs a prefix and a URI"),
            },
            _ => return fault(line, format!("unknown line kind {head:?}")),
        }
    }
    Ok(t)
}

/// The blob being written.
#[derive(Default)]
struct Blob {
    out: Vec<u8>,
    strings: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Blob {
    fn vu(&mut self, mut v: u32) {
        loop {
            let b = (v & 0x7F) as u8;
            v >>= 7;
            if v == 0 {
                self.out.push(b);
                return;
            }
            self.out.push(b | 0x80);
        }
    }

    /// The string's number in the table (added on first sight).
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(id) = self.ids.get(s) {
            return *id;
        }
        let id = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        self.strings.push(s.to_owned());
        self.ids.insert(s.to_owned(), id);
        id
    }

    fn str(&mut self, s: &str) {
        let id = self.intern(s);
        self.vu(id);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.vu(0),
            Some(s) => {
                let id = self.intern(s);
                self.vu(id + 1);
            }
        }
    }

    /// A type reference: tag (0 built-in, 1 simple, 2 complex, 3 lax) and value.
    fn type_ref(&mut self, t: &Tables, word: &str, line: usize) -> Result<(), Fault> {
        if word == "lax" {
            self.out.push(3);
            self.vu(0);
            return Ok(());
        }
        if let Some(b) = word.strip_prefix("xs:") {
            let i = builtin(b).ok_or(Fault { line, msg: format!("unknown built-in {word}") })?;
            self.out.push(0);
            self.vu(i);
            return Ok(());
        }
        let (kind, n) = word.split_at_checked(1).ok_or(Fault { line, msg: format!("bad type reference {word}") })?;
        let n: usize = n.parse().map_err(|_| Fault { line, msg: format!("bad type reference {word}") })?;
        match kind {
            "S" if n < t.simple.len() => self.out.push(1),
            "C" if n < t.complex.len() => self.out.push(2),
            _ => return fault(line, format!("type reference {word} resolves to nothing")),
        }
        self.vu(u32::try_from(n).unwrap_or(u32::MAX));
        Ok(())
    }
}

fn ns_index(t: &Tables, p: &str, line: usize) -> Result<u32, Fault> {
    t.ns.iter().position(|(x, _)| x == p).and_then(|i| u32::try_from(i).ok()).ok_or(Fault { line, msg: format!("unknown namespace prefix {p}") })
}

/// maxOccurs stored +1, 0 = unbounded.
fn occurs(w: Option<&String>, line: usize, max: bool) -> Result<u32, Fault> {
    match w.map(String::as_str) {
        Some("u") if max => Ok(0),
        Some(n) => n.parse::<u32>().map(|v| if max { v + 1 } else { v }).map_err(|_| Fault { line, msg: "bad occurrence bound".into() }),
        None => fault(line, "missing occurrence bound"),
    }
}

fn particle_ref(t: &Tables, k: &str, line: usize) -> Result<u32, Fault> {
    let n: usize = k.strip_prefix('P').and_then(|n| n.parse().ok()).ok_or(Fault { line, msg: format!("bad particle reference {k}") })?;
    if n >= t.particles.len() {
        return fault(line, format!("particle {k} does not exist"));
    }
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// `"C12"` / `"P34"`: the 12th complex type, the 34th particle of `list`.
fn entry<'t>(list: &'t [(usize, Vec<String>)], prefix: char, r: &str, line: usize) -> Result<&'t Vec<String>, Fault> {
    r.strip_prefix(prefix)
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| list.get(n))
        .map(|(_, w)| w)
        .ok_or(Fault { line, msg: format!("{r} does not resolve") })
}

/// The Body element the schema pairs with each Service Reference Variant: the Request Body's
/// `xs:choice` lists one element per SRV in the order of the `ServiceReferenceVariant`
/// enumeration, then `SignedPreCommand` (sec-facts topic 8.1, checked against the DCC's 297
/// templates). Derived from the compiled table, never from names (several elements share a
/// type, and 12 names differ from their SRV's). Fails when the two lists differ in length or
/// the choice does not end with `SignedPreCommand`.
pub fn srv_bodies(text: &str) -> Result<Vec<(String, String)>, Fault> {
    let t = read(text)?;
    let enum_line = t.simple.iter().find(|(_, l)| l.split(' ').nth(1) == Some("sr%3AServiceReferenceVariant"));
    let Some((eline, l)) = enum_line else { return fault(0, "no simple type sr:ServiceReferenceVariant") };
    let srvs: Vec<String> = match l.split(' ').find_map(|w| w.strip_prefix("enum=")) {
        Some(v) => v.split('|').map(|e| unesc(e, *eline)).collect::<Result<_, _>>()?,
        None => return fault(*eline, "sr:ServiceReferenceVariant has no enumeration"),
    };
    let word = |w: &Vec<String>, i: usize| w.get(i).cloned().unwrap_or_default();
    let Some((gline, request)) = t.globals.iter().find(|(_, w)| word(w, 1) == "Request") else { return fault(0, "no global element Request") };
    let complex = |r: &str, line: usize| entry(&t.complex, 'C', r, line);
    let particle_of = |r: &str, line: usize| entry(&t.particles, 'P', r, line);
    let content = |c: &Vec<String>, line: usize| -> Result<&Vec<String>, Fault> {
        match c.iter().find_map(|w| w.strip_prefix("content=")) {
            Some(p) => particle_of(p, line),
            None => fault(line, "a complex type without content"),
        }
    };
    let kids = |p: &Vec<String>| -> Vec<String> { word(p, 4).split(',').filter(|k| *k != "-" && !k.is_empty()).map(str::to_owned).collect() };
    let request_seq = content(complex(&word(request, 3), *gline)?, *gline)?;
    let mut body_type = None;
    for k in kids(request_seq) {
        let p = particle_of(&k, *gline)?;
        if word(p, 1) == "el" && word(p, 2) == "Body" {
            body_type = Some(word(p, 4));
        }
    }
    let Some(body_type) = body_type else { return fault(*gline, "the Request has no Body element") };
    let choice = content(complex(&body_type, *gline)?, *gline)?;
    if word(choice, 1) != "choice" {
        return fault(*gline, "the Request Body is not an xs:choice");
    }
    let mut elements = Vec::new();
    for k in kids(choice) {
        let p = particle_of(&k, *gline)?;
        if word(p, 1) != "el" {
            return fault(*gline, format!("the Request Body's choice holds {k}, which is not an element"));
        }
        elements.push(unesc(&word(p, 2), *gline)?);
    }
    if elements.pop().as_deref() != Some("SignedPreCommand") {
        return fault(*gline, "the Request Body's choice does not end with SignedPreCommand");
    }
    if elements.len() != srvs.len() {
        return fault(
            *eline,
            format!(
                "the Request Body's choice lists {} Service Request elements but ServiceReferenceVariant has {} values: the pairing by position cannot be made",
                elements.len(),
                srvs.len()
            ),
        );
    }
    Ok(srvs.into_iter().zip(elements).collect())
}

/// An element particle: (namespace index, name, type word, default value).
type ElementDecl = (u32, String, String, Option<String>);

/// Compiles the table; returns the blob.
pub fn compile(text: &str) -> Result<Vec<u8>, Fault> {
    let t = read(text)?;
    let mut b = Blob::default();
    b.vu(u32::try_from(t.ns.len()).unwrap_or(0));
    for (_, u) in &t.ns {
        b.str(u);
    }
    // simple types
    b.vu(u32::try_from(t.simple.len()).unwrap_or(0));
    for (line, l) in &t.simple {
        let line = *line;
        let mut words = l.split(' ');
        let _id = words.next();
        let name = unesc(words.next().unwrap_or(""), line)?;
        let bi = words.next().and_then(builtin).ok_or(Fault { line, msg: "unknown built-in type".into() })?;
        let mut facets: HashMap<String, String> = HashMap::new();
        let mut patterns: Vec<Vec<String>> = Vec::new();
        let mut enums: Vec<String> = Vec::new();
        let mut base: Option<String> = None;
        for w in words {
            let (k, v) = w.split_once('=').ok_or(Fault { line, msg: format!("bad facet {w}") })?;
            match k {
                "base" => base = Some(v.to_owned()),
                "enum" => {
                    for e in v.split('|') {
                        enums.push(unesc(e, line)?);
                    }
                }
                "pattern" => patterns.push(v.split('|').map(|p| unesc(p, line)).collect::<Result<_, _>>()?),
                "minInclusive" | "maxInclusive" | "minExclusive" | "maxExclusive" | "length" | "minLength" | "maxLength" | "totalDigits" | "fractionDigits" => {
                    facets.insert(k.to_owned(), unesc(v, line)?);
                }
                _ => return fault(line, format!("unknown facet {k}")),
            }
        }
        b.opt_str((!name.is_empty() && name != "-").then_some(name.as_str()));
        b.out.push(u8::try_from(bi).unwrap_or(0));
        // the type it restricts (xsi:type derivation): absent, or a type reference
        match &base {
            Some(w) => {
                b.out.push(1);
                b.type_ref(&t, w, line)?;
            }
            None => b.out.push(0),
        }
        b.vu(u32::try_from(enums.len()).unwrap_or(0));
        for e in &enums {
            b.str(e);
        }
        for k in ["minInclusive", "maxInclusive", "minExclusive", "maxExclusive"] {
            b.opt_str(facets.get(k).map(String::as_str));
        }
        for k in ["length", "minLength", "maxLength", "totalDigits", "fractionDigits"] {
            match facets.get(k) {
                None => b.vu(0),
                Some(v) => b.vu(v.parse::<u32>().map_err(|_| Fault { line, msg: format!("{k} {v} is not a count") })? + 1),
            }
        }
        b.vu(u32::try_from(patterns.len()).unwrap_or(0));
        for g in &patterns {
            b.vu(u32::try_from(g.len()).unwrap_or(0));
            for p in g {
                b.str(p);
            }
        }
    }
    // particles
    b.vu(u32::try_from(t.particles.len()).unwrap_or(0));
    let mut element_particles: Vec<Option<ElementDecl>> = Vec::new();
    for (line, w) in &t.particles {
        let line = *line;
        let kind = w.get(1).map(String::as_str).unwrap_or("");
        match kind {
            "el" => {
                let name = unesc(w.get(2).map_or("", String::as_str), line)?;
                let ns = ns_index(&t, w.get(3).map_or("", String::as_str), line)?;
                let ty = w.get(4).cloned().unwrap_or_default();
                let (lo, hi) = (occurs(w.get(5), line, false)?, occurs(w.get(6), line, true)?);
                let default = match w.get(7) {
                    Some(d) => Some(unesc(d.strip_prefix("default=").ok_or(Fault { line, msg: "bad element option".into() })?, line)?),
                    None => None,
                };
                b.out.push(0);
                b.vu(lo);
                b.vu(hi);
                b.vu(ns);
                b.str(&name);
                element_particles.push(Some((ns, name, ty, default)));
            }
            "seq" | "choice" => {
                let (lo, hi) = (occurs(w.get(2), line, false)?, occurs(w.get(3), line, true)?);
                let kids = w.get(4).map_or("-", String::as_str);
                let ids: Vec<u32> = if kids == "-" { Vec::new() } else { kids.split(',').map(|k| particle_ref(&t, k, line)).collect::<Result<_, _>>()? };
                b.out.push(if kind == "seq" { 1 } else { 2 });
                b.vu(lo);
                b.vu(hi);
                b.vu(u32::try_from(ids.len()).unwrap_or(0));
                for i in ids {
                    b.vu(i);
                }
                element_particles.push(None);
            }
            _ => return fault(line, format!("unknown particle kind {kind}")),
        }
    }
    // complex types, with the element declarations their content model holds
    b.vu(u32::try_from(t.complex.len()).unwrap_or(0));
    for (line, w) in &t.complex {
        let line = *line;
        let name = unesc(w.get(1).map_or("", String::as_str), line)?;
        let mut abstract_ = false;
        let mut simple: Option<&str> = None;
        let mut root: Option<u32> = None;
        let mut base: Option<&str> = None;
        let mut attrs: Vec<(String, String, bool, Option<String>)> = Vec::new();
        for word in w.iter().skip(2) {
            if word == "abstract" {
                abstract_ = true;
            } else if let Some(s) = word.strip_prefix("base=") {
                base = Some(s);
            } else if let Some(s) = word.strip_prefix("simple=") {
                simple = Some(s);
            } else if let Some(c) = word.strip_prefix("content=") {
                if c != "-" {
                    root = Some(particle_ref(&t, c, line)?);
                }
            } else if let Some(list) = word.strip_prefix("attrs=") {
                for a in list.split(',') {
                    let parts: Vec<&str> = a.split(':').collect();
                    let (Some(n), Some(ty), Some(use_)) = (parts.first(), parts.get(1), parts.get(2)) else { return fault(line, format!("bad attribute {a}")) };
                    let ty = if ty.starts_with('S') { (*ty).to_owned() } else { format!("xs:{ty}") };
                    let default = match parts.get(3) {
                        Some(d) => Some(unesc(d, line)?),
                        None => None,
                    };
                    attrs.push((unesc(n, line)?, ty, *use_ == "req", default));
                }
            } else {
                return fault(line, format!("unknown complex type field {word}"));
            }
        }
        // Element Declarations Consistent: one type per (namespace, name) in a content model
        let mut decls: Vec<ElementDecl> = Vec::new();
        let mut stack: Vec<usize> = root.map(|r| r as usize).into_iter().collect();
        while let Some(p) = stack.pop() {
            let Some((pl, pw)) = t.particles.get(p) else { continue };
            match element_particles.get(p).cloned().flatten() {
                Some(d) => match decls.iter().find(|x| x.0 == d.0 && x.1 == d.1) {
                    Some(prev) if prev.2 != d.2 => {
                        return fault(*pl, format!("element {} appears with two types in one content model (Element Declarations Consistent)", d.1))
                    }
                    Some(_) => {}
                    None => decls.push(d),
                },
                None => {
                    for k in pw.get(4).map_or("-", String::as_str).split(',').filter(|k| *k != "-") {
                        if let Some(n) = k.strip_prefix('P').and_then(|n| n.parse::<usize>().ok()) {
                            stack.push(n);
                        }
                    }
                }
            }
        }
        decls.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        b.opt_str((!name.is_empty() && name != "-").then_some(name.as_str()));
        b.out.push(u8::from(abstract_) | (u8::from(simple.is_some()) << 1) | (u8::from(root.is_some()) << 2) | (u8::from(base.is_some()) << 3));
        if let Some(s) = base {
            b.type_ref(&t, s, line)?;
        }
        if let Some(s) = simple {
            b.type_ref(&t, s, line)?;
        }
        if let Some(r) = root {
            b.vu(r);
        }
        b.vu(u32::try_from(attrs.len()).unwrap_or(0));
        for (n, ty, req, d) in &attrs {
            b.str(n);
            b.type_ref(&t, ty, line)?;
            b.out.push(u8::from(*req));
            b.opt_str(d.as_deref());
        }
        b.vu(u32::try_from(decls.len()).unwrap_or(0));
        for (ns, n, ty, d) in &decls {
            b.vu(*ns);
            b.str(n);
            b.type_ref(&t, ty, line)?;
            b.opt_str(d.as_deref());
        }
    }
    b.vu(u32::try_from(t.globals.len()).unwrap_or(0));
    for (line, w) in &t.globals {
        let name = unesc(w.get(1).map_or("", String::as_str), *line)?;
        let ns = ns_index(&t, w.get(2).map_or("", String::as_str), *line)?;
        b.vu(ns);
        b.str(&name);
        b.type_ref(&t, w.get(3).map_or("", String::as_str), *line)?;
    }
    // the string table goes first in the blob
    let body = std::mem::take(&mut b.out);
    let strings = std::mem::take(&mut b.strings);
    let mut blob = Blob::default();
    blob.out.extend_from_slice(b"SRS1");
    blob.vu(u32::try_from(strings.len()).unwrap_or(0));
    for s in &strings {
        blob.vu(u32::try_from(s.len()).unwrap_or(0));
        blob.out.extend_from_slice(s.as_bytes());
    }
    blob.out.extend_from_slice(&body);
    Ok(blob.out)
}
