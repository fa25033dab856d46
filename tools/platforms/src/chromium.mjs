// Chromium: the suite bundled for the browser by esbuild, served with its page from 127.0.0.1 (another
// origin than the embedded server, so every call is a CORS request), driven by playwright-core.
import { readFile } from 'node:fs/promises';
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
    const bundle = join(project, 'browser.bundle.js');
    await esbuild.build({
      entryPoints: [join(project, 'browser.mjs')],
      absWorkingDir: project,
      outfile: bundle,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'silent',
    });
    const page = await serve({ '/': ['text/html', PAGE], '/bundle.js': ['text/javascript', await readFile(bundle)], '/token': ['text/plain', apiKey] });
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
  const server = createServer((request, response) => {
    const route = routes[new URL(request.url ?? '/', 'http://x').pathname];
    if (!route) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': route[0], 'cache-control': 'no-store' }).end(route[1]);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done(undefined))),
      });
    });
  });
}
