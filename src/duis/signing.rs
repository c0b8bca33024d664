//! The signature and signer rules: `duis.signature.*` and `duis.signer.*`.

use super::evaluator::{DuisEvaluator, NOT_WELL_FORMED};
use crate::model::{Evaluation, Place};
use crate::smki::{chain, Role, SmkiCert};
use crate::xml;
use crate::xmldsig::{profile, verify};

const NO_STORE: &str = "not evaluated: no trust store was given; add the SMKI Root, OCA and signer certificates (--trust, or drop them on the page)";

/// The signer's certificate, as found (or not) by X509IssuerSerial.
pub(super) enum SignerLookup<'s> {
    Found(&'s SmkiCert),
    NoStore,
    Unusable(String),
    /// The store given does not hold the certificate KeyInfo names: a missing input.
    Absent(String),
    /// KeyInfo does not name a certificate: a fault of the document.
    NotFound(String, Place),
}

fn place_of(n: roxmltree::Node<'_, '_>) -> Place {
    Place::at(n.range().start, xml::path(n))
}

pub(super) fn present(ev: &mut DuisEvaluator<'_, '_, '_>) -> Evaluation {
    let Ok(p) = ev.parsed else { return Evaluation::not_evaluated(NOT_WELL_FORMED) };
    let doc = p.doc();
    match profile::signatures(doc).first() {
        Some(s) => Evaluation::pass("ds:Signature is present", Some(place_of(*s))),
        None => Evaluation::fail("the document is not signed: it has no ds:Signature", Some(place_of(doc.root_element()))),
    }
}

pub(super) fn profile(ev: &mut DuisEvaluator<'_, '_, '_>) -> Evaluation {
    match ev.signature() {
        None => Evaluation::not_evaluated(NOT_WELL_FORMED),
        Some(Err((profile::ProfileFault::Missing("Signature"), _))) => {
            Evaluation::not_evaluated("not evaluated: there is no signature (duis.signature.present)")
        }
        Some(Err((f, p))) => Evaluation::fail(f.to_string(), Some(p.clone())),
        Some(Ok(s)) => Evaluation::pass(
            "exclusive c14n, ECDSA-SHA256, one Reference URI=\"\" with only the enveloped-signature transform, SHA-256; ds:Signature is the root's last child",
            Some(place_of(s.signed_info)),
        ),
    }
}

pub(super) fn digest(ev: &mut DuisEvaluator<'_, '_, '_>) -> Evaluation {
    let Ok(parsed) = ev.parsed else { return Evaluation::not_evaluated(NOT_WELL_FORMED) };
    match ev.signature() {
        Some(Ok(s)) => match verify::check_digest(parsed, s) {
            Ok(d) => Evaluation::pass(
                format!("SHA-256 of the document (inclusive C14N 1.0, signature removed) is {d}, as DigestValue says"),
                Some(place_of(s.digest_node)),
            ),
            Err(m) => Evaluation::fail(m.to_string(), Some(place_of(s.digest_node))),
        },
        _ => Evaluation::not_evaluated("not evaluated: the signature does not fit the DUIS profile (duis.signature.profile)"),
    }
}

pub(super) fn signer<'e, 's>(ev: &'e mut DuisEvaluator<'_, '_, 's>) -> &'e SignerLookup<'s> {
    if ev.signer.is_none() {
        let trust = ev.trust;
        let found = match (trust, ev.signature()) {
            (None, _) => SignerLookup::NoStore,
            (_, None) => SignerLookup::Unusable(NOT_WELL_FORMED.into()),
            (_, Some(Err(_))) => SignerLookup::Unusable("not evaluated: the signature does not fit the DUIS profile (duis.signature.profile)".into()),
            (Some(store), Some(Ok(s))) => {
                let at = s.key_info.map_or_else(|| place_of(s.node), place_of);
                match (&s.issuer_name, &s.serial) {
                    (Some(issuer), Some(serial)) => {
                        let by_serial: Vec<&SmkiCert> = store.by_serial(serial).collect();
                        match by_serial.iter().find(|c| c.issuer_matches(issuer)) {
                            Some(c) => SignerLookup::Found(c),
                            // the store is what the user gave: a certificate it lacks is a missing input
                            None if by_serial.is_empty() => SignerLookup::Absent(format!(
                                "not evaluated: the signer's certificate (serial {serial}, issuer {issuer}, named by KeyInfo) is not among the {} certificates given; add it (--trust, or drop it on the page)",
                                store.len()
                            )),
                            None => SignerLookup::Absent(format!(
                                "not evaluated: the certificates given hold serial {serial}, but issued by {} rather than {issuer}; add the signer's certificate (--trust, or drop it on the page)",
                                by_serial.first().map_or("", |c| c.issuer.as_str())
                            )),
                        }
                    }
                    _ => SignerLookup::NotFound(
                        "KeyInfo has no X509IssuerSerial (X509IssuerName and X509SerialNumber) naming the signer's certificate".into(),
                        at,
                    ),
                }
            }
        };
        ev.signer = Some(found);
    }
    ev.signer.as_ref().unwrap_or(&SignerLookup::NoStore)
}

fn need_signer<'s>(ev: &mut DuisEvaluator<'_, '_, 's>) -> Result<&'s SmkiCert, Evaluation> {
    match signer(ev) {
        SignerLookup::Found(c) => Ok(*c),
        SignerLookup::NoStore => Err(Evaluation::not_evaluated(NO_STORE)),
        SignerLookup::Unusable(m) => Err(Evaluation::not_evaluated(m.clone())),
        SignerLookup::NotFound(..) | SignerLookup::Absent(_) => {
            Err(Evaluation::not_evaluated("not evaluated: the signer's certificate is not in the trust store (duis.signer.known)"))
        }
    }
}

pub(super) fn known(ev: &mut DuisEvaluator<'_, '_, '_>) -> Evaluation {
    match signer(ev) {
        SignerLookup::Found(c) => {
            Evaluation::pass(format!("signer certificate {} (serial {}, issuer {}) found in the trust store", c.subject, c.serial, c.issuer), None)
        }
        SignerLookup::NoStore => Evaluation::not_evaluated(NO_STORE),
        SignerLookup::Unusable(m) | SignerLookup::Absent(m) => Evaluation::not_evaluated(m.clone()),
        SignerLookup::NotFound(m, p) => Evaluation::fail(m.clone(), Some(p.clone())),
    }
}

pub(super) fn value(ev: &mut DuisEvaluator<'_, '_, '_>) -> Evaluation {
    let cert = match need_signer(ev) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let (parsed, crypto) = (ev.parsed, ev.crypto);
    let Ok(parsed) = parsed else { return Evaluation::not_evaluated(NOT_WELL_FORMED) };
    let Some(Ok(s)) = ev.signature() else { return Evaluation::not_evaluated("not evaluated: the signature does not fit the DUIS profile") };
    let at = Some(place_of(s.value_node));
    let Some(key) = cert.p256_key.as_ref() else {
        return Evaluation::fail(format!("the signer certificate {} has no ECDSA P-256 key", cert.subject), at);
    };
    match verify::check_value(parsed, s, key, crypto) {
        Ok(()) => Evaluation::pass(format!("SignatureValue verifies over the exclusive-c14n SignedInfo with the key of {}", cert.subject), at),
        Err(crate::crypto::VerifyFault::BadSignature) => Evaluation::fail("SignatureValue is not a valid ECDSA P-256 r‖s value", at),
        Err(_) => Evaluation::fail(
            format!(
                "SignatureValue does not verify with the key of {} (serial {}): the SignedInfo or the signature was altered, or another key signed",
                cert.subject, cert.serial
            ),
            at,
        ),
    }
}

pub(super) fn valid(ev: &mut DuisEvaluator<'_, '_, '_>, opts: &crate::engine::Options) -> Evaluation {
    let cert = match need_signer(ev) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let Some(store) = ev.trust else { return Evaluation::not_evaluated(NO_STORE) };
    // An XML signing certificate signs: it needs the digitalSignature key usage, and an SMKI
    // Organisation Certificate carries a certificate policy (its OID is not checked: the
    // production SMKI policy OIDs are NOT FOUND, sec-facts topic 4).
    match cert.key_usage {
        Some(ku) if ku.digital_signature => {}
        Some(_) => return Evaluation::fail(format!("the signing certificate {} lacks the digitalSignature key usage", cert.subject), None),
        None => return Evaluation::fail(format!("the signing certificate {} has no key usage extension", cert.subject), None),
    }
    if cert.policies.is_empty() {
        return Evaluation::fail(format!("the signing certificate {} carries no certificate policy, as SMKI Organisation Certificates do", cert.subject), None);
    }
    match chain::verify(store, cert, opts.as_of, ev.crypto) {
        Ok(ch) => {
            let ends = match &ch.given_anchor {
                Some(file) => {
                    ev.anchored = Some(file.clone());
                    format!("; trusted as given: trust anchor {file} ({}); no chain checked beyond it", ch.path.last().map_or("", String::as_str))
                }
                None if ch.reaches_root => String::new(),
                None => " (the OCA is a trust anchor; its Root is not in the trust store)".to_owned(),
            };
            let chain = if ch.path.len() > 1 { format!(", and chains by signature: {}", ch.path.join(" → ")) } else { String::new() };
            Evaluation::pass(format!("valid on {}, key usage digitalSignature, policy {}{chain}{ends}", opts.as_of, cert.policies.join(", ")), None)
        }
        // the issuer is simply not among the certificates given: a missing input, not a fault
        Err(chain::ChainFault::UnknownIssuer { issuer }) => Evaluation::not_evaluated(format!(
            "not evaluated: the issuer {issuer} is not in the trust store, so no chain can be checked; add its OCA (and Root) certificates (--trust, or drop them on the page) — or, for a test environment whose OCA is not published (DCC Boxed), give the signer's certificate as a trust anchor (--trust-anchor, or 'Trust as given' on the page)"
        )),
        Err(f) => Evaluation::fail(f.to_string(), None),
    }
}

pub(super) fn role(ev: &mut DuisEvaluator<'_, '_, '_>, required: Role) -> Evaluation {
    let cert = match need_signer(ev) {
        Ok(c) => c,
        Err(e) => return e,
    };
    match cert.role {
        Some(r) if r.role == required && r.legacy_decimal => Evaluation::pass(
            format!(
                "signer role {required}, written in the legacy decimal form OU={} (certificates before SMKI 1.4.1); accepted",
                cert.ou.as_deref().unwrap_or("")
            ),
            None,
        ),
        Some(r) if r.role == required => Evaluation::pass(format!("signer role is {required}"), None),
        Some(r) => Evaluation::fail(format!("the signing certificate's Remote Party Role is {}, not {required}", r.role), None),
        None => Evaluation::fail(format!("the signing certificate has no Remote Party Role OU (seen: {:?}); {required} is required", cert.ou), None),
    }
}

/// `duis.signer.user-id` (S003 §3.3 check i): for a 6.23, the User ID in the request (the
/// RequestID originator) is the signing certificate's. S003 adds the check for SRV 6.23 only;
/// no source says the DCC compares them for other SRVs, so it does not apply to them.
pub(super) fn user_id(ev: &mut DuisEvaluator<'_, '_, '_>) -> Evaluation {
    match ev.srv() {
        Some("6.23") => {}
        Some(srv) => {
            return Evaluation::skipped(format!(
                "does not apply: S003 §3.3 adds this check for SRV 6.23; no source says the DCC compares the RequestID originator with the signer's User ID for SRV {srv}"
            ))
        }
        None => return Evaluation::not_evaluated("not evaluated: the Header names no valid ServiceReferenceVariant (duis.schema.header)"),
    }
    let cert = match need_signer(ev) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let rid_place = ev.envelope().and_then(|e| e.request_id).map(place_of);
    let Some(rid) = ev.request_id() else {
        return Evaluation::not_evaluated("not evaluated: the RequestID is missing or malformed (duis.request-id.format)");
    };
    match cert.entity_id {
        Some(e) if e == rid.originator => Evaluation::pass(format!("signer entity id {e} is the RequestID originator"), rid_place),
        Some(e) => Evaluation::fail(format!("the RequestID originator is {}, but the signing certificate belongs to {e}", rid.originator), rid_place),
        None => Evaluation::fail("the signing certificate has no x500UniqueIdentifier (64-bit entity id)", None),
    }
}
