// Checks a batch off the main thread. Messages in: { files: [{name, bytes}], options, adtState }.
// Messages out: { type: 'progress', done, total }, { type: 'report', report, name },
// { type: 'rows', name, rows } (inside a large inventory), { type: 'error', name, message },
// { type: 'done', adtState, certificates, notes }.
import init, { classify, Session } from '../pkg/sec_rules.js';

const ready = init();

onmessage = async (e) => {
  await ready;
  const { files, options, adtState } = e.data;
  const s = new Session();
  const notes = [];
  try { s.setAdtState(adtState ?? {}); } catch (err) { notes.push({ kind: 'error', text: `ADT state ignored: ${err.message}` }); }
  const kinds = files.map((f) => classify(f.bytes));
  files.forEach((f, i) => {
    try {
      if (kinds[i] === 'certificate') { s.addCertificates(f.name, f.bytes); notes.push({ kind: 'trust', text: f.name }); }
      if (kinds[i] === 'json') { s.setContext(f.name, f.bytes); notes.push({ kind: 'context', text: f.name }); }
      if (kinds[i] === 'models-json') { s.setModels(f.name, f.bytes); notes.push({ kind: 'models', text: f.name }); }
    } catch (err) { postMessage({ type: 'error', name: f.name, message: err.message }); }
  });
  const docs = files.filter((_, i) => !['certificate', 'json', 'models-json'].includes(kinds[i]));
  postMessage({ type: 'progress', done: 0, total: docs.length });
  for (const [i, f] of docs.entries()) {
    try {
      const report = classify(f.bytes) === 'inventory-csv'
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
