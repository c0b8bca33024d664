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
