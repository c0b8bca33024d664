// End-to-end: serve the repository root on 127.0.0.1, drive Debian Chromium with
// playwright-core, set files on the input and assert the rendered verdicts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, artifacts } from './browser.mjs';

let b;
before(async () => { b = await start(); });
after(async () => { await b.stop(); });

async function open(query = '') {
  const { page, errors } = await b.open(`/www/index.html${query}`);
  await page.waitForSelector('html[data-ready="true"]');
  return { page, errors };
}

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

test('a file set on the input gets its verdict rendered', async () => {
  const { page, errors } = await open();
  await page.fill('#as-of', '2024-03-01');
  await page.setInputFiles('[data-testid=file-input]', [
    { name: 'cv3.xml', mimeType: 'text/xml', buffer: Buffer.from(req623(3)) },
    { name: 'broken.xml', mimeType: 'text/xml', buffer: Buffer.from('<sr:Request>') },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=result]').length === 2);
  const cv3 = page.locator('[data-testid=result][data-file="cv3.xml"]');
  assert.equal(await cv3.getAttribute('data-verdict'), 'rejected');
  assert.equal(await cv3.getAttribute('data-first-failure'), 'duis.command-variant.allowed');
  assert.match(await cv3.innerText(), /response code E12/);
  const broken = page.locator('[data-testid=result][data-file="broken.xml"]');
  assert.equal(await broken.getAttribute('data-first-failure'), 'duis.xml.well-formed');
  await page.screenshot({ path: `${artifacts}/page-results.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the built-in demo runs and the catalogue renders from the module', async () => {
  const { page, errors } = await open('?demo');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=result]').length >= 6);
  const verdicts = await page.$$eval('[data-testid=result]', (els) => els.map((e) => [e.dataset.file, e.dataset.verdict, e.dataset.firstFailure]));
  const want = [
    ['6.23-signed.xml', 'accepted', ''],
    ['6.23-tampered.xml', 'rejected', 'duis.signature.digest'],
    ['6.23-signed-with-supplier-key.xml', 'rejected', 'duis.signer.xmlsign-role'],
    ['6.23-cv2.xml', 'rejected', 'duis.command-variant.allowed'],
    ['xxe.xml', 'rejected', 'duis.xml.well-formed'],
  ];
  for (const w of want) assert.ok(verdicts.some((v) => JSON.stringify(v) === JSON.stringify(w)), `${w} in ${JSON.stringify(verdicts)}`);
  assert.equal(await page.getAttribute('[data-testid=trust-store]', 'data-count'), '4');
  assert.match(await page.innerText('[data-file="6.23-signed-with-supplier-key.xml"]'), /response code E65/);
  assert.match(await page.innerText('[data-file="6.23-signed.xml"]'), /Route: ecos under SRPD 8\.1 \(ETMAD deleted: every 6\.23 to the CoS Party\), target 35 s/);
  await page.screenshot({ path: `${artifacts}/page-demo.png` });
  const rows = await page.$$eval('#catalogue tr[data-rule]', (els) => els.map((e) => e.dataset.rule));
  assert.ok(rows.includes('srpd.623.route') && rows.includes('tmad.dormancy.cos-within-2-working-days'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('an ADT file shows its thresholds, defaults marked, and its sequence number is remembered', async () => {
  const { page, errors } = await open();
  await page.fill('#as-of', '2024-03-01');
  const adt = 'UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n'
    + '90-B3-D5-1F-30-01-00-00,41,6.23,1440,100,80\n';
  await page.setInputFiles('[data-testid=file-input]', [{ name: 'adt.csv', mimeType: 'text/csv', buffer: Buffer.from(adt) }]);
  await page.waitForSelector('[data-testid=result][data-file="adt.csv"]');
  assert.equal(await page.getAttribute('[data-file="adt.csv"]', 'data-verdict'), 'accepted');
  assert.equal(await page.locator('[data-testid=thresholds] tr[data-source=default]').count(), 37);
  assert.equal(await page.locator('[data-testid=thresholds] tr[data-source=file]').count(), 1);
  assert.match(await page.textContent('[data-testid=adt-state]'), /"90-B3-D5-1F-30-01-00-00": 41/);
  // the same file again is a replay, remembered across page loads in browser storage
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await page.fill('#as-of', '2024-03-01');
  await page.setInputFiles('[data-testid=file-input]', [{ name: 'adt.csv', mimeType: 'text/csv', buffer: Buffer.from(adt) }]);
  await page.waitForSelector('[data-testid=result][data-file="adt.csv"]');
  assert.equal(await page.getAttribute('[data-file="adt.csv"]', 'data-first-failure'), 'tadp.adt.sequence-replay');
  await page.click('details.state summary');
  await page.click('#adt-state-reset');
  assert.match(await page.textContent('[data-testid=adt-state]'), /empty/);
  await page.screenshot({ path: `${artifacts}/page-adt.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('an inventory with its models file shows each device and the EMRR summaries', async () => {
  const { page, errors } = await open();
  await page.fill('#as-of', '2024-03-01');
  const inv = 'device_id,device_type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier\n'
    + '00-00-00-00-00-00-00-01,ESME,2,Commissioned,TCoS,M,X,1,2,,2020-01-01,,,,,\n'
    + '00-00-00-00-00-00-00-02,GPF,2,Commissioned,TCoS,,,,,00-00-00-00-00-00-00-03,2020-01-01,,,,,ELECCO\n'
    + '00-00-00-00-00-00-00-03,CHF,2,Commissioned,TCoS,M,H,1,1,,2020-01-01,,,,,\n';
  const models = '{ "non_migratable": [ { "manufacturer": "M", "model": "X", "hardware_version": "1", "firmware_version": "2" } ] }';
  await page.setInputFiles('[data-testid=file-input]', [
    { name: 'inventory.csv', mimeType: 'text/csv', buffer: Buffer.from(inv) },
    { name: 'models.json', mimeType: 'application/json', buffer: Buffer.from(models) },
  ]);
  await page.waitForSelector('[data-testid=result][data-file="inventory.csv"]');
  const rows = await page.$$eval('[data-testid=devices] tbody tr', (els) => els.map((e) => [e.dataset.device, e.dataset.status]));
  assert.deepEqual(rows, [['00-00-00-00-00-00-00-01', 'ineligible'], ['00-00-00-00-00-00-00-02', 'eligible'], ['00-00-00-00-00-00-00-03', 'eligible']]);
  assert.match(await page.innerText('[data-testid=devices]'), /ELECCO/);
  assert.match(await page.innerText('[data-testid=summary-non-migratable]'), /M X hw 1 fw 2\s+1/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('no request left the origin', () => {
  assert.deepEqual(b.offOrigin, []);
});
