// An inventory's funnel and an ADT file's thresholds, drawn from their reports.
import { svg, frame, label, widthOf } from './svg.js';

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
