import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'es2022',
  clean: true,
  fixedExtension: false,
  external: ['@coze/runtime', 'ioredis'],
});
