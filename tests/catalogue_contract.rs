//! The catalogue holds every contract §3 rule id with a clause; when ../shared is present the
//! ids are also read from contract.md itself (skipped cleanly when absent).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests and benches assert by panicking")]

use sec_rules::catalogue;

const CONTRACT_IDS: &[&str] = &[
    "duis.xml.well-formed",
    "duis.schema.header",
    "duis.schema.body",
    "duis.request-id.format",
    "duis.command-variant.allowed",
    "duis.signature.present",
    "duis.signature.profile",
    "duis.signature.digest",
    "duis.signature.value",
    "duis.signer.known",
    "duis.signer.valid",
    "duis.signer.xmlsign-role",
    "duis.signer.user-id",
    "srpd.certs.oca-included",
    "srpd.certs.oca-used",
    "srpd.623.mpid-in-cert",
    "srpd.623.mpxn-matches-smi",
    "srpd.623.replacement-count",
    "srpd.623.replacement-role",
    "srpd.623.key-usage-fits-cell",
    "srpd.623.prepayment-floor-seq",
    "srpd.623.route",
    "tadp.adt.format",
    "tadp.adt.sequence-replay",
    "tadp.adt.duplicate-entry",
    "tadp.adt.unknown-srv",
    "tadp.adt.default-critical",
    "tadp.adt.default-623",
    "etmad.scope.commissioned",
    "etmad.scope.decommissioned",
    "etmad.scope.already-ecos",
    "etmad.ineligible.non-migratable",
    "etmad.ineligible.transient-cos",
    "etmad.ineligible.transient-commissioning",
    "etmad.ineligible.technical",
    "etmad.bulk.proving-limit",
    "etmad.gpf.model",
    "etmad.gpf.responsible-supplier",
    "tmad.dormancy.cos-within-2-working-days",
];

#[test]
fn every_contract_rule_id_is_catalogued_with_a_clause() {
    for id in CONTRACT_IDS {
        let r = catalogue::rules().iter().find(|r| r.id == *id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(!r.clause.is_empty() && !r.title.is_empty() && !r.source.is_empty(), "{id}");
    }
}

#[test]
fn contract_md_ids_when_shared_is_present() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/contract.md");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} not present");
        return;
    };
    // §8 lists corrections: ids it withdraws must be gone from the catalogue
    let (ids_part, corrections) = text.split_once("## 8. Corrections").unwrap_or((&text, ""));
    for line in corrections.lines().filter(|l| l.contains("withdrawn")) {
        for chunk in line.split('`').skip(1).step_by(2) {
            if chunk.starts_with("srpd.") || chunk.starts_with("duis.") {
                assert!(!catalogue::rules().iter().any(|r| r.id == chunk), "withdrawn id {chunk} is still in the catalogue");
            }
        }
    }
    let mut n = 0;
    for chunk in ids_part.split('`').skip(1).step_by(2) {
        if ["duis.", "srpd.", "tadp.", "etmad.", "tmad."].iter().any(|p| chunk.starts_with(p)) && !chunk.contains(' ') {
            n += 1;
            assert!(catalogue::rules().iter().any(|r| r.id == chunk), "contract id {chunk} not in catalogue");
        }
    }
    assert!(n >= 39, "found only {n} ids in contract.md");
}

#[test]
fn evaluation_order_is_envelope_signature_signer_certs_623_route() {
    let order: Vec<&str> = catalogue::rules_for(sec_rules::Kind::DuisRequest).iter().filter(|r| !r.advisory).map(|r| r.id).collect();
    let pos = |id: &str| order.iter().position(|x| *x == id).unwrap();
    assert!(pos("duis.xml.well-formed") < pos("duis.schema.header"));
    assert!(pos("duis.signature.value") < pos("duis.signer.known"));
    // S003 §3.3's listing: xmlSign, then 6.23 checks i-vii, then the two OCA checks
    let s003 = [
        "duis.signer.xmlsign-role",
        "duis.signer.user-id",
        "srpd.623.mpid-in-cert",
        "srpd.623.mpxn-matches-smi",
        "srpd.623.replacement-count",
        "srpd.623.replacement-role",
        "srpd.623.key-usage-fits-cell",
        "srpd.623.prepayment-floor-seq",
        "srpd.certs.oca-included",
        "srpd.certs.oca-used",
        "srpd.623.route",
    ];
    assert!(s003.windows(2).all(|w| pos(w[0]) < pos(w[1])), "{order:?}");
    assert_eq!(order.last(), Some(&"srpd.623.route"));
    assert!(!order.contains(&"srpd.623.replacement-user-id"));
    // the receiving party's checks come after the route and are advisory
    let all = catalogue::rules_for(sec_rules::Kind::DuisRequest);
    let route_at = all.iter().position(|r| r.id == "srpd.623.route").unwrap();
    assert!(all[route_at + 1..].iter().all(|r| r.advisory && r.id.starts_with("srpd.")));
    assert_eq!(all[route_at + 1..].len(), 8);
}

#[test]
fn assumptions_are_visible_with_notes() {
    let count = catalogue::rule_ids_with_assumptions();
    assert!(count.contains(&"srpd.623.replacement-count"));
    assert!(count.contains(&"etmad.ineligible.transient-cos"));
}

/// Issue 24: a date several rules share is said once and referenced; every rule that rests on
/// an assumed date is flagged, and `sec-check rules` shows why with it.
#[test]
fn shared_dates_are_named_once_and_flag_the_rules_that_rest_on_them() {
    let go_live = sec_rules::catalogue::named_date("ecos_go_live").unwrap();
    assert_eq!(go_live.date, sec_rules::Date::parse("2023-06-30").unwrap());
    assert!(go_live.assumption && go_live.note.contains("is due to take place"));
    let end = sec_rules::catalogue::named_date("etmad_end").unwrap();
    assert!(end.note.contains("or any such later date"));
    for r in sec_rules::catalogue::rules() {
        if r.in_force.from == Some(go_live.date) || r.in_force.until == Some(end.date) {
            assert!(!r.dates.is_empty(), "{} writes a shared date instead of naming it", r.id);
        }
        if r.dates.iter().any(|d| sec_rules::catalogue::named_date(d).is_some_and(|d| d.assumption)) {
            assert!(r.assumption, "{} rests on an assumed date but is not flagged", r.id);
        }
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sec-check")).args(["rules", "srpd.623.mpxn-matches-smi"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(ASSUMPTION)") && text.contains("rests on ECoS Go Live (ecos_go_live, 2023-06-30), an assumption"), "{text}");
    let json = std::process::Command::new(env!("CARGO_BIN_EXE_sec-check")).args(["rules", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["dates"].as_array().unwrap().len(), sec_rules::catalogue::dates().len());
}
