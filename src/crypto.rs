//! The one seam for ECDSA P-256 verification. Everything that verifies a signature (XML-DSig
//! SignatureValue, certificate signatures) goes through [`EcdsaP256`], so a browser WebCrypto
//! backend can replace RustCrypto without touching any rule.

pub mod deferred;
pub mod table;

use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{DerSignature, Signature, VerifyingKey};

/// An ECDSA signature in one of the two encodings SMKI uses.
#[derive(Debug, Clone, Copy)]
pub enum EcdsaSignature<'a> {
    /// Fixed-width `r‖s` (64 bytes): XML-DSig 1.1 `SignatureValue` for ecdsa-sha256.
    Raw(&'a [u8]),
    /// ASN.1 `Ecdsa-Sig-Value` DER: X.509 certificate signatures.
    Der(&'a [u8]),
}

/// Why a verification did not succeed. Deliberately coarse (as `signature::Error` is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyFault {
    /// The public key is not a valid P-256 SEC1 point.
    BadKey,
    /// The signature is not well-formed (length, encoding, range).
    BadSignature,
    /// Well-formed, but does not verify.
    Mismatch,
}

/// ECDSA over P-256 with SHA-256.
pub trait EcdsaP256: std::fmt::Debug {
    /// Verifies `sig` over SHA-256(`message`) with the SEC1-encoded public key.
    fn verify_sha256(&self, public_key_sec1: &[u8], message: &[u8], sig: EcdsaSignature<'_>) -> Result<(), VerifyFault>;

    /// As [`verify_sha256`](Self::verify_sha256), and whether the answer is settled. A backend
    /// that defers verifications to another verifier (the browser's WebCrypto) answers
    /// `Ok` unsettled for a request it has only recorded; caches keep settled answers only.
    fn verify_settled(&self, public_key_sec1: &[u8], message: &[u8], sig: EcdsaSignature<'_>) -> (Result<(), VerifyFault>, bool) {
        (self.verify_sha256(public_key_sec1, message, sig), true)
    }
}

/// The RustCrypto `p256` backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct RustCrypto;

impl EcdsaP256 for RustCrypto {
    fn verify_sha256(&self, public_key_sec1: &[u8], message: &[u8], sig: EcdsaSignature<'_>) -> Result<(), VerifyFault> {
        let key = VerifyingKey::from_sec1_bytes(public_key_sec1).map_err(|_| VerifyFault::BadKey)?;
        match sig {
            EcdsaSignature::Raw(b) => {
                let s = Signature::from_slice(b).map_err(|_| VerifyFault::BadSignature)?;
                key.verify(message, &s).map_err(|_| VerifyFault::Mismatch)
            }
            EcdsaSignature::Der(b) => {
                let s = DerSignature::from_bytes(b).map_err(|_| VerifyFault::BadSignature)?;
                key.verify(message, &s).map_err(|_| VerifyFault::Mismatch)
            }
        }
    }
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(data).into()
}

/// Decodes base64 that may contain whitespace and `&#13;`-produced carriage returns
/// (XML-DSig values are often line-wrapped). Returns `None` when it is not base64.
pub fn base64_lenient(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(compact).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_base64_ignores_wrapping_and_cr() {
        assert_eq!(base64_lenient("ZGVm\r\n YXVs\tdA==").as_deref(), Some(&b"default"[..]));
        assert_eq!(base64_lenient("not base64!"), None);
    }

    #[test]
    fn sha256_of_abc() {
        let d = sha256(b"abc");
        assert_eq!(d[..4], [0xba, 0x78, 0x16, 0xbf]);
    }

    #[test]
    fn malformed_keys_and_signatures_are_faults_not_panics() {
        assert_eq!(RustCrypto.verify_sha256(&[4, 1, 2], b"m", EcdsaSignature::Raw(&[0; 64])), Err(VerifyFault::BadKey));
    }
}
