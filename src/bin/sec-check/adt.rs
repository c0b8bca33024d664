//! `sec-check adt`: ADT files against TADP, with the sequence-number state.

use crate::args::{Args, Opt};
use crate::check::{Checker, Want};
use crate::output::Out;
use crate::{state, Failure};
use sec_rules::tadp::{self, AdtInputs};
use sec_rules::Options;

/// The options of `adt`.
pub const OPTS: &[Opt] = &[
    Opt { name: "--state", short: None, value: Some("FILE"), help: "the last accepted SequenceNumber per User ID, JSON { \"<User ID>\": n }; a missing file is an empty state, a corrupt one is refused and left alone" },
    Opt { name: "--commit", short: None, value: None, help: "save each accepted file's SequenceNumber to --state (after its report is written; atomically, the previous state kept as FILE.bak)" },
    Opt { name: "--column", short: None, value: Some("NAME=HEADER"), help: "read the contract column NAME (UserID, SequenceNumber, ServiceReferenceVariant, TimePeriodApplicable, AnomalyDetectionThreshold, WarningThreshold) from HEADER; repeatable" },
    Opt { name: "--cos-count", short: None, value: Some("N"), help: "a day's count of 6.23 requests, to compare with the CoS Party's 6.23 threshold" },
    Opt { name: "--never-submitted", short: None, value: Some("USER_ID"), help: "report the thresholds the DCC applies to a User ID that has sent no ADT file (defaults only); repeatable" },
    Opt { name: "--all", short: None, value: None, help: "go on after the first failure and show every finding" },
];

/// `sec-check adt FILE…`.
pub fn run(a: &Args) -> Result<crate::output::Tally, Failure> {
    let mut out = Out::new(a, &["text", "json", "sarif", "csv"])?;
    let opts = Options { as_of: a.as_of()?, all: a.flag("--all"), draft: false };
    let mut inputs = AdtInputs::default();
    for c in a.values("--column") {
        let (name, header) = c.split_once('=').ok_or_else(|| Failure::Usage(format!("--column {c}: expected NAME=HEADER, e.g. UserID=\"User Id\"")))?;
        if !tadp::file::COLUMNS.contains(&name) {
            let hint = crate::args::nearest(name, tadp::file::COLUMNS).map(|n| format!(" (did you mean {n}?)")).unwrap_or_default();
            return Err(Failure::Usage(format!("--column {c}: {name} is not one of {}{hint}", tadp::file::COLUMNS.join(", "))));
        }
        inputs.columns.insert(name.to_owned(), header.to_owned());
    }
    if let Some(n) = a.value("--cos-count") {
        inputs.cos_count = Some(n.parse().map_err(|_| Failure::Usage(format!("--cos-count {n}: not a non-negative integer")))?);
    }
    let state_path = a.value("--state");
    if let Some(p) = state_path {
        inputs.state = state::read(p)?;
    }
    if a.flag("--commit") && state_path.is_none() {
        return Err(Failure::Usage("--commit needs --state FILE to write to".into()));
    }
    let never = a.values("--never-submitted");
    if a.files.is_empty() && never.is_empty() {
        return Err(Failure::Usage("adt: no input FILE given (see sec-check adt --help)".into()));
    }
    for user in never {
        out.report(&tadp::never_submitted(user, &opts))?;
    }
    let mut c = Checker {
        opts,
        trust: None,
        context: None,
        roles: sec_rules::context::RoleGrants::new(),
        models: None,
        cache: sec_rules::smki::VerifyCache::new(),
        adt: inputs,
        state: state_path.map(|p| (p.to_owned(), a.flag("--commit"))),
    };
    crate::check::all(&mut c, &a.files, Want::Adt, out)
}
