//! `--trust PATH`: PEM or DER certificate files, or folders of them (recursively).

use crate::Fatal;
use sec_rules::smki::TrustStore;
use std::path::Path;

/// Loads every `--trust` path into one store. An explicit file that is not a certificate is
/// an error; inside a folder, files that are neither PEM nor DER are skipped.
pub fn load(paths: &[&str]) -> Result<Option<TrustStore>, Fatal> {
    if paths.is_empty() {
        return Ok(None);
    }
    let mut store = TrustStore::new();
    for p in paths {
        let path = Path::new(p);
        let meta = std::fs::metadata(path).map_err(|e| Fatal(format!("--trust {p}: {e}")))?;
        if meta.is_dir() {
            load_dir(&mut store, path)?;
        } else {
            add(&mut store, path)?;
        }
    }
    Ok(Some(store))
}

fn load_dir(store: &mut TrustStore, dir: &Path) -> Result<(), Fatal> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Fatal(format!("--trust {}: {e}", dir.display())))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            load_dir(store, &p)?;
        } else if let Ok(bytes) = std::fs::read(&p) {
            let looks_like_cert = bytes.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") || bytes.first() == Some(&0x30);
            if looks_like_cert {
                add_bytes(store, &p, &bytes)?;
            }
        }
    }
    Ok(())
}

fn add(store: &mut TrustStore, path: &Path) -> Result<(), Fatal> {
    let bytes = std::fs::read(path).map_err(|e| Fatal(format!("--trust {}: cannot read: {e}", path.display())))?;
    add_bytes(store, path, &bytes)
}

fn add_bytes(store: &mut TrustStore, path: &Path, bytes: &[u8]) -> Result<(), Fatal> {
    store.add_file(&path.display().to_string(), bytes).map(|_| ()).map_err(|e| Fatal(format!("--trust {e}")))
}
