import { CozeError } from './coze-error.js';

/**
 * A response body was larger than `maxResponseBytes` (counted after decompression). Reading
 * stopped there and the connection was closed; the call is not retried, since the next answer
 * would be as large. Raise `maxResponseBytes` for the client or for this call if it is expected.
 */
export class ResponseTooLargeError extends CozeError {
  override name = 'ResponseTooLargeError';
  /** The limit that was exceeded, in bytes. */
  readonly limit: number;
  /** The status of the response whose body was too large. */
  readonly status: number;

  constructor(status: number, limit: number) {
    super(
      `The ${status} response body is larger than maxResponseBytes (${limit} bytes, counted after decompression); ` +
        'reading stopped there. Raise maxResponseBytes if such a body is expected.',
    );
    this.status = status;
    this.limit = limit;
  }
}
