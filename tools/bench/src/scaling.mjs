// 13. Cost as work grows (issue 18, goal 6): 1k, 10k and 100k sequential chat.create calls against the minimal
// chat server, and a 100-page workflow.list iteration against the embedded mock server, in a child process of
// their own (node --expose-gc, so that "heap after GC" is this work's heap and nothing else's). This file holds
// the runner and the verdicts; src/scaling-worker.mjs makes the calls.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { startServer } from './quota.mjs';

/** Per-call time may drift this much (last tenth of the 100k run against its first, and 100k against 1k). */
export const TIME_SLACK = 0.25;
/**
 * The heap used after GC moves by a few hundred kB between two readings of a run that keeps nothing (compiled
 * code, inline caches): a run is flat when its heap grew by no more than this from start to end. Over 100k
 * calls that is ~10 bytes a call, less than one object kept per call.
 */
export const HEAP_NOISE_BYTES = 1024 * 1024;

/**
 * Whether a run's per-call cost stayed flat: time (the last whole tenth against the first, or the last ten
 * pages against the first ten) and heap (used after GC, end against start).
 *
 * @param {{ firstUs: number, lastUs: number, heapStart: number, heapEnd: number }} run
 * @returns {{ timeRatio: number, timeFlat: boolean, heapGrowth: number, heapFlat: boolean, flat: boolean }}
 */
export function flatness({ firstUs, lastUs, heapStart, heapEnd }) {
  const timeRatio = lastUs / firstUs;
  const timeFlat = Number.isFinite(timeRatio) && timeRatio <= 1 + TIME_SLACK;
  const heapGrowth = heapEnd - heapStart;
  const heapFlat = Number.isFinite(heapGrowth) && heapGrowth <= HEAP_NOISE_BYTES;
  return { timeRatio, timeFlat, heapGrowth, heapFlat, flat: timeFlat && heapFlat };
}

/**
 * The section's verdict: every run flat in itself, and the per-call time of the largest count within the
 * slack of the smallest's.
 *
 * @param {{ calls: Array<{ count: number, usPerCall: number, firstUs: number, lastUs: number, heapStart: number, heapEnd: number }>,
 *   pages?: { firstMs: number, lastMs: number, heapStart: number, heapEnd: number } }} scaling
 */
export function scalingVerdict({ calls, pages }) {
  const runs = calls.map((row) => ({ id: `${row.count} calls`, ...flatness(row) }));
  if (pages) runs.push({ id: 'workflow.list pages', ...flatness({ ...pages, firstUs: pages.firstMs, lastUs: pages.lastMs }) });
  const sorted = [...calls].sort((a, b) => a.count - b.count);
  const acrossCounts = sorted.length >= 2 ? sorted.at(-1).usPerCall / sorted[0].usPerCall : Number.NaN;
  const countsFlat = Number.isFinite(acrossCounts) && acrossCounts <= 1 + TIME_SLACK;
  return { runs, acrossCounts, countsFlat, flat: countsFlat && runs.every((run) => run.flat) };
}

/**
 * @param {{ chatUrl: string, counts: number[], rowLimitMs: number, pages: number, pageSize: number,
 *   pageRepeats: number, pagesLimitMs: number, log: (line: string) => void }} options `rowLimitMs` bounds
 *   each count's calls (a row that reaches it stops and says so), `pagesLimitMs` the paging repeats
 */
export async function runScaling({ chatUrl, counts, rowLimitMs, pages, pageSize, pageRepeats, pagesLimitMs, log }) {
  const mock = await startServer({ rateLimit: false });
  const child = fork(new URL('./scaling-worker.mjs', import.meta.url), [], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The worker bounds its own loops; this is the backstop.
  const backstopMs = counts.length * rowLimitMs + pagesLimitMs + 120_000;
  const killer = setTimeout(() => child.kill('SIGKILL'), backstopMs);
  try {
    child.send({ chatUrl, mockUrl: mock.url, mockToken: mock.tokens.admin, counts, rowLimitMs, pages, pageSize, pageRepeats, pagesLimitMs });
    const result = await new Promise((resolve, reject) => {
      child.on('message', (message) => {
        if (message.log) log(`  ${message.log}`);
        else if (message.error) reject(new Error(message.error));
        else resolve(message.result);
      });
      child.once('exit', (code, signal) => reject(new Error(`the scaling worker exited (${code ?? signal}) before reporting`)));
    });
    return { ...result, verdict: scalingVerdict(result) };
  } finally {
    clearTimeout(killer);
    if (child.exitCode === null) {
      child.kill();
      await once(child, 'exit');
    }
    await mock.close();
  }
}
