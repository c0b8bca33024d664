// What an embedding page writes against the module's types (pkg/sec_rules.d.ts). Compiled with
// `tsc --noEmit -p tests/types` by the test command: the types must be the contract's, not any.
import init, { catalogue, checkFile, exportReports, Session } from '../../pkg/sec_rules.js';
import type { BatchError, Catalogue, CheckOptions, Finding, Report, ReportSummary, Route, Threshold, UserRole, Verdict, VerifyJob } from '../../pkg/sec_rules.js';

export async function example(bytes: Uint8Array): Promise<string[]> {
  await init();
  const c: Catalogue = catalogue();
  const srpd: string[] = c.rules.filter((r) => r.document === 'SRPD').map((r) => r.id);
  const roles: UserRole[] = ['IS', 'GS'];
  const options: CheckOptions = { as_of: '2024-03-01', all: true, users: { '90-B3-D5-1F-30-01-00-00': roles } };
  const body: string | undefined = c.service_reference_variants.find((v) => v.srv === '6.23')?.body;
  const one: Report = checkFile('req.xml', bytes, options);
  const verdict: Verdict = one.verdict;
  const failing: Finding[] = one.findings.filter((f) => f.outcome === 'fail');
  const route: Route | null = one.route;
  const seconds: number | undefined = route?.target_response_seconds;
  const s = new Session();
  s.addCertificates('trust.pem', bytes);
  // a page's own verifier: WebCrypto's answer for each job, in order
  s.setVerifier(async (jobs: VerifyJob[]) => Promise.all(jobs.map(async (j) => {
    const key = await crypto.subtle.importKey('raw', j.key, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, j.signature, j.message);
  })));
  s.setVerifier(null);
  // @ts-expect-error: a verifier is a function
  s.setVerifier('webcrypto');
  const batch: Array<Report | BatchError> = await s.checkBatch([{ name: 'a.xml', bytes }], options);
  const brief: Array<ReportSummary | BatchError> = await s.checkBatch([{ name: 'a.xml', bytes }], { ...options, detail: 'summary' });
  const counts = brief.map((r) => ('error' in r ? 0 : r.counts.not_run + r.rows.length));
  // @ts-expect-error: a report in brief has no thresholds to list (only their number)
  const listed: Threshold[] | undefined = brief.map((r) => ('error' in r ? undefined : r.thresholds))[0];
  const files = batch.map((r) => ('error' in r ? `${r.file}: ${r.error}` : `${r.file}: ${r.verdict}`));
  const sarif: string = exportReports('sarif', batch);
  // @ts-expect-error: a report's verdict is a word, not a number (fails if checkFile returned any)
  const notANumber: number = one.verdict;
  // @ts-expect-error: a verdict is one of three words
  const wrong: Verdict = 'maybe';
  // @ts-expect-error: options are typed
  checkFile('x.xml', bytes, { as_of: 20240301 });
  // @ts-expect-error: a User Role is one of the SEC's codes
  checkFile('x.xml', bytes, { users: { '90-B3-D5-1F-30-01-00-00': ['Supplier'] } });
  return [verdict, String(body), String(notANumber), String(failing.length), String(seconds), sarif.slice(0, 10), wrong, ...srpd, ...files];
}
