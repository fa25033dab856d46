import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTextOrUndefined } from '../src/freshness.mjs';
import { PACKAGES } from '../src/packages.mjs';
import { staticSurvivors } from '../src/static-survivors.mjs';

const mutant = (line, status, isStatic) => ({ mutatorName: 'StringLiteral', status, static: isStatic, location: { start: { line } } });

describe('staticSurvivors', () => {
  it('names the static mutants that survived, and not the killed, timed-out, ignored or runtime ones', () => {
    const baseline = {
      files: {
        'src/a.ts': { mutants: [mutant(3, 'Survived', true), mutant(4, 'Survived', false), mutant(5, 'Killed', true)] },
        'src/b.ts': { mutants: [mutant(7, 'Timeout', true), mutant(8, 'Ignored', true), mutant(9, 'Survived', undefined), mutant(10, 'Survived', true)] },
      },
    };
    expect(staticSurvivors(baseline)).toEqual(['src/a.ts:3 StringLiteral', 'src/b.ts:10 StringLiteral']);
  });
});

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe.each(PACKAGES)('the committed baseline of packages/%s', (name) => {
  it('has no static survivor (src/static-survivors.mjs says why and what to do)', () => {
    const baseline = JSON.parse(readTextOrUndefined(`${ROOT}packages/${name}/mutation/stryker-incremental.json`));
    expect(staticSurvivors(baseline)).toEqual([]);
  });
});
