// SVG helpers shared by the pictures (journey, charts, timeline): elements, a frame that is
// never drawn smaller than its own size, and text kept within its box.
//
// Every picture fits: text is measured (estimated from its size) and shortened with "…" where
// it would leave its box, the whole text then in a <title>; a chart has one scale; charts are
// drawn for the width they are given (a phone's), and no picture is drawn smaller than its own
// size (the journey, wider than a phone, scrolls sideways), so its text is at least 11 px.

const NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

// an interactive diagram is a group of controls; a static one is an image
export function frame(width, height, title, testid, interactive = false) {
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: interactive ? 'group' : 'img', 'aria-label': title, class: 'diagram', 'data-testid': testid });
  // (CSSOM, which the page's Content-Security-Policy allows, unlike a style attribute)
  root.style.minWidth = `${width}px`;
  root.style.maxWidth = `${Math.round(width * 1.25)}px`;
  root.append(svg('title', {}, title));
  return root;
}

// A generous estimate of a text's width (system-ui): wider than it renders, so text kept
// within an estimate stays within its box.
export const widthOf = (text, size = 12, bold = false) => String(text).length * size * (bold ? 0.62 : 0.56);

/** A text element no wider than `max` units: shortened with "…", the whole text in its title. */
export function label(text, max, attrs, size = 12, bold = false) {
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
