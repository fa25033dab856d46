import { CozeError } from './errors/index.js';

// 127.0.0.1 is one of the addresses the pattern below accepts.
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/**
 * https, or http to a loopback host (a local mock or proxy); plain http anywhere else would carry
 * the token in clear text, so it needs `allowInsecure`.
 */
export function isSecureOrigin(url: URL, allowInsecure: boolean): boolean {
  // 127.0.0.0/8 as an address (the URL parser writes IPv4 in dotted form), not a name like 127.0.0.1.evil.com.
  // A hostname that ends in a number must be an IPv4 address, so no valid URL can tell this pattern from one without
  // its `^`: Stryker's Regex mutant of it survives.
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  return url.protocol === 'https:' || (url.protocol === 'http:' && (loopback || allowInsecure));
}

/**
 * Checks a base URL: https, or http on a loopback host. Returns the URL without a trailing slash.
 */
export function checkBaseUrl(baseUrl: string, allowInsecure = false): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new CozeError(`baseURL must be an absolute URL; got ${JSON.stringify(baseUrl)}.`);
  }
  if (!isSecureOrigin(url, allowInsecure)) {
    throw new CozeError(
      `baseURL must use https (http is allowed only for loopback hosts such as 127.0.0.1, localhost and [::1]); ` +
        `got ${url.protocol}//${url.host}. Pass allowInsecureBaseURL: true to override.`,
    );
  }
  return baseUrl.replace(/\/+$/, '');
}
