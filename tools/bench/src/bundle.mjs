// 3. Bundle size: what each entry costs a browser app, bundled by esbuild (minified, platform
// browser) and compressed with gzip -9. Our entries bundle packages/client/dist, the built package.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const benchDir = fileURLToPath(new URL('..', import.meta.url));

/** The goal of issue 8, in bytes (kB here are 1,000 bytes, as the peers' figures are quoted). */
export const GOAL_CHAT_CREATE_GZIP = 6_000;

const chat = "{ messages: [{ role: 'user', content: 'hi' }] }";

/** Each entry is a tiny app; `kind` pairs rows of the same use across packages. */
export const ENTRIES = [
  {
    id: 'coze-client-chat',
    label: '@coze/client: CozeAPI + chat.create',
    kind: 'chat.create',
    contents: `import { CozeAPI } from '@coze/client';
export const run = () => new CozeAPI({ apiKey: 'k' }).chat.create(${chat});`,
  },
  {
    id: 'coze-client-all',
    label: "@coze/client: export * from '@coze/client'",
    kind: 'everything',
    contents: "export * from '@coze/client';",
  },
  {
    id: 'coze-client-fetch',
    label: '@coze/client/fetch: createFetchClient + POST',
    kind: 'chat.create',
    contents: `import { createFetchClient } from '@coze/client/fetch';
export const run = () => createFetchClient({ apiKey: 'k' }).POST('/chat', { body: ${chat} });`,
  },
  {
    id: 'coze-api-chat',
    label: '@coze/api: CozeAPI + chat.create',
    kind: 'chat.create',
    contents: `import { CozeAPI } from '@coze/api';
export const run = () => new CozeAPI({ token: 'k' }).chat.create({ bot_id: 'b', additional_messages: [{ role: 'user', content: 'hi', content_type: 'text' }] });`,
  },
  {
    id: 'coze-api-all',
    label: "@coze/api: export * from '@coze/api'",
    kind: 'everything',
    contents: "export * from '@coze/api';",
  },
  {
    id: 'openai-chat',
    label: 'openai 6: OpenAI + chat.completions.create',
    kind: 'chat.create',
    contents: `import OpenAI from 'openai';
export const run = () => new OpenAI({ apiKey: 'k', dangerouslyAllowBrowser: true }).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });`,
  },
  {
    id: 'openai-all',
    label: "openai 6: export * from 'openai'",
    kind: 'everything',
    contents: "export * from 'openai';",
  },
  {
    id: 'openapi-fetch',
    label: 'openapi-fetch 0.17 alone: createClient + POST (reference)',
    kind: 'reference',
    contents: `import createClient from 'openapi-fetch';
export const run = () => createClient({ baseUrl: 'https://api.coze.cn/v1' }).POST('/chat', { body: ${chat} });`,
  },
];

/**
 * Bundles one entry's source the way a browser app would ship it (esbuild, minified, platform
 * browser, ES modules split at dynamic imports, as an app's bundler splits them); `options` adds to
 * the build (aliases, plugins). Returns esbuild's result, with its metafile.
 */
export function browserBundle(contents, options = {}) {
  return esbuild.build({
    stdin: { contents, resolveDir: benchDir, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    outdir: 'out',
    metafile: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
    ...options,
  });
}

/**
 * The output files a page loads before it runs the entry (the entry's chunk and, transitively, the
 * chunks it imports statically), and the ones it loads only when code behind a dynamic import runs.
 */
export function splitOutputs(result) {
  const outputs = result.metafile.outputs;
  const byPath = new Map(result.outputFiles.map((file) => [file.path.slice(file.path.lastIndexOf('/out/') + 1), file]));
  const entry = Object.keys(outputs).find((path) => outputs[path].entryPoint !== undefined);
  const upFront = new Set();
  const visit = (path) => {
    if (upFront.has(path)) return;
    upFront.add(path);
    for (const imported of outputs[path].imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  const files = (paths) => paths.map((path) => byPath.get(path)).filter(Boolean);
  return { entry, upFront: files([...upFront]), lazy: files(Object.keys(outputs).filter((path) => !upFront.has(path) && !path.endsWith('.map'))) };
}

/** The files' total gzip bytes, each file compressed on its own (as a server sends them). */
export const gzipOf = (files) => files.reduce((total, file) => total + gzipSync(file.contents, { level: 9 }).length, 0);
/** The files' total (minified) bytes. */
export const minOf = (files) => files.reduce((total, file) => total + file.contents.length, 0);

/**
 * The bytes one entry ships, minified and gzip -9 (each file on its own, as a server sends it):
 * `minBytes`/`gzipBytes` what the page loads up front, `lazyMinBytes`/`lazyGzipBytes` what it
 * loads only when a dynamically imported part runs (0 when nothing is split off).
 */
export async function bundleSize(contents) {
  const { upFront, lazy } = splitOutputs(await browserBundle(contents));
  return { minBytes: minOf(upFront), gzipBytes: gzipOf(upFront), lazyMinBytes: minOf(lazy), lazyGzipBytes: gzipOf(lazy) };
}

export async function runBundles({ log }) {
  const rows = [];
  for (const entry of ENTRIES) {
    try {
      rows.push({ id: entry.id, entry: entry.label, kind: entry.kind, ...(await bundleSize(entry.contents)) });
    } catch (error) {
      log(`  ! bundle ${entry.id}: ${error.message.split('\n')[0]}`);
      rows.push({ id: entry.id, entry: entry.label, kind: entry.kind, minBytes: Number.NaN, gzipBytes: Number.NaN, lazyMinBytes: Number.NaN, lazyGzipBytes: Number.NaN, error: String(error.message) });
    }
  }
  return rows;
}
