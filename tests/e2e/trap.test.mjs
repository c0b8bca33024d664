// No file may stop the page (issue 27): with the debug build of the module (pkg-dev/, served
// in place of pkg/ for this test only), a file named "…sec-rules-forced-panic…" traps the
// checker. The page shows that file as not checked, with the reason, and every other file of
// the drop with its verdict; the next drop is checked as usual.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, root } from './browser.mjs';
import { andCheck, asOf, demoFiles, file, openPage } from './helpers.mjs';

let b;
before(async () => { b = await start(); });
after(async () => { await b.stop(); });

test('a trap on one file: an error line for it, verdicts for the others, the next drop checked', async () => {
  const { page, errors, context } = await openPage(b);
  // this page's pkg/ is the debug build (routes cover the page's worker too)
  await context.route(/\/pkg\/(sec_rules(_bg)?\.(js|wasm))(\?.*)?$/, (route, req) => {
    const name = new URL(req.url()).pathname.split('/').pop();
    route.fulfill({ body: readFileSync(`${root}pkg-dev/${name}`), contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
  });
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  const d = Object.fromEntries(demoFiles().map((s) => [s.name, s.content]));
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [
    file('trust.pem', d['demo-trust-store.pem']), file('context.json', d['demo-context.json']),
    file('6.23-signed.xml', d['6.23-signed.xml']), file('x-sec-rules-forced-panic.xml', d['6.23-signed.xml']), file('6.23-cv2.xml', d['6.23-cv2.xml'])]));
  const v = Object.fromEntries(await page.$$eval('[data-testid=result]', (els) => els.map((e) => [e.dataset.file, e.dataset.verdict])));
  assert.deepEqual(v, { '6.23-signed.xml': 'accepted', 'x-sec-rules-forced-panic.xml': 'error', '6.23-cv2.xml': 'rejected' });
  assert.match(await page.innerText('[data-file="x-sec-rules-forced-panic.xml"]'), /not checked: the checker stopped with an internal error .*The other files were checked/);
  // the next drop, on the replaced instance
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [file('6.23-tampered.xml', d['6.23-tampered.xml'])]));
  assert.equal(await page.getAttribute('[data-file="6.23-tampered.xml"]', 'data-verdict'), 'rejected');
  assert.deepEqual(errors.filter((e) => !/RuntimeError: unreachable|not marked as `catch`/.test(e)), []);
});
