//! Where reports go: text (one line per file, the answer first; the trace with `-v`), JSON
//! Lines (contract §2), SARIF or CSV (the library's exporter, shared with the page), to
//! standard output or `--output FILE`; warnings and errors on standard error (as JSON with
//! `--format json`); the closing tally. A closed pipe ends the run quietly.

use crate::args::Args;
use crate::Failure;
use sec_rules::model::Outcome;
use sec_rules::{Report, Verdict};
use std::io::{IsTerminal as _, Write};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human text.
    Text,
    /// JSON Lines.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// CSV, one row per finding.
    Csv,
}

/// How many files ended how.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub accepted: usize,
    pub rejected: usize,
    pub incomplete: usize,
    pub errors: usize,
}

impl Tally {
    fn files(&self) -> usize {
        self.accepted + self.rejected + self.incomplete + self.errors
    }

    /// "297 files: 290 accepted, 5 rejected, 2 incomplete".
    pub fn line(&self) -> String {
        let mut parts = vec![format!("{} accepted", self.accepted)];
        for (n, what) in [(self.rejected, "rejected"), (self.incomplete, "incomplete"), (self.errors, "not checked (error)")] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        let n = self.files();
        format!("{n} file{}: {}", if n == 1 { "" } else { "s" }, parts.join(", "))
    }
}

/// The report sink of one run.
pub struct Out {
    w: Box<dyn Write>,
    pub format: Format,
    color: bool,
    quiet: bool,
    verbose: bool,
    pending: Vec<serde_json::Value>,
    /// SARIF: the working directory and the root (absolute, `/`-separated).
    sarif_paths: Option<(String, String)>,
    csv_started: bool,
    pub tally: Tally,
}

/// A directory as the SARIF exporter reads it: absolute, `/`-separated.
fn dir_text(p: &std::path::Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// The working directory and the SARIF root (`--sarif-root`, else the working directory).
fn sarif_paths(a: &Args) -> Result<(String, String), Failure> {
    let cwd = std::env::current_dir().map_err(|e| Failure::Io(format!("the working directory cannot be read: {e}")))?;
    let root = match a.value("--sarif-root") {
        Some(d) => {
            let p = std::fs::canonicalize(d).map_err(|e| Failure::Usage(format!("--sarif-root {d}: {e}")))?;
            if !p.is_dir() {
                return Err(Failure::Usage(format!("--sarif-root {d}: not a directory")));
            }
            p
        }
        None => cwd.clone(),
    };
    Ok((dir_text(&cwd), dir_text(&root)))
}

/// A write failure: a closed pipe ends the run quietly; anything else is an I/O error.
pub fn io(e: &std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::Pipe
    } else {
        Failure::Io(format!("writing the reports: {e}"))
    }
}

fn paint(on: bool, code: &str, s: &str) -> String {
    if on {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_owned()
    }
}

impl Out {
    /// The sink `args` ask for (`allowed` formats for this subcommand).
    pub fn new(a: &Args, allowed: &[&'static str]) -> Result<Self, Failure> {
        let format = match a.choice("--format", allowed, "text")? {
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "csv" => Format::Csv,
            _ => Format::Text,
        };
        let (w, terminal): (Box<dyn Write>, bool) = match a.value("--output") {
            Some(p) => {
                let f = std::fs::File::create(p).map_err(|e| Failure::Io(format!("--output {p}: cannot write: {e}")))?;
                (Box::new(std::io::BufWriter::new(f)), false)
            }
            None => (Box::new(std::io::BufWriter::new(std::io::stdout())), std::io::stdout().is_terminal()),
        };
        let color = match a.choice("--color", &["auto", "always", "never"], "auto")? {
            "always" => true,
            "never" => false,
            _ => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        let sarif_paths = if format == Format::Sarif { Some(sarif_paths(a)?) } else { None };
        Ok(Self {
            w,
            format,
            sarif_paths,
            color,
            quiet: a.flag("--quiet"),
            verbose: a.flag("--verbose") || a.flag("--all"),
            pending: Vec::new(),
            csv_started: false,
            tally: Tally::default(),
        })
    }

    /// A warning on standard error (JSON with `--format json`).
    pub fn warn(&self, msg: &str) {
        if self.format == Format::Json {
            eprintln!("{}", serde_json::json!({ "warning": msg }));
        } else {
            eprintln!("sec-check: warning: {msg}");
        }
    }

    fn write(&mut self, s: &str) -> Result<(), Failure> {
        self.w.write_all(s.as_bytes()).map_err(|e| io(&e))
    }

    /// Writes what is buffered (before a state file records what was reported).
    pub fn flush(&mut self) -> Result<(), Failure> {
        self.w.flush().map_err(|e| io(&e))
    }

    fn record(&mut self, v: serde_json::Value) -> Result<(), Failure> {
        match self.format {
            Format::Json => self.write(&format!("{v}\n")),
            Format::Csv => {
                if !self.csv_started {
                    self.csv_started = true;
                    self.write(&sec_rules::export::csv_header())?;
                }
                self.write(&sec_rules::export::csv_rows(&v))
            }
            Format::Sarif => {
                self.pending.push(v);
                Ok(())
            }
            Format::Text => Ok(()),
        }
    }

    /// The underlying writer, for a report streamed piece by piece (an inventory's devices).
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut *self.w
    }

    /// Counts a report written through [`Out::writer`].
    pub fn count(&mut self, r: &Report) {
        match r.verdict {
            Verdict::Accepted => self.tally.accepted += 1,
            Verdict::Rejected => self.tally.rejected += 1,
            _ => self.tally.incomplete += 1,
        }
    }

    /// One report.
    pub fn report(&mut self, r: &Report) -> Result<(), Failure> {
        self.count(r);
        if self.format != Format::Text {
            let v = serde_json::to_value(r).map_err(|e| Failure::Io(e.to_string()))?;
            return self.record(v);
        }
        if self.quiet && r.verdict == Verdict::Accepted {
            return Ok(());
        }
        let mut s = line(r, self.color);
        if self.verbose {
            for l in sec_rules::report::text(r).lines().skip(1) {
                s.push_str("    ");
                s.push_str(&l.replacen("  ", "", 1));
                s.push('\n');
            }
        }
        self.write(&s)
    }

    /// A file that could not be checked: a record of its own, and the run goes on.
    pub fn error(&mut self, file: &str, msg: &str) -> Result<(), Failure> {
        self.tally.errors += 1;
        if self.format == Format::Text {
            let s = format!("{}       {file}  {msg}\n", paint(self.color, "1;35", "ERROR"));
            return self.write(&s);
        }
        self.record(serde_json::json!({ "file": file, "verdict": "error", "error": msg }))
    }

    /// Writes what remains (SARIF, the text tally) and returns the tally.
    pub fn finish(mut self) -> Result<Tally, Failure> {
        match self.format {
            Format::Sarif => {
                let paths = self.sarif_paths.as_ref().map(|(cwd, root)| sec_rules::export::SarifPaths { cwd, root });
                let log = sec_rules::export::sarif_with(&self.pending, env!("CARGO_PKG_VERSION"), paths.as_ref());
                let text = serde_json::to_string_pretty(&log).map_err(|e| Failure::Io(e.to_string()))? + "\n";
                self.write(&text)?;
            }
            Format::Csv if !self.csv_started => self.write(&sec_rules::export::csv_header())?,
            Format::Text if !self.quiet && self.tally.files() > 1 => {
                let t = self.tally.line();
                self.write(&format!("{t}\n"))?;
            }
            _ => {}
        }
        self.flush()?;
        Ok(self.tally)
    }
}

/// One line for one file: the verdict, then the first failure (rule, code, message and
/// `file:line:col`), or why it is incomplete, or what was accepted.
pub fn line(r: &Report, color: bool) -> String {
    let (word, code) = match r.verdict {
        Verdict::Accepted => ("ACCEPTED", "1;32"),
        Verdict::Rejected => ("REJECTED", "1;31"),
        _ => ("INCOMPLETE", "1;33"),
    };
    let word = paint(color, code, word) + &" ".repeat(12 - word.len());
    let failed = r.first_failure.and_then(|id| r.findings.iter().find(|f| f.rule == id && f.outcome == Outcome::Fail));
    match (r.verdict, failed) {
        (Verdict::Rejected, Some(f)) => {
            let place = f
                .location
                .as_ref()
                .and_then(|l| l.line.map(|line| format!(":{line}{}", l.column.map(|c| format!(":{c}")).unwrap_or_default())))
                .unwrap_or_default();
            let code = f.response_code.map(|c| format!(" ({c})")).unwrap_or_default();
            format!("{word}{}{place}  {}{code}: {}\n", r.file, paint(color, "1", f.rule.as_str()), f.message)
        }
        (Verdict::Incomplete, _) if r.notes.first().is_some_and(|n| n.kind == sec_rules::model::NoteKind::MissingInput) => {
            // one missing input, said in one sentence (the User's roles)
            format!("{word}{}  {}\n", r.file, r.notes.first().map_or("", |n| n.message.as_str()))
        }
        (Verdict::Incomplete, _) => {
            let ne: Vec<_> = r.findings.iter().filter(|f| f.outcome == Outcome::NotEvaluated && !f.advisory).collect();
            let why = ne.first().map(|f| format!(" — first, {}: {}", f.rule.as_str(), f.message)).unwrap_or_default();
            let detail = if ne.is_empty() { r.headline() } else { format!("{} check{} not evaluated{why}", ne.len(), if ne.len() == 1 { "" } else { "s" }) };
            format!("{word}{}  {detail}\n", r.file)
        }
        _ => {
            let mut detail = r.headline();
            if detail == r.verdict.as_str() {
                detail = String::new();
            }
            if let Some(route) = &r.route {
                detail.push_str(&format!("; route {} under {}, target response {} s", route.party.as_str(), route.clause, route.target_response_seconds));
            }
            if let Some(by) = r.summary.as_ref().and_then(|s| s.get("by_status")).and_then(|b| b.as_object()) {
                let counts: Vec<String> = by.iter().map(|(k, v)| format!("{v} {k}")).collect();
                detail.push_str(&format!(
                    "{}{} devices: {}",
                    if detail.is_empty() { "" } else { "; " },
                    r.summary.as_ref().and_then(|s| s.get("rows")).map_or_else(String::new, ToString::to_string),
                    counts.join(", ")
                ));
            }
            if let Some(t) = &r.thresholds {
                let defaults = t.iter().filter(|x| x.source != sec_rules::model::ThresholdSource::File).count();
                detail.push_str(&format!("{}{} thresholds ({defaults} by default)", if detail.is_empty() { "" } else { "; " }, t.len()));
            }
            format!("{word}{}  {detail}\n", r.file)
        }
    }
}
