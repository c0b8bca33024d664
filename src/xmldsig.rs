//! XML-DSig for the DUIS profile: locate and read the signature, digest the enveloped
//! document, verify the ECDSA P-256 SignatureValue over the canonical SignedInfo.

pub mod c14n;
pub mod profile;
pub mod verify;
