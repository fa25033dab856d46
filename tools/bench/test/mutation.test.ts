import { expect, it } from 'vitest';
import { mutationSection, readMutation } from '../src/mutation.mjs';

it('prints each package with its score, its lowest file (never rounded up to the goal) and what is not measured', () => {
  const section = mutationSection({
    rows: [
      { package: 'runtime', mutants: 3011, killed: 2700, survived: 150, noCoverage: 10, equivalent: 40, score: 94.4, lowest: { file: 'src/a.ts', score: 89.99 }, unmeasured: ['src/b.ts'] },
    ],
  });
  expect(section.rows[1]).toEqual(['runtime', 3011, 2700, 150, 10, 40, '94.4%', 'src/a.ts 89.9%', 1]);
});

it('reads the committed baselines of the runtime and the Redis store', async () => {
  const { rows } = await readMutation();
  expect(rows.map((row) => row.package)).toEqual(['runtime', 'rate-limit-redis']);
  const redis = rows[1];
  expect(redis.mutants).toBeGreaterThan(100);
  expect(redis.unmeasured.filter((file: string) => file !== 'src/index.ts')).toEqual([]);
});
