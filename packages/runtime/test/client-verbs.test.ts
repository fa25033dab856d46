import { describe, expect, it } from 'vitest';
import { RequestValidationError, createClient } from '../src/index.js';
import { BEARER, clientFor, recordingFetch } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, rejectionOf } from './helpers/leaks.js';
import type { Handler } from './helpers/server.js';

const fx = useIntegration();
const noContent: Handler = (_, res) => {
  res.writeHead(204).end();
};

describe('createClient: the method each call sends', () => {
  it('is the verb of the function called, for every verb', async () => {
    const server = await fx.serve(noContent);
    const client = clientFor(server, { hooks: fx.hooks });
    const verbs = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;
    for (const verb of verbs) await client[verb]({ url: '/things', security: BEARER });
    expect(server.arrivals.map((arrival) => arrival.method)).toEqual(verbs.map((verb) => verb.toUpperCase()));
  });

  it('is the options’ method, upper-cased, for client.request, and GET when it names none', async () => {
    const server = await fx.serve(noContent);
    const client = clientFor(server, { hooks: fx.hooks });
    await client.request({ url: '/things', method: 'patch', security: BEARER });
    await client.request({ url: '/things', security: BEARER });
    expect(server.arrivals.map((arrival) => arrival.method)).toEqual(['PATCH', 'GET']);
  });
});

// With no base URL, each absolute URL is checked before the token goes out; base-url.test.ts has the refusals.
describe('createClient without a base URL: allowInsecureBaseURL', () => {

  it('true lets the token go over plain http to any host', async () => {
    const { calls, fetch } = recordingFetch();
    const client = createClient({ apiKey: SENTINEL, rateLimit: false, fetch, allowInsecureBaseURL: true });
    await client.fetch('http://api.coze.cn/v1/chat');
    expect(calls).toEqual(['http://api.coze.cn/v1/chat']);
  });

  it('false refuses plain http to a host that is not loopback, as leaving it out does', async () => {
    const { calls, fetch } = recordingFetch();
    const client = createClient({ apiKey: SENTINEL, rateLimit: false, fetch, allowInsecureBaseURL: false });
    const error = await rejectionOf(client.fetch('http://api.coze.cn/v1/chat'));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toContain('refusing http://api.coze.cn');
    expect(calls).toEqual([]);
  });
});
