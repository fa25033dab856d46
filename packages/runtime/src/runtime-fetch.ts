import { APIConnectionError, APITimeoutError, APIUserAbortError, RequestValidationError } from './errors/index.js';
import { changesState, idempotencyKey } from './idempotency.js';
import { send, type Delivered, type TransportSettings } from './transport.js';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A fetch-compatible function with the runtime's policies (auth to the configured origin only,
 * rate limit, retries, timeouts, redirects, size limit), for clients that speak fetch, such as
 * openapi-fetch. HTTP errors come back as responses, as fetch does; only a failure to get any
 * response throws. A request that accepts `text/event-stream` gets its body unread, to stream it,
 * with the client's timeout as the longest wait for the next bytes.
 */
export function createRuntimeFetch(transport: TransportSettings): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    // A Request's headers were checked when it was made; the init's are read here, so that a bad
    // value becomes our error, which never quotes it (fetch's own Headers would).
    const headers: Record<string, string> = {};
    request?.headers.forEach((value, name) => (headers[name] = value));
    Object.assign(headers, plainHeaders(init?.headers));
    if (changesState(method)) headers['idempotency-key'] ??= idempotencyKey();
    const rawBody = init?.body ?? (request?.body ? await request.arrayBuffer() : undefined);
    let body: string | ArrayBuffer | undefined;
    // `??` above already turned a null body into undefined.
    if (rawBody === undefined || typeof rawBody === 'string' || rawBody instanceof ArrayBuffer) {
      // The Content-Type fetch gives a string; the node:http transport, unlike fetch, would send none.
      if (typeof rawBody === 'string') headers['content-type'] ??= 'text/plain;charset=UTF-8';
      body = rawBody;
    } else {
      // FormData, URLSearchParams, Blob, streams: as bytes, with the Content-Type fetch would give them
      // (a multipart boundary above all).
      const encoded = new Response(rawBody);
      const type = encoded.headers.get('content-type');
      if (type !== null) headers['content-type'] ??= type;
      body = await encoded.arrayBuffer();
    }
    const streaming = (headers.accept ?? '').includes('text/event-stream');
    const delivered = await send(
      transport,
      { method, url: request?.url ?? String(input), headers, body, auth: true },
      { signal: init?.signal ?? request?.signal ?? undefined, readBody: streaming ? false : 'bytes' },
    );
    const { response, text, bytes, bodyError } = delivered;
    // As with fetch, the status and headers are the answer; reading the body fails as the read did.
    if (bodyError) return new Response(failingBody(bodyError), response.init());
    if (text === undefined && bytes === undefined) {
      if (!response.body) {
        delivered.attempt.release();
        return response.toResponse();
      }
      return new Response(idleTimed(response.body, transport.timeout, delivered), response.init());
    }
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : ((bytes as BodyInit | undefined) ?? text), response.init());
  };
}

/** A body that fails with `error` when read. */
function failingBody(error: Error): ReadableStream<Uint8Array> {
  return new ReadableStream({ pull: (controller) => controller.error(error) });
}

/** Headers of a RequestInit as a plain object, checked name by name (see checkHeaders). */
function plainHeaders(init: HeadersInit | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (init === undefined) return headers;
  const pairs = init instanceof Headers ? [...init] : Array.isArray(init) ? init : Object.entries(init);
  for (const pair of pairs) {
    const [name, value] = pair as [unknown, unknown];
    if (typeof name !== 'string') throw new RequestValidationError([{ field: 'headers', rule: 'header-name', message: 'headers: every header name must be a string' }]);
    headers[name.toLowerCase()] = String(value);
  }
  return headers;
}

/**
 * A streamed body that fails with APITimeoutError when no bytes come for `idle` ms, and lets go of
 * the caller's signal once it ends, however it ends.
 */
function idleTimed(body: ReadableStream<Uint8Array>, idle: number, delivered: Delivered): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // After finish() the stream is closed or errored, so the `finished` checks below change nothing one can
  // see (mutation/EQUIVALENT.md): finish() clears the timer, a second controller.error() is a no-op, a
  // close() or enqueue() throws inside pull(), which an ended stream ignores, and release() is idempotent.
  // They keep pull() from acting on a stream that is over.
  let finished = false;
  const finish = () => {
    // Stryker disable next-line BooleanLiteral: see above: with the flag never set, every path after finish() is still a no-op
    finished = true;
    clearTimeout(timer);
    delivered.attempt.release();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        timer = setTimeout(() => {
          if (finished) return;
          finish();
          controller.error(new APITimeoutError(`No stream data for ${idle} ms: gave up waiting.`));
          delivered.attempt.controller.abort();
          void reader.cancel().catch(() => undefined);
        }, idle);
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (finished) return;
          // The connection is aborted only by the caller's signal once the stream is handed out.
          const aborted = delivered.attempt.controller.signal.aborted;
          finish();
          controller.error(
            aborted ? new APIUserAbortError(undefined, { cause: error }) : new APIConnectionError('The stream broke off.', { cause: error }),
          );
          return;
        }
        clearTimeout(timer);
        if (finished) return;
        if (chunk.done) {
          finish();
          controller.close();
        } else {
          controller.enqueue(chunk.value);
        }
      },
      cancel(reason) {
        finish();
        delivered.attempt.controller.abort();
        return reader.cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
