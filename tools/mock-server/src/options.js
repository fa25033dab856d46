import { isIP } from 'node:net';
import { DEMO_TOKENS, normalizeTokens } from './auth.js';
import { DEFAULT_SPEC } from './contract.js';
import { DEFAULT_RATE_LIMIT } from './rate-limit.js';

const KNOWN = new Set([
  'port',
  'host',
  'tokens',
  'rateLimit',
  'streamDelayMs',
  'recordRequests',
  'headersTimeout',
  'requestTimeout',
  'chaos',
  'spec',
]);

/**
 * How long a client may take to send its request headers, and its whole request (ms), unless options say
 * otherwise. Node's own defaults hold a slow client for a minute; the mock answers 408 sooner.
 */
export const MOCK_TIMEOUTS = Object.freeze({ headersTimeout: 10_000, requestTimeout: 30_000 });

/**
 * Checks `startMockServer`'s options and fills in the defaults. Unknown names throw, so a typo such as
 * `streamDelay` fails loudly instead of being ignored.
 *
 * @param {import('../index.js').MockServerOptions} options
 */
export function normalizeOptions(options) {
  const unknown = Object.keys(options).filter((name) => !KNOWN.has(name));
  if (unknown.length > 0) throw new TypeError(`Unknown mock server option(s): ${unknown.join(', ')}`);

  const {
    port = 0,
    host = '127.0.0.1',
    tokens = DEMO_TOKENS,
    rateLimit = DEFAULT_RATE_LIMIT,
    streamDelayMs = 0,
    recordRequests = true,
    headersTimeout = MOCK_TIMEOUTS.headersTimeout,
    requestTimeout = MOCK_TIMEOUTS.requestTimeout,
    chaos,
    spec = DEFAULT_SPEC,
  } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError('port must be an integer from 0 to 65535');
  if (!isLoopback(host)) {
    throw new TypeError(`The mock server only listens on loopback (127.0.0.1, ::1, localhost), not '${host}'`);
  }
  if (!Number.isFinite(streamDelayMs) || streamDelayMs < 0) throw new TypeError('streamDelayMs must be >= 0');
  if (!Number.isInteger(headersTimeout) || headersTimeout < 1) throw new TypeError('headersTimeout must be whole milliseconds >= 1');
  if (!Number.isInteger(requestTimeout) || requestTimeout < headersTimeout) {
    throw new TypeError('requestTimeout must be whole milliseconds, at least headersTimeout');
  }
  if (typeof spec !== 'string' || spec === '') throw new TypeError('spec must be the path of an OpenAPI file');
  return {
    port,
    host,
    tokens: normalizeTokens(tokens),
    rateLimit,
    streamDelayMs,
    recordRequests,
    headersTimeout,
    requestTimeout,
    chaos,
    spec,
  };
}

/** @param {string} host */
function isLoopback(host) {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) {
    // The URL parser compresses any spelling of an IPv6 address, e.g. 0:0:0:0:0:0:0:1 to ::1.
    const canonical = new URL(`http://[${host}]`).hostname;
    return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
  }
  return false;
}

/**
 * The host as it appears in a URL.
 *
 * @param {string} host
 */
export function urlHost(host) {
  return isIP(host) === 6 ? `[${host}]` : host;
}
