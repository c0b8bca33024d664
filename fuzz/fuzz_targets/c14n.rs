//! Inclusive and exclusive canonicalization of any document the XML intake accepts, at the
//! root and at an element chosen by the input, with and without an excluded subtree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sec_rules::xmldsig::c14n::{canonicalize, Mode};

fuzz_target!(|data: &[u8]| {
    let limits = sec_rules::duis::limits();
    let Ok(prepared) = sec_rules::xml::prepare(data, &limits) else { return };
    let Ok(parsed) = prepared.parse(&limits) else { return };
    let doc = parsed.doc();
    let elements: Vec<_> = doc.descendants().filter(|n| n.is_element()).collect();
    let pick = data.last().map_or(0, |b| usize::from(*b)) % elements.len().max(1);
    let apex = elements.get(pick).copied().unwrap_or_else(|| doc.root_element());
    let exclude = elements.get(pick / 2).map(|n| n.id());
    let modes = [
        Mode::Inclusive,
        Mode::Exclusive { inclusive_prefixes: vec![] },
        Mode::Exclusive { inclusive_prefixes: vec!["#default".into(), "sr".into(), "ds".into()] },
    ];
    for mode in &modes {
        let whole = canonicalize(&parsed, doc.root(), exclude, mode);
        let part = canonicalize(&parsed, apex, None, mode);
        // canonical output is UTF-8 and never larger than a generous bound of the input
        assert!(std::str::from_utf8(&whole).is_ok() && std::str::from_utf8(&part).is_ok());
    }
});
