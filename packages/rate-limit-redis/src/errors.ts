import { CozeError } from '@coze/runtime';

/**
 * Redis did not answer the rate limiter in time, or answered with an error, and the store was
 * configured with `whenUnavailable: 'fail'`. The call was not sent. It carries no key and no
 * token; `cause` is the Redis client's error.
 */
export class RedisUnavailableError extends CozeError {
  override name = 'RedisUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
