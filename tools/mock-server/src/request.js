/**
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} path          the path as requested, including the base path (`/v1/chat`)
 * @property {Record<string, string>} query
 * @property {Record<string, string | string[] | undefined>} headers  lower-case names; authorization redacted
 * @property {unknown} body         parsed JSON; the raw text when it is not JSON; undefined when empty
 * @property {number} receivedAt    performance.now() when the request arrived
 * @property {string | undefined} operationId
 * @property {string} requestId     the X-Request-Id of the response
 */

/** Far above the largest valid body (100 messages of 32768 characters, escaped), far below trouble. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The body was larger than {@link MAX_BODY_BYTES}; the rest is discarded. */
export const TOO_LARGE = Symbol('too large');

/**
 * Reads the whole body (a mock answers after the request is complete; a real server might not).
 *
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer | typeof TOO_LARGE>}
 */
export async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? TOO_LARGE : Buffer.concat(chunks);
}

/**
 * The body as JSON when it parses, else as text, so a recorded request shows what the client really sent.
 *
 * @param {Buffer} raw
 * @returns {{ json: true, value: unknown, tooDeep: boolean } | { json: false, value: string | undefined, tooDeep: false }}
 */
export function parseBody(raw) {
  if (raw.length === 0) return { json: false, value: undefined, tooDeep: false };
  const text = raw.toString('utf8');
  try {
    return { json: true, value: JSON.parse(text), tooDeep: nestsDeeperThan(text) };
  } catch {
    return { json: false, value: text, tooDeep: false };
  }
}

/**
 * Request headers as recorded: the token never lands in test output or logs, the scheme stays visible.
 *
 * @param {import('node:http').IncomingHttpHeaders} headers
 */
export function redactHeaders(headers) {
  const copy = { ...headers };
  if (copy.authorization !== undefined) {
    const scheme = /^(\S+)\s/.exec(copy.authorization)?.[1];
    copy.authorization = scheme ? `${scheme} [REDACTED]` : '[REDACTED]';
  }
  return copy;
}

/**
 * Whether a Content-Type names JSON (`application/json`, with parameters or a `+json` suffix).
 *
 * @param {string | undefined} contentType
 */
export function isJsonMediaType(contentType) {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || /^application\/[\w.+-]+\+json$/.test(essence);
}

/** The deepest nesting a JSON body may have: far beyond any request of the spec, far below a stack overflow. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests deeper than `max` arrays and objects. A linear scan of the text (brackets inside strings
 * do not count), so a hostile body costs no recursion.
 *
 * @param {string} text valid JSON
 * @param {number} [max]
 */
export function nestsDeeperThan(text, max = MAX_JSON_DEPTH) {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x22) {
      // Skip the string, escapes included.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > max) return true;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return false;
}

/**
 * The path and query of a request target, or undefined when it is neither origin-form (`/path?query`) nor
 * absolute-form (`http://host/path`, as sent to a proxy). `//host/…` is not a path: a URL parser would read it as
 * another host.
 *
 * @param {string} target
 */
export function parseTarget(target) {
  const absolute = /^https?:\/\//i.test(target);
  if (!absolute && !(target.startsWith('/') && !target.startsWith('//'))) return undefined;
  try {
    return new URL(target, 'http://mock.invalid');
  } catch {
    return undefined;
  }
}
