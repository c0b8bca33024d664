//! `sec-check rules`: the catalogue as text, JSON or Markdown.

use crate::args::Args;
use crate::Fatal;
use sec_rules::{catalogue, report};

pub fn run(a: &Args) -> Result<bool, Fatal> {
    let c = catalogue::catalogue();
    match a.format(&["text", "json", "markdown"])? {
        "json" => println!("{}", serde_json::to_string_pretty(&c)?),
        "markdown" => print!("{}", report::catalogue_markdown(&c)),
        _ => print!("{}", report::catalogue_text(&c)),
    }
    Ok(true)
}
