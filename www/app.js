// sec-rules page: the worker keeps the files and inputs given to it and checks them; the page
// keeps one short line per file, shows the answers first (a sticky summary, one line per file,
// collapsed), and asks the worker for a file's full report when it is opened.
import init, { catalogue, version } from '../pkg/sec_rules.js';
import { el, resultLine, trace, sourceView, renderCatalogue, table, wording } from './render.js';
import { journey, funnel, thresholds, timeline } from './diagrams.js';
import { parseUserRoles, usersOption } from './roles.js';

const $ = (id) => document.getElementById(id);
// one element per file (contract §7) up to this many; beyond, a page at a time (a folder of
// 50,000 files must not become 50,000 elements)
const PAGE = 2000;
const STATE_KEY = 'sec-rules.adt-state';
const loadState = () => { try { return JSON.parse(localStorage.getItem(STATE_KEY) ?? '{}'); } catch { return {}; } };

const lines = new Map(); // name -> the short line the worker made
const full = new Map(); // name -> full report (ADT files, inventories, and files opened)
const sources = new Map(); // name -> File or bytes, for the source view
const articles = new Map(); // name -> rendered element
const opened = new Set(); // files the user has opened: they stay open across re-checks
let chips = [];
let roleEntries = []; // [{ id, roles }] from "Your User IDs and roles"
let baseline = null; // the ADT state before the current files were first checked
let limit = PAGE;
let kindFilter = '';
let busy = false;

// ---- the worker, one request at a time ----
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
// answers are matched by type (and file, for per-file questions), first asked first answered
const waiting = new Map();
const streams = { progress: null, results: null };
const key = (type, name) => (type === 'report' || type === 'devices' ? `${type}:${name}` : type);
worker.onmessage = ({ data: m }) => {
  if (streams[m.type]) { streams[m.type](m); return; }
  const q = waiting.get(key(m.type, m.name));
  if (q?.length) q.shift()(m);
};
worker.onerror = (e) => { $('status').textContent = `The checker stopped: ${e.message}`; };
const ask = (msg, reply) => new Promise((resolve) => {
  const k = key(reply, msg.name);
  if (!waiting.has(k)) waiting.set(k, []);
  waiting.get(k).push(resolve);
  worker.postMessage(msg);
});

function options() {
  const o = { all: $('all').checked, draft: $('draft').checked };
  if ($('as-of').value) o.as_of = $('as-of').value;
  if ($('cos-count').value !== '') o.cos_count = Number($('cos-count').value);
  if (roleEntries.length) o.users = usersOption(roleEntries);
  return o;
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
  const adt = Object.keys(loadState()).length;
  items.push(el('li', { class: 'chip', 'data-kind': 'adt-state' }, el('span', {}, `ADT state: ${adt ? `${adt} User ID${adt > 1 ? 's' : ''}` : 'empty'}`),
    el('button', { type: 'button', class: 'remove', 'aria-label': 'Reset the ADT state', onclick: () => { localStorage.removeItem(STATE_KEY); baseline = {}; renderState(); } }, '×')));
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
  field.setAttribute('aria-invalid', String(Boolean(error)));
  $('user-roles-error').textContent = error ?? '';
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

// ---- adding files and checking ----
async function addFiles(files) {
  if (!files.length) return;
  for (const f of files) sources.set(f.webkitRelativePath || f.name, f instanceof Blob ? f : f.bytes);
  const before = new Set(chips.map((c) => c.name));
  const m = await ask({ type: 'add', files }, 'inputs');
  chips = m.chips;
  renderChips(m.certificates);
  const inputNames = new Set(chips.map((c) => c.name));
  const added = files.map((f) => f.webkitRelativePath || f.name);
  const newInputs = added.some((n) => inputNames.has(n) && !before.has(n));
  const docs = added.filter((n) => !inputNames.has(n));
  for (const n of docs) { lines.delete(n); full.delete(n); articles.delete(n); }
  if (newInputs && lines.size) await check();
  else if (docs.length) await check(docs);
  else if (!lines.size) $('status').textContent = describeInputs();
}

function describeInputs() {
  const certs = chips.filter((c) => c.kind === 'certificate').reduce((n, c) => n + c.certificates.length, 0);
  const ctx = chips.some((c) => c.kind === 'context');
  return `Inputs ready: ${certs} certificate${certs === 1 ? '' : 's'}, ${ctx ? 'a context' : 'no context'}. Add the files to check.`;
}

// checks run one after another
let queue = Promise.resolve();
const check = (only) => (queue = queue.then(() => runCheck(only)));

async function runCheck(only) {
  if (!only) {
    baseline ??= loadState();
    for (const n of lines.keys()) articles.delete(n);
    full.clear();
  } else if (baseline == null) baseline = loadState();
  const adtState = only ? loadState() : baseline;
  busy = true;
  document.documentElement.dataset.busy = 'true';
  $('progress-row').hidden = false;
  $('recheck').disabled = true;
  let pending = false;
  const paint = () => { pending = false; render(); };
  streams.progress = (m) => {
    $('progress').max = Math.max(m.total, 1);
    $('progress').value = m.done;
    $('status').textContent = `Checking here: ${m.done.toLocaleString('en-GB')} of ${m.total.toLocaleString('en-GB')} file${m.total === 1 ? '' : 's'}…`;
  };
  streams.results = (m) => {
    for (const it of m.items) {
      lines.set(it.name, it.line);
      articles.delete(it.name);
      if (it.report) full.set(it.name, it.report);
    }
    if (!pending) { pending = true; requestAnimationFrame(paint); }
  };
  const done = await ask({ type: 'check', options: options(), adtState, only }, 'done');
  streams.progress = null;
  streams.results = null;
  localStorage.setItem(STATE_KEY, JSON.stringify(done.adtState));
  renderState();
  render();
  busy = false;
  document.documentElement.dataset.busy = 'false';
  $('progress-row').hidden = true;
  $('recheck').disabled = false;
  $('clear').disabled = false;
  $('status').textContent = statusLine(done.cancelled);
  // a hook for tests and embedding pages: how many checks have completed
  document.documentElement.dataset.checked = String(Number(document.documentElement.dataset.checked ?? 0) + 1);
}

function statusLine(cancelled) {
  const all = [...lines.values()];
  const count = (v) => all.filter((x) => x.verdict === v).length;
  const parts = [`${count('accepted')} accepted`, `${count('rejected')} rejected`, `${count('incomplete')} incomplete`];
  if (count('error')) parts.push(`${count('error')} not checked`);
  return `${cancelled ? 'Cancelled: ' : ''}${all.length} file${all.length === 1 ? '' : 's'} checked here: ${parts.join(', ')}.`;
}

// ---- filters, summary, the list ----
function visible(x) {
  if ($('filter-verdict').value && x.verdict !== $('filter-verdict').value) return false;
  if (kindFilter && x.kind !== kindFilter) return false;
  const doc = $('filter-document').value;
  const rule = $('filter-rule').value.trim().toLowerCase();
  const failures = $('filter-failures').checked;
  if (!doc && !rule && !failures) return true;
  if (x.verdict === 'error') return failures && !doc && !rule;
  return x.rules.some(([r, d, o]) => (!doc || d === doc) && (!rule || r.toLowerCase().includes(rule)) && (!failures || o === 'fail'));
}

function renderCounts(all) {
  const kinds = [...new Set(all.map((x) => x.kind))];
  const verdicts = ['accepted', 'rejected', 'incomplete', 'error'];
  const button = (kind, verdict, n) => el('button', {
    type: 'button', class: `count count-${verdict}`, 'data-verdict': verdict, 'data-kind': kind || null, 'data-count': String(n),
    'aria-pressed': String($('filter-verdict').value === verdict && kindFilter === kind),
    onclick: () => { const on = $('filter-verdict').value === verdict && kindFilter === kind; $('filter-verdict').value = on ? '' : verdict; kindFilter = on ? '' : kind; limit = PAGE; render(); },
  }, `${n.toLocaleString('en-GB')} ${verdict === 'error' ? 'not checked' : verdict}`);
  const totals = el('div', { class: 'totals' }, el('strong', {}, `${all.length.toLocaleString('en-GB')} file${all.length === 1 ? '' : 's'}:`),
    ...verdicts.map((v) => [v, all.filter((x) => x.verdict === v).length]).filter(([v, n]) => n > 0 || v !== 'error').map(([v, n]) => button('', v, n)));
  const byKind = kinds.length > 1 ? el('div', { class: 'by-kind' }, ...kinds.map((k) => el('span', { class: 'kind', 'data-kind': k }, `${k}: `,
    ...verdicts.map((v) => [v, all.filter((x) => x.kind === k && x.verdict === v).length]).filter(([, n]) => n > 0).map(([v, n]) => button(k, v, n))))) : '';
  $('counts').replaceChildren(totals, byKind);
}

function render() {
  const all = [...lines.values()];
  $('summary').hidden = all.length === 0;
  renderCounts(all);
  const shown = all.filter(visible);
  $('shown').textContent = shown.length === all.length ? `${all.length.toLocaleString('en-GB')} shown` : `${shown.length.toLocaleString('en-GB')} of ${all.length.toLocaleString('en-GB')} files`;
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
  $('more').textContent = `Show ${Math.min(PAGE, shown.length - limit)} more of ${(shown.length - limit).toLocaleString('en-GB')}`;
}

function filterRows(a) {
  const doc = $('filter-document').value;
  const rule = $('filter-rule').value.trim().toLowerCase();
  const failures = $('filter-failures').checked;
  for (const tr of a.querySelectorAll('tr[data-rule]')) {
    tr.hidden = Boolean((doc && !tr.dataset.document.split(' ').includes(doc)) || (rule && !tr.dataset.rule.toLowerCase().includes(rule)) || (failures && tr.dataset.outcome !== 'fail'));
  }
}

function article(x) {
  const a = el('article', { class: 'result', 'data-testid': 'result', 'data-file': x.name, 'data-verdict': x.verdict, 'data-kind': x.kind, 'data-first-failure': x.firstFailure ?? '' });
  const d = el('details', {}, el('summary', {}, ...resultLine(x)));
  d.addEventListener('toggle', () => {
    if (d.open) opened.add(x.name); else opened.delete(x.name);
    if (d.open && !d.dataset.filled) { d.dataset.filled = 'true'; fill(d, x).then(() => filterRows(a)); }
  });
  a.append(d);
  if (opened.has(x.name)) d.open = true;
  return a;
}

async function fullReport(name) {
  if (full.has(name)) return full.get(name);
  const m = await ask({ type: 'report', name, options: options(), adtState: baseline ?? loadState() }, 'report');
  if (m.report) full.set(name, m.report);
  return m.report;
}

async function fill(d, x) {
  if (x.verdict === 'error') { d.append(el('p', { class: 'body' }, x.message)); return; }
  const body = el('div', { class: 'body' }, el('p', {}, 'Loading the report…'));
  d.append(body);
  const r = await fullReport(x.name);
  if (!r) { body.replaceChildren(el('p', {}, 'This file is no longer held; check it again.')); return; }
  const parts = [];
  // the signer's chain stopped the check (its OCA is absent, or another of that name): one
  // click trusts the signer's certificate as given, as DCC Boxed users need
  const held = r.signer && chips.some((c) => c.kind === 'certificate' && !c.anchor && c.certificates.some((k) => k.serial === r.signer.serial));
  if (x.signerChain && held) {
    parts.push(el('p', { class: 'note trust-offer' }, `The signer's certificate (${r.signer.subject}) does not chain to an OCA given here. If it comes from a test environment whose OCA is not published (DCC Boxed), `,
      el('button', { type: 'button', 'data-testid': 'trust-signer', onclick: () => setAnchor({ serial: r.signer.serial, on: true }) }, 'trust this certificate as given'), '.'));
  }
  for (const n of r.notes ?? []) parts.push(el('p', { class: 'note' }, wording(n.message)));
  if (r.receiving_party) parts.push(el('p', { class: 'note' }, `After the DCC: ${wording(r.receiving_party.message)}`));
  if (r.kind === 'duis-request' && (r.route || r.findings.some((f) => f.rule.startsWith('srpd.623.')))) {
    parts.push(el('figure', {}, journey(r), el('figcaption', {}, r.route ? `Routed to the ${{ ecos: 'CoS Party', tcos: 'TCoS Party', 'smets1-legacy': 'SMETS1 Service Provider' }[r.route.party]} under ${r.route.clause}; target response ${r.route.target_response_seconds} s.` : 'Stopped before routing.')));
  }
  if (r.thresholds) parts.push(...thresholdParts(r));
  if (r.kind === 'inventory') parts.push(...inventoryParts(r));
  let box = null;
  const src = sources.get(x.name);
  const openSource = async (line) => {
    if (!box) return;
    box.open = true;
    await showSource();
    const pre = box.querySelector('pre');
    const target = box.querySelector(`mark[data-line="${line}"]`) ?? box.querySelector('mark[data-line]');
    if (target) {
      pre.scrollTop = Math.max(0, target.offsetTop - pre.offsetTop - 60);
      // across to the column, which the caret line under it marks
      const caret = target.nextElementSibling;
      const col = caret ? caret.textContent.indexOf('^') : 0;
      const probe = el('span', {}, 'x'.repeat(100));
      pre.append(probe);
      const ch = probe.getBoundingClientRect().width / 100;
      probe.remove();
      pre.scrollLeft = Math.max(0, col * ch - pre.clientWidth / 3);
      target.scrollIntoView({ block: 'nearest' });
      pre.focus({ preventScroll: true });
    }
  };
  const showSource = async () => {
    if (box.dataset.filled) return;
    box.dataset.filled = 'true';
    const bytes = src instanceof Blob ? new Uint8Array(await src.arrayBuffer()) : src;
    box.append(sourceView(new TextDecoder().decode(bytes), r));
  };
  parts.push(trace(r, src && r.kind !== 'inventory' ? openSource : null));
  if (src && r.kind !== 'inventory' && (src.size ?? src.length) < 4_000_000) {
    const failing = r.findings.find((f) => f.outcome === 'fail' && f.location?.line);
    box = el('details', { class: 'source-box', 'data-testid': 'source-box' }, el('summary', {}, failing ? `Source — go to line ${failing.location.line}` : 'Source'));
    box.addEventListener('toggle', () => { if (box.open) openSource(failing?.location?.line).catch(() => {}); });
    parts.push(box);
  }
  body.replaceChildren(...parts);
}

function thresholdParts(r) {
  if (r.thresholds.length === 0) return [el('p', {}, "No thresholds change: the file is rejected as a whole (TADP 3.7), so the DCC keeps the last accepted file's.")];
  const count = $('cos-count').value === '' ? null : Number($('cos-count').value);
  const fromFile = r.thresholds.filter((t) => t.source === 'file');
  const defaults = r.thresholds.filter((t) => t.source !== 'file');
  return [el('figure', {}, thresholds(r, count)),
    table(`Thresholds from the file (${fromFile.length}); ${defaults.length} more by default`, ['SRV', 'Minutes', 'ADT', 'Warning', 'Source'],
      r.thresholds.map((t) => ({ attrs: { class: `source-${t.source}`, 'data-source': t.source }, cells: [t.srv, t.period_minutes, t.adt, t.warning, t.source === 'default' ? 'default' : 'file'] })),
      { 'data-testid': 'thresholds', class: 'thresholds' })];
}

function inventoryParts(r) {
  const devices = el('div', { class: 'devices', 'data-testid': 'devices-view' });
  let status = '';
  let start = 0;
  const load = async () => {
    const m = await ask({ type: 'devices', name: r.file, start, count: 50, status }, 'devices');
    const pager = el('div', { class: 'pager' },
      el('label', {}, 'Status ', el('select', { onchange: (e) => { status = e.target.value; start = 0; load(); } },
        ...['', 'eligible', 'ineligible', 'held', 'out-of-scope', 'not-assessed', 'suspended', 'unreadable', 'migration-halted'].map((s) => el('option', { value: s, selected: s === status }, s || 'all')))),
      el('button', { type: 'button', disabled: start === 0, onclick: () => { start = Math.max(0, start - 50); load(); } }, 'Previous'),
      el('span', {}, m.total ? `${(start + 1).toLocaleString('en-GB')}–${Math.min(start + 50, m.total).toLocaleString('en-GB')} of ${m.total.toLocaleString('en-GB')}` : 'none'),
      el('button', { type: 'button', disabled: start + 50 >= m.total, onclick: () => { start += 50; load(); } }, 'Next'));
    devices.replaceChildren(pager, table('Devices', ['Line', 'Device', 'Status', 'Reason', 'Clause', 'GPF model / Responsible Supplier'],
      m.devices.map((d) => ({ attrs: { 'data-status': d.status, 'data-device': d.device_id }, cells: [d.line, d.device_id, d.status, d.reason ?? '', d.clause ?? '', d.gpf ? `${d.gpf.model} / ${d.gpf.responsible_supplier ?? 'none'}` : ''] })),
      { 'data-testid': 'devices' }));
  };
  load();
  const pick = (s) => { status = s; start = 0; load(); };
  return [el('figure', {}, funnel(r, pick)), devices];
}

// ---- exports ----
function download(name, type, text) {
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}
const stamp = () => new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
async function exportShown(format, ext, type) {
  const names = [...lines.values()].filter(visible).map((x) => x.name).filter((n) => format !== 'devices-csv' || lines.get(n).kind === 'inventory');
  const m = await ask({ type: 'export', format, names, options: options(), adtState: baseline ?? loadState() }, 'export');
  download(`sec-rules-${stamp()}.${ext}`, type, m.text);
}

// ---- ADT state, timeline, catalogue ----
function renderState() {
  const state = loadState();
  $('adt-state').textContent = Object.keys(state).length ? JSON.stringify(state, null, 2) : '(empty: no ADT file accepted in this browser)';
  $('adt-state-export').href = `data:application/json,${encodeURIComponent(JSON.stringify(state))}`;
  renderChips($('inputs').dataset.certificates);
}

let cat = null;
function renderTimeline() {
  $('timeline').replaceChildren(timeline(cat, $('as-of').value || null, (day) => { $('as-of').value = day; settingsChanged(); }));
}

let debounce = null;
function settingsChanged() {
  renderTimeline();
  if (!lines.size) return;
  clearTimeout(debounce);
  debounce = setTimeout(() => check(), 150);
}

async function runDemo() {
  const index = await (await fetch('demo/index.json')).json();
  const files = await Promise.all(index.map(async (s) => ({ name: s.name, bytes: new Uint8Array(await (await fetch(`demo/${s.name}`)).arrayBuffer()) })));
  await addFiles(files);
}

await init();
cat = catalogue();
$('status').textContent = `Rules module ${version()} loaded. Choose or drop files, or load the demo.`;
$('catalogue').replaceChildren(renderCatalogue(cat));
renderTimeline();
const pick = (input) => input.addEventListener('change', async (e) => { const files = [...e.target.files]; e.target.value = ''; await addFiles(files); });
pick($('file-input'));
pick($('folder-input'));
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); addFiles([...e.dataTransfer.files]); });
$('demo').addEventListener('click', runDemo);
$('add-roles').addEventListener('click', addRoles);
$('user-roles').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); addRoles(); } });
$('user-roles').addEventListener('input', () => { $('user-roles').removeAttribute('aria-invalid'); $('user-roles-error').textContent = ''; });
$('recheck').addEventListener('click', () => check());
$('clear').addEventListener('click', async () => {
  await ask({ type: 'clear' }, 'inputs');
  lines.clear(); full.clear(); articles.clear(); opened.clear(); baseline = null;
  render();
  $('clear').disabled = true;
  $('recheck').disabled = true;
  $('status').textContent = 'Files cleared; certificates, context and models stay until removed.';
});
$('cancel').addEventListener('click', () => worker.postMessage({ type: 'cancel' }));
for (const id of ['as-of', 'all', 'draft', 'cos-count']) $(id).addEventListener('change', settingsChanged);
for (const id of ['filter-verdict', 'filter-document', 'filter-rule', 'filter-failures']) $(id).addEventListener('input', () => { if (id === 'filter-verdict') kindFilter = ''; limit = PAGE; render(); });
$('more').addEventListener('click', () => { limit += PAGE; render(); });
$('export-jsonl').addEventListener('click', () => exportShown('jsonl', 'jsonl', 'application/x-ndjson'));
$('export-csv').addEventListener('click', () => exportShown('csv', 'csv', 'text/csv'));
$('export-sarif').addEventListener('click', () => exportShown('sarif', 'sarif', 'application/sarif+json'));
$('export-devices').addEventListener('click', () => exportShown('devices-csv', 'devices.csv', 'text/csv'));
$('adt-state-reset').addEventListener('click', () => { localStorage.removeItem(STATE_KEY); baseline = {}; renderState(); });
renderState();
if (new URLSearchParams(location.search).has('demo')) await runDemo();
document.documentElement.dataset.ready = 'true';
