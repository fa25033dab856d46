import { defineConfig } from 'vitest/config';

// The multi-process runs (4 and 8 child processes sharing one quota, and Redis killed mid-run) in a group of
// their own, after every other project's tests: what they assert — no 429 at all — depends on each process
// getting a CPU soon after Redis lets its request go, which the rest of the suite running at the same time on two
// cores would make a matter of luck.
export default defineConfig({
  test: {
    name: 'rate-limit-redis:processes',
    include: ['test/multi-process.test.ts'],
    sequence: { groupOrder: 1 },
    // The runs take as long as the quota they share: 200 calls at 10/s is 19.5 s, 400 is 39.5 s.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
