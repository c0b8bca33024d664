// End-to-end: serve the repository root on 127.0.0.1, drive Debian Chromium with
// playwright-core, set files on the input and assert what the page shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, artifacts } from './browser.mjs';
import { ADT, INV, MODELS, andCheck, asOf, expand, file, openPage, cosCount } from './helpers.mjs';

let b;
before(async () => { b = await start(); });
after(async () => { await b.stop(); });

const req623 = (cv) => `<?xml version="1.0" encoding="UTF-8"?>
<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
  <sr:Header>
    <sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:42</sr:RequestID>
    <sr:CommandVariant>${cv}</sr:CommandVariant>
    <sr:ServiceReference>6.23</sr:ServiceReference>
    <sr:ServiceReferenceVariant>6.23</sr:ServiceReferenceVariant>
  </sr:Header>
  <sr:Body/>
</sr:Request>`;

test('a file set on the input gets its verdict, answer first', async () => {
  const { page, errors } = await openPage(b);
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [file('cv3.xml', req623(3)), file('broken.xml', '<sr:Request>')]));
  const cv3 = page.locator('[data-testid=result][data-file="cv3.xml"]');
  assert.equal(await cv3.getAttribute('data-verdict'), 'rejected');
  assert.equal(await cv3.getAttribute('data-first-failure'), 'duis.command-variant.allowed');
  // the line gives the rule, its code and its message without opening anything
  assert.match(await cv3.locator('summary').innerText(), /duis\.command-variant\.allowed\s*E12\s*Command Variant 3 is not allowed/);
  assert.equal(await page.getAttribute('[data-file="broken.xml"]', 'data-first-failure'), 'duis.xml.well-formed');
  await page.screenshot({ path: `${artifacts}/page-results.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the built-in demo runs; inputs become chips; the catalogue and timeline render from the module', async () => {
  const { page, errors } = await openPage(b, '?demo', { width: 1366, height: 768 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=result]').length >= 6);
  const verdicts = await page.$$eval('[data-testid=result]', (els) => els.map((e) => [e.dataset.file, e.dataset.verdict, e.dataset.firstFailure]));
  for (const w of [['6.23-tampered.xml', 'rejected', 'duis.signature.digest'], ['6.23-signed-with-supplier-key.xml', 'rejected', 'duis.signer.xmlsign-role'],
    ['6.23-cv2.xml', 'rejected', 'duis.command-variant.allowed'], ['xxe.xml', 'rejected', 'duis.xml.well-formed']]) {
    assert.ok(verdicts.some((v) => JSON.stringify(v) === JSON.stringify(w)), `${w} in ${JSON.stringify(verdicts)}`);
  }
  // the signatures were verified on the page's verify worker, beside the checker's thread
  assert.ok(b.served.includes('/www/verify-worker.js'), 'the checker started www/verify-worker.js');
  const kinds = await page.$$eval('[data-testid=inputs] [data-kind]', (els) => els.map((e) => e.dataset.kind));
  assert.deepEqual(kinds.sort(), ['adt-state', 'certificate', 'certificate', 'context']);
  assert.match(await page.innerText('[data-testid=inputs] [data-kind=certificate]'), /xmlSign \(OU 87\) until 2040-01-01/);
  // answers first: the summary is inside the first screen of a 1366×768 display
  const box = await page.locator('[data-testid=summary]').boundingBox();
  assert.ok(box.y + box.height <= 768, `summary ends at ${box.y + box.height}`);
  const rejected = page.locator('[data-testid=summary] .totals [data-verdict=rejected]');
  assert.equal(await rejected.getAttribute('data-count'), '6');
  assert.match(await page.innerText('[data-file="6.23-signed-with-supplier-key.xml"] summary'), /E65/);
  await page.screenshot({ path: `${artifacts}/page-demo.png` });
  assert.ok(await page.locator('#timeline [data-testid=timeline] g.span').count() >= 3);
  const rows = await page.$$eval('#catalogue tr[data-rule]', (els) => els.map((e) => e.dataset.rule));
  assert.ok(rows.includes('srpd.623.route') && rows.includes('tmad.dormancy.cos-within-2-working-days'));
  // the page speaks its own words, not the command line's
  await expand(page, '6.23-cv2.xml');
  assert.doesNotMatch(await page.innerText('main'), /--all|--trust|--cos-count/);
  assert.match(await page.innerText('[data-file="6.23-cv2.xml"]'), /turn on “Run every check”/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an ADT file: its thresholds chart and table; checking never records, "Record as submitted" does, and undoes', async () => {
  const { page, errors } = await openPage(b);
  await asOf(page, '2024-03-01');
  await cosCount(page, 7);
  const adt = 'UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n90-B3-D5-1F-30-01-00-00,41,6.23,1440,100,80\n';
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [file('adt.csv', adt)]));
  assert.equal(await page.getAttribute('[data-file="adt.csv"]', 'data-verdict'), 'accepted');
  await expand(page, 'adt.csv', '[data-testid=thresholds]');
  assert.equal(await page.locator('[data-testid=thresholds] tr[data-source=default]').count(), 37);
  assert.equal(await page.locator('[data-testid=thresholds] tr[data-source=file]').count(), 1);
  assert.equal(await page.locator('[data-testid=thresholds-chart] g.threshold[data-srv="6.23"] [data-testid=cos-count-mark]').count(), 1);
  assert.equal(await page.locator('figure figcaption', { hasText: 'what a 0 threshold does' }).count(), 1, 'said once, under the chart');
  // a check records nothing: not in the page, not in storage, not after a reload
  assert.match(await page.textContent('[data-testid=adt-state]'), /empty/);
  assert.equal(await page.getAttribute('[data-testid=inputs] [data-kind=adt-state]', 'data-recorded'), '0');
  await andCheck(page, () => page.click('[data-testid=recheck]'));
  assert.equal(await page.getAttribute('[data-file="adt.csv"]', 'data-verdict'), 'accepted', 'checked twice, still not a replay');
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [file('adt.csv', adt)]));
  assert.equal(await page.getAttribute('[data-file="adt.csv"]', 'data-verdict'), 'accepted', 'after a reload, still not a replay');
  assert.equal(await page.evaluate(() => localStorage.getItem('sec-rules.adt-state')), null);
  // recorded on purpose: the chip says so, storage keeps it, the next check is a replay
  await expand(page, 'adt.csv', '[data-testid=adt-record]');
  await page.click('[data-testid=adt-record]');
  await page.waitForSelector('[data-testid=adt-undo]');
  assert.equal(await page.getAttribute('[data-testid=inputs] [data-kind=adt-state]', 'data-recorded'), '1');
  assert.match(await page.textContent('[data-testid=inputs] [data-kind=adt-state]'), /90-B3-D5-1F-30-01-00-00: 41/);
  assert.match(await page.textContent('[data-testid=adt-state]'), /"90-B3-D5-1F-30-01-00-00": 41/);
  assert.equal(await page.evaluate(() => localStorage.getItem('sec-rules.adt-state')), '{"90-B3-D5-1F-30-01-00-00":41}');
  await andCheck(page, () => page.click('[data-testid=recheck]'));
  assert.equal(await page.getAttribute('[data-file="adt.csv"]', 'data-first-failure'), 'tadp.adt.sequence-replay');
  // undo: back to nothing recorded, and accepted again
  // (the file stays open across the re-check)
  await page.click('[data-file="adt.csv"] [data-testid=adt-undo]');
  assert.equal(await page.getAttribute('[data-testid=inputs] [data-kind=adt-state]', 'data-recorded'), '0');
  assert.equal(await page.evaluate(() => localStorage.getItem('sec-rules.adt-state')), null);
  await andCheck(page, () => page.click('[data-testid=recheck]'));
  assert.equal(await page.getAttribute('[data-file="adt.csv"]', 'data-verdict'), 'accepted');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an inventory: the funnel filters the devices, paged from the worker', async () => {
  const { page, errors } = await openPage(b);
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [file('inventory.csv', INV), file('models.json', MODELS)]));
  await expand(page, 'inventory.csv', '[data-testid=devices] tbody tr');
  const rows = await page.$$eval('[data-testid=devices] tbody tr', (els) => els.map((e) => [e.dataset.device, e.dataset.status]));
  assert.deepEqual(rows, [['00-00-00-00-00-00-00-01', 'ineligible'], ['00-00-00-00-00-00-00-02', 'eligible'], ['00-00-00-00-00-00-00-03', 'eligible']]);
  assert.match(await page.innerText('[data-testid=devices]'), /ELECCO/);
  await page.click('[data-testid=funnel] g.bar[data-status=ineligible]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=devices] tbody tr').length === 1);
  assert.equal(await page.getAttribute('[data-testid=devices] tbody tr', 'data-status'), 'ineligible');
  assert.match(await page.textContent('[data-testid=funnel]'), /M X hw 1 fw 2/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('no request left the origin', () => {
  assert.deepEqual(b.offOrigin, []);
});
