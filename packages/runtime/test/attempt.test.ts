import { describe, expect, it } from 'vitest';
import { Attempt } from '../src/attempt.js';

// An attempt's race is made when a transport is raced, not when the attempt begins: these pin that a
// stop (timeout or the caller's abort) still ends a race under way, and one that begins after it.
const never = new Promise<never>(() => undefined);
const settled = <T>(promise: Promise<T>) => promise.then(() => 'resolved', () => 'rejected');

describe('Attempt.race', () => {
  it('hands on what the raced promise settles with', async () => {
    const attempt = new Attempt(30_000, undefined);
    await expect(attempt.race(Promise.resolve('answer'))).resolves.toBe('answer');
    await expect(attempt.race(Promise.reject(new Error('reset')))).rejects.toThrow('reset');
    attempt.endTimeout();
  });

  it('rejects a race under way when the caller aborts, and every race after it', async () => {
    const controller = new AbortController();
    const attempt = new Attempt(30_000, controller.signal);
    const first = settled(attempt.race(never));
    controller.abort();
    expect(await first).toBe('rejected');
    expect(await settled(attempt.race(never))).toBe('rejected');
    expect(attempt.aborted).toBe(true);
    attempt.endTimeout();
  });

  it('rejects a race under way when the timeout fires, and marks the attempt timed out', async () => {
    const attempt = new Attempt(1, undefined);
    expect(await settled(attempt.race(never))).toBe('rejected');
    expect(attempt.timedOut).toBe(true);
    expect(await settled(attempt.race(never))).toBe('rejected');
  });

  it('a stop after the race settled changes nothing, and a later race is still stopped', async () => {
    const controller = new AbortController();
    const attempt = new Attempt(30_000, controller.signal);
    await expect(attempt.race(Promise.resolve(1))).resolves.toBe(1);
    controller.abort();
    expect(await settled(attempt.race(never))).toBe('rejected');
    attempt.endTimeout();
  });

  it('after release, the caller’s abort no longer stops the attempt', async () => {
    const controller = new AbortController();
    const attempt = new Attempt(30_000, controller.signal);
    attempt.endTimeout();
    attempt.release();
    controller.abort();
    expect(attempt.aborted).toBe(false);
    await expect(attempt.race(Promise.resolve('late'))).resolves.toBe('late');
  });
});
