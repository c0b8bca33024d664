// ECDSA P-256 verification with WebCrypto for Session.setVerifier's jobs, each public key
// imported once (a bounded cache). Used on verify-worker.js's thread, and on the caller's own
// thread where that worker cannot run.
const keys = new Map(); // SEC1 key as a binary string -> Promise<CryptoKey>
const KEYS = 1024;
const IMPORT = { name: 'ECDSA', namedCurve: 'P-256' };
const VERIFY = { name: 'ECDSA', hash: 'SHA-256' };

function keyOf(raw) {
  const id = String.fromCharCode(...raw);
  let k = keys.get(id);
  if (!k) {
    k = crypto.subtle.importKey('raw', raw, IMPORT, false, ['verify']);
    if (keys.size >= KEYS) keys.delete(keys.keys().next().value);
    keys.set(id, k);
  }
  return k;
}

async function verifyOne({ key, signature, message }) {
  try {
    return await crypto.subtle.verify(VERIFY, await keyOf(key), signature, message);
  } catch {
    return null; // no answer: the module verifies it itself
  }
}

/** WebCrypto's answer for each job, in order (null where it gave none). */
export const verifyJobs = (jobs) => Promise.all(jobs.map(verifyOne));
