// A server or proxy that echoes the request in its error body (its Authorization header, or the token in a
// message) must not put the token into the error the caller logs: its message, its body, its every rendering.
import { describe, expect, it } from 'vitest';
import { APIError } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';

const fx = useIntegration();

/** The response headers the hooks were told of, in order. */
function responseHeadersSeen(): Array<Record<string, string>> {
  return fx.hooks.seen.flatMap((info) => ('responseHeaders' in info ? [info.responseHeaders] : []));
}

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

  it.each([300, 401, 502])('%i: response headers that echo the token are redacted in the error and the hooks', async (status) => {
    const server = await fx.serve((req, res) => {
      const auth = String(req.headers.authorization);
      res.writeHead(status, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer error="invalid_token", token="${auth.slice(7)}"`,
        'x-echo': auth,
        'x-request-id': 'req_echo',
      });
      res.end(JSON.stringify({ code: 'no', message: 'no' }));
    });
    const error = await rejectionOf(postThing(clientFor(server, { hooks: fx.hooks, maxRetries: 0 })));
    expectNoSecret(error);
    const { headers } = error as APIError;
    expect(headers['x-echo']).toBe('Bearer [REDACTED]');
    expect(headers['www-authenticate']).toBe('Bearer error="invalid_token", token="[REDACTED]"');
    // The headers that do not quote it are as they came.
    expect(headers['x-request-id']).toBe('req_echo');
    // The hooks saw the answer's headers, redacted (the fixture checks they never saw the token).
    expect(responseHeadersSeen()[0]?.['x-echo']).toBe('Bearer [REDACTED]');
  });

  it('a redirect that echoes the token in its headers: redacted in what the hooks see of it', async () => {
    const server = await fx.serve((req, res) => {
      if (req.url?.endsWith('/things')) {
        res.writeHead(307, { location: `${req.url.slice(0, -'/things'.length)}/elsewhere`, 'x-echo': String(req.headers.authorization) });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"moved":true}');
    });
    expect(await postThing(clientFor(server, { hooks: fx.hooks }))).toEqual({ moved: true });
    expect(responseHeadersSeen().map((headers) => headers['x-echo'])).toEqual(['Bearer [REDACTED]', undefined]);
  });

  it('a successful answer’s headers that quote the token are the caller’s, returned as they came', async () => {
    const server = await fx.serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo': String(req.headers.authorization) });
      res.end('{}');
    });
    const { response } = await postThing(clientFor(server)).withResponse();
    expect(response.headers.get('x-echo')).toBe(`Bearer ${SENTINEL}`);
  });
});
