#!/usr/bin/env node
// `pnpm bench`: every benchmark of issue 8 in one run, printed as a table and written to
// results/latest.json, results/latest.md (every table) and results/summary.md (one small table);
// a --quick run writes results/quick.json and quick.md instead.
// `--only throughput,stream` or `--skip pipeline` runs a subset; `--quick` runs fewer rounds (a smoke
// test, not figures to quote); `--readme` also writes the summary into the root README between its
// bench markers.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

// The benchmarks load the built packages: say so plainly instead of failing on a missing module.
if (!existsSync(fileURLToPath(new URL('../../../packages/client/dist/index.js', import.meta.url)))) {
  console.error('packages/client/dist is missing: run `pnpm build` at the repository root first.');
  process.exit(1);
}
const { runBundles } = await import('./bundle.mjs');
const { runConsoleWeight } = await import('./console-weight.mjs');
const { runImportTime } = await import('./import-time.mjs');
const { runPipeline } = await import('./pipeline.mjs');
const { runPlatforms } = await import('./platforms.mjs');
const { runSharedQuota } = await import('./shared-quota.mjs');
const { runPython } = await import('./python.mjs');
const { idealSeconds, runQuota } = await import('./quota.mjs');
const { goals, markdownReport, mergeSummary, printReport, summaryMarkdown } = await import('./report.mjs');
const { startBenchServers } = await import('./servers.mjs');
const { runScaling } = await import('./scaling.mjs');
const { runStream } = await import('./stream.mjs');
const { readMutation } = await import('./mutation.mjs');
const { runThroughput } = await import('./throughput.mjs');
const { runLayers } = await import('./layers.mjs');

const SECTIONS = [
  'throughput',
  'layers',
  'stream',
  'python',
  'platforms',
  'scaling',
  'import',
  'bundle',
  'console',
  'quota',
  'shared-quota',
  'pipeline',
  'mutation',
];

function parseArgs(argv) {
  const args = { only: SECTIONS, quick: false, readme: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const list = () => (argv[++i] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (arg === '--') continue;
    else if (arg === '--only') args.only = list();
    else if (arg.startsWith('--only=')) args.only = arg.slice(7).split(',');
    else if (arg === '--skip') {
      const skip = list();
      args.only = args.only.filter((s) => !skip.includes(s));
    }
    else if (arg === '--quick') args.quick = true;
    else if (arg === '--readme') args.readme = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(`usage: pnpm bench [-- --only ${SECTIONS.join(',')}] [--skip …] [--quick] [--readme]
env: BENCH_REQUESTS (POSTs per client per round, 2000), BENCH_ROUNDS (throughput rounds, 7),
     BENCH_QUOTA_N (quota calls, 300), BENCH_IMPORT_RUNS (15), BENCH_PLATFORM_REQUESTS (POSTs per client per
     round on each runtime, 2000), BENCH_SCALING_SECONDS (the most one scaling row may take, 150)`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  const unknown = args.only.filter((s) => !SECTIONS.includes(s));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(', ')}: choose from ${SECTIONS.join(', ')}`);
  return args;
}

const envNumber = (name, fallback) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const args = parseArgs(process.argv.slice(2));
const settings = {
  requests: envNumber('BENCH_REQUESTS', args.quick ? 300 : 2000),
  throughputRounds: envNumber('BENCH_ROUNDS', args.quick ? 1 : 7),
  quotaCalls: envNumber('BENCH_QUOTA_N', args.quick ? 30 : 300),
  importRuns: envNumber('BENCH_IMPORT_RUNS', args.quick ? 3 : 15),
  streamRounds: args.quick ? 1 : 5,
  pipelineRounds: args.quick ? 1 : 2,
  platformRequests: envNumber('BENCH_PLATFORM_REQUESTS', args.quick ? 200 : 2000),
  platformRounds: args.quick ? 1 : 5,
  scalingCounts: [1_000, 10_000, 100_000],
  // A quick run cuts the 100k row on purpose: the cut is part of what it smoke-tests.
  scalingRowSeconds: envNumber('BENCH_SCALING_SECONDS', args.quick ? 10 : 150),
};

const cpus = os.cpus();
const meta = {
  date: new Date().toISOString().slice(0, 10),
  startedAt: new Date().toISOString(),
  machine: `Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  cores: cpus.length,
  loadAverageAtStart: os.loadavg(),
  gcBetweenRounds: typeof globalThis.gc === 'function',
  settings,
  quick: args.quick,
};

const log = (line) => console.error(line);
const runStart = performance.now();
const elapsed = () => `${((performance.now() - runStart) / 1000).toFixed(0)} s`;
const results = {};
const want = (section) => args.only.includes(section);

log(`pnpm bench: ${args.only.join(', ')}${args.quick ? ' (quick)' : ''}; ${meta.machine}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (!meta.gcBetweenRounds) log('  (gc not exposed: run with node --expose-gc for steadier rounds)');

/** Runs one section; a failure is reported and recorded, and the other sections still run. */
async function section(name, title, run) {
  if (!want(name)) return;
  log(`${title}… [${elapsed()}]`);
  try {
    await run();
  } catch (error) {
    log(`  ! ${name} failed: ${error.stack ?? error}`);
    failures.push({ section: name, error: String(error.message ?? error) });
  }
}
const failures = [];

let servers;
if (['throughput', 'layers', 'stream', 'python', 'platforms', 'scaling'].some(want)) servers = await startBenchServers();
try {
  await section('throughput', 'throughput', async () => {
    const rows = await runThroughput({
      url: servers.chatUrl,
      rounds: settings.throughputRounds,
      requests: settings.requests,
      concurrencies: [1, 16],
      timeLimitMs: 30_000,
      sectionLimitMs: args.quick ? 60_000 : 270_000,
      log,
    });
    results.throughput = { requests: settings.requests, rows };
  });
  await section('layers', 'throughput by layer (each beside node:http in a process of its own)', async () => {
    const rounds = args.quick ? 2 : 30;
    const requests = args.quick ? 100 : 1000;
    results.layers = { rounds, requests, concurrencies: await runLayers({ url: servers.chatUrl, concurrencies: [1, 16], rounds, requests, log }) };
  });
  await section('stream', 'stream', async () => {
    const rows = await runStream({
      url: servers.streamUrl,
      bytes: servers.streamBytes,
      deltas: servers.deltas,
      rounds: settings.streamRounds,
      timeLimitMs: 60_000,
      log,
    });
    results.stream = { bytes: servers.streamBytes, deltas: servers.deltas, rows };
  });
  await section('python', 'python', async () => {
    results.python = {
      bytes: servers.streamBytes,
      deltas: servers.deltas,
      ...(await runPython({
        servers,
        requests: settings.requests,
        rounds: settings.throughputRounds,
        streamRounds: settings.streamRounds,
        timeLimitMs: args.quick ? 60_000 : 240_000,
        log,
      })),
    };
  });
  await section('platforms', 'platforms (CozeAPI vs each runtime\'s own fetch)', async () => {
    results.platforms = {
      requests: settings.platformRequests,
      concurrencies: [1, 16],
      rows: await runPlatforms({
        url: servers.chatUrl,
        requests: settings.platformRequests,
        rounds: settings.platformRounds,
        concurrencies: [1, 16],
        timeLimitMs: args.quick ? 20_000 : 90_000,
        log,
      }),
    };
  });
  await section('scaling', `scaling (the 100k row stops after ${settings.scalingRowSeconds} s)`, async () => {
    results.scaling = await runScaling({
      chatUrl: servers.chatUrl,
      counts: settings.scalingCounts,
      rowLimitMs: settings.scalingRowSeconds * 1000,
      pages: 100,
      pageSize: 20,
      pageRepeats: args.quick ? 3 : 20,
      pagesLimitMs: 30_000,
      log,
    });
  });
} finally {
  await servers?.close();
}

await section('import', 'cold import', async () => {
  results.importTime = { rows: await runImportTime({ runs: settings.importRuns, timeLimitMs: 60_000, log }) };
});

await section('bundle', 'bundle size', async () => {
  results.bundle = { rows: await runBundles({ log }) };
});

await section('console', 'debug console page weight', async () => {
  results.console = await runConsoleWeight();
});

await section('quota', `quota (N = ${settings.quotaCalls}, set BENCH_QUOTA_N to change)`, async () => {
  results.quota = {
    calls: settings.quotaCalls,
    idealSeconds: idealSeconds(settings.quotaCalls),
    rows: await runQuota({ calls: settings.quotaCalls, log }),
  };
});

await section('shared-quota', 'shared quota across processes (Redis store)', async () => {
  results.sharedQuota = await runSharedQuota({ log, latencyRuns: args.quick ? 2_000 : 20_000 });
});

await section('pipeline', 'pipeline', async () => {
  results.pipeline = { rows: await runPipeline({ rounds: settings.pipelineRounds, timeLimitMs: 150_000, log }) };
});

await section('mutation', 'mutation testing (the committed Stryker baselines)', async () => {
  results.mutation = await readMutation();
});

meta.seconds = (performance.now() - runStart) / 1000;
meta.loadAverageAtEnd = os.loadavg();
console.log(`\n${printReport(results, meta)}`);
for (const failure of failures) console.log(`Section ${failure.section} FAILED: ${failure.error}`);
console.log(`Total ${meta.seconds.toFixed(0)} s; load average ${meta.loadAverageAtStart.map((l) => l.toFixed(1)).join(' ')} at start, ${meta.loadAverageAtEnd.map((l) => l.toFixed(1)).join(' ')} at end.`);

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
await mkdir(resultsDir, { recursive: true });
const summary = summaryMarkdown(results, meta);
// A quick run's figures are not to be quoted: they go to quick.* and leave the latest full run alone.
const name = args.quick ? 'quick' : 'latest';
await writeFile(`${resultsDir}${name}.json`, `${JSON.stringify({ meta, goals: goals(results), failures, ...results }, null, 2)}\n`);
await writeFile(`${resultsDir}${name}.md`, markdownReport(results, meta));
if (!args.quick) await writeFile(`${resultsDir}summary.md`, summary);
console.log(`Wrote ${resultsDir}${name}.json, ${name}.md (every table)${args.quick ? '' : ' and summary.md (the README table)'}`);

if (args.readme && !args.quick) {
  const readmePath = fileURLToPath(new URL('../../../README.md', import.meta.url));
  const readme = await readFile(readmePath, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`);
  const current = readme.slice(from + start.length, to);
  // A run of some sections replaces their rows and keeps the others' (a full run rewrites the table).
  const written = args.only.length === SECTIONS.length ? summary : mergeSummary(current, summary, meta, args.only);
  await writeFile(readmePath, `${readme.slice(0, from + start.length)}\n${written}${readme.slice(to)}`);
  console.log('Updated the README between its bench markers');
}
// Keep-alive sockets and the peers' agents would hold the process open for their idle timeouts.
process.exit(failures.length ? 1 : 0);
