//! A backend that defers ECDSA verifications to another verifier — the browser's WebCrypto,
//! which is several times faster than any wasm code — while the checks run.
//!
//! A batch is checked in rounds. In a round, every verification whose answer is not yet known
//! is recorded and answered `Ok`, *unsettled*: the check goes on as if it verified, and the
//! document remembers which answers it assumed. The recorded requests are then verified
//! together outside the module; a document whose assumed answers all came back true has its
//! report already (the checks are a function of the answers, and every answer it used was
//! right); any other document is checked again with the answers now settled. A last round
//! computes whatever is still unknown with `p256`, so the reports are exactly those of the
//! `p256` door whatever the other verifier does — including failing.
//!
//! Everything that can be decided without the curve arithmetic is decided here, so both
//! doors agree on it: a key that is not a P-256 point, a signature that is not two scalars in
//! range. Only well-formed (key, message, r‖s) triples leave the module.

use super::{sha256, EcdsaP256, EcdsaSignature, VerifyFault};
use crate::bounded::Bounded;
use p256::ecdsa::{Signature, VerifyingKey};
use std::cell::{Cell, RefCell};

/// How many settled answers and decoded keys are kept (least recently used out).
const CAPACITY: usize = 4096;

/// A verification for the other verifier: an uncompressed SEC1 P-256 key, the message (the
/// verifier hashes it with SHA-256) and the signature as r‖s, which is what WebCrypto takes.
#[derive(Debug, Clone)]
pub struct Pending {
    /// Identity of the request (SHA-256 over key, message digest and signature).
    pub id: [u8; 32],
    /// `0x04‖x‖y`.
    pub key: [u8; 65],
    /// The signed bytes.
    pub message: Vec<u8>,
    /// `r‖s`, 32 bytes each.
    pub signature: [u8; 64],
}

/// A SEC1 key's uncompressed encoding; `None` when it is not a P-256 point.
type DecodedKey = Option<[u8; 65]>;

/// The deferring backend. See the module documentation.
#[derive(Debug)]
pub struct Deferred {
    compute: Cell<bool>,
    settled: RefCell<Bounded<[u8; 32], bool>>,
    keys: RefCell<Bounded<Vec<u8>, DecodedKey>>,
    pending: RefCell<Vec<Pending>>,
    pending_ids: RefCell<std::collections::HashSet<[u8; 32], std::hash::BuildHasherDefault<crate::fnv::Words>>>,
    assumed: RefCell<Vec<[u8; 32]>>,
    computed: Cell<u64>,
    /// What computes the answers of the last round.
    local: super::table::Tables,
}

impl Default for Deferred {
    fn default() -> Self {
        Self::new()
    }
}

impl Deferred {
    /// An empty backend in deferring mode.
    pub fn new() -> Self {
        Self {
            compute: Cell::new(false),
            settled: RefCell::new(Bounded::new(CAPACITY)),
            keys: RefCell::new(Bounded::new(CAPACITY)),
            pending: RefCell::new(Vec::new()),
            pending_ids: RefCell::default(),
            assumed: RefCell::new(Vec::new()),
            computed: Cell::new(0),
            local: super::table::Tables::default(),
        }
    }

    /// From now on, answer unknown requests by computing them with `p256` (the last round,
    /// and wherever the other verifier is missing) rather than deferring them.
    pub fn set_compute(&self, compute: bool) {
        self.compute.set(compute);
    }

    /// Starts a document: forgets which answers the previous one assumed.
    pub fn begin_document(&self) {
        self.assumed.borrow_mut().clear();
    }

    /// The requests whose answers the current document assumed (empty: its report is final).
    pub fn assumed(&self) -> Vec<[u8; 32]> {
        self.assumed.borrow().clone()
    }

    /// The recorded requests, handed over once each.
    pub fn take_pending(&self) -> Vec<Pending> {
        self.pending_ids.borrow_mut().clear();
        std::mem::take(&mut *self.pending.borrow_mut())
    }

    /// Records the other verifier's answer for a request.
    pub fn settle(&self, id: [u8; 32], verified: bool) {
        self.settled.borrow_mut().insert(id, verified);
    }

    /// The settled answer for a request, if any.
    pub fn answer(&self, id: &[u8; 32]) -> Option<bool> {
        self.settled.borrow_mut().get(id).copied()
    }

    /// How many verifications were computed here with `p256` (the fallback).
    pub fn computed(&self) -> u64 {
        self.computed.get()
    }

    fn key(&self, sec1: &[u8]) -> DecodedKey {
        if let Some(k) = self.keys.borrow_mut().get(sec1) {
            return *k;
        }
        let decoded = VerifyingKey::from_sec1_bytes(sec1).ok().and_then(|k| k.to_sec1_point(false).as_bytes().try_into().ok());
        self.keys.borrow_mut().insert(sec1.to_vec(), decoded);
        decoded
    }
}

/// `r‖s` of a signature in either encoding, when it is two scalars in range.
pub fn raw_signature(sig: EcdsaSignature<'_>) -> Result<Signature, VerifyFault> {
    match sig {
        EcdsaSignature::Raw(b) => Signature::from_slice(b).map_err(|_| VerifyFault::BadSignature),
        EcdsaSignature::Der(b) => Signature::from_der(b).map_err(|_| VerifyFault::BadSignature),
    }
}

/// The identity of a request: SHA-256 over the key, the message's SHA-256 and r‖s.
fn request_id(key: &[u8; 65], message: &[u8], rs: &[u8]) -> [u8; 32] {
    let mut buf = Vec::with_capacity(65 + 32 + 64);
    buf.extend_from_slice(key);
    buf.extend_from_slice(&sha256(message));
    buf.extend_from_slice(rs);
    sha256(&buf)
}

impl EcdsaP256 for Deferred {
    fn verify_sha256(&self, public_key_sec1: &[u8], message: &[u8], sig: EcdsaSignature<'_>) -> Result<(), VerifyFault> {
        self.verify_settled(public_key_sec1, message, sig).0
    }

    fn verify_settled(&self, public_key_sec1: &[u8], message: &[u8], sig: EcdsaSignature<'_>) -> (Result<(), VerifyFault>, bool) {
        let Some(key_bytes) = self.key(public_key_sec1) else { return (Err(VerifyFault::BadKey), true) };
        let signature = match raw_signature(sig) {
            Ok(s) => s,
            Err(e) => return (Err(e), true),
        };
        let rs: [u8; 64] = match signature.to_bytes().as_slice().try_into() {
            Ok(b) => b,
            Err(_) => return (Err(VerifyFault::BadSignature), true),
        };
        let id = request_id(&key_bytes, message, &rs);
        let answer = |ok: bool| if ok { Ok(()) } else { Err(VerifyFault::Mismatch) };
        if let Some(ok) = self.answer(&id) {
            return (answer(ok), true);
        }
        if self.compute.get() {
            self.computed.set(self.computed.get() + 1);
            let ok = self.local.verify_sha256(public_key_sec1, message, sig).is_ok();
            self.settle(id, ok);
            return (answer(ok), true);
        }
        if self.pending_ids.borrow_mut().insert(id) {
            self.pending.borrow_mut().push(Pending { id, key: key_bytes, message: message.to_vec(), signature: rs });
        }
        self.assumed.borrow_mut().push(id);
        (Ok(()), false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::RustCrypto;
    use p256::ecdsa::signature::Signer as _;
    use p256::ecdsa::SigningKey;

    fn key() -> SigningKey {
        SigningKey::from_slice(&[7u8; 32]).unwrap()
    }

    #[test]
    fn unknown_answers_are_assumed_recorded_once_and_settled_later() {
        let k = key();
        let pk = k.verifying_key().to_sec1_bytes();
        let sig: Signature = k.sign(b"message");
        let d = Deferred::new();
        d.begin_document();
        assert_eq!(d.verify_settled(&pk, b"message", EcdsaSignature::Raw(&sig.to_bytes())), (Ok(()), false));
        assert_eq!(d.verify_settled(&pk, b"message", EcdsaSignature::Raw(&sig.to_bytes())), (Ok(()), false));
        assert_eq!(d.assumed().len(), 2);
        let p = d.take_pending();
        assert_eq!(p.len(), 1, "one request per distinct triple");
        assert_eq!(p[0].key[0], 4);
        assert!(d.take_pending().is_empty());
        d.settle(p[0].id, true);
        d.begin_document();
        assert_eq!(d.verify_settled(&pk, b"message", EcdsaSignature::Raw(&sig.to_bytes())), (Ok(()), true));
        assert!(d.assumed().is_empty());
    }

    #[test]
    fn malformed_keys_and_signatures_are_settled_here_as_p256_decides_them() {
        let k = key();
        let pk = k.verifying_key().to_sec1_bytes();
        let d = Deferred::new();
        for (key, sig) in [(&[4u8, 1, 2][..], [1u8; 64]), (&pk[..], [0u8; 64]), (&pk[..], [0xFF; 64])] {
            let ours = d.verify_settled(key, b"m", EcdsaSignature::Raw(&sig));
            assert!(ours.1, "settled");
            assert_eq!(ours.0, RustCrypto.verify_sha256(key, b"m", EcdsaSignature::Raw(&sig)));
        }
        assert!(d.take_pending().is_empty());
    }

    #[test]
    fn the_compute_round_answers_as_p256() {
        let k = key();
        let pk = k.verifying_key().to_sec1_bytes();
        let sig: Signature = k.sign(b"message");
        let d = Deferred::new();
        d.set_compute(true);
        assert_eq!(d.verify_settled(&pk, b"message", EcdsaSignature::Raw(&sig.to_bytes())), (Ok(()), true));
        assert_eq!(d.verify_settled(&pk, b"other", EcdsaSignature::Raw(&sig.to_bytes())), (Err(VerifyFault::Mismatch), true));
        let der = sig.to_der();
        assert_eq!(d.verify_settled(&pk, b"message", EcdsaSignature::Der(der.as_bytes())), (Ok(()), true));
        assert_eq!(d.computed(), 2, "the DER form of a settled signature is the same request");
    }
}
