// ECDSA P-256 verifications for the page's checker (worker.js), on a thread of their own.
// In Chromium crypto.subtle.verify runs on the thread that calls it, for about a third of a
// check's time: here it runs while the checker goes on with the next documents.
//
// In:  { id, jobs: [{ key, signature, message }] }  (Uint8Arrays: SEC1 key, r‖s, signed bytes)
// Out: { id, answers: [true | false | null] }        (null: WebCrypto gave no answer)
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

async function verify({ key, signature, message }) {
  try {
    return await crypto.subtle.verify(VERIFY, await keyOf(key), signature, message);
  } catch {
    return null;
  }
}

self.onmessage = async ({ data: { id, jobs } }) => {
  const answers = await Promise.all(jobs.map(verify));
  self.postMessage({ id, answers });
};
