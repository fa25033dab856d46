import type { Abortable } from './attempt.js';
import type { BodySink, WireHead } from './body.js';

/**
 * The one thing a transport does: send one HTTP request and hand back its answer, following no
 * redirect and retrying nothing. Everything else (timeouts, redirects, size limits, text decoding,
 * retries, auth) is policy and lives once, above every transport, in transport.ts.
 */
export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | ArrayBuffer | undefined;
  /** When to stop: a signal for fetch, a direct stop for transports that have one. */
  abort: Abortable;
  /**
   * Read the body whole into this before answering (JSON calls): the answer then has `bytes`, or
   * `bodyError` when the body broke off, could not be decoded or was too large. Without it the
   * answer comes with the headers and its `body` is a stream.
   */
  whole?: BodySink | undefined;
}

export interface WireResponse extends WireHead {
  /** The decoded body as a web stream, when it was not read whole. */
  readonly body: ReadableStream<Uint8Array> | null;
  /** The body read whole (with `whole`). */
  bytes?: Uint8Array | undefined;
  /** Why the body could not be read whole (with `whole`): the head is still good. */
  bodyError?: unknown;
  /**
   * Set when the transport followed a redirect by itself (a fetch that ignored `redirect:
   * 'manual'`): the URL it ended at, or '' when a browser hid it (an `opaqueredirect`).
   */
  followedTo?: string | undefined;
}

export type Wire = (request: WireRequest) => Promise<WireResponse>;

/** Reads a web stream whole into a sink; rejects when it breaks off or the sink refuses more. */
export async function readInto(body: ReadableStream<Uint8Array> | null, sink: BodySink): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) sink.add(chunk.value);
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw error;
  }
}

/** Extra `fetch` options the runtime sets itself, so `fetchOptions` may not. */
export const OWN_FETCH_OPTIONS = ['method', 'headers', 'body', 'signal', 'redirect'] as const;

/**
 * A transport over a fetch function: every runtime has one. Redirects come back as they are
 * (`redirect: 'manual'`) for the runtime's own policy.
 */
export function fetchWire(fetchImpl: typeof fetch, fetchOptions?: RequestInit): Wire {
  return async ({ method, url, headers, body, abort, whole }) => {
    const response = await fetchImpl(url, { ...fetchOptions, method, headers, body, signal: abort.signal, redirect: 'manual' });
    const answer: WireResponse = {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: response.body,
      // A custom fetch that ignored `redirect: 'manual'` sent the request on already, past the policy.
      followedTo: response.type === 'opaqueredirect' ? '' : response.redirected ? response.url : undefined,
    };
    if (whole && answer.followedTo === undefined) {
      try {
        // In one go when the length is declared: Deno's fetch reads a body far faster whole than
        // through its stream's reader (about 50 µs less per call). The sink still counts the bytes,
        // should a custom fetch's Response say less than it holds.
        if (whole.start(answer)) whole.add(new Uint8Array(await response.arrayBuffer()));
        else await readInto(response.body, whole);
        answer.bytes = whole.bytes();
      } catch (error) {
        answer.bodyError = error;
      }
    }
    return answer;
  };
}
