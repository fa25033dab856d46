// The layer diagnostic (src/layers.mjs): each layer must send the request the one below it sends, so that the
// difference between two rows is that layer's own cost and not a different request's.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT } from '../src/chat-fixture.mjs';
import { LAYERS, layerRow, layerTable } from '../src/layers.mjs';
import { sections, summaryMarkdown } from '../src/report.mjs';

const seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: string }> = [];
const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, body });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(CHAT));
  });
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Each layer's one request, as the server saw it. */
async function requests() {
  const out = [];
  for (const layer of LAYERS) {
    seen.length = 0;
    const client = await layer.create(baseUrl, 'layer-token');
    expect(await client.call(), layer.name).toEqual(CHAT);
    await client.close?.();
    expect(seen, layer.name).toHaveLength(1);
    out.push({ name: layer.name, ...seen[0]! });
  }
  return out;
}

describe('the layers', () => {
  it('all POST the same body to the same path with the token', async () => {
    for (const request of await requests()) {
      expect(request, request.name).toMatchObject({ method: 'POST', url: '/v1/chat', body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }) });
      expect(request.headers.authorization, request.name).toBe('Bearer layer-token');
    }
  });

  it('send the same headers from the second layer on, so a row adds only its own work', async () => {
    const [ceiling, ...rest] = await requests();
    const names = (headers: IncomingHttpHeaders) => Object.keys(headers).sort();
    for (const request of rest) expect(names(request.headers), request.name).toEqual(names(rest[0]!.headers));
    // The first layer sends the four fewer: what the second row's cost is.
    expect(names(rest[0]!.headers).filter((name) => !(name in ceiling!.headers))).toEqual(['accept', 'accept-encoding', 'idempotency-key', 'user-agent']);
  });
});

describe('layerTable', () => {
  it('gives each layer what it adds to the row above, from the ratios and node:http’s time per call', () => {
    const row = (client: string, us: number, ratio: number) => ({ client, us, ratio, q1: ratio - 0.05, q3: ratio + 0.05 });
    // Times each measured in a process of its own (c's moment was a slow one): the ratios decide what a layer adds.
    const lines = layerTable([row('a', 50, 1), row('b', 66, 0.8), row('c', 60, 0.625)]).split('\n');
    expect(lines).toEqual([
      'layer | × node:http | rounds, middle half | µs per call | adds µs',
      'a | 1.000 | 0.95–1.05 | 50.0 | ',
      'b | 0.800 | 0.75–0.85 | 66.0 | 12.5',
      'c | 0.625 | 0.57–0.68 | 60.0 | 17.5',
    ]);
  });
});

describe('layerRow', () => {
  it('takes a throughput row’s ratio to node:http, the middle half of its rounds and its time per call', () => {
    expect(layerRow({ client: 'x', rps: 20_000, ratioNodeHttp: 0.9, ratioNodeHttpQ1: 0.85, ratioNodeHttpQ3: 0.93 })).toEqual({ client: 'x', ratio: 0.9, q1: 0.85, q3: 0.93, us: 50 });
  });
});

describe('the layers section of pnpm bench', () => {
  const layer = (id: string, ratio: number, addsUs?: number) => ({ id, client: `the ${id} layer`, ratio, q1: ratio - 0.02, q3: ratio + 0.02, us: 60 / ratio, addsUs });
  const results = {
    layers: {
      rounds: 30,
      requests: 1000,
      concurrencies: [
        { concurrency: 1, rows: [layer('node-http', 1), layer('headers', 0.95, 5), layer('runtime', 0.92, 2), layer('binding', 0.9, 1.5), layer('validation', 0.88, 1.6)] },
        { concurrency: 16, rows: [layer('node-http', 1), layer('headers', 0.94, 4), layer('runtime', 0.9, 3), layer('binding', 0.87, 2), layer('validation', 0.86, 0.8)] },
      ],
    },
  };

  it('prints every layer with its ratio, middle half and what it adds, at each concurrency', () => {
    const [table] = sections(results);
    expect(table!.title).toMatch(/^1b\. Throughput by layer/);
    expect(table!.rows[0]).toEqual(['layer', 'c=1 ×node:http', 'c=1 middle half', 'c=1 µs/call', 'c=1 adds µs', 'c=16 ×node:http', 'c=16 middle half', 'c=16 µs/call', 'c=16 adds µs']);
    expect(table!.rows.map((line) => line[0])).toEqual(['layer', 'the node-http layer', 'the headers layer', 'the runtime layer', 'the binding layer', 'the validation layer']);
    expect(table!.rows[1]).toEqual(['the node-http layer', '1.000', '0.98–1.02', '60.0', '', '1.000', '0.98–1.02', '60.0', '']);
    expect(table!.rows[3]).toEqual(['the runtime layer', '0.920', '0.90–0.94', '65.2', '2.0', '0.900', '0.88–0.92', '66.7', '3.0']);
  });

  it('gives the README the whole client’s ratio at each concurrency and the layers’ beside it', () => {
    const summary = summaryMarkdown(results, { date: '2026-12-03', machine: 'test' });
    expect(summary).toContain('| throughput in a process of its own, c=1 / c=16 (× node:http, by req/s) | 0.88 / 0.86× | ≥ 0.9× |');
    expect(summary).toContain("layer by layer: + the SDK's headers 0.95 / 0.94, + @coze/runtime 0.92 / 0.90, + the generated binding 0.90 / 0.87 |");
  });
});
