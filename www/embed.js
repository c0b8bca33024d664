// Embeddable sec-rules for documentation pages: one script, two custom elements, Shadow DOM so
// host styles do not leak in or out, the wasm module loaded from ../pkg/ next to this file.
//
//   <script type="module" src="/www/embed.js"></script>
//   <sec-rules-catalogue document="SRPD"></sec-rules-catalogue>      (or rule="srpd.623.route")
//   <sec-rules-check></sec-rules-check>                                (a small drop zone)
import init, { catalogue, classify, Session } from '../pkg/sec_rules.js';
import { renderCatalogue } from './render.js';
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

class SecRulesCheck extends HTMLElement {
  async connectedCallback() {
    await ready;
    const root = shell(this);
    const box = document.createElement('div');
    box.className = 'drop';
    const id = `sec-rules-input-${Math.random().toString(36).slice(2)}`;
    box.innerHTML = `<label for="${id}">Drop or choose files to check here (nothing is uploaded)</label>
      <input id="${id}" type="file" multiple data-testid="embed-input"><ul role="status" aria-live="polite"></ul>`;
    root.append(box);
    const list = box.querySelector('ul');
    const run = async (files) => {
      const s = new Session();
      const loaded = await Promise.all([...files].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
      const { docs, errors } = loadInputs(s, classify, loaded);
      // The messages name the file already.
      list.replaceChildren(...errors.map((e) => Object.assign(document.createElement("li"), { textContent: e.message })));
      for (const f of docs) {
        const li = document.createElement('li');
        try {
          const r = s.checkFile(f.name, f.bytes, {});
          li.dataset.verdict = r.verdict;
          li.dataset.file = r.file;
          li.textContent = `${r.file}: ${r.verdict}${r.first_failure ? ` — first failure ${r.first_failure}${r.response_code ? ` (${r.response_code})` : ''}` : ''}`;
        } catch (e) {
          li.textContent = `${f.name}: ${e.message}`;
        }
        list.append(li);
      }
      s.free();
    };
    box.querySelector('input').addEventListener('change', (e) => run(e.target.files));
    box.addEventListener('dragover', (e) => e.preventDefault());
    box.addEventListener('drop', (e) => { e.preventDefault(); run(e.dataTransfer.files); });
  }
}

customElements.define('sec-rules-catalogue', SecRulesCatalogue);
customElements.define('sec-rules-check', SecRulesCheck);
