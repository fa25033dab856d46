import { reportOnce } from './report-once.mjs';

/**
 * `coze/rate-limit-headers`: every response of an operation declares the rate-limit headers, and responses of
 * some statuses declare more (a `429` declares `Retry-After`). Names compare case-insensitively, as HTTP does.
 *
 * Options: `headers` (for every response, default `[X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset]`),
 * `statusHeaders` (extra headers by status code or range such as `4XX`, default `{ '429': [Retry-After] }`).
 */
const DEFAULT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];
const DEFAULT_STATUS_HEADERS = { 429: ['Retry-After'] };

export default function rateLimitHeaders({ headers = DEFAULT_HEADERS, statusHeaders = DEFAULT_STATUS_HEADERS } = {}) {
  const once = reportOnce();
  return {
    Operation: {
      Response: {
        enter(response, { report: reportAll, location, key }) {
          const report = once(reportAll);
          const status = String(key);
          const range = status.replace(/^(\d)\d\d$/, '$1XX');
          const required = [...headers, ...(statusHeaders[status] ?? []), ...(range === status ? [] : (statusHeaders[range] ?? []))];
          const declared = new Set(Object.keys(response.headers ?? {}).map((name) => name.toLowerCase()));
          const missing = required.filter((name) => !declared.has(name.toLowerCase()));
          if (missing.length === 0) return;
          report({
            message: `Response \`${status}\` must declare the header${missing.length > 1 ? 's' : ''} ${missing.map((n) => `\`${n}\``).join(', ')}.`,
            location: response.headers ? location.child('headers').key() : location.key(),
          });
        },
      },
    },
  };
}
