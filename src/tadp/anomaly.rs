//! CoS Party Threshold Anomaly Detection (SRPD clause 20 as S003 §3.3 describes it): the CoS
//! Party applies only the User's thresholds for SRV 6.23 with a Time Period Applicable of 1440
//! minutes; above the ADT it ceases processing (an alert, no quarantine: the supplier must
//! re-send).

use crate::catalogue::RuleDef;
use crate::model::{Evaluation, Threshold, ThresholdSource};

/// Evaluates a day's count of 6.23s against the thresholds the CoS Party would apply.
pub fn evaluate(rule: &RuleDef, thresholds: &[Threshold], count: Option<u64>) -> Evaluation {
    let period = rule.int("period_minutes").and_then(|p| u64::try_from(p).ok()).unwrap_or(1440);
    let Some(t) = thresholds.iter().find(|t| t.srv == "6.23" && t.period_minutes == period) else {
        return Evaluation::not_evaluated("not evaluated: no 6.23 threshold for 1440 minutes applies");
    };
    let origin = match t.source {
        ThresholdSource::File => "set by the User in this file",
        ThresholdSource::Default => "the DCC's default (what a 0 means to the CoS Party is an assumption: sec-rules compares the count with it)",
    };
    let Some(n) = count else {
        return Evaluation::not_evaluated(format!(
            "the CoS Party would apply ADT {} / Warning {} per 1440 minutes to 6.23 ({origin}); give a day's count of 6.23s (--cos-count) to see whether it would cease processing",
            t.adt, t.warning
        ));
    };
    if n > t.adt {
        Evaluation::fail(
            format!("{n} 6.23s in a day exceed the ADT of {} ({origin}): the CoS Party would cease processing, alert the User and quarantine nothing; the supplier must re-send", t.adt),
            None,
        )
    } else if n > t.warning {
        Evaluation::pass(format!("{n} 6.23s in a day are within the ADT of {} but above the Warning Threshold of {} ({origin})", t.adt, t.warning), None)
    } else {
        Evaluation::pass(format!("{n} 6.23s in a day are within the Warning Threshold of {} and the ADT of {} ({origin})", t.warning, t.adt), None)
    }
}
