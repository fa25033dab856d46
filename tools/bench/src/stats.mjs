/** Small numeric helpers shared by every benchmark. */
import { readFileSync } from 'node:fs';

export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The nearest-rank percentile `p` (0–100) of already sorted values. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function msSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

/**
 * Nanoseconds the main thread has spent on a CPU: on Linux its own schedstat (the first field), which leaves out
 * the GC and I/O helper threads and, unlike wall time, the waits while another process has the core (on two
 * shared cores, wall time moves by ±10% between runs of the same code); elsewhere the process's CPU time.
 */
export function mainThreadCpuNs() {
  try {
    return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ', 1)[0]);
  } catch {
    const { user, system } = process.cpuUsage();
    return (user + system) * 1000;
  }
}

/**
 * Empties the young generation between bursts (a scavenge) when node was started with --expose-gc, so
 * that no burst pays for the garbage of the one before. Not a full GC: with no request in flight, a full
 * GC frees the hidden classes (maps) of the objects each request makes, V8 then discards the optimized
 * code that checks them ("weak objects"), and the next burst runs while it is optimized again: at
 * concurrency 16, 2-3x the main thread's CPU per call and ~100 µs per call on the compiler threads for
 * the first ~2,500 calls, more for the client with more code. A burst of 2,000 calls measured that, not
 * the steady state.
 */
export function collectYoungGarbage() {
  globalThis.gc?.({ type: 'minor' });
}

/** Runs the collector between rounds when node was started with --expose-gc. */
export function collectGarbage() {
  globalThis.gc?.();
}

/** `items` rotated by `round`, so that no entry always runs first (or right after the same one). */
export function rotate(items, round) {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
