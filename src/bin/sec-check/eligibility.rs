//! `sec-check eligibility`: ECoS Migration eligibility of an inventory. Device entries are
//! written as they are decided (JSON: the `devices` array is streamed), so memory does not
//! grow with the inventory.

use crate::args::Args;
use crate::Fatal;
use sec_rules::model::{DeviceEntry, Verdict};
use sec_rules::{etmad, Options};
use std::io::Write as _;

pub fn run(a: &Args) -> Result<bool, Fatal> {
    let format = a.format(&["text", "json"])?;
    let opts = Options { as_of: a.as_of()?, all: true, draft: false };
    let models_path = a.value("--models").ok_or_else(|| Fatal("eligibility: --models FILE is required".into()))?;
    let models_bytes = std::fs::read(models_path).map_err(|e| Fatal(format!("--models {models_path}: cannot read: {e}")))?;
    let models = etmad::read_models(models_path, &models_bytes).map_err(|e| Fatal(format!("--models {e}")))?;
    let [file] = a.files.as_slice() else {
        return Err(Fatal(format!("eligibility: give exactly one INVENTORY.csv ({} given)", a.files.len())));
    };
    std::fs::metadata(file).map_err(|e| Fatal(format!("{file}: cannot read: {e}")))?;
    let mut open = || -> std::io::Result<Box<dyn std::io::Read>> { Ok(Box::new(std::io::BufReader::new(std::fs::File::open(file)?))) };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut first = true;
    let mut write_err: Option<std::io::Error> = None;
    if format == "json" {
        out.write_all(b"{\"devices\":[")?;
    }
    let mut sink = |e: DeviceEntry| {
        let res = if format == "json" {
            let sep: &[u8] = if first { b"" } else { b"," };
            first = false;
            serde_json::to_vec(&e).map_err(std::io::Error::other).and_then(|v| out.write_all(sep).and_then(|()| out.write_all(&v)))
        } else {
            let reason = e.reason.map(|r| format!(" {r} ({})", e.clause.unwrap_or(""))).unwrap_or_default();
            let gpf = e.gpf.as_ref().map(|g| format!(" [GPF: model {}, Responsible Supplier {}]", g.model, g.responsible_supplier.as_deref().unwrap_or("none"))).unwrap_or_default();
            writeln!(out, "line {:>7}  {:<24} {:<13}{reason}{gpf}", e.line, e.device_id, status(&e))
        };
        if let Err(err) = res {
            write_err.get_or_insert(err);
        }
    };
    let report = etmad::check_streaming(file, &mut open, Some(&models), &opts, &mut sink);
    if let Some(e) = write_err {
        return Err(Fatal(format!("writing the report: {e}")));
    }
    if format == "json" {
        let rest = serde_json::to_string(&report)?;
        out.write_all(b"],")?;
        out.write_all(rest.get(1..).unwrap_or("}").as_bytes())?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(sec_rules::report::text(&report).as_bytes())?;
        if let Some(s) = &report.summary {
            writeln!(out, "  summary: {s}")?;
        }
    }
    out.flush()?;
    if let Some(p) = a.value("--summary-csv") {
        std::fs::write(p, etmad::summary_csv(&report)).map_err(|e| Fatal(format!("--summary-csv {p}: cannot write: {e}")))?;
    }
    Ok(report.verdict == Verdict::Accepted)
}

fn status(e: &DeviceEntry) -> String {
    serde_json::to_value(e.status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
