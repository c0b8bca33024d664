// Performance where people feel it (issue 26), as facts a test can hold (the speeds themselves
// are in the benchmark, bench/batch-bench.mjs): a documentation page draws its catalogue,
// timeline and journey without the checker module and within 60 KB, and loads the module on
// the first drop; the page fetches and compiles the module once, in its worker, never on its
// main thread; a pool of workers gives exactly the answers one worker gives, in the user's
// order, equal to checkFile's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, module } from './browser.mjs';
import { ADT, INV, MODELS, andCheck, asOf, demoFiles, file, openPage } from './helpers.mjs';

let b; let m;
before(async () => { b = await start(); m = await module(); });
after(async () => { await b.stop(); });

const d = Object.fromEntries(demoFiles().map((s) => [s.name, s.content]));

test('a documentation page: catalogue, timeline and journey within 60 KB and without the module; the first drop loads it', async () => {
  const { page, errors, context, responses: got } = await b.open('/www/embed.html');
  const root = (id) => `[data-testid=${id}]`;
  await page.waitForFunction(() => {
    const sr = (id) => document.querySelector(`[data-testid=${id}]`)?.shadowRoot;
    return sr('embed-catalogue')?.querySelectorAll('tr[data-rule]').length > 5
      && sr('embed-timeline')?.querySelector('[data-testid=timeline]')
      && sr('embed-journey')?.querySelector('[data-testid=route]');
  });
  await page.waitForTimeout(500);
  const before = [...got];
  const total = before.reduce((n, r) => n + r.bytes, 0);
  assert.ok(!before.some((r) => /sec_rules(_bg)?\.(js|wasm)$/.test(r.path)), `the module was fetched: ${before.map((r) => r.path)}`);
  assert.ok(total <= 60 * 1024, `${total} bytes before any interaction: ${before.map((r) => `${r.path} ${r.bytes}`).join(', ')}`);
  // an assumption's note is read when it is opened
  assert.ok(!before.some((r) => r.path.endsWith('/notes.json')));
  // the first drop: "loading the checker", then its answers; one fetch of the module for the page
  const zone = page.locator(root('embed-check'));
  await zone.locator('[data-testid=embed-as-of]').fill('2024-03-01');
  await zone.locator('[data-testid=embed-input]').setInputFiles([file('trust.pem', d['demo-trust-store.pem']), file('6.23-signed.xml', d['6.23-signed.xml'])]);
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-check]').shadowRoot.querySelector('.drop').dataset.state === 'ready');
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-check]').shadowRoot.querySelector('li[data-file="6.23-signed.xml"]'));
  const journeyZone = page.locator(root('embed-journey'));
  await journeyZone.locator('[data-testid=embed-input]').setInputFiles([file('trust.pem', d['demo-trust-store.pem']), file('c.json', d['demo-context.json']), file('6.23-signed.xml', d['6.23-signed.xml'])]);
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-journey]').shadowRoot.querySelector('[data-party=ecos][data-taken=true]'));
  assert.equal(got.filter((r) => r.path.endsWith('/sec_rules_bg.wasm')).length, 1, 'one module for every drop zone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page: the module fetched and compiled once, by its worker; the main thread draws from the data', async () => {
  const { page, errors, responses } = await openPage(b);
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.click('#demo'));
  const wasm = responses.filter((r) => r.path.endsWith('.wasm'));
  assert.equal(wasm.length, 1, wasm.map((r) => r.path).join(' '));
  // the main thread's own resources: the data, never the module or its glue
  const mine = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  assert.ok(mine.some((p) => p.endsWith('/www/data/rules.json')));
  assert.ok(!mine.some((p) => /\/pkg\//.test(p)), mine.join(' '));
  assert.ok(await page.locator('#catalogue tr[data-rule]').count() > 40);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a pool of three workers answers as one worker does, in the user\'s order, as checkFile does; cancel and progress cover the pool', async () => {
  // a batch in a deliberate order: many distinct names over the demo's documents, ADT files
  // (the second replays the first's SequenceNumber) and an inventory between them
  const docs = Object.keys(d).filter((n) => n.endsWith('.xml'));
  const batch = [file('trust.pem', d['demo-trust-store.pem']), file('context.json', d['demo-context.json']), file('models.json', MODELS)];
  const order = [];
  for (let i = 0; i < 150; i++) {
    const name = `${String(i).padStart(3, '0')}-${docs[i % docs.length]}`;
    batch.push(file(name, d[docs[i % docs.length]]));
    order.push(name);
    if (i === 40) { batch.push(file('a1.csv', ADT)); order.push('a1.csv'); }
    if (i === 90) { batch.push(file('inventory.csv', INV), file('a2.csv', ADT)); order.push('inventory.csv', 'a2.csv'); }
  }
  const answers = {};
  for (const n of [1, 3]) {
    const { page, errors } = await openPage(b, `?workers=${n}`);
    assert.equal(await page.getAttribute('html', 'data-workers'), String(n));
    await asOf(page, '2024-03-01');
    await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', batch));
    answers[n] = await page.$$eval('[data-testid=result]', (els) => els.map((e) => [e.dataset.file, e.dataset.verdict, e.dataset.firstFailure]));
    assert.equal(await page.evaluate(() => document.getElementById('progress').value), order.length, 'progress counts every file');
    if (n === 3) {
      // cancel: the pool stops handing out work; what was checked is shown, the rest is not
      const more = Array.from({ length: 3000 }, (_, i) => file(`more-${i}.xml`, d['6.23-signed.xml']));
      await andCheck(page, async () => {
        await page.setInputFiles('[data-testid=file-input]', more);
        // as soon as the check has started: each worker finishes the chunk it holds, no more
        await page.waitForFunction(() => !document.getElementById('progress-row').hidden, null, { polling: 5 });
        await page.evaluate(() => document.getElementById('cancel').click());
      });
      assert.match(await page.textContent('#status'), /^Cancelled\. This drop: [\d,]+ of 3,000 files checked/);
      const shown = await page.locator('[data-testid=result][data-file^="more-"]').count();
      assert.ok(shown <= 3 * 250, `${shown} of 3,000 checked after a cancel: at most a chunk per worker`);
      assert.equal(await page.evaluate(() => Number(document.getElementById('progress').value)), shown, 'progress counts what was checked');
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
  assert.deepEqual(answers[3], answers[1], 'three workers, one worker: the same answers');
  assert.deepEqual(answers[1].map(([f]) => f), order, "in the user's order");
  assert.deepEqual(answers[1].find(([f]) => f === 'a2.csv').slice(1), ['rejected', 'tadp.adt.sequence-replay'], 'the second ADT file sees the first');
  // and each DUIS answer is checkFile's
  const enc = new TextEncoder();
  const s = new m.Session();
  s.addCertificates('trust.pem', enc.encode(d['demo-trust-store.pem']));
  s.setContext('context.json', enc.encode(d['demo-context.json']));
  for (const [name, verdict, first] of answers[1].filter(([f]) => f.endsWith('.xml'))) {
    const r = s.checkFile(name, enc.encode(d[name.slice(4)]), { as_of: '2024-03-01' });
    assert.deepEqual([verdict, first], [r.verdict, r.first_failure ?? ''], name);
  }
});
