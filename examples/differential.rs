//! `scripts/differential.sh N`: N signed variants of DUIS requests, each judged by xmlsec1 and
//! by sec-rules (tests/support/differential.rs says how). Prints the tally and every
//! unexplained difference; exits 1 if there is one. `--keep DIR` writes the unexplained ones.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::print_stdout, missing_docs, reason = "example: a test harness")]

#[path = "../tests/support/differential.rs"]
mod differential;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(500);
    let keep = args.iter().position(|a| a == "--keep").and_then(|i| args.get(i + 1)).map(std::path::PathBuf::from);
    if !differential::xmlsec1_available() {
        eprintln!("differential: xmlsec1 is not installed (scripts/setup.sh installs it)");
        std::process::exit(2);
    }
    let bench = differential::Bench::new("cli");
    let classes = differential::classes();
    let mut tally = differential::Tally::default();
    let mut by_class: std::collections::BTreeMap<&str, (usize, usize)> = std::collections::BTreeMap::new();
    for i in 0..n {
        let Some(v) = bench.run(&classes, i) else { continue };
        tally.add(&v);
        let e = by_class.entry(v.class).or_default();
        e.0 += 1;
        if v.documented().is_some() && !v.agrees() {
            e.1 += 1;
        }
        if !v.agrees() && v.documented().is_none() {
            if let Some(dir) = &keep {
                bench.keep(dir, &v);
            }
        }
    }
    for (class, (count, documented)) in &by_class {
        let note = if *documented > 0 { format!("  ({documented} documented)") } else { String::new() };
        println!("  {class:<36} {count:>5}{note}");
    }
    for (class, ours, theirs, why) in differential::DOCUMENTED {
        println!(
            "documented: {class} (sec-rules {}, xmlsec1 {}): {why}",
            if *ours { "verifies" } else { "refuses" },
            if *theirs { "verifies" } else { "refuses" }
        );
    }
    for u in &tally.unexplained {
        println!("UNEXPLAINED {u}");
    }
    println!("{}", tally.line());
    if !tally.unexplained.is_empty() {
        std::process::exit(1);
    }
}
