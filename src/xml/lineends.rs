//! End-of-line handling, XML 1.0 §2.11: before parsing, every `#xD #xA` pair and every `#xD`
//! not followed by `#xA` becomes a single `#xA` — in text, attribute values, comments, PIs and
//! markup alike. Character references (`&#13;`) are expanded later and keep their `#xD`.
//!
//! roxmltree does this itself only in part (a literal CR right after a character or entity
//! reference survives), so the whole input is normalised here, before roxmltree sees it. The
//! common case (no CR at all) costs one `memchr`-like scan and no copy.

use std::borrow::Cow;

/// The text with every line end normalised to `\n`.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let Some(first) = bytes.iter().position(|&b| b == b'\r') else { return Cow::Borrowed(text) };
    let mut out = String::with_capacity(text.len());
    out.push_str(text.get(..first).unwrap_or(""));
    let mut rest = text.get(first..).unwrap_or("");
    while let Some(i) = rest.find('\r') {
        out.push_str(rest.get(..i).unwrap_or(""));
        out.push('\n');
        let after = rest.get(i + 1..).unwrap_or("");
        rest = after.strip_prefix('\n').unwrap_or(after);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_lone_cr_become_lf_and_nothing_else_changes() {
        assert!(matches!(normalize("<a>x\ny</a>"), Cow::Borrowed(_)));
        assert_eq!(normalize("a\r\nb\rc\r\r\nd\r"), "a\nb\nc\n\nd\n");
        assert_eq!(normalize("&#13;\r\n&amp;\r"), "&#13;\n&amp;\n");
        assert_eq!(normalize("é\rü"), "é\nü");
    }
}
