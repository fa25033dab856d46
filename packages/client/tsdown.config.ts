import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'tsdown';
import { mergeDtsImportAliases } from './scripts/dts-aliases.mjs';

const shared: UserConfig = {
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  deps: { neverBundle: ['@coze/runtime', 'openapi-fetch'] },
  // Public signatures name the runtime's types as they are exported, not as `RequestOptions$1`. Added to every
  // build's plugins, including the one that writes the .d.cts files (which `plugins:` does not reach).
  inputOptions: (options) => ({ ...options, plugins: [options.plugins, mergeDtsImportAliases()] }),
  // How long each plugin took is not something to act on here: a slow, shared machine is the usual reason.
  checks: { pluginTimings: false },
};

// The CommonJS `@coze/client/fetch` imports openapi-fetch through this module, whose require() turns
// a missing optional peer into an error that says what to install. (The ES module build imports it
// statically: catching there would need a top-level await, which breaks IIFE and CommonJS bundles.)
const peerLoader = fileURLToPath(new URL('src/openapi-fetch.cjs.ts', import.meta.url));
const fetchEntry = fileURLToPath(new URL('src/fetch.ts', import.meta.url));

export default defineConfig([
  // ES modules share chunks safely: only fetch.js imports the peer.
  { ...shared, format: 'esm', entry: ['src/index.ts', 'src/fetch.ts'], clean: true },
  // CommonJS builds one entry at a time. Built together, rolldown put its interop helpers into
  // fetch.cjs and made every chunk require it, so `require('@coze/client')` loaded openapi-fetch.
  { ...shared, format: 'cjs', entry: ['src/index.ts'], clean: false },
  {
    ...shared,
    format: 'cjs',
    entry: ['src/fetch.ts'],
    clean: false,
    deps: {
      neverBundle: (id, importer) =>
        id === '@coze/runtime' || (id === 'openapi-fetch' && importer !== fetchEntry),
    },
    plugins: [
      {
        name: 'load-openapi-fetch-with-a-clear-error',
        resolveId: {
          order: 'pre',
          handler: (source, importer) => (source === 'openapi-fetch' && importer === fetchEntry ? peerLoader : null),
        },
      },
    ],
  },
]);
