// The chaos soak: `calls` calls of every operation of the spec (a quarter of them streams) from `concurrency`
// callers sharing one CozeAPI client, through the embedded server (in a child process) injecting random faults.
// Bounded in count (the calls) and in time (a watchdog per call and one for the whole run).
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { CozeAPI, CozeError } from '@coze/client';
import { seededRandom } from '@coze/mock-server';
import { loadOperations } from './operations.mjs';

/** The faults the server picks from: every kind the issue names, each a fault a real network or proxy produces. */
export const SOAK_FAULTS = [
  { status: 500 },
  { status: 502 },
  { status: 503 },
  { kind: 'reset' },
  { kind: 'reset-after' },
  { status: 429, retryAfter: '1', retryAfterMs: 100 },
  { status: 429 },
  { kind: 'hang' },
  { kind: 'truncate' },
  { kind: 'truncate', status: 500 },
  { kind: 'html', status: 502 },
  { kind: 'odd-status', status: 600 },
  { kind: 'odd-status', status: 'control' },
  { kind: 'drop-stream', afterEvents: 2 },
  { kind: 'stall-stream', afterEvents: 1 },
  { kind: 'malformed-stream', afterEvents: 1 },
  { kind: 'stream-error', afterEvents: 2 },
];

/**
 * @typedef {object} SoakOptions
 * @property {number} [calls]        @default 5000
 * @property {number} [concurrency]  @default 32
 * @property {number} [faultRate]    @default 0.2
 * @property {number} [streamShare]  @default 0.25
 * @property {number} [seed]         @default 1
 * @property {number} [timeout]      the client's timeout per attempt (and idle timeout of streams), ms @default 1500
 * @property {number} [callLimitMs]  a call still pending after this long counts as hung @default 60000
 */

/** Runs the soak and returns its figures. Needs `--expose-gc` for the heap figures. */
export async function runSoak(/** @type {SoakOptions} */ options = {}) {
  const { calls = 5000, concurrency = 32, faultRate = 0.2, streamShare = 0.25, seed = 1, timeout = 1500, callLimitMs = 60_000 } = options;
  const failures = { unhandledRejections: 0, uncaughtExceptions: 0, samples: /** @type {string[]} */ ([]) };
  const onRejection = (/** @type {unknown} */ reason) => {
    failures.unhandledRejections++;
    sample(failures.samples, `unhandledRejection: ${describe(reason)}`);
  };
  const onException = (/** @type {unknown} */ error) => {
    failures.uncaughtExceptions++;
    sample(failures.samples, `uncaughtException: ${describe(error)}`);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);

  // Both buckets allow far more than the Coze default of 10/s, so the soak is about faults, not about waiting;
  // the client's stays a little under the server's, as a client's limiter should.
  const rateLimit = { requestsPerSecond: 400, burst: 40 };
  const server = await startServer({ faultRate, seed, faults: SOAK_FAULTS, rateLimit: { requestsPerSecond: 440, burst: 44 } });
  const coze = new CozeAPI({ apiKey: server.token, baseURL: server.url, timeout, rateLimit });
  const operations = loadOperations();
  const streaming = operations.filter((op) => op.streams);
  const random = seededRandom(seed + 1);

  /** Live resource ids for path parameters: seeded fault-free (the header wins over chaos), refilled by creates. */
  const ids = await seedIds(coze, 16);
  const outcomes = new Map();
  const byOperation = new Map();
  let hung = 0;
  let events = 0;
  let done = 0;

  const gc = /** @type {(() => void) | undefined} */ (globalThis.gc);
  const heap = { before: 0, after: 0 };
  const started = performance.now();
  const warmUp = Math.min(calls, Math.max(concurrency * 4, Math.floor(calls / 10)));

  /** One call: an operation picked at random (a stream with probability streamShare), its outcome recorded. */
  const callOnce = async () => {
    const stream = streaming.length > 0 && random() < streamShare;
    const op = stream ? streaming[Math.floor(random() * streaming.length)] : operations[Math.floor(random() * operations.length)];
    const { promise, cancel } = withLimit(invoke(coze, /** @type {any} */ (op), stream, ids, random), callLimitMs);
    let outcome;
    try {
      const result = await promise;
      events += result;
      outcome = 'ok';
    } catch (error) {
      if (error === HUNG) {
        hung++;
        outcome = 'hung';
        sample(failures.samples, `hung: ${op?.operationId}${stream ? ' (stream)' : ''}`);
      } else if (error instanceof CozeError) outcome = error.name;
      else {
        outcome = `foreign ${describe(error)}`;
        sample(failures.samples, `not a CozeError from ${op?.operationId}: ${describe(error)}`);
      }
    } finally {
      cancel();
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    const key = `${op?.operationId}${stream ? ' (stream)' : ''}`;
    byOperation.set(key, (byOperation.get(key) ?? 0) + 1);
    done++;
  };

  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next++;
      await callOnce();
      if (done === warmUp && gc) {
        await settleGc(gc);
        heap.before = process.memoryUsage().heapUsed;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - started;

  const writes = await server.writes();
  await server.close();
  // Idle keep-alive sockets see the server go; stray timers would still be pending.
  await delay(200);
  if (gc) {
    await settleGc(gc);
    heap.after = process.memoryUsage().heapUsed;
  }
  const handles = process.getActiveResourcesInfo().filter((name) => !IDLE_PROCESS_RESOURCES.has(name));
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);

  const foreign = [...outcomes].filter(([name]) => name.startsWith('foreign')).reduce((sum, [, n]) => sum + n, 0);
  return {
    calls: done,
    concurrency,
    faultRate,
    wallMs: Math.round(wallMs),
    outcomes: Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])),
    byOperation: Object.fromEntries([...byOperation].sort()),
    streamEvents: events,
    notCozeErrors: foreign,
    hung,
    unhandledRejections: failures.unhandledRejections,
    uncaughtExceptions: failures.uncaughtExceptions,
    writes: writes.length,
    duplicateWrites: writes.filter(([, count]) => count > 1).length,
    heapGrowthBytes: gc ? heap.after - heap.before : undefined,
    handlesLeft: handles,
    samples: failures.samples,
  };
}

/** Resources every Node process may hold while idle (its stdio, the IPC channel of a test runner). */
const IDLE_PROCESS_RESOURCES = new Set(['TTYWrap', 'PipeWrap', 'FSReqCallback']);

const HUNG = Symbol('hung');

/** Races a call against a watchdog, so a hung call is counted instead of holding the soak forever. */
function withLimit(/** @type {Promise<number>} */ call, /** @type {number} */ ms) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(HUNG), ms);
  });
  return { promise: Promise.race([call, limit]), cancel: () => clearTimeout(timer) };
}

/**
 * Calls one operation: its example parameters, a live id for each path parameter, and for a stream every event
 * read. Resolves to the number of events read.
 */
async function invoke(
  /** @type {CozeAPI} */ coze,
  /** @type {import('./operations.mjs').SoakOperation} */ op,
  /** @type {boolean} */ stream,
  /** @type {string[]} */ ids,
  /** @type {() => number} */ random,
) {
  const [group, name] = op.operationId.split('.');
  const params = { ...op.example };
  for (const param of op.pathParams) params[param] = ids[Math.floor(random() * ids.length)];
  const resource = /** @type {any} */ (coze)[/** @type {string} */ (group)];
  if (stream) {
    let count = 0;
    for await (const _ of resource.stream(params)) count++;
    return count;
  }
  const result = await resource[/** @type {string} */ (name)](params);
  if (op.operationId.endsWith('.create') && typeof result?.id === 'string' && op.path !== '/chat') ids.push(result.id);
  if (op.method === 'DELETE') {
    // The deleted resource leaves the pool (a few stay, so later calls may also meet a deleted one: a 404).
    const at = ids.indexOf(String(params[op.pathParams[0] ?? '']));
    if (at >= 0 && ids.length > 4) ids.splice(at, 1);
  }
  return 0;
}

/** Creates the first resources without faults (`delay=0` is a fault that does nothing, and a header beats chaos). */
async function seedIds(/** @type {CozeAPI} */ coze, /** @type {number} */ count) {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const workflow = await coze.workflow.create({ name: `soak-${i}` }, { headers: { 'X-Mock-Fault': 'delay=0' } });
    ids.push(workflow.id);
  }
  return ids;
}

/** Starts the server process; resolves once it listens. */
function startServer(/** @type {object} */ options) {
  const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), [JSON.stringify(options)], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (/** @type {any} */ ready) =>
      resolve({
        url: ready.url,
        token: ready.token,
        writes: () =>
          new Promise((done) => {
            child.once('message', (/** @type {any} */ reply) => done(reply.writes));
            child.send('writes');
          }),
        close: () =>
          new Promise((done) => {
            child.once('exit', done);
            child.send('close');
          }),
      }),
    );
  });
}

/** Collects garbage until the heap stops shrinking. */
async function settleGc(/** @type {() => void} */ gc) {
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10; i++) {
    gc();
    await delay(20);
    const used = process.memoryUsage().heapUsed;
    if (used >= last - 64 * 1024) return;
    last = used;
  }
}

function describe(/** @type {unknown} */ error) {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sample(/** @type {string[]} */ samples, /** @type {string} */ text) {
  if (samples.length < 20) samples.push(text.slice(0, 300));
}
