// The pool of checking workers behind the page's checker: the coordinating worker (checker.js)
// and helpers (check-worker.js) as the cores allow (poolSize), each with its own Session over
// the same inputs and its own verify worker, started from the module the
// coordinator compiled. A check is cut into units in the user's order; DUIS documents go in
// chunks to whichever worker is free, ADT files and inventories to the coordinator in order
// (an accepted ADT file moves the state the next one sees); answers are handed on in the
// user's order, whatever order they come back in.

export const MAX = 8;

/** Lets the thread's waiting messages be handled (a task, not a microtask; no timer clamping). */
export const turn = () => new Promise((resolve) => {
  const c = new MessageChannel();
  c.port1.onmessage = () => { c.port1.close(); resolve(); };
  c.port2.postMessage(0);
});

/**
 * How many checking workers to use: `wanted` (the page's ?workers=), else one per two cores —
 * each checking worker keeps a verify worker of its own busy with the ECDSA, so two cores per
 * checker (on this 2-core machine kind one checker and one verify worker fill both cores: a
 * second pair measured no faster) — within 1..MAX.
 */
export function poolSize(wanted, cores = globalThis.navigator?.hardwareConcurrency ?? 1) {
  const n = Number.isInteger(wanted) && wanted > 0 ? wanted : Math.ceil((cores || 1) / 2);
  return Math.max(1, Math.min(MAX, n));
}

class Helper {
  constructor(module, glue) {
    this.worker = new Worker(new URL('./check-worker.js', import.meta.url), { type: 'module' });
    this.waiting = new Map();
    this.next = 0;
    this.alive = true;
    this.ready = new Promise((resolve) => {
      this.worker.onmessage = ({ data: m }) => {
        if (m.type === 'ready') { if (m.error) this.alive = false; resolve(!m.error); return; }
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.type === 'reports') w?.resolve(m.reports);
        else w?.reject(new Error(m.error));
      };
    });
    const fail = () => {
      this.alive = false;
      for (const w of this.waiting.values()) w.reject(new Error('a checking worker stopped'));
      this.waiting.clear();
    };
    this.worker.onerror = fail;
    this.worker.onmessageerror = fail;
    this.worker.postMessage({ type: 'init', module, glue: glue.href });
  }

  inputs(list, version) { this.worker.postMessage({ type: 'inputs', inputs: list, version }); }

  batch(files, options) {
    return new Promise((resolve, reject) => {
      const id = this.next++;
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'batch', id, files, options });
    });
  }
}

export class Pool {
  /** `size` workers in all: this thread and size - 1 helpers. */
  constructor(module, glue, size) {
    this.helpers = Array.from({ length: size - 1 }, () => new Helper(module, glue));
    this.version = -1;
  }

  get size() { return 1 + this.helpers.filter((h) => h.alive).length; }

  /** Gives every helper the inputs (once per change of them). */
  setInputs(list, version) {
    if (version === this.version) return;
    this.version = version;
    for (const h of this.helpers) h.inputs(list, version);
  }

  /**
   * Runs `units` (`[{ own: boolean, docs }]`, in the user's order): `own(unit)` checks a unit
   * here, `here(docs)` a chunk of DUIS documents here; helpers take chunks. `emit(i, items)`
   * hears each unit's answers in order; `stop()` says when to take no more. Resolves when all
   * handed out are answered.
   */
  async run(units, { own, here, emit, stop, options }) {
    const answers = new Array(units.length);
    let next = 0;
    const flush = () => {
      while (next < units.length && answers[next]) {
        emit(next, answers[next]);
        answers[next] = null;
        next += 1;
      }
    };
    const ownQueue = units.map((u, i) => i).filter((i) => units[i].own);
    const poolQueue = units.map((u, i) => i).filter((i) => !units[i].own);
    const settle = (i, items) => { answers[i] = items; flush(); };
    // this thread: its own units first (in order), then chunks as they come; between two, the
    // thread's messages are heard (a cancel, the helpers' answers), which awaiting work that
    // settles at once would never let in
    const mine = async () => {
      while (!stop()) {
        const i = ownQueue.length ? ownQueue.shift() : poolQueue.shift();
        if (i === undefined) return;
        settle(i, await (units[i].own ? own(units[i]) : here(units[i].docs)));
        await turn();
      }
    };
    const helper = async (h) => {
      if (!(await h.ready)) return;
      while (!stop() && h.alive) {
        const i = poolQueue.shift();
        if (i === undefined) return;
        try {
          settle(i, await h.batch(units[i].docs.map(({ name, file, bytes }) => ({ name, file, bytes })), options));
        } catch {
          // the helper failed: this thread checks the chunk
          settle(i, await here(units[i].docs));
        }
      }
    };
    await Promise.all([mine(), ...this.helpers.map(helper)]);
    // units never handed out (stopped): nothing more to emit
    return next;
  }
}
