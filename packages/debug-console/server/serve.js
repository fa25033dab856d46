import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consolePage } from './page.js';

const DOCS_BUILD = fileURLToPath(new URL('../../docs/build/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.json': 'application/json; charset=utf-8' };

/**
 * Serves the console on 127.0.0.1 with `config` filled in: at `/`, and at `/docs/console/` beside the reference
 * docs at `/docs/` (when they are built), laid out as on the published site so that their "Try it" links work.
 *
 * @param {{ config: import('../src/model.ts').ConsoleConfig, port?: number, host?: string }} options
 * @returns {Promise<{ url: string, docsUrl: string, close: () => Promise<void> }>}
 */
export async function serveConsole({ config, port = 0, host = '127.0.0.1' }) {
  const page = await consolePage(config);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (path === '/' || path === '/index.html' || path === '/docs/console/' || path === '/docs/console/index.html') {
      return void res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] }).end(page);
    }
    if (path.startsWith('/docs/')) {
      const file = normalize(join(DOCS_BUILD, path.slice('/docs/'.length), path.endsWith('/') ? 'index.html' : ''));
      if (file.startsWith(DOCS_BUILD.replace(/[\\/]$/, sep))) {
        try {
          const body = await readFile(file);
          return void res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
        } catch {
          // Not built, or no such file: a 404 below.
        }
      }
    }
    res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  });
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://${host}:${address.port}/`;
  return {
    url,
    docsUrl: `${url}docs/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
