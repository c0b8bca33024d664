// What users get from the page and the embeds, measured in Debian Chromium (issue 26), for
// bench/batch-bench.mjs: the page's door (pick → every verdict shown) with its pool of
// checking workers, the bytes a documentation page transfers before anyone drops a file, and a
// cold load of the page to the demo's first answers over an emulated 4G network.
import { readFileSync, readdirSync } from 'node:fs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The page's door: the trust store and context given, then `dir`'s requests picked; µs per
 * file from the pick's change event to the last verdict shown, a fresh page per run. `pause`:
 * milliseconds between the page being ready and the pick (a user's time to choose files; the
 * worker warms the module up meanwhile).
 */
export async function pageDoor(browser, origin, dir, { workers, runs = 3, pause = 1500, query = '' } = {}) {
  const names = readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
  const file = (name) => ({ name, mimeType: 'application/octet-stream', buffer: readFileSync(`${dir}/${name}`) });
  const docs = names.map(file);
  const times = [];
  let verdicts = null;
  let size = 0;
  for (let r = 0; r < runs; r++) {
    const page = await browser.newPage();
    await page.goto(`${origin}/www/index.html?${workers ? `workers=${workers}` : ''}${query}`);
    await page.waitForSelector('html[data-ready="true"]');
    size = Number(await page.getAttribute('html', 'data-workers'));
    await page.fill('[data-testid=as-of]', '2024-03-01');
    await page.press('[data-testid=as-of]', 'Enter');
    await page.setInputFiles('[data-testid=file-input]', [file('trust.pem'), file('context.json')]);
    await page.waitForFunction(() => /Inputs ready/.test(document.getElementById('status').textContent));
    await page.waitForTimeout(pause);
    await page.evaluate(() => {
      window.timing = {};
      document.getElementById('file-input').addEventListener('change', () => { window.timing.change = performance.now(); }, { capture: true });
      new MutationObserver(() => { if (document.documentElement.dataset.checked === '1') window.timing.done ??= performance.now(); })
        .observe(document.documentElement, { attributes: true, attributeFilter: ['data-checked'] });
    });
    await page.setInputFiles('[data-testid=file-input]', docs);
    await page.waitForFunction(() => window.timing.done, null, { timeout: 120_000 });
    const t = await page.evaluate(() => window.timing);
    times.push(((t.done - t.change) * 1000) / docs.length);
    verdicts ??= await page.$$eval('[data-testid=result]', (els) => els.reduce((v, e) => ({ ...v, [e.dataset.verdict]: (v[e.dataset.verdict] ?? 0) + 1 }), {}));
    await page.close();
  }
  return { us: median(times), workers: size, verdicts, runs: times };
}

/** The bytes a documentation page (www/embed.html) transfers before any interaction, and whether the module is among them. */
export async function embedBytes(browser, origin) {
  const page = await browser.newPage();
  const got = [];
  page.on('response', async (r) => { try { got.push({ path: new URL(r.url()).pathname, bytes: (await r.body()).length }); } catch { /* redirected */ } });
  await page.goto(`${origin}/www/embed.html`);
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-timeline]')?.shadowRoot?.querySelector('[data-testid=timeline]')
    && document.querySelector('[data-testid=embed-journey]')?.shadowRoot?.querySelector('[data-testid=route]'));
  await page.waitForTimeout(1000);
  await page.close();
  return { bytes: got.reduce((n, r) => n + r.bytes, 0), files: got.length, module: got.some((r) => /sec_rules(_bg)?\.(wasm|js)$/.test(r.path)) };
}

/**
 * A first visit over 4G (9 Mbit/s down, 170 ms round trip; an empty cache; the server gzips): from
 * navigation to the demo's first answers (?demo loads the built-in demo at once), and how many
 * times the module was fetched.
 */
export async function coldLoad4g(browser, origin, { runs = 3 } = {}) {
  const times = [];
  let wasm = 0;
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    // a fresh context: an empty cache, as on a first visit (not DevTools' "disable cache", which
    // also refuses what the visit itself would keep)
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 170, downloadThroughput: (9e6 / 8), uploadThroughput: (9e6 / 8) });
    let fetched = 0;
    context.on('request', (q) => { if (q.url().endsWith('.wasm')) fetched += 1; });
    const t0 = Date.now();
    await page.goto(`${origin}/www/index.html?demo`);
    await page.waitForFunction(() => Number(document.documentElement.dataset.checked ?? 0) >= 1, null, { timeout: 120_000 });
    times.push(Date.now() - t0);
    wasm = fetched;
    await context.close();
  }
  return { ms: median(times), wasmFetches: wasm, runs: times };
}
