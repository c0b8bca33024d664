// Pictures drawn from the reports as inline SVG (no chart library): the 6.23's journey, an
// inventory's funnel, ADT thresholds against their defaults, and when the rules are in force.

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

// an interactive diagram is a group of controls; a static one is an image
function frame(width, height, title, testid, interactive = false) {
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: interactive ? 'group' : 'img', 'aria-label': title, class: 'diagram', 'data-testid': testid });
  root.append(svg('title', {}, title));
  return root;
}

const stepState = (findings) => {
  if (!findings.length) return 'none';
  if (findings.some((f) => f.outcome === 'fail' && !f.advisory)) return 'fail';
  if (findings.some((f) => f.outcome === 'not-evaluated')) return 'open';
  if (findings.every((f) => f.outcome === 'skipped')) return 'none';
  return 'pass';
};

/**
 * The journey of a 6.23 (or any request): DUIS checks → SRPD checks → routing → the party's
 * own checks → target response time. The path taken is highlighted, a failing step red with
 * its response code. Without a report, the journey itself (for documentation).
 */
export function journey(report) {
  const f = report?.findings ?? [];
  const pick = (pred) => f.filter((x) => pred(x.rule));
  const duis = pick((r) => r.startsWith('duis.'));
  const srpd = pick((r) => r.startsWith('srpd.623.') || r.startsWith('srpd.certs.')).filter((x) => x.rule !== 'srpd.623.route');
  const route = pick((r) => r === 'srpd.623.route');
  const party = report?.route?.party;
  const cos = pick((r) => r.startsWith('srpd.cos-party.'));
  const tcos = pick((r) => r.startsWith('srpd.tcos-party.'));
  const code = (list) => list.find((x) => x.outcome === 'fail' && !x.advisory)?.response_code;
  const steps = [
    { id: 'duis', label: 'DUIS checks', sub: 'schema, signature', state: report ? stepState(duis) : 'none', code: code(duis) },
    { id: 'srpd', label: 'SRPD checks', sub: '6.23 i–vii, OCA', state: report ? stepState(srpd) : 'none', code: code(srpd) },
    { id: 'route', label: 'Routing', sub: 'SRPD 6.4, 8.1, 8.1A', state: report ? (party ? 'pass' : stepState(route)) : 'none' },
  ];
  const W = 760;
  const H = 190;
  const root = frame(W, H, report ? `Journey of ${report.file}: ${report.verdict}` : 'Journey of a 6.23 Update Security Credentials (CoS) request', 'route');
  const box = (x, y, w, h, s, label, sub, extra = {}) => {
    const g = svg('g', { class: `step step-${s}`, ...extra });
    g.append(svg('rect', { x, y, width: w, height: h, rx: 6 }), svg('text', { x: x + w / 2, y: y + 20, 'text-anchor': 'middle', class: 'step-label' }, label));
    if (sub) g.append(svg('text', { x: x + w / 2, y: y + 36, 'text-anchor': 'middle', class: 'step-sub' }, sub));
    return g;
  };
  const arrow = (x1, y1, x2, y2, on) => svg('line', { x1, y1, x2, y2, class: on ? 'edge edge-on' : 'edge', 'marker-end': 'url(#arrow)' });
  root.append(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }))));
  let x = 8;
  const reached = [];
  let stopped = false;
  for (const s of steps) {
    const on = !stopped && s.state !== 'none';
    root.append(box(x, 70, 122, 48, s.state, s.label, s.code ? `${s.sub} — ${s.code}` : s.sub, { 'data-step': s.id }));
    if (x > 8) root.append(arrow(x - 22, 94, x - 2, 94, on && reached.length > 0));
    reached.push(s.id);
    if (s.state === 'fail') stopped = true;
    x += 142;
  }
  const parties = [
    { id: 'ecos', label: 'CoS Party (ECoS)', sub: 'SRPD 8.1', checks: cos },
    { id: 'tcos', label: 'TCoS Party', sub: 'SRPD 8.1A', checks: tcos },
    { id: 'smets1-legacy', label: 'SMETS1 Service Provider', sub: 'SRPD 6.4(b)', checks: [] },
  ];
  parties.forEach((p, i) => {
    const y = 8 + i * 60;
    const taken = party === p.id;
    const state = taken ? (p.checks.some((c) => c.outcome === 'fail') ? 'fail' : p.checks.some((c) => c.outcome === 'not-evaluated') ? 'open' : 'pass') : 'none';
    root.append(box(x, y, 168, 48, taken ? state : 'none', p.label, taken ? `${p.sub}: ${report.receiving_party?.expected ?? 'its own checks'}` : p.sub, { 'data-party': p.id, 'data-taken': String(taken) }));
    root.append(arrow(x - 22, 94, x - 2, y + 24, taken));
  });
  if (report?.route) {
    root.append(box(x + 190, 70, 112, 48, 'pass', `${report.route.target_response_seconds} s`, 'target response', { 'data-step': 'target' }));
    root.append(arrow(x + 168, 8 + parties.findIndex((p) => p.id === party) * 60 + 24, x + 188, 94, true));
  }
  return root;
}

/**
 * An inventory's funnel (each bar a button named by its own label and count): devices → in scope → eligible, ineligible (by reason), held by the
 * proving limit; and the Non-Migratable models as bars. `onPick(status)` filters the devices.
 */
export function funnel(report, onPick) {
  const s = report.summary ?? {};
  const by = s.by_status ?? {};
  const reasons = s.by_reason ?? {};
  const total = s.rows ?? 0;
  const out = by['out-of-scope'] ?? 0;
  const rows = [
    { label: 'devices', n: total, status: '' },
    { label: 'in scope', n: total - out, status: '' },
    { label: 'eligible', n: by.eligible ?? 0, status: 'eligible' },
    ...Object.entries(reasons).filter(([k]) => k.startsWith('etmad.ineligible.') || k.startsWith('tmad.')).map(([k, n]) => ({ label: `ineligible: ${k.split('.').pop()}`, n, status: 'ineligible' })),
    { label: 'held by the proving limit', n: by.held ?? 0, status: 'held' },
    { label: 'suspended', n: by.suspended ?? 0, status: 'suspended' },
    { label: 'not assessed', n: by['not-assessed'] ?? 0, status: 'not-assessed' },
    { label: 'out of scope', n: out, status: 'out-of-scope' },
  ].filter((r, i) => i < 2 || r.n > 0);
  const models = s.ecosmig_004_non_migratable_models ?? [];
  const W = 640;
  const rowH = 24;
  const H = (rows.length + (models.length ? models.length + 1 : 0)) * rowH + 12;
  const root = frame(W, H, `Inventory funnel of ${report.file}: ${total} devices`, 'funnel', Boolean(onPick));
  const max = Math.max(total, 1);
  rows.forEach((r, i) => {
    const y = 6 + i * rowH;
    const w = Math.max(2, (r.n / max) * 380);
    const g = svg('g', r.status && onPick ? { class: `bar bar-${r.status}`, 'data-status': r.status, tabindex: 0, role: 'button' } : { class: `bar bar-${r.status || 'all'}`, 'data-status': r.status });
    g.append(svg('text', { x: 236, y: y + 16, 'text-anchor': 'end', class: 'bar-label' }, r.label), svg('rect', { x: 244, y: y + 3, width: w, height: rowH - 6, rx: 3 }),
      svg('text', { x: 250 + w, y: y + 16, class: 'bar-count' }, r.n.toLocaleString('en-GB')));
    if (r.status && onPick) {
      g.addEventListener('click', () => onPick(r.status));
      g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(r.status); } });
    }
    root.append(g);
  });
  if (models.length) {
    const y0 = 6 + rows.length * rowH;
    root.append(svg('text', { x: 8, y: y0 + 16, class: 'bar-label' }, 'Non-Migratable models (ECOSMIG-004):'));
    const mmax = Math.max(...models.map((m) => m.count), 1);
    models.forEach((m, i) => {
      const y = y0 + (i + 1) * rowH;
      const w = Math.max(2, (m.count / mmax) * 300);
      const g = svg('g', onPick ? { class: 'bar bar-ineligible', 'data-status': 'ineligible', tabindex: 0, role: 'button' } : { class: 'bar bar-ineligible', 'data-status': 'ineligible' });
      g.append(svg('text', { x: 236, y: y + 16, 'text-anchor': 'end', class: 'bar-label' }, `${m.manufacturer} ${m.model} hw ${m.hardware_version} fw ${m.firmware_version}`),
        svg('rect', { x: 244, y: y + 3, width: w, height: rowH - 6, rx: 3 }), svg('text', { x: 250 + w, y: y + 16, class: 'bar-count' }, m.count));
      if (onPick) g.addEventListener('click', () => onPick('ineligible'));
      root.append(g);
    });
  }
  return root;
}

/**
 * An ADT file's thresholds against the defaults, per SRV (the file's values as bars, defaults
 * as thin marks), the day's 6.23 count marked when given.
 */
export function thresholds(report, cosCount) {
  const t = report.thresholds ?? [];
  const fromFile = t.filter((x) => x.source === 'file');
  const defaults = t.filter((x) => x.source !== 'file');
  const W = 640;
  const rowH = 22;
  const shown = fromFile.slice(0, 40);
  const H = (shown.length + 2) * rowH + 10;
  const root = frame(W, H, `Thresholds of ${report.file}: ${fromFile.length} from the file, ${defaults.length} by default`, 'thresholds-chart');
  const max = Math.max(1, ...shown.map((x) => Math.max(x.adt, x.warning)), cosCount ?? 0);
  const scale = (v) => (v / max) * 380;
  shown.forEach((x, i) => {
    const y = 6 + i * rowH;
    const g = svg('g', { class: 'threshold', 'data-srv': x.srv });
    g.append(svg('text', { x: 150, y: y + 15, 'text-anchor': 'end', class: 'bar-label' }, `${x.srv} / ${x.period_minutes} min`),
      svg('rect', { x: 160, y: y + 3, width: Math.max(1, scale(x.adt)), height: rowH - 6, rx: 2, class: 'adt' }),
      svg('line', { x1: 160 + scale(x.warning), x2: 160 + scale(x.warning), y1: y + 1, y2: y + rowH - 1, class: 'warning-mark' }),
      svg('text', { x: 166 + scale(Math.max(x.adt, x.warning)), y: y + 15, class: 'bar-count' }, `ADT ${x.adt}, warning ${x.warning}`));
    if (x.srv === '6.23' && cosCount != null) {
      g.append(svg('line', { x1: 160 + scale(cosCount), x2: 160 + scale(cosCount), y1: y - 2, y2: y + rowH + 2, class: 'count-mark', 'data-testid': 'cos-count-mark' }));
    }
    root.append(g);
  });
  root.append(svg('text', { x: 8, y: 6 + shown.length * rowH + 16, class: 'bar-label' },
    defaults.length ? `${defaults.length} SRVs without an entry get the default ADT 0 / warning 0 for 1440 minutes (S003 §3.2); what a 0 threshold does in operation no source says (an assumption in the catalogue).` : 'Every threshold comes from the file.'));
  return root;
}

const DAY = 86_400_000;
const toDay = (s) => Date.parse(`${s}T00:00:00Z`);
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

/**
 * When the rules are in force, as bars over the years, with the as-of date as a marker the
 * user can drag (or move with the arrow keys); `onDate(iso)` hears where it was dropped.
 */
export function timeline(catalogue, asOf, onDate, { document: doc } = {}) {
  const rules = catalogue.rules.filter((r) => (r.in_force.from || r.in_force.until) && (!doc || r.document === doc.toUpperCase()));
  const groups = new Map();
  for (const r of rules) {
    const key = `${r.in_force.from ?? ''}|${r.in_force.until ?? ''}`;
    if (!groups.has(key)) groups.set(key, { from: r.in_force.from, until: r.in_force.until, rules: [] });
    groups.get(key).rules.push(r);
  }
  const spans = [...groups.values()].sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
  const start = toDay('2020-01-01');
  const end = toDay('2027-01-01');
  const W = 760;
  const left = 8;
  const right = W - 8;
  const x = (ms) => left + ((Math.min(Math.max(ms, start), end) - start) / (end - start)) * (right - left);
  const rowH = 22;
  const H = 30 + spans.length * rowH + 10;
  const root = frame(W, H, 'When the rules are in force', 'timeline', Boolean(onDate));
  for (let y = 2020; y <= 2026; y++) {
    root.append(svg('line', { x1: x(toDay(`${y}-01-01`)), x2: x(toDay(`${y}-01-01`)), y1: 18, y2: H, class: 'year' }), svg('text', { x: x(toDay(`${y}-01-01`)) + 2, y: 12, class: 'year-label' }, y));
  }
  spans.forEach((s, i) => {
    const y = 26 + i * rowH;
    const x1 = x(s.from ? toDay(s.from) : start);
    const x2 = x(s.until ? toDay(s.until) : end);
    const names = s.rules.map((r) => r.id);
    const label = `${s.from ?? '…'} → ${s.until ?? '…'}: ${names.length} rule${names.length > 1 ? 's' : ''} (${names.slice(0, 2).join(', ')}${names.length > 2 ? ', …' : ''})`;
    const g = svg('g', { class: 'span', 'data-from': s.from ?? '', 'data-until': s.until ?? '' }, svg('title', {}, `${label}\n${names.join('\n')}`));
    g.append(svg('rect', { x: x1, y, width: Math.max(2, x2 - x1), height: rowH - 6, rx: 3 }), svg('text', { x: x1 + 4, y: y + 12, class: 'span-label' }, label));
    root.append(g);
  });
  const at = asOf ? toDay(asOf) : Date.now();
  const marker = svg('g', { class: 'as-of', tabindex: 0, role: 'slider', 'aria-label': 'As-of date', 'aria-valuetext': iso(at), 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(((at - start) / (end - start)) * 100), 'data-testid': 'as-of-marker' });
  const line = svg('line', { x1: x(at), x2: x(at), y1: 16, y2: H, class: 'as-of-line' });
  // the label sits on the side of the marker with room for it
  const labelX = (px) => (px > W - 110 ? px - 104 : px + 3);
  const text = svg('text', { x: labelX(x(at)), y: H - 4, class: 'as-of-label' }, `as of ${iso(at)}`);
  marker.append(line, svg('rect', { x: x(at) - 6, y: 16, width: 12, height: H - 16, class: 'as-of-grip' }), text);
  root.append(marker);
  let day = at;
  const move = (ms) => {
    day = Math.min(Math.max(ms, start), end - DAY);
    const px = x(day);
    line.setAttribute('x1', px);
    line.setAttribute('x2', px);
    marker.querySelector('rect').setAttribute('x', px - 6);
    text.setAttribute('x', labelX(px));
    text.textContent = `as of ${iso(day)}`;
    marker.setAttribute('aria-valuetext', iso(day));
  };
  if (onDate) {
    const toMs = (clientX) => {
      const r = root.getBoundingClientRect();
      const px = ((clientX - r.left) / r.width) * W;
      return start + ((px - left) / (right - left)) * (end - start);
    };
    let dragging = false;
    marker.addEventListener('pointerdown', (e) => { dragging = true; marker.setPointerCapture(e.pointerId); });
    marker.addEventListener('pointermove', (e) => { if (dragging) move(Math.round(toMs(e.clientX) / DAY) * DAY); });
    marker.addEventListener('pointerup', () => { if (dragging) { dragging = false; onDate(iso(day)); } });
    marker.addEventListener('keydown', (e) => {
      const step = e.shiftKey ? 30 * DAY : DAY;
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        e.preventDefault();
        move(day + (e.key === 'ArrowRight' ? step : -step));
      } else if (e.key === 'Enter') onDate(iso(day));
    });
    marker.addEventListener('keyup', (e) => { if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') onDate(iso(day)); });
  }
  return root;
}
