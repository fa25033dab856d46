import { Attempt } from './attempt.js';
import { resolveApiKey, type ApiKey } from './auth.js';
import { isSecureOrigin } from './base-url.js';
import { BodySink, decodeText, type WireHead } from './body.js';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  RedirectError,
  RequestValidationError,
  ResponseTooLargeError,
} from './errors/index.js';
import { checkHeaders } from './headers.js';
import type { RateLimiter } from './rate-limit/index.js';
import { followRedirect } from './redirects.js';
import { redactHeaders, scrubError } from './redact.js';
import { MAX_RETRY_AFTER_MS, backoffDelay, isRetryableStatus, parseRetryAfter } from './retry.js';
import { sleep } from './sleep.js';
import { readInto, type Wire } from './wire.js';

/** What hooks see of a request: the token is already redacted. */
export interface RequestInfo {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** 0 for the first attempt, 1 for the first retry, … (a followed redirect keeps its attempt's number) */
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
  /** Sends one request: node:http in Node, else fetch. */
  wire: Wire;
  apiKey: ApiKey | undefined;
  timeout: number;
  maxRetries: number;
  maxResponseBytes: number;
  limiter: RateLimiter | undefined;
  hooks: Hooks | undefined;
  /** The origin the token may go to (the base URL's); without one, any https or loopback origin. */
  origin: string | undefined;
  allowInsecure: boolean;
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
  maxResponseBytes?: number | undefined;
  /**
   * Read the whole body under the attempt's timeout: as text, or as bytes ('bytes', for the runtime
   * fetch, whose callers may download binary data). False leaves a successful body unread, for streams.
   */
  readBody: boolean | 'bytes';
}

/** The final response: successful, or an error that retrying did not (or should not) fix. */
export interface Delivered {
  /** Status and headers; for a stream, the body too. */
  response: Response;
  /** The body, when it was read as text (and the body of an error status). */
  text: string | undefined;
  /** The body, when it was read as bytes. */
  bytes?: Uint8Array | undefined;
  /** The server's requested wait in ms (Retry-After / retry-after-ms), when it gave one. */
  retryAfter: number | undefined;
  /** Aborts the connection: closes an unread body. */
  controller: AbortController;
  /** Detaches the caller's signal; call once the unread body is done with. */
  release: () => void;
}

/** Statuses whose Response has no body. */
const NULL_BODY = new Set([204, 205, 304]);
/** A reason phrase as HTTP allows it; anything else is dropped (RFC 9112: clients ignore it). */
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Sends a request with the runtime's policies, the same whatever the wire: a token from the rate
 * limiter before every attempt, the bearer token (to the configured origin only), a timeout that
 * bounds every attempt, the redirect policy, a size limit on bodies read whole, and retries with
 * exponential backoff for connection failures, timeouts and retryable statuses. Throws only when
 * no response could be had, or for the caller's own mistakes.
 */
export async function send(settings: TransportSettings, request: OutgoingRequest, options: AttemptOptions): Promise<Delivered> {
  const { signal } = options;
  const timeout = options.timeout ?? settings.timeout;
  const maxRetries = options.maxRetries ?? settings.maxRetries;
  const limit = options.maxResponseBytes ?? settings.maxResponseBytes;
  const { hooks, limiter } = settings;
  const { method, body } = request;
  checkHeaders(request.headers);
  if (request.auth) checkDestination(request.url, settings);
  let url = request.url;
  let redirects = 0;

  for (let attempt = 0; ; ) {
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
    if (hooks?.onRequest) hooks.onRequest({ method, url, headers: redactHeaders(headers), attempt });

    const scope = new Attempt(timeout, signal);
    const sink = options.readBody ? new BodySink(limit) : undefined;
    const startedAt = hooks?.onResponse ? Date.now() : 0;
    let failure: APIConnectionError | undefined;
    let response: Response | undefined;
    let bytes: Uint8Array | undefined;
    let note: string | undefined;
    let next: string | undefined;
    let elapsedMs = 0;
    try {
      const wire = await scope.race(settings.wire({ method, url, headers, body, signal: scope.controller.signal, whole: sink }));
      if (hooks?.onResponse) elapsedMs = Date.now() - startedAt;
      if (wire.followedTo !== undefined) {
        throw new RedirectError(
          0,
          wire.followedTo || undefined,
          `The fetch in use followed a redirect of ${method} ${url} itself${wire.followedTo ? ` to ${wire.followedTo}` : ''} ` +
            "despite redirect: 'manual'.",
        );
      }
      checkStatus(wire.status);
      response = toResponse(wire, wire.status < 300 && !sink ? wire.body : null);
      if (wire.status >= 300 && wire.status < 400) {
        next = followRedirect(method, url, wire.status, response.headers, redirects);
        response = undefined;
        scope.controller.abort();
      } else if (sink) {
        if (wire.bodyError === undefined) bytes = wire.bytes;
        else note = bodyNote(wire.bodyError, response, scope, limit);
      } else if (!response.ok) {
        // A stream that answered with an error status instead: its body is the error's.
        const errorBody = new BodySink(limit);
        try {
          errorBody.start(wire);
          await scope.race(readInto(wire.body, errorBody));
          bytes = errorBody.bytes();
        } catch (error) {
          note = bodyNote(error, response, scope, limit);
        }
      }
    } catch (error) {
      scope.controller.abort();
      scope.endTimeout();
      scope.release();
      if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
      // The caller's mistakes and the policy's refusals: retrying would change nothing.
      if (error instanceof RedirectError || error instanceof ResponseTooLargeError || error instanceof RequestValidationError) {
        throw error;
      }
      const head = sink?.head;
      if (scope.timedOut && head && head.status >= 400 && head.status <= 599) {
        // An error status whose body is slow is still that error, on every transport.
        response = toResponse(head, null);
        note = '(the response body timed out)';
      } else if (scope.timedOut) failure = new APITimeoutError(`The request timed out after ${timeout} ms.`);
      else if (error instanceof APIConnectionError) failure = error;
      else {
        const { message, cause } = scrubError(error, headers);
        failure = new APIConnectionError(`Connection error: ${message}`, { cause });
      }
    }
    let text: string | undefined = note;
    if (bytes !== undefined && (options.readBody === true || (options.readBody !== 'bytes' && !response!.ok))) {
      text = decodeText(bytes);
      bytes = undefined;
    }

    const streaming = response !== undefined && response.ok && !options.readBody;
    // The attempt's timeout ends here either way: a stream's idle timer takes over from it.
    scope.endTimeout();
    if (!streaming) scope.release();

    // Outside the try: an error thrown by a hook is the caller's bug, not a connection failure to retry.
    if (response && hooks?.onResponse) {
      const info = { method, url, headers: redactHeaders(headers), attempt, status: response.status, elapsedMs };
      try {
        hooks.onResponse(info);
      } catch (error) {
        if (streaming) {
          scope.controller.abort();
          scope.release();
        }
        throw error;
      }
    }

    if (next !== undefined) {
      url = next;
      redirects++;
      continue;
    }
    attempt++;
    if (failure) {
      if (attempt > maxRetries) throw failure;
      await sleep(backoffDelay(attempt - 1), signal);
      continue;
    }

    const ok = response!;
    const delivered = { response: ok, text, bytes, retryAfter: undefined, controller: scope.controller, release: scope.release };
    if (ok.ok) return delivered;

    const retryAfter = parseRetryAfter(ok.headers);
    if (ok.status === 429) {
      limiter?.rateLimited(retryAfter !== undefined && retryAfter <= MAX_RETRY_AFTER_MS ? Date.now() + retryAfter : undefined, token);
    }
    const retry =
      isRetryableStatus(ok.status) && attempt <= maxRetries && (retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_MS);
    if (!retry) return { ...delivered, retryAfter };
    await sleep(retryAfter ?? backoffDelay(attempt - 1), signal);
  }
}

/**
 * What stands for a body that could not be read whole: a success whose body broke off, timed out
 * or is too large is thrown; an error status with such a body is still that error, with a note.
 */
function bodyNote(error: unknown, response: Response, scope: Attempt, limit: number): string {
  if (response.ok || scope.userAborted) throw error;
  scope.controller.abort();
  if (error instanceof ResponseTooLargeError) return `(the response body is larger than maxResponseBytes, ${limit} bytes)`;
  return scope.timedOut ? '(the response body timed out)' : '(the response body was cut off)';
}

/** HTTP's final answers are 200–599; anything else (600, 999, a stray 1xx) is a broken answer. */
function checkStatus(status: number): void {
  if (status < 200 || status > 599) {
    throw new APIConnectionError(`The server answered with status ${status}, outside HTTP's 200–599 for a final answer.`);
  }
}

/** The status and headers as a Response (with `body` for a stream); a bad reason phrase is dropped. */
function toResponse(wire: WireHead, body: ReadableStream<Uint8Array> | null): Response {
  const { status } = wire;
  return new Response(NULL_BODY.has(status) ? null : body, {
    status,
    statusText: REASON.test(wire.statusText) ? wire.statusText : '',
    headers: wire.headers,
  });
}

/** The token goes only to the configured origin (or, with none, to an https or loopback one). */
function checkDestination(url: string, settings: TransportSettings): void {
  const { origin } = settings;
  // The common case, decided without parsing: the URL starts with the origin and a slash.
  if (origin !== undefined && url.startsWith(origin) && url.charCodeAt(origin.length) === 47) return;
  let target: URL | undefined;
  try {
    target = new URL(url);
  } catch {
    target = undefined;
  }
  if (target && (origin === undefined ? isSecureOrigin(target, settings.allowInsecure) : target.origin === origin)) return;
  const where = target ? target.origin : 'a URL that is not absolute';
  throw new RequestValidationError([
    {
      field: 'url',
      rule: 'origin',
      message:
        origin === undefined
          ? `The API token is sent only over https (or to a loopback host); refusing ${where}`
          : `The API token is sent only to ${origin}; refusing ${where}`,
    },
  ]);
}
