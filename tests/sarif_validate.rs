//! The CLI's SARIF, validated by Microsoft's SARIF Multitool (`validate`; npm
//! `@microsoft/sarif-multitool-linux` 5.7.0, installed by scripts/setup.sh; skipped cleanly when
//! absent unless SEC_RULES_REQUIRE_ORACLES is set, as the test command sets it): 0 errors and 0
//! warnings for the paths CI jobs pass — relative, absolute, with spaces, `#`, `%` and non-ASCII
//! letters, under the working directory or `--sarif-root`, or outside it — and for the page's
//! export, whose names have no place on disk. (The Multitool's default rules: SARIF1xxx errors
//! for what the specification requires — SARIF1004 a URI, SARIF1002 percent-encoding among
//! them — and SARIF2xxx warnings for what consumers rely on, SARIF2017 a region among them.)

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs, reason = "tests and benches assert by panicking")]

use std::path::{Path, PathBuf};
use std::process::Command;

fn multitool() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    let ok = Command::new(&p).arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("SEC_RULES_REQUIRE_ORACLES").is_none(), "the SARIF Multitool is required here: run scripts/setup.sh");
        eprintln!("skipped: the SARIF Multitool is not installed (scripts/setup.sh installs it)");
    }
    ok.then_some(p)
}

/// The Multitool's findings on a log: (level, rule id, message arguments).
fn validate(tool: &Path, log: &Path) -> Vec<(String, String, String)> {
    let out = log.with_extension("validation.sarif");
    let _ = std::fs::remove_file(&out);
    let run = Command::new(tool).arg("validate").arg(log).arg("-o").arg(&out).output().unwrap();
    assert!(out.exists(), "the Multitool wrote nothing: {}", String::from_utf8_lossy(&run.stdout));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    v["runs"][0]["results"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .map(|r| {
                    (r["level"].as_str().unwrap_or("warning").to_owned(), r["ruleId"].as_str().unwrap_or("").to_owned(), r["message"]["arguments"].to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}

fn demo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("www/demo").join(name)
}

#[test]
fn the_cli_sarif_is_valid_for_any_path_a_ci_job_passes() {
    let Some(tool) = multitool() else { return };
    let base = std::env::temp_dir().join(format!("sec-rules-sarif-{}", std::process::id()));
    let work = base.join("ci work");
    let requests = work.join("requests #1");
    std::fs::create_dir_all(&requests).unwrap();
    std::fs::create_dir_all(base.join("elsewhere")).unwrap();
    for (from, to) in [("6.23-tampered.xml", "bad digest.xml"), ("6.23-cv2.xml", "cv#2.xml"), ("6.23-signed.xml", "é 100%.xml"), ("xxe.xml", "xxe.xml")] {
        std::fs::copy(demo(from), requests.join(to)).unwrap();
    }
    std::fs::write(requests.join("notes.txt"), "not a kind sec-check reads").unwrap();
    std::fs::write(requests.join("expected.json"), r#"{ "as_of": "2024-03-01" }"#).unwrap();
    std::fs::copy(demo("6.23-bad-request-id.xml"), base.join("elsewhere/outside.xml")).unwrap();
    std::fs::copy(demo("demo-trust-store.pem"), work.join("trust.pem")).unwrap();
    std::fs::copy(demo("demo-context.json"), work.join("context.json")).unwrap();
    let run = |cwd: &Path, args: &[&str], files: &[PathBuf], out: &str| -> PathBuf {
        let log = base.join(out);
        let o = Command::new(env!("CARGO_BIN_EXE_sec-check"))
            .current_dir(cwd)
            .args(["check", "--as-of", "2024-03-01", "--format", "sarif", "--output"])
            .arg(&log)
            .args(args)
            .args(files)
            .output()
            .unwrap();
        assert!(log.exists(), "{}", String::from_utf8_lossy(&o.stderr));
        log
    };
    let rel = [PathBuf::from("trust.pem"), PathBuf::from("context.json"), PathBuf::from("requests #1"), PathBuf::from("../elsewhere/outside.xml")];
    let abs: Vec<PathBuf> = rel.iter().map(|p| work.join(p)).collect();
    let logs = [
        run(&work, &[], &rel, "relative.sarif"),
        run(&work, &[], &abs, "absolute.sarif"),
        run(&base.join("elsewhere"), &[], &abs, "outside-the-root.sarif"),
        run(&work, &["--sarif-root", ".."], &rel, "sarif-root.sarif"),
    ];
    for log in &logs {
        let found = validate(&tool, log);
        assert!(found.is_empty(), "{}: {found:#?}", log.display());
        // and the locations are what §3.4 wants
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(log).unwrap()).unwrap();
        let run = &v["runs"][0];
        let results = run["results"].as_array().unwrap();
        assert!(results.len() > 10);
        for r in results {
            let at = &r["locations"][0]["physicalLocation"];
            let uri = at["artifactLocation"]["uri"].as_str().unwrap();
            assert!(!uri.contains(' ') && !uri.contains('#') && !uri.starts_with('/'), "{uri}");
            assert!(at["region"]["startLine"].as_u64().is_some_and(|l| l >= 1), "{r}");
            if at["artifactLocation"]["uriBaseId"] == "%SRCROOT%" {
                assert!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap().starts_with("file:///"));
            } else {
                assert!(uri.starts_with("file:///"), "{uri}");
            }
        }
        let uris: Vec<&str> = results.iter().map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap()).collect();
        let notes = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
        assert!(
            notes.iter().any(|n| n["message"]["text"].as_str().unwrap().contains("expected.json: not a context or models file")),
            "the stray JSON is named"
        );
        if log.ends_with("relative.sarif") || log.ends_with("absolute.sarif") {
            assert!(uris.contains(&"requests%20%231/bad%20digest.xml"), "{uris:?}");
            assert!(uris.contains(&"requests%20%231/%C3%A9%20100%25.xml"), "{uris:?}");
            assert!(uris.iter().any(|u| u.starts_with("file:///") && u.ends_with("/elsewhere/outside.xml")), "{uris:?}");
        }
        if log.ends_with("sarif-root.sarif") {
            assert!(uris.contains(&"ci%20work/requests%20%231/cv%232.xml"), "{uris:?}");
            assert!(uris.contains(&"elsewhere/outside.xml"), "{uris:?}");
        }
    }
}

#[test]
fn the_page_export_is_valid_too() {
    let Some(tool) = multitool() else { return };
    // the page's names: paths within a drop, with spaces and the like; no place on disk
    let opts = sec_rules::Options { as_of: sec_rules::Date::parse("2024-03-01").unwrap(), all: false, draft: false };
    let reports: Vec<serde_json::Value> = [("day/requests #1/bad digest.xml", "6.23-tampered.xml"), ("6.23 cv2.xml", "6.23-cv2.xml"), ("xxe.xml", "xxe.xml")]
        .iter()
        .map(|(name, from)| serde_json::to_value(sec_rules::request::check(name, &std::fs::read(demo(from)).unwrap(), &opts)).unwrap())
        .chain([serde_json::json!({ "file": "day/key 1.pem", "verdict": "error", "error": "this is a private key, not a certificate" })])
        .collect();
    let dir = std::env::temp_dir().join(format!("sec-rules-sarif-page-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("page.sarif");
    std::fs::write(&log, serde_json::to_string_pretty(&sec_rules::export::sarif(&reports, "0")).unwrap()).unwrap();
    let found = validate(&tool, &log);
    assert!(found.is_empty(), "{found:#?}");
}
