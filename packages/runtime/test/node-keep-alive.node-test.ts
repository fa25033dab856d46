// node:http only (the runtime:node-http project collects *.node-test.ts): a keep-alive connection the server closed
// as the next request went out on it (an idle timeout, a proxy that closes after each answer). That request never
// got there, so the transport sends it again on a new connection by itself, not as a retry.
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { APIConnectionError } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';

const fx = useIntegration();
const OK = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"ok":true}';

/** A server that answers the first request on each connection and drops the connection at the next one. */
async function oneAnswerPerConnection(answerFresh = true) {
  const served = new Map<net.Socket, number>();
  const server = await fx.serveRaw((socket) => {
    const before = served.get(socket) ?? 0;
    served.set(socket, before + 1);
    if (before === 0 && answerFresh) socket.write(OK);
    else socket.destroy();
  });
  return { server, connections: () => served.size };
}

describe('a reused keep-alive connection the server has dropped', () => {
  it('sends the request again on a new connection, with no retry to spend', async () => {
    const { server, connections } = await oneAnswerPerConnection();
    const client = clientFor(server, { maxRetries: 0 });
    expect(await postThing(client)).toEqual({ ok: true });
    expect(await postThing(client)).toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
    expect(connections()).toBe(2);
    // The one request sent twice carries the same Idempotency-Key both times.
    const key = (head: string) => /\r\nidempotency-key: *([^\r]+)/i.exec(head)?.[1];
    expect(key(server.requests[1]!)).toBe(key(server.requests[2]!));
    expect(key(server.requests[0]!)).not.toBe(key(server.requests[1]!));
  });

  it('a new connection dropped too is a connection error: a fresh connection is not sent again', async () => {
    const { server } = await oneAnswerPerConnection(false);
    const error = await rejectionOf(postThing(clientFor(server, { maxRetries: 0 })));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it('is sent at most three times in all when every free connection was dropped', async () => {
    const { server, connections } = await oneAnswerPerConnection();
    const client = clientFor(server, { maxRetries: 0 });
    // Four connections left open and free in the pool, each of which the server drops when it is reused.
    expect(await Promise.all([1, 2, 3, 4].map(() => postThing(client)))).toEqual(Array(4).fill({ ok: true }));
    expect(connections()).toBe(4);
    const error = await rejectionOf(postThing(client));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(server.requests).toHaveLength(4 + 3);
  });
});
