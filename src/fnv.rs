//! FNV-1a: a small, fast hash for the maps on per-row paths (SRV lookups, duplicate entries),
//! where SipHash's protection against chosen collisions buys nothing — the input is the
//! user's own file, checked on their own machine — and costs a fifth of an ADT file's time.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The FNV-1a 64-bit hasher.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` hashed with FNV-1a.
pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// A word-at-a-time hasher (the multiply-rotate scheme of rustc's `FxHasher`) for maps with
/// long keys — a certificate's base64 text, 500 bytes and more — where FNV-1a's byte at a
/// time is slower than SipHash. Same trade as [`Fnv`]: no protection against chosen
/// collisions, which the user's own files on their own machine do not need.
#[derive(Debug, Clone, Copy, Default)]
pub struct Words(u64);

const WORDS_K: u64 = 0x517c_c1b7_2722_0a95;

impl Words {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(WORDS_K);
    }
}

impl Hasher for Words {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for b in chunks.remainder() {
            self.add(u64::from(*b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` hashed with [`Words`].
pub type WordsMap<K, V> = HashMap<K, V, BuildHasherDefault<Words>>;

#[cfg(test)]
mod tests {
    use super::{Fnv, Words, WordsMap};
    use std::hash::Hasher as _;

    #[test]
    fn known_vectors() {
        let h = |s: &[u8]| {
            let mut f = Fnv::default();
            f.write(s);
            f.finish()
        };
        assert_eq!(h(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(h(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(h(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn words_tells_long_keys_apart_that_differ_in_one_byte() {
        let key = "MIIBfDCCASOgAwIBAgIQNCRMOXOK5qQjAcacHCxCTzAKBggqhkjOPQQDAjAaMQswCQYDVQQDDAJaMTEL".repeat(8);
        let mut m: WordsMap<String, usize> = WordsMap::default();
        for i in 0..key.len() {
            let mut k = key.clone().into_bytes();
            if let Some(b) = k.get_mut(i) {
                *b ^= 1;
            }
            m.insert(String::from_utf8(k).unwrap(), i);
        }
        m.insert(key.clone(), usize::MAX);
        assert_eq!(m.len(), key.len() + 1);
        assert_eq!(m.get(&key), Some(&usize::MAX));
        let h = |s: &[u8]| {
            let mut w = Words::default();
            w.write(s);
            w.finish()
        };
        assert_ne!(h(b"abcdefgh1"), h(b"abcdefgh2"));
        assert_ne!(h(b"abcdefgh"), h(b"abcdefgi"));
    }
}
