// A file's one line, what the page keeps per file (the full report is asked for when the line
// is opened): made from a full report or from a report in brief (checkBatch with
// `detail: "summary"`, whose `findings` are the ones a line quotes and whose `rows` and
// `counts` cover every finding).

/** A note's first sentence. */
const firstSentence = (text) => (text.match(/^.*?[.;](?=\s|$)/)?.[0] ?? text).trim();

/** Why, in one sentence, when no first failure says it. */
function lead(r, notRun) {
  if (r.verdict !== 'incomplete' && r.verdict !== 'accepted') return null;
  if (r.verdict === 'incomplete' && r.notes?.[0]?.kind === 'missing-input') return r.notes[0].message;
  if (r.verdict === 'incomplete' && notRun === 0 && r.notes?.length) return firstSentence(r.notes[0].message);
  return null;
}

/** The line of a file: from its report (full or in brief), or from `{ error }`. */
export function line(name, r) {
  if (r.error) return { name, kind: 'error', verdict: 'error', message: r.error, rules: [] };
  const first = r.findings.find((f) => f.rule === r.first_failure && f.outcome === 'fail');
  const open = r.findings.find((f) => f.outcome === 'not-evaluated' && !f.advisory);
  const notRun = r.counts?.not_run ?? r.findings.filter((f) => f.outcome === 'not-evaluated' && !f.advisory).length;
  return {
    name,
    kind: r.kind,
    verdict: r.verdict,
    firstFailure: r.first_failure,
    code: r.response_code,
    // why, in one sentence, when no first failure says it: one missing input (the User's
    // roles), or a note when nothing was left unrun (the rules not in force that day, …)
    lead: lead(r, notRun),
    // the day's 6.23 count above the file's threshold: the CoS Party would cease processing
    alert: r.findings.find((f) => f.rule === 'srpd.cos-party.anomaly-detection' && f.outcome === 'fail')?.message ?? null,
    adt: r.adt_file ?? null,
    message: first?.message ?? (r.verdict === 'incomplete' ? (open?.message ?? '') : ''),
    location: first?.location ?? null,
    route: r.route,
    receiving: r.receiving_party?.message ?? null,
    notes: (r.notes ?? []).map((n) => n.message),
    // the signer's certificate, and whether its chain is what stopped the check: the page then
    // offers to trust it as given (test environments such as DCC Boxed)
    signer: r.signer ?? null,
    signerChain: r.findings.some((f) => f.rule === 'duis.signer.valid' && (f.outcome === 'fail' || f.outcome === 'not-evaluated') && /trust anchor/.test(f.message)),
    notRun,
    // rule, document and outcome of every finding, for the filters
    rules: r.rows ?? r.findings.map((f) => [f.rule, f.document, f.outcome]),
    summary: r.summary ?? null,
  };
}
