import type { ServerResponse } from 'node:http';
import type { Config, EventStream, EventStreamOptions, StreamEvent } from '../../src/index.js';
import { BEARER, clientFor } from './client.js';
import type { Fixture } from './fixture.js';
import { expectNoSecret } from './leaks.js';
import { delay, type Arrival, type Handler } from './server.js';

/** One SSE frame whose data is `data` as JSON. */
export const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
export const DONE = 'event: done\ndata: {}\n\n';

/** Sends the headers of an event stream at once, before any event. */
export function openStream(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  res.flushHeaders();
}

/** Writes frames `everyMs` apart until `count` are sent or the client goes away. */
export async function drip(res: ServerResponse, arrival: Arrival, count: number, everyMs: number): Promise<number> {
  let gone = false;
  void arrival.closed.then(() => (gone = true));
  let sent = 0;
  while (sent < count && !gone) {
    res.write(frame('delta', { i: sent }));
    sent++;
    await delay(everyMs);
  }
  return sent;
}

/** A one-shot latch the server handler can wait on. */
export function latch() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

export interface StreamCallOptions {
  signal?: AbortSignal;
  timeout?: number;
  maxRetries?: number;
}

/** A server running `handler`, a client on it, and `stream()`: a streamed POST as chat.stream sends it. */
export async function streamSetup(fx: Fixture, handler: Handler, config: Config = {}) {
  const server = await fx.serve(handler);
  const client = clientFor(server, { hooks: fx.hooks, ...config });
  const stream = (sse: EventStreamOptions = {}, options: StreamCallOptions = {}) =>
    client.post({
      url: '/chat',
      body: { stream: true },
      security: BEARER,
      sse: { endEvent: 'done', errorEvent: 'error', ...sse },
      ...options,
    }) as unknown as Promise<EventStream<StreamEvent>>;
  return { server, client, stream };
}

export async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** Iterates until the stream fails; returns the events before the failure and the error. */
export async function collectUntilError(
  stream: AsyncIterable<StreamEvent>,
  onEvent?: (event: StreamEvent) => unknown,
): Promise<{ events: StreamEvent[]; error: unknown }> {
  const events: StreamEvent[] = [];
  try {
    for await (const event of stream) {
      events.push(event);
      await onEvent?.(event);
    }
  } catch (error) {
    expectNoSecret(error);
    return { events, error };
  }
  throw new Error(`the stream ended without an error after ${events.length} event(s)`);
}
