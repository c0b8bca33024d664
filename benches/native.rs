//! Native benchmarks: DUIS checks per document (`cargo bench`).
#![allow(clippy::unwrap_used, missing_docs, reason = "benchmark harness")]

use criterion::{criterion_group, criterion_main, Criterion};
use sec_rules::{Date, Options};

fn bench(c: &mut Criterion) {
    let opts = Options { as_of: Date::parse("2024-03-01").unwrap(), all: true };
    let docs: Vec<(String, String)> = sec_rules::demo::samples().into_iter().map(|s| (s.name, s.content)).collect();
    c.bench_function("duis envelope checks, demo batch", |b| {
        b.iter(|| {
            for (name, doc) in &docs {
                std::hint::black_box(sec_rules::duis::check(name, doc.as_bytes(), &opts));
            }
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
