/**
 * CORS for pages served from loopback (a docs page, the debug console, a test bundle): the embedded server is a
 * local tool, so any http origin on 127.0.0.0/8, localhost or [::1] may call it from a browser. Other origins get
 * no CORS headers, so a page elsewhere cannot drive it through a visitor's browser.
 */

// What a page may read from a response: the request id, the rate-limit state and the retry hints.
const EXPOSED = [
  'x-request-id',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'retry-after',
  'retry-after-ms',
].join(', ');

/**
 * Whether `origin` is an http(s) origin on a loopback host.
 *
 * @param {string | undefined} origin
 */
export function isLoopbackOrigin(origin) {
  if (!origin) return false;
  let url;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Adds the CORS headers for a loopback origin, and answers a preflight. Returns true when the request was a
 * preflight and has been answered (it is not an API call: it is not recorded, limited or faulted).
 *
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export function applyCors(req, res) {
  const origin = req.headers.origin;
  if (!isLoopbackOrigin(origin)) return false;
  res.setHeader('access-control-allow-origin', /** @type {string} */ (origin));
  res.setHeader('vary', 'Origin');
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (!preflight) {
    res.setHeader('access-control-expose-headers', EXPOSED);
    return false;
  }
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
  const requested = req.headers['access-control-request-headers'];
  if (requested) res.setHeader('access-control-allow-headers', requested);
  res.setHeader('access-control-max-age', '600');
  res.writeHead(204).end();
  // The body of a preflight is empty; drain it so the connection can be reused.
  req.resume();
  return true;
}
