//! Digest and signature value checks.
//!
//! XML-DSig §4.4.3.2: the Reference (URI="", enveloped-signature) yields a node-set, and
//! because no canonicalization transform follows, that node-set is converted to octets with
//! **inclusive** Canonical XML 1.0 (without comments) before the SHA-256 digest — not with the
//! exclusive c14n that CanonicalizationMethod names for SignedInfo.

use super::c14n::{canonicalize, Mode};
use super::profile::Signature;
use crate::crypto::{sha256, EcdsaP256, EcdsaSignature, VerifyFault};
use crate::xml::Parsed;
use base64::Engine as _;
use std::fmt;

/// The digest does not match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestMismatch {
    /// DigestValue as written (base64).
    pub expected: String,
    /// What sec-rules computed (base64).
    pub computed: String,
}

impl fmt::Display for DigestMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the SHA-256 digest of the signed document is {}, but DigestValue says {}: the document was changed after signing",
            self.computed, self.expected
        )
    }
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

/// Recomputes the Reference digest: the document without the signature, inclusive C14N 1.0.
pub fn check_digest(parsed: &Parsed<'_>, sig: &Signature<'_, '_>) -> Result<String, DigestMismatch> {
    let octets = canonicalize(parsed, parsed.doc().root(), Some(sig.node.id()), &Mode::Inclusive);
    let computed = sha256(&octets);
    if computed.as_slice() == sig.digest_value.as_slice() {
        Ok(b64(&computed))
    } else {
        Err(DigestMismatch { expected: b64(&sig.digest_value), computed: b64(&computed) })
    }
}

/// Verifies SignatureValue over the canonical SignedInfo with the signer's P-256 key.
pub fn check_value(parsed: &Parsed<'_>, sig: &Signature<'_, '_>, public_key_sec1: &[u8], crypto: &dyn EcdsaP256) -> Result<(), VerifyFault> {
    let octets = canonicalize(parsed, sig.signed_info, None, &sig.signed_info_c14n);
    crypto.verify_sha256(public_key_sec1, &octets, EcdsaSignature::Raw(&sig.signature_value))
}
