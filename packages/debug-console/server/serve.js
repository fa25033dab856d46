import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consolePage } from './page.js';

const DOCS_BUILD = fileURLToPath(new URL('../../docs/build/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.json': 'application/json; charset=utf-8' };

/**
 * The path a request target asks for, its %-escapes decoded: the target is a path (`/docs/?q`) or, as HTTP lets a
 * client send, a full URL. Undefined for anything else (`*`, `http://[`) and for an escape that decodes to nothing
 * (`/%`, `/%E0%A4%A`), on which decodeURIComponent throws.
 *
 * @example
 * requestPath('/docs/en/?x=1'); // '/docs/en/'
 * requestPath('/%'); // undefined
 *
 * @param {string} target the request line's target, as `req.url` holds it
 */
export function requestPath(target) {
  const absolute = /^https?:\/\//i.test(target);
  if (!absolute && !target.startsWith('/')) return undefined;
  try {
    // A path goes after the origin, not resolved against it: `//x` or `/\x` would otherwise name the host x.
    return decodeURIComponent(new URL(absolute ? target : `http://127.0.0.1${target}`).pathname);
  } catch {
    return undefined;
  }
}

/**
 * Serves the console on 127.0.0.1 with `config` filled in: at `/`, and at `/docs/console/` beside the reference
 * docs at `/docs/` (when they are built), laid out as on the published site so that their "Try it" links work.
 *
 * @param {{ config: import('../src/model.ts').ConsoleConfig, port?: number, host?: string }} options
 * @returns {Promise<{ url: string, docsUrl: string, close: () => Promise<void> }>}
 */
export async function serveConsole({ config, port = 0, host = '127.0.0.1' }) {
  const page = await consolePage(config);
  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  const respond = async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    const path = requestPath(req.url ?? '');
    if (path === undefined) {
      return void res.writeHead(400, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Bad request target');
    }
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
  };
  // The embedded server runs in this process: an error that escaped here would take both down, so it ends this
  // one request instead.
  const server = createServer((req, res) =>
    respond(req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal error');
    }),
  );
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
