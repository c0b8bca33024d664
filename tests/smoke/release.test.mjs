// Smoke test of the *release* pkg/ (after wasm-opt), the exact files the page loads.
// A broken wasm-opt (Debian binaryen 108) passes every dev-build test and fails only here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync, catalogue, checkFile, demoFiles, classify, version } from '../../pkg/sec_rules.js';

initSync({ module: readFileSync(new URL('../../pkg/sec_rules_bg.wasm', import.meta.url)) });

test('release module starts and answers', () => {
  assert.match(version(), /^\d+\.\d+\.\d+/);
  const c = catalogue();
  assert.ok(c.rules.some((r) => r.id === 'duis.signer.xmlsign-role' && r.response_code === 'E65'));
  assert.equal(c.service_reference_variants.length, 129);
});

test('release module checks the demo files with the verdicts they describe', () => {
  const enc = new TextEncoder();
  for (const s of demoFiles()) {
    const r = checkFile(s.name, enc.encode(s.content), { as_of: '2024-03-01' });
    const expected = /rejected|refused/.test(s.description) ? 'rejected' : 'incomplete';
    assert.equal(r.verdict, expected, s.name);
    assert.equal(r.file, s.name);
  }
});

test('release module throws a clear error for an unclassifiable file', () => {
  assert.throws(() => checkFile('notes.txt', new TextEncoder().encode('hello'), {}), /notes\.txt: cannot tell what this file is/);
  assert.equal(classify(new TextEncoder().encode('<a/>')), 'xml');
});
