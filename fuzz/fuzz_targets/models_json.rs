//! Models files (contract §6).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = sec_rules::etmad::read_models("fuzz.json", data);
});
