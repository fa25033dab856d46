// A server or proxy that echoes the request in its error body (its Authorization header, or the token in a
// message) must not put the token into the error the caller logs: its message, its body, its every rendering.
import { describe, expect, it } from 'vitest';
import { APIError } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';

const fx = useIntegration();

describe('an error body that quotes the token', () => {
  it.each([
    [401, 'application/json', (auth: string) => JSON.stringify({ code: 'unauthorized', message: `bad token ${auth}` })],
    [400, 'application/json', (auth: string) => JSON.stringify({ code: 'bad_request', message: 'no', details: `you sent ${auth}` })],
    [502, 'text/plain', (auth: string) => `upstream refused ${auth}`],
  ])('%i (%s): redacted from the message and the body', async (status, type, body) => {
    const server = await fx.serve((req, res) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body(String(req.headers.authorization)));
    });
    const error = await rejectionOf(postThing(clientFor(server, { hooks: fx.hooks, maxRetries: 0 })));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(status);
    expectNoSecret(error);
    expect(JSON.stringify((error as APIError).body)).not.toContain(SENTINEL);
    // What the server said is kept, with the token replaced.
    expect((error as Error).message).toContain('Bearer [REDACTED]');
    expect(server.arrivals[0]!.headers.authorization).toBe(`Bearer ${SENTINEL}`);
  });

  it('a key function: the token of that call is redacted', async () => {
    const server = await fx.serve((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'unauthorized', message: `bad token ${String(req.headers.authorization)}` }));
    });
    const error = await rejectionOf(postThing(clientFor(server, { hooks: fx.hooks, maxRetries: 0, apiKey: async () => `${SENTINEL}-2` })));
    expectNoSecret(error, `${SENTINEL}-2`);
    expect((error as Error).message).toContain('bad token Bearer [REDACTED]');
  });

  it('a token of 6 characters or more is redacted; a shorter one (no real key) is not, or every such run of letters would go', async () => {
    const server = await fx.serve((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'bad_request', message: `got ${String(req.headers.authorization)}` }));
    });
    const messageWith = async (apiKey: string) => ((await rejectionOf(postThing(clientFor(server, { apiKey, maxRetries: 0 })))) as Error).message;
    expect(await messageWith('abcdef')).toBe('400 got Bearer [REDACTED]');
    expect(await messageWith('abcde')).toBe('400 got Bearer abcde');
  });

  it('a successful answer that quotes the token is the caller’s data, returned as it came', async () => {
    const server = await fx.serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ echoed: String(req.headers.authorization) }));
    });
    expect(await postThing(clientFor(server, { hooks: fx.hooks }))).toEqual({ echoed: `Bearer ${SENTINEL}` });
  });
});
