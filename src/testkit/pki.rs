//! A deterministic SMKI-shaped test PKI.

use super::der::{bit_string, boolean, explicit, octet_string, oid, seq, set, time, uint, utf8};
use crate::crypto::sha256;
use crate::duis::request_id::Eui64;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{DerSignature, SigningKey};

/// The certificate policy the ZAZ1 test Organisation certificates carry (sec-facts topic 4).
pub const TEST_POLICY: &str = "1.2.826.0.1.8641679.1.2.1.4";

/// What to put in a certificate.
#[derive(Debug, Clone)]
pub struct CertSpec {
    /// Label: the key is derived from it (public, so the key is public too).
    pub label: String,
    /// Subject OU (role), e.g. "87".
    pub ou: String,
    /// Subject CN, if any.
    pub cn: Option<String>,
    /// Entity id (x500UniqueIdentifier).
    pub entity: Option<Eui64>,
    /// Serial (big-endian bytes).
    pub serial: Vec<u8>,
    /// notBefore (y, m, d).
    pub not_before: (i32, u8, u8),
    /// notAfter (y, m, d).
    pub not_after: (i32, u8, u8),
    /// digitalSignature key usage.
    pub digital_signature: bool,
    /// keyAgreement key usage.
    pub key_agreement: bool,
    /// A CA (keyCertSign, cRLSign, basicConstraints cA).
    pub ca: bool,
}

impl CertSpec {
    /// An Organisation certificate (digitalSignature) with role `ou` for `entity`.
    pub fn org(label: &str, ou: &str, entity: Eui64) -> Self {
        Self {
            label: label.into(),
            ou: ou.into(),
            cn: None,
            entity: Some(entity),
            serial: sha256(label.as_bytes()).get(..16).unwrap_or(&[1]).to_vec(),
            not_before: (2020, 1, 1),
            not_after: (2040, 1, 1),
            digital_signature: true,
            key_agreement: false,
            ca: false,
        }
    }

    /// A CA certificate (Root OU 00 or OCA OU 07).
    pub fn ca(label: &str, ou: &str, cn: &str) -> Self {
        Self { cn: Some(cn.into()), entity: None, ca: true, digital_signature: false, ..Self::org(label, ou, Eui64([0; 8])) }
    }
}

/// A test certificate and its private key.
#[derive(Debug, Clone)]
pub struct TestCert {
    /// DER.
    pub der: Vec<u8>,
    /// Private key (deterministic, public: test only).
    pub key: SigningKey,
    /// Subject name DER (to issue from it).
    pub subject_der: Vec<u8>,
}

impl TestCert {
    /// PEM text.
    pub fn pem(&self) -> String {
        pem("CERTIFICATE", &self.der)
    }

    /// The private key as a SEC1 `EC PRIVATE KEY` PEM (for xmlsec1/openssl in interop tests).
    pub fn private_key_pem(&self) -> String {
        let point = self.key.verifying_key().to_sec1_bytes();
        let der = seq(&[uint(&[1]), octet_string(&self.key.to_bytes()), explicit(0, &oid("1.2.840.10045.3.1.7")), explicit(1, &bit_string(&point))]);
        pem("EC PRIVATE KEY", &der)
    }

    /// Base64 DER, as DUIS carries certificates.
    pub fn base64(&self) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(&self.der)
    }

    /// Serial as an unsigned decimal.
    pub fn serial_decimal(&self) -> String {
        crate::smki::SmkiCert::from_der(&self.der).map(|c| c.serial).unwrap_or_default()
    }
}

/// PEM armour: base64 in 64-character lines between BEGIN and END lines.
fn pem(label: &str, der: &[u8]) -> String {
    use base64::Engine as _;
    let b = base64::engine::general_purpose::STANDARD.encode(der);
    let mut s = format!("-----BEGIN {label}-----\n");
    for chunk in b.as_bytes().chunks(64) {
        s.push_str(&String::from_utf8_lossy(chunk));
        s.push('\n');
    }
    s.push_str(&format!("-----END {label}-----\n"));
    s
}

/// A key derived from a label (SHA-256 of it, retried until it is a valid scalar).
pub fn key_for(label: &str) -> SigningKey {
    let mut seed = sha256(label.as_bytes());
    loop {
        if let Ok(k) = SigningKey::from_slice(&seed) {
            return k;
        }
        seed = sha256(&seed);
    }
}

fn name(spec: &CertSpec) -> Vec<u8> {
    let mut rdns = Vec::new();
    if let Some(cn) = &spec.cn {
        rdns.push(set(&[seq(&[oid("2.5.4.3"), utf8(cn)])]));
    }
    rdns.push(set(&[seq(&[oid("2.5.4.11"), utf8(&spec.ou)])]));
    if let Some(e) = spec.entity {
        rdns.push(set(&[seq(&[oid("2.5.4.45"), bit_string(&e.0)])]));
    }
    seq(&rdns)
}

/// Issues a certificate for `spec`, signed by `issuer` (or self-signed when `None`).
pub fn issue(spec: &CertSpec, issuer: Option<&TestCert>) -> TestCert {
    let key = key_for(&spec.label);
    let subject = name(spec);
    let issuer_name = issuer.map_or_else(|| subject.clone(), |i| i.subject_der.clone());
    let point = key.verifying_key().to_sec1_bytes();
    let spki = seq(&[seq(&[oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7")]), bit_string(&point)]);
    let mut ku = 0u8;
    if spec.digital_signature {
        ku |= 0x80;
    }
    if spec.key_agreement {
        ku |= 0x08;
    }
    if spec.ca {
        ku |= 0x06; // keyCertSign, cRLSign
    }
    let unused = ku.trailing_zeros().min(7) as u8;
    let ku_der = super::der::tlv(0x03, &[unused, ku]);
    let mut exts = vec![
        seq(&[oid("2.5.29.15"), boolean(true), octet_string(&ku_der)]),
        seq(&[oid("2.5.29.32"), boolean(true), octet_string(&seq(&[seq(&[oid(TEST_POLICY)])]))]),
        seq(&[oid("2.5.29.14"), octet_string(&octet_string(sha256(&point).get(..8).unwrap_or(&[])))]),
    ];
    if spec.ca {
        exts.push(seq(&[oid("2.5.29.19"), boolean(true), octet_string(&seq(&[boolean(true), uint(&[0])]))]));
    }
    let alg = seq(&[oid("1.2.840.10045.4.3.2")]);
    let tbs = seq(&[
        explicit(0, &uint(&[2])),
        uint(&spec.serial),
        alg.clone(),
        issuer_name,
        seq(&[time(spec.not_before.0, spec.not_before.1, spec.not_before.2), time(spec.not_after.0, spec.not_after.1, spec.not_after.2)]),
        subject.clone(),
        spki,
        explicit(3, &seq(&exts)),
    ]);
    let signer = issuer.map_or(&key, |i| &i.key);
    let sig: DerSignature = signer.sign(&tbs);
    let der = seq(&[tbs, alg, bit_string(sig.as_bytes())]);
    TestCert { der, key, subject_der: subject }
}

/// The test PKI: Root "ZZ" (OU 00), OCA "Z1" (OU 07), and a twin OCA with the same name but
/// another key (issuers must be matched by key).
#[derive(Debug, Clone)]
pub struct TestPki {
    /// Root.
    pub root: TestCert,
    /// OCA.
    pub oca: TestCert,
    /// An OCA named like `oca` with a different key, not issued by `root`'s key… by design
    /// issued by the same root, so only key matching tells them apart.
    pub twin_oca: TestCert,
}

impl TestPki {
    /// The deterministic PKI.
    pub fn new() -> Self {
        let root = issue(&CertSpec::ca("sec-rules test root", "00", "ZZ"), None);
        let oca = issue(&CertSpec::ca("sec-rules test OCA", "07", "Z1"), Some(&root));
        let twin_oca = issue(&CertSpec::ca("sec-rules twin OCA", "07", "Z1"), Some(&root));
        Self { root, oca, twin_oca }
    }

    /// An Organisation certificate issued by the OCA.
    pub fn org(&self, spec: &CertSpec) -> TestCert {
        issue(spec, Some(&self.oca))
    }

    /// A certificate issued by any test certificate (e.g. the twin OCA).
    pub fn issue_with(spec: &CertSpec, issuer: &TestCert) -> TestCert {
        issue(spec, Some(issuer))
    }
}

impl Default for TestPki {
    fn default() -> Self {
        Self::new()
    }
}
