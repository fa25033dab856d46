import { expect, it } from 'vitest';
import { mergeSummary } from '../src/report.mjs';

const table = (rows: string[]) => ['|  | a |', '| --- | ---: |', ...rows].join('\n');
const current = (footer: string[]) =>
  `Measured 2026-11-30 with \`pnpm bench\`.\n\n${table(['| throughput | 1× |', '| stream | 2× |', '| bundle | 3 kB |'])}\n\n${footer.join('\n')}\n`;
const meta = { date: '2026-12-03' };

it('replaces the re-run rows and keeps the others and the intro', () => {
  const merged = mergeSummary(current([]), `x\n\n${table(['| stream | 9× |', '| platform Bun | 5× |'])}\n`, meta, ['stream', 'platforms']);
  expect(merged).toContain('Measured 2026-11-30 with');
  expect(merged).toContain('| throughput | 1× |\n| stream | 9× |\n| bundle | 3 kB |\n| platform Bun | 5× |');
});

it('keeps one footer line with each section at the date it was last re-run alone', () => {
  const old = current(['Rows re-measured alone (`pnpm bench -- --only <sections>`): throughput on 2026-12-01; platforms, mutation on 2026-12-02.']);
  const once = mergeSummary(old, table([]), meta, ['stream', 'throughput']);
  const footer = once.trimEnd().split('\n').slice(-1)[0];
  expect(footer).toBe('Rows re-measured alone (`pnpm bench -- --only <sections>`): platforms, mutation on 2026-12-02; stream, throughput on 2026-12-03.');
  expect(once.match(/re-measured/g)).toHaveLength(1);
  // Read back: a later run of one section moves it and leaves the line's length bounded.
  const twice = mergeSummary(once, table([]), { date: '2026-12-04' }, ['platforms']);
  expect(twice.trimEnd().split('\n').slice(-1)[0]).toBe(
    'Rows re-measured alone (`pnpm bench -- --only <sections>`): mutation on 2026-12-02; stream, throughput on 2026-12-03; platforms on 2026-12-04.',
  );
  expect(mergeSummary(twice, table([]), { date: '2026-12-04' }, ['platforms'])).toBe(twice);
});
