// Renders a file's results as DOM: its one line, its trace, its source (the page's).
import { el, table } from './dom.js';

/** The page's words for the command line's: messages are shared by both doors. */
export function wording(text) {
  return String(text ?? '')
    .replace(/run with --all to see every check/g, 'turn on “Run every check” to see them all')
    .replace(/--user (\S+) on the command line, "roles" in its context users entry, or 'Your User IDs and roles' on the page/g, '“Your User IDs and roles” ($1), or "roles" in its context users entry')
    .replace(/\(--trust-anchor, or 'Trust as given' on the page\)/g, '(tick “trust as given” on its certificate chip)')
    .replace(/\(--trust, or drop (them|it) on the page\)/g, '(drop $1 on the page)')
    .replace(/\(--context, or drop it on the page\)/g, '(drop it on the page)')
    .replace(/--cos-count/g, '“A day\u2019s count of 6.23s”')
    .replace(/--as-of/g, 'the as-of date')
    .replace(/--models/g, 'a models file')
    .replace(/--all\b/g, '“Run every check”');
}

export function place(loc) {
  if (!loc) return '';
  const parts = [];
  if (loc.line != null) parts.push(`line ${loc.line}`);
  if (loc.column != null) parts.push(`column ${loc.column}`);
  if (loc.path) parts.push(loc.path);
  return parts.join(', ');
}

const badge = (verdict) => el('span', { class: `badge badge-${verdict}` }, verdict);
const outcomeBadge = (o) => el('span', { class: `badge outcome-${o}` }, o === 'not-evaluated' ? 'not run' : o);


/**
 * The trace in evaluation order; runs of checks not run (or skipped) for one reason are one
 * line ("11 checks not run after the first failure").
 */
export function trace(r, openSource) {
  const rows = [];
  const f = r.findings;
  for (let i = 0; i < f.length;) {
    const g = f[i];
    let n = 1;
    while (i + n < f.length && (g.outcome === 'not-evaluated' || g.outcome === 'skipped') && f[i + n].outcome === g.outcome && f[i + n].message === g.message) n += 1;
    if (n > 2) {
      const first = g.message.includes('stopped at the first failure');
      rows.push({ attrs: { class: 'folded', 'data-outcome': g.outcome, 'data-rule': f.slice(i, i + n).map((x) => x.rule).join(' '), 'data-document': [...new Set(f.slice(i, i + n).map((x) => x.document))].join(' ') },
        cells: [el('span', {}, `${n} checks ${g.outcome === 'skipped' ? 'skipped' : 'not run'}${first ? ' after the first failure' : ''}`, el('br'), el('small', {}, `${g.rule} … ${f[i + n - 1].rule}`)), '', outcomeBadge(g.outcome), wording(g.message), ''] });
      i += n;
      continue;
    }
    const loc = g.location;
    const where = loc?.line != null && openSource
      ? el('a', { href: '#', class: 'place', 'data-line': String(loc.line), onclick: (e) => { e.preventDefault(); openSource(loc.line); } }, place(loc))
      : place(loc);
    rows.push({ attrs: { 'data-rule': g.rule, 'data-document': g.document, 'data-outcome': g.outcome },
      cells: [el('code', {}, g.rule), g.advisory ? `${g.clause} (advisory: the receiving party, after the DCC accepts)` : g.clause, outcomeBadge(g.outcome), wording(g.message), where] });
    i += 1;
  }
  return table('Checks in evaluation order', ['Rule', 'Clause', 'Outcome', 'Message', 'Place'], rows, { class: 'trace', 'data-testid': 'trace' });
}

/** The source with line numbers; failing lines marked, their message shown inline with a caret. */
export function sourceView(text, report) {
  const bad = new Map();
  for (const f of report.findings) if (f.outcome === 'fail' && f.location?.line && !bad.has(f.location.line)) bad.set(f.location.line, f);
  const pre = el('pre', { class: 'source', 'data-testid': 'source', tabIndex: 0, 'aria-label': `Source of ${report.file}` });
  const lines = text.split('\n').slice(0, 5000);
  lines.forEach((line, i) => {
    const n = i + 1;
    const f = bad.get(n);
    if (!f) {
      // every line can be gone to (a Place link of a passing check leads to its line)
      pre.append(el('span', { class: 'line', 'data-line': String(n) }, `${String(n).padStart(5)}  ${line}\n`));
      return;
    }
    const col = Math.max(1, f.location.column ?? 1);
    pre.append(el('mark', { 'data-line': String(n), id: `src-${cssId(report.file)}-${n}` }, `${String(n).padStart(5)}  ${line}\n`),
      el('span', { class: 'caret', 'data-line': String(n) }, `${' '.repeat(7 + col - 1)}^ ${f.rule}${f.response_code ? ` (${f.response_code})` : ''}: ${wording(f.message)}\n`));
  });
  return pre;
}

export const cssId = (s) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** The one line a file gets: badge, name, the first failure's message, code, place, route. */
export function resultLine(x) {
  const bits = [badge(x.verdict), el('span', { class: 'file' }, x.name)];
  if (x.alert) bits.push(el('span', { class: 'alert', 'data-testid': 'count-alert' }, '6.23 count above the threshold'));
  if (x.verdict === 'error') bits.push(el('span', { class: 'why' }, x.message));
  else if (x.firstFailure) {
    bits.push(el('span', { class: 'why' }, el('code', {}, x.firstFailure), x.code ? el('span', { class: 'code', 'data-code': x.code }, x.code) : '', ' ', wording(x.message)));
    if (x.location?.line) bits.push(el('span', { class: 'where' }, `line ${x.location.line}${x.location.column ? `:${x.location.column}` : ''}`));
  } else if (x.verdict === 'incomplete' && x.lead) {
    bits.push(el('span', { class: 'why' }, wording(x.lead)));
  } else if (x.verdict === 'incomplete' && x.notRun > 0) {
    bits.push(el('span', { class: 'why' }, `${x.notRun} check${x.notRun === 1 ? '' : 's'} not run: ${wording(x.message)}`));
  } else if (x.verdict === 'incomplete') {
    bits.push(el('span', { class: 'why' }, wording(x.notes?.[0] ?? x.message)));
  } else if (x.route) {
    const party = { ecos: 'CoS Party (ECoS)', tcos: 'TCoS Party', 'smets1-legacy': 'SMETS1 Service Provider' }[x.route.party];
    bits.push(el('span', { class: 'why' }, `→ ${party}, ${x.route.clause}, ${x.route.target_response_seconds} s${x.receiving ? `; ${x.receiving}` : ''}`));
  } else if (x.summary) {
    bits.push(el('span', { class: 'why' }, Object.entries(x.summary.by_status ?? {}).map(([k, v]) => `${v.toLocaleString('en-GB')} ${k}`).join(', ')));
  } else if (x.thresholds != null) {
    bits.push(el('span', { class: 'why' }, `${x.thresholds} thresholds the DCC would apply`));
  }
  return bits;
}
