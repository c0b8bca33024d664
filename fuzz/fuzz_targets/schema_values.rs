//! Structure-aware fuzzing of typed values (issue 27): the input picks a schema-valid request
//! or response made from the compiled tables (any SRV's Body, any Response body, a variant),
//! then one place in it — a typed value, the space between two elements, the inside of an
//! element, an attribute value — and what goes there: characters drawn mostly from the ones
//! that break lexical spaces (non-ASCII digits, Unicode spaces, surrogates' neighbours,
//! combining marks, signs, zones), or markup that splits a value (comments, PIs, CDATA). The
//! whole pipeline runs on it; the assertions: no panic, and the wasm door's pure-ASCII JSON
//! writer gives the same report (verdict, first failure, every finding) as serde_json.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sec_rules::request;
use sec_rules::schema::sample;
use sec_rules::{catalogue, Date, Options};

/// Characters that break lexical spaces, and the ASCII that builds them.
const ALPHABET: &[char] = &[
    '0', '1', '2', '9', '-', ':', '.', '+', 'T', 'Z', ' ', 'e', 'E', 'a', 'F', '=', '/', '\t', '\n',
    // digits of other scripts: Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, fullwidth, mathematical
    '\u{660}', '\u{669}', '\u{6F0}', '\u{966}', '\u{9E6}', '\u{FF10}', '\u{FF19}', '\u{1D7CE}',
    // Unicode spaces that are not XML white space
    '\u{A0}', '\u{85}', '\u{1680}', '\u{2000}', '\u{2003}', '\u{2009}', '\u{200B}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}', '\u{FEFF}',
    // around the surrogates and the end of the planes
    '\u{D7FF}', '\u{E000}', '\u{FFFD}', '\u{10000}', '\u{10FFFF}',
    // combining marks, a right-to-left mark, a two-byte and a four-byte letter
    '\u{300}', '\u{36F}', '\u{20DD}', '\u{200F}', 'é', '\u{1F600}',
    // lookalikes: minus, fullwidth plus and colon, fraction slash
    '\u{2212}', '\u{FF0B}', '\u{FF1A}', '\u{2044}',
];

/// Markup that may split a value or sit between elements.
const MARKUP: &[&str] = &["<!--x-->", "<?pi x?>", "<![CDATA[", "]]>", "<![CDATA[ ]]>", "<![CDATA[]]>", "&#160;", "&#32;", "&#x9;", "&#1632;", "&amp;"];

fn documents(pick: u64, variant: u64) -> Option<String> {
    let srvs = catalogue::srvs();
    let responses = sample::response_body_elements();
    let n = srvs.len() + responses.len();
    let i = (pick % n as u64) as usize;
    match srvs.get(i) {
        Some(d) => sample::request(d.srv, d.cv.first().copied().unwrap_or(1), d.body, variant),
        None => sample::response(responses.get(i - srvs.len())?, variant),
    }
}

/// What the rest of the input spells: characters of the alphabet, now and then markup.
fn spell(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut it = bytes.iter();
    while let Some(&b) = it.next() {
        if b >= 0xF0 {
            let m = MARKUP[usize::from(*it.next().unwrap_or(&0)) % MARKUP.len()];
            out.push_str(m);
        } else {
            let c = ALPHABET[usize::from(b) % ALPHABET.len()];
            match c {
                '<' => out.push_str("&lt;"),
                '&' => out.push_str("&amp;"),
                c => out.push(c),
            }
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let [a, b, c, d, rest @ ..] = data else { return };
    let Some(doc) = documents(u64::from(*a) << 8 | u64::from(*b), u64::from(*c)) else { return };
    let Ok(tree) = roxmltree::Document::parse(&doc) else { return };
    let value = spell(rest);
    // the places: every element's text (or inside), between elements, attribute values
    let elements: Vec<roxmltree::Node<'_, '_>> = tree.descendants().filter(|n| n.is_element()).collect();
    let Some(n) = elements.get(usize::from(*d >> 2) % elements.len().max(1)) else { return };
    let r = n.range();
    let mutated = match d & 3 {
        // the element's content replaced (a typed value, or an empty element's inside)
        0 | 1 => {
            let open_end = doc.get(r.clone()).and_then(|t| t.find('>')).map(|i| r.start + i + 1);
            let close = doc.get(..r.end).and_then(|t| t.rfind("</"));
            match (open_end, close) {
                (Some(o), Some(c)) if o <= c && !doc.get(r.clone()).is_some_and(|t| t.ends_with("/>")) => {
                    format!("{}{value}{}", doc.get(..o).unwrap_or(""), doc.get(c..).unwrap_or(""))
                }
                _ => return,
            }
        }
        // between this element and the next
        2 => format!("{}{value}{}", doc.get(..r.end).unwrap_or(""), doc.get(r.end..).unwrap_or("")),
        // an attribute's value
        _ => {
            let Some(attr) = n.attributes().next() else { return };
            let v = attr.range_value();
            format!("{}{}{}", doc.get(..v.start).unwrap_or(""), value.replace('"', "&quot;").replace('<', "&lt;"), doc.get(v.end..).unwrap_or(""))
        }
    };
    let opts = Options { as_of: Date::from_days_since_epoch(19_783), all: true, draft: false };
    let report = request::check("fuzz.xml", mutated.as_bytes(), &opts);
    let theirs = serde_json::to_string(&report).ok();
    let ours = sec_rules::ascii_json::to_string(&report).ok();
    assert!(ours.as_ref().is_some_and(|t| t.is_ascii()));
    // the same report through the door's writer: parsed back, it is serde_json's
    let back: Option<serde_json::Value> = ours.as_deref().and_then(|t| serde_json::from_str(t).ok());
    let native: Option<serde_json::Value> = theirs.as_deref().and_then(|t| serde_json::from_str(t).ok());
    assert_eq!(back, native);
});
