//! One rule's result on one input.

use super::{Location, Outcome, Place, RuleId};
use serde::Serialize;

/// What a check answers for one rule: an outcome, a sentence, and where in the input.
/// The engine turns evaluations into [`Finding`]s in catalogue order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The outcome.
    pub outcome: Outcome,
    /// A human sentence, rendered from the check's typed facts.
    pub message: String,
    /// Where in the input; `None` when nothing in the input is at fault.
    pub place: Option<Place>,
    /// A more precise clause than the rule's own (e.g. the route's 8.1 or 8.1A).
    pub clause: Option<String>,
}

impl Evaluation {
    /// A pass with a sentence saying what was seen.
    pub fn pass(message: impl Into<String>, place: Option<Place>) -> Self {
        Self { outcome: Outcome::Pass, message: message.into(), place, clause: None }
    }

    /// A failure.
    pub fn fail(message: impl Into<String>, place: Option<Place>) -> Self {
        Self { outcome: Outcome::Fail, message: message.into(), place, clause: None }
    }

    /// Does not apply: not in force on the as-of date, or not to this input.
    pub fn skipped(message: impl Into<String>) -> Self {
        Self { outcome: Outcome::Skipped, message: message.into(), place: None, clause: None }
    }

    /// Could not run; the message says which input would let it run.
    pub fn not_evaluated(message: impl Into<String>) -> Self {
        Self { outcome: Outcome::NotEvaluated, message: message.into(), place: None, clause: None }
    }

    /// The same evaluation citing a more precise clause.
    #[must_use]
    pub fn with_clause(mut self, clause: impl Into<String>) -> Self {
        self.clause = Some(clause.into());
        self
    }
}

/// One entry of `findings` (contract §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule id.
    pub rule: RuleId,
    /// The clause the rule comes from.
    pub clause: String,
    /// The outcome.
    pub outcome: Outcome,
    /// A human sentence.
    pub message: String,
    /// Where in the input (absent when nothing in the input is at fault).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The rule's document (SRPD, DUIS, …): an additive field for filtering.
    pub document: &'static str,
    /// The response code the DCC would give for this rule, where the catalogue has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_code: Option<&'static str>,
    /// A check made after the DCC accepts (by the party the request is routed to): reported,
    /// never part of the verdict. Present only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub advisory: bool,
}
