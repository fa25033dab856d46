import { StreamParseError } from '../../src/index.js';
import { SSEParser } from '../../src/sse.js';

/**
 * One case of a peer's suite, restated as data: what the peer feeds its parser (decoded text, as
 * eventsource-parser's `feed`) or what its server sends (bytes, decoded as EventStream does), and what the
 * peer's assertions expect. The peers' default event name (`undefined`, or `message` in browsers) is our
 * `message`; an id never set (`undefined`) is our `''`.
 */
export interface ConformanceCase {
  name: string;
  /** The peer's test or fixture, at the version these cases were read from. */
  source: string;
  /** Text chunks fed to the parser as they are (`text`), or sent as UTF-8 bytes and decoded by a streaming TextDecoder (`bytes`, the default). */
  feed?: 'text' | 'bytes';
  chunks: Array<string | Uint8Array>;
  /** The parser's options, where the peer's test sets its own (e.g. a buffer limit). */
  maxEventSize?: number;
  /** The events the peer expects, in order; only the fields given are compared. With `prefix`, later events may follow. */
  events: Array<{ event?: string; data?: string; id?: string }>;
  prefix?: boolean;
  /** The reconnection times the peer expects to be reported, in order (compared when given). */
  retries?: number[];
  /** The peer expects the parser to fail (an error, not an event): for us, feed() throwing StreamParseError. */
  fails?: boolean;
}

/** A case the suites hold that does not apply to SSEParser, and why. */
export interface NotApplicable {
  name: string;
  source: string;
  why: string;
}

export interface Trace {
  events: Array<{ event: string; data: string; id: string }>;
  retries: number[];
  error: unknown;
}

/** Runs one case through SSEParser exactly as EventStream does (a streaming TextDecoder in front) or on text. */
export function run(testCase: ConformanceCase): Trace {
  const trace: Trace = { events: [], retries: [], error: undefined };
  /** The retry fields the events carried: the parser's other report of the reconnection time. */
  const carried: number[] = [];
  const parser = new SSEParser(
    (event) => {
      trace.events.push({ event: event.event, data: event.data, id: event.id });
      if (event.retry !== undefined) carried.push(event.retry);
    },
    { onRetry: (ms) => trace.retries.push(ms), maxEventSize: testCase.maxEventSize },
  );
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  try {
    for (const chunk of testCase.chunks) {
      if (testCase.feed === 'text' && typeof chunk === 'string') parser.feed(chunk);
      else parser.feed(decoder.decode(typeof chunk === 'string' ? encoder.encode(chunk) : chunk, { stream: true }));
    }
    if (testCase.feed !== 'text') parser.feed(decoder.decode());
    parser.end();
  } catch (error) {
    trace.error = error;
  }
  // A parser without onRetry (before issue 12) reported a retry only on the event that carried it.
  if (trace.retries.length === 0) trace.retries = carried;
  return trace;
}

/** Whether the trace is what the case expects; the differences, when it is not. */
export function check(testCase: ConformanceCase, trace: Trace): string[] {
  const problems: string[] = [];
  if (testCase.fails) {
    if (!(trace.error instanceof StreamParseError)) problems.push(`expected a StreamParseError, got ${String(trace.error)}`);
  } else if (trace.error !== undefined) problems.push(`unexpected error: ${String(trace.error)}`);
  const got = trace.events;
  if (!testCase.prefix && got.length !== testCase.events.length) {
    problems.push(`expected ${testCase.events.length} event(s), got ${got.length}: ${JSON.stringify(got).slice(0, 300)}`);
  }
  testCase.events.forEach((want, i) => {
    const have = got[i];
    if (!have) return void problems.push(`event ${i} missing`);
    for (const key of ['event', 'data', 'id'] as const) {
      if (want[key] !== undefined && want[key] !== have[key]) {
        problems.push(`event ${i} ${key}: expected ${JSON.stringify(want[key]).slice(0, 80)}, got ${JSON.stringify(have[key]).slice(0, 80)}`);
      }
    }
  });
  if (testCase.retries && JSON.stringify(testCase.retries) !== JSON.stringify(trace.retries)) {
    problems.push(`retries: expected ${JSON.stringify(testCase.retries)}, got ${JSON.stringify(trace.retries)}`);
  }
  return problems;
}
