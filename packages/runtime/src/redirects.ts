import { RedirectError } from './errors/index.js';
import type { HeaderReader } from './response-head.js';

/** Redirects followed in a row before giving up. */
export const MAX_REDIRECTS = 5;

/**
 * The statuses fetch treats as redirects. Another 3xx (300, 304 Not Modified, 305) is an answer: a
 * conditional GET's 304 through client.fetch comes back as the response, and a JSON call gets an APIError.
 */
export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * The redirect policy, the same on every transport (they follow none themselves). Followed:
 * 307 and 308 to the same origin (the same method and body again), and 301, 302 and 303 of a GET
 * or HEAD to the same origin. Anything else is a RedirectError naming the Location: another origin
 * or plain http (the token and the body go only to the configured origin), a 301/302/303 of a
 * POST, PATCH or DELETE (following it would turn the write into a GET, which then "succeeds"
 * with nothing written), and more than MAX_REDIRECTS in a row.
 *
 * Returns the URL to send the request to next.
 */
export function followRedirect(
  method: string,
  url: string,
  status: number,
  headers: HeaderReader,
  redirects: number,
): string {
  const location = headers.get('location');
  let target: URL | undefined;
  try {
    target = location === null ? undefined : new URL(location, url);
  } catch /* Stryker disable next-line BlockStatement: equivalent: when new URL throws, target is still undefined from its declaration */ {
    target = undefined;
  }
  const shown = target?.href ?? (location === null ? undefined : location.slice(0, 200));
  const refuse = (why: string) => new RedirectError(status, shown, `The server redirected ${method} ${url} with ${status}${shown === undefined ? '' : ` to ${shown}`}; not followed: ${why}.`);

  if (location === null) throw refuse('the answer has no Location');
  if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:')) throw refuse('the Location is not an http(s) URL');
  const from = new URL(url);
  if (from.protocol === 'https:' && target.protocol === 'http:') {
    throw refuse('it would downgrade to plain http');
  }
  if (target.origin !== from.origin) {
    throw refuse(`it leads to another origin (${target.origin}), and the token and the request go only to ${from.origin}`);
  }
  const safe = method === 'GET' || method === 'HEAD';
  if (status === 307 || status === 308 || (safe && (status === 301 || status === 302 || status === 303))) {
    if (redirects >= MAX_REDIRECTS) throw refuse(`it is redirect number ${redirects + 1} in a row (at most ${MAX_REDIRECTS} are followed)`);
    return target.href;
  }
  if (status === 301 || status === 302 || status === 303) {
    throw refuse(`following it would turn the ${method} into a GET (only 307 and 308 keep the method and body)`);
  }
  throw refuse(`${status} is not a redirect the client follows`);
}
