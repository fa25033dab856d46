// client.fetch responses that end other than by a plain read to the end: bodiless statuses, a stream the
// reader cancels, one that breaks off, one that stalls, one the caller aborts — and when the idle wait starts.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { APIConnectionError, APITimeoutError, APIUserAbortError } from '../src/index.js';
import { clientFor } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';
import { delay, json, within } from './helpers/server.js';

const fx = useIntegration();
const STREAM = { accept: 'text/event-stream' };
const FRAME = 'event: delta\ndata: {}\n\n';

describe('client.fetch bodiless answers', () => {
  it('answers 204 and 205 to a JSON request with a Response that has no body', async () => {
    const server = await fx.serve((req, res) => {
      res.writeHead(Number(req.url!.slice(1)));
      res.end();
    });
    const client = clientFor(server, { hooks: fx.hooks });
    for (const status of [204, 205]) {
      const response = await client.fetch(`${server.url}/${status}`);
      expect(response.status).toBe(status);
      expect(response.body).toBeNull();
    }
  });

  it('answers a stream request that gets 204 with a bodiless 204, and lets go of the caller’s signal', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(204);
      res.end();
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const controller = new AbortController();
    const response = await client.fetch(`${server.url}/chat`, { method: 'POST', body: '{}', headers: STREAM, signal: controller.signal });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('client.fetch streams that end early', () => {
  it('closes the request when the reader cancels the stream, and lets go of the caller’s signal', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(FRAME);
      // …and nothing more, with the connection open.
    });
    const client = clientFor(server, { hooks: fx.hooks, timeout: 20_000 });
    const controller = new AbortController();
    const response = await client.fetch(`${server.url}/chat`, { headers: STREAM, signal: controller.signal });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close after a cancel');
    expect(server.arrivals[0]!.clientClosedEarly()).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('fails with APIConnectionError “The stream broke off.” when the connection drops mid-stream', async () => {
    const server = await fx.serve(async (_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(FRAME);
      await delay(50);
      res.socket!.destroy();
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const reader = (await client.fetch(`${server.url}/chat`, { headers: STREAM })).body!.getReader();
    expect((await reader.read()).done).toBe(false);
    const error = await within(rejectionOf(reader.read()), 5000, 'the broken stream');
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe('The stream broke off.');
    expect((error as Error).cause).toBeDefined();
  });

  it('names the idle wait it gave up on in the APITimeoutError', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(FRAME);
    });
    const client = clientFor(server, { hooks: fx.hooks, timeout: 300 });
    const reader = (await client.fetch(`${server.url}/chat`, { headers: STREAM })).body!.getReader();
    expect((await reader.read()).done).toBe(false);
    const error = await within(rejectionOf(reader.read()), 5000, 'a stalled stream');
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe('No stream data for 300 ms: gave up waiting.');
  });

  it('starts the idle wait when the caller reads, not when the response arrives', async () => {
    let send!: () => void;
    const asked = new Promise<void>((resolve) => (send = resolve));
    const server = await fx.serve(async (_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await asked;
      res.end(FRAME);
    });
    const client = clientFor(server, { hooks: fx.hooks, timeout: 300 });
    const response = await client.fetch(`${server.url}/chat`, { headers: STREAM });
    // The caller is busy for twice the idle timeout before it reads; the server sends once it does.
    await delay(600);
    const reader = response.body!.getReader();
    const first = reader.read();
    send();
    const chunk = await within(first, 3000, 'the first chunk');
    expect(new TextDecoder().decode(chunk.value)).toBe(FRAME);
    expect((await reader.read()).done).toBe(true);
  });

  it('keeps the reason as the cause of the APIUserAbortError when the caller aborts a stream being read', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(FRAME);
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const controller = new AbortController();
    const reader = (await client.fetch(`${server.url}/chat`, { headers: STREAM, signal: controller.signal })).body!.getReader();
    expect((await reader.read()).done).toBe(false);
    const next = rejectionOf(reader.read());
    controller.abort();
    const error = await next;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toBe('The request was aborted by the caller.');
    expect((error as Error).cause).toBeDefined();
  });
});
