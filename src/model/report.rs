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
