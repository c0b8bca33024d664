// A verifier for Session.setVerifier backed by verify-worker.js: the batch's ECDSA
// verifications go to a worker thread while the caller's thread checks. Where the worker
// cannot be started, or fails, the verifications are made with WebCrypto on the caller's
// thread instead (slower in Chromium, never wrong); whatever neither answers, the module
// verifies itself, so the reports never depend on the worker.
import { verifyJobs } from './ecdsa.js';

export function makeVerifier(url = new URL('./verify-worker.js', import.meta.url)) {
  let worker = null;
  try {
    worker = new Worker(url, { type: 'module' });
  } catch {
    return verifyJobs;
  }
  const waiting = new Map(); // id -> { jobs, resolve }
  let next = 0;
  const fail = () => {
    worker?.terminate();
    worker = null;
    for (const { jobs, resolve } of waiting.values()) resolve(verifyJobs(jobs));
    waiting.clear();
  };
  worker.onmessage = ({ data }) => {
    const w = waiting.get(data?.id);
    waiting.delete(data?.id);
    w?.resolve(Array.isArray(data?.answers) ? data.answers : verifyJobs(w.jobs));
  };
  worker.onerror = fail;
  worker.onmessageerror = fail;
  return (jobs) => {
    if (!worker) return verifyJobs(jobs);
    return new Promise((resolve) => {
      const id = next++;
      waiting.set(id, { jobs, resolve });
      try {
        worker.postMessage({ id, jobs });
      } catch {
        waiting.delete(id);
        resolve(verifyJobs(jobs));
      }
    });
  };
}
