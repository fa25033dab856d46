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
import { attemptsText, duration } from './format.js';
import { bodyForLog, redact, type Log } from './log.js';
import type { RateLimiter } from './rate-limit/index.js';
import { followRedirect, isRedirect } from './redirects.js';
import { corsHint, pageOrigin } from './cors-hint.js';
import { headersWithout, redactHeaders, scrubError } from './redact.js';
import { ResponseHead } from './response-head.js';
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

/** What hooks see of an attempt's response; `headers` stay the request's (redacted), as before. */
export interface ResponseInfo extends RequestInfo {
  status: number;
  /** Milliseconds from sending the attempt to its response (its body too, when it was read whole). */
  elapsedMs: number;
  /** The response's headers, with lower-case names (credentials such as Set-Cookie redacted). */
  responseHeaders: Record<string, string>;
  /** The response's `X-Request-Id`: quote it when you contact support. */
  requestId: string | undefined;
}

/** What hooks see of a retry, before its wait. */
export interface RetryInfo {
  method: string;
  url: string;
  /** The attempt that failed: 0 for the first. The next one is `attempt + 1`. */
  attempt: number;
  /** Milliseconds until the next attempt. */
  delayMs: number;
  /** Whether `delayMs` is the server's (Retry-After, retry-after-ms) rather than the client's backoff. */
  serverAsked: boolean;
  /** Why, in a few words: `503 Service Unavailable`, `timed out after 1000 ms`, `Connection error: …`. */
  reason: string;
  /** The status that is retried, when the server answered. */
  status: number | undefined;
}

/**
 * Observers for logging and tracing, called once per attempt (`onRequest`, `onResponse`) and per
 * retry (`onRetry`). Headers are redacted copies: no token ever reaches a hook. An error a hook
 * throws fails the call (it is the caller's bug, not a connection failure to retry).
 *
 * @example
 * hooks: {
 *   onResponse: ({ method, url, status, requestId, elapsedMs }) => metrics.record(method, url, status, elapsedMs, requestId),
 *   onRetry: ({ attempt, delayMs, reason }) => console.warn(`retry ${attempt + 1} in ${delayMs} ms: ${reason}`),
 * }
 */
export interface Hooks {
  onRequest?: (request: RequestInfo) => void;
  onResponse?: (response: ResponseInfo) => void;
  onRetry?: (retry: RetryInfo) => void;
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
  /** Log lines, when the level is not `off`. */
  log: Log | undefined;
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
  /** Whether the caller checked the headers already (the client checks its fixed ones once, not per call). */
  headersChecked?: boolean;
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
  /** Status and headers; for a stream, the body too. The Response itself is made when asked for. */
  response: ResponseHead;
  /** The body, when it was read as text (and the body of an error status). */
  text: string | undefined;
  /** The body, when it was read as bytes. */
  bytes?: Uint8Array | undefined;
  /**
   * Why an error status's body could not be read whole (it timed out, broke off or was too large):
   * `text` then holds a note saying so, not the server's words.
   */
  bodyError?: Error | undefined;
  /** The server's requested wait in ms (Retry-After / retry-after-ms), when it gave one. */
  retryAfter: number | undefined;
  /** How many attempts the call took (redirects followed within an attempt are not counted). */
  attempts: number;
  /** Milliseconds from the call's start (its wait for the rate limiter included) to this response. */
  elapsedMs: number;
  /**
   * The attempt that got this response: its `controller` aborts the connection (closes an unread
   * body), its `release()` detaches the caller's signal once an unread body is done with.
   */
  attempt: Attempt;
  /**
   * The token the attempt sent, when it is long enough to redact: a stream's error events, which
   * arrive after this, are redacted with it as an error status's body is here.
   */
  secret: string | undefined;
}


/** What a call has done so far, for its log line and its final error's message. */
interface CallStats {
  /** Date.now() when the call began (before its wait for the rate limiter). */
  began: number;
  attempts: number;
}

/**
 * Sends a request with the runtime's policies, the same whatever the wire: a token from the rate
 * limiter before every attempt, the bearer token (to the configured origin only), a timeout that
 * bounds every attempt, the redirect policy, a size limit on bodies read whole, and retries with
 * exponential backoff for connection failures, timeouts and retryable statuses. Throws only when
 * no response could be had, or for the caller's own mistakes. With a log, one line per call (and,
 * at `debug`, a line per step).
 */
export function send(settings: TransportSettings, request: OutgoingRequest, options: AttemptOptions): Promise<Delivered> {
  const stats: CallStats = { began: Date.now(), attempts: 0 };
  const { log } = settings;
  // Logging off: nothing more than the call itself.
  if (log === undefined) return attempts(settings, request, options, stats);
  return attempts(settings, request, options, stats).then(
    (delivered) => {
      logCall(log, request, stats, delivered.response.status, delivered.response.get('x-request-id'));
      return delivered;
    },
    (error: unknown) => {
      logCall(log, request, stats, undefined, undefined, error);
      throw error;
    },
  );
}

/**
 * The call's one line: at `info` when it succeeded at once, at `warn` when it needed retries, at
 * `error` when it failed (an error status, or no answer at all).
 */
function logCall(
  log: Log,
  request: OutgoingRequest,
  stats: CallStats,
  status: number | undefined,
  requestId: string | null | undefined,
  error?: unknown,
): void {
  const failed = status === undefined || status >= 400;
  const write = failed ? log.error : stats.attempts > 1 ? log.warn : log.info;
  if (!write) return;
  const where = `${request.method} ${pathOf(request.url)}`;
  const how = `${duration(Date.now() - stats.began)}, ${attemptsText(stats.attempts)}`;
  if (status !== undefined) write(`${where} ${status} in ${how}, request id ${requestId ?? '(none)'}`);
  else write(`${where} failed in ${how}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
}

/** The path of a URL, for a log line (the query may be long; debug lines show the whole URL). */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const query = url.indexOf('?', start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}

async function attempts(settings: TransportSettings, request: OutgoingRequest, options: AttemptOptions, stats: CallStats): Promise<Delivered> {
  const { signal } = options;
  const timeout = options.timeout ?? settings.timeout;
  const maxRetries = options.maxRetries ?? settings.maxRetries;
  const limit = options.maxResponseBytes ?? settings.maxResponseBytes;
  const { hooks, limiter, log } = settings;
  const { method, body } = request;
  if (!request.headersChecked) checkHeaders(request.headers);
  if (request.auth) checkDestination(request.url, settings);
  let url = request.url;
  let redirects = 0;

  for (let attempt = 0; ; ) {
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    // The token before the limiter: a store shared between processes keeps one bucket per token.
    let token: string | undefined;
    if (request.auth) {
      const resolved = resolveApiKey(settings.apiKey);
      // Stryker disable next-line StringLiteral: comparing with '' awaits every key, and awaiting a string gives the same string (the line's ConditionalExpression `false` is the same mutant, in EQUIVALENT.md)
      token = typeof resolved === 'string' ? resolved : await resolved;
      if (log && typeof settings.apiKey === 'function') log.remember(token);
    }
    const admitted = limiter?.acquire(signal, token);
    if (admitted) {
      if (log?.debug) {
        const waitedFrom = Date.now();
        await admitted;
        log.debug(`${method} ${url}: waited ${duration(Date.now() - waitedFrom)} for a rate-limit token`);
      } else await admitted;
    }

    // What a server sends back is redacted with it; not a token of a few characters: every such run of letters would go.
    const secret = token !== undefined && token.length >= MIN_REDACTED ? token : undefined;
    // Object.assign, not a spread: V8 gives a spread copy a map of its own, slow to add a header to.
    const headers = token === undefined ? request.headers : Object.assign({}, request.headers, { authorization: `Bearer ${token}` });
    // An abort while an async key was being fetched fired before the listener below exists.
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    if (hooks?.onRequest) hooks.onRequest({ method, url, headers: redactHeaders(headers), attempt });
    log?.debug?.(
      `${method} ${url}: attempt ${attempt + 1} of ${maxRetries + 1}, headers ${JSON.stringify(redactHeaders(headers))}, ` +
        `body ${bodyForLog(body)}`,
    );

    const scope = new Attempt(timeout, signal);
    const sink = options.readBody ? new BodySink(limit) : undefined;
    const timed = hooks?.onResponse !== undefined || log?.debug !== undefined;
    const startedAt = timed ? Date.now() : 0;
    let failure: APIConnectionError | undefined;
    let response: ResponseHead | undefined;
    /** A redirect this attempt follows: told to the log and the hooks like any answer, then left. */
    let hop: ResponseHead | undefined;
    let bytes: Uint8Array | undefined;
    let broken: BrokenBody | undefined;
    let next: string | undefined;
    let elapsedMs = 0;
    try {
      const wire = await scope.race(settings.wire({ method, url, headers, body, abort: scope, whole: sink }));
      if (wire.followedTo !== undefined) {
        throw new RedirectError(
          0,
          wire.followedTo || undefined,
          wire.followedTo
            ? `The fetch in use followed a redirect of ${method} ${url} itself to ${wire.followedTo} despite redirect: 'manual'.`
            : // A browser's opaque redirect: the Location is hidden from scripts, so the fix is the base URL.
              `${method} ${url} answered with a redirect, which a browser lets no script read or follow (an opaque redirect): set the base URL to where the API answers.`,
        );
      }
      checkStatus(wire.status);
      response = toResponse(wire, wire.status < 300 && !sink ? wire.body : null, secret);
      if (isRedirect(wire.status)) {
        next = followRedirect(method, url, wire.status, response, redirects);
        hop = response;
        response = undefined;
        scope.abort();
      } else if (sink) {
        if (wire.bodyError === undefined) bytes = wire.bytes;
        else broken = brokenBody(wire.bodyError, response, scope, { limit, timeout, headers });
      } else if (!response.ok) {
        // A stream that answered with an error status instead: its body is the error's.
        const errorBody = new BodySink(limit);
        try {
          errorBody.start(wire);
          await scope.race(readInto(wire.body, errorBody));
          bytes = errorBody.bytes();
        } catch (error) {
          broken = brokenBody(error, response, scope, { limit, timeout, headers });
        }
      }
      if (timed) elapsedMs = Date.now() - startedAt;
    } catch (error) {
      scope.abort();
      scope.endTimeout();
      scope.release();
      if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
      // The caller's mistakes and the policy's refusals: retrying would change nothing.
      if (error instanceof RedirectError || error instanceof ResponseTooLargeError || error instanceof RequestValidationError) {
        throw error;
      }
      if (timed) elapsedMs = Date.now() - startedAt;
      const head = sink?.head;
      if (scope.timedOut && head && head.status >= 400 && head.status <= 599) {
        // An error status whose body is slow is still that error, on every transport.
        response = toResponse(head, null, secret);
        broken = timedOutBody(timeout);
      } else if (scope.timedOut) failure = new APITimeoutError(`The request timed out after ${timeout} ms.`);
      else if (error instanceof APIConnectionError) failure = error;
      else {
        const { message, cause } = scrubError(error, headers);
        failure = new APIConnectionError(`Connection error: ${message}${corsHint(error, url, pageOrigin())}`, { cause });
      }
    }
    let text: string | undefined = broken?.note;
    if (bytes !== undefined && (options.readBody === true || (options.readBody !== 'bytes' && !response!.ok))) {
      text = decodeText(bytes);
      bytes = undefined;
      // An error body that quotes the token (a server or proxy that echoes the request) would put it in the
      // error's message and body.
      if (secret !== undefined && !response!.ok) text = redact(text, secret);
    }

    const streaming = response !== undefined && response.ok && !options.readBody;
    // The attempt's timeout ends here either way: a stream's idle timer takes over from it.
    scope.endTimeout();
    if (!streaming) scope.release();

    const answered = response ?? hop;
    if (answered) {
      if (log?.debug) {
        const id = answered.get('x-request-id');
        const shown = streaming ? '(a stream)' : bodyForLog(text ?? bytes);
        log.debug(
          `${method} ${url}: ${answered.status}${answered.statusText ? ` ${answered.statusText}` : ''} in ${duration(elapsedMs)}, ` +
            `request id ${id ?? '(none)'}, body ${shown}`,
        );
      }
      // Outside the try: an error thrown by a hook is the caller's bug, not a connection failure to retry.
      if (hooks?.onResponse) {
        const responseHeaders = redactHeaders(answered.toObject());
        const info = {
          method,
          url,
          headers: redactHeaders(headers),
          attempt,
          status: answered.status,
          elapsedMs,
          responseHeaders,
          requestId: responseHeaders['x-request-id'],
        };
        try {
          hooks.onResponse(info);
        } catch (error) {
          if (streaming) {
            scope.abort();
            scope.release();
          }
          throw error;
        }
      }
    } else if (failure) {
      log?.debug?.(`${method} ${url}: no answer after ${duration(elapsedMs)}: ${failure.message}`);
    }

    if (next !== undefined) {
      log?.debug?.(`${method} ${url}: following the redirect to ${next}`);
      url = next;
      redirects++;
      continue;
    }
    attempt++;
    stats.attempts = attempt;
    if (failure) {
      if (attempt > maxRetries) throw finalFailure(failure, attempt, Date.now() - stats.began, timeout);
      const delayMs = backoffDelay(attempt - 1);
      await retry(settings, { method, url, attempt: attempt - 1, delayMs, serverAsked: false, reason: reasonOf(failure), status: undefined }, maxRetries, signal);
      continue;
    }

    const ok = response!;
    const delivered: Delivered = {
      response: ok,
      text,
      bytes,
      bodyError: broken?.error,
      retryAfter: undefined,
      attempt: scope,
      attempts: attempt,
      elapsedMs: Date.now() - stats.began,
      secret,
    };
    if (ok.ok) return delivered;

    const retryAfter = parseRetryAfter(ok);
    if (ok.status === 429) {
      const until = retryAfter !== undefined && retryAfter <= MAX_RETRY_AFTER_MS ? Date.now() + retryAfter : undefined;
      limiter?.rateLimited(until, token);
      if (until !== undefined && limiter) {
        log?.debug?.(`${method} ${url}: 429, so the rate limiter holds every call for ${duration(retryAfter!)}`);
      }
    }
    const again =
      isRetryableStatus(ok.status) && attempt <= maxRetries && (retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_MS);
    if (!again) {
      delivered.retryAfter = retryAfter;
      return delivered;
    }
    const reason = `${ok.status}${ok.statusText ? ` ${ok.statusText}` : ''}`;
    const delayMs = retryAfter ?? backoffDelay(attempt - 1);
    await retry(settings, { method, url, attempt: attempt - 1, delayMs, serverAsked: retryAfter !== undefined, reason, status: ok.status }, maxRetries, signal);
  }
}

/**
 * Tells the hooks and the log about a retry, then waits for it. A function of its own: as a closure
 * in `attempts`, it made every call allocate a context for the variables it shares.
 */
function retry(settings: TransportSettings, info: RetryInfo, maxRetries: number, signal: AbortSignal | undefined): Promise<void> {
  const { method, url, attempt, delayMs, serverAsked, reason } = info;
  settings.hooks?.onRetry?.(info);
  settings.log?.debug?.(
    `${method} ${url}: retrying in ${duration(delayMs)}${serverAsked ? ' (as the server asked)' : ''}, ` +
      `attempt ${attempt + 2} of ${maxRetries + 1}: ${reason}`,
  );
  return sleep(delayMs, signal);
}

/** A failed attempt in a few words, for a retry's log line and hook. */
function reasonOf(failure: APIConnectionError): string {
  return failure instanceof APITimeoutError ? failure.message.replace(/^The request (.*)\.$/, '$1') : failure.message;
}

/**
 * The error a call ends with when no attempt got an answer: it says how many attempts there were
 * and how long they took in all, since the timeout is per attempt and retries multiply it.
 */
function finalFailure(failure: APIConnectionError, attempts: number, totalMs: number, timeout: number): APIConnectionError {
  if (failure instanceof APITimeoutError) {
    const message =
      attempts === 1
        ? `The request timed out after ${timeout} ms (\`timeout\` is per attempt; there were no retries).`
        : `The request timed out ${attempts} times: each attempt stopped after ${timeout} ms (\`timeout\` is per attempt), ` +
          `${duration(totalMs)} in all with the backoff between them.`;
    // Stryker disable next-line ObjectLiteral: the attempt's own APITimeoutError, the one that reaches here, has no cause
    return new APITimeoutError(message, { cause: failure.cause });
  }
  if (attempts === 1) return failure;
  const Class = failure.constructor as typeof APIConnectionError;
  return new Class(`${failure.message} (${attemptsText(attempts)} in ${duration(totalMs)})`, { cause: failure.cause });
}

/** An error status's body that could not be read whole: a note for its text, and what broke it. */
interface BrokenBody {
  note: string;
  error: Error;
}

/**
 * What stands for a body that could not be read whole: a success whose body broke off, timed out
 * or is too large is thrown; an error status with such a body is still that error, with a note.
 */
function brokenBody(
  error: unknown,
  response: ResponseHead,
  scope: Attempt,
  call: { limit: number; timeout: number; headers: Record<string, string> },
): BrokenBody {
  if (response.ok || scope.userAborted) throw error;
  scope.abort();
  if (error instanceof ResponseTooLargeError) {
    return { note: `(the response body is larger than maxResponseBytes, ${call.limit} bytes)`, error };
  }
  if (scope.timedOut) return timedOutBody(call.timeout);
  const note = '(the response body was cut off)';
  // The node:http transport says so itself; fetch's own error (undici's `terminated`) is wrapped.
  if (error instanceof APIConnectionError) return { note, error };
  const { message, cause } = scrubError(error, call.headers);
  return { note, error: new APIConnectionError(`The response body was cut off: ${message}`, { cause }) };
}

function timedOutBody(timeout: number): BrokenBody {
  return { note: '(the response body timed out)', error: new APITimeoutError(`The response body timed out after ${timeout} ms.`) };
}

/** HTTP's final answers are 200–599; anything else (600, 999, a stray 1xx) is a broken answer. */
function checkStatus(status: number): void {
  if (status < 200 || status > 599) {
    throw new APIConnectionError(`The server answered with status ${status}, outside HTTP's 200–599 for a final answer.`);
  }
}

/**
 * The status and headers (with `body` for a stream). Headers that echo the token (a server or proxy
 * that reflects the request into its error answer) would put it into the error's headers, the hooks and
 * the logs: any answer but a 2xx one has it replaced, as its body has. A 2xx answer is the caller's.
 */
function toResponse(wire: WireHead, body: ReadableStream<Uint8Array> | null, secret: string | undefined): ResponseHead {
  const headers = secret !== undefined && wire.status >= 300 ? headersWithout(wire.headers, secret) : wire.headers;
  return new ResponseHead(wire.status, wire.statusText, headers, body);
}

/** The shortest token redacted from what a server sends back: a shorter one is no real key, and every such run of letters would go. */
const MIN_REDACTED = 6;

/** The token goes only to the configured origin (or, with none, to an https or loopback one). */
function checkDestination(url: string, settings: TransportSettings): void {
  const { origin } = settings;
  // The common case, decided without parsing: the URL starts with the origin and a slash.
  if (origin !== undefined && url.startsWith(origin) && url.charCodeAt(origin.length) === 47) return;
  let target: URL | undefined;
  try {
    target = new URL(url);
  } catch {
    // Not an absolute URL: refused below.
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
