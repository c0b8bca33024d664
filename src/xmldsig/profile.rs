//! The DUIS XML-DSig profile (sec-facts topic 5; signing-tool `Sign.java`): exactly one
//! `ds:Signature`, the last child of the root; exclusive c14n for SignedInfo; ECDSA-SHA256;
//! one `Reference URI=""` whose only transform is enveloped-signature; SHA-256 digest;
//! KeyInfo by X509IssuerSerial. Anything else is refused — the defence against wrapping.

use super::c14n::Mode;
use crate::duis::names::DS_NS;
use crate::model::Place;
use crate::xml;
use roxmltree::{Document, Node};
use std::fmt;

/// `http://www.w3.org/2001/10/xml-exc-c14n#`
pub const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
/// `http://www.w3.org/TR/2001/REC-xml-c14n-20010315`
pub const C14N: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
/// `http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256`
pub const ECDSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
/// `http://www.w3.org/2000/09/xmldsig#enveloped-signature`
pub const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
/// `http://www.w3.org/2001/04/xmlenc#sha256`
pub const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";

/// The parts of a signature that fits the profile.
#[derive(Debug, Clone)]
pub struct Signature<'a, 'i> {
    /// `ds:Signature`.
    pub node: Node<'a, 'i>,
    /// `ds:SignedInfo`.
    pub signed_info: Node<'a, 'i>,
    /// How SignedInfo is canonicalised (from CanonicalizationMethod).
    pub signed_info_c14n: Mode,
    /// `ds:DigestValue` node.
    pub digest_node: Node<'a, 'i>,
    /// Decoded DigestValue.
    pub digest_value: Vec<u8>,
    /// `ds:SignatureValue` node.
    pub value_node: Node<'a, 'i>,
    /// Decoded SignatureValue (r‖s).
    pub signature_value: Vec<u8>,
    /// X509IssuerName, when KeyInfo gives one.
    pub issuer_name: Option<String>,
    /// X509SerialNumber (decimal), when KeyInfo gives one.
    pub serial: Option<String>,
    /// Where KeyInfo is (for signer findings).
    pub key_info: Option<Node<'a, 'i>>,
}

/// A departure from the DUIS signature profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileFault {
    /// More than one ds:Signature in the document.
    SeveralSignatures(usize),
    /// The signature is not the last child element of the root.
    Misplaced,
    /// A required element is missing.
    Missing(&'static str),
    /// An element not in the profile (e.g. ds:Object, a second Reference).
    Unexpected(String),
    /// An algorithm other than the profile's.
    Algorithm {
        /// Which element.
        element: &'static str,
        /// Seen.
        found: String,
        /// Required.
        required: &'static str,
    },
    /// Reference URI other than "".
    ReferenceUri(String),
    /// Transforms other than exactly enveloped-signature.
    Transforms(Vec<String>),
    /// A value that is not base64.
    Base64(&'static str),
    /// SignatureValue is not 64 bytes (r‖s for P-256).
    ValueLength(usize),
    /// DigestValue is not 32 bytes.
    DigestLength(usize),
}

impl fmt::Display for ProfileFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileFault::SeveralSignatures(n) => {
                write!(f, "the document holds {n} ds:Signature elements; the DUIS profile allows exactly one (signature wrapping defence)")
            }
            ProfileFault::Misplaced => f.write_str("ds:Signature must be the last child element of the root element"),
            ProfileFault::Missing(e) => write!(f, "ds:Signature has no {e}"),
            ProfileFault::Unexpected(e) => write!(f, "{e} is not allowed by the DUIS signature profile"),
            ProfileFault::Algorithm { element, found, required } => write!(f, "{element} Algorithm is \"{found}\"; the DUIS profile requires \"{required}\""),
            ProfileFault::ReferenceUri(u) => write!(f, "Reference URI is \"{u}\"; the DUIS profile signs the whole document (URI=\"\")"),
            ProfileFault::Transforms(t) => write!(f, "the Reference's transforms are [{}]; the DUIS profile requires exactly [{ENVELOPED}]", t.join(", ")),
            ProfileFault::Base64(e) => write!(f, "{e} is not valid base64"),
            ProfileFault::ValueLength(n) => write!(f, "SignatureValue is {n} bytes; ECDSA P-256 r‖s is 64"),
            ProfileFault::DigestLength(n) => write!(f, "DigestValue is {n} bytes; SHA-256 is 32"),
        }
    }
}

fn ds(n: Node<'_, '_>, local: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(DS_NS) && n.tag_name().name() == local
}

/// The character data of a value element: its text nodes joined (comments and PIs between
/// them are not part of the value, as xmlsec1 reads it).
fn text_of(n: Node<'_, '_>) -> String {
    xml::text::value(n).into_owned()
}

/// Every ds:Signature in the document.
pub fn signatures<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    doc.descendants().filter(|n| ds(*n, "Signature")).collect()
}

/// Reads the signature against the profile; a fault comes with its place.
pub fn read<'a, 'i>(doc: &'a Document<'i>) -> Result<Signature<'a, 'i>, (ProfileFault, Place)> {
    let all = signatures(doc);
    let root = doc.root_element();
    let place = |n: Node<'_, '_>| Place::at(n.range().start, xml::path(n));
    let Some(sig) = all.first().copied() else { return Err((ProfileFault::Missing("Signature"), place(root))) };
    if all.len() > 1 {
        let second = all.get(1).copied().unwrap_or(sig);
        return Err((ProfileFault::SeveralSignatures(all.len()), place(second)));
    }
    if sig.parent() != Some(root) || xml::elements(root).last() != Some(sig) {
        return Err((ProfileFault::Misplaced, place(sig)));
    }
    let kids: Vec<Node<'a, 'i>> = xml::elements(sig).collect();
    let (Some(si), Some(sv)) = (kids.first().copied().filter(|n| ds(*n, "SignedInfo")), kids.get(1).copied().filter(|n| ds(*n, "SignatureValue"))) else {
        return Err((ProfileFault::Missing("SignedInfo followed by SignatureValue"), place(sig)));
    };
    let key_info = kids.get(2).copied().filter(|n| ds(*n, "KeyInfo"));
    if let Some(extra) = kids.get(if key_info.is_some() { 3 } else { 2 }) {
        return Err((ProfileFault::Unexpected(format!("ds:{}", extra.tag_name().name())), place(*extra)));
    }

    let si_kids: Vec<Node<'a, 'i>> = xml::elements(si).collect();
    let (Some(cm), Some(sm)) =
        (si_kids.first().copied().filter(|n| ds(*n, "CanonicalizationMethod")), si_kids.get(1).copied().filter(|n| ds(*n, "SignatureMethod")))
    else {
        return Err((ProfileFault::Missing("CanonicalizationMethod and SignatureMethod"), place(si)));
    };
    let refs: Vec<Node<'a, 'i>> = si_kids.iter().skip(2).copied().collect();
    if let Some(bad) = refs.iter().find(|n| !ds(**n, "Reference")) {
        return Err((ProfileFault::Unexpected(format!("ds:{} in SignedInfo", bad.tag_name().name())), place(*bad)));
    }
    let reference = match refs.as_slice() {
        [one] => *one,
        [] => return Err((ProfileFault::Missing("Reference"), place(si))),
        [_, second, ..] => return Err((ProfileFault::Unexpected("a second ds:Reference".into()), place(*second))),
    };
    let c14n_alg = cm.attribute("Algorithm").unwrap_or("");
    if c14n_alg != EXC_C14N {
        return Err((ProfileFault::Algorithm { element: "CanonicalizationMethod", found: c14n_alg.into(), required: EXC_C14N }, place(cm)));
    }
    let inclusive_prefixes = xml::elements(cm)
        .find(|n| n.tag_name().name() == "InclusiveNamespaces" && n.tag_name().namespace() == Some(EXC_C14N))
        .and_then(|n| n.attribute("PrefixList"))
        .map(|l| l.split_ascii_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    let sm_alg = sm.attribute("Algorithm").unwrap_or("");
    if sm_alg != ECDSA_SHA256 {
        return Err((ProfileFault::Algorithm { element: "SignatureMethod", found: sm_alg.into(), required: ECDSA_SHA256 }, place(sm)));
    }
    let uri = reference.attribute("URI");
    if uri != Some("") {
        return Err((ProfileFault::ReferenceUri(uri.unwrap_or("(absent)").into()), place(reference)));
    }
    let ref_kids: Vec<Node<'a, 'i>> = xml::elements(reference).collect();
    let (transforms, rest) = match ref_kids.first() {
        Some(t) if ds(*t, "Transforms") => (Some(*t), ref_kids.get(1..).unwrap_or(&[])),
        _ => (None, ref_kids.as_slice()),
    };
    let algs: Vec<String> = transforms.map(|t| xml::elements(t).map(|x| x.attribute("Algorithm").unwrap_or("(none)").to_owned()).collect()).unwrap_or_default();
    if algs != [ENVELOPED] {
        return Err((ProfileFault::Transforms(algs), place(transforms.unwrap_or(reference))));
    }
    let (Some(dm), Some(dv)) = (rest.first().copied().filter(|n| ds(*n, "DigestMethod")), rest.get(1).copied().filter(|n| ds(*n, "DigestValue"))) else {
        return Err((ProfileFault::Missing("DigestMethod and DigestValue"), place(reference)));
    };
    if let Some(extra) = rest.get(2) {
        return Err((ProfileFault::Unexpected(format!("ds:{} in Reference", extra.tag_name().name())), place(*extra)));
    }
    let dm_alg = dm.attribute("Algorithm").unwrap_or("");
    if dm_alg != SHA256 {
        return Err((ProfileFault::Algorithm { element: "DigestMethod", found: dm_alg.into(), required: SHA256 }, place(dm)));
    }
    for value in [dv, sv] {
        if let Some(child) = xml::elements(value).next() {
            return Err((ProfileFault::Unexpected(format!("element {} inside ds:{}", child.tag_name().name(), value.tag_name().name())), place(child)));
        }
    }
    let digest_value = crate::crypto::base64_lenient(&text_of(dv)).ok_or((ProfileFault::Base64("DigestValue"), place(dv)))?;
    if digest_value.len() != 32 {
        return Err((ProfileFault::DigestLength(digest_value.len()), place(dv)));
    }
    let signature_value = crate::crypto::base64_lenient(&text_of(sv)).ok_or((ProfileFault::Base64("SignatureValue"), place(sv)))?;
    if signature_value.len() != 64 {
        return Err((ProfileFault::ValueLength(signature_value.len()), place(sv)));
    }
    let issuer_serial = key_info.and_then(|k| k.descendants().find(|n| ds(*n, "X509IssuerSerial")));
    let field = |local: &str| issuer_serial.and_then(|s| xml::elements(s).find(|n| ds(*n, local))).map(|n| xml::text::trimmed(n).into_owned());
    Ok(Signature {
        node: sig,
        signed_info: si,
        signed_info_c14n: Mode::Exclusive { inclusive_prefixes },
        digest_node: dv,
        digest_value,
        value_node: sv,
        signature_value,
        issuer_name: field("X509IssuerName"),
        serial: field("X509SerialNumber"),
        key_info,
    })
}
