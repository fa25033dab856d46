import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'main', testTimeout: 120_000 },
});
