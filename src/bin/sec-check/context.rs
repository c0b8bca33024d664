//! `--context FILE`.

use crate::input::{self, Item, Source};
use crate::Failure;
use sec_rules::context::Context;

/// Reads the context (contract §4); a bad one is a usage error naming file, line and column.
pub fn load(path: Option<&str>) -> Result<Option<Context>, Failure> {
    let Some(p) = path else { return Ok(None) };
    let item = Item { name: p.to_owned(), source: if p == "-" { Source::Stdin } else { Source::Path(p.into()) } };
    let bytes = input::read(&item, input::JSON_MAX, "a context file").map_err(|e| Failure::Io(format!("--context {p}: {e}")))?;
    Context::from_json(p, &bytes).map(Some).map_err(|e| Failure::Usage(format!("--context {e}")))
}
