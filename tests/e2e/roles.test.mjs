// "Your User IDs and roles" (issue 22): without roles a request is incomplete and its line says
// the one thing to give; roles typed on the page become a chip and re-check; a role that may not
// send the SRV is E2; a bad value is refused next to the field, never sent to the checker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './browser.mjs';
import { andCheck, asOf, demoFiles, file, openPage } from './helpers.mjs';

let b;
before(async () => { b = await start(); });
after(async () => { await b.stop(); });

const verdictOf = (page, name) => page.getAttribute(`[data-testid=result][data-file="${name}"]`, 'data-verdict');

test('roles typed on the page: incomplete without them, E2 with the wrong one, accepted with the right one', async () => {
  const { page, errors } = await openPage(b);
  const d = Object.fromEntries(demoFiles().map((s) => [s.name, s.content]));
  const noRoles = d['demo-context.json'].replace(', "roles": ["IS"]', '');
  assert.notEqual(noRoles, d['demo-context.json']);
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', [
    file('trust.pem', d['demo-trust-store.pem']), file('context.json', noRoles), file('6.23-signed.xml', d['6.23-signed.xml'])]));
  assert.equal(await verdictOf(page, '6.23-signed.xml'), 'incomplete');
  const line = await page.innerText('[data-testid=result][data-file="6.23-signed.xml"] summary');
  assert.match(line, /Incomplete only because the User Roles of 90-B3-D5-1F-30-01-00-00 are not known/);
  assert.doesNotMatch(line, /checks not run/);

  // a bad value is refused where it is typed, and nothing is re-checked
  const before = await page.evaluate(() => document.documentElement.dataset.checked);
  await page.fill('[data-testid=user-roles]', '90-B3-D5-1F-30-01-00-00=Supplier');
  await page.press('[data-testid=user-roles]', 'Enter');
  assert.match(await page.textContent('[data-testid=user-roles-error]'), /“Supplier” is not a SEC User Role code/);
  assert.equal(await page.getAttribute('[data-testid=user-roles]', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.checked), before);

  // Export Supplier may not send a 6.23: E2
  await page.fill('[data-testid=user-roles]', '90B3D51F30010000=es');
  await andCheck(page, () => page.click('[data-testid=add-roles]'));
  assert.equal(await page.textContent('[data-testid=user-roles-error]'), '');
  assert.match(await page.innerText('[data-testid=inputs] [data-kind=roles]'), /roles: 90-B3-D5-1F-30-01-00-00 = ES/);
  assert.equal(await verdictOf(page, '6.23-signed.xml'), 'rejected');
  assert.equal(await page.getAttribute('[data-file="6.23-signed.xml"]', 'data-first-failure'), 'duis.access.role-eligible');
  assert.match(await page.innerText('[data-file="6.23-signed.xml"] summary'), /E2.*may be sent by Import Supplier \(IS\) or Gas Supplier \(GS\) only/);

  // the chip removed and Import Supplier given: accepted
  await andCheck(page, () => page.click('[data-testid=inputs] [data-kind=roles] .remove'));
  await page.fill('[data-testid=user-roles]', '90-B3-D5-1F-30-01-00-00=IS');
  await andCheck(page, () => page.press('[data-testid=user-roles]', 'Enter'));
  assert.equal(await verdictOf(page, '6.23-signed.xml'), 'accepted');
  assert.deepEqual(errors, []);
});

test('the demo still shows an accepted 6.23: its context gives the sender a role', async () => {
  const { page, errors } = await openPage(b, '?demo');
  await page.waitForSelector('[data-testid=result][data-file="6.23-signed.xml"]');
  assert.match(demoFiles().find((s) => s.name === 'demo-context.json').content, /"roles": \["IS"\]/);
  await page.waitForFunction(() => Number(document.documentElement.dataset.checked ?? 0) > 0);
  assert.equal(await verdictOf(page, '6.23-signed.xml'), 'accepted');
  assert.deepEqual(errors, []);
});
