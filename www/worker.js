// The page's checker, off the main thread. It keeps the files given to it — as File handles,
// read when checked, so memory does not grow with the files' size — and the inputs
// (certificates, context, models), so a setting change or a new pick re-checks without a
// re-pick. DUIS documents and ADT files go through Session.checkBatch (ECDSA by WebCrypto, on
// the thread of verify-worker.js where one can be started);
// each inventory keeps a session whose compact device table the page pages through.
//
// In:  { type: 'add', files: [File | {name, file} | {name, bytes} | {name, error}] }
//                                                         classify, keep, report the inputs
//                                                         (an error: an entry that could not be read)
//      { type: 'remove', name } | { type: 'clear' }
//      { type: 'check', options, adtState, only?: [name] } check (all, or the names given)
//      { type: 'cancel' }                                     stop after the current chunk
//      { type: 'report', name, options, adtState }          one file's full report again
//      { type: 'devices', name, start, count, status }       a page of an inventory's devices
//      { type: 'export', format, names, options, adtState, filter }  jsonl | csv | sarif | devices-csv
//                                                         (only the findings the filter shows)
// Out: { type: 'ready', error? }  { type: 'inputs', inputs, refused }  { type: 'progress', done, total }
//      { type: 'results', items: [{ name, line, report? }] }  { type: 'done', adtState, cancelled }
//      { type: 'report', name, report }  { type: 'devices', name, total, devices }  { type: 'export', text }
import { Door } from './door.js';
import { shownReport } from './filters.js';
import { refusal } from './inputs.js';
import { makeVerifier } from './verifier.js';

// the module behind a door: a file that traps it gets an error line, the others are checked
const wasmUrl = new URL('../pkg/sec_rules_bg.wasm', import.meta.url);
async function compile() {
  try {
    return await WebAssembly.compileStreaming(fetch(wasmUrl));
  } catch {
    // a server that does not send application/wasm
    return WebAssembly.compile(await (await fetch(wasmUrl)).arrayBuffer());
  }
}
const door = compile().then(async (module) => {
  const d = new Door(module, new URL('../pkg/sec_rules.js', import.meta.url));
  await d.open();
  return d;
});
let api = null; // the door's current instance
const ready = door.then((d) => { api = d.api; });
// the page is told when the checker is ready (or why it cannot be): it may go offline after
ready.then(() => postMessage({ type: 'ready' }), (e) => postMessage({ type: 'ready', error: e?.message ?? String(e) }));
// ECDSA on a thread of its own while this one checks (WebCrypto here if that worker fails)
const verifier = makeVerifier();
const MiB = 1 << 20;
// Largest file of each kind the page reads (DUIS as the module's own limit; an inventory is
// checked in memory here, so it has a cap of its own).
const CAPS = { xml: 4 * MiB, 'adt-csv': 64 * MiB, 'inventory-csv': 256 * MiB, certificate: MiB, json: 64 * MiB, 'models-json': 64 * MiB };
const LARGEST = Math.max(...Object.values(CAPS));
const CHUNK = 100;

const docs = new Map(); // name -> { name, file, kind, size }
const inputs = new Map(); // name -> { name, kind, bytes }
const inventories = new Map(); // name -> { session holding its device table, the door's generation }
let cancelled = false;

const size = (n) => (n >= MiB ? `${(n / MiB).toFixed(n % MiB ? 1 : 0)} MiB` : n >= 1024 ? `${Math.round(n / 1024)} KiB` : `${n} bytes`);
const bytesOf = async (f) => (f.file ? new Uint8Array(await f.file.arrayBuffer()) : f.bytes);

// (a File has a bytes() method of its own: tell the two apart by type, not by that name)
async function sniff(f) {
  const blob = f instanceof Blob;
  const n = blob ? f.size : f.bytes.length;
  if (n > LARGEST) return { refused: `${size(n)}: larger than any input sec-rules reads (${size(LARGEST)}); not read` };
  const head = blob ? new Uint8Array(await f.slice(0, 65536).arrayBuffer()) : f.bytes.subarray(0, 65536);
  const kind = api.classify(head) ?? 'unknown';
  if (CAPS[kind] && n > CAPS[kind]) return { kind, refused: `${size(n)}: larger than the ${size(CAPS[kind])} limit for ${kind === 'xml' ? 'a DUIS document' : `an ${kind}`}; not read` };
  return { kind };
}

function session(options) {
  const s = new api.Session();
  s.setVerifier(verifier);
  const refused = [];
  for (const i of inputs.values()) {
    try {
      if (i.kind === 'certificate' && i.anchor) s.addTrustAnchors(i.name, i.bytes);
      else if (i.kind === 'certificate') s.addCertificates(i.name, i.bytes);
      else if (i.kind === 'json') s.setContext(i.name, i.bytes);
      else if (i.kind === 'models-json') s.setModels(i.name, i.bytes);
    } catch (e) {
      refused.push({ name: i.name, message: e.message });
    }
  }
  if (options?.adtState) {
    try { s.setAdtState(options.adtState); } catch { /* a bad stored state is ignored; the page resets it */ }
  }
  return { s, refused };
}

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

/** A compact line per file, what the page keeps (the full report is asked for when opened). */
function line(name, r) {
  if (r.error) return { name, kind: 'error', verdict: 'error', message: r.error, rules: [] };
  const first = r.findings.find((f) => f.rule === r.first_failure && f.outcome === 'fail');
  const notRun = r.findings.filter((f) => f.outcome === 'not-evaluated' && !f.advisory);
  return {
    name,
    kind: r.kind,
    verdict: r.verdict,
    firstFailure: r.first_failure,
    code: r.response_code,
    // why, in one sentence, when no first failure says it: one missing input (the User's
    // roles), or a note when nothing was left unrun (the rules not in force that day, …)
    lead: lead(r, notRun.length),
    // the day's 6.23 count above the file's threshold: the CoS Party would cease processing
    alert: r.findings.find((f) => f.rule === 'srpd.cos-party.anomaly-detection' && f.outcome === 'fail')?.message ?? null,
    adt: r.adt_file ?? null,
    message: first?.message ?? (r.verdict === 'incomplete' ? (notRun[0]?.message ?? '') : ''),
    location: first?.location ?? null,
    route: r.route,
    receiving: r.receiving_party?.message ?? null,
    notes: (r.notes ?? []).map((n) => n.message),
    // the signer's certificate, and whether its chain is what stopped the check: the page then
    // offers to trust it as given (test environments such as DCC Boxed)
    signer: r.signer ?? null,
    signerChain: r.findings.some((f) => f.rule === 'duis.signer.valid' && (f.outcome === 'fail' || f.outcome === 'not-evaluated') && /trust anchor/.test(f.message)),
    notRun: notRun.length,
    // rule, document and outcome of every finding, for the filters
    rules: r.findings.map((f) => [f.rule, f.document, f.outcome]),
    summary: r.summary ?? null,
    thresholds: r.thresholds ? r.thresholds.length : null,
  };
}

/** A note's first sentence. */
const firstSentence = (text) => (text.match(/^.*?[.;](?=\s|$)/)?.[0] ?? text).trim();

function lead(r, notRun) {
  if (r.verdict !== 'incomplete' && r.verdict !== 'accepted') return null;
  if (r.verdict === 'incomplete' && r.notes?.[0]?.kind === 'missing-input') return r.notes[0].message;
  if (r.verdict === 'incomplete' && notRun === 0 && r.notes?.length) return firstSentence(r.notes[0].message);
  return null;
}

/**
 * Checks DUIS documents and ADT files through the door (a trap costs only its file). `adt`
 * holds the ADT state the checks start from, and is moved on by each accepted ADT file (the
 * DCC processes files in order: a later file sees an earlier one).
 */
async function checkThrough(batch, options, adt) {
  const d = await door;
  const out = await d.checkBatch(batch, options, () => session({ adtState: adt.state }).s, (s) => { adt.state = s.adtState(); });
  api = d.api;
  generation = d.generation;
  return out;
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
  return inv && inv.generation === gen() ? inv.session : null;
}
let generation = 0;
const gen = () => generation;
door.then((d) => { generation = d.generation; });

async function checkOne(d, options, adtState) {
  if (d.kind === 'inventory-csv') return checkInventory(d, options);
  const [r] = await checkThrough([{ name: d.name, bytes: await bytesOf(d) }], options, { state: adtState });
  return r;
}

async function check({ options, adtState, only }) {
  cancelled = false;
  const adt = { state: adtState };
  const wanted = only ? new Set(only) : null;
  const list = [...docs.values()].filter((d) => !wanted || wanted.has(d.name));
  postMessage({ type: 'progress', done: 0, total: list.length });
  let done = 0;
  for (let i = 0; i < list.length && !cancelled; i += CHUNK) {
    const chunk = list.slice(i, i + CHUNK);
    const items = [];
    const batch = [];
    for (const d of chunk) {
      if (d.refused) items.push({ name: d.name, line: line(d.name, { error: d.refused }) });
      else if (d.kind === 'inventory-csv') {
        inventory(d.name)?.free();
        inventories.delete(d.name);
        try {
          const r = await checkInventory(d, options);
          items.push({ name: d.name, line: line(d.name, r), report: r });
        } catch (e) {
          items.push({ name: d.name, line: line(d.name, { error: e.message }) });
        }
      } else {
        try {
          batch.push({ name: d.name, bytes: await bytesOf(d) });
        } catch (e) {
          items.push({ name: d.name, line: line(d.name, { error: `cannot be read: ${e.message}` }) });
        }
      }
    }
    if (batch.length) {
      const reports = await checkThrough(batch, options, adt);
      reports.forEach((r, k) => {
        const name = batch[k].name;
        // ADT reports stay whole in the page (few and small); others are asked for when opened
        items.push({ name, line: line(name, r), report: r.kind === 'adt' ? r : undefined });
      });
    }
    done += chunk.length;
    postMessage({ type: 'results', items });
    postMessage({ type: 'progress', done, total: list.length });
  }
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

async function handle(m) {
  await ready;
  if (m.type === 'add') {
    const refused = [];
    for (const f of m.files) {
      const name = f instanceof Blob ? (f.webkitRelativePath || f.name) : f.name;
      if (f.error) {
        // an entry of a drop that could not be read: its own error line
        docs.set(name, { name, kind: 'unknown', size: 0, refused: `cannot be read: ${f.error}` });
        inputs.delete(name);
        refused.push(name);
        continue;
      }
      const file = f instanceof Blob ? f : f.file;
      const entry = file ? { name, file, size: file.size } : { name, bytes: f.bytes, size: f.bytes.length };
      let sniffed;
      try {
        sniffed = await sniff(file ?? entry);
      } catch (e) {
        sniffed = { kind: 'unknown', refused: `cannot be read: ${e.message}` };
      }
      const { kind, refused: why } = sniffed;
      if (['certificate', 'json', 'models-json'].includes(kind) && !why) {
        inputs.set(name, { name, kind, bytes: await bytesOf(entry) });
        docs.delete(name);
      } else {
        const reason = refusal(kind);
        docs.set(name, { ...entry, kind: kind ?? 'unknown', refused: why ?? reason });
        inputs.delete(name);
        if (why) refused.push(name);
      }
    }
    postMessage({ type: 'inputs', ...describeInputs(), refused });
  } else if (m.type === 'anchor') {
    // a certificate input trusted as given (or no longer): by its name, or the one holding a serial
    const holds = (i) => i.kind === 'certificate' && (i.name === m.name || (m.serial && describeOne(i).certificates.some((c) => c.serial === m.serial)));
    for (const i of inputs.values()) if (holds(i)) i.anchor = m.on;
    postMessage({ type: 'inputs', ...describeInputs(), refused: [] });
  } else if (m.type === 'remove') {
    inputs.delete(m.name);
    docs.delete(m.name);
    postMessage({ type: 'inputs', ...describeInputs(), refused: [] });
  } else if (m.type === 'clear') {
    docs.clear();
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
  // the reports again, in chunks: nothing but the export text is held
  const adt = { state: adtState };
  const parts = [];
  let sarif = null;
  for (let i = 0; i < names.length; i += CHUNK) {
    const reports = [];
    const batch = [];
    for (const n of names.slice(i, i + CHUNK)) {
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
