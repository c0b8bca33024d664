// The data the page and the embeds draw from without the checker module (www/data/, written
// from the same catalogue as the module by `cargo run --example page_data`): the rules' table
// at once, their notes when one is first opened.
const at = (name) => new URL(`./data/${name}`, import.meta.url);
const cache = new Map();
const load = (name) => {
  if (!cache.has(name)) cache.set(name, fetch(at(name)).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${name}: HTTP ${r.status}`)))));
  return cache.get(name);
};

/** `{ version, rules, dates, srv_count, srv_critical }` */
export const rulesData = () => load('rules.json');

/** `{ rules: { id: note }, dates: { name: note } }` */
export const notesData = () => load('notes.json');
