//! Test and demo kit: a deterministic test PKI (Root, OCA, Organisation certificates) and an
//! XML-DSig signer for DUIS documents. **Never for real use**: the private keys are derived
//! from public labels, so anyone can recompute them. It exists so that the tests and the page's
//! demo build their own signed fixtures instead of borrowing third-party data.

mod der;
mod pki;
mod sign;

pub use pki::{CertSpec, TestCert, TestPki};
pub use sign::{sign_document, SignOptions};
