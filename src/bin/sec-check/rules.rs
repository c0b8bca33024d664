//! `sec-check rules [ID…]`: the catalogue, or the rules named, as text, JSON or Markdown.

use crate::args::{Args, Opt};
use crate::output::io;
use crate::Failure;
use sec_rules::catalogue::{self, Catalogue};
use sec_rules::report;
use std::io::Write as _;

/// The options of `rules`.
pub const OPTS: &[Opt] = &[
    Opt { name: "--format", short: Some('f'), value: Some("FORMAT"), help: "text (default), json or markdown" },
    Opt { name: "--help", short: Some('h'), value: None, help: "print this help" },
];

pub fn run(a: &Args) -> Result<crate::output::Tally, Failure> {
    let format = a.choice("--format", &["text", "json", "markdown"], "text")?;
    let all = catalogue::catalogue();
    let text = if a.files.is_empty() {
        render(&all, format)?
    } else {
        let mut picked = Vec::new();
        for id in &a.files {
            match catalogue::rules().iter().find(|r| r.id == id) {
                Some(r) => picked.push(*r),
                None => {
                    let hint = crate::args::nearest(id, catalogue::rules().iter().map(|r| r.id)).map(|n| format!(" (did you mean {n}?)")).unwrap_or_default();
                    return Err(Failure::Usage(format!("rules: no rule {id}{hint}; sec-check rules lists them all")));
                }
            }
        }
        let picked: &'static [catalogue::RuleDef] = Box::leak(picked.into_boxed_slice());
        render(&Catalogue { rules: picked, service_reference_variants: &[], dates: catalogue::dates() }, format)?
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(|e| io(&e))?;
    Ok(crate::output::Tally::default())
}

fn render(c: &Catalogue, format: &str) -> Result<String, Failure> {
    Ok(match format {
        "json" => serde_json::to_string_pretty(c).map_err(|e| Failure::Io(e.to_string()))? + "\n",
        "markdown" => report::catalogue_markdown(c),
        _ => report::catalogue_text(c),
    })
}
