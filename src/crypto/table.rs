//! ECDSA P-256 verification with precomputed tables: `u1·G + u2·Q` as a sum of table
//! entries (64 four-bit windows of 15 points each, affine), with no doublings at all. The
//! generator's table is built once per process; a public key's when it is used a third time
//! (a batch's signer key, the OCA keys), kept in a bounded cache. Variable-time, as
//! verification of public data may be. The curve arithmetic is `p256`'s; only the table walk
//! is ours. `tests/` check it against `p256`'s own `verify` on valid, altered and high-S
//! signatures; README's performance section gives the measured gain.

use super::{sha256, EcdsaP256, EcdsaSignature, VerifyFault};
use crate::bounded::Bounded;
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::group::Group as _;
use p256::elliptic_curve::ops::Reduce;
use p256::elliptic_curve::point::{AffineCoordinates as _, BatchNormalize as _};
use p256::{AffinePoint, FieldBytes, ProjectivePoint, Scalar};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::OnceLock;

/// Four-bit windows in a 256-bit scalar.
const WINDOWS: usize = 64;

/// `j · 16^i · P` for every window `i` and digit `j` in 1..=15.
pub struct Table {
    points: Vec<AffinePoint>,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("points", &self.points.len()).finish()
    }
}

impl Table {
    /// The table of `p` (about 1,000 additions and one inversion).
    pub fn new(p: &ProjectivePoint) -> Self {
        let mut projective = Vec::with_capacity(WINDOWS * 15);
        let mut base = *p;
        for _ in 0..WINDOWS {
            let mut acc = base;
            for _ in 0..15 {
                projective.push(acc);
                acc += base;
            }
            base = acc;
        }
        Self { points: ProjectivePoint::batch_normalize(projective.as_slice()) }
    }

    /// `k · P`, one mixed addition per non-zero digit of `k`.
    pub fn mul(&self, k: &Scalar) -> ProjectivePoint {
        let bytes: FieldBytes = k.to_bytes();
        let mut acc = ProjectivePoint::IDENTITY;
        for (i, byte) in bytes.iter().rev().enumerate() {
            for (half, digit) in [(0, byte & 0x0F), (1, byte >> 4)] {
                if digit != 0 {
                    let at = (2 * i + half) * 15 + usize::from(digit) - 1;
                    if let Some(pt) = self.points.get(at) {
                        acc += pt;
                    }
                }
            }
        }
        acc
    }
}

/// The generator's table.
fn generator() -> &'static Table {
    static G: OnceLock<Table> = OnceLock::new();
    G.get_or_init(|| Table::new(&ProjectivePoint::GENERATOR))
}

/// ECDSA verification of `sig` over SHA-256(`message`) with `q`'s table.
pub fn verify(q: &Table, message: &[u8], sig: &Signature) -> bool {
    let (r, s) = sig.split_scalars();
    let z = <Scalar as Reduce<FieldBytes>>::reduce(&FieldBytes::from(sha256(message)));
    let Some(s_inv) = Option::<Scalar>::from(s.invert_vartime()) else { return false };
    let (u1, u2) = (z * s_inv, *r * s_inv);
    let point = generator().mul(&u1) + q.mul(&u2);
    if bool::from(point.is_identity()) {
        return false;
    }
    <Scalar as Reduce<FieldBytes>>::reduce(&point.to_affine().x()) == *r
}

/// How often a key was used, and its table once it has one.
type KeyEntry = (u32, Option<Rc<Table>>);

/// The table-driven backend: `p256` for keys seen once or twice, a table from the third use.
#[derive(Debug)]
pub struct Tables {
    keys: RefCell<Bounded<Vec<u8>, KeyEntry>>,
}

/// Uses of a key before its table is built (a table costs about eight verifications).
const TABLE_AFTER: u32 = 2;

/// Keys whose use counts and tables are kept (a table is about 64 KB).
const KEYS: usize = 64;

impl Default for Tables {
    fn default() -> Self {
        Self { keys: RefCell::new(Bounded::new(KEYS)) }
    }
}

impl Tables {
    fn table_for(&self, sec1: &[u8], key: &VerifyingKey) -> Option<Rc<Table>> {
        let mut keys = self.keys.borrow_mut();
        let (uses, table) = match keys.get(sec1) {
            Some((n, t)) => (*n + 1, t.clone()),
            None => (1, None),
        };
        let table = table.or_else(|| (uses > TABLE_AFTER).then(|| Rc::new(Table::new(&ProjectivePoint::from(*key.as_affine())))));
        keys.insert(sec1.to_vec(), (uses, table.clone()));
        table
    }
}

impl EcdsaP256 for Tables {
    fn verify_sha256(&self, public_key_sec1: &[u8], message: &[u8], sig: EcdsaSignature<'_>) -> Result<(), VerifyFault> {
        let key = VerifyingKey::from_sec1_bytes(public_key_sec1).map_err(|_| VerifyFault::BadKey)?;
        let signature = super::deferred::raw_signature(sig)?;
        let ok = match self.table_for(public_key_sec1, &key) {
            Some(t) => verify(&t, message, &signature),
            None => key.verify(message, &signature).is_ok(),
        };
        if ok {
            Ok(())
        } else {
            Err(VerifyFault::Mismatch)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Signer as _;
    use p256::ecdsa::SigningKey;

    #[test]
    fn agrees_with_p256_on_valid_altered_and_high_s_signatures() {
        for seed in 1u8..=12 {
            let sk = SigningKey::from_slice(&[seed; 32]).unwrap();
            let vk = *sk.verifying_key();
            let table = Table::new(&ProjectivePoint::from(*vk.as_affine()));
            for m in 0u8..6 {
                let msg = [m; 40];
                let sig: Signature = sk.sign(&msg);
                let (r, s) = sig.split_scalars();
                let high = Signature::from_scalars(r.to_bytes(), (-*s).to_bytes()).unwrap();
                for (candidate, message) in [(sig, &msg[..]), (high, &msg[..]), (sig, &b"other"[..])] {
                    assert_eq!(verify(&table, message, &candidate), vk.verify(message, &candidate).is_ok(), "seed {seed} message {m}");
                }
            }
        }
    }

    #[test]
    fn the_backend_answers_as_p256_before_and_after_the_table() {
        let sk = SigningKey::from_slice(&[9; 32]).unwrap();
        let pk = sk.verifying_key().to_sec1_bytes();
        let sig: Signature = sk.sign(b"m");
        let t = Tables::default();
        for _ in 0..5 {
            assert_eq!(t.verify_sha256(&pk, b"m", EcdsaSignature::Raw(&sig.to_bytes())), Ok(()));
            assert_eq!(t.verify_sha256(&pk, b"n", EcdsaSignature::Raw(&sig.to_bytes())), Err(VerifyFault::Mismatch));
        }
        assert!(t.keys.borrow_mut().get(&pk[..]).is_some_and(|(_, table)| table.is_some()));
        assert_eq!(t.verify_sha256(&[4, 1], b"m", EcdsaSignature::Raw(&sig.to_bytes())), Err(VerifyFault::BadKey));
    }
}
