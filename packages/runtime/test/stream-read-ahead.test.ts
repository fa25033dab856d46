import { describe, expect, it } from 'vitest';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { delay } from './helpers/server.js';

const fx = useIntegration();
// Set by test/setup-node-transport.ts in the runtime:node-http project.
const nodeHttp = (globalThis as { __cozeTransport?: string }).__cozeTransport === 'node-http';

/** ~48 MB of events, far more than the stream may read ahead of a consumer that stopped taking them. */
const EVENTS = 400_000;
const EVENT = (i: number) => `event: item\ndata: {"i":${i},"pad":"${'x'.repeat(90)}"}\n\n`;

describe(`a stream's reading ahead (${nodeHttp ? 'node:http' : 'fetch'})`, () => {
  it('stops reading from the socket while a consumer holds back, then delivers every event once it reads on', async () => {
    let written = 0;
    let finished = false;
    const server = await fx.serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const pump = () => {
        while (i < EVENTS) {
          const chunk = Array.from({ length: 100 }, () => EVENT(i++)).join('');
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('event: done\ndata: {}\n\n', () => (finished = true));
      };
      res.on('close', () => (i = EVENTS));
      pump();
    });
    const stream = (await postThing(clientFor(server, { timeout: 20_000 }), { sse: {} })) as AsyncIterable<{ data: { i: number } }>;
    const events = stream[Symbol.asyncIterator]();
    expect((await events.next()).value.data.i).toBe(0);

    // The consumer holds back: the server's writes must stall (the client stopped reading) well
    // before the whole body is sent. Polled until the count stops growing, in bounded steps.
    let last = -1;
    let still = 0;
    for (let step = 0; step < 200 && still < 4 && !finished; step++) {
      await delay(50);
      still = written === last ? still + 1 : 0;
      last = written;
    }
    expect(finished, 'the server sent the whole body to a consumer that took one event').toBe(false);
    // 1 MiB of read-ahead plus what the socket buffers on both ends hold.
    expect(written).toBeLessThan(24 * 1024 * 1024);

    let next = 1;
    for (let result = await events.next(); !result.done; result = await events.next()) {
      expect(result.value.data.i).toBe(next++);
    }
    expect(next).toBe(EVENTS);
  }, 60_000);
});
