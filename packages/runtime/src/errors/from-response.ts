import {
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  isErrorBody,
} from './api-error.js';
import { attemptsText, duration } from '../format.js';
import { MAX_RETRY_AFTER_MS } from '../retry.js';

const byStatus: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
};

/** What the client knows about the call beyond its last response, for a message that names the fix. */
export interface ErrorContext {
  /** How many attempts the call took. */
  attempts?: number;
  /** Milliseconds the whole call took, waits included. */
  elapsedMs?: number;
  /** A sentence to add: what to check or change (the key's source for a 401, the base URL for a 404). */
  hint?: string;
  /** Why the body is only a note (it timed out, broke off or was too large): the error's `cause`. */
  bodyError?: Error;
}

/**
 * Turns an error response into the class users catch. `text` is the raw body: a proxy's HTML page
 * or a truncated JSON body still yields the right class and a readable message. The message says
 * the status once, how many attempts the call took when it was retried, and for a 429 how long
 * the server asked to wait (and, beyond what the client sleeps through, that it was not retried).
 */
export function errorFromResponse(
  status: number,
  text: string,
  headers: Record<string, string>,
  retryAfter: number | undefined,
  context: ErrorContext = {},
): APIError {
  const body = parseBody(text);
  const message = withContext(status, describe(status, body, text), retryAfter, context);
  // Only a broken body has a cause: a whole one gets no `cause` property at all.
  const options = context.bodyError ? { cause: context.bodyError } : undefined;
  if (status === 429) return new RateLimitError(status, body, message, headers, retryAfter, options);
  const ErrorClass = byStatus[status] ?? (status >= 500 ? InternalServerError : APIError);
  return new ErrorClass(status, body, message, headers, options);
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** How much of a non-JSON body is looked at for a message: an error page says what it is early. */
const SCAN_CHARS = 16 * 1024;
/** The longest message and details taken from a JSON error body. */
const MAX_FIELD_CHARS = 500;

function describe(status: number, body: unknown, text: string): string {
  if (isErrorBody(body) && typeof body.message === 'string') {
    const details = typeof body.details === 'string' && body.details ? `: ${cut(body.details, MAX_FIELD_CHARS)}` : '';
    return withStatus(status, `${cut(body.message, MAX_FIELD_CHARS)}${details}`);
  }
  const snippet = plainText(text.slice(0, SCAN_CHARS));
  return snippet ? withStatus(status, snippet) : `${status} (no body)`;
}

/** `502 Bad Gateway`, not `502 502 Bad Gateway`: a proxy's page title often starts with the status. */
function withStatus(status: number, text: string): string {
  const code = String(status);
  return text.startsWith(code) && !/\d/.test(text.charAt(code.length)) ? text : `${code} ${text}`;
}

/** The message, with what the call went through and what to do about it. */
function withContext(status: number, message: string, retryAfter: number | undefined, context: ErrorContext): string {
  const { attempts = 1, elapsedMs, hint } = context;
  let text = message;
  const took = attempts > 1 ? `${attemptsText(attempts)}${elapsedMs === undefined ? '' : ` in ${duration(elapsedMs)}`}` : '';
  if (status === 429 && retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) {
    text +=
      `. The server asked to wait ${duration(retryAfter)} (Retry-After), longer than the ${duration(MAX_RETRY_AFTER_MS)} ` +
      `the client waits by itself, so it was not retried${took ? ` (after ${took})` : ''}: call again after that wait ` +
      '(error.retryAfter, in ms).';
  } else if (status === 429 && retryAfter !== undefined) {
    text += ` (${took ? `${took}; ` : ''}the server asked to wait ${duration(retryAfter)})`;
  } else if (took) {
    text += ` (${took})`;
  }
  return hint ? `${text}${/[.)]$/.test(text) ? '' : '.'} ${hint}` : text;
}


/**
 * A short readable line from a non-JSON body, e.g. the <title> of an HTML error page. Linear in the
 * text: a server's page is hostile input, and regexes over it can backtrack quadratically.
 */
function plainText(text: string): string {
  const raw = titleOf(text) ?? withoutTags(text);
  return cut(raw.replace(/\s+/g, ' ').trim(), 200);
}

/** The text of the first `<title>` element, looked for once: no later one can close when this one does not. */
function titleOf(text: string): string | undefined {
  const lower = text.toLowerCase();
  for (let from = 0; ; ) {
    const open = lower.indexOf('<title', from);
    if (open === -1) return undefined;
    from = open + 6;
    const next = lower[from];
    if (next !== '>' && next !== ' ' && next !== '\t' && next !== '\n' && next !== '\r') continue;
    const start = lower.indexOf('>', from);
    if (start === -1) return undefined;
    // Stryker disable next-line ArithmeticOperator: `start - 1` finds the same: '</title>' cannot begin at the '>' or the character before it
    const end = lower.indexOf('</title>', start + 1);
    return end === -1 ? undefined : withoutTags(text.slice(start + 1, end));
  }
}

/** The text with its tags replaced by spaces; an unclosed tag hides the rest. */
function withoutTags(text: string): string {
  let out = '';
  for (let at = 0; ; ) {
    const open = text.indexOf('<', at);
    if (open === -1) return out + text.slice(at);
    out += `${text.slice(at, open)} `;
    const close = text.indexOf('>', open + 1);
    if (close === -1) return out;
    at = close + 1;
  }
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
