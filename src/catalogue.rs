//! The rule catalogue, compiled from `rules/*.toml` by `build.rs` (which validates it:
//! id grammar, uniqueness, order, dates, response codes). Code holds predicates; the
//! catalogue holds order, clauses, numbers and dates.

use crate::model::{Date, Kind, RuleId};
use serde::Serialize;

/// The document a rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum Document {
    /// DCC User Interface Specification (SEC Appendix AD).
    Duis,
    /// Service Request Processing Document (SEC Appendix AB).
    Srpd,
    /// Threshold Anomaly Detection Procedures (SEC Appendix AA).
    Tadp,
    /// ECoS Transition and Migration Approach Document (SEC Appendix AS).
    Etmad,
    /// Transition and Migration Approach Document (SMETS1).
    Tmad,
}

impl Document {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Document::Duis => "DUIS",
            Document::Srpd => "SRPD",
            Document::Tadp => "TADP",
            Document::Etmad => "ETMAD",
            Document::Tmad => "TMAD",
        }
    }
}

/// The period a rule is in force: `from` inclusive, `until` exclusive; `None` = unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InForce {
    /// First day in force.
    pub from: Option<Date>,
    /// First day no longer in force.
    pub until: Option<Date>,
}

impl InForce {
    /// Whether the rule is in force on `day`.
    pub fn contains(&self, day: Date) -> bool {
        self.from.is_none_or(|f| day >= f) && self.until.is_none_or(|u| day < u)
    }
}

/// A rule parameter value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Param {
    /// An integer.
    Int(i64),
    /// A string (dates are strings `YYYY-MM-DD`).
    Str(&'static str),
    /// A boolean.
    Bool(bool),
    /// A list of strings.
    List(&'static [&'static str]),
}

/// One rule of the catalogue.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleDef {
    /// Stable id.
    pub id: &'static str,
    /// Source document.
    pub document: Document,
    /// Clause.
    pub clause: &'static str,
    /// One-line title.
    pub title: &'static str,
    /// Input kinds it applies to.
    pub applies_to: &'static [Kind],
    /// Evaluation order within a kind.
    pub order: u32,
    /// DUIS response code, where a source gives one.
    pub response_code: Option<&'static str>,
    /// Period in force.
    pub in_force: InForce,
    /// Where the facts come from.
    pub source: &'static str,
    /// True where a fact it needs is NOT FOUND and sec-rules assumes it.
    pub assumption: bool,
    /// Reported but never part of the verdict (the receiving party's checks after routing).
    pub advisory: bool,
    /// What is assumed, or other remarks.
    pub note: Option<&'static str>,
    /// Parameters.
    #[serde(serialize_with = "params_as_map")]
    pub params: &'static [(&'static str, Param)],
    /// The named dates ([`NamedDate`]) it rests on: its period's bounds and dates its logic
    /// uses. A rule resting on a date that is an assumption is flagged an assumption.
    pub dates: &'static [&'static str],
}

/// A date several rules share, named once in the catalogue (ECoS Go Live, the ETMAD's end),
/// with whether it rests on an assumption and why.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct NamedDate {
    /// Its name (`ecos_go_live`).
    pub name: &'static str,
    /// The date.
    pub date: Date,
    /// What it is.
    pub title: &'static str,
    /// Whether the sources give it only as a plan, a target or an inference.
    pub assumption: bool,
    /// What the sources say of it.
    pub note: &'static str,
    /// Where.
    pub source: &'static str,
}

/// Every named date.
pub fn dates() -> &'static [NamedDate] {
    generated::DATES
}

/// A named date.
pub fn named_date(name: &str) -> Option<&'static NamedDate> {
    dates().iter().find(|d| d.name == name)
}

fn params_as_map<S: serde::Serializer>(p: &&'static [(&'static str, Param)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(p.iter().map(|(k, v)| (*k, v)))
}

impl RuleDef {
    /// The typed id.
    pub fn rule_id(&self) -> RuleId {
        RuleId(self.id)
    }

    /// A parameter by name.
    pub fn param(&self, name: &str) -> Option<Param> {
        self.params.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }

    /// An integer parameter.
    pub fn int(&self, name: &str) -> Option<i64> {
        match self.param(name) {
            Some(Param::Int(i)) => Some(i),
            _ => None,
        }
    }

    /// A date parameter (stored as `YYYY-MM-DD`).
    pub fn date(&self, name: &str) -> Option<Date> {
        match self.param(name) {
            Some(Param::Str(s)) => Date::parse(s),
            _ => None,
        }
    }

    /// A list parameter.
    pub fn list(&self, name: &str) -> Option<&'static [&'static str]> {
        match self.param(name) {
            Some(Param::List(l)) => Some(l),
            _ => None,
        }
    }
}

/// A later change to the command variants an SRV allows.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CvChange {
    /// From this date on…
    pub from: Date,
    /// …only these command variants.
    pub cv: &'static [u8],
    /// Whether the date rests on an assumption (the source says which).
    pub assumption: bool,
    /// Source.
    pub source: &'static str,
}

/// One Service Reference Variant.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SrvDef {
    /// e.g. `6.23`.
    pub srv: &'static str,
    /// e.g. `6.23`.
    pub service_reference: &'static str,
    /// Service Request name.
    pub name: &'static str,
    /// Gives rise to a critical command.
    pub critical: bool,
    /// A non-device request.
    pub non_device: bool,
    /// Eligible user roles (IS, ES, GS, ED, GT, OU, RSA).
    pub eligible_roles: &'static [&'static str],
    /// Command variants allowed (the XSD's comment, unless `cv_source` says otherwise).
    pub cv: &'static [u8],
    /// Where the allowed command variants come from when not from the XSD's comment.
    pub cv_source: Option<&'static str>,
    /// A later restriction.
    pub cv_from: Option<CvChange>,
    /// The Body element the DUIS schema pairs with this SRV (by position in the Request
    /// Body's `xs:choice` and the `ServiceReferenceVariant` enumeration; derived by build.rs
    /// from `rules/duis-schema.txt`, sec-facts topic 8.1).
    pub body: &'static str,
}

impl SrvDef {
    /// The command variants allowed on `day`.
    pub fn allowed_cv(&self, day: Date) -> &'static [u8] {
        match self.cv_from {
            Some(c) if day >= c.from => c.cv,
            _ => self.cv,
        }
    }
}

/// A DUIS Response Code whose meaning a source gives (rules/response-codes.toml).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CodeDef {
    /// The code.
    pub code: &'static str,
    /// What it means (paraphrased).
    pub meaning: &'static str,
    /// Where the meaning comes from.
    pub source: &'static str,
    /// The rule that catches the cause in a request before it is sent.
    pub request_rule: Option<&'static str>,
}

/// The meaning of a response code, where a source gives one.
pub fn response_code(code: &str) -> Option<&'static CodeDef> {
    generated::RESPONSE_CODES.iter().find(|c| c.code == code)
}

mod generated {
    use super::{CodeDef, CvChange, Document, InForce, NamedDate, Param, RuleDef, SrvDef};
    use crate::model::{Date, Kind};
    include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
}

/// Bank holidays in England and Wales: (first year covered, last year covered, dates).
pub fn bank_holidays() -> (i32, i32, &'static [Date]) {
    generated::BANK_HOLIDAYS
}

/// Every rule, in catalogue file order.
pub fn rules() -> &'static [RuleDef] {
    generated::RULES
}

/// Every Service Reference Variant.
pub fn srvs() -> &'static [SrvDef] {
    generated::SRVS
}

/// A rule by id (indexed once; rules are looked up per row on hot paths).
pub fn rule(id: RuleId) -> Option<&'static RuleDef> {
    static INDEX: std::sync::OnceLock<crate::fnv::FnvMap<&'static str, &'static RuleDef>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| rules().iter().map(|r| (r.id, r)).collect()).get(id.as_str()).copied()
}

/// An SRV by name (indexed once: ADT files look one up per row).
pub fn srv(name: &str) -> Option<&'static SrvDef> {
    static INDEX: std::sync::OnceLock<crate::fnv::FnvMap<&'static str, &'static SrvDef>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| srvs().iter().map(|s| (s.srv, s)).collect()).get(name).copied()
}

/// The Body element Command Variants 5, 6 and 7 take: a Signed Pre-Command rather than a
/// Service Request (sec-facts topic 8.1; the last element of the Request Body's choice).
pub const SIGNED_PRE_COMMAND: &str = "SignedPreCommand";

/// The SRV whose Body element is `element` (each SRV has its own, sec-facts topic 8.1).
pub fn srv_by_body(element: &str) -> Option<&'static SrvDef> {
    static INDEX: std::sync::OnceLock<crate::fnv::FnvMap<&'static str, &'static SrvDef>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| srvs().iter().map(|s| (s.body, s)).collect()).get(element).copied()
}

/// How a spreadsheet writes a two-part SRV it has read as a number: trailing zeros of the
/// fractional part dropped ("4.10" → "4.1", "4.0" → "4"); `None` for other shapes.
fn as_spreadsheet_number(srv: &str) -> Option<String> {
    let (int, frac) = srv.split_once('.')?;
    if int.is_empty() || frac.contains('.') || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    Some(if frac.is_empty() { int.to_owned() } else { format!("{int}.{frac}") })
}

/// The SRV a spreadsheet would have shortened into `value`: a two-part SRV whose numeric
/// reading writes back shorter ("4.10" is the number 4.1, written "4.1"). Derived from the SRV
/// table, so a future X.Y0 SRV is covered without a code change.
pub fn srv_shortened_into(value: &str) -> Option<&'static str> {
    static SHORT: std::sync::OnceLock<crate::fnv::FnvMap<String, &'static str>> = std::sync::OnceLock::new();
    let table = SHORT.get_or_init(|| {
        srvs()
            .iter()
            .filter_map(|s| {
                let written = as_spreadsheet_number(s.srv)?;
                (written != s.srv).then_some((written, s.srv))
            })
            .collect()
    });
    table.get(value.trim()).copied()
}

/// The rules applying to `kind`, in evaluation order (worked out once per kind).
pub fn rules_for(kind: Kind) -> &'static [&'static RuleDef] {
    static BY_KIND: std::sync::OnceLock<[Vec<&'static RuleDef>; 4]> = std::sync::OnceLock::new();
    let all = BY_KIND.get_or_init(|| {
        [Kind::DuisRequest, Kind::DuisResponse, Kind::Adt, Kind::Inventory].map(|k| {
            let mut v: Vec<&'static RuleDef> = rules().iter().filter(|r| r.applies_to.contains(&k)).collect();
            v.sort_by_key(|r| r.order);
            v
        })
    });
    let i = match kind {
        Kind::DuisRequest => 0,
        Kind::DuisResponse => 1,
        Kind::Adt => 2,
        _ => 3,
    };
    all.get(i).map_or(&[], Vec::as_slice)
}

/// Ids of the rules that rest on an assumption (a NOT FOUND fact).
pub fn rule_ids_with_assumptions() -> Vec<&'static str> {
    rules().iter().filter(|r| r.assumption).map(|r| r.id).collect()
}

/// The whole catalogue, as `sec-check rules --format json` and the wasm `catalogue()` give it.
#[derive(Debug, Serialize)]
pub struct Catalogue {
    /// Rules in catalogue order.
    pub rules: &'static [RuleDef],
    /// The 129 Service Reference Variants.
    pub service_reference_variants: &'static [SrvDef],
    /// The dates rules share (additive).
    pub dates: &'static [NamedDate],
}

/// The catalogue as one serialisable value.
pub fn catalogue() -> Catalogue {
    Catalogue { rules: rules(), service_reference_variants: srvs(), dates: dates() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rule_id;

    #[test]
    fn every_rule_id_constant_is_in_the_catalogue_and_back() {
        for id in rule_id::ALL {
            assert!(rule(*id).is_some(), "{id} is not in rules/catalogue.toml");
        }
        for r in rules() {
            assert!(rule_id::ALL.iter().any(|id| id.as_str() == r.id), "{} has no RuleId constant", r.id);
        }
    }

    #[test]
    fn srv_table_has_the_129_variants_and_37_critical() {
        assert_eq!(srvs().len(), 129);
        assert_eq!(srvs().iter().filter(|s| s.critical).count(), 37);
        let s623 = srv("6.23").unwrap();
        assert!(!s623.critical);
        assert_eq!(s623.eligible_roles, &["IS", "GS"]);
        assert_eq!(s623.allowed_cv(Date::parse("2022-06-29").unwrap()), &[1, 2, 3]);
        assert_eq!(s623.allowed_cv(Date::parse("2022-06-30").unwrap()), &[1]);
    }

    #[test]
    fn service_references_are_strings_and_7_12_to_7_15_follow_criticality() {
        // "6.2" and "6.20" are different Service References, both in the DUIS schema
        assert_eq!(srv("6.20.1").unwrap().service_reference, "6.20");
        assert_eq!(srv("6.2.1").map(|s| s.service_reference), Some("6.2"));
        assert!(srv("6.20").is_none() && srv("6.200").is_none());
        for (s, cv) in [("7.12", &[4, 5, 6, 7][..]), ("7.13", &[4, 5, 6, 7]), ("7.14", &[1, 2, 3]), ("7.15", &[1, 2, 3])] {
            let d = srv(s).unwrap();
            assert_eq!(d.cv, cv, "{s}");
            assert!(d.cv_source.is_some_and(|x| x.contains("RTDS")), "{s}");
        }
        assert!(srv("6.23").unwrap().cv_from.is_some_and(|c| c.assumption));
    }

    #[test]
    fn every_srv_has_its_own_body_element_in_schema_order() {
        let bodies: Vec<&str> = srvs().iter().map(|s| s.body).collect();
        let unique: std::collections::HashSet<&&str> = bodies.iter().collect();
        assert_eq!(unique.len(), 129, "no two SRVs share a Body element");
        assert_eq!(srv("6.23").unwrap().body, "UpdateSecurityCredentialsCoS");
        assert_eq!(srv("1.6").unwrap().body, "UpdatePaymentMode");
        // names that do not follow the SRV's name (sec-facts topic 8.1)
        assert_eq!(srv("8.1.1").unwrap().body, "CommissionDeviceSynchroniseClock");
        assert_eq!(srv("6.11").unwrap().body, "SynchroniseClock");
        assert_eq!(srv_by_body("UpdateSecurityCredentialsCoS").map(|s| s.srv), Some("6.23"));
        assert!(srv_by_body(SIGNED_PRE_COMMAND).is_none());
        // the schema's own list, without SignedPreCommand, in SRV order
        let mut choice = crate::schema::sample::request_body_elements();
        assert_eq!(choice.pop(), Some(SIGNED_PRE_COMMAND));
        assert_eq!(choice, bodies);
    }

    #[test]
    fn the_srvs_a_spreadsheet_shortens_are_derived_from_the_table() {
        assert_eq!(srv_shortened_into("4.1"), Some("4.10"));
        assert_eq!(srv_shortened_into("6.3"), Some("6.30"));
        assert_eq!(srv_shortened_into("7.1"), Some("7.10"));
        assert_eq!(srv_shortened_into("6.23"), None);
        assert_eq!(srv_shortened_into("6.2"), None, "no SRV 6.20 exists (6.20.1 and 6.20.2 have three parts)");
    }

    #[test]
    fn in_force_bounds_are_inclusive_then_exclusive() {
        let r = rule(rule_id::ETMAD_BULK_PROVING_LIMIT).unwrap();
        assert!(!r.in_force.contains(Date::parse("2023-06-29").unwrap()));
        assert!(r.in_force.contains(Date::parse("2023-06-30").unwrap()));
        assert!(r.in_force.contains(Date::parse("2024-10-31").unwrap()));
        assert!(!r.in_force.contains(Date::parse("2024-11-01").unwrap()));
        assert_eq!(r.int("proving_limit"), Some(300));
    }

    #[test]
    fn e65_is_the_xmlsign_role_code() {
        assert_eq!(rule(rule_id::DUIS_SIGNER_XMLSIGN_ROLE).unwrap().response_code, Some("E65"));
    }
}
