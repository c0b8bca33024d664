//! Generates an N-row inventory (default 1,000,000) and times `sec-check eligibility`'s
//! streaming path over it, reporting rows/s and peak memory (Linux VmHWM): memory stays flat
//! as N grows. `cargo run --release --example bench_inventory -- [ROWS]`
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs, reason = "benchmark")]

use std::io::Write as _;

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok())))
        .unwrap_or(0)
}

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let path = std::env::temp_dir().join(format!("sec-rules-inventory-{n}.csv"));
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(f, "device_id,device_type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier").unwrap();
        for i in 0..n {
            let model = ["A", "B", "C", "D"][(i % 4) as usize];
            writeln!(f, "{:016X},ESME,2,Commissioned,TCoS,M,{model},1,{},,2020-01-01,,,,,", i, i % 7).unwrap();
        }
    }
    let size = std::fs::metadata(&path).unwrap().len();
    let models = sec_rules::etmad::models::Models::default();
    let opts = sec_rules::Options { as_of: sec_rules::Date::parse("2024-03-01").unwrap(), all: true, draft: false };
    let before = peak_kib();
    let t0 = std::time::Instant::now();
    let mut count = 0u64;
    let mut open = || -> std::io::Result<Box<dyn std::io::Read>> { Ok(Box::new(std::io::BufReader::new(std::fs::File::open(&path)?))) };
    let report = sec_rules::etmad::check_streaming("inv.csv", &mut open, Some(&models), &opts, &mut |_e| count += 1);
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "native: {count} rows ({:.0} MB) in {secs:.2} s: {:.0} rows/s, {:.1} MB/s; peak memory {} MiB before, {} MiB after (verdict {:?})",
        size as f64 / 1e6,
        count as f64 / secs,
        size as f64 / 1e6 / secs,
        before / 1024,
        peak_kib() / 1024,
        report.verdict
    );
    let _ = std::fs::remove_file(&path);

    // ADT: n rows for one User ID; (SRV, period) pairs stay distinct, as a valid file needs.
    let srvs: Vec<&str> = sec_rules::catalogue::srvs().iter().map(|s| s.srv).collect();
    let mut adt = String::from("UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n");
    for i in 0..n {
        let srv = srvs[(i % srvs.len() as u64) as usize];
        adt.push_str(&format!("90-B3-D5-1F-30-01-00-00,9,{srv},{},{},{}\n", 1 + i / srvs.len() as u64, i % 1000, i % 500));
    }
    let t0 = std::time::Instant::now();
    let out = sec_rules::tadp::check("adt.csv", adt.as_bytes(), &opts, &sec_rules::tadp::AdtInputs::default());
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "native ADT: {n} rows ({:.0} MB) in {secs:.2} s: {:.0} rows/s, {:.1} MB/s (verdict {:?}, {} thresholds)",
        adt.len() as f64 / 1e6,
        n as f64 / secs,
        adt.len() as f64 / 1e6 / secs,
        out.report.verdict,
        out.report.thresholds.map_or(0, |t| t.len())
    );
}
