// The page through a tester's day (issue 25), in Debian Chromium: a folder dragged onto it
// (a real drag, CDP Input.dispatchDragEvent), settings typed wrong, ADT files checked again
// and again, the as-of date by keyboard and by touch on a phone, pictures that fit at desktop
// and phone widths, filters and exports that narrow, and inputs told apart honestly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { generateKeyPairSync } from 'node:crypto';
import { start, artifacts } from './browser.mjs';
import { INV, MODELS, andCheck, asOf, checks, cosCount, demoFiles, demo, expand, file, openPage } from './helpers.mjs';

let b;
before(async () => { b = await start(); });
after(async () => { await b.stop(); });

const d = Object.fromEntries(demoFiles().map((s) => [s.name, s.content]));
const PRIVATE_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
const adtFile = (seq, threshold = 100) => `UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n90-B3-D5-1F-30-01-00-00,${seq},6.23,1440,${threshold},${Math.floor(threshold / 2)}\n`;
const unsigned = d['6.23-signed.xml'].replace(/<ds:Signature[\s\S]*<\/ds:Signature>\s*/, '');
const srv52 = d['6.23-signed.xml'].replace('<sr:ServiceReference>6.23<', '<sr:ServiceReference>5.2<').replace('<sr:ServiceReferenceVariant>6.23<', '<sr:ServiceReferenceVariant>5.2<');
// the demo context, where the target ESME has TCoS credentials and the MPID DEMO is first
// found with another User: the DCC routes the 6.23 to the TCoS Party, which would refuse it
// (SRPD 8.1A(b)(iv): its certificates do not belong to that User)
const tcosRefuses = (() => {
  const c = JSON.parse(d['demo-context.json']);
  c.devices[0].cos_credentials = 'TCoS';
  c.users.unshift({ user_id: '90-B3-D5-1F-30-02-00-00', mpids: ['DEMO'] });
  return JSON.stringify(c);
})();

/** A tester's folder on disk: requests (two of one name in different folders), certificates with a private key among them, a context, an ADT file. */
function dayFolder() {
  const root = mkdtempSync(`${tmpdir()}/sec-rules-day-`);
  for (const dir of ['day/requests', 'day/retest', 'day/certs', 'empty']) mkdirSync(`${root}/${dir}`, { recursive: true });
  writeFileSync(`${root}/day/requests/6.23-signed.xml`, d['6.23-signed.xml']);
  writeFileSync(`${root}/day/requests/6.23-tampered.xml`, d['6.23-tampered.xml']);
  writeFileSync(`${root}/day/retest/6.23-signed.xml`, d['6.23-tampered.xml']);
  writeFileSync(`${root}/day/certs/demo-trust-store.pem`, d['demo-trust-store.pem']);
  writeFileSync(`${root}/day/certs/xml-sign-key.pem`, PRIVATE_KEY);
  writeFileSync(`${root}/day/context.json`, d['demo-context.json']);
  writeFileSync(`${root}/6.23-cv2.xml`, d['6.23-cv2.xml']);
  writeFileSync(`${root}/adt.csv`, adtFile(41));
  return root;
}

/** Drags files and folders from disk onto an element, as the OS does (CDP Input.dispatchDragEvent). */
async function dragOnto(page, paths, selector = '[data-testid=drop-zone]') {
  const cdp = await page.context().newCDPSession(page);
  const box = await page.locator(selector).boundingBox();
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  await cdp.detach();
}

/** CSV rows (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
function csvRows(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const verdicts = (page) => page.$$eval('[data-testid=result]', (els) => Object.fromEntries(els.map((e) => [e.dataset.file, [e.dataset.verdict, e.dataset.firstFailure]])));

test('a folder dragged onto the page: checked with the rest of its drop, same names kept apart, each drop its own batch', async () => {
  const root = dayFolder();
  const { page, errors } = await openPage(b);
  await asOf(page, '2024-03-01');
  await andCheck(page, () => dragOnto(page, [`${root}/day`, `${root}/6.23-cv2.xml`]));
  const v = await verdicts(page);
  assert.deepEqual(v['day/requests/6.23-signed.xml'], ['accepted', ''], 'its certificates and context came in the same drop');
  assert.deepEqual(v['day/retest/6.23-signed.xml'], ['rejected', 'duis.signature.digest'], 'a file of the same name in another folder is its own');
  assert.deepEqual(v['day/requests/6.23-tampered.xml'], ['rejected', 'duis.signature.digest']);
  assert.deepEqual(v['6.23-cv2.xml'], ['rejected', 'duis.command-variant.allowed']);
  assert.equal(v['day/certs/xml-sign-key.pem'][0], 'error');
  assert.match(await page.innerText('[data-file="day/certs/xml-sign-key.pem"]'), /this is a private key, not a certificate; keys are never needed/);
  const chips = await page.$$eval('[data-testid=inputs] li', (els) => els.map((e) => `${e.dataset.kind}:${e.dataset.name ?? ''}`));
  assert.ok(chips.includes('certificate:day/certs/demo-trust-store.pem') && chips.includes('context:day/context.json'), chips.join(' '));
  assert.match(await page.textContent('#status'), /^This drop: 5 files checked, 2 inputs taken\./);
  // the next drop: one file, checked alone; the first drop's lines stay as they were
  await andCheck(page, () => dragOnto(page, [`${root}/adt.csv`]));
  assert.match(await page.textContent('#status'), /^This drop: 1 file checked\. 6 files checked here/);
  assert.deepEqual((await verdicts(page))['adt.csv'], ['accepted', '']);
  assert.deepEqual((await verdicts(page))['day/requests/6.23-signed.xml'], ['accepted', '']);
  // the same file dropped again replaces its line, and says so
  await andCheck(page, () => dragOnto(page, [`${root}/adt.csv`]));
  assert.match(await page.textContent('#status'), /1 file of the same name replaced \(adt\.csv\)/);
  assert.equal(await page.locator('[data-testid=result]').count(), 6);
  // an empty folder: said, nothing lost
  await dragOnto(page, [`${root}/empty`]);
  await page.waitForFunction(() => /That drop held no files/.test(document.getElementById('status').textContent));
  assert.equal(await page.locator('[data-testid=result]').count(), 6);
  // the file-name search finds a folder's files
  await page.fill('[data-testid=filter-file]', 'requests/');
  assert.deepEqual(await page.$$eval('[data-testid=result]', (els) => els.map((e) => e.dataset.file).sort()), ['day/requests/6.23-signed.xml', 'day/requests/6.23-tampered.xml']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('settings: a bad value is refused next to its field and never checked; a typed date re-checks once; the worker answers every bad option', async () => {
  const { page, errors } = await openPage(b);
  // today, in the field, by default
  assert.equal(await page.inputValue('[data-testid=as-of]'), await page.evaluate(() => { const t = new Date(); return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`; }));
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [...demo(), file('adt.csv', adtFile(41, 2))]));
  const settled = async () => { await page.waitForTimeout(1200); return checks(page); };
  let n = await checks(page);
  for (const bad of ['-1', '1.5', 'five', '1e3']) {
    await page.fill('[data-testid=cos-count]', bad);
    await page.press('[data-testid=cos-count]', 'Tab');
    assert.match(await page.textContent('[data-testid=cos-count-error]'), /A count is a whole number, 0 or more/, bad);
    assert.equal(await page.getAttribute('[data-testid=cos-count]', 'aria-invalid'), 'true');
    assert.equal(await settled(), n, `${bad}: nothing re-checked`);
    assert.equal(await page.getAttribute('html', 'data-busy'), 'false', `${bad}: the page is not stuck checking`);
  }
  // a good count: used, said in the summary, and above the ADT file's threshold of 2: on its line and in the summary
  await andCheck(page, () => cosCount(page, 3));
  assert.equal(await page.textContent('[data-testid=cos-count-error]'), '');
  assert.match(await page.textContent('[data-testid=applied]'), /as of 2024-03-01, a day's count of 3 6\.23s/);
  assert.equal(await page.locator('[data-file="adt.csv"] [data-testid=count-alert]').count(), 1);
  assert.match(await page.textContent('[data-testid=count-alerts]'), /above the threshold of 1 ADT file \(adt\.csv\)/);
  // a date typed digit by digit (passing through years 0002, 0020, 0202): one re-check
  n = await checks(page);
  await page.focus('[data-testid=as-of]'); // the field's first part, the month (en-US)
  await page.keyboard.type('05012024');
  await page.waitForFunction((k) => Number(document.documentElement.dataset.checked) > k, n);
  assert.equal(await settled(), n + 1, 'one re-check for one typed date');
  assert.equal(await page.inputValue('[data-testid=as-of]'), '2024-05-01');
  assert.match(await page.textContent('[data-testid=applied]'), /as of 2024-05-01/);
  // emptied: refused next to the field, the checks keep the last date
  n = await checks(page);
  await page.fill('[data-testid=as-of]', '');
  await page.press('[data-testid=as-of]', 'Enter');
  assert.match(await page.textContent('[data-testid=as-of-error]'), /Give a complete date/);
  assert.equal(await settled(), n);
  assert.match(await page.textContent('[data-testid=applied]'), /as of 2024-05-01/);
  // the worker itself: every bad option value gets an answer naming it, never a hang
  const answers = await page.evaluate(async () => {
    const w = new Worker('worker.js', { type: 'module' });
    const next = (type) => new Promise((resolve) => {
      const h = ({ data }) => { if (data.type === type) { w.removeEventListener('message', h); resolve(data); } };
      w.addEventListener('message', h);
    });
    await next('ready');
    w.postMessage({ type: 'add', files: [{ name: 'a.xml', bytes: new TextEncoder().encode('<a/>') }] });
    await next('inputs');
    const out = [];
    for (const options of [{ cos_count: -1 }, { cos_count: 1.5 }, { cos_count: '5' }, { as_of: '0002' }, { as_of: '2024-02-30' }, { as_of: 20240301 }, { cosCount: 3 }, { users: { x: ['IS'] } }]) {
      w.postMessage({ type: 'check', options, adtState: {} });
      out.push(await Promise.race([next('done').then((m) => m.error ?? 'checked'), new Promise((r) => { setTimeout(() => r('hung'), 10_000); })]));
    }
    w.terminate();
    return out;
  });
  assert.equal(answers.length, 8);
  for (const a of answers) assert.match(a, /^options/, a);
  assert.deepEqual(errors, []);
  await page.close();
});

test('ADT state across tabs: another tab\'s record is shown, not used, until asked', async () => {
  const a = await openPage(b);
  const other = await b.open('/www/index.html', { context: a.context });
  await other.page.waitForSelector('html[data-ready="true"]');
  for (const p of [a.page, other.page]) {
    await asOf(p, '2024-03-01');
    await andCheck(p, () => p.setInputFiles('[data-testid=file-input]', [file('adt.csv', adtFile(41))]));
  }
  await expand(a.page, 'adt.csv', '[data-testid=adt-record]');
  await a.page.click('[data-testid=adt-record]');
  await other.page.waitForSelector('[data-testid=adt-banner]:not([hidden])');
  // not used until asked: the other tab still checks against its own (empty) state
  await andCheck(other.page, () => other.page.click('[data-testid=recheck]'));
  assert.equal(await other.page.getAttribute('[data-file="adt.csv"]', 'data-verdict'), 'accepted');
  assert.equal(await other.page.getAttribute('[data-testid=inputs] [data-kind=adt-state]', 'data-recorded'), '0');
  await andCheck(other.page, () => other.page.click('[data-testid=adt-use]'));
  assert.equal(await other.page.getAttribute('[data-testid=inputs] [data-kind=adt-state]', 'data-recorded'), '1');
  assert.equal(await other.page.getAttribute('[data-file="adt.csv"]', 'data-first-failure'), 'tadp.adt.sequence-replay');
  assert.ok(await other.page.locator('[data-testid=adt-banner]').isHidden());
  assert.deepEqual([...a.errors, ...other.errors], []);
  await a.context.close();
});

test('the as-of date: shown in the summary and every export; the timeline marker keeps focus by keyboard', async () => {
  const { page, errors } = await openPage(b);
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [...demo(), file('inventory.csv', INV), file('models.json', MODELS)]));
  const marker = '#timeline [data-testid=as-of-marker]';
  await page.focus(marker);
  for (const day of ['2024-03-02', '2024-03-03', '2024-03-04']) {
    await andCheck(page, () => page.keyboard.press('ArrowRight'));
    assert.equal(await page.inputValue('[data-testid=as-of]'), day);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'as-of-marker', 'focus stays on the marker');
    assert.equal(await page.textContent(`${marker} [data-testid=as-of-label]`), `as of ${day}`);
    assert.match(await page.textContent('[data-testid=applied]'), new RegExp(`as of ${day}`));
  }
  const grab = async (id) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${id}]`)]);
    return readFileSync(await dl.path(), 'utf8');
  };
  const jsonl = (await grab('export-jsonl')).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(jsonl.filter((r) => r.as_of !== '2024-03-04').map((r) => `${r.file}: ${r.as_of}`), [], 'every JSON Lines record');
  assert.equal(jsonl.length, 8, 'the seven requests and the inventory');
  const csv = csvRows(await grab('export-csv'));
  const col = csv[0].indexOf('as_of');
  assert.ok(col >= 0 && csv.length > 10 && csv.slice(1).every((r) => r[col] === '2024-03-04'), 'every CSV row');
  const sarifText = await grab('export-sarif');
  const sarif = JSON.parse(sarifText);
  // Microsoft's validator accepts the page's SARIF as it is: no error, no warning
  const tool = new URL('../../node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool', import.meta.url).pathname;
  if (existsSync(tool)) {
    const dir = mkdtempSync(`${tmpdir()}/sec-rules-page-sarif-`);
    writeFileSync(`${dir}/page.sarif`, sarifText);
    execFileSync(tool, ['validate', `${dir}/page.sarif`, '-o', `${dir}/validation.sarif`], { stdio: 'pipe' });
    const found = JSON.parse(readFileSync(`${dir}/validation.sarif`, 'utf8')).runs[0].results ?? [];
    assert.deepEqual(found.map((r) => `${r.level} ${r.ruleId}`), []);
  } else assert.ok(!process.env.SEC_RULES_REQUIRE_ORACLES, 'the SARIF Multitool is required here: run scripts/setup.sh');
  assert.ok(sarif.runs[0].results.length > 0 && sarif.runs[0].results.every((r) => r.properties.as_of === '2024-03-04'), 'every SARIF result');
  assert.deepEqual(sarif.runs[0].properties.as_of, ['2024-03-04'], 'and the run');
  const devices = (await grab('export-devices')).trim().split('\r\n');
  assert.ok(devices[0].endsWith(',as_of') && devices.slice(1).every((l) => l.endsWith(',2024-03-04')), 'every device row');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a phone: the marker\'s grip takes a finger, and the date it is let go at is the one checked', async () => {
  const { page, errors } = await b.open('/www/index.html', { width: 390, height: 844, touch: true });
  await page.waitForSelector('html[data-ready="true"]');
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', demo()));
  const grip = page.locator('#timeline [data-testid=as-of-grip]');
  await grip.scrollIntoViewIfNeeded();
  const box = await grip.boundingBox();
  assert.ok(box.width >= 24, `the grip is ${box.width}px wide`);
  const cdp = await page.context().newCDPSession(page);
  const x = box.x + box.width / 2;
  const y = box.y + Math.min(box.height / 2, 40);
  await andCheck(page, async () => {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    for (let k = 1; k <= 8; k++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x + k * 8, y }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  });
  const field = await page.inputValue('[data-testid=as-of]');
  assert.ok(field > '2024-03-01', `moved on to ${field}`);
  assert.equal(await page.textContent('#timeline [data-testid=as-of-label]'), `as of ${field}`, 'the label is the date checked');
  assert.match(await page.textContent('[data-testid=applied]'), new RegExp(`as of ${field}`));
  const shown = await page.$$eval('[data-testid=result]', (els) => [...new Set(els.map((e) => e.dataset.verdict))]);
  assert.ok(shown.length > 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('one-line reasons: a note when nothing was left unrun; "Unsigned drafts" leaves signed files signed', async () => {
  const { page, errors } = await openPage(b);
  await asOf(page, '2030-01-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [file('inventory.csv', INV), file('models.json', MODELS)]));
  assert.equal(await page.getAttribute('[data-file="inventory.csv"]', 'data-verdict'), 'incomplete');
  const text = await page.innerText('[data-file="inventory.csv"] summary');
  assert.match(text, /the ETMAD is in force from 2023-06-30 until 2024-11-01/);
  assert.doesNotMatch(text, /0 checks not run/);
  await andCheck(page, () => asOf(page, '2024-03-01'));
  await andCheck(page, () => page.check('#draft'));
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [...demo(), file('draft.xml', unsigned)]));
  const v = await verdicts(page);
  assert.deepEqual(v['6.23-signed.xml'], ['accepted', ''], 'a signed file is checked as signed');
  assert.deepEqual(v['6.23-tampered.xml'], ['rejected', 'duis.signature.digest'], 'its bad signature is not hidden');
  assert.notEqual(v['draft.xml'][0], 'rejected');
  await expand(page, 'draft.xml');
  assert.match(await page.innerText('[data-file="draft.xml"]'), /draft/i);
  assert.deepEqual(errors, []);
  await page.close();
});

for (const [width, height] of [[1366, 900], [390, 844]]) {
  test(`pictures at ${width} px: no text outside its picture, text at least 11 px, one scale, the journey only for 6.23s and ending where the party refuses`, async () => {
    const { page, errors } = await openPage(b, '', { width, height });
    await asOf(page, '2024-03-01');
    await cosCount(page, 150);
    const files = [...demo().filter((f) => f.name !== 'demo-context.json'), file('context.json', tcosRefuses), file('5.2.xml', srv52),
      file('adt.csv', adtFile(41)), file('inventory.csv', INV), file('models.json', MODELS)];
    await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', files));
    await expand(page, '6.23-signed.xml', '[data-testid=route]');
    const route = '[data-file="6.23-signed.xml"] [data-testid=route]';
    assert.equal(await page.getAttribute(`${route} [data-party=tcos]`, 'data-expected'), 'refuses');
    assert.equal(await page.getAttribute(`${route} [data-party=tcos]`, 'class'), 'step step-fail');
    assert.match(await page.textContent(`${route} [data-party=tcos]`), /SRPD 8\.3A/);
    for (const step of ['duis', 'srpd', 'route']) assert.equal(await page.getAttribute(`${route} [data-step=${step}]`, 'class'), 'step step-pass', `the DCC's own ${step} step`);
    assert.equal(await page.locator(`${route} [data-step=target]`).count(), 0, 'no target time after a refusal');
    assert.match(await page.innerText('[data-file="6.23-signed.xml"] figcaption'), /would refuse it \(SRPD 8\.3A\)/);
    await expand(page, '5.2.xml');
    assert.equal(await page.locator('[data-file="5.2.xml"] [data-testid=route]').count(), 0, 'no journey for a 5.2');
    await expand(page, 'adt.csv', '[data-testid=thresholds-chart]');
    await expand(page, 'inventory.csv', '[data-testid=funnel]');
    // the Non-Migratable model's devices on the devices' scale: 1 of 3
    const [all, model] = await page.$$eval('[data-testid=funnel] g.bar rect', (rs) => [rs[0].getBBox().width, rs[rs.length - 1].getBBox().width]);
    assert.ok(Math.abs(model / all - 1 / 3) < 0.02, `model bar ${model} of ${all}`);
    // the timeline reaches past the as-of date
    await andCheck(page, () => asOf(page, '2031-06-01'));
    assert.equal(await page.getAttribute('#timeline [data-testid=as-of-marker]', 'data-day'), '2031-06-01');
    const years = await page.$$eval('#timeline .year-label', (ts) => ts.map((t) => Number(t.textContent)));
    assert.ok(Math.max(...years) >= 2031, `years ${years}`);
    await andCheck(page, () => asOf(page, '2024-03-01'));
    // the opened files stay open across the re-checks; their pictures are drawn again
    for (const [name, what] of [['6.23-signed.xml', 'route'], ['adt.csv', 'thresholds-chart'], ['inventory.csv', 'funnel']]) await page.waitForSelector(`[data-file="${name}"] [data-testid=${what}]`);
    const bad = await page.evaluate(() => {
      const out = [];
      for (const svg of document.querySelectorAll('svg.diagram')) {
        const vb = svg.viewBox.baseVal;
        const scale = svg.getBoundingClientRect().width / vb.width;
        for (const t of svg.querySelectorAll('text')) {
          if (!t.textContent.trim()) continue;
          const bb = t.getBBox();
          const px = parseFloat(getComputedStyle(t).fontSize) * scale;
          if (bb.x < -0.5 || bb.y < -0.5 || bb.x + bb.width > vb.width + 0.5 || bb.y + bb.height > vb.height + 0.5) out.push(`${svg.dataset.testid}: "${t.textContent}" at ${Math.round(bb.x)}–${Math.round(bb.x + bb.width)} of ${vb.width}`);
          if (px < 11) out.push(`${svg.dataset.testid}: "${t.textContent}" at ${px.toFixed(1)} px`);
        }
      }
      return out;
    });
    assert.deepEqual(bad, []);
    assert.ok(await page.locator('svg.diagram').count() >= 4);
    const [scroll, inner] = await page.evaluate(() => [document.scrollingElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= inner + 1, `the page is ${scroll}px wide in ${inner}px: pictures scroll in their own box`);
    await page.screenshot({ path: `${artifacts}/day-${width}.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('filters and exports narrow: "Failures only" exports only failures; Document, "6.23" and file searches', async () => {
  const { page, errors } = await openPage(b);
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [...demo(), file('adt.csv', adtFile(41)), file('inventory.csv', INV), file('models.json', MODELS)]));
  const grab = async (id) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${id}]`)]);
    return readFileSync(await dl.path(), 'utf8');
  };
  await page.check('[data-testid=filter-failures]');
  const shownFiles = await page.$$eval('[data-testid=result]', (els) => els.map((e) => e.dataset.file).sort());
  const [head, ...rows] = csvRows(await grab('export-csv'));
  assert.ok(rows.length > 0 && rows.every((r) => r[head.indexOf('outcome')] === 'fail' || r[head.indexOf('verdict')] === 'error'), 'only failures');
  assert.deepEqual([...new Set(rows.map((r) => r[0]))].sort(), shownFiles, 'only the files shown');
  const jsonl = (await grab('export-jsonl')).trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(jsonl.every((r) => (r.findings ?? []).every((f) => f.outcome === 'fail')));
  // shown rows on the page are the exported ones
  await expand(page, '6.23-tampered.xml');
  const visible = await page.$$eval('[data-file="6.23-tampered.xml"] [data-testid=trace] tbody tr:not([hidden])', (trs) => trs.map((t) => t.dataset.rule));
  assert.deepEqual(visible, jsonl.find((r) => r.file === '6.23-tampered.xml').findings.map((f) => f.rule));
  await page.uncheck('[data-testid=filter-failures]');
  // "6.23" finds the 623 rules
  await page.fill('[data-testid=filter-rule]', '6.23');
  const ruleRows = await page.$$eval('[data-file="6.23-tampered.xml"] [data-testid=trace] tbody tr:not([hidden])', (trs) => trs.map((t) => t.dataset.rule));
  assert.ok(ruleRows.length > 0 && ruleRows.every((r) => r.includes('623')), ruleRows.join(' '));
  await page.fill('[data-testid=filter-rule]', '');
  // the Document filter: a file whose SRPD rows were all skipped or not run is not an SRPD match
  await page.selectOption('[data-testid=filter-document]', 'SRPD');
  const srpd = await page.$$eval('[data-testid=result]', (els) => els.map((e) => e.dataset.file));
  assert.ok(srpd.includes('6.23-signed.xml') && !srpd.includes('6.23-tampered.xml') && !srpd.includes('adt.csv'), srpd.join(' '));
  await page.selectOption('[data-testid=filter-document]', '');
  await page.fill('[data-testid=filter-file]', 'CV2');
  assert.deepEqual(await page.$$eval('[data-testid=result]', (els) => els.map((e) => e.dataset.file)), ['6.23-cv2.xml']);
  // a Place link of a passing check goes to its line
  await page.fill('[data-testid=filter-file]', '');
  await expand(page, '6.23-signed.xml');
  const place = page.locator('[data-file="6.23-signed.xml"] [data-testid=trace] tr[data-outcome=pass] a.place').first();
  const line = await place.getAttribute('data-line');
  await place.click();
  await page.waitForSelector(`[data-file="6.23-signed.xml"] pre [data-line="${line}"].line-target`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('inputs told apart in the embed too: a private key named as one, the page\'s words, an as-of date', async () => {
  const { page, errors } = await b.open('/www/embed.html');
  const zone = page.locator('[data-testid=embed-check]');
  await zone.locator('[data-testid=embed-as-of]').waitFor();
  const today = await zone.locator('[data-testid=embed-as-of]').inputValue();
  assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
  await zone.locator('[data-testid=embed-as-of]').fill('2024-03-01');
  await zone.locator('[data-testid=embed-input]').setInputFiles([file('key.pem', PRIVATE_KEY), file('6.23-signed.xml', d['6.23-signed.xml'])]);
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-check]').shadowRoot.querySelectorAll('li').length >= 2);
  const text = await zone.locator('ul').innerText();
  assert.match(text, /key\.pem: this is a private key, not a certificate; keys are never needed/);
  assert.match(text, /6\.23-signed\.xml: \w+ as of 2024-03-01/);
  assert.doesNotMatch(text, /--trust|--context|--all/);
  assert.deepEqual(errors, []);
  await page.close();
});
