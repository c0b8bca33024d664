// Helpers shared by the page's end-to-end tests.
import { readFileSync } from 'node:fs';

export const demoFiles = () => JSON.parse(readFileSync(new URL('../../www/demo/index.json', import.meta.url), 'utf8'))
  .map((s) => ({ ...s, content: readFileSync(new URL(`../../www/demo/${s.name}`, import.meta.url), 'utf8') }));
export const demo = () => demoFiles().map((s) => ({ name: s.name, mimeType: 'application/octet-stream', buffer: Buffer.from(s.content) }));
export const file = (name, content) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(content) });

export const ADT = 'UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n90-B3-D5-1F-30-01-00-00,9,6.23,1440,10,5\n';
export const INV = 'device_id,device_type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier\n'
  + '00-00-00-00-00-00-00-01,ESME,2,Commissioned,TCoS,M,X,1,2,,2020-01-01,,,,,\n'
  + '00-00-00-00-00-00-00-02,GPF,2,Commissioned,TCoS,,,,,00-00-00-00-00-00-00-03,2020-01-01,,,,,ELECCO\n'
  + '00-00-00-00-00-00-00-03,CHF,2,Commissioned,TCoS,M,H,1,1,,2020-01-01,,,,,\n';
export const MODELS = '{ "non_migratable": [ { "manufacturer": "M", "model": "X", "hardware_version": "1", "firmware_version": "2" } ] }';

/** Opens the page and waits for the module (and its worker). */
export async function openPage(b, query = '', size) {
  const p = await b.open(`/www/index.html${query}`, size);
  await p.page.waitForSelector('html[data-ready="true"]');
  return p;
}

/** How many checks have completed on the page. */
export const checks = (page) => page.evaluate(() => Number(document.documentElement.dataset.checked ?? 0));

/** Does `act`, then waits for the next check to complete. */
export async function andCheck(page, act) {
  const before = await checks(page);
  await act();
  await page.waitForFunction((n) => Number(document.documentElement.dataset.checked ?? 0) > n, before, { timeout: 120_000 });
}

/** Sets the as-of date and uses it at once, as Enter does (a change re-checks what is there). */
export async function asOf(page, day) {
  await page.fill('[data-testid=as-of]', day);
  await page.press('[data-testid=as-of]', 'Enter');
}

/** Sets the day's count of 6.23s and uses it at once. */
export async function cosCount(page, n) {
  await page.fill('[data-testid=cos-count]', String(n));
  await page.press('[data-testid=cos-count]', 'Enter');
}

/** Opens a file's line and waits for its body. */
export async function expand(page, name, what = '[data-testid=trace]') {
  await page.click(`[data-testid=result][data-file="${name}"] summary`);
  await page.waitForSelector(`[data-testid=result][data-file="${name}"] ${what}`);
}
