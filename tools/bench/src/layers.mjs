#!/usr/bin/env node
// `pnpm --filter @coze/bench layers [-- --concurrency 16] [--rounds 30] [--requests 1000] [--together [--no-zoo]]`:
// what each layer of CozeAPI.chat.create costs on top of the hand-written node:http request (issue 18's ceiling),
// in wall time per call. Each row adds one layer to the row above it. By default each layer runs beside node:http
// in a process of its own, as an app runs one client: layers that share code (the runtime's call path) would
// otherwise see each other's object shapes and slow each other down. Its ratio is the median of the rounds'
// ratios to node:http in the same round, with bursts short enough that one noisy stretch of a shared machine
// spoils a round, not a row. `--together` runs every layer in one process instead, after every client of the
// throughput section has run a while (unless --no-zoo), as the bench's own section does.
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CozeAPI } from '@coze/client';
import { createCallClient, userAgent } from '@coze/runtime';
import { CHAT_REQUEST } from './chat-fixture.mjs';
import { THROUGHPUT_CLIENTS, nodeHttp, nodeHttpSdkHeaders } from './clients.mjs';
import { startBenchServers } from './servers.mjs';
import { median } from './stats.mjs';
import { runThroughput } from './throughput.mjs';

/** The layers, each the one above plus what its name says. */
export const LAYERS = [
  { ...nodeHttp, id: 'node-http' },
  { ...nodeHttpSdkHeaders, id: 'headers', name: '+ the SDK’s four headers' },
  {
    id: 'runtime',
    name: '+ @coze/runtime: policy and its node:http transport',
    note: 'createCallClient().post: auth, retries, the 30 s timeout, typed errors, body limits, the Answer',
    create: (baseUrl, token) => {
      const client = createCallClient({ apiKey: token, baseUrl, rateLimit: false, defaultHeaders: { 'user-agent': userAgent('coze-client-ts/0.0.0') } });
      const security = [{ scheme: 'bearer', type: 'http' }];
      return {
        call: () => client.post({ responseStyle: 'data', security, url: '/chat', body: CHAT_REQUEST, headers: { 'Content-Type': 'application/json' } }),
      };
    },
  },
  {
    id: 'binding',
    name: '+ the generated binding (validateRequests: false)',
    note: 'CozeAPI.chat.create: parameters mapped, call options checked',
    create: (baseURL, token) => {
      const coze = new CozeAPI({ apiKey: token, baseURL, rateLimit: false, validateRequests: false });
      return { call: () => coze.chat.create(CHAT_REQUEST) };
    },
  },
  {
    id: 'validation',
    name: '+ request validation (CozeAPI, the default)',
    create: (baseURL, token) => {
      const coze = new CozeAPI({ apiKey: token, baseURL, rateLimit: false });
      return { call: () => coze.chat.create(CHAT_REQUEST) };
    },
  },
];

function option(args, name, fallback) {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

/** Runs every client of the throughput section for `calls` calls at `concurrency`, unmeasured. */
async function warmTheZoo(url, calls, concurrency) {
  for (const spec of THROUGHPUT_CLIENTS) {
    const client = await spec.create(url, 'bench-token');
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next++ < calls) await client.call();
    }));
    await client.close?.();
  }
}

/** A row of the table from one of runThroughput's rows: the layer's ratio to node:http, with the middle half of its rounds. */
export function layerRow(row) {
  const id = LAYERS.find((layer) => layer.name === row.client)?.id;
  return { id, client: row.client, ratio: row.ratioNodeHttp, q1: row.ratioNodeHttpQ1, q3: row.ratioNodeHttpQ3, us: 1e6 / row.rps };
}

/**
 * The rows with what each adds to the row above, in µs per call, from the ratios (steadier than the times, which
 * each process measured at its own moment): node:http's time per call (the first row's) × (1 / ratio − 1) is how
 * much longer a layer takes than node:http.
 */
export function withAdds(rows) {
  const ceilingUs = rows[0].us;
  let above;
  return rows.map((row) => {
    const over = ceilingUs * (1 / row.ratio - 1);
    const addsUs = above === undefined ? undefined : over - above;
    above = over;
    return { ...row, addsUs };
  });
}

/** The table: each layer's median ratio to node:http (with the middle half of its rounds), its time per call, and what it adds to the row above. */
export function layerTable(rows) {
  const lines = [['layer', '× node:http', 'rounds, middle half', 'µs per call', 'adds µs'].join(' | ')];
  for (const row of withAdds(rows)) {
    lines.push([row.client, row.ratio.toFixed(3), `${row.q1.toFixed(2)}–${row.q3.toFixed(2)}`, row.us.toFixed(1), row.addsUs === undefined ? '' : row.addsUs.toFixed(1)].join(' | '));
  }
  return lines.join('\n');
}

/** runThroughput over these layers (node:http first) at one concurrency. */
function measure(url, layers, { concurrency, rounds, requests }) {
  return runThroughput({ url, rounds, requests, concurrencies: [concurrency], timeLimitMs: 30_000, sectionLimitMs: 600_000, clients: layers, log: () => {} });
}

/** Runs layer `index` beside node:http in a process of its own; resolves to runThroughput's two rows. */
function inItsOwnProcess(index, url, settings) {
  const child = fork(fileURLToPath(import.meta.url), ['--child', String(index), '--url', url, ...Object.entries(settings).flatMap(([name, value]) => [`--${name}`, String(value)])], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // runThroughput bounds its own rounds (600 s); this bounds a process that hangs anyway.
  const killer = setTimeout(() => child.kill(), 15 * 60_000);
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`layer ${index}'s process exited (code ${code}) without its rows`)));
  }).finally(() => clearTimeout(killer));
}

/**
 * `pnpm bench`'s layers section: at each concurrency, every layer beside node:http in a process of its own. The
 * node:http row's time per call is the median of what the processes measured.
 */
export async function runLayers({ url, concurrencies, rounds, requests, log }) {
  const out = [];
  for (const concurrency of concurrencies) {
    const rows = [];
    const nodeHttpUs = [];
    for (let index = 1; index < LAYERS.length; index++) {
      const [ceiling, row] = await inItsOwnProcess(index, url, { concurrency, rounds, requests });
      nodeHttpUs.push(1e6 / ceiling.rps);
      rows.push(layerRow(row));
      log(`  layers c=${concurrency}: ${LAYERS[index].id} done`);
    }
    rows.unshift({ id: LAYERS[0].id, client: LAYERS[0].name, ratio: 1, q1: 1, q3: 1, us: median(nodeHttpUs) });
    out.push({ concurrency, rows: withAdds(rows) });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  const settings = { concurrency: option(args, '--concurrency', 16), rounds: option(args, '--rounds', 30), requests: option(args, '--requests', 1000) };
  if (args.includes('--child')) {
    const index = option(args, '--child', 1);
    const rows = await measure(args[args.indexOf('--url') + 1], [LAYERS[0], LAYERS[index]], settings);
    process.send(rows, () => process.exit(0));
  } else {
    const servers = await startBenchServers();
    try {
      let rows;
      if (args.includes('--together')) {
        if (!args.includes('--no-zoo')) {
          console.error('warming every throughput client (--no-zoo skips this)…');
          await warmTheZoo(servers.chatUrl, 2000, settings.concurrency);
        }
        console.error(`all layers in this process: ${settings.rounds} rounds of ${settings.requests} calls each at concurrency ${settings.concurrency}…`);
        rows = (await measure(servers.chatUrl, LAYERS, settings)).map(layerRow);
      } else {
        console.error(`each layer beside node:http in a process of its own: ${settings.rounds} rounds of ${settings.requests} calls each at concurrency ${settings.concurrency}…`);
        const { concurrency, rounds, requests } = settings;
        [{ rows }] = await runLayers({ url: servers.chatUrl, concurrencies: [concurrency], rounds, requests, log: (line) => console.error(line) });
      }
      console.log(layerTable(rows));
    } finally {
      await servers.close();
    }
    process.exit(0);
  }
}
