// A static file server on 127.0.0.1 for the browser tests and the web demo:
// serves a folder with the MIME types a page needs (application/wasm,
// text/javascript), optionally with the COOP/COEP headers that make a page
// cross-origin isolated, plus a few fixed routes and POST callbacks.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json',
  '.css': 'text/css', '.png': 'image/png', '.jpg': 'image/jpeg',
};

// Resolves with { url, close() } once listening on `port` (default: any
// free one).
export async function startServer({ root, isolated = false, routes = {},
                                    onPost = () => {}, port = 0 }) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const headers = {};
    if (isolated) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (req.method === 'POST') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      res.writeHead(204, headers).end();
      onPost(path, Buffer.concat(chunks).toString());
      return;
    }
    if (routes[path]) {
      const { type, body } = routes[path]();
      res.writeHead(200, { ...headers, 'Content-Type': type }).end(body);
      return;
    }
    const file = normalize(join(base, path));
    try {
      if (!file.startsWith(base + sep)) throw new Error('outside the root');
      const info = await stat(file);
      const target = info.isDirectory() ? join(file, 'index.html') : file;
      const body = await readFile(target);
      res.writeHead(200, { ...headers, 'Content-Type':
        TYPES[extname(target)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  return { url: `http://127.0.0.1:${server.address().port}`,
           close: () => server.close() };
}
