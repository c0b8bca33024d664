// Times the release wasm module (pkg/) in node on fully checked signed 6.23 requests, cold and
// with a warm certificate cache, and the same document through `xmlsec1 --verify --repeat N`
// in the same run. Usage: node bench/wasm-bench.mjs [iterations]
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initSync, demoFiles, checkFile, Session } from '../pkg/sec_rules.js';

const wasm = readFileSync(new URL('../pkg/sec_rules_bg.wasm', import.meta.url));
initSync({ module: wasm });
const n = Number(process.argv[2] ?? 300);
const enc = new TextEncoder();
const demo = demoFiles();
const pem = demo.find((s) => s.name.endsWith('.pem')).content;
const doc = demo.find((s) => s.name === '6.23-signed.xml').content;
const bytes = enc.encode(doc);
const opts = { as_of: '2024-03-01', all: true };
const time = (label, f) => {
  for (let i = 0; i < 20; i++) f();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  const us = Number(process.hrtime.bigint() - t0) / n / 1000;
  console.log(`${label}: ${us.toFixed(0)} µs per document`);
  return us;
};
const warm = new Session();
warm.addCertificates('trust.pem', enc.encode(pem));
const warmUs = time('wasm warm cache', () => warm.checkFile('req.xml', bytes, opts));
time('wasm without a trust store (parse, structure, both c14n, digest; no ECDSA)', () => checkFile('req.xml', bytes, opts));
time('wasm cold (new trust store each document)', () => { const s = new Session(); s.addCertificates('trust.pem', enc.encode(pem)); s.checkFile('req.xml', bytes, opts); s.free(); });

let xmlsecUs = null;
try {
  const dir = mkdtempSync(join(tmpdir(), 'sec-rules-bench-'));
  writeFileSync(join(dir, 'req.xml'), doc);
  const signer = pem.split('-----END CERTIFICATE-----\n')[2] + '-----END CERTIFICATE-----\n';
  writeFileSync(join(dir, 'signer.pem'), signer);
  const reps = n * 5;
  const t0 = process.hrtime.bigint();
  execFileSync('xmlsec1', ['--verify', '--repeat', String(reps), '--pubkey-cert-pem', join(dir, 'signer.pem'), join(dir, 'req.xml')], { stdio: 'pipe' });
  xmlsecUs = Number(process.hrtime.bigint() - t0) / reps / 1000;
  console.log(`xmlsec1 --verify --repeat ${reps}: ${xmlsecUs.toFixed(0)} µs per document (includes one process start)`);
  console.log(`ratio: wasm warm runs at ${(xmlsecUs / warmUs).toFixed(2)}x xmlsec1's rate (target >= 0.5x)`);
} catch (e) {
  console.log(`xmlsec1 not available: ${e.message.split('\n')[0]}`);
}
console.log(`module: ${wasm.length} bytes, ${gzipSync(wasm, { level: 9 }).length} bytes gzipped`);

// Inventories and ADT files through the release module (100,000 rows each).
const rows = 100000;
let inv = 'device_id,device_type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier\n';
for (let i = 0; i < rows; i++) inv += `${i.toString(16).padStart(16, '0')},ESME,2,Commissioned,TCoS,M,${'ABCD'[i % 4]},1,${i % 7},,2020-01-01,,,,,\n`;
const invBytes = enc.encode(inv);
const s = new Session();
let t0 = process.hrtime.bigint();
const r = s.checkFile('inv.csv', invBytes, { as_of: '2024-03-01' });
let secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`wasm inventory: ${r.devices.length} rows in ${secs.toFixed(2)} s: ${(rows / secs).toFixed(0)} rows/s, ${(invBytes.length / 1e6 / secs).toFixed(1)} MB/s (report returned to JS)`);
let adt = 'UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n';
for (let i = 0; i < rows; i++) adt += `90-B3-D5-1F-30-01-00-00,9,6.23,${i + 1},${i % 1000},${i % 500}\n`;
const adtBytes = enc.encode(adt);
t0 = process.hrtime.bigint();
const a = s.checkFile('adt.csv', adtBytes, { as_of: '2024-03-01' });
secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`wasm ADT: ${rows} rows in ${secs.toFixed(2)} s: ${(rows / secs).toFixed(0)} rows/s, ${(adtBytes.length / 1e6 / secs).toFixed(1)} MB/s (${a.verdict}, ${a.thresholds.length} thresholds)`);
