// The rule catalogue as a table: all of it, one document's part, or one rule — drawn from the
// page data (no checker module needed); a rule resting on an assumption has its note behind a
// toggle, read from the notes file when first opened.
import { el, table } from './dom.js';
import { notesData } from './data.js';

const period = (p) => (p.from || p.until ? `${p.from ?? ''} – ${p.until ?? ''}` : 'always');

/** What an assumption rests on: the rule's note, and the notes of the assumed dates it uses. */
function assumption(r, data) {
  const box = el('details', { class: 'assumption', 'data-rule': r.id }, el('summary', {}, 'assumption'));
  box.addEventListener('toggle', async () => {
    if (!box.open || box.dataset.filled) return;
    box.dataset.filled = 'true';
    let notes;
    try {
      notes = await notesData();
    } catch (e) {
      box.append(el('p', {}, `The note could not be read (${e.message}).`));
      return;
    }
    if (notes.rules[r.id]) box.append(el('p', {}, notes.rules[r.id]));
    for (const name of r.dates ?? []) {
      const d = data.dates.find((x) => x.name === name);
      if (d?.assumption) box.append(el('p', {}, `Rests on ${d.title} (${d.date}): ${notes.dates[name]}`));
    }
  });
  return box;
}

/** The catalogue (`data`: www/data/rules.json), or one document's part of it, or one rule. */
export function renderCatalogue(data, { document: doc, rule } = {}) {
  const rules = data.rules.filter((r) => (!doc || r.document === doc.toUpperCase()) && (!rule || r.id === rule));
  const head = doc ? ['Rule', 'Clause', 'Title', 'Code', 'In force'] : ['Rule', 'Document', 'Clause', 'Title', 'Code', 'In force'];
  const rows = rules.map((r) => {
    const title = el('span', {}, r.title, r.assumption ? assumption(r, data) : '');
    const cells = [el('code', {}, r.id), r.clause, title, r.response_code ?? '', period(r.in_force)];
    if (!doc) cells.splice(1, 0, r.document);
    return { attrs: { 'data-rule': r.id, 'data-document': r.document }, cells };
  });
  return el('div', { 'data-testid': 'catalogue-table' },
    table(`${rules.length} rule${rules.length === 1 ? '' : 's'}${doc ? ` of ${doc.toUpperCase()}` : ''}`, head, rows, { class: 'catalogue' }),
    doc || rule ? '' : el('p', {}, `${data.srv_count} Service Reference Variants, ${data.srv_critical} critical.`));
}
