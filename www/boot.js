// Starts the page's checker at once, before the page's own modules are in: the worker fetches
// and compiles the module while they load (a first visit over a slow network waits once, not
// twice). Its messages are kept until app.js listens. ?workers=N and ?warm=N on the page's URL
// are passed on to it (the size of the checking pool; the warm-up's length).
const url = new URL('./worker.js', import.meta.url);
const params = new URLSearchParams(location.search);
for (const k of ['workers', 'warm']) if (params.has(k)) url.searchParams.set(k, params.get(k));
const worker = new Worker(url, { type: 'module' });
const early = [];
worker.onmessage = (e) => early.push(e);
globalThis.secRulesChecker = { worker, early };
