//! The DUIS namespaces and small helpers for reading elements.

use roxmltree::Node;

/// The DUIS Service User Gateway namespace.
pub const SR_NS: &str = "http://www.dccinterface.co.uk/ServiceUserGateway";
/// The XML-DSig namespace.
pub const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// The value of a simple-typed element: its text and CDATA children joined (a comment inside
/// a value does not cut it), without leading and trailing XML white space — one reading for
/// every rule (`crate::xml::text`).
pub fn text<'a>(n: Node<'a, '_>) -> std::borrow::Cow<'a, str> {
    crate::xml::text::trimmed(n)
}

/// The first element child of `n` with this local name in the DUIS namespace.
pub fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    crate::xml::elements(n).find(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some(SR_NS))
}
