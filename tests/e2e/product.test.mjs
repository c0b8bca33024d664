// The page as a product (issues 7 and 13): answers first, re-check without a re-pick, inputs
// kept, filters and exports that agree, a source view that leads to the error, pictures drawn
// from the reports, layouts that hold, accessibility, the embeddable elements, offline — with
// no request leaving the origin. Screenshots go to test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, artifacts, module } from './browser.mjs';
import { ADT, INV, MODELS, andCheck, asOf, checks, demo, demoFiles, expand, file, openPage } from './helpers.mjs';

let b; let m;
before(async () => { b = await start(); m = await module(); });
after(async () => { await b.stop(); });

async function mixedBatch(page) {
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [...demo(), file('adt.csv', ADT), file('inventory.csv', INV), file('models.json', MODELS), file('notes.txt', 'just some notes')]));
}

test('a mixed batch: verdicts, a clickable summary per kind, inputs as chips, an unclassifiable file', async () => {
  const { page, errors } = await openPage(b);
  await mixedBatch(page);
  const v = Object.fromEntries(await page.$$eval('[data-testid=result]', (els) => els.map((e) => [e.dataset.file, [e.dataset.verdict, e.dataset.firstFailure]])));
  assert.deepEqual(v['6.23-signed.xml'], ['accepted', '']);
  assert.deepEqual(v['6.23-tampered.xml'], ['rejected', 'duis.signature.digest']);
  assert.deepEqual(v['adt.csv'], ['accepted', '']);
  assert.deepEqual(v['inventory.csv'], ['accepted', '']);
  assert.equal(v['notes.txt'][0], 'error');
  assert.match(await page.innerText('[data-file="notes.txt"]'), /cannot tell what this file is/);
  assert.equal(await page.getAttribute('[data-testid=summary] .by-kind [data-kind=duis-request][data-verdict=rejected]', 'data-count'), '6');
  assert.equal(await page.getAttribute('[data-testid=summary] .by-kind [data-kind=adt][data-verdict=accepted]', 'data-count'), '1');
  const chips = await page.$$eval('[data-testid=inputs] [data-kind]', (els) => els.map((e) => e.dataset.kind).sort());
  assert.deepEqual(chips, ['adt-state', 'certificate', 'certificate', 'context', 'models']);
  // a count filters the list
  await page.click('[data-testid=summary] .totals [data-verdict=rejected]');
  assert.equal(await page.locator('[data-testid=result]').count(), 6);
  assert.match(await page.textContent('[data-testid=shown]'), /^6 of 10 files$/);
  await page.click('[data-testid=summary] .totals [data-verdict=rejected]');
  assert.equal(await page.locator('[data-testid=result]').count(), 10);
  await page.screenshot({ path: `${artifacts}/product-batch.png` });
  assert.deepEqual(errors, []);
});

test('collapsed by default: thirty files stay under three screens; a trace folds its not-run checks', async () => {
  const { page, errors } = await openPage(b, '', { width: 1366, height: 768 });
  const cv2 = demoFiles().find((s) => s.name === '6.23-cv2.xml').content;
  const files = [...demo(), file('adt.csv', ADT), file('inventory.csv', INV), file('models.json', MODELS)];
  for (let i = files.length; i < 34; i++) files.push(file(`req-${i}.xml`, cv2));
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', files));
  assert.ok(await page.locator('[data-testid=result]').count() >= 30);
  const height = await page.evaluate(() => document.scrollingElement.scrollHeight);
  assert.ok(height < 3 * 768, `the page is ${height}px tall`);
  await expand(page, '6.23-cv2.xml');
  const folded = page.locator('[data-file="6.23-cv2.xml"] tr.folded');
  assert.match(await folded.first().innerText(), /\d+ checks not run after the first failure/);
  assert.ok(await page.locator('[data-file="6.23-cv2.xml"] tr[data-rule]:not(.folded)').count() < 10);
  assert.deepEqual(errors, []);
});

test('re-check: a setting re-runs the files given, a pick keeps the inputs, the same file again re-checks', async () => {
  const { page, errors } = await openPage(b);
  const files = demo();
  const inputs = files.filter((f) => f.name.endsWith('.pem') || f.name.endsWith('.json'));
  const signed = files.find((f) => f.name === '6.23-signed.xml');
  await asOf(page, '2024-03-01');
  // the certificates and context first, the request on its own later: they stay in use
  await page.setInputFiles('[data-testid=file-input]', inputs);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=inputs] [data-kind=certificate]').length === 2);
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [signed]));
  assert.equal(await page.getAttribute('[data-file="6.23-signed.xml"]', 'data-verdict'), 'accepted');
  assert.match(await page.innerText('[data-file="6.23-signed.xml"] summary'), /SRPD 8\.1\b/);
  // the as-of date re-checks without a re-pick: before ECoS Go Live the 6.23 goes elsewhere
  await andCheck(page, () => asOf(page, '2023-01-10'));
  assert.doesNotMatch(await page.innerText('[data-file="6.23-signed.xml"] summary'), /SRPD 8\.1\b/);
  // the same file picked again is checked again
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [signed]));
  assert.equal(await page.locator('[data-testid=result]').count(), 1);
  // the Re-check button, and removing an input re-checks without it
  await andCheck(page, () => page.click('[data-testid=recheck]'));
  await andCheck(page, () => asOf(page, '2024-03-01'));
  assert.equal(await page.getAttribute('[data-file="6.23-signed.xml"]', 'data-verdict'), 'accepted');
  await andCheck(page, () => page.click('[data-testid=inputs] [data-kind=certificate] button'));
  assert.equal(await page.getAttribute('[data-file="6.23-signed.xml"]', 'data-verdict'), 'incomplete');
  assert.deepEqual(errors, []);
});

test('filters hide whole files; exports give what the filters show', async () => {
  const { page, errors } = await openPage(b);
  await mixedBatch(page);
  await page.selectOption('[data-testid=filter-document]', 'TADP');
  assert.deepEqual(await page.$$eval('[data-testid=result]', (els) => els.map((e) => e.dataset.file)), ['adt.csv']);
  await page.selectOption('[data-testid=filter-document]', '');
  await page.check('[data-testid=filter-failures]');
  const failing = await page.$$eval('[data-testid=result]', (els) => els.map((e) => e.dataset.verdict));
  assert.ok(failing.every((v) => v === 'rejected' || v === 'error') && failing.length === 7, JSON.stringify(failing));
  await page.uncheck('[data-testid=filter-failures]');
  await page.fill('[data-testid=filter-rule]', 'xmlsign');
  const grab = async (id) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${id}]`)]);
    return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
  };
  const shown = await page.$$eval('[data-testid=result]', (els) => els.map((e) => e.dataset.file).sort());
  const jsonl = await grab('export-jsonl');
  assert.match(jsonl.name, /^sec-rules-2024-03-01-\d{8}-\d{4}\.jsonl$/);
  assert.deepEqual(jsonl.text.trim().split('\n').map((l) => JSON.parse(l).file).sort(), shown);
  await page.fill('[data-testid=filter-rule]', '');
  await page.selectOption('[data-testid=filter-verdict]', 'rejected');
  const csv = (await grab('export-csv')).text;
  assert.match(csv.split('\r\n')[0], /^file,kind,as_of,verdict,first_failure,response_code,rule,document,clause,outcome/);
  assert.ok(csv.includes('6.23-signed-with-supplier-key.xml,duis-request,2024-03-01,rejected,duis.signer.xmlsign-role,E65'));
  assert.ok(!csv.includes('adt.csv,'), 'the accepted ADT file is filtered out');
  const sarif = JSON.parse((await grab('export-sarif')).text);
  const digest = sarif.runs[0].results.find((x) => x.ruleId === 'duis.signature.digest' && x.level === 'error');
  assert.equal(digest.locations[0].physicalLocation.artifactLocation.uri, '6.23-tampered.xml');
  assert.equal(sarif.runs[0].tool.driver.rules[digest.ruleIndex].id, 'duis.signature.digest');
  // the devices of an inventory
  await page.selectOption('[data-testid=filter-verdict]', '');
  const devices = (await grab('export-devices')).text;
  assert.match(devices, /^file,line,device_id,status,reason,clause,gpf_model,responsible_supplier,as_of\r\ninventory\.csv,2,00-00-00-00-00-00-00-01,ineligible,etmad\.ineligible\.non-migratable,/);
  assert.deepEqual(errors, []);
});

test('the source leads to the error: scrolled to the line, the message inline with a caret, Place links to it', async () => {
  const { page, errors } = await openPage(b);
  await mixedBatch(page);
  await expand(page, '6.23-tampered.xml');
  await page.click('[data-file="6.23-tampered.xml"] a.place[data-line="25"] >> nth=-1');
  const mark = page.locator('[data-file="6.23-tampered.xml"] [data-testid=source] mark[data-line="25"]');
  await mark.waitFor();
  const caret = page.locator('[data-file="6.23-tampered.xml"] [data-testid=source] .caret[data-line="25"]');
  assert.match(await caret.innerText(), /^\s+\^ duis\.signature\.digest: the SHA-256 digest/);
  const [pre, line] = await Promise.all([page.locator('[data-file="6.23-tampered.xml"] pre.source').boundingBox(), mark.boundingBox()]);
  assert.ok(line.y >= pre.y - 1 && line.y < pre.y + pre.height, 'the failing line is in view in the source box');
  const scrolledAcross = await page.$eval('[data-file="6.23-tampered.xml"] pre.source', (e) => e.scrollLeft);
  assert.ok(scrolledAcross > 0, 'scrolled across to column 444');
  assert.deepEqual(errors, []);
});

test('pictures from real reports: the 6.23 journey, the ADT chart, the timeline marker moves the as-of date', async () => {
  const { page, errors } = await openPage(b);
  await mixedBatch(page);
  await expand(page, '6.23-signed.xml', '[data-testid=route]');
  assert.equal(await page.getAttribute('[data-file="6.23-signed.xml"] [data-testid=route] [data-party=ecos]', 'data-taken'), 'true');
  assert.equal(await page.getAttribute('[data-file="6.23-signed.xml"] [data-testid=route] [data-party=tcos]', 'data-taken'), 'false');
  assert.match(await page.innerText('[data-file="6.23-signed.xml"] figcaption'), /target response 35 s/);
  await expand(page, '6.23-signed-with-supplier-key.xml', '[data-testid=route]');
  assert.equal(await page.getAttribute('[data-file="6.23-signed-with-supplier-key.xml"] [data-testid=route] [data-step=duis]', 'class'), 'step step-fail');
  assert.match(await page.textContent('[data-file="6.23-signed-with-supplier-key.xml"] [data-testid=route] [data-step=duis]'), /E65/);
  await expand(page, 'adt.csv', '[data-testid=thresholds-chart]');
  // the timeline's marker: keyboard moves it; the date is applied and the files re-checked
  const marker = page.locator('#timeline [data-testid=as-of-marker]');
  await marker.focus();
  await andCheck(page, async () => { await page.keyboard.press('ArrowRight'); });
  assert.equal(await page.inputValue('[data-testid=as-of]'), '2024-03-02');
  await page.locator('[data-file="6.23-signed.xml"] figure').screenshot({ path: `${artifacts}/product-route.png` });
  assert.deepEqual(errors, []);
});

test('accessibility: axe-core finds no serious or critical violation, opened or not; controls are keyboard-reachable', async () => {
  const { page, errors } = await openPage(b);
  await mixedBatch(page);
  await expand(page, '6.23-signed.xml', '[data-testid=route]');
  await expand(page, 'inventory.csv', '[data-testid=funnel]');
  await page.addScriptTag({ url: '/node_modules/axe-core/axe.min.js' });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`));
  assert.deepEqual(violations, []);
  const focusable = new Set();
  await page.click('header h1');
  for (let i = 0; i < 24; i++) {
    await page.keyboard.press('Tab');
    focusable.add(await page.evaluate(() => document.activeElement?.id));
  }
  for (const id of ['file-input', 'as-of', 'all', 'demo', 'user-roles', 'add-roles', 'recheck']) assert.ok(focusable.has(id), `${id} not reached by Tab: ${[...focusable]}`);
  assert.deepEqual(errors, []);
});

test('a phone: no horizontal scrolling, labelled cells, the summary in the first screen', async () => {
  const { page, errors } = await openPage(b, '?demo', { width: 390, height: 844 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=result]').length >= 6);
  const box = await page.locator('[data-testid=summary]').boundingBox();
  assert.ok(box.y < 844, `summary starts at ${box.y}`);
  await expand(page, '6.23-cv2.xml');
  const [content, display] = await page.$eval('[data-file="6.23-cv2.xml"] [data-testid=trace] tbody td[data-label=Outcome]', (td) => [getComputedStyle(td, '::before').content, getComputedStyle(td).display]);
  assert.notEqual(content, 'none', 'each cell shows its label');
  assert.equal(display, 'block', 'cells are stacked');
  const [scroll, inner] = await page.evaluate(() => [document.scrollingElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= inner + 1, `page is ${scroll}px wide in a ${inner}px viewport`);
  await page.screenshot({ path: `${artifacts}/product-phone.png`, fullPage: true });
  // desktop: no word broken mid-way in the badges and clauses
  assert.deepEqual(errors, []);
});

test('the embeds: host font, one document without its column, notes behind a toggle, route, timeline, a drop zone that says what it holds', async () => {
  const { page, errors } = await b.open('/www/embed.html');
  const srpd = m.catalogue().rules.filter((r) => r.document === 'SRPD').length;
  await page.waitForFunction((n) => document.querySelector('[data-testid=embed-catalogue]')?.shadowRoot?.querySelectorAll('tr[data-rule]').length === n, srpd);
  const heads = await page.$$eval('[data-testid=embed-catalogue] th', (els) => els.map((e) => e.textContent));
  assert.ok(!heads.includes('Document'), `${heads}`);
  const font = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid=embed-catalogue]').shadowRoot.querySelector('td')).fontFamily);
  assert.match(font, /Georgia/);
  const border = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid=embed-catalogue]').shadowRoot.querySelector('td')).borderTopColor);
  assert.notEqual(border, 'rgb(255, 0, 0)', 'the host page style leaked into the component');
  assert.ok(await page.locator('[data-testid=embed-catalogue] details.assumption').count() >= 1);
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-timeline]')?.shadowRoot?.querySelector('[data-testid=timeline]'));
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-journey]')?.shadowRoot?.querySelector('[data-testid=route]'));
  // the drop zone: inputs alone say what it holds; a request then gets a one-line answer
  const files = demo();
  await page.setInputFiles('[data-testid=embed-check] input[type=file]', files.filter((f) => f.name.endsWith('.pem')));
  await page.waitForFunction(() => /Holding 5 certificates, no context/.test(document.querySelector('[data-testid=embed-check]').shadowRoot.querySelector('[data-testid=embed-holds]').textContent));
  assert.match(await page.innerText('[data-testid=embed-check] ul'), /Nothing to check yet/);
  await page.setInputFiles('[data-testid=embed-check] input[type=file]', [...files.filter((f) => ['6.23-signed.xml', '6.23-tampered.xml', 'demo-context.json'].includes(f.name)),
    file('junk.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')]);
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-check]').shadowRoot.querySelectorAll('li[data-verdict]').length === 2);
  const items = await page.$$eval('[data-testid=embed-check] li[data-verdict]', (els) => els.map((e) => [e.dataset.file, e.dataset.verdict]));
  assert.deepEqual(items.sort(), [['6.23-signed.xml', 'accepted'], ['6.23-tampered.xml', 'rejected']]);
  assert.match(await page.innerText('[data-testid=embed-check] ul'), /^junk\.pem: certificate 1: /m);
  // the journey element shows a dropped request's path
  await page.setInputFiles('[data-testid=embed-journey] input[type=file]', files.filter((f) => ['6.23-signed.xml', 'demo-trust-store.pem', 'demo-context.json'].includes(f.name)));
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-journey]').shadowRoot.querySelector('[data-party][data-taken=true]'));
  await page.screenshot({ path: `${artifacts}/embed.png`, fullPage: true });
  assert.deepEqual(errors, []);
});

test('works offline once loaded', async () => {
  const { page, errors, context } = await openPage(b);
  await context.setOffline(true);
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', demo()));
  assert.equal(await page.getAttribute('[data-file="6.23-signed.xml"]', 'data-verdict'), 'accepted');
  assert.ok(await checks(page) >= 1);
  assert.deepEqual(errors, []);
});

test('no request left the origin in any flow', () => {
  assert.deepEqual(b.offOrigin, []);
});
