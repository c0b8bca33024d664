// The door no file can break (issue 27), in node with the debug build of the module
// (pkg-dev/, where a file whose name holds "sec-rules-forced-panic" panics: a trap). A trap
// inside checkBatch never settles its promise; the door hears it, replaces the instance, gives
// that file an error and checks every other file, in order, with the same results as a batch
// without it. A plain script rather than node:test, whose runner would count the trap the door
// hears (an uncaught error, by design of wasm-bindgen's futures) as a failure of its own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Door } from '../../www/door.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const demo = (n) => ({ name: n, bytes: readFileSync(`${root}www/demo/${n}`) });
const trust = readFileSync(`${root}www/demo/demo-trust-store.pem`);
const context = readFileSync(`${root}www/demo/demo-context.json`);
const MARK = 'sec-rules-forced-panic';

async function door() {
  const d = new Door(new WebAssembly.Module(readFileSync(`${root}pkg-dev/sec_rules_bg.wasm`)), new URL(`file://${root}pkg-dev/sec_rules.js`));
  await d.open();
  return d;
}
const session = (api) => {
  const s = new api.Session();
  s.addCertificates('trust.pem', trust);
  s.setContext('context.json', context);
  return s;
};
const summary = (r) => (r.error ? `${r.file}: error` : `${r.file}: ${r.verdict} ${r.first_failure ?? ''}`);
const options = { as_of: '2024-03-01' };

async function aTrapOnOneFileCostsOnlyThatFile() {
  const d = await door();
  const good = ['6.23-signed.xml', '6.23-cv2.xml', '6.23-tampered.xml', '6.23-signed-with-supplier-key.xml'].map(demo);
  const expected = (await d.checkBatch(good, options, session)).map(summary);
  assert.equal(d.traps, 0);
  for (const at of [0, 1, 3, 4]) {
    const files = [...good];
    files.splice(at, 0, { name: `x-${MARK}.xml`, bytes: good[0].bytes });
    const before = d.traps;
    const out = await d.checkBatch(files, options, session);
    assert.equal(d.traps, before + 1, 'one trap, one replaced instance');
    assert.equal(out.length, files.length);
    assert.match(out[at].error, /^not checked: the checker stopped with an internal error \(forced panic for x-sec-rules-forced-panic\.xml .*\(src\/engine\.rs:\d+\)\)/);
    assert.match(out[at].error, /The other files were checked$/);
    assert.deepEqual(out.filter((_, k) => k !== at).map(summary), expected, `the others, trap at ${at}`);
  }
  // two in one batch, and a batch of only that file
  const two = [{ name: `a-${MARK}.xml`, bytes: good[0].bytes }, good[0], { name: `b-${MARK}.xml`, bytes: good[1].bytes }, good[1]];
  const out = await d.checkBatch(two, options, session);
  assert.deepEqual(out.map((r) => Boolean(r.error)), [true, false, true, false]);
  assert.deepEqual(out.filter((r) => !r.error).map(summary), expected.slice(0, 2));
  const alone = await d.checkBatch([two[0]], options, session);
  assert.ok(alone[0].error);
  // the replaced instance goes on checking
  assert.deepEqual((await d.checkBatch(good, options, session)).map(summary), expected);
}

async function aTrapOutsideCheckBatchIsATrappedErrorNamingTheFile() {
  const d = await door();
  await assert.rejects(d.call((api) => new api.Session().checkFile(`y-${MARK}.xml`, demo('6.23-signed.xml').bytes, options)), (e) => e.name === 'Trapped' && e.file === `y-${MARK}.xml`);
  const r = await d.call((api) => session(api).checkFile('6.23-signed.xml', demo('6.23-signed.xml').bytes, options));
  assert.equal(r.verdict, 'accepted');
}

// every value a page could send (a field typed wrong, a script's mistake) is refused by
// checkBatch with a message naming the option — never a hang, never a trap, never a check
const BAD_OPTIONS = [
  ...[-1, 1.5, -0.5, NaN, Infinity, -Infinity, 2 ** 53, 1e300, '5', '', true, {}, [], [3]].map((v) => [{ cos_count: v }, /options\.cos_count: .* is not a count of 6\.23s/]),
  ...['2024-02-30', '2024-13-01', '', '2024-3-1', '2024-03-01T00:00', ' 2024-03-01'].map((v) => [{ as_of: v }, /options\.as_of: ".*" is not a date YYYY-MM-DD|options\.as_of/]),
  ...[5, {}, []].map((v) => [{ as_of: v }, /options/]), // (null, like undefined, is no date given: today)
  [{ all: 'yes' }, /options/], [{ draft: 1 }, /options/], [{ users: { 'not-a-user': ['IS'] } }, /options\.users/],
  [{ users: { '90-B3-D5-1F-30-01-00-00': ['XX'] } }, /options\.users/], [{ users: ['x'] }, /options/], [{ users: { '90-B3-D5-1F-30-01-00-00': 'IS' } }, /options/], [{ surprise: 1 }, /options: unknown option `surprise`/], [{ cosCount: 3 }, /unknown option `cosCount`/], ['a string', /options/], [42, /options/],
];

async function everyBadOptionIsRefusedNamingIt() {
  const d = await door();
  const files = [demo('6.23-signed.xml')];
  for (const [bad, message] of BAD_OPTIONS) {
    const outcome = await Promise.race([
      d.checkBatch(files, bad, session).then(() => 'checked', (e) => e),
      new Promise((resolve) => { setTimeout(() => resolve('hung'), 10_000); }),
    ]);
    assert.ok(outcome instanceof Error, `${JSON.stringify(bad)}: ${outcome}`);
    assert.match(outcome.message, message, JSON.stringify(bad));
  }
  assert.equal(d.traps, 0, 'no bad option traps the module');
  // and the good ones still check; far dates are dates (the page itself keeps to 1990–2100)
  const [r] = await d.checkBatch(files, { as_of: '2024-03-01', cos_count: 0, all: true, draft: false }, session);
  assert.equal(r.verdict, 'accepted');
  for (const day of ['0002-12-05', '1970-01-01', '9999-12-31']) {
    const [far] = await d.checkBatch(files, { as_of: day, cos_count: 2 ** 53 - 1 }, session);
    assert.equal(far.as_of, day);
    assert.ok(['accepted', 'rejected', 'incomplete'].includes(far.verdict), `${day}: ${far.verdict}`);
  }
}

for (const t of [aTrapOnOneFileCostsOnlyThatFile, aTrapOutsideCheckBatchIsATrappedErrorNamingTheFile, everyBadOptionIsRefusedNamingIt]) {
  await t();
  console.log(`ok - ${t.name}`);
}
