// The logic of the platforms and scaling sections that could be wrong without the figures showing it: the
// flatness verdicts, how a cut row reads, and the platform runner's rounds and time bound (run for real on this
// Node against the bench's minimal server).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goals, sections, summaryMarkdown } from '../src/report.mjs';
import { HEAP_NOISE_BYTES, TIME_SLACK, flatness, scalingVerdict } from '../src/scaling.mjs';
import { startBenchServers } from '../src/servers.mjs';

const MB = 1024 * 1024;
const row = (count: number, usPerCall: number, extra: Record<string, unknown> = {}) => ({
  count,
  calls: count,
  cut: false,
  seconds: (count * usPerCall) / 1e6,
  usPerCall,
  firstUs: usPerCall,
  lastUs: usPerCall,
  lastTenth: 10,
  heapStart: 7 * MB,
  heapEnd: 7 * MB + 100_000,
  heapPer1k: 100_000 / (count / 1000),
  ...extra,
});
const pages = { pages: 100, pageSize: 20, items: 2000, runs: 20, pagesFetched: 2100, msPerPage: 0.4, firstMs: 0.4, lastMs: 0.41, heapStart: 7 * MB, heapEnd: 7 * MB, heapPer1k: 0 };

describe('flatness', () => {
  it('is flat within the time slack and the heap noise, and says which part grew past them', () => {
    expect(flatness({ firstUs: 100, lastUs: 100 * (1 + TIME_SLACK), heapStart: 0, heapEnd: HEAP_NOISE_BYTES })).toMatchObject({ timeFlat: true, heapFlat: true, flat: true });
    expect(flatness({ firstUs: 100, lastUs: 100 * (1 + TIME_SLACK) + 1, heapStart: 0, heapEnd: 0 })).toMatchObject({ timeFlat: false, heapFlat: true, flat: false });
    expect(flatness({ firstUs: 100, lastUs: 90, heapStart: 0, heapEnd: HEAP_NOISE_BYTES + 1 })).toMatchObject({ timeFlat: true, heapFlat: false, heapGrowth: HEAP_NOISE_BYTES + 1 });
  });

  it('is not flat when a run has no whole tenth to compare', () => {
    expect(flatness({ firstUs: Number.NaN, lastUs: Number.NaN, heapStart: 0, heapEnd: 0 }).flat).toBe(false);
  });
});

describe('the scaling verdict', () => {
  it('compares the largest count with the smallest, whatever order the rows came in', () => {
    const verdict = scalingVerdict({ calls: [row(100_000, 130), row(1_000, 100), row(10_000, 120)], pages });
    expect(verdict.acrossCounts).toBeCloseTo(1.3);
    expect(verdict.countsFlat).toBe(false);
    expect(verdict.flat).toBe(false);
    expect(scalingVerdict({ calls: [row(1_000, 140), row(100_000, 130)], pages }).flat).toBe(true);
  });

  it('fails on the paging run alone', () => {
    const verdict = scalingVerdict({ calls: [row(1_000, 100), row(100_000, 100)], pages: { ...pages, lastMs: 0.6 } });
    expect(verdict.runs.map((run) => [run.id, run.flat])).toEqual([
      ['1000 calls', true],
      ['100000 calls', true],
      ['workflow.list pages', false],
    ]);
    expect(verdict.flat).toBe(false);
  });

  it('reads a row cut by its time limit as such, and the goal as missed', () => {
    const calls = [row(1_000, 100), row(10_000, 100), row(100_000, 100, { calls: 61_234, cut: true, lastTenth: 6 })];
    const scaling = { calls, pages, verdict: scalingVerdict({ calls, pages }) };
    const table = sections({ scaling }).find((section) => section.title.startsWith('13.'))!;
    expect(table.rows[3][1]).toMatch(/^61,234 \(stopped at the \d+ s limit; last tenth = tenth 6\)$/);
    const [goal] = goals({ scaling });
    expect(goal.met).toBe(false);
    expect(goal.gap).toContain('100k row stopped at 61234 calls');
    expect(summaryMarkdown({ scaling }, { date: 'today', machine: 'here' })).toContain('100 / 100 / 100 (cut) µs');
  });
});

describe('the platform runner', () => {
  let servers: Awaited<ReturnType<typeof startBenchServers>>;
  beforeAll(async () => {
    servers = await startBenchServers();
  });
  afterAll(() => servers?.close());

  const runner = fileURLToPath(new URL('../src/platform-runner.mjs', import.meta.url));
  const run = async (settings: Record<string, unknown>) => {
    const config = { url: servers.chatUrl, token: 't', body: { messages: [{ role: 'user', content: 'hi' }] }, concurrencies: [1, 4], ...settings };
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', runner, JSON.stringify(config)], { timeout: 60_000 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  };

  it('runs the counted rounds at each concurrency, every client, and takes the median of the rounds’ ratios', async () => {
    const rows = await run({ requests: 40, rounds: 3, timeLimitMs: 30_000 });
    expect(rows.map((r: { concurrency: number }) => r.concurrency)).toEqual([1, 4]);
    for (const r of rows) {
      expect(r).toMatchObject({ rounds: 3, errors: 0, cut: false });
      expect(r.ratio).toBeGreaterThanOrEqual(r.ratioMin);
      expect(r.ratio).toBeLessThanOrEqual(r.ratioMax);
      expect(r.cozePerSecond).toBeGreaterThan(0);
      expect(r.fetchPerSecond).toBeGreaterThan(0);
      for (const id of ['coze-fetch', 'coze-unchecked']) {
        expect(r.diagnostics[id].perSecond).toBeGreaterThan(0);
        expect(r.diagnostics[id].ratio).toBeGreaterThanOrEqual(r.diagnostics[id].ratioMin);
      }
    }
  });

  it('stops at its time limit, still with one counted round, and says it was cut', async () => {
    const rows = await run({ requests: 1_000_000, rounds: 50, timeLimitMs: 1 });
    for (const r of rows) expect(r).toMatchObject({ rounds: 1, cut: true, errors: 0 });
  });

  it('counts failed calls instead of hiding them', async () => {
    const rows = await run({ url: 'http://127.0.0.1:1/v1', requests: 2, rounds: 1, timeLimitMs: 30_000, concurrencies: [1] });
    expect(rows[0].errors).toBeGreaterThan(0);
    expect(typeof rows[0].firstError).toBe('string');
  });
});
