// The checker behind the embeds' drop zones, loaded on the first drop or pick (a documentation
// page that only shows the catalogue, the timeline and the journey never downloads it).
import init, { classify, Session } from '../pkg/sec_rules.js';
import { parseUserRoles, usersOption } from './roles.js';
import { loadInputs, refusal } from './inputs.js';
import { wording } from './render.js';

/** The module, instantiated, with what the drop zones need of it. */
export async function load() {
  await init({ module_or_path: new URL('../pkg/sec_rules_bg.wasm', import.meta.url) });
  return { classify, Session, parseUserRoles, usersOption, loadInputs, refusal, wording };
}
