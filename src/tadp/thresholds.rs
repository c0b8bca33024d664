//! The thresholds the DCC applies after accepting a file (S003 §3.2): the file's entries, then
//! ADT 0 / Warning 0 for 1440 minutes for every SRV giving rise to a critical command that has
//! no entry, and for SRV 6.23 when it has no 1440-minute entry. A non-critical SRV without an
//! entry gets nothing: earlier values are not kept.

use super::Row;
use crate::catalogue::{self, RuleDef};
use crate::engine::Options;
use crate::model::{rule_id as id, Evaluation, Threshold, ThresholdSource};

fn param(rule: Option<&RuleDef>, name: &str, default: u64) -> u64 {
    rule.and_then(|r| r.int(name)).and_then(|v| u64::try_from(v).ok()).unwrap_or(default)
}

fn in_force(rule: Option<&RuleDef>, opts: &Options) -> bool {
    rule.is_some_and(|r| r.in_force.contains(opts.as_of))
}

/// Critical SRVs with no entry in `rows`.
fn critical_without_entry(rows: &[Row]) -> Vec<&'static str> {
    catalogue::srvs().iter().filter(|s| s.critical && !rows.iter().any(|r| r.srv == s.srv)).map(|s| s.srv).collect()
}

fn needs_623_default(rows: &[Row], period: u64, srv: &str) -> bool {
    !rows.iter().any(|r| r.srv == srv && r.period == period)
}

/// The effective thresholds. `loading`: a file is being loaded (the 6.23 entry is created
/// then, S003 §3.2); false for a User ID that never submitted one (critical SRVs only).
pub fn effective(rows: &[Row], opts: &Options, loading: bool) -> Vec<Threshold> {
    let mut out: Vec<Threshold> = rows
        .iter()
        .map(|r| Threshold { srv: r.srv.clone(), period_minutes: r.period, adt: r.adt, warning: r.warning, source: ThresholdSource::File })
        .collect();
    let crit = catalogue::rule(id::TADP_ADT_DEFAULT_CRITICAL);
    if in_force(crit, opts) {
        for srv in critical_without_entry(rows) {
            out.push(Threshold {
                srv: srv.to_owned(),
                period_minutes: param(crit, "period_minutes", 1440),
                adt: param(crit, "adt", 0),
                warning: param(crit, "warning", 0),
                source: ThresholdSource::Default,
            });
        }
    }
    let r623 = catalogue::rule(id::TADP_ADT_DEFAULT_623);
    if loading && in_force(r623, opts) {
        let srv = match r623.and_then(|r| r.param("srv")) {
            Some(catalogue::Param::Str(s)) => s,
            _ => "6.23",
        };
        let period = param(r623, "period_minutes", 1440);
        if needs_623_default(rows, period, srv) {
            out.push(Threshold {
                srv: srv.to_owned(),
                period_minutes: period,
                adt: param(r623, "adt", 0),
                warning: param(r623, "warning", 0),
                source: ThresholdSource::Default,
            });
        }
    }
    out
}

/// The `tadp.adt.default-critical` finding.
pub fn describe_critical(rows: &[Row], _opts: &Options) -> Evaluation {
    let missing = critical_without_entry(rows);
    let total = catalogue::srvs().iter().filter(|s| s.critical).count();
    if missing.is_empty() {
        Evaluation::pass(format!("every one of the {total} SRVs giving rise to a critical command has an entry in the file"), None)
    } else {
        Evaluation::pass(
            format!(
                "{} of the {total} SRVs giving rise to a critical command have no entry and get ADT 0 / Warning 0 for 1440 minutes: {}",
                missing.len(),
                missing.join(", ")
            ),
            None,
        )
    }
}

/// The `tadp.adt.default-623` finding.
pub fn describe_623(rows: &[Row], _opts: &Options) -> Evaluation {
    if needs_623_default(rows, 1440, "6.23") {
        Evaluation::pass("SRV 6.23 has no 1440-minute entry: the DCC sets one with ADT 0 / Warning 0", None)
    } else {
        Evaluation::pass("SRV 6.23 has its own 1440-minute entry", None)
    }
}

/// The `tadp.adt.no-retained-values` finding: the SRVs that have no threshold after this
/// file (no entry, no default), whatever an earlier file set for them (S003 §3.2).
pub fn describe_not_retained(rows: &[Row], opts: &Options) -> Evaluation {
    let have = effective(rows, opts, true);
    let without: Vec<&str> = catalogue::srvs().iter().filter(|s| !have.iter().any(|t| t.srv == s.srv)).map(|s| s.srv).collect();
    let shown: Vec<&str> = without.iter().copied().take(12).collect();
    Evaluation::pass(
        format!(
            "{} of the {} SRVs have no threshold once this file is loaded (no entry and no default){}: the DCC does not retain what an earlier file set for them",
            without.len(),
            catalogue::srvs().len(),
            if without.is_empty() { String::new() } else { format!(", e.g. {}{}", shown.join(", "), if without.len() > shown.len() { ", …" } else { "" }) }
        ),
        None,
    )
}
