// Chromium: the suite bundled for the browser by esbuild, split at dynamic imports as an app's bundler
// splits it, served with its page from 127.0.0.1 (another origin than the embedded server, so every call is
// a CORS request), driven by playwright-core.
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium as playwright } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Headless as root, and nothing that reaches for hosts beyond this machine.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PAGE = '<!doctype html><meta charset="utf-8"><title>smoke</title><script type="module" src="/bundle.js"></script>';

/** @type {import('./runtimes.mjs').Runtime} */
export const chromium = {
  name: 'Chromium',
  binary: () => CHROMIUM,
  version: async (binary) => {
    const browser = await playwright.launch({ executablePath: binary, args: FLAGS });
    try {
      return browser.version();
    } finally {
      await browser.close();
    }
  },
  run: async (binary, { project, baseURL, apiKey }) => {
    const out = join(project, 'browser-bundle');
    await esbuild.build({
      entryPoints: { bundle: join(project, 'browser.mjs') },
      absWorkingDir: project,
      outdir: out,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'silent',
    });
    /** @type {Record<string, [string, string | Buffer]>} */
    const routes = { '/': ['text/html', PAGE], '/token': ['text/plain', apiKey] };
    for (const file of await readdir(out)) routes[`/${file}`] = ['text/javascript', await readFile(join(out, file))];
    const page = await serve(routes);
    const browser = await playwright.launch({ executablePath: binary, args: FLAGS });
    try {
      const tab = await browser.newPage();
      /** @type {string[]} */
      const problems = [];
      tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      await tab.goto(`${page.url}/?baseURL=${encodeURIComponent(baseURL)}`);
      const done = await tab
        .waitForFunction(() => /** @type {any} */ (globalThis).smokeResults, undefined, { timeout: 90_000 })
        .then(() => true, () => false);
      const results = done ? await tab.evaluate(() => /** @type {any} */ (globalThis).smokeResults) : [];
      // The suite streams: the stream reader is a chunk of its own that the page fetched when it first read one.
      const chunks = page.requested.filter((path) => path !== '/bundle.js' && path.endsWith('.js'));
      results.push({ name: 'the stream reader came in a chunk of its own', ok: chunks.some((path) => /event-stream/.test(path)), detail: `fetched ${[...new Set(page.requested)].join(', ')}` });
      if (!done || problems.length) results.push({ name: 'the page ran without errors', ok: false, detail: problems.join('; ') || 'no results' });
      return results;
    } finally {
      await browser.close();
      await page.close();
    }
  },
  // Chromium tells pages only its major version (a reduced User-Agent: 142.0.0.0).
  identity: (version) => ({ header: 'x-coze-client', platform: new RegExp(`^chrome ${version.split('.')[0]}\\.[\\d.]+; linux$`) }),
};

/**
 * A static server on 127.0.0.1 for the page, its bundle and its backend's token endpoint.
 *
 * @param {Record<string, [string, string | Buffer]>} routes
 */
function serve(routes) {
  /** @type {string[]} */
  const requested = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    requested.push(path);
    const route = routes[path];
    if (!route) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': route[0], 'cache-control': 'no-store' }).end(route[1]);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve({
        url: `http://127.0.0.1:${port}`,
        requested,
        close: () => new Promise((done) => server.close(() => done(undefined))),
      });
    });
  });
}
