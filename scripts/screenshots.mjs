// Retakes the README's screenshots (docs/*.png) from the page as it is: `node scripts/screenshots.mjs`
// after a release build of pkg/ (the page's demo, a 6.23's journey, a phone, the embeds).
import { fileURLToPath } from 'node:url';
import { start } from '../tests/e2e/browser.mjs';
import { andCheck } from '../tests/e2e/helpers.mjs';

const docs = fileURLToPath(new URL('../docs/', import.meta.url));
const b = await start();
const demoPage = async (size) => {
  const { page } = await b.open('/www/index.html', size);
  await page.waitForSelector('html[data-ready="true"]');
  await page.fill('[data-testid=as-of]', '2024-03-01');
  await page.press('[data-testid=as-of]', 'Enter');
  await andCheck(page, () => page.click('#demo'));
  return page;
};
const desktop = await demoPage({ width: 1366, height: 900 });
await desktop.screenshot({ path: `${docs}page.png` });
await desktop.click('[data-file="6.23-signed.xml"] summary');
await desktop.waitForSelector('[data-file="6.23-signed.xml"] [data-testid=route]');
await desktop.locator('[data-file="6.23-signed.xml"] figure').screenshot({ path: `${docs}page-route.png` });
const phone = await demoPage({ width: 390, height: 844, touch: true });
await phone.screenshot({ path: `${docs}page-phone.png` });
const { page: embed } = await b.open('/www/embed.html', { width: 1366, height: 900 });
await embed.waitForSelector('sec-rules-timeline');
await embed.waitForTimeout(1000);
await embed.screenshot({ path: `${docs}embed.png`, fullPage: true });
await b.stop();
console.log(`screenshots written to ${docs}`);
