// sec-rules page: the worker keeps the files and inputs given to it and checks them; the page
// keeps one short line per file, shows the answers first (a sticky summary, one line per file,
// collapsed), and asks the worker for a file's full report when it is opened.
//
// What a tester's day needs of it: a drop (files, folders) is one batch, checked whole, never
// mixed with the next; settings are used only when complete and valid; the ADT state moves on
// only when the user records a file as submitted; filters and exports show the same rows.
import { el } from './dom.js';
import { resultLine } from './render.js';
import { renderCatalogue } from './catalogue-view.js';
import { timeline } from './timeline.js';
import { rulesData } from './data.js';
import { parseUserRoles, usersOption } from './roles.js';
import { readDrop } from './drop.js';
import { fileMatches, rowMatches, rowFiltered } from './filters.js';
import { asOfField, cosCountValue, today } from './settings.js';
import { AdtState, STATE_KEY } from './adtstate.js';
import { fill } from './report-view.js';

const $ = (id) => document.getElementById(id);
const n = (k) => k.toLocaleString('en-GB');
const plural = (k, one, many = `${one}s`) => `${n(k)} ${k === 1 ? one : many}`;
// one element per file (contract §7) up to this many; beyond, a page at a time (a folder of
// 50,000 files must not become 50,000 elements)
const PAGE = 2000;
// a setting being typed is used once it has been still this long
const SETTLE_MS = 600;

const lines = new Map(); // name -> the short line the worker made
const full = new Map(); // name -> full report (ADT files, inventories, and files opened)
const sources = new Map(); // name -> File or bytes, for the source view
const articles = new Map(); // name -> rendered element
const opened = new Set(); // files the user has opened: they stay open across re-checks
const adt = new AdtState();
// the settings the checks use: each changes only to a complete, valid value
const applied = { asOf: today(), cosCount: null };
let chips = [];
let roleEntries = []; // [{ id, roles }] from "Your User IDs and roles"
let limit = PAGE;
let kindFilter = '';
let titles = new Map(); // rule id -> title, for the rule search

// ---- the worker, one request at a time ----
// the checker, started by boot.js before this module loaded (or here, when embedded without it)
const started0 = globalThis.secRulesChecker ?? { worker: new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }), early: [] };
const worker = started0.worker;
// answers are matched by type (and file, for per-file questions), first asked first answered
const waiting = new Map();
const streams = { progress: null, results: null };
const key = (type, name) => (type === 'report' || type === 'devices' ? `${type}:${name}` : type);
worker.onmessage = ({ data: m }) => {
  if (streams[m.type]) { streams[m.type](m); return; }
  const q = waiting.get(key(m.type, m.name));
  if (q?.length) q.shift()(m);
};
worker.onerror = (e) => { $('status').textContent = `The checker stopped: ${e.message}. Reload the page to start it again.`; };
// what it said before this module listened (its 'ready', on a fast machine)
// the worker says when its module is loaded and instantiated
const workerReady = new Promise((resolve) => waiting.set('ready', [resolve]));
queueMicrotask(() => { for (const e of started0.early.splice(0)) worker.onmessage(e); });
const ask = (msg, reply) => new Promise((resolve) => {
  const k = key(reply, msg.name);
  if (!waiting.has(k)) waiting.set(k, []);
  waiting.get(k).push(resolve);
  worker.postMessage(msg);
});

function options() {
  const o = { all: $('all').checked, draft: $('draft').checked, as_of: applied.asOf };
  if (applied.cosCount != null) o.cos_count = applied.cosCount;
  if (roleEntries.length) o.users = usersOption(roleEntries);
  return o;
}

// ---- settings: used when complete and valid, refused next to the field ----
function fieldError(id, error) {
  $(id).setAttribute('aria-invalid', String(Boolean(error)));
  $(`${id}-error`).textContent = error ?? '';
}

let settle = null;
/** Reads the typed settings; a complete, valid change is applied (and re-checks). */
function applySettings() {
  clearTimeout(settle);
  const a = asOfField($('as-of'));
  const c = cosCountValue($('cos-count').value);
  fieldError('as-of', a.error);
  fieldError('cos-count', c.error);
  let changed = false;
  if (!a.error && a.value !== applied.asOf) { applied.asOf = a.value; changed = true; }
  if (!c.error && c.value !== applied.cosCount) { applied.cosCount = c.value; changed = true; }
  renderTimeline();
  renderApplied();
  if (changed && lines.size) check();
  return changed && lines.size > 0;
}
const settleSoon = () => { clearTimeout(settle); settle = setTimeout(applySettings, SETTLE_MS); };

/** The settings the answers rest on, in the summary. */
function renderApplied() {
  const bits = [`as of ${applied.asOf}`];
  if (applied.cosCount != null) bits.push(`a day's count of ${plural(applied.cosCount, '6.23')}`);
  if ($('all').checked) bits.push('every check run');
  if ($('draft').checked) bits.push('unsigned files as drafts');
  $('applied').textContent = `Checked ${bits.join(', ')}.`;
}

// ---- inputs (chips) ----
function renderChips(certCount) {
  const label = { certificate: 'certificates', context: 'context', models: 'models' };
  const items = chips.map((c) => {
    const detail = c.error ? ` — refused: ${c.error}`
      : c.kind === 'certificate' ? ` — ${c.certificates.map((x) => `${x.role ?? 'no role'} until ${x.notAfter}`).join(', ')}` : '';
    // a certificate may be trusted as given: a chain ends at it (test environments: DCC Boxed)
    const anchor = c.kind === 'certificate' && !c.error
      ? el('label', { class: 'anchor', title: 'Trust as given: a chain ends at this certificate, without its issuer. For test environments such as DCC Boxed, whose issuing OCA is not published; reports say so.' },
        el('input', { type: 'checkbox', 'data-testid': 'anchor-toggle', checked: c.anchor, onchange: (e) => setAnchor({ name: c.name, on: e.target.checked }) }), ' trust as given')
      : '';
    return el('li', { class: `chip${c.error ? ' chip-bad' : ''}${c.anchor ? ' chip-anchor' : ''}`, 'data-kind': c.kind, 'data-name': c.name, 'data-anchor': String(Boolean(c.anchor)) },
      el('span', { title: detail.replace(/^ — /, '') || null }, `${label[c.kind]}: ${c.name}`, el('span', { class: 'detail' }, detail)), anchor,
      el('button', { type: 'button', class: 'remove', 'aria-label': `Remove ${c.name}`, onclick: () => removeInput(c.name) }, '×'));
  });
  for (const [id, roles] of Object.entries(usersOption(roleEntries))) {
    items.push(el('li', { class: 'chip', 'data-kind': 'roles', 'data-name': id }, el('span', {}, `roles: ${id} = ${roles.join(', ')}`),
      el('button', { type: 'button', class: 'remove', 'aria-label': `Remove the roles of ${id}`, onclick: () => removeRoles(id) }, '×')));
  }
  const recorded = Object.entries(adt.recorded).map(([u, k]) => `${u}: ${k}`).join(', ');
  items.push(el('li', { class: 'chip', 'data-kind': 'adt-state', 'data-recorded': String(adt.size) },
    el('span', { title: recorded || null }, `ADT state: ${adt.size ? `${plural(adt.size, 'User ID')} recorded (${recorded})` : 'nothing recorded'}`),
    adt.size ? el('button', { type: 'button', class: 'remove', 'aria-label': 'Forget the recorded ADT state', onclick: resetState }, '×') : ''));
  $('inputs').replaceChildren(...items);
  $('inputs').dataset.certificates = String(certCount ?? 0);
}

async function removeRoles(id) {
  roleEntries = roleEntries.filter((e) => e.id !== id);
  renderChips($('inputs').dataset.certificates);
  if (lines.size) await check();
}

async function addRoles() {
  const field = $('user-roles');
  const { entries, error } = parseUserRoles(field.value);
  fieldError('user-roles', error);
  if (error || !entries.length) return;
  roleEntries.push(...entries);
  field.value = '';
  renderChips($('inputs').dataset.certificates);
  if (lines.size) await check();
}

/** Trusts a certificate input as given (by its name, or the one holding a serial), or no longer. */
async function setAnchor(which) {
  const m = await ask({ type: 'anchor', ...which }, 'inputs');
  chips = m.chips;
  renderChips(m.certificates);
  if (lines.size) await check();
}

async function removeInput(name) {
  const m = await ask({ type: 'remove', name }, 'inputs');
  chips = m.chips;
  renderChips(m.certificates);
  if (lines.size) await check();
}

// ---- intake: each drop or pick is one batch, taken in turn ----
let intake = Promise.resolve();
/** Queues a batch (`[{ name, file } | { name, bytes } | { name, error }]`, or a promise of one). */
const addFiles = (batch) => (intake = intake.then(async () => take(await batch)).catch((e) => {
  $('status').textContent = `These files could not be taken: ${e?.message ?? e}. The files checked before are kept.`;
}));

/** Names kept apart: a second file of one name in one drop gets its number. */
function distinct(items) {
  const seen = new Map();
  return items.map((f) => {
    const k = seen.get(f.name) ?? 0;
    seen.set(f.name, k + 1);
    return k ? { ...f, name: `${f.name} (${k + 1})` } : f;
  });
}

async function take(batch) {
  const items = distinct(batch ?? []);
  if (!items.length) {
    $('status').textContent = 'That drop held no files.';
    return;
  }
  const replaced = items.filter((f) => lines.has(f.name)).map((f) => f.name);
  for (const f of items) if (!f.error) sources.set(f.name, f.file ?? f.bytes);
  const before = new Set(chips.map((c) => c.name));
  const m = await ask({ type: 'add', files: items }, 'inputs');
  chips = m.chips;
  renderChips(m.certificates);
  if (m.error) $('status').textContent = `Some files could not be taken: ${m.error}`;
  const inputNames = new Set(chips.map((c) => c.name));
  const added = items.map((f) => f.name);
  const newInputs = added.some((k) => inputNames.has(k) && !before.has(k));
  const docs = added.filter((k) => !inputNames.has(k));
  for (const k of docs) { lines.delete(k); full.delete(k); articles.delete(k); }
  if (newInputs && lines.size) await check();
  else if (docs.length) await check(docs);
  else if (!lines.size) { $('status').textContent = describeInputs(); return; }
  if (lastError) return; // the status says why the check stopped
  const inputs = added.length - docs.length;
  const answered = docs.filter((k) => lines.has(k)).length;
  const checked = answered === docs.length ? `${plural(docs.length, 'file')} checked` : `${n(answered)} of ${plural(docs.length, 'file')} checked`;
  const parts = [`This drop: ${checked}${inputs ? `, ${plural(inputs, 'input')} taken` : ''}`];
  if (replaced.length) parts.push(`${plural(replaced.length, 'file')} of the same name replaced (${replaced.slice(0, 3).join(', ')}${replaced.length > 3 ? ', …' : ''})`);
  $('status').textContent = `${lastCancelled ? 'Cancelled. ' : ''}${parts.join('; ')}. ${statusLine(false)}`;
}

function describeInputs() {
  const certs = chips.filter((c) => c.kind === 'certificate').reduce((k, c) => k + c.certificates.length, 0);
  const ctx = chips.some((c) => c.kind === 'context');
  return `Inputs ready: ${plural(certs, 'certificate')}, ${ctx ? 'a context' : 'no context'}. Add the files to check.`;
}

// checks run one after another
let queue = Promise.resolve();
let lastError = null; // why the last check stopped, if it did
let lastCancelled = false;
const check = (only) => (queue = queue.then(() => runCheck(only)));

async function runCheck(only) {
  if (!only) {
    for (const k of lines.keys()) articles.delete(k);
    full.clear();
  }
  document.documentElement.dataset.busy = 'true';
  $('progress-row').hidden = false;
  $('recheck').disabled = true;
  let pending = false;
  const paint = () => { pending = false; render(); };
  streams.progress = (m) => {
    $('progress').max = Math.max(m.total, 1);
    $('progress').value = m.done;
    $('status').textContent = `Checking here: ${n(m.done)} of ${plural(m.total, 'file')}…`;
  };
  streams.results = (m) => {
    for (const it of m.items) {
      lines.set(it.name, it.line);
      articles.delete(it.name);
      if (it.report) full.set(it.name, it.report);
    }
    if (!pending) { pending = true; requestAnimationFrame(paint); }
  };
  // the checks start from the recorded ADT state and never change it
  const done = await ask({ type: 'check', options: options(), adtState: adt.state, only }, 'done');
  streams.progress = null;
  streams.results = null;
  render();
  document.documentElement.dataset.busy = 'false';
  $('progress-row').hidden = true;
  $('recheck').disabled = false;
  $('clear').disabled = false;
  lastError = done.error ?? null;
  lastCancelled = Boolean(done.cancelled);
  $('status').textContent = done.error ? `The check stopped: ${done.error}` : statusLine(done.cancelled);
  // a hook for tests and embedding pages: how many checks have completed
  document.documentElement.dataset.checked = String(Number(document.documentElement.dataset.checked ?? 0) + 1);
}

function statusLine(cancelled) {
  const all = [...lines.values()];
  const count = (v) => all.filter((x) => x.verdict === v).length;
  const parts = [`${count('accepted')} accepted`, `${count('rejected')} rejected`, `${count('incomplete')} incomplete`];
  if (count('error')) parts.push(`${count('error')} not checked`);
  return `${cancelled ? 'Cancelled: ' : ''}${plural(all.length, 'file')} checked here: ${parts.join(', ')}.`;
}

// ---- filters, summary, the list ----
const filter = () => ({
  verdict: $('filter-verdict').value, kind: kindFilter, document: $('filter-document').value,
  rule: $('filter-rule').value, failures: $('filter-failures').checked, file: $('filter-file').value,
});
const visible = (x) => fileMatches(x, filter(), titles);

function renderCounts(all) {
  const kinds = [...new Set(all.map((x) => x.kind))];
  const verdicts = ['accepted', 'rejected', 'incomplete', 'error'];
  const button = (kind, verdict, k) => el('button', {
    type: 'button', class: `count count-${verdict}`, 'data-verdict': verdict, 'data-kind': kind || null, 'data-count': String(k),
    'aria-pressed': String($('filter-verdict').value === verdict && kindFilter === kind),
    onclick: () => { const on = $('filter-verdict').value === verdict && kindFilter === kind; $('filter-verdict').value = on ? '' : verdict; kindFilter = on ? '' : kind; limit = PAGE; render(); },
  }, `${n(k)} ${verdict === 'error' ? 'not checked' : verdict}`);
  const totals = el('div', { class: 'totals' }, el('strong', {}, `${plural(all.length, 'file')}:`),
    ...verdicts.map((v) => [v, all.filter((x) => x.verdict === v).length]).filter(([v, k]) => k > 0 || v !== 'error').map(([v, k]) => button('', v, k)));
  const byKind = kinds.length > 1 ? el('div', { class: 'by-kind' }, ...kinds.map((kd) => el('span', { class: 'kind', 'data-kind': kd }, `${kd}: `,
    ...verdicts.map((v) => [v, all.filter((x) => x.kind === kd && x.verdict === v).length]).filter(([, k]) => k > 0).map(([v, k]) => button(kd, v, k))))) : '';
  // the day's 6.23 count above an ADT file's threshold: said here, not only in that file's trace
  const alerts = all.filter((x) => x.alert);
  const alert = alerts.length ? el('p', { class: 'alert', 'data-testid': 'count-alerts' },
    `The day's count of ${plural(applied.cosCount ?? 0, '6.23')} is above the threshold of ${plural(alerts.length, 'ADT file')} (${alerts.slice(0, 3).map((x) => x.name).join(', ')}${alerts.length > 3 ? ', …' : ''}): the CoS Party would stop processing 6.23s.`) : '';
  $('counts').replaceChildren(totals, byKind, alert);
}

function render() {
  const all = [...lines.values()];
  $('summary').hidden = all.length === 0;
  renderCounts(all);
  renderApplied();
  const shown = all.filter(visible);
  $('shown').textContent = shown.length === all.length ? `${n(all.length)} shown` : `${n(shown.length)} of ${plural(all.length, 'file')}`;
  $('export-devices').hidden = !shown.some((x) => x.kind === 'inventory');
  const page = shown.slice(0, limit);
  const nodes = page.map((x) => {
    let a = articles.get(x.name);
    if (!a) { a = article(x); articles.set(x.name, a); }
    filterRows(a);
    return a;
  });
  $('results').replaceChildren(...nodes);
  $('more').hidden = shown.length <= limit;
  $('more').textContent = `Show ${n(Math.min(PAGE, shown.length - limit))} more of ${n(shown.length - limit)}`;
}

/** The trace's rows the filters show (the same reading as the exports). */
function filterRows(a) {
  const f = filter();
  const on = rowFiltered(f);
  for (const tr of a.querySelectorAll('tr[data-rule]')) {
    const rules = tr.dataset.rule.split(' ');
    const docs = tr.dataset.document.split(' ');
    tr.hidden = on && !rules.some((r, i) => rowMatches([r, docs[i] ?? docs[0], tr.dataset.outcome], f, titles));
  }
}

function article(x) {
  const a = el('article', { class: 'result', 'data-testid': 'result', 'data-file': x.name, 'data-verdict': x.verdict, 'data-kind': x.kind, 'data-first-failure': x.firstFailure ?? '' });
  const d = el('details', {}, el('summary', {}, ...resultLine(x)));
  d.addEventListener('toggle', () => {
    if (d.open) opened.add(x.name); else opened.delete(x.name);
    if (d.open && !d.dataset.filled) { d.dataset.filled = 'true'; fill(d, x, view).then(() => filterRows(a)); }
  });
  a.append(d);
  if (opened.has(x.name)) d.open = true;
  return a;
}

// what an opened file's body needs of the page
const view = {
  get chips() { return chips; },
  get cosCount() { return applied.cosCount; },
  adt,
  source: (name) => sources.get(name),
  trust: (which) => setAnchor(which),
  devices: (msg) => ask({ type: 'devices', ...msg }, 'devices'),
  onRecord: () => renderState(),
  async report(name) {
    if (full.has(name)) return full.get(name);
    const m = await ask({ type: 'report', name, options: options(), adtState: adt.state }, 'report');
    if (m.report) full.set(name, m.report);
    return m.report;
  },
};

// ---- exports: exactly what is shown ----
function download(name, type, text) {
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}
const stamp = () => new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
async function exportShown(format, ext, type) {
  const names = [...lines.values()].filter(visible).map((x) => x.name).filter((k) => format !== 'devices-csv' || lines.get(k).kind === 'inventory');
  const f = filter();
  const m = await ask({ type: 'export', format, names, options: options(), adtState: adt.state, filter: { document: f.document, rule: f.rule, failures: f.failures } }, 'export');
  if (m.error) { $('status').textContent = `The export failed: ${m.error}`; return; }
  download(`sec-rules-${applied.asOf}-${stamp()}.${ext}`, type, m.text);
}

// ---- ADT state, timeline ----
function renderState() {
  $('adt-state').textContent = adt.size ? JSON.stringify(adt.recorded, null, 2) : '(empty: no ADT file recorded as submitted in this browser)';
  $('adt-state-export').href = `data:application/json,${encodeURIComponent(JSON.stringify(adt.recorded))}`;
  renderChips($('inputs').dataset.certificates);
}

function resetState() {
  adt.reset();
  renderState();
  $('status').textContent = 'The recorded ADT state is forgotten; re-check to see the files against it.';
}

// another tab recorded (or reset): say so, and let the user choose
addEventListener('storage', (e) => {
  if (e.key !== STATE_KEY && e.key !== null) return;
  $('adt-banner').hidden = !adt.differs();
});

let cat = null;
let drawn = null; // the as-of date the timeline shows
function renderTimeline() {
  if (drawn === applied.asOf) return;
  drawn = applied.asOf;
  const focused = document.activeElement?.closest?.('[data-testid=as-of-marker]');
  const width = Math.min(760, Math.max(320, $('timeline').clientWidth || 760));
  $('timeline').replaceChildren(timeline(cat, applied.asOf, (day) => {
    $('as-of').value = day;
    applySettings();
    // a date the field refuses: the marker goes back to the date in use
    if (applied.asOf !== day) { drawn = null; renderTimeline(); }
  }, { width }));
  if (focused) $('timeline').querySelector('[data-testid=as-of-marker]').focus({ preventScroll: true });
}

const fetchDemo = async () => {
  const index = await (await fetch('demo/index.json')).json();
  return Promise.all(index.map(async (s) => ({ name: s.name, bytes: new Uint8Array(await (await fetch(`demo/${s.name}`)).arrayBuffer()) })));
};
// ?demo: the demo's files are fetched while the checker starts
let demoFiles = new URLSearchParams(location.search).has('demo') ? fetchDemo() : null;
demoFiles?.catch(() => { demoFiles = null; });
async function runDemo() {
  const files = await (demoFiles ?? fetchDemo());
  demoFiles = null;
  await addFiles(files);
}

// ---- start ----
// the page draws from the rules' data; only the checking worker loads the module
cat = await rulesData();
const started = await workerReady;
// a hook for tests and the benchmark: how many checking workers the pool has
document.documentElement.dataset.workers = String(started.workers ?? 0);
if (started.error) $('status').textContent = `The checker could not start: ${started.error}. Reload the page.`;
titles = new Map(cat.rules.map((r) => [r.id, r.title]));
$('as-of').value = applied.asOf;
if (!started.error) $('status').textContent = `Rules module ${cat.version} loaded. Choose or drop files or a folder, or load the demo.`;
$('catalogue').replaceChildren(renderCatalogue(cat));
renderTimeline();
const picked = (input) => input.addEventListener('change', (e) => {
  const files = [...e.target.files].map((f) => ({ name: f.webkitRelativePath || f.name, file: f }));
  e.target.value = '';
  addFiles(files);
});
picked($('file-input'));
picked($('folder-input'));
// a drop anywhere on the page is taken (a browser would otherwise open the file in its place)
const drop = $('drop');
addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
addEventListener('dragleave', (e) => { if (!e.relatedTarget) drop.classList.remove('over'); });
addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  // the drop's entries are taken now (they are readable only during the event), read after
  addFiles(readDrop(e.dataTransfer));
});
$('demo').addEventListener('click', runDemo);
$('add-roles').addEventListener('click', addRoles);
$('user-roles').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); addRoles(); } });
$('user-roles').addEventListener('input', () => fieldError('user-roles', null));
$('recheck').addEventListener('click', () => { if (!applySettings()) check(); });
$('clear').addEventListener('click', async () => {
  await ask({ type: 'clear' }, 'inputs');
  lines.clear(); full.clear(); articles.clear(); opened.clear(); sources.clear();
  render();
  $('clear').disabled = true;
  $('recheck').disabled = true;
  $('status').textContent = 'Files cleared; certificates, context and models stay until removed.';
});
$('cancel').addEventListener('click', () => worker.postMessage({ type: 'cancel' }));
// typed settings wait until they are still (a date being typed passes through years 0002,
// 0020, 0202 …); leaving the field or Enter uses them at once
for (const id of ['as-of', 'cos-count']) {
  $(id).addEventListener('input', () => { fieldError(id, null); settleSoon(); });
  $(id).addEventListener('change', settleSoon);
  $(id).addEventListener('blur', applySettings);
  $(id).addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); applySettings(); } });
}
for (const id of ['all', 'draft']) $(id).addEventListener('change', () => { renderApplied(); if (lines.size) check(); });
for (const id of ['filter-verdict', 'filter-document', 'filter-rule', 'filter-failures', 'filter-file']) $(id).addEventListener('input', () => { if (id === 'filter-verdict') kindFilter = ''; limit = PAGE; render(); });
$('more').addEventListener('click', () => { limit += PAGE; render(); });
$('export-jsonl').addEventListener('click', () => exportShown('jsonl', 'jsonl', 'application/x-ndjson'));
$('export-csv').addEventListener('click', () => exportShown('csv', 'csv', 'text/csv'));
$('export-sarif').addEventListener('click', () => exportShown('sarif', 'sarif', 'application/sarif+json'));
$('export-devices').addEventListener('click', () => exportShown('devices-csv', 'devices.csv', 'text/csv'));
$('adt-state-reset').addEventListener('click', resetState);
$('adt-use').addEventListener('click', () => { adt.reload(); renderState(); $('adt-banner').hidden = true; if (lines.size) check(); });
$('adt-keep').addEventListener('click', () => { $('adt-banner').hidden = true; });
$('settings').addEventListener('submit', (e) => e.preventDefault());
renderState();
renderApplied();
if (new URLSearchParams(location.search).has('demo')) await runDemo();
document.documentElement.dataset.ready = 'true';
