// A verifier for Session.setVerifier backed by verify-worker.js: the batch's ECDSA
// verifications go to a worker thread while the caller's thread checks. Returns null where
// a worker cannot be started (then checkBatch uses WebCrypto on its own thread). If the worker
// fails, every call still waiting, and every later one, answers null: the module then
// verifies those itself, so the reports never depend on the worker.
export function makeVerifier(url = new URL('./verify-worker.js', import.meta.url)) {
  let worker;
  try {
    worker = new Worker(url);
  } catch {
    return null;
  }
  const waiting = new Map();
  let next = 0;
  let broken = false;
  const fail = () => {
    broken = true;
    for (const resolve of waiting.values()) resolve(null);
    waiting.clear();
  };
  worker.onmessage = ({ data }) => {
    const resolve = waiting.get(data?.id);
    waiting.delete(data?.id);
    resolve?.(Array.isArray(data?.answers) ? data.answers : null);
  };
  worker.onerror = fail;
  worker.onmessageerror = fail;
  return (jobs) => {
    if (broken) return Promise.resolve(null);
    return new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      try {
        worker.postMessage({ id, jobs });
      } catch {
        waiting.delete(id);
        resolve(null);
      }
    });
  };
}
