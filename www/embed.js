// Embeddable sec-rules for documentation pages: one script, four custom elements, Shadow DOM
// so host styles do not leak in or out (the host's font is inherited). The catalogue, the
// timeline and the journey are drawn from the page data (www/data/, a few KB); the checker
// module (../pkg/) is loaded only when a file is first dropped or chosen on a drop zone.
//
//   <script type="module" src="/www/embed.js"></script>
//   <sec-rules-catalogue document="SRPD"></sec-rules-catalogue>   (or rule="srpd.623.route")
//   <sec-rules-route></sec-rules-route>                            (the 6.23 journey; drop a request on it)
//   <sec-rules-timeline document="ETMAD"></sec-rules-timeline>    (when the rules are in force)
//   <sec-rules-check></sec-rules-check>                            (a small drop zone)
//   users="90-B3-D5-1F-30-01-00-00=IS,GS" on either drop zone gives the User Roles the access checks need;
//   as-of="2024-03-01" its starting as-of date (today by default), which the zone's own date field changes
import { renderCatalogue } from './catalogue-view.js';
import { journey } from './journey.js';
import { timeline } from './timeline.js';
import { rulesData } from './data.js';
import { readDrop } from './drop.js';
import { asOfField, asOfValue, today } from './settings.js';

// the checker, on first use (one load for every drop zone of the page)
let checker = null;
const loadChecker = () => (checker ??= import('./embed-checker.js').then((m) => m.load()));
const styles = new URL('./embed.css', import.meta.url).href;

function shell(host) {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = styles;
  root.replaceChildren(link);
  return root;
}

/** The check options of a drop zone: its `users` attribute and its as-of date field. */
function checkOptions(k, host, box) {
  const { entries } = k.parseUserRoles(host.getAttribute('users') ?? '');
  const o = entries?.length ? { users: k.usersOption(entries) } : {};
  const field = box?.querySelector('input[type=date]');
  const day = field ? asOfField(field) : asOfValue(host.getAttribute('as-of') ?? today());
  if (day.value) o.as_of = day.value;
  return o;
}

// files as bytes, by their path in the drop (File, or a drop's { name, file } / { name, error })
const read = (items) => Promise.all([...items].map(async (f) => {
  if (f.error) return { name: f.name, error: f.error };
  const file = f instanceof Blob ? f : f.file;
  try {
    return { name: f.name ?? file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
  } catch (e) {
    return { name: f.name ?? file.name, error: `cannot be read: ${e.message}` };
  }
}));

/** What a session holds, in a few words: "2 certificates, no context". */
function holds(s, notes) {
  const n = s.size;
  const ctx = notes.some((x) => x.kind === 'context');
  const models = notes.some((x) => x.kind === 'models');
  return `${n} certificate${n === 1 ? '' : 's'}, ${ctx ? 'a context' : 'no context'}${models ? ', a models file' : ''}`;
}

function dropZone(root, host, label, onFiles) {
  const box = document.createElement('div');
  box.className = 'drop';
  const id = `sec-rules-input-${Math.random().toString(36).slice(2)}`;
  box.innerHTML = `<label for="${id}"></label><input id="${id}" type="file" multiple data-testid="embed-input">
    <span class="as-of-field"><label>As of <input type="date" data-testid="embed-as-of" min="1990-01-01" max="2100-12-31" required></label>
    <span class="field-error" role="alert" data-testid="embed-as-of-error"></span></span>
    <p class="holds" data-testid="embed-holds"></p><ul role="status" aria-live="polite"></ul>`;
  box.querySelector('label').textContent = label;
  const date = box.querySelector('input[type=date]');
  const start = asOfValue(host.getAttribute('as-of') ?? '');
  date.value = start.value ?? today();
  // the date is used once complete and valid; otherwise the zone says why, next to it
  const judge = () => { box.querySelector('.field-error').textContent = asOfField(date).error ?? ''; date.setAttribute('aria-invalid', String(Boolean(asOfField(date).error))); };
  date.addEventListener('change', judge);
  date.addEventListener('blur', judge);
  box.querySelector('input[type=file]').addEventListener('change', (e) => onFiles([...e.target.files].map((f) => ({ name: f.webkitRelativePath || f.name, file: f }))));
  box.addEventListener('dragover', (e) => e.preventDefault());
  box.addEventListener('drop', (e) => { e.preventDefault(); readDrop(e.dataTransfer).then(onFiles); });
  root.append(box);
  return box;
}

/** An as-of date being typed is not used: the zone says so instead of checking. */
function dateError(box) {
  const field = box.querySelector('input[type=date]');
  return asOfField(field).error ?? null;
}

/**
 * A drop zone over a session: certificates, a context and models files go into the session
 * (and "Holding …" says what it holds), inputs that cannot be read are listed by their message,
 * and `onDocs(k, session, docs, list, box)` gets the files left to check. The checker (`k`) and
 * the session come with the first drop; until then the zone says it is loading.
 */
function inputsDrop(root, host, label, onDocs) {
  const notes = [];
  let session = null;
  const box = dropZone(root, host, label, async (items) => {
    const list = box.querySelector('ul');
    const holding = box.querySelector('.holds');
    if (!checker) holding.textContent = 'Loading the checker…';
    box.dataset.state = 'loading';
    let k;
    try {
      k = await loadChecker();
    } catch (e) {
      checker = null;
      box.dataset.state = 'failed';
      holding.textContent = `The checker could not be loaded (${e.message}); try again.`;
      return;
    }
    box.dataset.state = 'ready';
    session ??= new k.Session();
    const all = await read(items);
    const unread = all.filter((f) => f.error).map((f) => ({ name: f.name, message: `${f.name}: ${f.error}` }));
    const { docs, notes: n, errors } = k.loadInputs(session, k.classify, all.filter((f) => !f.error));
    errors.push(...unread);
    notes.push(...n);
    holding.textContent = `Holding ${holds(session, notes)}.`;
    // The messages name the file already.
    list.replaceChildren(...errors.map((e) => Object.assign(document.createElement('li'), { textContent: k.wording(e.message) })));
    const bad = dateError(box);
    if (bad && docs.length) {
      list.append(Object.assign(document.createElement('li'), { textContent: `Not checked: the as-of date is not complete. ${bad}` }));
      return;
    }
    onDocs(k, session, docs, list, box);
  });
  return box;
}

class SecRulesCatalogue extends HTMLElement {
  static observedAttributes = ['document', 'rule'];
  connectedCallback() { this.render(); }
  attributeChangedCallback() { if (this.isConnected) this.render(); }
  async render() {
    const data = await rulesData();
    const root = shell(this);
    root.append(renderCatalogue(data, { document: this.getAttribute('document') ?? undefined, rule: this.getAttribute('rule') ?? undefined }));
  }
}

class SecRulesTimeline extends HTMLElement {
  static observedAttributes = ['document', 'as-of'];
  connectedCallback() { this.render(); }
  attributeChangedCallback() { if (this.isConnected) this.render(); }
  async render() {
    const data = await rulesData();
    const root = shell(this);
    const draw = (day) => {
      const focused = root.activeElement?.closest?.('[data-testid=as-of-marker]');
      const fig = document.createElement('figure');
      fig.className = 'scroll';
      fig.append(timeline(data, day, (d) => { this.setAttribute('as-of', d); }, { document: this.getAttribute('document') ?? undefined }));
      root.replaceChildren(root.firstChild, fig);
      if (focused) fig.querySelector('[data-testid=as-of-marker]').focus({ preventScroll: true });
    };
    draw(this.getAttribute('as-of'));
  }
}

class SecRulesRoute extends HTMLElement {
  connectedCallback() {
    const root = shell(this);
    const fig = document.createElement('figure');
    fig.className = 'scroll';
    fig.append(journey(null));
    root.append(fig);
    inputsDrop(root, this, 'Drop a 6.23 request (with its certificates and context) to see its path', (k, s, docs, list, box) => {
      const doc = docs.find((d) => d.kind === 'xml');
      if (!doc) return;
      const r = s.checkFile(doc.name, doc.bytes, checkOptions(k, this, box));
      if (r.service_reference_variant !== '6.23') {
        list.append(Object.assign(document.createElement('li'), { textContent: `${r.file}: not a 6.23 (Update Security Credentials (CoS))${r.service_reference_variant ? `, a ${r.service_reference_variant}` : ''}; the journey is a 6.23's. ${r.verdict} as of ${r.as_of}.` }));
        return;
      }
      fig.replaceChildren(journey(r));
      const li = document.createElement('li');
      li.dataset.verdict = r.verdict;
      li.textContent = k.wording(`${r.file}: ${r.verdict}${r.first_failure ? ` — ${r.first_failure}${r.response_code ? ` (${r.response_code})` : ''}` : ''}`);
      list.append(li);
    });
  }
}

class SecRulesCheck extends HTMLElement {
  connectedCallback() {
    const root = shell(this);
    inputsDrop(root, this, 'Drop or choose files or a folder to check here (nothing is uploaded)', (k, s, docs, list, box) => {
      if (!docs.length) {
        list.append(Object.assign(document.createElement('li'), { textContent: 'Nothing to check yet: these are inputs. Add the requests, ADT or inventory files to check.' }));
      }
      for (const f of docs) {
        const li = document.createElement('li');
        if (k.refusal(f.kind)) {
          li.textContent = `${f.name}: ${k.refusal(f.kind)}`;
          list.append(li);
          continue;
        }
        try {
          const r = s.checkFile(f.name, f.bytes, checkOptions(k, this, box));
          li.dataset.verdict = r.verdict;
          li.dataset.file = r.file;
          const first = r.findings.find((x) => x.rule === r.first_failure);
          let why = first ? ` — ${r.first_failure}${r.response_code ? ` (${r.response_code})` : ''}: ${first.message}` : '';
          const notRun = r.findings.filter((x) => x.outcome === 'not-evaluated' && !x.advisory);
          if (r.verdict === 'incomplete' && r.notes?.[0]?.kind === 'missing-input') why = ` — ${r.notes[0].message}`;
          else if (r.verdict === 'incomplete' && notRun.length) why = ` — ${notRun.length === 1 ? '1 check' : `${notRun.length} checks`} not run: ${notRun[0].message}`;
          else if (r.verdict === 'incomplete' && r.notes?.length) why = ` — ${r.notes[0].message}`;
          if (s.size === 0 && r.kind.startsWith('duis') && r.verdict !== 'accepted') why += ' (no certificates are loaded: drop the SMKI Root, OCA and signer certificates with it)';
          li.textContent = k.wording(`${r.file}: ${r.verdict} as of ${r.as_of}${why}`);
        } catch (e) {
          li.textContent = k.wording(`${f.name}: ${e.message}`);
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
