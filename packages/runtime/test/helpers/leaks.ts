import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import type { Hooks, RequestInfo, ResponseInfo } from '../../src/index.js';

/** The token every integration test uses: it must reach the Authorization header and nothing else. */
export const SENTINEL = 'sk-SENTINEL-0f4c1e7a-must-never-leak';

/** Every way an error is commonly printed or logged. */
export function renderings(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: String(e?.message),
    string: String(error),
    json: JSON.stringify(error) ?? '',
    stack: String(e?.stack),
    inspect: inspect(error, { depth: 10, showHidden: true }),
  };
}

export function expectNoSecret(error: unknown, secret = SENTINEL): void {
  for (const [how, text] of Object.entries(renderings(error))) {
    expect(text.includes(secret), `the token leaked into ${how}: ${text}`).toBe(false);
  }
}

/** Hooks that record what they are given, to prove they never see the token. */
export function recordingHooks(): Hooks & { seen: Array<RequestInfo | ResponseInfo> } {
  const seen: Array<RequestInfo | ResponseInfo> = [];
  return {
    seen,
    onRequest: (info) => seen.push(structuredClone(info)),
    onResponse: (info) => seen.push(structuredClone(info)),
  };
}

export function expectHooksRedacted(seen: ReadonlyArray<RequestInfo | ResponseInfo>, secret = SENTINEL): void {
  expect(inspect(seen, { depth: 10 }).includes(secret)).toBe(false);
  for (const info of seen) {
    if ('authorization' in info.headers) expect(info.headers.authorization).toBe('[REDACTED]');
  }
}

/** How many timers currently keep the process alive. */
export function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

/** The count of timers with the test runner's short-lived ones left out: the least of a few samples. */
export async function baselineTimeouts(): Promise<number> {
  let least = activeTimeouts();
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    least = Math.min(least, activeTimeouts());
  }
  return least;
}

/**
 * The number of timers once it is back to `baseline`, or after `withinMs`. The test runner has
 * short-lived timers of its own (one per message in flight to the main process), so a single
 * count can catch one of them; a timer the runtime leaked (an attempt timeout, a limiter wait)
 * lasts far longer than this.
 */
export async function settledTimeouts(baseline: number, withinMs = 1000): Promise<number> {
  const deadline = Date.now() + withinMs;
  let count = activeTimeouts();
  while (count > baseline && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    count = activeTimeouts();
  }
  return count;
}

// This package's src folder wherever the package is: Stryker runs the tests in a copy of it (a sandbox folder).
const SOURCE_DIR = fileURLToPath(new URL('../../src/', import.meta.url)).replace(/[\\/]/g, '/');
const RUNTIME_SOURCE = new RegExp(`${SOURCE_DIR.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\//g, '[\\\\/]')}([\\w/.-]+:\\d+)`);

/**
 * Records every timer that runtime code (packages/runtime/src) creates and whether it was cleared or
 * fired, so that a test can name the line of any timer the runtime leaves behind.
 */
export function trackRuntimeTimers(): { live: () => string[]; keepingAlive: () => string[]; restore: () => void } {
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const live = new Map<ReturnType<typeof setTimeout>, string>();
  const tracked = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const site = RUNTIME_SOURCE.exec(new Error().stack ?? '')?.[1];
    const timer = realSetTimeout(
      (...callArgs: unknown[]) => {
        live.delete(timer);
        callback(...callArgs);
      },
      ms,
      ...args,
    );
    if (site) live.set(timer, site);
    return timer;
  }) as unknown as typeof setTimeout;
  globalThis.setTimeout = tracked;
  globalThis.clearTimeout = ((timer?: Parameters<typeof clearTimeout>[0]) => {
    live.delete(timer as ReturnType<typeof setTimeout>);
    realClearTimeout(timer);
  }) as typeof clearTimeout;
  return {
    live: () => [...live.values()],
    keepingAlive: () => [...live].filter(([timer]) => timer.hasRef()).map(([, site]) => site),
    restore: () => {
      globalThis.setTimeout = realSetTimeout;
      globalThis.clearTimeout = realClearTimeout;
    },
  };
}

/** Awaits a promise that must reject, and returns what it rejected with. */
export async function rejectionOf(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
