// What the page's filters show, one reading for the list, the trace and the exports (so that
// "Export shown" exports exactly what is shown): a file is shown when its verdict, kind and
// name match and at least one of its findings matches the row filters; a finding (a row) is
// shown when it matches every row filter.
//
// filter: { verdict, kind, document, rule, failures, file }  (empty / false: no filter)
// titles: Map rule id -> title, so that "6.23" finds the rules about SRV 6.23 by title too.

const norm = (s) => String(s ?? '').trim().toLowerCase();

/** Whether the rule filter's text names this rule: its id (with or without the dots of an SRV), or its title. */
export function ruleMatches(rule, text, titles) {
  const t = norm(text);
  if (!t) return true;
  const id = rule.toLowerCase();
  const plain = t.replace(/\./g, '');
  return id.includes(t) || (plain !== t && plain.length > 1 && id.includes(plain)) || norm(titles?.get(rule)).includes(t);
}

/** Whether a finding ([rule, document, outcome] or a report's finding object) is a shown row. */
export function rowMatches(f, filter, titles) {
  const [rule, doc, outcome] = Array.isArray(f) ? f : [f.rule, f.document, f.outcome];
  if (filter.document && (doc !== filter.document || !['pass', 'fail'].includes(outcome))) return false;
  if (filter.failures && outcome !== 'fail') return false;
  return ruleMatches(rule, filter.rule, titles);
}

/** Whether any row filter is on. */
export const rowFiltered = (filter) => Boolean(filter.document || filter.failures || norm(filter.rule));

/** Whether a file's line (verdict, kind, name, rules) is shown. */
export function fileMatches(x, filter, titles) {
  if (filter.verdict && x.verdict !== filter.verdict) return false;
  if (filter.kind && x.kind !== filter.kind) return false;
  if (norm(filter.file) && !x.name.toLowerCase().includes(norm(filter.file))) return false;
  if (!rowFiltered(filter)) return true;
  if (x.verdict === 'error') return filter.failures && !filter.document && !norm(filter.rule);
  return x.rules.some((f) => rowMatches(f, filter, titles));
}

/** A report with only the findings the filters show (the whole report when none is on). */
export function shownReport(r, filter, titles) {
  if (!rowFiltered(filter) || !r.findings) return r;
  return { ...r, findings: r.findings.filter((f) => rowMatches(f, filter, titles)) };
}
