//! `sec-check duis`.

use crate::args::Args;
use crate::{output, Fatal};
use sec_rules::Options;

pub fn run(a: &Args) -> Result<bool, Fatal> {
    let format = a.format(&["text", "json"])?;
    let opts = Options { as_of: a.as_of()?, all: a.flag("--all") };
    if a.files.is_empty() {
        return Err(Fatal("duis: no input FILE given".into()));
    }
    let trust = crate::trust::load(&a.values("--trust"))?;
    let inputs = sec_rules::duis::DuisInputs { trust: trust.as_ref() };
    if let Some(c) = a.value("--context") {
        std::fs::metadata(c).map_err(|e| Fatal(format!("--context {c}: {e}")))?;
    }
    let mut reports = Vec::new();
    for f in &a.files {
        let bytes = std::fs::read(f).map_err(|e| Fatal(format!("{f}: cannot read: {e}")))?;
        let report = sec_rules::duis::check_with(f, &bytes, &opts, &inputs);
        output::print(&report, format)?;
        reports.push(report);
    }
    Ok(output::all_accepted(&reports))
}
