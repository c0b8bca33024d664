// The journey of a 6.23 Update Security Credentials (CoS) request, drawn from its report.
import { svg, frame, label } from './svg.js';

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
