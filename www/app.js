// sec-rules page: loads the wasm module from ../pkg/, checks chosen files locally, renders
// one result element per file (contract §7) and the rule catalogue from the same module.
import init, { catalogue, classify, demoFiles, version, Session } from '../pkg/sec_rules.js';

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('data-')) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return e;
};

function options() {
  const o = { all: $('all').checked };
  if ($('as-of').value) o.as_of = $('as-of').value;
  return o;
}

function place(loc) {
  if (!loc) return '';
  const parts = [];
  if (loc.line != null) parts.push(`line ${loc.line}`);
  if (loc.column != null) parts.push(`column ${loc.column}`);
  if (loc.path) parts.push(loc.path);
  return parts.join(', ');
}

function renderReport(r) {
  const rows = r.findings.map((f) => el('tr', {},
    el('td', {}, el('code', {}, f.rule)),
    el('td', {}, f.advisory ? `${f.clause} (advisory: the receiving party, after the DCC accepts)` : f.clause),
    el('td', { class: `outcome-${f.outcome}` }, f.outcome),
    el('td', {}, f.message),
    el('td', {}, place(f.location))));
  const summary = [el('span', { class: 'verdict' }, r.verdict), ` — ${r.file} (${r.kind}, as of ${r.as_of})`];
  if (r.first_failure) summary.push(el('div', {}, 'First failure: ', el('code', {}, r.first_failure),
    r.response_code ? ` (response code ${r.response_code})` : ''));
  if (r.route) summary.push(el('div', {}, `Route: ${r.route.party} under ${r.route.clause}, target ${r.route.target_response_seconds} s`));
  const extra = [];
  if (r.thresholds) {
    extra.push(r.thresholds.length === 0
      ? el('p', {}, 'No thresholds change: the file is rejected as a whole (TADP 3.7), so the DCC keeps the last accepted file\'s.')
      : el('table', { 'data-testid': 'thresholds' },
        el('caption', {}, 'Thresholds the DCC would apply (defaults marked)'),
        el('thead', {}, el('tr', {}, ...['SRV', 'Minutes', 'ADT', 'Warning', 'Source'].map((h) => el('th', {}, h)))),
        el('tbody', {}, ...r.thresholds.map((t) => el('tr', { class: `source-${t.source}`, 'data-source': t.source },
          el('td', {}, t.srv), el('td', {}, t.period_minutes), el('td', {}, t.adt), el('td', {}, t.warning),
          el('td', {}, t.source === 'default' ? 'default (TADP)' : 'file'))))));
  }
  if (r.devices) {
    const shown = r.devices.slice(0, 500);
    extra.push(el('table', { 'data-testid': 'devices' },
      el('caption', {}, `Devices (${r.devices.length}${r.devices.length > shown.length ? `, first ${shown.length} shown` : ''})`),
      el('thead', {}, el('tr', {}, ...['Line', 'Device', 'Status', 'Reason', 'Clause', 'GPF model / Responsible Supplier'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...shown.map((d) => el('tr', { 'data-status': d.status, 'data-device': d.device_id },
        el('td', {}, d.line), el('td', {}, d.device_id), el('td', {}, d.status), el('td', {}, d.reason ?? ''), el('td', {}, d.clause ?? ''),
        el('td', {}, d.gpf ? `${d.gpf.model} / ${d.gpf.responsible_supplier ?? 'none'}` : ''))))));
  }
  if (r.summary) {
    const kv = (title, obj, testid) => el('table', { 'data-testid': testid }, el('caption', {}, title),
      el('tbody', {}, ...Object.entries(obj ?? {}).map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, v)))));
    extra.push(kv('By status', r.summary.by_status, 'summary-status'), kv('ECOSMIG-007 totals', r.summary.ecosmig_007_totals, 'summary-totals'));
    const nm = r.summary.ecosmig_004_non_migratable_models ?? [];
    extra.push(el('table', { 'data-testid': 'summary-non-migratable' }, el('caption', {}, 'ECOSMIG-004: devices by Non-Migratable model'),
      el('tbody', {}, ...nm.map((m) => el('tr', {}, el('td', {}, `${m.manufacturer} ${m.model} hw ${m.hardware_version} fw ${m.firmware_version}`), el('td', {}, m.count))))));
  }
  return el('article', {
    class: 'result', 'data-testid': 'result', 'data-file': r.file, 'data-verdict': r.verdict,
    'data-first-failure': r.first_failure ?? '',
  }, el('h3', {}, ...summary), ...extra,
  el('table', {}, el('thead', {}, el('tr', {}, ...['Rule', 'Clause', 'Outcome', 'Message', 'Place'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows)));
}

function renderError(file, message) {
  return el('article', { class: 'result', 'data-testid': 'result', 'data-file': file, 'data-verdict': 'error', 'data-first-failure': '' },
    el('h3', { class: 'error' }, `${file}: not checked`), el('p', {}, message));
}

function renderTrust(store, problems) {
  const items = store.certificates().map((c) => el('li', {},
    `${c.role ?? 'no role'} — ${c.subject} (serial ${c.serial}, issuer ${c.issuer})`));
  const box = el('section', { class: 'trust', 'data-testid': 'trust-store', 'data-count': String(store.size) },
    el('h3', {}, `Trust store: ${store.size} certificate(s), held in this page only`), el('ul', {}, ...items), ...problems);
  $('trust').replaceChildren(box);
}

const STATE_KEY = 'sec-rules.adt-state';
const loadState = () => { try { return JSON.parse(localStorage.getItem(STATE_KEY) ?? '{}'); } catch { return {}; } };
function renderState() {
  const state = loadState();
  $('adt-state').textContent = Object.keys(state).length ? JSON.stringify(state, null, 2) : '(empty: no ADT file accepted in this browser)';
  const a = $('adt-state-export');
  a.href = `data:application/json,${encodeURIComponent(JSON.stringify(state))}`;
}

async function checkAll(files) {
  const out = $('results');
  out.replaceChildren();
  const loaded = await Promise.all(files.map(async (f) => ({
    name: f.name, bytes: f instanceof Blob ? new Uint8Array(await f.arrayBuffer()) : f.data,
  })));
  // Certificates first: they form the trust store the requests are checked against.
  const store = new Session();
  store.setAdtState(loadState());
  const problems = [];
  const kind = (f) => classify(f.bytes);
  for (const f of loaded.filter((f) => kind(f) === 'certificate')) {
    try { store.addCertificates(f.name, f.bytes); } catch (e) { problems.push(el('p', { class: 'error' }, e?.message ?? String(e))); }
  }
  for (const f of loaded.filter((f) => kind(f) === 'models-json')) {
    try {
      store.setModels(f.name, f.bytes);
      problems.push(el('p', { 'data-testid': 'models' }, `Models file: ${f.name}`));
    } catch (e) { problems.push(el('p', { class: 'error' }, e?.message ?? String(e))); }
  }
  for (const f of loaded.filter((f) => kind(f) === 'json')) {
    try {
      store.setContext(f.name, f.bytes);
      problems.push(el('p', { 'data-testid': 'context' }, `Context: ${f.name}`));
    } catch (e) { problems.push(el('p', { class: 'error' }, e?.message ?? String(e))); }
  }
  renderTrust(store, problems);
  const docs = loaded.filter((f) => !['certificate', 'json', 'models-json'].includes(kind(f)));
  let done = 0;
  for (const f of docs) {
    try {
      out.append(renderReport(store.checkFile(f.name, f.bytes, options())));
    } catch (e) {
      out.append(renderError(f.name, e?.message ?? String(e)));
    }
    done += 1;
    $('status').textContent = `Checked ${done} of ${docs.length} file(s) locally.`;
  }
  localStorage.setItem(STATE_KEY, JSON.stringify(store.adtState()));
  renderState();
  store.free();
}

function renderCatalogue() {
  const c = catalogue();
  const period = (p) => (p.from || p.until ? `${p.from ?? ''} – ${p.until ?? ''}` : 'always');
  const rows = c.rules.map((r) => el('tr', { 'data-rule': r.id },
    el('td', {}, el('code', {}, r.id)), el('td', {}, r.document), el('td', {}, r.clause), el('td', {}, r.title),
    el('td', {}, r.response_code ?? ''), el('td', {}, period(r.in_force)),
    el('td', {}, r.assumption ? `assumption: ${r.note}` : '')));
  $('catalogue').replaceChildren(el('table', {},
    el('thead', {}, el('tr', {}, ...['Rule', 'Document', 'Clause', 'Title', 'Code', 'In force', 'Assumption'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows)),
  el('p', {}, `${c.service_reference_variants.length} Service Reference Variants, ${c.service_reference_variants.filter((s) => s.critical).length} critical.`));
}

async function runDemo() {
  const enc = new TextEncoder();
  const files = demoFiles().map((s) => ({ name: s.name, data: enc.encode(s.content) }));
  await checkAll(files);
}

await init();
$('status').textContent = `Rules module ${version()} loaded. Choose files, or load the demo.`;
renderCatalogue();
$('file-input').addEventListener('change', (e) => checkAll([...e.target.files]));
$('demo').addEventListener('click', runDemo);
$('adt-state-reset').addEventListener('click', () => { localStorage.removeItem(STATE_KEY); renderState(); });
renderState();
for (const id of ['as-of', 'all']) $(id).addEventListener('change', () => { if ($('file-input').files.length) checkAll([...$('file-input').files]); });
if (new URLSearchParams(location.search).has('demo')) await runDemo();
document.documentElement.dataset.ready = 'true';
