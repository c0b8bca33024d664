//! Writes the page's built-in demo to `www/demo/`: each sample file, and `index.json` saying
//! what each shows and the verdict it should get. The files are made by this crate's own test
//! PKI (public test keys, deterministic signatures), so they are the same on every run;
//! `tests/demo_files.rs` fails when the committed files differ from what this writes.
//!
//! `cargo run --example demo_files [DIR]` (default `www/demo`).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, reason = "a generator")]

use std::path::PathBuf;

fn main() {
    let dir = std::env::args().nth(1).map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/demo"), PathBuf::from);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, content) in sec_rules::demo::files() {
        std::fs::write(dir.join(name), content).unwrap();
    }
    println!("demo written to {}", dir.display());
}
