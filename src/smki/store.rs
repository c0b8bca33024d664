//! The trust store: SMKI certificates from PEM/DER files (CLI `--trust`) or handed in by the
//! page, with a cache of verified issuer signatures so a batch never verifies the same
//! certificate twice.

use super::cert::{CertFault, SmkiCert};
use super::role::Role;
use crate::crypto::{EcdsaP256, EcdsaSignature, RustCrypto};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;

/// A trust-store input that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreFault {
    /// The file.
    pub file: String,
    /// Which certificate in the file (1-based), for PEM bundles.
    pub index: usize,
    /// Why.
    pub fault: CertFault,
}

impl fmt::Display for StoreFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: certificate {}: {}", self.file, self.index, self.fault)
    }
}

/// (child fingerprint, issuer fingerprint).
type LinkKey = ([u8; 32], [u8; 32]);

/// Which issuer keys verify which certificates, so a batch never verifies the same link twice.
/// Keyed by the certificates' SHA-256 fingerprints, so sharing one across documents is safe.
#[derive(Debug, Default)]
pub struct VerifyCache {
    links: RefCell<HashMap<LinkKey, bool>>,
    verifications: Cell<u64>,
}

impl VerifyCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `issuer`'s key verifies `child`'s signature (cached).
    pub fn verifies(&self, child: &SmkiCert, issuer: &SmkiCert, crypto: &dyn EcdsaP256) -> bool {
        let key = (child.fingerprint, issuer.fingerprint);
        if let Some(hit) = self.links.borrow().get(&key) {
            return *hit;
        }
        let ok = child.ecdsa_sha256
            && issuer.p256_key.as_ref().is_some_and(|k| {
                self.verifications.set(self.verifications.get() + 1);
                crypto.verify_sha256(k, &child.tbs_der, EcdsaSignature::Der(&child.signature)).is_ok()
            });
        self.links.borrow_mut().insert(key, ok);
        ok
    }

    /// How many signatures were actually verified (cache misses).
    pub fn verifications(&self) -> u64 {
        self.verifications.get()
    }
}

/// SMKI certificates the checks may use. Only Root (OU 00) and OCA (OU 07) certificates are
/// trust anchors; any other certificate serves to find a signer and is valid only if it chains
/// by signature to an anchor.
pub struct TrustStore {
    certs: Vec<SmkiCert>,
    crypto: Box<dyn EcdsaP256>,
    cache: VerifyCache,
}

impl Default for TrustStore {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for TrustStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrustStore").field("certificates", &self.certs.len()).finish_non_exhaustive()
    }
}

impl TrustStore {
    /// An empty store using the RustCrypto backend.
    pub fn new() -> Self {
        Self::with_backend(Box::new(RustCrypto))
    }

    /// An empty store with another ECDSA backend.
    pub fn with_backend(crypto: Box<dyn EcdsaP256>) -> Self {
        Self { certs: Vec::new(), crypto, cache: VerifyCache::new() }
    }

    /// Adds every certificate of a PEM file (one or more `CERTIFICATE` blocks) or a DER file.
    /// Returns how many were added; a duplicate is ignored.
    pub fn add_file(&mut self, file: &str, bytes: &[u8]) -> Result<usize, StoreFault> {
        let ders = if bytes.windows(10).any(|w| w == b"-----BEGIN") { pem_blocks(file, bytes)? } else { vec![bytes.to_vec()] };
        let mut added = 0;
        for (i, der) in ders.iter().enumerate() {
            let cert = SmkiCert::from_der(der).map_err(|fault| StoreFault { file: file.to_owned(), index: i + 1, fault })?;
            if !self.certs.iter().any(|c| c.fingerprint == cert.fingerprint) {
                self.certs.push(cert);
                added += 1;
            }
        }
        Ok(added)
    }

    /// Every certificate.
    pub fn certs(&self) -> &[SmkiCert] {
        &self.certs
    }

    /// Number of certificates.
    pub fn len(&self) -> usize {
        self.certs.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// The ECDSA backend.
    pub fn crypto(&self) -> &dyn EcdsaP256 {
        self.crypto.as_ref()
    }

    /// Certificates whose serial equals `serial` (decimal) — the X509IssuerSerial lookup.
    pub fn by_serial(&self, serial: &str) -> impl Iterator<Item = &SmkiCert> + '_ {
        let serial = serial.trim().trim_start_matches('0').to_owned();
        self.certs.iter().filter(move |c| c.serial.trim_start_matches('0') == serial)
    }

    /// Whether `c` is a trust anchor held in this store (Root or OCA by OU).
    pub fn is_anchor(&self, c: &SmkiCert) -> bool {
        matches!(c.role.map(|r| r.role), Some(Role::Root | Role::IssuingAuthority)) && self.certs.iter().any(|s| s.fingerprint == c.fingerprint)
    }

    /// Whether `issuer`'s key verifies `child`'s signature (cached).
    pub fn verifies(&self, child: &SmkiCert, issuer: &SmkiCert) -> bool {
        self.cache.verifies(child, issuer, self.crypto.as_ref())
    }

    /// The store's verification cache.
    pub fn cache(&self) -> &VerifyCache {
        &self.cache
    }

    /// How many certificate signatures were actually verified (cache misses).
    pub fn signature_verifications(&self) -> u64 {
        self.cache.verifications()
    }
}

fn pem_blocks(file: &str, bytes: &[u8]) -> Result<Vec<Vec<u8>>, StoreFault> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    let mut rest = text.as_ref();
    while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
        let after = rest.get(start + 27..).unwrap_or("");
        let Some(end) = after.find("-----END CERTIFICATE-----") else {
            return Err(StoreFault { file: file.to_owned(), index: out.len() + 1, fault: CertFault::Der("PEM block has no END line".into()) });
        };
        let body = after.get(..end).unwrap_or("");
        let der = crate::crypto::base64_lenient(body).ok_or(StoreFault { file: file.to_owned(), index: out.len() + 1, fault: CertFault::Base64 })?;
        out.push(der);
        rest = after.get(end + 25..).unwrap_or("");
    }
    if out.is_empty() {
        return Err(StoreFault { file: file.to_owned(), index: 1, fault: CertFault::Der("no CERTIFICATE block in PEM".into()) });
    }
    Ok(out)
}
