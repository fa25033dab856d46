// node:http only (the runtime:node-http project collects *.node-test.ts): a streamed body over node:http is
// one flow with two ways to read it — the web stream (Response.body, client.fetch) and the push form
// EventStream reads without a web stream in between (streaming/push-body.ts).
import { describe, expect, it } from 'vitest';
import type { Abortable } from '../src/attempt.js';
import { createNodeWire } from '../src/node-transport.js';
import { pushBodyOf, type PushBody } from '../src/streaming/push-body.js';
import { useIntegration } from './helpers/fixture.js';
import { delay } from './helpers/server.js';

const fx = useIntegration();

const never: Abortable = { aborted: false, signal: new AbortController().signal, onAbort: () => undefined };

const PARTS = ['event: a\n', 'data: 1\n\n', 'event: b\ndata: 2\n\n'];

async function streamed(handler: Parameters<typeof fx.serve>[0]) {
  const server = await fx.serve(handler);
  const wire = createNodeWire();
  return wire({ method: 'GET', url: `${server.url}/stream`, headers: {}, body: undefined, abort: never });
}

/** The server writes the parts a turn apart, so they arrive as separate chunks. */
const inParts = async (_req: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const part of PARTS) {
    res.write(part);
    await delay(5);
  }
  res.end();
};

/** Reads a push body to its end: the text in order, and how it ended. */
function readPushed(push: PushBody): Promise<{ text: string; ended: string[] }> {
  return new Promise((resolve) => {
    let text = '';
    const ended: string[] = [];
    const decoder = new TextDecoder();
    push.start(
      (bytes) => (text += decoder.decode(bytes, { stream: true })),
      () => {
        ended.push('end');
        setTimeout(() => resolve({ text, ended }), 20);
      },
      (error) => {
        ended.push(`fail: ${(error as Error).message}`);
        setTimeout(() => resolve({ text, ended }), 20);
      },
    );
  });
}

describe('a streamed body over node:http', () => {
  it('offers its push form, which hands over every byte in order and ends once', async () => {
    const response = await streamed(inParts);
    // Its web stream starts nothing by itself: a push reader that comes later misses nothing.
    await delay(50);
    const push = pushBodyOf(response.body!);
    expect(push).toBeDefined();
    expect(await readPushed(push!)).toEqual({ text: PARTS.join(''), ended: ['end'] });
  });

  it('reads whole through its web stream too', async () => {
    const response = await streamed(inParts);
    const text = await new Response(response.body).text();
    expect(text).toBe(PARTS.join(''));
  });

  it('tells a reader that comes late that the body broke off before it came', async () => {
    const response = await streamed((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: a\n');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    await delay(100);
    const { ended } = await readPushed(pushBodyOf(response.body!)!);
    expect(ended).toEqual(['fail: The response body was cut off.']);
  });
});
