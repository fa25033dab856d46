import { describe, expect, it } from 'vitest';
import { keepCoverage, mergeReports } from '../src/baseline.mjs';

const baseline = {
  schemaVersion: '1.0',
  files: {
    'src/a.ts': { source: 'a1', mutants: [{ id: '1', status: 'Killed', coveredBy: ['0', '1'], killedBy: ['1'] }] },
    'src/b.ts': { source: 'b1', mutants: [{ id: '2', status: 'Survived', coveredBy: ['0', '2'] }] },
  },
  testFiles: {
    'test/a.test.ts': { source: 'ta1', tests: [{ id: '0', name: 'a works' }, { id: '1', name: 'a fails well' }] },
    'test/b.test.ts': { source: 'tb1', tests: [{ id: '2', name: 'b works' }] },
  },
};

// A later run over src/b.ts only: its tests are numbered anew, test/b.test.ts has a new test.
const run = {
  schemaVersion: '1.0',
  files: { 'src/b.ts': { source: 'b1', mutants: [{ id: '0', status: 'Killed', coveredBy: ['0', '1', '2'], killedBy: ['2'] }] } },
  testFiles: {
    'test/a.test.ts': { source: 'ta1', tests: [{ id: '0', name: 'a works' }, { id: '1', name: 'a fails well' }] },
    'test/b.test.ts': { source: 'tb2', tests: [{ id: '2', name: 'b kills the survivor' }, { id: '3', name: 'b works' }] },
  },
};

it('replaces the files of the run, keeps the others, and remaps every test reference by file and name', () => {
  const merged = mergeReports(baseline, run);
  const names = Object.fromEntries(
    Object.entries(merged.testFiles).flatMap(([file, { tests }]) => tests.map((test) => [test.id, `${file}: ${test.name}`])),
  );
  const describe = (mutant) => ({
    status: mutant.status,
    coveredBy: mutant.coveredBy.map((id) => names[id]),
    killedBy: mutant.killedBy?.map((id) => names[id]),
  });
  expect(Object.keys(merged.files)).toEqual(['src/a.ts', 'src/b.ts']);
  expect(describe(merged.files['src/a.ts'].mutants[0])).toEqual({
    status: 'Killed',
    coveredBy: ['test/a.test.ts: a works', 'test/a.test.ts: a fails well'],
    killedBy: ['test/a.test.ts: a fails well'],
  });
  expect(describe(merged.files['src/b.ts'].mutants[0])).toEqual({
    status: 'Killed',
    coveredBy: ['test/a.test.ts: a works', 'test/a.test.ts: a fails well', 'test/b.test.ts: b kills the survivor'],
    killedBy: ['test/b.test.ts: b kills the survivor'],
  });
  expect(merged.testFiles['test/b.test.ts'].source).toBe('tb2');
  expect(new Set(Object.keys(names)).size).toBe(4);
});

it('drops references to a test the newer run no longer has', () => {
  const renamed = { ...run, files: {}, testFiles: { 'test/a.test.ts': { source: 'ta2', tests: [{ id: '0', name: 'a works' }] } } };
  const merged = mergeReports(baseline, renamed);
  expect(merged.files['src/a.ts'].mutants[0].killedBy).toEqual([]);
  expect(merged.files['src/a.ts'].mutants[0].coveredBy).toHaveLength(1);
});

it('takes the run as it is when there is no baseline yet', () => {
  expect(mergeReports(undefined, run)).toBe(run);
});

it('is written one mutant and one test per line, without the machine-specific fields, and reads back the same', async () => {
  const { normalizeReport, serializeBaseline } = await import('../src/baseline.mjs');
  const report = { ...baseline, thresholds: { high: 95, low: 90, break: null }, projectRoot: '/home/me/repo', config: { concurrency: 2 }, framework: { name: 'StrykerJS' } };
  const text = serializeBaseline(report);
  const { projectRoot, config, framework, ...rest } = report;
  expect(JSON.parse(text)).toEqual(normalizeReport(rest));
  expect(text).not.toContain('/home/me');
  expect(text.split('\n').filter((line) => line.startsWith('{"id":'))).toHaveLength(5);
});

it('writes two runs that numbered the same tests and mutants differently as the same text', async () => {
  const { serializeBaseline } = await import('../src/baseline.mjs');
  const at = (line, column) => ({ start: { line, column }, end: { line, column: column + 1 } });
  const first = {
    schemaVersion: '1.0',
    thresholds: { high: 95, low: 90, break: null },
    files: {
      'src/b.ts': { source: 'b', mutants: [{ id: 'm2', mutatorName: 'Regex', location: at(3, 1), status: 'Survived', coveredBy: ['1', '0'] }] },
      'src/a.ts': {
        source: 'a',
        mutants: [
          { id: 'm1', mutatorName: 'StringLiteral', location: at(2, 5), status: 'Killed', coveredBy: ['2', '0'], killedBy: ['2'] },
          { id: 'm0', mutatorName: 'BlockStatement', location: at(1, 9), status: 'Killed', coveredBy: ['0'], killedBy: ['0'] },
        ],
      },
    },
    testFiles: {
      'test/b.test.ts': { source: 'tb', tests: [{ id: '0', name: 'b works' }] },
      'test/a.test.ts': { source: 'ta', tests: [{ id: '1', name: 'a works' }, { id: '2', name: 'a fails well' }] },
    },
  };
  // The same results, with the tests numbered in another order (as a second run on the same code numbers them).
  const renumber = { 0: '7', 1: '5', 2: '6' };
  const again = JSON.parse(JSON.stringify(first), (key, value) =>
    (key === 'coveredBy' || key === 'killedBy') && Array.isArray(value) ? value.map((id) => renumber[id]) : value,
  );
  for (const file of Object.values(again.testFiles)) for (const test of file.tests) test.id = renumber[test.id];
  again.files['src/a.ts'].mutants.reverse();
  // Stryker writes a mutant it ran with an empty `killedBy` and a reused one without, and their keys in other orders.
  const [survivor] = again.files['src/b.ts'].mutants;
  again.files['src/b.ts'].mutants = [{ killedBy: [], ...Object.fromEntries(Object.entries(survivor).reverse()) }];
  const text = serializeBaseline(first);
  expect(serializeBaseline(again)).toBe(text);
  // Files and tests in path and name order, the tests numbered so, mutants in place order, their tests sorted.
  const read = JSON.parse(text);
  expect(Object.keys(read.files)).toEqual(['src/a.ts', 'src/b.ts']);
  expect(read.testFiles['test/a.test.ts'].tests).toEqual([{ id: '0', name: 'a fails well' }, { id: '1', name: 'a works' }]);
  expect(read.files['src/a.ts'].mutants.map((mutant) => mutant.id)).toEqual(['m0', 'm1']);
  expect(read.files['src/a.ts'].mutants[1]).toMatchObject({ coveredBy: ['0', '2'], killedBy: ['0'] });
  expect(read.files['src/b.ts'].mutants[0].coveredBy).toEqual(['1', '2']);
});

describe('keepCoverage', () => {
  const at = (line) => ({ start: { line, column: 1 }, end: { line, column: 5 } });
  const before = {
    files: {
      'src/a.ts': {
        source: 'a1',
        mutants: [
          { id: '1', location: at(1), mutatorName: 'M', replacement: 'x', status: 'Survived', coveredBy: ['0', '1'] },
          { id: '2', location: at(2), mutatorName: 'M', replacement: 'x', status: 'Timeout', coveredBy: ['1', '2'] },
          { id: '3', location: at(3), mutatorName: 'M', replacement: 'x', status: 'Killed', coveredBy: ['0', '1'], killedBy: ['0'] },
        ],
      },
      'src/b.ts': { source: 'b1', mutants: [{ id: '4', location: at(1), mutatorName: 'M', replacement: 'x', status: 'Survived', coveredBy: ['0', '1'] }] },
    },
    testFiles: {
      'test/a.test.ts': { source: 'ta1', tests: [{ id: '0', name: 'a one' }, { id: '1', name: 'a flaky' }] },
      'test/c.test.ts': { source: 'tc1', tests: [{ id: '2', name: 'c changed since' }] },
    },
  };
  // The next run: the flaky test did not reach the mutants this time, and test/c.test.ts changed.
  const after = {
    files: {
      'src/a.ts': {
        source: 'a1',
        mutants: [
          { id: '10', location: at(1), mutatorName: 'M', replacement: 'x', status: 'Survived', coveredBy: ['5'] },
          { id: '11', location: at(2), mutatorName: 'M', replacement: 'x', status: 'Timeout', coveredBy: [] },
          { id: '12', location: at(3), mutatorName: 'M', replacement: 'x', status: 'Killed', coveredBy: ['5'], killedBy: ['5'] },
        ],
      },
      'src/b.ts': { source: 'b2', mutants: [{ id: '13', location: at(1), mutatorName: 'M', replacement: 'x', status: 'Survived', coveredBy: ['5'] }] },
    },
    testFiles: {
      'test/a.test.ts': { source: 'ta1', tests: [{ id: '5', name: 'a one' }, { id: '6', name: 'a flaky' }] },
      'test/c.test.ts': { source: 'tc2', tests: [{ id: '7', name: 'c changed since' }] },
    },
  };
  const covered = (report, file) => report.files[file].mutants.map((m) => m.coveredBy);

  it('keeps the tests a surviving or timed-out mutant already met, by file and name, when neither file changed', () => {
    const kept = keepCoverage(before, after);
    expect(covered(kept, 'src/a.ts')).toEqual([['5', '6'], ['6'], ['5']]);
  });

  it('keeps nothing for a changed source file, a changed test file or a killed mutant', () => {
    const kept = keepCoverage(before, after);
    expect(covered(kept, 'src/b.ts')).toEqual([['5']]);
    expect(kept.files['src/a.ts'].mutants[1].coveredBy).not.toContain('7');
    expect(kept.files['src/a.ts'].mutants[2]).toBe(after.files['src/a.ts'].mutants[2]);
  });

  it('takes the run as it is without a baseline', () => {
    expect(keepCoverage(undefined, after)).toBe(after);
  });
});
