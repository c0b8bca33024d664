// Trust anchors on the page (issue 23): a request signed in a test environment whose OCA is not
// published (the demo's 6.23-test-environment.xml, as DCC Boxed's requests are) is rejected with
// the reason; one click in its report trusts the signer's certificate as given, the chip says
// so, and the request is accepted with a note that the answer rests on a trust anchor. Unticking
// the chip's switch takes it back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './browser.mjs';
import { andCheck, asOf, demo, expand, openPage } from './helpers.mjs';

let b;
before(async () => { b = await start(); });
after(async () => { await b.stop(); });

const verdict = (page) => page.getAttribute('[data-testid=result][data-file="6.23-test-environment.xml"]', 'data-verdict');

test('one click trusts the signer as given; the chip switch undoes it', async () => {
  const { page, errors } = await openPage(b);
  await asOf(page, '2024-03-01');
  await andCheck(page, () => page.setInputFiles('[data-testid=file-input]', demo().filter((f) => /\.(pem|json)$/.test(f.name) || f.name === '6.23-test-environment.xml')));
  assert.equal(await verdict(page), 'rejected');
  assert.match(await page.innerText('[data-file="6.23-test-environment.xml"] summary'), /another OCA of the same name issued it/);
  assert.match(await page.innerText('[data-file="6.23-test-environment.xml"] summary'), /tick “trust as given” on its certificate chip/);
  await expand(page, '6.23-test-environment.xml', '[data-testid=trust-signer]');
  await andCheck(page, () => page.click('[data-testid=trust-signer]'));
  assert.equal(await verdict(page), 'accepted');
  assert.equal(await page.getAttribute('[data-testid=inputs] [data-name="test-environment-signer.pem"]', 'data-anchor'), 'true');
  assert.equal(await page.isChecked('[data-testid=inputs] [data-name="test-environment-signer.pem"] [data-testid=anchor-toggle]'), true);
  // it stays open across the re-check
  await page.waitForSelector('[data-file="6.23-test-environment.xml"] details[open] [data-testid=trace]');
  assert.match(await page.innerText('[data-file="6.23-test-environment.xml"]'), /Trusted as given: this verdict rests on the trust anchor test-environment-signer\.pem/);
  // the demo's own signer is unaffected, and unticking the switch restores the first answer
  await andCheck(page, () => page.uncheck('[data-testid=inputs] [data-name="test-environment-signer.pem"] [data-testid=anchor-toggle]'));
  assert.equal(await verdict(page), 'rejected');
  assert.deepEqual(errors, []);
});
