// 1. Per-request throughput and latency: N POSTs per client per round at concurrency c, against the
// minimal local chat server, clients interleaved round by round; ratios to raw fetch of the same round.
// Beside requests/s, the main thread's CPU time per call over the same bursts: the server runs in another
// process, so it is the client's own cost, and it moves far less than wall time on two shared cores.
import { THROUGHPUT_CLIENTS, nodeHttp, rawFetch } from './clients.mjs';
import { collectYoungGarbage, mainThreadCpuNs, median, msSince, percentile, rotate } from './stats.mjs';

/** Issue 8: CozeAPI ≥ 0.95× raw fetch. */
export const GOAL_RATIO = 0.95;
/** Issue 18: CozeAPI ≥ 0.9× a hand-written node:http keep-alive request (its own transport's ceiling). */
export const GOAL_RATIO_NODE_HTTP = 0.9;

/**
 * Sends `requests` calls with `concurrency` in flight; stops early after `timeLimitMs`. `cpuUs` is the main
 * thread's CPU time over the burst (`mainThreadCpuNs`) per completed call, in µs.
 */
async function burst(call, requests, concurrency, timeLimitMs) {
  const latencies = new Float64Array(requests);
  let next = 0;
  let done = 0;
  let errors = 0;
  let firstError;
  const start = process.hrtime.bigint();
  const cpuStart = mainThreadCpuNs();
  const deadline = performance.now() + timeLimitMs;
  const worker = async () => {
    while (next < requests && performance.now() < deadline) {
      next++;
      const t = process.hrtime.bigint();
      try {
        await call();
        latencies[done++] = Number(process.hrtime.bigint() - t) / 1e6;
      } catch (error) {
        errors++;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpuNs = mainThreadCpuNs() - cpuStart;
  const elapsed = msSince(start);
  const sorted = latencies.subarray(0, done).sort();
  return {
    rps: (done / elapsed) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    cpuUs: done > 0 ? cpuNs / 1000 / done : Number.NaN,
    done,
    errors,
    firstError,
  };
}

/**
 * One round's results with their ratios to the same round's baseline (raw fetch) and ceiling (the hand-written
 * node:http request): of requests/s, and of CPU per call turned the same way round (the baseline's CPU per call
 * over the client's), so that both read "× the baseline, higher is better". A missing baseline or ceiling
 * gives NaN ratios.
 * @param {Map<string, { rps: number, cpuUs: number }>} results
 * @param {{ baseline: string, ceiling: string }} names
 */
export function withRoundRatios(results, { baseline, ceiling }) {
  const base = results.get(baseline);
  const top = results.get(ceiling);
  const out = new Map();
  for (const [name, result] of results) {
    out.set(name, {
      ...result,
      ratio: result.rps / (base?.rps ?? Number.NaN),
      ratioNodeHttp: result.rps / (top?.rps ?? Number.NaN),
      cpuRatio: (base?.cpuUs ?? Number.NaN) / result.cpuUs,
      cpuRatioNodeHttp: (top?.cpuUs ?? Number.NaN) / result.cpuUs,
    });
  }
  return out;
}

/**
 * The CPU ratio of a client to a reference over the counted rounds: the reference's median CPU per call over
 * the client's (higher is better, like the throughput ratio). Steadier than the median of the rounds' own
 * ratios, which takes each round's noise on both sides at once. NaN when either side has no round.
 * @param {Array<{ cpuUs: number }>} clientRuns
 * @param {Array<{ cpuUs: number }> | undefined} referenceRuns
 */
export function cpuRatioOfMedians(clientRuns, referenceRuns) {
  if (!referenceRuns?.length || clientRuns.length === 0) return Number.NaN;
  return median(referenceRuns.map((run) => run.cpuUs)) / median(clientRuns.map((run) => run.cpuUs));
}

/**
 * @param {{ url: string, rounds: number, requests: number, concurrencies: number[], timeLimitMs: number,
 *   sectionLimitMs: number, clients?: import('./clients.mjs').ClientSpec[], log: (line: string) => void }} options
 *   `timeLimitMs` bounds one burst; `sectionLimitMs` the whole section (at least one counted round runs).
 */
export async function runThroughput({ url, rounds, requests, concurrencies, timeLimitMs, sectionLimitMs, clients = THROUGHPUT_CLIENTS, log }) {
  // Every concurrency gets its share of the section's time; a share used up ends its rounds early.
  const shareMs = sectionLimitMs / concurrencies.length;
  const instances = [];
  for (const spec of clients) instances.push({ spec, client: await spec.create(url, 'bench-token') });
  const rows = [];
  try {
    for (const concurrency of concurrencies) {
      // Per client, the counted rounds' results, each with its ratio to raw fetch of the same round.
      const samples = new Map(instances.map(({ spec }) => [spec.name, []]));
      const deadline = performance.now() + shareMs;
      // Round 0 (a quarter of the calls) warms up the JIT and the connection pools and is not counted.
      for (let round = 0; round <= rounds && (round <= 1 || performance.now() < deadline); round++) {
        const results = new Map();
        for (const { spec, client } of rotate(instances, round)) {
          // A scavenge between bursts, not a full GC: see collectYoungGarbage (a full GC made each burst re-optimize).
          collectYoungGarbage();
          const count = round === 0 ? Math.ceil(requests / 4) : requests;
          results.set(spec.name, await burst(client.call, count, concurrency, timeLimitMs));
        }
        for (const [name, result] of withRoundRatios(results, { baseline: rawFetch.name, ceiling: nodeHttp.name })) {
          if (round > 0) samples.get(name).push(result);
          if (result.errors) log(`  ! ${name}: ${result.errors} failed call(s): ${result.firstError}`);
        }
        log(`  throughput c=${concurrency} round ${round === 0 ? 'warm-up' : `${round}/${rounds}`} done`);
      }
      for (const { spec } of instances) {
        const runs = samples.get(spec.name);
        const nodeHttpRatios = runs.map((run) => run.ratioNodeHttp).sort((a, b) => a - b);
        rows.push({
          client: spec.name,
          note: spec.note,
          diagnostic: Boolean(spec.diagnostic),
          concurrency,
          requests,
          rounds: runs.length,
          rps: median(runs.map((run) => run.rps)),
          ratio: median(runs.map((run) => run.ratio)),
          p50Ms: median(runs.map((run) => run.p50)),
          p99Ms: median(runs.map((run) => run.p99)),
          errors: runs.reduce((sum, run) => sum + run.errors, 0),
          incomplete: runs.some((run) => run.done + run.errors < requests),
          ratioMin: Math.min(...runs.map((run) => run.ratio)),
          ratioMax: Math.max(...runs.map((run) => run.ratio)),
          ratioNodeHttp: median(runs.map((run) => run.ratioNodeHttp)),
          ratioNodeHttpMin: Math.min(...runs.map((run) => run.ratioNodeHttp)),
          ratioNodeHttpMax: Math.max(...runs.map((run) => run.ratioNodeHttp)),
          // The middle half of the rounds: on a shared machine, min and max are one noisy stretch each.
          ratioNodeHttpQ1: percentile(nodeHttpRatios, 25),
          ratioNodeHttpQ3: percentile(nodeHttpRatios, 75),
          cpuUsPerCall: median(runs.map((run) => run.cpuUs)),
          // Ratios of the medians of each side's CPU per call (the rounds' own ratios give the range below).
          cpuRatio: cpuRatioOfMedians(runs, samples.get(rawFetch.name)),
          cpuRatioNodeHttp: cpuRatioOfMedians(runs, samples.get(nodeHttp.name)),
          cpuRatioNodeHttpMin: Math.min(...runs.map((run) => run.cpuRatioNodeHttp)),
          cpuRatioNodeHttpMax: Math.max(...runs.map((run) => run.cpuRatioNodeHttp)),
        });
      }
    }
  } finally {
    for (const { client } of instances) await client.close?.();
  }
  return rows;
}
