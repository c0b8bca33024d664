// The page as a product (issue 7): a mixed batch in the worker, summary, filters, source view,
// exports in three formats, cancel, accessibility (axe-core), narrow screens, the embeddable
// elements — with no request leaving the origin. Screenshots go to test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, artifacts, module } from './browser.mjs';

let b; let m;
before(async () => { b = await start(); m = await module(); });
after(async () => { await b.stop(); });

const demoFiles = () => JSON.parse(readFileSync(new URL('../../www/demo/index.json', import.meta.url), 'utf8'))
  .map((s) => ({ ...s, content: readFileSync(new URL(`../../www/demo/${s.name}`, import.meta.url), 'utf8') }));
const demo = () => demoFiles().map((s) => ({ name: s.name, mimeType: 'application/octet-stream', buffer: Buffer.from(s.content) }));
const ADT = 'UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n90-B3-D5-1F-30-01-00-00,9,6.23,1440,10,5\n';
const INV = 'device_id,device_type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier\n00-00-00-00-00-00-00-01,ESME,2,Commissioned,TCoS,M,X,1,2,,2020-01-01,,,,,\n';
const MODELS = '{ "non_migratable": [ { "manufacturer": "M", "model": "X", "hardware_version": "1", "firmware_version": "2" } ] }';

async function openPage(opts) {
  const p = await b.open('/www/index.html', opts);
  await p.page.waitForSelector('html[data-ready="true"]');
  return p;
}

async function mixedBatch(page) {
  await page.fill('#as-of', '2024-03-01');
  await page.setInputFiles('[data-testid=file-input]', [
    ...demo(),
    { name: 'adt.csv', mimeType: 'text/csv', buffer: Buffer.from(ADT) },
    { name: 'inventory.csv', mimeType: 'text/csv', buffer: Buffer.from(INV) },
    { name: 'models.json', mimeType: 'application/json', buffer: Buffer.from(MODELS) },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some notes') },
  ]);
  await page.waitForSelector('html[data-busy="false"]');
}

test('a mixed batch: verdicts, summary per kind, inputs in use, an unclassifiable file', async () => {
  const { page, errors } = await openPage();
  await mixedBatch(page);
  const v = Object.fromEntries(await page.$$eval('[data-testid=result]', (els) => els.map((e) => [e.dataset.file, [e.dataset.verdict, e.dataset.firstFailure]])));
  assert.deepEqual(v['6.23-signed.xml'], ['accepted', '']);
  assert.deepEqual(v['6.23-tampered.xml'], ['rejected', 'duis.signature.digest']);
  assert.deepEqual(v['adt.csv'], ['accepted', '']);
  assert.deepEqual(v['inventory.csv'], ['accepted', '']);
  assert.equal(v['notes.txt'][0], 'error');
  assert.match(await page.innerText('[data-file="notes.txt"]'), /cannot tell what this file is/);
  assert.equal(await page.textContent('#summary tr[data-kind=duis-request] td[data-verdict=rejected]'), '5');
  assert.equal(await page.textContent('#summary tr[data-kind=adt] td[data-verdict=accepted]'), '1');
  assert.match(await page.innerText('[data-testid=inputs]'), /4 certificate\(s\), context demo-context\.json, models file models\.json/);
  assert.equal(await page.getAttribute('[data-file="inventory.csv"] [data-testid=devices] tr[data-device]', 'data-status'), 'ineligible');
  await page.screenshot({ path: `${artifacts}/product-batch.png` });
  assert.deepEqual(errors, []);
});

test('filters, the source view of a failing element, and exports in three formats', async () => {
  const { page, errors } = await openPage();
  await mixedBatch(page);
  // the tampered request's failing line is highlighted in its source
  const mark = page.locator('[data-file="6.23-tampered.xml"] [data-testid=source] mark');
  assert.equal(await mark.count(), 1);
  assert.match(await mark.getAttribute('title'), /^duis\.signature\.digest: /);
  // filters
  await page.selectOption('[data-testid=filter-verdict]', 'rejected');
  assert.equal(await page.locator('[data-testid=result]:not([hidden])').count(), 5);
  await page.selectOption('[data-testid=filter-verdict]', '');
  await page.selectOption('[data-testid=filter-document]', 'TADP');
  const visibleRules = await page.$$eval('[data-file="6.23-signed.xml"] tr[data-rule]:not([hidden])', (els) => els.length);
  assert.equal(visibleRules, 0);
  await page.selectOption('[data-testid=filter-document]', '');
  await page.fill('[data-testid=filter-rule]', 'signer.user');
  assert.equal(await page.locator('[data-file="6.23-signed.xml"] tr[data-rule]:not([hidden])').count(), 1);
  // exports
  const grab = async (id) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${id}]`)]);
    return readFileSync(await d.path(), 'utf8');
  };
  const jsonl = (await grab('export-jsonl')).trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(jsonl.length, 8, 'one report per checked file; the unclassifiable file has none');
  assert.ok(jsonl.every((r) => r.file && r.verdict && Array.isArray(r.findings)));
  const csv = await grab('export-csv');
  assert.match(csv.split('\r\n')[0], /^file,kind,as_of,verdict,first_failure,response_code,rule,document,clause,outcome/);
  assert.ok(csv.includes('6.23-signed-with-supplier-key.xml,duis-request,2024-03-01,rejected,duis.signer.xmlsign-role,E65'));
  const sarif = JSON.parse(await grab('export-sarif'));
  assert.equal(sarif.version, '2.1.0');
  const results = sarif.runs[0].results;
  const digest = results.find((x) => x.ruleId === 'duis.signature.digest' && x.level === 'error');
  assert.equal(digest.locations[0].physicalLocation.artifactLocation.uri, '6.23-tampered.xml');
  assert.ok(digest.locations[0].physicalLocation.region.startLine > 1);
  assert.equal(sarif.runs[0].tool.driver.rules[digest.ruleIndex].id, 'duis.signature.digest');
  assert.deepEqual(errors, []);
});

test('a long batch runs in the worker with progress and can be cancelled', async () => {
  const { page, errors } = await openPage();
  const signed = demoFiles().find((s) => s.name === '6.23-signed.xml').content;
  const pem = demoFiles().find((s) => s.name.endsWith('.pem'));
  // with the trust store every request needs an ECDSA verification: a batch of seconds
  const files = [{ name: pem.name, mimeType: 'text/plain', buffer: Buffer.from(pem.content) },
    ...Array.from({ length: 4000 }, (_, i) => ({ name: `r${i}.xml`, mimeType: 'text/xml', buffer: Buffer.from(signed) }))];
  await page.setInputFiles('[data-testid=file-input]', files);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=result]').length > 0);
  // the page stays responsive while the worker checks
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  await page.evaluate(() => document.querySelector('[data-testid=cancel]').click());
  await page.waitForSelector('html[data-busy="false"]');
  assert.match(await page.textContent('#status'), /^Cancelled after \d+ file\(s\)\./);
  const done = await page.locator('[data-testid=result]').count();
  assert.ok(done > 0 && done < 4000, `${done} results`);
  assert.equal(await page.getAttribute('[data-testid=progress]', 'max'), '4000');
  assert.deepEqual(errors, []);
});

test('accessibility: axe-core finds no serious or critical violation, and controls are keyboard-reachable', async () => {
  const { page, errors } = await openPage();
  await mixedBatch(page);
  await page.addScriptTag({ url: '/node_modules/axe-core/axe.min.js' });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => `${v.id}: ${v.nodes.length}`));
  assert.deepEqual(violations, []);
  const focusable = new Set();
  await page.click('header h1');
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    focusable.add(await page.evaluate(() => document.activeElement?.id));
  }
  for (const id of ['file-input', 'as-of', 'all', 'demo']) assert.ok(focusable.has(id), `${id} not reached by Tab: ${[...focusable]}`);
  assert.deepEqual(errors, []);
});

test('readable on a narrow screen: no horizontal scrolling', async () => {
  const { page, errors } = await openPage({ width: 375, height: 800 });
  await mixedBatch(page);
  const [scroll, inner] = await page.evaluate(() => [document.scrollingElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= inner + 1, `page is ${scroll}px wide in a ${inner}px viewport`);
  await page.screenshot({ path: `${artifacts}/product-narrow.png` });
  assert.deepEqual(errors, []);
});

test('the embed demo shows the catalogue and a working drop zone, styles kept apart by Shadow DOM', async () => {
  const { page, errors } = await b.open('/www/embed.html');
  const srpd = m.catalogue().rules.filter((r) => r.document === 'SRPD').length;
  await page.waitForFunction((n) => document.querySelector('[data-testid=embed-catalogue]')?.shadowRoot?.querySelectorAll('tr[data-rule]').length === n, srpd);
  assert.equal(await page.locator('[data-testid=embed-route] tr[data-rule]').count(), 1);
  const border = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid=embed-catalogue]').shadowRoot.querySelector('td')).borderTopColor);
  assert.notEqual(border, 'rgb(255, 0, 0)', 'the host page style leaked into the component');
  const files = demo().filter((f) => ['6.23-signed.xml', '6.23-tampered.xml', 'demo-trust-store.pem', 'demo-context.json'].includes(f.name));
  files.push({ name: 'junk.pem', mimeType: 'text/plain', buffer: Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n') });
  await page.setInputFiles('[data-testid=embed-check] input[type=file]', files);
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-check]').shadowRoot.querySelectorAll('li[data-verdict]').length === 2);
  const items = await page.$$eval('[data-testid=embed-check] li[data-verdict]', (els) => els.map((e) => [e.dataset.file, e.dataset.verdict]));
  assert.deepEqual(items.sort(), [['6.23-signed.xml', 'accepted'], ['6.23-tampered.xml', 'rejected']]);
  // an input that is not a certificate is reported, not dropped silently
  assert.match(await page.innerText('[data-testid=embed-check] ul'), /^junk\.pem: certificate 1: /m);
  await page.screenshot({ path: `${artifacts}/embed.png`, fullPage: true });
  assert.deepEqual(errors, []);
});

test('works offline once loaded', async () => {
  const { page, errors, context } = await openPage();
  await context.setOffline(true);
  await page.fill('#as-of', '2024-03-01');
  await page.setInputFiles('[data-testid=file-input]', demo());
  await page.waitForSelector('html[data-busy="false"]');
  assert.equal(await page.getAttribute('[data-file="6.23-signed.xml"]', 'data-verdict'), 'accepted');
  assert.deepEqual(errors, []);
});

test('no request left the origin in any flow', () => {
  assert.deepEqual(b.offOrigin, []);
});
