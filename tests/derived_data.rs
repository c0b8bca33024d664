//! The derived tables in rules/ are what their generators make from ../shared/reference today:
//! rules/duis-schema.txt (scripts/derive-schema.py, from the DUIS and MMC XSDs) and
//! rules/srv.toml (scripts/derive-srv-table.py, from the request matrix and the XSD). Skips
//! cleanly without ../shared or python3.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs, reason = "tests")]

use std::path::Path;
use std::process::Command;

fn run(script: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = root.join("../shared/reference");
    if !reference.exists() || Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: needs ../shared/reference and python3");
        return;
    }
    let out = Command::new("python3").arg(script).arg(&reference).arg("--check").current_dir(root).output().unwrap();
    assert!(out.status.success(), "{script}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_schema_tables_match_the_reference_schemas() {
    run("scripts/derive-schema.py");
}

#[test]
fn the_srv_table_matches_the_reference() {
    run("scripts/derive-srv-table.py");
}
