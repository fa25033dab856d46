import { describe, expect, it } from 'vitest';
import { mutateScope } from '../src/scope.mjs';

const measured = ['src/a.ts', 'src/b.ts', 'src/c.ts'];

describe('mutateScope', () => {
  it('adds every measured file to a narrowed run, after the files asked for', () => {
    expect(mutateScope({ requested: 'src/new.ts,src/b.ts', measured })).toEqual({
      mutate: 'src/new.ts,src/b.ts,src/a.ts,src/c.ts',
      added: ['src/a.ts', 'src/c.ts'],
    });
  });

  it('adds nothing when the run already names every measured file, or there is no baseline', () => {
    expect(mutateScope({ requested: 'src/c.ts,src/a.ts,src/b.ts', measured })).toEqual({ mutate: 'src/c.ts,src/a.ts,src/b.ts', added: [] });
    expect(mutateScope({ requested: 'src/a.ts', measured: [] })).toEqual({ mutate: 'src/a.ts', added: [] });
  });

  it('leaves a run of every file (no --mutate) as it is', () => {
    expect(mutateScope({ requested: undefined, measured })).toEqual({ mutate: undefined, added: [] });
  });
});
