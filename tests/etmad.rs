//! ETMAD eligibility of an inventory and the TMAD 2-Working-Day check: status, reason,
//! clause and Responsible Supplier per row, in input order. Natively and under wasm.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests")]

mod common;

use sec_rules::etmad::{self, models::Models};
use sec_rules::model::{DeviceEntry, DeviceStatus, NoteKind};
use sec_rules::{Date, Options, Outcome, Report, Verdict};

const HEADER: &str = "device_id,device_type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier";

fn models(json: &str) -> Models {
    etmad::read_models("models.json", json.as_bytes()).unwrap()
}

fn run(rows: &[&str], m: &Models, day: &str) -> Report {
    let text = format!("{HEADER}\n{}\n", rows.join("\n"));
    etmad::check("inv.csv", text.as_bytes(), Some(m), &Options { as_of: Date::parse(day).unwrap(), all: true, draft: false })
}

fn row(n: u32, ty: &str, status: &str, cos: &str, model: &str, fw: &str, extra: &str) -> String {
    format!("00-00-00-00-00-00-00-{n:02},{ty},2,{status},{cos},M,{model},1,{fw},{extra}")
}

fn statuses(r: &Report) -> Vec<(DeviceStatus, Option<&str>)> {
    r.devices.as_ref().unwrap().iter().map(|d: &DeviceEntry| (d.status, d.reason.map(|x| x.as_str()))).collect()
}

both! {
    fn scope_and_ineligibility_in_catalogue_order() {
        let m = models(r#"{ "non_migratable": [ { "manufacturer": "M", "model": "X", "hardware_version": "1", "firmware_version": "2" } ], "proven": [ { "manufacturer": "M", "model": "Y", "hardware_version": "1", "firmware_version": "4" } ] }"#);
        let r = run(
            &[
                &row(1, "ESME", "Commissioned", "TCoS", "X", "2", ",2020-01-01,,,,,"),
                &row(2, "ESME", "Installed Not Commissioned", "TCoS", "Y", "4", ",,,,,,"),
                &row(3, "ESME", "Decommissioned", "TCoS", "Y", "4", ",2020-01-01,,,,,"),
                &row(4, "ESME", "Commissioned", "ECoS", "Y", "4", ",2020-01-01,,,,,"),
                &row(5, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-01-01,2024-03-10,,,,"),
                &row(6, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-01-01,,2024-02-20,,,"),
                &row(7, "ESME", "Commissioned", "TCoS", "Y", "4", ",2024-02-28,,,,,"),
                &row(8, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-01-01,,,no response,,"),
                &row(9, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-01-01,2024-06-01,2023-01-01,,,"),
                &row(10, "ESME", "Commissioned", "TCoS", "X", "3", ",2020-01-01,,,,,"),
            ],
            &m,
            "2024-03-01",
        );
        assert_eq!(r.verdict, Verdict::Accepted);
        assert_eq!(
            statuses(&r),
            [
                (DeviceStatus::Ineligible, Some("etmad.ineligible.non-migratable")),
                (DeviceStatus::OutOfScope, Some("etmad.scope.commissioned")),
                (DeviceStatus::OutOfScope, Some("etmad.scope.decommissioned")),
                (DeviceStatus::OutOfScope, Some("etmad.scope.already-ecos")),
                (DeviceStatus::Ineligible, Some("etmad.ineligible.transient-cos")),
                (DeviceStatus::Ineligible, Some("etmad.ineligible.transient-cos")),
                (DeviceStatus::Ineligible, Some("etmad.ineligible.transient-commissioning")),
                (DeviceStatus::Ineligible, Some("etmad.ineligible.technical")),
                (DeviceStatus::Eligible, None),
                (DeviceStatus::Eligible, None),
            ]
        );
        let d = &r.devices.as_ref().unwrap()[0];
        assert_eq!((d.clause, d.line), (Some("ETMAD 1.4(a)"), 2));
    }

    fn the_proving_limit_holds_devices_beyond_300_in_input_order() {
        let m = models(r#"{ "migrated_counts": [ { "manufacturer": "M", "model": "Z", "hardware_version": "1", "firmware_version": "1", "count": 298 } ] }"#);
        let rows: Vec<String> = (1..=4).map(|n| row(n, "ESME", "Commissioned", "TCoS", "Z", "1", ",2020-01-01,,,,,")).collect();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let r = run(&refs, &m, "2024-03-01");
        assert_eq!(
            statuses(&r),
            [(DeviceStatus::Eligible, None), (DeviceStatus::Eligible, None), (DeviceStatus::Held, Some("etmad.bulk.proving-limit")), (DeviceStatus::Held, Some("etmad.bulk.proving-limit"))]
        );
        // a later firmware of the same model proven (ETMAD 6.2) lifts the limit; an earlier one does not
        let later = models(r#"{ "proven": [ { "manufacturer": "M", "model": "Z", "hardware_version": "1", "firmware_version": "1.5" } ], "migrated_counts": [ { "manufacturer": "M", "model": "Z", "hardware_version": "1", "firmware_version": "1", "count": 300 } ] }"#);
        assert!(statuses(&run(&refs, &later, "2024-03-01")).iter().all(|s| s.0 == DeviceStatus::Eligible));
        let earlier = models(r#"{ "proven": [ { "manufacturer": "M", "model": "Z", "hardware_version": "1", "firmware_version": "0.9" } ], "migrated_counts": [ { "manufacturer": "M", "model": "Z", "hardware_version": "1", "firmware_version": "1", "count": 300 } ] }"#);
        assert!(statuses(&run(&refs, &earlier, "2024-03-01")).iter().all(|s| s.0 == DeviceStatus::Held));
    }

    fn a_gas_proxy_function_takes_its_hubs_status_model_and_supplier() {
        let m = models(r#"{ "non_migratable": [ { "manufacturer": "M", "model": "HUB", "hardware_version": "1" } ] }"#);
        let r = run(
            &[
                // the GPF comes before its hub in the file: the hub index makes that work
                "00-00-00-00-00-00-00-01,GPF,2,Commissioned,TCoS,,,,,00-00-00-00-00-00-00-02,2020-01-01,,,,GASCO,ELECCO",
                "00-00-00-00-00-00-00-02,CHF,2,Commissioned,TCoS,M,HUB,1,7,,2020-01-01,,,,,",
                "00-00-00-00-00-00-00-03,GPF,2,Pending,TCoS,,,,,00-00-00-00-00-00-00-04,,,,,,ELECCO",
                "00-00-00-00-00-00-00-04,CHF,2,Commissioned,TCoS,M,OTHER,1,1,,2020-01-01,,,,,",
                "00-00-00-00-00-00-00-05,GPF,2,Commissioned,TCoS,,,,,00-00-00-00-00-00-00-06,,,,,,",
                "00-00-00-00-00-00-00-06,CHF,2,Installed Not Commissioned,TCoS,M,OTHER,1,1,,,,,,,",
            ],
            &m,
            "2024-03-01",
        );
        let d = r.devices.as_ref().unwrap();
        assert_eq!((d[0].status, d[0].reason.map(|x| x.as_str())), (DeviceStatus::Ineligible, Some("etmad.ineligible.non-migratable")), "GPF takes the hub's model");
        assert_eq!(d[0].gpf.as_ref().unwrap().responsible_supplier.as_deref(), Some("GASCO"));
        assert_eq!(d[2].status, DeviceStatus::Eligible, "a GPF is in scope when its hub is Commissioned, whatever its own status");
        assert_eq!(d[2].gpf.as_ref().unwrap().responsible_supplier.as_deref(), Some("ELECCO"));
        assert_eq!((d[4].status, d[4].reason.map(|x| x.as_str())), (DeviceStatus::OutOfScope, Some("etmad.scope.commissioned")));
        assert_eq!(d[4].gpf.as_ref().unwrap().responsible_supplier, None);
        assert!(d[1].gpf.is_none());
    }

    fn bad_rows_are_reported_with_line_and_column_and_the_file_goes_on() {
        let r = run(&[&row(1, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-02-30,,,,,"), &row(2, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-01-01,,,,,")], &Models::default(), "2024-03-01");
        assert_eq!(r.verdict, Verdict::Rejected);
        // not an ETMAD status: ETMAD 1.4 defines Ineligible by (a)-(c) only
        assert_eq!(statuses(&r), [(DeviceStatus::Unreadable, Some("etmad.inventory.row-format")), (DeviceStatus::Eligible, None)]);
        let f = r.findings.iter().find(|f| f.outcome == Outcome::Fail).unwrap();
        let loc = f.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (Some(2), Some(11)));
    }

    fn tmad_halts_a_dormant_smets1_meters_migration_on_a_change_of_supplier_within_2_working_days() {
        let header = format!("{HEADER},planned_migration_date,critical_supplier_certificate_id,dormant");
        // migration Thursday 28 March 2024, checked 24 hours before (Wednesday 27 March); Good
        // Friday and Easter Monday are not Working Days, so Tuesday 2 April is the 2nd after it
        let s1 = |n: u32, ty: &str, pending: &str, last: &str, cert: &str, dormant: &str| {
            format!("00-00-00-00-00-00-00-{n:02},{ty},1,Commissioned,TCoS,M,Y,1,4,,2020-01-01,{pending},{last},,,,2024-03-28,{cert},{dormant}")
        };
        let text = [
            header.clone(),
            s1(1, "ESME", "2024-03-28", "", "ABCDEF", "true"),
            s1(2, "GSME", "2024-04-02", "", "ABCDEF", "true"),
            s1(3, "ESME", "2024-04-03", "", "ABCDEF", "true"),
            s1(4, "ESME", "2024-04-02", "", "NULL", "true"),
            s1(5, "ESME", "", "2024-03-27", "ABCDEF", "true"),
            s1(6, "CHF", "2024-03-28", "", "ABCDEF", "true"),
            format!("{},2024-03-28,ABCDEF,true", row(7, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-01-01,2024-03-28,,,,")),
            // not dormant: the check does not apply; no dormant value: not judged by it
            s1(8, "ESME", "2024-03-28", "", "ABCDEF", "false"),
            s1(9, "ESME", "2024-03-28", "", "ABCDEF", ""),
            // planned before the Supply Start Date (last_cos_date)
            s1(10, "GSME", "", "2024-03-29", "ABCDEF", "true"),
        ]
        .join("\n");
        let m = Models::default();
        let r = etmad::check("inv.csv", text.as_bytes(), Some(&m), &Options { as_of: Date::parse("2024-02-01").unwrap(), all: true, draft: false });
        let tmad = Some("tmad.dormancy.cos-within-2-working-days");
        assert_eq!(
            statuses(&r),
            [
                (DeviceStatus::MigrationHalted, tmad),
                (DeviceStatus::MigrationHalted, tmad),
                (DeviceStatus::Eligible, None), // the 3rd Working Day
                (DeviceStatus::Eligible, None), // the Null Certificate ID
                (DeviceStatus::Eligible, None), // a change in the past: the check looks forward
                (DeviceStatus::Eligible, None), // not an ESME or GSME
                (DeviceStatus::Eligible, None), // SMETS2
                (DeviceStatus::Eligible, None), // not dormant
                (DeviceStatus::Eligible, None), // dormancy not given: never judged by TMAD
                (DeviceStatus::Eligible, None), // flagged below, not halted
            ]
        );
        // a TMAD halt is never ETMAD Ineligibility, and the summaries count it apart
        let summary = r.summary.as_ref().unwrap();
        assert_eq!(summary["tmad_migration_halted"], 2);
        assert_eq!(summary["ecosmig_007_totals"]["ineligible"], 0);
        let found: Vec<_> = r.findings.iter().filter(|f| f.rule.as_str() == "tmad.dormancy.cos-within-2-working-days").map(|f| (f.outcome, f.message.clone(), f.location.as_ref().and_then(|l| l.line))).collect();
        assert!(found.iter().any(|(o, m, _)| *o == Outcome::NotEvaluated && m.starts_with("not evaluated for 1 SMETS1 ESME/GSME row with") && m.contains("add a column dormant")), "{found:?}");
        assert!(found.iter().any(|(o, m, l)| *o == Outcome::Fail && m.contains("planned migration date 2024-03-28 is before its Supply Start Date 2024-03-29") && *l == Some(11)), "{found:?}");
        assert_eq!(r.verdict, Verdict::Rejected, "a flagged row flags the file");
        // TMAD is in force from 18 May 2020 (S004: 'from 18 May', the year inferred)
        let rule = sec_rules::catalogue::rules().iter().find(|x| x.id == "tmad.dormancy.cos-within-2-working-days").unwrap();
        assert_eq!(rule.in_force.from, Date::parse("2020-05-18"));
        assert!(rule.assumption);
    }

    fn without_a_models_file_no_device_is_called_eligible() {
        let text = format!("{HEADER}\n{}\n{}\n", row(1, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-01-01,,,,,"), row(2, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-01-01,,,no response,,"));
        let r = etmad::check("inv.csv", text.as_bytes(), None, &Options { as_of: Date::parse("2024-03-01").unwrap(), all: true, draft: false });
        assert_eq!(r.verdict, Verdict::Incomplete);
        // a technical issue makes a device ineligible whatever its model; the other is not assessed
        assert_eq!(statuses(&r), [(DeviceStatus::NotAssessed, Some("etmad.ineligible.non-migratable")), (DeviceStatus::Ineligible, Some("etmad.ineligible.technical"))]);
        for rule in ["etmad.ineligible.non-migratable", "etmad.bulk.proving-limit", "etmad.migration.suspended"] {
            let f = r.findings.iter().find(|f| f.rule.as_str() == rule).unwrap();
            assert_eq!(f.outcome, Outcome::NotEvaluated, "{rule}");
            assert!(f.message.contains("models file"), "{}", f.message);
        }
        assert!(r.notes.iter().any(|n| n.kind == NoteKind::MissingInput));
    }

    fn a_suspended_model_is_neither_eligible_nor_ineligible() {
        let m = models(r#"{ "suspended": [ { "manufacturer": "M", "model": "S", "hardware_version": "1" } ] }"#);
        let r = run(&[&row(1, "ESME", "Commissioned", "TCoS", "S", "9", ",2020-01-01,,,,,"), &row(2, "ESME", "Commissioned", "TCoS", "S", "9", ",2020-01-01,,,broken,,")], &m, "2024-03-01");
        assert_eq!(statuses(&r), [(DeviceStatus::Suspended, Some("etmad.migration.suspended")), (DeviceStatus::Ineligible, Some("etmad.ineligible.technical"))]);
        assert_eq!(r.devices.as_ref().unwrap()[0].clause, Some("ETMAD 6.1(d)"));
    }

    fn after_19_july_2024_the_report_says_migrations_ceased() {
        let m = Models::default();
        let r = run(&[&row(1, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-01-01,,,,,")], &m, "2024-08-01");
        let f = r.findings.iter().find(|f| f.rule.as_str() == "etmad.migration.ceased").unwrap();
        assert_eq!((f.outcome, f.advisory), (Outcome::Fail, true));
        assert!(f.message.contains("2024-07-19"), "{}", f.message);
        assert!(r.notes.iter().any(|n| n.kind == NoteKind::MigrationsCeased));
        assert_eq!(r.verdict, Verdict::Accepted, "advisory: the ETMAD still classes devices");
        let before = run(&[&row(1, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-01-01,,,,,")], &m, "2024-07-18");
        assert_eq!(before.findings.iter().find(|f| f.rule.as_str() == "etmad.migration.ceased").unwrap().outcome, Outcome::Skipped);
    }

    fn summaries_shaped_like_the_emrr_reports() {
        let m = models(r#"{ "non_migratable": [ { "manufacturer": "M", "model": "X", "hardware_version": "1", "firmware_version": "2" } ] }"#);
        let r = run(&[&row(1, "ESME", "Commissioned", "TCoS", "X", "2", ",2020-01-01,,,,,"), &row(2, "ESME", "Commissioned", "TCoS", "X", "2", ",2020-01-01,,,,,"), &row(3, "ESME", "Commissioned", "ECoS", "Y", "2", ",2020-01-01,,,,,")], &m, "2024-03-01");
        let s = r.summary.as_ref().unwrap();
        assert_eq!(s["ecosmig_004_non_migratable_models"][0]["count"], 2);
        assert_eq!(s["ecosmig_007_totals"]["already_ecos"], 1);
        assert_eq!(s["by_status"]["ineligible"], 2);
        let csv = etmad::summary_csv(&r);
        assert!(csv.contains("ECOSMIG-004,M,X,1,2,2"), "{csv}");
    }

    fn outside_the_etmads_period_no_device_is_classed_and_the_report_says_why() {
        let r = run(&[&row(1, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-01-01,,,,,")], &Models::default(), "2026-01-01");
        assert!(r.findings.iter().filter(|f| f.rule.as_str().starts_with("etmad.") && f.rule.as_str() != "etmad.inventory.row-format").all(|f| f.outcome == Outcome::Skipped));
        assert_eq!(statuses(&r), [(DeviceStatus::NotAssessed, None)]);
        assert_eq!(r.verdict, Verdict::Incomplete, "nothing was decided: never accepted");
        let note = r.notes.iter().find(|n| n.kind == NoteKind::OutOfForce).unwrap();
        assert!(note.message.contains("2023-06-30") && note.message.contains("2024-11-01"), "{}", note.message);
        assert_eq!(note.suggested_as_of, Date::parse("2024-07-18"));
        let early = run(&[&row(1, "ESME", "Commissioned", "TCoS", "Y", "4", ",2020-01-01,,,,,")], &Models::default(), "2023-01-01");
        assert_eq!(early.notes.iter().find(|n| n.kind == NoteKind::OutOfForce).unwrap().suggested_as_of, Date::parse("2023-06-30"));
    }
}
