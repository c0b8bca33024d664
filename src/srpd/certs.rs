//! Generic checks for requests carrying certificates that update Device Security Credentials
//! (S003 §3.3): (i) each Organisation Certificate's issuing OCA certificate is included;
//! (ii) each included OCA issued at least one of them. "Issued" is decided by signature.

use crate::crypto::EcdsaP256;
use crate::duis::body::{Carried, CarriedCert};
use crate::model::{Evaluation, Place};
use crate::smki::{Role, VerifyCache};
use crate::xml;

fn place(c: &CarriedCert<'_, '_>) -> Place {
    Place::at(c.node.range().start, xml::path(c.node))
}

/// Verifies issuer signatures between certificates carried in a request, through a cache.
#[derive(Clone, Copy)]
pub struct Verifier<'a> {
    /// The cache (the trust store's, or one shared by a batch).
    pub cache: &'a VerifyCache,
    /// The ECDSA backend.
    pub crypto: &'a dyn EcdsaP256,
    /// The trust store, for certificates the user trusts as given (`--trust-anchor`).
    pub store: Option<&'a crate::smki::TrustStore>,
}

/// Whether `issuer` is named as `child`'s issuer and its key verifies `child`.
fn issued(v: Verifier<'_>, child: &CarriedCert<'_, '_>, issuer: &CarriedCert<'_, '_>) -> bool {
    issuer.cert.is_named_issuer_of(&child.cert) && v.cache.verifies(&child.cert, &issuer.cert, v.crypto)
}

/// `srpd.certs.oca-included`; with the files of the trust anchors it relied on.
pub fn oca_included(body: &Carried<'_, '_>, v: Verifier<'_>) -> (Vec<Evaluation>, Vec<String>) {
    let mut out = Vec::new();
    let mut anchors = Vec::new();
    for (name, c) in &body.replacements {
        if let Some(p) = body.path.iter().find(|p| issued(v, c, p)) {
            out.push(Evaluation::pass(format!("{name} was issued by the included OCA {} (signature verified)", p.cert.subject), Some(place(c))));
            continue;
        }
        // a certificate the user trusts as given is taken as it is, without its issuer
        if let Some(file) = v.store.and_then(|s| s.given_anchor(&c.cert)) {
            out.push(Evaluation::pass(
                format!("{name} ({}) is trusted as given: trust anchor {file}; its issuing OCA was not checked", c.cert.subject),
                Some(place(c)),
            ));
            anchors.push(file.to_owned());
            continue;
        }
        let named = body.path.iter().any(|p| p.cert.is_named_issuer_of(&c.cert));
        out.push(Evaluation::fail(
            if named {
                format!("{name}'s issuer {} is named in CertificationPathCertificates, but that certificate's key does not verify it: another OCA of the same name issued it, and that one is not included. Test environments do this (DCC Boxed's certificates name the public Z1 OCA but were issued by one that is not published); to take the certificate as given there, make it a trust anchor (--trust-anchor, or 'Trust as given' on the page)", c.cert.issuer)
            } else {
                format!("{name}'s issuing OCA certificate ({}) is not included in CertificationPathCertificates, so the device cannot Confirm Validity", c.cert.issuer)
            },
            Some(place(c)),
        ));
    }
    (out, anchors)
}

/// `srpd.certs.oca-used`.
pub fn oca_used(body: &Carried<'_, '_>, v: Verifier<'_>) -> Vec<Evaluation> {
    let reps = &body.replacements;
    body.path
        .iter()
        .filter(|p| p.cert.role.map(|r| r.role) == Some(Role::IssuingAuthority))
        .map(|p| match reps.iter().find(|(_, c)| issued(v, c, p)) {
            Some((name, _)) => Evaluation::pass(format!("the included OCA {} issued {name}", p.cert.subject), Some(place(p))),
            None => Evaluation::fail(
                format!("the included OCA certificate {} issued none of the Organisation Certificates in the request", p.cert.subject),
                Some(place(p)),
            ),
        })
        .collect()
}
