//! The page's data folder (`www/data/`) is exactly what `examples/page_data.rs` writes from the
//! catalogue `rules/` compiles in: the embeds and the page's table can never disagree with the
//! module (tests/smoke holds the module's `catalogue()` equal to it too).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs, reason = "tests")]

use std::path::Path;

#[test]
fn the_committed_page_data_is_what_the_generator_writes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/data");
    let files = sec_rules::pagedata::files();
    for (name, content) in &files {
        let on_disk = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|_| panic!("www/data/{name} is missing: run `cargo run --example page_data`"));
        assert!(on_disk == *content, "www/data/{name} differs from the catalogue: run `cargo run --example page_data` and commit");
    }
    let mut listed: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    listed.sort();
    let mut expected: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    expected.sort();
    assert_eq!(listed, expected, "www/data holds a file the generator does not make");
}
