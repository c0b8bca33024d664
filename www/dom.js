// DOM helpers shared by the page, its result views and the documentation embeds.

export const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'for' || k === 'scope') e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children.flat()) if (c != null && c !== false) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
};

/** A table whose cells carry their column's label (shown above the value on a phone). */
export function table(caption, head, rows, attrs = {}) {
  const t = el('table', attrs, el('caption', {}, caption), el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))));
  const body = el('tbody');
  for (const cells of rows) {
    const { attrs: rowAttrs = {}, cells: list } = Array.isArray(cells) ? { cells } : cells;
    body.append(el('tr', rowAttrs, ...list.map((c, i) => el('td', { 'data-label': head[i] }, c))));
  }
  t.append(body);
  return t;
}
