// ECDSA P-256 verifications for the page's checker (worker.js), on a thread of their own.
// In Chromium crypto.subtle.verify runs on the thread that calls it, for about a third of a
// check's time: here it runs while the checker goes on with the next documents.
//
// In:  { id, jobs: [{ key, signature, message }] }  (Uint8Arrays: SEC1 key, r‖s, signed bytes)
// Out: { id, answers: [true | false | null] }        (null: WebCrypto gave no answer)
import { verifyJobs } from './ecdsa.js';

self.onmessage = async ({ data: { id, jobs } }) => {
  self.postMessage({ id, answers: await verifyJobs(jobs) });
};
