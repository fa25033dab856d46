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

function describe(status: number, body: unknown, text: string): string {
  if (isErrorBody(body) && typeof body.message === 'string') {
    const details = typeof body.details === 'string' && body.details ? `: ${body.details}` : '';
    return `${status} ${body.message}${details}`;
  }
  const snippet = plainText(text);
  return snippet ? `${status} ${snippet}` : `${status} (no body)`;
}

/** A short readable line from a non-JSON body, e.g. the <title> of an HTML error page. */
function plainText(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  const raw = title ?? text.replace(/<[^>]*>/g, ' ');
  const line = raw.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
