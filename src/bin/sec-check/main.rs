//! `sec-check`: the command-line door (contract §1). See `sec-check --help` and `help.rs` for
//! the exit codes; no panic, no stack trace: every fault is a message naming the file.

mod adt;
mod args;
mod check;
mod context;
mod duis;
mod eligibility;
mod guard;
mod help;
mod input;
mod output;
mod rules;
mod state;
mod trust;

use args::{Args, Opt, OUTPUT};
use std::process::ExitCode;

/// Why a run stopped.
#[derive(Debug)]
pub enum Failure {
    /// A usage error (bad option, missing argument, unreadable input of an option): exit 2.
    Usage(String),
    /// Reading or writing failed: exit 2.
    Io(String),
    /// The output pipe closed: stop quietly.
    Pipe,
}

fn report_failure(f: &Failure, json: bool) -> ExitCode {
    match f {
        Failure::Pipe => ExitCode::from(141),
        Failure::Usage(m) | Failure::Io(m) => {
            if json {
                eprintln!("{}", serde_json::json!({ "error": m }));
            } else {
                eprintln!("sec-check: {m}");
            }
            ExitCode::from(2)
        }
    }
}

fn exit_for(t: output::Tally, a: &Args) -> Result<ExitCode, Failure> {
    let fail_on = a.choice("--fail-on", &["incomplete", "rejected"], "incomplete")?;
    let detailed = a.flag("--detailed-exit-codes");
    Ok(if t.errors > 0 {
        ExitCode::from(2)
    } else if t.rejected > 0 {
        ExitCode::from(1)
    } else if t.incomplete > 0 && detailed {
        ExitCode::from(3)
    } else if t.incomplete > 0 && fail_on == "incomplete" {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

type Runner = fn(&Args) -> Result<output::Tally, Failure>;

fn main() -> ExitCode {
    guard::install();
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let rest = argv.get(1..).unwrap_or(&[]);
    let (command, specs, run): (&str, Vec<&[Opt]>, Runner) = match argv.first().map(String::as_str) {
        Some("duis") => ("duis", vec![duis::OPTS, OUTPUT], duis::run),
        Some("check") => ("check", vec![duis::CHECK_OPTS, OUTPUT], duis::run_any),
        Some("adt") => ("adt", vec![adt::OPTS, OUTPUT], adt::run),
        Some("eligibility") => ("eligibility", vec![eligibility::OPTS, OUTPUT], eligibility::run),
        Some("rules") => ("rules", vec![rules::OPTS], rules::run),
        Some("help") => {
            return match rest.first() {
                None => {
                    println!("{}\n\n{}", help::OVERVIEW, help::EXIT_CODES);
                    ExitCode::SUCCESS
                }
                Some(c) => match help::of(c) {
                    Some(h) => {
                        print!("{h}");
                        ExitCode::SUCCESS
                    }
                    None => report_failure(&Failure::Usage(unknown(c)), false),
                },
            };
        }
        Some("--help" | "-h") => {
            println!("{}\n\n{}", help::OVERVIEW, help::EXIT_CODES);
            return ExitCode::SUCCESS;
        }
        Some("--version" | "-V") => {
            println!("sec-check {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some(other) => return report_failure(&Failure::Usage(unknown(other)), false),
        None => return report_failure(&Failure::Usage(format!("no subcommand given\n\n{}", help::OVERVIEW)), false),
    };
    let json = rest.windows(2).any(|w| matches!(w, [o, v] if (o == "--format" || o == "-f") && v == "json")) || rest.iter().any(|a| a == "--format=json");
    let args = match Args::parse(rest, &specs) {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{}", help::of(command).unwrap_or_default());
            return ExitCode::SUCCESS;
        }
        Err(f) => return report_failure(&with_hint(f, command), json),
    };
    match run(&args).and_then(|t| exit_for(t, &args)) {
        Ok(code) => code,
        Err(f) => report_failure(&f, json),
    }
}

fn unknown(word: &str) -> String {
    let hint = args::nearest(word, help::COMMANDS).map(|c| format!(" (did you mean {c}?)")).unwrap_or_default();
    format!("unknown subcommand `{word}`{hint}; sec-check --help lists them")
}

fn with_hint(f: Failure, command: &str) -> Failure {
    match f {
        Failure::Usage(m) => Failure::Usage(format!("{m}; see sec-check {command} --help")),
        other => other,
    }
}
