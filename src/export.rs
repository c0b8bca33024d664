//! Exports of reports for other tools — CSV (one row per finding) and SARIF 2.1.0 (one result
//! per failed or not-evaluated finding) — from the reports' JSON (contract §2), so the CLI
//! (`--format csv|sarif`) and the page (its export buttons, through the wasm door) share one
//! implementation. A record that is a per-file error (`"verdict": "error"`) becomes one row /
//! one SARIF notification naming the file.

use crate::catalogue;
use serde_json::{json, Value};
use std::fmt::Write as _;

mod uri;
pub use uri::{encode as percent_encode, SarifPaths};

const CSV_HEAD: [&str; 15] = [
    "file",
    "kind",
    "as_of",
    "verdict",
    "first_failure",
    "response_code",
    "rule",
    "document",
    "clause",
    "outcome",
    "advisory",
    "line",
    "column",
    "path",
    "message",
];

/// Sets `key` on a JSON object (a no-op on anything else).
fn set(v: &mut Value, key: &str, x: Value) {
    if let Some(o) = v.as_object_mut() {
        o.insert(key.to_owned(), x);
    }
}

fn cell(v: &Value) -> String {
    let s = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => String::new(),
        other => other.to_string(),
    };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The header row of [`csv_rows`].
pub fn csv_header() -> String {
    CSV_HEAD.join(",") + "\r\n"
}

/// The CSV rows of one report (or per-file error record), CRLF-terminated.
pub fn csv_rows(r: &Value) -> String {
    let mut out = String::new();
    let top = |k: &str| r.get(k).cloned().unwrap_or(Value::Null);
    let lead = [top("file"), top("kind"), top("as_of"), top("verdict"), top("first_failure"), top("response_code")];
    let findings = r.get("findings").and_then(Value::as_array).cloned().unwrap_or_default();
    if findings.is_empty() {
        let mut row: Vec<String> = lead.iter().map(cell).collect();
        row.extend(std::iter::repeat_n(String::new(), 8));
        row.push(cell(&r.get("error").cloned().unwrap_or(Value::Null)));
        let _ = write!(out, "{}\r\n", row.join(","));
        return out;
    }
    for f in &findings {
        let get = |k: &str| f.get(k).cloned().unwrap_or(Value::Null);
        let loc = |k: &str| f.get("location").and_then(|l| l.get(k)).cloned().unwrap_or(Value::Null);
        let mut row: Vec<String> = lead.iter().map(cell).collect();
        for v in [get("rule"), get("document"), get("clause"), get("outcome"), get("advisory"), loc("line"), loc("column"), loc("path"), get("message")] {
            row.push(cell(&v));
        }
        let _ = write!(out, "{}\r\n", row.join(","));
    }
    out
}

/// Every report as one CSV table.
pub fn csv(reports: &[Value]) -> String {
    let mut out = csv_header();
    for r in reports {
        out.push_str(&csv_rows(r));
    }
    out
}

/// An inventory's devices as CSV (one row per device, in input order), with a header; the last
/// column is the as-of date the inventory was checked at (added after the first eight).
pub fn devices_csv<'a>(file: &str, as_of: Option<crate::Date>, devices: impl IntoIterator<Item = &'a crate::model::DeviceEntry>) -> String {
    let mut out = String::from("file,line,device_id,status,reason,clause,gpf_model,responsible_supplier,as_of\r\n");
    let f = cell(&Value::String(file.to_owned()));
    let day = as_of.map(|d| d.to_string()).unwrap_or_default();
    for d in devices {
        let s = |x: Option<&str>| cell(&x.map_or(Value::Null, |v| Value::String(v.to_owned())));
        let _ = write!(
            out,
            "{f},{},{},{},{},{},{},{},{day}\r\n",
            d.line,
            s(Some(&d.device_id)),
            d.status.as_str(),
            s(d.reason.map(|r| r.as_str())),
            s(d.clause),
            s(d.gpf.as_ref().map(|g| g.model.as_str())),
            s(d.gpf.as_ref().and_then(|g| g.responsible_supplier.as_deref()))
        );
    }
    out
}

/// A SARIF 2.1.0 log: the catalogue's rules, and a result per failed (error, or warning when
/// advisory) or not-evaluated (note) finding. File names are written as relative references
/// (the page's names have no place on disk); see [`sarif_with`] for a CLI's paths.
pub fn sarif(reports: &[Value], version: &str) -> Value {
    sarif_with(reports, version, None)
}

/// A SARIF 2.1.0 log whose file names are paths read against `paths` (relative to the root
/// with `%SRCROOT%`, else absolute `file://` URIs). A finding about the whole file (no line)
/// is placed at line 1.
pub fn sarif_with(reports: &[Value], version: &str, paths: Option<&SarifPaths<'_>>) -> Value {
    let rules: Vec<Value> = catalogue::rules()
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": format!("{} {}{}", r.document.as_str(), r.clause, if r.assumption { format!(" (assumption: {})", r.note.unwrap_or("")) } else { String::new() }) },
                "properties": { "document": r.document.as_str(), "clause": r.clause, "response_code": r.response_code, "assumption": r.assumption },
            })
        })
        .collect();
    let index = |id: &str| catalogue::rules().iter().position(|r| r.id == id);
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for r in reports {
        let file = r.get("file").and_then(Value::as_str).unwrap_or("");
        if let Some(e) = r.get("error").and_then(Value::as_str) {
            notifications.push(json!({ "level": "error", "message": { "text": format!("{file}: {e}") }, "locations": [{ "physicalLocation": { "artifactLocation": uri::artifact(file, paths), "region": { "startLine": 1 } } }] }));
            continue;
        }
        for f in r.get("findings").and_then(Value::as_array).into_iter().flatten() {
            let outcome = f.get("outcome").and_then(Value::as_str).unwrap_or("");
            if outcome != "fail" && outcome != "not-evaluated" {
                continue;
            }
            let rule = f.get("rule").and_then(Value::as_str).unwrap_or("");
            let advisory = f.get("advisory").and_then(Value::as_bool).unwrap_or(false);
            let loc = f.get("location");
            let mut physical = json!({ "artifactLocation": uri::artifact(file, paths) });
            // a finding about the whole file is placed at its first line
            let line = loc.and_then(|l| l.get("line")).and_then(Value::as_u64);
            let mut region = json!({ "startLine": line.unwrap_or(1) });
            if let Some(c) = loc.and_then(|l| l.get("column")).and_then(Value::as_u64).filter(|_| line.is_some()) {
                set(&mut region, "startColumn", json!(c));
            }
            set(&mut physical, "region", region);
            let mut location = json!({ "physicalLocation": physical });
            if let Some(p) = loc.and_then(|l| l.get("path")).and_then(Value::as_str) {
                set(&mut location, "logicalLocations", json!([{ "fullyQualifiedName": p, "kind": "element" }]));
            }
            let mut result = json!({
                "ruleId": rule,
                "level": if outcome == "fail" { if advisory { "warning" } else { "error" } } else { "note" },
                "kind": if outcome == "fail" { "fail" } else { "open" },
                "message": { "text": format!("{} [{}]", f.get("message").and_then(Value::as_str).unwrap_or(""), f.get("clause").and_then(Value::as_str).unwrap_or("")) },
                "locations": [location],
                "properties": { "verdict": r.get("verdict"), "as_of": r.get("as_of"), "outcome": outcome, "response_code": f.get("response_code") },
            });
            if let Some(i) = index(rule) {
                set(&mut result, "ruleIndex", json!(i));
            }
            results.push(result);
        }
    }
    // the as-of dates the reports were checked at: a log with no result still says them
    let days: std::collections::BTreeSet<&str> = reports.iter().filter_map(|r| r.get("as_of").and_then(Value::as_str)).collect();
    let mut run = json!({
        "tool": { "driver": { "name": "sec-rules", "version": version, "informationUri": "https://smartenergycodecompany.co.uk/", "rules": rules } },
        "results": results,
        "properties": { "as_of": days },
    });
    if !notifications.is_empty() {
        set(&mut run, "invocations", json!([{ "executionSuccessful": false, "toolExecutionNotifications": notifications }]));
    }
    if let Some(p) = paths {
        set(&mut run, "originalUriBaseIds", uri::base_ids(p));
    }
    json!({ "version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [run] })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Value {
        json!({
            "file": "a,b.xml", "kind": "duis-request", "as_of": "2024-03-01", "verdict": "rejected",
            "first_failure": "duis.signature.digest", "response_code": null,
            "findings": [
                { "rule": "duis.xml.well-formed", "clause": "DUIS Annex A", "outcome": "pass", "message": "ok", "document": "DUIS" },
                { "rule": "duis.signature.digest", "clause": "DUIS 3.3.1", "outcome": "fail", "message": "the \"digest\" differs", "document": "DUIS",
                  "location": { "line": 12, "column": 7, "path": "/Request/Signature" } },
                { "rule": "srpd.tcos-party.same-user", "clause": "SRPD 8.1A(b)(iii)", "outcome": "fail", "message": "m", "document": "SRPD", "advisory": true }
            ]
        })
    }

    #[test]
    fn csv_quotes_and_rows_per_finding() {
        let c = csv(&[report(), json!({ "file": "gone.xml", "verdict": "error", "error": "cannot read" })]);
        let lines: Vec<&str> = c.split("\r\n").collect();
        assert_eq!(lines[0], CSV_HEAD.join(","));
        assert_eq!(lines.len(), 1 + 3 + 1 + 1);
        assert!(lines[2].starts_with("\"a,b.xml\",duis-request,2024-03-01,rejected,duis.signature.digest,,duis.signature.digest,DUIS,DUIS 3.3.1,fail,,12,7,/Request/Signature,\"the \"\"digest\"\" differs\""), "{}", lines[2]);
        assert!(lines[3].contains(",fail,yes,"));
        assert!(lines[4].starts_with("gone.xml,,,error,") && lines[4].ends_with(",cannot read"));
    }

    #[test]
    fn devices_csv_says_the_as_of_date_on_every_row() {
        let d = crate::model::DeviceEntry {
            device_id: "00-00-00-00-00-00-00-01".into(),
            status: crate::model::DeviceStatus::Eligible,
            reason: None,
            clause: None,
            line: 2,
            gpf: None,
        };
        let c = devices_csv("inv,1.csv", crate::Date::parse("2024-03-01"), [&d, &d]);
        let lines: Vec<&str> = c.split("\r\n").collect();
        assert_eq!(lines[0], "file,line,device_id,status,reason,clause,gpf_model,responsible_supplier,as_of");
        assert_eq!(lines[1], "\"inv,1.csv\",2,00-00-00-00-00-00-00-01,eligible,,,,,2024-03-01");
        assert_eq!(lines.len(), 4);
        assert!(devices_csv("x.csv", None, [&d]).split("\r\n").nth(1).is_some_and(|l| l.ends_with(",,")), "no date: an empty cell");
    }

    #[test]
    fn sarif_has_the_rules_and_a_result_per_failure() {
        let s = sarif(&[report(), json!({ "file": "gone.xml", "verdict": "error", "error": "cannot read" })], "1.0");
        let run = &s["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), catalogue::rules().len());
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        assert_eq!(results[0]["level"], "error");
        assert_eq!(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 12);
        let i = results[0]["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(run["tool"]["driver"]["rules"][i]["id"], "duis.signature.digest");
        assert_eq!(results[1]["level"], "warning", "advisory findings are warnings");
        assert_eq!(run["properties"]["as_of"], json!(["2024-03-01"]), "the as-of dates, once each");
        assert_eq!(run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"], "gone.xml: cannot read");
    }
}
