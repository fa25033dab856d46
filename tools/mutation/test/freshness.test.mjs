import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PACKAGES } from '../src/packages.mjs';
import { describeStale, readTextOrUndefined, staleFiles } from '../src/freshness.mjs';

const baseline = {
  files: { 'src/a.ts': { source: 'a1' }, 'src/b.ts': { source: 'b1' }, 'src/gone.ts': { source: 'g1' } },
  testFiles: { 'test/a.test.ts': { source: 'ta1' }, 'test/b.test.ts': { source: 'tb1' }, 'test/old.test.ts': { source: 'to1' } },
};
const disk = { 'src/a.ts': 'a1', 'src/b.ts': 'b2', 'test/a.test.ts': 'ta2', 'test/b.test.ts': 'tb1', 'test/new.test.ts': 'tn1' };

describe('staleFiles', () => {
  it('lists changed and removed files, sources and tests apart, and not the unchanged or the never measured', () => {
    expect(staleFiles(baseline, (path) => disk[path])).toEqual({
      sources: ['src/b.ts', 'src/gone.ts'],
      tests: ['test/a.test.ts', 'test/old.test.ts'],
    });
  });

  it('is empty for a baseline of the code as it is, and for one without test files', () => {
    const current = { ...disk, 'src/b.ts': 'b1', 'src/gone.ts': 'g1', 'test/a.test.ts': 'ta1', 'test/old.test.ts': 'to1' };
    expect(staleFiles(baseline, (path) => current[path])).toEqual({ sources: [], tests: [] });
    expect(staleFiles({ files: { 'src/a.ts': { source: 'a1' } } }, (path) => disk[path])).toEqual({ sources: [], tests: [] });
  });

  it('names each stale file under its package', () => {
    expect(describeStale('packages/runtime', { sources: ['src/b.ts'], tests: ['test/a.test.ts'] })).toEqual([
      'packages/runtime/src/b.ts (source)',
      'packages/runtime/test/a.test.ts (tests)',
    ]);
  });
});

// The committed baselines themselves: CI's incremental run reuses them whole only if they describe the code as it is.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe.each(PACKAGES)('the committed baseline of packages/%s', (name) => {
  it('was measured on the code and tests as they are (else run `pnpm test:mutation` and commit its mutation/ folder)', () => {
    const dir = `${ROOT}packages/${name}/`;
    const baselineFile = readTextOrUndefined(`${dir}mutation/stryker-incremental.json`);
    expect(baselineFile, `packages/${name}/mutation/stryker-incremental.json`).toBeDefined();
    const stale = staleFiles(JSON.parse(baselineFile), (path) => readTextOrUndefined(dir + path));
    expect(describeStale(`packages/${name}`, stale)).toEqual([]);
  });
});
