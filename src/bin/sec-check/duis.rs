//! `sec-check duis`.

use crate::args::Args;
use crate::{output, Fatal};
use sec_rules::Options;

pub fn run(a: &Args) -> Result<bool, Fatal> {
    let format = a.format(&["text", "json"])?;
    let opts = Options { as_of: a.as_of()?, all: a.flag("--all"), draft: a.flag("--draft") };
    if a.files.is_empty() {
        return Err(Fatal("duis: no input FILE given".into()));
    }
    let trust = crate::trust::load(&a.values("--trust"))?;
    let context = match a.value("--context") {
        Some(c) => {
            let bytes = std::fs::read(c).map_err(|e| Fatal(format!("--context {c}: cannot read: {e}")))?;
            Some(sec_rules::context::Context::from_json(c, &bytes).map_err(|e| Fatal(format!("--context {e}")))?)
        }
        None => None,
    };
    // One cache for the run: without --trust, the certificates carried in the requests are
    // still verified against each other, once per batch.
    let cache = sec_rules::smki::VerifyCache::new();
    let inputs = sec_rules::request::DuisInputs { trust: trust.as_ref(), context: context.as_ref(), cache: Some(&cache), crypto: None };
    let mut reports = Vec::new();
    for f in &a.files {
        let bytes = std::fs::read(f).map_err(|e| Fatal(format!("{f}: cannot read: {e}")))?;
        let report = sec_rules::request::check_with(f, &bytes, &opts, &inputs);
        output::print(&report, format)?;
        reports.push(report);
    }
    Ok(output::all_accepted(&reports))
}
