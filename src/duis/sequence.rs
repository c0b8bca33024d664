//! Matching an element's children against an XSD `xs:sequence` of particles
//! (name, namespace, minOccurs, maxOccurs), reporting faults with their node.

use crate::model::Place;
use crate::xml;
use roxmltree::Node;
use std::fmt;

/// The DUIS Service User Gateway namespace.
pub const SR_NS: &str = "http://www.dccinterface.co.uk/ServiceUserGateway";
/// The XML-DSig namespace.
pub const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// One element of a sequence.
#[derive(Debug, Clone, Copy)]
pub struct Particle {
    /// Local name.
    pub name: &'static str,
    /// Namespace URI.
    pub ns: &'static str,
    /// minOccurs.
    pub min: u32,
    /// maxOccurs.
    pub max: u32,
}

impl Particle {
    /// Exactly once, DUIS namespace.
    pub const fn one(name: &'static str) -> Self {
        Self { name, ns: SR_NS, min: 1, max: 1 }
    }
    /// Optional, DUIS namespace.
    pub const fn opt(name: &'static str) -> Self {
        Self { name, ns: SR_NS, min: 0, max: 1 }
    }
    fn matches(&self, n: Node<'_, '_>) -> bool {
        n.tag_name().name() == self.name && n.tag_name().namespace() == Some(self.ns)
    }
}

/// A structural fault of the kind an XSD validator reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StructureFault {
    /// A required element is absent.
    Missing {
        /// Element name.
        name: &'static str,
        /// Path of the parent.
        parent: String,
    },
    /// An element not allowed here.
    Unexpected {
        /// `prefix-less {ns}name` seen.
        found: String,
        /// What the schema allows at this point.
        expected: Vec<&'static str>,
    },
    /// More occurrences than maxOccurs.
    TooMany {
        /// Element name.
        name: &'static str,
        /// maxOccurs.
        max: u32,
    },
    /// Character data in element-only content.
    Text {
        /// Path of the parent.
        parent: String,
    },
    /// A value that does not match its schema type.
    Value {
        /// Element or attribute name.
        name: String,
        /// The value seen.
        value: String,
        /// The type it should have.
        expected: String,
    },
    /// Anything else a check wants to say about structure.
    Other(String),
}

impl fmt::Display for StructureFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StructureFault::Missing { name, parent } => write!(f, "required element {name} is missing from {parent}"),
            StructureFault::Unexpected { found, expected } if expected.is_empty() => {
                write!(f, "element {found} is not allowed here: nothing more is expected")
            }
            StructureFault::Unexpected { found, expected } => {
                write!(f, "element {found} is not allowed here: expected {}", expected.join(" or "))
            }
            StructureFault::TooMany { name, max } => write!(f, "element {name} occurs more than {max} time(s)"),
            StructureFault::Text { parent } => write!(f, "text is not allowed directly inside {parent}"),
            StructureFault::Value { name, value, expected } => write!(f, "{name} is \"{value}\", which is not {expected}"),
            StructureFault::Other(s) => f.write_str(s),
        }
    }
}

/// A fault and where it is.
pub type Located = (StructureFault, Place);

/// Matches `parent`'s children against `particles`. Returns the faults and, per particle,
/// the first matching child.
pub fn match_sequence<'a, 'i>(parent: Node<'a, 'i>, particles: &[Particle]) -> (Vec<Located>, Vec<Option<Node<'a, 'i>>>) {
    let mut faults = Vec::new();
    let mut found: Vec<Option<Node<'a, 'i>>> = vec![None; particles.len()];
    let mut counts = vec![0u32; particles.len()];
    let mut i = 0usize;
    let parent_path = xml::path(parent);
    for child in parent.children() {
        if child.is_text() && child.text().is_some_and(|t| !t.trim().is_empty()) {
            faults.push((StructureFault::Text { parent: parent_path.clone() }, Place::at(child.range().start, parent_path.clone())));
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let here = Place::at(child.range().start, xml::path(child));
        let Some(j) = particles.iter().enumerate().skip(i).find(|(_, p)| p.matches(child)).map(|(j, _)| j) else {
            faults.push((StructureFault::Unexpected { found: display_name(child), expected: expected_at(particles, i, &counts) }, here));
            continue;
        };
        for (k, p) in particles.iter().enumerate().take(j).skip(i) {
            if counts.get(k).copied().unwrap_or(0) < p.min {
                faults.push((StructureFault::Missing { name: p.name, parent: parent_path.clone() }, here.clone()));
            }
        }
        i = j;
        let (Some(count), Some(p)) = (counts.get_mut(j), particles.get(j)) else { continue };
        *count += 1;
        if *count > p.max {
            faults.push((StructureFault::TooMany { name: p.name, max: p.max }, here));
        } else if let Some(slot @ None) = found.get_mut(j) {
            *slot = Some(child);
        }
    }
    let end = Place::at(parent.range().end, parent_path.clone());
    for (k, p) in particles.iter().enumerate().skip(i) {
        if counts.get(k).copied().unwrap_or(0) < p.min {
            faults.push((StructureFault::Missing { name: p.name, parent: parent_path.clone() }, end.clone()));
        }
    }
    (faults, found)
}

fn expected_at(particles: &[Particle], i: usize, counts: &[u32]) -> Vec<&'static str> {
    let mut v = Vec::new();
    for (k, p) in particles.iter().enumerate().skip(i) {
        if counts.get(k).copied().unwrap_or(0) < p.max {
            v.push(p.name);
        }
        if counts.get(k).copied().unwrap_or(0) < p.min {
            break;
        }
    }
    v
}

/// `Name` in the DUIS namespace, `{ns}Name` otherwise.
pub fn display_name(n: Node<'_, '_>) -> String {
    match n.tag_name().namespace() {
        Some(SR_NS) | Some(DS_NS) => n.tag_name().name().to_owned(),
        Some(ns) => format!("{{{ns}}}{}", n.tag_name().name()),
        None => format!("{} (no namespace)", n.tag_name().name()),
    }
}

/// Trimmed text content of a simple-typed element (xs whitespace collapse for tokens).
pub fn text<'a>(n: Node<'a, '_>) -> &'a str {
    n.text().map_or("", str::trim)
}

/// An element that must hold only text: reports child elements.
pub fn simple_content(n: Node<'_, '_>) -> Option<Located> {
    xml::elements(n).next().map(|c| {
        (StructureFault::Other(format!("{} must hold only text, but holds element {}", n.tag_name().name(), display_name(c))), Place::at(c.range().start, xml::path(c)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(xml: &str) -> Vec<String> {
        let xml = xml.replace("<r>", &format!("<r xmlns=\"{SR_NS}\">"));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let ps = [Particle::one("A"), Particle::opt("B"), Particle::one("C")];
        match_sequence(doc.root_element(), &ps).0.into_iter().map(|(f, _)| f.to_string()).collect()
    }

    #[test]
    fn accepts_valid_sequences() {
        assert!(run("<r><A/><B/><C/></r>").is_empty());
        assert!(run("<r><A/><C/></r>").is_empty());
    }

    #[test]
    fn reports_missing_unexpected_too_many_and_text() {
        assert_eq!(run("<r><C/></r>"), ["required element A is missing from /r"]);
        assert_eq!(run("<r><A/><C/><B/></r>"), ["element B is not allowed here: nothing more is expected"]);
        assert_eq!(run("<r><A/><A/><C/></r>"), ["element A occurs more than 1 time(s)"]);
        assert_eq!(run("<r><A/>x<C/></r>"), ["text is not allowed directly inside /r"]);
        assert_eq!(run("<r><A/><X/><C/></r>"), ["element X is not allowed here: expected B or C"]);
        assert_eq!(run("<r><A/></r>"), ["required element C is missing from /r"]);
    }
}
