// The page's checker worker. It starts what takes longest at once — the module's download and
// compile (one per page: the helpers get the compiled module) and its glue's import — and only
// then loads the checker itself (checker.js and its imports), which picks them up. The page
// posts nothing before the checker says it is ready.
const wasmUrl = new URL('../pkg/sec_rules_bg.wasm', import.meta.url);

self.secRulesCompiled = (async () => {
  try {
    return await WebAssembly.compileStreaming(fetch(wasmUrl));
  } catch {
    // a server that does not send application/wasm
    return WebAssembly.compile(await (await fetch(wasmUrl)).arrayBuffer());
  }
})();
self.secRulesGlue = import(new URL('../pkg/sec_rules.js', import.meta.url).href);
// (a failure to load the checker is the page's 'ready' error: it hears the worker's error event)
import('./checker.js');
