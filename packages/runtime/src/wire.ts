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
  signal: AbortSignal;
}

export interface WireResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** The decoded body as a web stream, for streams; read either this or `read`, not both. */
  readonly body: ReadableStream<Uint8Array> | null;
  /**
   * Hands each decoded chunk of the body to `onChunk` and settles at its end: resolves when the
   * body is complete, rejects when it is cut off. An error thrown by `onChunk` stops the read,
   * closes the connection and rejects with that error.
   */
  read(onChunk: (chunk: Uint8Array) => void): Promise<void>;
  /**
   * Set when the transport followed a redirect by itself (a fetch that ignored `redirect:
   * 'manual'`): the URL it ended at, or '' when a browser hid it (an `opaqueredirect`).
   */
  followedTo?: string | undefined;
}

export type Wire = (request: WireRequest) => Promise<WireResponse>;

/** Reads a web stream chunk by chunk into `onChunk` (see `WireResponse.read`). */
export async function readStream(
  body: ReadableStream<Uint8Array> | null,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) onChunk(chunk.value);
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw error;
  }
}

/** Extra `fetch` options the runtime sets itself, so `fetchOptions` may not. */
export const OWN_FETCH_OPTIONS = ['method', 'headers', 'body', 'signal', 'redirect'] as const;

/**
 * A transport over a fetch function: every runtime has one. Redirects come back as they are
 * (`redirect: 'manual'`) for the runtime's own policy; in a browser, which hides them, they
 * surface as status 0 (`opaqueredirect`).
 */
export function fetchWire(fetchImpl: typeof fetch, fetchOptions?: RequestInit): Wire {
  return async ({ method, url, headers, body, signal }) => {
    const response = await fetchImpl(url, { ...fetchOptions, method, headers, body, signal, redirect: 'manual' });
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: response.body,
      read: (onChunk) => readStream(response.body, onChunk),
      // A custom fetch that ignored `redirect: 'manual'` sent the request on already, past the policy.
      followedTo: response.type === 'opaqueredirect' ? '' : response.redirected ? response.url : undefined,
    };
  };
}
