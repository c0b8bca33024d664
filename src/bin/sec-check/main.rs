//! `sec-check`: the command-line door (contract §1). Exit 0 all accepted, 1 any rejected or
//! incomplete, 2 usage or I/O error (message on stderr naming the file and reason).

mod adt;
mod args;
mod duis;
mod eligibility;
mod output;
mod rules;
mod trust;

use std::process::ExitCode;

const USAGE: &str = "usage:
  sec-check duis [--trust PATH]... [--context FILE] [--as-of DATE] [--all] [--format text|json] FILE...
  sec-check adt  [--state FILE] [--commit] [--as-of DATE] [--format text|json] FILE...
                 [--column NAME=HEADER]... [--cos-count N] [--never-submitted USER_ID]...
  sec-check eligibility --models FILE [--as-of DATE] [--format text|json] [--summary-csv FILE] INVENTORY.csv
  sec-check rules [--format text|json|markdown]";

/// A usage or I/O error: exit status 2.
#[derive(Debug)]
pub struct Fatal(pub String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let result = match argv.first().map(String::as_str) {
        Some("duis") => args::Args::parse(argv.get(1..).unwrap_or(&[]), &["--trust", "--context", "--as-of", "--format"], &["--all", "--draft"])
            .and_then(|a| duis::run(&a)),
        Some("rules") => args::Args::parse(argv.get(1..).unwrap_or(&[]), &["--format"], &[]).and_then(|a| rules::run(&a)),
        Some("adt") => args::Args::parse(
            argv.get(1..).unwrap_or(&[]),
            &["--state", "--as-of", "--format", "--column", "--cos-count", "--never-submitted"],
            &["--commit", "--all"],
        )
        .and_then(|a| adt::run(&a)),
        Some("eligibility") => args::Args::parse(argv.get(1..).unwrap_or(&[]), &["--models", "--as-of", "--format", "--summary-csv"], &[])
            .and_then(|a| eligibility::run(&a)),
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            Ok(true)
        }
        Some("--version" | "-V") => {
            println!("sec-check {}", env!("CARGO_PKG_VERSION"));
            Ok(true)
        }
        Some(other) => Err(Fatal(format!("unknown command `{other}`\n{USAGE}"))),
        None => Err(Fatal(USAGE.to_owned())),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(Fatal(msg)) => {
            eprintln!("sec-check: {msg}");
            ExitCode::from(2)
        }
    }
}
