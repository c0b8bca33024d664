//! Closed enums for outcomes, verdicts and input kinds; serde gives the contract spellings.

use serde::Serialize;

/// The outcome of one rule on one input (contract §2 `findings[].outcome`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Outcome {
    /// The rule ran and the input satisfies it.
    Pass,
    /// The rule ran and the input breaks it.
    Fail,
    /// The rule is not in force on the as-of date.
    Skipped,
    /// The rule could not run: an input it needs is missing, or an earlier check stopped the run.
    NotEvaluated,
}

/// The verdict on one input (contract §2 `verdict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Verdict {
    /// Every rule in force passed.
    Accepted,
    /// At least one rule failed.
    Rejected,
    /// Nothing failed, but at least one rule could not be evaluated.
    Incomplete,
}

/// What an input is (contract §2 `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// A DUIS Service Request (`sr:Request`).
    DuisRequest,
    /// A DUIS Service Response (`sr:Response`).
    DuisResponse,
    /// An Anomaly Detection Threshold CSV file.
    Adt,
    /// A device inventory CSV for ECoS Migration eligibility.
    Inventory,
}

impl Kind {
    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::DuisRequest => "duis-request",
            Kind::DuisResponse => "duis-response",
            Kind::Adt => "adt",
            Kind::Inventory => "inventory",
        }
    }
}

impl Outcome {
    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Skipped => "skipped",
            Outcome::NotEvaluated => "not-evaluated",
        }
    }
}

impl Verdict {
    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
            Verdict::Incomplete => "incomplete",
        }
    }
}
