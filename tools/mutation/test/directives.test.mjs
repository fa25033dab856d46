import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deadDirectives } from '../src/directives.mjs';
import { readTextOrUndefined } from '../src/freshness.mjs';
import { PACKAGES } from '../src/packages.mjs';

const mutant = (line, mutatorName, status = 'Ignored') => ({ mutatorName, status, location: { start: { line } } });

describe('deadDirectives', () => {
  const source = [
    'const a = 1;',
    '// Stryker disable next-line ConditionalExpression,EqualityOperator: why',
    'if (a < 2) b();',
    'if (a) c();',
    '// Stryker disable next-line ObjectLiteral: between an if and its else',
    "else d({ once: true });",
    'try {} catch /* Stryker disable next-line BlockStatement: why */ {',
    '}',
  ].join('\n');

  it('is empty when every mutator a directive names has an Ignored mutant on its line or the next', () => {
    expect(deadDirectives(source, [mutant(3, 'ConditionalExpression'), mutant(3, 'EqualityOperator'), mutant(6, 'ObjectLiteral'), mutant(7, 'BlockStatement')])).toEqual([]);
  });

  it('names the line and the mutator of each directive that disabled nothing: tested instead, or never made', () => {
    expect(
      deadDirectives(source, [
        mutant(3, 'ConditionalExpression'),
        mutant(6, 'ObjectLiteral', 'Killed'),
        mutant(4, 'BlockStatement'),
      ]),
    ).toEqual([
      { line: 2, mutator: 'EqualityOperator' },
      { line: 5, mutator: 'ObjectLiteral' },
      { line: 7, mutator: 'BlockStatement' },
    ]);
  });

  it('takes `all` as any mutator', () => {
    expect(deadDirectives('// Stryker disable next-line all: why\nx();', [mutant(2, 'ArrowFunction')])).toEqual([]);
    expect(deadDirectives('// Stryker disable next-line all: why\nx();', [])).toEqual([{ line: 1, mutator: 'all' }]);
  });
});

// The committed baselines: each directive in a measured file marked something when it was measured (the freshness
// test holds the baseline to the code as it is).
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe.each(PACKAGES)('the Stryker directives of packages/%s', (name) => {
  it('each disabled a mutant of every mutator it names (else move it onto the line before the mutant, or drop the name)', () => {
    const baseline = JSON.parse(readTextOrUndefined(`${ROOT}packages/${name}/mutation/stryker-incremental.json`));
    const dead = Object.entries(baseline.files).flatMap(([path, { source, mutants }]) =>
      deadDirectives(source, mutants).map(({ line, mutator }) => `packages/${name}/${path}:${line} ${mutator}`),
    );
    expect(dead).toEqual([]);
  });
});
