// node:http only (the runtime:node-http project collects *.node-test.ts): only a reset of a reused keep-alive
// connection means the request never got there. Any other failure on it (here, an answer that is not HTTP) may
// come after the server acted, so the transport does not send the request again by itself.
import type net from 'node:net';
import { expect, it } from 'vitest';
import { APIConnectionError } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';

const fx = useIntegration();
const OK = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"ok":true}';

it('a reused connection answered with garbage is an error, and the request is not sent again', async () => {
  const served = new Set<net.Socket>();
  const server = await fx.serveRaw((socket) => {
    if (served.has(socket)) return void socket.end('NOT HTTP AT ALL\r\n\r\n');
    served.add(socket);
    socket.write(OK);
  });
  const client = clientFor(server, { maxRetries: 0 });
  expect(await postThing(client)).toEqual({ ok: true });
  const error = await rejectionOf(postThing(client));
  expect(error).toBeInstanceOf(APIConnectionError);
  expect(server.requests).toHaveLength(2);
  expect(served.size).toBe(1);
});
