//! ETMAD (SEC Appendix AS): ECoS Migration eligibility of an inventory, row by row in input
//! order — scope (1.3), ineligibility (1.4), the Gas Proxy Function interpretations (clause 2),
//! the proving limit before Bulk Migration (clause 2, 1.6, 6.1(b), 6.2) — plus the TMAD
//! 2-Working-Day change-of-supplier check (S004) and EMRR-shaped summaries (S001).
//!
//! Two streaming passes over the CSV: the first indexes Communications Hub Functions (a GPF
//! takes its hub's status and model), the second decides each row and hands it to a sink, so
//! a large inventory is never held in memory (only the hub index and per-model counts are).

pub mod inventory;
pub mod models;
pub mod table;
pub mod workdays;

use crate::catalogue::{self, RuleDef};
use crate::context::CosCredentials;
use crate::csvrows::Rows;
use crate::engine::{self, Evaluator, Options};
use crate::model::words;
use crate::model::{rule_id as id, Date, DeviceEntry, DeviceStatus, Evaluation, GpfInfo, Kind, Note, NoteKind, Outcome, Place, Report, RuleId, Verdict};
use inventory::{InvRow, Layout};
use models::{ModelKey, ModelRef, Models};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;

/// At most this many row faults are listed (the rest are counted).
const MAX_FAULTS: usize = 50;

struct Hub {
    commissioned: bool,
    model: ModelKey,
}

/// Counts the summaries are made of.
#[derive(Debug, Default)]
struct Tally {
    rows: u64,
    by_status: BTreeMap<&'static str, u64>,
    by_reason: BTreeMap<&'static str, u64>,
    non_migratable: BTreeMap<ModelKey, u64>,
    gpfs: u64,
    gpfs_without_supplier: u64,
    faults: Vec<(u32, u32, String)>,
    fault_count: u64,
    absent: Vec<&'static str>,
    header_fault: Option<String>,
    tmad: bool,
    tmad_unknown_years: u64,
    /// Dormant SMETS1 ESME/GSME rows whose migration TMAD halts.
    tmad_flagged: u64,
    /// SMETS1 ESME/GSME rows with a planned migration date but no `dormant` value: the TMAD
    /// check, only for dormant devices, is not evaluated for them.
    tmad_no_dormancy: u64,
    /// Dormant rows planned to migrate before their Supply Start Date: (line, message).
    tmad_before_ssd: Vec<(u32, String)>,
    tmad_before_ssd_count: u64,
    /// Whether the ETMAD is in force on the as-of date.
    etmad_in_force: bool,
    /// Whether a models file was given.
    models: bool,
}

/// One string for a model exactly as written: each field prefixed by its length, so no two
/// models share one.
fn model_id(m: &ModelRef<'_>) -> String {
    let mut id = String::with_capacity(m.manufacturer.len() + m.model.len() + m.hardware_version.len() + m.firmware_version.len() + 16);
    for f in [m.manufacturer, m.model, m.hardware_version, m.firmware_version] {
        id.push_str(&f.len().to_string());
        id.push(':');
        id.push_str(f);
    }
    id
}

fn norm(id: &str) -> String {
    id.trim().replace([':', '-', ' '], "").to_ascii_uppercase()
}

fn param_days(rule: RuleId, name: &str, default: i64) -> i64 {
    catalogue::rule(rule).and_then(|r| r.int(name)).unwrap_or(default)
}

/// The ETMAD's period in force (the period of its scope rule; every ETMAD rule shares it).
fn etmad_period() -> crate::catalogue::InForce {
    catalogue::rule(id::ETMAD_SCOPE_COMMISSIONED).map_or(crate::catalogue::InForce { from: None, until: None }, |r| r.in_force)
}

/// Opens the inventory afresh (it is read twice).
pub type Source<'a> = dyn FnMut() -> std::io::Result<Box<dyn Read + 'a>> + 'a;

/// Decides every row, in input order, handing each entry to `sink`; returns the summary.
fn run_rows(open: &mut Source<'_>, models: Option<&Models>, opts: &Options, sink: &mut dyn FnMut(DeviceEntry)) -> Tally {
    let mut t = Tally { etmad_in_force: etmad_period().contains(opts.as_of), models: models.is_some(), ..Tally::default() };
    let mut reader = || -> Result<Rows<'_>, String> { Ok(Rows::untrimmed(open().map_err(|e| format!("cannot read the inventory: {e}"))?)) };
    let mut rd = match reader() {
        Ok(r) => r,
        Err(e) => {
            t.header_fault = Some(e);
            return t;
        }
    };
    let layout = match rd.headers().and_then(|h| Layout::from_header(&h)) {
        Ok(l) => l,
        Err(e) => {
            t.header_fault = Some(e);
            return t;
        }
    };
    t.absent = layout.absent();
    t.tmad = inventory::TMAD_COLUMNS.iter().all(|c| layout.has(c));
    // Pass 1: the Communications Hub Functions.
    let mut hubs: HashMap<String, Hub> = HashMap::new();
    let mut rec = csv::StringRecord::new();
    while let Ok(Some(_)) = rd.next_record(&mut rec) {
        if layout.device_type(&rec).eq_ignore_ascii_case("CHF") {
            let r = layout.row(0, &rec);
            hubs.insert(norm(r.device_id), Hub { commissioned: r.status.eq_ignore_ascii_case("Commissioned"), model: r.model.to_key() });
        }
    }
    // Pass 2: every row, in order.
    let recent_cos = param_days(id::ETMAD_INELIGIBLE_TRANSIENT_COS, "recent_days", 14);
    let pending_cos = param_days(id::ETMAD_INELIGIBLE_TRANSIENT_COS, "pending_days", 14);
    let recent_comm = param_days(id::ETMAD_INELIGIBLE_TRANSIENT_COMMISSIONING, "recent_days", 14);
    let limit = u64::try_from(param_days(id::ETMAD_BULK_PROVING_LIMIT, "proving_limit", 300)).unwrap_or(300);
    let tmad_rule = catalogue::rule(id::TMAD_DORMANCY_COS_WITHIN_2_WORKING_DAYS);
    let tmad_days = tmad_rule.and_then(|r| r.int("working_days")).and_then(|d| u32::try_from(d).ok()).unwrap_or(2);
    let null_ids: &[&str] = tmad_rule.and_then(|r| r.list("null_certificate_ids")).unwrap_or(&[]);
    let tmad_types: &[&str] = tmad_rule.and_then(|r| r.list("device_types")).unwrap_or(&[]);
    let tmad_in_force = tmad_rule.is_some_and(|r| r.in_force.contains(opts.as_of));
    // devices of each model (exactly as written) made eligible so far under the proving limit
    let mut allowance_used: HashMap<String, u64> = HashMap::new();
    let mut rd = match reader() {
        Ok(r) => r,
        Err(e) => {
            t.header_fault = Some(e);
            return t;
        }
    };
    loop {
        let line = match rd.next_record(&mut rec) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err((line, e)) => {
                t.fault_count += 1;
                t.faults.push((line, 0, format!("not readable CSV: {e}; the rest of the file is not read")));
                break;
            }
        };
        let r = layout.row(line, &rec);
        t.rows += 1;
        let mut entry = DeviceEntry { device_id: r.device_id.to_owned(), status: DeviceStatus::Ineligible, reason: None, clause: None, line, gpf: None };
        if !r.faults.is_empty() {
            for (c, m) in &r.faults {
                t.fault_count += 1;
                if t.faults.len() < MAX_FAULTS {
                    t.faults.push((line, *c, m.clone()));
                }
            }
            set(&mut entry, DeviceStatus::Unreadable, id::ETMAD_INVENTORY_ROW_FORMAT);
            tally(&mut t, &entry);
            sink(entry);
            continue;
        }
        let gpf = r.device_type.eq_ignore_ascii_case("GPF");
        let hub = gpf.then(|| hubs.get(&norm(r.chf))).flatten();
        let model = match hub {
            Some(h) if gpf => h.model.as_ref(),
            _ => r.model,
        };
        if gpf {
            t.gpfs += 1;
            let sup = [r.gas_supplier, r.electricity_supplier].into_iter().find(|s| !s.is_empty()).map(str::to_owned);
            if sup.is_none() {
                t.gpfs_without_supplier += 1;
            }
            entry.gpf = Some(GpfInfo { model: model.label(), responsible_supplier: sup });
        }
        // TMAD 5.10.10 / 5.10.15, for dormant devices only (S004): a SMETS1 ESME or GSME whose
        // supplier changes within the next 2 Working Days after the check made 24 hours before
        // the planned migration date. A row that does not say whether it is dormant is not
        // judged by it.
        let tmad_scope =
            t.tmad && tmad_in_force && r.smets == Some(1) && r.planned.is_some() && tmad_types.iter().any(|ty| ty.eq_ignore_ascii_case(r.device_type));
        if tmad_scope && r.dormant.is_none() {
            t.tmad_no_dormancy += 1;
        }
        if let (true, Some(true), Some(planned), Some(ssd)) = (tmad_scope, r.dormant, r.planned, r.last_cos) {
            // "The migration processes will only trigger after the Supply Start Date" (S004)
            if planned < ssd {
                t.tmad_before_ssd_count += 1;
                if t.tmad_before_ssd.len() < MAX_FAULTS {
                    t.tmad_before_ssd.push((line, format!("device {}: planned migration date {planned} is before its Supply Start Date {ssd} (last_cos_date); S004: 'The migration processes will only trigger after the Supply Start Date'", r.device_id)));
                }
            }
        }
        let tmad_hit = tmad_scope
            && r.dormant == Some(true)
            && !null_ids.iter().any(|n| n.eq_ignore_ascii_case(r.critical_cert))
            && match (r.planned, r.pending_cos) {
                (Some(planned), Some(change)) => {
                    let check_day = planned.add_days(-1);
                    change > check_day
                        && match workdays::working_days_between(check_day, change) {
                            Some(n) => n <= tmad_days,
                            None => {
                                t.tmad_unknown_years += 1;
                                false
                            }
                        }
                }
                _ => false,
            };
        if tmad_hit {
            t.tmad_flagged += 1;
        }
        let decision = if t.etmad_in_force {
            decide(&r, gpf, hub.map(|h| h.commissioned), &model, models, opts.as_of, (recent_cos, pending_cos, recent_comm))
        } else {
            // Not in force on the as-of date: no ETMAD rule ran, so no device gets an ETMAD status.
            Decision::NotAssessed(None)
        };
        let decision = match decision {
            // a TMAD halt is its own outcome, not ETMAD Ineligibility (ETMAD 1.4 (a)-(c) only)
            Decision::Undecided | Decision::NotAssessed(None) if tmad_hit => {
                Decision::Is(DeviceStatus::MigrationHalted, id::TMAD_DORMANCY_COS_WITHIN_2_WORKING_DAYS)
            }
            Decision::Undecided if models.is_some_and(|m| m.suspended(&model).is_some()) => {
                Decision::Is(DeviceStatus::Suspended, id::ETMAD_MIGRATION_SUSPENDED)
            }
            d => d,
        };
        match (decision, models) {
            (Decision::Is(status, rule), _) => {
                set(&mut entry, status, rule);
                if rule == id::ETMAD_INELIGIBLE_NON_MIGRATABLE {
                    *t.non_migratable.entry(model.to_key()).or_default() += 1;
                }
            }
            (Decision::NotAssessed(rule), _) => {
                entry.status = DeviceStatus::NotAssessed;
                entry.reason = rule;
                entry.clause = rule.and_then(catalogue::rule).map(|r| r.clause);
            }
            (Decision::Undecided, None) => {
                // eligibility would rest on the non-migratable and proving-limit rules, which need the models file
                entry.status = DeviceStatus::NotAssessed;
                entry.reason = Some(id::ETMAD_INELIGIBLE_NON_MIGRATABLE);
                entry.clause = catalogue::rule(id::ETMAD_INELIGIBLE_NON_MIGRATABLE).map(|r| r.clause);
            }
            (Decision::Undecided, Some(m)) if m.proven_by(&model).is_some() => set(&mut entry, DeviceStatus::Eligible, id::ETMAD_BULK_PROVING_LIMIT),
            (Decision::Undecided, Some(m)) => {
                let used = allowance_used.entry(model_id(&model)).or_default();
                if m.migrated(&model) + *used >= limit {
                    set(&mut entry, DeviceStatus::Held, id::ETMAD_BULK_PROVING_LIMIT);
                } else {
                    *used += 1;
                    set(&mut entry, DeviceStatus::Eligible, id::ETMAD_BULK_PROVING_LIMIT);
                }
            }
        }
        if entry.status == DeviceStatus::Eligible {
            entry.reason = None;
            entry.clause = catalogue::rule(id::ETMAD_SCOPE_COMMISSIONED).map(|r| r.clause);
        }
        tally(&mut t, &entry);
        sink(entry);
    }
    t
}

fn set(e: &mut DeviceEntry, status: DeviceStatus, rule: RuleId) {
    e.status = status;
    e.reason = Some(rule);
    e.clause = catalogue::rule(rule).map(|r| r.clause);
}

fn tally(t: &mut Tally, e: &DeviceEntry) {
    *t.by_status.entry(e.status.as_str()).or_default() += 1;
    let reason = match (e.status, e.reason) {
        (DeviceStatus::Eligible, _) => "eligible",
        (DeviceStatus::NotAssessed, _) => "not-assessed",
        (_, Some(r)) => r.as_str(),
        (_, None) => "none",
    };
    *t.by_reason.entry(reason).or_default() += 1;
}

/// What the ETMAD rules decide for a row before the proving limit.
enum Decision {
    /// A status and the rule that set it.
    Is(DeviceStatus, RuleId),
    /// In scope and not ineligible so far: the proving limit decides.
    Undecided,
    /// Not assessed: the rule that could not run, when one rule is the reason.
    NotAssessed(Option<RuleId>),
}

/// The first rule, in catalogue order, that takes the row out of scope or makes it
/// ineligible; `Undecided` when it is in scope and eligible so far. Without a models file the
/// non-migratable rule cannot run: a row no other ground makes ineligible is not assessed.
fn decide(
    r: &InvRow<'_>,
    gpf: bool,
    hub_commissioned: Option<bool>,
    model: &ModelRef<'_>,
    models: Option<&Models>,
    as_of: Date,
    (recent_cos, pending_cos, recent_comm): (i64, i64, i64),
) -> Decision {
    if r.status.eq_ignore_ascii_case("Decommissioned") {
        return Decision::Is(DeviceStatus::OutOfScope, id::ETMAD_SCOPE_DECOMMISSIONED);
    }
    let commissioned =
        if gpf { hub_commissioned.unwrap_or_else(|| r.status.eq_ignore_ascii_case("Commissioned")) } else { r.status.eq_ignore_ascii_case("Commissioned") };
    if !commissioned {
        return Decision::Is(DeviceStatus::OutOfScope, id::ETMAD_SCOPE_COMMISSIONED);
    }
    if r.cos == Some(CosCredentials::Ecos) {
        return Decision::Is(DeviceStatus::OutOfScope, id::ETMAD_SCOPE_ALREADY_ECOS);
    }
    if models.is_some_and(|m| m.non_migratable(model).is_some()) {
        return Decision::Is(DeviceStatus::Ineligible, id::ETMAD_INELIGIBLE_NON_MIGRATABLE);
    }
    let within = |d: Option<Date>, back: i64, ahead: i64| d.is_some_and(|d| d >= as_of.add_days(-back) && d <= as_of.add_days(ahead));
    if within(r.pending_cos, 0, pending_cos) || within(r.last_cos, recent_cos, 0) {
        return Decision::Is(DeviceStatus::Ineligible, id::ETMAD_INELIGIBLE_TRANSIENT_COS);
    }
    if within(r.commissioned, recent_comm, 0) {
        return Decision::Is(DeviceStatus::Ineligible, id::ETMAD_INELIGIBLE_TRANSIENT_COMMISSIONING);
    }
    if !r.technical.is_empty() {
        return Decision::Is(DeviceStatus::Ineligible, id::ETMAD_INELIGIBLE_TECHNICAL);
    }
    Decision::Undecided
}

/// Parses a models file (contract §6; `suspended` additive); the error names the file, line
/// and column.
pub fn read_models(file: &str, bytes: &[u8]) -> Result<Models, String> {
    Models::from_json(bytes).map_err(|(l, c, m)| format!("{file}: line {l} column {c}: {m}"))
}

/// Checks an inventory read from `open` (called once per pass), streaming each device entry
/// to `sink`; the returned report carries the findings and summary but no `devices`.
/// `models` is `None` when no models file was given: the rules that need it are then
/// `not-evaluated`, the report `incomplete`, and no device is called eligible on their account.
pub fn check_streaming(file: &str, open: &mut Source<'_>, models: Option<&Models>, opts: &Options, sink: &mut dyn FnMut(DeviceEntry)) -> Report {
    let t = run_rows(open, models, opts, sink);
    let mut ev = Summary { t: &t };
    let mut report = engine::run(file, Kind::Inventory, None, &mut ev, opts);
    report.summary = Some(summary_json(&t));
    frame(&mut report, &t, opts);
    report
}

/// The notes that say first what the answer rests on: the ETMAD not in force on the as-of
/// date (then nothing was decided: incomplete, with a date to check as of instead), ECoS
/// Migrations ceased, no models file.
fn frame(report: &mut Report, t: &Tally, opts: &Options) {
    let period = etmad_period();
    let ceased = catalogue::rule(id::ETMAD_MIGRATION_CEASED).and_then(|r| r.in_force.from);
    if t.header_fault.is_none() && !t.etmad_in_force {
        let (from, until) = (period.from.map(|d| d.to_string()).unwrap_or_default(), period.until.map(|d| d.to_string()).unwrap_or_default());
        let suggested = match (period.from, ceased) {
            (Some(f), _) if opts.as_of < f => Some(f),
            (_, Some(c)) => Some(c.add_days(-1)),
            (f, None) => f,
        };
        let mut note = Note::new(
            NoteKind::OutOfForce,
            format!(
                "the ETMAD is in force from {from} until {until} (exclusive): on {} its rules do not apply, so no device is classed eligible, ineligible or held{}",
                opts.as_of,
                suggested.map(|d| format!("; check as of a date inside the period, e.g. {d}")).unwrap_or_default()
            ),
        );
        note.suggested_as_of = suggested;
        report.notes.push(note);
        if report.verdict == Verdict::Accepted {
            report.verdict = Verdict::Incomplete;
        }
    }
    if report.findings.iter().any(|f| f.rule == id::ETMAD_MIGRATION_CEASED && f.outcome == Outcome::Fail) {
        let msg = report.findings.iter().find(|f| f.rule == id::ETMAD_MIGRATION_CEASED).map(|f| f.message.clone()).unwrap_or_default();
        report.notes.push(Note::new(NoteKind::MigrationsCeased, msg));
    }
    if t.etmad_in_force && !t.models && t.header_fault.is_none() {
        report.notes.push(Note::new(
            NoteKind::MissingInput,
            "no models file was given: which models are Non-Migratable, proven or suspended is unknown, so no device is called eligible or held; add the models file (contract §6)",
        ));
    }
}

/// Checks an inventory and collects one `devices` entry per row.
pub fn check(file: &str, bytes: &[u8], models: Option<&Models>, opts: &Options) -> Report {
    let mut open = || -> std::io::Result<Box<dyn Read + '_>> { Ok(Box::new(bytes)) };
    check_collecting(file, &mut open, models, opts)
}

/// [`check_streaming`] with the device entries collected into the report, one per row.
pub fn check_collecting(file: &str, open: &mut Source<'_>, models: Option<&Models>, opts: &Options) -> Report {
    let mut devices = Vec::new();
    let mut report = check_streaming(file, open, models, opts, &mut |e| devices.push(e));
    report.devices = Some(devices);
    report
}

fn summary_json(t: &Tally) -> serde_json::Value {
    let nm: Vec<serde_json::Value> = t
        .non_migratable
        .iter()
        .map(|(k, n)| serde_json::json!({ "manufacturer": k.manufacturer, "model": k.model, "hardware_version": k.hardware_version, "firmware_version": k.firmware_version, "count": n }))
        .collect();
    serde_json::json!({
        "rows": t.rows,
        "by_status": t.by_status,
        "by_reason": t.by_reason,
        "ecosmig_004_non_migratable_models": nm,
        "emrr_note": "EMRR-shaped: S001 gives only the EMRR reports' names (ECOSMIG-004 'Device Count by Non-Migratable Device Model', ECOSMIG-007 'ECoS Total Counts'); these fields are sec-rules' own. EMRR reporting ended with the final reports of 1 August 2024 (S001 ¶7).",
        "tmad_migration_halted": t.by_status.get("migration-halted").copied().unwrap_or(0),
        "ecosmig_007_totals": {
            "devices": t.rows,
            "in_scope": t.rows - t.by_status.get("out-of-scope").copied().unwrap_or(0),
            "eligible": t.by_status.get("eligible").copied().unwrap_or(0),
            "held_by_proving_limit": t.by_status.get("held").copied().unwrap_or(0),
            "ineligible": t.by_status.get("ineligible").copied().unwrap_or(0),
            "out_of_scope": t.by_status.get("out-of-scope").copied().unwrap_or(0),
            "already_ecos": t.by_reason.get(id::ETMAD_SCOPE_ALREADY_ECOS.as_str()).copied().unwrap_or(0),
        },
    })
}

/// The summaries as CSV (one table after another, each with a header).
pub fn summary_csv(report: &Report) -> String {
    let Some(s) = &report.summary else { return String::new() };
    let mut out = String::from("table,key,count\n");
    for table in ["by_status", "by_reason", "ecosmig_007_totals"] {
        if let Some(m) = s.get(table).and_then(|v| v.as_object()) {
            for (k, v) in m {
                out.push_str(&format!("{table},{k},{v}\n"));
            }
        }
    }
    out.push_str("\nreport,manufacturer,model,hardware_version,firmware_version,count\n");
    for m in s.get("ecosmig_004_non_migratable_models").and_then(|v| v.as_array()).map_or(&[][..], |v| v.as_slice()) {
        let f = |k: &str| m.get(k).map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).unwrap_or_default();
        out.push_str(&format!("ECOSMIG-004,{},{},{},{},{}\n", f("manufacturer"), f("model"), f("hardware_version"), f("firmware_version"), f("count")));
    }
    out
}

/// The TMAD rule's findings: what it decided (migration-halted), the rows it could not judge
/// (no `dormant` value, or a year without bank holidays), and each dormant row planned to
/// migrate before its Supply Start Date.
fn tmad_findings(t: &Tally) -> Vec<Evaluation> {
    let mut v = vec![Evaluation::pass(
        format!(
            "applied to the dormant SMETS1 ESME and GSME rows with a planned migration date; {} would have their migration halted (status migration-halted): a change of Import or Gas Supplier within the next 2 Working Days of the check 24 hours before the planned migration date",
            t.tmad_flagged
        ),
        None,
    )];
    if t.tmad_no_dormancy > 0 {
        v.push(Evaluation::not_evaluated(format!(
            "not evaluated for {} with a planned migration date: the inventory does not say whether they are dormant, and the check is 'only applicable to dormant devices' (S004); add a column dormant (true/false)",
            words::count(t.tmad_no_dormancy, "SMETS1 ESME/GSME row")
        )));
    }
    if t.tmad_unknown_years > 0 {
        v.push(Evaluation::not_evaluated(format!(
            "not evaluated for {}: their years' bank holidays are not in rules/bank-holidays.toml",
            words::count(t.tmad_unknown_years, "date pair")
        )));
    }
    v.extend(t.tmad_before_ssd.iter().map(|(l, m)| Evaluation::fail(m.clone(), Some(Place::line_col(*l, None)))));
    if t.tmad_before_ssd_count > t.tmad_before_ssd.len() as u64 {
        v.push(Evaluation::fail(
            format!("… and {} more planned before their Supply Start Date", words::count(t.tmad_before_ssd_count - t.tmad_before_ssd.len() as u64, "row")),
            None,
        ));
    }
    v
}

struct Summary<'a> {
    t: &'a Tally,
}

impl Evaluator for Summary<'_> {
    fn evaluate(&mut self, rule: &RuleDef, _opts: &Options) -> Vec<Evaluation> {
        let t = self.t;
        if let Some(h) = &t.header_fault {
            return vec![if rule.rule_id() == id::ETMAD_INVENTORY_ROW_FORMAT {
                Evaluation::fail(h.clone(), Some(Place::line_col(1, None)))
            } else {
                Evaluation::not_evaluated("not evaluated: the inventory header cannot be read (etmad.inventory.row-format)")
            }];
        }
        let n = |r: RuleId| t.by_reason.get(r.as_str()).copied().unwrap_or(0);
        // A rule's outcome says whether it ran on every row; how many devices it decided is a
        // count, given apart in the message and the summary (never a "pass" of the devices).
        let count = |r: RuleId, what: &str| Evaluation::pass(format!("applied to every row; decided {}: {what}", words::count(n(r), "device")), None);
        const NEEDS_MODELS: &str = "not evaluated: needs the models file (Non-Migratable, proven, suspended models and migrated counts, contract §6); no device is called eligible or held without it";
        match rule.rule_id() {
            id::ETMAD_INELIGIBLE_NON_MIGRATABLE | id::ETMAD_BULK_PROVING_LIMIT | id::ETMAD_MIGRATION_SUSPENDED if !t.models => {
                vec![Evaluation::not_evaluated(NEEDS_MODELS)]
            }
            id::ETMAD_INVENTORY_ROW_FORMAT => {
                if t.fault_count == 0 {
                    let mut m = format!("{} read", words::count(t.rows, "row"));
                    if !t.absent.is_empty() {
                        m.push_str(&format!("; absent columns read as empty: {}", t.absent.join(", ")));
                    }
                    return vec![Evaluation::pass(m, None)];
                }
                let mut v: Vec<Evaluation> =
                    t.faults.iter().map(|(l, c, m)| Evaluation::fail(format!("{m} (the row is reported unreadable; the file goes on)"), Some(Place::line_col(*l, (*c > 0).then_some(*c))))).collect();
                if t.fault_count > t.faults.len() as u64 {
                    v.push(Evaluation::fail(format!("… and {} more", words::count(t.fault_count - t.faults.len() as u64, "row fault")), None));
                }
                v
            }
            id::ETMAD_SCOPE_COMMISSIONED => vec![count(rule.rule_id(), "out of scope: not Commissioned (a GPF: its Communications Hub Function is not)")],
            id::ETMAD_SCOPE_DECOMMISSIONED => vec![count(rule.rule_id(), "out of scope: Decommissioned")],
            id::ETMAD_SCOPE_ALREADY_ECOS => vec![count(rule.rule_id(), "out of scope: already hold ECoS credentials")],
            id::ETMAD_GPF_MODEL => vec![Evaluation::pass(format!("{} {} their Communications Hub's device model", words::count(t.gpfs, "Gas Proxy Function"), if t.gpfs == 1 { "takes" } else { "take" }), None)],
            id::ETMAD_INELIGIBLE_NON_MIGRATABLE => vec![count(
                rule.rule_id(),
                "ineligible: Non-Migratable device model; the Responsible Supplier upgrades the firmware to a version capable of ECoS Migration (ETMAD 1.10), and for a Gas Proxy Function the DCC completes the remediation (1.11)",
            )],
            id::ETMAD_INELIGIBLE_TRANSIENT_COS => vec![count(rule.rule_id(), "ineligible: recent or pending change of supplier (windows are assumptions, see the catalogue)")],
            id::ETMAD_INELIGIBLE_TRANSIENT_COMMISSIONING => vec![count(rule.rule_id(), "ineligible: recently Commissioned (window is an assumption)")],
            id::ETMAD_INELIGIBLE_TECHNICAL => vec![count(rule.rule_id(), "ineligible: a technical issue (ETMAD 1.4: devices 'may be Ineligible' where one applies; sec-rules classes them so)")],
            id::ETMAD_BULK_PROVING_LIMIT => {
                let held = t.by_status.get("held").copied().unwrap_or(0);
                vec![Evaluation::pass(format!("applied to every row; {} held: their model is not proven and its 300-device proving allowance is used up", words::count(held, "device")), None)]
            }
            id::ETMAD_MIGRATION_SUSPENDED => vec![count(rule.rule_id(), "suspended: their model's ECoS Migration is suspended")],
            id::ETMAD_MIGRATION_CEASED => {
                let from = rule.in_force.from.map(|d| d.to_string()).unwrap_or_default();
                vec![Evaluation::fail(
                    format!(
                        "ECoS Migrations ceased on {from}, as the DCC advised in a consultation (S001 ¶6, ¶9; the ETMAD itself sets no such date): the DCC carries out no further migration, though the ETMAD stays in force until {}; devices classed eligible will not be migrated",
                        etmad_period().until.map(|d| d.to_string()).unwrap_or_default()
                    ),
                    None,
                )]
            }
            id::ETMAD_GPF_RESPONSIBLE_SUPPLIER => vec![Evaluation::pass(
                format!("{} GPF(s): Responsible Supplier from the gas meter, else the electricity meter; {} with none", t.gpfs, t.gpfs_without_supplier),
                None,
            )],
            id::TMAD_DORMANCY_COS_WITHIN_2_WORKING_DAYS if !t.tmad => {
                vec![Evaluation::skipped("does not apply: the inventory has no planned_migration_date and critical_supplier_certificate_id columns")]
            }
            id::TMAD_DORMANCY_COS_WITHIN_2_WORKING_DAYS => tmad_findings(t),
            _ => vec![Evaluation::not_evaluated(format!("not evaluated: sec-rules does not implement {} yet", rule.id))],
        }
    }
}
