import { CozeError } from './coze-error.js';

/** The body every Coze error response carries: `{code, message, details}`. */
export interface ErrorBody {
  code?: number;
  message?: string;
  details?: unknown;
}

/**
 * The server answered with an error status. Subclasses name the status:
 * `BadRequestError` (400), `AuthenticationError` (401), `PermissionDeniedError` (403),
 * `NotFoundError` (404), `RateLimitError` (429), `InternalServerError` (5xx).
 */
export class APIError extends CozeError {
  override name = 'APIError';
  /** The HTTP status. */
  readonly status: number;
  /** The body's `code` (the HTTP status in the Coze API), or the status when the body had none. */
  readonly code: number;
  /** The body's `details`: what exactly went wrong. */
  readonly details: unknown;
  /** The `X-Request-Id` response header: quote it when you contact support. */
  readonly requestId: string | undefined;
  /** The response headers (the request's Authorization never appears here). */
  readonly headers: Record<string, string>;
  /** The parsed error body, or the raw text when it was not JSON. */
  readonly body: unknown;

  constructor(status: number, body: unknown, message: string, headers: Record<string, string>, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    const parsed = isErrorBody(body) ? body : undefined;
    this.code = typeof parsed?.code === 'number' ? parsed.code : status;
    this.details = parsed?.details;
    this.headers = headers;
    this.requestId = headers['x-request-id'];
    this.body = body;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      status: this.status,
      code: this.code,
      message: this.message,
      details: this.details,
      requestId: this.requestId,
    };
  }
}

export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/** 429: the rate limit was exceeded and the retries (if any) did not get through. */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  /** Milliseconds the server asked to wait (`Retry-After` / `retry-after-ms`), when it said. */
  readonly retryAfter: number | undefined;

  constructor(
    status: number,
    body: unknown,
    message: string,
    headers: Record<string, string>,
    retryAfter: number | undefined,
    options?: ErrorOptions,
  ) {
    super(status, body, message, headers, options);
    this.retryAfter = retryAfter;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfter: this.retryAfter };
  }
}

export function isErrorBody(body: unknown): body is ErrorBody {
  // Stryker disable next-line ConditionalExpression: the other JSON bodies (text, numbers, true/false) have no code, message or details either
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}
