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

const byStatus: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
};

/**
 * Turns an error response into the class users catch. `text` is the raw body: a proxy's HTML page
 * or a truncated JSON body still yields the right class and a readable message.
 */
export function errorFromResponse(
  status: number,
  text: string,
  headers: Record<string, string>,
  retryAfter: number | undefined,
): APIError {
  const body = parseBody(text);
  const message = describe(status, body, text);
  if (status === 429) return new RateLimitError(status, body, message, headers, retryAfter);
  const ErrorClass = byStatus[status] ?? (status >= 500 ? InternalServerError : APIError);
  return new ErrorClass(status, body, message, headers);
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
    return `${status} ${cut(body.message, MAX_FIELD_CHARS)}${details}`;
  }
  const snippet = plainText(text.slice(0, SCAN_CHARS));
  return snippet ? `${status} ${snippet}` : `${status} (no body)`;
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
