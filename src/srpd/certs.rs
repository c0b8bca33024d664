//! Generic checks for requests carrying certificates that update Device Security Credentials
//! (S003 §3.3): (i) each Organisation Certificate's issuing OCA certificate is included;
//! (ii) each included OCA issued at least one of them. "Issued" is decided by signature.

use crate::duis::body::{Body623, CarriedCert};
use crate::model::{Evaluation, Place};
use crate::smki::{Role, TrustStore};
use crate::xml;

fn place(c: &CarriedCert<'_, '_>) -> Place {
    Place::at(c.node.range().start, xml::path(c.node))
}

/// Whether `issuer`'s key verifies `child` (through the store's cache when there is one).
fn issued(store: &TrustStore, child: &CarriedCert<'_, '_>, issuer: &CarriedCert<'_, '_>) -> bool {
    issuer.cert.is_named_issuer_of(&child.cert) && store.verifies(&child.cert, &issuer.cert)
}

/// `srpd.certs.oca-included`.
pub fn oca_included(body: &Body623<'_, '_>, store: &TrustStore) -> Vec<Evaluation> {
    let mut out = Vec::new();
    for (name, c) in body.replacements() {
        match body.path.iter().find(|p| issued(store, c, p)) {
            Some(p) => out.push(Evaluation::pass(format!("{name} was issued by the included OCA {} (signature verified)", p.cert.subject), Some(place(c)))),
            None => {
                let named = body.path.iter().any(|p| p.cert.is_named_issuer_of(&c.cert));
                out.push(Evaluation::fail(
                    if named {
                        format!("{name}'s issuer {} is named in CertificationPathCertificates, but that certificate's key does not verify it: the issuing OCA certificate is not included", c.cert.issuer)
                    } else {
                        format!("{name}'s issuing OCA certificate ({}) is not included in CertificationPathCertificates, so the device cannot Confirm Validity", c.cert.issuer)
                    },
                    Some(place(c)),
                ));
            }
        }
    }
    out
}

/// `srpd.certs.oca-used`.
pub fn oca_used(body: &Body623<'_, '_>, store: &TrustStore) -> Vec<Evaluation> {
    let reps = body.replacements();
    body.path
        .iter()
        .filter(|p| p.cert.role.map(|r| r.role) == Some(Role::IssuingAuthority))
        .map(|p| match reps.iter().find(|(_, c)| issued(store, c, p)) {
            Some((name, _)) => Evaluation::pass(format!("the included OCA {} issued {name}", p.cert.subject), Some(place(p))),
            None => Evaluation::fail(format!("the included OCA certificate {} issued none of the Organisation Certificates in the request", p.cert.subject), Some(place(p))),
        })
        .collect()
}
