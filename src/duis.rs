//! DUIS Service Requests and Responses: envelope, body, XML signature and signer checks, in
//! the catalogue's order.

pub mod body;
pub mod command_variant;
mod evaluator;
pub mod header;
pub mod request_id;
pub mod sequence;
mod signing;

use crate::catalogue;
use crate::engine::{self, Options};
use crate::model::{rule_id as id, Kind, Report};
use crate::smki::TrustStore;
use crate::xml::{self, Limits};

/// What a DUIS check may use besides the document.
#[derive(Debug, Default, Clone, Copy)]
pub struct DuisInputs<'a> {
    /// SMKI certificates (Root, OCA, Organisation). Without it the signer checks are
    /// `not-evaluated`.
    pub trust: Option<&'a TrustStore>,
}

/// Checks one DUIS document with no trust store.
pub fn check(file: &str, bytes: &[u8], opts: &Options) -> Report {
    check_with(file, bytes, opts, &DuisInputs::default())
}

/// Checks one DUIS document (request or response) and reports every rule in order.
pub fn check_with(file: &str, bytes: &[u8], opts: &Options, inputs: &DuisInputs<'_>) -> Report {
    let parsed = xml::parse(bytes, limits());
    let kind = match &parsed {
        Ok(doc) if header::is_response(doc) => Kind::DuisResponse,
        _ => Kind::DuisRequest,
    };
    let text = std::str::from_utf8(bytes).ok();
    let mut ev = evaluator::DuisEvaluator::new(text.unwrap_or(""), &parsed, *inputs);
    engine::run(file, kind, text, &mut ev, opts)
}

/// Parsing limits from the `duis.xml.well-formed` rule's parameters.
pub fn limits() -> Limits {
    let rule = catalogue::rule(id::DUIS_XML_WELL_FORMED);
    let get = |name: &str, default: i64| rule.and_then(|r| r.int(name)).unwrap_or(default);
    Limits {
        max_bytes: usize::try_from(get("max_bytes", 4 << 20)).unwrap_or(4 << 20),
        max_depth: usize::try_from(get("max_depth", 64)).unwrap_or(64),
        max_nodes: u32::try_from(get("max_nodes", 100_000)).unwrap_or(100_000),
    }
}
