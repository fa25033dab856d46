/** Statuses worth another attempt: the server may answer differently next time. */
const RETRYABLE_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504]);

/** A server's wait longer than this is not slept through: the error is thrown at once instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The three HTTP-date forms (IMF-fixdate, RFC 850, asctime) start with a day name and carry hh:mm:ss.
 * Checked before Date.parse, which would also read garbage such as "-1" or "a 1" as a date in 2001.
 */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? .*\d\d:\d\d:\d\d/;

const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * The wait before retry number `retry` (0 for the first retry): 0.5 s × 2^retry, capped at 8 s,
 * minus up to 25% jitter so that clients which failed together do not retry together.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS);
  return base * (1 - 0.25 * random());
}

/**
 * The wait a response asks for, in milliseconds: `retry-after-ms`, else `Retry-After` as seconds
 * or as an HTTP date. Undefined when absent or unreadable (garbage is ignored, not trusted).
 */
export function parseRetryAfter(headers: Pick<Headers, 'get'>, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null) {
    const value = Number(ms);
    // Stryker disable next-line MethodExpression: Headers strip leading and trailing white space, so trim() finds none
    if (ms.trim() !== '' && Number.isFinite(value) && value >= 0) return value;
  }
  const header = headers.get('retry-after');
  // Stryker disable next-line ConditionalExpression,StringLiteral,MethodExpression: a shortcut; the patterns below refuse null and '' too (Headers strip white space)
  if (header === null || header.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(header)) return Number(header) * 1000;
  if (!HTTP_DATE.test(header)) return undefined;
  // The asctime form names no zone, and Date.parse would read it in the machine's (hours off in UTC+8): HTTP
  // dates are GMT.
  const date = Date.parse(header.includes('GMT') ? header : `${header} GMT`);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
