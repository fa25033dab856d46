// How an app developer tests their own code with @coze/mock-server: the real client, over real sockets, against
// the contract — the happy path, the platform's failures (injected faults) and a token without the permission.
import { startMockServer, type MockServer } from '@coze/mock-server';
import { APIConnectionError, CozeAPI, PermissionDeniedError } from '@coze/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOLDING_REPLY, draftReply } from '../ticket-replies.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const coze = (token = server.tokens.write) => new CozeAPI({ baseURL: server.url, apiKey: token });

describe('draftReply, against the embedded Coze server', () => {
  it('streams the model’s reply', async () => {
    const pieces: string[] = [];
    const draft = await draftReply(coze(), 'My order is late', (text) => pieces.push(text));
    expect(draft).toEqual({ source: 'model', text: '你好！You said: My order is late' });
    expect(pieces.length).toBeGreaterThan(1);
    const [sent] = server.requests;
    expect(sent!.operationId).toBe('chat.create');
    expect(sent!.body).toMatchObject({ stream: true, messages: [{ role: 'system' }, { role: 'user', content: 'My order is late' }] });
  });

  it('gets through two 503s: the client retries them with the same Idempotency-Key', async () => {
    server.faults.push({ match: { operationId: 'chat.create' }, times: 2, fault: { status: 503, retryAfter: '0' } });
    const draft = await draftReply(coze(), 'Where is my refund?');
    expect(draft.source).toBe('model');
    const attempts = server.requests.filter((r) => r.operationId === 'chat.create');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  });

  it('falls back to the holding reply when the platform asks to wait two minutes', async () => {
    server.faults.push({ match: { operationId: 'chat.create' }, fault: { status: 429, retryAfter: '120' } });
    expect(await draftReply(coze(), 'Help!')).toEqual({ source: 'fallback', text: HOLDING_REPLY });
    expect(server.requests).toHaveLength(1);
  });

  it('reports a stream the network cut off mid-way, rather than a half reply', async () => {
    server.faults.push({ match: { operationId: 'chat.create' }, fault: { kind: 'drop-stream', afterEvents: 2 } });
    await expect(draftReply(coze(), 'Cut me off')).rejects.toBeInstanceOf(APIConnectionError);
  });

  it('surfaces a token without the write level as PermissionDeniedError', async () => {
    await expect(draftReply(coze(server.tokens.read), 'Hello')).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});
