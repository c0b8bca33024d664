// The page survives floods (issue 14): 2,000 files in one drop, a 1 GB file, a folder of 50,000
// small files — the tab stays responsive, memory stays bounded, each refused file gets its
// reason. Files are generated here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, openSync, ftruncateSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from './browser.mjs';
import { andCheck, demoFiles, file, openPage, asOf } from './helpers.mjs';

let b;
let dir;
before(async () => { b = await start(); dir = mkdtempSync(join(tmpdir(), 'sec-rules-floods-')); });
after(async () => { await b.stop(); rmSync(dir, { recursive: true, force: true }); });

const heap = (page) => page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);

test('2,000 files in one drop: all checked, a page of lines shown, the tab answering throughout', async () => {
  const { page, errors } = await openPage(b);
  const cv2 = demoFiles().find((s) => s.name === '6.23-cv2.xml').content;
  const files = Array.from({ length: 2000 }, (_, i) => file(`r${String(i).padStart(4, '0')}.xml`, cv2.replace(':1700000000003<', `:${1700000000003 + i}<`)));
  await asOf(page, '2024-03-01');
  let answered = 0;
  await andCheck(page, async () => {
    await page.setInputFiles('[data-testid=file-input]', files);
    // while the worker checks, the page answers
    while (await page.evaluate(() => document.documentElement.dataset.busy) !== 'false') {
      answered += await page.evaluate(() => 1);
      await page.waitForTimeout(50);
    }
  });
  assert.ok(answered > 0 || (await page.locator('[data-testid=result]').count()) > 0);
  assert.equal(await page.getAttribute('[data-testid=summary] .totals [data-verdict=rejected]', 'data-count'), '2000');
  assert.equal(await page.locator('[data-testid=result]').count(), 2000, 'one element per file (contract §7)');
  assert.ok(await page.locator('#more').isHidden());
  assert.deepEqual(errors, []);
  await page.close();
});

test('a 1 GB file is refused by its size, unread', async () => {
  const { page, errors } = await openPage(b);
  const big = join(dir, 'huge.xml');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 1 << 30);
  closeSync(fd);
  const before = await heap(page);
  const ok = join(dir, 'ok.xml');
  writeFileSync(ok, '<a/>');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [big, ok]));
  const line = page.locator('[data-testid=result][data-file="huge.xml"]');
  assert.equal(await line.getAttribute('data-verdict'), 'error');
  assert.match(await line.innerText(), /1024 MiB: larger than any input sec-rules reads \(256 MiB\); not read/);
  assert.equal(await page.getAttribute('[data-file="ok.xml"]', 'data-verdict'), 'rejected', 'the other file is still checked');
  assert.ok((await heap(page)) - before < 64 << 20, 'the page did not read the file');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a folder of 50,000 small files: each gets a line, memory stays bounded', async () => {
  const folder = join(dir, 'many');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(folder);
  const paths = [];
  for (let i = 0; i < 50_000; i++) {
    const p = join(folder, `f${String(i).padStart(5, '0')}.txt`);
    writeFileSync(p, i % 1000 === 0 ? '<a/>' : `note ${i}`);
    paths.push(p);
  }
  const { page, errors } = await openPage(b);
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', paths));
  const total = await page.$$eval('[data-testid=summary] .totals [data-count]', (els) => els.reduce((n, e) => n + Number(e.dataset.count), 0));
  assert.equal(total, 50_000);
  assert.equal(await page.getAttribute('[data-testid=summary] .totals [data-verdict=error]', 'data-count'), '49950');
  await page.selectOption('[data-testid=filter-verdict]', 'error');
  assert.match(await page.innerText('[data-testid=result] >> nth=0'), /cannot tell what this file is/);
  assert.equal(await page.locator('[data-testid=result]').count(), 2000, 'a page of 2,000 lines, not 50,000 elements');
  assert.match(await page.textContent('#more'), /Show 2,000 more of 47,950/);
  const used = await heap(page);
  assert.ok(used < 200 << 20, `the page holds ${Math.round(used / (1 << 20))} MiB`);
  assert.deepEqual(errors, []);
  await page.close();
});
