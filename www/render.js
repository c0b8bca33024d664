// Renders reports and the catalogue as DOM (shared by the page and the embeddable elements).

export const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'for') e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return e;
};

export function place(loc) {
  if (!loc) return '';
  const parts = [];
  if (loc.line != null) parts.push(`line ${loc.line}`);
  if (loc.column != null) parts.push(`column ${loc.column}`);
  if (loc.path) parts.push(loc.path);
  return parts.join(', ');
}

const table = (caption, head, rows, attrs = {}) => el('table', attrs, el('caption', {}, caption),
  el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, ...rows));

/** The source text with line numbers, the lines of failing findings marked. */
export function sourceView(text, report) {
  const bad = new Map();
  for (const f of report.findings) if (f.outcome === 'fail' && f.location?.line) bad.set(f.location.line, f);
  const lines = text.split('\n');
  const first = Math.min(...bad.keys(), Infinity);
  const pre = el('pre', { class: 'source', 'data-testid': 'source', tabIndex: 0, 'aria-label': `Source of ${report.file}` });
  lines.slice(0, 3000).forEach((line, i) => {
    const n = i + 1;
    const f = bad.get(n);
    const row = el(f ? 'mark' : 'span', f ? { 'data-line': String(n), title: `${f.rule}: ${f.message}` } : {}, `${String(n).padStart(5)}  ${line}\n`);
    pre.append(row);
  });
  const box = el('details', { class: 'source-box', open: bad.size > 0 }, el('summary', {}, bad.size
    ? `Source, failing line${bad.size > 1 ? 's' : ''} highlighted (first: line ${first})` : 'Source'), pre);
  return box;
}

export function renderReport(r, sourceText) {
  const rows = r.findings.map((f) => el('tr', { 'data-rule': f.rule, 'data-document': f.document, 'data-outcome': f.outcome },
    el('td', {}, el('code', {}, f.rule)),
    el('td', {}, f.advisory ? `${f.clause} (advisory: the receiving party, after the DCC accepts)` : f.clause),
    el('td', { class: `outcome-${f.outcome}` }, f.outcome),
    el('td', {}, f.message),
    el('td', {}, place(f.location))));
  const summary = [el('span', { class: 'verdict' }, r.verdict), ` — ${r.file} (${r.kind}, as of ${r.as_of})`];
  if (r.first_failure) summary.push(el('div', {}, 'First failure: ', el('code', {}, r.first_failure), r.response_code ? ` (response code ${r.response_code})` : ''));
  if (r.route) summary.push(el('div', {}, `Route: ${r.route.party} under ${r.route.clause}, target ${r.route.target_response_seconds} s`));
  const extra = [];
  if (r.thresholds) {
    extra.push(r.thresholds.length === 0
      ? el('p', {}, "No thresholds change: the file is rejected as a whole (TADP 3.7), so the DCC keeps the last accepted file's.")
      : table('Thresholds the DCC would apply (defaults marked)', ['SRV', 'Minutes', 'ADT', 'Warning', 'Source'],
        r.thresholds.map((t) => el('tr', { class: `source-${t.source}`, 'data-source': t.source },
          el('td', {}, t.srv), el('td', {}, t.period_minutes), el('td', {}, t.adt), el('td', {}, t.warning),
          el('td', {}, t.source === 'default' ? 'default (TADP)' : 'file'))), { 'data-testid': 'thresholds' }));
  }
  if (r.devices) {
    const shown = r.devices.slice(0, 500);
    extra.push(table(`Devices (${r.devices.length}${r.devices.length > shown.length ? `, first ${shown.length} shown; export for all` : ''})`,
      ['Line', 'Device', 'Status', 'Reason', 'Clause', 'GPF model / Responsible Supplier'],
      shown.map((d) => el('tr', { 'data-status': d.status, 'data-device': d.device_id },
        el('td', {}, d.line), el('td', {}, d.device_id), el('td', {}, d.status), el('td', {}, d.reason ?? ''), el('td', {}, d.clause ?? ''),
        el('td', {}, d.gpf ? `${d.gpf.model} / ${d.gpf.responsible_supplier ?? 'none'}` : ''))), { 'data-testid': 'devices' }));
  }
  if (r.summary) {
    const kv = (title, obj, testid) => table(title, ['Key', 'Count'], Object.entries(obj ?? {}).map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, v))), { 'data-testid': testid });
    extra.push(kv('By status', r.summary.by_status, 'summary-status'), kv('ECOSMIG-007 totals', r.summary.ecosmig_007_totals, 'summary-totals'));
    extra.push(table('ECOSMIG-004: devices by Non-Migratable model', ['Model', 'Devices'],
      (r.summary.ecosmig_004_non_migratable_models ?? []).map((m) => el('tr', {}, el('td', {}, `${m.manufacturer} ${m.model} hw ${m.hardware_version} fw ${m.firmware_version}`), el('td', {}, m.count))),
      { 'data-testid': 'summary-non-migratable' }));
  }
  if (sourceText != null && r.kind !== 'inventory') extra.push(sourceView(sourceText, r));
  return el('article', {
    class: 'result', 'data-testid': 'result', 'data-file': r.file, 'data-verdict': r.verdict, 'data-kind': r.kind,
    'data-first-failure': r.first_failure ?? '',
  }, el('h3', {}, ...summary),
  table('Checks in evaluation order', ['Rule', 'Clause', 'Outcome', 'Message', 'Place'], rows, { class: 'trace' }), ...extra);
}

export function renderError(file, message) {
  return el('article', { class: 'result', 'data-testid': 'result', 'data-file': file, 'data-verdict': 'error', 'data-first-failure': '' },
    el('h3', { class: 'error' }, `${file}: not checked`), el('p', {}, message));
}

/** The catalogue, or one document's part of it, or one rule. */
export function renderCatalogue(c, { document: doc, rule } = {}) {
  const period = (p) => (p.from || p.until ? `${p.from ?? ''} – ${p.until ?? ''}` : 'always');
  const rules = c.rules.filter((r) => (!doc || r.document === doc.toUpperCase()) && (!rule || r.id === rule));
  return el('div', { 'data-testid': 'catalogue-table' },
    table(`${rules.length} rule(s)${doc ? ` of ${doc.toUpperCase()}` : ''}`, ['Rule', 'Document', 'Clause', 'Title', 'Code', 'In force', 'Assumption'],
      rules.map((r) => el('tr', { 'data-rule': r.id },
        el('td', {}, el('code', {}, r.id)), el('td', {}, r.document), el('td', {}, r.clause), el('td', {}, r.title),
        el('td', {}, r.response_code ?? ''), el('td', {}, period(r.in_force)), el('td', {}, r.assumption ? `assumption: ${r.note}` : '')))),
    doc || rule ? '' : el('p', {}, `${c.service_reference_variants.length} Service Reference Variants, ${c.service_reference_variants.filter((s) => s.critical).length} critical.`));
}
