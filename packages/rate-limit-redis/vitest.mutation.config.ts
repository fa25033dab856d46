import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

// What Stryker runs for each mutant (stryker.config.mjs): the tests that load src/. The base config already leaves
// out the multi-process runs (their child processes load dist/); the pack test packs dist/ too: no mutant reaches
// either. mergeConfig appends to the base's exclude list.
export default mergeConfig(base, defineConfig({ test: { exclude: ['test/pack.test.ts'] } }));
