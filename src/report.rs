//! Renders reports and the catalogue as text and Markdown (JSON is serde's).

use crate::catalogue::{Catalogue, RuleDef};
use crate::model::{Outcome, Report};
use std::fmt::Write as _;

/// A report as human-readable text, one line per finding.
pub fn text(r: &Report) -> String {
    let mut s = String::new();
    let word = r.verdict.as_str();
    let _ = writeln!(s, "{}: {} ({}, as of {})", r.file, r.headline().replacen(word, &word.to_ascii_uppercase(), 1), r.kind.as_str(), r.as_of);
    for n in &r.notes {
        let _ = writeln!(s, "  note: {}", n.message);
    }
    if let Some(rp) = &r.receiving_party {
        let _ = writeln!(s, "  after the DCC: {}", rp.message);
    }
    if let Some(f) = r.first_failure {
        let _ = writeln!(s, "  first failure: {f}{}", r.response_code.map(|c| format!(" (response code {c})")).unwrap_or_default());
    }
    if let Some(route) = &r.route {
        let _ = writeln!(s, "  route: {} under {}, target response {} s", route.party.as_str(), route.clause, route.target_response_seconds);
    }
    if let Some(t) = &r.thresholds {
        let _ = writeln!(
            s,
            "  thresholds ({}):",
            if t.is_empty() { "none: the file is rejected, the DCC keeps the last accepted file's" } else { "srv, minutes, ADT, warning, source" }
        );
        for x in t {
            let src = if x.source == crate::model::ThresholdSource::File { "file" } else { "default" };
            let _ = writeln!(s, "    {:<8} {:>6} {:>8} {:>8}  {src}", x.srv, x.period_minutes, x.adt, x.warning);
        }
    }
    let mut i = 0;
    while let Some(f) = r.findings.get(i) {
        // a run of checks not evaluated for one reason is one line
        let run = r
            .findings
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|g| g.outcome == Outcome::NotEvaluated && f.outcome == Outcome::NotEvaluated && g.message == f.message)
            .count();
        if run > 2 {
            let last = r.findings.get(i + run - 1).map_or("", |g| g.rule.as_str());
            let _ = writeln!(s, "  n/e   {} … {last} ({run} checks) — {}", f.rule.as_str(), f.message);
            i += run;
            continue;
        }
        i += 1;
        let mark = match f.outcome {
            Outcome::Pass => "pass ",
            Outcome::Fail => "FAIL ",
            Outcome::Skipped => "skip ",
            _ => "n/e  ",
        };
        let adv = if f.advisory { " (advisory: after the DCC accepts)" } else { "" };
        let _ = write!(s, "  {mark} {:<40} {}{adv} — {}", f.rule.as_str(), f.clause, f.message);
        if let Some(l) = &f.location {
            let mut parts = Vec::new();
            if let Some(line) = l.line {
                parts.push(format!("line {line}"));
            }
            if let Some(c) = l.column {
                parts.push(format!("column {c}"));
            }
            if let Some(p) = &l.path {
                parts.push(p.clone());
            }
            let _ = write!(s, " [{}]", parts.join(", "));
        }
        s.push('\n');
    }
    s
}

fn period(r: &RuleDef) -> String {
    match (r.in_force.from, r.in_force.until) {
        (None, None) => "always".into(),
        (f, u) => format!("{} – {}", f.map(|d| d.to_string()).unwrap_or_default(), u.map(|d| d.to_string()).unwrap_or_default()),
    }
}

/// What a rule's named dates are, in a line each ("ECoS Go Live, 2023-06-30: an assumption — …").
fn dates_of(c: &Catalogue, r: &RuleDef) -> Vec<String> {
    r.dates
        .iter()
        .filter_map(|n| c.dates.iter().find(|d| d.name == *n))
        .map(|d| format!("{} ({}, {}){}: {}", d.title, d.name, d.date, if d.assumption { ", an assumption" } else { "" }, d.note))
        .collect()
}

/// The catalogue as text: each rule's id, document, clause, code and assumption flag, its
/// title, period and source, what it assumes (its note) and the named dates it rests on.
pub fn catalogue_text(c: &Catalogue) -> String {
    let mut s = String::new();
    for r in c.rules {
        let _ = writeln!(
            s,
            "{:<44} {:<6} {}{}{}\n    {}\n    in force: {}; source: {}",
            r.id,
            r.document.as_str(),
            r.clause,
            r.response_code.map(|c| format!(" [{c}]")).unwrap_or_default(),
            if r.assumption { " (ASSUMPTION)" } else { "" },
            r.title,
            period(r),
            r.source
        );
        if let Some(n) = r.note {
            let _ = writeln!(s, "    note: {n}");
        }
        for d in dates_of(c, r) {
            let _ = writeln!(s, "    rests on {d}");
        }
    }
    if !c.service_reference_variants.is_empty() {
        let _ = writeln!(
            s,
            "\n{} Service Reference Variants ({} critical)",
            c.service_reference_variants.len(),
            c.service_reference_variants.iter().filter(|v| v.critical).count()
        );
    }
    s
}

/// The catalogue as Markdown (for documentation pages).
pub fn catalogue_markdown(c: &Catalogue) -> String {
    let esc = |t: &str| t.replace('|', "\\|");
    let mut s = String::from("# sec-rules catalogue\n\n| id | document | clause | title | code | in force | assumption |\n|---|---|---|---|---|---|---|\n");
    for r in c.rules {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            r.id,
            r.document.as_str(),
            esc(r.clause),
            esc(r.title),
            r.response_code.unwrap_or(""),
            period(r),
            if r.assumption {
                esc(&[r.note.unwrap_or("")]
                    .into_iter()
                    .chain(dates_of(c, r).iter().map(String::as_str))
                    .filter(|x| !x.is_empty())
                    .collect::<Vec<_>>()
                    .join(" — rests on "))
            } else {
                String::new()
            }
        );
    }
    if c.service_reference_variants.is_empty() {
        return s;
    }
    s.push_str("\n## Service Reference Variants\n\n| SRV | name | critical | eligible roles | command variants |\n|---|---|---|---|---|\n");
    for v in c.service_reference_variants {
        let cv: Vec<String> = v.cv.iter().map(u8::to_string).collect();
        let mut cvs = cv.join(", ");
        if let Some(ch) = v.cv_from {
            let now: Vec<String> = ch.cv.iter().map(u8::to_string).collect();
            let _ = write!(cvs, "; from {}: {}", ch.from, now.join(", "));
        }
        let _ = writeln!(s, "| {} | {} | {} | {} | {} |", v.srv, esc(v.name), if v.critical { "yes" } else { "no" }, v.eligible_roles.join(", "), cvs);
    }
    s
}
