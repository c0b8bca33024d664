// One file's report as the page shows it when its line is opened: notes, the trust offer,
// the 6.23 journey, an ADT file's thresholds (and "Record as submitted"), an inventory's funnel
// and devices, the trace, and the source with every "Place" link going to its line.
import { el, table } from './dom.js';
import { trace, sourceView, wording } from './render.js';
import { journey } from './journey.js';
import { funnel, thresholds } from './charts.js';

const PARTY = { ecos: 'CoS Party', tcos: 'TCoS Party', 'smets1-legacy': 'SMETS1 Service Provider' };

/**
 * Fills an opened line's body. `page` gives what the page holds: `report(name)` (the full
 * report), `source(name)` (File or bytes), `chips`, `trust(which)`, `cosCount`, `adt`
 * (the AdtState) and `onRecord()`, `devices(msg)` (a page of an inventory's devices).
 */
export async function fill(d, x, page) {
  if (x.verdict === 'error') { d.append(el('p', { class: 'body' }, x.message)); return; }
  const body = el('div', { class: 'body' }, el('p', {}, 'Loading the report…'));
  d.append(body);
  const r = await page.report(x.name);
  if (!r) { body.replaceChildren(el('p', {}, 'This file is no longer held; check it again.')); return; }
  const parts = [];
  // charts are drawn for the room there is (a phone's width)
  const width = Math.min(640, Math.max(320, d.clientWidth - 24));
  // the signer's chain stopped the check (its OCA is absent, or another of that name): one
  // click trusts the signer's certificate as given, as DCC Boxed users need
  const held = r.signer && page.chips.some((c) => c.kind === 'certificate' && !c.anchor && c.certificates.some((k) => k.serial === r.signer.serial));
  if (x.signerChain && held) {
    parts.push(el('p', { class: 'note trust-offer' }, `The signer's certificate (${r.signer.subject}) does not chain to an OCA given here. If it comes from a test environment whose OCA is not published (DCC Boxed), `,
      el('button', { type: 'button', 'data-testid': 'trust-signer', onclick: () => page.trust({ serial: r.signer.serial, on: true }) }, 'trust this certificate as given'), '.'));
  }
  for (const n of r.notes ?? []) parts.push(el('p', { class: 'note' }, wording(n.message)));
  if (r.receiving_party) parts.push(el('p', { class: 'note' }, `After the DCC: ${wording(r.receiving_party.message)}`));
  // the journey is a 6.23's: Update Security Credentials (CoS)
  if (r.kind === 'duis-request' && r.service_reference_variant === '6.23') parts.push(el('figure', { class: 'scroll' }, journey(r), el('figcaption', {}, journeyCaption(r))));
  if (r.kind === 'adt') parts.push(...adtParts(r, page, width));
  if (r.kind === 'inventory') parts.push(...inventoryParts(r, page, width));
  const src = page.source(x.name);
  const view = src && r.kind !== 'inventory' && (src.size ?? src.length) < 4_000_000 ? sourceBox(src, r) : null;
  parts.push(trace(r, view ? (line) => view.go(line) : null));
  if (view) parts.push(view.box);
  body.replaceChildren(...parts);
}

function journeyCaption(r) {
  if (!r.route) return 'Stopped before routing.';
  const party = PARTY[r.route.party];
  const refuses = r.receiving_party?.expected === 'refuses';
  return refuses
    ? `Routed to the ${party} under ${r.route.clause}, which would refuse it (${r.receiving_party.clause}): the DCC notifies the User and no credentials change.`
    : `Routed to the ${party} under ${r.route.clause}; target response ${r.route.target_response_seconds} s.`;
}

/** The source, read when first opened; `go(line)` opens it at a line (any line: a passing check's too). */
function sourceBox(src, r) {
  const failing = r.findings.find((f) => f.outcome === 'fail' && f.location?.line);
  const box = el('details', { class: 'source-box', 'data-testid': 'source-box' }, el('summary', {}, failing ? `Source — go to line ${failing.location.line}` : 'Source'));
  const show = async () => {
    if (box.dataset.filled) return;
    box.dataset.filled = 'true';
    const bytes = src instanceof Blob ? new Uint8Array(await src.arrayBuffer()) : src;
    box.append(sourceView(new TextDecoder().decode(bytes), r));
  };
  const go = async (line) => {
    box.open = true;
    await show();
    const pre = box.querySelector('pre');
    const target = (line && pre.querySelector(`[data-line="${line}"]`)) ?? pre.querySelector('mark[data-line]');
    if (!target) return;
    pre.scrollTop = Math.max(0, target.offsetTop - pre.offsetTop - 60);
    // across to the column, which the caret line under a marked line shows
    const caret = target.tagName === 'MARK' ? target.nextElementSibling : null;
    const col = caret ? caret.textContent.indexOf('^') : 0;
    const probe = el('span', {}, 'x'.repeat(100));
    pre.append(probe);
    const ch = probe.getBoundingClientRect().width / 100;
    probe.remove();
    pre.scrollLeft = Math.max(0, col * ch - pre.clientWidth / 3);
    for (const t of pre.querySelectorAll('.line-target')) t.classList.remove('line-target');
    target.classList.add('line-target');
    target.scrollIntoView({ block: 'nearest' });
    pre.focus({ preventScroll: true });
  };
  box.addEventListener('toggle', () => { if (box.open) go(failing?.location?.line).catch(() => {}); });
  return { box, go };
}

function adtParts(r, page, width) {
  const parts = [recordControl(r, page)];
  if (!r.thresholds) return parts;
  if (r.thresholds.length === 0) {
    parts.push(el('p', {}, "No thresholds change: the file is rejected as a whole (TADP 3.7), so the DCC keeps the last accepted file's."));
    return parts;
  }
  const fromFile = r.thresholds.filter((t) => t.source === 'file');
  const defaults = r.thresholds.filter((t) => t.source !== 'file');
  parts.push(el('figure', { class: 'scroll' }, thresholds(r, page.cosCount, { width }),
    el('figcaption', {}, defaults.length
      ? `${defaults.length} SRVs without an entry get the default ADT 0 / warning 0 for 1440 minutes (S003 §3.2); what a 0 threshold does in operation no source says (an assumption in the catalogue).`
      : 'Every threshold comes from the file.')),
  table(`Thresholds from the file (${fromFile.length}); ${defaults.length} more by default`, ['SRV', 'Minutes', 'ADT', 'Warning', 'Source'],
    r.thresholds.map((t) => ({ attrs: { class: `source-${t.source}`, 'data-source': t.source }, cells: [t.srv, t.period_minutes, t.adt, t.warning, t.source === 'default' ? 'default' : 'file'] })),
    { 'data-testid': 'thresholds', class: 'thresholds' }));
  return parts;
}

/**
 * "Record as submitted": the page's ADT state moves on only when the user says the file was
 * sent to the DCC (a check never records), and the record can be undone.
 */
function recordControl(r, page) {
  const box = el('p', { class: 'note adt-record', 'data-testid': 'adt-record-box' });
  const draw = () => {
    const f = r.adt_file;
    if (f && page.adt.isRecorded(f)) {
      const undo = page.adt.canUndo(f)
        ? el('button', { type: 'button', 'data-testid': 'adt-undo', onclick: () => { page.adt.undoFor(f); page.onRecord(); draw(); } }, 'Undo')
        : '';
      box.replaceChildren(`Recorded as submitted: SequenceNumber ${f.sequence_number} for ${f.user_id}. A file from this User ID must now have a higher one. `, undo);
      return;
    }
    if (r.verdict !== 'accepted' || !f) {
      box.replaceChildren('Only an accepted ADT file can be recorded as submitted; this one changes nothing in the ADT state kept here.');
      return;
    }
    box.replaceChildren(`Checking never records a SequenceNumber. When you submit this file to the DCC, record it so that the replay check (TADP) knows: `,
      el('button', { type: 'button', 'data-testid': 'adt-record', onclick: () => { page.adt.record(f); page.onRecord(); draw(); } }, `Record ${f.sequence_number} for ${f.user_id} as submitted`));
  };
  draw();
  return box;
}

function inventoryParts(r, page, width) {
  const devices = el('div', { class: 'devices', 'data-testid': 'devices-view' });
  let status = '';
  let start = 0;
  const load = async () => {
    const m = await page.devices({ name: r.file, start, count: 50, status });
    const pager = el('div', { class: 'pager' },
      el('label', {}, 'Status ', el('select', { onchange: (e) => { status = e.target.value; start = 0; load(); } },
        ...['', 'eligible', 'ineligible', 'held', 'out-of-scope', 'not-assessed', 'suspended', 'unreadable', 'migration-halted'].map((s) => el('option', { value: s, selected: s === status }, s || 'all')))),
      el('button', { type: 'button', disabled: start === 0, onclick: () => { start = Math.max(0, start - 50); load(); } }, 'Previous'),
      el('span', {}, m.total ? `${(start + 1).toLocaleString('en-GB')}–${Math.min(start + 50, m.total).toLocaleString('en-GB')} of ${m.total.toLocaleString('en-GB')}` : 'none'),
      el('button', { type: 'button', disabled: start + 50 >= m.total, onclick: () => { start += 50; load(); } }, 'Next'));
    devices.replaceChildren(pager, table('Devices', ['Line', 'Device', 'Status', 'Reason', 'Clause', 'GPF model / Responsible Supplier'],
      m.devices.map((d) => ({ attrs: { 'data-status': d.status, 'data-device': d.device_id }, cells: [d.line, d.device_id, d.status, d.reason ?? '', d.clause ?? '', d.gpf ? `${d.gpf.model} / ${d.gpf.responsible_supplier ?? 'none'}` : ''] })),
      { 'data-testid': 'devices' }));
  };
  load();
  const pick = (s) => { status = s; start = 0; load(); };
  return [el('figure', { class: 'scroll' }, funnel(r, pick, { width })), devices];
}
