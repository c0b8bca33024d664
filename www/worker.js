// Checks a batch off the main thread. Messages in: { files: [{name, bytes}], options, adtState }.
// Messages out: { type: 'progress', done, total }, { type: 'report', report, name },
// { type: 'rows', name, rows } (inside a large inventory), { type: 'error', name, message },
// { type: 'done', adtState, certificates, notes }.
import init, { classify, Session } from '../pkg/sec_rules.js';
import { loadInputs } from './inputs.js';

const ready = init();

onmessage = async (e) => {
  await ready;
  const { files, options, adtState } = e.data;
  const s = new Session();
  const { docs, notes, errors } = loadInputs(s, classify, files);
  try { s.setAdtState(adtState ?? {}); } catch (err) { notes.push({ kind: 'error', text: `ADT state ignored: ${err.message}` }); }
  for (const err of errors) postMessage({ type: 'error', name: err.name, message: err.message });
  postMessage({ type: 'progress', done: 0, total: docs.length });
  for (const [i, f] of docs.entries()) {
    try {
      const report = f.kind === 'inventory-csv'
        ? s.checkInventory(f.name, f.bytes, options, (rows) => postMessage({ type: 'rows', name: f.name, rows }))
        : s.checkFile(f.name, f.bytes, options);
      postMessage({ type: 'report', name: f.name, report });
    } catch (err) {
      postMessage({ type: 'error', name: f.name, message: err.message });
    }
    postMessage({ type: 'progress', done: i + 1, total: docs.length });
  }
  postMessage({ type: 'done', adtState: s.adtState(), certificates: s.certificates(), notes });
  s.free();
};
