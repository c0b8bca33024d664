//! What a schema violation says, in the words of a good XSD validator: the place, what was
//! found, what the schema allows there, the type and facet a value breaks.

use crate::model::Place;
use roxmltree::Node;
use std::fmt;

/// Why a value is not of its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueProblem {
    /// Not in the lexical space of the built-in type (e.g. "an xs:dateTime").
    Lexical(&'static str),
    /// Not one of the enumerated values.
    NotEnumerated(Vec<&'static str>),
    /// Below the minimum (value, inclusive?).
    BelowMin(&'static str, bool),
    /// Above the maximum (value, inclusive?).
    AboveMax(&'static str, bool),
    /// Out of the built-in type's range (e.g. xs:unsignedShort).
    OutOfRange(&'static str, &'static str),
    /// Length (found, facet, limit).
    Length(usize, &'static str, u32),
    /// More digits than totalDigits.
    TotalDigits(u32),
    /// More fraction digits than fractionDigits.
    FractionDigits(u32),
    /// No pattern of a group matches.
    Pattern(Vec<&'static str>),
}

impl fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueProblem::Lexical(what) => write!(f, "it is not {what}"),
            ValueProblem::NotEnumerated(v) if v.len() <= 12 => write!(f, "it is not one of the allowed values: {}", v.join(", ")),
            ValueProblem::NotEnumerated(v) => {
                write!(f, "it is not one of the {} allowed values (e.g. {}, …)", v.len(), v.iter().take(6).copied().collect::<Vec<_>>().join(", "))
            }
            ValueProblem::BelowMin(m, true) => write!(f, "it is below the minimum {m} (minInclusive)"),
            ValueProblem::BelowMin(m, false) => write!(f, "it must be greater than {m} (minExclusive)"),
            ValueProblem::AboveMax(m, true) => write!(f, "it is above the maximum {m} (maxInclusive)"),
            ValueProblem::AboveMax(m, false) => write!(f, "it must be less than {m} (maxExclusive)"),
            ValueProblem::OutOfRange(lo, hi) => write!(f, "it is outside the type's range {lo} to {hi}"),
            ValueProblem::Length(n, facet, limit) => write!(f, "its length is {n}; {facet} is {limit}"),
            ValueProblem::TotalDigits(n) => write!(f, "it has more than {n} digits (totalDigits)"),
            ValueProblem::FractionDigits(n) => write!(f, "it has more than {n} digits after the point (fractionDigits)"),
            ValueProblem::Pattern(p) => write!(f, "it does not match the pattern {}", p.join(" | ")),
        }
    }
}

/// The kinds of violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// The root is no global element of the schemas.
    UnknownRoot {
        /// The root found.
        found: String,
        /// The roots the schemas declare.
        roots: Vec<&'static str>,
    },
    /// An element not allowed at this point.
    Unexpected {
        /// The element found.
        found: String,
        /// What may come here (empty: nothing more).
        expected: Vec<String>,
        /// When the element may occur here but no more times: its maxOccurs.
        max_occurs: Option<u32>,
    },
    /// The content ended where more is required.
    Missing {
        /// The parent.
        parent: String,
        /// What must still come (one of).
        expected: Vec<String>,
    },
    /// Character data in element-only content (other than XML white space).
    Text {
        /// The parent.
        parent: String,
        /// The first character that is not XML white space.
        found: char,
    },
    /// Character data (even white space) in an element whose type has empty content.
    TextInEmpty {
        /// The element.
        element: String,
        /// The first character.
        found: char,
    },
    /// An `xsi:type` that is refused.
    XsiType {
        /// The element.
        element: String,
        /// The attribute's value.
        value: String,
        /// Why.
        problem: super::xsi::XsiTypeProblem,
    },
    /// An element inside an element of simple type.
    ChildInSimple {
        /// The element.
        element: String,
        /// The child found.
        child: String,
        /// Its simple type.
        ty: String,
    },
    /// A value not of its type.
    Value {
        /// Element (or "attribute x of Y").
        name: String,
        /// The value.
        value: String,
        /// The type.
        ty: String,
        /// Which rule it breaks.
        problem: ValueProblem,
    },
    /// A required attribute missing.
    AttrMissing {
        /// Element.
        element: String,
        /// Attribute.
        attr: &'static str,
    },
    /// An attribute the type does not declare.
    AttrUnexpected {
        /// Element.
        element: String,
        /// Attribute.
        attr: String,
    },
    /// `xsi:type`, `xsi:nil`: type substitution and nil are not used by DUIS.
    Xsi {
        /// Element.
        element: String,
        /// Attribute local name.
        attr: String,
    },
    /// An element of an abstract type.
    Abstract {
        /// Element.
        element: String,
        /// Type.
        ty: String,
    },
}

/// A violation and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaFault {
    /// What.
    pub kind: Kind,
    /// Byte offset in the document.
    pub offset: usize,
    /// Element path.
    pub path: String,
}

/// A character as a message shows it: quoted when visible, by code point when it is a space
/// or a control (U+00A0 looks like a space but is not XML white space).
fn shown_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        c if c.is_whitespace() || c.is_control() || !c.is_alphanumeric() && !c.is_ascii_punctuation() => format!("U+{:04X}", u32::from(c)),
        c => format!("\"{c}\""),
    }
}

fn list(v: &[String]) -> String {
    match v {
        [] => "nothing more".into(),
        [one] => one.clone(),
        many => format!("one of {}", many.join(", ")),
    }
}

impl SchemaFault {
    pub(super) fn at(n: Node<'_, '_>, kind: Kind) -> Self {
        let element = if n.is_element() { n } else { n.parent_element().unwrap_or(n) };
        Self { kind, offset: n.range().start, path: crate::xml::path(element) }
    }

    pub(super) fn attr(n: Node<'_, '_>, offset: usize, kind: Kind) -> Self {
        Self { kind, offset, path: crate::xml::path(n) }
    }

    /// For a value that breaks a pattern: the value.
    pub fn pattern_value(&self) -> Option<&str> {
        match &self.kind {
            Kind::Value { value, problem: ValueProblem::Pattern(_), .. } => Some(value),
            _ => None,
        }
    }

    /// The place in the document.
    pub fn place(&self) -> Place {
        Place::at(self.offset, self.path.clone())
    }
}

impl fmt::Display for SchemaFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::UnknownRoot { found, roots } => write!(f, "the root element {found} is not declared by the DUIS or MMC schema (roots: {})", roots.join(", ")),
            Kind::Unexpected { found, max_occurs: Some(n), expected } => {
                write!(f, "element {found} occurs more than {} here (maxOccurs {n}); expected {}", crate::model::words::count(*n, "time"), list(expected))
            }
            Kind::Unexpected { found, expected, .. } if expected.is_empty() => write!(f, "element {found} is not allowed here: nothing more is expected"),
            Kind::Unexpected { found, expected, .. } => write!(f, "element {found} is not allowed here: expected {}", list(expected)),
            Kind::Missing { parent, expected } => write!(f, "{parent} ends too early: expected {}", list(expected)),
            Kind::Text { parent, found } => write!(
                f,
                "text is not allowed directly inside {parent} (element-only content: only XML white space may stand between its elements, and {} is not XML white space)",
                shown_char(*found)
            ),
            Kind::TextInEmpty { element, found } => write!(
                f,
                "{element} must be empty: its type allows no content at all, not even white space, but it holds {} (write <{element}/>)",
                shown_char(*found)
            ),
            Kind::XsiType { element, value, problem } => write!(f, "xsi:type=\"{value}\" on {element} is refused: {problem}"),
            Kind::ChildInSimple { element, child, ty } => write!(f, "{element} must hold only a value of type {ty}, but holds element {child}"),
            Kind::Value { name, value, ty, problem } => {
                let shown: String = value.chars().take(64).collect();
                let more = if value.chars().count() > 64 { "…" } else { "" };
                write!(f, "{name} is \"{shown}{more}\", which is not a valid {ty}: {problem}")
            }
            Kind::AttrMissing { element, attr } => write!(f, "{element} lacks the required attribute {attr}"),
            Kind::AttrUnexpected { element, attr } => write!(f, "attribute {attr} is not allowed on {element}"),
            Kind::Xsi { element, attr } if attr == "nil" => write!(f, "xsi:nil on {element} is refused: the DUIS schema declares no nillable element (cvc-elt.3.1)"),
            Kind::Xsi { element, attr } => write!(f, "xsi:{attr} on {element} is refused: XML Schema defines no such xsi attribute"),
            Kind::Abstract { element, ty } => {
                write!(f, "{element} has the abstract type {ty}, which needs type substitution (xsi:type) that DUIS does not use")
            }
        }
    }
}
