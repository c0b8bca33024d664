//! The trust store: SMKI certificates from PEM/DER files (CLI `--trust`) or handed in by the
//! page, with a cache of verified issuer signatures so a batch never verifies the same
//! certificate twice.

use super::cert::{CertFault, SmkiCert};
use super::role::Role;
use crate::bounded::Bounded;
use crate::crypto::{EcdsaP256, EcdsaSignature};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

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

/// (child certificate's SHA-256, SHA-256 of the issuer's public key).
type LinkKey = ([u8; 32], [u8; 32]);

/// How many verified links and parsed certificates a cache keeps (least recently used out).
pub const CACHE_CAPACITY: usize = 4096;

/// What a batch shares so that it never does the same work twice: which issuer keys verify
/// which certificates, and the certificates already parsed. Links are keyed by the whole
/// certificate's SHA-256 and the issuer key's, parsed certificates by their exact base64 text, so no
/// altered certificate is ever served from it; only settled answers are kept. Bounded: at
/// most [`CACHE_CAPACITY`] entries of each kind.
#[derive(Debug)]
pub struct VerifyCache {
    links: RefCell<Bounded<LinkKey, bool>>,
    parsed: RefCell<Bounded<String, Rc<SmkiCert>>>,
    verifications: Cell<u64>,
}

impl Default for VerifyCache {
    fn default() -> Self {
        Self::with_capacity(CACHE_CAPACITY)
    }
}

impl VerifyCache {
    /// An empty cache of [`CACHE_CAPACITY`] entries.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty cache of `capacity` entries of each kind.
    pub fn with_capacity(capacity: usize) -> Self {
        Self { links: RefCell::new(Bounded::new(capacity)), parsed: RefCell::new(Bounded::new(capacity)), verifications: Cell::new(0) }
    }

    /// Whether `issuer`'s key verifies `child`'s signature (cached).
    pub fn verifies(&self, child: &SmkiCert, issuer: &SmkiCert, crypto: &dyn EcdsaP256) -> bool {
        let (Some(key), Some(key_id)) = (issuer.p256_key.as_ref(), issuer.key_id) else { return false };
        if !child.ecdsa_sha256 {
            return false;
        }
        let link = (child.fingerprint, key_id);
        if let Some(hit) = self.links.borrow_mut().get(&link) {
            return *hit;
        }
        self.verifications.set(self.verifications.get() + 1);
        let (answer, settled) = crypto.verify_settled(key, child.tbs_der(), EcdsaSignature::Der(&child.signature));
        if settled {
            self.links.borrow_mut().insert(link, answer.is_ok());
        }
        answer.is_ok()
    }

    /// The certificate whose base64 DER is `text` (exactly as written), parsed once per cache.
    pub fn parse_base64(&self, text: &str) -> Result<Rc<SmkiCert>, CertFault> {
        if let Some(hit) = self.parsed.borrow_mut().get(text) {
            return Ok(Rc::clone(hit));
        }
        let cert = Rc::new(SmkiCert::from_base64(text)?);
        self.parsed.borrow_mut().insert(text.to_owned(), Rc::clone(&cert));
        Ok(cert)
    }

    /// How many signatures were actually verified (cache misses).
    pub fn verifications(&self) -> u64 {
        self.verifications.get()
    }

    /// How many verified links it holds.
    pub fn links(&self) -> usize {
        self.links.borrow().len()
    }
}

/// SMKI certificates the checks may use. Root (OU 00) and OCA (OU 07) certificates are trust
/// anchors; any other certificate serves to find a signer and is valid only if it chains by
/// signature to an anchor — unless it was given as a trust anchor itself (`add_anchor_file`,
/// contract §8): trusted as given, whatever its role, without its issuer, as test environments
/// whose issuing OCA is not published (DCC Boxed) need.
pub struct TrustStore {
    certs: Vec<SmkiCert>,
    /// Certificates trusted as given: (SHA-256 of the DER, the file they came from).
    given: Vec<([u8; 32], String)>,
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
    /// An empty store verifying with `p256` and precomputed tables for the keys it uses
    /// often ([`crate::crypto::table`]).
    pub fn new() -> Self {
        Self::with_backend(Box::new(crate::crypto::table::Tables::default()))
    }

    /// An empty store whose verification cache holds `capacity` entries of each kind.
    pub fn with_cache_capacity(capacity: usize) -> Self {
        Self { certs: Vec::new(), given: Vec::new(), crypto: Box::new(crate::crypto::table::Tables::default()), cache: VerifyCache::with_capacity(capacity) }
    }

    /// An empty store with another ECDSA backend.
    pub fn with_backend(crypto: Box<dyn EcdsaP256>) -> Self {
        Self { certs: Vec::new(), given: Vec::new(), crypto, cache: VerifyCache::new() }
    }

    /// Adds every certificate of a PEM file (one or more `CERTIFICATE` blocks) or a DER file.
    /// Returns how many were added; a duplicate is ignored.
    pub fn add_file(&mut self, file: &str, bytes: &[u8]) -> Result<usize, StoreFault> {
        if super::cert::looks_like_private_key(bytes) {
            return Err(StoreFault { file: file.to_owned(), index: 1, fault: CertFault::PrivateKey });
        }
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

    /// Adds every certificate of a file as a trust anchor given as is (contract §8,
    /// `--trust-anchor`): a chain ends at it, whatever its role, without its issuer. Returns
    /// how many certificates the file holds.
    pub fn add_anchor_file(&mut self, file: &str, bytes: &[u8]) -> Result<usize, StoreFault> {
        self.add_file(file, bytes)?;
        let ders = if bytes.windows(10).any(|w| w == b"-----BEGIN") { pem_blocks(file, bytes)? } else { vec![bytes.to_vec()] };
        for der in &ders {
            let fp = crate::crypto::sha256(der);
            if !self.given.iter().any(|(g, _)| *g == fp) {
                self.given.push((fp, file.to_owned()));
            }
        }
        Ok(ders.len())
    }

    /// The file a certificate was given from as a trust anchor, when it was.
    pub fn given_anchor(&self, c: &SmkiCert) -> Option<&str> {
        self.given.iter().find(|(g, _)| *g == c.fingerprint).map(|(_, f)| f.as_str())
    }

    /// How many certificates are trusted as given.
    pub fn given_anchors(&self) -> usize {
        self.given.len()
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
