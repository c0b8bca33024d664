//! `sec-check adt`: ADT files against TADP, with the sequence-number state.

use crate::args::Args;
use crate::{output, Fatal};
use sec_rules::tadp::{self, AdtInputs, SequenceState};
use sec_rules::Options;

pub fn run(a: &Args) -> Result<bool, Fatal> {
    let format = a.format(&["text", "json"])?;
    let opts = Options { as_of: a.as_of()?, all: a.flag("--all"), draft: false };
    let mut inputs = AdtInputs::default();
    for c in a.values("--column") {
        let (name, header) = c.split_once('=').ok_or_else(|| Fatal(format!("--column {c}: expected NAME=HEADER, e.g. UserID=\"User Id\"")))?;
        if !tadp::file::COLUMNS.contains(&name) {
            return Err(Fatal(format!("--column {c}: {name} is not one of {}", tadp::file::COLUMNS.join(", "))));
        }
        inputs.columns.insert(name.to_owned(), header.to_owned());
    }
    if let Some(n) = a.value("--cos-count") {
        inputs.cos_count = Some(n.parse().map_err(|_| Fatal(format!("--cos-count {n}: not a non-negative integer")))?);
    }
    let state_path = a.value("--state");
    if let Some(p) = state_path {
        inputs.state = read_state(p)?;
    }
    if a.flag("--commit") && state_path.is_none() {
        return Err(Fatal("--commit needs --state FILE to write to".into()));
    }
    let mut reports = Vec::new();
    for user in a.values("--never-submitted") {
        let r = tadp::never_submitted(user, &opts);
        output::print(&r, format)?;
        reports.push(r);
    }
    if a.files.is_empty() && reports.is_empty() {
        return Err(Fatal("adt: no input FILE given".into()));
    }
    for f in &a.files {
        let bytes = std::fs::read(f).map_err(|e| Fatal(format!("{f}: cannot read: {e}")))?;
        let out = tadp::check(f, &bytes, &opts, &inputs);
        if let Some((user, seq)) = out.accepted {
            // The DCC processes files in order: a later file in this run sees this one.
            inputs.state.insert(user, seq);
            if a.flag("--commit") {
                if let Some(p) = state_path {
                    write_state(p, &inputs.state)?;
                }
            }
        }
        output::print(&out.report, format)?;
        reports.push(out.report);
    }
    Ok(output::all_accepted(&reports))
}

fn read_state(path: &str) -> Result<SequenceState, Fatal> {
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(SequenceState::new()),
        Err(e) => Err(Fatal(format!("--state {path}: cannot read: {e}"))),
        Ok(b) => serde_json::from_slice(&b)
            .map_err(|e| Fatal(format!("--state {path}: line {} column {}: {e} (expected {{ \"<User ID>\": <last accepted sequence number> }})", e.line(), e.column()))),
    }
}

fn write_state(path: &str, state: &SequenceState) -> Result<(), Fatal> {
    let text = serde_json::to_string_pretty(state)?;
    std::fs::write(path, text + "\n").map_err(|e| Fatal(format!("--state {path}: cannot write: {e}")))
}
