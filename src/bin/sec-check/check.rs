//! Checking files: what `duis`, `adt` and `check` share. Each file is read once (capped at its
//! kind's limit), told apart by content, checked, and reported; a file that cannot be read or
//! is of another kind gets a record of its own and the run goes on.

use crate::input::{self, Item, Source, ADT_MAX, SNIFF, STDIN_INVENTORY_MAX};
use crate::output::Out;
use crate::{state, Failure};
use sec_rules::api::{classify, InputClass};
use sec_rules::context::Context;
use sec_rules::etmad::models::Models;
use sec_rules::smki::{TrustStore, VerifyCache};
use sec_rules::tadp::AdtInputs;
use sec_rules::Options;

/// Which kinds a subcommand checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// DUIS documents (`duis`).
    Duis,
    /// ADT files (`adt`).
    Adt,
    /// Any kind, told apart by content (`check`).
    Any,
}

/// Everything the checks of one run use.
pub struct Checker {
    pub opts: Options,
    pub trust: Option<TrustStore>,
    pub context: Option<Context>,
    /// `--user ID=ROLES`: User Roles given beside the context's.
    pub roles: sec_rules::context::RoleGrants,
    pub models: Option<Models>,
    pub cache: VerifyCache,
    pub adt: AdtInputs,
    /// `--state FILE`, and whether `--commit` writes accepted sequence numbers to it.
    pub state: Option<(String, bool)>,
}

fn xml_max() -> u64 {
    sec_rules::duis::limits().max_bytes as u64
}

fn kind_name(c: InputClass) -> (&'static str, &'static str) {
    match c {
        InputClass::Xml => ("a DUIS document (XML)", "sec-check duis"),
        InputClass::AdtCsv => ("an ADT file", "sec-check adt"),
        InputClass::InventoryCsv => ("an inventory", "sec-check eligibility --models FILE"),
        InputClass::Json => ("a context file (JSON)", "sec-check duis --context FILE"),
        InputClass::ModelsJson => ("a models file (JSON)", "sec-check eligibility --models FILE"),
        InputClass::Certificate => ("a certificate", "sec-check duis --trust FILE"),
        _ => ("an input", "sec-check check"),
    }
}

/// What a file read for checking holds.
pub enum Loaded {
    /// Its bytes, whole.
    Bytes(Vec<u8>),
    /// An inventory on disk, streamed when checked.
    Inventory,
}

/// Reads `item` for `want`: the class it has, and its bytes (an inventory on disk is left to
/// be streamed). `Err` is the record's reason.
pub fn load(item: &Item, want: Want) -> Result<(Option<InputClass>, Loaded), String> {
    let mut r = input::open(item)?;
    let mut buf = Vec::new();
    input::read_capped(&mut *r, &mut buf, SNIFF.min(xml_max()), "sniffing")
        .or_else(|e| if buf.len() as u64 > SNIFF.min(xml_max()) { Ok(()) } else { Err(e) })?;
    let class = classify(&buf);
    let (max, what) = match (want, class) {
        (Want::Duis, _) | (Want::Any, Some(InputClass::Xml)) => (xml_max(), "a DUIS document"),
        (Want::Any, Some(InputClass::InventoryCsv)) if matches!(item.source, Source::Path(_)) => return Ok((class, Loaded::Inventory)),
        (Want::Any, Some(InputClass::InventoryCsv)) => (STDIN_INVENTORY_MAX, "an inventory read from standard input"),
        (Want::Any, Some(InputClass::Certificate)) => (input::CERT_MAX, "a certificate file"),
        (Want::Any, Some(InputClass::Json | InputClass::ModelsJson)) => (input::JSON_MAX, "a JSON file"),
        _ => (ADT_MAX, "an ADT file"),
    };
    input::read_capped(&mut *r, &mut buf, max, what)?;
    Ok((class, Loaded::Bytes(buf)))
}

impl Checker {
    /// Checks one file and writes its report (or its error record).
    pub fn file(&mut self, item: &Item, want: Want, out: &mut Out) -> Result<(), Failure> {
        let (class, loaded) = match load(item, want) {
            Ok(x) => x,
            Err(why) => return out.error(&item.name, &why),
        };
        let wrong = |c: InputClass| {
            let (what, cmd) = kind_name(c);
            format!(
                "this looks like {what}, not {}: use {cmd} (or sec-check check, which tells kinds apart)",
                if want == Want::Duis { "a DUIS document" } else { "an ADT file" }
            )
        };
        match (want, class, loaded) {
            (_, Some(InputClass::PrivateKey), _) => out.error(&item.name, &sec_rules::smki::CertFault::PrivateKey.to_string()),
            (Want::Duis, Some(c), _) if c != InputClass::Xml => out.error(&item.name, &wrong(c)),
            (Want::Adt, Some(c), _) if c != InputClass::AdtCsv => out.error(&item.name, &wrong(c)),
            (Want::Duis, _, Loaded::Bytes(b)) | (Want::Any, Some(InputClass::Xml), Loaded::Bytes(b)) => self.duis(&item.name, &b, out),
            (Want::Adt, _, Loaded::Bytes(b)) | (Want::Any, Some(InputClass::AdtCsv), Loaded::Bytes(b)) => self.adt(&item.name, &b, out),
            (Want::Any, Some(InputClass::InventoryCsv), loaded) => self.inventory(item, loaded, out),
            (Want::Any, Some(c), _) => {
                let (what, _) = kind_name(c);
                out.error(&item.name, &format!("{what}: an input to the checks, not checked itself (check reads it before the files it checks)"))
            }
            (_, None, _) | (_, _, Loaded::Inventory) => out.error(&item.name, "not a kind sec-check reads: a DUIS document (XML), an ADT file or an inventory (CSV with their headers); certificates, context and models are inputs"),
        }
    }

    fn duis(&mut self, name: &str, bytes: &[u8], out: &mut Out) -> Result<(), Failure> {
        let inputs = sec_rules::request::DuisInputs {
            trust: self.trust.as_ref(),
            context: self.context.as_ref(),
            cache: Some(&self.cache),
            crypto: None,
            roles: Some(&self.roles),
        };
        match crate::guard::check(|| sec_rules::request::check_with(name, bytes, &self.opts, &inputs)) {
            Ok(report) => out.report(&report),
            Err(why) => out.error(name, &why),
        }
    }

    fn adt(&mut self, name: &str, bytes: &[u8], out: &mut Out) -> Result<(), Failure> {
        let outcome = match crate::guard::check(|| sec_rules::tadp::check(name, bytes, &self.opts, &self.adt)) {
            Ok(o) => o,
            Err(why) => return out.error(name, &why),
        };
        out.report(&outcome.report)?;
        if let Some((user, seq)) = outcome.accepted {
            // the DCC processes files in order: a later file in this run sees this one
            self.adt.state.insert(user, seq);
            if let Some((path, true)) = &self.state {
                // saved only once the file's report is written
                out.flush()?;
                state::write(path, &self.adt.state)?;
            }
        }
        Ok(())
    }

    fn inventory(&mut self, item: &Item, loaded: Loaded, out: &mut Out) -> Result<(), Failure> {
        let (models, opts) = (self.models.as_ref(), &self.opts);
        let checked = match loaded {
            Loaded::Bytes(b) => crate::guard::check(|| sec_rules::etmad::check(&item.name, &b, models, opts)),
            Loaded::Inventory => {
                let Source::Path(p) = &item.source else { return out.error(&item.name, "cannot be read twice") };
                let mut open = || -> std::io::Result<Box<dyn std::io::Read>> { Ok(Box::new(std::io::BufReader::new(std::fs::File::open(p)?))) };
                crate::guard::check(|| sec_rules::etmad::check_collecting(&item.name, &mut open, models, opts))
            }
        };
        match checked {
            Ok(report) => out.report(&report),
            Err(why) => out.error(&item.name, &why),
        }
    }
}

/// Checks every FILE argument (folders walked) for `want`, then writes what remains.
pub fn all(c: &mut Checker, files: &[String], want: Want, mut out: Out) -> Result<crate::output::Tally, Failure> {
    let mut notes = Vec::new();
    let items = input::expand(files, &mut notes);
    for n in notes {
        out.warn(&n);
    }
    let items = if want == Want::Any { inputs_first(items, c, &mut out)? } else { items };
    for item in &items {
        c.file(item, want, &mut out)?;
    }
    out.finish()
}

/// A message without the file name it starts with (the record names the file).
fn without_name<'a>(message: &'a str, name: &str) -> &'a str {
    message.strip_prefix(name).map_or(message, |m| m.trim_start_matches([':', ' ']))
}

/// `sec-check check FILE…`: any mix. Certificates, a context and a models file among the
/// files are taken as inputs (as the page does) before the others are checked in order.
pub fn inputs_first(items: Vec<Item>, c: &mut Checker, out: &mut Out) -> Result<Vec<Item>, Failure> {
    let mut rest = Vec::new();
    for item in items {
        if matches!(item.source, Source::Stdin) {
            rest.push(item);
            continue;
        }
        let head = match input::open(&item).map(|mut r| {
            let mut buf = Vec::new();
            let _ = input::read_capped(&mut *r, &mut buf, SNIFF, "sniffing");
            buf
        }) {
            Ok(b) => b,
            Err(_) => {
                rest.push(item);
                continue;
            }
        };
        match (classify(&head), &item.source) {
            (Some(InputClass::Certificate), Source::Path(_)) => {
                let bytes = input::read(&item, input::CERT_MAX, "a certificate file").map_err(|e| Failure::Io(format!("{}: {e}", item.name)))?;
                let store = c.trust.get_or_insert_with(TrustStore::new);
                if let Err(e) = store.add_file(&item.name, &bytes) {
                    out.warn(&format!("{e}: skipped"));
                }
            }
            // a JSON file among the files (a folder's package.json, a test's expected.json) that is
            // no context or models file gets a record of its own, and the run goes on; given with
            // --context or --models, the same file is a usage error
            (Some(InputClass::Json), Source::Path(_)) => match input::read(&item, input::JSON_MAX, "a context file") {
                Err(e) => out.error(&item.name, &e)?,
                Ok(bytes) => match Context::from_json(&item.name, &bytes) {
                    Ok(ctx) => c.context = Some(ctx),
                    Err(e) => out.error(&item.name, &format!("not a context or models file: {}", without_name(&e.to_string(), &item.name)))?,
                },
            },
            (Some(InputClass::ModelsJson), Source::Path(_)) => match input::read(&item, input::JSON_MAX, "a models file") {
                Err(e) => out.error(&item.name, &e)?,
                Ok(bytes) => match sec_rules::etmad::read_models(&item.name, &bytes) {
                    Ok(m) => c.models = Some(m),
                    Err(e) => out.error(&item.name, &format!("not a models file: {}", without_name(&e.to_string(), &item.name)))?,
                },
            },
            _ => rest.push(item),
        }
    }
    Ok(rest)
}
