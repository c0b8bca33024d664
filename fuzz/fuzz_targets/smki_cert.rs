//! SMKI certificate reading, DER and PEM (one or several per file), and the chain check of
//! whatever was read against the test PKI's anchors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sec_rules::smki::{chain, SmkiCert, TrustStore};
use sec_rules::Date;
use std::sync::OnceLock;

fn anchors() -> &'static String {
    static A: OnceLock<String> = OnceLock::new();
    A.get_or_init(|| sec_rules::demo::DemoWorld::new().trust_pem())
}

fuzz_target!(|data: &[u8]| {
    let _ = SmkiCert::from_der(data);
    let mut store = TrustStore::new();
    let _ = store.add_file("anchors.pem", anchors().as_bytes());
    if store.add_file("fuzz.pem", data).is_ok() {
        let day = Date::from_days_since_epoch(19_783);
        for c in store.certs().to_vec() {
            let _ = chain::verify(&store, &c, day, store.crypto());
        }
    }
});
