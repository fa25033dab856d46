// The throughput section's per-round ratios: of requests/s and of main-thread CPU per call, each to the same
// round's raw fetch and hand-written node:http, both reading "× the baseline, higher is better".
import { describe, expect, it } from 'vitest';
import { sections, summaryMarkdown } from '../src/report.mjs';
import { cpuRatioOfMedians, withRoundRatios } from '../src/throughput.mjs';

const names = { baseline: 'fetch', ceiling: 'node:http' };

describe('withRoundRatios', () => {
  it('gives each client its ratios of req/s and of CPU per call to the round’s baseline and ceiling', () => {
    const round = new Map([
      ['fetch', { rps: 1000, cpuUs: 400 }],
      ['node:http', { rps: 4000, cpuUs: 100 }],
      ['sdk', { rps: 3600, cpuUs: 125 }],
    ]);
    const out = withRoundRatios(round, names);
    expect(out.get('sdk')).toMatchObject({ rps: 3600, cpuUs: 125, ratio: 3.6, ratioNodeHttp: 0.9, cpuRatio: 3.2, cpuRatioNodeHttp: 0.8 });
    expect(out.get('node:http')).toMatchObject({ ratioNodeHttp: 1, cpuRatioNodeHttp: 1 });
    expect(out.get('fetch')).toMatchObject({ ratio: 1, cpuRatio: 1, cpuRatioNodeHttp: 0.25 });
  });

  it('gives NaN ratios, not a throw, when the baseline or the ceiling did not run', () => {
    const out = withRoundRatios(new Map([['sdk', { rps: 3600, cpuUs: 125 }]]), names);
    const sdk = out.get('sdk');
    for (const key of ['ratio', 'ratioNodeHttp', 'cpuRatio', 'cpuRatioNodeHttp']) expect(sdk[key]).toBeNaN();
  });
});

describe('cpuRatioOfMedians', () => {
  it('divides the reference’s median CPU per call by the client’s, not the median of the rounds’ ratios', () => {
    const reference = [{ cpuUs: 60 }, { cpuUs: 64 }, { cpuUs: 100 }];
    const client = [{ cpuUs: 120 }, { cpuUs: 70 }, { cpuUs: 80 }];
    // The rounds' own ratios are 0.5, 0.91 and 1.25: their median (0.91) is not 64 / 80.
    expect(cpuRatioOfMedians(client, reference)).toBeCloseTo(0.8, 10);
    expect(cpuRatioOfMedians([{ cpuUs: 80 }, { cpuUs: 100 }], [{ cpuUs: 60 }, { cpuUs: 66 }])).toBeCloseTo(63 / 90, 10);
  });

  it('is NaN when the reference or the client has no round', () => {
    expect(cpuRatioOfMedians([{ cpuUs: 80 }], undefined)).toBeNaN();
    expect(cpuRatioOfMedians([{ cpuUs: 80 }], [])).toBeNaN();
    expect(cpuRatioOfMedians([], [{ cpuUs: 80 }])).toBeNaN();
  });
});

describe('the throughput tables', () => {
  const row = (client: string, concurrency: number, extra: Record<string, unknown>) => ({
    client,
    concurrency,
    requests: 2000,
    rounds: 7,
    errors: 0,
    ratio: 1,
    ratioNodeHttp: 1,
    rps: 3000,
    p50Ms: 0.3,
    p99Ms: 1,
    cpuUsPerCall: 100,
    cpuRatioNodeHttp: 1,
    ...extra,
  });
  const results = {
    throughput: {
      requests: 2000,
      rows: [
        row('node:http.request, keep-alive (hand-written)', 1, { cpuUsPerCall: 80 }),
        row('CozeAPI chat.create', 1, { ratio: 1.6, ratioNodeHttp: 0.93, cpuUsPerCall: 94.4, cpuRatioNodeHttp: 0.85 }),
      ],
    },
  };

  it('prints CPU per call and its ratio to node:http for every client and concurrency', () => {
    const [table] = sections(results);
    expect(table.rows[0]).toContain('c=1 CPU µs/call');
    expect(table.rows[0]).toContain('c=1 ×node:http (CPU)');
    const coze = table.rows.find((line) => line[0] === 'CozeAPI chat.create');
    expect(coze).toContain('94.4');
    expect(coze).toContain('0.85');
  });

  it('puts the CPU ratio beside the wall-clock one in the README row', () => {
    const summary = summaryMarkdown(results, { date: '2026-12-01', machine: 'test' });
    expect(summary).toContain('| throughput, concurrency 1 (× raw fetch) | 1.60× (94 µs CPU/call; × node:http 0.93× by req/s, 0.85× by CPU per call) |');
    expect(summary).toContain('hand-written node:http 1.00× (80 µs CPU/call)');
  });
});
