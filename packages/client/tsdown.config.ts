import { defineConfig } from 'tsdown';
import { mergeDtsImportAliases } from './scripts/dts-aliases.mjs';

export default defineConfig({
  entry: ['src/index.ts', 'src/fetch.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  clean: true,
  external: ['@coze/runtime', 'openapi-fetch'],
  // Public signatures name the runtime's types as they are exported, not as `RequestOptions$1`. Added to every
  // build's plugins, including the one that writes the .d.cts files (which `plugins:` does not reach).
  inputOptions: (options) => ({ ...options, plugins: [options.plugins, mergeDtsImportAliases()] }),
});
