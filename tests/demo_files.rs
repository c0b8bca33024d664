//! The page's demo folder (`www/demo/`) is exactly what `examples/demo_files.rs` writes from
//! the crate's own code: no stale or hand-edited demo file can ship.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs, reason = "tests")]

use std::path::Path;

#[test]
fn the_committed_demo_files_are_what_the_generator_writes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/demo");
    let files = sec_rules::demo::files();
    for (name, content) in &files {
        let on_disk = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|_| panic!("www/demo/{name} is missing: run `cargo run --example demo_files`"));
        assert!(on_disk == *content, "www/demo/{name} differs from what the crate makes: run `cargo run --example demo_files` and commit");
    }
    let mut listed: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    listed.sort();
    let mut expected: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    expected.sort();
    assert_eq!(listed, expected, "www/demo holds a file the generator does not make");
}

#[test]
fn the_index_lists_every_sample_with_its_expected_verdict() {
    let files = sec_rules::demo::files();
    let index: serde_json::Value = serde_json::from_str(&files.iter().find(|(n, _)| n == "index.json").unwrap().1).unwrap();
    let entries = index.as_array().unwrap();
    assert_eq!(entries.len(), files.len() - 1);
    assert!(entries.iter().any(|e| e["name"] == "6.23-signed.xml" && e["expected_verdict"] == "accepted"));
    assert!(entries.iter().all(|e| e.get("content").is_none()), "contents stay in their own files");
}
