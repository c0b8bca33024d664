//! The DUIS 5.4 and MMC 5.4 XML Schemas, compiled at build time from `rules/duis-schema.txt`
//! (derived by scripts/derive-schema.py; no XSD parser or XSD text in the module), and a
//! validator over a parsed document: structure (sequence, choice, occurrences), attributes,
//! and simple values (built-in types, enumerations, ranges, lengths, digits, patterns).
//!
//! Deliberate limits, each stated where it applies: `ds:Signature` is not validated here (the
//! signature rules check it against the DUIS profile, which is stricter than xmldsig's
//! schema); `xsi:nil` is refused (DUIS declares no nillable element); `xsi:type` is read as
//! cvc-elt.4 says (`xsi`).

mod content;
mod decimal;
mod fault;
mod pattern;
pub mod sample;
mod simple;
mod tables;
mod xsi;

pub use fault::{SchemaFault, ValueProblem};

use crate::model::Place;
use crate::xml;
use roxmltree::Node;

/// A built-in XML Schema type the DUIS schemas use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs, reason = "the variants are the XML Schema built-in type names")]
pub enum Builtin {
    String,
    Token,
    NormalizedString,
    Boolean,
    Decimal,
    Integer,
    NonNegativeInteger,
    PositiveInteger,
    NonPositiveInteger,
    NegativeInteger,
    Long,
    Int,
    Short,
    Byte,
    UnsignedLong,
    UnsignedInt,
    UnsignedShort,
    UnsignedByte,
    DateTime,
    Date,
    Time,
    HexBinary,
    Base64Binary,
    // derived from xs:token; no DUIS type uses them, but an xsi:type may name them
    Language,
    Name,
    NcName,
    NmToken,
}

impl Builtin {
    /// Every built-in, in declaration order: the first 23 in the order build.rs numbers the
    /// schema tables' types by (the 4 after them no DUIS type uses).
    pub const ALL: [Builtin; 27] = [
        Builtin::String,
        Builtin::Token,
        Builtin::NormalizedString,
        Builtin::Boolean,
        Builtin::Decimal,
        Builtin::Integer,
        Builtin::NonNegativeInteger,
        Builtin::PositiveInteger,
        Builtin::NonPositiveInteger,
        Builtin::NegativeInteger,
        Builtin::Long,
        Builtin::Int,
        Builtin::Short,
        Builtin::Byte,
        Builtin::UnsignedLong,
        Builtin::UnsignedInt,
        Builtin::UnsignedShort,
        Builtin::UnsignedByte,
        Builtin::DateTime,
        Builtin::Date,
        Builtin::Time,
        Builtin::HexBinary,
        Builtin::Base64Binary,
        Builtin::Language,
        Builtin::Name,
        Builtin::NcName,
        Builtin::NmToken,
    ];

    /// `xs:name`.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::String => "xs:string",
            Builtin::Token => "xs:token",
            Builtin::NormalizedString => "xs:normalizedString",
            Builtin::Boolean => "xs:boolean",
            Builtin::Decimal => "xs:decimal",
            Builtin::Integer => "xs:integer",
            Builtin::NonNegativeInteger => "xs:nonNegativeInteger",
            Builtin::PositiveInteger => "xs:positiveInteger",
            Builtin::NonPositiveInteger => "xs:nonPositiveInteger",
            Builtin::NegativeInteger => "xs:negativeInteger",
            Builtin::Long => "xs:long",
            Builtin::Int => "xs:int",
            Builtin::Short => "xs:short",
            Builtin::Byte => "xs:byte",
            Builtin::UnsignedLong => "xs:unsignedLong",
            Builtin::UnsignedInt => "xs:unsignedInt",
            Builtin::UnsignedShort => "xs:unsignedShort",
            Builtin::UnsignedByte => "xs:unsignedByte",
            Builtin::DateTime => "xs:dateTime",
            Builtin::Date => "xs:date",
            Builtin::Time => "xs:time",
            Builtin::HexBinary => "xs:hexBinary",
            Builtin::Base64Binary => "xs:base64Binary",
            Builtin::Language => "xs:language",
            Builtin::Name => "xs:Name",
            Builtin::NcName => "xs:NCName",
            Builtin::NmToken => "xs:NMTOKEN",
        }
    }
}

/// A simple type, flattened to its built-in type and the facets of its whole derivation.
#[derive(Debug)]
pub struct SimpleType {
    /// `sr:Name`, or "" when anonymous.
    pub name: &'static str,
    /// The built-in type it restricts.
    pub builtin: Builtin,
    /// The type it restricts directly (a built-in or another simple type): its derivation,
    /// which `xsi:type` needs (XML Schema 1.0 cvc-elt.4.3).
    pub base: Option<TypeRef>,
    /// Allowed values, when restricted by enumeration.
    pub enums: Vec<&'static str>,
    /// minInclusive.
    pub min_inclusive: Option<&'static str>,
    /// maxInclusive.
    pub max_inclusive: Option<&'static str>,
    /// minExclusive.
    pub min_exclusive: Option<&'static str>,
    /// maxExclusive.
    pub max_exclusive: Option<&'static str>,
    /// length (characters, or octets for binary types).
    pub length: Option<u32>,
    /// minLength.
    pub min_length: Option<u32>,
    /// maxLength.
    pub max_length: Option<u32>,
    /// totalDigits.
    pub total_digits: Option<u32>,
    /// fractionDigits.
    pub fraction_digits: Option<u32>,
    /// Patterns: every group must match; within a group, any pattern.
    pub patterns: Vec<Vec<&'static str>>,
}

/// What an element or attribute is declared as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeRef {
    /// A built-in type.
    Builtin(Builtin),
    /// A simple type of the schemas.
    Simple(u16),
    /// A complex type of the schemas.
    Complex(u16),
    /// Not validated here (`ds:Signature`).
    Lax,
}

/// An attribute declaration (attributes are unqualified in DUIS).
#[derive(Debug)]
pub struct AttrDecl {
    /// Name.
    pub name: &'static str,
    /// Type.
    pub ty: TypeRef,
    /// use="required".
    pub required: bool,
    /// Default value.
    pub default: Option<&'static str>,
}

/// An element declaration in a content model.
#[derive(Debug)]
pub struct ChildDecl {
    /// Index into [`namespaces`].
    pub ns: u8,
    /// Local name.
    pub name: &'static str,
    /// Type.
    pub ty: TypeRef,
    /// Default value.
    pub default: Option<&'static str>,
}

/// A complex type.
#[derive(Debug)]
pub struct ComplexType {
    /// `sr:Name`, or "" when anonymous.
    pub name: &'static str,
    /// Declared abstract.
    pub abstract_: bool,
    /// The type it extends, when it is derived (`xsi:type` needs the derivation).
    pub base: Option<TypeRef>,
    /// Simple content, when it has it.
    pub simple: Option<TypeRef>,
    /// The content model's particle, when it has element content.
    pub content: Option<u16>,
    /// Attributes.
    pub attrs: Vec<AttrDecl>,
    /// The element declarations of the content model, sorted by (namespace, name); one type
    /// per name (Element Declarations Consistent).
    pub children: Vec<ChildDecl>,
}

/// A particle of a content model.
#[derive(Debug)]
pub struct Particle {
    /// What it is.
    pub kind: ParticleKind,
    /// minOccurs.
    pub min: u32,
    /// maxOccurs (`u32::MAX`: unbounded).
    pub max: u32,
}

/// The kinds of particle.
#[derive(Debug)]
pub enum ParticleKind {
    /// An element, by namespace index and local name.
    Element {
        /// Index into [`namespaces`].
        ns: u8,
        /// Local name.
        name: &'static str,
    },
    /// xs:sequence.
    Seq(Vec<u16>),
    /// xs:choice.
    Choice(Vec<u16>),
}

/// A global element (a possible document root).
#[derive(Debug)]
pub struct GlobalElement {
    /// Index into [`namespaces`].
    pub ns: u8,
    /// Local name.
    pub name: &'static str,
    /// Type.
    pub ty: TypeRef,
}

/// The namespaces of the schemas: ServiceUserGateway (sr), ResponseAndAlert (ra), xmldsig (ds).
pub fn namespaces() -> &'static [&'static str] {
    &tables::get().namespaces
}

fn simple_type(i: u16) -> Option<&'static SimpleType> {
    tables::get().simple.get(usize::from(i))
}

fn complex_type(i: u16) -> Option<&'static ComplexType> {
    tables::get().complex.get(usize::from(i))
}

fn particle(i: u16) -> Option<&'static Particle> {
    tables::get().particles.get(usize::from(i))
}

fn globals() -> &'static [GlobalElement] {
    &tables::get().globals
}

fn ns_uri(i: u8) -> &'static str {
    namespaces().get(usize::from(i)).copied().unwrap_or("")
}

/// How a type is named in messages.
pub fn type_name(t: TypeRef) -> String {
    match t {
        TypeRef::Builtin(b) => b.name().to_owned(),
        TypeRef::Simple(i) => {
            simple_type(i).map_or_else(String::new, |s| if s.name.is_empty() { format!("a restriction of {}", s.builtin.name()) } else { s.name.to_owned() })
        }
        TypeRef::Complex(i) => {
            complex_type(i).map_or_else(String::new, |c| if c.name.is_empty() { "an anonymous complex type".to_owned() } else { c.name.to_owned() })
        }
        TypeRef::Lax => "any".to_owned(),
    }
}

/// The global element declaration of a document's root, when the schemas declare one.
pub fn root_declaration(root: Node<'_, '_>) -> Option<&'static GlobalElement> {
    let (ns, name) = (root.tag_name().namespace().unwrap_or(""), root.tag_name().name());
    globals().iter().find(|g| g.name == name && ns_uri(g.ns) == ns)
}

/// The names of the document roots the schemas declare, for messages.
pub fn root_names() -> Vec<&'static str> {
    globals().iter().map(|g| g.name).collect()
}

/// Validates the document's root element and everything under it; every violation found.
pub fn validate(doc: &roxmltree::Document<'_>) -> Vec<SchemaFault> {
    let root = doc.root_element();
    let mut faults = Vec::new();
    match root_declaration(root) {
        Some(g) => element(root, g.ty, None, &mut faults),
        None => faults.push(SchemaFault::at(root, fault::Kind::UnknownRoot { found: display(root), roots: root_names() })),
    }
    faults
}

/// `Name` in a DUIS namespace, `{ns}Name` otherwise.
pub fn display(n: Node<'_, '_>) -> String {
    match n.tag_name().namespace() {
        Some(ns) if namespaces().contains(&ns) => n.tag_name().name().to_owned(),
        Some(ns) => format!("{{{ns}}}{}", n.tag_name().name()),
        None => format!("{} (no namespace)", n.tag_name().name()),
    }
}

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

fn element(n: Node<'_, '_>, declared: TypeRef, default: Option<&str>, faults: &mut Vec<SchemaFault>) {
    if declared == TypeRef::Lax {
        return;
    }
    // an xsi:type names the type the element is validated against (cvc-elt.4)
    let ty = match xsi::of(n, declared) {
        None => declared,
        Some(Ok(t)) => t,
        Some(Err((at, problem))) => {
            let value = n.attribute((XSI, "type")).unwrap_or("").to_owned();
            faults.push(SchemaFault::attr(n, at, fault::Kind::XsiType { element: display(n), value, problem }));
            return;
        }
    };
    let attrs: &[AttrDecl] = match ty {
        TypeRef::Lax => return,
        TypeRef::Complex(c) => complex_type(c).map_or(&[], |c| c.attrs.as_slice()),
        _ => &[],
    };
    attributes(n, attrs, faults);
    let simple = match ty {
        TypeRef::Complex(c) => match complex_type(c) {
            Some(ct) if ct.abstract_ => {
                faults.push(SchemaFault::at(n, fault::Kind::Abstract { element: display(n), ty: type_name(ty) }));
                return;
            }
            Some(ct) => ct.simple,
            None => return,
        },
        t => Some(t),
    };
    match simple {
        Some(st) => {
            if let Some(child) = xml::elements(n).next() {
                faults.push(SchemaFault::at(child, fault::Kind::ChildInSimple { element: display(n), child: display(child), ty: type_name(st) }));
                return;
            }
            let raw = xml::text::value(n);
            let value = if raw.is_empty() { default.map_or(raw, std::borrow::Cow::Borrowed) } else { raw };
            if let Err(problem) = simple::check(st, &value) {
                faults.push(SchemaFault::at(n, fault::Kind::Value { name: display(n), value: value.into_owned(), ty: type_name(st), problem }));
            }
        }
        None => {
            let Some(ct) = (match ty {
                TypeRef::Complex(c) => complex_type(c),
                _ => None,
            }) else {
                return;
            };
            let empty = ct.content.is_none();
            // element-only content allows XML white space between children, and nothing else
            // (cvc-complex-type.2.3; U+00A0 and the other Unicode spaces are characters); empty
            // content allows no character at all, not even white space (cvc-complex-type.2.1)
            let text = n.children().filter(|c| c.is_text()).find_map(|c| {
                let t = c.text().unwrap_or("");
                let bad = if empty { t.chars().next() } else { t.chars().find(|ch| !xml::text::is_space(*ch)) };
                bad.map(|ch| (c, ch))
            });
            if let Some((t, ch)) = text {
                let kind =
                    if empty { fault::Kind::TextInEmpty { element: display(n), found: ch } } else { fault::Kind::Text { parent: display(n), found: ch } };
                faults.push(SchemaFault::at(t, kind));
            }
            let kids: Vec<Node<'_, '_>> = xml::elements(n).collect();
            content::check(n, ct.content, &kids, faults);
            for k in kids {
                let (ns, name) = (k.tag_name().namespace().unwrap_or(""), k.tag_name().name());
                if let Some(d) = ct.children.iter().find(|d| d.name == name && ns_uri(d.ns) == ns) {
                    element(k, d.ty, d.default, faults);
                }
            }
        }
    }
}

fn attributes(n: Node<'_, '_>, decls: &[AttrDecl], faults: &mut Vec<SchemaFault>) {
    for a in n.attributes() {
        match a.namespace() {
            // xsi:type is read by `element` (cvc-elt.4)
            Some(XSI) if matches!(a.name(), "schemaLocation" | "noNamespaceSchemaLocation" | "type") => {}
            Some(XSI) => faults.push(SchemaFault::attr(n, a.range_qname().start, fault::Kind::Xsi { element: display(n), attr: a.name().to_owned() })),
            // xml:* attributes are not declared by DUIS: XML Schema treats them like any other
            Some(ns) => faults.push(SchemaFault::attr(
                n,
                a.range_qname().start,
                fault::Kind::AttrUnexpected { element: display(n), attr: format!("{{{ns}}}{}", a.name()) },
            )),
            None => match decls.iter().find(|d| d.name == a.name()) {
                None => {
                    faults.push(SchemaFault::attr(n, a.range_qname().start, fault::Kind::AttrUnexpected { element: display(n), attr: a.name().to_owned() }))
                }
                Some(d) => {
                    if let Err(problem) = simple::check(d.ty, a.value()) {
                        faults.push(SchemaFault::attr(
                            n,
                            a.range_value().start,
                            fault::Kind::Value {
                                name: format!("attribute {} of {}", a.name(), display(n)),
                                value: a.value().to_owned(),
                                ty: type_name(d.ty),
                                problem,
                            },
                        ));
                    }
                }
            },
        }
    }
    for d in decls.iter().filter(|d| d.required) {
        if !n.attributes().any(|a| a.namespace().is_none() && a.name() == d.name) {
            faults.push(SchemaFault::at(n, fault::Kind::AttrMissing { element: display(n), attr: d.name }));
        }
    }
}

/// Where a fault is, as a place in the document.
pub fn place(n: Node<'_, '_>, offset: usize) -> Place {
    Place::at(offset, xml::path(n))
}
