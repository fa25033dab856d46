import { describe, expect, it } from 'vitest';
import { formatTable } from '../src/matrix.mjs';

describe('formatTable', () => {
  it('prints runtime, version and passed/failed, then each failure with the first lines of its detail', () => {
    const table = formatTable([
      { runtime: 'Node 22', version: '22.23.5', seconds: 2.71, checks: [{ name: 'a', ok: true }] },
      { runtime: 'Deno', version: '2.9.6', seconds: 60.2, checks: [{ name: 'a', ok: true }, { name: 'abort', ok: false, detail: 'hung\nline 2' }] },
    ]);
    expect(table).toBe(
      [
        '| runtime | version | result | checks | time   |',
        '| ------- | ------- | ------ | ------ | ------ |',
        '| Node 22 | 22.23.5 | passed | 1/1    | 2.7 s  |',
        '| Deno    | 2.9.6   | FAILED | 1/2    | 60.2 s |',
        '  Deno: ✗ abort — hung\n    line 2',
        'runtimes: 1 of 2 passed every check',
      ].join('\n'),
    );
  });
});
