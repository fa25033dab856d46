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
 * browser); `options` adds to the build (aliases, plugins, a metafile). Returns esbuild's result.
 */
export function browserBundle(contents, options = {}) {
  return esbuild.build({
    stdin: { contents, resolveDir: benchDir, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
    ...options,
  });
}

/** The bytes one entry ships, minified and gzip -9. */
export async function bundleSize(contents) {
  const code = (await browserBundle(contents)).outputFiles[0].contents;
  return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

export async function runBundles({ log }) {
  const rows = [];
  for (const entry of ENTRIES) {
    try {
      rows.push({ id: entry.id, entry: entry.label, kind: entry.kind, ...(await bundleSize(entry.contents)) });
    } catch (error) {
      log(`  ! bundle ${entry.id}: ${error.message.split('\n')[0]}`);
      rows.push({ id: entry.id, entry: entry.label, kind: entry.kind, minBytes: Number.NaN, gzipBytes: Number.NaN, error: String(error.message) });
    }
  }
  return rows;
}
