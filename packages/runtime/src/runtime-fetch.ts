import { changesState, idempotencyKey } from './idempotency.js';
import { headersToObject } from './redact.js';
import { send, type TransportSettings } from './transport.js';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A fetch-compatible function with the runtime's policies (auth, rate limit, retries, timeouts),
 * for clients that speak fetch, such as openapi-fetch. HTTP errors come back as responses, as
 * fetch does; only a failure to get any response throws. A request that accepts
 * `text/event-stream` gets its body unread, to stream it.
 */
export function createRuntimeFetch(transport: TransportSettings): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = request ? headersToObject(request.headers) : {};
    if (init?.headers) Object.assign(headers, headersToObject(new Headers(init.headers)));
    if (changesState(method)) headers['idempotency-key'] ??= idempotencyKey();
    const rawBody = init?.body ?? (request?.body ? await request.arrayBuffer() : undefined);
    const body =
      rawBody === undefined || rawBody === null || typeof rawBody === 'string' || rawBody instanceof ArrayBuffer
        ? (rawBody ?? undefined)
        : await new Response(rawBody).arrayBuffer();
    const streaming = (headers.accept ?? '').includes('text/event-stream');
    const delivered = await send(
      transport,
      { method, url: request?.url ?? String(input), headers, body, auth: true },
      { signal: init?.signal ?? request?.signal ?? undefined, readBody: streaming ? false : 'bytes' },
    );
    const { response, text, bytes } = delivered;
    if (text === undefined && bytes === undefined) return response;
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : (bytes ?? text), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
