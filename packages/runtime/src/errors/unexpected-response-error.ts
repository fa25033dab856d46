import { CozeError } from './coze-error.js';

/**
 * A successful status whose body is not the kind that was asked for: a proxy's HTML page, or a
 * JSON answer from a server that ignored `stream: true`, where an event stream was expected. The
 * message names the status, the Content-Type and the start of the body.
 */
export class UnexpectedResponseError extends CozeError {
  override name = 'UnexpectedResponseError';
  /** The HTTP status. */
  readonly status: number;
  /** The response's Content-Type, or undefined when it had none. */
  readonly contentType: string | undefined;
  /** The start of the body (at most 512 characters). */
  readonly snippet: string;
  /** The `X-Request-Id` response header. */
  readonly requestId: string | undefined;

  constructor(expected: string, response: Response, snippet: string) {
    const contentType = response.headers.get('content-type') ?? undefined;
    const what = contentType === undefined ? 'has no Content-Type' : `is ${contentType}`;
    const body = snippet.trim() === '' ? 'an empty body' : JSON.stringify(snippet);
    super(`Expected ${expected}, but the ${response.status} response ${what}: ${body}`);
    this.status = response.status;
    this.contentType = contentType;
    this.snippet = snippet;
    this.requestId = response.headers.get('x-request-id') ?? undefined;
  }
}
