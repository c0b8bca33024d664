//! Signs a DUIS document the way the DUIS profile says (test and demo only).

use super::pki::TestCert;
use crate::xmldsig::c14n::{canonicalize, Mode};
use crate::xmldsig::profile::{ECDSA_SHA256, ENVELOPED, EXC_C14N, SHA256};
use base64::Engine as _;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::Signature;

/// How to build the signature (the defaults give the DUIS profile).
#[derive(Debug, Clone)]
pub struct SignOptions {
    /// X509IssuerName to write.
    pub issuer_name: String,
    /// X509SerialNumber to write (decimal).
    pub serial: String,
    /// CanonicalizationMethod URI.
    pub c14n: String,
    /// Wrap SignatureValue base64 with `&#13;\n` (as Java signers do).
    pub wrap_value: bool,
}

impl SignOptions {
    /// The profile's options for `cert`.
    pub fn for_cert(cert: &TestCert, issuer_name: &str) -> Self {
        Self { issuer_name: issuer_name.into(), serial: cert.serial_decimal(), c14n: EXC_C14N.into(), wrap_value: false }
    }
}

/// Inserts an enveloped `ds:Signature` as the last child of the root and fills it in.
/// `xml` must be well-formed and end with the root's end tag.
pub fn sign_document(xml: &str, signer: &TestCert, opts: &SignOptions) -> Option<String> {
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let limits = crate::duis::limits();
    let prepared = crate::xml::prepare(xml.as_bytes(), &limits).ok()?;
    let parsed = prepared.parse(&limits).ok()?;
    let digest = crate::crypto::sha256(&canonicalize(&parsed, parsed.doc().root(), None, &Mode::Inclusive));
    let end_tag_start = xml.rfind("</")?;
    let signed_info = format!(
        "<ds:SignedInfo><ds:CanonicalizationMethod Algorithm=\"{}\"/><ds:SignatureMethod Algorithm=\"{ECDSA_SHA256}\"/><ds:Reference URI=\"\"><ds:Transforms><ds:Transform Algorithm=\"{ENVELOPED}\"/></ds:Transforms><ds:DigestMethod Algorithm=\"{SHA256}\"/><ds:DigestValue>{}</ds:DigestValue></ds:Reference></ds:SignedInfo>",
        opts.c14n,
        b64(&digest)
    );
    let sig_open = "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">";
    let key_info = format!(
        "<ds:KeyInfo><ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>{}</ds:X509IssuerName><ds:X509SerialNumber>{}</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data></ds:KeyInfo>",
        opts.issuer_name, opts.serial
    );
    let with_placeholder = format!(
        "{}{sig_open}{signed_info}<ds:SignatureValue>PLACEHOLDER</ds:SignatureValue>{key_info}</ds:Signature>{}",
        xml.get(..end_tag_start)?,
        xml.get(end_tag_start..)?
    );
    let prepared2 = crate::xml::prepare(with_placeholder.as_bytes(), &limits).ok()?;
    let parsed2 = prepared2.parse(&limits).ok()?;
    let si = parsed2.doc().descendants().find(|n| n.tag_name().name() == "SignedInfo")?;
    let octets = canonicalize(&parsed2, si, None, &Mode::Exclusive { inclusive_prefixes: vec![] });
    let sig: Signature = signer.key.sign(&octets);
    let mut value = b64(&sig.to_bytes());
    if opts.wrap_value {
        #[expect(clippy::disallowed_methods, reason = "`value` is base64, all ASCII: every index is a char boundary")]
        value.insert_str(value.len() / 2, "&#13;\n");
    }
    Some(with_placeholder.replacen("PLACEHOLDER", &value, 1))
}
