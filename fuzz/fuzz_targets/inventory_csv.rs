//! Inventory CSV files: every ETMAD and TMAD rule, the streaming reader, the EMRR summaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sec_rules::etmad;
use sec_rules::{Date, Options};

fuzz_target!(|data: &[u8]| {
    let models = etmad::read_models("m.json", br#"{"non_migratable":[{"manufacturer":"M","model":"X","hardware_version":"1","firmware_version":"2"}],"proven":[],"migrated_counts":[{"manufacturer":"M","model":"Z","hardware_version":"1","firmware_version":"1","count":299}]}"#).unwrap_or_default();
    let opts = Options { as_of: Date::from_days_since_epoch(19_783), all: true, draft: false };
    let report = etmad::check("fuzz.csv", data, (data.len() % 2 == 0).then_some(&models), &opts);
    let _ = etmad::summary_csv(&report);
    let _ = serde_json::to_string(&report);
});
