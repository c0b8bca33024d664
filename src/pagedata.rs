//! The data the page and the documentation embeds draw from without the checker module: the
//! rule catalogue's table (`www/data/rules.json`) and its notes (`www/data/notes.json`, read
//! when a note is opened). Both are written from the same catalogue the module carries (the
//! one `rules/` compiles into), by `cargo run --example page_data`; `tests/page_data.rs` fails
//! when the committed files differ from what this makes, and the page's smoke test holds the
//! module's `catalogue()` equal to them.

use crate::catalogue::{self, RuleDef};
use serde::Serialize;
use std::collections::BTreeMap;

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_false(b: &bool) -> bool {
    !*b
}

/// A rule as the catalogue table shows it, in catalogue order (what is absent is null or false).
#[derive(Serialize)]
struct Row {
    id: &'static str,
    document: crate::catalogue::Document,
    clause: &'static str,
    title: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_code: Option<&'static str>,
    in_force: crate::catalogue::InForce,
    #[serde(skip_serializing_if = "is_false")]
    assumption: bool,
    #[serde(skip_serializing_if = "is_false")]
    advisory: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    dates: &'static [&'static str],
}

/// A shared date as the table shows it (its note is in the notes file).
#[derive(Serialize)]
struct DateRow {
    name: &'static str,
    date: crate::Date,
    title: &'static str,
    assumption: bool,
}

#[derive(Serialize)]
struct Table {
    /// The crate's version (the module's `version()`).
    version: &'static str,
    rules: Vec<Row>,
    dates: Vec<DateRow>,
    /// How many Service Reference Variants, and how many critical.
    srv_count: usize,
    srv_critical: usize,
}

#[derive(Serialize)]
struct Notes {
    rules: BTreeMap<&'static str, &'static str>,
    dates: BTreeMap<&'static str, &'static str>,
}

fn row(r: &'static RuleDef) -> Row {
    Row {
        id: r.id,
        document: r.document,
        clause: r.clause,
        title: r.title,
        response_code: r.response_code,
        in_force: r.in_force,
        assumption: r.assumption,
        advisory: r.advisory,
        dates: r.dates,
    }
}

/// The files of `www/data/`, by name: compact JSON, ending in a newline.
pub fn files() -> Vec<(String, String)> {
    let srvs = catalogue::srvs();
    let table = Table {
        version: env!("CARGO_PKG_VERSION"),
        rules: catalogue::rules().iter().map(row).collect(),
        dates: catalogue::dates().iter().map(|d| DateRow { name: d.name, date: d.date, title: d.title, assumption: d.assumption }).collect(),
        srv_count: srvs.len(),
        srv_critical: srvs.iter().filter(|s| s.critical).count(),
    };
    let notes = Notes {
        rules: catalogue::rules().iter().filter_map(|r| r.note.map(|n| (r.id, n))).collect(),
        dates: catalogue::dates().iter().map(|d| (d.name, d.note)).collect(),
    };
    // (serialising these plain structs cannot fail)
    let table = serde_json::to_string(&table).unwrap_or_default();
    let notes = serde_json::to_string(&notes).unwrap_or_default();
    vec![("rules.json".into(), format!("{table}\n")), ("notes.json".into(), format!("{notes}\n"))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_small_and_complete() {
        let files = files();
        let table: serde_json::Value = serde_json::from_str(&files[0].1).unwrap();
        assert_eq!(table["rules"].as_array().map(Vec::len), Some(catalogue::rules().len()));
        assert_eq!(table["srv_count"], 129);
        assert!(files[0].1.len() < 24_000, "rules.json is {} bytes: the embeds' budget is 60 KB in all", files[0].1.len());
        let notes: serde_json::Value = serde_json::from_str(&files[1].1).unwrap();
        // an assumption is said by the rule's note, or by the note of a date it rests on
        let dated = |r: &RuleDef| r.dates.iter().any(|d| catalogue::dates().iter().any(|x| x.name == *d && x.assumption) && notes["dates"][*d].is_string());
        assert!(catalogue::rules().iter().filter(|r| r.assumption).all(|r| notes["rules"][r.id].is_string() || dated(r)), "every assumption is said");
    }
}
