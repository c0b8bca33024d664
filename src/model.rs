//! The result model shared by every door (CLI, wasm, page): contract §2.
//!
//! Everything else imports from here; this module imports nothing of the crate.

mod date;
mod finding;
pub(crate) mod location;
mod outcome;
mod report;
pub mod rule_id;
mod summary;
pub mod words;

pub use date::Date;
pub use finding::{Evaluation, Finding};
pub use location::{Location, Place};
pub use outcome::{Kind, Outcome, Verdict};
pub use report::{
    Acknowledgement, AdtFileId, DeviceEntry, DeviceStatus, Expectation, GpfInfo, Note, NoteKind, Party, ReceivingParty, Report, Route, Signer, Threshold,
    ThresholdSource,
};
pub use rule_id::RuleId;
pub use summary::{Counts, Summary};
