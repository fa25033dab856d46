import { CozeError } from './coze-error.js';

/** The request never got an answer: DNS, refused or reset connection, a body cut off mid-way. */
export class APIConnectionError extends CozeError {
  override name = 'APIConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An attempt (or, for streams, the wait between two events) took longer than the timeout. */
export class APITimeoutError extends APIConnectionError {
  override name = 'APITimeoutError';
}

/** The caller's AbortSignal fired. */
export class APIUserAbortError extends CozeError {
  override name = 'APIUserAbortError';
  constructor(message = 'The request was aborted by the caller.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
