// When the rules are in force, over the years, with the as-of date as a marker to move.
import { svg, frame, label, widthOf } from './svg.js';

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
