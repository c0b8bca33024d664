//! Validates `rules/*.toml` and compiles them into Rust statics (`$OUT_DIR/catalogue.rs`).
//!
//! The catalogue is data: rule ids, documents, clauses, order, response codes, parameters,
//! periods in force, and the Service Reference Variant table. A malformed catalogue fails the
//! build with `rules/<file>:<line>:<column>: <what is wrong>`.

use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use toml::Spanned;

#[path = "build/schema.rs"]
mod schema;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    /// Dates several rules share (ECoS Go Live, the ETMAD's end): named once, referenced by
    /// name from `in_force` and `uses_dates`, each with whether it rests on an assumption.
    #[serde(default)]
    date: Vec<Spanned<NamedDate>>,
    rule: Vec<Spanned<Rule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedDate {
    name: Spanned<String>,
    date: Spanned<String>,
    title: String,
    #[serde(default)]
    assumption: bool,
    note: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    id: Spanned<String>,
    document: Spanned<String>,
    clause: String,
    title: String,
    applies_to: Spanned<Vec<String>>,
    order: u32,
    response_code: Option<Spanned<String>>,
    in_force: Option<InForce>,
    source: String,
    #[serde(default)]
    assumption: bool,
    #[serde(default)]
    advisory: bool,
    #[serde(default)]
    contract_id: bool,
    note: Option<String>,
    #[serde(default)]
    params: BTreeMap<String, Spanned<toml::Value>>,
    /// Named dates the rule's logic uses besides its period (e.g. the routing dates).
    #[serde(default)]
    uses_dates: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InForce {
    from: Option<Spanned<String>>,
    until: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayFile {
    covered: Covered,
    dates: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Covered {
    from: i32,
    to: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SrvFile {
    srv: Vec<Spanned<Srv>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Srv {
    srv: Spanned<String>,
    service_reference: String,
    name: String,
    critical: bool,
    non_device: bool,
    eligible_roles: Vec<String>,
    cv: Vec<u8>,
    cv_source: Option<String>,
    cv_from: Option<CvFrom>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodesFile {
    code: Vec<Spanned<Code>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Code {
    code: Spanned<String>,
    meaning: String,
    source: String,
    request_rule: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CvFrom {
    date: Spanned<String>,
    cv: Vec<u8>,
    #[serde(default)]
    assumption: bool,
    source: String,
}

/// The SEC User Roles (sec-facts topic 8.2): the codes the SRV matrix's Eligible User Roles use.
const USER_ROLES: &[&str] = &["IS", "ES", "GS", "ED", "GT", "RSA", "OU"];
const DOCUMENTS: &[&str] = &["DUIS", "SRPD", "TADP", "ETMAD", "TMAD"];
const KINDS: &[(&str, &str)] =
    &[("duis-request", "Kind::DuisRequest"), ("duis-response", "Kind::DuisResponse"), ("adt", "Kind::Adt"), ("inventory", "Kind::Inventory")];

struct Src<'a> {
    name: &'a str,
    text: &'a str,
}

impl Src<'_> {
    fn fail(&self, offset: usize, msg: &str) -> ! {
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        eprintln!("error: rules/{}:{line}:{column}: {msg}", self.name);
        println!("cargo::error=rules/{}:{line}:{column}: {msg}", self.name);
        std::process::exit(1);
    }
}

fn main() {
    println!("cargo::rerun-if-changed=rules");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let rules_text = read(&dir, "catalogue.toml");
    let srv_text = read(&dir, "srv.toml");
    let rules_src = Src { name: "catalogue.toml", text: &rules_text };
    let srv_src = Src { name: "srv.toml", text: &srv_text };

    let rules: RulesFile = toml::from_str(&rules_text).unwrap_or_else(|e| toml_fail(&rules_src, &e));
    let srvs: SrvFile = toml::from_str(&srv_text).unwrap_or_else(|e| toml_fail(&srv_src, &e));

    let hol_text = read(&dir, "bank-holidays.toml");
    let hol_src = Src { name: "bank-holidays.toml", text: &hol_text };
    let hols: HolidayFile = toml::from_str(&hol_text).unwrap_or_else(|e| toml_fail(&hol_src, &e));
    let codes_text = read(&dir, "response-codes.toml");
    let codes_src = Src { name: "response-codes.toml", text: &codes_text };
    let codes: CodesFile = toml::from_str(&codes_text).unwrap_or_else(|e| toml_fail(&codes_src, &e));
    let schema_text = read(&dir, "duis-schema.txt");
    let bodies = schema::srv_bodies(&schema_text).unwrap_or_else(|f| {
        eprintln!("error: rules/duis-schema.txt:{}: {}", f.line, f.msg);
        println!("cargo::error=rules/duis-schema.txt:{}: {}", f.line, f.msg);
        std::process::exit(1)
    });
    let mut out = String::from("// @generated by build.rs from rules/*.toml. Do not edit.\n\n");
    emit_rules(&rules_src, &rules, &mut out);
    emit_srvs(&srv_src, &srvs, &bodies, &mut out);
    emit_codes(&codes_src, &codes, &rules, &mut out);
    let mut dates = Vec::new();
    for d in &hols.dates {
        let y: i32 = d.get_ref().get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        if !(hols.covered.from..=hols.covered.to).contains(&y) {
            hol_src.fail(d.span().start, "date outside the covered years");
        }
        dates.push(check_date(&hol_src, d));
    }
    let _ = writeln!(out, "pub(crate) static BANK_HOLIDAYS: (i32, i32, &[Date]) = ({}, {}, &[{}]);", hols.covered.from, hols.covered.to, dates.join(", "));
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    write(&Path::new(&out_dir).join("catalogue.rs"), &out);
    match schema::compile(&schema_text) {
        Ok(blob) => {
            if let Err(e) = std::fs::write(Path::new(&out_dir).join("schema.bin"), blob) {
                eprintln!("error: cannot write schema.bin: {e}");
                std::process::exit(1);
            }
        }
        Err(f) => {
            eprintln!("error: rules/duis-schema.txt:{}: {}", f.line, f.msg);
            println!("cargo::error=rules/duis-schema.txt:{}: {}", f.line, f.msg);
            std::process::exit(1);
        }
    }
}

fn write(dest: &Path, text: &str) {
    if let Err(e) = std::fs::write(dest, text) {
        eprintln!("error: cannot write {}: {e}", dest.display());
        std::process::exit(1);
    }
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| {
        eprintln!("error: rules/{name}: {e}");
        std::process::exit(1)
    })
}

fn toml_fail(src: &Src, e: &toml::de::Error) -> ! {
    let offset = e.span().map_or(0, |s| s.start);
    src.fail(offset, e.message())
}

fn check_date(src: &Src, d: &Spanned<String>) -> String {
    let s = d.get_ref();
    let b = s.as_bytes();
    let ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u32>().unwrap_or(0));
    if !ok {
        src.fail(d.span().start, &format!("`{s}` is not a date YYYY-MM-DD"));
    }
    format!("Date::from_ymd_const({}, {}, {})", &s[0..4], s[5..7].trim_start_matches('0'), s[8..10].trim_start_matches('0'))
}

fn valid_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-') && !p.starts_with('-') && !p.ends_with('-'))
}

/// A period bound: a date, or the name of one of the file's `[[date]]`s; (Rust expression,
/// YYYY-MM-DD).
fn bound<'f>(src: &Src, file: &'f RulesFile, v: &Spanned<String>, used: &mut Vec<&'f NamedDate>) -> (String, String) {
    let s = v.get_ref();
    if s.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return (check_date(src, v), s.clone());
    }
    match file.date.iter().map(Spanned::get_ref).find(|d| d.name.get_ref() == s) {
        Some(d) => {
            if !used.iter().any(|u| std::ptr::eq(*u, d)) {
                used.push(d);
            }
            (check_date(src, &d.date), d.date.get_ref().clone())
        }
        None => src.fail(v.span().start, &format!("`{s}` is neither a date YYYY-MM-DD nor a [[date]] of this file")),
    }
}

fn emit_dates(src: &Src, file: &RulesFile, out: &mut String) {
    let mut names = HashSet::new();
    out.push_str("pub(crate) static DATES: &[NamedDate] = &[\n");
    for spanned in &file.date {
        let d = spanned.get_ref();
        if !names.insert(d.name.get_ref().clone()) {
            src.fail(d.name.span().start, &format!("date `{}` appears twice", d.name.get_ref()));
        }
        let _ = writeln!(
            out,
            "    NamedDate {{ name: {:?}, date: {}, title: {:?}, assumption: {}, note: {:?}, source: {:?} }},",
            d.name.get_ref(),
            check_date(src, &d.date),
            d.title,
            d.assumption,
            d.note,
            d.source
        );
    }
    out.push_str("];\n\n");
}

fn emit_rules(src: &Src, file: &RulesFile, out: &mut String) {
    emit_dates(src, file, out);
    let mut ids = HashSet::new();
    let mut orders: HashSet<(String, u32)> = HashSet::new();
    out.push_str("pub(crate) static RULES: &[RuleDef] = &[\n");
    for spanned in &file.rule {
        let r = spanned.get_ref();
        let id = r.id.get_ref();
        if !valid_id(id) {
            src.fail(r.id.span().start, &format!("rule id `{id}` is not lowercase <document>.<topic>.<check>"));
        }
        if !ids.insert(id.clone()) {
            src.fail(r.id.span().start, &format!("rule id `{id}` appears twice"));
        }
        let doc = r.document.get_ref();
        if !DOCUMENTS.contains(&doc.as_str()) {
            src.fail(r.document.span().start, &format!("document `{doc}` is not one of {DOCUMENTS:?}"));
        }
        let own_prefix = id.starts_with(&format!("{}.", doc.to_lowercase()));
        let fixed_by_contract = r.contract_id && r.note.is_some();
        if !(own_prefix || fixed_by_contract) {
            src.fail(
                r.id.span().start,
                &format!(
                    "rule id `{id}` does not start with its document `{}` (set contract_id = true with a note if the contract fixed it)",
                    doc.to_lowercase()
                ),
            );
        }
        if r.applies_to.get_ref().is_empty() {
            src.fail(r.applies_to.span().start, "applies_to is empty");
        }
        let mut kinds = Vec::new();
        for k in r.applies_to.get_ref() {
            let Some((_, rust)) = KINDS.iter().find(|(n, _)| n == k) else {
                src.fail(r.applies_to.span().start, &format!("unknown input kind `{k}`"));
            };
            if !orders.insert((k.clone(), r.order)) {
                src.fail(spanned.span().start, &format!("order {} is used twice for kind `{k}`", r.order));
            }
            kinds.push(*rust);
        }
        if let Some(code) = &r.response_code {
            let c = code.get_ref();
            if !(c.len() >= 2 && c.starts_with(['E', 'W', 'I']) && c[1..].bytes().all(|b| b.is_ascii_digit())) {
                src.fail(code.span().start, &format!("response code `{c}` is not a DUIS code (E/W/I + digits)"));
            }
        }
        if r.assumption && r.note.is_none() {
            src.fail(spanned.span().start, &format!("rule `{id}` is an assumption but has no note saying which fact is assumed"));
        }
        let mut used: Vec<&NamedDate> = Vec::new();
        let (from, until) = match &r.in_force {
            Some(p) => (p.from.as_ref().map(|d| bound(src, file, d, &mut used)), p.until.as_ref().map(|d| bound(src, file, d, &mut used))),
            None => (None, None),
        };
        for u in &r.uses_dates {
            bound(src, file, u, &mut used);
        }
        if let (Some((_, f)), Some((_, u))) = (&from, &until) {
            if f >= u {
                src.fail(spanned.span().start, "in_force.until must be after in_force.from");
            }
        }
        let (from, until) = (from.map(|(code, _)| code), until.map(|(code, _)| code));
        // a rule resting on a date that is itself an assumption rests on an assumption
        let assumption = r.assumption || used.iter().any(|d| d.assumption);
        let dates: Vec<String> = used.iter().map(|d| format!("{:?}", d.name.get_ref())).collect();
        let mut params = String::new();
        for (name, value) in &r.params {
            let v = match value.get_ref() {
                toml::Value::Integer(i) => format!("Param::Int({i})"),
                toml::Value::String(s) => format!("Param::Str({s:?})"),
                toml::Value::Boolean(b) => format!("Param::Bool({b})"),
                toml::Value::Array(items) => {
                    let mut strs = Vec::new();
                    for it in items {
                        match it.as_str() {
                            Some(s) => strs.push(format!("{s:?}")),
                            None => src.fail(value.span().start, &format!("parameter `{name}`: lists hold strings only")),
                        }
                    }
                    format!("Param::List(&[{}])", strs.join(", "))
                }
                _ => src.fail(value.span().start, &format!("parameter `{name}` must be an integer, string, boolean or list of strings")),
            };
            let _ = write!(params, "({name:?}, {v}), ");
        }
        let _ = writeln!(
            out,
            "    RuleDef {{ id: {id:?}, document: Document::{doc_variant}, clause: {clause:?}, title: {title:?}, applies_to: &[{kinds}], order: {order}, response_code: {code}, in_force: InForce {{ from: {from}, until: {until} }}, source: {source:?}, assumption: {assumption}, advisory: {advisory}, note: {note}, params: &[{params}], dates: &[{dates}] }},",
            doc_variant = doc_variant(doc),
            clause = r.clause,
            title = r.title,
            kinds = kinds.join(", "),
            order = r.order,
            code = opt_str(r.response_code.as_ref().map(|c| c.get_ref().as_str())),
            from = opt(from),
            until = opt(until),
            source = r.source,
            dates = dates.join(", "),
            advisory = r.advisory,
            note = opt_str(r.note.as_deref()),
        );
    }
    out.push_str("];\n\n");
}

fn doc_variant(d: &str) -> &'static str {
    match d {
        "DUIS" => "Duis",
        "SRPD" => "Srpd",
        "TADP" => "Tadp",
        "ETMAD" => "Etmad",
        _ => "Tmad",
    }
}

fn opt(v: Option<String>) -> String {
    v.map_or_else(|| "None".into(), |s| format!("Some({s})"))
}

fn opt_str(v: Option<&str>) -> String {
    v.map_or_else(|| "None".into(), |s| format!("Some({s:?})"))
}

fn emit_codes(src: &Src, file: &CodesFile, rules: &RulesFile, out: &mut String) {
    let mut seen = HashSet::new();
    out.push_str("pub(crate) static RESPONSE_CODES: &[CodeDef] = &[\n");
    for spanned in &file.code {
        let c = spanned.get_ref();
        let code = c.code.get_ref();
        if !(code.len() >= 2 && code.starts_with(['E', 'W', 'I']) && code[1..].bytes().all(|b| b.is_ascii_digit())) {
            src.fail(c.code.span().start, &format!("`{code}` is not a DUIS response code (E/W/I + digits)"));
        }
        if !seen.insert(code.clone()) {
            src.fail(c.code.span().start, &format!("code `{code}` appears twice"));
        }
        if let Some(r) = &c.request_rule {
            if !rules.rule.iter().any(|x| x.get_ref().id.get_ref() == r.get_ref()) {
                src.fail(r.span().start, &format!("request_rule `{}` is not a rule of rules/catalogue.toml", r.get_ref()));
            }
        }
        let _ = writeln!(
            out,
            "    CodeDef {{ code: {code:?}, meaning: {:?}, source: {:?}, request_rule: {} }},",
            c.meaning,
            c.source,
            opt_str(c.request_rule.as_ref().map(|r| r.get_ref().as_str()))
        );
    }
    out.push_str("];\n");
}

/// The SRV table, each with the Body element the schema pairs with it (`bodies`, from
/// `rules/duis-schema.txt`): the two must hold the same SRVs.
fn emit_srvs(src: &Src, file: &SrvFile, bodies: &[(String, String)], out: &mut String) {
    let mut seen = HashSet::new();
    if bodies.len() != file.srv.len() {
        src.fail(0, &format!("rules/srv.toml has {} SRVs but the DUIS schema's ServiceReferenceVariant has {}", file.srv.len(), bodies.len()));
    }
    out.push_str("pub(crate) static SRVS: &[SrvDef] = &[\n");
    for spanned in &file.srv {
        let s = spanned.get_ref();
        let name = s.srv.get_ref();
        if !name.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            src.fail(s.srv.span().start, &format!("`{name}` is not a Service Reference Variant (digits and dots)"));
        }
        if !seen.insert(name.clone()) {
            src.fail(s.srv.span().start, &format!("SRV `{name}` appears twice"));
        }
        if s.cv.is_empty() || s.cv.iter().any(|c| !(1..=8).contains(c)) {
            src.fail(spanned.span().start, &format!("SRV `{name}`: command variants must be 1..=8"));
        }
        let cv_from = match &s.cv_from {
            Some(c) => {
                format!("Some(CvChange {{ from: {}, cv: &{:?}, assumption: {}, source: {:?} }})", check_date(src, &c.date), c.cv, c.assumption, c.source)
            }
            None => "None".into(),
        };
        let Some((_, body)) = bodies.iter().find(|(srv, _)| srv == name) else {
            src.fail(s.srv.span().start, &format!("SRV `{name}` is not a value of the DUIS schema's ServiceReferenceVariant"));
        };
        for r in &s.eligible_roles {
            if !USER_ROLES.contains(&r.as_str()) {
                src.fail(spanned.span().start, &format!("SRV `{name}`: `{r}` is not a SEC User Role ({USER_ROLES:?})"));
            }
        }
        let _ = writeln!(
            out,
            "    SrvDef {{ srv: {name:?}, service_reference: {:?}, name: {:?}, critical: {}, non_device: {}, eligible_roles: &{:?}, cv: &{:?}, cv_source: {}, cv_from: {cv_from}, body: {body:?} }},",
            s.service_reference, s.name, s.critical, s.non_device, s.eligible_roles, s.cv, opt_str(s.cv_source.as_deref())
        );
    }
    out.push_str("];\n");
}
