//! The schema tables, decoded once from the blob build.rs writes (`schema.bin`: strings
//! interned, numbers LEB128; see build/schema.rs). Strings are slices of the blob itself.

use super::{AttrDecl, Builtin, ChildDecl, ComplexType, GlobalElement, Particle, ParticleKind, SimpleType, TypeRef};
use std::sync::OnceLock;

static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/schema.bin"));

/// The built-in types as build.rs numbers them (the first 23 of [`Builtin::ALL`]).
fn builtin(i: usize) -> Option<Builtin> {
    Builtin::ALL.get(..23).and_then(|b| b.get(i)).copied()
}

/// Every table of the schemas.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    pub(crate) namespaces: Vec<&'static str>,
    pub(crate) simple: Vec<SimpleType>,
    pub(crate) particles: Vec<Particle>,
    pub(crate) complex: Vec<ComplexType>,
    pub(crate) globals: Vec<GlobalElement>,
}

struct Reader {
    at: usize,
    strings: Vec<&'static str>,
}

impl Reader {
    fn byte(&mut self) -> Option<u8> {
        let b = *BLOB.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn vu(&mut self) -> Option<u32> {
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            v |= u32::from(b & 0x7F).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn n(&mut self) -> Option<usize> {
        self.vu().map(|v| v as usize)
    }

    fn str(&mut self) -> Option<&'static str> {
        let i = self.n()?;
        self.strings.get(i).copied()
    }

    fn opt_str(&mut self) -> Option<Option<&'static str>> {
        match self.n()? {
            0 => Some(None),
            i => self.strings.get(i - 1).copied().map(Some),
        }
    }

    fn opt_count(&mut self) -> Option<Option<u32>> {
        self.vu().map(|v| v.checked_sub(1))
    }

    fn type_ref(&mut self) -> Option<TypeRef> {
        let tag = self.byte()?;
        let v = self.vu()?;
        Some(match tag {
            0 => TypeRef::Builtin(builtin(v as usize)?),
            1 => TypeRef::Simple(u16::try_from(v).ok()?),
            2 => TypeRef::Complex(u16::try_from(v).ok()?),
            _ => TypeRef::Lax,
        })
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.n()?;
        let mut v = Vec::with_capacity(n.min(4096));
        for _ in 0..n {
            v.push(item(self)?);
        }
        Some(v)
    }
}

fn decode() -> Option<Tables> {
    if BLOB.get(..4)? != b"SRS1" {
        return None;
    }
    let mut r = Reader { at: 4, strings: Vec::new() };
    let count = r.n()?;
    for _ in 0..count {
        let len = r.n()?;
        let bytes = BLOB.get(r.at..r.at + len)?;
        r.at += len;
        r.strings.push(std::str::from_utf8(bytes).ok()?);
    }
    let namespaces = r.list(Reader::str)?;
    let simple = r.list(|r| {
        let name = r.opt_str()?.unwrap_or("");
        let builtin = builtin(usize::from(r.byte()?))?;
        let base = if r.byte()? != 0 { Some(r.type_ref()?) } else { None };
        let enums = r.list(Reader::str)?;
        let (min_inclusive, max_inclusive, min_exclusive, max_exclusive) = (r.opt_str()?, r.opt_str()?, r.opt_str()?, r.opt_str()?);
        let (length, min_length, max_length, total_digits, fraction_digits) = (r.opt_count()?, r.opt_count()?, r.opt_count()?, r.opt_count()?, r.opt_count()?);
        let patterns = r.list(|r| r.list(Reader::str))?;
        Some(SimpleType {
            name,
            builtin,
            base,
            enums,
            min_inclusive,
            max_inclusive,
            min_exclusive,
            max_exclusive,
            length,
            min_length,
            max_length,
            total_digits,
            fraction_digits,
            patterns,
        })
    })?;
    let particles = r.list(|r| {
        let kind = r.byte()?;
        let (min, max) = (r.vu()?, r.vu()?);
        let max = max.checked_sub(1).unwrap_or(u32::MAX);
        let kind = match kind {
            0 => ParticleKind::Element { ns: u8::try_from(r.vu()?).ok()?, name: r.str()? },
            1 => ParticleKind::Seq(r.list(|r| r.vu().and_then(|v| u16::try_from(v).ok()))?),
            _ => ParticleKind::Choice(r.list(|r| r.vu().and_then(|v| u16::try_from(v).ok()))?),
        };
        Some(Particle { kind, min, max })
    })?;
    let complex = r.list(|r| {
        let name = r.opt_str()?.unwrap_or("");
        let flags = r.byte()?;
        let base = if flags & 8 != 0 { Some(r.type_ref()?) } else { None };
        let simple = if flags & 2 != 0 { Some(r.type_ref()?) } else { None };
        let content = if flags & 4 != 0 { Some(u16::try_from(r.vu()?).ok()?) } else { None };
        let attrs = r.list(|r| Some(AttrDecl { name: r.str()?, ty: r.type_ref()?, required: r.byte()? != 0, default: r.opt_str()? }))?;
        let children = r.list(|r| Some(ChildDecl { ns: u8::try_from(r.vu()?).ok()?, name: r.str()?, ty: r.type_ref()?, default: r.opt_str()? }))?;
        Some(ComplexType { name, abstract_: flags & 1 != 0, base, simple, content, attrs, children })
    })?;
    let globals = r.list(|r| Some(GlobalElement { ns: u8::try_from(r.vu()?).ok()?, name: r.str()?, ty: r.type_ref()? }))?;
    (r.at == BLOB.len()).then_some(Tables { namespaces, simple, particles, complex, globals })
}

/// The tables (decoded on first use; empty if the blob could not be read, which a unit test
/// rules out).
pub(crate) fn get() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| decode().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_blob_decodes_whole() {
        let t = super::decode().unwrap();
        assert_eq!(t.namespaces.len(), 3);
        assert!(t.simple.len() > 150 && t.complex.len() > 600 && t.particles.len() > 3000 && t.globals.len() >= 4);
    }
}
