import { createServer } from 'node:http';
import { bearerToken, permits, requiredLevel } from './auth.js';
import { createChat } from './chat.js';
import { applyCors } from './cors.js';
import { loadContract } from './contract.js';
import { answerFromSpec } from './fallback.js';
import { FAULT_HEADER, FaultError, applyFault, createChaos, createFaultPlan, parseFaultHeader } from './faults.js';
import { newId } from './ids.js';
import { createIdempotencyCache } from './idempotency.js';
import { normalizeOptions, urlHost } from './options.js';
import { createRateLimiter } from './rate-limit.js';
import {
  MAX_BODY_BYTES,
  MAX_JSON_DEPTH,
  TOO_LARGE,
  isJsonMediaType,
  parseBody,
  parseTarget,
  readBody,
  redactHeaders,
} from './request.js';
import { HttpError, commonHeaders, errorBody, rawResponse, sendEmpty, sendError, sendJson } from './respond.js';
import { createStore } from './store.js';
import { streamDelay, writeEventStream } from './stream.js';
import { validateRequest } from './validation.js';
import { workflowHandlers } from './workflows.js';

/**
 * What each operation of the spec does, by operationId, where it needs behaviour (state, streams). Any other
 * operation answers from the spec itself (fallback.js): its request validated, its first success status with the
 * first example and declared headers.
 */
export const HANDLERS = /** @type {Record<string, (input: any) => any>} */ ({
  'chat.create': createChat,
  ...workflowHandlers,
});

/**
 * Starts a Coze v1 server on loopback that serves `spec/coze.v1.yaml` from memory.
 *
 * @param {import('../index.js').MockServerOptions} [options]
 * @returns {Promise<import('../index.js').MockServer>}
 */
export async function startMockServer(options = {}) {
  const config = normalizeOptions(options);
  const contract = await loadContract(config.spec);
  const store = createStore();
  const limiter = createRateLimiter(config.rateLimit);
  const idempotency = createIdempotencyCache();
  const plan = createFaultPlan();
  const chaos = config.chaos ? createChaos(config.chaos) : undefined;
  /** How many times an operation acted under each Idempotency-Key: more than once is a duplicate write. */
  const writes = new Map();
  /** @type {import('./request.js').RecordedRequest[]} */
  const requests = [];
  // Aborted by close(): cancels delay faults and pauses between streamed events.
  const closing = new AbortController();

  /**
   * @param {import('./respond.js').Exchange} exchange
   */
  async function handle(exchange) {
    const { req } = exchange;
    const receivedAt = performance.now();
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const url = parseTarget(req.url ?? '');
    if (!url) {
      const shown = JSON.stringify(String(req.url).slice(0, 100));
      return sendError(exchange, 400, `The request target ${shown} is not a path: expected /v1/… or an absolute http URL`, {
        connection: 'close',
      });
    }
    const body = raw === TOO_LARGE ? { json: false, value: undefined, tooDeep: false } : parseBody(raw);
    const route = contract.route(method, url.pathname);
    const operation = route.kind === 'operation' ? route.operation : undefined;
    if (config.recordRequests) {
      requests.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: redactHeaders(req.headers),
        body: body.value,
        receivedAt,
        operationId: operation?.id,
        requestId: exchange.requestId,
      });
    }

    const token = bearerToken(req.headers.authorization);
    const level = token === undefined ? undefined : config.tokens.levels.get(token);
    // Until the request is charged, responses report the bucket without spending from it.
    exchange.rate = limiter.peek(level && token);

    // Faults act first, as a proxy in front of the API would, and after the request was recorded.
    const faultHeader = req.headers[FAULT_HEADER];
    try {
      /** @type {import('./faults.js').FaultTarget} */
      const target = {
        method,
        pathname: url.pathname,
        relative: url.pathname.slice(contract.basePath.length),
        template: operation?.template,
        operationId: operation?.id,
        streaming: body.json && /** @type {any} */ (body.value)?.stream === true,
      };
      exchange.fault =
        faultHeader === undefined ? (plan.take(target) ?? chaos?.pick(target)) : parseFaultHeader(String(faultHeader));
    } catch (error) {
      if (!(error instanceof FaultError)) throw error;
      return sendError(exchange, 400, `Header 'X-Mock-Fault' is invalid: ${error.message}`);
    }
    if (await applyFault(exchange, closing.signal)) return;

    if (route.kind === 'not-found') return sendError(exchange, 404, `No operation serves ${method} ${url.pathname}`);
    if (route.kind === 'method-not-allowed') {
      const allow = route.allow.join(', ');
      return sendError(exchange, 405, `${url.pathname} takes ${allow}, not ${method}`, { allow });
    }
    const { operation: op, pathParams } = route;

    const needed = requiredLevel(op.security);
    if (needed && token === undefined) {
      return sendError(exchange, 401, 'The Authorization header must carry a bearer token');
    }
    if (needed && level === undefined) return sendError(exchange, 401, 'The bearer token is not known');
    if (level && token) {
      exchange.rate = limiter.take(token);
      const { allowed, limit, retryAfter, retryAfterMs } = exchange.rate;
      if (!allowed) {
        const details = `The limit is ${limit} requests per second; retry after ${retryAfter} second(s)`;
        // Retry-After is whole seconds by its definition; retry-after-ms tells a client the exact wait.
        const headers = { 'retry-after': String(retryAfter), 'retry-after-ms': String(retryAfterMs) };
        return sendError(exchange, 429, details, headers);
      }
    }
    if (needed && !(level && permits(level, needed))) {
      return sendError(exchange, 403, `This operation needs the ${needed} level; the token has ${level}`);
    }

    if (raw === TOO_LARGE) return sendError(exchange, 400, `The request body is larger than ${MAX_BODY_BYTES} bytes`);
    if (op.requestBody && body.value !== undefined) {
      if (!isJsonMediaType(req.headers['content-type'])) {
        return sendError(exchange, 400, 'The request body must be sent as Content-Type: application/json');
      }
      if (!body.json) return sendError(exchange, 400, 'The request body is not valid JSON');
    }
    // Before anything recurses over the body (validation, structuredClone), which a deep enough one overflows.
    if (body.tooDeep) return sendError(exchange, 400, `The request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    const check = validateRequest(op, {
      pathParams,
      searchParams: url.searchParams,
      headers: req.headers,
      // Validation fills in defaults; the recorded request keeps what the client sent.
      body: body.json ? structuredClone(body.value) : undefined,
    });
    if (!check.ok) return sendError(exchange, 400, check.details);
    const delayMs = streamDelay(req.headers, config.streamDelayMs);
    if (delayMs === undefined) {
      return sendError(exchange, 400, "Header 'X-Mock-Stream-Delay' must be whole milliseconds from 0 to 60000");
    }

    const handler = HANDLERS[op.id] ?? answerFromSpec.bind(undefined, op);

    // POST, PATCH and DELETE act, so their results are kept per Idempotency-Key and replayed to retries.
    const key = method !== 'GET' ? req.headers['idempotency-key'] : undefined;
    const scope = typeof key === 'string' ? { token: token ?? '', method, path: url.pathname, key } : undefined;
    const replay = scope && idempotency.get(scope);
    // The same status and body as the first answer, and nothing else: the spec declares no replay header.
    if (replay) return sendJson(exchange, replay.status, replay.body);
    if (scope && idempotency.isInProgress(scope)) {
      return sendError(exchange, 409, 'A request with this Idempotency-Key is still in progress; retry shortly');
    }

    let result;
    try {
      result = handler({ body: check.body, path: check.path, query: check.query, store });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      result = { status: error.status, body: errorBody(error.status, error.message), headers: error.headers };
    }
    // A stream is not replayed: a chat changes nothing, so answering a retried one afresh is harmless.
    if ('stream' in result) {
      const streamed = writeEventStream(exchange, result.stream, { delayMs, closing: closing.signal });
      if (scope) idempotency.hold(scope, streamed);
      return streamed;
    }
    if (scope) {
      idempotency.set(scope, result);
      writes.set(scope.key, (writes.get(scope.key) ?? 0) + 1);
    }
    if (result.body === undefined) return sendEmpty(exchange, result.status, result.headers);
    return sendJson(exchange, result.status, result.body, result.headers);
  }

  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  // Nagle off: each streamed event leaves as soon as it is written. A client that is slow to send its request is
  // cut off (408) instead of holding a connection for Node's defaults (a minute for the headers).
  const server = createServer(
    {
      noDelay: true,
      headersTimeout: config.headersTimeout,
      requestTimeout: config.requestTimeout,
      connectionsCheckingInterval: Math.min(1000, config.headersTimeout / 2),
    },
    (req, res) => {
    if (applyCors(req, res)) return;
    /** @type {import('./respond.js').Exchange} */
    const exchange = { req, res, requestId: newId('req'), rate: limiter.peek(undefined), fault: undefined };
    handle(exchange).catch((error) => {
      // Closing the server or a client hanging up ends requests midway; neither is a failure of the mock.
      if (closing.signal.aborted || res.destroyed) return;
      console.error('[mock-server]', error);
      if (res.headersSent) res.destroy();
      else sendError(exchange, 500, `The mock server failed: ${error instanceof Error ? error.message : error}`);
    });
    },
  );
  // A request Node's parser refuses (a target that is no path, a header too large) or a client too slow to send
  // one still gets the spec's Error body.
  server.on('clientError', (error, socket) => {
    if (!socket.writable || /** @type {any} */ (error).code === 'ECONNRESET') return socket.destroy();
    const code = /** @type {any} */ (error).code;
    const status = code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const details =
      status === 408
        ? 'The request took too long to arrive'
        : code === 'HPE_INVALID_URL'
          ? 'The request target is not a path: expected /v1/… or an absolute http URL'
          : `The request could not be read: ${code ?? 'malformed'}`;
    const exchange = { requestId: newId('req'), rate: limiter.peek(undefined) };
    socket.end(rawResponse(status, { ...commonHeaders(exchange), connection: 'close' }, errorBody(status, details)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());

  /** @type {Promise<void> | undefined} */
  let closed;
  return {
    url: `http://${urlHost(config.host)}:${address.port}${contract.basePath}`,
    port: address.port,
    tokens: Object.freeze({ ...config.tokens.byLevel }),
    requests,
    faults: plan.api,
    writes,
    reset() {
      store.clear();
      requests.length = 0;
      limiter.clear();
      plan.api.clear();
      idempotency.clear();
      writes.clear();
    },
    close() {
      closed ??= new Promise((resolve) => {
        closing.abort();
        server.close(() => resolve());
        // Keep-alive, streaming and hung connections would otherwise hold close() open.
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
