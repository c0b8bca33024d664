//! SMKI certificates: parsing and the SMKI reading (role, entity id), the trust store, and
//! chain validation by signature to a trusted OCA and Root.

pub mod cert;
pub mod chain;
pub mod role;
pub mod store;

pub use cert::{looks_like_private_key, CertFault, KeyUsageBits, SmkiCert};
pub use chain::{ChainFault, VerifiedChain};
pub use role::{OuRole, Role};
pub use store::{StoreFault, TrustStore, VerifyCache};
