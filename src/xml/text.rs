//! An element's character data, read one way by every rule: the concatenation of its text and
//! CDATA children (a comment or processing instruction inside a value splits it into several
//! text nodes; the value is still the whole, XML Schema 1.0 §3.3.4 and the Infoset's
//! [children]). White space is XML's: #x20, #x9, #xD and #xA only (XML 1.0 production S) —
//! never Rust's Unicode `trim`, which would also take U+00A0, U+2003, U+3000 …

use roxmltree::Node;
use std::borrow::Cow;

/// Whether `c` is XML white space (production S): space, tab, carriage return, line feed.
pub const fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// `s` without leading and trailing XML white space (Unicode spaces are kept).
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Whether `s` is empty or XML white space only.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_space)
}

/// The character data of `n`: its text and CDATA children joined, in document order
/// (comments and processing instructions between them are not part of it).
pub fn value<'a>(n: Node<'a, '_>) -> Cow<'a, str> {
    let mut texts = n.children().filter(Node::is_text).filter_map(|c| c.text());
    match (texts.next(), texts.next()) {
        (None, _) => Cow::Borrowed(""),
        (Some(one), None) => Cow::Borrowed(one),
        (Some(a), Some(b)) => {
            let mut s = String::with_capacity(a.len() + b.len());
            s.push_str(a);
            s.push_str(b);
            s.extend(texts);
            Cow::Owned(s)
        }
    }
}

/// The value of a simple-typed element as its rules read it: [`value`] without leading and
/// trailing XML white space (what the schema's `collapse` keeps of a token's ends).
pub fn trimmed<'a>(n: Node<'a, '_>) -> Cow<'a, str> {
    match value(n) {
        Cow::Borrowed(s) => Cow::Borrowed(trim(s)),
        Cow::Owned(s) => {
            let t = trim(&s);
            if t.len() == s.len() {
                Cow::Owned(s)
            } else {
                Cow::Owned(t.to_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root_value(xml: &str) -> (String, String) {
        let d = roxmltree::Document::parse(xml).unwrap();
        (value(d.root_element()).into_owned(), trimmed(d.root_element()).into_owned())
    }

    #[test]
    fn a_value_split_by_comments_pis_and_cdata_is_the_whole() {
        assert_eq!(root_value("<a>7.<!--x-->13</a>").0, "7.13");
        assert_eq!(root_value("<a>7<?pi x?>.1<!--y-->3</a>").0, "7.13");
        assert_eq!(root_value("<a>6.<![CDATA[2]]>3</a>").0, "6.23");
        assert_eq!(root_value("<a> 6.23 <!---->\n</a>").1, "6.23");
        assert_eq!(root_value("<a/>").0, "");
    }

    #[test]
    fn only_xml_white_space_is_trimmed() {
        assert_eq!(trim("\u{A0}6.23\u{3000}"), "\u{A0}6.23\u{3000}");
        assert_eq!(trim(" \t\r\n6.23\n"), "6.23");
        for c in ['\u{A0}', '\u{85}', '\u{2003}', '\u{3000}', '\u{2028}', '\u{1680}', '\u{202F}', '\u{2009}'] {
            assert!(!is_blank(&c.to_string()), "U+{:04X}", c as u32);
        }
        assert!(is_blank(" \t\r\n") && is_blank(""));
    }
}
