import { resolveApiKey, type ApiKey } from './auth.js';
import { APIConnectionError, APITimeoutError, APIUserAbortError } from './errors/index.js';
import type { RateLimiter } from './rate-limit/index.js';
import { BodyCutOffError, type BufferedFetch } from './buffered-fetch.js';
import { redactHeaders } from './redact.js';
import { MAX_RETRY_AFTER_MS, backoffDelay, isRetryableStatus, parseRetryAfter } from './retry.js';
import { sleep } from './sleep.js';

/** What hooks see of a request: the token is already redacted. */
export interface RequestInfo {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** 0 for the first attempt, 1 for the first retry, … */
  attempt: number;
}

export interface ResponseInfo extends RequestInfo {
  status: number;
  /** Milliseconds from sending the attempt to its response headers. */
  elapsedMs: number;
}

/** Observers for logging and tracing. Headers are redacted copies: no token ever reaches a hook. */
export interface Hooks {
  onRequest?: (request: RequestInfo) => void;
  onResponse?: (response: ResponseInfo) => void;
}

export interface TransportSettings {
  fetch: typeof fetch;
  /** Sends requests whose body is read whole (JSON calls), when faster than fetch (node:http in Node). */
  bufferedFetch?: BufferedFetch | undefined;
  apiKey: ApiKey | undefined;
  timeout: number;
  maxRetries: number;
  limiter: RateLimiter | undefined;
  hooks: Hooks | undefined;
}

/** A request ready to send, with a body that can be sent again on a retry. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | ArrayBuffer | undefined;
  /** Whether the bearer token goes into the Authorization header. */
  auth: boolean;
}

export interface AttemptOptions {
  signal?: AbortSignal | undefined;
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  /**
   * Read the whole body under the attempt's timeout: as text, or as bytes ('bytes', for the runtime
   * fetch, whose callers may download binary data). False leaves a successful body unread, for streams.
   */
  readBody: boolean | 'bytes';
}

/** The final response: successful, or an error that retrying did not (or should not) fix. */
export interface Delivered {
  response: Response;
  /** The body, when it was read as text. */
  text: string | undefined;
  /** The body, when it was read as bytes. */
  bytes?: ArrayBuffer | undefined;
  /** The server's requested wait in ms (Retry-After / retry-after-ms), when it gave one. */
  retryAfter: number | undefined;
  /** Aborts the connection: closes an unread body. */
  controller: AbortController;
  /** Detaches the caller's signal; call once the unread body is done with. */
  release: () => void;
}

/**
 * Sends a request with the runtime's policies: a token from the rate limiter before every attempt,
 * the bearer token, a timeout per attempt, and retries with exponential backoff for connection
 * failures, timeouts and retryable statuses. Throws only when no response could be had.
 */
export async function send(
  settings: TransportSettings,
  request: OutgoingRequest,
  options: AttemptOptions,
): Promise<Delivered> {
  const { signal } = options;
  const timeout = options.timeout ?? settings.timeout;
  const maxRetries = options.maxRetries ?? settings.maxRetries;
  const { hooks, limiter } = settings;

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    // The token before the limiter: a store shared between processes keeps one bucket per token.
    let token: string | undefined;
    if (request.auth) {
      const resolved = resolveApiKey(settings.apiKey);
      token = typeof resolved === 'string' ? resolved : await resolved;
    }
    const admitted = limiter?.acquire(signal, token);
    if (admitted) await admitted;

    const headers = token === undefined ? request.headers : { ...request.headers, authorization: `Bearer ${token}` };
    // An abort while an async key was being fetched fired before the listener below exists.
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    if (hooks?.onRequest) {
      hooks.onRequest({ method: request.method, url: request.url, headers: redactHeaders(headers), attempt });
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const release = () => signal?.removeEventListener('abort', onAbort);
    const startedAt = hooks?.onResponse ? Date.now() : 0;

    let failure: APIConnectionError | undefined;
    let response: Response | undefined;
    let text: string | undefined;
    let bytes: ArrayBuffer | undefined;
    let elapsedMs = 0;
    try {
      if (options.readBody === true && settings.bufferedFetch) {
        ({ response, text } = await settings.bufferedFetch(request.url, {
          method: request.method,
          headers,
          body: request.body,
          signal: controller.signal,
        }));
        if (hooks?.onResponse) elapsedMs = Date.now() - startedAt;
      } else {
        // Called detached, never as `settings.fetch(…)`: browsers and workerd throw "Illegal invocation"
        // when fetch runs with a `this` other than the global object (or undefined).
        const fetchImpl = settings.fetch;
        response = await fetchImpl(request.url, {
          method: request.method,
          headers,
          body: request.body,
          signal: controller.signal,
        });
        if (hooks?.onResponse) elapsedMs = Date.now() - startedAt;
      }
      if (text === undefined && (options.readBody || !response.ok)) {
        try {
          if (options.readBody === 'bytes') bytes = await response.arrayBuffer();
          else text = await response.text();
        } catch (error) {
          // An error status with a cut-off body is still that error; a cut-off success is a failure.
          if (response.ok || signal?.aborted) throw error;
          text = timedOut ? '(the response body timed out)' : '(the response body was cut off)';
        }
      }
    } catch (error) {
      if (signal?.aborted) {
        clearTimeout(timer);
        release();
        throw new APIUserAbortError(undefined, { cause: signal.reason });
      }
      if (error instanceof BodyCutOffError && !error.response.ok && !timedOut) {
        // As on the fetch path: an error status with a cut-off body is still that error.
        response = error.response;
        text = '(the response body was cut off)';
      } else {
        failure = timedOut
          ? new APITimeoutError(`The request timed out after ${timeout} ms.`)
          : new APIConnectionError(`Connection error: ${describe(error)}`, { cause: error });
      }
    }

    const streaming = failure === undefined && response!.ok && !options.readBody;
    // The attempt's timeout ends here either way: a stream's idle timer takes over from it.
    clearTimeout(timer);
    if (!streaming) release();

    // Outside the try: an error thrown by a hook is the caller's bug, not a connection failure to retry.
    if (response && hooks?.onResponse) {
      const notify = hooks.onResponse;
      const info = {
        method: request.method,
        url: request.url,
        headers: redactHeaders(headers),
        attempt,
        status: response.status,
        elapsedMs,
      };
      try {
        notify(info);
      } catch (error) {
        if (streaming) {
          controller.abort();
          release();
        }
        throw error;
      }
    }

    if (failure) {
      if (attempt >= maxRetries) throw failure;
      await sleep(backoffDelay(attempt), signal);
      continue;
    }

    const ok = response!;
    if (streaming) {
      return { response: ok, text, retryAfter: undefined, controller, release };
    }
    if (ok.ok) return { response: ok, text, bytes, retryAfter: undefined, controller, release };

    const retryAfter = parseRetryAfter(ok.headers);
    if (ok.status === 429) {
      limiter?.rateLimited(retryAfter !== undefined && retryAfter <= MAX_RETRY_AFTER_MS ? Date.now() + retryAfter : undefined, token);
    }
    const retry =
      isRetryableStatus(ok.status) &&
      attempt < maxRetries &&
      (retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_MS);
    if (!retry) return { response: ok, text, bytes, retryAfter, controller, release };
    await sleep(retryAfter ?? backoffDelay(attempt), signal);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
