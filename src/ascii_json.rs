//! JSON text in pure ASCII for the wasm door: the same value as `serde_json::to_string`
//! gives, with every non-ASCII character written as a `\uXXXX` escape.
//!
//! Why not `serde_json` itself: the door hands every report to JavaScript as JSON text
//! (`JSON.parse` builds the objects faster than setting them field by field across the
//! boundary), and writing that text was an eighth of a batch check in wasm. Two things made it
//! slow there: `serde_json` looks each byte of a string up to find escapes, then a formatter
//! looked again for non-ASCII, then the run was copied; and one `→` or `§` in a report made
//! the text two-byte for the engine, which then decoded an 11 KB report in 10 µs instead of
//! 1.5 µs and parsed it slower (measured in node). Here one table lookup per byte finds
//! everything that needs escaping, and clean runs are copied whole.
//!
//! Numbers and everything else are written as `serde_json` writes them (integers in decimal,
//! floats through `serde_json` itself, `None` as `null`, enums externally tagged); a test
//! compares the two writers byte for byte on the module's own reports, and
//! [`to_string_utf8`] — the same writer without the ASCII escapes — is what it compares.

use serde::ser::{self, Serialize};
use std::fmt::{self, Write as _};

/// `value` as compact JSON text in pure ASCII.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = String::with_capacity(4096);
    write_into(value, true, &mut out)?;
    Ok(out)
}

/// `value` as compact JSON text, non-ASCII characters as they are: byte for byte what
/// `serde_json::to_string` writes (the tests hold the two writers to that).
pub fn to_string_utf8<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = String::with_capacity(4096);
    write_into(value, false, &mut out)?;
    Ok(out)
}

/// `value` as compact JSON text in pure ASCII, written into `out` (cleared first): a caller
/// writing one report after another keeps one buffer rather than growing a new one each time.
pub fn to_buffer<T: Serialize + ?Sized>(value: &T, out: &mut String) -> Result<(), Error> {
    write_into(value, true, out)
}

fn write_into<T: Serialize + ?Sized>(value: &T, ascii: bool, out: &mut String) -> Result<(), Error> {
    out.clear();
    let mut w = Writer { out: std::mem::take(out), ascii };
    let written = value.serialize(&mut w);
    *out = w.out;
    written
}

/// A value that could not be written (a map key that is not a string or a number, or a
/// type's own `Serialize` error).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

struct Writer {
    out: String,
    ascii: bool,
}

/// Per byte: 0 copy as it is, 1 non-ASCII (escaped in ASCII mode), otherwise the character
/// after the backslash (`u` for `\u00XX`).
#[allow(clippy::indexing_slicing, reason = "built at compile time: an index out of range fails the build")]
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    let mut j = 0x80;
    while j < 0x100 {
        t[j] = 1;
        j += 1;
    }
    t
};

impl Writer {
    fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.push('"');
        let bytes = s.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let esc = ESCAPE.get(usize::from(b)).copied().unwrap_or(0);
            if esc == 0 || (esc == 1 && !self.ascii) {
                i += 1;
                continue;
            }
            self.out.push_str(s.get(start..i).unwrap_or_default());
            if esc == 1 {
                // a non-ASCII character starts here: its UTF-16 units as \uXXXX
                let c = s.get(i..).and_then(|rest| rest.chars().next()).unwrap_or(char::REPLACEMENT_CHARACTER);
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(self.out, "\\u{u:04x}");
                }
                i += c.len_utf8();
            } else {
                self.out.push('\\');
                self.out.push(char::from(esc));
                if esc == b'u' {
                    self.out.push_str("00");
                    self.out.push(char::from(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0')));
                    self.out.push(char::from(HEX.get(usize::from(b & 0xF)).copied().unwrap_or(b'0')));
                }
                i += 1;
            }
            start = i;
        }
        self.out.push_str(s.get(start..).unwrap_or_default());
        self.out.push('"');
    }

    fn display(&mut self, v: impl fmt::Display) {
        let _ = write!(self.out, "{v}");
    }

    fn float<F: Serialize>(&mut self, v: F) -> Result<(), Error> {
        // serde_json's own float text (ryu, `null` for NaN and infinities)
        let text = serde_json::to_string(&v).map_err(|e| Error(e.to_string()))?;
        self.out.push_str(&text);
        Ok(())
    }

    /// `{"variant":` before an externally tagged variant's content.
    fn tag(&mut self, variant: &str) {
        self.out.push('{');
        self.string(variant);
        self.out.push(':');
    }
}

/// A sequence, map or struct being written: whether an element was written yet, and what
/// closes it (`]`, `}`, or `]}` / `}}` for a variant's content).
struct Compound<'w> {
    w: &'w mut Writer,
    first: bool,
    close: &'static str,
}

impl<'w> Compound<'w> {
    fn open(w: &'w mut Writer, open: char, close: &'static str) -> Self {
        w.out.push(open);
        Compound { w, first: true, close }
    }

    fn comma(&mut self) {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.w)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.comma();
        self.w.string(key);
        self.w.out.push(':');
        value.serialize(&mut *self.w)
    }

    fn end(self) {
        self.w.out.push_str(self.close);
    }
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0u8; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = Compound::open(self, '[', "]");
        for b in v {
            seq.element(b)?;
        }
        seq.end();
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _name: &'static str, _index: u32, variant: &'static str, value: &T) -> Result<(), Error> {
        self.tag(variant);
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w>, Error> {
        Ok(Compound::open(self, '[', "]"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'w>, Error> {
        Ok(Compound::open(self, '[', "]"))
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'w>, Error> {
        Ok(Compound::open(self, '[', "]"))
    }
    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<Compound<'w>, Error> {
        self.tag(variant);
        Ok(Compound::open(self, '[', "]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w>, Error> {
        Ok(Compound::open(self, '{', "}"))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'w>, Error> {
        Ok(Compound::open(self, '{', "}"))
    }
    fn serialize_struct_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<Compound<'w>, Error> {
        self.tag(variant);
        Ok(Compound::open(self, '{', "}}"))
    }
}

/// The sequence-like traits: each element after a comma.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self);
                Ok(())
            }
        }
    )*};
}

elements!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field, SerializeTupleVariant::serialize_field);

/// The struct-like traits: each field as `"key":value`.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self);
                Ok(())
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        // JSON keys are strings: a number or boolean key is written quoted, as serde_json does
        let start = self.w.out.len();
        key.serialize(&mut *self.w)?;
        let written = self.w.out.get(start..).unwrap_or_default();
        if !written.starts_with('"') {
            let number = !written.is_empty() && written.bytes().all(|b| b.is_ascii_digit() || b == b'-');
            if !(number || written == "true" || written == "false") {
                let e = Error(format!("a JSON object key must be a string or an integer, not {written}"));
                #[expect(clippy::disallowed_methods, reason = "`start` is the text's length before the key was written: a char boundary")]
                self.w.out.truncate(start);
                return Err(e);
            }
            #[expect(clippy::disallowed_methods, reason = "`start` is the text's length before the key was written: a char boundary")]
            self.w.out.insert(start, '"');
            self.w.out.push('"');
        }
        self.w.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{to_string, to_string_utf8};
    use serde::Serialize;
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    #[test]
    fn same_value_as_serde_json_in_pure_ascii() {
        let v = json!({
            "plain": "SRPD 8.1(b)",
            "latin1": "§ 3.2",
            "bmp": "a → b — ‘c’",
            "astral": "𝄞 and 😀",
            "escapes": "quote \" backslash \\ tab \t nul \u{0} bell \u{7} us \u{1f} del \u{7f} / slash",
            "mixed": ["µs", 1, null, true, {"ü": "ö"}],
        });
        let ours = to_string(&v).unwrap();
        assert!(ours.is_ascii(), "{ours}");
        assert_eq!(serde_json::from_str::<Value>(&ours).unwrap(), v);
        assert!(ours.contains(r"\u2192"), "{ours}");
        assert!(ours.contains(r"\ud834\udd1e"), "a surrogate pair for U+1D11E: {ours}");
        assert!(ours.contains(r"\u00a7 3.2"), "{ours}");
        assert_eq!(to_string_utf8(&v).unwrap(), serde_json::to_string(&v).unwrap());
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, &'static str),
        Struct { a: Option<f64>, b: Vec<u8> },
    }

    #[derive(Serialize)]
    struct Everything {
        small: (i8, i16, i32, i64, i128),
        big: (u8, u16, u32, u64, u128),
        floats: (f32, f64, f64, f64, f64),
        none: Option<u8>,
        unit: (),
        c: char,
        shapes: Vec<Shape>,
        by_number: BTreeMap<u32, &'static str>,
        by_truth: BTreeMap<bool, i8>,
        by_name: BTreeMap<String, Vec<bool>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        #[serde(flatten)]
        flat: BTreeMap<&'static str, i64>,
    }

    #[test]
    fn byte_for_byte_serde_json_on_every_shape_serde_has() {
        let v = Everything {
            small: (i8::MIN, -1, i32::MIN, i64::MIN, i128::MIN),
            big: (u8::MAX, 0, u32::MAX, u64::MAX, u128::MAX),
            floats: (1.5, -0.0, 1e300, f64::NAN, 0.1),
            none: None,
            unit: (),
            c: '"',
            shapes: vec![Shape::Unit, Shape::Newtype(7), Shape::Tuple(-3, "t\n"), Shape::Struct { a: Some(2.25), b: vec![0, 255] }],
            by_number: [(1, "one"), (20, "twenty")].into_iter().collect(),
            by_truth: [(false, -1), (true, 1)].into_iter().collect(),
            by_name: [("ä".to_owned(), vec![true, false]), (String::new(), vec![])].into_iter().collect(),
            skipped: None,
            flat: [("x", 1), ("y", -2)].into_iter().collect(),
        };
        assert_eq!(to_string_utf8(&v).unwrap(), serde_json::to_string(&v).unwrap());
        let ascii = to_string(&v).unwrap();
        assert!(ascii.is_ascii());
        let theirs = serde_json::to_string(&v).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&ascii).unwrap(), serde_json::from_str::<Value>(&theirs).unwrap());
    }

    #[test]
    fn to_buffer_replaces_what_the_buffer_held() {
        let mut buf = String::from("left over from the last report");
        super::to_buffer(&vec!["a → b"], &mut buf).unwrap();
        assert_eq!(buf, to_string(&vec!["a → b"]).unwrap());
        super::to_buffer(&1u8, &mut buf).unwrap();
        assert_eq!(buf, "1");
    }

    #[test]
    fn a_key_json_cannot_hold_is_an_error_not_bad_text() {
        let m: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into_iter().collect();
        assert!(to_string(&m).is_err());
        assert!(serde_json::to_string(&m).is_err());
    }

    #[test]
    fn random_strings_write_as_serde_json_writes_them() {
        // xorshift: strings mixing control characters, ASCII, Latin-1, the rest of the BMP and
        // astral characters, as keys and as values
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..2_000 {
            let len = next() % 24;
            let s: String = (0..len)
                .filter_map(|_| {
                    let r = next();
                    let c = match r % 6 {
                        0 => r >> 8 & 0x1F,
                        1 | 2 => 0x20 + (r >> 8) % 0x60,
                        3 => 0x80 + (r >> 8) % 0x180,
                        4 => 0x800 + (r >> 8) % 0xF000,
                        _ => 0x1_0000 + (r >> 8) % 0x10_0000,
                    };
                    char::from_u32(u32::try_from(c).ok()?)
                })
                .collect();
            let v: BTreeMap<&str, Vec<&str>> = [(s.as_str(), vec![s.as_str(), "x"])].into_iter().collect();
            assert_eq!(to_string_utf8(&v).unwrap(), serde_json::to_string(&v).unwrap(), "{s:?}");
            let ascii = to_string(&v).unwrap();
            assert!(ascii.is_ascii());
            assert_eq!(
                serde_json::from_str::<BTreeMap<String, Vec<String>>>(&ascii).unwrap(),
                [(s.clone(), vec![s.clone(), "x".to_owned()])].into_iter().collect(),
                "{s:?}"
            );
        }
    }
}
