/**
 * The embedded Coze v1 server: serves `spec/coze.v1.yaml` from memory on loopback for tests, examples and demos.
 *
 * @example
 * import { startMockServer } from '@coze/mock-server';
 *
 * const server = await startMockServer();
 * const response = await fetch(`${server.url}/workflow`, {
 *   headers: { authorization: `Bearer ${server.tokens.read}` },
 * });
 * await server.close();
 */

/** A token's permission level. Levels are cumulative: `write` includes `read`, `admin` includes `write`. */
export type MockTokenLevel = 'read' | 'write' | 'admin';

export interface MockRateLimit {
  /** Tokens added to the bucket per second; reported as `X-RateLimit-Limit`. */
  requestsPerSecond: number;
  /** The bucket's capacity: how many requests may come at once. */
  burst: number;
}

export interface MockServerOptions {
  /** Port to listen on; `0` picks a free one. @default 0 */
  port?: number;
  /**
   * Address to listen on. Only loopback addresses are accepted (`127.x.x.x`, `::1`, `localhost`); anything else
   * throws, so the mock never serves a network.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * The tokens the server knows, with their levels. Replaces the demo tokens; needs at least one token of each
   * level (the first of each is reported in {@link MockServer.tokens}).
   * @default { 'demo-read-token': 'read', 'demo-write-token': 'write', 'demo-admin-token': 'admin' }
   */
  tokens?: Record<string, MockTokenLevel>;
  /**
   * The token bucket each token gets. `false` refuses nothing and reports a full bucket (limit 10, remaining 10,
   * reset 0) on every response.
   * @default { requestsPerSecond: 10, burst: 10 }
   */
  rateLimit?: MockRateLimit | false;
  /**
   * Milliseconds to pause between the events of a streamed chat. A request can override it with the header
   * `X-Mock-Stream-Delay: <ms>`.
   * @default 0
   */
  streamDelayMs?: number;
  /** Keep every request in {@link MockServer.requests}. The CLI turns it off. @default true */
  recordRequests?: boolean;
  /** Milliseconds a client may take to send its request headers; then `408` and the connection closes. @default 10000 */
  headersTimeout?: number;
  /** Milliseconds a client may take to send its whole request; at least `headersTimeout`. @default 30000 */
  requestTimeout?: number;
  /**
   * Injects random faults into requests that carry no `X-Mock-Fault` header and match no plan entry.
   * @default undefined (none)
   */
  chaos?: MockChaos;
  /**
   * The OpenAPI file to serve, for tools that test a changed spec. Operations without a handler answer from it.
   * @default the repository's spec/coze.v1.yaml
   */
  spec?: string;
}

/** A request as the server received it, recorded before any fault applied. */
export interface RecordedRequest {
  method: string;
  /** The path as requested, including the base path, e.g. `/v1/workflow/wf_abc`. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names. `authorization` is redacted to its scheme: `Bearer [REDACTED]`. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; the raw text when it is not JSON; `undefined` when there was none. */
  body: unknown;
  /** `performance.now()` when the request arrived: subtract two to measure a client's backoff. */
  receivedAt: number;
  /** The spec operation the request addressed, e.g. `workflow.get`; `undefined` for an unknown path. */
  operationId: string | undefined;
  /** The `X-Request-Id` of the response. */
  requestId: string;
}

/**
 * What to do to a request instead of (or before) answering it.
 *
 * - `{ status, retryAfter?, retryAfterMs? }`: answer with that status and the shared Error body. `retryAfter` is
 *   sent verbatim as `Retry-After` (seconds or an HTTP date), `retryAfterMs` as `retry-after-ms`.
 * - `reset`: destroy the connection with a TCP reset, no response.
 * - `hang`: never answer; the connection stays open until the client gives up or the server closes.
 * - `delay`: wait `ms`, then answer normally.
 * - `html`: an HTML error page such as a proxy returns (`text/html`), status 502 unless given.
 * - `truncate`: send half of the JSON body with a `Content-Length` that promises all of it, then end the
 *   connection. Without `status` it cuts the response the operation would have given (which has acted);
 *   with `status` it cuts an Error body of that status.
 * - `drop-stream`: send `afterEvents` events of a streamed chat, then destroy the connection.
 * - `stream-error`: send `afterEvents` events, then an `error` event (Error body, code 500), then `done`.
 * - `malformed-stream`: after `afterEvents` events, send an event whose data is not JSON, then the rest.
 * - `stall-stream`: send `afterEvents` events, then nothing more; the connection stays open.
 * - `reset-after`: send the whole JSON answer the operation gave (it has acted), then reset the connection.
 * - `odd-status`: answer with a status line Node itself would not write: `HTTP/1.1 600 Odd Status` (any status
 *   from 0 to 999), or with `'control'` a 503 whose reason phrase holds a control character.
 * - `redirect`: answer `status` (301, 302, 303, 307 or 308; 302 unless given) with an empty body and a `Location`:
 *   `location` (an http(s) URL or a path from the root), or by default the same path and query on another origin,
 *   `http://127.0.0.1:9`, where nothing answers. A loopback page gets the CORS headers on it, so its browser sees an
 *   opaque redirect rather than a network error.
 */
export type MockFault =
  | { kind?: 'status'; status: number; retryAfter?: string | number; retryAfterMs?: number }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'delay'; ms: number }
  | { kind: 'html'; status?: number }
  | { kind: 'truncate'; status?: number }
  | { kind: 'reset-after' }
  | { kind: 'odd-status'; status: number | 'control' }
  | { kind: 'redirect'; status?: number; location?: string }
  | { kind: 'drop-stream' | 'stream-error' | 'malformed-stream' | 'stall-stream'; afterEvents: number };

/** Random faults for a chaos run (see {@link MockServerOptions.chaos}). */
export interface MockChaos {
  /** The share of requests that get a fault, from 0 to 1. */
  rate: number;
  /** The faults to pick from; each request gets one that applies to it (stream faults only to streamed chats). */
  faults: MockFault[];
  /** Seeds the generator: the same seed picks the same faults in the same order. @default 1 */
  seed?: number;
}

/** Which requests a plan entry applies to; every given field must match. */
export interface MockFaultMatch {
  /** HTTP method, any case. */
  method?: string;
  /**
   * A string equal to the requested path (`/v1/chat`), the path without the base (`/chat`) or the spec's template
   * (`/workflow/{workflow_id}`); or a RegExp tested against the requested path.
   */
  path?: string | RegExp;
  /** The spec's operationId, e.g. `workflow.create`. */
  operationId?: string;
}

export interface MockFaultPlanEntry {
  match?: MockFaultMatch;
  /** How many matching requests the fault applies to (`Infinity` for all). @default 1 */
  times?: number;
  fault: MockFault;
}

/**
 * Faults scripted for the next requests. Entries are consumed in order by the requests they match; stream faults
 * wait for a streamed chat, and a `truncate` without status for a JSON response. A request with an
 * `X-Mock-Fault` header uses that instead and consumes nothing.
 *
 * @example
 * // The next two chats fail with 503, the third succeeds.
 * server.faults.push({ match: { path: '/chat' }, times: 2, fault: { status: 503, retryAfter: '0' } });
 */
export interface MockFaultPlan {
  /** Queues entries; throws a TypeError for a fault it cannot apply. */
  push(...entries: MockFaultPlanEntry[]): void;
  /** Drops every entry not yet used. */
  clear(): void;
  /** The entries not yet used up, faults in their normalized form, `times` counting the uses left. */
  readonly pending: ReadonlyArray<{ match: MockFaultMatch; times: number; fault: MockFault }>;
}

export interface MockServer {
  /** The API's base URL including `/v1`, e.g. `http://127.0.0.1:43817/v1`. */
  readonly url: string;
  readonly port: number;
  /** The first known token of each level (the demo tokens by default). */
  readonly tokens: Readonly<Record<MockTokenLevel, string>>;
  /** Every request received, oldest first. {@link MockServer.reset} empties this same array. */
  readonly requests: RecordedRequest[];
  readonly faults: MockFaultPlan;
  /**
   * How many times an operation acted under each `Idempotency-Key` (streamed chats, which are not replayed, are not
   * counted). A count above 1 is a duplicate write: a retry that acted twice.
   */
  readonly writes: ReadonlyMap<string, number>;
  /** Forgets workflows, recorded requests, rate-limit buckets, idempotency keys, write counts and pending faults. */
  reset(): void;
  /** Stops listening and destroys every connection (keep-alive, streaming and hung ones). Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a server on loopback that validates every request against the spec and answers from memory.
 *
 * @example
 * const server = await startMockServer({ rateLimit: false, streamDelayMs: 20 });
 * server.faults.push({ match: { method: 'POST', path: '/workflow' }, fault: { kind: 'truncate' } });
 */
export function startMockServer(options?: MockServerOptions): Promise<MockServer>;

/** A seeded generator of numbers in [0, 1): the same seed gives the same sequence (the one chaos faults use). */
export function seededRandom(seed: number): () => number;
