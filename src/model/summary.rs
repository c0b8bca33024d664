//! A report in brief (`checkBatch(files, { detail: "summary" })`): what a file's one line
//! shows — verdict, first failure, code, message, place, route, notes, counts — without every
//! finding's message and place. A 6.23's report is about 10 KB of JSON, its summary about a
//! third; a page asks for the full report only when a file is opened.

use super::{Finding, Outcome, Report};
use serde::Serialize;

/// A report in brief: the report's own fields but `findings`, `thresholds` and `devices`;
/// `findings` holds only the ones a line quotes (the first failure, the first check not run,
/// failing advisory checks, and a signer check that did not pass); `rows` is every finding's
/// rule, document and outcome, for filters; the counts are of every finding.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    /// Always "summary": the findings are not all here.
    pub detail: &'static str,
    /// The file name as given.
    pub file: &'a str,
    /// What the input is.
    pub kind: super::Kind,
    /// The date rules were evaluated at.
    pub as_of: super::Date,
    /// The verdict.
    pub verdict: super::Verdict,
    /// The first failing rule.
    pub first_failure: Option<super::RuleId>,
    /// Its response code.
    pub response_code: Option<&'static str>,
    /// The route.
    pub route: Option<&'a super::Route>,
    /// The findings a line quotes, in evaluation order.
    pub findings: Vec<&'a Finding>,
    /// `[rule, document, outcome]` of every finding, in evaluation order.
    pub rows: Vec<(super::RuleId, &'static str, Outcome)>,
    /// How many findings have each outcome; `not_run` counts the checks (not advisory) not evaluated.
    pub counts: Counts,
    /// As the report's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<&'a serde_json::Value>,
    /// As the report's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receiving_party: Option<&'a super::ReceivingParty>,
    /// As the report's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledgement: Option<&'a super::Acknowledgement>,
    /// As the report's.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub notes: &'a [super::Note],
    /// As the report's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<&'a super::Signer>,
    /// As the report's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_reference_variant: Option<&'static str>,
    /// As the report's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adt_file: Option<&'a super::AdtFileId>,
    /// How many effective thresholds an ADT report has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<usize>,
}

/// How many findings have each outcome.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// Passed.
    pub pass: usize,
    /// Failed (advisory failures included).
    pub fail: usize,
    /// Not evaluated, advisory ones included.
    pub not_evaluated: usize,
    /// Skipped.
    pub skipped: usize,
    /// Not evaluated and not advisory: the checks the verdict waits on.
    pub not_run: usize,
}

impl<'a> Summary<'a> {
    /// The report in brief.
    pub fn of(r: &'a Report) -> Self {
        let mut counts = Counts::default();
        for f in &r.findings {
            match f.outcome {
                Outcome::Pass => counts.pass += 1,
                Outcome::Fail => counts.fail += 1,
                Outcome::NotEvaluated => counts.not_evaluated += 1,
                Outcome::Skipped => counts.skipped += 1,
            }
            if f.outcome == Outcome::NotEvaluated && !f.advisory {
                counts.not_run += 1;
            }
        }
        let first_fail = r.findings.iter().position(|f| Some(f.rule) == r.first_failure && f.outcome == Outcome::Fail);
        let first_open = r.findings.iter().position(|f| f.outcome == Outcome::NotEvaluated && !f.advisory);
        let quoted = |i: usize, f: &Finding| {
            Some(i) == first_fail
                || Some(i) == first_open
                || (f.advisory && f.outcome == Outcome::Fail)
                || (f.rule.as_str() == "duis.signer.valid" && f.outcome != Outcome::Pass)
        };
        Summary {
            detail: "summary",
            file: &r.file,
            kind: r.kind,
            as_of: r.as_of,
            verdict: r.verdict,
            first_failure: r.first_failure,
            response_code: r.response_code,
            route: r.route.as_ref(),
            findings: r.findings.iter().enumerate().filter(|(i, f)| quoted(*i, f)).map(|(_, f)| f).collect(),
            rows: r.findings.iter().map(|f| (f.rule, f.document, f.outcome)).collect(),
            counts,
            summary: r.summary.as_ref(),
            receiving_party: r.receiving_party.as_ref(),
            acknowledgement: r.acknowledgement.as_ref(),
            notes: &r.notes,
            signer: r.signer.as_ref(),
            service_reference_variant: r.service_reference_variant,
            adt_file: r.adt_file.as_ref(),
            thresholds: r.thresholds.as_ref().map(Vec::len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Date, Options};

    #[test]
    fn a_summary_quotes_what_a_line_shows_and_counts_the_rest() {
        let w = crate::demo::DemoWorld::new();
        let signed = w.sign(&w.request_623(21).to_xml(), &w.xml_sign);
        let tampered = signed.replacen("<sr:ImportMPxN>1312345678333<", "<sr:ImportMPxN>1312345678999<", 1);
        let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: false, draft: false };
        let r = crate::request::check("t.xml", tampered.as_bytes(), &opts);
        let s = Summary::of(&r);
        assert_eq!(s.rows.len(), r.findings.len());
        assert_eq!(s.counts.pass + s.counts.fail + s.counts.not_evaluated + s.counts.skipped, r.findings.len());
        let first = s.findings.iter().find(|f| Some(f.rule) == r.first_failure).unwrap();
        assert_eq!(first.outcome, Outcome::Fail);
        assert!(s.findings.iter().any(|f| f.outcome == Outcome::NotEvaluated && !f.advisory), "the first check not run is quoted");
        assert!(s.findings.len() < 6, "{} quoted", s.findings.len());
        let full = serde_json::to_string(&r).unwrap().len();
        let brief = serde_json::to_string(&s).unwrap().len();
        assert!(brief * 5 < full * 2, "{brief} bytes against {full}");
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["detail"], "summary");
        assert_eq!(v["rows"][0], serde_json::json!(["duis.xml.well-formed", "DUIS", "pass"]));
    }
}
