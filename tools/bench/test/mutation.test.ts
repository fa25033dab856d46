import { expect, it } from 'vitest';
import { mutationSection } from '../src/mutation.mjs';

it('prints each package with its score, its lowest file (never rounded up to the goal) and how long the run took', () => {
  const section = mutationSection({
    date: '2026-11-30T15:00:00.000Z',
    mode: 'full',
    rows: [
      { package: 'runtime', seconds: 5400, mutants: 3011, killed: 2700, survived: 150, noCoverage: 10, equivalent: 40, score: 94.4, lowest: { file: 'src/a.ts', score: 89.99 } },
    ],
  });
  expect(section.title).toContain('full run of 2026-11-30');
  expect(section.rows[1]).toEqual(['runtime', 3011, 2700, 150, 10, 40, '94.4%', 'src/a.ts 89.9%', '90 min']);
});
