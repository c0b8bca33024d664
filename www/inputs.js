// Sorts files by content (shared by the page's worker and the embeddable drop zone):
// certificates, a context and a models file go into the session as inputs to the checks;
// everything else is returned as a document to check, with its kind.
const SETTERS = { certificate: 'addCertificates', json: 'setContext', 'models-json': 'setModels' };
const LABELS = { certificate: 'trust', json: 'context', 'models-json': 'models' };

/** Why a file of this kind is not read at all, in the page's words (null: it is read). */
export function refusal(kind) {
  if (kind === 'private-key') return 'this is a private key, not a certificate; keys are never needed (give the certificate: a private key should not leave its owner)';
  if (kind == null || kind === 'unknown') return 'cannot tell what this file is: not a DUIS document, ADT or inventory CSV, certificate, context or models file';
  return null;
}

export function loadInputs(session, classify, files) {
  const docs = [];
  const notes = [];
  const errors = [];
  for (const f of files) {
    const kind = classify(f.bytes);
    if (kind === 'private-key') {
      errors.push({ name: f.name, message: `${f.name}: ${refusal(kind)}` });
      continue;
    }
    const setter = SETTERS[kind];
    if (!setter) {
      docs.push({ ...f, kind });
      continue;
    }
    try {
      session[setter](f.name, f.bytes);
      notes.push({ kind: LABELS[kind], text: f.name });
    } catch (e) {
      errors.push({ name: f.name, message: e.message });
    }
  }
  return { docs, notes, errors };
}
