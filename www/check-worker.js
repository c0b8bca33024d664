// A helper of the page's checker (one of the pool the coordinating worker, worker.js, starts;
// see pool.js for how many). It checks the DUIS documents handed to
// it, with the same inputs, behind a door of its own, from the module the coordinator compiled
// (posted to it: the page fetches and compiles the module once), with a verify worker of its
// own for the ECDSA.
//
// In:  { type: 'init', module, glue }                    → { type: 'ready', error? }
//      { type: 'inputs', inputs, version }                the inputs every Session holds
//      { type: 'batch', id, files: [{ name, file }], options }
//                                                         → { type: 'reports', id, reports } | { type: 'failed', id, error }
import { Door } from './door.js';
import { makeVerifier } from './verifier.js';
import { KeptSession, readAll } from './session.js';

let door = null;
let verifier = null;
let inputs = [];
let version = 0;
const kept = new KeptSession();

onmessage = async ({ data: m }) => {
  try {
    if (m.type === 'init') {
      door = new Door(m.module, new URL(m.glue));
      await door.open();
      verifier = makeVerifier();
      postMessage({ type: 'ready' });
    } else if (m.type === 'inputs') {
      inputs = m.inputs;
      version = m.version;
    } else if (m.type === 'batch') {
      const read = await readAll(m.files);
      const batch = read.filter((f) => !f.error);
      const reports = await door.checkBatch(batch, m.options, () => kept.get(door, inputs, version, verifier), () => {}, { keep: true });
      // in order, an unreadable file its own error
      let k = 0;
      postMessage({ type: 'reports', id: m.id, reports: read.map((f) => (f.error ? { file: f.name, error: f.error } : reports[k++])) });
    }
  } catch (e) {
    const error = e?.message ?? String(e);
    postMessage(m.type === 'batch' ? { type: 'failed', id: m.id, error } : { type: 'ready', error });
  }
};
