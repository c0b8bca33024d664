//! The page's built-in demo: sample files made by this crate's own code (no third-party data).
//!
//! Each sample says what it shows and what verdict to expect, so the demo doubles as a
//! smoke test of the page.

use serde::Serialize;

/// One demo file.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    /// File name shown on the page.
    pub name: String,
    /// What it demonstrates.
    pub description: String,
    /// The file's text.
    pub content: String,
}

/// RequestID originator used by the samples: the ZAZ1 test supplier's EUI-64 (a public test id).
pub const DEMO_ORIGINATOR: &str = "90-B3-D5-1F-30-01-00-00";
/// Target device of the samples: the RTDS test ESME's EUI-64 (a public test id).
pub const DEMO_TARGET: &str = "00-DB-12-34-56-78-90-A0";

/// A 6.23 'Update Security Credentials (CoS)' request envelope with the given Command Variant.
/// The body's certificates are placeholders and there is no signature: the checks that need
/// them report `not-evaluated` until those inputs exist.
pub fn request_623(cv: u8, counter: u64) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
  <sr:Header>
    <sr:RequestID>{DEMO_ORIGINATOR}:{DEMO_TARGET}:{counter}</sr:RequestID>
    <sr:CommandVariant>{cv}</sr:CommandVariant>
    <sr:ServiceReference>6.23</sr:ServiceReference>
    <sr:ServiceReferenceVariant>6.23</sr:ServiceReferenceVariant>
  </sr:Header>
  <sr:Body>
    <sr:UpdateSecurityCredentialsCoS>
      <sr:SupplierFloorSeqNumber>0</sr:SupplierFloorSeqNumber>
      <sr:SupplierReplacementCertificates>
        <sr:DigitalSigningCertificate>AA==</sr:DigitalSigningCertificate>
      </sr:SupplierReplacementCertificates>
      <sr:CertificationPathCertificates>
        <sr:Certificate>AA==</sr:Certificate>
      </sr:CertificationPathCertificates>
      <sr:ApplyTimeBasedCPVChecks>false</sr:ApplyTimeBasedCPVChecks>
      <sr:ImportMPxN>1312345678333</sr:ImportMPxN>
    </sr:UpdateSecurityCredentialsCoS>
  </sr:Body>
</sr:Request>
"#
    )
}

/// The demo set.
pub fn samples() -> Vec<Sample> {
    vec![
        Sample {
            name: "6.23-envelope.xml".into(),
            description: "A 6.23 request whose envelope is valid; unsigned, so the signature checks cannot run (incomplete).".into(),
            content: request_623(1, 1_700_000_000_000),
        },
        Sample {
            name: "6.23-cv2.xml".into(),
            description: "A 6.23 with Command Variant 2 (local delivery), removed by DUIS 5.1: rejected with E12.".into(),
            content: request_623(2, 1_700_000_000_001),
        },
        Sample {
            name: "6.23-bad-request-id.xml".into(),
            description: "A RequestID whose counter has a leading zero: rejected by duis.request-id.format.".into(),
            content: request_623(1, 7).replace(":7</sr:RequestID>", ":07</sr:RequestID>"),
        },
        Sample {
            name: "xxe.xml".into(),
            description: "An XML external entity attack: refused by duis.xml.well-formed, nothing fetched.".into(),
            content: "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&x;</r>\n".into(),
        },
    ]
}
