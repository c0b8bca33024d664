// The page's checker, off the main thread (started by worker.js): the coordinator of a pool of checking workers
// (pool.js). It fetches and compiles the module once (the page itself never loads it) and
// hands the compiled module to its helpers. It keeps the files given to it — as File
// handles, read when checked, so memory does not grow with the files' size — and the inputs
// (certificates, context, models), so a setting change or a new pick re-checks without a
// re-pick. DUIS documents are checked in chunks by whichever worker of the pool is free,
// through Session.checkBatch in brief (ECDSA by WebCrypto, on each worker's verify worker);
// ADT files and inventories here, in order; each inventory keeps a session whose compact
// device table the page pages through. Answers reach the page in the user's order.
//
// In:  { type: 'add', files: [File | {name, file} | {name, bytes} | {name, error}] }
//                                                         classify, keep, report the inputs
//                                                         (an error: an entry that could not be read)
//      { type: 'remove', name } | { type: 'clear' }
//      { type: 'check', options, adtState, only?: [name] } check (all, or the names given)
//      { type: 'cancel' }                                     stop handing out work
//      { type: 'report', name, options, adtState }          one file's full report again
//      { type: 'devices', name, start, count, status }       a page of an inventory's devices
//      { type: 'export', format, names, options, adtState, filter }  jsonl | csv | sarif | devices-csv
//                                                         (only the findings the filter shows)
// Out: { type: 'ready', workers, error? }  { type: 'inputs', inputs, refused }  { type: 'progress', done, total }
//      { type: 'results', items: [{ name, line, report? }] }  { type: 'done', adtState, cancelled }
//      { type: 'report', name, report }  { type: 'devices', name, total, devices }  { type: 'export', text }
//
// The worker's URL may say `?workers=N`: the pool's size (pool.js says the default), and
// `?warm=N`: how many checks warm the module up.
import { Door } from './door.js';
import { shownReport } from './filters.js';
import { refusal } from './inputs.js';
import { line } from './line.js';
import { Pool, poolSize } from './pool.js';
import { KeptSession, makeSession, readAll } from './session.js';
import { makeVerifier } from './verifier.js';

// the module behind a door: a file that traps it gets an error line, the others are checked.
// worker.js started its download and compile (self.secRulesCompiled) and the glue's import
// (self.secRulesGlue) before this module's own imports were in.
const glue = new URL('../pkg/sec_rules.js', import.meta.url);
const wanted = Number(new URL(self.location.href).searchParams.get('workers'));
let pool = null;
const glueFirst = self.secRulesGlue ?? import(glue.href);
const door = self.secRulesCompiled.then(async (module) => {
  const d = new Door(module, glue);
  d.spare = glueFirst;
  await d.open();
  pool = new Pool(module, glue, poolSize(wanted));
  return d;
});
let api = null; // the door's current instance
const ready = door.then((d) => { api = d.api; });
// the page is told when the checker is ready (or why it cannot be): it may go offline after
ready.then(() => postMessage({ type: 'ready', workers: 1 + pool.helpers.length }), (e) => postMessage({ type: 'ready', error: e?.message ?? String(e) }));

// Warming up: a freshly compiled module runs its first checks with baseline code until the
// engine has compiled the hot functions fully (a few hundred checks in); the compiled code is
// shared by every worker the module was posted to. While the user is still choosing files,
// the demo's signed 6.23 is checked a number of times here, so that their first batch runs at
// full speed. Nothing of it is kept or shown; the page's own checks wait for nothing.
const WARM_UP = Number(new URL(self.location.href).searchParams.get('warm') ?? 200);
let asked = false; // files have been given: the warm-up stops
ready.then(async () => {
  if (!WARM_UP) return;
  const get = async (n) => new Uint8Array(await (await fetch(new URL(`./demo/${n}`, import.meta.url))).arrayBuffer());
  const [xml, trust, context] = await Promise.all(['6.23-signed.xml', 'demo-trust-store.pem', 'demo-context.json'].map(get));
  const d = await door;
  const files = Array.from({ length: 20 }, (_, i) => ({ name: `warm-up-${i}.xml`, bytes: xml }));
  // in small batches, and no more once the user has given files: their checks come first
  for (let done = 0; done < WARM_UP && !asked; done += files.length) {
    await d.checkBatch(files, { as_of: '2024-03-01', detail: 'summary' }, (a) => {
      const s = new a.Session();
      s.setVerifier(verifier);
      s.addCertificates('demo-trust-store.pem', trust);
      s.setContext('demo-context.json', context);
      return s;
    });
  }
}).catch(() => { /* a warm-up that fails changes nothing */ });
// ECDSA on a thread of its own while this one checks (WebCrypto here if that worker fails)
const verifier = makeVerifier();
const MiB = 1 << 20;
// Largest file of each kind the page reads (DUIS as the module's own limit; an inventory is
// checked in memory here, so it has a cap of its own).
const CAPS = { xml: 4 * MiB, 'adt-csv': 64 * MiB, 'inventory-csv': 256 * MiB, certificate: MiB, json: 64 * MiB, 'models-json': 64 * MiB };
const LARGEST = Math.max(...Object.values(CAPS));
// DUIS documents per chunk handed to a worker of the pool: the batch shared evenly among the
// workers, within these bounds (a checkBatch call has a start-up of its own — its lead document
// verified alone — so fewer, larger calls are faster: 200 signed 6.23s on one worker took 61 ms
// in chunks of 50, 44 ms in one; the bounds keep progress and a cancel close at hand). Files are
// read at once when taken in.
const CHUNK = { least: 50, most: 250 };
const chunkFor = (n, workers) => Math.min(CHUNK.most, Math.max(CHUNK.least, Math.ceil(n / workers)));
// the export's chunks (full reports, nothing kept but the text)
const EXPORT_CHUNK = 100;
const READS = 32;

const docs = new Map(); // name -> { name, file, kind, size }
const inputs = new Map(); // name -> { name, kind, bytes, anchor }
let inputsVersion = 0; // moves on with every change of the inputs
const inventories = new Map(); // name -> { session holding its device table, the door's generation }
const kept = new KeptSession(); // this thread's Session for DUIS chunks
let cancelled = false;

const size = (n) => (n >= MiB ? `${(n / MiB).toFixed(n % MiB ? 1 : 0)} MiB` : n >= 1024 ? `${Math.round(n / 1024)} KiB` : `${n} bytes`);
const bytesOf = async (f) => f.bytes ?? new Uint8Array(await f.file.arrayBuffer());

// A small file read to be told apart is kept read (reading it again costs as much as the
// first time, and slicing a File costs more than reading a small one whole), up to a budget:
// memory stays bounded however many files are dropped; beyond it files are read when checked.
const HEAD = 65536;
const KEEP = 64 * MiB;
let kept_bytes = 0;

// (a File has a bytes() method of its own: tell the two apart by type, not by that name)
async function sniff(f) {
  const blob = f instanceof Blob;
  const n = blob ? f.size : f.bytes.length;
  if (n > LARGEST) return { refused: `${size(n)}: larger than any input sec-rules reads (${size(LARGEST)}); not read` };
  const whole = !blob ? f.bytes : n <= HEAD ? new Uint8Array(await f.arrayBuffer()) : null;
  const head = whole ? whole.subarray(0, HEAD) : new Uint8Array(await f.slice(0, HEAD).arrayBuffer());
  const kind = api.classify(head) ?? 'unknown';
  if (CAPS[kind] && n > CAPS[kind]) return { kind, refused: `${size(n)}: larger than the ${size(CAPS[kind])} limit for ${kind === 'xml' ? 'a DUIS document' : `an ${kind}`}; not read` };
  let bytes = null;
  if (whole && blob && kept_bytes + n <= KEEP) {
    bytes = whole;
    kept_bytes += n;
  }
  return { kind, bytes: blob ? bytes : null };
}

/** `fn` over `items`, at most `limit` at a time; the answers in order. */
async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

const inputList = () => [...inputs.values()];
const session = (options) => makeSession(api, inputList(), { verifier, adtState: options?.adtState });
const changed = () => { inputsVersion += 1; kept.drop(); };

/** What one input is, as its chip shows it. */
function describeOne(i) {
  const kind = { certificate: 'certificate', json: 'context', 'models-json': 'models' }[i.kind];
  const chip = { name: i.name, kind, error: null, certificates: [], anchor: Boolean(i.anchor) };
  const t = new api.Session();
  try {
    if (i.kind === 'certificate') {
      t.addCertificates(i.name, i.bytes);
      chip.certificates = t.certificates().map((c) => ({ role: c.role, subject: c.subject, serial: c.serial, notAfter: new Date(c.not_after_unix * 1000).toISOString().slice(0, 10) }));
    } else if (i.kind === 'json') t.setContext(i.name, i.bytes);
    else t.setModels(i.name, i.bytes);
  } catch (e) {
    chip.error = e.message;
  }
  t.free();
  return chip;
}

function describeInputs() {
  const chips = [...inputs.values()].map(describeOne);
  const { s } = session();
  const certificates = s.certificates();
  s.free();
  return { chips, certificates: certificates.length };
}

/**
 * Checks ADT files (or any documents a full report is wanted of) through the door (a trap
 * costs only its file). `adt` holds the ADT state the checks start from, and is moved on by
 * each accepted ADT file (the DCC processes files in order: a later file sees an earlier one).
 */
async function checkThrough(batch, options, adt) {
  const d = await door;
  const out = await d.checkBatch(batch, options, () => session({ adtState: adt.state }).s, (s) => { adt.state = s.adtState(); });
  api = d.api;
  generation = d.generation;
  return out;
}

// this thread's chunks of DUIS documents, one after another (one kept Session, its deferred
// verifications never mixed between two batches)
let lane = Promise.resolve();
function checkHere(list, options) {
  const run = lane.then(async () => {
    const read = await readAll(list);
    const batch = read.filter((f) => !f.error);
    const d = await door;
    const reports = await d.checkBatch(batch, options, () => kept.get(d, inputList(), inputsVersion, verifier), () => {}, { keep: true });
    api = d.api;
    generation = d.generation;
    let k = 0;
    return read.map((f) => (f.error ? { file: f.name, error: f.error } : reports[k++]));
  });
  lane = run.catch(() => {});
  return run;
}

/** An inventory, through the door: its session keeps the device table the page pages. */
async function checkInventory(d, options) {
  const bytes = await bytesOf(d);
  const dr = await door;
  try {
    return await dr.call(() => {
      const inv = session(options).s;
      inventories.set(d.name, { session: inv, generation: dr.generation });
      return inv.checkInventorySummary(d.name, bytes, options, () => {});
    });
  } catch (e) {
    inventories.delete(d.name);
    api = dr.api;
    generation = dr.generation;
    throw e;
  }
}

/** An inventory's session, when it belongs to the door's current instance. */
function inventory(name) {
  const inv = inventories.get(name);
  return inv && inv.generation === generation ? inv.session : null;
}
let generation = 0;
door.then((d) => { generation = d.generation; });

async function checkOne(d, options, adtState) {
  if (d.kind === 'inventory-csv') return checkInventory(d, options);
  const [r] = await checkThrough([{ name: d.name, bytes: await bytesOf(d) }], options, { state: adtState });
  return r;
}

/**
 * A check cut into units, in the user's order: files refused unread, ADT files and
 * inventories for this thread; DUIS documents in chunks for the pool. Consecutive files of one
 * sort share a unit (ADT files one Session, the state moving from one to the next); an
 * inventory is a unit of its own.
 */
function units(list, chunk) {
  const sort = (d) => (d.refused ? 'refused' : d.kind === 'adt-csv' ? 'adt' : d.kind === 'inventory-csv' ? 'inventory' : 'duis');
  const out = [];
  for (const d of list) {
    const kind = sort(d);
    const last = out[out.length - 1];
    if (last && last.sort === kind && kind !== 'inventory' && last.docs.length < chunk) last.docs.push(d);
    else out.push({ sort: kind, own: kind !== 'duis', docs: [d] });
  }
  return out;
}

async function check({ options, adtState, only }) {
  cancelled = false;
  const adt = { state: adtState };
  const wanted = only ? new Set(only) : null;
  const list = [...docs.values()].filter((d) => !wanted || wanted.has(d.name));
  const duis = list.filter((d) => !d.refused && d.kind !== 'adt-csv' && d.kind !== 'inventory-csv').length;
  const work = units(list, chunkFor(duis, pool.size));
  const brief = { ...options, detail: 'summary' };
  pool.setInputs(inputList().map(({ name, kind, bytes, anchor }) => ({ name, kind, bytes, anchor })), inputsVersion);
  postMessage({ type: 'progress', done: 0, total: list.length });
  let done = 0;
  const answer = (d, r) => ({ name: d.name, line: line(d.name, r), report: r.detail === 'summary' || r.error ? undefined : r });
  const own = async (unit) => {
    const d = unit.docs[0];
    if (unit.sort === 'refused') return unit.docs.map((x) => ({ name: x.name, line: line(x.name, { error: x.refused }) }));
    if (unit.sort === 'inventory') {
      inventory(d.name)?.free();
      inventories.delete(d.name);
      try {
        return [answer(d, await checkInventory(d, options))];
      } catch (e) {
        return [{ name: d.name, line: line(d.name, { error: e.message }) }];
      }
    }
    // ADT files: full reports (few, small; the page keeps them whole), the state moving on
    const read = await readAll(unit.docs);
    const batch = read.filter((f) => !f.error);
    const reports = batch.length ? await checkThrough(batch, options, adt) : [];
    let k = 0;
    return read.map((f, i) => answer(unit.docs[i], f.error ? { error: f.error } : reports[k++]));
  };
  const here = async (chunk) => (await checkHere(chunk, brief)).map((r, i) => answer(chunk[i], r));
  await pool.run(work, {
    own,
    here,
    options: brief,
    stop: () => cancelled,
    emit: (i, items) => {
      // a helper's answers are reports (or errors); this thread's are already lines
      const lines = items.map((it, k) => (it.line ? it : answer(work[i].docs[k], it)));
      done += lines.length;
      postMessage({ type: 'results', items: lines });
      postMessage({ type: 'progress', done, total: list.length });
    },
  });
  postMessage({ type: 'done', adtState: adt.state, cancelled });
}

// every request is answered, whatever goes wrong: a page never waits for an answer that
// will not come (a bad option value, an unreadable file, a module error)
onmessage = async ({ data: m }) => {
  try {
    await handle(m);
  } catch (e) {
    const error = e?.message ?? String(e);
    const reply = { check: 'done', report: 'report', devices: 'devices', export: 'export' }[m.type] ?? 'inputs';
    postMessage(reply === 'inputs' ? { type: 'inputs', ...describeInputs(), refused: [], error }
      : { type: reply, name: m.name, error, adtState: m.adtState, cancelled: false, report: null, total: 0, devices: [], text: '' });
  }
};

/** Forgets a document (and the bytes kept of it). */
function forget(name) {
  const d = docs.get(name);
  if (d?.file && d.bytes) kept_bytes -= d.bytes.length;
  docs.delete(name);
}

/** Takes a drop's or a pick's files in: each read (its head) at once, kept in the drop's order. */
async function add(files) {
  const refused = [];
  const taken = await mapLimit(files, READS, async (f) => {
    const name = f instanceof Blob ? (f.webkitRelativePath || f.name) : f.name;
    // an entry of a drop that could not be read: its own error line
    if (f.error) return { name, entry: { name, kind: 'unknown', size: 0 }, why: `cannot be read: ${f.error}` };
    const file = f instanceof Blob ? f : f.file;
    const entry = file ? { name, file, size: file.size } : { name, bytes: f.bytes, size: f.bytes.length };
    try {
      const { kind, refused: why, bytes: read } = await sniff(file ?? entry);
      if (read) entry.bytes = read;
      const input = ['certificate', 'json', 'models-json'].includes(kind) && !why;
      return { name, entry, kind, why, bytes: input ? await bytesOf(entry) : null };
    } catch (e) {
      return { name, entry, kind: 'unknown', why: `cannot be read: ${e.message}` };
    }
  });
  for (const t of taken) {
    if (t.bytes) {
      inputs.set(t.name, { name: t.name, kind: t.kind, bytes: t.bytes });
      forget(t.name);
      changed();
      continue;
    }
    forget(t.name); // (taken again: it goes to the end, in this drop's order)
    docs.set(t.name, { ...t.entry, kind: t.kind ?? 'unknown', refused: t.why ?? refusal(t.kind) });
    if (inputs.delete(t.name)) changed();
    if (t.why) refused.push(t.name);
  }
  return refused;
}

async function handle(m) {
  if (m.type === 'add' || m.type === 'check') asked = true;
  await ready;
  if (m.type === 'add') {
    const refused = await add(m.files);
    postMessage({ type: 'inputs', ...describeInputs(), refused });
  } else if (m.type === 'anchor') {
    // a certificate input trusted as given (or no longer): by its name, or the one holding a serial
    const holds = (i) => i.kind === 'certificate' && (i.name === m.name || (m.serial && describeOne(i).certificates.some((c) => c.serial === m.serial)));
    for (const i of inputs.values()) if (holds(i)) i.anchor = m.on;
    changed();
    postMessage({ type: 'inputs', ...describeInputs(), refused: [] });
  } else if (m.type === 'remove') {
    if (inputs.delete(m.name)) changed();
    forget(m.name);
    postMessage({ type: 'inputs', ...describeInputs(), refused: [] });
  } else if (m.type === 'clear') {
    for (const name of [...docs.keys()]) forget(name);
    for (const name of inventories.keys()) inventory(name)?.free();
    inventories.clear();
    postMessage({ type: 'inputs', ...describeInputs(), refused: [] });
  } else if (m.type === 'check') {
    await check(m);
  } else if (m.type === 'cancel') {
    cancelled = true;
  } else if (m.type === 'report') {
    const d = docs.get(m.name);
    let report = null;
    try { report = d && !d.refused ? await checkOne(d, m.options, m.adtState) : null; } catch { report = null; }
    postMessage({ type: 'report', name: m.name, report });
  } else if (m.type === 'devices') {
    const inv = inventory(m.name);
    const page = inv ? inv.inventoryDevices(m.start, m.count, m.status || undefined) : { total: 0, devices: [] };
    postMessage({ type: 'devices', name: m.name, ...page });
  } else if (m.type === 'export') {
    postMessage({ type: 'export', text: await exportText(m) });
  }
}

let titles = null; // rule id -> title, for the rule filter
const ruleTitles = () => (titles ??= new Map(api.catalogue().rules.map((r) => [r.id, r.title])));

async function exportText({ format, names, options, adtState, filter = {} }) {
  if (format === 'devices-csv') {
    return names.filter((n) => inventory(n)).map((n, i) => {
      const csv = inventory(n).inventoryDevicesCsv(n);
      return i === 0 ? csv : csv.slice(csv.indexOf('\r\n') + 2);
    }).join('');
  }
  // the full reports again, in chunks: nothing but the export text is held
  const adt = { state: adtState };
  const parts = [];
  let sarif = null;
  for (let i = 0; i < names.length; i += EXPORT_CHUNK) {
    const reports = [];
    const batch = [];
    for (const n of names.slice(i, i + EXPORT_CHUNK)) {
      const d = docs.get(n);
      if (!d) continue;
      if (d.refused) reports.push({ file: n, as_of: options?.as_of, error: d.refused });
      else if (d.kind === 'inventory-csv') reports.push(await checkInventory(d, options).catch((e) => ({ file: n, as_of: options?.as_of, error: e.message })));
      else batch.push({ name: n, bytes: await bytesOf(d) });
    }
    if (batch.length) reports.push(...await checkThrough(batch, options, adt));
    // exactly what the page shows: with "Failures only", a rule or a document, those rows only
    reports.splice(0, reports.length, ...reports.map((r) => shownReport(r, filter, ruleTitles())));
    if (format === 'sarif') {
      const log = JSON.parse(api.exportReports('sarif', reports));
      if (!sarif) sarif = log;
      else {
        sarif.runs[0].results.push(...log.runs[0].results);
        const days = new Set([...(sarif.runs[0].properties?.as_of ?? []), ...(log.runs[0].properties?.as_of ?? [])]);
        sarif.runs[0].properties = { ...sarif.runs[0].properties, as_of: [...days].sort() };
        const more = log.runs[0].invocations?.[0]?.toolExecutionNotifications ?? [];
        if (more.length) {
          sarif.runs[0].invocations ??= [{ executionSuccessful: false, toolExecutionNotifications: [] }];
          sarif.runs[0].invocations[0].toolExecutionNotifications.push(...more);
        }
      }
    } else {
      const text = api.exportReports(format, reports);
      parts.push(format === 'csv' && i > 0 ? text.slice(text.indexOf('\r\n') + 2) : text);
    }
  }
  return format === 'sarif' ? JSON.stringify(sarif ?? JSON.parse(api.exportReports('sarif', [])), null, 2) : parts.join('');
}
