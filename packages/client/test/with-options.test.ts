// coze.withOptions(): other defaults for some calls, the parent's rate-limit bucket and connections.
import { startMockServer, type MockServer } from '@coze/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APITimeoutError, CozeAPI, CozeError } from '../src/index.js';

let server: MockServer;
beforeAll(async () => {
  // The server's own bucket: 2 at once, then 3 per second per token; the clients' (below): 2 at once, then 2 per
  // second, a little under the server's. A client that spent from two buckets would send twice that: 429s.
  server = await startMockServer({ rateLimit: { requestsPerSecond: 3, burst: 2 } });
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

const parentOf = () =>
  new CozeAPI({ apiKey: server.tokens.admin, baseURL: server.url, maxRetries: 0, rateLimit: { requestsPerSecond: 2, burst: 2 } });

describe('coze.withOptions()', () => {
  it('shares the bucket: calls through the parent and the derived client together stay within the server’s limit', async () => {
    const coze = parentOf();
    const job = coze.withOptions({ timeout: 60_000, defaultHeaders: { 'x-job': 'nightly' } });
    // Six calls at once, three through each, no retries: one shared bucket paces them all; two would not.
    const calls = [0, 1, 2].flatMap(() => [coze.workflow.list(), job.workflow.list()]);
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(server.requests.map((r) => r.operationId)).toEqual(Array(6).fill('workflow.list'));
    expect(server.requests.filter((r) => r.headers['x-job'] === 'nightly')).toHaveLength(3);
  });

  it('the control: two separate clients with the same settings overrun the server’s bucket', async () => {
    const a = parentOf();
    const b = parentOf();
    const results = await Promise.allSettled([0, 1, 2].flatMap(() => [a.workflow.list(), b.workflow.list()]));
    expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
  });

  it('keeps the parent as it was, and keeps the parent’s headers under the derived ones', async () => {
    const coze = new CozeAPI({ apiKey: server.tokens.admin, baseURL: server.url, timeout: 50, maxRetries: 0, defaultHeaders: { 'x-team': 'a' } });
    const patient = coze.withOptions({ timeout: 5_000, defaultHeaders: { 'x-job': 'slow' } });
    const slow = { 'X-Mock-Fault': 'delay=300' };
    await expect(coze.workflow.list({}, { headers: slow })).rejects.toBeInstanceOf(APITimeoutError);
    await patient.workflow.list({}, { headers: slow });
    const sent = server.requests.at(-1)!.headers;
    expect(sent['x-team']).toBe('a');
    expect(sent['x-job']).toBe('slow');
    expect(sent['user-agent']).toMatch(/^coze-client-ts\//);
    expect(patient).toBeInstanceOf(CozeAPI);
    expect(typeof patient.chat.stream).toBe('function');
  });

  it('refuses what would split the bucket or move the calls, and misspelt options', () => {
    const coze = parentOf();
    expect(() => coze.withOptions({ baseURL: 'https://example.com/v1' } as never)).toThrow(
      "withOptions() cannot change `baseURL`: the client it returns shares this client's rate-limit bucket and connections",
    );
    expect(() => coze.withOptions({ apiKey: 'other', rateLimit: false } as never)).toThrow('cannot change `apiKey`, `rateLimit`');
    expect(() => coze.withOptions({ timeOut: 5 } as never)).toThrow(CozeError);
    expect(() => coze.withOptions({ timeOut: 5 } as never)).toThrow('`timeOut` (did you mean `timeout`?)');
    expect(() => coze.withOptions({ headers: {} } as never)).toThrow('(did you mean `defaultHeaders`?)');
    expect(() => coze.withOptions({ timeout: -1 })).toThrow('timeout must be a number of milliseconds above 0');
  });

  it('still checks each call’s options and validates input (unless turned off)', async () => {
    const coze = parentOf().withOptions({ maxRetries: 1 });
    await expect(coze.workflow.list({}, { timeOut: 5 } as never)).rejects.toThrow('did you mean `timeout`?');
    await expect(coze.chat.create({ messages: [{ role: 'user', content: 'x' }], temperature: 5 })).rejects.toThrow('temperature');
    const loose = coze.withOptions({ validateRequests: false });
    await expect(loose.chat.create({ messages: [{ role: 'user', content: 'x' }], temperature: 5 })).rejects.toThrow('400');
  });
});
