//! Simple values: white-space processing, the built-in types' lexical spaces and ranges, then
//! the facets (XML Schema 1.0 Part 2). Numeric comparison is exact ([`Decimal`]); enumerations
//! of numeric types compare values (`01` is `1`), as XML Schema says.

use super::decimal::Decimal;
use super::fault::ValueProblem;
use super::pattern::Pattern;
use super::{simple_type, Builtin, SimpleType, TypeRef};
use std::borrow::Cow;

/// White-space processing: `preserve` for xs:string, `replace` for normalizedString,
/// `collapse` for everything else.
fn whitespace(b: Builtin, raw: &str) -> Cow<'_, str> {
    match b {
        Builtin::String => Cow::Borrowed(raw),
        Builtin::NormalizedString => Cow::Owned(raw.replace(['\t', '\n', '\r'], " ")),
        _ => {
            if raw.bytes().all(|c| !matches!(c, b'\t' | b'\n' | b'\r')) && !raw.starts_with(' ') && !raw.ends_with(' ') && !raw.contains("  ") {
                Cow::Borrowed(raw)
            } else {
                Cow::Owned(raw.split([' ', '\t', '\n', '\r']).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" "))
            }
        }
    }
}

const fn is_integer_type(b: Builtin) -> bool {
    matches!(
        b,
        Builtin::Integer
            | Builtin::NonNegativeInteger
            | Builtin::PositiveInteger
            | Builtin::NonPositiveInteger
            | Builtin::NegativeInteger
            | Builtin::Long
            | Builtin::Int
            | Builtin::Short
            | Builtin::Byte
            | Builtin::UnsignedLong
            | Builtin::UnsignedInt
            | Builtin::UnsignedShort
            | Builtin::UnsignedByte
    )
}

/// The range a built-in integer type adds to xs:integer.
fn integer_range(b: Builtin) -> (Option<&'static str>, Option<&'static str>) {
    match b {
        Builtin::NonNegativeInteger | Builtin::UnsignedLong | Builtin::UnsignedInt | Builtin::UnsignedShort | Builtin::UnsignedByte => (
            Some("0"),
            match b {
                Builtin::UnsignedLong => Some("18446744073709551615"),
                Builtin::UnsignedInt => Some("4294967295"),
                Builtin::UnsignedShort => Some("65535"),
                Builtin::UnsignedByte => Some("255"),
                _ => None,
            },
        ),
        Builtin::PositiveInteger => (Some("1"), None),
        Builtin::NonPositiveInteger => (None, Some("0")),
        Builtin::NegativeInteger => (None, Some("-1")),
        Builtin::Long => (Some("-9223372036854775808"), Some("9223372036854775807")),
        Builtin::Int => (Some("-2147483648"), Some("2147483647")),
        Builtin::Short => (Some("-32768"), Some("32767")),
        Builtin::Byte => (Some("-128"), Some("127")),
        _ => (None, None),
    }
}

fn what(b: Builtin) -> &'static str {
    match b {
        Builtin::Boolean => "an xs:boolean (true, false, 1 or 0)",
        Builtin::Decimal => "an xs:decimal (digits with an optional sign and point)",
        Builtin::DateTime => "an xs:dateTime (YYYY-MM-DDThh:mm:ss, optional fraction and zone)",
        Builtin::Date => "an xs:date (YYYY-MM-DD, optional zone)",
        Builtin::Time => "an xs:time (hh:mm:ss, optional fraction and zone)",
        Builtin::HexBinary => "xs:hexBinary (pairs of hexadecimal digits)",
        Builtin::Base64Binary => "xs:base64Binary",
        Builtin::Language => "an xs:language (a language tag such as en-GB)",
        Builtin::Name => "an xs:Name (an XML name)",
        Builtin::NcName => "an xs:NCName (an XML name without a colon)",
        Builtin::NmToken => "an xs:NMTOKEN (XML name characters)",
        b if is_integer_type(b) => "an integer (digits with an optional sign)",
        _ => "a valid value",
    }
}

/// Checks `raw` against the type; the error says which rule it breaks.
pub(super) fn check(ty: TypeRef, raw: &str) -> Result<(), ValueProblem> {
    let (b, st) = match ty {
        TypeRef::Builtin(b) => (b, None),
        TypeRef::Simple(i) => match simple_type(i) {
            Some(s) => (s.builtin, Some(s)),
            None => return Ok(()),
        },
        _ => return Ok(()),
    };
    let v = whitespace(b, raw);
    let number = lexical(b, &v)?;
    if let Some(n) = &number {
        let (lo, hi) = integer_range(b);
        let below = lo.and_then(|l| Decimal::parse(l, true)).is_some_and(|l| *n < l);
        let above = hi.and_then(|h| Decimal::parse(h, true)).is_some_and(|h| *n > h);
        if below || above {
            return Err(ValueProblem::OutOfRange(lo.unwrap_or("-∞"), hi.unwrap_or("+∞")));
        }
    }
    match st {
        Some(st) => facets(st, b, &v, number.as_ref()),
        None => Ok(()),
    }
}

/// The built-in type's lexical space; for numeric types, the value.
fn lexical(b: Builtin, v: &str) -> Result<Option<Decimal>, ValueProblem> {
    let bad = || ValueProblem::Lexical(what(b));
    match b {
        Builtin::String | Builtin::Token | Builtin::NormalizedString => Ok(None),
        Builtin::Boolean => matches!(v, "true" | "false" | "1" | "0").then_some(None).ok_or_else(bad),
        Builtin::Decimal => Decimal::parse(v, false).map(Some).ok_or_else(bad),
        // the unsigned types' lexical space is digits only, no sign (XML Schema 1.0 Part 2 §3.3.21–24)
        Builtin::UnsignedLong | Builtin::UnsignedInt | Builtin::UnsignedShort | Builtin::UnsignedByte if !v.bytes().all(|c| c.is_ascii_digit()) => Err(bad()),
        b if is_integer_type(b) => Decimal::parse(v, true).map(Some).ok_or_else(bad),
        Builtin::DateTime => v.split_once('T').filter(|(d, t)| date(d).is_some() && time(t, true)).map(|_| None).ok_or_else(bad),
        Builtin::Date => {
            let (d, zone) = split_zone(v);
            (date_part(d).is_some() && zone_ok(zone)).then_some(None).ok_or_else(bad)
        }
        Builtin::Time => time(v, true).then_some(None).ok_or_else(bad),
        Builtin::HexBinary => (v.len() % 2 == 0 && v.bytes().all(|c| c.is_ascii_hexdigit())).then_some(None).ok_or_else(bad),
        Builtin::Base64Binary => base64_len(v).map(|_| None).ok_or_else(bad),
        Builtin::Language => is_language(v).then_some(None).ok_or_else(bad),
        Builtin::Name => is_name(v).then_some(None).ok_or_else(bad),
        Builtin::NcName => is_ncname(v).then_some(None).ok_or_else(bad),
        Builtin::NmToken => (!v.is_empty() && v.chars().all(name_char)).then_some(None).ok_or_else(bad),
        _ => Ok(None),
    }
}

/// XML 1.0 (fifth edition) NameStartChar, production [4].
fn name_start(c: char) -> bool {
    matches!(c, ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}'
        | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 (fifth edition) NameChar, production [4a].
fn name_char(c: char) -> bool {
    name_start(c) || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// An XML Name.
fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(name_start) && c.all(name_char)
}

/// An NCName (Namespaces in XML): a Name without a colon.
pub(super) fn is_ncname(s: &str) -> bool {
    is_name(s) && !s.contains(':')
}

/// xs:language's pattern `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`.
fn is_language(s: &str) -> bool {
    let mut parts = s.split('-');
    let ok = |p: &str, first: bool| (1..=8).contains(&p.len()) && p.bytes().all(|b| if first { b.is_ascii_alphabetic() } else { b.is_ascii_alphanumeric() });
    parts.next().is_some_and(|p| ok(p, true)) && parts.all(|p| ok(p, false))
}

/// `YYYY-MM-DD` with its zone (for xs:dateTime's date part the zone is on the time).
fn date(d: &str) -> Option<()> {
    date_part(d)
}

fn date_part(d: &str) -> Option<()> {
    let body = d.strip_prefix('-').unwrap_or(d);
    let mut parts = body.splitn(3, '-');
    let (y, m, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    if !digits(y) || y.len() < 4 || (y.len() > 4 && y.starts_with('0')) || y.bytes().all(|c| c == b'0') {
        return None;
    }
    if m.len() != 2 || day.len() != 2 || !digits(m) || !digits(day) {
        return None;
    }
    let (m, day): (u32, u32) = (m.parse().ok()?, day.parse().ok()?);
    // leap years by the last four digits of the year (enough for the Gregorian rule)
    let yv: u64 = y.get(y.len().saturating_sub(4)..)?.parse().ok()?;
    let leap = yv % 4 == 0 && (yv % 100 != 0 || yv % 400 == 0);
    let max = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=max).contains(&day).then_some(())
}

fn split_zone(v: &str) -> (&str, &str) {
    if let Some(s) = v.strip_suffix('Z') {
        return (s, "Z");
    }
    // a zone is six ASCII characters; a value ending in other characters has none (and the
    // split must not cut inside one: `٢٠٢٤-٠١-٠١` has two-byte digits)
    if let Some((head, tail)) = v.len().checked_sub(6).and_then(|at| v.split_at_checked(at)) {
        if tail.starts_with(['+', '-']) && tail.as_bytes().get(3) == Some(&b':') {
            return (head, tail);
        }
    }
    (v, "")
}

fn zone_ok(z: &str) -> bool {
    if z.is_empty() || z == "Z" {
        return true;
    }
    let (Some(h), Some(m)) = (z.get(1..3).and_then(|h| h.parse::<u32>().ok()), z.get(4..6).and_then(|m| m.parse::<u32>().ok())) else { return false };
    z.get(1..3).is_some_and(|s| s.bytes().all(|c| c.is_ascii_digit()))
        && z.get(4..6).is_some_and(|s| s.bytes().all(|c| c.is_ascii_digit()))
        && (h < 14 && m < 60 || h == 14 && m == 0)
}

/// `hh:mm:ss(.s+)?` with an optional zone; 24:00:00 is allowed (midnight at the end of a day).
fn time(v: &str, zone_allowed: bool) -> bool {
    let (t, zone) = split_zone(v);
    if !zone_allowed && !zone.is_empty() || !zone_ok(zone) {
        return false;
    }
    let b = t.as_bytes();
    if b.len() < 8 || b.get(2) != Some(&b':') || b.get(5) != Some(&b':') {
        return false;
    }
    let two = |i: usize| t.get(i..i + 2).filter(|s| s.bytes().all(|c| c.is_ascii_digit())).and_then(|s| s.parse::<u32>().ok());
    let (Some(h), Some(m), Some(s)) = (two(0), two(3), two(6)) else { return false };
    let frac = t.get(8..).unwrap_or("");
    let frac_ok = frac.is_empty() || frac.strip_prefix('.').is_some_and(|f| !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit()));
    if !frac_ok || m > 59 || s > 59 {
        return false;
    }
    h < 24 || (h == 24 && m == 0 && s == 0 && frac.bytes().all(|c| c == b'0' || c == b'.'))
}

/// The octet length of a base64Binary value (collapsed), or `None` when it is not one: the
/// characters of RFC 2045's alphabet in groups of four, `=` padding only at the end, and the
/// bits padding leaves over zero (as XML Schema's canonical grammar requires).
pub(super) fn base64_len(v: &str) -> Option<usize> {
    // one pass, no copy, one table lookup per byte (the certificates' base64 is most of a
    // 6.23's text): data characters, then at most two '=' and nothing after them
    let class = |c: u8| BASE64.get(usize::from(c)).copied().unwrap_or(NOT);
    let bytes = v.as_bytes();
    let (mut data, mut pad, mut last) = (0usize, 0usize, 0u8);
    let mut i = 0;
    loop {
        // eight data characters at once: values below 64 OR to below 64, while a space, a
        // '=' or any other byte sets a higher bit
        if pad == 0 {
            if let Some(eight) = bytes.get(i..i + 8) {
                if eight.iter().fold(0, |or, &c| or | class(c)) < 64 {
                    last = eight.last().map_or(0, |&c| class(c));
                    data += 8;
                    i += 8;
                    continue;
                }
            }
        }
        let Some(&c) = bytes.get(i) else { break };
        match class(c) {
            SPACE => {}
            PAD => pad += 1,
            _ if pad > 0 => return None,
            NOT => return None,
            value => {
                last = value;
                data += 1;
            }
        }
        i += 1;
    }
    base64_octets(data, pad, last)
}

/// The octets `data` base64 characters and `pad` '=' encode, the last data character's value
/// being `last`; `None` unless they make whole groups of four with zero unused bits.
fn base64_octets(data: usize, pad: usize, last: u8) -> Option<usize> {
    let total = data + pad;
    if total % 4 != 0 || pad > 2 || (pad > 0 && data == 0) {
        return None;
    }
    let unused_zero = match pad {
        2 => last & 0x0F == 0,
        1 => last & 0x03 == 0,
        _ => true,
    };
    unused_zero.then_some(total / 4 * 3 - pad)
}

const NOT: u8 = 0xFF;
const SPACE: u8 = 0xFE;
const PAD: u8 = 0xFD;

/// Each byte's value in RFC 2045's alphabet, or [`NOT`], [`SPACE`] (a collapsed value's
/// separator) or [`PAD`] (`=`).
#[allow(clippy::indexing_slicing, reason = "built at compile time: an index out of range fails the build")]
static BASE64: [u8; 256] = {
    let mut t = [NOT; 256];
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = i as u8;
        t[b'a' as usize + i] = 26 + i as u8;
        i += 1;
    }
    let mut d = 0;
    while d < 10 {
        t[b'0' as usize + d] = 52 + d as u8;
        d += 1;
    }
    t[b'+' as usize] = 62;
    t[b'/' as usize] = 63;
    t[b' ' as usize] = SPACE;
    t[b'=' as usize] = PAD;
    t
};

fn facets(st: &'static SimpleType, b: Builtin, v: &str, number: Option<&Decimal>) -> Result<(), ValueProblem> {
    if !st.enums.is_empty() {
        // enumerations compare values (Part 2 §4.3.5): numbers by value, hexBinary octets
        // whatever the case of their digits, everything else as written (after white space)
        let hit = match (number, b) {
            (Some(n), _) => st.enums.iter().any(|e| Decimal::parse(e, false).as_ref() == Some(n)),
            (None, Builtin::HexBinary) => st.enums.iter().any(|e| e.eq_ignore_ascii_case(v)),
            (None, _) => st.enums.contains(&v),
        };
        if !hit {
            return Err(ValueProblem::NotEnumerated(st.enums.clone()));
        }
    }
    if let Some(n) = number {
        let bound = |s: Option<&'static str>| s.and_then(|s| Decimal::parse(s, false).map(|d| (s, d)));
        if let Some((s, d)) = bound(st.min_inclusive).filter(|(_, d)| n < d) {
            let _ = d;
            return Err(ValueProblem::BelowMin(s, true));
        }
        if let Some((s, _)) = bound(st.min_exclusive).filter(|(_, d)| n <= d) {
            return Err(ValueProblem::BelowMin(s, false));
        }
        if let Some((s, _)) = bound(st.max_inclusive).filter(|(_, d)| n > d) {
            return Err(ValueProblem::AboveMax(s, true));
        }
        if let Some((s, _)) = bound(st.max_exclusive).filter(|(_, d)| n >= d) {
            return Err(ValueProblem::AboveMax(s, false));
        }
        if let Some(t) = st.total_digits.filter(|t| n.total_digits() > *t as usize) {
            return Err(ValueProblem::TotalDigits(t));
        }
        if let Some(f) = st.fraction_digits.filter(|f| n.fraction_digits() > *f as usize) {
            return Err(ValueProblem::FractionDigits(f));
        }
    }
    if st.length.is_some() || st.min_length.is_some() || st.max_length.is_some() {
        let len = match b {
            Builtin::HexBinary => v.len() / 2,
            Builtin::Base64Binary => base64_len(v).unwrap_or(0),
            _ => v.chars().count(),
        };
        if let Some(l) = st.length.filter(|l| len != *l as usize) {
            return Err(ValueProblem::Length(len, "length", l));
        }
        if let Some(l) = st.min_length.filter(|l| len < *l as usize) {
            return Err(ValueProblem::Length(len, "minLength", l));
        }
        if let Some(l) = st.max_length.filter(|l| len > *l as usize) {
            return Err(ValueProblem::Length(len, "maxLength", l));
        }
    }
    for group in &st.patterns {
        if !group.iter().any(|p| compiled(p).is_some_and(|c| c.matches(v))) {
            return Err(ValueProblem::Pattern(group.clone()));
        }
    }
    Ok(())
}

/// Each pattern compiled once.
fn compiled(p: &'static str) -> Option<&'static Pattern> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<&'static Pattern>>>> = OnceLock::new();
    let mut m = CACHE.get_or_init(|| Mutex::new(HashMap::new())).lock().ok()?;
    *m.entry(p).or_insert_with(|| Pattern::compile(p).map(|c| &*Box::leak(Box::new(c))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(b: Builtin, v: &str) -> bool {
        check(TypeRef::Builtin(b), v).is_ok()
    }

    #[test]
    fn dates_and_times_as_xml_schema_and_libxml2_read_them() {
        for v in [
            "2024-02-29T00:00:00Z",
            "10000-01-01T00:00:00",
            "2024-01-01T24:00:00",
            "2024-01-01T24:00:00.0",
            "-2024-01-01T00:00:00",
            "2024-01-01T00:00:00+14:00",
            "2024-01-01T00:00:00.123456789012Z",
            " 2024-01-01T00:00:00 ",
        ] {
            assert!(ok(Builtin::DateTime, v), "{v}");
        }
        for v in [
            "2023-02-29T00:00:00Z",
            "0000-01-01T00:00:00",
            "02024-01-01T00:00:00",
            "2024-01-01T00:00:00+14:01",
            "2024-01-01T00:00:00+15:00",
            "2024-01-01T00:00:60",
            "2024-01-01T00:00:00.",
            "2024-01-01T24:00:01",
            "2024-01-01T00:00:00z",
            "2024-01-01T0:00:00",
            "2024-01-01t00:00:00",
            "2024-00-01T00:00:00",
            "-0000-01-01T00:00:00",
            "1900-02-29T00:00:00",
        ] {
            assert!(!ok(Builtin::DateTime, v), "{v}");
        }
        assert!(ok(Builtin::Date, "2024-01-01Z") && !ok(Builtin::Date, "2024-1-01") && ok(Builtin::Time, "24:00:00"));
    }

    /// The byte-at-a-time reading `base64_len` speeds up with eight-byte runs.
    fn base64_len_slow(v: &str) -> Option<usize> {
        let (mut data, mut pad, mut last) = (0usize, 0usize, 0u8);
        for c in v.bytes() {
            match BASE64[usize::from(c)] {
                SPACE => {}
                PAD => pad += 1,
                _ if pad > 0 => return None,
                NOT => return None,
                value => {
                    last = value;
                    data += 1;
                }
            }
        }
        base64_octets(data, pad, last)
    }

    #[test]
    fn base64_len_reads_as_byte_at_a_time_does() {
        // xorshift over an alphabet weighted to valid base64, with spaces, padding and junk
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/AQgw= =*\xc3";
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut valid = 0;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 41) as usize;
            let mut bytes: Vec<u8> = (0..len)
                .map(|k| {
                    let r = x.rotate_left(k as u32 * 7) ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                    alphabet[(r % alphabet.len() as u64) as usize]
                })
                .collect();
            if x & 3 == 0 {
                bytes.extend_from_slice(b"==");
            }
            let v = String::from_utf8_lossy(&bytes);
            assert_eq!(base64_len(&v), base64_len_slow(&v), "{v:?}");
            valid += usize::from(base64_len(&v).is_some());
        }
        assert!(valid > 100, "{valid} valid values: the comparison reached the data path");
    }

    #[test]
    fn base64_hex_boolean_and_integers() {
        for v in ["ZGVm YXVs dA==", "", "ZGVmYXVsdA==\n", "ZG Vm YX Vs dA ==", "ZQ==", "ZGVmYXVsdA = ="] {
            assert!(ok(Builtin::Base64Binary, v), "{v:?}");
        }
        for v in ["ZGVmYXVsdA", "ZGVmYXVsdA=", "Z", "ZGVmYXVsdB==", "ZG==", "ZR==", "ZGVm===", "ZGVmYXVs="] {
            assert!(!ok(Builtin::Base64Binary, v), "{v:?}");
        }
        assert_eq!(base64_len("ZGVmYXVsdA=="), Some(7));
        assert_eq!(base64_len(&"QUJD".repeat(100)), Some(300));
        assert_eq!(base64_len(&format!("{}QQ==", "QUJD".repeat(9))), Some(28));
        assert!(ok(Builtin::HexBinary, " 0A ") && !ok(Builtin::HexBinary, "0") && !ok(Builtin::HexBinary, "0A 0B") && ok(Builtin::HexBinary, ""));
        assert!(ok(Builtin::Boolean, "true ") && !ok(Builtin::Boolean, "TRUE"));
        assert!(ok(Builtin::Integer, " 5 ") && ok(Builtin::Integer, "-0") && ok(Builtin::Integer, "9".repeat(40).as_str()));
        assert!(!ok(Builtin::PositiveInteger, "0") && ok(Builtin::UnsignedShort, "65535") && !ok(Builtin::UnsignedShort, "65536"));
        assert!(!ok(Builtin::UnsignedShort, "+7") && !ok(Builtin::UnsignedShort, "-0") && ok(Builtin::UnsignedShort, "007") && ok(Builtin::Int, "-0"));
        assert!(!ok(Builtin::Integer, "1.0") && ok(Builtin::Decimal, "1.") && !ok(Builtin::Int, "2147483648"));
    }

    #[test]
    fn every_pattern_of_the_schemas_compiles_and_every_bound_is_numeric() {
        for st in &super::super::tables::get().simple {
            for g in &st.patterns {
                for p in g {
                    assert!(Pattern::compile(p).is_some(), "{}: {p}", st.name);
                }
            }
            for b in [st.min_inclusive, st.max_inclusive, st.min_exclusive, st.max_exclusive].into_iter().flatten() {
                assert!(Decimal::parse(b, false).is_some(), "{}: bound {b} on {:?}", st.name, st.builtin);
            }
        }
    }
}
