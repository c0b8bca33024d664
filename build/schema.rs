//! Compiles `rules/duis-schema.txt` (the DUIS and MMC schemas as derived tables, written by
//! scripts/derive-schema.py) into Rust statics. Every reference is resolved here; a malformed
//! table fails the build at `rules/duis-schema.txt:<line>`.

use std::collections::HashMap;
use std::fmt::Write as _;

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

fn builtin(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
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

/// A type reference as Rust source.
fn type_ref(t: &Tables, word: &str, line: usize) -> Result<String, Fault> {
    if word == "lax" {
        return Ok("TypeRef::Lax".into());
    }
    if let Some(b) = word.strip_prefix("xs:") {
        return builtin(b).map(|b| format!("TypeRef::Builtin(Builtin::{b})")).ok_or(Fault { line, msg: format!("unknown built-in {word}") });
    }
    let (kind, n) = word.split_at(1);
    let n: usize = n.parse().map_err(|_| Fault { line, msg: format!("bad type reference {word}") })?;
    match kind {
        "S" if n < t.simple.len() => Ok(format!("TypeRef::Simple({n})")),
        "C" if n < t.complex.len() => Ok(format!("TypeRef::Complex({n})")),
        _ => fault(line, format!("type reference {word} resolves to nothing")),
    }
}

fn ns_index(t: &Tables, p: &str, line: usize) -> Result<usize, Fault> {
    t.ns.iter().position(|(x, _)| x == p).ok_or(Fault { line, msg: format!("unknown namespace prefix {p}") })
}

fn occurs(w: Option<&String>, line: usize) -> Result<String, Fault> {
    match w.map(String::as_str) {
        Some("u") => Ok("u32::MAX".into()),
        Some(n) if n.parse::<u32>().is_ok() => Ok(n.to_owned()),
        _ => fault(line, "bad occurrence bound"),
    }
}

fn opt_num(v: Option<&String>, line: usize) -> Result<String, Fault> {
    match v {
        None => Ok("None".into()),
        Some(x) => x.parse::<u32>().map(|n| format!("Some({n})")).map_err(|_| Fault { line, msg: format!("{x} is not a count") }),
    }
}

/// An element particle: (namespace index, name, type as Rust source, default value).
type ElementDecl = (usize, String, String, Option<String>);

/// Emits the statics; returns the Rust source.
pub fn compile(text: &str) -> Result<String, Fault> {
    let t = read(text)?;
    let mut out = String::new();
    let _ = writeln!(out, "pub(crate) static NAMESPACES: &[&str] = &[{}];", t.ns.iter().map(|(_, u)| format!("{u:?}")).collect::<Vec<_>>().join(", "));
    // simple types
    out.push_str("pub(crate) static SIMPLE: &[SimpleType] = &[\n");
    for (line, l) in &t.simple {
        let line = *line;
        let mut words = l.split(' ');
        let _id = words.next();
        let name = unesc(words.next().unwrap_or(""), line)?;
        let b = words.next().and_then(builtin).ok_or(Fault { line, msg: "unknown built-in type".into() })?;
        let mut facets: HashMap<String, String> = HashMap::new();
        let mut patterns: Vec<Vec<String>> = Vec::new();
        let mut enums: Vec<String> = Vec::new();
        for w in words {
            let (k, v) = w.split_once('=').ok_or(Fault { line, msg: format!("bad facet {w}") })?;
            match k {
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
        let bound = |k: &str| facets.get(k).map_or_else(|| "None".to_owned(), |v| format!("Some({v:?})"));
        let _ = writeln!(
            out,
            "    SimpleType {{ name: {name:?}, builtin: Builtin::{b}, enums: &{enums:?}, min_inclusive: {}, max_inclusive: {}, min_exclusive: {}, max_exclusive: {}, length: {}, min_length: {}, max_length: {}, total_digits: {}, fraction_digits: {}, patterns: &[{}] }},",
            bound("minInclusive"),
            bound("maxInclusive"),
            bound("minExclusive"),
            bound("maxExclusive"),
            opt_num(facets.get("length"), line)?,
            opt_num(facets.get("minLength"), line)?,
            opt_num(facets.get("maxLength"), line)?,
            opt_num(facets.get("totalDigits"), line)?,
            opt_num(facets.get("fractionDigits"), line)?,
            patterns.iter().map(|g| format!("&{g:?}")).collect::<Vec<_>>().join(", ")
        );
    }
    out.push_str("];\n");
    // particles
    out.push_str("pub(crate) static PARTICLES: &[Particle] = &[\n");
    let mut element_particles: Vec<Option<ElementDecl>> = Vec::new();
    for (line, w) in &t.particles {
        let line = *line;
        let kind = w.get(1).map(String::as_str).unwrap_or("");
        match kind {
            "el" => {
                let name = unesc(w.get(2).map_or("", String::as_str), line)?;
                let ns = ns_index(&t, w.get(3).map_or("", String::as_str), line)?;
                let ty = type_ref(&t, w.get(4).map_or("", String::as_str), line)?;
                let (lo, hi) = (occurs(w.get(5), line)?, occurs(w.get(6), line)?);
                let default = match w.get(7) {
                    Some(d) => Some(unesc(d.strip_prefix("default=").ok_or(Fault { line, msg: "bad element option".into() })?, line)?),
                    None => None,
                };
                let _ = writeln!(out, "    Particle {{ kind: ParticleKind::Element {{ ns: {ns}, name: {name:?} }}, min: {lo}, max: {hi} }},");
                element_particles.push(Some((ns, name, ty, default)));
            }
            "seq" | "choice" => {
                let (lo, hi) = (occurs(w.get(2), line)?, occurs(w.get(3), line)?);
                let kids = w.get(4).map_or("-", String::as_str);
                let mut ids = Vec::new();
                if kids != "-" {
                    for k in kids.split(',') {
                        let n: usize = k.strip_prefix('P').and_then(|n| n.parse().ok()).ok_or(Fault { line, msg: format!("bad particle reference {k}") })?;
                        if n >= t.particles.len() {
                            return fault(line, format!("particle {k} does not exist"));
                        }
                        ids.push(n.to_string());
                    }
                }
                let v = if kind == "seq" { "Seq" } else { "Choice" };
                let _ = writeln!(out, "    Particle {{ kind: ParticleKind::{v}(&[{}]), min: {lo}, max: {hi} }},", ids.join(", "));
                element_particles.push(None);
            }
            _ => return fault(line, format!("unknown particle kind {kind}")),
        }
    }
    out.push_str("];\n");
    // complex types, with the element declarations their content model holds
    out.push_str("pub(crate) static COMPLEX: &[ComplexType] = &[\n");
    for (line, w) in &t.complex {
        let line = *line;
        let name = unesc(w.get(1).map_or("", String::as_str), line)?;
        let mut abstract_ = false;
        let mut simple = "None".to_owned();
        let mut content = "None".to_owned();
        let mut attrs = Vec::new();
        let mut root = None;
        for word in w.iter().skip(2) {
            if word == "abstract" {
                abstract_ = true;
            } else if let Some(s) = word.strip_prefix("simple=") {
                simple = format!("Some({})", type_ref(&t, s, line)?);
            } else if let Some(c) = word.strip_prefix("content=") {
                if c != "-" {
                    let n: usize = c.strip_prefix('P').and_then(|n| n.parse().ok()).filter(|n| *n < t.particles.len()).ok_or(Fault { line, msg: format!("bad content {c}") })?;
                    root = Some(n);
                    content = format!("Some({n})");
                }
            } else if let Some(list) = word.strip_prefix("attrs=") {
                for a in list.split(',') {
                    let parts: Vec<&str> = a.split(':').collect();
                    let (Some(n), Some(ty), Some(use_)) = (parts.first(), parts.get(1), parts.get(2)) else { return fault(line, format!("bad attribute {a}")) };
                    let ty = if ty.starts_with('S') { type_ref(&t, ty, line)? } else { type_ref(&t, &format!("xs:{ty}"), line)? };
                    let default = match parts.get(3) {
                        Some(d) => format!("Some({:?})", unesc(d, line)?),
                        None => "None".into(),
                    };
                    attrs.push(format!("AttrDecl {{ name: {:?}, ty: {ty}, required: {}, default: {default} }}", unesc(n, line)?, *use_ == "req"));
                }
            } else {
                return fault(line, format!("unknown complex type field {word}"));
            }
        }
        // Element Declarations Consistent: one type per (namespace, name) in a content model
        let mut decls: Vec<ElementDecl> = Vec::new();
        let mut stack: Vec<usize> = root.into_iter().collect();
        while let Some(p) = stack.pop() {
            let Some((pl, pw)) = t.particles.get(p) else { continue };
            match element_particles.get(p).cloned().flatten() {
                Some(d) => match decls.iter().find(|x| x.0 == d.0 && x.1 == d.1) {
                    Some(prev) if prev.2 != d.2 => return fault(*pl, format!("element {} appears with two types in one content model (Element Declarations Consistent)", d.1)),
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
        let children: Vec<String> = decls
            .iter()
            .map(|(ns, n, ty, d)| format!("ChildDecl {{ ns: {ns}, name: {n:?}, ty: {ty}, default: {} }}", d.as_ref().map_or_else(|| "None".to_owned(), |d| format!("Some({d:?})"))))
            .collect();
        let _ = writeln!(
            out,
            "    ComplexType {{ name: {name:?}, abstract_: {abstract_}, simple: {simple}, content: {content}, attrs: &[{}], children: &[{}] }},",
            attrs.join(", "),
            children.join(", ")
        );
    }
    out.push_str("];\n");
    out.push_str("pub(crate) static GLOBALS: &[GlobalElement] = &[\n");
    for (line, w) in &t.globals {
        let name = unesc(w.get(1).map_or("", String::as_str), *line)?;
        let ns = ns_index(&t, w.get(2).map_or("", String::as_str), *line)?;
        let ty = type_ref(&t, w.get(3).map_or("", String::as_str), *line)?;
        let _ = writeln!(out, "    GlobalElement {{ ns: {ns}, name: {name:?}, ty: {ty} }},");
    }
    out.push_str("];\n");
    Ok(out)
}
