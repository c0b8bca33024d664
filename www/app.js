// sec-rules page: files are read here and checked in a Web Worker (pkg/ loaded as an ES
// module); one result element per file (contract §7), filters, exports, the catalogue.
import init, { catalogue, version } from '../pkg/sec_rules.js';
import { el, renderReport, renderError, renderCatalogue } from './render.js';
import { toJsonLines, toCsv, toSarif } from './export.js';

const $ = (id) => document.getElementById(id);
const STATE_KEY = 'sec-rules.adt-state';
const loadState = () => { try { return JSON.parse(localStorage.getItem(STATE_KEY) ?? '{}'); } catch { return {}; } };
let reports = [];
let worker = null;
// A worker is started ahead of need (it loads the module at once), so once the page has loaded
// a check needs no further request: the page works offline.
const makeWorker = () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let spare = makeWorker();

function options() {
  const o = { all: $('all').checked };
  if ($('as-of').value) o.as_of = $('as-of').value;
  if ($('cos-count').value !== '') o.cos_count = Number($('cos-count').value);
  return o;
}

function renderState() {
  const state = loadState();
  $('adt-state').textContent = Object.keys(state).length ? JSON.stringify(state, null, 2) : '(empty: no ADT file accepted in this browser)';
  $('adt-state-export').href = `data:application/json,${encodeURIComponent(JSON.stringify(state))}`;
}

function renderSummary() {
  const kinds = [...new Set(reports.map((r) => r.kind))];
  const verdicts = ['accepted', 'rejected', 'incomplete'];
  const rows = kinds.map((k) => el('tr', { 'data-kind': k }, el('th', { scope: 'row' }, k),
    ...verdicts.map((v) => el('td', { 'data-verdict': v }, reports.filter((r) => r.kind === k && r.verdict === v).length))));
  $('summary').replaceChildren(reports.length ? el('table', {}, el('caption', {}, 'Summary'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Kind'), ...verdicts.map((v) => el('th', { scope: 'col' }, v)))), el('tbody', {}, ...rows)) : '');
  $('toolbar').hidden = reports.length === 0;
}

/** Shows or hides results and their rows; `fresh` = only newly added results (which start visible). */
function applyFilters(articles = document.querySelectorAll('#results [data-testid=result]'), fresh = false) {
  const verdict = $('filter-verdict').value;
  const doc = $('filter-document').value;
  const rule = $('filter-rule').value.trim().toLowerCase();
  if (fresh && !verdict && !doc && !rule) return;
  for (const a of articles) {
    a.hidden = Boolean(verdict) && a.dataset.verdict !== verdict;
    for (const tr of a.querySelectorAll('tr[data-rule]')) {
      tr.hidden = (doc && tr.dataset.document !== doc) || (rule && !tr.dataset.rule.includes(rule));
    }
  }
}

function download(name, type, text) {
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

async function checkAll(files) {
  worker?.terminate();
  reports = [];
  $('results').replaceChildren();
  $('inputs').replaceChildren();
  renderSummary();
  const loaded = await Promise.all(files.map(async (f) => ({
    name: f.webkitRelativePath || f.name, bytes: f instanceof Blob ? new Uint8Array(await f.arrayBuffer()) : f.data,
  })));
  const texts = new Map(loaded.map((f) => [f.name, f.bytes.length < 2_000_000 ? new TextDecoder().decode(f.bytes) : null]));
  worker = spare;
  spare = makeWorker();
  // Results arrive faster than the DOM can take them: render in batches, once per frame.
  let pending = [];
  let scheduled = false;
  // At most 25 results a frame, so the page stays responsive whatever the batch size.
  const flush = (all = false) => {
    scheduled = false;
    const take = all ? pending.length : 25;
    const frag = document.createDocumentFragment();
    const added = pending.slice(0, take).map(([r, name]) => (r ? renderReport(r, texts.get(name)) : renderError(name.name, name.message)));
    frag.append(...added);
    pending = pending.slice(take);
    $('results').append(frag);
    renderSummary();
    applyFilters(added, true);
    if (pending.length && !scheduled) { scheduled = true; requestAnimationFrame(() => flush()); }
  };
  const queue = (item) => {
    pending.push(item);
    if (!scheduled) { scheduled = true; requestAnimationFrame(() => flush()); }
  };
  $('cancel').disabled = false;
  document.documentElement.dataset.busy = 'true';
  const finished = new Promise((resolve) => {
    worker.onmessage = ({ data: m }) => {
      if (m.type === 'progress') {
        $('progress').max = Math.max(m.total, 1);
        $('progress').value = m.done;
        $('status').textContent = `Checked ${m.done} of ${m.total} file(s) locally.`;
      } else if (m.type === 'rows') {
        $('status').textContent = `${m.name}: ${m.rows.toLocaleString('en-GB')} rows checked…`;
      } else if (m.type === 'report') {
        reports.push(m.report);
        queue([m.report, m.name]);
      } else if (m.type === 'error') {
        queue([null, { name: m.name, message: m.message }]);
      } else if (m.type === 'done') {
        flush(true);
        localStorage.setItem(STATE_KEY, JSON.stringify(m.adtState));
        renderState();
        const by = (k) => m.notes.filter((n) => n.kind === k).map((n) => n.text);
        $('inputs').replaceChildren(el('section', { class: 'trust', 'data-testid': 'trust-store', 'data-count': String(m.certificates.length) },
          el('h3', {}, `In use: ${m.certificates.length} certificate(s), context ${by('context').join(', ') || 'none'}, models file ${by('models').join(', ') || 'none'}`),
          el('ul', {}, ...m.certificates.map((c) => el('li', {}, `${c.role ?? 'no role'} — ${c.subject} (serial ${c.serial}, issuer ${c.issuer})`)))));
        resolve('done');
      }
    };
    worker.onerror = (e) => { $('status').textContent = `The checker stopped: ${e.message}`; resolve('error'); };
    $('cancel').onclick = () => {
      worker.terminate();
      flush(true);
      $('status').textContent = `Cancelled after ${reports.length} file(s).`;
      resolve('cancelled');
    };
  });
  worker.postMessage({ files: loaded, options: options(), adtState: loadState() });
  await finished;
  $('cancel').disabled = true;
  document.documentElement.dataset.busy = 'false';
}

// The demo's files are static files next to the page (www/demo/, written by
// examples/demo_files.rs from the crate's own test PKI), fetched from this origin only.
async function runDemo() {
  const index = await (await fetch('demo/index.json')).json();
  const files = await Promise.all(index.map(async (s) => ({ name: s.name, data: new Uint8Array(await (await fetch(`demo/${s.name}`)).arrayBuffer()) })));
  await checkAll(files);
}

await init();
const cat = catalogue();
$('status').textContent = `Rules module ${version()} loaded. Choose or drop files, or load the demo.`;
$('catalogue').replaceChildren(renderCatalogue(cat));
$('file-input').addEventListener('change', (e) => checkAll([...e.target.files]));
$('folder-input').addEventListener('change', (e) => checkAll([...e.target.files]));
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); checkAll([...e.dataTransfer.files]); });
$('demo').addEventListener('click', runDemo);
$('adt-state-reset').addEventListener('click', () => { localStorage.removeItem(STATE_KEY); renderState(); });
for (const id of ['filter-verdict', 'filter-document', 'filter-rule']) $(id).addEventListener('input', () => applyFilters());
$('export-jsonl').addEventListener('click', () => download('sec-rules.jsonl', 'application/x-ndjson', toJsonLines(reports)));
$('export-csv').addEventListener('click', () => download('sec-rules.csv', 'text/csv', toCsv(reports)));
$('export-sarif').addEventListener('click', () => download('sec-rules.sarif', 'application/sarif+json', JSON.stringify(toSarif(reports, cat, version()), null, 2)));
renderState();
if (new URLSearchParams(location.search).has('demo')) await runDemo();
document.documentElement.dataset.ready = 'true';
