// Embeddable sec-rules for documentation pages: one script, four custom elements, Shadow DOM
// so host styles do not leak in or out (the host's font is inherited), the wasm module loaded
// from ../pkg/ next to this file.
//
//   <script type="module" src="/www/embed.js"></script>
//   <sec-rules-catalogue document="SRPD"></sec-rules-catalogue>   (or rule="srpd.623.route")
//   <sec-rules-route></sec-rules-route>                            (the 6.23 journey; drop a request on it)
//   <sec-rules-timeline document="ETMAD"></sec-rules-timeline>    (when the rules are in force)
//   <sec-rules-check></sec-rules-check>                            (a small drop zone)
//   users="90-B3-D5-1F-30-01-00-00=IS,GS" on either drop zone gives the User Roles the access checks need
import init, { catalogue, classify, Session } from '../pkg/sec_rules.js';
import { parseUserRoles, usersOption } from './roles.js';
import { renderCatalogue } from './render.js';
import { journey, timeline } from './diagrams.js';
import { loadInputs } from './inputs.js';

const ready = init(new URL('../pkg/sec_rules_bg.wasm', import.meta.url));
const styles = new URL('./embed.css', import.meta.url).href;

function shell(host) {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = styles;
  root.replaceChildren(link);
  return root;
}

/** The check options of a drop zone: its `users` attribute as the module's `users` option. */
function checkOptions(host) {
  const { entries } = parseUserRoles(host.getAttribute('users') ?? '');
  return entries?.length ? { users: usersOption(entries) } : {};
}

const read = (files) => Promise.all([...files].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));

/** What a session holds, in a few words: "2 certificates, no context". */
function holds(s, notes) {
  const n = s.size;
  const ctx = notes.some((x) => x.kind === 'context');
  const models = notes.some((x) => x.kind === 'models');
  return `${n} certificate${n === 1 ? '' : 's'}, ${ctx ? 'a context' : 'no context'}${models ? ', a models file' : ''}`;
}

function dropZone(root, label, onFiles) {
  const box = document.createElement('div');
  box.className = 'drop';
  const id = `sec-rules-input-${Math.random().toString(36).slice(2)}`;
  box.innerHTML = `<label for="${id}"></label><input id="${id}" type="file" multiple data-testid="embed-input">
    <p class="holds" data-testid="embed-holds"></p><ul role="status" aria-live="polite"></ul>`;
  box.querySelector('label').textContent = label;
  box.querySelector('input').addEventListener('change', (e) => onFiles(e.target.files));
  box.addEventListener('dragover', (e) => e.preventDefault());
  box.addEventListener('drop', (e) => { e.preventDefault(); onFiles(e.dataTransfer.files); });
  root.append(box);
  return box;
}

/**
 * A drop zone over a session: certificates, a context and models files go into the session
 * (and "Holding …" says what it holds), inputs that cannot be read are listed by their message,
 * and `onDocs(docs, list)` gets the files left to check.
 */
function inputsDrop(root, session, label, onDocs) {
  const notes = [];
  const box = dropZone(root, label, async (files) => {
    const { docs, notes: n, errors } = loadInputs(session, classify, await read(files));
    notes.push(...n);
    box.querySelector('.holds').textContent = `Holding ${holds(session, notes)}.`;
    const list = box.querySelector('ul');
    // The messages name the file already.
    list.replaceChildren(...errors.map((e) => Object.assign(document.createElement('li'), { textContent: e.message })));
    onDocs(docs, list);
  });
  return box;
}

class SecRulesCatalogue extends HTMLElement {
  static observedAttributes = ['document', 'rule'];
  connectedCallback() { this.render(); }
  attributeChangedCallback() { if (this.isConnected) this.render(); }
  async render() {
    await ready;
    const root = shell(this);
    root.append(renderCatalogue(catalogue(), { document: this.getAttribute('document') ?? undefined, rule: this.getAttribute('rule') ?? undefined }));
  }
}

class SecRulesTimeline extends HTMLElement {
  static observedAttributes = ['document', 'as-of'];
  connectedCallback() { this.render(); }
  attributeChangedCallback() { if (this.isConnected) this.render(); }
  async render() {
    await ready;
    const root = shell(this);
    const draw = (day) => {
      const fig = document.createElement('figure');
      fig.append(timeline(catalogue(), day, (d) => { this.setAttribute('as-of', d); }, { document: this.getAttribute('document') ?? undefined }));
      root.replaceChildren(root.firstChild, fig);
    };
    draw(this.getAttribute('as-of'));
  }
}

class SecRulesRoute extends HTMLElement {
  async connectedCallback() {
    await ready;
    const root = shell(this);
    const fig = document.createElement('figure');
    fig.append(journey(null));
    root.append(fig);
    const s = new Session();
    inputsDrop(root, s, 'Drop a 6.23 request (with its certificates and context) to see its path', (docs, list) => {
      const doc = docs.find((d) => d.kind === 'xml');
      if (!doc) return;
      const r = s.checkFile(doc.name, doc.bytes, checkOptions(this));
      fig.replaceChildren(journey(r));
      const li = document.createElement('li');
      li.dataset.verdict = r.verdict;
      li.textContent = `${r.file}: ${r.verdict}${r.first_failure ? ` — ${r.first_failure}${r.response_code ? ` (${r.response_code})` : ''}` : ''}`;
      list.append(li);
    });
  }
}

class SecRulesCheck extends HTMLElement {
  async connectedCallback() {
    await ready;
    const root = shell(this);
    const s = new Session();
    inputsDrop(root, s, 'Drop or choose files to check here (nothing is uploaded)', (docs, list) => {
      if (!docs.length) {
        list.append(Object.assign(document.createElement('li'), { textContent: 'Nothing to check yet: these are inputs. Add the requests, ADT or inventory files to check.' }));
      }
      for (const f of docs) {
        const li = document.createElement('li');
        try {
          const r = s.checkFile(f.name, f.bytes, checkOptions(this));
          li.dataset.verdict = r.verdict;
          li.dataset.file = r.file;
          const first = r.findings.find((x) => x.rule === r.first_failure);
          let why = first ? ` — ${r.first_failure}${r.response_code ? ` (${r.response_code})` : ''}: ${first.message}` : '';
          if (r.verdict === 'incomplete' && r.notes?.[0]?.kind === 'missing-input') why = ` — ${r.notes[0].message}`;
          else if (r.verdict === 'incomplete') why = ` — ${r.findings.filter((x) => x.outcome === 'not-evaluated' && !x.advisory).length} checks not run: ${r.findings.find((x) => x.outcome === 'not-evaluated')?.message ?? ''}`;
          if (s.size === 0 && r.kind.startsWith('duis') && r.verdict !== 'accepted') why += ' (no certificates are loaded: drop the SMKI Root, OCA and signer certificates with it)';
          li.textContent = `${r.file}: ${r.verdict}${why}`;
        } catch (e) {
          li.textContent = `${f.name}: ${e.message}`;
        }
        list.append(li);
      }
    });
  }
}

customElements.define('sec-rules-catalogue', SecRulesCatalogue);
customElements.define('sec-rules-timeline', SecRulesTimeline);
customElements.define('sec-rules-route', SecRulesRoute);
customElements.define('sec-rules-check', SecRulesCheck);
