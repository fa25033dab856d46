// What arrives after the status — a stream's error event, a malformed event, a body that is not what was asked
// for — can quote the token as an error body can (a server or proxy that echoes the request). The error made of it
// must not carry the token: not in its message, its body, its snippet or its cause. The data itself is the caller's.
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { APIError, CozeError, StreamParseError, UnexpectedResponseError } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';
import { DONE, collect, collectUntilError, frame, openStream, streamSetup } from './helpers/streams.js';

const fx = useIntegration();
const authOf = (headers: Record<string, unknown>) => String(headers.authorization);

describe('a stream that quotes the token', () => {
  it('an error event: redacted from the error’s message and body, the rest of what it said kept', async () => {
    const { stream } = await streamSetup(fx, (req, res) => {
      openStream(res, { 'x-request-id': 'req-echo' });
      res.write(frame('delta', { i: 0 }));
      res.write(frame('error', { code: 401, message: `bad token ${authOf(req.headers)}`, details: 'expired' }));
    });
    const { events, error } = await collectUntilError(await stream());
    expect(events).toHaveLength(1);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(401);
    expect((error as APIError).requestId).toBe('req-echo');
    expect((error as Error).message).toBe('401 bad token Bearer [REDACTED]: expired');
    expect(JSON.stringify((error as APIError).body)).not.toContain(SENTINEL);
  });

  it('a key function: the token of that call is redacted from an error event', async () => {
    const token = `${SENTINEL}-fn`;
    const { stream } = await streamSetup(
      fx,
      (req, res) => {
        openStream(res);
        res.write(frame('error', { code: 500, message: `saw ${authOf(req.headers)}` }));
      },
      { apiKey: async () => token },
    );
    const { error } = await collectUntilError(await stream());
    expectNoSecret(error, token);
    expect((error as Error).message).toBe('500 saw Bearer [REDACTED]');
  });

  it('a token of fewer than 6 characters (no real key) is left in an error event, as in an error body', async () => {
    const { stream } = await streamSetup(
      fx,
      (req, res) => {
        openStream(res);
        res.write(frame('error', { code: 400, message: `saw ${authOf(req.headers)}` }));
      },
      { apiKey: 'abcde' },
    );
    const { error } = await collectUntilError(await stream());
    expect((error as Error).message).toBe('400 saw Bearer abcde');
  });

  it('a malformed event: redacted from the message, and the parse error that quotes it left out', async () => {
    const { stream } = await streamSetup(fx, (req, res) => {
      openStream(res);
      res.write(`event: delta\ndata: token=${authOf(req.headers)}\n\n`);
    });
    const { error } = await collectUntilError(await stream());
    expect(error).toBeInstanceOf(StreamParseError);
    expect((error as Error).message).toBe(`Malformed 'delta' event: its data is not JSON ("token=Bearer [REDACTED]")`);
    expect((error as Error).cause).toBeUndefined();
  });

  it('a malformed event that does not quote it keeps the parse error as its cause', async () => {
    const { stream } = await streamSetup(fx, (_, res) => {
      openStream(res);
      res.write('event: delta\ndata: not json\n\n');
    });
    const { error } = await collectUntilError(await stream());
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('a 200 that is not an event stream (a login page echoing the request): redacted from the snippet', async () => {
    const { stream } = await streamSetup(fx, (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html>signed in as ${authOf(req.headers)}</html>`);
    });
    const error = await rejectionOf(collect(await stream()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expectNoSecret(error);
    expect((error as UnexpectedResponseError).snippet).toBe('<html>signed in as Bearer [REDACTED]</html>');
  });

  it('ordinary events that quote it are the caller’s data, handed out as they came', async () => {
    const { stream } = await streamSetup(fx, (req, res) => {
      openStream(res);
      res.end(frame('delta', { echoed: authOf(req.headers) }) + DONE);
    });
    expect(await collect(await stream())).toEqual([{ event: 'delta', data: { echoed: `Bearer ${SENTINEL}` } }]);
  });

  it('the stream holds the token in no field: inspecting it shows no token', async () => {
    const { stream } = await streamSetup(fx, (_, res) => {
      openStream(res);
      res.end(DONE);
    });
    const events = await stream();
    expect(inspect(events, { depth: 10, showHidden: true })).not.toContain(SENTINEL);
    await collect(events);
  });
});

describe('a 2xx answer that is not the JSON asked for, quoting the token', () => {
  const answering = (type: string, body: (auth: string) => string) =>
    fx.serve((req, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body(authOf(req.headers)));
    });

  it('an HTML page: redacted from the UnexpectedResponseError’s snippet', async () => {
    const server = await answering('text/html', (auth) => `<p>${auth}</p>`);
    const error = await rejectionOf(postThing(clientFor(server)));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expectNoSecret(error);
    expect((error as UnexpectedResponseError).snippet).toBe('<p>Bearer [REDACTED]</p>');
  });

  it('text where the operation promises JSON: redacted from the snippet', async () => {
    const server = await answering('text/plain', (auth) => `hello ${auth}`);
    const error = await rejectionOf(postThing(clientFor(server), { parseAs: 'json' }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expectNoSecret(error);
    expect((error as UnexpectedResponseError).snippet).toBe('hello Bearer [REDACTED]');
  });

  it('JSON that does not parse: the parse error that would quote it is left out; without the token it is kept', async () => {
    const server = await answering('application/json', (auth) => `{"echo": ${auth}}`);
    const error = await rejectionOf(postThing(clientFor(server)));
    expect(error).toBeInstanceOf(CozeError);
    expectNoSecret(error);
    expect((error as Error).cause).toBeUndefined();

    const plain = await answering('application/json', () => '{"echo": nope}');
    expect(((await rejectionOf(postThing(clientFor(plain)))) as Error).cause).toBeInstanceOf(SyntaxError);
  });
});
