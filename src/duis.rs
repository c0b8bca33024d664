//! DUIS Service Requests and Responses: envelope, body, XML signature and signer checks.
//! `crate::request` runs them, with the SRPD checks, in the catalogue's order.

pub mod body;
pub mod command_variant;
pub(crate) mod evaluator;
pub mod header;
pub mod names;
pub mod pairing;
pub mod request_id;
mod signing;

use crate::catalogue;
use crate::model::rule_id as id;
use crate::xml::Limits;

/// Parsing limits from the `duis.xml.well-formed` rule's parameters.
pub fn limits() -> Limits {
    let rule = catalogue::rule(id::DUIS_XML_WELL_FORMED);
    let get = |name: &str, default: i64| rule.and_then(|r| r.int(name)).unwrap_or(default);
    Limits {
        max_bytes: usize::try_from(get("max_bytes", 4 << 20)).unwrap_or(4 << 20),
        max_depth: usize::try_from(get("max_depth", 64)).unwrap_or(64),
        max_nodes: u32::try_from(get("max_nodes", 100_000)).unwrap_or(100_000),
        max_namespaces: usize::try_from(get("max_namespaces", 1_000)).unwrap_or(1_000),
    }
}
