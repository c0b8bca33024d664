//! TADP: ADT file checks with line numbers, whole-file rejection, effective thresholds with
//! their defaults, the never-submitted User, and the CoS Party's anomaly detection.
//! Runs natively and under wasm-bindgen-test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests")]

mod common;

use sec_rules::model::ThresholdSource;
use sec_rules::tadp::{self, AdtInputs, SequenceState};
use sec_rules::{catalogue, Date, Options, Outcome, Report, Verdict};

const HEADER: &str = "UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold";
const ME: &str = "90-B3-D5-1F-30-01-00-00";

fn opts() -> Options {
    Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft: false }
}

fn file(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s
}

fn check_with(text: &str, inputs: &AdtInputs) -> Report {
    tadp::check("adt.csv", text.as_bytes(), &opts(), inputs).report
}

fn check(text: &str) -> Report {
    check_with(text, &AdtInputs::default())
}

fn fails(r: &Report) -> Vec<(&str, Option<u32>)> {
    r.findings.iter().filter(|f| f.outcome == Outcome::Fail).map(|f| (f.rule.as_str(), f.location.as_ref().and_then(|l| l.line))).collect()
}

both! {
    fn a_valid_file_is_accepted_with_its_entries_and_the_defaults() {
        let r = check(&file(&[&format!("{ME},7,6.23,1440,100,80"), &format!("{ME},7,1.1.1,60,10,5")]));
        assert_eq!(r.verdict, Verdict::Accepted, "{:?}", fails(&r));
        let t = r.thresholds.as_ref().unwrap();
        let from_file: Vec<_> = t.iter().filter(|x| x.source == ThresholdSource::File).collect();
        assert_eq!(from_file.len(), 2);
        // 1.1.1 has an entry (60 minutes), so it gets no default; the other 36 critical SRVs do
        let defaults: Vec<_> = t.iter().filter(|x| x.source == ThresholdSource::Default).collect();
        assert_eq!(defaults.len(), 36);
        assert!(defaults.iter().all(|d| d.period_minutes == 1440 && d.adt == 0 && d.warning == 0));
        assert!(!defaults.iter().any(|d| d.srv == "1.1.1" || d.srv == "6.23"));
        // a non-critical SRV without an entry gets nothing
        assert!(!t.iter().any(|x| x.srv == "4.1.1"));
    }

    fn the_623_default_is_added_when_it_has_no_1440_minute_entry() {
        let r = check(&file(&[&format!("{ME},7,6.23,60,5,4")]));
        let t = r.thresholds.unwrap();
        assert!(t.iter().any(|x| x.srv == "6.23" && x.period_minutes == 60 && x.source == ThresholdSource::File));
        assert!(t.iter().any(|x| x.srv == "6.23" && x.period_minutes == 1440 && x.adt == 0 && x.source == ThresholdSource::Default));
        assert_eq!(t.iter().filter(|x| x.source == ThresholdSource::Default).count(), 38);
    }

    fn bom_crlf_quotes_case_insensitive_headers_and_a_blank_trailing_line() {
        let text = format!("\u{feff}userid,SEQUENCENUMBER,servicereferencevariant,timeperiodapplicable,anomalydetectionthreshold,warningthreshold\r\n\"{ME}\",\"3\",\"6.23\",1440,1,1\r\n\r\n");
        let r = check(&text);
        assert_eq!(r.verdict, Verdict::Accepted, "{:?}", fails(&r));
    }

    fn columns_in_another_order_and_a_column_mapping() {
        let text = format!("WarningThreshold,User Id,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold\n2,{ME},3,6.23,1440,5\n");
        assert_eq!(fails(&check(&text)), [("tadp.adt.format", Some(1))]);
        let mut inputs = AdtInputs::default();
        inputs.columns.insert("UserID".into(), "user id".into());
        let r = check_with(&text, &inputs);
        assert_eq!(r.verdict, Verdict::Accepted, "{:?}", fails(&r));
        let t = r.thresholds.unwrap();
        assert!(t.iter().any(|x| x.srv == "6.23" && x.adt == 5 && x.warning == 2));
    }

    fn format_faults_name_the_line_and_reject_the_whole_file() {
        let r = check(&file(&[&format!("{ME},7,6.23,1440,100,80"), &format!("{ME},7,1.1.1,sixty,10,5"), &format!("{ME},7,1.1.2,60,-1,5")]));
        assert_eq!(r.verdict, Verdict::Rejected);
        assert_eq!(fails(&r), [("tadp.adt.format", Some(3)), ("tadp.adt.format", Some(4))]);
        let f = r.findings.iter().find(|f| f.outcome == Outcome::Fail).unwrap();
        assert_eq!(f.message, "TimePeriodApplicable \"sixty\" is not a non-negative integer");
        assert_eq!(f.location.as_ref().unwrap().column, Some(4));
        assert_eq!(r.thresholds.unwrap().len(), 0, "a rejected file changes nothing");
    }

    fn line_numbers_are_right_with_crlf_endings() {
        let text = file(&[&format!("{ME},7,6.23,1440,100,80"), &format!("{ME},7,1.1.1,sixty,10,5")]).replace('\n', "\r\n");
        assert_eq!(fails(&check(&text)), [("tadp.adt.format", Some(3))]);
    }

    fn one_user_id_and_one_sequence_number_per_file() {
        let r = check(&file(&[&format!("{ME},7,6.23,1440,1,1"), "90-B3-D5-1F-30-03-00-00,7,1.1.1,60,1,1", &format!("{ME},8,1.1.2,60,1,1")]));
        assert_eq!(fails(&r), [("tadp.adt.format", Some(3)), ("tadp.adt.format", Some(4))]);
    }

    fn an_unknown_srv_is_refused() {
        let r = check(&file(&[&format!("{ME},7,6.99,1440,1,1")]));
        assert_eq!(r.first_failure.map(|f| f.as_str()), Some("tadp.adt.unknown-srv"));
        assert_eq!(fails(&r), [("tadp.adt.unknown-srv", Some(2))]);
    }

    fn a_replayed_sequence_number_is_refused_and_a_greater_one_accepted() {
        let mut inputs = AdtInputs { state: SequenceState::from([(ME.to_owned(), 7)]), ..AdtInputs::default() };
        let r = check_with(&file(&[&format!("{ME},7,6.23,1440,1,1")]), &inputs);
        assert_eq!(r.first_failure.map(|f| f.as_str()), Some("tadp.adt.sequence-replay"));
        let out = tadp::check("adt.csv", file(&[&format!("{ME},8,6.23,1440,1,1")]).as_bytes(), &opts(), &inputs);
        assert_eq!(out.report.verdict, Verdict::Accepted);
        assert_eq!(out.accepted, Some((ME.to_owned(), 8)));
        // the state key may be written without dashes
        inputs.state = SequenceState::from([("90B3D51F30010000".to_owned(), 9)]);
        assert_eq!(check_with(&file(&[&format!("{ME},8,6.23,1440,1,1")]), &inputs).verdict, Verdict::Rejected);
    }

    fn duplicate_srv_and_period_entries_are_refused() {
        let r = check(&file(&[&format!("{ME},7,6.23,1440,1,1"), &format!("{ME},7,6.23,60,1,1"), &format!("{ME},7,6.23,1440,2,2")]));
        assert_eq!(fails(&r), [("tadp.adt.duplicate-entry", Some(4))]);
        assert!(r.findings.iter().any(|f| f.message == "SRV 6.23 with TimePeriodApplicable 1440 already appears on line 2"));
    }

    fn a_header_only_file_and_a_ragged_row_are_format_faults() {
        assert_eq!(fails(&check(&format!("{HEADER}\n"))), [("tadp.adt.format", Some(1))]);
        assert_eq!(fails(&check(&file(&[&format!("{ME},7,6.23,1440,1")]))), [("tadp.adt.format", Some(2))]);
    }

    fn a_user_that_never_sent_a_file_gets_zeros_for_every_critical_srv() {
        let r = tadp::never_submitted(ME, &opts());
        let t = r.thresholds.unwrap();
        let critical = catalogue::srvs().iter().filter(|s| s.critical).count();
        assert_eq!(t.len(), critical);
        assert!(!t.iter().any(|x| x.srv == "6.23"), "6.23 is not critical: its entry is made only while loading a file");
        assert!(t.iter().all(|x| x.adt == 0 && x.warning == 0 && x.period_minutes == 1440 && x.source == ThresholdSource::Default));
        assert_eq!(r.findings.iter().find(|f| f.rule.as_str() == "tadp.adt.default-623").unwrap().outcome, Outcome::Skipped);
    }

    fn a_spreadsheet_shortened_srv_is_named_as_such_with_its_line() {
        // a BOM/CRLF export with quoted fields holding 6.23, 7.1 and 6.3 (6.30 shortened)
        let text = format!("\u{feff}{HEADER}\r\n\"{ME}\",7,6.23,1440,100,80\r\n\"{ME}\",7,7.1,60,10,5\r\n\"{ME}\",7,6.3,60,1,1\r\n");
        let r = check(&text);
        assert_eq!(r.verdict, Verdict::Rejected);
        let f = r.findings.iter().find(|f| f.rule.as_str() == "tadp.adt.unknown-srv" && f.outcome == Outcome::Fail).unwrap();
        assert_eq!(f.message, "ServiceReferenceVariant 6.3 is not an SRV; a spreadsheet turns 6.30 into 6.3 — keep the column as text when exporting");
        assert_eq!(f.location.as_ref().unwrap().line, Some(4));
        // without 6.3 the file is accepted, and 7.1 is flagged (advisory) as maybe 7.10
        let text = format!("\u{feff}{HEADER}\r\n\"{ME}\",7,6.23,1440,100,80\r\n\"{ME}\",7,7.1,60,10,5\r\n");
        let r = check(&text);
        assert_eq!(r.verdict, Verdict::Accepted);
        let w = r.findings.iter().find(|f| f.rule.as_str() == "tadp.adt.spreadsheet-srv").unwrap();
        assert_eq!((w.outcome, w.advisory), (Outcome::Fail, true));
        assert!(w.message.starts_with("SRV 7.1 on line 3 may be 7.10"), "{}", w.message);
        assert!(w.message.contains("byte-order mark"), "{}", w.message);
        // the same 7.1 in a plain LF file with no other sign is not flagged
        let r = check(&file(&[&format!("{ME},7,7.1,60,10,5")]));
        assert_eq!(r.findings.iter().find(|f| f.rule.as_str() == "tadp.adt.spreadsheet-srv").unwrap().outcome, Outcome::Pass);
    }

    fn numbers_a_spreadsheet_wrote_get_a_clear_message() {
        let r = check(&file(&[&format!("{ME},1.23E+05,6.23,1440,100,80"), &format!("{ME},123000,1.1.1,60,\"1,000\",5"), &format!("{ME},123000,1.1.2,60,10.0,5")]));
        assert_eq!(r.verdict, Verdict::Rejected);
        let msgs: Vec<&str> = r.findings.iter().filter(|f| f.rule.as_str() == "tadp.adt.format" && f.outcome == Outcome::Fail).map(|f| f.message.as_str()).collect();
        assert!(msgs.iter().any(|m| m.starts_with("SequenceNumber \"1.23E+05\" is not a non-negative integer: it is in scientific notation")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("\"1,000\" is not a non-negative integer: it is written with thousands separators")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("\"10.0\" is not a non-negative integer: it is written with a decimal point")), "{msgs:?}");
    }

    fn the_cos_party_applies_the_users_1440_minute_623_threshold() {
        let text = file(&[&format!("{ME},7,6.23,1440,100,80"), &format!("{ME},7,6.23,60,5,4")]);
        let at = |n| {
            let r = check_with(&text, &AdtInputs { cos_count: Some(n), ..AdtInputs::default() });
            let f = r.findings.iter().find(|f| f.rule.as_str() == "srpd.cos-party.anomaly-detection").unwrap().clone();
            (r.verdict, f.outcome, f.message)
        };
        let (v, o, m) = at(101);
        assert_eq!((v, o), (Verdict::Accepted, Outcome::Fail), "advisory: the file is still accepted");
        assert!(m.contains("would cease processing"), "{m}");
        assert_eq!(at(90).1, Outcome::Pass);
        assert!(at(90).2.contains("above the Warning Threshold of 80"));
        // without a count it says which threshold applies
        let r = check(&text);
        let f = r.findings.iter().find(|f| f.rule.as_str() == "srpd.cos-party.anomaly-detection").unwrap();
        assert!(f.message.contains("ADT 100 / Warning 80"), "{}", f.message);
        assert_eq!(r.verdict, Verdict::Accepted, "an advisory not-evaluated does not make the file incomplete");
    }

    fn before_ecos_the_new_file_checks_are_not_in_force() {
        let o = Options { as_of: Date::parse("2023-01-01").unwrap(), all: true, draft: false };
        let r = tadp::check("adt.csv", file(&[&format!("{ME},7,6.99,1440,1,1")]).as_bytes(), &o, &AdtInputs::default()).report;
        assert!(r.findings.iter().all(|f| f.outcome == Outcome::Skipped));
    }
}

// Issue 24: S003 §3.2's "the DCC would not 'default' to retaining any previously set values"
// has a rule of its own, so a user sees it.
both! {
    fn an_srv_left_out_of_the_latest_file_keeps_no_earlier_threshold_and_a_rule_says_so() {
        let r = check(&file(&[&format!("{ME},7,6.23,1440,100,80"), &format!("{ME},7,4.1.1,60,10,5")]));
        assert_eq!(r.verdict, Verdict::Accepted);
        let f = r.findings.iter().find(|f| f.rule.as_str() == "tadp.adt.no-retained-values").unwrap();
        assert_eq!(f.outcome, Outcome::Pass);
        let critical = catalogue::srvs().iter().filter(|s| s.critical).count();
        // 129 SRVs less the critical ones (defaults), less 6.23 and 4.1.1 (the file's)
        let without = catalogue::srvs().len() - critical - 2;
        assert!(f.message.starts_with(&format!("{without} of the 129 SRVs have no threshold")), "{}", f.message);
        assert!(f.message.contains("does not retain what an earlier file set"));
        assert!(r.thresholds.as_ref().unwrap().iter().all(|t| t.srv != "4.1.2"), "an SRV with no entry gets nothing");
    }
}
