import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import { startMockServer, type MockServer } from '@coze/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIConnectionError, RequestValidationError } from '../src/index.js';
import { createFetchClient } from '../src/fetch.js';

/** Issue 12, finding 19: @coze/client/fetch (openapi-fetch on client.fetch) keeps the runtime's rules. */
let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
});
afterAll(async () => server.close());

describe('createFetchClient', () => {
  it('leaves no abort listener on a long-lived signal of the caller’s, call after call', async () => {
    const client = createFetchClient({ apiKey: server.tokens.admin, baseURL: server.url, rateLimit: false });
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) {
      const { error } = await client.GET('/workflow', { signal: controller.signal });
      expect(error).toBeUndefined();
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('still aborts a call through that signal', async () => {
    const client = createFetchClient({ apiKey: server.tokens.admin, baseURL: server.url, rateLimit: false });
    const controller = new AbortController();
    controller.abort();
    await expect(client.GET('/workflow', { signal: controller.signal })).rejects.toMatchObject({ name: 'APIUserAbortError' });
  });

  it('sends the token only to the configured origin: a per-request baseUrl elsewhere is refused, nothing sent', async () => {
    const seen: string[] = [];
    const elsewhere = createServer((req, res) => {
      seen.push(String(req.headers.authorization));
      res.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = elsewhere.address() as { port: number };
      const client = createFetchClient({ apiKey: server.tokens.admin, baseURL: server.url, rateLimit: false });
      const error = await client.GET('/workflow', { baseUrl: `http://127.0.0.1:${port}/v1` }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationError);
      expect(seen).toEqual([]);
    } finally {
      elsewhere.closeAllConnections();
      await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
    }
  });

  it('a 500 whose body is cut off rejects with APIConnectionError, as fetch would, rather than giving a made-up error body', async () => {
    const client = createFetchClient({ apiKey: server.tokens.admin, baseURL: server.url, rateLimit: false, maxRetries: 0 });
    const outcome = await client.GET('/workflow', { headers: { 'X-Mock-Fault': 'truncate=500' } }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    expect(outcome).toEqual({ error: expect.any(APIConnectionError) });
    expect((outcome as { error: Error }).error.message).toMatch(/^The response body was cut off/);
  });
});
