// Pictures drawn from the reports as inline SVG (no chart library): the 6.23's journey, an
// inventory's funnel, ADT thresholds, and when the rules are in force.
//
// Every picture fits: text is measured (estimated from its size) and shortened with "…" where
// it would leave its box, the whole text then in a <title>; a chart has one scale; charts are
// drawn for the width they are given (a phone's), and no picture is drawn smaller than its own
// size (the journey, wider than a phone, scrolls sideways), so its text is at least 11 px.

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
  // (CSSOM, which the page's Content-Security-Policy allows, unlike a style attribute)
  root.style.minWidth = `${width}px`;
  root.style.maxWidth = `${Math.round(width * 1.25)}px`;
  root.append(svg('title', {}, title));
  return root;
}

// A generous estimate of a text's width (system-ui): wider than it renders, so text kept
// within an estimate stays within its box.
const widthOf = (text, size = 12, bold = false) => String(text).length * size * (bold ? 0.62 : 0.56);

/** A text element no wider than `max` units: shortened with "…", the whole text in its title. */
function label(text, max, attrs, size = 12, bold = false) {
  const full = String(text);
  let shown = full;
  if (widthOf(full, size, bold) > max) {
    const keep = Math.max(1, Math.floor(max / (size * (bold ? 0.62 : 0.56))) - 1);
    shown = `${full.slice(0, keep)}…`;
  }
  const t = svg('text', attrs, shown);
  if (shown !== full) t.append(svg('title', {}, full));
  return t;
}

const stepState = (findings) => {
  if (!findings.length) return 'none';
  if (findings.some((f) => f.outcome === 'fail' && !f.advisory)) return 'fail';
  if (findings.some((f) => f.outcome === 'not-evaluated')) return 'open';
  if (findings.every((f) => f.outcome === 'skipped')) return 'none';
  return 'pass';
};

const EXPECT = { proceeds: 'proceeds', refuses: 'refuses', unknown: 'not known' };

/**
 * The journey of a 6.23: DUIS checks → SRPD checks → routing → the receiving party's own
 * checks → target response time. The path taken is highlighted, a failing step red with its
 * response code. When the receiving party would refuse, the journey ends there, red, with its
 * clause (the DCC's own steps keep their colour). Without a report, the journey itself.
 */
export function journey(report) {
  const f = report?.findings ?? [];
  const pick = (pred) => f.filter((x) => pred(x.rule));
  const duis = pick((r) => r.startsWith('duis.'));
  const srpd = pick((r) => r.startsWith('srpd.623.') || r.startsWith('srpd.certs.')).filter((x) => x.rule !== 'srpd.623.route');
  const route = pick((r) => r === 'srpd.623.route');
  const party = report?.route?.party;
  const code = (list) => list.find((x) => x.outcome === 'fail' && !x.advisory)?.response_code;
  const steps = [
    { id: 'duis', label: 'DUIS checks', sub: 'schema, signature', state: report ? stepState(duis) : 'none', code: code(duis) },
    { id: 'srpd', label: 'SRPD checks', sub: '6.23 i–vii, OCA', state: report ? stepState(srpd) : 'none', code: code(srpd) },
    { id: 'route', label: 'Routing', sub: 'SRPD 6.4, 8.1, 8.1A', state: report ? (party ? 'pass' : stepState(route)) : 'none' },
  ];
  const W = 760;
  const H = 190;
  const root = frame(W, H, report ? `Journey of ${report.file}: ${report.verdict}` : 'Journey of a 6.23 Update Security Credentials (CoS) request', 'route');
  const box = (x, y, w, h, s, text, sub, extra = {}) => {
    const g = svg('g', { class: `step step-${s}`, ...extra });
    g.append(svg('rect', { x, y, width: w, height: h, rx: 6 }), label(text, w - 8, { x: x + w / 2, y: y + 20, 'text-anchor': 'middle', class: 'step-label' }, 12, true));
    if (sub) g.append(label(sub, w - 8, { x: x + w / 2, y: y + 37, 'text-anchor': 'middle', class: 'step-sub' }, 11));
    return g;
  };
  const arrow = (x1, y1, x2, y2, on) => svg('line', { x1, y1, x2, y2, class: on ? 'edge edge-on' : 'edge', 'marker-end': 'url(#arrow)' });
  root.append(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }))));
  // three steps 126 wide, 16 apart; the parties 190 wide; the target 112 wide: 756 of 760
  let x = 8;
  let stopped = false;
  for (const s of steps) {
    const on = !stopped && s.state !== 'none';
    root.append(box(x, 70, 126, 48, s.state, s.label, s.code ? `fails: ${s.code}` : s.sub, { 'data-step': s.id }));
    if (x > 8) root.append(arrow(x - 15, 94, x - 2, 94, on));
    if (s.state === 'fail') stopped = true;
    x += 142;
  }
  const expected = report?.receiving_party?.expected;
  const parties = [
    { id: 'ecos', label: 'CoS Party (ECoS)', sub: 'SRPD 8.1', checks: pick((r) => r.startsWith('srpd.cos-party.')) },
    { id: 'tcos', label: 'TCoS Party', sub: 'SRPD 8.1A', checks: pick((r) => r.startsWith('srpd.tcos-party.')) },
    { id: 'smets1-legacy', label: 'SMETS1 Service Provider', sub: 'SRPD 6.4(b)', checks: [] },
  ];
  parties.forEach((p, i) => {
    const y = 8 + i * 60;
    const taken = party === p.id;
    const state = !taken ? 'none'
      : expected === 'refuses' || p.checks.some((c) => c.outcome === 'fail') ? 'fail'
        : expected === 'unknown' || p.checks.some((c) => c.outcome === 'not-evaluated') ? 'open' : 'pass';
    const sub = taken && report.receiving_party ? `${EXPECT[expected] ?? expected}: ${report.receiving_party.clause}` : p.sub;
    root.append(box(x, y, 190, 48, state, p.label, sub, { 'data-party': p.id, 'data-taken': String(taken), 'data-expected': taken ? (expected ?? '') : '' }));
    root.append(arrow(x - 15, 94, x - 2, y + 24, taken));
  });
  // the target response time, reached only when the receiving party goes on
  if (report?.route && expected !== 'refuses') {
    root.append(box(x + 210, 70, 112, 48, expected === 'unknown' ? 'open' : 'pass', `${report.route.target_response_seconds} s`, 'target response', { 'data-step': 'target' }));
    root.append(arrow(x + 190, 8 + parties.findIndex((p) => p.id === party) * 60 + 24, x + 208, 94, true));
  }
  return root;
}

/**
 * An inventory's funnel (each bar a button named by its own label and count): devices → in
 * scope → eligible, ineligible (by reason), held by the proving limit; and the Non-Migratable
 * models' devices — all bars on one scale, the inventory's devices. `onPick(status)` filters
 * the devices.
 */
export function funnel(report, onPick, { width = 640 } = {}) {
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
  const models = (s.ecosmig_004_non_migratable_models ?? []).map((m) => ({ label: `${m.manufacturer} ${m.model} hw ${m.hardware_version} fw ${m.firmware_version}`, n: m.count, status: 'ineligible', model: true }));
  const W = Math.max(320, Math.round(width));
  const rowH = 24;
  const labelW = Math.min(230, Math.round(W * 0.42));
  const barX = labelW + 14;
  const countRoom = 12 + widthOf(total.toLocaleString('en-GB'));
  const barMax = W - barX - countRoom - 4;
  const H = (rows.length + (models.length ? models.length + 1 : 0)) * rowH + 12;
  const root = frame(W, H, `Inventory funnel of ${report.file}: ${total} devices`, 'funnel', Boolean(onPick));
  const scale = (k) => Math.max(2, (k / Math.max(total, 1)) * barMax);
  const bar = (r, y) => {
    const w = scale(r.n);
    const g = svg('g', r.status && onPick ? { class: `bar bar-${r.status}`, 'data-status': r.status, tabindex: 0, role: 'button' } : { class: `bar bar-${r.status || 'all'}`, 'data-status': r.status });
    g.append(label(r.label, labelW, { x: labelW + 6, y: y + 16, 'text-anchor': 'end', class: 'bar-label' }), svg('rect', { x: barX, y: y + 3, width: w, height: rowH - 6, rx: 3 }),
      svg('text', { x: barX + w + 6, y: y + 16, class: 'bar-count' }, r.n.toLocaleString('en-GB')));
    if (r.status && onPick) {
      g.addEventListener('click', () => onPick(r.status));
      g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(r.status); } });
    }
    root.append(g);
  };
  rows.forEach((r, i) => bar(r, 6 + i * rowH));
  if (models.length) {
    const y0 = 6 + rows.length * rowH;
    root.append(label('Devices of Non-Migratable models (ECOSMIG-004), on the same scale:', W - 16, { x: 8, y: y0 + 16, class: 'bar-label' }));
    models.forEach((m, i) => bar(m, y0 + (i + 1) * rowH));
  }
  return root;
}

/**
 * An ADT file's thresholds per SRV (the file's values as bars, the warning threshold as a
 * mark), on one scale with the day's 6.23 count, marked when given. The defaults are said in
 * the caption.
 */
export function thresholds(report, cosCount, { width = 640 } = {}) {
  const t = report.thresholds ?? [];
  const fromFile = t.filter((x) => x.source === 'file');
  const defaults = t.filter((x) => x.source !== 'file');
  const W = Math.max(320, Math.round(width));
  const rowH = 22;
  const shown = fromFile.slice(0, 40);
  const labelW = Math.min(140, Math.round(W * 0.3));
  const barX = labelW + 12;
  const note = (x) => `ADT ${x.adt.toLocaleString('en-GB')}, warning ${x.warning.toLocaleString('en-GB')}`;
  const countRoom = 10 + Math.max(0, ...shown.map((x) => widthOf(note(x))));
  const barMax = Math.max(60, W - barX - countRoom - 4);
  const H = (shown.length + (fromFile.length > shown.length ? 1 : 0)) * rowH + 12;
  const root = frame(W, H, `Thresholds of ${report.file}: ${fromFile.length} from the file, ${defaults.length} by default`, 'thresholds-chart');
  const max = Math.max(1, ...shown.map((x) => Math.max(x.adt, x.warning)), cosCount ?? 0);
  const scale = (v) => (v / max) * barMax;
  shown.forEach((x, i) => {
    const y = 6 + i * rowH;
    const g = svg('g', { class: 'threshold', 'data-srv': x.srv });
    g.append(label(`${x.srv} / ${x.period_minutes} min`, labelW, { x: labelW + 4, y: y + 15, 'text-anchor': 'end', class: 'bar-label' }),
      svg('rect', { x: barX, y: y + 3, width: Math.max(1, scale(x.adt)), height: rowH - 6, rx: 2, class: 'adt' }),
      svg('line', { x1: barX + scale(x.warning), x2: barX + scale(x.warning), y1: y + 1, y2: y + rowH - 1, class: 'warning-mark' }),
      svg('text', { x: barX + scale(Math.max(x.adt, x.warning, x.srv === '6.23' ? cosCount ?? 0 : 0)) + 6, y: y + 15, class: 'bar-count' }, note(x)));
    if (x.srv === '6.23' && cosCount != null) {
      g.append(svg('line', { x1: barX + scale(cosCount), x2: barX + scale(cosCount), y1: y, y2: y + rowH, class: 'count-mark', 'data-testid': 'cos-count-mark' },
        svg('title', {}, `the day's count: ${cosCount}`)));
    }
    root.append(g);
  });
  if (fromFile.length > shown.length) root.append(svg('text', { x: 8, y: 6 + shown.length * rowH + 15, class: 'bar-label' }, `… and ${fromFile.length - shown.length} more in the table`));
  return root;
}

const DAY = 86_400_000;
const toDay = (s) => Date.parse(`${s}T00:00:00Z`);
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const yearOf = (s) => Number(s.slice(0, 4));

/**
 * When the rules are in force, as bars over the years the rules and the as-of date span, with
 * the as-of date as a marker the user can drag (a grip wide enough for a finger) or move with
 * the arrow keys (Shift: a month; Page Up/Down: a year). Its label says the date the checks
 * use; while it moves, the date it will take. `onDate(iso)` hears the date it was let go at.
 */
export function timeline(catalogue, asOf, onDate, { document: doc, width = 760 } = {}) {
  const rules = catalogue.rules.filter((r) => (r.in_force.from || r.in_force.until) && (!doc || r.document === doc.toUpperCase()));
  const groups = new Map();
  for (const r of rules) {
    const key = `${r.in_force.from ?? ''}|${r.in_force.until ?? ''}`;
    if (!groups.has(key)) groups.set(key, { from: r.in_force.from, until: r.in_force.until, rules: [] });
    groups.get(key).rules.push(r);
  }
  const spans = [...groups.values()].sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
  const at = asOf ? toDay(asOf) : toDay(iso(Date.now()));
  // the range: from the first year a rule starts or ends (or the as-of date's) to a year past
  // the last, so an open-ended span is seen to go on
  const years = [...spans.flatMap((s) => [s.from, s.until]).filter(Boolean).map(yearOf), new Date(at).getUTCFullYear()];
  const y0 = Math.min(...years);
  const y1 = Math.max(...years) + 2;
  const start = toDay(`${y0}-01-01`);
  const end = toDay(`${y1}-01-01`);
  const W = Math.max(320, Math.round(width));
  const left = 8;
  const right = W - 8;
  const x = (ms) => left + ((Math.min(Math.max(ms, start), end) - start) / (end - start)) * (right - left);
  const rowH = 22;
  const H = 30 + spans.length * rowH + 26;
  const root = frame(W, H, 'When the rules are in force', 'timeline', Boolean(onDate));
  const every = Math.max(1, Math.ceil((y1 - y0) / Math.max(2, Math.floor(W / 64))));
  for (let y = y0; y < y1; y += every) {
    const px = x(toDay(`${y}-01-01`));
    root.append(svg('line', { x1: px, x2: px, y1: 18, y2: H - 22, class: 'year' }), svg('text', { x: px + 2, y: 12, class: 'year-label' }, y));
  }
  spans.forEach((s, i) => {
    const y = 26 + i * rowH;
    const x1 = x(s.from ? toDay(s.from) : start);
    const x2 = x(s.until ? toDay(s.until) : end);
    const names = s.rules.map((r) => r.id);
    const text = `${s.from ?? '…'} → ${s.until ?? '…'}: ${names.length} rule${names.length > 1 ? 's' : ''} (${names.slice(0, 2).join(', ')}${names.length > 2 ? ', …' : ''})`;
    const g = svg('g', { class: 'span', 'data-from': s.from ?? '', 'data-until': s.until ?? '' }, svg('title', {}, `${text}\n${names.join('\n')}`));
    // the label starts at the bar, or ends at the right edge when there is no room after it
    const w = Math.min(widthOf(text, 11), right - left);
    const tx = Math.max(left, Math.min(x1 + 4, right - w));
    g.append(svg('rect', { x: x1, y, width: Math.max(2, x2 - x1), height: rowH - 6, rx: 3 }), label(text, right - tx, { x: tx, y: y + 12, class: 'span-label' }, 11));
    root.append(g);
  });
  const pct = (ms) => Math.round(((ms - start) / (end - start)) * 100);
  const marker = svg('g', { class: 'as-of', tabindex: 0, role: 'slider', 'aria-label': 'As-of date', 'aria-valuetext': iso(at), 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': pct(at), 'data-testid': 'as-of-marker', 'data-day': iso(at) });
  const line = svg('line', { x1: x(at), x2: x(at), y1: 16, y2: H - 20, class: 'as-of-line' });
  const knob = svg('rect', { x: x(at) - 7, y: 14, width: 14, height: 14, rx: 3, class: 'as-of-knob' });
  // the grip: 28 units wide, never drawn narrower than 28 px (the diagram is not shrunk)
  const grip = svg('rect', { x: x(at) - 14, y: 0, width: 28, height: H, class: 'as-of-grip', 'data-testid': 'as-of-grip' });
  const text = svg('text', { y: H - 5, class: 'as-of-label', 'data-testid': 'as-of-label' });
  marker.append(line, knob, text, grip);
  root.append(marker);
  let day = at;
  const place = (ms, pending) => {
    day = Math.min(Math.max(ms, start), end - DAY);
    const px = x(day);
    for (const [el, dx] of [[knob, -7], [grip, -14]]) el.setAttribute('x', px + dx);
    line.setAttribute('x1', px);
    line.setAttribute('x2', px);
    text.textContent = pending && day !== at ? `as of ${iso(at)} → ${iso(day)} (let go to check)` : `as of ${iso(day)}`;
    const w = widthOf(text.textContent);
    text.setAttribute('x', px + 4 + w > right ? Math.max(left, px - 4 - w) : px + 4);
    marker.classList.toggle('as-of-pending', Boolean(pending && day !== at));
    marker.setAttribute('aria-valuetext', iso(day));
    marker.setAttribute('aria-valuenow', pct(day));
  };
  place(at, false);
  if (onDate) {
    const toMs = (clientX) => {
      const r = root.getBoundingClientRect();
      const px = ((clientX - r.left) / r.width) * W;
      return start + ((px - left) / (right - left)) * (end - start);
    };
    let dragging = false;
    const commit = () => { if (iso(day) !== iso(at)) onDate(iso(day)); else place(at, false); };
    marker.addEventListener('pointerdown', (e) => { dragging = true; marker.setPointerCapture(e.pointerId); e.preventDefault(); });
    // a finger on the marker moves it, not the page or the picture's scroll box (touch-action
    // does not reach inside an SVG: the touch itself is kept from starting a scroll)
    marker.addEventListener('touchstart', (e) => e.preventDefault(), { passive: false });
    marker.addEventListener('pointermove', (e) => { if (dragging) place(Math.round(toMs(e.clientX) / DAY) * DAY, true); });
    marker.addEventListener('pointerup', () => { if (dragging) { dragging = false; commit(); } });
    // a drag the browser took away (a scroll, a second finger): back to the date in use
    marker.addEventListener('pointercancel', () => { dragging = false; place(at, false); });
    marker.addEventListener('keydown', (e) => {
      const steps = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 365, PageDown: -365 };
      if (e.key in steps) {
        e.preventDefault();
        const k = steps[e.key] * (e.shiftKey && Math.abs(steps[e.key]) === 1 ? 30 : 1);
        place(day + k * DAY, true);
      } else if (e.key === 'Enter') commit();
      else if (e.key === 'Escape') place(at, false);
    });
    // a key let go commits (held keys move on first); the page keeps focus on the new marker
    marker.addEventListener('keyup', (e) => { if (['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown'].includes(e.key)) commit(); });
  }
  return root;
}
