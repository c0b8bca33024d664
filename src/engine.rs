//! Order, as-of date, first failure and `--all`: the only place that decides what runs next.
//!
//! The engine walks the catalogue's rules for an input kind in order. A rule not in force on
//! the as-of date is `skipped`. After the first failure (unless `all`), the remaining rules are
//! `not-evaluated`, as the DCC may stop at the first failed check (no source states it for
//! Service Requests; SRPD 8.6/8.6A stop early for CoS Authorisation Responses and TCoS
//! Pre-Commands). The order is the catalogue's: S003's listing. A family's evaluator
//! answers one rule at a time and never decides what runs next.

use crate::catalogue::{self, RuleDef};
use crate::model::location::LineIndex;
use crate::model::{Date, Evaluation, Finding, Kind, Outcome, Report, Verdict};

/// How to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The date rules are evaluated at.
    pub as_of: Date,
    /// Keep evaluating after the first failure.
    pub all: bool,
    /// Judge the document as an unsigned draft: the signature and signer rules are skipped
    /// with that reason, and the report never says the request would be accepted as sent.
    pub draft: bool,
}

/// A rule family's evaluator for one input.
pub(crate) trait Evaluator {
    /// Evaluates one rule (in force on `opts.as_of`). Usually one evaluation; several when a
    /// rule finds several faults. Never empty.
    fn evaluate(&mut self, rule: &RuleDef, opts: &Options) -> Vec<Evaluation>;
}

/// Runs every rule for `kind` and builds the report. `text` resolves byte offsets to
/// line/column (absent for input that is not valid UTF-8).
pub(crate) fn run(file: &str, kind: Kind, text: Option<&str>, ev: &mut dyn Evaluator, opts: &Options) -> Report {
    #[cfg(debug_assertions)]
    fault_injection(file);
    let index = text.map(LineIndex::new);
    let mut findings = Vec::new();
    let mut first_failure: Option<&'static RuleDef> = None;
    for &rule in catalogue::rules_for(kind) {
        let evaluations = if !rule.in_force.contains(opts.as_of) {
            vec![Evaluation::skipped(format!("not in force on {}: {}", opts.as_of, describe_period(rule)))]
        } else if let (Some(failed), false) = (first_failure, opts.all) {
            vec![Evaluation::not_evaluated(format!(
                "not evaluated: checking stopped at the first failure ({}), as the DCC may; run with --all to see every check",
                failed.id
            ))]
        } else {
            let mut v = ev.evaluate(rule, opts);
            if v.is_empty() {
                v.push(Evaluation::not_evaluated("not evaluated: the check gave no result"));
            }
            v
        };
        for e in evaluations {
            if e.outcome == Outcome::Fail && first_failure.is_none() && !rule.advisory {
                first_failure = Some(rule);
            }
            findings.push(Finding {
                rule: rule.rule_id(),
                clause: e.clause.unwrap_or_else(|| rule.clause.to_owned()),
                outcome: e.outcome,
                message: e.message,
                location: e.place.map(|p| match &index {
                    Some(ix) => ix.resolve(&p),
                    None => crate::model::Location { line: p.line, column: p.column, path: p.path },
                }),
                document: rule.document.as_str(),
                response_code: rule.response_code,
                advisory: rule.advisory,
            });
        }
    }
    let verdict = if first_failure.is_some() {
        Verdict::Rejected
    } else if findings.iter().any(|f| f.outcome == Outcome::NotEvaluated && !f.advisory) {
        Verdict::Incomplete
    } else {
        Verdict::Accepted
    };
    Report {
        verdict,
        first_failure: first_failure.map(RuleDef::rule_id),
        response_code: first_failure.and_then(|r| r.response_code),
        findings,
        ..Report::new(file, kind, opts.as_of)
    }
}

fn describe_period(rule: &RuleDef) -> String {
    match (rule.in_force.from, rule.in_force.until) {
        (Some(f), Some(u)) => format!("in force from {f} until {u} (exclusive)"),
        (Some(f), None) => format!("in force from {f}"),
        (None, Some(u)) => format!("in force until {u} (exclusive)"),
        (None, None) => "always in force".to_owned(),
    }
}

/// A file name that makes a debug build panic while checking it (never a release build): how
/// the tests prove that one file's panic loses no other file, in the CLI (each file's check
/// is guarded) and behind the wasm door (a trap replaces the instance). Only the name is read.
pub const FORCED_PANIC_MARKER: &str = "sec-rules-forced-panic";

#[cfg(debug_assertions)]
#[expect(clippy::panic, reason = "a test-only fault, compiled into debug builds only")]
fn fault_injection(file: &str) {
    if file.contains(FORCED_PANIC_MARKER) {
        panic!("forced panic for {file} (the debug build's fault injection: {FORCED_PANIC_MARKER} in the name)");
    }
}
