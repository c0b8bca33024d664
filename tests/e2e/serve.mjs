// A static file server for the repository root on 127.0.0.1 (random port), for e2e tests.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

/** `gzip`: compress what a browser accepts compressed, as a real server does (the benchmark's cold loads). */
export async function serve(root, { gzip = false } = {}) {
  const served = []; // every path asked for, in order
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    served.push(url.pathname);
    const path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(path);
      const type = TYPES[extname(path)] ?? 'application/octet-stream';
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && type !== 'image/png') {
        res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip' }).end(gzipSync(body, { level: 6 }));
      } else {
        res.writeHead(200, { 'content-type': type }).end(body);
      }
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, served, origin: `http://127.0.0.1:${server.address().port}` };
}
