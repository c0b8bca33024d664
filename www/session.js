// A Session holding the page's inputs (certificates, trust anchors, context, models), as the
// checking workers build it — the coordinating worker and each helper alike, so that every
// worker of the pool checks with the same inputs.
//
// inputs: [{ name, kind: 'certificate' | 'json' | 'models-json', bytes, anchor }]

/** A new Session of `api` with the inputs (and the ADT state, and a verifier, when given). */
export function makeSession(api, inputs, { verifier = null, adtState = null } = {}) {
  const s = new api.Session();
  if (verifier) s.setVerifier(verifier);
  const refused = [];
  for (const i of inputs) {
    try {
      if (i.kind === 'certificate' && i.anchor) s.addTrustAnchors(i.name, i.bytes);
      else if (i.kind === 'certificate') s.addCertificates(i.name, i.bytes);
      else if (i.kind === 'json') s.setContext(i.name, i.bytes);
      else if (i.kind === 'models-json') s.setModels(i.name, i.bytes);
    } catch (e) {
      refused.push({ name: i.name, message: e.message });
    }
  }
  if (adtState) {
    try { s.setAdtState(adtState); } catch { /* a bad stored state is ignored; the page resets it */ }
  }
  return { s, refused };
}

/**
 * One Session kept for a whole check of DUIS documents (its certificate cache warm from one
 * chunk to the next), made again when the inputs change or the door's instance is replaced.
 */
export class KeptSession {
  constructor() { this.s = null; this.key = null; }

  get(door, inputs, version, verifier) {
    const key = `${door.generation}:${version}`;
    if (this.key !== key) {
      this.drop();
      this.s = makeSession(door.api, inputs, { verifier }).s;
      this.key = key;
    }
    return this.s;
  }

  drop() {
    try { this.s?.free(); } catch { /* its instance trapped */ }
    this.s = null;
    this.key = null;
  }
}

/** Reads files (`{ name, file }`, or `{ name, bytes }` already read) at once, in order: `{ name, bytes }` or `{ name, error }`. */
export function readAll(list) {
  return Promise.all(list.map(async (d) => {
    if (d.bytes) return { name: d.name, bytes: d.bytes };
    try {
      return { name: d.name, bytes: new Uint8Array(await d.file.arrayBuffer()) };
    } catch (e) {
      return { name: d.name, error: `cannot be read: ${e.message}` };
    }
  }));
}
