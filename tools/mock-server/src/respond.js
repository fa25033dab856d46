import { STATUS_CODES } from 'node:http';

/**
 * @typedef {object} Exchange  one request and its response, as the pipeline passes it along
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {string} requestId
 * @property {import('./rate-limit.js').BucketState} rate   reported in the X-RateLimit-* headers
 * @property {import('./faults.js').Fault | undefined} fault
 */

/** An error a handler raises to answer with the spec's Error body. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} details
   * @param {Record<string, string>} [headers]
   */
  constructor(status, details, headers = {}) {
    super(details);
    this.status = status;
    this.headers = headers;
  }
}

// The spec's wording for the statuses it documents; others fall back to the HTTP reason phrase.
const MESSAGES = /** @type {Record<number, string>} */ ({
  400: 'Invalid parameter',
  401: 'Unauthorized',
  403: 'Permission denied',
  404: 'Not found',
  405: 'Method not allowed',
  429: 'Too many requests',
  500: 'Internal server error',
});

/**
 * The spec's Error body: `code` repeats the status.
 *
 * @param {number} status
 * @param {string} details
 */
export function errorBody(status, details) {
  return { code: status, message: MESSAGES[status] ?? STATUS_CODES[status] ?? 'Error', details };
}

/**
 * Headers every response carries, whatever its status.
 *
 * @param {Pick<Exchange, 'requestId' | 'rate'>} exchange
 */
export function commonHeaders({ requestId, rate }) {
  return {
    'x-request-id': requestId,
    'x-ratelimit-limit': String(rate.limit),
    'x-ratelimit-remaining': String(rate.remaining),
    'x-ratelimit-reset': String(rate.reset),
  };
}

/**
 * Sends a JSON body. A `truncate` fault cuts it in the middle here, whatever the response was going to be.
 *
 * @param {Exchange} exchange
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(exchange, status, body, headers = {}) {
  const payload = Buffer.from(JSON.stringify(body));
  const all = {
    ...commonHeaders(exchange),
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(payload.length),
    ...headers,
  };
  const { res } = exchange;
  if (res.destroyed) return;
  if (exchange.fault?.kind === 'truncate') {
    // Promise every byte in Content-Length, send half, then end the connection: a body cut off in transit.
    res.writeHead(status, all);
    res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.end());
    return;
  }
  if (exchange.fault?.kind === 'reset-after') {
    // The whole answer, then a TCP reset instead of a clean close: the next request on this connection fails.
    const socket = res.socket;
    res.writeHead(status, all).end(payload, () => socket?.resetAndDestroy());
    return;
  }
  res.writeHead(status, all).end(payload);
}

/**
 * A response without a body (a `204`), with the headers every response carries.
 *
 * @param {Exchange} exchange
 * @param {number} status
 * @param {Record<string, string>} [headers]
 */
export function sendEmpty(exchange, status, headers = {}) {
  if (exchange.res.destroyed) return;
  exchange.res.writeHead(status, { ...commonHeaders(exchange), ...headers }).end();
}

/**
 * @param {Exchange} exchange
 * @param {number} status
 * @param {string} details
 * @param {Record<string, string>} [headers]
 */
export function sendError(exchange, status, details, headers) {
  sendJson(exchange, status, errorBody(status, details), headers);
}

/**
 * An error page such as a proxy in front of an API returns.
 *
 * @param {Exchange} exchange
 * @param {number} status
 */
export function sendHtml(exchange, status) {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  const page =
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
  exchange.res
    .writeHead(status, { ...commonHeaders(exchange), 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(page)) })
    .end(page);
}

/**
 * A whole JSON response as bytes, for a socket that has no ServerResponse (a request Node's parser refused).
 *
 * @param {number} status
 * @param {Record<string, string>} headers
 * @param {unknown} body
 * @param {string} [reason] the reason phrase; the status's own by default
 */
export function rawResponse(status, headers, body, reason = STATUS_CODES[status] ?? 'Error') {
  const payload = Buffer.from(JSON.stringify(body));
  const all = { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(payload.length) };
  const head = Object.entries(all).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return Buffer.concat([Buffer.from(`HTTP/1.1 ${String(status).padStart(3, '0')} ${reason}\r\n${head}\r\n`), payload]);
}
