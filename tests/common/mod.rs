//! Shared by the integration tests that run natively and under wasm-bindgen-test.

/// Declares each `fn name() { … }` as a native `#[test]` and, on wasm32, a
/// `#[wasm_bindgen_test]`, so one file tests both doors.
#[macro_export]
macro_rules! both {
    ($(fn $name:ident() $body:block)*) => {$(
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        fn $name() $body
    )*};
}

/// The demo's world and a trust store holding its test PKI: the request tests' fixture.
#[allow(dead_code, reason = "not every test file that includes this module uses it")]
pub struct Fx {
    pub w: sec_rules::demo::DemoWorld,
    pub store: sec_rules::smki::TrustStore,
}

/// A fresh [`Fx`].
#[allow(dead_code, reason = "not every test file that includes this module uses it")]
pub fn fx() -> Fx {
    let w = sec_rules::demo::DemoWorld::new();
    let mut store = sec_rules::smki::TrustStore::new();
    store.add_file("trust.pem", w.trust_pem().as_bytes()).unwrap();
    Fx { w, store }
}
