//! Writes a supplier's batch for the benchmarks: N distinct signed 6.23 requests from one
//! supplier — one xmlSign signer, the same three replacement certificates and OCA in every
//! request, a different device, MPxN, counter and signature in each — with the trust store,
//! the signer's certificate (for xmlsec1) and a context that knows every device.
//!
//! `cargo run --release --example bench_batch -- DIR [N]`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, reason = "a generator run by the bench scripts")]

use sec_rules::demo::{DemoWorld, DEMO_ORIGINATOR};
use std::fmt::Write as _;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: bench_batch DIR [N]"));
    let n: u32 = args.next().map_or(200, |s| s.parse().expect("N is a number"));
    std::fs::create_dir_all(&dir).unwrap();
    let w = DemoWorld::new();
    let mut devices = String::new();
    let mut registration = String::new();
    for i in 0..n {
        let target = format!("00-DB-12-34-56-78-{:02X}-{:02X}", i >> 8, i & 0xFF);
        let mpxn = format!("1312345{:06}", i);
        let req = sec_rules::demo::Request623 { target: target.clone(), mpxn: mpxn.clone(), ..w.request_623(1_700_000_000_000 + u64::from(i)) };
        std::fs::write(dir.join(format!("{i:04}.xml")), w.sign(&req.to_xml(), &w.xml_sign)).unwrap();
        let sep = if i == 0 { "" } else { ",\n    " };
        write!(
            devices,
            r#"{sep}{{ "device_id": "{target}", "device_type": "ESME", "smets": 2, "mpxn": "{mpxn}", "cos_credentials": "ECoS", "status": "Commissioned" }}"#
        )
        .unwrap();
        write!(registration, r#"{sep}{{ "mpxn": "{mpxn}", "mpid": "DEMO", "from": "2023-01-01", "to": null }}"#).unwrap();
    }
    let context = format!(
        "{{\n  \"users\": [ {{ \"user_id\": \"{DEMO_ORIGINATOR}\", \"mpids\": [\"DEMO\"], \"roles\": [\"IS\"] }} ],\n  \"devices\": [\n    {devices}\n  ],\n  \"registration\": [\n    {registration}\n  ]\n}}\n"
    );
    std::fs::write(dir.join("context.json"), context).unwrap();
    std::fs::write(dir.join("trust.pem"), w.trust_pem()).unwrap();
    std::fs::write(dir.join("signer.pem"), w.xml_sign.pem()).unwrap();
    println!("{n} signed 6.23 requests in {}", dir.display());
}
