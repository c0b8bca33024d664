//! ADT CSV files: every file check, the effective thresholds, the CoS Party anomaly check.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sec_rules::tadp::{self, AdtInputs};
use sec_rules::{Date, Options};

fuzz_target!(|data: &[u8]| {
    let mut inputs = AdtInputs { cos_count: Some(3), ..AdtInputs::default() };
    inputs.state.insert("90-B3-D5-1F-30-01-00-00".into(), 5);
    let opts = Options { as_of: Date::from_days_since_epoch(19_783), all: true, draft: false };
    let out = tadp::check("fuzz.csv", data, &opts, &inputs);
    let _ = serde_json::to_string(&out.report);
});
