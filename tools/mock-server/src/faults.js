import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from './random.js';
import { commonHeaders, errorBody, rawResponse, sendEmpty, sendError, sendHtml } from './respond.js';

/**
 * @typedef {{ kind: 'status', status: number, retryAfter?: string, retryAfterMs?: number }
 *   | { kind: 'reset' } | { kind: 'hang' } | { kind: 'delay', ms: number }
 *   | { kind: 'html', status: number } | { kind: 'truncate', status?: number } | { kind: 'reset-after' }
 *   | { kind: 'odd-status', status: number | 'control' }
 *   | { kind: 'redirect', status: number, location?: string }
 *   | { kind: 'drop-stream' | 'stream-error' | 'malformed-stream' | 'stall-stream', afterEvents: number }} Fault
 *
 * @typedef {{ method?: string, path?: string | RegExp, operationId?: string }} FaultMatch
 * @typedef {{ match?: FaultMatch, times?: number, fault: object }} FaultPlanEntry
 *
 * @typedef {object} FaultTarget  what a plan entry's `match` is compared with
 * @property {string} method
 * @property {string} pathname     as requested, e.g. `/v1/workflow/wf_1`
 * @property {string} relative     without the base path, e.g. `/workflow/wf_1`
 * @property {string | undefined} template    the spec path, e.g. `/workflow/{workflow_id}`
 * @property {string | undefined} operationId
 * @property {boolean} streaming   the request asked for an event stream
 */

export const FAULT_HEADER = 'x-mock-fault';

const STREAM_KINDS = new Set(['drop-stream', 'stream-error', 'malformed-stream', 'stall-stream']);
/** Faults that act on the JSON response the operation gave, so it has acted. */
const AFTER_JSON_KINDS = new Set(['truncate', 'reset-after']);
const MAX_DELAY_MS = 10 * 60 * 1000;
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
/**
 * Where a redirect points unless told: another origin (the discard port, where nothing answers), so a client
 * that followed it would fail there instead of quietly getting an answer.
 */
const ELSEWHERE = 'http://127.0.0.1:9';
/** The parameters a header may give after the kind, by kind. */
const HEADER_PARAMS = /** @type {Record<string, string[]>} */ ({
  status: ['retry-after', 'retry-after-ms'],
  redirect: ['location'],
});

/** A fault that cannot be understood; the server answers the request carrying it with 400. */
export class FaultError extends TypeError {}

/**
 * Checks a fault given as an object and fills in its defaults. `{ status }` alone means `kind: 'status'`.
 *
 * @param {any} input
 * @returns {Fault}
 */
export function normalizeFault(input) {
  if (input === null || typeof input !== 'object') throw new FaultError('A fault must be an object');
  const kind = input.kind ?? (input.status !== undefined ? 'status' : undefined);
  switch (kind) {
    case 'status': {
      /** @type {Extract<Fault, { kind: 'status' }>} */
      const fault = { kind, status: errorStatus(input.status, 'status') };
      if (input.retryAfter !== undefined) fault.retryAfter = String(input.retryAfter);
      if (input.retryAfterMs !== undefined) fault.retryAfterMs = count(input.retryAfterMs, 'retryAfterMs');
      return fault;
    }
    case 'reset':
    case 'hang':
    case 'reset-after':
      return { kind };
    case 'odd-status': {
      const status = input.status;
      if (status !== 'control' && !(Number.isInteger(status) && status >= 0 && status <= 999)) {
        throw new FaultError("An odd-status fault's status must be a whole number from 0 to 999, or 'control'");
      }
      return { kind, status };
    }
    case 'redirect': {
      const status = input.status ?? 302;
      if (!REDIRECT_STATUSES.includes(status)) {
        throw new FaultError(`A redirect fault's status must be one of ${REDIRECT_STATUSES.join(', ')}`);
      }
      /** @type {Extract<Fault, { kind: 'redirect' }>} */
      const fault = { kind, status };
      if (input.location !== undefined) fault.location = redirectLocation(input.location);
      return fault;
    }
    case 'delay': {
      const ms = count(input.ms, 'ms');
      if (ms > MAX_DELAY_MS) throw new FaultError(`A delay fault waits at most ${MAX_DELAY_MS} ms`);
      return { kind, ms };
    }
    case 'html':
      return { kind, status: input.status === undefined ? 502 : errorStatus(input.status, 'status') };
    case 'truncate':
      return input.status === undefined ? { kind } : { kind, status: errorStatus(input.status, 'status') };
    case 'drop-stream':
    case 'stream-error':
    case 'malformed-stream':
    case 'stall-stream':
      return { kind, afterEvents: count(input.afterEvents, 'afterEvents') };
    default:
      throw new FaultError(`Unknown fault kind '${kind}'`);
  }
}

/**
 * Reads the `X-Mock-Fault` header: `kind[=value][; param=value]...`, for example `status=503`,
 * `status=429; retry-after=2`, `reset`, `delay=250`, `html=502`, `truncate`, `drop-stream=2`,
 * `redirect=307; location=/v1/workflow`.
 * Parameters are separated by `;` because HTTP dates, a Retry-After form, contain commas.
 *
 * @param {string} header
 * @returns {Fault}
 */
export function parseFaultHeader(header) {
  const [head = '', ...rest] = header.split(';').map((part) => part.trim());
  const [name = '', value] = splitPair(head);
  /** @type {Record<string, string>} */
  const params = {};
  for (const part of rest) {
    const [key, paramValue] = splitPair(part);
    if (!key || paramValue === undefined) throw new FaultError(`Expected param=value, got '${part}'`);
    params[key.toLowerCase()] = paramValue;
  }
  const allowed = HEADER_PARAMS[name] ?? [];
  const unknown = Object.keys(params).find((key) => !allowed.includes(key));
  if (unknown) throw new FaultError(`The ${name} fault takes no parameter '${unknown}'`);

  const number = (/** @type {string | undefined} */ text) => (text === undefined || text === '' ? undefined : Number(text));
  switch (name) {
    case 'status':
      return normalizeFault({
        kind: name,
        status: number(value),
        retryAfter: params['retry-after'],
        retryAfterMs: number(params['retry-after-ms']),
      });
    case 'reset':
    case 'hang':
    case 'reset-after':
      if (value !== undefined) throw new FaultError(`The ${name} fault takes no value`);
      return normalizeFault({ kind: name });
    case 'odd-status':
      return normalizeFault({ kind: name, status: value === 'control' ? value : number(value) });
    case 'redirect':
      return normalizeFault({ kind: name, status: number(value), location: params.location });
    case 'delay':
      return normalizeFault({ kind: name, ms: number(value) });
    case 'html':
    case 'truncate':
      return normalizeFault({ kind: name, status: number(value) });
    default:
      return normalizeFault({ kind: name, afterEvents: number(value) });
  }
}

/**
 * The scripted plan behind `server.faults`: entries are consumed, in order, by the next requests they match.
 */
export function createFaultPlan() {
  /** @type {{ match: FaultMatch, times: number, fault: Fault }[]} */
  const entries = [];

  const api = {
    /**
     * Queues faults for the next matching requests.
     * @param {...FaultPlanEntry} added
     */
    push(...added) {
      for (const entry of added) {
        const times = entry.times ?? 1;
        if (!(Number.isInteger(times) || times === Infinity) || times < 1) {
          throw new FaultError('times must be a whole number >= 1 (or Infinity)');
        }
        entries.push({ match: { ...entry.match }, times, fault: normalizeFault(entry.fault) });
      }
    },
    clear() {
      entries.length = 0;
    },
    /** The entries not yet used up, with the uses they have left. */
    get pending() {
      return entries.map((entry) => ({ match: { ...entry.match }, times: entry.times, fault: { ...entry.fault } }));
    },
  };

  return {
    api,
    /**
     * Consumes one use of the first entry that matches and applies to this request.
     * @param {FaultTarget} target
     * @returns {Fault | undefined}
     */
    take(target) {
      const index = entries.findIndex((entry) => matches(entry.match, target) && appliesTo(entry.fault, target));
      const entry = entries[index];
      if (!entry) return undefined;
      entry.times -= 1;
      if (entry.times <= 0) entries.splice(index, 1);
      return entry.fault;
    },
  };
}

/**
 * Applies the faults that act before the operation runs. Returns true when the fault has answered (or, for
 * `reset` and `hang`, deliberately not answered) the request.
 *
 * @param {import('./respond.js').Exchange} exchange
 * @param {AbortSignal} closing aborts a delay when the server closes
 */
export async function applyFault(exchange, closing) {
  const { fault } = exchange;
  switch (fault?.kind) {
    case 'status': {
      /** @type {Record<string, string>} */
      const headers = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
      sendError(exchange, fault.status, `Injected fault: status ${fault.status}`, headers);
      return true;
    }
    case 'reset':
      // A TCP reset (RST) rather than a clean close, so clients see ECONNRESET as from a crashed peer.
      exchange.req.socket.resetAndDestroy();
      return true;
    case 'hang':
      // The socket stays open until the client gives up or the server closes.
      return true;
    case 'delay':
      await sleep(fault.ms, undefined, { signal: closing });
      return false;
    case 'html':
      sendHtml(exchange, fault.status);
      return true;
    case 'truncate':
      if (fault.status === undefined) return false;
      sendError(exchange, fault.status, `Injected fault: a truncated ${fault.status}`);
      return true;
    case 'odd-status': {
      // Written to the socket by hand: Node's ServerResponse refuses these status lines.
      const status = fault.status === 'control' ? 503 : fault.status;
      const reason = fault.status === 'control' ? 'Service\u0007Unavailable' : 'Odd Status';
      const body = errorBody(status >= 400 && status <= 599 ? status : 500, `Injected fault: status line ${status} ${reason}`);
      exchange.req.socket.end(rawResponse(status, { ...commonHeaders(exchange), connection: 'close' }, body, reason));
      return true;
    }
    case 'redirect': {
      // Through the ServerResponse, so the CORS headers are on it too: a browser checks CORS on the 3xx itself
      // before it hides it as an opaque redirect, and without them a page would see a network error instead.
      const { pathname, search } = new URL(exchange.req.url ?? '/', ELSEWHERE);
      const location = fault.location ?? `${ELSEWHERE}${pathname}${search}`;
      sendEmpty(exchange, fault.status, { location, 'content-length': '0' });
      return true;
    }
    default:
      return false;
  }
}

/**
 * Random faults for a chaos run: each request gets one of `faults` with probability `rate`, picked among those that
 * apply to it (stream faults to streamed chats, faults on the JSON answer to the others), from a seeded generator
 * so that a run can be repeated.
 *
 * @param {{ rate: number, faults: object[], seed?: number }} options
 */
export function createChaos({ rate, faults, seed = 1 }) {
  if (!(rate >= 0 && rate <= 1)) throw new FaultError('chaos.rate must be a number from 0 to 1');
  const normalized = faults.map(normalizeFault);
  if (normalized.length === 0) throw new FaultError('chaos.faults must name at least one fault');
  const random = seededRandom(seed);
  return {
    /**
     * @param {FaultTarget} target
     * @returns {Fault | undefined}
     */
    pick(target) {
      if (random() >= rate) return undefined;
      const fitting = normalized.filter((fault) => appliesTo(fault, target));
      return fitting[Math.floor(random() * fitting.length)];
    },
  };
}

/**
 * Stream faults only make sense for a stream, and a truncation without a status cuts a JSON body, so plan entries
 * wait for a request they can act on.
 *
 * @param {Fault} fault
 * @param {FaultTarget} target
 */
function appliesTo(fault, target) {
  if (STREAM_KINDS.has(fault.kind)) return target.streaming;
  if (AFTER_JSON_KINDS.has(fault.kind) && !('status' in fault && fault.status !== undefined)) return !target.streaming;
  return true;
}

/**
 * @param {FaultMatch} match
 * @param {FaultTarget} target
 */
function matches(match, target) {
  if (match.method !== undefined && match.method.toUpperCase() !== target.method) return false;
  if (match.operationId !== undefined && match.operationId !== target.operationId) return false;
  if (match.path instanceof RegExp) return match.path.test(target.pathname);
  if (match.path !== undefined) return [target.pathname, target.relative, target.template].includes(match.path);
  return true;
}

/** @param {string} text */
function splitPair(text) {
  const at = text.indexOf('=');
  return at === -1 ? [text.trim(), undefined] : [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

/**
 * A Location a redirect can carry as is: an absolute http(s) URL or a path from the root, in visible ASCII (so
 * it is a valid header value).
 *
 * @param {unknown} value
 */
function redirectLocation(value) {
  const text = typeof value === 'string' ? value : '';
  const shaped = /^https?:\/\//i.test(text) || (text.startsWith('/') && !text.startsWith('//'));
  if (!shaped || !/^[\x21-\x7e]+$/.test(text) || !URL.canParse(text, ELSEWHERE)) {
    throw new FaultError("A redirect fault's location must be an http(s) URL or a path from the root (/…), in visible ASCII");
  }
  return text;
}

/** @param {unknown} value @param {string} name */
function errorStatus(value, name) {
  if (!Number.isInteger(value) || /** @type {number} */ (value) < 400 || /** @type {number} */ (value) > 599) {
    throw new FaultError(`${name} must be an error status from 400 to 599`);
  }
  return /** @type {number} */ (value);
}

/** @param {unknown} value @param {string} name */
function count(value, name) {
  if (!Number.isInteger(value) || /** @type {number} */ (value) < 0) {
    throw new FaultError(`${name} must be a whole number >= 0`);
  }
  return /** @type {number} */ (value);
}
