import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { createChaos } from './faults.js';
import { call } from './test-support.js';

/** The faults a chaos soak needs (issue 12): random injection, odd status lines, resets after the body, stalls. */

/** @type {import('../index.js').MockServer | undefined} */
let server;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends one raw request and resolves with all the server sent before it closed the connection. */
function rawExchange(/** @type {number} */ port, /** @type {string} */ request) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', () => undefined);
    socket.write(request);
  });
}

const getWorkflows = (/** @type {string} */ fault) =>
  `GET /v1/workflow HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer demo-read-token\r\nX-Mock-Fault: ${fault}\r\n\r\n`;

describe('odd-status', () => {
  it.each([
    ['odd-status=600', 'HTTP/1.1 600 Odd Status\r\n'],
    ['odd-status=999', 'HTTP/1.1 999 Odd Status\r\n'],
    ['odd-status=0', 'HTTP/1.1 000 Odd Status\r\n'],
    ['odd-status=control', 'HTTP/1.1 503 Service\u0007Unavailable\r\n'],
  ])('%s writes the status line %j, an Error body, and closes', async (fault, line) => {
    server = await startMockServer({ rateLimit: false });
    const received = /** @type {string} */ (await rawExchange(server.port, getWorkflows(fault)));
    expect(received.startsWith(line)).toBe(true);
    expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).toMatchObject({ message: expect.any(String) });
  });

  it('refuses a status it cannot write', async () => {
    server = await startMockServer({ rateLimit: false });
    expect((await call(server, '/workflow', { headers: { 'x-mock-fault': 'odd-status=1000' } })).status).toBe(400);
  });
});

describe('reset-after and stall-stream', () => {
  it('reset-after sends the whole answer (the create has acted), then resets the connection', async () => {
    server = await startMockServer({ rateLimit: false });
    const request =
      'POST /v1/workflow HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer demo-write-token\r\nContent-Type: application/json\r\n' +
      'Idempotency-Key: k-reset\r\nX-Mock-Fault: reset-after\r\nContent-Length: 15\r\n\r\n{"name":"once"}';
    const received = /** @type {string} */ (await rawExchange(server.port, request));
    expect(received.startsWith('HTTP/1.1 201 ')).toBe(true);
    expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4)).name).toBe('once');
    expect(server.writes.get('k-reset')).toBe(1);
  });

  it('stall-stream sends the first events and then nothing, with the connection open', async () => {
    server = await startMockServer({ rateLimit: false });
    const controller = new AbortController();
    const response = await fetch(`${server.url}/chat`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-write-token', 'content-type': 'application/json', 'x-mock-fault': 'stall-stream=1' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], stream: true }),
      signal: controller.signal,
    });
    const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: chat.created');
    const next = reader.read();
    const waited = await Promise.race([next.then(() => 'more'), new Promise((resolve) => setTimeout(resolve, 300, 'silent'))]);
    expect(waited).toBe('silent');
    controller.abort();
    await next.catch(() => undefined);
  });
});

describe('chaos', () => {
  const target = (/** @type {boolean} */ streaming) => ({
    method: 'POST',
    pathname: '/v1/chat',
    relative: '/chat',
    template: '/chat',
    operationId: 'chat.create',
    streaming,
  });

  it('faults about `rate` of the requests, only with faults that apply, the same for the same seed', () => {
    const faults = [{ status: 503 }, { kind: 'drop-stream', afterEvents: 1 }, { kind: 'truncate' }];
    const picks = (/** @type {number} */ seed) => {
      const chaos = createChaos({ rate: 0.2, faults, seed });
      return Array.from({ length: 5000 }, (_, i) => chaos.pick(target(i % 2 === 0)));
    };
    const run = picks(7);
    expect(picks(7)).toEqual(run);
    expect(picks(8)).not.toEqual(run);
    const faulted = run.filter(Boolean).length;
    expect(faulted).toBeGreaterThan(5000 * 0.17);
    expect(faulted).toBeLessThan(5000 * 0.23);
    run.forEach((fault, i) => {
      if (fault?.kind === 'drop-stream') expect(i % 2).toBe(0);
      if (fault?.kind === 'truncate') expect(i % 2).toBe(1);
    });
  });

  it('is refused with a rate outside 0..1 or no faults', () => {
    expect(() => createChaos({ rate: 2, faults: [{ status: 503 }] })).toThrow(/rate/);
    expect(() => createChaos({ rate: 0.5, faults: [] })).toThrow(/faults/);
  });

  it('a server with chaos injects faults into requests, and counts writes per Idempotency-Key', async () => {
    server = await startMockServer({ rateLimit: false, chaos: { rate: 1, faults: [{ status: 502 }] } });
    expect((await call(server, '/workflow')).status).toBe(502);
    // A plan entry or the header still wins.
    expect((await call(server, '/workflow', { headers: { 'x-mock-fault': 'status=504' } })).status).toBe(504);
    await server.close();
    server = await startMockServer({ rateLimit: false, chaos: { rate: 0, faults: [{ status: 502 }] } });
    const headers = { 'idempotency-key': 'k-1' };
    await call(server, '/workflow', { token: 'write', body: { name: 'a' }, headers });
    await call(server, '/workflow', { token: 'write', body: { name: 'a' }, headers });
    expect([...server.writes]).toEqual([['k-1', 1]]);
  });
});
