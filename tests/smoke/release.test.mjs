// Smoke test of the *release* pkg/ (after wasm-opt), the exact files the page loads.
// A broken wasm-opt (Debian binaryen 108) passes every dev-build test and fails only here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync, catalogue, checkFile, classify, version, Session } from '../../pkg/sec_rules.js';

initSync({ module: readFileSync(new URL('../../pkg/sec_rules_bg.wasm', import.meta.url)) });

// The page's demo (www/demo/), as the page fetches it.
const demoFiles = () => JSON.parse(readFileSync(new URL('../../www/demo/index.json', import.meta.url), 'utf8'))
  .map((s) => ({ ...s, content: readFileSync(new URL(`../../www/demo/${s.name}`, import.meta.url), 'utf8') }));

test('release module starts and answers', () => {
  assert.match(version(), /^\d+\.\d+\.\d+/);
  const c = catalogue();
  assert.ok(c.rules.some((r) => r.id === 'duis.signer.xmlsign-role' && r.response_code === 'E65'));
  assert.equal(c.service_reference_variants.length, 129);
});

test('the page data (www/data/) is the module\'s own catalogue: the embeds draw it without the module', () => {
  const data = JSON.parse(readFileSync(new URL('../../www/data/rules.json', import.meta.url), 'utf8'));
  const notes = JSON.parse(readFileSync(new URL('../../www/data/notes.json', import.meta.url), 'utf8'));
  const c = catalogue();
  assert.equal(data.version, version());
  // what is absent (null, false, no dates) is left out of the data
  const keys = ['id', 'document', 'clause', 'title', 'response_code', 'in_force', 'assumption', 'advisory', 'dates'];
  const pick = (r) => Object.fromEntries(keys.map((k) => [k, r[k]]).filter(([, v]) => v !== null && v !== false && !(Array.isArray(v) && v.length === 0)));
  assert.deepEqual(data.rules, c.rules.map(pick));
  assert.deepEqual(Object.fromEntries(c.rules.filter((r) => r.note).map((r) => [r.id, r.note])), notes.rules);
  assert.deepEqual(data.dates, c.dates.map(({ name, date, title, assumption }) => ({ name, date, title, assumption })));
  assert.deepEqual(notes.dates, Object.fromEntries(c.dates.map((d) => [d.name, d.note])));
  assert.equal(data.srv_count, c.service_reference_variants.length);
  assert.equal(data.srv_critical, c.service_reference_variants.filter((x) => x.critical).length);
});

test('release module checks the demo files with the verdicts they expect (ECDSA, c14n, chains)', () => {
  const enc = new TextEncoder();
  const store = new Session();
  const demo = demoFiles();
  for (const s of demo.filter((s) => classify(enc.encode(s.content)) === 'certificate')) store.addCertificates(s.name, enc.encode(s.content));
  for (const s of demo.filter((s) => classify(enc.encode(s.content)) === 'json')) store.setContext(s.name, enc.encode(s.content));
  assert.ok(store.hasContext);
  assert.throws(() => store.setContext('bad.json', enc.encode('{\n "users": 5\n}')), /bad\.json: line 2 column/);
  assert.ok(store.size >= 3);
  let checked = 0;
  for (const s of demo.filter((s) => s.expected_verdict)) {
    const r = store.checkFile(s.name, enc.encode(s.content), { as_of: '2024-03-01' });
    assert.equal(r.verdict, s.expected_verdict, s.name);
    assert.equal(r.first_failure, s.expected_first_failure, s.name);
    checked += 1;
  }
  assert.ok(checked >= 5);
  const signed = demo.find((s) => s.name === '6.23-signed.xml');
  const r = store.checkFile(signed.name, enc.encode(signed.content), { as_of: '2024-03-01' });
  assert.equal(r.findings.find((f) => f.rule === 'duis.signature.value').outcome, 'pass');
  assert.equal(r.findings.find((f) => f.rule === 'duis.signer.valid').outcome, 'pass');
  assert.deepEqual(r.route, { party: 'ecos', clause: 'SRPD 8.1', target_response_seconds: 35 });
  assert.throws(() => store.addCertificates('junk.pem', enc.encode('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')), /junk\.pem: certificate 1/);
});

test('release module throws a clear error for an unclassifiable file', () => {
  assert.throws(() => checkFile('notes.txt', new TextEncoder().encode('hello'), {}), /notes\.txt: cannot tell what this file is/);
  assert.equal(classify(new TextEncoder().encode('<a/>')), 'xml');
});

test('checkBatch in brief: what checkFile gives, without every finding\'s message', async () => {
  const enc = new TextEncoder();
  const demo = demoFiles();
  const s = new Session();
  for (const d of demo.filter((x) => classify(enc.encode(x.content)) === 'certificate')) s.addCertificates(d.name, enc.encode(d.content));
  for (const d of demo.filter((x) => classify(enc.encode(x.content)) === 'json')) s.setContext(d.name, enc.encode(d.content));
  const files = demo.filter((d) => d.name.endsWith('.xml')).map((d) => ({ name: d.name, bytes: enc.encode(d.content) }));
  const opts = { as_of: '2024-03-01' };
  const brief = await s.checkBatch(files, { ...opts, detail: 'summary' });
  const full = await s.checkBatch(files, { ...opts, detail: 'full' });
  assert.equal(brief.length, files.length);
  brief.forEach((b, i) => {
    const r = full[i];
    assert.equal(b.detail, 'summary');
    assert.equal(r.detail, undefined, 'the default is the full report');
    for (const k of ['file', 'kind', 'as_of', 'verdict', 'first_failure', 'response_code', 'route', 'service_reference_variant']) assert.deepEqual(b[k], r[k], `${r.file}: ${k}`);
    assert.deepEqual(b.rows, r.findings.map((f) => [f.rule, f.document, f.outcome]), `${r.file}: rows`);
    assert.equal(b.counts.not_run, r.findings.filter((f) => f.outcome === 'not-evaluated' && !f.advisory).length);
    assert.ok(b.findings.every((f) => r.findings.some((g) => JSON.stringify(g) === JSON.stringify(f))), 'quoted findings are the report\'s own');
    if (r.first_failure) assert.ok(b.findings.some((f) => f.rule === r.first_failure && f.outcome === 'fail'));
    assert.deepEqual(r, s.checkFile(r.file, files[i].bytes, opts), 'checkBatch in full is checkFile');
  });
  assert.throws(() => s.checkBatch(files, { ...opts, detail: 'short' }), /options\.detail: "short" is not "full" or "summary"/);
});
