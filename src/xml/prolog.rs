//! The XML declaration, read by hand (XML 1.0 §2.8, §4.3.3), because a conforming parser
//! reads the whole document through it:
//!
//! ```text
//! XMLDecl     ::= '<?xml' VersionInfo EncodingDecl? SDDecl? S? '?>'
//! VersionInfo ::= S 'version' Eq ("'" VersionNum "'" | '"' VersionNum '"')
//! VersionNum  ::= '1.' [0-9]+
//! EncodingDecl::= S 'encoding' Eq ('"' EncName '"' | "'" EncName "'")
//! EncName     ::= [A-Za-z] ([A-Za-z0-9._] | '-')*
//! SDDecl      ::= S 'standalone' Eq (("'" ('yes' | 'no') "'") | ('"' ('yes' | 'no') '"'))
//! Eq          ::= S? '=' S?
//! ```
//!
//! roxmltree misses three things here: `S` after `<?xml` may be a tab or a newline (it then
//! takes the declaration for a processing instruction named `xml`), it accepts any version and
//! standalone value, and it ignores the encoding. DUIS documents are UTF-8; another declared
//! encoding means another parser would decode different characters from the same bytes, so
//! it is refused by name.

/// What is wrong with the declaration, and where (byte offset into the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclFault {
    /// Another encoding than UTF-8 is declared.
    Encoding {
        /// The name as written.
        declared: String,
        /// Byte offset of the name.
        at: usize,
    },
    /// Anything else §2.8 does not allow.
    Syntax {
        /// What was expected.
        problem: String,
        /// Byte offset.
        at: usize,
    },
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn spaces(&mut self) -> bool {
        let start = self.i;
        while self.b.get(self.i).copied().is_some_and(is_space) {
            self.i += 1;
        }
        self.i > start
    }

    fn eat(&mut self, s: &[u8]) -> bool {
        if self.b.get(self.i..).is_some_and(|r| r.starts_with(s)) {
            self.i += s.len();
            true
        } else {
            false
        }
    }

    fn fault(&self, problem: impl Into<String>) -> DeclFault {
        DeclFault::Syntax { problem: problem.into(), at: self.i }
    }

    /// `Eq` then a quoted value; returns the value and its offset.
    fn value(&mut self, name: &str) -> Result<(&str, usize), DeclFault> {
        self.spaces();
        if !self.eat(b"=") {
            return Err(self.fault(format!("'=' after {name}")));
        }
        self.spaces();
        let Some(&q) = self.b.get(self.i).filter(|q| **q == b'"' || **q == b'\'') else {
            return Err(self.fault(format!("a quoted value for {name}")));
        };
        self.i += 1;
        let start = self.i;
        let len = self.b.get(start..).and_then(|r| r.iter().position(|&c| c == q)).ok_or_else(|| self.fault(format!("the closing quote of {name}")))?;
        self.i = start + len + 1;
        let v = self.b.get(start..start + len).and_then(|v| std::str::from_utf8(v).ok()).unwrap_or("");
        Ok((v, start))
    }
}

/// Reads the XML declaration at the start of `text` (BOM already removed). Returns the byte
/// length of the declaration (`None` when there is none) or what is wrong with it.
pub fn declaration(text: &str) -> Result<Option<usize>, DeclFault> {
    let b = text.as_bytes();
    // '<?xml' followed by S starts a declaration; '<?xml-stylesheet' and the like are PIs.
    if !(b.starts_with(b"<?xml") && b.get(5).copied().is_some_and(is_space)) {
        return Ok(None);
    }
    let mut c = Cursor { b, i: 5 };
    c.spaces();
    if !c.eat(b"version") {
        return Err(c.fault("the version (XML 1.0 §2.8: VersionInfo is required)"));
    }
    let (v, at) = c.value("version")?;
    let ok = v.strip_prefix("1.").is_some_and(|d| !d.is_empty() && d.bytes().all(|x| x.is_ascii_digit()));
    if !ok {
        return Err(DeclFault::Syntax { problem: format!("version \"{v}\" is not an XML 1.x version (VersionNum '1.' [0-9]+)"), at });
    }
    let mut spaced = c.spaces();
    if c.eat(b"encoding") {
        if !spaced {
            return Err(c.fault("a space before encoding"));
        }
        let (e, at) = c.value("encoding")?;
        let mut chars = e.bytes();
        let well_formed = chars.next().is_some_and(|x| x.is_ascii_alphabetic()) && chars.all(|x| x.is_ascii_alphanumeric() || matches!(x, b'.' | b'_' | b'-'));
        if !well_formed {
            return Err(DeclFault::Syntax { problem: format!("encoding \"{e}\" is not an encoding name (EncName)"), at });
        }
        if !e.eq_ignore_ascii_case("UTF-8") {
            return Err(DeclFault::Encoding { declared: e.to_owned(), at });
        }
        spaced = c.spaces();
    }
    if c.eat(b"standalone") {
        if !spaced {
            return Err(c.fault("a space before standalone"));
        }
        let (s, at) = c.value("standalone")?;
        if s != "yes" && s != "no" {
            return Err(DeclFault::Syntax { problem: format!("standalone \"{s}\" is neither \"yes\" nor \"no\""), at });
        }
        c.spaces();
    }
    if !c.eat(b"?>") {
        return Err(c.fault("'?>' to close the XML declaration (only version, encoding and standalone, in that order, may appear)"));
    }
    Ok(Some(c.i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_declarations_with_any_white_space() {
        assert_eq!(declaration("<?xml version=\"1.0\"?><a/>"), Ok(Some(21)));
        assert_eq!(declaration("<?xml\n\tversion = '1.0'\n encoding=\"utf-8\" standalone='no' ?><a/>").map(|o| o.is_some()), Ok(true));
        assert_eq!(declaration("<?xml-stylesheet href='x'?><a/>"), Ok(None));
        assert_eq!(declaration("<a/>"), Ok(None));
    }

    #[test]
    fn refuses_what_xml_1_0_makes_fatal() {
        for bad in [
            "<?xml version=\"2.0\"?>",
            "<?xml version=\"1.\"?>",
            "<?xml encoding=\"UTF-8\"?>",
            "<?xml version=\"1.0\" standalone=\"maybe\"?>",
            "<?xml version=\"1.0\"encoding=\"UTF-8\"?>",
            "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?>",
            "<?xml version=\"1.0\" encoding=\"9x\"?>",
            "<?xml version=\"1.0\" foo=\"bar\"?>",
            "<?xml version=\"1.0\"",
        ] {
            assert!(matches!(declaration(bad), Err(DeclFault::Syntax { .. })), "{bad}");
        }
    }

    #[test]
    fn another_encoding_is_named() {
        for enc in ["ISO-8859-1", "windows-1252", "US-ASCII", "UTF-16"] {
            let d = format!("<?xml version=\"1.0\" encoding=\"{enc}\"?><a/>");
            assert_eq!(declaration(&d), Err(DeclFault::Encoding { declared: enc.into(), at: 30 }));
        }
    }
}
