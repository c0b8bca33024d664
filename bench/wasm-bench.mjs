// Times the release wasm module (pkg/) on a batch of documents in node.
// Usage: node bench/wasm-bench.mjs [iterations]   (after wasm-pack build --release --target web)
import { readFileSync } from 'node:fs';
import { initSync, checkFile, demoFiles } from '../pkg/sec_rules.js';

initSync({ module: readFileSync(new URL('../pkg/sec_rules_bg.wasm', import.meta.url)) });
const n = Number(process.argv[2] ?? 2000);
const enc = new TextEncoder();
const docs = demoFiles().filter((s) => s.name.endsWith('.xml')).map((s) => [s.name, enc.encode(s.content)]);
for (let i = 0; i < 200; i++) for (const [f, b] of docs) checkFile(f, b, { as_of: '2024-03-01', all: true });
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) for (const [f, b] of docs) checkFile(f, b, { as_of: '2024-03-01', all: true });
const ns = Number(process.hrtime.bigint() - t0);
const per = ns / (n * docs.length) / 1000;
console.log(`wasm (node ${process.version}): ${(n * docs.length)} documents, ${per.toFixed(1)} µs per document (envelope checks, report built and returned to JS)`);
const wasmBytes = readFileSync(new URL('../pkg/sec_rules_bg.wasm', import.meta.url));
const { gzipSync } = await import('node:zlib');
console.log(`module: ${wasmBytes.length} bytes, ${gzipSync(wasmBytes, { level: 9 }).length} bytes gzipped`);
