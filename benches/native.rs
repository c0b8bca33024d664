//! Native benchmarks: DUIS envelope checks per document.
use criterion::{criterion_group, criterion_main, Criterion};
use sec_rules::{Date, Options};

fn bench(c: &mut Criterion) {
    let opts = Options { as_of: Date::parse("2024-03-01").unwrap_or_else(|| unreachable!()), all: true };
    let doc = sec_rules::demo::samples().into_iter().next().map(|s| s.content).unwrap_or_default();
    c.bench_function("duis envelope (demo 6.23)", |b| b.iter(|| sec_rules::duis::check("req.xml", doc.as_bytes(), &opts)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
