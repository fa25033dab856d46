// The platform matrix's runner, copied into the fresh project the packed packages are installed in and run
// there by each runtime (Node, Bun, Deno): `<runtime> platform-runner.mjs '<config JSON>'`. In one process,
// interleaved rounds of CozeAPI.chat.create and that runtime's own fetch doing the same POST and JSON.parse,
// each round's ratio taken within the round; two diagnostics beside them: the SDK handed the runtime's fetch (its
// fetch transport, where it would otherwise take node:http) and the SDK without request validation. Prints the
// rows as one line of JSON. Plain JavaScript that every
// runtime runs as is; it imports nothing but the SDK.
import { CozeAPI } from '@coze/client';

const argv = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
/** @type {{ url: string, token: string, body: unknown, requests: number, rounds: number, concurrencies: number[], timeLimitMs: number }} */
const config = JSON.parse(argv[0]);
const deadline = performance.now() + config.timeLimitMs;

/**
 * Garbage collected between bursts where the runtime offers it (node --expose-gc, Bun, deno
 * --v8-flags=--expose-gc): V8's young generation only, as stats.mjs's collectYoungGarbage says why (a full
 * collection with no request in flight threw away the optimized code of both clients); Bun's non-forcing gc.
 */
const collect = () => (globalThis.Bun ? globalThis.Bun.gc(false) : globalThis.gc?.({ type: 'minor' }));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// The baseline sends what a hand-written call must: the JSON content type and the bearer token (the SDK adds
// Accept, User-Agent and an Idempotency-Key of its own), then reads the text and JSON.parses it.
const url = `${config.url}/chat`;
const headers = { 'content-type': 'application/json', authorization: `Bearer ${config.token}` };
const clients = [
  {
    name: 'fetch',
    call: async () => {
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(config.body) });
      const text = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return JSON.parse(text);
    },
  },
  ...[
    ['coze', {}],
    ['coze-fetch', { fetch: (input, init) => fetch(input, init) }],
    ['coze-unchecked', { validateRequests: false }],
  ].map(([name, options]) => {
    const coze = new CozeAPI({ apiKey: config.token, baseURL: config.url, rateLimit: false, ...options });
    return { name, call: () => coze.chat.create(config.body) };
  }),
];

/** `requests` calls with `concurrency` in flight; stops early at the deadline. Calls per second. */
async function burst(call, requests, concurrency) {
  let next = 0;
  let done = 0;
  let errors = 0;
  let firstError;
  const start = performance.now();
  const worker = async () => {
    while (next < requests && performance.now() < deadline) {
      next++;
      try {
        await call();
        done++;
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { perSecond: (done / (performance.now() - start)) * 1000, done, errors, firstError };
}

const rows = [];
for (const concurrency of config.concurrencies) {
  /** Per client, each counted round's calls per second and ratio to fetch in the same round. */
  const samples = Object.fromEntries(clients.map((client) => [client.name, []]));
  let errors = 0;
  let firstError;
  // Round 0 (a quarter of the calls) warms up the JIT and the connections and is not counted; at least one
  // counted round runs even past the deadline (then cut short by it), so a row always has a figure.
  for (let round = 0; round <= config.rounds && (round <= 1 || performance.now() < deadline); round++) {
    // Rotated from round to round, so that no client always runs first or right after the same one.
    const order = clients.map((_, i) => clients[(i + round) % clients.length]);
    const result = {};
    for (const client of order) {
      collect();
      result[client.name] = await burst(client.call, round === 0 ? Math.ceil(config.requests / 4) : config.requests, concurrency);
      errors += result[client.name].errors;
      firstError ??= result[client.name].firstError;
    }
    if (round === 0) continue;
    for (const { name } of clients) samples[name].push({ perSecond: result[name].perSecond, ratio: result[name].perSecond / result.fetch.perSecond });
  }
  const summary = (name) => {
    const ratios = samples[name].map((sample) => sample.ratio);
    return { ratio: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios), perSecond: median(samples[name].map((sample) => sample.perSecond)) };
  };
  const coze = summary('coze');
  rows.push({
    concurrency,
    rounds: samples.coze.length,
    ratio: coze.ratio,
    ratioMin: coze.ratioMin,
    ratioMax: coze.ratioMax,
    cozePerSecond: coze.perSecond,
    fetchPerSecond: summary('fetch').perSecond,
    diagnostics: { 'coze-fetch': summary('coze-fetch'), 'coze-unchecked': summary('coze-unchecked') },
    errors,
    firstError,
    cut: performance.now() >= deadline,
  });
}
console.log(JSON.stringify(rows));
// Keep-alive connections would hold the process open for their idle timeout.
if (globalThis.Deno) globalThis.Deno.exit(0);
else process.exit(0);
