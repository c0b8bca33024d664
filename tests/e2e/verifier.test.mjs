// The page's verifier (www/verifier.js) in Debian Chromium: with its worker, and with a worker
// that cannot load (then WebCrypto on the caller's thread), Session.checkBatch gives every
// demo file the report checkFile gives, and WebCrypto answered every verification.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './browser.mjs';

let b;
before(async () => { b = await start(); });
after(async () => { await b.stop(); });

test('checkBatch with the page verifier equals checkFile, with its worker and without', async () => {
  const { page } = await b.open('/bench/bench.html');
  const out = await page.evaluate(async () => {
    const m = await import('/pkg/sec_rules.js');
    await m.default();
    const { makeVerifier } = await import('/www/verifier.js');
    const index = await (await fetch('/www/demo/index.json')).json();
    const get = async (n) => new Uint8Array(await (await fetch(`/www/demo/${n}`)).arrayBuffer());
    const trust = await get('demo-trust-store.pem');
    const context = await get('demo-context.json');
    const docs = [];
    for (const s of index) if (s.name.endsWith('.xml')) docs.push({ name: s.name, bytes: await get(s.name) });
    // more than one chunk, each document distinct in name only: the verifications repeat
    for (let i = 0; i < 40; i++) docs.push({ name: `copy-${i}-${docs[i % 5].name}`, bytes: docs[i % 5].bytes });
    const opts = { as_of: '2024-03-01', all: true };
    const session = (verifier) => {
      const s = new m.Session();
      s.addCertificates('trust.pem', trust);
      s.setContext('context.json', context);
      if (verifier) s.setVerifier(verifier);
      return s;
    };
    const single = docs.map((d) => JSON.stringify(session(null).checkFile(d.name, d.bytes, opts)));
    const results = {};
    for (const [how, verifier] of [['worker', makeVerifier()], ['missing worker', makeVerifier(new URL('/www/no-such-worker.js', location.origin))]]) {
      const s = session(verifier);
      const batch = await s.checkBatch(docs, opts);
      results[how] = {
        same: batch.every((r, i) => JSON.stringify(r) === single[i]),
        fallback: s.fallbackVerifications,
        verdicts: [...new Set(batch.map((r) => r.verdict))].sort(),
      };
    }
    return results;
  });
  for (const [how, r] of Object.entries(out)) {
    assert.equal(r.same, true, `${how}: checkBatch equals checkFile`);
    assert.equal(r.fallback, 0, `${how}: WebCrypto answered every verification`);
    // 6.23-test-environment.xml: its signer's certificate is not in this session (incomplete)
    assert.deepEqual(r.verdicts, ['accepted', 'incomplete', 'rejected'], how);
  }
  assert.ok(b.served.includes('/www/verify-worker.js') && b.served.includes('/www/no-such-worker.js'));
  await page.close();
});
