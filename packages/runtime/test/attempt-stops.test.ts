import { describe, expect, it } from 'vitest';
import { Attempt } from '../src/attempt.js';

/**
 * How an attempt tells its transport to stop (the Abortable contract): the runtime's own transports register their
 * stop before anything can abort the attempt, so only a direct test reaches a stop that comes late.
 */
describe('Attempt', () => {
  it('calls a stop registered after it was aborted at once, and a stop registered before exactly once', () => {
    const attempt = new Attempt(60_000, undefined);
    const stopped: string[] = [];
    attempt.onAbort(() => stopped.push('early'));
    attempt.abort();
    attempt.abort();
    attempt.onAbort(() => stopped.push('late'));
    attempt.endTimeout();
    expect(stopped).toEqual(['early', 'late']);
  });
});
