//! `sec-check eligibility`: ECoS Migration eligibility of an inventory. Device entries are
//! written as they are decided (JSON: the `devices` array is streamed; text: one line each
//! with `-v`), so memory does not grow with the inventory.

use crate::args::{Args, Opt};
use crate::input::{self, Item, Source};
use crate::output::{io, Format, Out};
use crate::Failure;
use sec_rules::etmad::models::Models;
use sec_rules::model::DeviceEntry;
use sec_rules::{etmad, Options};

/// The options of `eligibility`.
pub const OPTS: &[Opt] = &[
    Opt {
        name: "--models",
        short: Some('m'),
        value: Some("FILE"),
        help: "the models file (contract §6): Non-Migratable, proven and suspended models, devices already migrated per model (required)",
    },
    Opt { name: "--summary-csv", short: None, value: Some("FILE"), help: "also write the EMRR-shaped summaries (ECOSMIG-004, -007) as CSV to FILE" },
];

/// Reads a models file; a bad one is a usage error naming file, line and column.
pub fn models(p: &str) -> Result<Models, Failure> {
    let item = Item { name: p.to_owned(), source: Source::Path(p.into()) };
    let bytes = input::read(&item, input::JSON_MAX, "a models file").map_err(|e| Failure::Io(format!("--models {p}: {e}")))?;
    etmad::read_models(p, &bytes).map_err(|e| Failure::Usage(format!("--models {e}")))
}

pub fn run(a: &Args) -> Result<crate::output::Tally, Failure> {
    let mut out = Out::new(a, &["text", "json", "sarif", "csv"])?;
    let opts = Options { as_of: a.as_of()?, all: true, draft: false };
    let models_path = a.value("--models").ok_or_else(|| Failure::Usage("eligibility: --models FILE is required (see sec-check eligibility --help)".into()))?;
    let models = models(models_path)?;
    let [file] = a.files.as_slice() else {
        return Err(Failure::Usage(format!("eligibility: give exactly one INVENTORY.csv ({} given)", a.files.len())));
    };
    // standard input is read once, whole (capped); a file on disk is streamed twice
    let stdin_bytes = if file == "-" {
        match input::read(&Item { name: "-".into(), source: Source::Stdin }, input::STDIN_INVENTORY_MAX, "an inventory read from standard input") {
            Ok(b) => Some(b),
            Err(e) => {
                out.error(file, &e)?;
                return out.finish();
            }
        }
    } else {
        if let Err(e) = std::fs::File::open(file) {
            out.error(file, &format!("cannot read: {e}"))?;
            return out.finish();
        }
        None
    };
    let mut open = || -> std::io::Result<Box<dyn std::io::Read + '_>> {
        match &stdin_bytes {
            Some(b) => Ok(Box::new(b.as_slice())),
            None => Ok(Box::new(std::io::BufReader::new(std::fs::File::open(file)?))),
        }
    };
    let json = out.format == Format::Json;
    let stream = json || (a.flag("--verbose") && out.format == Format::Text);
    let mut first = true;
    let mut write_err: Option<std::io::Error> = None;
    if json {
        out.writer().write_all(b"{\"devices\":[").map_err(|e| io(&e))?;
    }
    let report = {
        let w = out.writer();
        let mut sink = |e: DeviceEntry| {
            if !stream || write_err.is_some() {
                return;
            }
            let res = if json {
                let sep: &[u8] = if first { b"" } else { b"," };
                first = false;
                serde_json::to_vec(&e).map_err(std::io::Error::other).and_then(|v| w.write_all(sep).and_then(|()| w.write_all(&v)))
            } else {
                let reason = e.reason.map(|r| format!(" {r} ({})", e.clause.unwrap_or(""))).unwrap_or_default();
                let gpf = e
                    .gpf
                    .as_ref()
                    .map(|g| format!(" [GPF: model {}, Responsible Supplier {}]", g.model, g.responsible_supplier.as_deref().unwrap_or("none")))
                    .unwrap_or_default();
                writeln!(w, "  line {:>7}  {:<24} {:<13}{reason}{gpf}", e.line, e.device_id, e.status.as_str())
            };
            if let Err(err) = res {
                write_err = Some(err);
            }
        };
        etmad::check_streaming(file, &mut open, Some(&models), &opts, &mut sink)
    };
    if let Some(e) = write_err {
        return Err(io(&e));
    }
    if json {
        let rest = serde_json::to_string(&report).map_err(|e| Failure::Io(e.to_string()))?;
        let w = out.writer();
        w.write_all(b"],").and_then(|()| w.write_all(rest.get(1..).unwrap_or("}").as_bytes())).and_then(|()| w.write_all(b"\n")).map_err(|e| io(&e))?;
        out.count(&report);
    } else {
        out.report(&report)?;
    }
    if let Some(p) = a.value("--summary-csv") {
        std::fs::write(p, etmad::summary_csv(&report)).map_err(|e| Failure::Io(format!("--summary-csv {p}: cannot write: {e}")))?;
    }
    out.finish()
}
