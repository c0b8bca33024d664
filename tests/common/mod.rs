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
