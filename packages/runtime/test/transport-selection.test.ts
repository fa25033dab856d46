import { describe, expect, it } from 'vitest';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { json } from './helpers/server.js';

const fx = useIntegration();
// Set by test/setup-node-transport.ts in the runtime:node-http project.
const nodeHttp = (globalThis as { __cozeTransport?: string }).__cozeTransport === 'node-http';

describe(`the transport (${nodeHttp ? 'node:http' : 'fetch'})`, () => {
  it('is node:http in the Node entry (JSON calls and streams) and fetch otherwise; a custom fetch or fetchOptions always use fetch', async () => {
    const server = await fx.serve((req, res) => {
      if (req.headers.accept !== 'text/event-stream') return json(res, 200, { ok: true });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('event: done\ndata: {}\n\n');
    });
    await postThing(clientFor(server));
    // undici's fetch marks its requests with Sec-Fetch-Mode; node:http sends no such header.
    expect(server.arrivals[0]!.headers['sec-fetch-mode']).toBe(nodeHttp ? undefined : 'cors');
    const stream = (await postThing(clientFor(server), { sse: {} })) as AsyncIterable<unknown>;
    for await (const _ of stream) break;
    expect(server.arrivals[1]!.headers['sec-fetch-mode']).toBe(nodeHttp ? undefined : 'cors');
    await postThing(clientFor(server, { fetchOptions: { keepalive: false } }));
    expect(server.arrivals[2]!.headers['sec-fetch-mode']).toBe('cors');

    const calls: string[] = [];
    const custom: typeof fetch = (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    await postThing(clientFor(server, { fetch: custom }));
    expect(calls).toHaveLength(1);
    expect(server.arrivals[3]!.headers['sec-fetch-mode']).toBe('cors');
  });
});
