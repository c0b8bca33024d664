// Shared e2e set-up: a static server on 127.0.0.1 for the repository root, Debian Chromium
// driven by playwright-core, pages that record errors and any request leaving the origin.
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const artifacts = `${root}test-artifacts`;

export async function start() {
  mkdirSync(artifacts, { recursive: true });
  const srv = await serve(root);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const offOrigin = [];
  // `touch`: a phone's touch screen (touch events, no mouse hover)
  async function open(path, { width = 1280, height = 900, touch = false, context: shared } = {}) {
    const context = shared ?? await browser.newContext({ viewport: { width, height }, acceptDownloads: true, hasTouch: touch, isMobile: touch });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    context.on('request', (r) => { if (!/^(data|blob):/.test(r.url()) && !r.url().startsWith(srv.origin)) offOrigin.push(r.url()); });
    // every response of the context (its workers' too), with its body's size, from the start
    const responses = [];
    context.on('response', async (r) => {
      const entry = { path: new URL(r.url()).pathname, bytes: 0 };
      responses.push(entry);
      try { entry.bytes = (await r.body()).length; } catch { entry.bytes = Number(r.headers()['content-length'] ?? 0); }
    });
    await page.goto(`${srv.origin}${path}`);
    return { page, errors, context, responses };
  }
  async function stop() { await browser.close(); srv.server.close(); }
  return { open, stop, offOrigin, origin: srv.origin, served: srv.served };
}

/** The release module in node, for building fixtures the way the page's demo does. */
export async function module() {
  const m = await import(`${root}pkg/sec_rules.js`);
  m.initSync({ module: readFileSync(`${root}pkg/sec_rules_bg.wasm`) });
  return m;
}
