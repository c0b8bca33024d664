//! `sec-check duis` and `sec-check check`.

use crate::args::{Args, Opt};
use crate::check::{self, Checker, Want};
use crate::output::Out;
use crate::{context, Failure};
use sec_rules::Options;

/// The options of `duis`.
pub const OPTS: &[Opt] = &[
    Opt {
        name: "--trust",
        short: Some('t'),
        value: Some("PATH"),
        help: "SMKI certificates (PEM or DER files, or folders of them): Root and OCA certificates are the trust anchors, others find the signer; repeatable",
    },
    Opt {
        name: "--trust-anchor",
        short: None,
        value: Some("PATH"),
        help: "certificates trusted as given (files or folders): a chain ends at them, whatever their role, without their issuer — for test environments whose OCA is not published (DCC Boxed's xmlSign certificates); reports say the verdict rests on them; repeatable",
    },
    Opt {
        name: "--context",
        short: None,
        value: Some("FILE"),
        help: "who is who (contract §4): Users and their MPIDs, devices, Registration Data; without it the SRPD checks that need it are not evaluated",
    },
    Opt {
        name: "--user",
        short: None,
        value: Some("ID=ROLES"),
        help: "a User ID and the SEC User Roles it holds (IS, ES, GS, ED, GT, RSA, OU), e.g. 90-B3-D5-1F-30-01-00-00=IS,GS; merged with the context's; repeatable. Without roles the access checks (E1, E2) are not evaluated",
    },
    Opt { name: "--all", short: None, value: None, help: "go on after the first failure and show every finding (default: stop there, as the DCC may)" },
    Opt { name: "--draft", short: None, value: None, help: "judge unsigned drafts: skip the signature and signer checks of a document that has no signature (never reported as accepted); a signed document is checked as signed" },
];

/// The options of `check` (any mix of files).
pub const CHECK_OPTS: &[Opt] = &[
    Opt { name: "--trust", short: Some('t'), value: Some("PATH"), help: "SMKI certificates, as for duis (certificates among the FILEs are added too)" },
    Opt { name: "--trust-anchor", short: None, value: Some("PATH"), help: "certificates trusted as given, as for duis" },
    Opt { name: "--context", short: None, value: Some("FILE"), help: "the context, as for duis (a context among the FILEs is used too)" },
    Opt { name: "--models", short: None, value: Some("FILE"), help: "the models file for inventories (contract §6; one among the FILEs is used too)" },
    Opt { name: "--user", short: None, value: Some("ID=ROLES"), help: "a User ID and its SEC User Roles, as for duis; repeatable" },
    Opt { name: "--all", short: None, value: None, help: "go on after the first failure and show every finding" },
    Opt { name: "--draft", short: None, value: None, help: "judge DUIS documents as unsigned drafts" },
];

/// `--user ID=ROLES`, each one (a bad one is a usage error naming it).
fn roles(a: &Args) -> Result<sec_rules::context::RoleGrants, Failure> {
    let mut grants = sec_rules::context::RoleGrants::new();
    for v in a.values("--user") {
        grants.add_arg(v).map_err(|e| Failure::Usage(format!("--user {v}: {e}")))?;
    }
    Ok(grants)
}

fn checker(a: &Args, out: &Out, draft: bool) -> Result<Checker, Failure> {
    Ok(Checker {
        roles: roles(a)?,
        opts: Options { as_of: a.as_of()?, all: a.flag("--all"), draft },
        trust: crate::trust::load(&a.values("--trust"), &a.values("--trust-anchor"), out)?,
        context: context::load(a.value("--context"))?,
        models: None,
        cache: sec_rules::smki::VerifyCache::new(),
        adt: sec_rules::tadp::AdtInputs::default(),
        state: None,
    })
}

/// `sec-check duis FILE…`.
pub fn run(a: &Args) -> Result<crate::output::Tally, Failure> {
    let out = Out::new(a, &["text", "json", "sarif", "csv"])?;
    if a.files.is_empty() {
        return Err(Failure::Usage("duis: no input FILE given (see sec-check duis --help)".into()));
    }
    let mut c = checker(a, &out, a.flag("--draft"))?;
    check::all(&mut c, &a.files, Want::Duis, out)
}

/// `sec-check check FILE…`.
pub fn run_any(a: &Args) -> Result<crate::output::Tally, Failure> {
    let out = Out::new(a, &["text", "json", "sarif", "csv"])?;
    if a.files.is_empty() {
        return Err(Failure::Usage("check: no input FILE given (see sec-check check --help)".into()));
    }
    let mut c = checker(a, &out, a.flag("--draft"))?;
    if let Some(m) = a.value("--models") {
        c.models = Some(crate::eligibility::models(m)?);
    }
    check::all(&mut c, &a.files, Want::Any, out)
}
