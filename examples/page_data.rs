//! Writes the data the page and the documentation embeds draw from without the checker
//! module (`www/data/rules.json`, `www/data/notes.json`) from the catalogue `rules/` compiles
//! in; `tests/page_data.rs` fails when the committed files differ from what this writes.
//!
//! `cargo run --example page_data [DIR]` (default `www/data`).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, reason = "a generator")]

use std::path::PathBuf;

fn main() {
    let dir = std::env::args().nth(1).map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/data"), PathBuf::from);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, content) in sec_rules::pagedata::files() {
        std::fs::write(dir.join(name), content).unwrap();
    }
    println!("page data written to {}", dir.display());
}
