// The page's pure logic in node: what the filters show (and so what "Export shown" exports),
// how typed settings are read, how the ADT state changes (only on purpose), and how a drop's
// folders are walked (an unreadable entry is its own error, never the drop's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleMatches, rowMatches, fileMatches, shownReport } from '../../www/filters.js';
import { asOfValue, cosCountValue, today } from '../../www/settings.js';
import { AdtState, STATE_KEY } from '../../www/adtstate.js';
import { readDrop } from '../../www/drop.js';

const titles = new Map([['srpd.623.route', 'Routing of a 6.23 (ECoS or TCoS)'], ['duis.signature.digest', 'Reference digest']]);

test('rule search: "6.23" finds the 623 ids and titles; other text as given', () => {
  assert.ok(ruleMatches('srpd.623.route', '6.23', titles));
  assert.ok(ruleMatches('srpd.623.mpid-in-cert', '6.23', titles), 'by id without the dot');
  assert.ok(ruleMatches('duis.signature.digest', 'reference', titles), 'by title');
  assert.ok(!ruleMatches('duis.signature.digest', '6.23', titles));
  assert.ok(ruleMatches('anything', '  ', titles), 'an empty search matches');
  assert.ok(!ruleMatches('srpd.certs.oca-used', '6.23', titles));
});

test('rows: a document filter keeps only that document\'s passes and failures; "Failures only" only failures', () => {
  assert.ok(rowMatches(['srpd.623.route', 'SRPD', 'pass'], { document: 'SRPD' }, titles));
  assert.ok(!rowMatches(['srpd.623.route', 'SRPD', 'skipped'], { document: 'SRPD' }, titles), 'a skipped row is not a match');
  assert.ok(!rowMatches(['srpd.623.route', 'SRPD', 'not-evaluated'], { document: 'SRPD' }, titles));
  assert.ok(!rowMatches(['duis.x', 'DUIS', 'fail'], { document: 'SRPD' }, titles));
  assert.ok(rowMatches(['duis.x', 'DUIS', 'fail'], { failures: true }, titles));
  assert.ok(!rowMatches(['duis.x', 'DUIS', 'pass'], { failures: true }, titles));
});

test('files: verdict, kind, name and rows; an error line only under "Failures only"', () => {
  const x = { name: 'day/requests/6.23-signed.xml', kind: 'duis-request', verdict: 'rejected', rules: [['srpd.623.route', 'SRPD', 'skipped'], ['duis.signature.digest', 'DUIS', 'fail']] };
  assert.ok(fileMatches(x, { file: 'REQUESTS/' }, titles), 'file-name search, any case');
  assert.ok(!fileMatches(x, { file: 'certs/' }, titles));
  assert.ok(!fileMatches(x, { document: 'SRPD' }, titles), 'its SRPD rows were all skipped');
  assert.ok(fileMatches(x, { document: 'DUIS', failures: true }, titles));
  assert.ok(!fileMatches(x, { verdict: 'accepted' }, titles));
  const err = { name: 'k.pem', kind: 'error', verdict: 'error', rules: [] };
  assert.ok(fileMatches(err, { failures: true }, titles));
  assert.ok(!fileMatches(err, { failures: true, rule: '6.23' }, titles));
});

test('shownReport: exactly the rows shown, the report otherwise whole', () => {
  const r = { file: 'a.xml', findings: [{ rule: 'a', document: 'DUIS', outcome: 'pass' }, { rule: 'b', document: 'DUIS', outcome: 'fail' }] };
  assert.deepEqual(shownReport(r, { failures: true }, titles).findings.map((f) => f.rule), ['b']);
  assert.equal(shownReport(r, {}, titles), r);
  assert.deepEqual(shownReport({ file: 'x', error: 'e' }, { failures: true }, titles), { file: 'x', error: 'e' });
});

test('settings: a date is complete, in the calendar and in 1990–2100; a count is a whole number from 0', () => {
  assert.deepEqual(asOfValue('2024-03-01'), { value: '2024-03-01' });
  for (const bad of ['', '2024-3-1', '0002-03-01', '0202-03-01', '2024-02-30', '2024-13-01', '2101-01-01', '1989-12-31', '2024-03-01x', null]) {
    assert.ok(asOfValue(bad).error, `${bad} is refused`);
  }
  assert.match(asOfValue('0020-01-01').error, /from 1990 to 2100/);
  assert.deepEqual(cosCountValue(''), { value: null });
  assert.deepEqual(cosCountValue(' 12 '), { value: 12 });
  assert.deepEqual(cosCountValue('0'), { value: 0 });
  for (const bad of ['-1', '1.5', '1e3', 'five', '0x10', '9007199254740993', 'NaN', 'Infinity']) assert.ok(cosCountValue(bad).error, `${bad} is refused`);
  assert.match(today(new Date(2026, 11, 5, 23, 59)), /^2026-12-05$/);
});

class Storage {
  constructor() { this.m = new Map(); }
  getItem(k) { return this.m.has(k) ? this.m.get(k) : null; }
  setItem(k, v) { this.m.set(k, String(v)); }
  removeItem(k) { this.m.delete(k); }
}

test('ADT state: records only on purpose, undoes to what was before, sees another tab\'s change', () => {
  const s = new Storage();
  const a = new AdtState(s);
  assert.equal(a.size, 0);
  const f41 = { user_id: 'U', sequence_number: 41 };
  const f42 = { user_id: 'U', sequence_number: 42 };
  a.record(f41);
  a.record(f42);
  assert.deepEqual(JSON.parse(s.getItem(STATE_KEY)), { U: 42 });
  assert.ok(a.isRecorded(f42) && !a.isRecorded(f41));
  assert.ok(!a.canUndo(f41), 'only the number in force can be undone');
  assert.ok(a.undoFor(f42));
  assert.deepEqual(a.state, { U: 41 });
  assert.ok(a.undoFor(f41));
  assert.equal(s.getItem(STATE_KEY), null, 'nothing recorded: nothing stored');
  // another tab writes: not used until asked
  s.setItem(STATE_KEY, '{"V":7}');
  assert.ok(a.differs());
  assert.deepEqual(a.state, {});
  a.reload();
  assert.deepEqual(a.state, { V: 7 });
  s.setItem(STATE_KEY, 'not json');
  assert.deepEqual(new AdtState(s).state, {}, 'a broken stored state is an empty one');
});

// fake FileSystemEntry objects, shaped as Chromium gives them
const fileEntry = (fullPath, fail) => ({ isFile: true, isDirectory: false, name: fullPath.split('/').pop(), fullPath,
  file: (ok, ko) => (fail ? ko(new Error('A requested file or directory could not be found')) : ok({ name: fullPath.split('/').pop(), size: 1 })) });
const dirEntry = (fullPath, children, failRead) => ({ isFile: false, isDirectory: true, name: fullPath.split('/').pop(), fullPath,
  createReader: () => { let given = false; return { readEntries: (ok, ko) => { if (failRead) return ko(new Error('denied')); ok(given ? [] : children); given = true; } }; } });
const transfer = (entries) => ({ items: entries.map((e) => ({ kind: 'file', webkitGetAsEntry: () => e })), files: [] });

test('a drop: folders walked, same names kept apart by path, an unreadable entry its own error', async () => {
  const drop = transfer([
    dirEntry('/day', [
      fileEntry('/day/b.xml'),
      dirEntry('/day/other', [fileEntry('/day/other/a.xml')]),
      dirEntry('/day/locked', [], true),
      fileEntry('/day/a.xml'),
      fileEntry('/day/gone.xml', true),
    ]),
    fileEntry('/loose.pem'),
  ]);
  const items = await readDrop(drop);
  assert.deepEqual(items.map((i) => i.name), ['day/a.xml', 'day/b.xml', 'day/gone.xml', 'day/locked/', 'day/other/a.xml', 'loose.pem']);
  assert.match(items.find((i) => i.name === 'day/gone.xml').error, /could not be found/);
  assert.match(items.find((i) => i.name === 'day/locked/').error, /folder cannot be read/);
  assert.ok(items.find((i) => i.name === 'day/other/a.xml').file);
  // no entries API: the files as given
  const plain = await readDrop({ items: [{ kind: 'file' }], files: [{ name: 'x.xml' }] });
  assert.deepEqual(plain.map((i) => i.name), ['x.xml']);
});
