import { detectPlatform, type Platform } from './platform.js';

/**
 * The page's origin when this runs in a web page or a browser's worker (`'null'` for a file: page);
 * undefined in server runtimes, whose fetch errors say what went wrong.
 */
export function pageOrigin(platform: Platform = detectPlatform(), globals: object = globalThis): string | undefined {
  if (!platform.browser) return undefined;
  return String((globals as { location?: { origin?: unknown } }).location?.origin ?? 'null');
}

/**
 * What a connection error adds in a browser. Its fetch fails with the same bare TypeError ("Failed to fetch")
 * whether the network is down or the server's CORS policy keeps the answer from the page, and only the
 * browser's console tells which: the message names what to check.
 */
export function corsHint(error: unknown, url: string, page: string | undefined): string {
  if (page === undefined || !(error instanceof TypeError)) return '';
  return ` (in a browser, a CORS refusal fails the same way: check that ${new URL(url).origin} allows the origin ${page} and the request's headers)`;
}
