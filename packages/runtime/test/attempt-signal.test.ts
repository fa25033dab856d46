import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { APIUserAbortError, NotFoundError } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';
import { json } from './helpers/server.js';
import { DONE, collect, frame, openStream, streamSetup } from './helpers/streams.js';

// A caller's AbortSignal is often long-lived (a page's, a request handler's): every call lets go of it when it is
// done, whatever the way it ended, so the signal does not collect one listener (and the request it closes over) per
// call made with it.
const fx = useIntegration();
const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

describe('a call lets go of the caller’s signal once it is over', () => {
  it('after an answer', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const client = clientFor(server, { hooks: fx.hooks });
    const { signal } = new AbortController();
    const call = postThing(client, { signal });
    await new Promise((resolve) => setImmediate(resolve));
    expect(listeners(signal)).toBeGreaterThan(0);
    expect(await call).toEqual({ ok: true });
    expect(listeners(signal)).toBe(0);
    for (let i = 0; i < 3; i++) await postThing(client, { signal });
    expect(listeners(signal)).toBe(0);
  });

  it('after an error answer and after retries', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index === 0 ? json(res, 503, { code: 503, message: 'busy' }) : json(res, 404, { code: 404, message: 'no' }),
    );
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 1 });
    const { signal } = new AbortController();
    expect(await rejectionOf(postThing(client, { signal }))).toBeInstanceOf(NotFoundError);
    expect(server.arrivals).toHaveLength(2);
    expect(listeners(signal)).toBe(0);
  });

  it('after a stream is read to its end', async () => {
    const { stream } = await streamSetup(fx, (_, res) => {
      openStream(res);
      res.end(`${frame('delta', { i: 0 })}${DONE}`);
    });
    const { signal } = new AbortController();
    const events = await collect(await stream({}, { signal }));
    expect(events).toEqual([{ event: 'delta', data: { i: 0 } }]);
    expect(listeners(signal)).toBe(0);
  });

  it('after the caller aborted it', async () => {
    const server = await fx.serve(() => undefined);
    const client = clientFor(server, { hooks: fx.hooks });
    const controller = new AbortController();
    const call = postThing(client, { signal: controller.signal });
    while (server.arrivals.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await rejectionOf(call)).toBeInstanceOf(APIUserAbortError);
    expect(listeners(controller.signal)).toBe(0);
  });
});
