//! `--trust PATH`: PEM or DER certificate files, or folders of them (recursively). A file
//! that is not a certificate, or holds a malformed one, is skipped with a warning rather than
//! stopping the run; what was loaded and skipped is reported on standard error.

use crate::input::{self, Item, Source, CERT_MAX};
use crate::output::Out;
use crate::Failure;
use sec_rules::smki::TrustStore;

/// Loads every `--trust` path into one store (`None` without `--trust`).
pub fn load(paths: &[&str], out: &Out) -> Result<Option<TrustStore>, Failure> {
    if paths.is_empty() {
        return Ok(None);
    }
    let mut store = TrustStore::new();
    let mut notes = Vec::new();
    let mut items = Vec::new();
    for p in paths {
        if !std::path::Path::new(p).exists() {
            return Err(Failure::Io(format!("--trust {p}: no such file or folder")));
        }
        items.extend(input::expand(&[(*p).to_owned()], &mut notes));
    }
    let (mut files, mut skipped) = (0usize, Vec::new());
    for item in items.iter().filter(|i| matches!(i.source, Source::Path(_))) {
        match add(&mut store, item) {
            Ok(()) => files += 1,
            Err(why) => skipped.push(format!("{}: {why}", item.name)),
        }
    }
    let n = store.len();
    let mut msg = format!("trust store: {n} certificate{} loaded from {files} file{}", if n == 1 { "" } else { "s" }, if files == 1 { "" } else { "s" });
    if !skipped.is_empty() {
        msg.push_str(&format!("; {} skipped ({})", skipped.len(), skipped.join("; ")));
    }
    for note in notes {
        out.warn(&format!("--trust {note}"));
    }
    if n == 0 {
        out.warn(&format!("{msg}: no certificate to check signers against, so the signer checks will not be evaluated"));
    } else if !skipped.is_empty() {
        out.warn(&msg);
    } else if out.format == crate::output::Format::Text {
        eprintln!("sec-check: {msg}");
    }
    Ok(Some(store))
}

fn add(store: &mut TrustStore, item: &Item) -> Result<(), String> {
    let bytes = input::read(item, CERT_MAX, "a certificate file")?;
    let looks_like_cert = bytes.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") || bytes.first() == Some(&0x30);
    if !looks_like_cert {
        return Err("not a PEM or DER certificate".into());
    }
    store.add_file(&item.name, &bytes).map(|_| ()).map_err(|e| e.fault.to_string() + &format!(" (certificate {})", e.index))
}
