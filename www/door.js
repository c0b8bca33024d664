// The checker behind a door that no single file can break (issue 27). A Rust panic in the
// module is a trap (`RuntimeError: unreachable`): the instance cannot be used again, and a trap
// inside checkBatch's asynchronous part never settles its promise — it surfaces as an uncaught
// error instead. The door instantiates the module from a compiled WebAssembly.Module, races
// every call against such a trap, reads `lastPanic()` (which file, what message) from the
// trapped instance, replaces the instance with a fresh one (a new copy of the JS glue, so
// nothing of the old state is reused), gives the file an error result and checks the others.
// Used by the page's worker; usable by any embedding page or a node script.

const defaultGlue = new URL('../pkg/sec_rules.js', import.meta.url);

/** A trap of the module, with what the trapped instance said about it. */
export class Trapped extends Error {
  constructor(cause, panic) {
    super(`the checker stopped with an internal error${panic?.message ? ` (${panic.message})` : ''}`);
    this.name = 'Trapped';
    this.cause = cause;
    this.file = panic?.file ?? null;
  }
}

const isTrap = (e) => e instanceof WebAssembly.RuntimeError || e?.name === 'RuntimeError';

// every trap reported as uncaught on this thread, whoever listens
const listeners = new Set();
const heard = (e) => {
  if (!isTrap(e) || listeners.size === 0) return false;
  for (const l of listeners) l(e);
  return true;
};
if (typeof process !== 'undefined' && process.on && typeof window === 'undefined' && typeof importScripts === 'undefined') {
  process.on('uncaughtException', (e) => { if (!heard(e)) throw e; });
  process.on('unhandledRejection', (e) => { if (!heard(e)) throw e; });
} else if (typeof addEventListener === 'function') {
  addEventListener('error', (ev) => { if (heard(ev.error)) ev.preventDefault(); });
  addEventListener('unhandledrejection', (ev) => { if (heard(ev.reason)) ev.preventDefault(); });
}

export class Door {
  /** `module`: the compiled WebAssembly.Module; `glue`: the URL of pkg/sec_rules.js. */
  constructor(module, glue = defaultGlue) {
    this.module = module;
    this.glue = new URL(glue);
    this.generation = 0;
    this.api = null;
    this.traps = 0;
    this.turn = Promise.resolve();
  }

  /** Instantiates (again): a fresh copy of the glue module, a fresh instance. */
  async open() {
    clearTimeout(this.spareTimer);
    let api;
    try {
      api = await (this.spare ?? this.glueCopy(this.generation));
    } catch {
      api = await this.glueCopy(this.generation);
    }
    this.generation += 1;
    await api.default({ module_or_path: this.module });
    this.api = api;
    // the next copy is fetched soon, while the network is there (a page may go offline), but
    // not on a first load's critical path; a trap before then imports it at once
    this.spare = null;
    const next = this.generation;
    this.spareTimer = setTimeout(() => {
      this.spare = this.glueCopy(next);
      this.spare.catch(() => {});
    }, 3000);
    this.spareTimer?.unref?.(); // (node: no process kept alive for it)
    return api;
  }

  /** A copy of the glue of its own (the first is the glue itself). */
  glueCopy(generation) {
    const url = new URL(this.glue);
    if (generation > 0) url.searchParams.set('instance', String(generation));
    return import(url.href);
  }

  /**
   * Runs `fn(api)`; a trap — thrown, or reported as uncaught while the call is pending — is
   * a `Trapped` error naming the file, after the instance is replaced.
   */
  call(fn) {
    // one call at a time: a trap replaces the instance under every pending call, so calls
    // from several places of one thread (a batch, a warm-up, an inventory) wait their turn
    const run = this.turn.then(() => this.callNow(fn));
    this.turn = run.catch(() => {});
    return run;
  }

  async callNow(fn) {
    let onTrap;
    const trapped = new Promise((_, reject) => { onTrap = reject; });
    listeners.add(onTrap);
    try {
      return await Promise.race([Promise.resolve().then(() => fn(this.api)), trapped]);
    } catch (e) {
      if (!isTrap(e)) throw e;
      let panic = null;
      try { panic = this.api.lastPanic(); } catch { /* the instance cannot say */ }
      this.traps += 1;
      await this.open();
      throw new Trapped(e, panic);
    } finally {
      listeners.delete(onTrap);
    }
  }

  /**
   * `session(api)` makes a Session holding the inputs; the files are checked with its
   * checkBatch, and `after(session)`, when given, sees the session once its files are checked
   * (before it is freed). Resolves to one entry per file, in order: its report, or
   * `{ file, error }` — for a file the module could not read (as checkBatch gives) and for a
   * file on which it trapped. A trap loses no other file. With `keep`, the session is not
   * freed after the batch (the caller keeps it for the next one, and frees it).
   */
  async checkBatch(files, options, session, after = () => {}, { keep = false } = {}) {
    const out = new Array(files.length);
    const run = async (idx) => {
      if (idx.length === 0) return;
      try {
        const reports = await this.call(async (api) => {
          const s = session(api);
          try {
            const reports = await s.checkBatch(idx.map((i) => files[i]), options);
            after(s);
            return reports;
          } finally {
            // a kept session is the caller's to free (it outlives this batch)
            if (!keep) try { s.free(); } catch { /* trapped */ }
          }
        });
        reports.forEach((r, k) => { out[idx[k]] = r; });
      } catch (e) {
        if (!(e instanceof Trapped)) throw e;
        const at = idx.findIndex((i) => files[i].name === e.file);
        if (at >= 0 || idx.length === 1) {
          const culprit = at >= 0 ? at : 0;
          out[idx[culprit]] = { file: files[idx[culprit]].name, error: `not checked: ${e.message}; this is a bug in sec-rules, please report it with the file. The other files were checked` };
          await run(idx.filter((_, k) => k !== culprit));
        } else {
          // the trapped instance could not say which file: halve until it is found
          const half = Math.ceil(idx.length / 2);
          await run(idx.slice(0, half));
          await run(idx.slice(half));
        }
      }
    };
    await run(files.map((_, i) => i));
    return out;
  }
}
