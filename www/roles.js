// "Your User IDs and roles": what a user types, read as the module's `users` option
// ({ "<User ID>": ["IS", ...] }). The same rules as `sec-check --user ID=ROLES`: a User ID is an
// EUI-64 (dashed, or 16 hex digits), roles are SEC User Role codes, in either case.
export const ROLE_CODES = ['IS', 'ES', 'GS', 'ED', 'GT', 'RSA', 'OU'];

const dashed = (hex) => hex.toUpperCase().match(/../g).join('-');

/** One User ID in its dashed upper-case form, or null. */
export function userId(text) {
  const t = text.trim();
  if (/^[0-9A-Fa-f]{16}$/.test(t)) return dashed(t);
  if (/^[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){7}$/.test(t)) return t.toUpperCase();
  return null;
}

/**
 * Reads "ID=ROLE,ROLE; ID=ROLE": `{ entries: [{ id, roles }] }`, or `{ error }` naming the part
 * that is wrong. Empty text is no entry.
 */
export function parseUserRoles(text) {
  const entries = [];
  for (const part of text.split(/[;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) return { error: `“${part}”: write a User ID, “=”, then its roles, e.g. 90-B3-D5-1F-30-01-00-00=IS,GS` };
    const id = userId(part.slice(0, eq));
    if (!id) return { error: `“${part.slice(0, eq).trim()}” is not a User ID (an EUI-64 such as 90-B3-D5-1F-30-01-00-00)` };
    const codes = part.slice(eq + 1).split(',').map((c) => c.trim()).filter(Boolean);
    if (!codes.length) return { error: `no User Role given for ${id}: give at least one of ${ROLE_CODES.join(', ')}` };
    const roles = [];
    for (const c of codes) {
      const code = ROLE_CODES.find((r) => r === c.toUpperCase());
      if (!code) return { error: `“${c}” is not a SEC User Role code: use ${ROLE_CODES.join(', ')}` };
      if (!roles.includes(code)) roles.push(code);
    }
    entries.push({ id, roles });
  }
  return { entries };
}

/** Entries merged by User ID, as the `users` option. */
export function usersOption(entries) {
  const users = {};
  for (const { id, roles } of entries) users[id] = [...new Set([...(users[id] ?? []), ...roles])];
  return users;
}
