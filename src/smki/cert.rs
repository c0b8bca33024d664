//! An SMKI certificate: RFC 5280 parsing by `x509-cert` (strict DER, trailing bytes refused),
//! then the SMKI meaning read over it — role from the OU, entity id from x500UniqueIdentifier,
//! key usage, policies, validity and the P-256 key.

use super::role::{parse_ou, OuRole};
use crate::crypto::sha256;
use crate::duis::request_id::Eui64;
use der::asn1::ObjectIdentifier;
use der::{Decode, Tag, Tagged};
use std::fmt;
use x509_cert::ext::pkix::{BasicConstraints, CertificatePolicies, KeyUsage};
use x509_cert::name::Name;
use x509_cert::Certificate;

const OID_OU: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.11");
const OID_CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const OID_UNIQUE_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.45");
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const OID_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");
const OID_POLICIES: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.32");
const OID_BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");

/// Key usage bits SMKI relies on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyUsageBits {
    /// digitalSignature.
    pub digital_signature: bool,
    /// keyAgreement.
    pub key_agreement: bool,
    /// keyCertSign.
    pub key_cert_sign: bool,
}

/// A parsed certificate with its SMKI reading.
#[derive(Debug, Clone)]
pub struct SmkiCert {
    /// The DER bytes.
    pub der: Vec<u8>,
    /// SHA-256 of the DER (identity in caches).
    pub fingerprint: [u8; 32],
    /// The signed part (tbsCertificate), as the DER carries it.
    pub(crate) tbs: std::ops::Range<usize>,
    pub(crate) signature: Vec<u8>,
    /// SHA-256 of the P-256 key (identity of an issuer key in caches).
    pub(crate) key_id: Option<[u8; 32]>,
    /// Signed with ecdsa-with-SHA256.
    pub ecdsa_sha256: bool,
    /// Subject, RFC 4514.
    pub subject: String,
    /// Issuer, RFC 4514.
    pub issuer: String,
    pub(crate) subject_attrs: Vec<(ObjectIdentifier, String)>,
    /// The subject and issuer as compared (see [`name_key`]).
    subject_key: String,
    issuer_key: String,
    /// Serial number as an unsigned decimal (as XML-DSig X509SerialNumber writes it).
    pub serial: String,
    /// notBefore, seconds since 1970.
    pub not_before: i64,
    /// notAfter, seconds since 1970.
    pub not_after: i64,
    /// Remote Party Role from the OU.
    pub role: Option<OuRole>,
    /// The OU text as written.
    pub ou: Option<String>,
    /// Entity id from x500UniqueIdentifier (a 64-bit BIT STRING).
    pub entity_id: Option<Eui64>,
    /// Key usage, when the extension is present.
    pub key_usage: Option<KeyUsageBits>,
    /// Certificate policy OIDs.
    pub policies: Vec<String>,
    /// basicConstraints cA.
    pub is_ca: bool,
    /// SEC1 public key point, when the key is EC P-256.
    pub p256_key: Option<Vec<u8>>,
}

/// Why bytes are not a usable certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertFault {
    /// DER decoding failed (x509-cert/der's message and byte position).
    Der(String),
    /// Not valid base64.
    Base64,
    /// A private key, not a certificate.
    PrivateKey,
}

impl fmt::Display for CertFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertFault::Der(e) => write!(f, "not a DER X.509 certificate: {e}"),
            CertFault::Base64 => f.write_str("not valid base64"),
            CertFault::PrivateKey => {
                f.write_str("this is a private key, not a certificate; keys are never needed (give the certificate: a private key should not leave its owner)")
            }
        }
    }
}

/// Whether `bytes` hold a private key rather than a certificate: a PEM block labelled
/// `PRIVATE KEY` (PKCS#8, SEC1 `EC PRIVATE KEY`, encrypted), or DER whose outer SEQUENCE begins
/// with an INTEGER (PKCS#8 `{ INTEGER 0, AlgorithmIdentifier, OCTET STRING }`, SEC1
/// `{ INTEGER 1, OCTET STRING, … }`) where a certificate's begins with its TBSCertificate.
pub fn looks_like_private_key(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).and_then(|i| body.get(i..)).unwrap_or(&[]);
    if start.starts_with(b"-----BEGIN") {
        let first_line = start.split(|&b| b == b'\n').next().unwrap_or(&[]);
        return first_line.windows(11).any(|w| w == b"PRIVATE KEY");
    }
    if start.first() != Some(&0x30) {
        return false;
    }
    let len_bytes = match start.get(1) {
        Some(&l) if l < 0x80 => 0,
        Some(&l) => usize::from(l & 0x7F),
        None => return false,
    };
    start.get(2 + len_bytes) == Some(&0x02)
}

impl SmkiCert {
    /// Parses one DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, CertFault> {
        let cert = Certificate::from_der(der).map_err(|e| CertFault::Der(e.to_string()))?;
        let tbs = cert.tbs_certificate();
        let tbs_range = tbs_range(der).ok_or_else(|| CertFault::Der("tbsCertificate not found".into()))?;
        let subject_attrs = attrs(tbs.subject());
        let issuer_attrs = attrs(tbs.issuer());
        let ou = subject_attrs.iter().find(|(o, _)| *o == OID_OU).map(|(_, v)| v.clone());
        let spki = tbs.subject_public_key_info();
        let is_p256 = spki.algorithm.oid == OID_EC_PUBLIC_KEY
            && spki.algorithm.parameters.as_ref().and_then(|p| p.decode_as::<ObjectIdentifier>().ok()) == Some(OID_P256);
        let mut key_usage = None;
        let mut policies = Vec::new();
        let mut is_ca = false;
        for ext in tbs.extensions().map(|e| e.as_slice()).unwrap_or(&[]) {
            let bytes = ext.extn_value.as_bytes();
            if ext.extn_id == OID_KEY_USAGE {
                if let Ok(k) = KeyUsage::from_der(bytes) {
                    key_usage =
                        Some(KeyUsageBits { digital_signature: k.digital_signature(), key_agreement: k.key_agreement(), key_cert_sign: k.key_cert_sign() });
                }
            } else if ext.extn_id == OID_POLICIES {
                if let Ok(p) = CertificatePolicies::from_der(bytes) {
                    policies = p.0.iter().map(|i| i.policy_identifier.to_string()).collect();
                }
            } else if ext.extn_id == OID_BASIC_CONSTRAINTS {
                is_ca = BasicConstraints::from_der(bytes).is_ok_and(|b| b.ca);
            }
        }
        let p256_key = is_p256.then(|| spki.subject_public_key.raw_bytes().to_vec());
        let validity = tbs.validity();
        Ok(Self {
            der: der.to_vec(),
            fingerprint: sha256(der),
            tbs: tbs_range,
            signature: cert.signature().raw_bytes().to_vec(),
            key_id: p256_key.as_deref().map(sha256),
            ecdsa_sha256: cert.signature_algorithm().oid == OID_ECDSA_SHA256,
            subject: rfc4514(&subject_attrs),
            issuer: rfc4514(&issuer_attrs),
            subject_key: name_key(&subject_attrs),
            issuer_key: name_key(&issuer_attrs),
            subject_attrs,
            serial: decimal(tbs.serial_number().as_bytes()),
            not_before: secs(validity.not_before.to_unix_duration().as_secs()),
            not_after: secs(validity.not_after.to_unix_duration().as_secs()),
            role: ou.as_deref().and_then(parse_ou),
            ou,
            entity_id: unique_id(tbs.subject()),
            key_usage,
            policies,
            is_ca,
            p256_key,
        })
    }

    /// Parses base64 DER (as DUIS carries certificates).
    pub fn from_base64(text: &str) -> Result<Self, CertFault> {
        let der = crate::crypto::base64_lenient(text).ok_or(CertFault::Base64)?;
        Self::from_der(&der)
    }

    /// Common name, if any.
    pub fn common_name(&self) -> Option<&str> {
        self.subject_attrs.iter().find(|(o, _)| *o == OID_CN).map(|(_, v)| v.as_str())
    }

    /// Whether this certificate's subject is the issuer named by `other`.
    pub fn is_named_issuer_of(&self, other: &SmkiCert) -> bool {
        self.subject_key == other.issuer_key
    }

    /// Whether `name` (RFC 2253/4514, e.g. `CN=Z1,OU=07`) names this certificate's issuer.
    pub fn issuer_matches(&self, name: &str) -> bool {
        parse_rfc4514(name).is_some_and(|n| name_key(&n) == self.issuer_key)
    }

    /// The signed part of the certificate (tbsCertificate), as its DER carries it.
    pub fn tbs_der(&self) -> &[u8] {
        self.der.get(self.tbs.clone()).unwrap_or_default()
    }

    /// Valid on the whole-day `day` (seconds of its midnight UTC): notBefore is before the
    /// end of that day and notAfter not before its start.
    pub fn valid_on_day(&self, day_start: i64) -> bool {
        self.not_before < day_start + 86_400 && self.not_after >= day_start
    }
}

fn secs(s: u64) -> i64 {
    i64::try_from(s).unwrap_or(i64::MAX)
}

/// Attribute types SMKI names use, with their RFC 4514 short names.
const SHORT_NAMES: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.11", "OU"),
    ("2.5.4.10", "O"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.45", "x500UniqueIdentifier"),
    ("0.9.2342.19200300.100.1.1", "UID"),
];

/// RFC 4514 string (most significant RDN last), e.g. `CN=Z1,OU=07`. Values are escaped as
/// §2.4 asks; types outside the small table print as dotted OIDs. (Hand-written so the module
/// carries no OID name database.)
fn rfc4514(attrs: &[(ObjectIdentifier, String)]) -> String {
    let mut parts = Vec::new();
    for (oid, value) in attrs.iter().rev() {
        let dotted = oid.to_string();
        let ty = SHORT_NAMES.iter().find(|(o, _)| *o == dotted).map_or(dotted.clone(), |(_, n)| (*n).to_owned());
        let mut v = String::new();
        for (i, ch) in value.chars().enumerate() {
            // (A leading '#' stays: attrs() writes non-string values as #hex, as §2.4 does.)
            let edge = ch == ' ' && (i == 0 || i + 1 == value.chars().count());
            if matches!(ch, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=') || edge {
                v.push('\\');
            }
            v.push(ch);
        }
        parts.push(format!("{ty}={v}"));
    }
    parts.join(",")
}

/// Parses an RFC 2253/4514 name into (type, value) pairs (multi-valued RDNs flattened);
/// `None` when a type is unknown or the syntax is broken.
fn parse_rfc4514(s: &str) -> Option<Vec<(ObjectIdentifier, String)>> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        let mut ty = String::new();
        for c in chars.by_ref() {
            if c == '=' {
                break;
            }
            ty.push(c);
        }
        let ty = ty.trim();
        if ty.is_empty() {
            return if out.is_empty() { None } else { Some(out) };
        }
        let oid = SHORT_NAMES
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(ty))
            .map_or_else(|| ObjectIdentifier::new(ty).ok(), |(o, _)| ObjectIdentifier::new(o).ok())?;
        let mut v = String::new();
        let mut end = false;
        while let Some(c) = chars.next() {
            match c {
                '\\' => v.push(chars.next()?),
                ',' | '+' | ';' => break,
                c => v.push(c),
            }
            if chars.peek().is_none() {
                end = true;
            }
        }
        out.push((oid, v.trim().to_owned()));
        if end || chars.peek().is_none() {
            return Some(out);
        }
    }
}

/// Attribute values as text: strings as they are, anything else as `#hex` of its value.
fn attrs(name: &Name) -> Vec<(ObjectIdentifier, String)> {
    name.iter()
        .map(|atv| {
            let v = &atv.value;
            let text = match v.tag() {
                Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::TeletexString | Tag::VisibleString => {
                    String::from_utf8_lossy(v.value()).into_owned()
                }
                _ => v.value().iter().fold(String::from("#"), |mut s, b| {
                    s.push_str(&format!("{b:02X}"));
                    s
                }),
            };
            (atv.oid, text)
        })
        .collect()
}

/// A name as compared: the multiset of (type, value), values trimmed and case-folded, as one
/// string (sorted `oid=value` items, each closed by a NUL, which no attribute value read here
/// can hold unescaped in the comparison's sense).
fn name_key(a: &[(ObjectIdentifier, String)]) -> String {
    let mut n: Vec<String> = a.iter().map(|(o, s)| format!("{o}={}\u{0}", s.trim().to_ascii_lowercase())).collect();
    n.sort();
    n.concat()
}

/// Where tbsCertificate lies in a certificate's DER (the first element of the outer
/// SEQUENCE), so signatures are checked over the bytes as carried, never a re-encoding.
fn tbs_range(der: &[u8]) -> Option<std::ops::Range<usize>> {
    use der::Reader as _;
    let mut r = der::SliceReader::new(der).ok()?;
    der::Header::decode(&mut r).ok()?;
    let start = usize::try_from(r.position()).ok()?;
    let inner = der::Header::decode(&mut r).ok()?;
    let end = usize::try_from((r.position() + inner.length()).ok()?).ok()?;
    (end <= der.len()).then_some(start..end)
}

fn unique_id(name: &Name) -> Option<Eui64> {
    let atv = name.iter().find(|a| a.oid == OID_UNIQUE_ID)?;
    if atv.value.tag() != Tag::BitString {
        return None;
    }
    // BIT STRING content: one byte of unused bits (must be 0), then exactly 8 bytes.
    match atv.value.value() {
        [0, rest @ ..] if rest.len() == 8 => {
            let mut b = [0u8; 8];
            b.copy_from_slice(rest);
            Some(Eui64(b))
        }
        _ => None,
    }
}

/// Big-endian unsigned bytes → decimal string.
pub(crate) fn decimal(bytes: &[u8]) -> String {
    let mut n: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    if n.is_empty() {
        return "0".into();
    }
    let mut digits = Vec::new();
    while !n.is_empty() {
        let mut rem = 0u32;
        for b in &mut n {
            let cur = (rem << 8) | u32::from(*b);
            *b = u8::try_from(cur / 10).unwrap_or(0);
            rem = cur % 10;
        }
        digits.push(char::from(b'0' + u8::try_from(rem).unwrap_or(0)));
        let skip = n.iter().take_while(|b| **b == 0).count();
        n.drain(..skip);
    }
    digits.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::{decimal, parse_rfc4514, rfc4514};

    #[test]
    fn names_render_and_parse_as_rfc_4514() {
        let n = parse_rfc4514("CN=Z1,OU=07").unwrap();
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].1, "Z1");
        let mut rev = n.clone();
        rev.reverse();
        assert_eq!(rfc4514(&rev), "CN=Z1,OU=07");
        assert_eq!(parse_rfc4514(" cn = a\\,b , ou=02").unwrap()[0].1, "a,b");
        assert!(parse_rfc4514("XX=1").is_none());
        assert!(parse_rfc4514("").is_none());
    }

    #[test]
    fn serials_print_as_unsigned_decimal() {
        assert_eq!(
            decimal(&[0x26, 0x1E, 0x9C, 0xCC, 0x40, 0xA7, 0x8F, 0xD1, 0x3D, 0x83, 0xBC, 0xE0, 0x7D, 0xAC, 0xFE, 0x08]),
            "50669612984035780968362471400449834504"
        );
        assert_eq!(decimal(&[0]), "0");
        assert_eq!(decimal(&[0, 0x01, 0x00]), "256");
    }
}
