// Sends the request on screen through @coze/client, as an application would: the same validators, rate
// limiter, retries, timeouts and typed errors. The runtime's hooks report each attempt.

import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  CozeAPI,
  RequestValidationError,
  type Hooks,
} from '@coze/client';
import type { Operation } from './model.js';

export interface Attempt {
  attempt: number;
  url: string;
  method: string;
  /** Milliseconds since the call began. */
  startedAt: number;
  /** As the runtime sent them, with the token redacted. */
  headers: Record<string, string>;
  status?: number;
  elapsedMs?: number;
  /** The response's X-Request-Id. */
  requestId?: string;
  /** Why the next attempt was made, and after how long (the runtime's onRetry). */
  retry?: { reason: string; delayMs: number };
}

export type Failure =
  | { kind: 'validation'; name: string; message: string; fields: string[] }
  | { kind: 'api'; name: string; status: number; message: string; body: unknown; headers: Record<string, string> }
  | { kind: 'connection'; name: string; message: string }
  | { kind: 'client'; name: string; message: string };

export interface StreamEvent {
  event: string;
  data: unknown;
}

/** One call and what became of it; the page re-renders it as it changes. */
export interface CallRecord {
  id: number;
  operationId: string;
  baseURL: string;
  /** What the form held when it was sent. */
  params: Record<string, unknown>;
  body: Record<string, unknown> | undefined;
  stream: boolean;
  /** The token's demo level when it was one of the embedded server's tokens, else undefined. */
  tokenLevel: string | undefined;
  tokenLabel: string | undefined;
  state: 'sending' | 'streaming' | 'done' | 'failed' | 'stopped';
  attempts: Attempt[];
  status?: number;
  headers?: Record<string, string>;
  data?: unknown;
  events: StreamEvent[];
  text: string;
  failure?: Failure;
  elapsedMs?: number;
}

/** Removes `undefined` (a field left empty), recursively, so that nothing empty is sent. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, compact(v)]),
    ) as T;
  }
  return value;
}

// One client per server, kept for the session, so that its rate limiter sees every call to that server. Its
// hooks report to the call in flight (the page sends one call at a time).
let observer: Hooks | undefined;
const clients = new Map<string, CozeAPI>();

function clientFor(baseURL: string, token: () => string): CozeAPI {
  let client = clients.get(baseURL);
  if (!client) {
    client = new CozeAPI({
      baseURL,
      // A function, not a string: the token stays in the page's memory and is read at each attempt, and a
      // browser client takes a key this way without `dangerouslyAllowBrowser`.
      apiKey: async () => token(),
      hooks: {
        onRequest: (info) => observer?.onRequest?.(info),
        onResponse: (info) => observer?.onResponse?.(info),
        onRetry: (info) => observer?.onRetry?.(info),
      },
    });
    clients.set(baseURL, client);
  }
  return client;
}

function describeFailure(error: unknown): Failure {
  if (error instanceof RequestValidationError) {
    return { kind: 'validation', name: error.name, message: error.message, fields: error.issues.map((issue) => issue.field) };
  }
  if (error instanceof APIError) {
    return { kind: 'api', name: error.name, status: error.status, message: error.message, body: error.body, headers: error.headers };
  }
  if (error instanceof APIConnectionError) return { kind: 'connection', name: error.name, message: error.message };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'client', name: e.name, message: e.message };
}

function headersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

type Resource = Record<string, (params: unknown, options: unknown) => any>;

/**
 * Sends `call` through the client and updates it in place; `changed` is called after every change.
 * Resolves when the call is over (answered, failed, or stopped through `signal`).
 */
export async function send(
  op: Operation,
  call: CallRecord,
  token: () => string,
  signal: AbortSignal,
  changed: () => void,
): Promise<void> {
  const began = performance.now();
  observer = {
    onRequest: (info) => {
      call.attempts.push({ attempt: info.attempt, url: info.url, method: info.method, headers: info.headers, startedAt: performance.now() - began });
      changed();
    },
    onResponse: (info) => {
      const attempt = call.attempts.find((a) => a.attempt === info.attempt);
      if (attempt) Object.assign(attempt, { status: info.status, elapsedMs: info.elapsedMs, requestId: info.requestId });
      changed();
    },
    onRetry: (info) => {
      const attempt = call.attempts.find((a) => a.attempt === info.attempt);
      if (attempt) attempt.retry = { reason: info.reason, delayMs: Math.round(info.delayMs) };
      changed();
    },
  };
  const args: Record<string, unknown> = compact({ ...call.params, ...call.body });
  try {
    const resource = (clientFor(call.baseURL, token) as unknown as Record<string, Resource>)[op.resource]!;
    if (call.stream) {
      delete args.stream;
      const stream = resource.stream!(args, { signal });
      const { response } = await stream.withResponse();
      Object.assign(call, { state: 'streaming', status: response.status, headers: headersOf(response) });
      changed();
      for await (const event of stream as AsyncIterable<StreamEvent>) {
        call.events.push(event);
        const delta = (event.data as { delta?: unknown } | undefined)?.delta;
        if (typeof delta === 'string') call.text += delta;
        changed();
      }
    } else {
      const { data, response } = await resource[op.verb]!(args, { signal }).withResponse();
      Object.assign(call, { status: response.status, headers: headersOf(response), data });
    }
    call.state = 'done';
  } catch (error) {
    if (error instanceof APIUserAbortError) {
      call.state = 'stopped';
    } else {
      call.state = 'failed';
      call.failure = describeFailure(error);
      if (error instanceof APIError) Object.assign(call, { status: error.status, headers: error.headers });
    }
  } finally {
    observer = undefined;
    call.elapsedMs = Math.round(performance.now() - began);
    changed();
  }
}
