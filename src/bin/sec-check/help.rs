//! The help texts: made from each subcommand's option declarations, with what goes in, two or
//! three examples and the exit codes.

use crate::args::{Opt, OUTPUT};

/// Subcommands, for `help` and suggestions.
pub const COMMANDS: [&str; 6] = ["duis", "adt", "eligibility", "check", "rules", "help"];

pub const EXIT_CODES: &str = "Exit status:
  0    every file accepted
  1    at least one file rejected or incomplete (with --fail-on rejected: rejected only;
       with --detailed-exit-codes: rejected only, and 3 for incomplete)
  3    with --detailed-exit-codes: none rejected, at least one incomplete (a check could not
       run for lack of input, e.g. no --trust)
  2    a usage error, or a file or output that could not be read or written (each file that
       cannot be read gets an error record and the others are still checked)
  141  the output pipe closed (as a process stopped by SIGPIPE); the run stops quietly";

pub const OVERVIEW: &str = "sec-check: checks GB smart-metering files against the Smart Energy Code before they go
to the DCC, with the same rules as the sec-rules page.

Usage:
  sec-check duis [OPTIONS] FILE...          DUIS Service Requests (XML, XML-DSig signed)
  sec-check adt [OPTIONS] FILE...           Anomaly Detection Threshold files (TADP)
  sec-check eligibility --models FILE INVENTORY.csv
                                            ECoS Migration eligibility (ETMAD)
  sec-check check [OPTIONS] FILE...         any mix, told apart by content (as the page does)
  sec-check rules [ID...]                   the rule catalogue, or the rules named
  sec-check help SUBCOMMAND                 help on a subcommand (or SUBCOMMAND --help)

FILE may be a folder (walked, in name order) or - (standard input).
Reports follow the interface contract (§2); --format json gives JSON Lines.";

/// `text` in lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last().map_or(0, |l| l.chars().count());
        if last > 0 && last + 1 + word.chars().count() > width {
            lines.push(String::new());
        }
        if let Some(l) = lines.last_mut() {
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(word);
        }
    }
    lines
}

fn options(specs: &[&[Opt]]) -> String {
    let mut s = String::from("Options:\n");
    for o in specs.iter().flat_map(|x| x.iter()) {
        let short = o.short.map(|c| format!("-{c}, ")).unwrap_or_else(|| "    ".into());
        let head = format!("  {short}{}{}", o.name, o.value.map(|v| format!(" {v}")).unwrap_or_default());
        let body = wrap(o.help, 70);
        let mut lines = body.iter();
        if head.len() < 30 {
            s.push_str(&format!("{head:<30}{}\n", lines.next().map_or("", String::as_str)));
        } else {
            s.push_str(&format!("{head}\n"));
        }
        for l in lines {
            s.push_str(&format!("{:<30}{l}\n", ""));
        }
    }
    s
}

/// The help of a subcommand.
pub fn of(command: &str) -> Option<String> {
    let (usage, about, specs, inputs, examples): (&str, &str, Vec<&[Opt]>, &str, &str) = match command {
        "duis" => (
            "sec-check duis [OPTIONS] FILE...",
            "Checks DUIS Service Requests (and DCC responses) against the DUIS schema 5.4, XML-DSig and the\nSRPD checks, in the order S003 lists them, and says where a 6.23 would be routed (CoS Party or TCoS Party).",
            vec![crate::duis::OPTS, OUTPUT],
            "Inputs:\n  FILE       a DUIS document (XML, UTF-8), at most 4 MiB\n  --trust    PEM or DER certificates: the SMKI Root and OCA (anchors) and the signers' certificates\n  --context  JSON (contract §4): { \"users\": [...], \"devices\": [...], \"registration\": [...] }\n             (users[].roles: the SEC User Roles each User holds)\n  --user     ID=ROLES: the sender's SEC User Roles, for the access checks (E1, E2)",
            "Examples:\n  sec-check duis --trust smki/ --context context.json requests/\n  sec-check duis --trust smki/ --user 90-B3-D5-1F-30-01-00-00=IS,GS requests/\n  sec-check duis --format sarif --output sec-rules.sarif --trust smki/ requests/\n  sec-check duis --draft --all request.xml",
        ),
        "adt" => (
            "sec-check adt [OPTIONS] FILE...",
            "Checks Anomaly Detection Threshold files against the TADP (Appendix AA) file checks, in order, and\ngives the thresholds the DCC would apply, defaults included.",
            vec![crate::adt::OPTS, OUTPUT],
            "Inputs:\n  FILE     CSV with a header (contract §5): UserID,SequenceNumber,ServiceReferenceVariant,\n           TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n  --state  JSON { \"<User ID>\": <last accepted SequenceNumber> }",
            "Examples:\n  sec-check adt --state adt-state.json --commit thresholds.csv\n  sec-check adt --never-submitted 90-B3-D5-1F-30-01-00-00\n  sec-check adt --column UserID=\"User Id\" export.csv",
        ),
        "eligibility" => (
            "sec-check eligibility --models FILE [OPTIONS] INVENTORY.csv",
            "Classes each device of an inventory for ECoS Migration under the ETMAD (scope, ineligibility, the\nproving limit before Bulk Migration, Gas Proxy Function rules), streaming: memory stays flat.",
            vec![crate::eligibility::OPTS, OUTPUT],
            "Inputs:\n  INVENTORY.csv  CSV (contract §6): device_id,device_type,smets,status,cos_credentials,manufacturer,\n                 model,hardware_version,firmware_version,chf_device_id,commissioned_date,...\n  --models       JSON (contract §6): { \"non_migratable\": [...], \"proven\": [...], \"migrated_counts\": [...] }",
            "Examples:\n  sec-check eligibility --models models.json inventory.csv\n  sec-check eligibility --models models.json --format json inventory.csv > devices.json\n  sec-check eligibility --models models.json --summary-csv emrr.csv -v inventory.csv",
        ),
        "check" => (
            "sec-check check [OPTIONS] FILE...",
            "Checks any mix of files, told apart by content as the page does: DUIS documents, ADT files and\ninventories are checked; certificates, a context and a models file among them are used as inputs.",
            vec![crate::duis::CHECK_OPTS, OUTPUT],
            "Inputs: as for duis, adt and eligibility.",
            "Examples:\n  sec-check check smki/*.pem context.json requests/ thresholds.csv\n  cat request.xml | sec-check check --trust smki/ -",
        ),
        "rules" => (
            "sec-check rules [OPTIONS] [ID...]",
            "Prints the rule catalogue (every rule's id, document, clause, response code, period in force and\nsource), or only the rules named.",
            vec![crate::rules::OPTS],
            "",
            "Examples:\n  sec-check rules\n  sec-check rules duis.signature.digest srpd.623.route\n  sec-check rules --format markdown > catalogue.md",
        ),
        "help" => ("sec-check help [SUBCOMMAND]", "Prints help.", vec![], "", ""),
        _ => return None,
    };
    let mut s = format!("Usage: {usage}\n\n{about}\n\n{}", options(&specs));
    for part in [inputs, examples] {
        if !part.is_empty() {
            s.push('\n');
            s.push_str(part);
            s.push('\n');
        }
    }
    if command != "rules" && command != "help" {
        s.push('\n');
        s.push_str(EXIT_CODES);
        s.push('\n');
    }
    Some(s)
}
