//! The page's built-in demo: sample files made by this crate's own code (no third-party data).
//!
//! Each sample says what it shows and what verdict to expect, so the demo doubles as a
//! smoke test of the page.

use crate::duis::request_id::Eui64;
use crate::testkit::{sign_document, CertSpec, SignOptions, TestCert, TestPki};
use serde::Serialize;

/// One demo file.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Sample {
    /// File name shown on the page.
    pub name: String,
    /// What it demonstrates.
    pub description: String,
    /// The file's text.
    pub content: String,
    /// The verdict the demo expects (empty for inputs that are not checked, e.g. certificates).
    pub expected_verdict: String,
    /// The first failure the demo expects.
    pub expected_first_failure: Option<String>,
}

/// RequestID originator used by the samples: the ZAZ1 test supplier's EUI-64 (a public test id).
pub const DEMO_ORIGINATOR: &str = "90-B3-D5-1F-30-01-00-00";
/// Target device of the samples: the RTDS test ESME's EUI-64 (a public test id).
pub const DEMO_TARGET: &str = "00-DB-12-34-56-78-90-A0";

/// The demo originator with every SEC User Role, as `--user` would give it: for tests that
/// judge a request's other checks whatever its SRV (access control then passes).
pub fn every_role_for(originator: &str) -> crate::context::RoleGrants {
    let mut g = crate::context::RoleGrants::new();
    if let Some(id) = crate::duis::request_id::Eui64::parse_any(originator) {
        g.add(id, &crate::context::roles::ALL_ROLES);
    }
    g
}

/// A 6.23 'Update Security Credentials (CoS)' request, field by field. `to_xml` writes it
/// in schema order; `None` leaves an optional element out.
#[derive(Debug, Clone)]
pub struct Request623 {
    /// RequestID originator.
    pub originator: String,
    /// RequestID target.
    pub target: String,
    /// RequestID counter.
    pub counter: u64,
    /// Command Variant.
    pub cv: u8,
    /// ExecutionDateTime.
    pub execution: Option<String>,
    /// SupplierPrepaymentTopUpFloorSeqNumber.
    pub topup_floor: Option<u64>,
    /// DigitalSigningCertificate (base64).
    pub ds: String,
    /// KeyAgreementCertificate (base64).
    pub ka: Option<String>,
    /// KeyAgreementTopUpCertificate (base64).
    pub ka_topup: Option<String>,
    /// CertificationPathCertificates (base64).
    pub path: Vec<String>,
    /// ImportMPxN.
    pub mpxn: String,
}

impl Request623 {
    /// Placeholder certificates (not DER): enough for envelope checks only.
    pub fn placeholder(cv: u8, counter: u64) -> Self {
        Self {
            originator: DEMO_ORIGINATOR.into(),
            target: DEMO_TARGET.into(),
            counter,
            cv,
            execution: None,
            topup_floor: Some(0),
            ds: "AA==".into(),
            ka: None,
            ka_topup: None,
            path: vec!["AA==".into()],
            mpxn: "1312345678333".into(),
        }
    }

    /// The XML text (unsigned).
    pub fn to_xml(&self) -> String {
        let opt = |name: &str, v: &Option<String>| v.as_ref().map(|v| format!("\n        <sr:{name}>{v}</sr:{name}>")).unwrap_or_default();
        let path: String = self.path.iter().map(|c| format!("\n        <sr:Certificate>{c}</sr:Certificate>")).collect();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
  <sr:Header>
    <sr:RequestID>{}:{}:{}</sr:RequestID>
    <sr:CommandVariant>{}</sr:CommandVariant>
    <sr:ServiceReference>6.23</sr:ServiceReference>
    <sr:ServiceReferenceVariant>6.23</sr:ServiceReferenceVariant>
  </sr:Header>
  <sr:Body>
    <sr:UpdateSecurityCredentialsCoS>{}
      <sr:SupplierFloorSeqNumber>0</sr:SupplierFloorSeqNumber>{}
      <sr:SupplierReplacementCertificates>
        <sr:DigitalSigningCertificate>{}</sr:DigitalSigningCertificate>{}{}
      </sr:SupplierReplacementCertificates>
      <sr:CertificationPathCertificates>{path}
      </sr:CertificationPathCertificates>
      <sr:ApplyTimeBasedCPVChecks>false</sr:ApplyTimeBasedCPVChecks>
      <sr:ImportMPxN>{}</sr:ImportMPxN>
    </sr:UpdateSecurityCredentialsCoS>
  </sr:Body>
</sr:Request>"#,
            self.originator,
            self.target,
            self.counter,
            self.cv,
            opt("ExecutionDateTime", &self.execution).replace("\n        ", "\n      "),
            self.topup_floor
                .map(|f| format!("\n      <sr:SupplierPrepaymentTopUpFloorSeqNumber>{f}</sr:SupplierPrepaymentTopUpFloorSeqNumber>"))
                .unwrap_or_default(),
            self.ds,
            opt("KeyAgreementCertificate", &self.ka),
            opt("KeyAgreementTopUpCertificate", &self.ka_topup),
            self.mpxn
        )
    }
}

/// A 6.23 envelope with placeholder certificates and no signature.
pub fn request_623(cv: u8, counter: u64) -> String {
    Request623::placeholder(cv, counter).to_xml()
}

/// The demo's (and tests') world: a test PKI, the requesting supplier's xmlSign certificate,
/// its replacement certificates, and helpers to sign requests.
#[derive(Debug, Clone)]
pub struct DemoWorld {
    /// Root, OCA and twin OCA.
    pub pki: TestPki,
    /// xmlSign (OU 87) certificate of the originator.
    pub xml_sign: TestCert,
    /// Supplier (OU 02) digital-signing certificate of the originator.
    pub supplier_ds: TestCert,
    /// Supplier (OU 02) key-agreement certificate.
    pub supplier_ka: TestCert,
    /// Supplier (OU 02) key-agreement certificate for the prepayment top-up cell.
    pub supplier_ka_topup: TestCert,
    /// An xmlSign certificate of the originator issued by the twin OCA (the public OCA's name,
    /// another key): what a test environment whose OCA is not published (DCC Boxed) signs with.
    pub test_env_signer: TestCert,
}

impl DemoWorld {
    /// The deterministic world.
    pub fn new() -> Self {
        let pki = TestPki::new();
        let me = Eui64::parse(DEMO_ORIGINATOR).unwrap_or(Eui64([0; 8]));
        let xml_sign = pki.org(&CertSpec::org("demo xmlSign", "87", me));
        let supplier_ds = pki.org(&CertSpec::org("demo supplier DS", "02", me));
        let supplier_ka = pki.org(&CertSpec { digital_signature: false, key_agreement: true, ..CertSpec::org("demo supplier KA", "02", me) });
        let supplier_ka_topup = pki.org(&CertSpec { digital_signature: false, key_agreement: true, ..CertSpec::org("demo supplier KA top-up", "02", me) });
        let test_env_signer = TestPki::issue_with(&CertSpec::org("demo test-environment xmlSign", "87", me), &pki.twin_oca);
        Self { pki, xml_sign, supplier_ds, supplier_ka, supplier_ka_topup, test_env_signer }
    }

    /// A valid 6.23 for the demo ESME: DS, KA and KA top-up replacements, the OCA in the path.
    pub fn request_623(&self, counter: u64) -> Request623 {
        Request623 {
            ds: self.supplier_ds.base64(),
            ka: Some(self.supplier_ka.base64()),
            ka_topup: Some(self.supplier_ka_topup.base64()),
            path: vec![self.pki.oca.base64()],
            ..Request623::placeholder(1, counter)
        }
    }

    /// Signs `xml` with `signer` (issued by the OCA `CN=Z1,OU=07`).
    pub fn sign(&self, xml: &str, signer: &TestCert) -> String {
        sign_document(xml, signer, &SignOptions::for_cert(signer, "CN=Z1,OU=07")).unwrap_or_else(|| xml.to_owned())
    }

    /// A context JSON (contract §4) for the demo target: the requester holds MPID `DEMO`, which
    /// is registered for the demo MPxN from 2023-01-01, and the User Role Import Supplier (IS); the device has the given credentials
    /// (`"TCoS"` or `"ECoS"`) and SMETS generation.
    pub fn context_json(&self, cos: &str, smets: u8) -> String {
        format!(
            r#"{{
  "users": [ {{ "user_id": "{DEMO_ORIGINATOR}", "mpids": ["DEMO"], "roles": ["IS"] }} ],
  "devices": [ {{ "device_id": "{DEMO_TARGET}", "device_type": "ESME", "smets": {smets},
                 "mpxn": "1312345678333", "cos_credentials": "{cos}", "status": "Commissioned" }} ],
  "registration": [ {{ "mpxn": "1312345678333", "mpid": "PREV", "from": "2019-01-01", "to": "2022-12-31" }},
                    {{ "mpxn": "1312345678333", "mpid": "DEMO", "from": "2023-01-01", "to": null }} ]
}}
"#
        )
    }

    /// The trust store as one PEM file: Root, OCA, the xmlSign and the supplier DS certificates.
    pub fn trust_pem(&self) -> String {
        [&self.pki.root, &self.pki.oca, &self.xml_sign, &self.supplier_ds].iter().map(|c| c.pem()).collect()
    }
}

impl Default for DemoWorld {
    fn default() -> Self {
        Self::new()
    }
}

/// The demo set: a trust store and requests, each with the verdict it should get.
pub fn samples() -> Vec<Sample> {
    let w = DemoWorld::new();
    let valid = w.sign(&w.request_623(1_700_000_000_000).to_xml(), &w.xml_sign);
    let tampered = valid.replacen("<sr:ImportMPxN>1312345678333<", "<sr:ImportMPxN>1312345678999<", 1);
    let by_supplier_key = w.sign(&w.request_623(1_700_000_000_002).to_xml(), &w.supplier_ds);
    let cv2 = w.sign(&Request623 { cv: 2, ..w.request_623(1_700_000_000_003) }.to_xml(), &w.xml_sign);
    let bad_rid = w.sign(&w.request_623(7).to_xml().replace(":7</sr:RequestID>", ":07</sr:RequestID>"), &w.xml_sign);
    // compact, as DCC Boxed users should sign
    let compact: String = w.request_623(1_700_000_000_004).to_xml().lines().map(str::trim).collect();
    let test_env = w.sign(&compact, &w.test_env_signer);
    let sample = |name: &str, description: &str, content: String, verdict: &str, first_failure: Option<&str>| Sample {
        name: name.into(),
        description: description.into(),
        content,
        expected_verdict: verdict.into(),
        expected_first_failure: first_failure.map(Into::into),
    };
    vec![
        sample(
            "demo-context.json",
            "Who is who: the requester holds MPID DEMO, registered for the demo MPxN, and the User Role Import Supplier (IS); the target ESME is SMETS2 with ECoS credentials.",
            w.context_json("ECoS", 2),
            "",
            None,
        ),
        sample(
            "demo-trust-store.pem",
            "The demo's test PKI: Root ZZ, OCA Z1, and the supplier's xmlSign and digital-signing certificates (test keys, public, never for real use).",
            w.trust_pem(),
            "",
            None,
        ),
        sample(
            "6.23-signed.xml",
            "A valid 6.23 signed with the supplier's xmlSign key: accepted, and routed to the CoS Party (ECoS) under SRPD 8.1.",
            valid,
            "accepted",
            None,
        ),
        sample(
            "6.23-tampered.xml",
            "The same request with ImportMPxN changed after signing: the digest no longer matches.",
            tampered,
            "rejected",
            Some("duis.signature.digest"),
        ),
        sample(
            "6.23-signed-with-supplier-key.xml",
            "Signed with the supplier's digital-signing certificate (OU 02) instead of its xmlSign certificate: E65.",
            by_supplier_key,
            "rejected",
            Some("duis.signer.xmlsign-role"),
        ),
        sample("6.23-cv2.xml", "Command Variant 2 (local delivery), removed for 6.23 by DUIS 5.1: E12.", cv2, "rejected", Some("duis.command-variant.allowed")),
        sample(
            "6.23-bad-request-id.xml",
            "A RequestID counter with a leading zero: the schema's RequestIDType refuses it.",
            bad_rid,
            "rejected",
            Some("duis.schema.header"),
        ),
        sample(
            "test-environment-signer.pem",
            "A test environment's xmlSign certificate (as DCC Boxed's are): it names the OCA Z1, but another OCA of that name, not published, issued it.",
            w.test_env_signer.pem(),
            "",
            None,
        ),
        sample(
            "6.23-test-environment.xml",
            "A valid 6.23 signed in that test environment: rejected, as no chain can be built to the Z1 given; tick “trust as given” on test-environment-signer.pem (or use the button in its report) and it is accepted, with a note that the answer rests on a trust anchor.",
            test_env,
            "rejected",
            Some("duis.signer.valid"),
        ),
        sample(
            "xxe.xml",
            "An XML external entity attack: refused, nothing fetched.",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&x;</r>\n".into(),
            "rejected",
            Some("duis.xml.well-formed"),
        ),
    ]
}

/// What the page reads from `www/demo/index.json`: the samples without their contents.
#[derive(Debug, Clone, Serialize)]
struct IndexEntry<'a> {
    name: &'a str,
    description: &'a str,
    expected_verdict: &'a str,
    expected_first_failure: Option<&'a str>,
}

/// The files of the page's demo folder (`www/demo/`): each sample, then `index.json`.
pub fn files() -> Vec<(String, String)> {
    let samples = samples();
    let index: Vec<IndexEntry<'_>> = samples
        .iter()
        .map(|s| IndexEntry {
            name: &s.name,
            description: &s.description,
            expected_verdict: &s.expected_verdict,
            expected_first_failure: s.expected_first_failure.as_deref(),
        })
        .collect();
    let mut out: Vec<(String, String)> = samples.iter().map(|s| (s.name.clone(), s.content.clone())).collect();
    out.push(("index.json".into(), serde_json::to_string_pretty(&index).unwrap_or_default() + "\n"));
    out
}
