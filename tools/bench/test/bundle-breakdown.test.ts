// The breakdown behind the size budget's comments (`pnpm --filter @coze/bench bundle:breakdown`): it must
// account for every byte of the bundle, and put every module of ours in a named group, or its figures mislead.
import { describe, expect, it } from 'vitest';
import { breakdown } from '../src/bundle-breakdown.mjs';
import { ENTRIES } from '../src/bundle.mjs';

describe('bundle breakdown', () => {
  it('splits the chat.create bundle into module groups that add up and leave no module of ours unnamed', async () => {
    const entry = ENTRIES.find((candidate: { id: string }) => candidate.id === 'coze-client-chat')!;
    const { minBytes, groups, modules } = await breakdown(entry.contents);
    const sum = (rows: Array<{ minBytes: number }>) => rows.reduce((total, row) => total + row.minBytes, 0);
    expect(sum(modules)).toBe(sum(groups));
    // esbuild's own glue is all that the modules leave out: its helpers, and the import and export lists between
    // the entry and the chunk it shares with the stream reader (about 500 B; a module left out would be more).
    expect(minBytes - sum(modules)).toBeGreaterThanOrEqual(0);
    expect(minBytes - sum(modules)).toBeLessThan(700);
    const other = groups.find((group: { name: string }) => group.name === 'other');
    expect(other?.minBytes ?? 0, 'only the entry itself is outside the groups').toBeLessThan(200);
    expect(modules.map((module: { path: string }) => module.path)).toContain('packages/runtime/src/transport.ts');
    // The client's version comes in alone, as in the built package: not the whole package.json.
    expect(modules.find((module: { path: string }) => module.path.endsWith('package.json'))?.minBytes).toBeLessThan(100);
  });
});
