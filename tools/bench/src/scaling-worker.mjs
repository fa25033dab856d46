// The scaling section's calls, in a process of its own started with --expose-gc (see src/scaling.mjs): gets its
// settings as one IPC message, sends `{ log }` lines while it works and `{ result }` (or `{ error }`) at the end.
import { CozeAPI } from '@coze/client';
import { CHAT_REQUEST } from './chat-fixture.mjs';
import { median } from './stats.mjs';

const TENTHS = 10;
// A client's first calls create what it keeps for good (compiled validators, its agent and socket, optimized
// code): they run before the heap's first reading. A forced full collection then leaves the next ~1,500 calls
// slower (the young generation starts small again): the untimed calls after that reading absorb it.
const FIRST_CALLS = 200;
const SETTLE_CALLS = 2_000;

const log = (line) => process.send({ log: line });

/** Heap used after two full collections (the second picks up what the first's finalizers let go). */
function heapAfterGc() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/**
 * `count` sequential chat.create calls from a new client, after FIRST_CALLS and SETTLE_CALLS untimed ones, timed
 * a tenth at a time; the heap used after GC is read between the two warm-ups and after the last call (growth
 * per 1,000 counts every call in between). Collections are forced only there: one forced between tenths slowed the calls after it, which
 * made a 1k run look twice as slow per call as a 100k one. Stops at `limitMs` and says how far it got.
 */
async function sequentialCalls(chatUrl, count, limitMs) {
  const coze = new CozeAPI({ apiKey: 'bench-token', baseURL: chatUrl, rateLimit: false });
  for (let i = 0; i < FIRST_CALLS; i++) await coze.chat.create(CHAT_REQUEST);
  const heapStart = heapAfterGc();
  for (let i = 0; i < SETTLE_CALLS; i++) await coze.chat.create(CHAT_REQUEST);
  const tenths = [];
  const perTenth = count / TENTHS;
  const deadline = performance.now() + limitMs;
  let calls = 0;
  let timedMs = 0;
  let cut = false;
  for (let tenth = 0; tenth < TENTHS && !cut; tenth++) {
    const start = performance.now();
    let done = 0;
    while (done < perTenth) {
      await coze.chat.create(CHAT_REQUEST);
      done++;
      if (performance.now() >= deadline) {
        cut = true;
        break;
      }
    }
    const ms = performance.now() - start;
    timedMs += ms;
    calls += done;
    // A tenth cut short is counted in the totals but not compared with whole ones.
    if (done === perTenth) tenths.push({ calls: done, usPerCall: (ms * 1000) / done });
  }
  const heapEnd = heapAfterGc();
  const first = tenths[0];
  const last = tenths.at(-1);
  return {
    count,
    calls,
    cut,
    seconds: timedMs / 1000,
    usPerCall: (timedMs * 1000) / calls,
    firstUs: first?.usPerCall ?? Number.NaN,
    lastUs: last?.usPerCall ?? Number.NaN,
    lastTenth: tenths.length,
    tenths,
    heapStart,
    heapEnd,
    settleCalls: SETTLE_CALLS,
    heapPer1k: ((heapEnd - heapStart) / (SETTLE_CALLS + calls)) * 1000,
  };
}

/**
 * Seeds `pages × pageSize` workflows, then iterates `workflow.list({ limit: pageSize })` with `for await`
 * over every page, `repeats` times (bounded by `limitMs`), timing each page: the iterator fetches a page when
 * the previous one is used up, so page k's time runs from page k−1's first item to its own (the first page's
 * from the start). The heap used after GC is read before an untimed warm-up iteration and after the last one.
 */
async function paging(mockUrl, token, pages, pageSize, repeats, limitMs) {
  const coze = new CozeAPI({ apiKey: token, baseURL: mockUrl, rateLimit: false });
  const nodes = [{ id: 'start', type: 'start' }];
  const total = pages * pageSize;
  const seeding = performance.now();
  // Eight at a time: seeding is not measured, only bounded.
  for (let next = 0; next < total; ) {
    const batch = Array.from({ length: Math.min(8, total - next) }, (_, i) => coze.workflow.create({ name: `scaling-${next + i}`, nodes }));
    next += batch.length;
    await Promise.all(batch);
  }
  log(`seeded ${total} workflows in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const iterate = async () => {
    const marks = [];
    let items = 0;
    const start = performance.now();
    for await (const _workflow of coze.workflow.list({ limit: pageSize })) {
      if (items % pageSize === 0) marks.push(performance.now());
      items++;
    }
    const perPage = marks.map((mark, k) => mark - (k === 0 ? start : marks[k - 1]));
    return { items, perPage };
  };
  const heapStart = heapAfterGc();
  const warmUp = await iterate();
  const runs = [];
  const deadline = performance.now() + limitMs;
  for (let run = 0; run < repeats && (run === 0 || performance.now() < deadline); run++) runs.push(await iterate());
  const heapEnd = heapAfterGc();
  const pagesFetched = [warmUp, ...runs].reduce((sum, r) => sum + r.perPage.length, 0);
  // Medians of every iteration's pages pooled: one collection pause in a 0.5 ms page would swing a mean.
  const pooled = (pick) => median(runs.flatMap((r) => pick(r.perPage)));
  return {
    pages: runs[0].perPage.length,
    pageSize,
    items: runs[0].items,
    runs: runs.length,
    pagesFetched,
    msPerPage: pooled((perPage) => perPage),
    firstMs: pooled((perPage) => perPage.slice(0, 10)),
    lastMs: pooled((perPage) => perPage.slice(-10)),
    heapStart,
    heapEnd,
    // Per 1,000 pages fetched, so that it reads like the calls' "per 1k calls".
    heapPer1k: ((heapEnd - heapStart) / pagesFetched) * 1000,
  };
}

process.once('message', async (settings) => {
  try {
    const calls = [];
    for (const count of settings.counts) {
      const row = await sequentialCalls(settings.chatUrl, count, settings.rowLimitMs);
      calls.push(row);
      log(`${count} calls: ${row.usPerCall.toFixed(0)} µs/call${row.cut ? ` (stopped at ${row.calls} calls after ${row.seconds.toFixed(0)} s)` : ''}`);
    }
    const pages = await paging(settings.mockUrl, settings.mockToken, settings.pages, settings.pageSize, settings.pageRepeats, settings.pagesLimitMs);
    log(`workflow.list: ${pages.pages} pages × ${pages.pageSize}, ${pages.msPerPage.toFixed(2)} ms/page`);
    process.send({ result: { calls, pages } });
  } catch (error) {
    process.send({ error: String(error?.stack ?? error) });
  }
  process.disconnect();
});
