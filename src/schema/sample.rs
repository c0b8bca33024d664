//! Valid instances made from the compiled schema: a request (or response) with a given body
//! element, varied by a number. The differential test against xmllint starts from these; the
//! instances are valid by construction and the test checks both validators say so.

use super::decimal::Decimal;
use super::pattern::Pattern;
use super::{complex_type, globals, namespaces, particle, simple, simple_type, Builtin, ParticleKind, TypeRef};
use std::fmt::Write as _;

const MAX_DEPTH: usize = 14;

/// A placeholder ds:Signature, as the DCC's templates carry ("ZGVmYXVsdA==" is "default").
pub const PLACEHOLDER_SIGNATURE: &str = "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/><ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256\"/><ds:Reference URI=\"\"><ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></ds:Transforms><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue>ZGVmYXVsdA==</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>ZGVmYXVsdA==</ds:SignatureValue></ds:Signature>";

fn prefix(ns: u8) -> &'static str {
    match namespaces().get(usize::from(ns)).copied() {
        Some("http://www.dccinterface.co.uk/ResponseAndAlert") => "ra",
        Some("http://www.w3.org/2000/09/xmldsig#") => "ds",
        _ => "sr",
    }
}

fn mix(v: u64, salt: u64) -> u64 {
    let mut x = v ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 29)
}

/// The element names the Request Body may hold (its xs:choice), in schema order.
pub fn request_body_elements() -> Vec<&'static str> {
    body_choice("Request")
}

/// The element names a Response Body may hold.
pub fn response_body_elements() -> Vec<&'static str> {
    body_choice("Response")
}

fn body_choice(root: &str) -> Vec<&'static str> {
    let Some(TypeRef::Complex(c)) = globals().iter().find(|g| g.name == root).map(|g| g.ty) else { return Vec::new() };
    let Some(body) = complex_type(c).and_then(|ct| ct.children.iter().find(|d| d.name == "Body")) else { return Vec::new() };
    let TypeRef::Complex(b) = body.ty else { return Vec::new() };
    let Some(p) = complex_type(b).and_then(|ct| ct.content).and_then(particle) else { return Vec::new() };
    match &p.kind {
        ParticleKind::Choice(items) => items
            .iter()
            .filter_map(|i| match particle(*i).map(|x| &x.kind) {
                Some(ParticleKind::Element { name, .. }) => Some(*name),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

struct Writer {
    out: String,
    variant: u64,
    counter: u64,
}

impl Writer {
    fn next(&mut self) -> u64 {
        self.counter += 1;
        mix(self.variant, self.counter)
    }

    fn element(&mut self, ns: u8, name: &str, ty: TypeRef, depth: usize) {
        let p = prefix(ns);
        let _ = write!(self.out, "<{p}:{name}");
        if let TypeRef::Complex(c) = ty {
            if let Some(ct) = complex_type(c) {
                for a in &ct.attrs {
                    if a.required || self.next() % 2 == 0 {
                        let v = self.value(a.ty);
                        let _ = write!(self.out, " {}=\"{}\"", a.name, escape(&v));
                    }
                }
            }
        }
        self.out.push('>');
        match ty {
            TypeRef::Complex(c) => {
                if let Some(ct) = complex_type(c) {
                    match (ct.simple, ct.content) {
                        (Some(st), _) => {
                            let v = self.value(st);
                            self.out.push_str(&escape(&v));
                        }
                        (None, Some(p)) => self.particle(p, ct, depth),
                        (None, None) => {}
                    }
                }
            }
            TypeRef::Lax => {}
            t => {
                let v = self.value(t);
                self.out.push_str(&escape(&v));
            }
        }
        let _ = write!(self.out, "</{p}:{name}>");
    }

    fn particle(&mut self, p: u16, ct: &super::ComplexType, depth: usize) {
        let Some(part) = particle(p) else { return };
        let shallow = depth >= MAX_DEPTH;
        let times = if part.min == 0 && (shallow || self.next() % 3 == 0) {
            0
        } else if part.max > 1 && !shallow && self.next() % 4 == 0 {
            part.min.max(2).min(part.max)
        } else {
            part.min.max(1).min(part.max)
        };
        for _ in 0..times {
            match &part.kind {
                ParticleKind::Element { ns, name } => {
                    let ty = ct.children.iter().find(|d| d.name == *name && d.ns == *ns).map_or(TypeRef::Lax, |d| d.ty);
                    if ty == TypeRef::Lax {
                        // ds:Signature: a placeholder valid for xmldsig's schema
                        self.out.push_str(PLACEHOLDER_SIGNATURE);
                        continue;
                    }
                    self.element(*ns, name, ty, depth + 1);
                }
                ParticleKind::Seq(items) => {
                    for i in items {
                        self.particle(*i, ct, depth + 1);
                    }
                }
                ParticleKind::Choice(items) => {
                    if !items.is_empty() {
                        // near the depth limit, prefer the shortest branch (a leaf)
                        let pick = if shallow {
                            items.iter().copied().min_by_key(|i| weight(*i))
                        } else {
                            items.get((self.next() % items.len() as u64) as usize).copied()
                        };
                        if let Some(i) = pick {
                            self.particle(i, ct, depth + 1);
                        }
                    }
                }
            }
        }
    }

    /// A value of the type (checked against it; the first candidate that passes).
    fn value(&mut self, ty: TypeRef) -> String {
        let v = self.next();
        let (b, st) = match ty {
            TypeRef::Builtin(b) => (b, None),
            TypeRef::Simple(i) => match simple_type(i) {
                Some(s) => (s.builtin, Some(s)),
                None => return String::new(),
            },
            _ => return String::new(),
        };
        let mut candidates: Vec<String> = Vec::new();
        if let Some(st) = st {
            if !st.enums.is_empty() {
                candidates.push(st.enums.get((v % st.enums.len() as u64) as usize).copied().unwrap_or("").to_owned());
            }
            for g in &st.patterns {
                if let Some(p) = g.first().and_then(|p| Pattern::compile(p)) {
                    candidates.push(p.sample(v));
                    candidates.push(p.sample(0));
                }
            }
            for b in [st.min_inclusive, st.max_inclusive].into_iter().flatten() {
                candidates.push(b.to_owned());
            }
            // a number strictly inside the bounds: the midpoint, and one step in from each end
            let num = |s: Option<&str>| s.and_then(|x| x.parse::<f64>().ok());
            let lo = num(st.min_inclusive).or(num(st.min_exclusive));
            let hi = num(st.max_inclusive).or(num(st.max_exclusive));
            let digits = st.fraction_digits.unwrap_or(2).min(6) as usize;
            let fmt = |x: f64| if matches!(b, Builtin::Decimal) { format!("{x:.digits$}") } else { format!("{}", x.round()) };
            match (lo, hi) {
                (Some(l), Some(h)) => candidates.extend([fmt((l + h) / 2.0), fmt(l + 1.0), fmt(h - 1.0)]),
                (Some(l), None) => candidates.extend([fmt(l + 1.0), fmt(l + 0.5)]),
                (None, Some(h)) => candidates.extend([fmt(h - 1.0), fmt(h - 0.5)]),
                (None, None) => {}
            }
            let n = st.length.or(st.min_length.map(|m| m.max(1))).unwrap_or(1).min(st.max_length.unwrap_or(u32::MAX)) as usize;
            candidates.push(builtin_value(b, n, v));
        }
        candidates.push(builtin_value(b, 1, v));
        candidates.into_iter().find(|c| simple::check(ty, c).is_ok()).unwrap_or_default()
    }
}

/// A rough size of what a particle generates at its minimum (to end recursion).
fn weight(p: u16) -> u32 {
    match particle(p) {
        Some(x) => match &x.kind {
            ParticleKind::Element { .. } => x.min,
            ParticleKind::Seq(items) => items.iter().map(|i| weight(*i)).sum::<u32>().saturating_mul(x.min),
            ParticleKind::Choice(items) => items.iter().map(|i| weight(*i)).min().unwrap_or(0).saturating_mul(x.min),
        },
        None => 0,
    }
}

fn builtin_value(b: Builtin, n: usize, v: u64) -> String {
    match b {
        Builtin::String | Builtin::Token | Builtin::NormalizedString => "A".repeat(n.max(1)),
        Builtin::Boolean => (if v % 2 == 0 { "true" } else { "false" }).into(),
        Builtin::DateTime => "2024-03-01T10:30:00Z".into(),
        Builtin::Date => "2024-03-01".into(),
        Builtin::Time => "10:30:00".into(),
        Builtin::HexBinary => "0A".repeat(n),
        Builtin::Base64Binary => base64_of_zeros(n),
        Builtin::NegativeInteger => "-1".into(),
        Builtin::NonPositiveInteger => "0".into(),
        _ => Decimal::parse("1", false).map_or_else(|| "1".into(), |_| "1".into()),
    }
}

fn base64_of_zeros(n: usize) -> String {
    let full = n / 3;
    let mut s = "AAAA".repeat(full);
    match n % 3 {
        1 => s.push_str("AA=="),
        2 => s.push_str("AAA="),
        _ => {}
    }
    s
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
}

/// A Request whose Header names `srv` (Service Reference derived from it, a Command Variant
/// it allows) and whose Body holds a valid `body_element`; `None` when the element is not one
/// the Body may hold.
pub fn request(srv: &str, cv: u8, body_element: &str, variant: u64) -> Option<String> {
    let body = body_content("Request", body_element, variant)?;
    let sr = crate::catalogue::srv(srv).map_or(srv, |d| d.service_reference);
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\" xmlns:ra=\"http://www.dccinterface.co.uk/ResponseAndAlert\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:{}</sr:RequestID><sr:CommandVariant>{cv}</sr:CommandVariant><sr:ServiceReference>{sr}</sr:ServiceReference><sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant></sr:Header><sr:Body>{}</sr:Body></sr:Request>\n",
        1000 + variant,
        body
    ))
}

/// A valid `body_element` as the Body of the global element `root` (Request or Response) may
/// hold it; `None` when it may not.
fn body_content(root: &str, body_element: &str, variant: u64) -> Option<String> {
    let Some(TypeRef::Complex(c)) = globals().iter().find(|g| g.name == root).map(|g| g.ty) else { return None };
    let TypeRef::Complex(b) = complex_type(c)?.children.iter().find(|d| d.name == "Body")?.ty else { return None };
    let decl = complex_type(b)?.children.iter().find(|d| d.name == body_element)?;
    let mut w = Writer { out: String::new(), variant, counter: 0 };
    w.element(decl.ns, decl.name, decl.ty, 2);
    Some(w.out)
}

/// A Response whose Body holds a valid `body_element` (ResponseMessage, DeviceAlertMessage,
/// DCCAlertMessage, SMETS1ResponseMessage).
pub fn response(body_element: &str, variant: u64) -> Option<String> {
    let body = body_content("Response", body_element, variant)?;
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sr:Response xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\" xmlns:ra=\"http://www.dccinterface.co.uk/ResponseAndAlert\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:{}</sr:RequestID><sr:ResponseCode>I0</sr:ResponseCode><sr:ResponseDateTime>2024-03-01T10:30:00.000Z</sr:ResponseDateTime></sr:Header><sr:Body>{}</sr:Body></sr:Response>\n",
        2000 + variant,
        body
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_body_element_gives_a_valid_request_and_response() {
        let bodies = request_body_elements();
        assert!(bodies.len() >= 129, "{}", bodies.len());
        for (i, b) in bodies.iter().enumerate() {
            for v in 0..3 {
                let x = request("8.2", 8, b, (i as u64) * 7 + v).unwrap();
                let doc = roxmltree::Document::parse(&x).unwrap();
                let faults = super::super::validate(&doc);
                assert!(faults.is_empty(), "{b} #{v}: {}\n{x}", faults.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
            }
        }
        for b in response_body_elements() {
            for v in 0..5 {
                let x = response(b, v).unwrap();
                let doc = roxmltree::Document::parse(&x).unwrap();
                let faults = super::super::validate(&doc);
                assert!(faults.is_empty(), "{b} #{v}: {}", faults.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
            }
        }
    }
}
