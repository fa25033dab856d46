import { CozeError } from './errors/index.js';

// 127.0.0.1 is one of the addresses the pattern below accepts. Not `localhost.`: the hosts file does not name it, so
// getaddrinfo asks DNS, whose answer may be any address.
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/**
 * https, or http to a loopback host (a local mock or proxy); plain http anywhere else would carry
 * the token in clear text, so it needs `allowInsecure`.
 */
export function isSecureOrigin(url: URL, allowInsecure = false): boolean {
  // 127.0.0.0/8 as an address (the URL parser writes IPv4 in dotted form), not a name like 127.0.0.1.evil.com.
  // Stryker disable next-line Regex: equivalent without its `^` (a parsed hostname that ends in a number is an IPv4 address); the line's other Regex mutants are killed by test/base-url.test.ts
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
    const guess = withHttps(baseUrl);
    throw new CozeError(
      `baseURL must be an absolute URL; got ${JSON.stringify(baseUrl)}.${guess ? ` Did you mean ${guess}?` : ''}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    // A typo (`htps:`, `https;`) or another scheme: allowInsecureBaseURL would not help, https would.
    // Stryker disable next-line Regex: equivalent without its `^`: a non-global replace's first match of /\/*/ is at index 0, empty or not
    const rest = baseUrl.slice(baseUrl.indexOf(':') + 1).replace(/^\/*/, '');
    let guess: string | undefined;
    // A host and port without a scheme (`api.coze.cn:8443/v1`) parses with the host as its scheme.
    if (HOST_AND_PORT.test(baseUrl)) guess = withHttps(baseUrl);
    else if (HOST_START.test(rest)) {
      try {
        guess = `${isSecureOrigin(new URL(`http://${rest}`)) ? 'http' : 'https'}://${rest}`;
      } catch /* Stryker disable next-line BlockStatement: equivalent when emptied, guess is undefined already */ {
        guess = undefined;
      }
    }
    throw new CozeError(
      `baseURL must start with https:// (or http:// for a loopback host); got the scheme ${JSON.stringify(url.protocol)}.` +
        `${guess ? ` Did you mean ${guess}?` : ''}`,
    );
  }
  if (!isSecureOrigin(url, allowInsecure)) {
    throw new CozeError(
      `baseURL must use https (http is allowed only for loopback hosts such as 127.0.0.1, localhost and [::1]); ` +
        `got ${url.protocol}//${url.host}. Use https://${url.host}${url.pathname === '/' ? '' : url.pathname}, or pass ` +
        'allowInsecureBaseURL: true if the token may travel in clear text.',
    );
  }
  return baseUrl.replace(/\/+$/, '');
}

/** A host name (with a dot and a top-level name) or a loopback host, an optional port, then a path or nothing. */
const HOST_START = /^([\w-]+\.)+[a-z]{2,}(:\d+)?(\/|$)|^(localhost|127(\.\d{1,3}){3})(:\d+)?(\/|$)/i;

/** The start of a base URL that is a host and a port, with no scheme in front (withHttps checks the rest). */
const HOST_AND_PORT = /^[^:/]+:\d/;

/** A base URL without a scheme (`api.example.com/v1`) or with a broken one (`https//…`), with https:// in front. */
function withHttps(text: string): string | undefined {
  const rest = text.trim().replace(/^[a-z]*[:;]?\/\/?/i, '');
  if (!HOST_START.test(rest)) return undefined;
  return `https://${rest}`;
}
