// node:http only (the runtime:node-http project collects *.node-test.ts): a client there has its own keep-alive
// agent, so sharing it is something derive() does. Over fetch every client shares the global fetch's pool anyway.
import { describe, expect, it } from 'vitest';
import { BEARER, clientFor } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { json } from './helpers/server.js';

const fx = useIntegration();

describe('client.derive() over node:http', () => {
  it('shares the parent’s connections (one keep-alive socket for both)', async () => {
    const ports = new Set<number>();
    const server = await fx.serve((req, res) => {
      ports.add(req.socket.remotePort!);
      json(res, 200, {});
    });
    const parent = clientFor(server);
    const child = parent.derive({ maxRetries: 0 });
    for (let i = 0; i < 3; i++) {
      await parent.get({ url: '/a', security: BEARER });
      await child.get({ url: '/b', security: BEARER });
    }
    expect(ports.size).toBe(1);
    // The control: a separate client has its own agent, so its own socket.
    await clientFor(server).get({ url: '/c', security: BEARER });
    expect(ports.size).toBe(2);
  });
});
