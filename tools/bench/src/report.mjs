// Turns the benchmarks' rows into the printed table, the goals verdicts and the markdown summary.
import { GOAL_CHAT_CREATE_GZIP } from './bundle.mjs';
import { GOAL_EXTRA_MS } from './import-time.mjs';
import { GOAL_SLACK } from './quota.mjs';
import { GOAL_RATIO as SHARED_GOAL } from './shared-quota.mjs';
import { GOAL_RATIO as PYTHON_GOAL } from './python.mjs';
import { GOAL_RATIO as STREAM_GOAL } from './stream.mjs';
import { GOAL_RATIO as THROUGHPUT_GOAL, GOAL_RATIO_NODE_HTTP } from './throughput.mjs';
import { mutationSection } from './mutation.mjs';
import { HEAP_NOISE_BYTES, TIME_SLACK } from './scaling.mjs';

const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const kB = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1000).toFixed(1)} kB` : '–');
const signed = (value, digits = 0) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(digits)}` : '–');
const signedKB = (bytes) => (Number.isFinite(bytes) ? `${bytes >= 0 ? '+' : ''}${(bytes / 1000).toFixed(1)} kB` : '–');
const MB = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1e6).toFixed(2)} MB` : '–');
const pct = (value) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%` : '–');

/** A plain text table: the first row is the header; numeric columns (all but the first) are right-aligned. */
export function textTable(rows, { numeric = true } = {}) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  const line = (row) =>
    row
      .map((cell, column) =>
        column === 0 || !numeric ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]),
      )
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(rows) {
  const escape = (cell) => String(cell).replace(/\|/g, '\\|');
  return [
    `| ${rows[0].map(escape).join(' | ')} |`,
    `|${rows[0].map((_, column) => (column === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.slice(1).map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

/** Each section: a title, and rows (header first) built from the results. */
export function sections(results) {
  const out = [];
  if (results.throughput) {
    const { rows, requests } = results.throughput;
    const concurrencies = [...new Set(rows.map((row) => row.concurrency))];
    const header = ['client'];
    for (const c of concurrencies) {
      header.push(`c=${c} ×fetch`, `c=${c} ×node:http`, `c=${c} req/s`, `c=${c} p50 ms`, `c=${c} p99 ms`, `c=${c} CPU µs/call`, `c=${c} ×node:http (CPU)`);
    }
    const table = [header];
    for (const name of [...new Set(rows.map((row) => row.client))]) {
      const line = [name];
      for (const c of concurrencies) {
        const row = rows.find((r) => r.client === name && r.concurrency === c);
        line.push(
          `${fixed(row.ratio)}${row.errors ? ' !' : ''}`,
          fixed(row.ratioNodeHttp),
          fixed(row.rps, 0),
          fixed(row.p50Ms),
          fixed(row.p99Ms),
          fixed(row.cpuUsPerCall, 1),
          fixed(row.cpuRatioNodeHttp),
        );
      }
      table.push(line);
    }
    out.push({
      title: `1. Throughput: ${requests} POSTs per client per round, keep-alive, minimal node:http server (ratios to raw fetch and to a hand-written node:http keep-alive request in the same round; goals CozeAPI ≥ ${THROUGHPUT_GOAL}× fetch, ≥ ${GOAL_RATIO_NODE_HTTP}× node:http, by req/s). CPU per call: the client's main-thread CPU over the same bursts (the server is another process), the steadier figure; ×node:http (CPU) = node:http's CPU per call ÷ the client's`,
      rows: table,
    });
  }
  if (results.layers) out.push(layersSection(results.layers));
  if (results.quota) {
    const { rows, calls, idealSeconds } = results.quota;
    out.push({
      title: `2. Quota: ${calls} chats at once, mock server at 10 req/s burst 10 (ideal ${fixed(idealSeconds, 1)} s = (N − burst)/rate; goal CozeAPI within ${GOAL_SLACK * 100}%, 0 × 429, 0 failed)`,
      rows: [
        ['client', 'seconds', 'vs ideal', 'requests', '429s', 'failed'],
        ...rows.map((row) => [row.client, `${fixed(row.seconds, 1)}${row.timedOut ? ' (cut)' : ''}`, pct(row.overIdeal), row.requests, row.status429, row.failed]),
      ],
    });
  }
  if (results.bundle) {
    out.push({
      title: `3. Bundle: esbuild 0.28 --bundle --minify, platform browser, gzip -9 (goal chat.create ≤ ${kB(GOAL_CHAT_CREATE_GZIP)})`,
      rows: [
        ['entry', 'minified, up front', 'gzip, up front', 'gzip, loaded later'],
        ...results.bundle.rows.map((row) => [row.entry, kB(row.minBytes), kB(row.gzipBytes), row.lazyGzipBytes ? kB(row.lazyGzipBytes) : '']),
      ],
    });
  }
  if (results.importTime) {
    const { rows } = results.importTime;
    const modules = [...new Set(rows.map((row) => row.module))];
    const at = (module, mode) => rows.find((row) => row.module === module && row.mode === mode);
    out.push({
      title: `4. Cold import: fresh node process, median of ${rows[0].runs} runs (goal @coze/client ≤ node alone + ${GOAL_EXTRA_MS} ms)`,
      rows: [
        ['module', 'require ms', 'vs node', 'import ms', 'vs node'],
        ...modules.map((module) => {
          const cjs = at(module, 'require');
          const esm = at(module, 'import');
          return [module, fixed(cjs.ms, 0), signed(cjs.extraMs), fixed(esm.ms, 0), signed(esm.extraMs)];
        }),
      ],
    });
  }
  if (results.stream) {
    out.push({
      title: `5. Stream parsing: ${fixed(results.stream.bytes / 1e6, 1)} MB of chat deltas (${results.stream.deltas} events) through fetch (goal CozeAPI ≥ ${STREAM_GOAL}× eventsource-parser)`,
      rows: [
        ['parser', 'MB/s', '×eventsource-parser', 'main-thread CPU ms', '×eventsource-parser (CPU)'],
        ...results.stream.rows.map((row) => [row.parser, fixed(row.mbPerSec, 1), fixed(row.ratio), fixed(row.cpuMs, 0), fixed(row.cpuRatio)]),
      ],
    });
  }
  if (results.sharedQuota) {
    const { rows, callsPerProcess, latency } = results.sharedQuota;
    out.push({
      title: `7. Shared quota: P processes × ${callsPerProcess} chats on one token, mock server at 10 req/s burst 10 (ideal = (P × ${callsPerProcess} − burst)/rate; goal shared ≤ ${SHARED_GOAL}× ideal, 0 × 429, 0 failed)`,
      rows: [
        ['processes', 'bucket', 'seconds', 'ideal', '× ideal', 'requests', '429s', 'retries', 'failed'],
        ...rows.map((row) => [row.processes, row.label, fixed(row.seconds, 1), fixed(row.idealSeconds, 1), fixed(row.ratio, 3), row.requests, row.status429, row.retries, row.failed]),
      ],
    });
    out.push({
      title: '8. Rate-limit acquire (admitted at once), one after another: in-memory store vs Redis store on loopback',
      rows: [['store', 'acquires', 'p50 µs', 'p99 µs'], ...latency.map((row) => [row.store, row.acquires, fixed(row.p50Us, 2), fixed(row.p99Us, 2)])],
    });
  }
  if (results.python) {
    const { rows, stream, requests, python, httpx } = results.python;
    out.push({
      title: `9. Python SDK (Python ${python}, httpx ${httpx}): ${requests} POSTs per client per round, ratio to raw httpx in the same round (goal CozeAPI ≥ ${PYTHON_GOAL}×)`,
      rows: [
        ['client', 'concurrency', '×httpx', 'req/s', 'rounds min–max'],
        ...rows.map((row) => [row.client, row.concurrency, fixed(row.ratio), fixed(row.perSecond, 0), `${fixed(row.ratioMin)}–${fixed(row.ratioMax)}`]),
      ],
    });
    out.push({
      title: `9b. Python stream parsing: ${fixed(results.python.bytes / 1e6, 1)} MB of chat deltas (${results.python.deltas} events), ratio to a plain line-split parser`,
      rows: [['parser', 'MB/s', '×plain'], ...stream.map((row) => [row.parser, fixed(row.perSecond, 1), fixed(row.ratio)])],
    });
  }
  if (results.pipeline) {
    out.push({
      title: '6. Pipeline: wall time at the repository root',
      rows: [
        ['step', 'seconds', 'turbo cached', 'runs'],
        ...results.pipeline.rows.map((row) => [
          row.step,
          `${fixed(row.seconds, 1)}${row.failed ? ` (${row.failed} failed)` : ''}`,
          `${row.cached}${row.fullTurbo ? ' FULL TURBO' : ''}`,
          row.rounds,
        ]),
      ],
    });
  }
  if (results.mutation) out.push(mutationSection(results.mutation));
  if (results.platforms) out.push(platformsSection(results.platforms));
  if (results.console) out.push(consoleSection(results.console));
  if (results.scaling) out.push(...scalingSections(results.scaling));
  return out;
}

/** A runtime's row of the platform matrix at one concurrency, or undefined. */
/** Section 1b: each layer of CozeAPI.chat.create, at each concurrency, beside node:http in a process of its own. */
function layersSection({ rounds, requests, concurrencies }) {
  const header = ['layer'];
  for (const { concurrency: c } of concurrencies) header.push(`c=${c} ×node:http`, `c=${c} middle half`, `c=${c} µs/call`, `c=${c} adds µs`);
  const table = [header];
  for (const { id, client } of concurrencies[0]?.rows ?? []) {
    const line = [client];
    for (const { rows } of concurrencies) {
      const row = rows.find((r) => r.id === id);
      line.push(fixed(row?.ratio, 3), row ? `${fixed(row.q1)}–${fixed(row.q3)}` : '–', fixed(row?.us, 1), row?.addsUs === undefined ? '' : fixed(row.addsUs, 1));
    }
    table.push(line);
  }
  return {
    title: `1b. Throughput by layer: each layer of CozeAPI.chat.create beside the hand-written node:http request in a process of its own (as an app runs one client), ${rounds} rounds of ${requests} POSTs each; ×node:http is the median of the rounds' ratios by req/s, the middle half of the rounds beside it; "adds" is what a layer adds to the row above, from the ratios and node:http's time per call`,
    rows: table,
  };
}

const platformAt = (row, concurrency) => row.results.find((r) => r.concurrency === concurrency);

/** The platform table's clients: the SDK as users get it, then the diagnostics, each against the runtime's fetch. */
const PLATFORM_CLIENTS = [
  { id: 'coze', name: 'CozeAPI chat.create', pick: (r) => r },
  { id: 'coze-fetch', name: '  ↳ handed the runtime’s fetch (fetch transport)', pick: (r) => r.diagnostics?.['coze-fetch'] },
  { id: 'coze-unchecked', name: '  ↳ validateRequests: false', pick: (r) => r.diagnostics?.['coze-unchecked'] },
];

function platformsSection({ rows, requests, concurrencies }) {
  const header = ['runtime: client'];
  for (const c of concurrencies) header.push(`c=${c} ×fetch`, `c=${c} rounds`, `c=${c} req/s`);
  const table = [header];
  for (const row of rows) {
    const runtime = `${row.runtime} ${row.version}${row.reference ? ' (reference)' : ''}`;
    if (!row.results.length) {
      table.push([`${runtime}: ${row.missing ? 'not installed' : `FAILED: ${row.failed}`}`, ...concurrencies.flatMap(() => ['', '', ''])]);
      continue;
    }
    table.push([`${runtime}: fetch + JSON.parse (baseline)`, ...concurrencies.flatMap((c) => ['1.00', '', fixed(platformAt(row, c)?.fetchPerSecond, 0)])]);
    for (const client of PLATFORM_CLIENTS) {
      const line = [client.id === 'coze' ? `  ${client.name} (over ${row.transport})` : `  ${client.name}`];
      for (const c of concurrencies) {
        const at = platformAt(row, c);
        const r = at && client.pick(at);
        if (!r) line.push('–', '', '');
        else line.push(`${fixed(r.ratio)}${at.errors ? ' !' : ''}${at.cut ? ' (cut)' : ''}`, `${fixed(r.ratioMin)}–${fixed(r.ratioMax)}`, fixed(r.perSecond ?? r.cozePerSecond, 0));
      }
      table.push(line);
    }
  }
  return {
    title: `11. Platforms: CozeAPI.chat.create against the runtime's own fetch doing the same POST and JSON.parse (sending content-type and the bearer token), ${requests} POSTs per client per round, interleaved rounds in one process per runtime, median of the rounds' ratios (min–max beside it); the SDK from pnpm pack tarballs installed with npm into a fresh folder. ↳ rows are diagnostics`,
    rows: table,
  };
}

function consoleSection({ rows, requests, external }) {
  return {
    title: `12. Debug console page weight: what a browser downloads for packages/debug-console/dist/index.html, ${requests} request${requests === 1 ? '' : 's'}${external.length ? ` (${external.join(', ')})` : ' (everything inline)'}; gzip -9`,
    rows: [['part', 'raw', 'gzip'], ...rows.map((row) => [row.part, kB(row.rawBytes), kB(row.gzipBytes)])],
  };
}

const verdictCell = (run) => (run.flat ? 'flat' : [run.timeFlat ? '' : 'time grows', run.heapFlat ? '' : 'heap grows'].filter(Boolean).join(', '));

function scalingSections({ calls, pages, verdict }) {
  const runOf = (id) => verdict.runs.find((run) => run.id === id);
  return [
    {
      title: `13. Scaling: sequential chat.create calls from one client (limiter off, retries armed), minimal node:http server; each row a new client: 200 calls, the heap used after GC (node --expose-gc, a process of its own), 2,000 untimed calls, the counted calls, the heap after GC again; growth per 1k calls over every call between the readings. Flat = last whole tenth ≤ ${1 + TIME_SLACK}× the first and the heap after GC ≤ ${(HEAP_NOISE_BYTES / 2 ** 20).toFixed(0)} MiB more at the end than at the start (the noise of that reading); µs/call at the largest count ${fixed(verdict.acrossCounts)}× the smallest's`,
      rows: [
        ['calls', 'made', 'seconds', 'µs/call', 'first tenth µs', 'last tenth µs', 'last/first', 'heap at start', 'heap at end', 'growth per 1k calls', 'verdict'],
        ...calls.map((row) => {
          const run = runOf(`${row.count} calls`);
          return [
            row.count.toLocaleString('en-US'),
            `${row.calls.toLocaleString('en-US')}${row.cut ? ` (stopped at the ${fixed(row.seconds, 0)} s limit; last tenth = tenth ${row.lastTenth})` : ''}`,
            fixed(row.seconds, 1),
            fixed(row.usPerCall, 0),
            fixed(row.firstUs, 0),
            fixed(row.lastUs, 0),
            fixed(run.timeRatio),
            MB(row.heapStart),
            MB(row.heapEnd),
            signedKB(row.heapPer1k),
            verdictCell(run),
          ];
        }),
      ],
    },
    ...(pages
      ? [
          {
            title: `13b. Scaling: workflow.list iterated with for await over ${pages.pages} pages of ${pages.pageSize} (${pages.items} workflows) from the embedded mock server (rate limit off), ${pages.runs} iteration(s) after a warm-up one (heap read after GC before it and after the last, growth over all ${pages.pagesFetched} pages); ms per page: medians of every iteration's pages`,
            rows: [
              ['pages × size', 'iterations', 'ms/page', 'first 10 pages ms', 'last 10 pages ms', 'last/first', 'heap at start', 'heap at end', 'growth per 1k pages', 'verdict'],
              [
                `${pages.pages} × ${pages.pageSize}`,
                pages.runs,
                fixed(pages.msPerPage),
                fixed(pages.firstMs),
                fixed(pages.lastMs),
                fixed(runOf('workflow.list pages').timeRatio),
                MB(pages.heapStart),
                MB(pages.heapEnd),
                signedKB(pages.heapPer1k),
                verdictCell(runOf('workflow.list pages')),
              ],
            ],
          },
        ]
      : []),
  ];
}

/** The issue's goals, each met or missed, with the measured figure and the gap. */
export function goals(results) {
  const list = [];
  if (results.throughput) {
    for (const row of results.throughput.rows.filter((r) => r.client.startsWith('CozeAPI'))) {
      list.push({
        goal: `throughput c=${row.concurrency}: CozeAPI ≥ ${THROUGHPUT_GOAL}× raw fetch`,
        measured: `${fixed(row.ratio)}× (rounds ${fixed(row.ratioMin)}–${fixed(row.ratioMax)})`,
        met: row.ratio >= THROUGHPUT_GOAL && row.errors === 0,
        gap: row.ratio >= THROUGHPUT_GOAL ? '' : `${fixed(THROUGHPUT_GOAL - row.ratio)}× short`,
      });
      list.push({
        goal: `throughput c=${row.concurrency}: CozeAPI ≥ ${GOAL_RATIO_NODE_HTTP}× hand-written node:http keep-alive`,
        measured: `${fixed(row.ratioNodeHttp)}× (rounds ${fixed(row.ratioNodeHttpMin)}–${fixed(row.ratioNodeHttpMax)}); CPU per call, steadier: ${fixed(row.cpuRatioNodeHttp)}× (rounds ${fixed(row.cpuRatioNodeHttpMin)}–${fixed(row.cpuRatioNodeHttpMax)}), ${fixed(row.cpuUsPerCall, 1)} µs`,
        met: row.ratioNodeHttp >= GOAL_RATIO_NODE_HTTP && row.errors === 0,
        gap: row.ratioNodeHttp >= GOAL_RATIO_NODE_HTTP ? '' : `${fixed(GOAL_RATIO_NODE_HTTP - row.ratioNodeHttp)}× short`,
      });
    }
  }
  if (results.quota) {
    for (const row of results.quota.rows.filter((r) => r.client.startsWith('CozeAPI'))) {
      const withinTime = row.seconds <= row.idealSeconds * (1 + GOAL_SLACK);
      list.push({
        goal: `quota (${row.client.includes('warm') ? 'warm' : 'new'} connections): CozeAPI within ${GOAL_SLACK * 100}% of ${fixed(row.idealSeconds, 1)} s, 0 × 429, 0 failed`,
        measured: `${fixed(row.seconds, 1)} s (${pct(row.overIdeal)}), ${row.status429} × 429, ${row.failed} failed`,
        met: withinTime && row.status429 === 0 && row.failed === 0 && !row.timedOut,
        gap: [
          withinTime ? '' : `${fixed(row.seconds - row.idealSeconds * (1 + GOAL_SLACK), 1)} s over`,
          row.status429 ? `${row.status429} × 429` : '',
          row.failed ? `${row.failed} failed` : '',
        ]
          .filter(Boolean)
          .join(', '),
      });
    }
  }
  if (results.sharedQuota) {
    for (const row of results.sharedQuota.rows.filter((r) => r.id === 'redis-4' || r.id === 'redis-8')) {
      const fast = row.ratio <= SHARED_GOAL;
      list.push({
        goal: `shared quota, ${row.processes} processes: ≤ ${SHARED_GOAL}× ${fixed(row.idealSeconds, 1)} s, 0 × 429, 0 failed`,
        measured: `${fixed(row.seconds, 1)} s (${fixed(row.ratio, 3)}×), ${row.status429} × 429, ${row.failed} failed`,
        met: fast && row.status429 === 0 && row.failed === 0,
        gap: [fast ? '' : `${fixed(row.seconds - row.idealSeconds * SHARED_GOAL, 1)} s over`, row.status429 ? `${row.status429} × 429` : '', row.failed ? `${row.failed} failed` : '']
          .filter(Boolean)
          .join(', '),
      });
    }
  }
  if (results.bundle) {
    const row = results.bundle.rows.find((r) => r.id === 'coze-client-chat');
    list.push({
      goal: `bundle: chat.create ≤ ${kB(GOAL_CHAT_CREATE_GZIP)} gzip`,
      measured: kB(row.gzipBytes),
      met: row.gzipBytes <= GOAL_CHAT_CREATE_GZIP,
      gap: row.gzipBytes <= GOAL_CHAT_CREATE_GZIP ? '' : `${kB(row.gzipBytes - GOAL_CHAT_CREATE_GZIP)} over`,
    });
  }
  if (results.importTime) {
    for (const row of results.importTime.rows.filter((r) => r.module === '@coze/client')) {
      list.push({
        goal: `import (${row.mode}): @coze/client ≤ node + ${GOAL_EXTRA_MS} ms`,
        measured: `node ${signed(row.extraMs)} ms`,
        met: row.extraMs <= GOAL_EXTRA_MS,
        gap: row.extraMs <= GOAL_EXTRA_MS ? '' : `${fixed(row.extraMs - GOAL_EXTRA_MS, 0)} ms over`,
      });
    }
  }
  if (results.stream) {
    const row = results.stream.rows.find((r) => r.id === 'coze-chat-stream');
    list.push({
      goal: `stream: CozeAPI chat.stream ≥ ${STREAM_GOAL}× eventsource-parser`,
      measured: `${fixed(row.ratio)}× (${fixed(row.mbPerSec, 1)} MB/s; main-thread CPU ${fixed(row.cpuRatio)}×)`,
      met: row.ratio >= STREAM_GOAL,
      gap: row.ratio >= STREAM_GOAL ? '' : `${fixed(STREAM_GOAL - row.ratio)}× short`,
    });
  }
  if (results.python) {
    for (const row of results.python.rows.filter((r) => r.id === 'coze-c1' || r.id === 'coze-c16')) {
      list.push({
        goal: `python c=${row.concurrency}: ${row.client} ≥ ${PYTHON_GOAL}× raw httpx`,
        measured: `${fixed(row.ratio)}× (rounds ${fixed(row.ratioMin)}–${fixed(row.ratioMax)})`,
        met: row.ratio >= PYTHON_GOAL,
        gap: row.ratio >= PYTHON_GOAL ? '' : `${fixed(PYTHON_GOAL - row.ratio)}× short`,
      });
    }
  }
  if (results.scaling) {
    const { calls, pages, verdict } = results.scaling;
    const largest = [...calls].sort((a, b) => a.count - b.count).at(-1);
    const cut = calls.filter((row) => row.cut);
    const failing = verdict.runs.filter((run) => !run.flat).map((run) => `${run.id}: ${verdictCell(run)}`);
    list.push({
      goal: `scaling: flat per-call time and heap, ${calls.map((row) => row.count / 1000).join('k / ')}k calls and ${pages?.pages ?? 0} pages`,
      measured: `${largest.count / 1000}k: last/first tenth ${fixed(largest.lastUs / largest.firstUs)}×, ${signedKB(largest.heapPer1k)} per 1k calls; µs/call ${fixed(verdict.acrossCounts)}× the ${calls[0].count / 1000}k run's${pages ? `; pages last/first ${fixed(pages.lastMs / pages.firstMs)}×` : ''}`,
      met: verdict.flat && cut.length === 0,
      gap: [
        ...failing,
        verdict.countsFlat ? '' : `µs/call grows ${fixed(verdict.acrossCounts)}× with count`,
        ...cut.map((row) => `${row.count / 1000}k row stopped at ${row.calls} calls`),
      ]
        .filter(Boolean)
        .join('; '),
    });
  }
  return list;
}

export function goalsTable(list) {
  return [['goal', 'measured', 'verdict'], ...list.map((g) => [g.goal, g.measured, g.met ? 'met' : `MISSED ${g.gap}`])];
}

export function printReport(results, meta) {
  const lines = [`Benchmarks — ${meta.date}, ${meta.machine}`, ''];
  for (const section of sections(results)) lines.push(section.title, textTable(section.rows), '');
  const list = goals(results);
  if (list.length) lines.push('Goals (issues 8, 13 and 18)', textTable(goalsTable(list), { numeric: false }), '');
  return lines.join('\n');
}

export function markdownReport(results, meta) {
  const lines = [`Measured ${meta.date} on ${meta.machine} by \`pnpm bench\`.`, ''];
  for (const section of sections(results)) lines.push(`**${section.title}**`, '', markdownTable(section.rows), '');
  const list = goals(results);
  if (list.length) lines.push('**Goals**', '', markdownTable(goalsTable(list)), '');
  return lines.join('\n');
}

/** The small table the root README shows: one row per figure, our client beside the peers. */
export function summaryMarkdown(results, meta) {
  const rows = [['', '`@coze/client`', 'goal', '`@coze/api` 1.3.9', 'openai 6', 'for reference']];
  const t = results.throughput?.rows ?? [];
  const at = (prefix, c) => t.find((r) => r.client.startsWith(prefix) && r.concurrency === c);
  const ratio = (prefix, c) => {
    const row = at(prefix, c);
    return row ? `${fixed(row.ratio)}×` : '–';
  };
  // The main thread's CPU per call over the same bursts: the client's own cost, steadier than req/s.
  const cpu = (prefix, c) => {
    const row = at(prefix, c);
    return row ? `${fixed(row.cpuUsPerCall, 0)} µs CPU/call` : '–';
  };
  const withCpu = (prefix, c) => (at(prefix, c) ? `${ratio(prefix, c)} (${cpu(prefix, c)})` : '–');
  for (const c of [...new Set(t.map((r) => r.concurrency))]) {
    const coze = at('CozeAPI chat.create', c);
    rows.push([
      `throughput, concurrency ${c} (× raw fetch)`,
      coze
        ? `${ratio('CozeAPI chat.create', c)} (${cpu('CozeAPI chat.create', c)}; × node:http ${fixed(coze.ratioNodeHttp)}× by req/s, ${fixed(coze.cpuRatioNodeHttp)}× by CPU per call)`
        : '–',
      `≥ ${THROUGHPUT_GOAL}× (≥ ${GOAL_RATIO_NODE_HTTP}× node:http by req/s)`,
      withCpu('@coze/api', c),
      withCpu('openai', c),
      `hand-written node:http ${ratio('node:http', c)} (${cpu('node:http', c)}), openapi-fetch ${ratio('openapi-fetch', c)}, hey-api ${ratio('hey-api', c)}, undici.request ${ratio('undici', c)}`,
    ]);
  }
  if (results.layers) {
    const { concurrencies } = results.layers;
    const at = (id) => concurrencies.map(({ rows }) => fixed(rows.find((r) => r.id === id)?.ratio)).join(' / ');
    const cs = concurrencies.map(({ concurrency }) => `c=${concurrency}`).join(' / ');
    rows.push([
      `throughput in a process of its own, ${cs} (× node:http, by req/s)`,
      `${at('validation')}×`,
      `≥ ${GOAL_RATIO_NODE_HTTP}×`,
      '',
      '',
      `layer by layer: + the SDK's headers ${at('headers')}, + @coze/runtime ${at('runtime')}, + the generated binding ${at('binding')}`,
    ]);
  }
  if (results.quota) {
    const q = (prefix) => {
      const row = results.quota.rows.find((r) => r.client.startsWith(prefix));
      return row ? `${fixed(row.seconds, 1)} s, ${row.status429} × 429, ${row.failed} failed` : '–';
    };
    rows.push([
      `quota: ${results.quota.calls} calls at once, 10 req/s (ideal ${fixed(results.quota.idealSeconds, 1)} s)`,
      `new connections ${q('CozeAPI chat.create')}; warm ${q('CozeAPI chat.create, warm')}`,
      `≤ ${fixed(results.quota.idealSeconds * (1 + GOAL_SLACK), 1)} s, 0, 0`,
      q('@coze/api'),
      q('openai'),
      `raw fetch + naive retry: ${q('raw fetch')}`,
    ]);
  }
  if (results.bundle) {
    // What the page loads up front, and what a dynamic import adds when its code first runs (the stream reader).
    const b = (id) => {
      const row = results.bundle.rows.find((r) => r.id === id);
      return row?.lazyGzipBytes ? `${kB(row.gzipBytes)} (+ ${kB(row.lazyGzipBytes)} loaded by the first stream)` : kB(row?.gzipBytes);
    };
    rows.push(['bundle, chat.create only (min + gzip)', b('coze-client-chat'), `≤ ${kB(GOAL_CHAT_CREATE_GZIP)}`, b('coze-api-chat'), b('openai-chat'), `openapi-fetch alone ${b('openapi-fetch')}`]);
    rows.push(['bundle, everything (min + gzip)', b('coze-client-all'), '', b('coze-api-all'), b('openai-all'), '']);
  }
  if (results.importTime) {
    const r = results.importTime.rows;
    const i = (module) => {
      const cjs = r.find((x) => x.module === module && x.mode === 'require');
      const esm = r.find((x) => x.module === module && x.mode === 'import');
      return `${signed(cjs.extraMs)} / ${signed(esm.extraMs)} ms`;
    };
    const node = r.find((x) => x.id === 'node-cjs');
    rows.push(['cold require / import, over node alone', i('@coze/client'), `≤ +${GOAL_EXTRA_MS} ms`, i('@coze/api 1.3.9'), i('openai 6'), `node alone ${fixed(node.ms, 0)} ms`]);
  }
  if (results.stream) {
    const s = (id) => {
      const row = results.stream.rows.find((r) => r.id === id);
      return row ? `${fixed(row.ratio)}× (${fixed(row.mbPerSec, 0)} MB/s, main-thread CPU ${fixed(row.cpuRatio)}×)` : '–';
    };
    rows.push(['stream parsing, 20 MB of deltas (× eventsource-parser)', s('coze-chat-stream'), `≥ ${STREAM_GOAL}×`, s('coze-api-stream'), '', `eventsource-parser ${s('eventsource-parser')}`]);
  }
  if (results.sharedQuota) {
    const { rows: shared, latency } = results.sharedQuota;
    const q = (id) => {
      const row = shared.find((r) => r.id === id);
      return row ? `${fixed(row.seconds, 1)} s, ${row.status429} × 429, ${row.failed} failed` : '–';
    };
    for (const processes of [4, 8]) {
      const row = shared.find((r) => r.id === `redis-${processes}`);
      if (!row) continue;
      rows.push([
        `shared quota: ${processes} processes × ${results.sharedQuota.callsPerProcess} calls on one token (ideal ${fixed(row.idealSeconds, 1)} s)`,
        `${q(`redis-${processes}`)} (RedisRateLimitStore)`,
        `≤ ${fixed(row.idealSeconds * SHARED_GOAL, 1)} s, 0, 0`,
        '',
        '',
        `each process alone: ${q(`alone-${processes}`)}`,
      ]);
    }
    const l = (name) => {
      const row = latency.find((r) => r.store === name);
      return row ? `${fixed(row.p50Us, 2)} / ${fixed(row.p99Us, 2)} µs` : '–';
    };
    rows.push(['rate-limit acquire, p50 / p99', `Redis on loopback ${l('Redis (loopback)')}`, '', '', '', `in-memory ${l('in-memory')}`]);
  }
  if (results.python) {
    const r = (id) => results.python.rows.find((row) => row.id === id);
    const s = (id) => results.python.stream.find((row) => row.id === id);
    rows.push([
      'Python `coze-client`: chat.create c=1 / c=16 (× raw httpx)',
      `${fixed(r('coze-c1')?.ratio)}× / ${fixed(r('coze-c16')?.ratio)}×`,
      `≥ ${PYTHON_GOAL}×`,
      '',
      '',
      `httpx ${fixed(r('httpx-c1')?.perSecond, 0)} / ${fixed(r('httpx-c16')?.perSecond, 0)} req/s`,
    ]);
    rows.push([
      'Python stream parsing, 20 MB (× plain line-split parser)',
      `${fixed(s('coze')?.ratio)}× (${fixed(s('coze')?.perSecond, 0)} MB/s)`,
      '',
      '',
      '',
      `plain parser ${fixed(s('plain')?.perSecond, 0)} MB/s`,
    ]);
  }
  if (results.pipeline) {
    const p = (id) => {
      const row = results.pipeline.rows.find((r) => r.id === id);
      return row ? `${fixed(row.seconds, 1)} s` : '–';
    };
    rows.push([
      'pipeline: cold build / cached build / generate',
      `${p('build-cold')} / ${p('build-cached')} / ${p('generate-cold')}`,
      '',
      '',
      '',
      '',
    ]);
  }
  if (results.platforms) {
    for (const row of results.platforms.rows) {
      const at = (c) => platformAt(row, c);
      const ratios = results.platforms.concurrencies.map((c) => (at(c) ? `${fixed(at(c).ratio)}×` : row.missing ? 'not installed' : 'failed'));
      const rates = results.platforms.concurrencies.map((c) => fixed(at(c)?.fetchPerSecond, 0));
      rows.push([
        `platform ${row.runtime}${row.reference ? ' (reference)' : ''}: CozeAPI.chat.create c=${results.platforms.concurrencies.join(' / c=')} (× its own fetch)`,
        ratios.join(' / '),
        '',
        '',
        '',
        `${row.runtime} ${row.version}, SDK over ${row.transport}; handed fetch ${results.platforms.concurrencies
          .map((c) => (at(c)?.diagnostics ? `${fixed(at(c).diagnostics['coze-fetch'].ratio)}×` : '–'))
          .join(' / ')}; fetch ${rates.join(' / ')} req/s`,
      ]);
    }
  }
  if (results.console) {
    const part = (id) => results.console.rows.find((row) => row.id === id);
    rows.push([
      'debug console page (min + gzip, requests)',
      `${kB(part('page').gzipBytes)} (${kB(part('page').rawBytes)} raw), ${results.console.requests} request${results.console.requests === 1 ? '' : 's'}`,
      '',
      '',
      '',
      `script ${kB(part('script').gzipBytes)}, styles ${kB(part('styles').gzipBytes)}, spec data ${kB(part('data').gzipBytes)}`,
    ]);
  }
  if (results.scaling) {
    const { calls, pages, verdict } = results.scaling;
    const largest = [...calls].sort((a, b) => a.count - b.count).at(-1);
    rows.push([
      `scaling: µs per chat.create, ${calls.map((row) => `${row.count / 1000}k`).join(' / ')} sequential calls`,
      `${calls.map((row) => `${fixed(row.usPerCall, 0)}${row.cut ? ' (cut)' : ''}`).join(' / ')} µs${verdict.flat ? ', flat' : ''}`,
      'flat',
      '',
      '',
      `${largest.count / 1000}k: last tenth ${fixed(largest.lastUs / largest.firstUs)}× the first; heap ${signedKB(largest.heapPer1k)} per 1k calls`,
    ]);
    if (pages) {
      rows.push([
        `scaling: workflow.list, ${pages.pages} pages × ${pages.pageSize} (ms per page, first 10 / last 10)`,
        `${fixed(pages.firstMs)} / ${fixed(pages.lastMs)} ms`,
        'flat',
        '',
        '',
        `heap ${signedKB(pages.heapPer1k)} per 1k pages`,
      ]);
    }
  }
  return `Measured ${meta.date} with \`pnpm bench\` on ${meta.machine} (a shared machine: throughput ratios vary by ±0.1 from run to run).\n\n${markdownTable(rows)}\n`;
}

/**
 * The README's table after a run of only some sections: their rows replace the rows of the same
 * name (or join the table), every other row stays as the last full run left it.
 */
export function mergeSummary(current, summary, meta, only) {
  const tableRows = (text) => text.split('\n').filter((line) => line.startsWith('|'));
  const name = (row) => row.split('|')[1].trim();
  const old = tableRows(current);
  const fresh = tableRows(summary).slice(2);
  if (old.length < 2) return summary;
  const merged = [...old];
  for (const row of fresh) {
    const at = merged.findIndex((line) => name(line) === name(row));
    if (at >= 2) merged[at] = row;
    else merged.push(row);
  }
  const intro = current.split('\n').find((line) => line.startsWith('Measured')) ?? '';
  return `${intro}\n\n${merged.join('\n')}\n\n${remeasuredNote(current, only, meta.date)}\n`;
}

const REMEASURED = 'Rows re-measured alone (`pnpm bench -- --only <sections>`): ';

/**
 * One footer line saying when each section was last re-measured on its own: a section run again
 * leaves its older date behind, so the line never grows past one entry per section.
 */
function remeasuredNote(current, only, date) {
  const lastRun = new Map();
  const line = current.split('\n').find((text) => text.startsWith(REMEASURED)) ?? REMEASURED;
  for (const group of line.slice(REMEASURED.length).replace(/\.$/, '').split('; ')) {
    const at = /^(.+) on (\S+)$/.exec(group);
    if (at) for (const section of at[1].split(', ')) lastRun.set(section, at[2]);
  }
  for (const section of only) lastRun.delete(section);
  for (const section of only) lastRun.set(section, date);
  const byDate = new Map();
  for (const [section, when] of lastRun) byDate.set(when, [...(byDate.get(when) ?? []), section]);
  const groups = [...byDate].sort(([a], [b]) => a.localeCompare(b)).map(([when, sections]) => `${sections.join(', ')} on ${when}`);
  return `${REMEASURED}${groups.join('; ')}.`;
}
