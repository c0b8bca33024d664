//! Writes reports: text, or JSON Lines (one object per input, contract §2).

use crate::Fatal;
use sec_rules::{Report, Verdict};

/// Prints one report in the chosen format.
pub fn print(report: &Report, format: &str) -> Result<(), Fatal> {
    if format == "json" {
        println!("{}", serde_json::to_string(report)?);
    } else {
        print!("{}", sec_rules::report::text(report));
    }
    Ok(())
}

/// Whether every report is accepted (exit 0) or not (exit 1).
pub fn all_accepted(reports: &[Report]) -> bool {
    reports.iter().all(|r| r.verdict == Verdict::Accepted)
}
