import { describe, expect, it } from 'vitest';
import { CozeError, createClient } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';
import { json } from './helpers/server.js';

/** The API key as the server receives it, and every way a key is refused before anything is sent. */
const fx = useIntegration();

function thrown(make: () => unknown): Error {
  try {
    make();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected it to throw');
}

describe('a key function, sync or async, is asked before every call and its token sent as the bearer', () => {
  it.each([
    ['sync', (token: string) => () => token],
    ['async', (token: string) => async () => token],
  ])('%s', async (_, asFunction) => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    let turn = 0;
    const client = clientFor(server, { hooks: fx.hooks, apiKey: () => asFunction(`${SENTINEL}-${++turn}`)() });
    await postThing(client);
    await postThing(client);
    expect(server.arrivals.map((arrival) => arrival.headers.authorization)).toEqual([`Bearer ${SENTINEL}-1`, `Bearer ${SENTINEL}-2`]);
  });
});

describe('a key that cannot be a bearer token is refused before anything is sent, never quoted', () => {
  it.each([
    ['an empty string, sync', () => ''],
    ['only spaces, sync', () => '   '],
    ['an empty string, async', async () => ''],
    ['nothing, async (from JavaScript)', async () => undefined as unknown as string],
  ])('a key function returning %s', async (_, apiKey) => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const error = await rejectionOf(postThing(clientFor(server, { hooks: fx.hooks, apiKey })));
    expect(error).toBeInstanceOf(CozeError);
    expect((error as Error).message).toBe('The API key must be a non-empty string.');
    expect(server.arrivals).toHaveLength(0);
  });

  it('a sync key function returning nothing (from JavaScript): refused as a key, not a TypeError reading it', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    for (const value of [undefined, null, 42]) {
      const error = await rejectionOf(postThing(clientFor(server, { hooks: fx.hooks, apiKey: () => value as unknown as string })));
      expect(error).toBeInstanceOf(CozeError);
      expect((error as Error).message).toBe('The API key must be a non-empty string.');
    }
    expect(server.arrivals).toHaveLength(0);
  });

  it('no key at all: the error says how to give one', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const error = await rejectionOf(postThing(clientFor(server, { hooks: fx.hooks, apiKey: undefined })));
    expect(error).toBeInstanceOf(CozeError);
    expect((error as Error).message).toBe('No API key: pass `apiKey` (a string or a function returning one).');
    expect(server.arrivals).toHaveLength(0);
  });

  it.each([
    ['a CR LF', `${SENTINEL}\r\nx-injected: 1`, 'line breaks'],
    ['a LF', `${SENTINEL}\n`, 'line breaks'],
    ['a CR', `${SENTINEL}\rx`, 'line breaks'],
    ['a space', `${SENTINEL} x`, 'spaces, control characters (such as NUL) or non-ASCII characters'],
    ['a NUL', `${SENTINEL}\0`, 'spaces, control characters (such as NUL) or non-ASCII characters'],
    ['non-ASCII', `${SENTINEL}密钥`, 'spaces, control characters (such as NUL) or non-ASCII characters'],
  ])('a key with %s: the message names what is wrong with it', (_, apiKey, kind) => {
    const error = thrown(() => createClient({ apiKey }));
    expect(error).toBeInstanceOf(CozeError);
    expect(error.message).toBe(`The API key must contain only visible ASCII characters; this one has ${kind}. It is not shown.`);
    expectNoSecret(error);
  });
});

describe('a key function that fails', () => {
  const vaultDown = new Error('the vault is down');
  it.each([
    ['throws', () => { throw vaultDown; }],
    ['rejects', async () => { throw vaultDown; }],
  ])('%s: a CozeError naming it, the function\'s error its cause; nothing sent', async (_, apiKey) => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const error = await rejectionOf(postThing(clientFor(server, { hooks: fx.hooks, apiKey: apiKey as unknown as () => string })));
    expect(error).toBeInstanceOf(CozeError);
    expect((error as Error).message).toBe('The apiKey function failed, so nothing was sent: the vault is down');
    expect((error as Error).cause).toBe(vaultDown);
    expect(server.arrivals).toHaveLength(0);
  });

  it('rejecting with something that is not an Error: its text is the reason', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const error = await rejectionOf(postThing(clientFor(server, { hooks: fx.hooks, apiKey: () => Promise.reject('timed out') })));
    expect((error as Error).message).toBe('The apiKey function failed, so nothing was sent: timed out');
    expect((error as Error).cause).toBe('timed out');
  });

  it('a CozeError of its own (a key fetched with another client) is handed on as it is', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const own = new CozeError('the token service answered 503');
    const error = await rejectionOf(postThing(clientFor(server, { hooks: fx.hooks, apiKey: async () => { throw own; } })));
    expect(error).toBe(own);
    expect(server.arrivals).toHaveLength(0);
  });
});
