//! `--trust PATH` and `--trust-anchor PATH`: PEM or DER certificate files, or folders of them
//! (recursively). A file that is not a certificate, or holds a malformed one, is skipped with a
//! warning rather than stopping the run; what was loaded and skipped is reported on standard
//! error. Certificates of `--trust-anchor` are trusted as given (contract §8).

use crate::input::{self, Item, Source, CERT_MAX};
use crate::output::Out;
use crate::Failure;
use sec_rules::smki::TrustStore;

/// Loads every `--trust` and `--trust-anchor` path into one store (`None` without either).
pub fn load(paths: &[&str], anchors: &[&str], out: &Out) -> Result<Option<TrustStore>, Failure> {
    if paths.is_empty() && anchors.is_empty() {
        return Ok(None);
    }
    let mut store = TrustStore::new();
    let mut notes = Vec::new();
    let mut items = Vec::new();
    for (flag, list, anchor) in [("--trust", paths, false), ("--trust-anchor", anchors, true)] {
        for p in list {
            if !std::path::Path::new(p).exists() {
                return Err(Failure::Io(format!("{flag} {p}: no such file or folder")));
            }
            items.extend(input::expand(&[(*p).to_owned()], &mut notes).into_iter().map(|i| (i, anchor)));
        }
    }
    let (mut files, mut skipped) = (0usize, Vec::new());
    for (item, anchor) in items.iter().filter(|(i, _)| matches!(i.source, Source::Path(_))) {
        match add(&mut store, item, *anchor) {
            Ok(()) => files += 1,
            Err(why) => skipped.push(format!("{}: {why}", item.name)),
        }
    }
    let n = store.len();
    let mut msg = format!("trust store: {n} certificate{} loaded from {files} file{}", if n == 1 { "" } else { "s" }, if files == 1 { "" } else { "s" });
    if store.given_anchors() > 0 {
        msg.push_str(&format!(
            " ({} trusted as given: no chain is checked for {})",
            store.given_anchors(),
            if store.given_anchors() == 1 { "it" } else { "them" }
        ));
    }
    if !skipped.is_empty() {
        msg.push_str(&format!("; {} skipped ({})", skipped.len(), skipped.join("; ")));
    }
    for note in notes {
        out.warn(&format!("trust store: {note}"));
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

fn add(store: &mut TrustStore, item: &Item, anchor: bool) -> Result<(), String> {
    let bytes = input::read(item, CERT_MAX, "a certificate file")?;
    if sec_rules::smki::looks_like_private_key(&bytes) {
        return Err(sec_rules::smki::CertFault::PrivateKey.to_string());
    }
    let looks_like_cert = bytes.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") || bytes.first() == Some(&0x30);
    if !looks_like_cert {
        return Err("not a PEM or DER certificate".into());
    }
    let added = if anchor { store.add_anchor_file(&item.name, &bytes) } else { store.add_file(&item.name, &bytes) };
    added.map(|_| ()).map_err(|e| match e.fault {
        sec_rules::smki::CertFault::PrivateKey => e.fault.to_string(),
        f => format!("{f} (certificate {})", e.index),
    })
}
