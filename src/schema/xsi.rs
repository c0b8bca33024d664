//! `xsi:type` (XML Schema 1.0 Part 1 §3.3.4, cvc-elt.4): an element may name, instead of its
//! declared type, a type validly derived from it — its own type under any prefix, a built-in
//! type derived from the declared built-in (`xs:unsignedShort` on `xs:unsignedInt`), one of the
//! schemas' named restrictions or extensions. DUIS blocks no substitution (no `block` or
//! `final`), so derivation is the only condition; an abstract type, an unknown name or an
//! underived type is refused. The derivation chains come from the compiled tables (`base`).

use super::{complex_type, namespaces, simple_type, Builtin, TypeRef};
use crate::xml;
use roxmltree::Node;
use std::fmt;

/// The XML Schema namespace (built-in types).
const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// Why an `xsi:type` is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XsiTypeProblem {
    /// Not a QName, or its prefix is not declared.
    Name(String),
    /// No type of that name in the schemas or XML Schema's built-ins.
    Unknown(String),
    /// A built-in type sec-rules does not validate (a documented difference).
    Unsupported(String),
    /// An abstract type.
    Abstract(String),
    /// Not derived from the element's declared type.
    NotDerived {
        /// The type named.
        named: String,
        /// The declared type.
        declared: String,
    },
}

impl fmt::Display for XsiTypeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XsiTypeProblem::Name(why) => write!(f, "it is not a type name: {why}"),
            XsiTypeProblem::Unknown(t) => write!(f, "{t} is no type of the DUIS or MMC schemas nor an XML Schema built-in type"),
            XsiTypeProblem::Unsupported(t) => write!(f, "{t} is an XML Schema built-in type sec-rules does not validate (a documented difference)"),
            XsiTypeProblem::Abstract(t) => write!(f, "{t} is abstract: an element cannot have it (cvc-elt.4.2)"),
            XsiTypeProblem::NotDerived { named, declared } => write!(f, "{named} is not derived from the element's declared type {declared} (cvc-elt.4.3)"),
        }
    }
}

/// The type a built-in restricts, within the built-ins sec-rules reads (Part 2 §3.3).
pub(super) fn builtin_base(b: Builtin) -> Option<Builtin> {
    Some(match b {
        Builtin::NormalizedString => Builtin::String,
        Builtin::Token => Builtin::NormalizedString,
        Builtin::Language | Builtin::Name | Builtin::NmToken => Builtin::Token,
        Builtin::NcName => Builtin::Name,
        Builtin::Integer => Builtin::Decimal,
        Builtin::NonNegativeInteger | Builtin::NonPositiveInteger | Builtin::Long => Builtin::Integer,
        Builtin::PositiveInteger | Builtin::UnsignedLong => Builtin::NonNegativeInteger,
        Builtin::NegativeInteger => Builtin::NonPositiveInteger,
        Builtin::Int => Builtin::Long,
        Builtin::Short => Builtin::Int,
        Builtin::Byte => Builtin::Short,
        Builtin::UnsignedInt => Builtin::UnsignedLong,
        Builtin::UnsignedShort => Builtin::UnsignedInt,
        Builtin::UnsignedByte => Builtin::UnsignedShort,
        _ => return None,
    })
}

/// A built-in type by its local name; `Err` for one sec-rules knows exists but does not read.
fn builtin(local: &str) -> Option<Result<Builtin, ()>> {
    if let Some(b) = Builtin::ALL.into_iter().find(|b| b.name().strip_prefix("xs:") == Some(local)) {
        return Some(Ok(b));
    }
    // the other built-ins of Part 2: derived from anySimpleType (so from no DUIS type), or
    // with identity constraints (ID, IDREF, ENTITY) sec-rules does not keep
    const OTHERS: [&str; 24] = [
        "anyType",
        "anySimpleType",
        "float",
        "double",
        "duration",
        "gYearMonth",
        "gYear",
        "gMonthDay",
        "gDay",
        "gMonth",
        "anyURI",
        "QName",
        "NOTATION",
        "ID",
        "IDREF",
        "IDREFS",
        "ENTITY",
        "ENTITIES",
        "NMTOKENS",
        "anyAtomicType",
        "dateTimeStamp",
        "dayTimeDuration",
        "yearMonthDuration",
        "precisionDecimal",
    ];
    OTHERS.contains(&local).then_some(Err(()))
}

/// The prefix the compiled tables write a namespace's type names with (`sr:`, `ra:`).
fn table_prefix(uri: &str) -> Option<&'static str> {
    match namespaces().iter().position(|n| *n == uri)? {
        0 => Some("sr"),
        1 => Some("ra"),
        _ => None,
    }
}

/// A named type of the schemas.
fn named(uri: &str, local: &str) -> Option<TypeRef> {
    let prefix = table_prefix(uri)?;
    let t = super::tables::get();
    let full = |n: &str| n.strip_prefix(prefix).and_then(|r| r.strip_prefix(':')) == Some(local);
    if let Some(i) = t.simple.iter().position(|s| full(s.name)) {
        return u16::try_from(i).ok().map(TypeRef::Simple);
    }
    t.complex.iter().position(|c| full(c.name)).and_then(|i| u16::try_from(i).ok()).map(TypeRef::Complex)
}

/// The type `t` is derived from directly.
fn base(t: TypeRef) -> Option<TypeRef> {
    match t {
        TypeRef::Builtin(b) => builtin_base(b).map(TypeRef::Builtin),
        TypeRef::Simple(i) => simple_type(i).and_then(|s| s.base),
        TypeRef::Complex(i) => complex_type(i).and_then(|c| c.base),
        TypeRef::Lax => None,
    }
}

/// Whether `t` is `declared` or derived from it (any chain of restrictions and extensions).
pub(super) fn derives(t: TypeRef, declared: TypeRef) -> bool {
    let mut cur = Some(t);
    // chains are short (a handful of steps); the bound only guards a malformed table
    for _ in 0..64 {
        match cur {
            Some(c) if c == declared => return true,
            Some(c) => cur = base(c),
            None => return false,
        }
    }
    false
}

/// The element's `xsi:type`, when it has one: the type it names, or why it is refused (with
/// the offset of the attribute's value).
pub(super) fn of(n: Node<'_, '_>, declared: TypeRef) -> Option<Result<TypeRef, (usize, XsiTypeProblem)>> {
    let a = n.attributes().find(|a| a.namespace() == Some(super::XSI) && a.name() == "type")?;
    let at = a.range_value().start;
    let qname = xml::text::trim(a.value());
    let (prefix, local) = match qname.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, qname),
    };
    let ncname = |s: &str| super::simple::is_ncname(s);
    if !ncname(local) || !prefix.is_none_or(ncname) {
        return Some(Err((at, XsiTypeProblem::Name(format!("\"{qname}\" is not a QName")))));
    }
    let Some(uri) = n.lookup_namespace_uri(prefix) else {
        return Some(Err((at, XsiTypeProblem::Name(format!("the prefix {} is not declared", prefix.unwrap_or("(default)"))))));
    };
    let shown = format!("{{{uri}}}{local}");
    let ty = if uri == XS {
        match builtin(local) {
            Some(Ok(b)) => TypeRef::Builtin(b),
            Some(Err(())) if local == "ID" || local == "IDREF" || local == "ENTITY" => {
                return Some(Err((at, XsiTypeProblem::Unsupported(format!("xs:{local}")))));
            }
            Some(Err(())) => {
                return Some(Err((at, XsiTypeProblem::NotDerived { named: format!("xs:{local}"), declared: super::type_name(declared) })));
            }
            None => return Some(Err((at, XsiTypeProblem::Unknown(format!("xs:{local}"))))),
        }
    } else {
        match named(uri, local) {
            Some(t) => t,
            None => return Some(Err((at, XsiTypeProblem::Unknown(shown)))),
        }
    };
    if let TypeRef::Complex(c) = ty {
        if complex_type(c).is_some_and(|c| c.abstract_) {
            return Some(Err((at, XsiTypeProblem::Abstract(super::type_name(ty)))));
        }
    }
    if !derives(ty, declared) {
        return Some(Err((at, XsiTypeProblem::NotDerived { named: super::type_name(ty), declared: super::type_name(declared) })));
    }
    Some(Ok(ty))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_derivations_follow_part_2() {
        let b = |x| TypeRef::Builtin(x);
        assert!(derives(b(Builtin::UnsignedShort), b(Builtin::UnsignedInt)));
        assert!(derives(b(Builtin::UnsignedByte), b(Builtin::Integer)));
        assert!(derives(b(Builtin::NcName), b(Builtin::String)));
        assert!(!derives(b(Builtin::UnsignedInt), b(Builtin::UnsignedShort)));
        assert!(!derives(b(Builtin::Int), b(Builtin::UnsignedInt)));
        assert!(!derives(b(Builtin::String), b(Builtin::Token)));
    }

    #[test]
    fn named_types_resolve_and_their_chains_reach_their_bases() {
        let sr = namespaces()[0];
        let day = named(sr, "ElecDayName").unwrap();
        let referenced = named(sr, "ElecReferencedDayName").unwrap();
        assert!(matches!(day, TypeRef::Simple(_)) && matches!(referenced, TypeRef::Complex(_)));
        assert!(derives(referenced, day), "an extension of a simple type derives from it");
        assert!(derives(day, TypeRef::Builtin(Builtin::PositiveInteger)));
        assert!(derives(day, TypeRef::Builtin(Builtin::Integer)));
        assert!(!derives(day, referenced));
        assert!(named(sr, "NoSuchType").is_none());
    }
}
