import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'es2022',
  clean: true,
  fixedExtension: false,
  deps: { neverBundle: ['@coze/runtime', 'ioredis'] },
  // How long each plugin took is not something to act on here: a slow, shared machine is the usual reason.
  checks: { pluginTimings: false },
});
