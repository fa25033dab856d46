import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { answerFor, splitDeltas } from './chat.js';
import { call } from './test-support.js';

/** @type {import('../index.js').MockServer} */
let server;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
});
afterAll(() => server.close());

describe('answerFor', () => {
  it('answers the last user message, whatever follows it', () => {
    expect(
      answerFor([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'What is a token bucket?' },
      ]),
    ).toBe('你好！You said: What is a token bucket?');
    expect(answerFor([{ role: 'system', content: 'only a system message' }])).toBe('你好！You said: only a system message');
  });
});

describe('splitDeltas', () => {
  it('splits into pieces that rejoin to the text and never split a surrogate pair', () => {
    const text = '你好！😀 emoji 𝄞 and more';
    const deltas = splitDeltas(text);
    expect(deltas.join('')).toBe(text);
    expect(deltas.length).toBeGreaterThan(3);
    for (const delta of deltas) expect(delta.isWellFormed()).toBe(true);
  });
});

describe('POST /chat', () => {
  it('answers at once with a deterministic reply and the default model', async () => {
    const reply = await call(server, '/chat', { body: { messages: [{ role: 'user', content: '你好' }] } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      id: expect.stringMatching(/^chat_[A-Za-z0-9]+$/),
      content: '你好！You said: 你好',
      created: expect.any(Number),
      model: 'gpt-3.5-turbo',
    });
    expect(Math.abs(reply.body.created - Date.now() / 1000)).toBeLessThan(5);
  });

  it('names the model it was asked for', async () => {
    const reply = await call(server, '/chat', { body: { messages: [{ role: 'user', content: 'hi' }], model: 'coze-pro' } });
    expect(reply.body.model).toBe('coze-pro');
  });

  it('streams created, deltas that make up the reply, completed and done', async () => {
    const reply = await call(server, '/chat', {
      body: { messages: [{ role: 'user', content: 'What is a token bucket?' }], stream: true },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = reply.events ?? [];
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('chat.created');
    expect(names.slice(-2)).toEqual(['chat.completed', 'done']);
    const deltas = events.filter((e) => e.event === 'chat.message.delta');
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    expect(names.slice(1, -2).every((n) => n === 'chat.message.delta')).toBe(true);

    const [created] = events;
    const completed = events.at(-2);
    expect(created?.data).toEqual({ id: completed?.data.id, created: completed?.data.created, model: 'gpt-3.5-turbo' });
    expect(deltas.every((d) => d.data.id === created?.data.id)).toBe(true);
    expect(deltas.map((d) => d.data.delta).join('')).toBe(completed?.data.content);
    expect(completed?.data.content).toBe('你好！You said: What is a token bucket?');
    expect(deltas.some((d) => /[\u4e00-\u9fff]/.test(d.data.delta))).toBe(true);
    expect(events.at(-1)?.data).toBe('[DONE]');
    expect(reply.text.endsWith('event: done\ndata: "[DONE]"\n\n')).toBe(true);
  });

  it('sends the first event before pausing for the next ones', async () => {
    const slow = await startMockServer({ streamDelayMs: 150 });
    try {
      const response = await fetch(`${slow.url}/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${slow.tokens.write}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], stream: true }),
      });
      const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
      const first = await reader.read();
      // Exactly one event: it was flushed on its own, not held back until the next one.
      expect(new TextDecoder().decode(first.value)).toMatch(/^event: chat.created\ndata: \{[^\n]*\}\n\n$/);
      const second = await reader.read();
      expect(new TextDecoder().decode(second.value)).toMatch(/^event: chat.message.delta\n/);
      await reader.cancel();
    } finally {
      await slow.close();
    }
  });

  it('lets a request override the pause with X-Mock-Stream-Delay', async () => {
    // '你好！You said: ab' is 16 characters: created, 4 deltas, completed, done make 7 events and 6 pauses.
    const body = { messages: [{ role: 'user', content: 'ab' }], stream: true };
    const started = performance.now();
    const reply = await call(server, '/chat', { body, headers: { 'x-mock-stream-delay': '40' } });
    expect(reply.events).toHaveLength(7);
    expect(performance.now() - started).toBeGreaterThanOrEqual(6 * 40 - 5);
    expect(reply.events?.at(-1)?.event).toBe('done');
    const bad = await call(server, '/chat', { body, headers: { 'x-mock-stream-delay': 'soon' } });
    expect(bad).toMatchObject({ status: 400, body: { details: expect.stringContaining('X-Mock-Stream-Delay') } });
  });
});
