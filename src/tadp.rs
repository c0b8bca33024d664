//! TADP (SEC Appendix AA): Anomaly Detection Threshold files — file checks (any failure rejects
//! the whole file, TADP 3.7), the thresholds the DCC then applies (defaults included), and the
//! CoS Party's anomaly detection for 6.23 (SRPD clause 20 as S003 §3.3 describes it).

pub mod anomaly;
pub mod file;
pub mod thresholds;

pub use file::{AdtFile, ColumnMap, Row};

use crate::catalogue::RuleDef;
use crate::engine::{self, Evaluator, Options};
use crate::model::{rule_id as id, Evaluation, Kind, Report, Threshold};
use std::collections::BTreeMap;

/// Last accepted SequenceNumber per User ID (the `--state` file: `{ "<User ID>": n }`).
pub type SequenceState = BTreeMap<String, u64>;

/// What an ADT check may use besides the file.
#[derive(Debug, Default, Clone)]
pub struct AdtInputs {
    /// Last accepted sequence numbers.
    pub state: SequenceState,
    /// Header names to use instead of the contract's.
    pub columns: ColumnMap,
    /// A day's count of 6.23 requests, for the CoS Party anomaly check.
    pub cos_count: Option<u64>,
}

/// The outcome of an ADT check: the report, and the (User ID, SequenceNumber) to commit to
/// the state when the file was accepted.
#[derive(Debug, Clone)]
pub struct AdtOutcome {
    /// The report.
    pub report: Report,
    /// What to commit, when accepted.
    pub accepted: Option<(String, u64)>,
}

/// Checks one ADT file.
pub fn check(name: &str, bytes: &[u8], opts: &Options, inputs: &AdtInputs) -> AdtOutcome {
    let file = AdtFile::read(bytes, &inputs.columns);
    let mut ev = AdtEvaluator { file: &file, inputs, thresholds: None };
    let mut report = engine::run(name, Kind::Adt, None, &mut ev, opts);
    let accepted = report.first_failure.is_none() && file.rows_ok();
    report.thresholds = Some(if accepted { ev.thresholds.unwrap_or_else(|| thresholds::effective(&file.rows, opts, true)) } else { Vec::new() });
    report.adt_file = file.user_id.clone().zip(file.sequence).map(|(user_id, sequence_number)| crate::model::AdtFileId { user_id, sequence_number });
    let commit = if accepted { file.user_id.clone().zip(file.sequence) } else { None };
    AdtOutcome { report, accepted: commit }
}

/// The thresholds for a User ID that never submitted an ADT file (all critical SRVs at 0/0).
pub fn never_submitted(user_id: &str, opts: &Options) -> Report {
    let mut ev = NeverSent { user_id };
    let mut report = engine::run(&format!("(no ADT file from {user_id})"), Kind::Adt, None, &mut ev, opts);
    report.thresholds = Some(thresholds::effective(&[], opts, false));
    report
}

struct NeverSent<'a> {
    user_id: &'a str,
}

impl Evaluator for NeverSent<'_> {
    fn evaluate(&mut self, rule: &RuleDef, opts: &Options) -> Vec<Evaluation> {
        match rule.rule_id() {
            id::TADP_ADT_DEFAULT_CRITICAL => vec![thresholds::describe_critical(&[], opts).with_clause(format!(
                "{} (User ID {} has never submitted an ADT file)",
                rule.clause, self.user_id
            ))],
            id::TADP_ADT_DEFAULT_623 => vec![Evaluation::skipped(format!(
                "does not apply: User ID {} has never submitted an ADT file; its defaults cover only SRVs giving rise to critical commands, and 6.23 is not one — the 6.23 entry is created while loading a file (S003 §3.2; what a User without a file gets for 6.23 is not in S003: an assumption)",
                self.user_id
            ))],
            _ => {
                vec![Evaluation::skipped(format!("does not apply: User ID {} has submitted no file", self.user_id))]
            }
        }
    }
}

struct AdtEvaluator<'a> {
    file: &'a AdtFile,
    inputs: &'a AdtInputs,
    thresholds: Option<Vec<Threshold>>,
}

impl Evaluator for AdtEvaluator<'_> {
    fn evaluate(&mut self, rule: &RuleDef, opts: &Options) -> Vec<Evaluation> {
        match rule.rule_id() {
            id::TADP_ADT_FORMAT => file::format(self.file),
            id::TADP_ADT_UNKNOWN_SRV => file::unknown_srv(self.file),
            id::TADP_ADT_SPREADSHEET_SRV => file::spreadsheet_srv(self.file),
            id::TADP_ADT_SEQUENCE_REPLAY => vec![file::sequence_replay(self.file, &self.inputs.state)],
            id::TADP_ADT_DUPLICATE_ENTRY => file::duplicates(self.file),
            id::TADP_ADT_DEFAULT_CRITICAL => vec![thresholds::describe_critical(&self.file.rows, opts)],
            id::TADP_ADT_DEFAULT_623 => vec![thresholds::describe_623(&self.file.rows, opts)],
            id::TADP_ADT_NO_RETAINED_VALUES => vec![thresholds::describe_not_retained(&self.file.rows, opts)],
            id::TADP_COS_PARTY_ANOMALY => {
                let t = self.thresholds.get_or_insert_with(|| thresholds::effective(&self.file.rows, opts, true));
                vec![anomaly::evaluate(rule, t, self.inputs.cos_count)]
            }
            _ => vec![Evaluation::not_evaluated(format!("not evaluated: sec-rules does not implement {} yet", rule.id))],
        }
    }
}
