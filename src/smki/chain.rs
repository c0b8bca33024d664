//! Chain validation: the certificate is valid on the as-of date and chains, by signature,
//! to a trust anchor in the store (an OCA, and its Root when the store holds it). Issuers are
//! matched by name *and then by key*: two public test OCAs share the name `OU=07, CN=Z1`.

use super::cert::SmkiCert;
use super::store::TrustStore;
use crate::crypto::EcdsaP256;
use crate::model::Date;
use std::fmt;

/// Most links followed (leaf → OCA → Root is two); a bound against loops.
const MAX_DEPTH: usize = 4;

/// A chain that passed every check. Only [`verify`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedChain {
    /// Subjects from the leaf to the last certificate reached.
    pub path: Vec<String>,
    /// Whether a Root (OU 00) closes the chain (otherwise it ends at an OCA anchor).
    pub reaches_root: bool,
    /// When the chain ends at a certificate trusted as given (`--trust-anchor`): its file. No
    /// chain was checked beyond it.
    pub given_anchor: Option<String>,
}

/// Why a chain is not valid, most specific first when several candidates failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainFault {
    /// notBefore is after the as-of date.
    NotYetValid {
        /// Subject.
        subject: String,
        /// notBefore (date).
        not_before: Date,
        /// As-of.
        as_of: Date,
    },
    /// notAfter is before the as-of date.
    Expired {
        /// Subject.
        subject: String,
        /// notAfter (date).
        not_after: Date,
        /// As-of.
        as_of: Date,
    },
    /// Certificates carry the issuer's name but none of their keys verifies the signature.
    IssuerKeyMismatch {
        /// Issuer name.
        issuer: String,
        /// How many were tried.
        candidates: usize,
    },
    /// No certificate of that name in the store.
    UnknownIssuer {
        /// Issuer name.
        issuer: String,
    },
    /// Reached a self-signed certificate that is not an anchor, or went too deep.
    NoAnchor {
        /// Last subject reached.
        subject: String,
    },
}

impl fmt::Display for ChainFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainFault::NotYetValid { subject, not_before, as_of } => write!(f, "certificate {subject} is not yet valid on {as_of} (notBefore {not_before})"),
            ChainFault::Expired { subject, not_after, as_of } => write!(f, "certificate {subject} expired before {as_of} (notAfter {not_after})"),
            ChainFault::IssuerKeyMismatch { issuer, candidates } => write!(
                f,
                "{} named {issuer} {} in the trust store, but no key there verifies the signature: another OCA of the same name issued it (issuers are matched by key, not by name alone). Test environments do this: DCC Boxed's xmlSign certificates name the public Z1 OCA but were issued by one that is not published. To check against such a certificate as given, make it a trust anchor (--trust-anchor, or 'Trust as given' on the page)",
                if *candidates == 1 { "a certificate".to_owned() } else { format!("{candidates} certificates") },
                if *candidates == 1 { "is" } else { "are" }
            ),
            ChainFault::UnknownIssuer { issuer } => write!(f, "the issuer {issuer} is not in the trust store; add its OCA and Root certificates"),
            ChainFault::NoAnchor { subject } => write!(f, "the chain ends at {subject}, which is not a trusted Root or OCA"),
        }
    }
}

impl ChainFault {
    fn rank(&self) -> u8 {
        match self {
            ChainFault::NotYetValid { .. } | ChainFault::Expired { .. } => 4,
            ChainFault::IssuerKeyMismatch { .. } => 3,
            ChainFault::NoAnchor { .. } => 2,
            ChainFault::UnknownIssuer { .. } => 1,
        }
    }
}

fn day_of(secs: i64) -> Date {
    Date::from_days_since_epoch(secs.div_euclid(86_400))
}

fn check_validity(c: &SmkiCert, as_of: Date) -> Result<(), ChainFault> {
    let day = as_of.days_since_epoch() * 86_400;
    if c.not_before >= day + 86_400 {
        return Err(ChainFault::NotYetValid { subject: c.subject.clone(), not_before: day_of(c.not_before), as_of });
    }
    if c.not_after < day {
        return Err(ChainFault::Expired { subject: c.subject.clone(), not_after: day_of(c.not_after), as_of });
    }
    Ok(())
}

/// Validates `leaf` on `as_of` against the store, verifying signatures with `crypto` through
/// the store's cache.
pub fn verify(store: &TrustStore, leaf: &SmkiCert, as_of: Date, crypto: &dyn EcdsaP256) -> Result<VerifiedChain, ChainFault> {
    let mut path = vec![leaf.subject.clone()];
    let mut current = leaf;
    check_validity(current, as_of)?;
    for _ in 0..MAX_DEPTH {
        // a certificate trusted as given ends the chain, whatever its role and issuer
        if let Some(file) = store.given_anchor(current) {
            return Ok(VerifiedChain { path, reaches_root: false, given_anchor: Some(file.to_owned()) });
        }
        let self_signed = current.is_named_issuer_of(current) && store.cache().verifies(current, current, crypto);
        if self_signed {
            return if store.is_anchor(current) && path.len() > 1 {
                Ok(VerifiedChain { path, reaches_root: true, given_anchor: None })
            } else {
                Err(ChainFault::NoAnchor { subject: current.subject.clone() })
            };
        }
        let named: Vec<&SmkiCert> = store.certs().iter().filter(|c| c.fingerprint != current.fingerprint && c.is_named_issuer_of(current)).collect();
        if named.is_empty() {
            // An OCA anchor whose Root is not in the store still closes the chain.
            return if store.is_anchor(current) && path.len() > 1 {
                Ok(VerifiedChain { path, reaches_root: false, given_anchor: None })
            } else {
                Err(ChainFault::UnknownIssuer { issuer: current.issuer.clone() })
            };
        }
        let mut best: Option<ChainFault> = None;
        let mut next = None;
        for cand in &named {
            if !store.cache().verifies(current, cand, crypto) {
                continue;
            }
            match check_validity(cand, as_of) {
                Ok(()) => {
                    next = Some(*cand);
                    break;
                }
                Err(e) => {
                    if best.as_ref().is_none_or(|b| e.rank() > b.rank()) {
                        best = Some(e);
                    }
                }
            }
        }
        let Some(issuer) = next else {
            return Err(best.unwrap_or(ChainFault::IssuerKeyMismatch { issuer: current.issuer.clone(), candidates: named.len() }));
        };
        path.push(issuer.subject.clone());
        current = issuer;
        if store.given_anchor(current).is_none()
            && store.is_anchor(current)
            && !store.certs().iter().any(|c| c.fingerprint != current.fingerprint && c.is_named_issuer_of(current))
        {
            let root = current.is_named_issuer_of(current);
            return Ok(VerifiedChain { path, reaches_root: root, given_anchor: None });
        }
    }
    Err(ChainFault::NoAnchor { subject: current.subject.clone() })
}
