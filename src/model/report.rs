//! The report for one input (contract §2).

use super::{Date, Finding, Kind, RuleId, Verdict};
use serde::Serialize;

/// One report per input file, in the contract's JSON shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The file name as given.
    pub file: String,
    /// What the input is.
    pub kind: Kind,
    /// The date rules were evaluated at.
    pub as_of: Date,
    /// The verdict.
    pub verdict: Verdict,
    /// The first failing rule in evaluation order; `null` when nothing failed.
    pub first_failure: Option<RuleId>,
    /// The DUIS response code of the first failure, where the catalogue has one.
    pub response_code: Option<&'static str>,
    /// The routing of a 6.23 that passed the checks before routing; otherwise `null`.
    pub route: Option<Route>,
    /// Every finding, in evaluation order.
    pub findings: Vec<Finding>,
    /// Effective thresholds (ADT files only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<Vec<Threshold>>,
    /// One entry per inventory row, in input order (inventories only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub devices: Option<Vec<DeviceEntry>>,
    /// EMRR-shaped summaries of an inventory (additive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<serde_json::Value>,
    /// What the party a routed 6.23 goes to will do next (additive): the verdict stays the
    /// DCC's own acceptance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receiving_party: Option<ReceivingParty>,
    /// For a DCC acknowledgement (an unsigned error Response): what its code means (additive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledgement: Option<Acknowledgement>,
    /// Plain statements that frame the answer, shown first (additive): the rules' period not
    /// covering the as-of date, a schema version other than the one checked against, …
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// For a signed DUIS document: the certificate its KeyInfo names, as found among the
    /// certificates given (additive), so that a page can offer to trust it as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<Signer>,
    /// For a DUIS document: the ServiceReferenceVariant its Header names, when it is one of
    /// the 129 (additive), e.g. so a page draws the 6.23's journey for 6.23s only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_reference_variant: Option<&'static str>,
    /// For an ADT file: its User ID and SequenceNumber, as read (additive), so that a page can
    /// record an accepted file as submitted when the user says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adt_file: Option<AdtFileId>,
}

/// An ADT file's User ID and SequenceNumber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdtFileId {
    /// The file's User ID.
    pub user_id: String,
    /// The file's SequenceNumber.
    pub sequence_number: u64,
}

/// The signer's certificate of a DUIS document, as found in the trust store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signer {
    /// Subject (RFC 4514).
    pub subject: String,
    /// Issuer (RFC 4514).
    pub issuer: String,
    /// Serial (decimal).
    pub serial: String,
    /// The file it was given from as a trust anchor, when it was (or when the chain ended at
    /// one): the verdict then rests on it.
    pub trust_anchor: Option<String>,
}

impl Report {
    /// A report with no findings yet (the engine fills them in).
    pub fn new(file: &str, kind: Kind, as_of: Date) -> Self {
        Self {
            file: file.to_owned(),
            kind,
            as_of,
            verdict: Verdict::Incomplete,
            first_failure: None,
            response_code: None,
            route: None,
            findings: Vec::new(),
            thresholds: None,
            devices: None,
            summary: None,
            receiving_party: None,
            acknowledgement: None,
            notes: Vec::new(),
            signer: None,
            service_reference_variant: None,
            adt_file: None,
        }
    }

    /// The one line that answers "what happens to this file": the verdict, then (for a 6.23
    /// the DCC accepts) what the receiving party will do.
    pub fn headline(&self) -> String {
        if self.notes.iter().any(|n| n.kind == NoteKind::Draft) {
            return match self.first_failure {
                Some(f) => format!("rejected draft: {f} fails before signing"),
                None => "draft: no check that applies before signing fails (signature and signer not checked)".to_owned(),
            };
        }
        let mut s = match self.verdict {
            Verdict::Accepted if matches!(self.kind, Kind::DuisRequest) => "accepted by the DCC".to_owned(),
            v => v.as_str().to_owned(),
        };
        if let Some(rp) = &self.receiving_party {
            let party = if rp.party == Party::Ecos { "CoS Party" } else { "TCoS Party" };
            let what = match rp.expected {
                Expectation::Proceeds => format!("{party} would go on ({})", rp.clause),
                Expectation::Refuses => format!(
                    "{party} would refuse it ({})",
                    self.findings.iter().find(|f| rp.rules.first() == Some(&f.rule)).map_or(rp.clause.as_str(), |f| f.clause.as_str())
                ),
                Expectation::Unknown => format!("{party}: not known (its checks could not all run)"),
            };
            s.push_str(" → ");
            s.push_str(&what);
        }
        s
    }
}

/// What the receiving party is expected to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Expectation {
    /// Every one of its checks passes.
    Proceeds,
    /// One of its checks fails: it stops and the DCC notifies the User (SRPD 8.3 / 8.3A).
    Refuses,
    /// Some of its checks could not be evaluated, none fails.
    Unknown,
}

/// The receiving party's expected outcome (additive to contract §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceivingParty {
    /// The party (the route's).
    pub party: Party,
    /// What it is expected to do.
    pub expected: Expectation,
    /// The clause that then applies: 8.3 / 8.3A (refuses), 8.2 / 8.2A (proceeds), or the
    /// checks' own 8.1(b) / 8.1A(b) (unknown).
    pub clause: String,
    /// The rules behind it: the failing ones, the ones that could not run, or all (proceeds).
    pub rules: Vec<RuleId>,
    /// A sentence.
    pub message: String,
}

/// A DCC acknowledgement and what its response code means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acknowledgement {
    /// The ResponseCode.
    pub response_code: String,
    /// What it means, where a source gives it; `null` where the meaning is NOT FOUND.
    pub meaning: Option<&'static str>,
    /// Where the meaning comes from.
    pub source: Option<&'static str>,
    /// The request rule that catches the cause before sending, where there is one.
    pub request_rule: Option<RuleId>,
}

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NoteKind {
    /// The rules for this input are not in force on the as-of date.
    OutOfForce,
    /// The ECoS Migrations have ceased (S001).
    MigrationsCeased,
    /// An input a check needs is missing.
    MissingInput,
    /// The document is a DCC acknowledgement, not a signed Response.
    Acknowledgement,
    /// The document declares another schema version than the one it is checked against.
    SchemaVersion,
    /// The document was judged as an unsigned draft.
    Draft,
    /// The verdict rests on a certificate trusted as given (a trust anchor): a test
    /// environment's answer, not a production one.
    TrustAnchor,
    /// Advisory: what DCC Boxed's own tools will do differently with this document.
    DccBoxed,
}

/// A plain statement that frames the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// What it is about.
    pub kind: NoteKind,
    /// The sentence.
    pub message: String,
    /// For out-of-force: a date inside the period to check as of instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_as_of: Option<Date>,
}

impl Note {
    /// A note.
    pub fn new(kind: NoteKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), suggested_as_of: None }
    }
}

/// Which party processes a 6.23.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Party {
    /// The CoS Party (ECoS), SRPD 8.1.
    Ecos,
    /// The TCoS Party, SRPD 8.1A (and every 6.23 before ECoS Go Live).
    Tcos,
    /// A SMETS1 request to a TCoS Device: outside SRPD clause 8 (6.4(b)).
    #[serde(rename = "smets1-legacy")]
    Smets1Legacy,
}

impl Party {
    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Ecos => "ecos",
            Party::Tcos => "tcos",
            Party::Smets1Legacy => "smets1-legacy",
        }
    }
}

/// The route of a 6.23 (contract §2 `route`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Route {
    /// The party.
    pub party: Party,
    /// The clause that routes it.
    pub clause: String,
    /// Target response time in seconds (SEC Appendix E, as S003 §3.1 proposes).
    pub target_response_seconds: u32,
}

/// Where a threshold comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThresholdSource {
    /// A row of the ADT file.
    File,
    /// A default the DCC applies (TADP).
    Default,
}

/// One effective threshold (contract §2 `thresholds`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Threshold {
    /// Service Reference Variant.
    pub srv: String,
    /// Time Period Applicable, minutes.
    pub period_minutes: u64,
    /// Anomaly Detection Threshold.
    pub adt: u64,
    /// Warning Threshold.
    pub warning: u64,
    /// File or default.
    pub source: ThresholdSource,
}

/// ECoS Migration status of one device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DeviceStatus {
    /// Eligible for ECoS Migration.
    Eligible,
    /// Ineligible (ETMAD 1.4).
    Ineligible,
    /// Eligible but held back by the proving limit.
    Held,
    /// Not in scope (ETMAD 1.3).
    OutOfScope,
    /// Not assessed: the rules that decide it did not run (not in force on the as-of date, or
    /// an input they need — the models file — is missing). Additive.
    NotAssessed,
    /// Its model's ECoS Migration is suspended (ETMAD 6.1(d)). Additive.
    Suspended,
    /// The row could not be read (not an ETMAD status). Additive.
    Unreadable,
    /// Its SMETS1 migration into the DCC would be halted by TMAD 5.10.10 / 5.10.15 (a change of
    /// supplier within 2 Working Days of a dormant device's migration): a TMAD outcome, not
    /// ETMAD Ineligibility. Additive.
    MigrationHalted,
}

impl DeviceStatus {
    /// Every status.
    pub const ALL: [DeviceStatus; 8] =
        [Self::Eligible, Self::Ineligible, Self::Held, Self::OutOfScope, Self::NotAssessed, Self::Suspended, Self::Unreadable, Self::MigrationHalted];

    /// The status spelled as the contract spells it.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceStatus::Eligible => "eligible",
            DeviceStatus::Ineligible => "ineligible",
            DeviceStatus::Held => "held",
            DeviceStatus::OutOfScope => "out-of-scope",
            DeviceStatus::NotAssessed => "not-assessed",
            DeviceStatus::Suspended => "suspended",
            DeviceStatus::Unreadable => "unreadable",
            DeviceStatus::MigrationHalted => "migration-halted",
        }
    }
}

/// One inventory row's result (contract §2 `devices`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceEntry {
    /// Device id as given.
    pub device_id: String,
    /// Status.
    pub status: DeviceStatus,
    /// The rule that decided the status.
    pub reason: Option<RuleId>,
    /// The clause of that rule.
    pub clause: Option<&'static str>,
    /// The inventory line (additive).
    pub line: u32,
    /// For a Gas Proxy Function: the model it takes from its Communications Hub and its
    /// Responsible Supplier (additive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpf: Option<GpfInfo>,
}

/// What the ETMAD's Gas Proxy Function interpretations give for one GPF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GpfInfo {
    /// The Communications Hub's model (etmad.gpf.model).
    pub model: String,
    /// The gas meter's supplier on the hub, else the electricity meter's, else none
    /// (etmad.gpf.responsible-supplier).
    pub responsible_supplier: Option<String>,
}
