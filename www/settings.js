// The page's settings as typed, read strictly: a value is used only when it is complete and
// valid; otherwise the field says why and the checks keep the last value that was. Pure
// functions (no DOM), shared by the page and its tests.

/** The years an as-of date may fall in: the rules' own span, with room either side. */
export const YEARS = { from: 1990, to: 2100 };

const COMPLETE = 'Give a complete date: day, month and year.';

/** Reads an as-of date "YYYY-MM-DD": `{ value }` or `{ error }`. */
export function asOfValue(text) {
  const t = String(text ?? '').trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (!m) return { error: COMPLETE };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(0);
  day.setUTCFullYear(y, mo - 1, d); // (Date.UTC reads years 0–99 as 1900–1999)
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return { error: `${t} is not a date in the calendar.` };
  if (y < YEARS.from || y > YEARS.to) return { error: `Give a year from ${YEARS.from} to ${YEARS.to}: ${y} is outside the rules' span.` };
  return { value: t };
}

/** Reads a date input (whose value is empty while what is typed is incomplete or invalid). */
export function asOfField(input) {
  if (input.validity?.badInput || input.value === '') return { error: COMPLETE };
  return asOfValue(input.value);
}

/** Reads a day's count of 6.23s: empty is none, else a whole number from 0. */
export function cosCountValue(text) {
  const t = String(text ?? '').trim();
  if (t === '') return { value: null };
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t))) return { error: `A count is a whole number, 0 or more: “${t}” is not one.` };
  return { value: Number(t) };
}

/** Today, in the user's own time zone, as YYYY-MM-DD. */
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
