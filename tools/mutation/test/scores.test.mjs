import { describe, expect, it } from 'vitest';
import { fileScores, formatScore, gateFailures, markdownTable, totals } from '../src/scores.mjs';

const mutants = (counts) => Object.entries(counts).flatMap(([status, n]) => Array.from({ length: n }, () => ({ status })));

const report = {
  files: {
    'src/retry.ts': { mutants: mutants({ Killed: 17, Timeout: 1, Survived: 2, Ignored: 3 }) },
    'src/auth.ts': { mutants: mutants({ Killed: 80, Timeout: 9, Survived: 10, NoCoverage: 1, CompileError: 4 }) },
    'src/types.ts': { mutants: [] },
  },
};

describe('fileScores', () => {
  it('counts timeouts as killed, leaves equivalent (Ignored) and erroring mutants out of the score', () => {
    expect(fileScores(report)).toEqual([
      { file: 'src/auth.ts', mutants: 104, killed: 89, survived: 10, noCoverage: 1, equivalent: 0, errors: 4, score: 89 },
      { file: 'src/retry.ts', mutants: 23, killed: 18, survived: 2, noCoverage: 0, equivalent: 3, errors: 0, score: 90 },
      { file: 'src/types.ts', mutants: 0, killed: 0, survived: 0, noCoverage: 0, equivalent: 0, errors: 0, score: null },
    ]);
  });

  it('sums the files, with the score over every judged mutant', () => {
    expect(totals(fileScores(report))).toEqual({
      mutants: 127,
      killed: 107,
      survived: 12,
      noCoverage: 1,
      equivalent: 3,
      errors: 4,
      score: (100 * 107) / 120,
    });
  });
});

describe('the gate', () => {
  it('fails a file below 90% by name, passes one at exactly 90% and one with nothing to judge', () => {
    expect(gateFailures(fileScores(report))).toEqual([
      'src/auth.ts: 89.0% of its mutants killed, below 90% (10 survived, 1 without coverage)',
    ]);
  });

  it('never rounds a failing score up to the threshold', () => {
    const almost = { files: { 'src/a.ts': { mutants: mutants({ Killed: 8999, Survived: 1001 }) } } };
    const [row] = fileScores(almost);
    expect(formatScore(row.score)).toBe('89.9%');
    expect(gateFailures([row])).toHaveLength(1);
    expect(formatScore(null)).toBe('n/a');
  });
});

it('writes the table the closing note uses, with a total line', () => {
  expect(markdownTable(fileScores(report)).split('\n')).toEqual([
    '| file | killed (incl. timeouts) | survived | no coverage | equivalent (disabled) | score |',
    '|---|---:|---:|---:|---:|---:|',
    '| src/auth.ts | 89 | 10 | 1 | 0 | 89.0% |',
    '| src/retry.ts | 18 | 2 | 0 | 3 | 90.0% |',
    '| src/types.ts | 0 | 0 | 0 | 0 | n/a |',
    '| **all files** | 107 | 12 | 1 | 3 | 89.1% |',
  ]);
});
