//! sec-rules: checks GB smart-metering files against the Smart Energy Code before they go to
//! the DCC — DUIS Service Requests (SRPD, Appendix AB), ADT files (TADP, Appendix AA) and
//! ECoS Migration inventories (ETMAD, Appendix AS).
//!
//! A pure library: parse → check → report, no I/O, no clock. The `sec-check` binary and the
//! wasm facade are the only doors; both serialise the same [`Report`].

pub mod api;
pub mod ascii_json;
pub mod batch;
pub mod bounded;
pub mod catalogue;
pub mod context;
pub mod crypto;
pub mod csvrows;
pub mod demo;
pub mod duis;
mod engine;
pub mod etmad;
pub mod export;
pub mod fnv;
pub mod jsonspan;
pub mod model;
pub mod pagedata;
pub mod report;
pub mod request;
pub mod schema;
pub mod smki;
pub mod srpd;
pub mod tadp;
pub mod testkit;
pub mod xml;
pub mod xmldsig;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use api::{check_file, classify, InputClass, RunError};
pub use engine::{Options, FORCED_PANIC_MARKER};
pub use model::{Date, Finding, Kind, Outcome, Report, RuleId, Verdict};
